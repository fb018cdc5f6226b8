#!/usr/bin/env bash
# Builds the web workspace (web/): installs the npm dependencies pinned by
# web/package-lock.json with `npm ci` (again only when the lockfile changed), then builds the
# client library, the app (web/app/dist, served by the kernel) and the API documents.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
web="$root/web"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "build-web: Node.js >= 20.19 and npm are needed to build the web app" >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if ((major < 20)); then
  echo "build-web: Node.js $(node --version) is too old; 20.19 or newer is needed" >&2
  exit 1
fi
stamp="$web/node_modules/.streamit-lock-sha256"
want=$(sha256sum "$web/package-lock.json" | cut -d' ' -f1)
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
fi
(cd "$web" && npm run --silent build)
