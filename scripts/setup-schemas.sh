#!/usr/bin/env bash
# Makes the official schema directory available at schemas/official (the default SCHEMA_DIR).
# The schemas are not copied into the project: here they come from the reference folder
# beside it (SHARED_DIR, default ../shared); elsewhere, scripts/fetch-schemas.sh downloads
# the same sets from their publishers into a folder of your choice.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED_DIR:-$ROOT/../shared}
TARGET=$ROOT/schemas/official

if [ -e "$TARGET" ]; then
  echo "[schemas] $TARGET is there ($(readlink -f "$TARGET"))"
elif [ -d "$SHARED/schemas" ]; then
  ln -s "$(cd "$SHARED/schemas" && pwd)" "$TARGET"
  echo "[schemas] linked $TARGET -> $(readlink -f "$TARGET")"
else
  echo "[schemas] no schema directory: $SHARED/schemas does not exist." >&2
  echo "[schemas] run: scripts/fetch-schemas.sh $TARGET   (downloads the official sets from their publishers)" >&2
  exit 1
fi

# Every root schema the services need must be there.
missing=0
while read -r rel; do
  [ -f "$TARGET/$rel" ] || { echo "[schemas] missing: $rel" >&2; missing=1; }
done < <(sed -n "s/^  '[a-z0-9-]*': '\(.*\)',$/\1/p" "$ROOT/domain/xml/xsd.ts")
[ "$missing" = 0 ] || exit 1
echo "[schemas] all root schemas present"
