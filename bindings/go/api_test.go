package routecore

import (
	"errors"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

var discardLog = log.New(io.Discard, "", 0)

func mustConfig(t testing.TB, config string) *Router {
	t.Helper()
	r, err := FromConfig([]byte(config))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func TestVersion(t *testing.T) {
	if ABIVersion() != 1 || Version() == "" {
		t.Errorf("ABI %d, version %q", ABIVersion(), Version())
	}
}

func TestBuildErrorsCarryEveryMessage(t *testing.T) {
	_, err := FromConfig([]byte(`{"routes": [
		{"pattern": "/a/[id]", "kind": "page"},
		{"pattern": "/a/[slug]", "kind": "page"},
		{"pattern": "/b/[...x]/c", "kind": "page"},
		{"pattern": "/d", "kind": "route", "methods": ["FETCH"]}
	], "nope": 1}`))
	var be *BuildError
	if !errors.As(err, &be) {
		t.Fatalf("want *BuildError, got %T %v", err, err)
	}
	all := strings.ToLower(strings.Join(be.Messages, "\n"))
	for _, want := range []string{"[id]", "[slug]", "[...x]", "fetch", "nope"} {
		if !strings.Contains(all, want) {
			t.Errorf("no message mentions %q:\n%s", want, all)
		}
	}
	if len(be.Messages) < 3 || !strings.Contains(be.Error(), be.Messages[len(be.Messages)-1]) {
		t.Errorf("%d messages; Error() = %q", len(be.Messages), be.Error())
	}

	_, err = FromConfig([]byte("{\"routes\": [{\"pattern\": \"/\xff\", \"kind\": \"page\"}]}"))
	var e *Error
	if !errors.As(err, &e) || e.Code != ResultInvalidUTF8 || !strings.Contains(err.Error(), "UTF-8") {
		t.Errorf("invalid UTF-8: %T %v", err, err)
	}
	_, err = FromConfig(nil)
	if !errors.As(err, &be) {
		t.Errorf("empty config: %T %v", err, err)
	}
	_, err = Load("")
	if !errors.As(err, &be) {
		t.Errorf("empty path: %T %v", err, err)
	}

	missing := filepath.Join(t.TempDir(), "nowhere")
	_, err = Load(missing)
	if !errors.As(err, &be) || !strings.Contains(strings.Join(be.Messages, " "), missing) {
		t.Errorf("missing project: %v", err)
	}
}

func TestBuilder(t *testing.T) {
	b := NewBuilder().
		Route("/blog/[slug]", KindPage, nil, 1).
		Route("/api/posts", KindRoute, []string{"GET", "POST"}, 2).
		Add(RouteSpec{Pattern: "/about", Kind: KindPage, ID: 3, File: "app/about/page.tsx", Dynamic: DynamicForceStatic}).
		Add(RouteSpec{Pattern: "/news", Kind: KindPage, ID: 4, Revalidate: 120}).
		Add(RouteSpec{Pattern: "/feed", Kind: KindPage, ID: 5, Revalidate: RevalidateNever})
	r, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	d, err := r.MatchRaw("GET", "/blog/hello?x=1", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Action != ActionRoute || d.Status != 200 || d.Route.ID != 1 || d.Params.ByName("slug") != "hello" ||
		d.Pathname != "/blog/hello" || !reflect.DeepEqual(d.Query, []Pair{{"x", "1"}}) {
		t.Errorf("decision %+v", d)
	}
	d, _ = r.MatchRaw("GET", "/about", "", nil)
	if d.Route.File != "app/about/page.tsx" || d.Route.Kind != KindPage || d.Cache != CacheStatic || d.Revalidate != NoRevalidate {
		t.Errorf("about: %+v %+v", d, d.Route)
	}
	d, _ = r.MatchRaw("GET", "/news", "", nil)
	if d.Revalidate != 120 {
		t.Errorf("news: revalidate %d", d.Revalidate)
	}
	d, _ = r.MatchRaw("PUT", "/api/posts", "", nil)
	if d.Action != ActionMethodNotAllowed || d.Status != 405 || d.Allow != "GET, HEAD, OPTIONS, POST" || d.Route.ID != 2 {
		t.Errorf("405: %+v", d)
	}

	// Building again with more routes; a conflict is a *BuildError; the builder stays usable.
	_, err = b.Route("/blog/[id]", KindPage, nil, 9).Build()
	var be *BuildError
	if !errors.As(err, &be) || !strings.Contains(be.Error(), "[id]") {
		t.Errorf("conflict: %v", err)
	}
	_, err = NewBuilder().Route("/x", KindRoute, []string{"FETCH"}, 1).Build()
	var e *Error
	if !errors.As(err, &e) || e.Code != ResultInvalidArgument {
		t.Errorf("unknown method: %v", err)
	}
	_, err = NewBuilder().Route("/x", Kind(7), nil, 1).Build()
	if !errors.As(err, &e) || e.Code != ResultInvalidArgument {
		t.Errorf("bad kind: %v", err)
	}
	r2, err := NewBuilder().Route("/", KindPage, nil, 1).BasePath("/docs").TrailingSlash(true).Build()
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	d, _ = r2.MatchRaw("GET", "/docs/", "", nil)
	if d.Action != ActionRoute || d.Pathname != "/" {
		t.Errorf("basePath: %+v", d)
	}
	r3, err := NewBuilder().Route("/a", KindPage, nil, 1).SkipTrailingSlashRedirect(true).Build()
	if err != nil {
		t.Fatal(err)
	}
	defer r3.Close()
	if d, _ = r3.MatchRaw("GET", "/a/", "", nil); d.Action == ActionRedirect {
		t.Errorf("skipTrailingSlashRedirect: %+v", d)
	}
}

func TestUseAfterClose(t *testing.T) {
	r := mustConfig(t, `{"routes": [{"pattern": "/", "kind": "page"}]}`)
	other := mustConfig(t, `{"routes": [{"pattern": "/", "kind": "page"}]}`)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := r.MatchRaw("GET", "/", "", nil); err != ErrClosed {
		t.Errorf("MatchRaw: %v", err)
	}
	if _, err := r.Match(httptest.NewRequest("GET", "/", nil)); err != ErrClosed {
		t.Errorf("Match: %v", err)
	}
	if _, err := r.MatchJSON("GET", "/", "", nil); err != ErrClosed {
		t.Errorf("MatchJSON: %v", err)
	}
	if _, _, ok := r.Lookup("GET", "/"); ok {
		t.Error("Lookup on a closed router")
	}
	if _, err := r.Routes(); err != ErrClosed {
		t.Errorf("Routes: %v", err)
	}
	if err := r.Swap(other); err != ErrClosed {
		t.Errorf("Swap into closed: %v", err)
	}
	if err := other.Swap(r); err != ErrClosed {
		t.Errorf("Swap from closed: %v", err)
	}
	var nilRouter *Router
	if _, err := nilRouter.MatchRaw("GET", "/", "", nil); err != ErrClosed {
		t.Errorf("nil router: %v", err)
	}
}

// A decision is a Go copy: it outlives the router.
func TestDecisionOutlivesRouter(t *testing.T) {
	r, err := Load("../../examples/shop")
	if err != nil {
		t.Fatal(err)
	}
	d, err := r.MatchRaw("GET", "/categories/a/b?x=1", "", [][2]string{{"x-debug", "1"}})
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	runtime.GC()
	for range 100 { // reuse pooled contexts
		r2, _ := Load("../../examples/shop")
		r2.MatchRaw("GET", "/products/zzzzzzzzzzzzzzzzzzzzzzzzz", "", nil)
		r2.Close()
	}
	p, ok := d.Params.Get("path")
	if !ok || !p.CatchAll || !reflect.DeepEqual(p.Values, []string{"a", "b"}) || p.Value != "a/b" || d.Params.ByName("path") != "a/b" {
		t.Errorf("params %+v", d.Params)
	}
	if d.Route.Pattern != "/categories/[...path]" || d.Pathname != "/categories/a/b" || d.QueryValues().Get("x") != "1" {
		t.Errorf("decision %+v", d)
	}
	want := []HeaderChange{{Name: "x-debug", Remove: true}, {Name: "x-shop-edge", Value: "1"}}
	if !reflect.DeepEqual(d.RequestHeaders, want) {
		t.Errorf("request headers %+v", d.RequestHeaders)
	}
}

func TestDecisionFields(t *testing.T) {
	r, err := Load("../../examples/shop")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	d, _ := r.MatchRaw("POST", "/api/cart", "", nil)
	if d.Action != ActionRespond || d.Status != 401 || string(d.Body) != `{"error":"unauthorized"}` || !d.Middleware ||
		!reflect.DeepEqual(d.Vary, []string{"authorization"}) || d.Action.String() != "respond" {
		t.Errorf("respond: %+v", d)
	}
	d, _ = r.MatchRaw("GET", "/api/cart", "", nil)
	if d.Body != nil || d.Cache != CacheDynamic || d.Cache.String() != "dynamic" {
		t.Errorf("route: body %q cache %v", d.Body, d.Cache)
	}
	d, _ = r.MatchRaw("GET", "/shop/3", "", nil)
	if d.Action != ActionRedirect || d.Location != "/products/3" ||
		!reflect.DeepEqual(d.ResponseHeaders, []Pair{{"refresh", "0;url=/products/3"}}) {
		t.Errorf("redirect: %+v", d)
	}
	d, _ = r.MatchRaw("GET", "/"+strings.Repeat("a", 9000), "", nil)
	if d.Action != ActionBadRequest || d.Status != 414 || d.Pathname != "" || d.Action.String() != "bad_request" {
		t.Errorf("bad request: %+v", d)
	}
	d, _ = r.MatchRaw("GET", "/products/a%zz", "", nil)
	if d.Action != ActionBadRequest || d.Status != 400 {
		t.Errorf("bad escape in a param: %+v", d)
	}
	// More headers than fit on the C stack (32), more than the router allows (64), more than
	// the ABI reads (10,000).
	for n, want := range map[int]Action{40: ActionRoute, 65: ActionBadRequest} {
		hs := make([][2]string, n)
		for i := range hs {
			hs[i] = [2]string{"x-h" + itoa(uint64(i)), "v"}
		}
		d, err = r.MatchRaw("GET", "/about", "", hs)
		if err != nil || d.Action != want {
			t.Errorf("%d headers: %v %+v", n, err, d)
		}
	}
	_, err = r.MatchRaw("GET", "/about", "", make([][2]string, 10001))
	var e *Error
	if !errors.As(err, &e) || e.Code != ResultLengthLimit {
		t.Errorf("10,001 headers: %v", err)
	}
	_, err = r.MatchRaw("GET", "/"+strings.Repeat("a", 1<<20), "", nil)
	if !errors.As(err, &e) || e.Code != ResultLengthLimit {
		t.Errorf("target over 1 MiB: %v", err)
	}
	// Many params and values: the packed buffer and the query view array grow.
	seg := strings.Repeat("/x", 200)
	d, _ = r.MatchRaw("GET", "/categories"+seg+"?"+strings.Repeat("q=1&", 50), "", nil)
	if p, _ := d.Params.Get("path"); len(p.Values) != 200 || len(d.Query) != 50 || !reflect.DeepEqual(d.QueryLists, []string{"q"}) {
		t.Errorf("200 segments: %d values, %d query pairs, lists %q", len(p.Values), len(d.Query), d.QueryLists)
	}
	js, err := r.MatchJSON("GET", "/blog/hello", "", nil)
	if err != nil || !strings.Contains(string(js), `"pattern":"/blog/[slug]"`) {
		t.Errorf("MatchJSON: %s %v", js, err)
	}
}

// Query keys whose value is a list: the pairs keep the request's order (the packed form
// groups them by key), QueryLists names them, and the JSON form writes them as arrays, a
// one-value list param included.
func TestQueryLists(t *testing.T) {
	r := mustConfig(t, `{
		"routes": [{"pattern": "/[[...all]]", "kind": "page"}, {"pattern": "/fixed", "kind": "page"}],
		"rewrites": [{"source": "/rq/:path*", "destination": "/fixed?p=:path*"}],
		"limits": {"maxTargetBytes": 200000, "maxSegments": 20000}
	}`)
	d, _ := r.MatchRaw("GET", "/x?a=1&b=2&a=3", "", nil)
	if !reflect.DeepEqual(d.Query, []Pair{{"a", "1"}, {"b", "2"}, {"a", "3"}}) || !reflect.DeepEqual(d.QueryLists, []string{"a"}) {
		t.Errorf("repeated key: %q, lists %q", d.Query, d.QueryLists)
	}
	d, _ = r.MatchRaw("GET", "/x?a=1&b=2", "", nil)
	if !reflect.DeepEqual(d.Query, []Pair{{"a", "1"}, {"b", "2"}}) || d.QueryLists != nil {
		t.Errorf("plain query: %q, lists %q", d.Query, d.QueryLists)
	}
	d, _ = r.MatchRaw("GET", "/rq/a", "", nil)
	if !reflect.DeepEqual(d.Query, []Pair{{"path", "a"}, {"p", "a"}}) || !reflect.DeepEqual(d.QueryLists, []string{"path"}) {
		t.Errorf("list param: %q, lists %q", d.Query, d.QueryLists)
	}
	js, _ := d.MarshalJSON()
	if !strings.Contains(string(js), `"query":{"path":["a"],"p":"a"}`) {
		t.Errorf("list param JSON: %s", js)
	}
	// A decision over the packed buffer's 64 KiB keep limit (rcgo.c), then a small one.
	big := strings.Repeat("/xyz", 10000)
	d, err := r.MatchRaw("GET", big+"?"+strings.Repeat("q=1&", 1000)+"b=2", "", nil)
	if p, _ := d.Params.Get("all"); err != nil || len(p.Values) != 10000 || p.Value != big[1:] || len(d.Query) != 1001 ||
		d.Query[1000] != (Pair{"b", "2"}) || !reflect.DeepEqual(d.QueryLists, []string{"q"}) {
		t.Errorf("10,000 segments: %v %d values, %d query pairs, lists %q", err, len(p.Values), len(d.Query), d.QueryLists)
	}
	if d, _ = r.MatchRaw("GET", "/a?q=1", "", nil); d.Params.ByName("all") != "a" || len(d.Query) != 1 {
		t.Errorf("after a large decision: %+v", d)
	}
}

func TestLookup(t *testing.T) {
	r, err := Load("../../examples/shop")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	id, ps, ok := r.Lookup("GET", "/api/products/7/reviews")
	if !ok || id != 103 || ps.ByName("id") != "7" {
		t.Errorf("lookup: %d %v %v", id, ps, ok)
	}
	if _, _, ok := r.Lookup("GET", "/nope"); ok {
		t.Error("404 is not ok")
	}
	if _, _, ok := r.Lookup("GET", "/about/"); ok {
		t.Error("a redirect is not ok")
	}
	if raceEnabled {
		t.Skip("allocation counts under -race")
	}
	allocs := testing.AllocsPerRun(200, func() { r.Lookup("GET", "/api/health") })
	if allocs != 0 {
		t.Errorf("static Lookup: %.1f allocs, want 0", allocs)
	}
	allocs = testing.AllocsPerRun(200, func() { r.Lookup("GET", "/api/products/7/reviews") })
	if allocs > 1 { // the Params slice; the value is a substring of the path
		t.Errorf("param Lookup: %.1f allocs, want <= 1", allocs)
	}
	allocs = testing.AllocsPerRun(200, func() { r.Lookup("GET", "/api/products/%37/reviews") })
	if allocs > 2 { // and a buffer for the decoded value
		t.Errorf("param Lookup, decoded value: %.1f allocs, want <= 2", allocs)
	}
	if _, ps, _ := r.Lookup("GET", "/api/products/%37/reviews"); ps.ByName("id") != "7" {
		t.Errorf("decoded value: %v", ps)
	}
	allocs = testing.AllocsPerRun(200, func() { r.MatchRaw("GET", "/api/products/7/reviews?x=1", "", nil) })
	if allocs > 6 {
		t.Errorf("MatchRaw: %.1f allocs, want <= 6", allocs)
	}
	t.Logf("MatchRaw allocs: %.0f", allocs)
}

// A Router nobody closes is freed by its cleanup.
func TestCleanupFreesForgottenRouters(t *testing.T) {
	before := sharedFrees.Load()
	for range 50 {
		r, err := FromConfig([]byte(`{"routes": [{"pattern": "/", "kind": "page"}]}`))
		if err != nil {
			t.Fatal(err)
		}
		r.MatchRaw("GET", "/", "", nil)
	}
	deadline := time.Now().Add(10 * time.Second)
	for sharedFrees.Load()-before < 50 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := sharedFrees.Load() - before; n < 50 {
		t.Errorf("%d of 50 forgotten routers freed", n)
	}
	// Close stops the cleanup: no double free.
	r := mustConfig(t, `{"routes": [{"pattern": "/", "kind": "page"}]}`)
	r.Close()
	before = sharedFrees.Load()
	r = nil
	runtime.GC()
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
	if n := sharedFrees.Load() - before; n != 0 {
		t.Errorf("closed router freed %d more times", n)
	}
}

func TestResultMessages(t *testing.T) {
	for _, r := range []Result{ResultNullParameter, ResultPanic, ResultInvalidUTF8, ResultLengthLimit, ResultInsufficientSize, ResultBuildFailed, ResultInvalidArgument, ResultNoDecision, 999} {
		if r.String() == "" {
			t.Errorf("result %d has no message", r)
		}
	}
}

func TestMain(m *testing.M) {
	log.SetOutput(io.Discard)
	os.Exit(m.Run())
}

func TestReasonsNameEveryNonRouteAnswer(t *testing.T) {
	r, err := FromConfig([]byte(`{"routes": [{"pattern": "/api/[id]", "kind": "route", "methods": ["GET"]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, c := range []struct {
		method, target string
		status         int
		code           string
	}{
		{"GET", "/api/1", 200, ""},
		{"get", "/api/1", 405, "method_case"},
		{"PUT", "/api/1", 405, "method_not_allowed"},
		{"GET", "api/1", 400, "target_not_origin_form"},
		{"GET", "/api/%zz", 400, "bad_escape"},
		{"GET", "/%zz", 404, "no_route_bad_escape"},
		{"GET", "/nothing", 404, "no_route"},
	} {
		d, err := r.MatchRaw(c.method, c.target, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != c.status || d.Reason.Code() != c.code || (c.code == "") != (d.Reason == ReasonNone) {
			t.Errorf("%s %s: %d %q, want %d %q", c.method, c.target, d.Status, d.Reason, c.status, c.code)
		}
		if c.code != "" && len(d.Reason.Text()) < 10 {
			t.Errorf("%s %s: text %q", c.method, c.target, d.Reason.Text())
		}
	}
}

// The most distinct keys an 8 KiB target holds (issue 14: reading them out of Match once took
// 22 s). The cost is measured natively under callgrind (ffi/tests/complexity.rs); here the
// read-out through cgo is checked whole: every key, in order, once.
func TestWorstDefaultQueryReadsOutWhole(t *testing.T) {
	r := mustConfig(t, `{
		"routes": [{"pattern": "/login", "kind": "route", "methods": ["GET"]}],
		"redirects": [{"source": "/r", "destination": "/login", "permanent": false}]
	}`)
	keys := make([]string, 1900)
	for i := range keys {
		keys[i] = strconv.FormatInt(int64(i), 16)
	}
	query := strings.Join(keys, "&")
	if len("/login?"+query) > 8*1024 {
		t.Fatal("the target no longer fits the default limit")
	}
	d, err := r.MatchRaw("GET", "/login?"+query, "", nil)
	if err != nil || d.Status != 200 || len(d.Query) != len(keys) || d.QueryLists != nil {
		t.Fatalf("distinct keys: %v status %d, %d pairs, lists %q", err, d.Status, len(d.Query), d.QueryLists)
	}
	for i, p := range d.Query {
		if p != (Pair{keys[i], ""}) {
			t.Fatalf("pair %d: %q, want %q", i, p, keys[i])
		}
	}
	d, _ = r.MatchRaw("GET", "/login?"+strings.Join(keys[:1000], "&")+"&zz=1&zz=2", "", nil)
	if len(d.Query) != 1002 || d.Query[1001] != (Pair{"zz", "2"}) || !reflect.DeepEqual(d.QueryLists, []string{"zz"}) {
		t.Errorf("a list after 1,000 keys: %d pairs, last %q, lists %q", len(d.Query), d.Query[len(d.Query)-1], d.QueryLists)
	}
	// A redirect carries the whole query into its Location, in order.
	d, _ = r.MatchRaw("GET", "/r?"+query, "", nil)
	if d.Status != 307 || d.Location != "/login?"+strings.Join(keys, "=&")+"=" { // Node writes `k=` for an empty value
		t.Errorf("redirect: %d, location of %d bytes", d.Status, len(d.Location))
	}
}
