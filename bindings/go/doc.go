// Package routecore is the Go binding of routecore, an HTTP routing engine with Next.js App
// Router semantics: route priority, dynamic segments and catch-alls, middleware and
// next.config rules (headers, redirects, rewrites), automatic OPTIONS, 405 with Allow, HEAD
// via GET, and bad-request limits. The Rust core decides; this package translates its C ABI
// (include/routecore.h) into Go values and applies decisions in an [http.Handler]. It never
// cleans paths or matches routes itself.
//
// # Building
//
// The module path is github.com/routecore/routecore/bindings/go. It uses cgo and links the
// static library the Rust workspace builds, so build that first, from the repository root:
//
//	make lib   # target/release/libroutecore.a
//
// The package then builds with the standard Go tool (CGO_ENABLED=1, a C compiler). Use it from
// a checkout of the repository (a replace directive or go.work), not from the module cache.
// A library built elsewhere (CARGO_TARGET_DIR, an installed copy) is linked with
// -tags routecore_external and CGO_LDFLAGS=/path/to/libroutecore.a (README.md, "Build").
//
// # Routers and decisions
//
// Build a [Router] once with [Load] (a project directory), [FromConfig] (routecore.json text)
// or a [Builder], then ask it for a [Decision] per request with [Router.Match] or
// [Router.MatchRaw]. A Router is safe for concurrent use, and [Router.Swap] replaces its
// table while requests are being matched. Close it when done; a forgotten Router is freed by
// a cleanup.
//
// [Handler] applies decisions the way Next.js would and dispatches routes to your handlers by
// route id; handlers read params with [ParamsFromContext] or r.PathValue. With
// [WithDecisionInContext](false) they read them with r.PathValue only, and a request that
// needs no change is passed on as is: no allocation for a static route.
//
// # cgo
//
// Each match is one cgo call: method, target and host are passed as views of the Go strings,
// headers as one pooled byte buffer, and a small C helper writes the whole decision in its
// packed form (routecore_context_packed), or for Handler and a plain route a few views, into
// C memory owned by a pooled matching context; the Decision's strings are then copied into
// one Go buffer, or shared with the request target and the interned route names. C never keeps a Go pointer. See README.md for the ownership rules in full.
package routecore
