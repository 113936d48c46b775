#!/usr/bin/env bash
# Fails when a tracked C++ file differs from what clang-format (with the repository's
# .clang-format) would write. Fix with: clang-format -i FILE...
set -euo pipefail
cd "$(dirname "$0")/../.."
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h')
if [ "${#files[@]}" -eq 0 ]; then
  echo "no C++ files tracked"; exit 1
fi
if ! out=$(clang-format --dry-run --Werror "${files[@]}" 2>&1); then
  echo "$out" | grep -E '^[^ ].*(warning|error):' | sed 's/: warning:.*//' | sort -u | head -50
  echo "clang-format: the files above need 'clang-format -i'"
  exit 1
fi
echo "clang-format: ${#files[@]} files clean"
