package routecore

/*
#include "routecore.h"
*/
import "C"

import (
	"net/http"
	"runtime"
)

// Kind is the kind of file that serves a route.
type Kind uint32

// The route kinds (routecore_route_kind).
const (
	KindRoute    Kind = C.ROUTECORE_ROUTE_KIND_ROUTE    // a route handler (route.ts): answers the methods it lists
	KindPage     Kind = C.ROUTECORE_ROUTE_KIND_PAGE     // a page (page.tsx): answers GET and HEAD
	KindMetadata Kind = C.ROUTECORE_ROUTE_KIND_METADATA // a metadata route (sitemap.ts, icon.png): GET and HEAD
)

// String is the kind's name in routecore.json and the decision JSON: route, page, metadata.
func (k Kind) String() string {
	switch k {
	case KindRoute:
		return "route"
	case KindPage:
		return "page"
	case KindMetadata:
		return "metadata"
	}
	return "Kind(" + itoa(uint64(k)) + ")"
}

// Dynamic is a route's `export const dynamic` (route segment config).
type Dynamic uint32

// The dynamic values (routecore_dynamic).
const (
	DynamicAuto         Dynamic = C.ROUTECORE_DYNAMIC_AUTO
	DynamicForceDynamic Dynamic = C.ROUTECORE_DYNAMIC_FORCE_DYNAMIC
	DynamicForceStatic  Dynamic = C.ROUTECORE_DYNAMIC_FORCE_STATIC
	DynamicError        Dynamic = C.ROUTECORE_DYNAMIC_ERROR
)

// RouteSpec.Revalidate values besides a positive number of seconds (`export const revalidate`).
const (
	RevalidateUnset int64 = 0  // not exported (the default; the zero value)
	RevalidateNever int64 = -2 // revalidate = false: cache indefinitely
	RevalidateZero  int64 = -3 // revalidate = 0: never cache
)

// revalidateArg maps a RouteSpec.Revalidate to the C ABI's encoding.
func revalidateArg(v int64) C.int64_t {
	switch v {
	case RevalidateUnset, -1:
		return C.ROUTECORE_REVALIDATE_UNSET
	case RevalidateNever:
		return C.ROUTECORE_REVALIDATE_NEVER
	case RevalidateZero:
		return 0
	}
	return C.int64_t(v) // other negative values: the C ABI rejects them (ResultInvalidArgument)
}

var methodBits = [...]struct {
	name string
	bit  uint32
}{
	{http.MethodDelete, C.ROUTECORE_METHOD_DELETE},
	{http.MethodGet, C.ROUTECORE_METHOD_GET},
	{http.MethodHead, C.ROUTECORE_METHOD_HEAD},
	{http.MethodOptions, C.ROUTECORE_METHOD_OPTIONS},
	{http.MethodPatch, C.ROUTECORE_METHOD_PATCH},
	{http.MethodPost, C.ROUTECORE_METHOD_POST},
	{http.MethodPut, C.ROUTECORE_METHOD_PUT},
}

func methodNames(bits uint32) []string {
	var out []string
	for _, m := range methodBits {
		if bits&m.bit != 0 {
			out = append(out, m.name)
		}
	}
	return out
}

// RouteSpec is one route for a [Builder], with every option of a routecore.json route.
type RouteSpec struct {
	Pattern    string   // Next.js segment syntax: /blog/[slug], /shop/[...slug], /docs/[[...slug]]
	Kind       Kind     // KindRoute, KindPage or KindMetadata
	Methods    []string // for KindRoute: the exported handlers (GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS)
	Dynamic    Dynamic  // export const dynamic
	Revalidate int64    // seconds (> 0), RevalidateUnset (the zero value), RevalidateNever or RevalidateZero
	ID         uint64   // your handler id, returned in every decision for this route
	File       string   // the source file, or "" for none
}

// A Builder collects routes and options, then builds a [Router]. Its methods chain:
//
//	r, err := routecore.NewBuilder().
//		Route("/blog/[slug]", routecore.KindPage, nil, 1).
//		Route("/api/posts", routecore.KindRoute, []string{"GET", "POST"}, 2).
//		Build()
//
// A Builder holds only Go memory (the C builder exists during Build) and may be built again
// after adding more routes. It is not safe for concurrent use.
type Builder struct {
	routes        []RouteSpec
	basePath      string
	trailingSlash bool
	skipTrailing  bool
}

// NewBuilder returns an empty builder with default options.
func NewBuilder() *Builder { return &Builder{} }

// Route adds a route with default options (dynamic auto, revalidate unset, no file).
// methods is ignored for pages and metadata routes.
func (b *Builder) Route(pattern string, kind Kind, methods []string, id uint64) *Builder {
	return b.Add(RouteSpec{Pattern: pattern, Kind: kind, Methods: methods, ID: id})
}

// Add adds a route with all its options.
func (b *Builder) Add(spec RouteSpec) *Builder {
	b.routes = append(b.routes, spec)
	return b
}

// BasePath sets basePath (e.g. "/docs"; "" for none).
func (b *Builder) BasePath(p string) *Builder { b.basePath = p; return b }

// TrailingSlash sets trailingSlash: canonical URLs end with "/".
func (b *Builder) TrailingSlash(on bool) *Builder { b.trailingSlash = on; return b }

// SkipTrailingSlashRedirect sets skipTrailingSlashRedirect: never redirect to add or drop a
// trailing slash.
func (b *Builder) SkipTrailingSlashRedirect(on bool) *Builder { b.skipTrailing = on; return b }

// Build builds a router from the routes and options added so far. Invalid patterns and
// conflicting routes come back all at once in a [*BuildError]; a method name routecore does
// not know, or an argument out of range, is an [*Error].
func (b *Builder) Build() (*Router, error) {
	if abiErr != nil {
		return nil, abiErr
	}
	cb := C.routecore_builder_new()
	defer C.routecore_builder_free(cb)
	for _, r := range b.routes {
		var bits uint32
		for _, m := range r.Methods {
			found := false
			for _, mb := range methodBits {
				if mb.name == m {
					bits |= mb.bit
					found = true
				}
			}
			if !found {
				return nil, &Error{Op: "add route " + r.Pattern + ": method " + m, Code: ResultInvalidArgument}
			}
		}
		res := C.routecore_builder_add_route(cb, cstr(r.Pattern), C.size_t(len(r.Pattern)),
			C.uint32_t(r.Kind), C.uint32_t(bits), C.uint32_t(r.Dynamic), revalidateArg(r.Revalidate),
			C.uint64_t(r.ID), cstr(r.File), C.size_t(len(r.File)))
		if res != C.ROUTECORE_RESULT_OK {
			return nil, &Error{Op: "add route " + r.Pattern, Code: Result(res)}
		}
	}
	if res := C.routecore_builder_set_base_path(cb, cstr(b.basePath), C.size_t(len(b.basePath))); res != C.ROUTECORE_RESULT_OK {
		return nil, &Error{Op: "base path", Code: Result(res)}
	}
	C.routecore_builder_set_trailing_slash(cb, C.bool(b.trailingSlash))
	C.routecore_builder_set_skip_trailing_slash_redirect(cb, C.bool(b.skipTrailing))
	runtime.KeepAlive(b)
	return build("build", func(out **C.routecore_router, errs *C.routecore_errors) C.routecore_result {
		return C.routecore_builder_build(cb, out, errs)
	})
}
