// rcgo.h: the Go binding's C helpers over routecore.h (implemented in rcgo.c). They only call
// the C ABI: one crossing per match reads the whole decision into Go-provided memory.
#ifndef RCGO_H
#define RCGO_H
#include "routecore.h"

// What a match reads in the same C call: every scalar of the decision and the fixed views.
// The variable parts (params, query, headers, vary) go to a caller-provided view array.
typedef struct {
	routecore_str pattern, file, pathname, location, allow, body;
	uint64_t id;
	uint32_t result, action, status, kind, cache, revalidate;
	uint32_t nparams, nquery, nreq, nresp, nvary;
	uint32_t nviews; // views the variable part needed (may exceed the array: call rcgo_views)
	uint8_t has_id, middleware, head_via_get, has_revalidate;
} rcgo_summary;

enum {
	RCGO_WANT_PARAMS = 1,
	RCGO_WANT_QUERY = 2,
	RCGO_WANT_HEADERS = 4, // request header changes, response headers
	RCGO_WANT_VARY = 8,
	RCGO_WANT_FIXED = 16,  // pattern, file, pathname, location, allow, body, flags
	RCGO_WANT_ALL = 31,
};

void rcgo_views(const routecore_context *ctx, uint32_t want, routecore_str *v, size_t cap,
                rcgo_summary *s);
void rcgo_match(const routecore_shared *sh, routecore_context *ctx,
                const char *method, size_t method_len, const char *target, size_t target_len,
                const char *host, size_t host_len,
                const char *hbuf, const size_t *hlens, size_t nh,
                uint32_t want, routecore_str *v, size_t cap, rcgo_summary *s);

#endif
