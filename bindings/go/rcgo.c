// rcgo.c: see rcgo.h. No Go pointer is kept after a call returns: the request bytes, hbuf and
// hlens are read during rcgo_match only, and the header array pointing into hbuf lives on the
// C stack (or in memory freed before returning).
#include <stdlib.h>
#include <string.h>
#include "rcgo.h"

// The views rcgo_views writes.
enum { RCGO_VIEW_PARAMS = 1, RCGO_VIEW_QUERY = 2, RCGO_VIEW_ROUTE = 4 };

// Bytes rcgo_find may compare per match, over all its searches: a crafted target (say 1 MiB
// of "a" and a long decoded value) then costs a few microseconds at most, not a quadratic
// search. Ordinary requests need a fraction of it.
#define RCGO_FIND_BUDGET 16384

// 1 + the offset of an occurrence of v's bytes in the target t, or 0 (also for an empty v,
// which needs no memory, and when *budget runs out). Any occurrence will do: Go only needs
// equal bytes. *at is where the last value found ended: the next one (params come in path
// order, one segment each) is usually right there or after the '/' there, so those two
// places are tried first; *at then moves past the value found.
static uint32_t rcgo_find(routecore_str v, const char *t, size_t tlen, size_t *at, long *budget) {
	size_t n = v.len;
	if (v.ptr == NULL || n == 0 || t == NULL || n > tlen || tlen > UINT32_MAX - 1) return 0;
	uintptr_t vp = (uintptr_t)v.ptr, tp = (uintptr_t)t;
	size_t found;
	if (vp >= tp && vp + n <= tp + tlen) { // a view into the target
		found = (size_t)(vp - tp);
		goto done;
	}
	// At most 2n bytes per value, so not counted in the budget (linear in the values' size).
	for (size_t k = *at; k <= *at + 1 && k <= tlen - n; k++) {
		if (t[k] == v.ptr[0] && memcmp(t + k, v.ptr, n) == 0) {
			found = k;
			goto done;
		}
	}
	const char *end = t + tlen - n;
	for (const char *p = t; p <= end && *budget > 0; p++) {
		const char *q = memchr(p, v.ptr[0], (size_t)(end - p) + 1);
		*budget -= (long)((q ? q : end) - p) + 1;
		if (q == NULL) return 0;
		p = q;
		*budget -= (long)n;
		if (memcmp(p, v.ptr, n) == 0) {
			found = (size_t)(p - t);
			goto done;
		}
	}
	return 0;
done:
	*at = found + n;
	return (uint32_t)found + 1;
}

// Reads every param of sc's decision into sc->params (grown as needed) with one
// routecore_context_params call; returns how many entries it holds (0 on any failure).
static size_t rcgo_params(rcgo_scratch *sc) {
	size_t n = 0;
	routecore_result r = routecore_context_params(sc->ctx, sc->params, sc->params_cap, &n);
	if (r == ROUTECORE_RESULT_INSUFFICIENT_SIZE) {
		size_t cap = n + n / 4;
		free(sc->params); // nothing in it to keep
		sc->params = malloc(cap * sizeof *sc->params);
		if (sc->params == NULL) abort();
		sc->params_cap = cap;
		r = routecore_context_params(sc->ctx, sc->params, sc->params_cap, &n);
	}
	return r == ROUTECORE_RESULT_OK ? n : 0;
}

