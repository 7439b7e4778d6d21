package routecore

import (
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

// seen is what a route's handler received.
type seen struct {
	req    *http.Request
	params Params // ParamsFromContext (nil without the decision in the context)
	d      *Decision
}

// recordingHandlers registers, under every route id, a handler that records its request
// into *got and writes a short body.
func recordingHandlers(t testing.TB, r *Router, got *seen) map[uint64]http.Handler {
	routes, err := r.Routes()
	if err != nil {
		t.Fatal(err)
	}
	hs := map[uint64]http.Handler{}
	for _, rt := range routes {
		hs[rt.ID] = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			*got = seen{req: req, params: ParamsFromContext(req.Context()), d: DecisionFromContext(req.Context())}
			io.WriteString(w, "route "+rt.Pattern)
		})
	}
	return hs
}

// leanCases are requests for the shop example and for a table with static, param and
// catch-all routes; together they reach every kind of decision.
var leanCases = []struct {
	method, target string
	headers        map[string]string
}{
	{"GET", "/products/42?ref=home", map[string]string{"X-Debug": "1"}},
	{"GET", "/products/42", nil},
	{"GET", "/products/a%20b", nil},
	{"GET", "/categories/a/b%2Fc", nil},
	{"GET", "/categories/x", nil},
	{"GET", "/docs", nil},
	{"GET", "/docs/a/b", nil},
	{"GET", "/about", nil},
	{"GET", "/about/", nil},
	{"GET", "/blog/hello", nil},
	{"GET", "/shop/7", nil},
	{"GET", "/checkout", map[string]string{"Cookie": "session=s"}},
	{"GET", "/checkout", nil},
	{"POST", "/api/products", map[string]string{"Authorization": "Bearer t"}},
	{"POST", "/api/products", nil},
	{"DELETE", "/api/health", nil},
	{"OPTIONS", "/api/products", nil},
	{"HEAD", "/api/health", nil},
	{"GET", "/api/health", nil},
	{"GET", "/p/5?x=1", nil},
	{"GET", "/", map[string]string{"Cookie": "ab-home=b"}},
	{"GET", "/nope", nil},
	{"GET", "/user/repos", nil},
	{"GET", "/user/gordon", nil},
	{"GET", "/user/g%C3%B6rdon", nil},
	{"GET", "/user/a%2Fb", nil},
	{"GET", "/files/a/b/c", nil},
	{"GET", "/files/one", nil},
	{"GET", "/files/a%20b/c", nil},
	{"GET", "/user/gordon?x=1", nil},
	{"GET", "/user//gordon", nil},
	{"GET", "/user/./gordon", nil},
	{"GET", "http://example.com/user/gordon", nil},
}

const leanConfig = `{"routes": [
	{"pattern": "/user/repos", "kind": "route", "methods": ["GET"], "id": 1},
	{"pattern": "/user/[name]", "kind": "route", "methods": ["GET"], "id": 2},
	{"pattern": "/files/[...path]", "kind": "route", "methods": ["GET"], "id": 3},
	{"pattern": "/[a]/[b]/[c]/[d]/[e]", "kind": "route", "methods": ["GET"], "id": 4}
]}`

