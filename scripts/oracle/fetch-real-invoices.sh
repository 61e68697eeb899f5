#!/usr/bin/env bash
# Downloads the real invoices listed in fixtures/real-invoices/sources.tsv (test data of public
# repositories, each at a pinned commit) into DIR/ubl and DIR/cii, for
#   node_modules/.bin/node scripts/oracle/compare.ts --mutants DIR
# (docs/oracle.md, "Your own invoices"). They are not kept in this repository: each stays under
# its own project's licence. Needs curl and access to raw.githubusercontent.com, which the
# project's CI machines do not have: untested there.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${1:?usage: scripts/oracle/fetch-real-invoices.sh DIR}
LIST=$ROOT/fixtures/real-invoices/sources.tsv
total=$(($(wc -l <"$LIST") - 1))
n=0
failed=0
mkdir -p "$DIR/ubl" "$DIR/cii"
while IFS=$'\t' read -r syntax repo commit path; do
  [[ $syntax == syntax ]] && continue
  n=$((n + 1))
  name="${repo//\//_}__${path//\//_}"
  url="https://raw.githubusercontent.com/$repo/$commit/${path// /%20}"
  printf '[fetch] %d/%d %s\n' "$n" "$total" "$repo/$path" >&2
  if ! curl -fsSL --retry 3 -o "$DIR/$syntax/$name" "$url"; then
    echo "[fetch] failed: $url" >&2
    failed=$((failed + 1))
  fi
done <"$LIST"
echo "[fetch] $((total - failed)) of $total files in $DIR" >&2
[[ $failed -eq 0 ]]
