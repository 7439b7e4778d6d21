module github.com/routecore/routecore/bindings/go/bench

go 1.24

require github.com/routecore/routecore/bindings/go v0.0.0

require (
	github.com/go-chi/chi/v5 v5.5.0 // indirect
	github.com/julienschmidt/httprouter v1.3.0 // indirect
)

replace github.com/routecore/routecore/bindings/go => ../
