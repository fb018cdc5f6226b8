#!/usr/bin/env bash
# The README run command: installs what is missing, builds, and serves the embedded default
# (SQLite under ./data, in-process realtime store) on http://127.0.0.1:8080 with the
# first-party plugins (config/local.yaml).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
"$root/packaging/scripts/install-deps.sh" "$root/packaging/debian/build-deps.txt"
"$root/packaging/scripts/build.sh" -DSTREAMIT_BUILD_TESTS=OFF
cd "$root"
build="${STREAMIT_BUILD_DIR:-$root/build}"
"$root/packaging/scripts/stage-plugins.sh" "$build" "$root/data/plugins"
export STREAMIT_ROOT="$root"
exec "$build/kernel/streamit" serve --config "$root/config/local.yaml"
