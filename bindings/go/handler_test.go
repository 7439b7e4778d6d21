package routecore

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// echo is what every test handler answers: what the handler saw.
type echo struct {
	ID         uint64            `json:"id"`
	Pattern    string            `json:"pattern"`
	Method     string            `json:"method"`
	Path       string            `json:"path"`
	RawQuery   string            `json:"raw_query"`
	RequestURI string            `json:"request_uri"`
	Params     map[string]any    `json:"params"`
	PathValues map[string]string `json:"path_values"`
	Headers    map[string]string `json:"headers"`
}

func echoHandler(id uint64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d := DecisionFromContext(r.Context())
		e := echo{ID: id, Pattern: d.Route.Pattern, Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
			RequestURI: r.RequestURI, Params: map[string]any{}, PathValues: map[string]string{}, Headers: map[string]string{}}
		for _, p := range ParamsFromContext(r.Context()) {
			if p.CatchAll {
				e.Params[p.Key] = p.Values
			} else {
				e.Params[p.Key] = p.Value
			}
			e.PathValues[p.Key] = r.PathValue(p.Key)
		}
		for _, h := range []string{"X-Shop-Edge", "X-Debug", "X-Middleware-Rewrite"} {
			if v, ok := r.Header[h]; ok {
				e.Headers[h] = strings.Join(v, ",")
			}
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(e)
	})
}

// shopHandlers registers an echo handler under every route id of the project.
func shopHandlers(t testing.TB, r *Router) map[uint64]http.Handler {
	routes, err := r.Routes()
	if err != nil {
		t.Fatal(err)
	}
	hs := map[uint64]http.Handler{}
	for _, rt := range routes {
		hs[rt.ID] = echoHandler(rt.ID)
	}
	return hs
}

// fakeCDN stands in for every upstream of an external rewrite.
type fakeCDN struct {
	mu   sync.Mutex
	seen []*http.Request
}

func (f *fakeCDN) RoundTrip(req *http.Request) (*http.Response, error) {
	f.mu.Lock()
	f.seen = append(f.seen, req)
	f.mu.Unlock()
	return &http.Response{StatusCode: 200, Header: http.Header{"X-Upstream": {"cdn"}}, Body: io.NopCloser(strings.NewReader("from " + req.URL.String())), Request: req}, nil
}

type shopCase struct {
	name       string
	method     string
	target     string
	headers    map[string]string
	status     int
	header     map[string]string // response headers that must have exactly this value ("" = absent)
	body       string            // exact body, when set
	echo       *echo             // the handler's view, when a handler must run (zero fields not checked)
	emptyBody  bool
	multiValue string // a response header that must appear exactly once
}

