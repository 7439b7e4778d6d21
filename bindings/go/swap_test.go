package routecore

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	tableA = `{"routes": [{"pattern": "/v/[x]", "kind": "route", "methods": ["GET"], "id": 1},
	                      {"pattern": "/only-a", "kind": "page", "id": 11}]}`
	tableB = `{"routes": [{"pattern": "/v/[x]", "kind": "route", "methods": ["GET", "POST"], "id": 2},
	                      {"pattern": "/only-b/[...rest]", "kind": "page", "id": 12}]}`
)

// Many goroutines match (every entry point) while another swaps tables back and forth, and
// swapped-in routers are closed right after: every decision is whole and from one table.
func TestSwapUnderConcurrentLoad(t *testing.T) {
	live := mustConfig(t, tableA)
	a := mustConfig(t, tableA)
	stop := make(chan struct{})
	var seen [3]atomic.Int64
	var wg sync.WaitGroup
	fail := func(format string, args ...any) {
		t.Errorf(format, args...)
	}
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := httptest.NewRequest("GET", "/v/"+strconv.Itoa(g), nil)
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				switch i % 4 {
				case 0:
					d, err := live.Match(req)
					if err != nil || d.Action != ActionRoute || d.Params.ByName("x") != strconv.Itoa(g) {
						fail("Match: %v %+v", err, d)
						return
					}
					switch {
					case d.Route.ID == 1 && d.Route.Pattern == "/v/[x]":
						seen[1].Add(1)
					case d.Route.ID == 2 && d.Route.Pattern == "/v/[x]":
						seen[2].Add(1)
					default:
						fail("route %+v", d.Route)
					}
				case 1:
					id, ps, ok := live.Lookup("GET", "/v/"+strconv.Itoa(g))
					if !ok || (id != 1 && id != 2) || ps.ByName("x") != strconv.Itoa(g) {
						fail("Lookup: %d %v %v", id, ps, ok)
					}
				case 2:
					d, err := live.MatchRaw("POST", "/v/1", "", nil)
					// Table A: 405 (GET only); table B: route 2.
					if err != nil || !((d.Action == ActionMethodNotAllowed && d.Route.ID == 1 && d.Allow == "GET, HEAD, OPTIONS") ||
						(d.Action == ActionRoute && d.Route.ID == 2)) {
						fail("POST: %v %+v", err, d)
					}
				case 3:
					d, err := live.MatchRaw("GET", "/only-b/x/y", "", nil)
					if err != nil || !(d.Action == ActionNotFound || (d.Route != nil && d.Route.ID == 12 && len(d.Params[0].Values) == 2)) {
						fail("only-b: %v %+v", err, d)
					}
				}
			}
		}()
	}
	wg.Add(1)
	go func() { // Routes() concurrently with swaps
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			rs, err := live.Routes()
			if err != nil || len(rs) != 2 {
				fail("Routes: %v %d", err, len(rs))
			}
		}
	}()
	var fastSwaps atomic.Int64
	b2 := mustConfig(t, tableB)
	wg.Add(1)
	go func() { // a second swapper, without pauses
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			next := a
			if i%2 == 1 {
				next = b2
			}
			if err := live.Swap(next); err != nil {
				fail("Swap: %v", err)
				return
			}
			fastSwaps.Add(1)
		}
	}()
	swaps := 0
	deadline := time.Now().Add(1500 * time.Millisecond)
	for time.Now().Before(deadline) || seen[1].Load() == 0 || seen[2].Load() == 0 {
		// Errors end the loop, not the test: the goroutines must stop before the routers
		// they use are closed by the test's cleanups.
		b, err := FromConfig([]byte(tableB))
		if err != nil {
			t.Error(err)
			break
		}
		err = live.Swap(b)
		b.Close() // live keeps its own reference to the table
		if err == nil {
			time.Sleep(time.Millisecond)
			err = live.Swap(a)
		}
		if err != nil {
			t.Error(err)
			break
		}
		swaps += 2
		time.Sleep(time.Millisecond)
		if time.Now().After(deadline.Add(10 * time.Second)) {
			break
		}
	}
	close(stop)
	wg.Wait()
	t.Logf("%d + %d swaps; decisions from table A %d, table B %d", swaps, fastSwaps.Load(), seen[1].Load(), seen[2].Load())
	if seen[1].Load() == 0 || seen[2].Load() == 0 {
		t.Error("both tables should have served requests")
	}
}

// The middleware over a live server while the table is swapped underneath it.
func TestHandlerSwapUnderLoad(t *testing.T) {
	live := mustConfig(t, tableA)
	handlers := map[uint64]http.Handler{}
	for _, id := range []uint64{1, 2} {
		handlers[id] = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, strconv.FormatUint(id, 10)+":"+r.PathValue("x"))
		})
	}
	srv := httptest.NewServer(Handler(live, handlers))
	defer srv.Close()
	a := mustConfig(t, tableA)
	b := mustConfig(t, tableB)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var got [3]atomic.Int64
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := srv.Client().Get(srv.URL + "/v/q")
				if err != nil {
					t.Error(err)
					return
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				switch string(body) {
				case "1:q":
					got[1].Add(1)
				case "2:q":
					got[2].Add(1)
				default:
					t.Errorf("%d %q", res.StatusCode, body)
					return
				}
			}
		}()
	}
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) || got[1].Load() == 0 || got[2].Load() == 0 {
		live.Swap(b)
		time.Sleep(2 * time.Millisecond)
		live.Swap(a)
		time.Sleep(2 * time.Millisecond)
		if time.Now().After(deadline.Add(10 * time.Second)) {
			break
		}
	}
	close(stop)
	wg.Wait()
	t.Logf("served by table A %d, table B %d", got[1].Load(), got[2].Load())
	if got[1].Load() == 0 || got[2].Load() == 0 {
		t.Error("both tables should have served requests")
	}
}
