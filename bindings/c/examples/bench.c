/*
 * Timing loop: nanoseconds per routecore_match (+ reading the status) from C, on the example
 * project. Usage: bench PROJECT [ITERATIONS]. Compare with the Rust-side numbers of
 * `cargo test -p routecore-ffi --release -- --ignored --nocapture per_call_overhead`.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "routecore.h"

int main(int argc, char **argv) {
  const char *project = argc > 1 ? argv[1] : "examples/shop";
  long n = argc > 2 ? atol(argv[2]) : 2000000;
  const routecore_router *r = NULL;
  if (routecore_router_load(project, strlen(project), &r, NULL) != ROUTECORE_RESULT_OK) return 1;
  const char *targets[] = {"/api/products/42?ref=home", "/categories/a/b/c", "/blog/new/edit", "/nope", "/about/"};
  routecore_header headers[] = {{"accept", 6, "*/*", 3}, {"cookie", 6, "a=1", 3}, {"user-agent", 10, "bench", 5}};
  routecore_request reqs[5];
  for (int i = 0; i < 5; i++) {
    routecore_request q = {"GET", 3, targets[i], strlen(targets[i]), NULL, 0, headers, 3};
    reqs[i] = q;
  }
  routecore_context *ctx = routecore_context_new();
  unsigned long sum = 0;
  for (int round = 0; round < 2; round++) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < n; i++) {
      routecore_match(r, ctx, &reqs[i % 5]);
      sum += routecore_context_status(ctx);
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double ns = ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / (double)n;
    if (round == 1) printf("routecore_match from C: %.1f ns/call (checksum %lu)\n", ns, sum);
  }
  routecore_context_free(ctx);
  routecore_router_free(r);
  return 0;
}
