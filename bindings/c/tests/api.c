/*
 * API and error-path tests of the C ABI: versions, result messages, builder, config and
 * project loading, every accessor, NULL handling, NULL with length 0, over-limit lengths,
 * too-small buffers, bytes that are not UTF-8, build errors, and lifetimes across frees and
 * swaps. Run from the repository root (it loads examples/shop).
 */
#include <stdlib.h>

#include "check.h"

#define LIT(s) (s), (sizeof(s) - 1)

static const char CONFIG[] =
    "{\"routes\": ["
    "{\"pattern\": \"/api/users/[id]\", \"kind\": \"route\", \"methods\": [\"GET\", \"DELETE\"], \"id\": 7,"
    " \"file\": \"app/api/users/[id]/route.ts\"},"
    "{\"pattern\": \"/shop/[...slug]\", \"kind\": \"page\", \"id\": 8},"
    "{\"pattern\": \"/docs/[[...slug]]\", \"kind\": \"page\", \"id\": 9},"
    "{\"pattern\": \"/blog/[slug]\", \"kind\": \"page\", \"id\": 10, \"revalidate\": 60}"
    "]}";

static const routecore_router *from_config(const char *json) {
  const routecore_router *r = NULL;
  routecore_result res = routecore_router_from_config(json, strlen(json), &r, NULL);
  CHECK(res == ROUTECORE_RESULT_OK);
  return r;
}

static routecore_result match(const routecore_router *r, routecore_context *ctx,
                              const char *method, const char *target) {
  routecore_request req = request(method, target, NULL, 0);
  return routecore_match(r, ctx, &req);
}

static void test_versions(void) {
  CHECK(routecore_abi_version() == ROUTECORE_ABI_VERSION);
  const char *v = routecore_version();
  CHECK(v != NULL && strchr(v, '.') != NULL);
}

static void test_result_messages(void) {
  char buf[256];
  size_t n = 0;
  for (uint32_t code = 0; code <= 8; code++) {
    size_t need = 0;
    CHECK(routecore_result_message(code, NULL, 0, &need) == ROUTECORE_RESULT_INSUFFICIENT_SIZE);
    CHECK(need > 1 && need < sizeof buf);
    CHECK(routecore_result_message(code, buf, sizeof buf, &n) == ROUTECORE_RESULT_OK);
    CHECK(n == need && buf[n] == 0 && strlen(buf) == n);
  }
  CHECK(routecore_result_message(ROUTECORE_RESULT_BUILD_FAILED, buf, sizeof buf, &n) == ROUTECORE_RESULT_OK);
  CHECK(strstr(buf, "routecore_errors") != NULL);
  CHECK(routecore_result_message(ROUTECORE_RESULT_PANIC, buf, sizeof buf, &n) == ROUTECORE_RESULT_OK);
  CHECK(strstr(buf, "panic") != NULL);
  /* Unknown codes get a generic message, not UB. */
  CHECK(routecore_result_message(4000000000u, buf, sizeof buf, &n) == ROUTECORE_RESULT_OK);
  CHECK(strstr(buf, "unknown") != NULL);
  /* Too small: nothing written, needed size returned. */
  memset(buf, 'x', sizeof buf);
  CHECK(routecore_result_message(ROUTECORE_RESULT_OK, buf, 1, &n) == ROUTECORE_RESULT_INSUFFICIENT_SIZE);
  CHECK(n == 2 && buf[0] == 'x');
  /* Exactly the size: written, no NUL. */
  CHECK(routecore_result_message(ROUTECORE_RESULT_OK, buf, 2, &n) == ROUTECORE_RESULT_OK);
  CHECK(memcmp(buf, "ok", 2) == 0 && buf[2] == 'x');
  CHECK(routecore_result_message(ROUTECORE_RESULT_OK, buf, sizeof buf, NULL) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_result_message(ROUTECORE_RESULT_OK, NULL, 10, &n) == ROUTECORE_RESULT_NULL_PARAMETER);
}

