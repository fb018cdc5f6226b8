#!/usr/bin/env bash
# The README run command: installs what is missing, builds, and serves the embedded default
# (SQLite under ./data, in-process realtime store) on http://127.0.0.1:8080 with the
# first-party plugins (config/local.yaml), the web app and the offline demo clip.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
"$root/packaging/scripts/install-deps.sh" "$root/packaging/debian/build-deps.txt"
"$root/packaging/scripts/build.sh" -DSTREAMIT_BUILD_TESTS=OFF
"$root/packaging/scripts/build-web.sh"
cd "$root"
port=${STREAMIT_PORT:-8080}
"$root/packaging/scripts/make-demo-media.sh" "$root/data/media"
"$root/packaging/scripts/write-demo-catalog.sh" "$root/data/demo-catalog.yaml" \
  "http://127.0.0.1:$port"
build="${STREAMIT_BUILD_DIR:-$root/build}"
"$root/packaging/scripts/stage-plugins.sh" "$build" "$root/data/plugins"
export STREAMIT_ROOT="$root"
exec "$build/kernel/streamit" serve --config "$root/config/local.yaml"
