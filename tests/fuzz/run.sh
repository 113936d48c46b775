#!/usr/bin/env bash
# Builds the libFuzzer targets (preset "fuzz", clang 16) and runs each for a bounded time.
#
#   tests/fuzz/run.sh [SECONDS]     default 20 seconds per target
#
# Every build/fuzz/fuzz/fuzz_* executable is run with -max_len=4096 on its own corpus directory
# (build/fuzz/corpus/<target>, kept between runs, seeded from tests/fuzz/corpus/<target> when that
# exists). A target's dictionary tests/fuzz/<target>.dict is used when present. Exits non-zero
# when a target crashes or fails its own checks; the reproducer is left in build/fuzz/artifacts.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-20}
case "$seconds" in
'' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac

cmake --preset fuzz >/dev/null
targets=()
for source in tests/fuzz/*_fuzz.cpp; do
  [ -e "$source" ] || continue
  name=$(basename "$source" .cpp)
  targets+=("fuzz_${name%_fuzz}")
done
if [ ${#targets[@]} -eq 0 ]; then
  echo "run.sh: no tests/fuzz/*_fuzz.cpp" >&2
  exit 1
fi
cmake --build --preset fuzz --target "${targets[@]}"

status=0
artifacts=build/fuzz/artifacts
mkdir -p "$artifacts"
for target in build/fuzz/fuzz/fuzz_*; do
  [ -x "$target" ] || continue
  name=$(basename "$target")
  corpus=build/fuzz/corpus/$name
  mkdir -p "$corpus"
  seeds=()
  [ -d "tests/fuzz/corpus/$name" ] && seeds+=("tests/fuzz/corpus/$name")
  options=(-max_len=4096 -max_total_time="$seconds" -print_final_stats=1
    -artifact_prefix="$artifacts/$name-")
  [ -f "tests/fuzz/$name.dict" ] && options+=(-dict="tests/fuzz/$name.dict")
  echo "==> $name for ${seconds}s" >&2
  if ! "$target" "${options[@]}" "$corpus" "${seeds[@]}"; then
    echo "==> $name FAILED (reproducer in $artifacts)" >&2
    status=1
  fi
done
exit $status
