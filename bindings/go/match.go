package routecore

/*
#include "rcgo.h"
*/
import "C"

import (
	"net/http"
	"runtime"
	"sync"
	"unsafe"
)

// matchCtx is one pooled C context with the Go-side buffers its matches use. Everything C
// reads or writes lives either in C memory or in these Go buffers, passed for one call only.
type matchCtx struct {
	s     *C.rcgo_scratch // C memory: the context, the summary, the views
	views []C.routecore_str
	hbuf  []byte     // request header bytes: name, value, name, value, ...
	hlens []C.size_t // their lengths
}

func freeScratch(s *C.rcgo_scratch) { C.rcgo_scratch_free(s) }

// contexts pools C contexts across goroutines. A context dropped by the pool is freed by its
// cleanup. A context keeps a reference to the table it last matched on, so a closed or
// swapped-out table's memory goes when its last pooled context is reused or collected.
var contexts = sync.Pool{New: func() any {
	s := C.rcgo_scratch_new()
	if s == nil {
		panic("routecore: out of memory")
	}
	m := &matchCtx{s: s}
	runtime.AddCleanup(m, freeScratch, s)
	return m
}}

// What rcgo_match reads besides the action, status and route id (RCGO_WANT_*).
const (
	wantParams = C.RCGO_WANT_PARAMS
	wantAll    = C.RCGO_WANT_ALL
)

func (m *matchCtx) reset() {
	m.hbuf = m.hbuf[:0]
	m.hlens = m.hlens[:0]
}

func (m *matchCtx) addHeader(name, value string) {
	m.hbuf = append(m.hbuf, name...)
	m.hbuf = append(m.hbuf, value...)
	m.hlens = append(m.hlens, C.size_t(len(name)), C.size_t(len(value)))
}

// match runs one rcgo_match crossing and, if the views did not fit, one rcgo_views.
func (r *Router) match(m *matchCtx, method, target, host string, want C.uint32_t) error {
	sh, err := r.handle()
	if err != nil {
		return err
	}
	var hb *C.char
	var hl *C.size_t
	if len(m.hbuf) > 0 {
		hb = (*C.char)(unsafe.Pointer(&m.hbuf[0]))
	}
	if len(m.hlens) > 0 {
		hl = &m.hlens[0]
	}
	C.rcgo_match(sh, m.s,
		cstr(method), C.size_t(len(method)), cstr(target), C.size_t(len(target)), cstr(host), C.size_t(len(host)),
		hb, hl, C.size_t(len(m.hlens)/2), want)
	runtime.KeepAlive(r)
	if res := m.s.sum.result; res != C.ROUTECORE_RESULT_OK {
		m.views = nil
		return &Error{Op: "match", Code: Result(res)}
	}
	m.views = unsafe.Slice(m.s.views, m.s.sum.nviews) // C memory, valid until the next match
	return nil
}

// Match decides what to do with an incoming request: its method, target (r.RequestURI, or
// r.URL.RequestURI() for a request made in Go), Host and headers. The error is non-nil only
// for a Router that is closed or a request over the C ABI's bounds ([ResultLengthLimit]:
// more than 10,000 headers or a field over 1 MiB); every request a server can receive,
// malformed ones included, gets a Decision.
func (r *Router) Match(req *http.Request) (*Decision, error) {
	m := contexts.Get().(*matchCtx)
	defer contexts.Put(m)
	m.reset()
	for name, values := range req.Header {
		for _, v := range values {
			m.addHeader(name, v)
		}
	}
	target := req.RequestURI
	if target == "" {
		target = req.URL.RequestURI()
	}
	if err := r.match(m, req.Method, target, req.Host, wantAll); err != nil {
		return nil, err
	}
	return m.decision(), nil
}

