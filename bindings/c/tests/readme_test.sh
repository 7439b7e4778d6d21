#!/usr/bin/env bash
# Installs the library into a scratch prefix, extracts the quickstart from bindings/c/README.md
# and compiles it exactly as written (C11, -Wall -Wextra -Werror -pedantic) through the
# installed routecore.pc, linked shared and static; both must print "200 hello". Without
# pkg-config, the same flags are read from the installed routecore.pc itself.
# Usage: readme_test.sh ROOT OUTDIR
set -euo pipefail
root="$1"
out="$2"
rm -rf "$out"
mkdir -p "$out"
prefix="$out/prefix"
make -s -C "$root/bindings/c" install PREFIX="$prefix" PROFILE="${PROFILE:-debug}" >/dev/null
awk '/<!-- quickstart:begin/ {on=1; next} /<!-- quickstart:end/ {on=0} on && !/^```/' \
  "$root/bindings/c/README.md" >"$out/quickstart.c"
lines="$(wc -l <"$out/quickstart.c")"
[ "$lines" -ge 10 ] || { echo "quickstart not found in README.md"; exit 1; }
echo "quickstart: $lines lines"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
if command -v pkg-config >/dev/null; then
  pc() { pkg-config "$@" routecore; }
else
  echo "pkg-config not found: reading routecore.pc directly"
  # The .pc fields this test uses, with ${prefix}-style variables expanded.
  pcfield() {
    sed -n "s/^$1: *//p" "$PKG_CONFIG_PATH/routecore.pc" |
      sed -e "s|\${libdir}|$prefix/lib|g" -e "s|\${includedir}|$prefix/include|g"
  }
  pc() {
    case "$*" in
      "--cflags --libs") echo "$(pcfield Cflags) $(pcfield Libs)" ;;
      "--cflags") pcfield Cflags ;;
      "--libs-only-l --static") echo "-lroutecore $(pcfield Libs.private)" ;;
    esac
  }
fi
flags=(-std=c11 -Wall -Wextra -Werror -pedantic)
passed=0
# Shared.
cc "${flags[@]}" "$out/quickstart.c" -o "$out/quickstart-shared" $(pc --cflags --libs) \
  -Wl,-rpath,"$prefix/lib"
got="$("$out/quickstart-shared")"
[ "$got" = "200 hello" ] || { echo "shared: got '$got'"; exit 1; }
passed=$((passed + 1))
# Static.
cc "${flags[@]}" "$out/quickstart.c" -o "$out/quickstart-static" $(pc --cflags) \
  "$prefix/lib/libroutecore.a" $(pc --libs-only-l --static | sed 's/-lroutecore//')
got="$("$out/quickstart-static")"
[ "$got" = "200 hello" ] || { echo "static: got '$got'"; exit 1; }
passed=$((passed + 1))
echo "readme: $passed passed, 0 failed"