static void test_decision_accessors(void) {
  const routecore_router *r = from_config(CONFIG);
  routecore_context *ctx = routecore_context_new();
  uint64_t id = 0;
  uint32_t secs = 0;
  size_t idx = 99;

  CHECK(routecore_context_action(ctx) == ROUTECORE_ACTION_NONE);
  CHECK(routecore_context_status(ctx) == 0);

  /* A route handler with a param and a query. */
  CHECK(match(r, ctx, "GET", "/api/users/4%202?a=1&b=x+y&a=2") == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_action(ctx) == ROUTECORE_ACTION_ROUTE);
  CHECK(str_eq(routecore_context_action_name(ctx), "route"));
  CHECK(routecore_context_status(ctx) == 200);
  CHECK(routecore_context_route_id(ctx, &id) && id == 7);
  CHECK(str_eq(routecore_context_route_pattern(ctx), "/api/users/[id]"));
  CHECK(routecore_context_route_kind(ctx) == ROUTECORE_ROUTE_KIND_ROUTE);
  CHECK(str_eq(routecore_context_route_kind_name(ctx), "route"));
  CHECK(str_eq(routecore_context_route_file(ctx), "app/api/users/[id]/route.ts"));
  CHECK(routecore_context_param_count(ctx) == 1);
  CHECK(str_eq(routecore_context_param_name(ctx, 0), "id"));
  CHECK(!routecore_context_param_is_catch_all(ctx, 0));
  CHECK(routecore_context_param_value_count(ctx, 0) == 1);
  CHECK(str_eq(routecore_context_param_value(ctx, 0, 0), "4 2"));
  CHECK(str_eq(routecore_context_param_value(ctx, 0, 1), NULL));
  CHECK(str_eq(routecore_context_param_name(ctx, 1), NULL));
  CHECK(str_eq(routecore_context_param(ctx, LIT("id")), "4 2"));
  CHECK(str_eq(routecore_context_param(ctx, LIT("nope")), NULL));
  CHECK(routecore_context_param_index(ctx, LIT("id"), &idx) && idx == 0);
  CHECK(str_eq(routecore_context_pathname(ctx), "/api/users/4%202"));
  CHECK(routecore_context_query_count(ctx) == 3);
  routecore_pair q = routecore_context_query(ctx, 1);
  CHECK(str_eq(q.name, "b") && str_eq(q.value, "x y"));
  q = routecore_context_query(ctx, 3);
  CHECK(q.name.ptr == NULL && q.value.ptr == NULL);
  CHECK(str_eq(routecore_context_location(ctx), NULL));
  CHECK(str_eq(routecore_context_allow(ctx), NULL));
  CHECK(routecore_context_cache(ctx) == ROUTECORE_CACHE_DYNAMIC);
  CHECK(!routecore_context_revalidate(ctx, &secs));
  CHECK(!routecore_context_head_via_get(ctx));
  CHECK(!routecore_context_middleware(ctx));
  CHECK(routecore_context_request_header_count(ctx) == 0);
  CHECK(routecore_context_response_header_count(ctx) == 0);
  CHECK(routecore_context_vary_count(ctx) == 0);
  CHECK(str_eq(routecore_context_vary(ctx, 0), NULL));
  CHECK(str_eq(routecore_context_body(ctx), NULL));
  routecore_pair h = routecore_context_response_header(ctx, 0);
  CHECK(h.name.ptr == NULL);

  /* A catch-all: the list of decoded segments (%2F stays inside its segment). */
  CHECK(match(r, ctx, "GET", "/shop/a/b%2Fc/d") == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_param_is_catch_all(ctx, 0));
  CHECK(routecore_context_param_value_count(ctx, 0) == 3);
  CHECK(str_eq(routecore_context_param_value(ctx, 0, 1), "b/c"));
  CHECK(str_eq(routecore_context_param(ctx, LIT("slug")), NULL)); /* catch-all: by index */
  CHECK(routecore_context_param_index(ctx, LIT("slug"), &idx) && idx == 0);

  /* Every param in one call: one entry per value, the same views as the accessors. */
  routecore_param_entry pe[4];
  size_t npe = 0;
  CHECK(routecore_context_params(ctx, NULL, 0, &npe) == ROUTECORE_RESULT_INSUFFICIENT_SIZE && npe == 3);
  CHECK(routecore_context_params(ctx, pe, 4, &npe) == ROUTECORE_RESULT_OK && npe == 3);
  CHECK(str_eq(pe[0].name, "slug") && str_eq(pe[0].value, "a") && str_eq(pe[1].value, "b/c"));
  CHECK(pe[2].catch_all && pe[2].count == 3 && pe[2].index == 0 && str_eq(pe[2].value, "d"));
  CHECK(pe[1].value.ptr == routecore_context_param_value(ctx, 0, 1).ptr);
  CHECK(routecore_context_params(NULL, pe, 4, &npe) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_context_params(ctx, NULL, 4, &npe) == ROUTECORE_RESULT_NULL_PARAMETER);

  /* Optional catch-all that matched nothing: no param. */
  CHECK(match(r, ctx, "GET", "/docs") == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) == 200 && routecore_context_param_count(ctx) == 0);
  CHECK(!routecore_context_param_index(ctx, LIT("slug"), &idx));

  /* HEAD via GET, static cache with revalidate. */
  CHECK(match(r, ctx, "HEAD", "/blog/hi") == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_head_via_get(ctx));
  CHECK(routecore_context_cache(ctx) == ROUTECORE_CACHE_STATIC);
  CHECK(routecore_context_revalidate(ctx, &secs) && secs == 60);
  CHECK(str_eq(routecore_context_route_kind_name(ctx), "page"));

  /* 405 and automatic OPTIONS carry Allow. */
  CHECK(match(r, ctx, "PUT", "/api/users/1") == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_action(ctx) == ROUTECORE_ACTION_METHOD_NOT_ALLOWED);
  CHECK(routecore_context_status(ctx) == 405);
  CHECK(str_eq(routecore_context_allow(ctx), "DELETE, GET, HEAD, OPTIONS"));
  CHECK(routecore_context_route_id(ctx, &id) && id == 7);
  CHECK(match(r, ctx, "OPTIONS", "/api/users/1") == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_action(ctx) == ROUTECORE_ACTION_OPTIONS);
  CHECK(routecore_context_status(ctx) == 204);
  CHECK(str_eq(routecore_context_allow(ctx), "DELETE, GET, HEAD, OPTIONS"));

  /* 404, 308 redirect with location, 400. */
  CHECK(match(r, ctx, "GET", "/nowhere") == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_action(ctx) == ROUTECORE_ACTION_NOT_FOUND && routecore_context_status(ctx) == 404);
  CHECK(!routecore_context_route_id(ctx, &id));
  CHECK(str_eq(routecore_context_route_pattern(ctx), NULL));
  CHECK(routecore_context_route_kind(ctx) == UINT32_MAX);
  CHECK(match(r, ctx, "GET", "/blog/x/?q=1") == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_action(ctx) == ROUTECORE_ACTION_REDIRECT && routecore_context_status(ctx) == 308);
  CHECK(str_eq(routecore_context_location(ctx), "/blog/x?q=1"));
  CHECK(match(r, ctx, "GET", "/blog/%zz") == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_action(ctx) == ROUTECORE_ACTION_BAD_REQUEST && routecore_context_status(ctx) == 400);
  CHECK(match(r, ctx, "G ET", "/blog/x") == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) == 400);

  /* The router's own limits give decisions: 414 and 431. */
  char *long_target = malloc(9000);
  memset(long_target, 'a', 8999);
  long_target[0] = '/';
  long_target[8999] = 0;
  CHECK(match(r, ctx, "GET", long_target) == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) == 414);
  free(long_target);
  routecore_header many[65];
  for (int i = 0; i < 65; i++) {
    many[i].name = "x-h";
    many[i].name_len = 3;
    many[i].value = "v";
    many[i].value_len = 1;
  }
  routecore_request req = request("GET", "/blog/x", many, 65);
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) == 431);
  req.headers_len = 64;
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) == 200);

  /* Host given apart from the headers. */
  req = request("GET", "/blog/x", NULL, 0);
  req.host = "example.com";
  req.host_len = 11;
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) == 200);

  routecore_context_free(ctx);
  routecore_router_free(r);
}

static void test_json(void) {
  const routecore_router *r = from_config(CONFIG);
  routecore_context *ctx = routecore_context_new();
  char buf[2048];
  size_t needed = 0, n = 0;
  CHECK(routecore_context_json(ctx, buf, sizeof buf, &needed) == ROUTECORE_RESULT_NO_DECISION);
  CHECK(match(r, ctx, "GET", "/shop/a/b?x=1") == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_json(ctx, NULL, 0, &needed) == ROUTECORE_RESULT_INSUFFICIENT_SIZE);
  CHECK(needed > 50 && needed < sizeof buf);
  CHECK(routecore_context_json(ctx, buf, needed - 1, &n) == ROUTECORE_RESULT_INSUFFICIENT_SIZE);
  CHECK(n == needed);
  memset(buf, 'x', sizeof buf);
  CHECK(routecore_context_json(ctx, buf, needed, &n) == ROUTECORE_RESULT_OK); /* exact: no NUL */
  CHECK(n == needed && buf[needed] == 'x');
  CHECK(routecore_context_json(ctx, buf, sizeof buf, &n) == ROUTECORE_RESULT_OK);
  CHECK(n == needed && buf[n] == 0 && strlen(buf) == n);
  CHECK(strstr(buf, "\"action\":\"route\"") != NULL);
  CHECK(strstr(buf, "\"params\":{\"slug\":[\"a\",\"b\"]}") != NULL);
  CHECK(strstr(buf, "\"query\":{\"x\":\"1\"}") != NULL);
  CHECK(routecore_context_json(ctx, NULL, 5, &n) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_context_json(ctx, buf, sizeof buf, NULL) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_context_json(NULL, buf, sizeof buf, &n) == ROUTECORE_RESULT_NULL_PARAMETER);
  routecore_context_free(ctx);
  routecore_router_free(r);
}

