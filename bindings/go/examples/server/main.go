// Command server is a net/http server that answers every request from routecore's decision.
//
//	go run ./examples/server -project ../../examples/shop [-addr 127.0.0.1:8080]
//
// It prints "listening on http://ADDR" once it accepts connections. Every route of the
// project gets a handler (keyed by route id) that echoes what it received as JSON: the
// route, its params, the query, and the request headers middleware set. Everything else —
// redirects, rewrites, middleware responses, 404, 405 with Allow, automatic OPTIONS, HEAD
// via GET, 400/414/431 — comes from routecore.Handler. SIGHUP reloads the project and swaps
// the new table in while serving; SIGINT or SIGTERM shuts down gracefully.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	routecore "github.com/routecore/routecore/bindings/go"
)

// handlerFor echoes the route's view of the request.
func handlerFor(name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d := routecore.DecisionFromContext(r.Context())
		params := map[string]any{}
		for _, p := range routecore.ParamsFromContext(r.Context()) {
			if p.CatchAll {
				params[p.Key] = p.Values
			} else {
				params[p.Key] = p.Value
			}
		}
		query := [][2]string{}
		for _, q := range d.Query {
			query = append(query, [2]string{q.Name, q.Value})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"handler": name,
			"route":   d.Route.Pattern,
			"id":      d.Route.ID,
			"method":  r.Method,
			"path":    r.URL.Path,
			"params":  params,
			"query":   query,
			"edge":    r.Header.Get("X-Shop-Edge"),
		})
	})
}

// handlers registers one handler per route of the router's table.
func handlers(r *routecore.Router) (map[uint64]http.Handler, error) {
	routes, err := r.Routes()
	if err != nil {
		return nil, err
	}
	hs := make(map[uint64]http.Handler, len(routes))
	for _, rt := range routes {
		hs[rt.ID] = handlerFor(rt.Pattern)
	}
	return hs, nil
}

func run(ctx context.Context, project, addr string, stdout io.Writer, logger *log.Logger) error {
	router, err := routecore.Load(project)
	if err != nil {
		return err
	}
	defer router.Close()
	hs, err := handlers(router)
	if err != nil {
		return err
	}
	// Routes added by a reload answer through the fallback, which echoes as well.
	h := routecore.Handler(router, hs, routecore.WithFallback(handlerFor("fallback")), routecore.WithErrorLog(logger))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: logRequests(h, logger), ErrorLog: logger, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "listening on http://%s (routecore %s)\n", ln.Addr(), routecore.Version())

	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for range hup {
			next, err := routecore.Load(project)
			if err != nil {
				logger.Printf("reload failed, still serving the old table: %v", err)
				continue
			}
			if err := router.Swap(next); err != nil {
				logger.Printf("swap: %v", err)
			} else {
				logger.Printf("reloaded %s", project)
			}
			next.Close()
		}
	}()

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func logRequests(next http.Handler, logger *log.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		target := r.RequestURI
		if len(target) > 120 {
			target = target[:120]
		}
		logger.Printf("%s %s -> %d", r.Method, target, sw.status)
	})
}

func main() {
	project := flag.String("project", "examples/shop", "project directory (holding routecore.json)")
	addr := flag.String("addr", "127.0.0.1:0", "listen address (port 0: any free port)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger := log.New(os.Stderr, "server: ", log.LstdFlags)
	if err := run(ctx, *project, *addr, os.Stdout, logger); err != nil {
		logger.Fatal(err)
	}
}
