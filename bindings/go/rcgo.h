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

// One pooled matching context: the routecore_context and the C memory a match's decision is
// read into (C memory, so that cgo has no Go pointers to check on each call).
typedef struct {
	routecore_context *ctx;
	rcgo_summary sum;
	routecore_str *views; // the variable part: layout in match.go, above paramBytes
	size_t cap;
} rcgo_scratch;

// A new scratch with its context, or NULL when out of memory.
rcgo_scratch *rcgo_scratch_new(void);
// Frees the scratch and its context. NULL is a no-op.
void rcgo_scratch_free(rcgo_scratch *s);

// One crossing per request: builds the routecore_request from the caller's bytes (read during
// this call only), matches through the shared slot, and reads the decision (the parts in
// want) into s->sum and s->views, growing views as needed. Headers arrive as one byte buffer
// hbuf with 2*nh lengths in hlens (name, value, name, value, ...).
void rcgo_match(const routecore_shared *sh, rcgo_scratch *s,
                const char *method, size_t method_len, const char *target, size_t target_len,
                const char *host, size_t host_len,
                const char *hbuf, const size_t *hlens, size_t nh, uint32_t want);

#endif
