/*
 * Hot swap under load: 8 threads match through one routecore_shared while another thread
 * swaps in a freshly built router 1,000 times (each old router is freed when its last user is
 * done). Every decision must be internally consistent with exactly one generation of the
 * table, and its views must stay readable after later swaps. Usage: stress [swaps].
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
  return check_report("stress");
}