// MatchRaw decides what to do with a request given as its parts: method (case-sensitive),
// target (/path?query or an absolute URL, bytes as received), host ("" for none) and header
// pairs (name, value). Errors as for [Router.Match].
func (r *Router) MatchRaw(method, target, host string, headers [][2]string) (*Decision, error) {
	m := contexts.Get().(*matchCtx)
	defer contexts.Put(m)
	m.reset()
	for _, h := range headers {
		m.addHeader(h[0], h[1])
	}
	if err := r.match(m, method, target, host, wantAll); err != nil {
		return nil, err
	}
	return m.decision(), nil
}

// Lookup is the lean path, shaped like httprouter's: it matches method and path (no host, no
// headers) and reads only the route id and params. ok is true when the decision is
// [ActionRoute]; anything else (a redirect, 404, 405, ...) needs [Router.MatchRaw] to be
// answered; ok is also false on a closed router. A static route costs no allocation; params
// cost two (the slice and one buffer holding every value).
func (r *Router) Lookup(method, path string) (id uint64, ps Params, ok bool) {
	m := contexts.Get().(*matchCtx)
	defer contexts.Put(m)
	m.reset()
	if r.match(m, method, path, "", wantParams) != nil || Action(m.s.sum.action) != ActionRoute {
		return 0, nil, false
	}
	if m.s.sum.nparams > 0 {
		var c copier
		n, _ := m.paramBytes()
		c.buf = make([]byte, 0, n)
		ps, _ = m.readParams(&c)
	}
	return uint64(m.s.sum.id), ps, true
}

// copier copies views into one buffer sized up front; the strings it returns share that
// buffer, which is never written again.
type copier struct{ buf []byte }

func (c *copier) str(v C.routecore_str) string {
	n := int(v.len)
	if v.ptr == nil || n == 0 {
		return ""
	}
	off := len(c.buf)
	c.buf = append(c.buf, unsafe.Slice((*byte)(unsafe.Pointer(v.ptr)), n)...)
	return unsafe.String(&c.buf[off], n)
}

func (c *copier) bytes(v C.routecore_str) []byte {
	if v.ptr == nil {
		return nil
	}
	n := int(v.len)
	off := len(c.buf)
	c.buf = append(c.buf, unsafe.Slice((*byte)(unsafe.Pointer(v.ptr)), n)...)
	return c.buf[off : off+n : off+n]
}

// The params occupy the first views: for each param its name, a meta view {NULL,
// count<<1 | catchAll}, then its count values (rcgo_views in cgo.go).

// paramBytes is the buffer size readParams needs (names, values, and the joined value of
// each catch-all) and the index of the first view after the params.
func (m *matchCtx) paramBytes() (n, v int) {
	for range int(m.s.sum.nparams) {
		n += int(m.views[v].len)
		meta := uint64(m.views[v+1].len)
		count := int(meta >> 1)
		v += 2
		for j := range count {
			n += int(m.views[v+j].len)
			if meta&1 == 1 {
				n += int(m.views[v+j].len) + 1
			}
		}
		v += count
	}
	return n, v
}

// readParams copies the params out and returns them with the index of the next view.
func (m *matchCtx) readParams(c *copier) (Params, int) {
	np := int(m.s.sum.nparams)
	if np == 0 {
		return nil, 0
	}
	ps := make(Params, np)
	v := 0
	var segs []string
	for i := range ps {
		ps[i].Key = c.str(m.views[v])
		meta := uint64(m.views[v+1].len)
		count := int(meta >> 1)
		v += 2
		if meta&1 == 0 {
			ps[i].Value = c.str(m.views[v])
		} else {
			ps[i].CatchAll = true
			if segs == nil {
				segs = make([]string, 0, int(m.s.sum.nviews)-v)
			}
			start := len(segs)
			for j := range count {
				segs = append(segs, c.str(m.views[v+j]))
			}
			ps[i].Values = segs[start:len(segs):len(segs)]
			// The joined value, built in the same buffer.
			off := len(c.buf)
			for j := range count {
				if j > 0 {
					c.buf = append(c.buf, '/')
				}
				c.buf = append(c.buf, ps[i].Values[j]...)
			}
			if n := len(c.buf) - off; n > 0 {
				ps[i].Value = unsafe.String(&c.buf[off], n)
			}
		}
		v += count
	}
	return ps, v
}

