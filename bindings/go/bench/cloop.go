package bench

/*
#cgo CFLAGS: -I${SRCDIR}/../../../include
#cgo !routecore_external,linux LDFLAGS: -L${SRCDIR}/../../../target/release -L${SRCDIR}/../nolib -l:libroutecore.a
#cgo !routecore_external,!linux LDFLAGS: ${SRCDIR}/../../../target/release/libroutecore.a
#cgo LDFLAGS: -lm -ldl -lpthread
#include <stdlib.h>
#include "routecore.h"

// Matches nreq requests `rounds` times entirely in C (no cgo transition per request), reading
// the action, route id and each param's first value. shared: through a routecore_shared slot
// (as the Go binding does) instead of the router directly. reads: CLOOP_ALL_PARAMS also reads
// each param's name and catch-all flag (and value count for catch-alls) with the per-param
// accessors, as routecore.Lookup did up to 706f468; CLOOP_BULK_PARAMS reads every param's
// name and values with one routecore_context_params call, as Lookup and Handler do now.
// Returns the number of route decisions (a checksum), or -1 when the config does not build.
enum { CLOOP_FIRST_VALUES = 0, CLOOP_ALL_PARAMS = 1, CLOOP_BULK_PARAMS = 2 };
static long cloop(const char *config, size_t config_len,
                  const char *buf, const size_t *lens, size_t nreq, long rounds, int shared,
                  int reads) {
	routecore_param_entry pe[64];
	const routecore_router *router = NULL;
	if (routecore_router_from_config(config, config_len, &router, NULL) != ROUTECORE_RESULT_OK) return -1;
	routecore_shared *sh = NULL;
	routecore_shared_new(router, &sh);
	routecore_request *reqs = calloc(nreq, sizeof *reqs);
	size_t off = 0;
	for (size_t i = 0; i < nreq; i++) {
		reqs[i].method = buf + off;
		reqs[i].method_len = lens[2 * i];
		off += lens[2 * i];
		reqs[i].target = buf + off;
		reqs[i].target_len = lens[2 * i + 1];
		off += lens[2 * i + 1];
	}
	routecore_context *ctx = routecore_context_new();
	long routes = 0;
	size_t sum = 0;
	for (long r = 0; r < rounds; r++) {
		for (size_t i = 0; i < nreq; i++) {
			if (shared) routecore_shared_match(sh, ctx, &reqs[i]);
			else routecore_match(router, ctx, &reqs[i]);
			uint64_t id;
			if (routecore_context_action(ctx) == ROUTECORE_ACTION_ROUTE && routecore_context_route_id(ctx, &id)) {
				routes++;
				if (reads == CLOOP_BULK_PARAMS) {
					size_t n = 0;
					if (routecore_context_params(ctx, pe, 64, &n) == ROUTECORE_RESULT_OK) {
						for (size_t p = 0; p < n; p++) sum += pe[p].name.len + pe[p].value.len;
					}
					continue;
				}
				size_t np = routecore_context_param_count(ctx);
				for (size_t p = 0; p < np; p++) {
					sum += routecore_context_param_value(ctx, p, 0).len;
					if (reads == CLOOP_ALL_PARAMS) {
						sum += routecore_context_param_name(ctx, p).len;
						if (routecore_context_param_is_catch_all(ctx, p)) sum += routecore_context_param_value_count(ctx, p);
					}
				}
			}
		}
	}
	routecore_context_free(ctx);
	free(reqs);
	routecore_shared_free(sh);
	routecore_router_free(router);
	(void)sum;
	return routes;
}

// An exported function that does nothing: the cost of a cgo transition alone.
static void cnoop(void) {}
*/
import "C"

import "unsafe"

// What cloop reads of each route decision besides its action and id.
const (
	firstValues = C.CLOOP_FIRST_VALUES // each param's first value
	allParams   = C.CLOOP_ALL_PARAMS   // names, values, catch-all flags: per-param accessors
	bulkParams  = C.CLOOP_BULK_PARAMS  // names and values: one routecore_context_params call
)

// matchInC runs cloop over reqs (method, target pairs); it reports how many route decisions
// it saw.
func matchInC(config []byte, reqs []route, rounds int, shared bool, reads C.int) int {
	var buf []byte
	var lens []C.size_t
	for _, r := range reqs {
		buf = append(buf, r.method...)
		buf = append(buf, r.path...)
		lens = append(lens, C.size_t(len(r.method)), C.size_t(len(r.path)))
	}
	sh := C.int(0)
	if shared {
		sh = 1
	}
	return int(C.cloop((*C.char)(unsafe.Pointer(&config[0])), C.size_t(len(config)),
		(*C.char)(unsafe.Pointer(&buf[0])), &lens[0], C.size_t(len(reqs)), C.long(rounds), sh, reads))
}

// cgoNoop is one cgo call to an empty C function.
func cgoNoop() { C.cnoop() }
