#!/usr/bin/env bash
# Sync fidelity benchmark (issue 18): the documented matrix by default, or run.mjs's flags.
#   bench/sync/run.sh                       # --preset full --plot docs/sync (~35 min, 2 cores)
#   bench/sync/run.sh --n 3 --scenarios steady --conditions none --duration 20
# Needs: build/kernel/streamit (+ plugins), web/app/dist (packaging/scripts/build-web.sh),
# web/node_modules, Debian's chromium. Loopback only; bounded by --max-minutes (default 60).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if [ "$#" -eq 0 ]; then
  set -- --preset full --plot docs/sync --out "bench/sync/results/full-$(date -u +%Y%m%dT%H%M%SZ).json"
fi
exec node bench/sync/run.mjs "$@"
