#!/usr/bin/env bash
# Hardening checks for CI (called from .ci/run), in order:
#   1. proptest        core/tests/properties.rs (also part of `cargo test`)
#   2. differential    100,000 seeded cases against Next.js's internals (tests/differential)
#   3. short fuzz      every fuzz target for FUZZ_SECONDS (default 25) each (fuzz/run-short.sh)
#   4. miri            the core's lib tests under Miri (hardening/miri.sh)
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

step proptest cargo test -q -p routecore --test properties
step differential differential
nightly
step fuzz fuzz/run-short.sh
step miri hardening/miri.sh

echo
echo "hardening summary ($(( $(date +%s) - t0 ))s):"
printf '  %s\n' "${results[@]}"
exit $failed