// WithDecisionInContext(false) changes only where the decision goes: the same response,
// and the handler sees the same method, URL, headers and path values, as with the default.
func TestLeanHandlerAgreesWithDefault(t *testing.T) {
	shop, err := Load("../../examples/shop")
	if err != nil {
		t.Fatal(err)
	}
	defer shop.Close()
	small := mustConfig(t, leanConfig)
	for _, r := range []*Router{shop, small} {
		var full, lean seen
		hFull := Handler(r, recordingHandlers(t, r, &full), WithTransport(&fakeCDN{}))
		hLean := Handler(r, recordingHandlers(t, r, &lean), WithTransport(&fakeCDN{}), WithDecisionInContext(false))
		for _, c := range leanCases {
			newReq := func() *http.Request {
				req := httptest.NewRequest(c.method, c.target, nil)
				for k, v := range c.headers {
					req.Header.Set(k, v)
				}
				return req
			}
			where := c.method + " " + c.target
			full, lean = seen{}, seen{}
			recFull, recLean := httptest.NewRecorder(), httptest.NewRecorder()
			reqLean := newReq()
			hFull.ServeHTTP(recFull, newReq())
			hLean.ServeHTTP(recLean, reqLean)
			if recFull.Code != recLean.Code || recFull.Body.String() != recLean.Body.String() ||
				!reflect.DeepEqual(recFull.Header(), recLean.Header()) {
				t.Errorf("%s: default %d %v %q, lean %d %v %q", where, recFull.Code, recFull.Header(), recFull.Body,
					recLean.Code, recLean.Header(), recLean.Body)
				continue
			}
			if (full.req == nil) != (lean.req == nil) {
				t.Errorf("%s: handler ran: default %v, lean %v", where, full.req != nil, lean.req != nil)
				continue
			}
			if full.req == nil {
				continue
			}
			f, l := full.req, lean.req
			if f.Method != l.Method || f.URL.String() != l.URL.String() || f.URL.Path != l.URL.Path ||
				f.URL.RawPath != l.URL.RawPath || f.RequestURI != l.RequestURI || f.Host != l.Host ||
				!reflect.DeepEqual(f.Header, l.Header) {
				t.Errorf("%s: default saw %s %s %q %v, lean %s %s %q %v", where, f.Method, f.URL, f.RequestURI, f.Header,
					l.Method, l.URL, l.RequestURI, l.Header)
			}
			if full.d == nil {
				t.Errorf("%s: no decision in the default handler's context", where)
			}
			for _, p := range full.params {
				if got, want := l.PathValue(p.Key), f.PathValue(p.Key); got != want || got != p.Value {
					t.Errorf("%s: PathValue(%q) lean %q, default %q, param %q", where, p.Key, got, want, p.Value)
				}
			}
			if lean.d != nil || lean.params != nil {
				if lean.d.Route == nil || lean.d.Route.ID == 0 {
					t.Errorf("%s: lean handler from the map got a decision in its context", where)
				}
			}
			if lean.d == nil && lean.req != reqLean && f.URL.Path == reqLean.URL.Path && f.URL.RawPath == reqLean.URL.RawPath &&
				f.URL.RawQuery == reqLean.URL.RawQuery && f.Method == reqLean.Method && reflect.DeepEqual(f.Header, reqLean.Header) {
				t.Errorf("%s: lean request copied although nothing changed (default %q %q, lean %q %q, request %q %q)", where, f.URL.Path, f.URL.RawPath, l.URL.Path, l.URL.RawPath, reqLean.URL.Path, reqLean.URL.RawPath)
			}
		}
	}
}

// Under a ServeMux, the lean path must not overwrite the outer pattern's path values on the
// ServeMux's request.
func TestLeanHandlerUnderServeMux(t *testing.T) {
	r := mustConfig(t, `{"routes": [{"pattern": "/v/[name]", "kind": "route", "methods": ["GET"], "id": 1}]}`)
	var inner, outer string
	h := Handler(r, map[uint64]http.Handler{1: http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		inner = req.PathValue("name")
	})}, WithDecisionInContext(false))
	mux := http.NewServeMux()
	mux.HandleFunc("/{name}/{rest...}", func(w http.ResponseWriter, req *http.Request) {
		h.ServeHTTP(w, req)
		outer = req.PathValue("name")
	})
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/v/gordon", nil))
	if rec.Code != 200 || inner != "gordon" || outer != "v" {
		t.Errorf("%d: inner %q, outer %q", rec.Code, inner, outer)
	}
}

// discard is a ResponseWriter that keeps nothing; its header map is cleared per request.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(int)             {}

