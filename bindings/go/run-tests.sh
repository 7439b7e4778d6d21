#!/usr/bin/env bash
# Everything the Go binding promises, checked in order; exits non-zero on the first failure.
#   1. ffi/build-lib.sh --release (`make lib`)  (target/release/libroutecore.a, linked by cgo;
#                                                 with CARGO_TARGET_DIR set, linked from there
#                                                 through -tags routecore_external + CGO_LDFLAGS)
#   2. gofmt and go vet                          (this module, the example, the bench module)
#   3. go test -race ./...                       (vectors, API/errors, shop end-to-end, hot swap
#                                                 under load, example server, README quickstart)
#   4. the same with GOEXPERIMENT=cgocheck2      (every Go pointer passed to C is checked)
#   5. the example server test and the README quickstart test, verbosely
#   6. bench module: go vet + its tests          (every router finds every request, the browser
#                                                 headers reach the route; the benchmarks
#                                                 themselves are run by hand: BENCHMARKS.md)
#   7. without the library, the build fails with one line naming `make lib` (Linux)
# Needs Go >= 1.24, Rust stable (cargo) and a C compiler; the network only for the Go module
# proxy (the bench module's httprouter and chi).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
start=$(date +%s)
step() { echo; echo "=== go: $* ($(( $(date +%s) - start ))s)"; }

step "prerequisites"
for tool in go cargo cc; do
  command -v "$tool" >/dev/null || { echo "missing: $tool"; exit 1; }
done
go version
export CGO_ENABLED=1

step "ffi/build-lib.sh --release"
"$root/ffi/build-lib.sh" --release
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
if [ "$target" != "$root/target" ]; then
  # cgo cannot read CARGO_TARGET_DIR: the documented way to link a library built elsewhere.
  export GOFLAGS="${GOFLAGS:+$GOFLAGS }-tags=routecore_external"
  export CGO_LDFLAGS="$target/release/libroutecore.a${CGO_LDFLAGS:+ $CGO_LDFLAGS}"
  echo "CARGO_TARGET_DIR=$target: GOFLAGS=$GOFLAGS CGO_LDFLAGS=$CGO_LDFLAGS"
fi
test -f "$target/release/libroutecore.a"

cd "$here"
step "gofmt"
unformatted="$(gofmt -l .)"
if [ -n "$unformatted" ]; then
  echo "not gofmt-ed:"; echo "$unformatted"; exit 1
fi

step "go vet"
go vet ./...

step "go test -race ./... (GODEBUG=cgocheck=1)"
GODEBUG=cgocheck=1 go test -race -count=1 ./...

step "go test ./... with GOEXPERIMENT=cgocheck2"
GOEXPERIMENT=cgocheck2 go test -count=1 ./...

step "example server (built, started on a loopback port, driven over HTTP)"
go test -count=1 -run 'TestServer$' -v ./examples/server

step "README quickstart (extracted, built and run offline)"
go test -count=1 -run 'TestReadmeQuickstart$' -v .

step "bench module: go vet + its tests (not the benchmarks)"
(cd bench && go vet ./... && go test -count=1 ./...)

if [ "$(uname -s)" = Linux ]; then
  step "missing library: one line naming the command that builds it"
  # A copy of the package with no target/ beside it, built the way a user would.
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  mkdir -p "$scratch/bindings"
  cp -r "$root/include" "$scratch/include"
  cp -r "$here" "$scratch/bindings/go"
  if out="$(cd "$scratch/bindings/go" && GOFLAGS= CGO_LDFLAGS= go build -o /dev/null ./examples/server 2>&1)"; then
    echo "built without libroutecore.a"; exit 1
  fi
  echo "$out" | grep -F 'build it with: make lib' || { echo "$out"; exit 1; }
fi

step "all Go binding checks passed in $(( $(date +%s) - start ))s"