/* Little-endian readers for the packed layout (the buffer needs no alignment). */
static uint32_t le32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Slot i of a packed decision equals the C string s (NULL s = absent). */
static int slot_eq(const uint8_t *b, uint32_t i, const char *s) {
  uint32_t p = le32(b + 28), q = le32(b + 32);
  const uint8_t *slots = b + ROUTECORE_PACKED_HEADER_SIZE + 4 * (p + q);
  const uint8_t *strings = slots + 8 * le32(b + 48);
  uint32_t off = le32(slots + 8 * i), len = le32(slots + 8 * i + 4);
  if (s == NULL) return off == ROUTECORE_PACKED_ABSENT && len == 0;
  return off != ROUTECORE_PACKED_ABSENT && len == strlen(s) &&
         strings + off + len <= b + le32(b + 4) && memcmp(strings + off, s, len) == 0;
}

static void test_packed(void) {
  const routecore_router *r = from_config(CONFIG);
  routecore_context *ctx = routecore_context_new();
  uint8_t buf[2048];
  size_t needed = 0, n = 0;
  CHECK(routecore_context_packed(ctx, buf, sizeof buf, &needed) == ROUTECORE_RESULT_NO_DECISION);
  CHECK(match(r, ctx, "GET", "/shop/a/b?x=1") == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_packed(ctx, NULL, 0, &needed) == ROUTECORE_RESULT_INSUFFICIENT_SIZE);
  CHECK(needed > ROUTECORE_PACKED_HEADER_SIZE && needed < sizeof buf);
  CHECK(routecore_context_packed(ctx, buf, needed - 1, &n) == ROUTECORE_RESULT_INSUFFICIENT_SIZE);
  CHECK(n == needed);
  memset(buf, 0xAA, sizeof buf);
  CHECK(routecore_context_packed(ctx, buf, sizeof buf, &n) == ROUTECORE_RESULT_OK);
  CHECK(n == needed && buf[n] == 0xAA); /* no terminator */
  /* Header. */
  CHECK(le32(buf) == ROUTECORE_PACKED_VERSION);
  CHECK(le32(buf + 4) == n);
  CHECK(le32(buf + 8) == ROUTECORE_ACTION_ROUTE);
  CHECK(le32(buf + 12) == 200);
  CHECK(le32(buf + 16) ==
        (ROUTECORE_PACKED_ROUTE | ROUTECORE_PACKED_PATHNAME | ROUTECORE_PACKED_PARAM_LISTS));
  CHECK(le32(buf + 20) == (uint32_t)routecore_context_cache(ctx)); /* as the accessor says */
  CHECK(le32(buf + 28) == 1 && le32(buf + 32) == 1); /* one param, one query key */
  CHECK(le32(buf + 36) == 0 && le32(buf + 40) == 0 && le32(buf + 44) == 0);
  CHECK(le32(buf + 48) == 7 + 3 + 2); /* fixed, slug + 2 values, x + 1 value */
  CHECK(le32(buf + 56) == 8 && le32(buf + 60) == 0); /* route id 8 */
  /* Shapes: the catch-all has 2 values, the query key one string. */
  CHECK(le32(buf + 64) == 2 && le32(buf + 68) == ROUTECORE_PACKED_SINGLE);
  /* Slots. */
  CHECK(slot_eq(buf, 0, "/shop/[...slug]"));
  CHECK(slot_eq(buf, 1, "page"));
  CHECK(slot_eq(buf, 2, NULL)); /* no file */
  CHECK(slot_eq(buf, 3, "/shop/a/b"));
  CHECK(slot_eq(buf, 4, NULL) && slot_eq(buf, 5, NULL) && slot_eq(buf, 6, NULL));
  CHECK(slot_eq(buf, 7, "slug") && slot_eq(buf, 8, "a") && slot_eq(buf, 9, "b"));
  CHECK(slot_eq(buf, 10, "x") && slot_eq(buf, 11, "1"));
  /* A 405: no params, the Allow value in its slot. */
  CHECK(match(r, ctx, "POST", "/api/users/1") == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_packed(ctx, buf, sizeof buf, &n) == ROUTECORE_RESULT_OK);
  CHECK(le32(buf + 8) == ROUTECORE_ACTION_METHOD_NOT_ALLOWED && le32(buf + 12) == 405);
  CHECK(slot_eq(buf, 2, "app/api/users/[id]/route.ts"));
  CHECK(slot_eq(buf, 5, "DELETE, GET, HEAD, OPTIONS"));
  CHECK(routecore_context_packed(ctx, NULL, 5, &n) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_context_packed(ctx, buf, sizeof buf, NULL) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_context_packed(NULL, buf, sizeof buf, &n) == ROUTECORE_RESULT_NULL_PARAMETER);
  routecore_context_free(ctx);
  routecore_router_free(r);
}

/* One call matches and packs: routecore_match_packed, routecore_match_target_packed and their
 * shared twins write what routecore_match + routecore_context_packed write, and leave the
 * decision in the context. */
