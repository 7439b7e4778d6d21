// Package-wide cgo settings: the header and the static library libroutecore.a.
//
// By default the library is the one `make lib` builds at the repository root,
// target/release/libroutecore.a. On Linux, when it is missing, the linker finds
// nolib/libroutecore.a instead: a linker script that stops the link with one line naming the
// command that builds it. With -tags routecore_external the package links no
// library of its own: pass it in CGO_LDFLAGS (for a CARGO_TARGET_DIR or an installed copy;
// README.md, "Build").
package routecore

/*
#cgo CFLAGS: -I${SRCDIR}/../../include
#cgo !routecore_external,linux LDFLAGS: -L${SRCDIR}/../../target/release -L${SRCDIR}/nolib -l:libroutecore.a
#cgo !routecore_external,!linux LDFLAGS: ${SRCDIR}/../../target/release/libroutecore.a
#cgo LDFLAGS: -lm -ldl -lpthread
*/
import "C"
