#!/usr/bin/env bash
# Checks that Swift sources are formatted as .swift-format says (120 columns) and pass its lint rules, without
# changing them.
# Usage: scripts/format-check.sh [PATH...]
#   Default: the files and folders listed in .swift-format-paths (the part of the tree kept formatted so far);
#   `scripts/format-check.sh Sources Tests Package.swift` checks everything.
# Set FORMAT_CHECK_DIFF=1 to print what would change.
# Exit status: 0 formatted, 1 some files would change (listed), 2 swift-format missing or a listed path missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v swift-format >/dev/null 2>&1; then
    formatter=(swift-format)
elif swift format --version >/dev/null 2>&1; then
    formatter=(swift format)
else
    echo "swift-format not found (it ships with Swift 6 toolchains as \`swift format\`)" >&2
    exit 2
fi
paths=("$@")
if [ ${#paths[@]} -eq 0 ]; then
    while IFS= read -r line; do
        case "$line" in '' | '#'*) continue ;; esac
        paths+=("$line")
    done <.swift-format-paths
fi
for path in "${paths[@]}"; do
    if [ ! -e "$path" ]; then
        echo "no such file or folder: $path (fix .swift-format-paths)" >&2
        exit 2
    fi
done
diff_file=$(mktemp)
trap 'rm -f "$diff_file"' EXIT
changed=0
total=0
while IFS= read -r -d '' file; do
    total=$((total + 1))
    if ! "${formatter[@]}" format --configuration .swift-format "$file" \
        | diff -u --label "$file" --label "$file (formatted)" "$file" - >"$diff_file"; then
        changed=$((changed + 1))
        echo "would reformat: $file"
        if [ -n "${FORMAT_CHECK_DIFF:-}" ]; then cat "$diff_file"; fi
    fi
done < <(find "${paths[@]}" -name '*.swift' -print0 | sort -z)
echo "$changed of $total Swift files would change"
if [ "$changed" -ne 0 ]; then
    echo "format them with: swift format format -i --configuration .swift-format FILE..." >&2
    exit 1
fi
# The rules only lint reports (names, `///` doc comments, no force-unwrapped … as .swift-format enables them).
"${formatter[@]}" lint --strict --configuration .swift-format --recursive "${paths[@]}"
