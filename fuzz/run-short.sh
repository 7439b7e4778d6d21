#!/usr/bin/env bash
# Bounded fuzz run of every target, seeded from tests/vectors (CI: `fuzz/run-short.sh`).
#
#   FUZZ_SECONDS=25        seconds per target (make fuzz: 600)
#   FUZZ_TARGETS="..."     which targets (default: all, in order)
#   FUZZ_SANITIZER=none    none | address (make fuzz uses address)
#   ROUTECORE_TOOLS=dir    where cargo-fuzz is installed (default ~/.cache/routecore-tools,
#                          a stable path CI can cache; installed once, pinned, --locked)
#
# Targets run one after another (one build, one fuzzer at a time: the machine has 2 cores).
# A crash stops the run non-zero; the input is in fuzz/artifacts/<target>/. Reproduce with
# `cargo +nightly fuzz run <target> fuzz/artifacts/<target>/<file>`, then keep it as a test in
# core/tests/regressions.rs.
set -euo pipefail
cd "$(dirname "$0")"

CARGO_FUZZ_VERSION=0.13.1
SECS=${FUZZ_SECONDS:-25}
SAN=${FUZZ_SANITIZER:-none}
TARGETS=${FUZZ_TARGETS:-"pattern router_build decide p2r config capi cost"}
TOOLS=${ROUTECORE_TOOLS:-$HOME/.cache/routecore-tools}
export PATH="$TOOLS/bin:$PATH"

t0=$(date +%s)
if ! cargo-fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
    echo "installing cargo-fuzz $CARGO_FUZZ_VERSION into $TOOLS"
    cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION" --root "$TOOLS" --quiet
fi

python3 seeds.py
# One build for every target (cargo fuzz builds all bins when given none).
cargo +nightly fuzz build -a -s "$SAN"
echo "build: $(( $(date +%s) - t0 ))s"

mkdir -p logs
summary=()
status=0
for t in $TARGETS; do
    s=$(date +%s)
    log="logs/$t.log"
    if cargo +nightly fuzz run -a -s "$SAN" "$t" "corpus/$t" -- \
        -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -print_final_stats=1 >"$log" 2>&1; then
        result=ok
    else
        result=CRASH
        status=1
        tail -40 "$log"
    fi
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo '?')
    summary+=("$(printf '%-13s %-6s %10s execs %7s/s  cov %6s  %3ss' "$t" "$result" "$execs" "$rate" "$cov" "$(( $(date +%s) - s ))")")
done
echo
echo "fuzz summary (${SECS}s per target, sanitizer $SAN):"
printf '  %s\n' "${summary[@]}"
echo "fuzz total: $(( $(date +%s) - t0 ))s"
exit $status