static void test_match_packed(void) {
  const routecore_router *r = from_config(CONFIG);
  routecore_shared *shared = NULL;
  CHECK(routecore_shared_new(r, &shared) == ROUTECORE_RESULT_OK);
  routecore_context *ctx = routecore_context_new();
  uint8_t want[2048], buf[2048];
  size_t n = 0, needed = 0;
  routecore_header h = {LIT("cookie"), LIT("a=1")};
  routecore_request req = request("GET", "/shop/a/b?x=1", &h, 1);
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_packed(ctx, want, sizeof want, &n) == ROUTECORE_RESULT_OK);
  memset(buf, 0xAA, sizeof buf);
  CHECK(routecore_match_packed(r, ctx, &req, buf, sizeof buf, &needed) == ROUTECORE_RESULT_OK);
  CHECK(needed == n && memcmp(buf, want, n) == 0 && buf[n] == 0xAA);
  memset(buf, 0, sizeof buf);
  CHECK(routecore_shared_match_packed(shared, ctx, &req, buf, sizeof buf, &needed) == ROUTECORE_RESULT_OK);
  CHECK(needed == n && memcmp(buf, want, n) == 0);
  memset(buf, 0, sizeof buf);
  CHECK(routecore_match_target_packed(r, ctx, LIT("GET"), LIT("/shop/a/b?x=1"), buf, sizeof buf,
                                      &needed) == ROUTECORE_RESULT_OK);
  CHECK(needed == n && memcmp(buf, want, n) == 0);
  CHECK(slot_eq(buf, 0, "/shop/[...slug]") && slot_eq(buf, 8, "a") && slot_eq(buf, 9, "b"));
  memset(buf, 0, sizeof buf);
  CHECK(routecore_shared_match_target_packed(shared, ctx, LIT("GET"), LIT("/shop/a/b?x=1"), buf,
                                             sizeof buf, &needed) == ROUTECORE_RESULT_OK);
  CHECK(needed == n && memcmp(buf, want, n) == 0);
  /* The decision is in the context: the accessors read it. */
  CHECK(routecore_context_status(ctx) == 200 && routecore_context_param_count(ctx) == 1);
  /* Too small: the size, and the decision stays for routecore_context_packed. */
  CHECK(routecore_match_target_packed(r, ctx, LIT("POST"), LIT("/api/users/1"), buf, 10, &needed) ==
        ROUTECORE_RESULT_INSUFFICIENT_SIZE);
  CHECK(routecore_context_packed(ctx, buf, sizeof buf, &n) == ROUTECORE_RESULT_OK && n == needed);
  CHECK(le32(buf + 12) == 405 && slot_eq(buf, 5, "DELETE, GET, HEAD, OPTIONS"));
  /* Bad calls: result codes, and no decision left. */
  CHECK(routecore_match_target_packed(r, ctx, LIT("GET"), LIT("/"), buf, sizeof buf, NULL) ==
        ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_context_status(ctx) == 0);
  CHECK(routecore_match_target_packed(r, ctx, LIT("GET"), LIT("/"), NULL, 8, &needed) ==
        ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_match_target_packed(NULL, ctx, LIT("GET"), LIT("/"), buf, sizeof buf, &needed) ==
        ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_match_target_packed(r, NULL, LIT("GET"), LIT("/"), buf, sizeof buf, &needed) ==
        ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_match_target_packed(r, ctx, NULL, 3, LIT("/"), buf, sizeof buf, &needed) ==
        ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_match_target_packed(r, ctx, LIT("GET"), "/", ROUTECORE_MAX_INPUT_BYTES + 1, buf,
                                      sizeof buf, &needed) == ROUTECORE_RESULT_LENGTH_LIMIT);
  CHECK(routecore_shared_match_target_packed(NULL, ctx, LIT("GET"), LIT("/"), buf, sizeof buf,
                                             &needed) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_match_packed(r, ctx, NULL, buf, sizeof buf, &needed) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_shared_match_packed(shared, ctx, NULL, buf, sizeof buf, &needed) ==
        ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_context_status(ctx) == 0);
  routecore_context_free(ctx);
  routecore_shared_free(shared);
  routecore_router_free(r);
}

/* The most distinct keys an 8 KiB target holds (issue 14: one packed read of them once took
 * 72 s). The cost is measured under callgrind by ffi/tests/complexity.rs; here both read-outs
 * are checked whole: every key, in order, once. */
static void test_worst_default_query(void) {
  const routecore_router *r = from_config(CONFIG);
  routecore_context *ctx = routecore_context_new();
  enum { KEYS = 1900 };
  static char target[8 * 1024 + 1];
  size_t len = (size_t)snprintf(target, sizeof target, "/blog/x?");
  for (int i = 0; i < KEYS; i++)
    len += (size_t)snprintf(target + len, sizeof target - len, i ? "&%x" : "%x", i);
  CHECK(len < sizeof target - 1);
  CHECK(match(r, ctx, "GET", target) == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) == 200);
  CHECK(routecore_context_query_count(ctx) == KEYS);
  char key[16];
  int in_order = 1;
  for (int i = 0; i < KEYS; i++) {
    snprintf(key, sizeof key, "%x", i);
    routecore_pair q = routecore_context_query(ctx, (size_t)i);
    in_order &= str_eq(q.name, key) && str_eq(q.value, "");
  }
  CHECK(in_order);
  size_t needed = 0, n = 0;
  CHECK(routecore_context_packed(ctx, NULL, 0, &needed) == ROUTECORE_RESULT_INSUFFICIENT_SIZE);
  uint8_t *buf = malloc(needed);
  CHECK(buf != NULL);
  if (buf != NULL) {
    CHECK(routecore_context_packed(ctx, buf, needed, &n) == ROUTECORE_RESULT_OK && n == needed);
    CHECK(le32(buf + 32) == KEYS); /* query keys */
    uint32_t slot = 7 + 2 * le32(buf + 28); /* fixed slots, then one name + value per param */
    int packed_in_order = 1;
    for (int i = 0; i < KEYS; i++) {
      snprintf(key, sizeof key, "%x", i);
      packed_in_order &= slot_eq(buf, slot + 2 * (uint32_t)i, key) && slot_eq(buf, slot + 2 * (uint32_t)i + 1, "");
    }
    CHECK(packed_in_order);
    free(buf);
  }
  routecore_context_free(ctx);
  routecore_router_free(r);
}