// Writes views of sc's decision (layout: match.go, above viewPattern), as many as fit in
// sc->cap, and the number needed to sc->sum.nviews: with RCGO_VIEW_ROUTE the pattern, file and
// pathname first, then with RCGO_VIEW_PARAMS the params (ne entries in sc->params, read by
// rcgo_params), with RCGO_VIEW_QUERY the query pairs. voff gets, for param values and the
// pathname, where the same bytes are in the target.
static void rcgo_views(rcgo_scratch *sc, uint32_t what, size_t ne, const char *t, size_t tlen) {
	const routecore_context *ctx = sc->ctx;
	routecore_str *v = sc->views;
	uint32_t *off = sc->voff;
	size_t cap = sc->cap;
	rcgo_summary *s = &sc->sum;
	size_t n = 0, at = 0;
	long budget = RCGO_FIND_BUDGET;
#define RCGO_PUT(x) do { routecore_str x_ = (x); if (n < cap) { v[n] = x_; off[n] = 0; } n++; } while (0)
#define RCGO_PUT_FIND(x) do { routecore_str x_ = (x); if (n < cap) { v[n] = x_; off[n] = rcgo_find(x_, t, tlen, &at, &budget); } n++; } while (0)
	if (what & RCGO_VIEW_ROUTE) {
		RCGO_PUT(routecore_context_route_pattern(ctx));
		RCGO_PUT(routecore_context_route_file(ctx));
		RCGO_PUT_FIND(routecore_context_pathname(ctx));
		at = 0; // the params are searched from the start
	}
	if (what & RCGO_VIEW_PARAMS) {
		// One entry per value; a param's entries are consecutive, its first starts it.
		const routecore_param_entry *pe = sc->params;
		uint32_t np = 0;
		size_t bytes = 0;
		for (size_t i = 0; i < ne; i++) {
			if (i == 0 || pe[i].index != pe[i - 1].index) {
				routecore_str meta = {NULL, ((size_t)pe[i].count << 1) | (pe[i].catch_all ? 1u : 0u)};
				RCGO_PUT(pe[i].name);
				RCGO_PUT(meta);
				np++;
			}
			size_t len = pe[i].value.len;
			if (n < cap) {
				v[n] = pe[i].value;
				off[n] = rcgo_find(pe[i].value, t, tlen, &at, &budget);
				if (off[n] == 0) bytes += len; // copied
			}
			n++;
			if (pe[i].catch_all && pe[i].count > 1) bytes += len + 1; // joined with '/'
		}
		s->nparams = np;
		s->param_bytes = bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)bytes;
	}
	if (what & RCGO_VIEW_QUERY) {
		size_t nq = routecore_context_query_count(ctx);
		s->nquery = (uint32_t)nq;
		for (size_t i = 0; i < nq; i++) {
			routecore_pair p = routecore_context_query(ctx, i);
			RCGO_PUT(p.name);
			RCGO_PUT(p.value);
		}
	}
#undef RCGO_PUT
#undef RCGO_PUT_FIND
	s->nviews = (uint32_t)n;
}

// rcgo_views into the scratch's arrays, grown (once) when the views do not fit.
static void rcgo_read_views(rcgo_scratch *sc, uint32_t what, const char *t, size_t tlen) {
	size_t ne = (what & RCGO_VIEW_PARAMS) ? rcgo_params(sc) : 0;
	rcgo_views(sc, what, ne, t, tlen);
	if (sc->sum.nviews > sc->cap) {
		size_t cap = sc->sum.nviews + sc->sum.nviews / 4;
		routecore_str *v = realloc(sc->views, cap * sizeof *v);
		if (v == NULL) abort();
		sc->views = v;
		uint32_t *o = realloc(sc->voff, cap * sizeof *o);
		if (o == NULL) abort();
		sc->voff = o;
		sc->cap = cap;
		rcgo_views(sc, what, ne, t, tlen);
	}
}

#define RCGO_INITIAL_PACKED 1024
// A packed buffer grown past this by one large decision is given back when the context next
// packs a decision, so that a pooled context does not keep it.
#define RCGO_KEEP_PACKED (64 * 1024)

// Writes the packed decision into sc->packed (grown as needed) and its size to packed_len;
// returns the result of routecore_context_packed.
static routecore_result rcgo_packed(rcgo_scratch *sc) {
	if (sc->packed_cap > RCGO_KEEP_PACKED) {
		free(sc->packed);
		sc->packed = NULL;
		sc->packed_cap = 0;
	}
	size_t needed = 0;
	routecore_result r = routecore_context_packed(sc->ctx, sc->packed, sc->packed_cap, &needed);
	if (r == ROUTECORE_RESULT_INSUFFICIENT_SIZE) {
		size_t cap = needed + needed / 4;
		if (cap < RCGO_INITIAL_PACKED) cap = RCGO_INITIAL_PACKED;
		free(sc->packed); // nothing in it to keep
		sc->packed = malloc(cap);
		if (sc->packed == NULL) abort();
		sc->packed_cap = cap;
		r = routecore_context_packed(sc->ctx, sc->packed, sc->packed_cap, &needed);
	}
	sc->packed_len = r == ROUTECORE_RESULT_OK ? needed : 0;
	return r;
}

#define RCGO_STACK_HEADERS 32
#define RCGO_INITIAL_VIEWS 32
#define RCGO_INITIAL_PARAMS 16

rcgo_scratch *rcgo_scratch_new(void) {
	rcgo_scratch *s = calloc(1, sizeof *s);
	if (s == NULL) return NULL;
	s->views = calloc(RCGO_INITIAL_VIEWS, sizeof *s->views);
	s->voff = calloc(RCGO_INITIAL_VIEWS, sizeof *s->voff);
	s->params = calloc(RCGO_INITIAL_PARAMS, sizeof *s->params);
	s->packed = malloc(RCGO_INITIAL_PACKED);
	s->ctx = routecore_context_new();
	if (s->views == NULL || s->voff == NULL || s->params == NULL || s->packed == NULL || s->ctx == NULL) {
		rcgo_scratch_free(s);
		return NULL;
	}
	s->cap = RCGO_INITIAL_VIEWS;
	s->params_cap = RCGO_INITIAL_PARAMS;
	s->packed_cap = RCGO_INITIAL_PACKED;
	return s;
}

