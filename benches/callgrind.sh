#!/usr/bin/env bash
# Instructions per lookup under callgrind: stable where wall time on a shared machine is not.
# Each case runs twice (N1 and N2 iterations); the difference of the instruction totals divided
# by the extra lookups cancels building the routers and process start-up.
# Usage: benches/callgrind.sh [case ...]   (default: every headline case, then the example shop)
#        benches/callgrind.sh --check            CI's guard: fails when GitHub 130 (without and
#                                                with a browser's headers), the static hit, the
#                                                shop's full decision or GitHub 130 through the C
#                                                ABI with its params read (libroutecore.so, built
#                                                first) costs more than 10 % over
#                                                benches/callgrind-baseline.txt
#        benches/callgrind.sh --update-baseline  rewrites that file (commit it with the change
#                                                that moved the counts, and say why)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
cargo build -q --profile bench --example callgrind_driver -p routecore-benches
bin=target/release/examples/callgrind_driver
N1=${N1:-200}
N2=${N2:-2200}
cases=("$@")
all=0
[ ${#cases[@]} -gt 0 ] || { all=1; cases=(github130 static param1 param4 param8 catchall50 miss); }

instructions() { # router case n -> total instructions
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" "$3" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

per_decision() { # router case per -> instructions per decision (start-up cancelled)
  local a b
  a=$(instructions "$1" "$2" "$N1")
  b=$(instructions "$1" "$2" "$N2")
  awk -v a="$a" -v b="$b" -v n=$((N2 - N1)) -v per="$3" 'BEGIN { printf "%.1f", (b - a) / n / per }'
}

baseline=benches/callgrind-baseline.txt
if [ "${1:-}" = --check ] || [ "${1:-}" = --update-baseline ]; then
  mode=$1
  # The C ABI case reads libroutecore.so as `make lib` builds it (with LTO).
  ffi/build-lib.sh --release
  current=$(printf 'github130 %s\ngithub130_headers %s\nstatic %s\nshop_full %s\nc_abi_params %s\n' \
    "$(per_decision routecore github130 130)" "$(per_decision routecore_headers github130 130)" \
    "$(per_decision routecore static 1)" "$(per_decision shop full 15)" \
    "$(per_decision c_abi_params github130 130)")
  if [ "$mode" = --update-baseline ]; then
    { echo "# Instructions per decision (callgrind; benches/callgrind.sh --update-baseline)."
      echo "# CI fails when a case costs more than 10 % over its line here."
      echo "$current"; } > "$baseline"
    cat "$baseline"
    exit 0
  fi
  status=0
  while read -r name now; do
    base=$(awk -v n="$name" '$1 == n { print $2 }' "$baseline")
    [ -n "$base" ] || { echo "$name: no baseline in $baseline"; status=1; continue; }
    verdict=$(awk -v now="$now" -v base="$base" 'BEGIN { r = now / base;
      printf "%s %.3f", (r > 1.10 ? "REGRESSED" : "ok"), r }')
    printf '%-10s %10s instructions, baseline %10s: %s\n' "$name" "$now" "$base" "$verdict"
    case "$verdict" in REGRESSED*) status=1 ;; esac
  done <<< "$current"
  [ "$status" = 0 ] || echo "an instruction count regressed more than 10 %: find the cause, or update the baseline with the reason (benches/callgrind.sh --update-baseline)"
  exit "$status"
fi

# routecore_headers: routecore's lookups, each request with a browser's 6 usual headers.
printf '%-12s %12s %12s %12s %12s\n' case routecore +headers matchit fxhashmap
for case in "${cases[@]}"; do
  per=1
  [ "$case" = github130 ] && per=130
  row=$(printf '%-12s' "$case")
  for router in routecore routecore_headers matchit fxhashmap; do
    if [ "$router" = fxhashmap ] && [ "$case" != static ]; then
      row+=$(printf ' %12s' -)
      continue
    fi
    a=$(instructions "$router" "$case" "$N1")
    b=$(instructions "$router" "$case" "$N2")
    row+=$(awk -v a="$a" -v b="$b" -v n=$((N2 - N1)) -v per="$per" \
      'BEGIN { printf " %12.1f", (b - a) / n / per }')
  done
  echo "$row"
done
echo "(instructions per lookup; github130 is the mean over its 130 lookups; +headers: routecore with a browser's 6 headers)"

# The example shop: the full decision (every rule) and the bare match (the routes alone).
[ "$all" = 1 ] || exit 0

# Route scaling: the same 8 lookups on generated trees of 100 and 100,000 routes.
echo
row="scaling"
for routes in 100 100000; do
  a=$(instructions scaling "$routes" "$N1")
  b=$(instructions scaling "$routes" "$N2")
  row+=$(awk -v a="$a" -v b="$b" -v n=$((N2 - N1)) -v r="$routes" \
    'BEGIN { printf "  %s routes: %.1f", r, (b - a) / n / 8 }')
done
echo "$row (instructions per decision, mean of the 8 lookups)"

# The C ABI: the GitHub lookups through routecore_match (libroutecore.so) vs Router::decide,
# and the same with every param read after each (routecore_context_params).
if [ -f target/release/libroutecore.so ] || [ -n "${ROUTECORE_FFI_LIB:-}" ]; then
  echo
  echo "c_abi github130: $(per_decision c_abi github130 130) instructions per routecore_match + status read"
  echo "c_abi_params github130: $(per_decision c_abi_params github130 130) instructions with routecore_context_params too"
else
  echo; echo "c_abi: skipped (build the library with: make lib)"
fi
echo
printf '%-12s %12s %12s\n' shop full bare_match
row=$(printf '%-12s' "15-req mix")
for which in full bare; do
  a=$(instructions shop "$which" "$N1")
  b=$(instructions shop "$which" "$N2")
  row+=$(awk -v a="$a" -v b="$b" -v n=$((N2 - N1)) 'BEGIN { printf " %12.1f", (b - a) / n / 15 }')
done
echo "$row"
echo "(instructions per decision, mean over the 15 requests of routecore_benches::shop::requests)"