static void test_null_handling(void) {
  const routecore_router *r = from_config(CONFIG);
  routecore_context *ctx = routecore_context_new();
  routecore_request req = request("GET", "/blog/x", NULL, 0);
  uint64_t id;
  uint32_t secs;
  size_t idx;

  /* NULL handles and out-params. */
  CHECK(routecore_match(NULL, ctx, &req) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_match(r, NULL, &req) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_match(r, ctx, NULL) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_shared_match(NULL, ctx, &req) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_context_action(NULL) == ROUTECORE_ACTION_NONE);
  CHECK(routecore_context_status(NULL) == 0);
  CHECK(str_eq(routecore_context_route_pattern(NULL), NULL));
  CHECK(!routecore_context_route_id(NULL, &id));
  CHECK(routecore_context_param_count(NULL) == 0);
  CHECK(str_eq(routecore_context_param(NULL, LIT("id")), NULL));
  CHECK(str_eq(routecore_context_location(NULL), NULL));
  CHECK(routecore_context_cache(NULL) == ROUTECORE_CACHE_NONE);
  CHECK(routecore_router_route_count(NULL) == 0);
  CHECK(routecore_errors_count(NULL) == 0);
  CHECK(str_eq(routecore_errors_message(NULL, 0), NULL));
  const routecore_router *out = NULL;
  /* NULL with length 0 is the empty string: not JSON, a build error, no router. */
  CHECK(routecore_router_from_config(NULL, 0, &out, NULL) == ROUTECORE_RESULT_BUILD_FAILED && out == NULL);
  CHECK(routecore_router_from_config(NULL, 2, &out, NULL) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_router_from_config(LIT("{}"), NULL, NULL) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_router_load(NULL, 0, &out, NULL) == ROUTECORE_RESULT_BUILD_FAILED && out == NULL);
  CHECK(routecore_router_load(NULL, 3, &out, NULL) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_builder_build(NULL, &out, NULL) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_builder_add_route(NULL, LIT("/x"), 0, 2, 0, -1, 0, NULL, 0) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_builder_set_base_path(NULL, LIT("/x")) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_builder_set_trailing_slash(NULL, true) == ROUTECORE_RESULT_NULL_PARAMETER);
  routecore_shared *sh = NULL;
  CHECK(routecore_shared_new(NULL, &sh) == ROUTECORE_RESULT_NULL_PARAMETER && sh == NULL);
  CHECK(routecore_shared_new(r, NULL) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_shared_swap(NULL, r) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_shared_load(NULL, &out) == ROUTECORE_RESULT_NULL_PARAMETER);
  routecore_route_info info;
  CHECK(routecore_router_route(r, 0, NULL) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_router_route(NULL, 0, &info) == ROUTECORE_RESULT_NULL_PARAMETER);
  /* Frees accept NULL. */
  routecore_router_free(NULL);
  routecore_context_free(NULL);
  routecore_builder_free(NULL);
  routecore_errors_free(NULL);
  routecore_shared_free(NULL);

  /* NULL out-params of accessors: false, nothing written. */
  CHECK(match(r, ctx, "GET", "/blog/x") == ROUTECORE_RESULT_OK);
  CHECK(!routecore_context_route_id(ctx, NULL));
  CHECK(!routecore_context_revalidate(ctx, NULL));
  CHECK(!routecore_context_param_index(ctx, LIT("slug"), NULL));
  (void)secs;
  (void)idx;

  /* A NULL view with a non-zero length is an error, and the old decision is gone. */
  req.target = NULL;
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_context_action(ctx) == ROUTECORE_ACTION_NONE);
  req = request("GET", "/blog/x", NULL, 1);
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_NULL_PARAMETER);
  routecore_header bad_header = {NULL, 3, "v", 1};
  req = request("GET", "/blog/x", &bad_header, 1);
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_NULL_PARAMETER);

  /* NULL with length 0 is an empty field: a decision, not an error. */
  req = request("GET", "/blog/x", NULL, 0);
  req.method = NULL;
  req.method_len = 0;
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) == 400); /* an empty method is not a token */
  req = request("GET", "/blog/x", NULL, 0);
  req.target = NULL;
  req.target_len = 0;
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) == 400);
  routecore_header empty_header = {NULL, 0, NULL, 0};
  req = request("GET", "/blog/x", &empty_header, 1);
  req.host = NULL;
  req.host_len = 0;
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) == 400); /* an empty header name is not a token */
  req = request("GET", "/blog/x", NULL, 0);
  req.host = NULL;
  req.host_len = 0;
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) == 200);
  CHECK(str_eq(routecore_context_param(ctx, NULL, 0), NULL));
  CHECK(routecore_builder_set_base_path(NULL, NULL, 0) == ROUTECORE_RESULT_NULL_PARAMETER);

  routecore_context_free(ctx);
  routecore_router_free(r);
}

static void test_limits_and_utf8(void) {
  const routecore_router *r = from_config(CONFIG);
  routecore_context *ctx = routecore_context_new();

  /* Over the ABI bounds: a result code, nothing read. */
  char *huge = malloc(ROUTECORE_MAX_INPUT_BYTES + 1);
  memset(huge, 'a', ROUTECORE_MAX_INPUT_BYTES + 1);
  huge[0] = '/';
  routecore_request req = request("GET", "/", NULL, 0);
  req.target = huge;
  req.target_len = ROUTECORE_MAX_INPUT_BYTES + 1;
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_LENGTH_LIMIT);
  CHECK(routecore_context_action(ctx) == ROUTECORE_ACTION_NONE);
  req.target_len = ROUTECORE_MAX_INPUT_BYTES; /* at the bound: the router answers 414 */
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) == 414);
  routecore_header h = {"x-big", 5, huge, ROUTECORE_MAX_INPUT_BYTES + 1};
  req = request("GET", "/blog/x", &h, 1);
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_LENGTH_LIMIT);
  h.value_len = 9000; /* over the router's 8 KiB header limit: 431 */
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) == 431);
  routecore_header *lots = calloc(ROUTECORE_MAX_HEADERS + 1, sizeof *lots);
  req = request("GET", "/blog/x", lots, ROUTECORE_MAX_HEADERS + 1);
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_LENGTH_LIMIT);
  req.headers_len = ROUTECORE_MAX_HEADERS;
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) == 431);
  free(lots);
  const routecore_router *out = NULL;
  CHECK(routecore_router_from_config("{}", (size_t)ROUTECORE_MAX_CONFIG_BYTES + 1, &out, NULL) ==
        ROUTECORE_RESULT_LENGTH_LIMIT);
  CHECK(routecore_router_load(huge, ROUTECORE_MAX_PATH_BYTES + 1, &out, NULL) == ROUTECORE_RESULT_LENGTH_LIMIT);
  routecore_builder *b = routecore_builder_new();
  CHECK(routecore_builder_add_route(b, huge, ROUTECORE_MAX_INPUT_BYTES + 1, ROUTECORE_ROUTE_KIND_PAGE, 0,
                                    ROUTECORE_DYNAMIC_AUTO, ROUTECORE_REVALIDATE_UNSET, 0, NULL, 0) ==
        ROUTECORE_RESULT_LENGTH_LIMIT);
  free(huge);

  /* Bytes that are not UTF-8: request fields get a decision; config text a result code. */
  const char bad[] = "/blog/\xff\xfe";
  req = request("GET", bad, NULL, 0);
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) == 400);
  req = request("G\xffT", "/blog/x", NULL, 0);
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) == 400);
  routecore_header bin = {"x-bin\xff", 6, "\xc3\x28", 2};
  req = request("GET", "/blog/x", &bin, 1);
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) == 400); /* a header name that is not a token */
  routecore_header bin_value = {"x-bin", 5, "\xc3\x28", 2};
  req = request("GET", "/blog/x", &bin_value, 1);
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) == 200); /* values need not be UTF-8 */
  req = request("GET", "/blog/x", NULL, 0);
  req.host = "\xff\xff";
  req.host_len = 2;
  CHECK(routecore_match(r, ctx, &req) == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) != 0);
  CHECK(routecore_router_from_config(LIT("{\"basePath\": \"/\xff\"}"), &out, NULL) == ROUTECORE_RESULT_INVALID_UTF8);
  CHECK(routecore_builder_add_route(b, LIT("/\xff"), ROUTECORE_ROUTE_KIND_PAGE, 0, ROUTECORE_DYNAMIC_AUTO,
                                    ROUTECORE_REVALIDATE_UNSET, 0, NULL, 0) == ROUTECORE_RESULT_INVALID_UTF8);
  CHECK(routecore_builder_add_route(b, LIT("/ok"), ROUTECORE_ROUTE_KIND_PAGE, 0, ROUTECORE_DYNAMIC_AUTO,
                                    ROUTECORE_REVALIDATE_UNSET, 0, LIT("app/\xff")) == ROUTECORE_RESULT_INVALID_UTF8);
  CHECK(routecore_builder_set_base_path(b, LIT("/\xff")) == ROUTECORE_RESULT_INVALID_UTF8);
  /* A project path may be any bytes (Unix): a missing one is a build error naming it. */
  routecore_errors *errs = routecore_errors_new();
  CHECK(routecore_router_load(LIT("/no/such/\xff"), &out, errs) == ROUTECORE_RESULT_BUILD_FAILED);
  CHECK(routecore_errors_count(errs) == 1);
  routecore_errors_free(errs);
  routecore_builder_free(b);

  routecore_context_free(ctx);
  routecore_router_free(r);
}

