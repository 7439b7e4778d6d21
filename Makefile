# routecore: one entry point per job. `make test` is what CI runs (through .ci/run).
.PHONY: demo test test-rust lint vectors

# The main job on the bundled example: decide one request and print the decision.
demo:
	cargo run -q -p routecore-cli -- routes examples/shop
	cargo run -q -p routecore-cli -- match examples/shop GET '/products/42?ref=home' --json

# Every test, in every language.
test: test-rust

test-rust:
	cargo test --workspace

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

# Regenerate the conformance vectors (the Next.js oracle needs Node and npm).
vectors:
	python3 tests/gen/routing_vectors.py
	cd tests/oracle && npm ci --ignore-scripts --no-audit --no-fund && node gen-core-vectors.mjs

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
