/*
 * Hot swap under load: 8 threads match through one routecore_shared while another thread
 * swaps in a freshly built router 1,000 times (each old router is freed when its last user is
 * done). Every decision must be internally consistent with exactly one generation of the
 * table, and its views must stay readable after later swaps. Then the shapes a host's
 * reload code makes: one table held by several slots at once, slots made and freed while
 * others match, a second swapper and a loader on the same slot. Usage: stress [swaps].
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "check.h"

#define MATCHERS 8

static routecore_shared *shared;
static atomic_int done;
static atomic_long matches;
static atomic_int errors;

/* Generation g: /items/[id] has handler id g, and /gen-<g> exists as a static page. */
static const routecore_router *build(int g) {
  char config[512];
  snprintf(config, sizeof config,
           "{\"routes\": [{\"pattern\": \"/items/[id]\", \"kind\": \"route\", \"methods\": [\"GET\"], \"id\": %d},"
           " {\"pattern\": \"/gen-%d\", \"kind\": \"page\", \"id\": %d},"
           " {\"pattern\": \"/files/[...path]\", \"kind\": \"page\", \"id\": %d}]}",
           g, g, 100000 + g, 200000 + g);
  const routecore_router *r = NULL;
  if (routecore_router_from_config(config, strlen(config), &r, NULL) != ROUTECORE_RESULT_OK) return NULL;
  return r;
}

static void bad(const char *what) {
  atomic_fetch_add(&errors, 1);
  fprintf(stderr, "stress: %s\n", what);
}

static void *matcher(void *arg) {
  long n = (long)(intptr_t)arg;
  routecore_context *ctx = routecore_context_new();
  char target[64];
  routecore_header headers[2] = {{"accept", 6, "*/*", 3}, {"cookie", 6, "a=1", 3}};
  while (!atomic_load(&done)) {
    n++;
    snprintf(target, sizeof target, "/items/%ld?x=%ld", n, n);
    routecore_request req = request(n % 3 == 0 ? "HEAD" : "GET", target, headers, 2);
    if (routecore_shared_match(shared, ctx, &req) != ROUTECORE_RESULT_OK) {
      bad("match failed");
      break;
    }
    uint64_t id = 0;
    if (routecore_context_status(ctx) != 200 || !routecore_context_route_id(ctx, &id)) {
      bad("not a route decision");
      continue;
    }
    /* The views belong to one generation and stay valid while other threads swap. */
    routecore_str value = routecore_context_param(ctx, "id", 2);
    routecore_str pattern = routecore_context_route_pattern(ctx);
    char want[32];
    snprintf(want, sizeof want, "%ld", n);
    for (int spin = 0; spin < 3; spin++) {
      if (!str_eq(value, want) || !str_eq(pattern, "/items/[id]")) bad("view changed");
    }
    /* A generation-specific route answers only on the generation that matched. */
    snprintf(target, sizeof target, "/gen-%llu", (unsigned long long)id);
    req = request("GET", target, NULL, 0);
    if (routecore_shared_match(shared, ctx, &req) != ROUTECORE_RESULT_OK) bad("match failed");
    uint16_t st = routecore_context_status(ctx);
    if (st != 200 && st != 404) bad("unexpected status");
    if (st == 200) {
      uint64_t page = 0;
      if (!routecore_context_route_id(ctx, &page) || page < 100000 || page - 100000 < id)
        bad("older generation after a newer one");
    }
    req = request("GET", "/files/a/b/c", NULL, 0);
    if (routecore_shared_match(shared, ctx, &req) != ROUTECORE_RESULT_OK ||
        routecore_context_param_value_count(ctx, 0) != 3 ||
        !str_eq(routecore_context_param_value(ctx, 0, 2), "c"))
      bad("catch-all");
    atomic_fetch_add(&matches, 3);
    /* Let the swapper run often, also under valgrind's one-thread-at-a-time scheduler. */
    sched_yield();
  }
  routecore_context_free(ctx);
  return NULL;
}

/* Phase 2: slots sharing tables. `live` is matched, loaded and swapped from two threads while
 * slots holding the same tables are made and freed. */
static routecore_shared *live, *spare;
static atomic_int phase2_done;

static void copy_table(routecore_shared *dst, routecore_shared *src) {
  const routecore_router *t = NULL;
  if (routecore_shared_load(src, &t) != ROUTECORE_RESULT_OK || routecore_shared_swap(dst, t) != ROUTECORE_RESULT_OK)
    bad("load/swap");
  routecore_router_free(t);
}