static void test_builder(void) {
  routecore_builder *b = routecore_builder_new();
  CHECK(routecore_builder_add_route(b, LIT("/api/items/[id]"), ROUTECORE_ROUTE_KIND_ROUTE,
                                    ROUTECORE_METHOD_GET | ROUTECORE_METHOD_POST, ROUTECORE_DYNAMIC_AUTO,
                                    ROUTECORE_REVALIDATE_UNSET, 41, LIT("app/api/items/[id]/route.ts")) ==
        ROUTECORE_RESULT_OK);
  CHECK(routecore_builder_add_route(b, LIT("/about"), ROUTECORE_ROUTE_KIND_PAGE, 0, ROUTECORE_DYNAMIC_FORCE_STATIC,
                                    ROUTECORE_REVALIDATE_NEVER, 42, NULL, 0) == ROUTECORE_RESULT_OK);
  CHECK(routecore_builder_add_route(b, LIT("/sitemap.xml"), ROUTECORE_ROUTE_KIND_METADATA, 0,
                                    ROUTECORE_DYNAMIC_AUTO, 120, 43, NULL, 0) == ROUTECORE_RESULT_OK);
  /* Out-of-range enum numbers and method bits are rejected, not UB. */
  CHECK(routecore_builder_add_route(b, LIT("/x"), 3, 0, 0, -1, 0, NULL, 0) == ROUTECORE_RESULT_INVALID_ARGUMENT);
  CHECK(routecore_builder_add_route(b, LIT("/x"), 0, 1u << 7, 0, -1, 0, NULL, 0) == ROUTECORE_RESULT_INVALID_ARGUMENT);
  CHECK(routecore_builder_add_route(b, LIT("/x"), 0, 2, 99, -1, 0, NULL, 0) == ROUTECORE_RESULT_INVALID_ARGUMENT);
  CHECK(routecore_builder_add_route(b, LIT("/x"), 0, 2, 0, -7, 0, NULL, 0) == ROUTECORE_RESULT_INVALID_ARGUMENT);
  CHECK(routecore_builder_add_route(b, LIT("/x"), 0, 2, 0, INT64_C(1) << 40, 0, NULL, 0) ==
        ROUTECORE_RESULT_INVALID_ARGUMENT);
  CHECK(routecore_builder_set_base_path(b, LIT("/shop")) == ROUTECORE_RESULT_OK);
  CHECK(routecore_builder_set_trailing_slash(b, true) == ROUTECORE_RESULT_OK);

  const routecore_router *r = NULL;
  CHECK(routecore_builder_build(b, &r, NULL) == ROUTECORE_RESULT_OK);
  CHECK(routecore_router_route_count(r) == 3);
  routecore_route_info info;
  int seen = 0;
  for (size_t i = 0; i < 3; i++) {
    CHECK(routecore_router_route(r, i, &info) == ROUTECORE_RESULT_OK);
    if (str_eq(info.pattern, "/api/items/[id]")) {
      seen++;
      CHECK(info.kind == ROUTECORE_ROUTE_KIND_ROUTE && info.id == 41);
      CHECK(info.methods == (ROUTECORE_METHOD_GET | ROUTECORE_METHOD_POST));
      CHECK(str_eq(info.file, "app/api/items/[id]/route.ts"));
    }
    if (str_eq(info.pattern, "/about")) {
      seen++;
      CHECK(info.kind == ROUTECORE_ROUTE_KIND_PAGE && info.methods == ROUTECORE_METHOD_GET);
      CHECK(str_eq(info.file, NULL));
    }
  }
  CHECK(seen == 2);
  CHECK(routecore_router_route(r, 3, &info) == ROUTECORE_RESULT_INVALID_ARGUMENT);

  routecore_context *ctx = routecore_context_new();
  uint32_t secs = 1;
  uint64_t id = 0;
  CHECK(match(r, ctx, "POST", "/shop/api/items/9/") == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_route_id(ctx, &id) && id == 41);
  CHECK(str_eq(routecore_context_param(ctx, LIT("id")), "9"));
  CHECK(str_eq(routecore_context_pathname(ctx), "/api/items/9/"));
  CHECK(match(r, ctx, "GET", "/shop/about") == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) == 308);
  CHECK(str_eq(routecore_context_location(ctx), "/shop/about/"));
  CHECK(match(r, ctx, "GET", "/about/") == ROUTECORE_RESULT_OK); /* outside basePath */
  CHECK(routecore_context_status(ctx) == 404);
  CHECK(match(r, ctx, "GET", "/shop/about/") == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_cache(ctx) == ROUTECORE_CACHE_STATIC);
  CHECK(!routecore_context_revalidate(ctx, &secs)); /* revalidate = false: no period */
  CHECK(match(r, ctx, "GET", "/shop/sitemap.xml") == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_route_kind(ctx) == ROUTECORE_ROUTE_KIND_METADATA);
  CHECK(routecore_context_revalidate(ctx, &secs) && secs == 120);

  /* The builder survives a build: add a conflicting route, and every error is reported. */
  routecore_errors *errs = routecore_errors_new();
  CHECK(routecore_builder_add_route(b, LIT("/api/items/[slug]"), ROUTECORE_ROUTE_KIND_PAGE, 0,
                                    ROUTECORE_DYNAMIC_AUTO, ROUTECORE_REVALIDATE_UNSET, 50, NULL, 0) == ROUTECORE_RESULT_OK);
  CHECK(routecore_builder_add_route(b, LIT("/bad/[[id]]"), ROUTECORE_ROUTE_KIND_PAGE, 0,
                                    ROUTECORE_DYNAMIC_AUTO, ROUTECORE_REVALIDATE_UNSET, 51, NULL, 0) == ROUTECORE_RESULT_OK);
  const routecore_router *r2 = NULL;
  CHECK(routecore_builder_build(b, &r2, errs) == ROUTECORE_RESULT_BUILD_FAILED);
  CHECK(r2 == NULL);
  CHECK(routecore_errors_count(errs) >= 2);
  int id_slug = 0, optional = 0;
  for (size_t i = 0; i < routecore_errors_count(errs); i++) {
    routecore_str m = routecore_errors_message(errs, i);
    char text[1024];
    snprintf(text, sizeof text, "%.*s", (int)m.len, m.ptr);
    if (strstr(text, "[id]") && strstr(text, "[slug]")) id_slug = 1;
    if (strstr(text, "[[id]]")) optional = 1;
  }
  CHECK(id_slug && optional);
  CHECK(str_eq(routecore_errors_message(errs, routecore_errors_count(errs)), NULL));
  /* A later successful build empties the list. */
  routecore_builder *b2 = routecore_builder_new();
  CHECK(routecore_builder_build(b2, &r2, errs) == ROUTECORE_RESULT_OK);
  CHECK(routecore_errors_count(errs) == 0);
  CHECK(routecore_router_route_count(r2) == 0);
  routecore_router_free(r2);
  routecore_builder_free(b2);
  routecore_errors_free(errs);

  routecore_context_free(ctx);
  routecore_router_free(r);
  routecore_builder_free(b);
}

