#!/usr/bin/env bash
# The README test command: installs what is missing, builds, starts private Redis and
# PostgreSQL servers on free loopback ports, runs every suite with ctest, stops the servers
# by PID and exits non-zero on any failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
"$root/packaging/scripts/install-deps.sh" "$root/packaging/debian/build-deps.txt" \
  "$root/packaging/debian/test-deps.txt"
"$root/packaging/scripts/build.sh" -DSTREAMIT_BUILD_TESTS=ON
"$root/packaging/scripts/build-web.sh"

servers=$(mktemp -d /tmp/streamit-servers-XXXXXX)
cleanup() {
  "$root/packaging/scripts/test-servers.sh" stop "$servers" || true
  rm -rf "$servers"
}
trap cleanup EXIT
"$root/packaging/scripts/test-servers.sh" start "$servers"
# shellcheck disable=SC1091
source "$servers/env"

cd "${STREAMIT_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j"$(nproc)" --timeout 300 "$@"
