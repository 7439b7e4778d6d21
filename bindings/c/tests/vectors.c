/*
 * Replays every JSON file in tests/vectors through the C ABI (format: tests/vectors/README.md).
 * Usage: vectors DIR. Builds each group with routecore_router_from_config, checks
 * expect_errors / expect_routes, and compares each case's expect with the decision's JSON form
 * (routecore_context_json, parsed with the vendored cJSON in tests/cjson): every key given must deep-equal, except
 * "route", compared key by key.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>

#include "cJSON.h"
#include "check.h"

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  if (buf) {
    buf[n] = 0;
    *len = (size_t)n;
  }
  return buf;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Case-insensitive "needle occurs in (hay, n)". */
static int contains_ci(const char *hay, size_t n, const char *needle) {
  size_t m = strlen(needle);
  for (size_t i = 0; i + m <= n; i++) {
    size_t j = 0;
    while (j < m && tolower((unsigned char)hay[i + j]) == tolower((unsigned char)needle[j])) j++;
    if (j == m) return 1;
  }
  return 0;
}

/*
 * cJSON strings are NUL-terminated, so a "\u0000" escape in a vector would cut its string
 * short. Before parsing, each such escape becomes U+E000 (a private-use character no vector
 * uses); requests turn it back into a NUL byte (lengths are explicit in the ABI), and configs
 * turn it back into the escape.
 */
static const char NUL_MARK[] = "\xEE\x80\x80";

static void mark_nuls(char *text) {
  for (char *p = text; (p = strstr(p, "\\u0000")) != NULL;) {
    memcpy(p, "\\uE000", 6);
  }
}

/* Copies s with each NUL_MARK turned back into a NUL byte; returns the length. */
static size_t unmark(const char *s, char *out) {
  size_t n = 0;
  while (*s) {
    if (strncmp(s, NUL_MARK, 3) == 0) {
      out[n++] = 0;
      s += 3;
    } else {
      out[n++] = *s++;
    }
  }
  out[n] = 0;
  return n;
}

/* The config as JSON text, with each NUL_MARK turned back into a \u0000 escape. */
static char *config_text(const cJSON *config) {
  char *printed = cJSON_PrintUnformatted(config);
  char *out = malloc(strlen(printed) * 2 + 1);
  char *o = out;
  for (const char *p = printed; *p;) {
    if (strncmp(p, NUL_MARK, 3) == 0) {
      memcpy(o, "\\u0000", 6);
      o += 6;
      p += 3;
    } else {
      *o++ = *p++;
    }
  }
  *o = 0;
  free(printed);
  return out;
}

static int cases = 0, groups = 0, failed = 0, passed = 0;

static void fail(const char *file, const char *group, const char *what) {
  failed++;
  fprintf(stderr, "FAIL %s / %s: %s\n", file, group, what);
}

/* Compares one case's expect with the decision's JSON; returns 1 when it matches. */
static int matches(const cJSON *expect, const cJSON *actual, const char *file,
                   const char *group, const char *method, const char *url) {
  int ok = 1;
  const cJSON *want;
  cJSON_ArrayForEach(want, expect) {
    const cJSON *got = cJSON_GetObjectItemCaseSensitive(actual, want->string);
    int same;
    if (strcmp(want->string, "route") == 0 && cJSON_IsObject(want) && cJSON_IsObject(got)) {
      same = 1;
      const cJSON *rk;
      cJSON_ArrayForEach(rk, want) {
        const cJSON *g = cJSON_GetObjectItemCaseSensitive(got, rk->string);
        if (!g || !cJSON_Compare(rk, g, 1)) same = 0;
      }
    } else if (got == NULL) {
      same = cJSON_IsNull(want);
    } else {
      same = cJSON_Compare(want, got, 1);
    }
    if (!same) {
      char *w = cJSON_PrintUnformatted(want);
      char *g = got ? cJSON_PrintUnformatted(got) : NULL;
      fprintf(stderr, "FAIL %s / %s: %s %.80s\n    %s: expected %s, got %s\n", file, group,
              method, url, want->string, w, g ? g : "(missing)");
      free(w);
      free(g);
      ok = 0;
    }
  }
  return ok;
}