static void test_config_errors(void) {
  /* Every config error reaches the errors object, each naming its JSON path. */
  static const char bad[] =
      "{\"basePath\": 3, \"trailingSlash\": \"yes\", \"nope\": 1,"
      " \"routes\": [{\"pattern\": \"/a\", \"kind\": \"widget\", \"methods\": [\"GET\"]},"
      "            {\"pattern\": \"/b\", \"methods\": \"GET\"},"
      "            {\"kind\": \"page\"},"
      "            {\"pattern\": \"/c\"},"
      "            {\"pattern\": \"/d\", \"kind\": \"page\", \"revalidate\": -1, \"extra\": true}],"
      " \"limits\": {\"maxSegments\": 0, \"maxFoo\": 1}}";
  static const char *want[] = {
      "basePath must be a string",    "trailingSlash must be a boolean",
      "nope is not a known key",      "routes[0].kind is 'widget'",
      "routes[1].methods must be an array", "routes[2].pattern is required",
      "routes[3].methods is required", "routes[4].revalidate must be a non-negative integer",
      "routes[4].extra is not a known key", "limits.maxSegments must be at least 1",
      "limits.maxFoo is not a known limit",
  };
  size_t nwant = sizeof want / sizeof want[0];
  routecore_errors *errs = routecore_errors_new();
  const routecore_router *r = NULL;
  CHECK(routecore_router_from_config(bad, strlen(bad), &r, errs) == ROUTECORE_RESULT_BUILD_FAILED);
  CHECK(r == NULL);
  CHECK(routecore_errors_count(errs) == nwant);
  for (size_t w = 0; w < nwant; w++) {
    int found = 0;
    for (size_t i = 0; i < routecore_errors_count(errs); i++) {
      routecore_str m = routecore_errors_message(errs, i);
      char text[1024];
      snprintf(text, sizeof text, "%.*s", (int)m.len, m.ptr);
      if (strstr(text, want[w])) found = 1;
    }
    if (!found) fprintf(stderr, "missing error: %s\n", want[w]);
    CHECK(found);
  }
  CHECK(routecore_router_from_config(LIT("{\"routes\": ["), &r, errs) == ROUTECORE_RESULT_BUILD_FAILED);
  CHECK(routecore_errors_count(errs) == 1);
  routecore_str m = routecore_errors_message(errs, 0);
  char text[512];
  snprintf(text, sizeof text, "%.*s", (int)m.len, m.ptr);
  CHECK(strstr(text, "not valid JSON") != NULL);
  /* Without an errors object the code alone reports the failure. */
  CHECK(routecore_router_from_config(LIT("[]"), &r, NULL) == ROUTECORE_RESULT_BUILD_FAILED);
  routecore_errors_free(errs);
}

static void test_load_project(void) {
  routecore_errors *errs = routecore_errors_new();
  const routecore_router *r = NULL;
  CHECK(routecore_router_load(LIT("examples/shop"), &r, errs) == ROUTECORE_RESULT_OK);
  CHECK(routecore_errors_count(errs) == 0);
  CHECK(routecore_router_route_count(r) >= 20);
  routecore_context *ctx = routecore_context_new();
  uint64_t id = 0;
  CHECK(match(r, ctx, "GET", "/api/products/42") == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_route_id(ctx, &id) && id == 102);
  CHECK(str_eq(routecore_context_param(ctx, LIT("id")), "42"));
  routecore_context_free(ctx);
  routecore_router_free(r);
  r = NULL;
  CHECK(routecore_router_load(LIT("examples/shop/routecore.json"), &r, errs) == ROUTECORE_RESULT_OK);
  routecore_router_free(r);
  r = NULL;
  CHECK(routecore_router_load(LIT("examples/no-such-project"), &r, errs) == ROUTECORE_RESULT_BUILD_FAILED);
  CHECK(r == NULL && routecore_errors_count(errs) == 1);
  routecore_str m = routecore_errors_message(errs, 0);
  char text[512];
  snprintf(text, sizeof text, "%.*s", (int)m.len, m.ptr);
  CHECK(strstr(text, "examples/no-such-project") != NULL);
  routecore_errors_free(errs);
}

static void test_lifetimes(void) {
  /* Views outlive the router handle and a swap: the context keeps its router alive. */
  const routecore_router *a = from_config("{\"routes\": [{\"pattern\": \"/a/[x]\", \"kind\": \"page\", \"id\": 1}]}");
  const routecore_router *b = from_config("{\"routes\": [{\"pattern\": \"/b/[y]\", \"kind\": \"page\", \"id\": 2}]}");
  routecore_shared *sh = NULL;
  CHECK(routecore_shared_new(a, &sh) == ROUTECORE_RESULT_OK);
  routecore_context *ctx = routecore_context_new();
  CHECK(match(a, ctx, "GET", "/a/one") == ROUTECORE_RESULT_OK);
  routecore_router_free(a); /* the shared slot and the context still hold it */
  routecore_str pattern = routecore_context_route_pattern(ctx);
  CHECK(str_eq(pattern, "/a/[x]"));
  routecore_request req = request("GET", "/a/two", NULL, 0);
  CHECK(routecore_shared_match(sh, ctx, &req) == ROUTECORE_RESULT_OK);
  routecore_str value = routecore_context_param(ctx, LIT("x"));
  CHECK(routecore_shared_swap(sh, b) == ROUTECORE_RESULT_OK);
  routecore_router_free(b); /* only the slot holds b now */
  /* Router a is referenced only by the context now; its views still read. */
  CHECK(str_eq(value, "two"));
  CHECK(str_eq(routecore_context_route_pattern(ctx), "/a/[x]"));
  CHECK(routecore_shared_match(sh, ctx, &req) == ROUTECORE_RESULT_OK); /* a is freed here */
  CHECK(routecore_context_status(ctx) == 404);
  req = request("GET", "/b/three", NULL, 0);
  CHECK(routecore_shared_match(sh, ctx, &req) == ROUTECORE_RESULT_OK);
  uint64_t id = 0;
  CHECK(routecore_context_route_id(ctx, &id) && id == 2);
  const routecore_router *now = NULL;
  CHECK(routecore_shared_load(sh, &now) == ROUTECORE_RESULT_OK);
  routecore_shared_free(sh); /* the context and `now` still hold b */
  CHECK(str_eq(routecore_context_param(ctx, LIT("y")), "three"));
  routecore_context *ctx2 = routecore_context_new();
  CHECK(match(now, ctx2, "GET", "/b/four") == ROUTECORE_RESULT_OK);
  routecore_router_free(now);
  CHECK(str_eq(routecore_context_param(ctx2, LIT("y")), "four"));
  routecore_context_free(ctx);
  routecore_context_free(ctx2); /* b is freed here */
}

