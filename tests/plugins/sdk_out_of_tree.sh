#!/usr/bin/env bash
# Usage: sdk_out_of_tree.sh <cmake> <build-dir> <example-src> <loader-binary> <c++ compiler>
# Builds the example provider the way a third party would (installed SDK only) and loads it.
set -euo pipefail
cmake=$1 build=$2 example=$3 loader=$4 cxx=$5
work=$(mktemp -d /tmp/streamit-sdk-oot-XXXXXX)
trap 'rm -rf "$work"' EXIT

"$cmake" --install "$build" --component streamit_sdk --prefix "$work/prefix" >"$work/install.log"
# A copy outside the tree: the project can only find the SDK through CMAKE_PREFIX_PATH.
cp -r "$example" "$work/src"
"$cmake" -S "$work/src" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$work/configure.log" ||
  { cat "$work/configure.log"; exit 1; }
"$cmake" --build "$work/build" -j2 >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
# The example's own tests (no kernel needed).
(cd "$work/build" && ctest --output-on-failure)

plugin=$(find "$work/build" -name 'libprovider_example.so' | head -n1)
test -n "$plugin" || { echo "libprovider_example.so was not built"; exit 1; }
root=$(cd "$example/../../.." && pwd)
if grep -q "$root" "$work/build/CMakeCache.txt"; then
  echo "the out-of-tree build referenced the source tree"; exit 1
fi
STREAMIT_EXAMPLE_PLUGIN="$plugin" "$loader"
