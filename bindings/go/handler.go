package routecore

/*
#include "rcgo.h"
*/
import "C"

import (
	"context"
	"errors"
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"unsafe"
)

// Handler's result is an http.Handler.
var _ http.Handler = (*handler)(nil)

type decisionKey struct{}

// DecisionFromContext returns the decision [Handler] made for the request whose context this
// is, or nil.
func DecisionFromContext(ctx context.Context) *Decision {
	d, _ := ctx.Value(decisionKey{}).(*Decision)
	return d
}

// ParamsFromContext returns the params of the route [Handler] dispatched the request to, in
// pattern order (catch-alls with their segments in Param.Values), or nil.
func ParamsFromContext(ctx context.Context) Params {
	if d := DecisionFromContext(ctx); d != nil {
		return d.Params
	}
	return nil
}

// An Option configures [Handler] and [Middleware].
type Option func(*handler)

// WithNotFound answers ActionNotFound decisions (default: a plain-text 404). The request's
// context holds the decision.
func WithNotFound(h http.Handler) Option { return func(x *handler) { x.notFound = h } }

// WithFallback serves routes whose id has no entry in the handler map (default: a plain-text
// 501 naming the route).
func WithFallback(h http.Handler) Option { return func(x *handler) { x.fallback = h } }

// WithTransport sets the round tripper external rewrites are proxied with (default:
// http.DefaultTransport).
func WithTransport(rt http.RoundTripper) Option { return func(x *handler) { x.proxy.Transport = rt } }

// WithErrorLog logs failed matches and proxy errors to l (default: the log package's
// standard logger).
func WithErrorLog(l *log.Logger) Option {
	return func(x *handler) { x.log = l; x.proxy.ErrorLog = l }
}

// WithCacheControl sets whether a route's response gets a default Cache-Control header from
// the decision's Cache and Revalidate when no other header set one (default: true):
// "s-maxage=N, stale-while-revalidate" for a static response (N = revalidate, or a year), and
// "private, no-cache, no-store, max-age=0, must-revalidate" for a dynamic one, as Next.js
// sends them. Handlers may still overwrite it.
func WithCacheControl(on bool) Option { return func(x *handler) { x.cacheControl = on } }

// WithDecisionInContext sets whether a route's handler finds the decision in its request's
// context (default: true). With true, the request passed to it is a copy carrying the
// decision ([DecisionFromContext], [ParamsFromContext]). With false it is not: handlers read
// params with r.PathValue only, and when nothing else about the request changes (the usual
// case: r.URL already shows the route's path, no query or header changes, not HEAD via GET,
// not mounted under a ServeMux with params) the request is passed on as is, the params set
// on it in place with SetPathValue, as [http.ServeMux] does. That is the lean path: no
// allocation per request for a static route, and for a route with params none beyond what
// SetPathValue allocates (its map, on a request that has none yet) and, when a value is
// not a substring of the request target (it was percent-decoded), one buffer. Redirects,
// 404s, [WithNotFound], [Middleware]'s next and every other decision still get the
// decision in the context: only routes dispatched to a handler of the map are affected.
func WithDecisionInContext(on bool) Option { return func(x *handler) { x.decisionInContext = on } }

type handler struct {
	router *Router
	// The route handlers, read from Handler's map once: ids below len(byID) in the slice
	// (nil where the map has none), any larger id in the map (nil when there is none).
	byID              []http.Handler
	handlers          map[uint64]http.Handler
	notFound          http.Handler
	fallback          http.Handler
	proxy             *httputil.ReverseProxy
	log               *log.Logger
	cacheControl      bool
	decisionInContext bool
}

