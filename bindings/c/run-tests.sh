#!/usr/bin/env bash
# Everything the C ABI promises, checked in order; exits non-zero on the first failure.
#   1. cargo build -p routecore-ffi (+ its Rust tests, including the zero-allocation proof)
#   2. make test       C11/C++17 header compile, vector replay, API/error paths, hot-swap stress
#   3. make asan       the same under AddressSanitizer + UndefinedBehaviorSanitizer (+ leaks)
#   4. make valgrind   the same under valgrind --leak-check=full, on the release library
#   5. make server-test   the example HTTP server, checked with curl
#   6. make readme-test   install + the README quickstart, compiled and run
# Needs Rust stable, a C compiler, make, valgrind and curl; nothing is installed (the JSON reader
# of the vector replay is vendored in tests/cjson; pkg-config is used when present). Whether
# include/routecore.h is current is checked by `make lint` and .ci/run (ffi/gen-header.sh --check).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
start=$(date +%s)
step() { echo; echo "=== c-abi: $* ($(( $(date +%s) - start ))s)"; }

step "prerequisites"
missing=""
for tool in cc c++ make valgrind curl; do
  command -v "$tool" >/dev/null || missing="$missing $tool"
done
if [ -n "$missing" ]; then
  echo "missing:$missing (install them with your system's package manager, then rerun make test-c)" >&2
  exit 1
fi

step "cargo build -p routecore-ffi"
cargo build -p routecore-ffi
cargo test -p routecore-ffi

step "make test"
make -C bindings/c test

step "make asan"
make -C bindings/c asan

# On the release library, the one hosts link (steps 2 and 3 cover the debug build): under
# valgrind the debug build's unoptimized Rust took 101 s, the release build 36 s.
step "make valgrind PROFILE=release"
make -C bindings/c valgrind PROFILE=release

step "make server-test"
make -C bindings/c server-test

step "make readme-test"
make -C bindings/c readme-test

step "all C ABI checks passed in $(( $(date +%s) - start ))s"
