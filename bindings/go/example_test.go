package routecore_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	routecore "github.com/routecore/routecore/bindings/go"
)

func ExampleFromConfig() {
	router, err := routecore.FromConfig([]byte(`{
		"routes": [{"pattern": "/docs/[[...slug]]", "kind": "page", "id": 7}],
		"redirects": [{"source": "/old/:path*", "destination": "/docs/:path*", "permanent": true}]
	}`))
	if err != nil {
		panic(err)
	}
	defer router.Close()

	d, _ := router.MatchRaw("GET", "/docs/guide/install", "", nil)
	fmt.Println(d.Action, d.Route.ID, d.Params[0].Values)
	d, _ = router.MatchRaw("GET", "/old/guide", "", nil)
	fmt.Println(d.Action, d.Status, d.Location)
	// Output:
	// route 7 [guide install]
	// redirect 308 /docs/guide
}

func ExampleBuildError() {
	_, err := routecore.FromConfig([]byte(`{"routes": [
		{"pattern": "/a/[id]", "kind": "page"},
		{"pattern": "/a/[slug]", "kind": "page"}
	]}`))
	var be *routecore.BuildError
	if errors.As(err, &be) {
		fmt.Println(len(be.Messages) > 0)
	}
	// Output: true
}

func ExampleNewBuilder() {
	router, err := routecore.NewBuilder().
		Route("/api/users/[id]", routecore.KindRoute, []string{"GET", "DELETE"}, 1).
		Route("/", routecore.KindPage, nil, 2).
		Build()
	if err != nil {
		panic(err)
	}
	defer router.Close()

	id, ps, ok := router.Lookup("GET", "/api/users/42")
	fmt.Println(id, ps.ByName("id"), ok)
	d, _ := router.MatchRaw("PUT", "/api/users/42", "", nil)
	fmt.Println(d.Status, d.Allow)
	// Output:
	// 1 42 true
	// 405 DELETE, GET, HEAD, OPTIONS
}

func ExampleHandler() {
	router, err := routecore.Load("../../examples/shop")
	if err != nil {
		panic(err)
	}
	defer router.Close()

	h := routecore.Handler(router, map[uint64]http.Handler{
		102: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { // /api/products/[id]
			fmt.Fprintf(w, "product %s", r.PathValue("id"))
		}),
	})
	for _, target := range []string{"/api/products/42", "/shop/42"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		body, _ := io.ReadAll(rec.Body)
		fmt.Println(rec.Code, rec.Header().Get("Location"), string(body))
	}
	// Output:
	// 200  product 42
	// 308 /products/42
}

func ExampleRouter_Swap() {
	live, _ := routecore.FromConfig([]byte(`{"routes": [{"pattern": "/v1", "kind": "page"}]}`))
	defer live.Close()

	next, err := routecore.FromConfig([]byte(`{"routes": [{"pattern": "/v2", "kind": "page"}]}`))
	if err == nil {
		live.Swap(next) // matches in flight finish on the old table
		next.Close()    // live keeps its own reference
	}
	d, _ := live.MatchRaw("GET", "/v2", "", nil)
	fmt.Println(d.Action, d.Route.Pattern)
	// Output: route /v2
}
