#!/usr/bin/env bash
# Checks that Swift sources are formatted as .swift-format says (120 columns), without changing them.
# Usage: scripts/format-check.sh [PATH...]   (default: Sources Tests Package.swift)
# Exit status: 0 formatted, 1 some files would change (listed, with a diff), 2 swift-format missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v swift-format >/dev/null 2>&1; then
    echo "swift-format not found (it ships with Swift 6 toolchains)" >&2
    exit 2
fi
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=(Sources Tests Package.swift)
changed=0
total=0
while IFS= read -r -d '' file; do
    total=$((total + 1))
    if ! swift-format format --configuration .swift-format "$file" | diff -u --label "$file" --label "$file (formatted)" "$file" - >/tmp/format-check.$$.diff; then
        changed=$((changed + 1))
        echo "would reformat: $file"
        [ -n "${FORMAT_CHECK_DIFF:-}" ] && cat /tmp/format-check.$$.diff
    fi
done < <(find "${paths[@]}" -name '*.swift' -print0 | sort -z)
rm -f /tmp/format-check.$$.diff
echo "$changed of $total Swift files would change"
[ "$changed" -eq 0 ]
