#!/usr/bin/env bash
# The Python binding's checks, in order; exits non-zero on the first failure.
#   1. ffi/build-lib.sh --release (`make lib`)  (the library every step below uses)
#   2. a venv (bindings/python/.venv-test, gitignored; ROUTECORE_PY_VENV to move it) with the
#      test tools from PyPI: pytest, mypy, uvicorn, hatchling
#   3. mypy --strict on the package, the build hook and the tests
#   4. pytest: vectors through the typed API, API/errors/lifetimes, header declarations,
#      threads + hot swap, ASGI (uvicorn) and WSGI (wsgiref) end to end, the wheel in a fresh
#      venv, the README quickstart
# Needs Rust stable and Python >= 3.9 (3.11 tested) with the venv module; network only to PyPI.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python="${PYTHON:-python3}"
start=$(date +%s)
step() { echo; echo "=== python: $* ($(( $(date +%s) - start ))s)"; }

step "ffi/build-lib.sh --release"
"$root/ffi/build-lib.sh" --release
lib="${CARGO_TARGET_DIR:-$root/target}/release/libroutecore.so"
[ -f "$lib" ] || { echo "missing $lib"; exit 1; }

step "venv + test tools"
venv_dir="${ROUTECORE_PY_VENV:-$here/.venv-test}"
if ! [ -x "$venv_dir/bin/python" ]; then
  "$python" -m venv "$venv_dir"
fi
"$venv_dir/bin/python" -m pip install -q --disable-pip-version-check pytest mypy uvicorn hatchling
"$venv_dir/bin/python" --version

export ROUTECORE_LIBRARY="$lib"
export PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}"
export ROUTECORE_SKIP_CARGO=1  # the wheel test bundles the library built above
cd "$here"

step "mypy --strict"
"$venv_dir/bin/python" -m mypy --strict routecore hatch_build.py tests

step "pytest"
set +e
"$venv_dir/bin/python" -m pytest -q -p no:cacheprovider tests
rc=$?
set -e
if [ "$rc" -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi
[ "$rc" -eq 0 ] || exit "$rc"

step "all Python binding checks passed in $(( $(date +%s) - start ))s"