func TestShopEndToEnd(t *testing.T) {
	r, err := Load("../../examples/shop")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cdn := &fakeCDN{}
	srv := httptest.NewServer(Handler(r, shopHandlers(t, r), WithTransport(cdn)))
	defer srv.Close()
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

	auth := map[string]string{"Authorization": "Bearer t"}
	cases := []shopCase{
		{name: "page with a param, middleware headers", method: "GET", target: "/products/42?ref=home",
			headers: map[string]string{"X-Debug": "1", "X-Middleware-Rewrite": "/admin"}, status: 200,
			header: map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
				"Cache-Control": "s-maxage=60, stale-while-revalidate"},
			echo: &echo{ID: 10, Pattern: "/products/[id]", Method: "GET", Path: "/products/42", RawQuery: "ref=home",
				Params: map[string]any{"id": "42"}, PathValues: map[string]string{"id": "42"},
				Headers: map[string]string{"X-Shop-Edge": "1"}}},
		{name: "catch-all", method: "GET", target: "/categories/a/b%2Fc", status: 200,
			echo: &echo{Pattern: "/categories/[...path]", Path: "/categories/a/b/c",
				Params: map[string]any{"path": []any{"a", "b/c"}}, PathValues: map[string]string{"path": "a/b/c"}}},
		{name: "optional catch-all, empty", method: "GET", target: "/docs", status: 200,
			header: map[string]string{"Cache-Control": "s-maxage=31536000, stale-while-revalidate"},
			echo:   &echo{Pattern: "/docs/[[...slug]]", Params: map[string]any{}}},
		{name: "permanent redirect with Refresh once", method: "GET", target: "/shop/7", status: 308,
			header: map[string]string{"Location": "/products/7", "Refresh": "0;url=/products/7"}, multiValue: "Refresh", emptyBody: true},
		{name: "trailing slash redirect", method: "GET", target: "/about/", status: 308, header: map[string]string{"Location": "/about"}},
		{name: "external redirect", method: "GET", target: "/help", status: 307, header: map[string]string{"Location": "https://support.example.com/"}},
		{name: "middleware redirect without session", method: "GET", target: "/checkout", status: 307,
			header: map[string]string{"Location": "/login?next=/checkout", "Vary": "cookie"}},
		{name: "session cookie passes middleware", method: "GET", target: "/checkout", headers: map[string]string{"Cookie": "session=s"}, status: 200,
			header: map[string]string{"Cache-Control": "private, no-cache, no-store, max-age=0, must-revalidate"},
			echo:   &echo{Pattern: "/checkout"}},
		{name: "middleware 401 respond", method: "POST", target: "/api/products", status: 401,
			header: map[string]string{"Content-Type": "application/json", "Www-Authenticate": "Bearer", "Cache-Control": "no-store", "Vary": "authorization"},
			body:   `{"error":"unauthorized"}`},
		{name: "authorized POST reaches the handler", method: "POST", target: "/api/products", headers: auth, status: 200,
			header: map[string]string{"Cache-Control": "no-store"}, multiValue: "Cache-Control",
			echo: &echo{ID: 101, Pattern: "/api/products", Method: "POST"}},
		{name: "405 with Allow", method: "DELETE", target: "/api/health", headers: auth, status: 405,
			header: map[string]string{"Allow": "GET, HEAD, OPTIONS"}},
		{name: "automatic OPTIONS", method: "OPTIONS", target: "/api/products", status: 204,
			header: map[string]string{"Allow": "GET, HEAD, OPTIONS, POST"}, emptyBody: true},
		{name: "OPTIONS exported by the route", method: "OPTIONS", target: "/api/orders", status: 200,
			echo: &echo{ID: 106, Method: "OPTIONS"}},
		{name: "HEAD via GET", method: "HEAD", target: "/api/health", status: 200, emptyBody: true},
		{name: "internal rewrite re-dispatches", method: "GET", target: "/p/5?x=1", status: 200,
			echo: &echo{ID: 10, Pattern: "/products/[id]", Path: "/products/5", RawQuery: "x=1", RequestURI: "/p/5?x=1",
				Params: map[string]any{"id": "5"}, PathValues: map[string]string{"id": "5"}}},
		{name: "cookie rewrite", method: "GET", target: "/", headers: map[string]string{"Cookie": "ab-home=b"}, status: 200,
			header: map[string]string{"Vary": "cookie"}, echo: &echo{Pattern: "/home-b", Path: "/home-b"}},
		{name: "external rewrite is proxied", method: "GET", target: "/cdn/img/x.png?a=1", headers: map[string]string{"X-Debug": "1"}, status: 200,
			header: map[string]string{"X-Upstream": "cdn", "X-Frame-Options": "DENY"}, body: "from https://cdn.example.com/img/x.png?a=1"},
		{name: "not found", method: "GET", target: "/nope", status: 404},
		{name: "414", method: "GET", target: "/" + strings.Repeat("a", 9000), status: 414},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, err := http.NewRequest(c.method, srv.URL+c.target, nil)
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range c.headers {
				req.Header.Set(k, v)
			}
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != c.status {
				t.Fatalf("status %d, want %d (body %q)", res.StatusCode, c.status, body)
			}
			for k, v := range c.header {
				if got := res.Header.Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
			if c.multiValue != "" && len(res.Header.Values(c.multiValue)) != 1 {
				t.Errorf("%s sent %d times: %q", c.multiValue, len(res.Header.Values(c.multiValue)), res.Header.Values(c.multiValue))
			}
			if c.body != "" && string(body) != c.body {
				t.Errorf("body %q, want %q", body, c.body)
			}
			if c.emptyBody && len(body) != 0 {
				t.Errorf("body %q, want none", body)
			}
			if c.echo != nil {
				var got echo
				if err := json.Unmarshal(body, &got); err != nil {
					t.Fatalf("handler did not run: %q", body)
				}
				checkEcho(t, got, *c.echo)
			}
		})
	}

	if len(cdn.seen) != 1 {
		t.Fatalf("proxied %d requests, want 1", len(cdn.seen))
	}
	up := cdn.seen[0]
	if up.URL.Host != "cdn.example.com" || up.Header.Get("X-Debug") != "" || up.Header.Get("X-Shop-Edge") != "1" || up.Header.Get("X-Forwarded-Host") == "" {
		t.Errorf("upstream request: host %q, headers %v", up.Host, up.Header)
	}
}