// Handler's allocations per request, the same request served again and again (as the
// benchmarks do; a server's fresh request also pays SetPathValue's map, two allocations).
func TestHandlerAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts under -race")
	}
	r := mustConfig(t, leanConfig)
	var hs = map[uint64]http.Handler{}
	for id := uint64(1); id <= 4; id++ {
		hs[id] = http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	}
	for _, c := range []struct {
		target            string
		lean, defaultMode float64 // the most allocations allowed
	}{
		// lean: none; default: the request copy and the context holding the decision
		{"/user/repos", 0, 2},
		// lean: none (the value is a substring of r.URL.Path; SetPathValue's map is there
		// from the first run); default: + SetPathValue's map on the copy (2) and Params
		{"/user/gordon", 0, 5},
		{"/a/b/c/d/e", 0, 5},
		// a decoded value: one buffer
		{"/user/a%2Fb", 1, 6},
		// a catch-all's joined value: lean, a substring of the path (its segments are
		// consecutive there); default: one buffer + the segments' slice
		{"/files/a/b/c", 0, 7},
		// a catch-all with a decoded segment: joined in C, copied into one buffer
		{"/files/a%2Fb/c", 1, 7},
		// r.URL has to change (net/url leaves RawPath empty; routecore's URL sets it): the
		// request and URL copies, the unescaped path, SetPathValue's map, the value
		{"/user/g%C3%B6rdon", 6, 8},
	} {
		for _, lean := range []bool{true, false} {
			h := Handler(r, hs, WithCacheControl(false), WithDecisionInContext(!lean))
			req := httptest.NewRequest("GET", c.target, nil)
			w := &discard{h: http.Header{}}
			allocs := testing.AllocsPerRun(200, func() {
				clear(w.h)
				h.ServeHTTP(w, req)
			})
			max := c.defaultMode
			if lean {
				max = c.lean
			}
			if allocs > max {
				t.Errorf("%s (lean %v): %.1f allocs, want <= %.0f", c.target, lean, allocs, max)
			}
			t.Logf("%s (lean %v): %.1f allocs", c.target, lean, allocs)
		}
	}
	// Without Cache-Control off, a static route's default header costs one more (the
	// header's value slice).
	h := Handler(r, hs, WithDecisionInContext(false))
	req := httptest.NewRequest("GET", "/user/repos", nil)
	w := &discard{h: http.Header{}}
	if allocs := testing.AllocsPerRun(200, func() { clear(w.h); h.ServeHTTP(w, req) }); allocs > 1 {
		t.Errorf("with Cache-Control: %.1f allocs, want <= 1", allocs)
	}
	if !strings.HasPrefix(w.h.Get("Cache-Control"), "private") {
		t.Errorf("Cache-Control %q", w.h.Get("Cache-Control"))
	}
}

// The handler map is read once into a table by route id: small ids in a slice, large ones in
// a map; a nil entry is no handler (the fallback, or 501); later changes to the map are not seen.
func TestHandlerIDs(t *testing.T) {
	r := mustConfig(t, `{"routes": [
		{"pattern": "/a", "kind": "route", "methods": ["GET"], "id": 0},
		{"pattern": "/b", "kind": "route", "methods": ["GET"], "id": 7},
		{"pattern": "/c", "kind": "route", "methods": ["GET"], "id": 18446744073709551615},
		{"pattern": "/d", "kind": "route", "methods": ["GET"], "id": 5000},
		{"pattern": "/e", "kind": "route", "methods": ["GET"], "id": 3}
	]}`)
	named := func(s string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, s) })
	}
	hs := map[uint64]http.Handler{0: named("a"), 7: named("b"), 18446744073709551615: named("c"), 5000: named("d"), 3: nil}
	for _, lean := range []bool{false, true} {
		for _, fallback := range []bool{false, true} {
			opts := []Option{WithDecisionInContext(!lean)}
			if fallback {
				opts = append(opts, WithFallback(named("fallback")))
			}
			h := Handler(r, hs, opts...)
			hs[3] = named("late") // not seen
			for path, want := range map[string]string{"/a": "a", "/b": "b", "/c": "c", "/d": "d", "/e": ""} {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
				switch {
				case want == "" && fallback:
					want = "fallback"
				case want == "":
					if rec.Code != http.StatusNotImplemented || !strings.Contains(rec.Body.String(), "/e (id 3)") {
						t.Errorf("lean %v, %s: %d %q, want 501 naming /e", lean, path, rec.Code, rec.Body)
					}
					continue
				}
				if rec.Code != 200 || rec.Body.String() != want {
					t.Errorf("lean %v fallback %v, %s: %d %q, want %q", lean, fallback, path, rec.Code, rec.Body, want)
				}
			}
			hs[3] = nil
		}
	}
}