void rcgo_scratch_free(rcgo_scratch *s) {
	if (s == NULL) return;
	routecore_context_free(s->ctx);
	free(s->views);
	free(s->voff);
	free(s->params);
	free(s->packed);
	free(s->lean);
	free(s->join);
	free(s->eoff);
	free(s);
}

// Whether the matched decision in ctx is a plain route (RCGO_WANT_ROUTE in rcgo.h). Allow,
// location and body need no call: routecore.h gives them only to other actions (options and
// method_not_allowed; redirect and rewrite_external; respond).
static int rcgo_simple_route(const routecore_context *ctx) {
	return routecore_context_action(ctx) == ROUTECORE_ACTION_ROUTE &&
	       routecore_context_query_count(ctx) == 0 &&
	       routecore_context_request_header_count(ctx) == 0 &&
	       routecore_context_response_header_count(ctx) == 0 &&
	       routecore_context_vary_count(ctx) == 0 &&
	       !routecore_context_head_via_get(ctx);
}

// The packed decision and, when some query key is a list, the query pairs as views.
static void rcgo_read_packed(rcgo_scratch *sc) {
	rcgo_summary *s = &sc->sum;
	s->result = rcgo_packed(sc);
	if (s->result != ROUTECORE_RESULT_OK) return;
	// The flags word: little-endian uint32 at byte 16 (the layout: routecore.h).
	const uint8_t *f = sc->packed + 16;
	uint32_t flags = (uint32_t)f[0] | (uint32_t)f[1] << 8 | (uint32_t)f[2] << 16 | (uint32_t)f[3] << 24;
	if (flags & ROUTECORE_PACKED_QUERY_LISTS) rcgo_read_views(sc, RCGO_VIEW_QUERY, NULL, 0);
}

// Builds the routecore_request from the caller's bytes and matches through the shared slot
// into sc's context; returns the result.
static routecore_result rcgo_do_match(const routecore_shared *sh, rcgo_scratch *sc,
                                      const char *method, size_t method_len, const char *target,
                                      size_t target_len, const char *host, size_t host_len,
                                      const char *hbuf, const size_t *hlens, size_t nh) {
	routecore_header stack[RCGO_STACK_HEADERS];
	routecore_header *hs = stack;
	if (nh > RCGO_STACK_HEADERS) {
		if (nh > ROUTECORE_MAX_HEADERS) return ROUTECORE_RESULT_LENGTH_LIMIT;
		hs = malloc(nh * sizeof *hs);
		if (hs == NULL) abort();
	}
	size_t off = 0;
	for (size_t i = 0; i < nh; i++) {
		hs[i].name = hbuf + off;
		hs[i].name_len = hlens[2 * i];
		off += hlens[2 * i];
		hs[i].value = hbuf + off;
		hs[i].value_len = hlens[2 * i + 1];
		off += hlens[2 * i + 1];
	}
	routecore_request req = {method, method_len, target, target_len, host, host_len, nh ? hs : NULL, nh};
	routecore_result r = routecore_shared_match(sh, sc->ctx, &req);
	if (hs != stack) free(hs);
	return r;
}

// Reads the decision in sc's context (matched with result OK) for want (rcgo_match).
static void rcgo_read_decision(rcgo_scratch *sc, const char *target, size_t target_len, uint32_t want) {
	rcgo_summary *s = &sc->sum;
	routecore_context *ctx = sc->ctx;
	if (want & RCGO_WANT_ROUTE) {
		if (!rcgo_simple_route(ctx)) {
			rcgo_read_packed(sc);
			return;
		}
		s->simple = 1;
		s->action = ROUTECORE_ACTION_ROUTE;
		s->has_id = routecore_context_route_id(ctx, &s->id) ? 1 : 0;
		s->cache = (uint32_t)routecore_context_cache(ctx);
		s->has_revalidate = routecore_context_revalidate(ctx, &s->revalidate) ? 1 : 0;
		s->status = routecore_context_status(ctx);
		s->kind = routecore_context_route_kind(ctx);
		s->middleware = routecore_context_middleware(ctx) ? 1 : 0;
		s->reason = routecore_context_reason(ctx);
		rcgo_read_views(sc, RCGO_VIEW_ROUTE | RCGO_VIEW_PARAMS, target, target_len);
		return;
	}
	if (want & RCGO_WANT_PACKED) rcgo_read_packed(sc);
}

