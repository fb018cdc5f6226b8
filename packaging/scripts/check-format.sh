#!/usr/bin/env bash
# Fails when any C/C++ file of the kernel, SDK, plugins, tests or benchmarks differs from
# .clang-format (prints the offending files). Fix with: clang-format -i <files>
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mapfile -d '' files < <(git ls-files -z --cached --others --exclude-standard \
  'kernel/*.cpp' 'kernel/*.h' 'sdk/*.cpp' 'sdk/*.h' 'plugins/*.cpp' 'plugins/*.h' \
  'tests/*.cpp' 'tests/*.h' 'bench/*.cpp' 'bench/*.h' 'bench/*.c')
existing=()
for f in "${files[@]}"; do [[ -f "$f" ]] && existing+=("$f"); done
if ! out=$(clang-format --dry-run --Werror "${existing[@]}" 2>&1); then
  echo "$out" | grep -E '^[^ ].*(warning|error):' | cut -d: -f1 | sort -u | sed 's/^/not formatted: /'
  echo "${#existing[@]} files checked; run clang-format -i on the files above" >&2
  exit 1
fi
echo "clang-format: ${#existing[@]} files clean"
