package routecore

/*
#include "routecore.h"
*/
import "C"

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"unsafe"
)

// ABIVersion is the C ABI version of the linked libroutecore (routecore_abi_version).
func ABIVersion() uint32 { return uint32(C.routecore_abi_version()) }

// Version is the version of the linked libroutecore, e.g. "0.1.0".
func Version() string { return C.GoString(C.routecore_version()) }

// abiErr is set when the linked library does not implement the header this package was
// compiled against; every constructor returns it.
var abiErr = func() error {
	if got := ABIVersion(); got != C.ROUTECORE_ABI_VERSION {
		return fmt.Errorf("routecore: libroutecore has ABI version %d, this package needs %d", got, C.ROUTECORE_ABI_VERSION)
	}
	return nil
}()

// A Router decides what to do with each request: which handler (route id) with which params,
// or a redirect, rewrite, middleware response, automatic OPTIONS, 405, 404 or 400.
//
// A Router is safe for concurrent use by any number of goroutines, including [Router.Swap]
// while requests are being matched. It holds C memory: call [Router.Close] when done with it.
// A Router that becomes unreachable without Close is freed by a cleanup, but only at the
// garbage collector's pace. Close must not run while other goroutines still use the Router;
// every call after Close returns [ErrClosed].
type Router struct {
	shared  atomic.Pointer[sharedRef] // nil after Close
	cleanup runtime.Cleanup
}

// sharedRef boxes the C handle (atomic.Pointer needs a complete type).
type sharedRef struct{ p *C.routecore_shared }

// sharedFrees counts freed slots (Close and cleanups), for the tests.
var sharedFrees atomic.Int64

func freeShared(p *C.routecore_shared) {
	sharedFrees.Add(1)
	C.routecore_shared_free(p)
}

// wrap makes a Router around a router handle, taking ownership of the handle.
func wrap(handle *C.routecore_router) (*Router, error) {
	var sh *C.routecore_shared
	res := C.routecore_shared_new(handle, &sh)
	C.routecore_router_free(handle) // the shared slot keeps its own reference
	if res != C.ROUTECORE_RESULT_OK {
		return nil, &Error{Op: "new router", Code: Result(res)}
	}
	r := &Router{}
	r.shared.Store(&sharedRef{sh})
	r.cleanup = runtime.AddCleanup(r, freeShared, sh)
	return r, nil
}

// build runs one of the C build functions with a fresh error list.
func build(op string, f func(out **C.routecore_router, errs *C.routecore_errors) C.routecore_result) (*Router, error) {
	if abiErr != nil {
		return nil, abiErr
	}
	errs := C.routecore_errors_new()
	defer C.routecore_errors_free(errs)
	var handle *C.routecore_router
	if err := buildError(op, f(&handle, errs), errs); err != nil {
		return nil, err
	}
	return wrap(handle)
}

// Load builds a router from a project: a Next.js project directory (app/ or src/app/, with
// middleware.ts or proxy.ts and an optional routecore.json), a directory holding only
// routecore.json, or the path of such a file. A missing or unreadable project is a
// [*BuildError] naming the path. It reads
// the file system: call it at startup or on reload, not per request.
func Load(dir string) (*Router, error) {
	return build("load "+dir, func(out **C.routecore_router, errs *C.routecore_errors) C.routecore_result {
		return C.routecore_router_load(cstrNonNil(dir), C.size_t(len(dir)), out, errs)
	})
}

// FromConfig builds a router from routecore.json text. Every problem (invalid JSON, unknown
// keys, bad patterns, conflicting routes, bad rules) comes back at once in a [*BuildError];
// text that is not UTF-8 is an [*Error] with [ResultInvalidUTF8].
func FromConfig(config []byte) (*Router, error) {
	return build("config", func(out **C.routecore_router, errs *C.routecore_errors) C.routecore_result {
		p := cstrNonNil("")
		if len(config) > 0 {
			p = (*C.char)(unsafe.Pointer(&config[0]))
		}
		res := C.routecore_router_from_config(p, C.size_t(len(config)), out, errs)
		runtime.KeepAlive(config)
		return res
	})
}

