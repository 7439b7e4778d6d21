#!/usr/bin/env bash
# Builds libroutecore: `cargo rustc -p routecore-ffi` for the C library types alone (pass
# --release for the optimised build), then links cargo's libroutecore_ffi.{a,so,dylib} as libroutecore.{a,so,dylib} next to them
# (in ${CARGO_TARGET_DIR:-target}/<debug|release>/). The library target is named routecore_ffi
# so that its docs do not collide with the core crate's (`cargo doc --workspace`); C, Go and
# Python link and load the file as libroutecore. A hard link (a copy where links fail) keeps
# cargo's timestamp, so make rules that depend on libroutecore.a rebuild only when it changed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
profile=debug
for arg in "$@"; do
  case "$arg" in
    --release) profile=release ;;
    *) echo "usage: ffi/build-lib.sh [--release]" >&2; exit 2 ;;
  esac
done
# The crate is also an rlib (for its Rust tests), and cargo runs no link-time optimisation for
# a crate with an rlib among its types: then no core function is inlined into a C entry point.
# Built as staticlib and cdylib alone, the release profile's `lto = true` applies.
(cd "$root" && cargo rustc -q -p routecore-ffi --crate-type staticlib --crate-type cdylib "$@")
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
dir="$target/$profile"
copied=0
for ext in a so dylib; do
  if [ -f "$dir/libroutecore_ffi.$ext" ]; then
    rm -f "$dir/libroutecore.$ext"
    ln "$dir/libroutecore_ffi.$ext" "$dir/libroutecore.$ext" 2>/dev/null ||
      cp -p "$dir/libroutecore_ffi.$ext" "$dir/libroutecore.$ext"
    copied=$((copied + 1))
  fi
done
[ "$copied" -gt 0 ] || { echo "ffi/build-lib.sh: cargo built no libroutecore_ffi.* in $dir" >&2; exit 1; }