// Handler returns an http.Handler that answers every request from router's decision, the way
// Next.js would:
//
//   - ActionRoute: the handler registered under the route's id, with the params in the
//     request context ([ParamsFromContext], [DecisionFromContext]) and, for each param, in
//     r.PathValue (a catch-all's segments joined with "/"); middleware's request header
//     changes applied to the request passed on; r.URL showing the path and query the route
//     sees (after rewrites, without the basePath, like request.nextUrl), while r.RequestURI
//     keeps the target as received. An internal rewrite needs nothing more: the decision
//     already names the final route. HEAD served by a GET handler (Decision.HeadViaGet) runs
//     the handler with method GET and drops the body.
//   - ActionRedirect: Status with Location (a 308 also carries Refresh, as a response header).
//   - ActionRewriteExternal: proxied to Location with httputil.ReverseProxy (X-Forwarded-*
//     set, request header changes applied).
//   - ActionRespond: Status, the response headers and Body, from middleware.
//   - ActionOptions: 204 with Allow. ActionMethodNotAllowed: 405 with Allow.
//   - ActionNotFound: 404 (see [WithNotFound]). ActionBadRequest: 400, 414 or 431.
//
// Every decision's ResponseHeaders are added to the response, and its Vary names to Vary.
// A request over the C ABI's own bounds (more than 10,000 headers) gets 431.
//
// With [WithDecisionInContext](false), a route's handler from the map reads params with
// r.PathValue only and gets the request itself when nothing about it changes: the lean
// path, with no allocation for a static route.
//
// Handler reads the handlers map when it is called (into a table indexed by route id): later
// changes to the map are not seen. A nil entry counts as no handler.
func Handler(router *Router, handlers map[uint64]http.Handler, opts ...Option) http.Handler {
	h := &handler{router: router, cacheControl: true, decisionInContext: true}
	h.byID, h.handlers = indexHandlers(handlers)
	h.proxy = &httputil.ReverseProxy{Rewrite: h.rewrite, ErrorHandler: h.proxyError}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Middleware returns Handler(router, nil, opts...) with every route dispatched to next:
// routecore answers redirects, rewrites, middleware responses, OPTIONS, 405, 404 and bad
// requests itself, and next serves routes (reading the route from [DecisionFromContext]).
func Middleware(router *Router, opts ...Option) func(next http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return Handler(router, nil, append(opts, WithFallback(next))...)
	}
}

// maxDenseIDs bounds the slice indexHandlers makes: ids up to max(maxDenseIDs, 8 per handler).
const maxDenseIDs = 1024

// indexHandlers splits the handler map into a slice indexed by route id, for the ids small
// enough (route ids are usually 0..n), and a map of the others (nil when there are none): a
// slice index instead of a map lookup per request.
func indexHandlers(hs map[uint64]http.Handler) ([]http.Handler, map[uint64]http.Handler) {
	limit := uint64(max(maxDenseIDs, 8*len(hs)))
	n := uint64(0)
	for id, x := range hs {
		if x != nil && id < limit {
			n = max(n, id+1)
		}
	}
	var byID []http.Handler
	if n > 0 {
		byID = make([]http.Handler, n)
	}
	var rest map[uint64]http.Handler
	for id, x := range hs {
		switch {
		case x == nil:
		case id < n:
			byID[id] = x
		default:
			if rest == nil {
				rest = map[uint64]http.Handler{}
			}
			rest[id] = x
		}
	}
	return byID, rest
}

// routeHandler is the handler registered for route id, or nil.
func (h *handler) routeHandler(id uint64) http.Handler {
	if id < uint64(len(h.byID)) {
		return h.byID[id]
	}
	if h.handlers == nil {
		return nil
	}
	return h.handlers[id]
}

func (h *handler) logf(format string, args ...any) {
	if h.log != nil {
		h.log.Printf(format, args...)
	} else {
		log.Printf(format, args...)
	}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	// One crossing: a plain route comes back as views (served without building the whole
	// Decision), anything else as the packed decision.
	m := contexts.Get().(*matchCtx)
	target := req.RequestURI
	if target == "" {
		target = req.URL.RequestURI()
	}
	var err error
	var path string
	if h.decisionInContext {
		err = h.router.matchRequest(m, req, target, wantRoute)
	} else {
		path, err = h.router.matchLean(m, req, target)
	}
	if err != nil {
		contexts.Put(m)
		var e *Error
		if errors.As(err, &e) && e.Code == ResultLengthLimit {
			text(w, http.StatusRequestHeaderFieldsTooLarge)
			return
		}
		h.logf("routecore: %s %s: %v", req.Method, req.RequestURI, err)
		text(w, http.StatusInternalServerError)
		return
	}
	if m.s.sum.simple != 0 {
		if !h.decisionInContext {
			if next := h.routeHandler(uint64(m.s.sum.id)); next != nil {
				h.serveLean(w, req, m, next, target, path) // puts m back
				return
			}
			m.read(target, wantRoute) // the fallback gets the decision
		}
		h.servePlainRoute(w, req, m, target) // puts m back
		return
	}
	d := m.decision()
	contexts.Put(m)
	h.serveDecision(w, req, d)
}

