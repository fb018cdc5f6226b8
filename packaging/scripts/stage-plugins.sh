#!/usr/bin/env bash
# Copies the first-party plugin libraries from a build tree into one plugin directory the
# loader accepts (owned by us, not group/world-writable), e.g. for config/local.yaml.
#   stage-plugins.sh BUILD_DIR DEST_DIR
set -euo pipefail
build=${1:?build dir}
dest=${2:?destination dir}
install -d -m 0755 "$dest"
count=0
while IFS= read -r -d '' library; do
  install -m 0644 "$library" "$dest/"
  count=$((count + 1))
done < <(find "$build/plugins" -maxdepth 2 -name 'lib*.so' -print0)
if [ "$count" -eq 0 ]; then
  echo "stage-plugins: no plugin libraries under $build/plugins (build first)" >&2
  exit 1
fi
echo "stage-plugins: $count plugin libraries in $dest"