func checkEcho(t *testing.T, got, want echo) {
	t.Helper()
	if want.ID != 0 && got.ID != want.ID {
		t.Errorf("handler %d, want %d", got.ID, want.ID)
	}
	if want.Pattern != "" && got.Pattern != want.Pattern {
		t.Errorf("pattern %q, want %q", got.Pattern, want.Pattern)
	}
	if want.Method != "" && got.Method != want.Method {
		t.Errorf("method %q, want %q", got.Method, want.Method)
	}
	if want.Path != "" && got.Path != want.Path {
		t.Errorf("path %q, want %q", got.Path, want.Path)
	}
	if want.RawQuery != "" && got.RawQuery != want.RawQuery {
		t.Errorf("raw query %q, want %q", got.RawQuery, want.RawQuery)
	}
	if want.RequestURI != "" && got.RequestURI != want.RequestURI {
		t.Errorf("request URI %q, want %q", got.RequestURI, want.RequestURI)
	}
	if want.Params != nil && !reflect.DeepEqual(got.Params, want.Params) {
		t.Errorf("params %v, want %v", got.Params, want.Params)
	}
	if want.PathValues != nil && !reflect.DeepEqual(got.PathValues, want.PathValues) {
		t.Errorf("path values %v, want %v", got.PathValues, want.PathValues)
	}
	if want.Headers != nil && !reflect.DeepEqual(got.Headers, want.Headers) {
		t.Errorf("headers %v, want %v", got.Headers, want.Headers)
	}
}

// HEAD via GET: the GET handler runs (with method GET) and its body is dropped even without a
// server doing it (a recorder keeps whatever is written).
func TestHeadViaGetDropsBody(t *testing.T) {
	r, err := Load("../../examples/shop")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var method string
	h := Handler(r, map[uint64]http.Handler{100: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		method = r.Method
		io.WriteString(w, "ok")
	})})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("HEAD", "/api/health", nil))
	if rec.Code != 200 || rec.Body.Len() != 0 || method != "GET" {
		t.Errorf("HEAD: %d %q, handler saw %q", rec.Code, rec.Body, method)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/health", nil))
	if rec.Code != 200 || rec.Body.String() != "ok" {
		t.Errorf("GET: %d %q", rec.Code, rec.Body)
	}
}

func TestHandlerOptions(t *testing.T) {
	r, err := Load("../../examples/shop")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	notFound := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.WriteHeader(404)
		io.WriteString(w, "custom 404 for "+DecisionFromContext(req.Context()).Pathname)
	})
	next := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		io.WriteString(w, "next: "+DecisionFromContext(req.Context()).Route.Pattern)
	})
	h := Middleware(r, WithNotFound(notFound), WithCacheControl(false))(next)
	for target, want := range map[string]string{
		"/nope":        "custom 404 for /nope",
		"/blog/hello":  "next: /blog/[slug]",
		"/api/catalog": "next: /api/catalog",
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		if rec.Body.String() != want {
			t.Errorf("%s: %q, want %q", target, rec.Body, want)
		}
		if rec.Header().Get("Cache-Control") != "" && target != "/api/catalog" {
			t.Errorf("%s: Cache-Control %q with WithCacheControl(false)", target, rec.Header().Get("Cache-Control"))
		}
	}
	// A route without a handler and without a fallback: 501 naming the route.
	rec := httptest.NewRecorder()
	Handler(r, nil).ServeHTTP(rec, httptest.NewRequest("GET", "/blog/hello", nil))
	if rec.Code != 501 || !strings.Contains(rec.Body.String(), "/blog/[slug]") {
		t.Errorf("no handler: %d %q", rec.Code, rec.Body)
	}
	// Too many headers: routecore's own limit answers 431.
	req := httptest.NewRequest("GET", "/blog/hello", nil)
	for i := range 100 {
		req.Header.Set("X-H"+itoa(uint64(i)), "v")
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 431 {
		t.Errorf("100 headers: %d", rec.Code)
	}
	// A closed router answers 500, not a crash.
	r2, _ := Load("../../examples/shop")
	r2.Close()
	rec = httptest.NewRecorder()
	Handler(r2, nil, WithErrorLog(discardLog)).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 500 {
		t.Errorf("closed router: %d", rec.Code)
	}
}
