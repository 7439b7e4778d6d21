# routecore: one entry point per job. `make test` is what CI runs (through .ci/run).
.PHONY: demo lib test test-rust test-complexity test-c test-go test-python header header-check lint vectors bench bench-callgrind bench-guard

# The main job on the bundled example: list its routes, then decide one request and print the
# decision, first as the aligned view, then as the JSON form hosts read (ROUTING.md §6.1).
demo:
	@cargo build -q -p routecore-cli
	@echo "== routes of examples/shop-app (priority order)"
	@cargo run -q -p routecore-cli -- routes examples/shop-app
	@echo; echo "== GET /products/42?ref=home"
	@cargo run -q -p routecore-cli -- match examples/shop-app GET '/products/42?ref=home'
	@echo; echo "== the same decision as JSON (--json)"
	@cargo run -q -p routecore-cli -- match examples/shop-app GET '/products/42?ref=home' --json

# libroutecore.{a,so} in target/release/ (or $$CARGO_TARGET_DIR/release/), for C, Go and Python.
lib:
	ffi/build-lib.sh --release

# Every test, in every language.
test: test-rust test-complexity test-c test-go test-python

test-rust:
	cargo test --workspace

# A request's cost is linear in its size along every input dimension, through every surface
# (ffi/tests/complexity.rs): instruction counts under callgrind, in a release build.
test-complexity:
	cargo test --release -p routecore-ffi --test complexity -- --ignored

# The C ABI: C11/C++17 builds, vectors, API, stress (plain, ASan+UBSan,
# valgrind), the example server driven by curl, the README quickstart.
test-c:
	bash bindings/c/run-tests.sh

# The Go package over the C ABI: vet, go test -race, cgocheck2, the example server.
test-go:
	bash bindings/go/run-tests.sh

# The Python package over the C ABI: mypy --strict, pytest (vectors, ASGI/WSGI servers,
# threads, the wheel in a fresh venv).
test-python:
	bash bindings/python/run-tests.sh

# Regenerate include/routecore.h (cbindgen, pinned).
header:
	ffi/gen-header.sh

# include/routecore.h matches ffi/src. Needs cbindgen 0.29.4 (on PATH or in .tools/); without
# it, says how to get it and passes: installing it costs about 4 minutes of compiling.
header-check:
	@if ffi/gen-header.sh --have-cbindgen; then ffi/gen-header.sh --check; else \
	  echo "header-check skipped: cbindgen 0.29.4 not installed (run ffi/gen-header.sh --check to install it into .tools/ and check; .ci/run always does)"; fi

lint: header-check
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

# Regenerate the conformance vectors (the Next.js oracle needs Node and npm).
vectors:
	python3 tests/gen/routing_vectors.py
	cd tests/oracle && npm ci --ignore-scripts --no-audit --no-fund && node gen-core-vectors.mjs && node gen-rules-vectors.mjs

# Benchmarks (BENCHMARKS.md): every criterion group in one run; the HTML report with its charts
# lands in target/criterion/report/index.html. Then instruction counts under callgrind.
bench:
	ffi/build-lib.sh --release
	cargo bench -p routecore-benches

# CI's guard: instruction counts within 10 % of benches/callgrind-baseline.txt.
bench-guard:
	benches/callgrind.sh --check

bench-callgrind:
	ffi/build-lib.sh --release
	benches/callgrind.sh

# Hardening (fuzzing, differential testing against Next.js, Miri). CI runs hardening/run-ci.sh.
.PHONY: fuzz fuzz-short miri differential hardening
FUZZ_SECONDS ?= 600
SEED ?= 1

# Long fuzz runs: every target FUZZ_SECONDS (default 600) each, under AddressSanitizer.
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_SANITIZER=address fuzz/run-short.sh

# The bounded run CI does (25 s per target, no sanitizer).
fuzz-short:
	fuzz/run-short.sh

miri:
	hardening/miri.sh

differential:
	node tests/differential/run.mjs --cases 100000 --seed $(SEED)

hardening:
	hardening/run-ci.sh
