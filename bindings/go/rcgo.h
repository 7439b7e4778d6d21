// rcgo.h: the Go binding's C helpers over routecore.h (implemented in rcgo.c). They only call
// the C ABI: one crossing per match reads the decision into C memory Go then reads.
#ifndef RCGO_H
#define RCGO_H
#include "routecore.h"

// What a match reads in the same C call besides the result.
typedef struct {
	uint64_t id;
	uint32_t result, action;
	uint32_t nparams, nquery;
	// Views the variable part needed (may exceed the array: see rcgo_match); for rcgo_lookup,
	// the param entries in params.
	uint32_t nviews;
	// The bytes Go copies to read the params: the values not found in the target (voff 0),
	// and each catch-all of more than one value joined with '/'.
	uint32_t param_bytes;
	// RCGO_WANT_ROUTE, when simple: the rest of the decision.
	uint32_t status, kind, cache, revalidate, reason;
	uint8_t has_id;
	uint8_t simple; // RCGO_WANT_ROUTE: the decision is a plain route (see below)
	uint8_t middleware, has_revalidate;
	// rcgo_match_lean, for a plain route: whether the pathname is the path passed (then
	// r.URL needs no change and lean values' offsets count in that path, else in the target),
	// and when not, the pathname with 1 + its offset in the target, or 0.
	uint8_t same;
	uint32_t pathname_off;
	routecore_str pathname;
} rcgo_summary;

// One param as rcgo_match_lean reads it: a catch-all's segments already joined with '/'.
typedef struct {
	routecore_str name;
	// The value's bytes (C memory: a view of the decision or the scratch's join buffer),
	// to be copied when off is 0; else 1 + where the same bytes start in the base string
	// (the path passed when sum.same, else the target).
	routecore_str value;
	uint32_t off;
} rcgo_lean_param;

enum {
	// The whole decision in its packed form (routecore_context_packed) in packed, and, when
	// some query key is a list (ROUTECORE_PACKED_QUERY_LISTS), the query pairs in request
	// order as views: the packed form groups the query by key.
	RCGO_WANT_PACKED = 2,
	// Handler's read: when the decision is a plain route (action route; no query, request or
	// response header changes, vary, allow, location, body, HEAD via GET), sum.simple = 1
	// and the summary plus views hold all of it: pattern, file, pathname, then for each param
	// its name, a meta view {NULL, count<<1 | catchAll} and its count values (match.go, above
	// viewPattern). Otherwise what RCGO_WANT_PACKED reads.
	RCGO_WANT_ROUTE = 4,
};

// One pooled matching context: the routecore_context and the C memory a match's decision is
// read into (C memory, so that cgo has no Go pointers to check on each call).
typedef struct {
	routecore_context *ctx;
	rcgo_summary sum;
	routecore_str *views; // params or query pairs: layout in match.go, above viewPattern
	// For each view, 1 + the offset in the request target where the same bytes start, or 0
	// (computed for param values and the pathname only): Go then shares the target's
	// string instead of copying.
	uint32_t *voff;
	size_t cap;
	routecore_param_entry *params; // routecore_context_params's array, params_cap entries
	size_t params_cap;
	uint8_t *packed; // RCGO_WANT_PACKED: the packed decision, packed_len bytes
	size_t packed_len, packed_cap;
	rcgo_lean_param *lean; // rcgo_match_lean's params, lean_cap entries (sum.nparams used)
	size_t lean_cap;
	char *join; // catch-all values joined by rcgo_match_lean when not a substring, join_cap bytes
	size_t join_cap;
	// rcgo_lookup: for each of the sum.nviews entries in params, 1 + where its value's bytes
	// start in the target, or 0 (then Go copies them); eoff_cap entries.
	uint32_t *eoff;
	size_t eoff_cap;
} rcgo_scratch;

// A new scratch with its context, or NULL when out of memory.
rcgo_scratch *rcgo_scratch_new(void);
// Frees the scratch and its context. NULL is a no-op.
void rcgo_scratch_free(rcgo_scratch *s);

// One crossing per request: builds the routecore_request from the caller's bytes (read during
// this call only), matches through the shared slot, and reads the decision (the parts in
// want) into s->sum, s->views and s->packed, growing them as needed. Headers arrive as one
// byte buffer hbuf with 2*nh lengths in hlens (name, value, name, value, ...).
// sh and s are passed as integers: both are C memory, and cgo would otherwise check each
// pointer argument on every call.
void rcgo_match(uintptr_t sh, uintptr_t s,
                const char *method, size_t method_len, const char *target, size_t target_len,
                const char *host, size_t host_len,
                const char *hbuf, const size_t *hlens, size_t nh, uint32_t want);

// Handler's lean read (WithDecisionInContext(false)), in one crossing: matches as rcgo_match
// and, when the decision is a plain route (RCGO_WANT_ROUTE), sets sum.simple and reads only
// what a route's handler from the map needs: the id, cache and revalidate into the summary,
// whether the pathname is path (the request's r.URL.RawPath when raw, else r.URL.Path: then
// r.URL already shows it) into sum.same, and the params into s->lean (sum.nparams of them;
// sum.param_bytes: the bytes Go copies). Anything else: the packed decision, as
// RCGO_WANT_ROUTE reads it. The context keeps the decision: rcgo_read reads more of it.
void rcgo_match_lean(uintptr_t sh, uintptr_t s,
                     const char *method, size_t method_len, const char *target, size_t target_len,
                     const char *host, size_t host_len,
                     const char *hbuf, const size_t *hlens, size_t nh,
                     const char *path, size_t path_len, uint8_t raw);

// Router.Lookup's read, in one crossing: matches method and target (no host, no headers)
// through the shared slot and, when the action is route, reads the route id into the summary
// (has_id, id) and every param with one routecore_context_params call into s->params
// (sum.nviews entries, sum.nparams params), with each value's place in the target in s->eoff
// and the bytes Go copies in sum.param_bytes (values not in the target, and each catch-all of
// more than one value joined with '/'). sum.action is the decision's action.
void rcgo_lookup(uintptr_t sh, uintptr_t s,
                 const char *method, size_t method_len, const char *target, size_t target_len);

// Reads the decision the scratch's context holds (the last match's) as rcgo_match reads it
// for want, the summary reset first.
void rcgo_read(uintptr_t s, const char *target, size_t target_len, uint32_t want);

#endif
