module github.com/routecore/routecore/bindings/go

go 1.24