void rcgo_match(uintptr_t shp, uintptr_t scp,
                const char *method, size_t method_len, const char *target, size_t target_len,
                const char *host, size_t host_len,
                const char *hbuf, const size_t *hlens, size_t nh, uint32_t want) {
	rcgo_scratch *sc = (rcgo_scratch *)scp;
	memset(&sc->sum, 0, sizeof sc->sum);
	sc->sum.result = rcgo_do_match((const routecore_shared *)shp, sc, method, method_len, target, target_len,
	                               host, host_len, hbuf, hlens, nh);
	if (sc->sum.result == ROUTECORE_RESULT_OK) rcgo_read_decision(sc, target, target_len, want);
}

void rcgo_read(uintptr_t scp, const char *target, size_t target_len, uint32_t want) {
	rcgo_scratch *sc = (rcgo_scratch *)scp;
	memset(&sc->sum, 0, sizeof sc->sum);
	rcgo_read_decision(sc, target, target_len, want);
}

// Whether v's bytes lie in [p, p + n).
static int rcgo_within(routecore_str v, const char *p, size_t n) {
	uintptr_t a = (uintptr_t)v.ptr, b = (uintptr_t)p;
	return v.ptr != NULL && p != NULL && a >= b && a - b <= n && v.len <= n - (a - b);
}

// Grows *buf (C memory, contents not kept) to hold at least n elements of size sz.
static void rcgo_grow(void **buf, size_t *cap, size_t n, size_t sz) {
	if (n <= *cap) return;
	size_t c = n + n / 4 + 4;
	free(*buf);
	*buf = malloc(c * sz);
	if (*buf == NULL) abort();
	*cap = c;
}

// Whether a and b (n bytes each) are equal and, unless raw, a holds no '%'.
static int rcgo_same_path(const char *a, const char *b, size_t n, uint8_t raw) {
	return (n == 0 || memcmp(a, b, n) == 0) && (raw || n == 0 || memchr(a, '%', n) == NULL);
}

void rcgo_match_lean(uintptr_t shp, uintptr_t scp,
                     const char *method, size_t method_len, const char *target, size_t target_len,
                     const char *host, size_t host_len,
                     const char *hbuf, const size_t *hlens, size_t nh,
                     const char *path, size_t path_len, uint8_t raw) {
	rcgo_scratch *sc = (rcgo_scratch *)scp;
	rcgo_summary *s = &sc->sum;
	routecore_context *ctx = sc->ctx;
	s->simple = 0;
	s->nparams = 0;
	s->param_bytes = 0;
	s->result = rcgo_do_match((const routecore_shared *)shp, sc, method, method_len, target, target_len,
	                          host, host_len, hbuf, hlens, nh);
	if (s->result != ROUTECORE_RESULT_OK) return;
	// One call for every scalar and count; a plain route as in rcgo_simple_route.
	routecore_summary d;
	routecore_result r = routecore_context_summary(ctx, &d);
	if (r != ROUTECORE_RESULT_OK || d.action != ROUTECORE_ACTION_ROUTE || d.query_count != 0 ||
	    d.request_header_count != 0 || d.response_header_count != 0 || d.vary_count != 0 || d.head_via_get) {
		memset(s, 0, sizeof *s);
		rcgo_read_packed(sc);
		return;
	}
	s->simple = 1;
	s->action = ROUTECORE_ACTION_ROUTE;
	s->has_id = d.has_route;
	s->id = d.route_id;
	s->cache = (uint32_t)d.cache;
	s->has_revalidate = d.has_revalidate;
	s->revalidate = d.revalidate;
	// r.URL shows the pathname when it is r.URL.RawPath, or r.URL.Path needing no unescaping
	// (net/url sets RawPath only to a valid encoding of Path).
	routecore_str pn = d.pathname;
	s->same = pn.ptr != NULL && pn.len == path_len && rcgo_same_path(pn.ptr, path, path_len, raw);
	long budget = RCGO_FIND_BUDGET;
	size_t at = 0;
	if (!s->same) {
		s->pathname = pn;
		s->pathname_off = rcgo_find(pn, target, target_len, &at, &budget);
		at = 0;
	}
	if (d.param_count == 0) return;
	size_t ne = rcgo_params(sc);
	if (ne == 0) return;
	// A catch-all's joined value is a substring of the pathname when its segments are
	// consecutive there; otherwise it is joined into sc->join, sized here for all of them.
	const routecore_param_entry *pe = sc->params;
	size_t joins = 0;
	for (size_t i = 0; i < ne; i++) {
		if (pe[i].count > 1) joins += pe[i].value.len + 1;
	}
	rcgo_grow((void **)&sc->lean, &sc->lean_cap, ne, sizeof *sc->lean);
	if (joins > 0) rcgo_grow((void **)&sc->join, &sc->join_cap, joins, 1);
	size_t np = 0, bytes = 0, joined = 0;
	for (size_t i = 0; i < ne;) {
		size_t k = pe[i].count > 1 ? pe[i].count : 1;
		if (k > ne - i) k = ne - i;
		rcgo_lean_param *lp = &sc->lean[np++];
		lp->name = pe[i].name;
		routecore_str v = pe[i].value;
		if (k > 1) {
			// Consecutive in the pathname, '/' between: the range from the first to the last.
			int run = rcgo_within(v, pn.ptr, pn.len);
			const routecore_str *last = &pe[i].value;
			for (size_t j = 1; run && j < k; j++) {
				const routecore_str *next = &pe[i + j].value;
				run = rcgo_within(*next, pn.ptr, pn.len) && next->ptr == last->ptr + last->len + 1 &&
				      last->ptr[last->len] == '/';
				last = next;
			}
			if (run) {
				v.len = (size_t)(last->ptr + last->len - v.ptr);
			} else {
				char *out = sc->join + joined;
				size_t n = 0;
				for (size_t j = 0; j < k; j++) {
					if (j > 0) out[n++] = '/';
					if (pe[i + j].value.len > 0) memcpy(out + n, pe[i + j].value.ptr, pe[i + j].value.len);
					n += pe[i + j].value.len;
				}
				joined += n;
				v.ptr = out;
				v.len = n;
			}
		}
		lp->value = v;
		if (s->same && rcgo_within(v, pn.ptr, pn.len)) {
			lp->off = (uint32_t)(v.ptr - pn.ptr) + 1;
		} else if (!s->same) {
			lp->off = rcgo_find(v, target, target_len, &at, &budget);
		} else {
			lp->off = 0;
		}
		if (lp->off == 0) bytes += v.len;
		i += k;
	}
	s->nparams = (uint32_t)np;
	s->param_bytes = bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)bytes;
}