// serveLean is the lean path (WithDecisionInContext(false)): a plain route read by matchLean,
// dispatched to next, its handler from the map, with the request itself when nothing about it
// changes and the params set with SetPathValue. path is what matchLean compared the pathname
// with. It puts m back in the pool before calling next.
func (h *handler) serveLean(w http.ResponseWriter, req *http.Request, m *matchCtx, next http.Handler, target, path string) {
	sum := &m.s.sum
	np := int(sum.nparams)
	same := sum.same != 0
	urlSame := same && req.URL.RawQuery == ""
	r2 := req
	switch {
	case np > 0 && req.Pattern != "":
		r2 = req.Clone(req.Context()) // mounted under a ServeMux: its path values must not be shared
	case !urlSame:
		r2 = req.WithContext(req.Context())
	}
	var c copier
	if !urlSame {
		pathname := path
		if !same {
			n := int(sum.pathname.len)
			if o := int(sum.pathname_off); o != 0 {
				pathname = target[o-1 : o-1+n]
			} else {
				c.buf = make([]byte, 0, n)
				pathname = c.str(sum.pathname)
				c.buf = nil
			}
		}
		r2.URL = routeURL(req.URL, pathname, nil)
	}
	if np > 0 {
		base := path // the values' offsets count in the pathname, which is path
		if !same {
			base = target
		}
		if n := int(sum.param_bytes); n > 0 {
			c.buf = make([]byte, 0, n)
		}
		for _, p := range unsafe.Slice(m.s.lean, np) {
			var v string
			if o := int(p.off); o != 0 {
				v = base[o-1 : o-1+int(p.value.len)]
			} else {
				v = c.str(p.value)
			}
			r2.SetPathValue(internView(p.name), v)
		}
	}
	cache := Cache(sum.cache)
	revalidate := NoRevalidate
	if sum.has_revalidate != 0 {
		revalidate = int64(sum.revalidate)
	}
	contexts.Put(m)
	h.setCacheControl(w, cache, revalidate)
	next.ServeHTTP(w, r2)
}

// serveDecision applies a full decision.
func (h *handler) serveDecision(w http.ResponseWriter, req *http.Request, d *Decision) {
	hdr := w.Header()
	for _, p := range d.ResponseHeaders {
		hdr.Add(p.Name, p.Value)
	}
	for _, v := range d.Vary {
		hdr.Add("Vary", v)
	}
	switch d.Action {
	case ActionRoute:
		h.serveRoute(w, req, d)
	case ActionRedirect:
		hdr.Set("Location", d.Location)
		w.WriteHeader(d.Status)
	case ActionRewriteExternal:
		h.proxy.ServeHTTP(w, h.forward(req, d))
	case ActionRespond:
		if _, ok := hdr["Content-Type"]; !ok {
			hdr["Content-Type"] = nil // the body goes out as given: no sniffed type
		}
		hdr.Set("Content-Length", strconv.Itoa(len(d.Body)))
		w.WriteHeader(d.Status)
		if req.Method != http.MethodHead {
			w.Write(d.Body)
		}
	case ActionOptions:
		hdr.Set("Allow", d.Allow)
		w.WriteHeader(http.StatusNoContent)
	case ActionMethodNotAllowed:
		hdr.Set("Allow", d.Allow)
		text(w, http.StatusMethodNotAllowed)
	case ActionNotFound:
		if h.notFound != nil {
			h.notFound.ServeHTTP(w, h.forward(req, d))
			return
		}
		text(w, http.StatusNotFound)
	default:
		text(w, d.Status)
	}
}

// text answers status with its reason phrase as a plain-text body.
func text(w http.ResponseWriter, status int) {
	http.Error(w, http.StatusText(status), status)
}

// forward is the request passed on: the decision in its context, request header changes
// applied.
func (h *handler) forward(req *http.Request, d *Decision) *http.Request {
	ctx := context.WithValue(req.Context(), decisionKey{}, d)
	var r2 *http.Request
	if req.Pattern != "" || len(d.RequestHeaders) > 0 {
		// Mounted under a ServeMux (its path values must not be shared) or headers to change.
		r2 = req.Clone(ctx)
	} else {
		r2 = req.WithContext(ctx)
	}
	for _, c := range d.RequestHeaders {
		switch {
		case strings.EqualFold(c.Name, "host") && !c.Remove:
			r2.Host = c.Value
		case c.Remove:
			r2.Header.Del(c.Name)
		default:
			r2.Header.Set(c.Name, c.Value)
		}
	}
	return r2
}

func (h *handler) serveRoute(w http.ResponseWriter, req *http.Request, d *Decision) {
	next := h.routeHandler(d.Route.ID)
	if next == nil {
		next = h.fallback
	}
	if next == nil {
		noHandler(w, d.Route.Pattern, d.Route.ID)
		return
	}
	r2 := h.forward(req, d)
	r2.URL = routeURL(req.URL, d.Pathname, d.Query)
	for _, p := range d.Params {
		r2.SetPathValue(p.Key, p.Value)
	}
	if d.HeadViaGet {
		r2.Method = http.MethodGet
		w = headWriter{w}
	}
	h.setCacheControl(w, d.Cache, d.Revalidate)
	next.ServeHTTP(w, r2)
}

// noHandler answers a route with no handler and no fallback.
func noHandler(w http.ResponseWriter, pattern string, id uint64) {
	http.Error(w, "routecore: no handler for route "+pattern+" (id "+strconv.FormatUint(id, 10)+")", http.StatusNotImplemented)
}

