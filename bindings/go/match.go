package routecore

/*
#include "rcgo.h"
*/
import "C"

import (
	"encoding/binary"
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"unsafe"
)

// matchCtx is one pooled C context with the Go-side buffers its matches use. Everything C
// reads or writes lives either in C memory or in these Go buffers, passed for one call only.
type matchCtx struct {
	s     *C.rcgo_scratch // C memory: the context, the summary, the views, the packed decision
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

// What rcgo_match reads (RCGO_WANT_*).
const (
	wantParams = C.RCGO_WANT_PARAMS // the action, route id and params, as views (Lookup)
	wantPacked = C.RCGO_WANT_PACKED // the whole decision, packed (Match, MatchRaw)
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

// match runs one rcgo_match crossing.
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
	if err := r.match(m, req.Method, target, req.Host, wantPacked); err != nil {
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
	if err := r.match(m, method, target, host, wantPacked); err != nil {
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
	// The per-param accessors, not the packed form: packing writes every field of the
	// decision and measured 60-110 ns slower per Lookup (BENCHMARKS.md, 2026-12-05).
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

// The views (rcgo_views in rcgo.c). With wantParams: for each param its name, a meta view
// {NULL, count<<1 | catchAll}, then its count values. With wantPacked, only when some query
// key is a list: the query pairs in order, name, value, name, value, ...

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

// The packed layout (routecore.h, routecore_context_packed): a header of 14 little-endian
// uint32 words and the route id, P+Q shape words, N slots of (offset, length), the strings.
const (
	packedVersion = C.ROUTECORE_PACKED_VERSION
	packedHeader  = C.ROUTECORE_PACKED_HEADER_SIZE
	packedFixed   = C.ROUTECORE_PACKED_FIXED_SLOTS // pattern, kind, file, pathname, location, allow, body
	packedAbsent  = C.ROUTECORE_PACKED_ABSENT
	packedSingle  = C.ROUTECORE_PACKED_SINGLE

	packedRoute      = C.ROUTECORE_PACKED_ROUTE
	packedMiddleware = C.ROUTECORE_PACKED_MIDDLEWARE
	packedHeadViaGet = C.ROUTECORE_PACKED_HEAD_VIA_GET
	packedRevalidate = C.ROUTECORE_PACKED_REVALIDATE
	packedBody       = C.ROUTECORE_PACKED_BODY
	packedParamLists = C.ROUTECORE_PACKED_PARAM_LISTS
	packedQueryLists = C.ROUTECORE_PACKED_QUERY_LISTS
)

// packed reads one packed decision in place (C memory, valid until the next match).
type packed struct {
	b             []byte
	shapes, slots int // word index of the first shape word, of the first slot
}

func (p *packed) word(i int) uint32 { return binary.LittleEndian.Uint32(p.b[4*i:]) }

// slot is string slot i's (offset, length) in the string area; off is packedAbsent for an
// absent string.
func (p *packed) slot(i int) (off, n uint32) {
	return p.word(p.slots + 2*i), p.word(p.slots + 2*i + 1)
}

// decision builds a full decision (read with wantPacked) from the packed form. The string
// area is copied into one Go buffer (with room for each catch-all's joined value and, when
// some query key is a list, the ordered query pairs), which every string and Body share.
func (m *matchCtx) decision() *Decision {
	p := packed{b: unsafe.Slice((*byte)(unsafe.Pointer(m.s.packed)), m.s.packed_len)}
	if v := p.word(0); v != packedVersion {
		panic(fmt.Sprintf("routecore: packed decision layout %d, want %d", v, packedVersion))
	}
	flags := p.word(4)
	np, nq, nr, ns, nv, nslots := int(p.word(7)), int(p.word(8)), int(p.word(9)), int(p.word(10)), int(p.word(11)), int(p.word(12))
	p.shapes = packedHeader / 4
	p.slots = p.shapes + np + nq
	area := p.b[4*(p.slots+2*nslots) : p.word(1)]

	// Catch-alls: their segments and joined values.
	var segs, joined int
	if flags&packedParamLists != 0 {
		slot := packedFixed
		for i := range np {
			n := 1
			if shape := p.word(p.shapes + i); shape != packedSingle {
				n = int(shape)
				segs += n
				for j := range n {
					_, l := p.slot(slot + 1 + j)
					joined += int(l) + 1
				}
			}
			slot += 1 + n
		}
	}
	// A list-valued query key: the pairs in request order come as views.
	var qviews []C.routecore_str
	extra := joined
	if flags&packedQueryLists != 0 {
		qviews = m.views[:2*m.s.sum.nquery]
		for _, v := range qviews {
			extra += int(v.len)
		}
	}
	buf := make([]byte, len(area), len(area)+extra)
	copy(buf, area)
	str := func(slot int) string {
		off, n := p.slot(slot)
		if n == 0 {
			return ""
		}
		return unsafe.String(&buf[off], n)
	}

	d := &Decision{
		Action:     Action(p.word(2)),
		Status:     int(p.word(3)),
		Middleware: flags&packedMiddleware != 0,
		Cache:      Cache(p.word(5)),
		Revalidate: NoRevalidate,
		HeadViaGet: flags&packedHeadViaGet != 0,
		Reason:     Reason(p.word(13)), // routecore_context_reason's number
	}
	if flags&packedRevalidate != 0 {
		d.Revalidate = int64(p.word(6))
	}
	if flags&packedRoute != 0 {
		d.route = Route{Pattern: str(0), File: str(2), ID: binary.LittleEndian.Uint64(p.b[56:])}
		switch str(1) {
		case "route":
			d.route.Kind = KindRoute
		case "page":
			d.route.Kind = KindPage
		case "metadata":
			d.route.Kind = KindMetadata
		}
		d.Route = &d.route
	}
	d.Pathname = str(3)
	d.Location = str(4)
	d.Allow = str(5)
	if flags&packedBody != 0 {
		off, n := p.slot(6)
		d.Body = buf[off : off+n : off+n]
	}

	slot := packedFixed
	if np > 0 {
		d.Params = make(Params, np)
		var values []string
		if segs > 0 {
			values = make([]string, 0, segs)
		}
		for i := range d.Params {
			ps := &d.Params[i]
			ps.Key = str(slot)
			shape := p.word(p.shapes + i)
			if shape == packedSingle {
				ps.Value = str(slot + 1)
				slot += 2
				continue
			}
			n := int(shape)
			start := len(values)
			for j := range n {
				values = append(values, str(slot+1+j))
			}
			slot += 1 + n
			ps.CatchAll = true
			ps.Values = values[start:len(values):len(values)]
			// The joined value, built in the same buffer.
			off := len(buf)
			for j, v := range ps.Values {
				if j > 0 {
					buf = append(buf, '/')
				}
				buf = append(buf, v...)
			}
			if n := len(buf) - off; n > 0 {
				ps.Value = unsafe.String(&buf[off], n)
			}
		}
	}

	// Query and response headers share one allocation.
	nqp := nq // query pairs
	if qviews != nil {
		nqp = len(qviews) / 2
	}
	var pairs []Pair
	if n := nqp + ns; n > 0 {
		pairs = make([]Pair, n)
	}
	if nqp > 0 {
		d.Query, pairs = pairs[:nqp:nqp], pairs[nqp:]
	}
	if qviews == nil {
		for i := range d.Query {
			d.Query[i] = Pair{str(slot), str(slot + 1)}
			slot += 2
		}
	} else {
		// The packed form groups the query by key: the pairs come from the views, the keys
		// that are lists from the shapes.
		c := copier{buf: buf}
		for i := range d.Query {
			d.Query[i] = Pair{c.str(qviews[2*i]), c.str(qviews[2*i+1])}
		}
		buf = c.buf
		for i := range nq {
			shape := p.word(p.shapes + np + i)
			if shape != packedSingle {
				d.QueryLists = append(d.QueryLists, str(slot))
				slot += 1 + int(shape)
			} else {
				slot += 2
			}
		}
	}
	if nr > 0 {
		d.RequestHeaders = make([]HeaderChange, nr)
		for i := range d.RequestHeaders {
			off, _ := p.slot(slot + 1)
			d.RequestHeaders[i] = HeaderChange{Name: str(slot), Value: str(slot + 1), Remove: off == packedAbsent}
			slot += 2
		}
	}
	if ns > 0 {
		d.ResponseHeaders = pairs[:ns:ns]
		for i := range d.ResponseHeaders {
			d.ResponseHeaders[i] = Pair{str(slot), str(slot + 1)}
			slot += 2
		}
	}
	if nv > 0 {
		d.Vary = make([]string, nv)
		for i := range d.Vary {
			d.Vary[i] = str(slot)
			slot++
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