static void *phase2_matcher(void *arg) {
  (void)arg;
  routecore_context *ctx = routecore_context_new();
  for (long n = 0; !atomic_load(&phase2_done); n++) {
    routecore_request req = request("GET", n % 2 ? "/items/7" : "/files/a/b", NULL, 0);
    uint64_t id = 0;
    if (routecore_shared_match(live, ctx, &req) != ROUTECORE_RESULT_OK || !routecore_context_route_id(ctx, &id))
      bad("phase 2 match");
    const routecore_router *t = NULL;
    if (n % 8 == 0) { /* a loader, like a host listing its routes */
      if (routecore_shared_load(live, &t) != ROUTECORE_RESULT_OK || routecore_router_route_count(t) != 3)
        bad("phase 2 load");
      routecore_router_free(t);
    }
    atomic_fetch_add(&matches, 1);
    sched_yield();
  }
  routecore_context_free(ctx);
  return NULL;
}

static void *phase2_swapper(void *arg) {
  (void)arg;
  while (!atomic_load(&phase2_done)) {
    copy_table(live, spare);
    sched_yield();
  }
  return NULL;
}

static void phase2(int rounds) {
  const routecore_router *t = build(1);
  CHECK(t != NULL);
  CHECK(routecore_shared_new(t, &live) == ROUTECORE_RESULT_OK);
  CHECK(routecore_shared_new(t, &spare) == ROUTECORE_RESULT_OK);
  routecore_router_free(t);
  pthread_t threads[MATCHERS / 2 + 1];
  for (int i = 0; i < MATCHERS / 2; i++) CHECK(pthread_create(&threads[i], NULL, phase2_matcher, NULL) == 0);
  CHECK(pthread_create(&threads[MATCHERS / 2], NULL, phase2_swapper, NULL) == 0);
  for (int r = 0; r < rounds && atomic_load(&errors) == 0; r++) {
    routecore_shared *slots[4];
    for (int i = 0; i < 4; i++) {
      const routecore_router *fresh = build(r);
      CHECK(fresh != NULL && routecore_shared_new(fresh, &slots[i]) == ROUTECORE_RESULT_OK);
      routecore_router_free(fresh);
      copy_table(slots[i], live); /* the slot now shares live's table */
    }
    copy_table(live, slots[r % 4]);
    for (int i = 0; i < 4; i++) routecore_shared_free(slots[i]);
  }
  atomic_store(&phase2_done, 1);
  for (int i = 0; i <= MATCHERS / 2; i++) pthread_join(threads[i], NULL);
  routecore_shared_free(spare);
  routecore_shared_free(live);
}

int main(int argc, char **argv) {
  int swaps = argc > 1 ? atoi(argv[1]) : 1000;
  const routecore_router *first = build(0);
  CHECK(first != NULL);
  CHECK(routecore_shared_new(first, &shared) == ROUTECORE_RESULT_OK);
  routecore_router_free(first);

  pthread_t threads[MATCHERS];
  for (long i = 0; i < MATCHERS; i++) {
    CHECK(pthread_create(&threads[i], NULL, matcher, (void *)(intptr_t)(i * 1000000)) == 0);
  }
  /* Swapper: this thread. Generations only grow, so matchers can check monotonicity. */
  int swapped = 0;
  for (int g = 1; g <= swaps; g++) {
    /* Every swap overlaps matching: wait until the matchers made progress since the last. */
    long seen = atomic_load(&matches);
    while (atomic_load(&matches) < seen + 3 * MATCHERS && atomic_load(&errors) == 0) sched_yield();
    const routecore_router *next = build(g);
    if (!next) break;
    if (routecore_shared_swap(shared, next) == ROUTECORE_RESULT_OK) swapped++;
    routecore_router_free(next);
  }
  atomic_store(&done, 1);
  for (int i = 0; i < MATCHERS; i++) pthread_join(threads[i], NULL);
  CHECK(swapped == swaps);
  CHECK(atomic_load(&errors) == 0);
  CHECK(atomic_load(&matches) >= 3L * MATCHERS * swaps);

  /* After the last swap, the newest generation answers. */
  routecore_context *ctx = routecore_context_new();
  routecore_request req = request("GET", "/items/1", NULL, 0);
  uint64_t id = 0;
  CHECK(routecore_shared_match(shared, ctx, &req) == ROUTECORE_RESULT_OK);
  CHECK(routecore_context_route_id(ctx, &id) && id == (uint64_t)swaps);
  routecore_context_free(ctx);
  routecore_shared_free(shared);
  printf("stress: %d swaps, %ld matches on %d threads\n", swapped, atomic_load(&matches), MATCHERS);

  long before = atomic_load(&matches);
  phase2(swaps / 4);
  CHECK(atomic_load(&errors) == 0);
  printf("stress: %d rounds of shared tables and slot churn, %ld matches\n", swaps / 4, atomic_load(&matches) - before);
  return check_report("stress");
}
