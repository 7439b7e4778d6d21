#!/usr/bin/env bash
# Installs the library into a scratch prefix, extracts the quickstart from bindings/c/README.md
# and compiles it exactly as written (C11, -Wall -Wextra -Werror -pedantic) through the
# installed routecore.pc, linked shared and static; both must print "200 hello".
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
flags=(-std=c11 -Wall -Wextra -Werror -pedantic)
passed=0
# Shared.
cc "${flags[@]}" "$out/quickstart.c" -o "$out/quickstart-shared" $(pkg-config --cflags --libs routecore) \
  -Wl,-rpath,"$prefix/lib"
got="$("$out/quickstart-shared")"
[ "$got" = "200 hello" ] || { echo "shared: got '$got'"; exit 1; }
passed=$((passed + 1))
# Static.
cc "${flags[@]}" "$out/quickstart.c" -o "$out/quickstart-static" $(pkg-config --cflags routecore) \
  "$prefix/lib/libroutecore.a" $(pkg-config --libs-only-l --static routecore | sed 's/-lroutecore//')
got="$("$out/quickstart-static")"
[ "$got" = "200 hello" ] || { echo "static: got '$got'"; exit 1; }
passed=$((passed + 1))
echo "readme: $passed passed, 0 failed"