void rcgo_lookup(uintptr_t shp, uintptr_t scp,
                 const char *method, size_t method_len, const char *target, size_t target_len) {
	rcgo_scratch *sc = (rcgo_scratch *)scp;
	rcgo_summary *s = &sc->sum;
	routecore_context *ctx = sc->ctx;
	s->has_id = 0;
	s->nparams = 0;
	s->nviews = 0;
	s->param_bytes = 0;
	routecore_request req = {method, method_len, target, target_len, NULL, 0, NULL, 0};
	s->result = routecore_shared_match((const routecore_shared *)shp, ctx, &req);
	if (s->result != ROUTECORE_RESULT_OK) return;
	s->action = routecore_context_action(ctx);
	if (s->action != ROUTECORE_ACTION_ROUTE) return;
	s->has_id = routecore_context_route_id(ctx, &s->id) ? 1 : 0;
	size_t ne = rcgo_params(sc);
	if (ne == 0) return;
	rcgo_grow((void **)&sc->eoff, &sc->eoff_cap, ne, sizeof *sc->eoff);
	// When the pathname is the target's first bytes (no basePath, no cleaning: the usual
	// case), a value that is bytes of the pathname is at the same offset in the target.
	routecore_str pn = routecore_context_pathname(ctx);
	int same = pn.ptr != NULL && pn.len <= target_len && memcmp(pn.ptr, target, pn.len) == 0;
	const routecore_param_entry *pe = sc->params;
	long budget = RCGO_FIND_BUDGET;
	size_t at = 0, bytes = 0;
	uint32_t np = 0;
	for (size_t i = 0; i < ne; i++) {
		routecore_str v = pe[i].value;
		uint32_t off;
		if (same && rcgo_within(v, pn.ptr, pn.len)) {
			off = (uint32_t)(v.ptr - pn.ptr) + 1;
		} else {
			off = rcgo_find(v, target, target_len, &at, &budget);
		}
		sc->eoff[i] = off;
		if (off == 0) bytes += v.len;
		if (i == 0 || pe[i].index != pe[i - 1].index) np++;
		if (pe[i].catch_all && pe[i].count > 1) bytes += v.len + 1; // joined with '/'
	}
	s->nparams = np;
	s->nviews = (uint32_t)ne;
	s->param_bytes = bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)bytes;
}
