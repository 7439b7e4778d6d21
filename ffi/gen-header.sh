#!/usr/bin/env bash
# Regenerates include/routecore.h from ffi/src with the pinned cbindgen.
#   ffi/gen-header.sh          write the header
#   ffi/gen-header.sh --check  regenerate, then fail if the committed header differs
#   ffi/gen-header.sh --have-cbindgen  exit 0 when the pinned cbindgen is at hand (installs nothing)
# A cbindgen of the pinned version on PATH is used; otherwise it is installed once into .tools/
# (gitignored) with `cargo install --locked` (about 4 minutes of compiling).
set -euo pipefail
CBINDGEN_VERSION=0.29.4
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
pinned() { [ -x "$1" ] && [ "$("$1" --version 2>/dev/null)" = "cbindgen $CBINDGEN_VERSION" ]; }
bin="$root/.tools/bin/cbindgen"
if ! pinned "$bin" && pinned "$(command -v cbindgen || true)"; then
  bin="$(command -v cbindgen)"
fi
if [ "${1:-}" = "--have-cbindgen" ]; then
  pinned "$bin"
  exit
fi
if ! pinned "$bin"; then
  echo "installing cbindgen $CBINDGEN_VERSION into .tools/" >&2
  cargo install cbindgen --version "$CBINDGEN_VERSION" --locked --root "$root/.tools" --quiet
fi
mkdir -p include
"$bin" --quiet --config ffi/cbindgen.toml --crate routecore-ffi --output include/routecore.h ffi
if [ "${1:-}" = "--check" ]; then
  if ! git diff --exit-code -- include/routecore.h; then
    echo "include/routecore.h is stale: run ffi/gen-header.sh and commit it" >&2
    exit 1
  fi
  if [ -n "$(git status --porcelain -- include/routecore.h)" ]; then
    echo "include/routecore.h is not committed: run ffi/gen-header.sh and commit it" >&2
    exit 1
  fi
  echo "include/routecore.h is up to date"
fi
