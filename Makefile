# routecore: one entry point per job. `make test` is what CI runs (through .ci/run).
.PHONY: demo test test-rust lint vectors bench bench-callgrind

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

# Benchmarks (BENCHMARKS.md): every criterion group in one run; the HTML report with its charts
# lands in target/criterion/report/index.html. Then instruction counts under callgrind.
bench:
	cargo bench -p routecore-benches

bench-callgrind:
	benches/callgrind.sh
