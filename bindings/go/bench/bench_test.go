package bench

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/julienschmidt/httprouter"
	routecore "github.com/routecore/routecore/bindings/go"
)

// Each case: a route set and the requests one benchmark op makes.
type benchCase struct {
	name   string
	routes []route
	reqs   []route
}

var cases = []benchCase{
	{"Static", githubAPI, []route{{"GET", "/user/repos"}}},                        // GithubStatic
	{"Param1", []route{{"GET", "/user/:name"}}, []route{{"GET", "/user/gordon"}}}, // Param
	{"Param5", []route{{"GET", "/:a/:b/:c/:d/:e"}}, []route{{"GET", "/test/test/test/test/test"}}},
	{"GithubParam", githubAPI, []route{{"GET", "/repos/julienschmidt/httprouter/stargazers"}}},
	{"GithubAll", githubAPI, githubAPI}, // 203 lookups per op, the route patterns as paths
}

var param = regexp.MustCompile(`:(\w+)`)

// routecoreConfig turns the routes into routecore.json: one route handler per pattern with
// the union of its methods, id = first index.
func routecoreConfig(routes []route) []byte {
	type spec struct {
		Pattern string   `json:"pattern"`
		Kind    string   `json:"kind"`
		Methods []string `json:"methods"`
		ID      int      `json:"id"`
	}
	var specs []*spec
	byPattern := map[string]*spec{}
	for i, r := range routes {
		p := param.ReplaceAllString(r.path, "[$1]")
		s := byPattern[p]
		if s == nil {
			s = &spec{Pattern: p, Kind: "route", ID: i}
			byPattern[p] = s
			specs = append(specs, s)
		}
		s.Methods = append(s.Methods, r.method)
	}
	text, _ := json.Marshal(map[string]any{"routes": specs})
	return text
}

func loadRoutecore(tb testing.TB, routes []route) *routecore.Router {
	r, err := routecore.FromConfig(routecoreConfig(routes))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { r.Close() })
	return r
}

func empty(http.ResponseWriter, *http.Request) {}

func loadHTTPRouter(routes []route) *httprouter.Router {
	r := httprouter.New()
	for _, rt := range routes {
		r.Handle(rt.method, rt.path, func(http.ResponseWriter, *http.Request, httprouter.Params) {})
	}
	return r
}

func loadChi(routes []route) *chi.Mux {
	r := chi.NewRouter()
	for _, rt := range routes {
		r.MethodFunc(rt.method, param.ReplaceAllString(rt.path, "{$1}"), empty)
	}
	return r
}

func loadServeMux(routes []route) *http.ServeMux {
	m := http.NewServeMux()
	for _, rt := range routes {
		m.HandleFunc(rt.method+" "+param.ReplaceAllString(rt.path, "{$1}"), empty)
	}
	return m
}

// sink is a ResponseWriter that discards everything; its header map is cleared per request.
type sink struct{ h http.Header }

func (s *sink) Header() http.Header         { return s.h }
func (s *sink) Write(p []byte) (int, error) { return len(p), nil }
func (s *sink) WriteHeader(int)             {}

func requests(reqs []route) []*http.Request {
	out := make([]*http.Request, len(reqs))
	for i, r := range reqs {
		req, _ := http.NewRequest(r.method, r.path, nil)
		req.RequestURI = r.path
		out[i] = req
	}
	return out
}

