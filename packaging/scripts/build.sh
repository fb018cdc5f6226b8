#!/usr/bin/env bash
# Configures and builds the whole tree into $STREAMIT_BUILD_DIR (default: build/).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${STREAMIT_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=${STREAMIT_BUILD_TYPE:-RelWithDebInfo} "$@" >/dev/null
cmake --build "$build" -j"$(nproc)"
