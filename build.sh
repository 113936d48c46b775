#!/usr/bin/env bash
# The two commands of the README, for a fresh Debian 12 machine (as root) or a set-up one:
#
#   ./build.sh run    install what is missing, build Release, run scenarios/quickstart.json
#   ./build.sh test   install what is missing, build the test configurations, run every test
#
# Idempotent: packages are installed only when missing and Ninja rebuilds only what changed.
# Other verbs: deps [test] (install only), build PRESET, bench (Release + Google Benchmark).
set -euo pipefail
cd "$(dirname "$0")"

BUILD_PACKAGES=(cmake g++ ninja-build git ca-certificates ccache
  libcurl4-openssl-dev nlohmann-json3-dev libcli11-dev libboost-dev)
TEST_PACKAGES=(libgtest-dev libgmock-dev libbenchmark-dev clang clang-format clang-16 libclang-rt-16-dev
  nginx libnginx-mod-http-echo chromium)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "build.sh: need root (or sudo) to run: $*" >&2; exit 1
  fi
}

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -q; apt_updated=1; fi
}

install_packages() {
  local need
  need=$(missing_packages "$@")
  [ -z "$need" ] && return 0
  say "installing: $(echo $need)"
  apt_update_once
  # shellcheck disable=SC2086
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $need
}

# valijson is header-only; Debian's libvalijson-dev pulls in Qt and Poco development packages it
# does not need, so take the package's headers alone into the build tree.
valijson_headers() {
  local dir=build/deps/valijson
  [ -f /usr/include/valijson/validator.hpp ] && return 0
  [ -f "$dir/usr/include/valijson/validator.hpp" ] && return 0
  say "unpacking valijson headers from Debian's libvalijson-dev"
  mkdir -p "$dir"
  local tmp
  tmp=$(mktemp -d)
  if ! (cd "$tmp" && apt-get download libvalijson-dev >/dev/null 2>&1); then
    apt_update_once
    (cd "$tmp" && apt-get download libvalijson-dev >/dev/null)
  fi
  dpkg-deb -x "$tmp"/libvalijson-dev_*.deb "$dir"
  rm -rf "$tmp"
}

deps() {
  install_packages "${BUILD_PACKAGES[@]}"
  valijson_headers
  if [ "${1:-}" = test ]; then
    install_packages "${TEST_PACKAGES[@]}"
    # The npm-based tests need Node.js >= 20 and npm; install Debian's only when none is present.
    command -v node >/dev/null || install_packages nodejs npm
  fi
}

configure_and_build() {
  local preset=$1
  shift
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  # Always (re)configure: a second time takes a second, and preset changes take effect.
  say "configuring ($preset)"
  cmake --preset "$preset" "${launcher[@]}" >/dev/null
  say "building ($preset)"
  cmake --build --preset "$preset" "$@"
}

cmd_run() {
  deps
  configure_and_build release
  say "chatbench run scenarios/quickstart.json (embedded mock, reports in reports/quickstart/)"
  ./build/release/chatbench run scenarios/quickstart.json
}

cmd_test() {
  deps test
  say "fuzzing each parser for ${FUZZ_SECONDS:-10}s (clang 16, libFuzzer)"
  tests/fuzz/run.sh "${FUZZ_SECONDS:-10}"
  say "building with clang 14 (every library and the binary)"
  configure_and_build clang --target chatbench
  configure_and_build ci
  say "testing (GCC, ASan+UBSan)"
  ctest --preset ci -j "$(nproc)"
}

case "${1:-}" in
run) cmd_run ;;
test) cmd_test ;;
deps) deps "${2:-}" ;;
build) deps test; configure_and_build "${2:?preset}" ;;
bench) deps test; configure_and_build bench ;;
*)
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
  ;;
esac
