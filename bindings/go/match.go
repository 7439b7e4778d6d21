package routecore

/*
#include "rcgo.h"
*/
import "C"

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
)

// matchCtx is one pooled C context with the Go-side buffers its matches use. Everything C
// reads or writes lives either in C memory or in these Go buffers, passed for one call only.
type matchCtx struct {
	s     *C.rcgo_scratch // C memory: the context, the summary, the views, the packed decision
	views []C.routecore_str
	offs  []uint32   // for each view, 1 + where the same bytes are in the target, or 0 (C memory)
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
	wantPacked = C.RCGO_WANT_PACKED // the whole decision, packed (Match, MatchRaw)
	wantRoute  = C.RCGO_WANT_ROUTE  // a plain route as views, anything else packed (Handler)
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

// headerPtrs returns the header bytes and lengths as C pointers (nil when empty).
func (m *matchCtx) headerPtrs() (*C.char, *C.size_t) {
	var hb *C.char
	var hl *C.size_t
	if len(m.hbuf) > 0 {
		hb = (*C.char)(unsafe.Pointer(&m.hbuf[0]))
	}
	if len(m.hlens) > 0 {
		hl = &m.hlens[0]
	}
	return hb, hl
}

// match runs one rcgo_match crossing.
func (r *Router) match(m *matchCtx, method, target, host string, want C.uint32_t) error {
	sh, err := r.handle()
	if err != nil {
		return err
	}
	hb, hl := m.headerPtrs()
	// The handle and the scratch are C memory, passed as integers: as pointers, cgo would
	// check each one on every call (about 10 ns).
	C.rcgo_match(C.uintptr_t(uintptr(unsafe.Pointer(sh))), C.uintptr_t(uintptr(unsafe.Pointer(m.s))),
		cstr(method), C.size_t(len(method)), cstr(target), C.size_t(len(target)), cstr(host), C.size_t(len(host)),
		hb, hl, C.size_t(len(m.hlens)/2), want)
	runtime.KeepAlive(r)
	return m.result()
}

// result is the error of the last match (nil for ResultOK), and sets m.views and m.offs to
// the views it read.
func (m *matchCtx) result() error {
	if res := m.s.sum.result; res != C.ROUTECORE_RESULT_OK {
		m.views, m.offs = nil, nil
		return &Error{Op: "match", Code: Result(res)}
	}
	// C memory, valid until the next match.
	m.views = unsafe.Slice(m.s.views, m.s.sum.nviews)
	m.offs = unsafe.Slice((*uint32)(unsafe.Pointer(m.s.voff)), m.s.sum.nviews)
	return nil
}

// read reads the decision m's context holds again, for want (after matchLean: the whole
// plain route).
func (m *matchCtx) read(target string, want C.uint32_t) {
	C.rcgo_read(C.uintptr_t(uintptr(unsafe.Pointer(m.s))), cstr(target), C.size_t(len(target)), want)
	m.result()
}

// matchLean matches req (its target given) with rcgo_match_lean: Handler's lean read. It
// returns the path the pathname was compared with (r.URL.RawPath, or r.URL.Path).
func (r *Router) matchLean(m *matchCtx, req *http.Request, target string) (string, error) {
	m.reset()
	if len(req.Header) > 0 {
		for name, values := range req.Header {
			for _, v := range values {
				m.addHeader(name, v)
			}
		}
	}
	sh, err := r.handle()
	if err != nil {
		return "", err
	}
	hb, hl := m.headerPtrs()
	path, raw := req.URL.RawPath, C.uint8_t(1)
	if path == "" {
		path, raw = req.URL.Path, 0
	}
	method, host := req.Method, req.Host
	C.rcgo_match_lean(C.uintptr_t(uintptr(unsafe.Pointer(sh))), C.uintptr_t(uintptr(unsafe.Pointer(m.s))),
		cstr(method), C.size_t(len(method)), cstr(target), C.size_t(len(target)), cstr(host), C.size_t(len(host)),
		hb, hl, C.size_t(len(m.hlens)/2), cstr(path), C.size_t(len(path)), raw)
	runtime.KeepAlive(r)
	if m.s.sum.simple != 0 {
		if m.s.sum.result != C.ROUTECORE_RESULT_OK { // not reached: simple is set after a match
			return "", &Error{Op: "match", Code: Result(m.s.sum.result)}
		}
		return path, nil
	}
	return path, m.result()
}

// Match decides what to do with an incoming request: its method, target (r.RequestURI, or
// r.URL.RequestURI() for a request made in Go), Host and headers. The error is non-nil only
// for a Router that is closed or a request over the C ABI's bounds ([ResultLengthLimit]:
// more than 10,000 headers or a field over 1 MiB); every request a server can receive,
// malformed ones included, gets a Decision.
func (r *Router) Match(req *http.Request) (*Decision, error) {
	m := contexts.Get().(*matchCtx)
	defer contexts.Put(m)
	target := req.RequestURI
	if target == "" {
		target = req.URL.RequestURI()
	}
	if err := r.matchRequest(m, req, target, wantPacked); err != nil {
		return nil, err
	}
	return m.decision(), nil
}

// matchRequest matches req (its target given) with m.
func (r *Router) matchRequest(m *matchCtx, req *http.Request, target string, want C.uint32_t) error {
	m.reset()
	if len(req.Header) > 0 {
		for name, values := range req.Header {
			for _, v := range values {
				m.addHeader(name, v)
			}
		}
	}
	return r.match(m, req.Method, target, req.Host, want)
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
// cost one (the slice) when every value is a substring of path (no percent-decoding
// changed it, as with httprouter, whose values are always substrings of the path), and one
// more (a buffer holding the other values) otherwise. Param names are shared strings.
func (r *Router) Lookup(method, path string) (id uint64, ps Params, ok bool) {
	// The route id and params alone (rcgo_lookup), not the packed form: packing writes every
	// field of the decision and measured 60-110 ns slower per Lookup (BENCHMARKS.md,
	// 2026-12-05).
	sh, err := r.handle()
	if err != nil {
		return 0, nil, false
	}
	m := contexts.Get().(*matchCtx)
	C.rcgo_lookup(C.uintptr_t(uintptr(unsafe.Pointer(sh))), C.uintptr_t(uintptr(unsafe.Pointer(m.s))),
		cstr(method), C.size_t(len(method)), cstr(path), C.size_t(len(path)))
	runtime.KeepAlive(r)
	sum := &m.s.sum
	if sum.result != C.ROUTECORE_RESULT_OK || Action(sum.action) != ActionRoute {
		contexts.Put(m)
		return 0, nil, false
	}
	if sum.nparams > 0 {
		ps = m.lookupParams(path)
	}
	id = uint64(sum.id)
	contexts.Put(m)
	return id, ps, true
}

// lookupParams reads the params rcgo_lookup wrote (one entry per value, with its place in
// target): names interned, values shared with target or copied into one buffer.
func (m *matchCtx) lookupParams(target string) Params {
	sum := &m.s.sum
	entries := unsafe.Slice(m.s.params, sum.nviews)
	offs := unsafe.Slice((*uint32)(unsafe.Pointer(m.s.eoff)), sum.nviews)
	var c copier
	if n := int(sum.param_bytes); n > 0 {
		c.buf = make([]byte, 0, n)
	}
	value := func(k int) string {
		if o := int(offs[k]); o != 0 {
			return target[o-1 : o-1+int(entries[k].value.len)]
		}
		return c.str(entries[k].value)
	}
	ps := make(Params, sum.nparams)
	var segs []string
	k := 0
	for i := range ps {
		e := &entries[k]
		ps[i].Key = internView(e.name)
		if !e.catch_all {
			ps[i].Value = value(k)
			k++
			continue
		}
		count := int(e.count)
		if segs == nil {
			segs = make([]string, 0, len(entries)-k)
		}
		start := len(segs)
		for j := range count {
			segs = append(segs, value(k+j))
		}
		k += count
		ps[i].CatchAll = true
		ps[i].Values = segs[start:len(segs):len(segs)]
		ps[i].Value = c.join(ps[i].Values)
	}
	return ps
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

// join is values joined with '/': the value itself when there is one, else built in c's
// buffer (sized for it).
func (c *copier) join(values []string) string {
	if len(values) == 1 {
		return values[0]
	}
	off := len(c.buf)
	for j, v := range values {
		if j > 0 {
			c.buf = append(c.buf, '/')
		}
		c.buf = append(c.buf, v...)
	}
	if n := len(c.buf) - off; n > 0 {
		return unsafe.String(&c.buf[off], n)
	}
	return ""
}

// The views (rcgo_views in rcgo.c). With wantRoute, for a plain route: the pattern, the file
// and the pathname, then the params: for each param its name, a meta view
// {NULL, count<<1 | catchAll}, then its count values. With wantPacked, only when
// some query key is a list: the query pairs in order, name, value, name, value, ...
// m.offs[i] != 0 says view i's bytes are also at target[m.offs[i]-1:] (param values and the
// pathname only).

// The views of a plain route (wantRoute).
const (
	viewPattern  = 0
	viewFile     = 1
	viewPathname = 2
	viewParams   = 3
)

// viewIs reports whether v holds the bytes of s.
func viewIs(v C.routecore_str, s string) bool {
	if int(v.len) != len(s) {
		return false
	}
	return len(s) == 0 || string(unsafe.Slice((*byte)(unsafe.Pointer(v.ptr)), len(s))) == s
}

// viewHas reports whether v holds the byte c.
func viewHas(v C.routecore_str, c byte) bool {
	return v.len > 0 && bytes.IndexByte(unsafe.Slice((*byte)(unsafe.Pointer(v.ptr)), int(v.len)), c) >= 0
}

// plainDecision fills d from the views of a plain route (read with wantRoute, sum.simple),
// with the same values decision() would give. Strings are interned (pattern, file, param
// names), shared with target, or copied into one buffer.
func (m *matchCtx) plainDecision(d *Decision, target string) {
	sum := &m.s.sum
	*d = Decision{
		Action:     ActionRoute,
		Status:     int(sum.status),
		Middleware: sum.middleware != 0,
		Cache:      Cache(sum.cache),
		Revalidate: NoRevalidate,
		Reason:     Reason(sum.reason),
	}
	if sum.has_revalidate != 0 {
		d.Revalidate = int64(sum.revalidate)
	}
	if sum.has_id != 0 {
		d.route = Route{Pattern: internView(m.views[viewPattern]), Kind: Kind(sum.kind), File: internView(m.views[viewFile]), ID: uint64(sum.id)}
		d.Route = &d.route
	}
	var c copier
	n := int(m.s.sum.param_bytes)
	if m.offs[viewPathname] == 0 {
		n += int(m.views[viewPathname].len)
	}
	if n > 0 {
		c.buf = make([]byte, 0, n)
	}
	d.Pathname = m.view(viewPathname, target, &c)
	d.Params, _ = m.readParams(&c, viewParams, target)
}

// setPathValues sets the params starting at view v on r with SetPathValue, without building
// Params: names interned, values shared with target or copied into one buffer; a catch-all
// gets its segments joined with "/".
func (m *matchCtx) setPathValues(r *http.Request, v int, target string) {
	var c copier
	if n := int(m.s.sum.param_bytes); n > 0 {
		c.buf = make([]byte, 0, n)
	}
	for range int(m.s.sum.nparams) {
		key := internView(m.views[v])
		meta := uint64(m.views[v+1].len)
		count := int(meta >> 1)
		v += 2
		switch {
		case meta&1 == 0 || count == 1:
			r.SetPathValue(key, m.view(v, target, &c))
		default:
			off := len(c.buf)
			for j := range count {
				if j > 0 {
					c.buf = append(c.buf, '/')
				}
				if o := int(m.offs[v+j]); o != 0 {
					c.buf = append(c.buf, target[o-1:o-1+int(m.views[v+j].len)]...)
				} else {
					c.buf = append(c.buf, unsafe.Slice((*byte)(unsafe.Pointer(m.views[v+j].ptr)), int(m.views[v+j].len))...)
				}
			}
			value := ""
			if n := len(c.buf) - off; n > 0 {
				value = unsafe.String(&c.buf[off], n)
			}
			r.SetPathValue(key, value)
		}
		v += count
	}
}

// view is view i as a Go string: a substring of target when the same bytes are there, else
// copied by c.
func (m *matchCtx) view(i int, target string, c *copier) string {
	if o := int(m.offs[i]); o != 0 {
		return target[o-1 : o-1+int(m.views[i].len)]
	}
	return c.str(m.views[i])
}

// readParams reads the params starting at view v: names interned, values shared with target
// or copied by c (sized by sum.param_bytes). It returns them with the index of the next view.
func (m *matchCtx) readParams(c *copier, v int, target string) (Params, int) {
	np := int(m.s.sum.nparams)
	if np == 0 {
		return nil, v
	}
	ps := make(Params, np)
	var segs []string
	for i := range ps {
		ps[i].Key = internView(m.views[v])
		meta := uint64(m.views[v+1].len)
		count := int(meta >> 1)
		v += 2
		if meta&1 == 0 {
			ps[i].Value = m.view(v, target, c)
		} else {
			ps[i].CatchAll = true
			if segs == nil {
				segs = make([]string, 0, int(m.s.sum.nviews)-v)
			}
			start := len(segs)
			for j := range count {
				segs = append(segs, m.view(v+j, target, c))
			}
			ps[i].Values = segs[start:len(segs):len(segs)]
			ps[i].Value = c.join(ps[i].Values)
		}
		v += count
	}
	return ps, v
}

// interned holds the strings internView has made: param names, patterns and files, which
// come from route tables and so are few. Read without locking; replaced (copy on write) to
// add one; bounded by maxInterned, after which internView just copies.
var interned atomic.Pointer[map[string]*string]

const maxInterned = 4096

// recent caches interned strings by the address and length of the C bytes they were made
// from (a route table's names stay put while it lives): most reads then cost one compare
// instead of hashing the name. An entry is used only when its bytes equal the view's, so a
// table freed and its address reused by other bytes never gives a wrong string.
var recent [256]atomic.Pointer[string]

// internView is the bytes of v (C memory) as a shared Go string.
func internView(v C.routecore_str) string {
	if v.ptr == nil || v.len == 0 {
		return ""
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(v.ptr)), int(v.len))
	slot := &recent[(uintptr(unsafe.Pointer(v.ptr))>>3^uintptr(v.len)*0x9e3779b1)&(uintptr(len(recent))-1)]
	if p := slot.Load(); p != nil && *p == string(b) {
		return *p
	}
	p := internSlow(b)
	slot.Store(p)
	return *p
}

// internSlow is internView's lookup in (or addition to) interned.
func internSlow(b []byte) *string {
	old := interned.Load()
	if old != nil {
		if p, ok := (*old)[string(b)]; ok { // no allocation: the compiler reads b in place
			return p
		}
	}
	s := string(b)
	p := &s
	for {
		n := 0
		if old != nil {
			n = len(*old)
		}
		if n >= maxInterned {
			return p
		}
		next := make(map[string]*string, n+1)
		if old != nil {
			for k, v := range *old {
				next[k] = v
			}
		}
		next[s] = p
		if interned.CompareAndSwap(old, &next) {
			return p
		}
		old = interned.Load()
		if old != nil {
			if q, ok := (*old)[s]; ok {
				return q
			}
		}
	}
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
