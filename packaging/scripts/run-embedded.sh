#!/usr/bin/env bash
# The README run command: installs what is missing, builds, and serves the embedded default
# (SQLite under ./data, in-process realtime store) on http://127.0.0.1:8080.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
"$root/packaging/scripts/install-deps.sh" "$root/packaging/debian/build-deps.txt"
"$root/packaging/scripts/build.sh" -DSTREAMIT_BUILD_TESTS=OFF
cd "$root"
exec "${STREAMIT_BUILD_DIR:-$root/build}/kernel/streamit" serve --config "$root/config/streamit.yaml"
