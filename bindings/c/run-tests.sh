#!/usr/bin/env bash
# Everything the C ABI promises, checked in order; exits non-zero on the first failure.
#   1. cargo build -p routecore-ffi (+ its Rust tests, including the zero-allocation proof)
#   2. include/routecore.h regenerated with the pinned cbindgen: no diff allowed
#   3. make test       C11/C++17 header compile, vector replay, API/error paths, hot-swap stress
#   4. make asan       the same under AddressSanitizer + UndefinedBehaviorSanitizer (+ leaks)
#   5. make valgrind   the same under valgrind --leak-check=full
#   6. make server-test   the example HTTP server, checked with curl
#   7. make readme-test   install + the README quickstart, compiled and run
# Needs Rust stable, a C compiler, make, valgrind, curl, pkg-config; installs cJSON (Debian's
# libcjson-dev) with apt-get when it is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
start=$(date +%s)
step() { echo; echo "=== c-abi: $* ($(( $(date +%s) - start ))s)"; }

step "prerequisites"
if ! [ -f /usr/include/cjson/cJSON.h ]; then
  echo "installing libcjson-dev"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq libcjson-dev pkg-config >/dev/null
fi
for tool in cc c++ make valgrind curl pkg-config; do
  command -v "$tool" >/dev/null || { echo "missing: $tool"; exit 1; }
done

step "cargo build -p routecore-ffi"
cargo build -p routecore-ffi
cargo test -p routecore-ffi

step "header check (cbindgen, pinned)"
ffi/gen-header.sh --check

step "make test"
make -C bindings/c test

step "make asan"
make -C bindings/c asan

step "make valgrind"
make -C bindings/c valgrind

step "make server-test"
make -C bindings/c server-test

step "make readme-test"
make -C bindings/c readme-test

step "all C ABI checks passed in $(( $(date +%s) - start ))s"
