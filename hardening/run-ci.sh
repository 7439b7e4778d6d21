#!/usr/bin/env bash
# Hardening checks (`make hardening`; .ci/run calls it with HARDENING_SKIP=miri, having started
# hardening/miri.sh itself at its beginning, beside every other CI step), in order:
#   1. proptest        core/tests/properties.rs (also part of `cargo test`)
#   2. differential    100,000 seeded cases against Next.js's internals (tests/differential)
#   3. short fuzz      every fuzz target for FUZZ_SECONDS (default 25) each (fuzz/run-short.sh)
#   4. miri            the core's lib tests under Miri (hardening/miri.sh), started first and
#                      run beside steps 1-3 (its duration is the wait after them)
# Every step runs even when an earlier one failed; the script exits non-zero if any failed and
# prints each step's duration. Knobs: DIFF_SEED (default 1), DIFF_CASES (default 100000),
# FUZZ_SECONDS, HARDENING_SKIP="fuzz miri" (steps to leave out, e.g. on a laptop).
set -uo pipefail
cd "$(dirname "$0")/.."

SEED=${DIFF_SEED:-1}
CASES=${DIFF_CASES:-100000}
SKIP=" ${HARDENING_SKIP:-} "
t0=$(date +%s)
results=()
failed=0

step() {
    local name=$1
    shift
    if [[ "$SKIP" == *" $name "* ]]; then
        results+=("$(printf '%-13s skipped' "$name")")
        return
    fi
    echo
    echo "=== hardening: $name"
    local s
    s=$(date +%s)
    if "$@"; then
        results+=("$(printf '%-13s ok      %4ss' "$name" "$(( $(date +%s) - s ))")")
    else
        results+=("$(printf '%-13s FAILED  %4ss' "$name" "$(( $(date +%s) - s ))")")
        failed=1
    fi
}

nightly() {
    rustup toolchain list | grep -q '^nightly' ||
        rustup toolchain install nightly --profile minimal >/dev/null
}

differential() {
    if [ ! -d tests/oracle/node_modules/next ]; then
        (cd tests/oracle && npm ci --ignore-scripts --no-audit --no-fund) || return 1
    fi
    node tests/differential/run.mjs --cases "$CASES" --seed "$SEED"
}

# Miri interprets on one core for minutes: it runs beside the other steps (the fuzzers and the
# differential test also use one core each), and its output is shown when it is waited for.
nightly
miri_log=$(mktemp)
miri_pid=
if [[ "$SKIP" != *" miri "* ]]; then
    hardening/miri.sh >"$miri_log" 2>&1 &
    miri_pid=$!
fi
wait_for_miri() {
    local rc=0
    wait "$miri_pid" || rc=$?
    cat "$miri_log"
    return "$rc"
}

step proptest cargo test -q -p routecore --test properties
step differential differential
step fuzz fuzz/run-short.sh
step miri wait_for_miri
rm -f "$miri_log"

echo
echo "hardening summary ($(( $(date +%s) - t0 ))s):"
printf '  %s\n' "${results[@]}"
exit $failed