static void run_group(const char *file, const cJSON *group, routecore_context *ctx,
                      routecore_errors *errs, char **json_buf, size_t *json_cap) {
  groups++;
  const cJSON *name = cJSON_GetObjectItemCaseSensitive(group, "name");
  const char *gname = cJSON_IsString(name) ? name->valuestring : "?";
  char *config = config_text(cJSON_GetObjectItemCaseSensitive(group, "config"));
  const routecore_router *router = NULL;
  routecore_result r = routecore_router_from_config(config, strlen(config), &router, errs);
  free(config);

  const cJSON *expect_errors = cJSON_GetObjectItemCaseSensitive(group, "expect_errors");
  if (expect_errors) {
    if (r == ROUTECORE_RESULT_OK) {
      fail(file, gname, "built, expected errors");
      routecore_router_free(router);
      return;
    }
    if (r != ROUTECORE_RESULT_BUILD_FAILED || routecore_errors_count(errs) == 0) {
      fail(file, gname, "expected BUILD_FAILED with messages");
      return;
    }
    const cJSON *want;
    cJSON_ArrayForEach(want, expect_errors) {
      int found = 0;
      for (size_t i = 0; i < routecore_errors_count(errs); i++) {
        routecore_str m = routecore_errors_message(errs, i);
        if (contains_ci(m.ptr, m.len, want->valuestring)) found = 1;
      }
      if (!found) {
        fprintf(stderr, "FAIL %s / %s: no error mentions \"%s\"\n", file, gname, want->valuestring);
        failed++;
      } else {
        passed++;
      }
    }
    return;
  }
  if (r != ROUTECORE_RESULT_OK) {
    routecore_str m = routecore_errors_message(errs, 0);
    fprintf(stderr, "FAIL %s / %s: build failed (%u): %.*s\n", file, gname, (unsigned)r,
            (int)m.len, m.ptr ? m.ptr : "");
    failed++;
    return;
  }

  const cJSON *order = cJSON_GetObjectItemCaseSensitive(group, "expect_routes");
  if (order) {
    size_t n = (size_t)cJSON_GetArraySize(order);
    if (routecore_router_route_count(router) != n) fail(file, gname, "route count differs");
    size_t i = 0;
    const cJSON *pat;
    cJSON_ArrayForEach(pat, order) {
      routecore_route_info info;
      if (routecore_router_route(router, i, &info) != ROUTECORE_RESULT_OK ||
          !str_eq(info.pattern, pat->valuestring)) {
        fprintf(stderr, "FAIL %s / %s: route %zu is not %s\n", file, gname, i, pat->valuestring);
        failed++;
      }
      i++;
    }
  }

  const cJSON *c;
  cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(group, "cases")) {
    cases++;
    const char *method = cJSON_GetObjectItemCaseSensitive(c, "method")->valuestring;
    const char *url_raw = cJSON_GetObjectItemCaseSensitive(c, "url")->valuestring;
    char *url = malloc(strlen(url_raw) + 1);
    size_t url_len = unmark(url_raw, url);
    const cJSON *hs = cJSON_GetObjectItemCaseSensitive(c, "headers");
    const cJSON *host = cJSON_GetObjectItemCaseSensitive(c, "host");
    size_t nh = hs ? (size_t)cJSON_GetArraySize(hs) : 0;
    routecore_header *headers = nh ? calloc(nh, sizeof *headers) : NULL;
    for (size_t i = 0; i < nh; i++) {
      const cJSON *pair = cJSON_GetArrayItem(hs, (int)i);
      const char *hn = cJSON_GetArrayItem(pair, 0)->valuestring;
      const char *hv = cJSON_GetArrayItem(pair, 1)->valuestring;
      headers[i].name = hn;
      headers[i].name_len = strlen(hn);
      headers[i].value = hv;
      headers[i].value_len = strlen(hv);
    }
    routecore_request req = request(method, url, headers, nh);
    req.target_len = url_len;
    if (cJSON_IsString(host)) {
      req.host = host->valuestring;
      req.host_len = strlen(host->valuestring);
    }
    r = routecore_match(router, ctx, &req);
    free(headers);
    if (r != ROUTECORE_RESULT_OK) {
      fail(file, gname, "routecore_match did not return OK");
      free(url);
      continue;
    }
    size_t needed = 0;
    r = routecore_context_json(ctx, *json_buf, *json_cap, &needed);
    if (r == ROUTECORE_RESULT_INSUFFICIENT_SIZE) {
      *json_cap = needed + 1;
      *json_buf = realloc(*json_buf, *json_cap);
      r = routecore_context_json(ctx, *json_buf, *json_cap, &needed);
    }
    if (r != ROUTECORE_RESULT_OK) {
      fail(file, gname, "routecore_context_json failed");
      free(url);
      continue;
    }
    cJSON *actual = cJSON_ParseWithLength(*json_buf, needed);
    if (!actual) {
      fail(file, gname, "decision JSON does not parse");
      free(url);
      continue;
    }
    /* The accessors and the JSON form must agree on the basics. */
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(actual, "status");
    const cJSON *action = cJSON_GetObjectItemCaseSensitive(actual, "action");
    if (status->valueint != routecore_context_status(ctx) ||
        !str_eq(routecore_context_action_name(ctx), action->valuestring)) {
      fail(file, gname, "accessors disagree with the JSON form");
    }
    if (matches(cJSON_GetObjectItemCaseSensitive(c, "expect"), actual, file, gname, method, url))
      passed++;
    else
      failed++;
    cJSON_Delete(actual);
    free(url);
  }
  routecore_router_free(router);
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "../../tests/vectors";
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "cannot open %s\n", dir);
    return 2;
  }
  char *names[256];
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL && n < 256) {
    size_t l = strlen(e->d_name);
    if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0) names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof names[0], cmp_names);

  routecore_context *ctx = routecore_context_new();
  routecore_errors *errs = routecore_errors_new();
  size_t json_cap = 256; /* small on purpose: exercises the INSUFFICIENT_SIZE path */
  char *json_buf = malloc(json_cap);
  for (size_t i = 0; i < n; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    size_t len = 0;
    char *text = read_file(path, &len);
    if (text) mark_nuls(text);
    cJSON *doc = text ? cJSON_ParseWithLength(text, len) : NULL;
    if (!doc) {
      fprintf(stderr, "FAIL %s: cannot read or parse\n", names[i]);
      failed++;
    } else {
      const cJSON *g;
      cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(doc, "groups")) {
        run_group(names[i], g, ctx, errs, &json_buf, &json_cap);
      }
    }
    cJSON_Delete(doc);
    free(text);
    free(names[i]);
  }
  free(json_buf);
  routecore_errors_free(errs);
  routecore_context_free(ctx);
  if (n == 0 || cases < 300) {
    fprintf(stderr, "too few vectors: %zu files, %d cases\n", n, cases);
    failed++;
  }
  printf("vectors: %zu files, %d groups, %d cases\n", n, groups, cases);
  printf("vectors: %d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
