#!/usr/bin/env bash
# The module dependency rule (docs/ARCHITECTURE.md), checked on every #include "module/...".
# The build enforces it too (a module sees only the headers of modules it links); this check
# names the file, the include and the rule.
set -euo pipefail
cd "$(dirname "$0")/../.."

# module -> modules it may include (besides itself)
declare -A allowed=(
  [util]=""
  [sse]="util"
  [metrics]="util"
  [openai]="util"
  [scenario]="util openai"
  [conformance]="util sse openai scenario"
  [engine]="util sse metrics"
  [mock]="util sse openai"
  [capacity]="util metrics scenario"
  [run]="util sse metrics openai scenario conformance engine mock capacity"
  [report]="util metrics openai scenario conformance capacity run"
  [cli]="util sse metrics openai scenario conformance engine mock capacity run report"
)

status=0
for dir in src/*/; do
  module=$(basename "$dir")
  if [ -z "${allowed[$module]+set}" ]; then
    echo "src/$module: a module the dependency rule does not list (add it to $0 and docs/ARCHITECTURE.md)"
    status=1
    continue
  fi
  while IFS=: read -r file line include; do
    target=$(sed -E 's/.*#include "([a-z_]+)\/.*/\1/' <<<"$include")
    [ "$target" = "$module" ] && continue
    if ! grep -qw "$target" <<<"${allowed[$module]}"; then
      echo "$file:$line: $module may not include $target/ (allowed: ${allowed[$module]:-nothing})"
      status=1
    fi
  done < <(grep -rnE '^#include "[a-z_]+/' "$dir" || true)
done
[ $status -eq 0 ] && echo "dependency rule: $(ls -d src/*/ | wc -l) modules, all includes allowed"
exit $status
