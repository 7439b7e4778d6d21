/* Tiny test helpers shared by the C tests: CHECK counts failures and keeps going. */
#ifndef ROUTECORE_TEST_CHECK_H
#define ROUTECORE_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

#include "routecore.h"

static int check_failures = 0;
static int check_passes = 0;

#define CHECK(cond)                                                              \
  do {                                                                           \
    if (cond) {                                                                  \
      check_passes++;                                                            \
    } else {                                                                     \
      check_failures++;                                                          \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                            \
  } while (0)

/* A routecore_str equals the C string s (NULL s = the absent view). */
static inline int str_eq(routecore_str v, const char *s) {
  if (s == NULL) return v.ptr == NULL && v.len == 0;
  return v.ptr != NULL && v.len == strlen(s) && memcmp(v.ptr, s, v.len) == 0;
}

/* A request from C strings (host NULL = none). */
static inline routecore_request request(const char *method, const char *target,
                                        const routecore_header *headers, size_t n) {
  routecore_request r;
  r.method = method;
  r.method_len = strlen(method);
  r.target = target;
  r.target_len = strlen(target);
  r.host = NULL;
  r.host_len = 0;
  r.headers = headers;
  r.headers_len = n;
  return r;
}

/* Prints the closing line and returns the exit status. */
static inline int check_report(const char *name) {
  printf("%s: %d passed, %d failed\n", name, check_passes, check_failures);
  return check_failures == 0 ? 0 : 1;
}

#endif