// handle returns the shared slot, or ErrClosed.
func (r *Router) handle() (*C.routecore_shared, error) {
	if r == nil {
		return nil, ErrClosed
	}
	ref := r.shared.Load()
	if ref == nil {
		return nil, ErrClosed
	}
	return ref.p, nil
}

// Close frees the router's C memory. Decisions already returned stay valid (they are Go
// copies). Calling Close again does nothing; any other call after Close returns [ErrClosed].
func (r *Router) Close() error {
	if r == nil {
		return nil
	}
	ref := r.shared.Swap(nil)
	if ref == nil {
		return nil
	}
	r.cleanup.Stop()
	freeShared(ref.p)
	return nil
}

// Swap atomically replaces r's route table with the one next serves right now. Matches
// already running on r finish on the old table; later ones use the new one. A swap holds r's lock
// only to exchange two pointers (the old table is freed outside it), so matching never waits
// longer than that; it is safe while other goroutines match through r.
//
// next stays usable and owned by the caller (r takes a reference of its own to the table):
// a reload is typically
//
//	next, err := routecore.Load(dir)
//	if err == nil {
//		live.Swap(next)
//		next.Close()
//	}
func (r *Router) Swap(next *Router) error {
	dst, err := r.handle()
	if err != nil {
		return err
	}
	src, err := next.handle()
	if err != nil {
		return err
	}
	var table *C.routecore_router
	if res := C.routecore_shared_load(src, &table); res != C.ROUTECORE_RESULT_OK {
		return &Error{Op: "swap", Code: Result(res)}
	}
	res := C.routecore_shared_swap(dst, table)
	C.routecore_router_free(table)
	runtime.KeepAlive(r)
	runtime.KeepAlive(next)
	if res != C.ROUTECORE_RESULT_OK {
		return &Error{Op: "swap", Code: Result(res)}
	}
	return nil
}

// Routes lists the routes in priority order (Next.js getSortedRoutes order), the order in
// which they are tried. It takes time quadratic in the number of routes: for listing and
// debugging, not for the request path.
func (r *Router) Routes() ([]RouteInfo, error) {
	sh, err := r.handle()
	if err != nil {
		return nil, err
	}
	defer runtime.KeepAlive(r)
	var table *C.routecore_router
	if res := C.routecore_shared_load(sh, &table); res != C.ROUTECORE_RESULT_OK {
		return nil, &Error{Op: "routes", Code: Result(res)}
	}
	defer C.routecore_router_free(table)
	n := int(C.routecore_router_route_count(table))
	routes := make([]RouteInfo, n)
	for i := range routes {
		var info C.routecore_route_info
		if res := C.routecore_router_route(table, C.size_t(i), &info); res != C.ROUTECORE_RESULT_OK {
			return nil, &Error{Op: "routes", Code: Result(res)}
		}
		routes[i] = RouteInfo{
			Route: Route{
				Pattern: goString(info.pattern),
				Kind:    Kind(info.kind),
				File:    goString(info.file),
				ID:      uint64(info.id),
			},
			Methods: methodNames(uint32(info.methods)),
		}
	}
	return routes, nil
}

// RouteInfo is one route of a router's table (see [Router.Routes]).
type RouteInfo struct {
	Route
	Methods []string // the implemented methods (pages and metadata routes: GET)
}

// cstr is a Go string's bytes for the duration of a C call (C never keeps them). The caller
// keeps s alive across the call (it is an argument, so it is).
func cstr(s string) *C.char {
	if len(s) == 0 {
		return nil
	}
	return (*C.char)(unsafe.Pointer(unsafe.StringData(s)))
}

// cstrNonNil is cstr for the two build functions that reject NULL even with length 0
// (routecore_router_from_config, routecore_router_load): empty text is passed as a pointer to
// an empty string, and so gets a build error rather than ResultNullParameter.
func cstrNonNil(s string) *C.char {
	if len(s) == 0 {
		return (*C.char)(unsafe.Pointer(unsafe.StringData("\x00")))
	}
	return cstr(s)
}
