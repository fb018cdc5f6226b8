#!/usr/bin/env bash
# Usage: sanitize_plugins.sh <cmake> <source-dir> <tree> <c compiler> <c++ compiler>
# Builds only the plugin test targets (and their fixtures) with ASan+UBSan and runs them.
set -euo pipefail
cmake=$1 src=$2 tree=$3 cc=$4 cxx=$5
"$cmake" -S "$src" -B "$tree" -DSTREAMIT_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" >"$tree.configure.log" 2>&1 ||
  { cat "$tree.configure.log"; exit 1; }
"$cmake" --build "$tree" -j2 --target test_plugins_loader test_plugins_sdk >"$tree.build.log" 2>&1 ||
  { tail -n 100 "$tree.build.log"; exit 1; }
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
"$tree/tests/plugins/test_plugins_sdk"
"$tree/tests/plugins/test_plugins_loader"