// decision copies a full decision (read with wantAll) out of the context.
func (m *matchCtx) decision() *Decision {
	s := &m.s.sum
	size, rest := m.paramBytes()
	for _, f := range [...]C.routecore_str{s.pattern, s.file, s.pathname, s.location, s.allow, s.body} {
		size += int(f.len)
	}
	for _, v := range m.views[rest:s.nviews] {
		size += int(v.len)
	}
	c := copier{buf: make([]byte, 0, size)}
	d := &Decision{
		Action:     Action(s.action),
		Status:     int(s.status),
		Middleware: s.middleware != 0,
		Cache:      Cache(s.cache),
		Revalidate: NoRevalidate,
		HeadViaGet: s.head_via_get != 0,
	}
	if s.has_revalidate != 0 {
		d.Revalidate = int64(s.revalidate)
	}
	if s.pattern.ptr != nil {
		d.route = Route{Pattern: c.str(s.pattern), Kind: Kind(s.kind), File: c.str(s.file), ID: uint64(s.id)}
		d.Route = &d.route
	}
	d.Pathname = c.str(s.pathname)
	d.Location = c.str(s.location)
	d.Allow = c.str(s.allow)
	d.Body = c.bytes(s.body)
	var v int
	d.Params, v = m.readParams(&c)
	views := m.views
	// Query and response headers share one allocation.
	var pairs []Pair
	if n := int(s.nquery) + int(s.nresp); n > 0 {
		pairs = make([]Pair, n)
	}
	if n := int(s.nquery); n > 0 {
		d.Query, pairs = pairs[:n:n], pairs[n:]
		for i := range d.Query {
			d.Query[i] = Pair{c.str(views[v]), c.str(views[v+1])}
			v += 2
		}
	}
	if n := int(s.nreq); n > 0 {
		d.RequestHeaders = make([]HeaderChange, n)
		for i := range d.RequestHeaders {
			d.RequestHeaders[i] = HeaderChange{Name: c.str(views[v]), Value: c.str(views[v+1]), Remove: views[v+1].ptr == nil}
			v += 2
		}
	}
	if n := int(s.nresp); n > 0 {
		d.ResponseHeaders = pairs[:n:n]
		for i := range d.ResponseHeaders {
			d.ResponseHeaders[i] = Pair{c.str(views[v]), c.str(views[v+1])}
			v += 2
		}
	}
	if n := int(s.nvary); n > 0 {
		d.Vary = make([]string, n)
		for i := range d.Vary {
			d.Vary[i] = c.str(views[v])
			v++
		}
	}
	return d
}

// MatchJSON matches like [Router.MatchRaw] and returns the decision in the core's own JSON
// form (ROUTING.md §6.1, routecore_context_json): for logs, debugging and conformance tests.
func (r *Router) MatchJSON(method, target, host string, headers [][2]string) ([]byte, error) {
	m := contexts.Get().(*matchCtx)
	defer contexts.Put(m)
	m.reset()
	for _, h := range headers {
		m.addHeader(h[0], h[1])
	}
	if err := r.match(m, method, target, host, 0); err != nil {
		return nil, err
	}
	var n C.size_t
	res := C.routecore_context_json(m.s.ctx, nil, 0, &n)
	if res != C.ROUTECORE_RESULT_INSUFFICIENT_SIZE && res != C.ROUTECORE_RESULT_OK {
		return nil, &Error{Op: "decision json", Code: Result(res)}
	}
	buf := make([]byte, int(n)+1)
	if res = C.routecore_context_json(m.s.ctx, (*C.char)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)), &n); res != C.ROUTECORE_RESULT_OK {
		return nil, &Error{Op: "decision json", Code: Result(res)}
	}
	return buf[:n], nil
}