// routeURL is u showing the path and query the route sees.
func routeURL(u *url.URL, pathname string, query []Pair) *url.URL {
	u2 := *u
	u2.Path, u2.RawPath = pathname, ""
	if p, err := url.PathUnescape(pathname); err == nil && p != pathname {
		u2.Path, u2.RawPath = p, pathname
	}
	if len(query) > 0 || u2.RawQuery != "" {
		u2.RawQuery = encodeQuery(query)
	}
	return &u2
}

// setCacheControl sets the default Cache-Control of a route's response (WithCacheControl).
func (h *handler) setCacheControl(w http.ResponseWriter, cache Cache, revalidate int64) {
	if !h.cacheControl || cache == CacheNone || w.Header().Get("Cache-Control") != "" {
		return
	}
	switch {
	case cache == CacheStatic && revalidate >= 0:
		w.Header().Set("Cache-Control", "s-maxage="+strconv.FormatInt(revalidate, 10)+", stale-while-revalidate")
	case cache == CacheStatic:
		w.Header().Set("Cache-Control", "s-maxage=31536000, stale-while-revalidate")
	case cache == CacheDynamic:
		w.Header().Set("Cache-Control", "private, no-cache, no-store, max-age=0, must-revalidate")
	}
}

// decisionCtx is a request context carrying a decision: the context and the decision in one
// allocation.
type decisionCtx struct {
	context.Context
	d Decision
}

func (c *decisionCtx) Value(key any) any {
	if _, ok := key.(decisionKey); ok {
		return &c.d
	}
	return c.Context.Value(key)
}

func (c *decisionCtx) String() string { return "routecore decision context" }

// servePlainRoute serves a plain route (rcgo.h, RCGO_WANT_ROUTE) straight from m's views, the
// decision in the request's context, and puts m back in the pool before calling the route's
// handler (or the fallback).
func (h *handler) servePlainRoute(w http.ResponseWriter, req *http.Request, m *matchCtx, target string) {
	id := uint64(m.s.sum.id)
	next := h.routeHandler(id)
	if next == nil {
		next = h.fallback
	}
	if next == nil {
		pattern := internView(m.views[viewPattern])
		contexts.Put(m)
		noHandler(w, pattern, id)
		return
	}
	// r.URL already shows the route's path (routeURL would make the same URL) when there is
	// no query (a plain route has none) and the pathname is req.URL.Path needing no
	// unescaping, or is req.URL.RawPath (net/url sets RawPath only to a valid encoding of Path).
	pathname := m.views[viewPathname]
	urlSame := req.URL.RawQuery == "" && (req.URL.RawPath == "" && viewIs(pathname, req.URL.Path) && !viewHas(pathname, '%') ||
		req.URL.RawPath != "" && viewIs(pathname, req.URL.RawPath))
	dc := &decisionCtx{Context: req.Context()}
	m.plainDecision(&dc.d, target)
	contexts.Put(m)
	d := &dc.d
	var r2 *http.Request
	if req.Pattern != "" {
		r2 = req.Clone(dc) // mounted under a ServeMux: its path values must not be shared
	} else {
		r2 = req.WithContext(dc)
	}
	if !urlSame {
		r2.URL = routeURL(req.URL, d.Pathname, nil)
	}
	for _, p := range d.Params {
		r2.SetPathValue(p.Key, p.Value)
	}
	h.setCacheControl(w, d.Cache, d.Revalidate)
	next.ServeHTTP(w, r2)
}

// encodeQuery writes the decision's query pairs, in order, as a raw query.
func encodeQuery(q []Pair) string {
	var b strings.Builder
	for i, p := range q {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p.Name))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p.Value))
	}
	return b.String()
}

// rewrite points the proxied request at the decision's Location.
func (h *handler) rewrite(pr *httputil.ProxyRequest) {
	d := DecisionFromContext(pr.In.Context())
	target, err := url.Parse(d.Location)
	if err != nil || target.Host == "" {
		target = &url.URL{} // proxyError answers 502
	}
	pr.Out.URL = target
	pr.Out.Host = ""
	pr.SetXForwarded()
}

func (h *handler) proxyError(w http.ResponseWriter, req *http.Request, err error) {
	h.logf("routecore: proxying %s %s: %v", req.Method, req.RequestURI, err)
	text(w, http.StatusBadGateway)
}

// headWriter drops the body of a HEAD response served by a GET handler.
type headWriter struct{ http.ResponseWriter }

func (headWriter) Write(p []byte) (int, error) { return len(p), nil }

// Unwrap lets http.ResponseController reach the underlying writer (Flush, deadlines).
func (w headWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
