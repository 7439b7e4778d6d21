// Package-wide cgo settings: the header and the static library built by
// `cargo build -p routecore-ffi --release` at the repository root.
package routecore

/*
#cgo CFLAGS: -I${SRCDIR}/../../include
#cgo LDFLAGS: ${SRCDIR}/../../target/release/libroutecore.a -lm -ldl -lpthread
*/
import "C"