/* Reasons: a number per decision, named by static code and text strings. */
static void test_reasons(void) {
  const routecore_router *r = from_config(CONFIG);
  routecore_context *ctx = routecore_context_new();
  CHECK(routecore_context_reason(ctx) == ROUTECORE_REASON_NONE);
  CHECK(match(r, ctx, "GET", "/api/users/1") == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_reason(ctx) == ROUTECORE_REASON_NONE);
  CHECK(str_eq(routecore_reason_code(routecore_context_reason(ctx)), NULL));
  CHECK(match(r, ctx, "get", "/api/users/1") == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) == 405);
  CHECK(str_eq(routecore_reason_code(routecore_context_reason(ctx)), "method_case"));
  routecore_str text = routecore_reason_text(routecore_context_reason(ctx));
  CHECK(text.len > 10 && memchr(text.ptr, 'G', text.len) != NULL);
  CHECK(match(r, ctx, "GET", "api/users/1") == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_status(ctx) == 400);
  CHECK(str_eq(routecore_reason_code(routecore_context_reason(ctx)), "target_not_origin_form"));
  CHECK(match(r, ctx, "GET", "/nothing/here") == ROUTECORE_RESULT_OK);
  CHECK(str_eq(routecore_reason_code(routecore_context_reason(ctx)), "no_route"));
  CHECK(str_eq(routecore_reason_code(0), NULL) && str_eq(routecore_reason_text(100000), NULL));
  CHECK(routecore_context_reason(NULL) == ROUTECORE_REASON_NONE);
  routecore_context_free(ctx);
  routecore_router_free(r);
}

/* routecore_context_summary: each field equals its accessor's answer, for decisions of every
 * shape (a route with a param and a query, HEAD via GET, a 405, a page with a revalidate
 * period, a 404); NULL arguments and a context without a decision are refused. */
static void check_summary_matches_accessors(const routecore_context *ctx) {
  routecore_summary s;
  uint64_t id = 0;
  uint32_t secs = 0;
  CHECK(routecore_context_summary(ctx, &s) == ROUTECORE_RESULT_OK);
  CHECK(s.action == routecore_context_action(ctx));
  CHECK(s.status == routecore_context_status(ctx));
  CHECK(s.has_route == routecore_context_route_id(ctx, &id));
  CHECK(s.route_id == (s.has_route ? id : 0));
  CHECK(s.route_kind == routecore_context_route_kind(ctx));
  CHECK(s.cache == routecore_context_cache(ctx));
  CHECK(s.has_revalidate == routecore_context_revalidate(ctx, &secs));
  CHECK(s.revalidate == (s.has_revalidate ? secs : 0));
  CHECK(s.reason == routecore_context_reason(ctx));
  CHECK(s.param_count == routecore_context_param_count(ctx));
  CHECK(s.query_count == routecore_context_query_count(ctx));
  CHECK(s.request_header_count == routecore_context_request_header_count(ctx));
  CHECK(s.response_header_count == routecore_context_response_header_count(ctx));
  CHECK(s.vary_count == routecore_context_vary_count(ctx));
  CHECK(s.middleware == routecore_context_middleware(ctx));
  CHECK(s.head_via_get == routecore_context_head_via_get(ctx));
  routecore_str pathname = routecore_context_pathname(ctx);
  CHECK(s.pathname.len == pathname.len && s.pathname.ptr == pathname.ptr);
}

static void test_summary(void) {
  const routecore_router *r = from_config(CONFIG);
  routecore_context *ctx = routecore_context_new();
  routecore_summary s;

  CHECK(routecore_context_summary(ctx, &s) == ROUTECORE_RESULT_NO_DECISION);
  CHECK(routecore_context_summary(NULL, &s) == ROUTECORE_RESULT_NULL_PARAMETER);
  CHECK(routecore_context_summary(ctx, NULL) == ROUTECORE_RESULT_NULL_PARAMETER);

  CHECK(match(r, ctx, "GET", "/api/users/4?a=1&b=2") == ROUTECORE_RESULT_OK);
  check_summary_matches_accessors(ctx);
  CHECK(routecore_context_summary(ctx, &s) == ROUTECORE_RESULT_OK);
  CHECK(s.action == ROUTECORE_ACTION_ROUTE && s.status == 200 && s.route_id == 7);
  CHECK(s.param_count == 1 && s.query_count == 2 && str_eq(s.pathname, "/api/users/4"));

  CHECK(match(r, ctx, "HEAD", "/api/users/4") == ROUTECORE_RESULT_OK);
  check_summary_matches_accessors(ctx);
  CHECK(routecore_context_summary(ctx, &s) == ROUTECORE_RESULT_OK && s.head_via_get);

  CHECK(match(r, ctx, "POST", "/api/users/4") == ROUTECORE_RESULT_OK);
  check_summary_matches_accessors(ctx);
  CHECK(routecore_context_summary(ctx, &s) == ROUTECORE_RESULT_OK && s.status == 405);

  CHECK(match(r, ctx, "GET", "/blog/hello") == ROUTECORE_RESULT_OK);
  check_summary_matches_accessors(ctx);
  CHECK(routecore_context_summary(ctx, &s) == ROUTECORE_RESULT_OK);
  CHECK(s.route_id == 10 && s.has_revalidate && s.revalidate == 60);

  CHECK(match(r, ctx, "GET", "/nope") == ROUTECORE_RESULT_OK);
  check_summary_matches_accessors(ctx);
  CHECK(routecore_context_summary(ctx, &s) == ROUTECORE_RESULT_OK);
  CHECK(s.status == 404 && !s.has_route && s.route_id == 0 && s.route_kind == UINT32_MAX);

  routecore_context_free(ctx);
  routecore_router_free(r);
}

int main(void) {
  test_versions();
  test_reasons();
  test_result_messages();
  test_decision_accessors();
  test_json();
  test_packed();
  test_match_packed();
  test_summary();
  test_worst_default_query();
  test_null_handling();
  test_limits_and_utf8();
  test_builder();
  test_config_errors();
  test_load_project();
  test_lifetimes();
  return check_report("api");
}