// Lookup only: the router's own lookup function, returning the handler and params.
func BenchmarkLookup(b *testing.B) {
	for _, c := range cases {
		b.Run(c.name+"/routecore", func(b *testing.B) {
			r := loadRoutecore(b, c.routes)
			for _, q := range c.reqs { // every request must find its route
				if _, _, ok := r.Lookup(q.method, q.path); !ok {
					b.Fatalf("%s %s: no route", q.method, q.path)
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				for _, q := range c.reqs {
					r.Lookup(q.method, q.path)
				}
			}
		})
		b.Run(c.name+"/httprouter", func(b *testing.B) {
			r := loadHTTPRouter(c.routes)
			for _, q := range c.reqs {
				if h, _, _ := r.Lookup(q.method, q.path); h == nil {
					b.Fatalf("%s %s: no route", q.method, q.path)
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				for _, q := range c.reqs {
					r.Lookup(q.method, q.path)
				}
			}
		})
		b.Run(c.name+"/chi", func(b *testing.B) {
			r := loadChi(c.routes)
			rctx := chi.NewRouteContext()
			for _, q := range c.reqs {
				rctx.Reset()
				if r.Find(rctx, q.method, q.path) == "" {
					b.Fatalf("%s %s: no route", q.method, q.path)
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				for _, q := range c.reqs {
					rctx.Reset()
					r.Find(rctx, q.method, q.path)
				}
			}
		})
		b.Run(c.name+"/servemux", func(b *testing.B) {
			m := loadServeMux(c.routes)
			reqs := requests(c.reqs)
			for _, req := range reqs {
				if _, p := m.Handler(req); p == "" {
					b.Fatalf("%s %s: no route", req.Method, req.URL.Path)
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				for _, req := range reqs {
					m.Handler(req)
				}
			}
		})
	}
}

// ServeHTTP: the whole handler path with empty handlers, as go-http-routing-benchmark
// measures it (routecore: routecore.Handler, i.e. the full decision with the request's
// headers, params in the context and PathValue; routecore-lean: the same with
// WithDecisionInContext(false), params through PathValue only). Its requests carry no
// headers, as that benchmark's do; BenchmarkServeHTTPBrowser is the same with a browser's.
func BenchmarkServeHTTP(b *testing.B) { serveHTTP(b, nil) }

// BenchmarkServeHTTPBrowser: BenchmarkServeHTTP with the headers a browser sends with a page
// request on every request (the Host is req.Host). routecore checks every field (a token
// name, its size, a second Host, internal names) and passes them to the decision; the other
// routers do not read them.
func BenchmarkServeHTTPBrowser(b *testing.B) { serveHTTP(b, browserHeaders) }

// The five fields besides Host that benches/examples/callgrind_driver.rs sends (its
// BROWSER_HEADERS), as net/http keeps them.
var browserHeaders = http.Header{
	"User-Agent":      {"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"},
	"Accept":          {"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
	"Accept-Language": {"en-US,en;q=0.5"},
	"Accept-Encoding": {"gzip, deflate, br, zstd"},
	"Cookie":          {"session=3f9a1c; theme=dark"},
}

func serveHTTP(b *testing.B, header http.Header) {
	for _, c := range cases {
		run := func(b *testing.B, h http.Handler) {
			reqs := requests(c.reqs)
			if header != nil {
				for _, req := range reqs {
					req.Host = "shop.example"
					req.Header = header.Clone()
				}
			}
			w := &sink{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				for _, req := range reqs {
					clear(w.h)
					h.ServeHTTP(w, req)
				}
			}
		}
		routecoreHandler := func(b *testing.B, opts ...routecore.Option) http.Handler {
			r := loadRoutecore(b, c.routes)
			handlers := map[uint64]http.Handler{}
			routes, _ := r.Routes()
			for _, rt := range routes {
				handlers[rt.ID] = http.HandlerFunc(empty)
			}
			return routecore.Handler(r, handlers, append(opts, routecore.WithCacheControl(false))...)
		}
		b.Run(c.name+"/routecore", func(b *testing.B) { run(b, routecoreHandler(b)) })
		// Params through r.PathValue only, the request passed on as is (as httprouter and
		// ServeMux do): no decision in the context.
		b.Run(c.name+"/routecore-lean", func(b *testing.B) {
			run(b, routecoreHandler(b, routecore.WithDecisionInContext(false)))
		})
		b.Run(c.name+"/httprouter", func(b *testing.B) { run(b, loadHTTPRouter(c.routes)) })
		b.Run(c.name+"/chi", func(b *testing.B) { run(b, loadChi(c.routes)) })
		b.Run(c.name+"/servemux", func(b *testing.B) { run(b, loadServeMux(c.routes)) })
	}
}

// Where routecore's time goes.
func BenchmarkBreakdown(b *testing.B) {
	b.Run("cgo-noop", func(b *testing.B) { // one cgo call into an empty C function
		for b.Loop() {
			cgoNoop()
		}
	})
	b.Run("cgo-abi-version", func(b *testing.B) { // the cheapest exported routecore call
		for b.Loop() {
			routecore.ABIVersion()
		}
	})
	for _, c := range cases {
		config := routecoreConfig(c.routes)
		b.Run(c.name+"/c-match", func(b *testing.B) { // routecore_match + reads, timed in C
			if n := matchInC(config, c.reqs, 1, false, firstValues); n != len(c.reqs) {
				b.Fatalf("%d of %d routed", n, len(c.reqs))
			}
			b.ResetTimer()
			matchInC(config, c.reqs, b.N, false, firstValues)
		})
		b.Run(c.name+"/c-shared-match", func(b *testing.B) { // the same through routecore_shared
			b.ResetTimer()
			matchInC(config, c.reqs, b.N, true, firstValues)
		})
		b.Run(c.name+"/c-shared-match-lookup-reads", func(b *testing.B) { // + every param, one call each field
			b.ResetTimer()
			matchInC(config, c.reqs, b.N, true, allParams)
		})
		b.Run(c.name+"/c-shared-match-bulk-params", func(b *testing.B) { // + every param in one call
			b.ResetTimer()
			matchInC(config, c.reqs, b.N, true, bulkParams)
		})
		b.Run(c.name+"/go-matchraw", func(b *testing.B) { // the full typed Decision
			r := loadRoutecore(b, c.routes)
			b.ReportAllocs()
			for b.Loop() {
				for _, q := range c.reqs {
					r.MatchRaw(q.method, q.path, "", nil)
				}
			}
		})
	}
}

func TestRouteSets(t *testing.T) {
	if len(githubAPI) != 203 {
		t.Fatalf("%d GitHub routes, want 203", len(githubAPI))
	}
	for _, c := range cases {
		r := loadRoutecore(t, c.routes)
		hr, cm, sm := loadHTTPRouter(c.routes), loadChi(c.routes), loadServeMux(c.routes)
		for _, q := range c.reqs {
			id, ps, ok := r.Lookup(q.method, q.path)
			h, hps, _ := hr.Lookup(q.method, q.path)
			if !ok || h == nil || len(ps) != len(hps) {
				t.Errorf("%s %s: routecore %d %v %v, httprouter %v", q.method, q.path, id, ps, ok, hps)
			}
			for i := range ps {
				if ps[i].Key != hps[i].Key || ps[i].Value != hps[i].Value {
					t.Errorf("%s %s: param %d: %v vs %v", q.method, q.path, i, ps[i], hps[i])
				}
			}
			rctx := chi.NewRouteContext()
			if cm.Find(rctx, q.method, q.path) == "" {
				t.Errorf("chi: %s %s", q.method, q.path)
			}
			req, _ := http.NewRequest(q.method, q.path, nil)
			if _, p := sm.Handler(req); p == "" || strings.HasPrefix(p, "/") {
				t.Errorf("servemux: %s %s -> %q", q.method, q.path, p)
			}
		}
	}
}

// The browser's headers pass routecore's checks: both handlers reach the route's handler on
// every request of every case (a request they refused would be timed as a 400).
func TestBrowserHeadersReachTheRoute(t *testing.T) {
	for _, c := range cases {
		for _, lean := range []bool{false, true} {
			r := loadRoutecore(t, c.routes)
			served := 0
			handlers := map[uint64]http.Handler{}
			routes, _ := r.Routes()
			for _, rt := range routes {
				handlers[rt.ID] = http.HandlerFunc(func(http.ResponseWriter, *http.Request) { served++ })
			}
			h := routecore.Handler(r, handlers, routecore.WithDecisionInContext(!lean))
			for _, req := range requests(c.reqs) {
				req.Host = "shop.example"
				req.Header = browserHeaders.Clone()
				h.ServeHTTP(&sink{h: http.Header{}}, req)
			}
			if served != len(c.reqs) {
				t.Errorf("%s (lean %v): %d of %d requests served", c.name, lean, served, len(c.reqs))
			}
		}
	}
}
