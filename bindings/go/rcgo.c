// rcgo.c: see rcgo.h. No Go pointer is kept after a call returns: the request bytes, hbuf and
// hlens are read during rcgo_match only, and the header array pointing into hbuf lives on the
// C stack (or in memory freed before returning).
#include <stdlib.h>
#include <string.h>
#include "rcgo.h"

// Writes the variable part of ctx's decision as views (layout: match.go, above paramBytes), as
// many as fit in cap, and the number needed to s->nviews.
static void rcgo_views(const routecore_context *ctx, uint32_t want, routecore_str *v, size_t cap,
                rcgo_summary *s) {
	size_t n = 0;
#define RCGO_PUT(x) do { routecore_str x_ = (x); if (n < cap) v[n] = x_; n++; } while (0)
	if (want & RCGO_WANT_PARAMS) {
		size_t np = routecore_context_param_count(ctx);
		s->nparams = (uint32_t)np;
		for (size_t i = 0; i < np; i++) {
			// Each accessor walks the params up to i: ask only what is needed ([x] has 1 value).
			int catch_all = routecore_context_param_is_catch_all(ctx, i) ? 1 : 0;
			size_t vc = catch_all ? routecore_context_param_value_count(ctx, i) : 1;
			routecore_str meta = {NULL, (vc << 1) | (size_t)catch_all};
			RCGO_PUT(routecore_context_param_name(ctx, i));
			RCGO_PUT(meta);
			for (size_t j = 0; j < vc; j++) RCGO_PUT(routecore_context_param_value(ctx, i, j));
		}
	}
	if (want & RCGO_WANT_QUERY) {
		size_t nq = routecore_context_query_count(ctx);
		s->nquery = (uint32_t)nq;
		for (size_t i = 0; i < nq; i++) {
			routecore_pair p = routecore_context_query(ctx, i);
			RCGO_PUT(p.name);
			RCGO_PUT(p.value);
		}
	}
	if (want & RCGO_WANT_HEADERS) {
		size_t nr = routecore_context_request_header_count(ctx);
		s->nreq = (uint32_t)nr;
		for (size_t i = 0; i < nr; i++) {
			routecore_pair p = routecore_context_request_header(ctx, i);
			RCGO_PUT(p.name);
			RCGO_PUT(p.value); // value.ptr == NULL: remove the header
		}
		size_t nr2 = routecore_context_response_header_count(ctx);
		s->nresp = (uint32_t)nr2;
		for (size_t i = 0; i < nr2; i++) {
			routecore_pair p = routecore_context_response_header(ctx, i);
			RCGO_PUT(p.name);
			RCGO_PUT(p.value);
		}
	}
	if (want & RCGO_WANT_VARY) {
		size_t nv = routecore_context_vary_count(ctx);
		s->nvary = (uint32_t)nv;
		for (size_t i = 0; i < nv; i++) RCGO_PUT(routecore_context_vary(ctx, i));
	}
#undef RCGO_PUT
	s->nviews = (uint32_t)n;
}

#define RCGO_STACK_HEADERS 32
#define RCGO_INITIAL_VIEWS 32

rcgo_scratch *rcgo_scratch_new(void) {
	rcgo_scratch *s = calloc(1, sizeof *s);
	if (s == NULL) return NULL;
	s->views = calloc(RCGO_INITIAL_VIEWS, sizeof *s->views);
	s->ctx = routecore_context_new();
	if (s->views == NULL || s->ctx == NULL) {
		rcgo_scratch_free(s);
		return NULL;
	}
	s->cap = RCGO_INITIAL_VIEWS;
	return s;
}

void rcgo_scratch_free(rcgo_scratch *s) {
	if (s == NULL) return;
	routecore_context_free(s->ctx);
	free(s->views);
	free(s);
}

void rcgo_match(const routecore_shared *sh, rcgo_scratch *sc,
                const char *method, size_t method_len, const char *target, size_t target_len,
                const char *host, size_t host_len,
                const char *hbuf, const size_t *hlens, size_t nh, uint32_t want) {
	rcgo_summary *s = &sc->sum;
	routecore_context *ctx = sc->ctx;
	memset(s, 0, sizeof *s);
	routecore_header stack[RCGO_STACK_HEADERS];
	routecore_header *hs = stack;
	if (nh > RCGO_STACK_HEADERS) {
		if (nh > ROUTECORE_MAX_HEADERS) {
			s->result = ROUTECORE_RESULT_LENGTH_LIMIT;
			return;
		}
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
	s->result = routecore_shared_match(sh, ctx, &req);
	if (hs != stack) free(hs);
	if (s->result != ROUTECORE_RESULT_OK) return;

	s->action = routecore_context_action(ctx);
	s->status = routecore_context_status(ctx);
	s->has_id = routecore_context_route_id(ctx, &s->id) ? 1 : 0;
	if (want & RCGO_WANT_FIXED) {
		s->pattern = routecore_context_route_pattern(ctx);
		s->kind = routecore_context_route_kind(ctx);
		s->file = routecore_context_route_file(ctx);
		s->pathname = routecore_context_pathname(ctx);
		s->location = routecore_context_location(ctx);
		s->allow = routecore_context_allow(ctx);
		s->body = routecore_context_body(ctx);
		s->middleware = routecore_context_middleware(ctx) ? 1 : 0;
		s->cache = routecore_context_cache(ctx);
		s->has_revalidate = routecore_context_revalidate(ctx, &s->revalidate) ? 1 : 0;
		s->head_via_get = routecore_context_head_via_get(ctx) ? 1 : 0;
	}
	rcgo_views(ctx, want, sc->views, sc->cap, s);
	if (s->nviews > sc->cap) {
		size_t cap = s->nviews + s->nviews / 4;
		routecore_str *v = realloc(sc->views, cap * sizeof *v);
		if (v == NULL) abort();
		sc->views = v;
		sc->cap = cap;
		rcgo_views(ctx, want, sc->views, sc->cap, s);
	}
}
