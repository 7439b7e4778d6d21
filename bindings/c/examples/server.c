/*
 * A small HTTP/1.1 server that answers every request from routecore's decision.
 *
 *   server PROJECT [PORT]     (PORT 0 or absent: any free port; prints "listening on ...")
 *
 * POSIX sockets, one request per connection, single-threaded. The router lives in a
 * routecore_shared slot: SIGHUP reloads PROJECT and swaps the new table in without stopping.
 * Route decisions go to a handler table keyed by route id; every handler echoes the route
 * pattern, params and query as JSON. Everything else (redirects, 404, 405 with Allow,
 * automatic OPTIONS, 400/414/431, respond bodies, response headers, HEAD via GET) comes
 * straight from the decision.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "routecore.h"

#define MAX_HEAD 16384
#define MAX_HEADERS 128

static volatile sig_atomic_t reload_requested = 0;
static volatile sig_atomic_t stop_requested = 0;
static void on_hup(int sig) { (void)sig; reload_requested = 1; }
static void on_term(int sig) { (void)sig; stop_requested = 1; }

/* A growable output buffer. */
typedef struct {
  char *data;
  size_t len, cap;
} buf_t;

static void buf_add(buf_t *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 1024;
    while (b->len + n + 1 > cap) cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) abort();
    b->data = p;
    b->cap = cap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
}

static void buf_str(buf_t *b, routecore_str s) { buf_add(b, s.ptr ? s.ptr : "", s.len); }

static void buf_printf(buf_t *b, const char *fmt, ...) {
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n > 0) buf_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Appends s as a JSON string literal. */
static void buf_json(buf_t *b, routecore_str s) {
  buf_add(b, "\"", 1);
  for (size_t i = 0; i < s.len; i++) {
    unsigned char c = (unsigned char)s.ptr[i];
    if (c == '"' || c == '\\') {
      char esc[2] = {'\\', (char)c};
      buf_add(b, esc, 2);
    } else if (c < 0x20) {
      buf_printf(b, "\\u%04x", c);
    } else {
      buf_add(b, (const char *)&c, 1);
    }
  }
  buf_add(b, "\"", 1);
}

static const char *reason(unsigned status) {
  switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    default: return "Unknown";
  }
}

/* ---- The handler table: route id -> handler. ---- */

typedef void (*handler_fn)(const routecore_context *ctx, const char *name, buf_t *body);

/* Echoes the handler name, route pattern, id, params (catch-alls as arrays) and query. */
static void echo(const routecore_context *ctx, const char *name, buf_t *body) {
  uint64_t id = 0;
  routecore_context_route_id(ctx, &id);
  buf_printf(body, "{\"handler\":\"%s\",\"route\":", name);
  buf_json(body, routecore_context_route_pattern(ctx));
  buf_printf(body, ",\"id\":%llu,\"params\":{", (unsigned long long)id);
  size_t n = routecore_context_param_count(ctx);
  for (size_t i = 0; i < n; i++) {
    if (i) buf_add(body, ",", 1);
    buf_json(body, routecore_context_param_name(ctx, i));
    buf_add(body, ":", 1);
    if (routecore_context_param_is_catch_all(ctx, i)) {
      buf_add(body, "[", 1);
      size_t m = routecore_context_param_value_count(ctx, i);
      for (size_t j = 0; j < m; j++) {
        if (j) buf_add(body, ",", 1);
        buf_json(body, routecore_context_param_value(ctx, i, j));
      }
      buf_add(body, "]", 1);
    } else {
      buf_json(body, routecore_context_param_value(ctx, i, 0));
    }
  }
  buf_add(body, "},\"query\":[", 11);
  size_t q = routecore_context_query_count(ctx);
  for (size_t i = 0; i < q; i++) {
    routecore_pair p = routecore_context_query(ctx, i);
    if (i) buf_add(body, ",", 1);
    buf_add(body, "[", 1);
    buf_json(body, p.name);
    buf_add(body, ",", 1);
    buf_json(body, p.value);
    buf_add(body, "]", 1);
  }
  buf_add(body, "]}\n", 3);
}

static const struct {
  uint64_t id;
  const char *name;
  handler_fn fn;
} HANDLERS[] = {
    {100, "health", echo},          {101, "products.list", echo}, {102, "products.item", echo},
    {103, "products.reviews", echo}, {104, "cart", echo},         {105, "cart.item", echo},
    {106, "orders", echo},           {107, "search", echo},       {108, "catalog", echo},
    {109, "webhooks", echo},         {110, "files", echo},
};

/* Pages and metadata routes (ids are their index in routecore.json) share one handler. */
static void dispatch(const routecore_context *ctx, buf_t *body) {
  uint64_t id = 0;
  routecore_context_route_id(ctx, &id);
  for (size_t i = 0; i < sizeof HANDLERS / sizeof HANDLERS[0]; i++) {
    if (HANDLERS[i].id == id) {
      HANDLERS[i].fn(ctx, HANDLERS[i].name, body);
      return;
    }
  }
  echo(ctx, "page", body);
}

/* ---- HTTP ---- */

static void send_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
    if (w <= 0) {
      if (w < 0 && errno == EINTR) continue;
      return;
    }
    p += w;
    n -= (size_t)w;
  }
}

/* Writes the response: status line, decision headers, extra headers, body (not for HEAD). */
static void respond(int fd, unsigned status, const routecore_context *ctx, const buf_t *extra,
                    const char *body, size_t body_len, int head) {
  buf_t out = {0};
  buf_printf(&out, "HTTP/1.1 %u %s\r\nConnection: close\r\n", status, reason(status));
  if (ctx) {
    size_t n = routecore_context_response_header_count(ctx);
    for (size_t i = 0; i < n; i++) {
      routecore_pair h = routecore_context_response_header(ctx, i);
      buf_str(&out, h.name);
      buf_add(&out, ": ", 2);
      buf_str(&out, h.value);
      buf_add(&out, "\r\n", 2);
    }
    size_t v = routecore_context_vary_count(ctx);
    for (size_t i = 0; i < v; i++) {
      buf_add(&out, "Vary: ", 6);
      buf_str(&out, routecore_context_vary(ctx, i));
      buf_add(&out, "\r\n", 2);
    }
  }
  if (extra && extra->len) buf_add(&out, extra->data, extra->len);
  if (status != 204) buf_printf(&out, "Content-Length: %zu\r\n", body_len);
  buf_add(&out, "\r\n", 2);
  if (!head && status != 204 && body_len) buf_add(&out, body, body_len);
  send_all(fd, out.data, out.len);
  free(out.data);
}

static void respond_text(int fd, unsigned status, const routecore_context *ctx, buf_t *extra,
                         const char *text, int head) {
  buf_add(extra, "Content-Type: text/plain; charset=utf-8\r\n", 41);
  respond(fd, status, ctx, extra, text, strlen(text), head);
}

/* Answers one request from its decision. */
static void answer(int fd, routecore_context *ctx, int head) {
  unsigned status = routecore_context_status(ctx);
  buf_t extra = {0}, body = {0};
  switch (routecore_context_action(ctx)) {
    case ROUTECORE_ACTION_ROUTE: {
      dispatch(ctx, &body);
      buf_add(&extra, "Content-Type: application/json\r\n", 32);
      uint32_t secs = 0;
      if (routecore_context_cache(ctx) == ROUTECORE_CACHE_STATIC) {
        if (routecore_context_revalidate(ctx, &secs))
          buf_printf(&extra, "Cache-Control: s-maxage=%u, stale-while-revalidate\r\n", secs);
        else
          buf_add(&extra, "Cache-Control: s-maxage=31536000, stale-while-revalidate\r\n", 58);
      } else {
        buf_add(&extra, "Cache-Control: private, no-cache, no-store, max-age=0, must-revalidate\r\n", 72);
      }
      /* HEAD (served by the GET handler when the route has no HEAD): headers only. */
      respond(fd, status, ctx, &extra, body.data, body.len, head);
      break;
    }
    case ROUTECORE_ACTION_REDIRECT: {
      routecore_str loc = routecore_context_location(ctx);
      buf_add(&extra, "Location: ", 10);
      buf_str(&extra, loc);
      buf_add(&extra, "\r\n", 2);
      /* A 308's `Refresh: 0;url=...` is already among the decision's response headers. */
      respond_text(fd, status, ctx, &extra, "", head);
      break;
    }
    case ROUTECORE_ACTION_REWRITE_EXTERNAL:
      /* A real server would proxy to routecore_context_location() here. */
      respond_text(fd, 502, ctx, &extra, "proxying is not implemented in this example\n", head);
      break;
    case ROUTECORE_ACTION_RESPOND: {
      routecore_str b = routecore_context_body(ctx);
      respond(fd, status, ctx, &extra, b.ptr, b.len, head);
      break;
    }
    case ROUTECORE_ACTION_OPTIONS:
    case ROUTECORE_ACTION_METHOD_NOT_ALLOWED:
      buf_add(&extra, "Allow: ", 7);
      buf_str(&extra, routecore_context_allow(ctx));
      buf_add(&extra, "\r\n", 2);
      if (status == 204)
        respond(fd, status, ctx, &extra, NULL, 0, head);
      else
        respond_text(fd, status, ctx, &extra, "Method Not Allowed\n", head);
      break;
    case ROUTECORE_ACTION_NOT_FOUND:
      respond_text(fd, 404, ctx, &extra, "Not Found\n", head);
      break;
    case ROUTECORE_ACTION_BAD_REQUEST:
    default:
      respond_text(fd, status ? status : 500, ctx, &extra, reason(status ? status : 500), head);
      break;
  }
  free(extra.data);
  free(body.data);
}

/* Reads the request head, parses it, matches it and answers. */
static void serve(int fd, const routecore_shared *shared, routecore_context *ctx) {
  char head[MAX_HEAD + 1];
  size_t len = 0;
  char *end = NULL;
  while (len < MAX_HEAD) {
    ssize_t r = recv(fd, head + len, MAX_HEAD - len, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    len += (size_t)r;
    head[len] = 0;
    if ((end = strstr(head, "\r\n\r\n")) != NULL) break;
  }
  buf_t none = {0};
  if (!end) {
    /* The head did not fit: 414 when even the request line did not, else 431. */
    head[len] = 0;
    unsigned st = len >= MAX_HEAD ? (strstr(head, "\r\n") ? 431 : 414) : 400;
    respond_text(fd, st, NULL, &none, reason(st), 0);
    free(none.data);
    return;
  }
  /* Request line: METHOD SP TARGET SP VERSION. Bytes are passed on as they are. */
  char *line_end = strstr(head, "\r\n");
  char *sp1 = memchr(head, ' ', (size_t)(line_end - head));
  char *sp2 = sp1 ? memchr(sp1 + 1, ' ', (size_t)(line_end - sp1 - 1)) : NULL;
  if (!sp1 || !sp2) {
    respond_text(fd, 400, NULL, &none, "Bad Request\n", 0);
    free(none.data);
    return;
  }
  routecore_header headers[MAX_HEADERS];
  size_t nh = 0;
  routecore_request req;
  memset(&req, 0, sizeof req);
  req.method = head;
  req.method_len = (size_t)(sp1 - head);
  req.target = sp1 + 1;
  req.target_len = (size_t)(sp2 - sp1 - 1);
  for (char *p = line_end + 2; p < end && nh < MAX_HEADERS;) {
    char *e = strstr(p, "\r\n");
    char *colon = memchr(p, ':', (size_t)(e - p));
    if (colon) {
      char *v = colon + 1;
      while (v < e && (*v == ' ' || *v == '\t')) v++;
      char *ve = e;
      while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t')) ve--;
      headers[nh].name = p;
      headers[nh].name_len = (size_t)(colon - p);
      headers[nh].value = v;
      headers[nh].value_len = (size_t)(ve - v);
      if (headers[nh].name_len == 4 && strncasecmp(p, "host", 4) == 0) {
        req.host = v;
        req.host_len = headers[nh].value_len;
      }
      nh++;
    }
    p = e + 2;
  }
  req.headers = headers;
  req.headers_len = nh;

  routecore_result r = routecore_shared_match(shared, ctx, &req);
  if (r != ROUTECORE_RESULT_OK) {
    char msg[256];
    size_t n = 0;
    routecore_result_message(r, msg, sizeof msg, &n);
    fprintf(stderr, "server: match failed: %.*s\n", (int)n, msg);
    respond_text(fd, 500, NULL, &none, "Internal Server Error\n", 0);
    free(none.data);
    return;
  }
  int head_only = req.method_len == 4 && memcmp(req.method, "HEAD", 4) == 0;
  answer(fd, ctx, head_only);
  fprintf(stderr, "%.*s %.*s -> %u\n", (int)req.method_len, req.method,
          (int)(req.target_len > 120 ? 120 : req.target_len), req.target, routecore_context_status(ctx));
}

static const routecore_router *load(const char *project) {
  routecore_errors *errs = routecore_errors_new();
  const routecore_router *r = NULL;
  if (routecore_router_load(project, strlen(project), &r, errs) != ROUTECORE_RESULT_OK) {
    for (size_t i = 0; i < routecore_errors_count(errs); i++) {
      routecore_str m = routecore_errors_message(errs, i);
      fprintf(stderr, "error: %.*s\n", (int)m.len, m.ptr);
    }
  }
  routecore_errors_free(errs);
  return r;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s PROJECT [PORT]\n", argv[0]);
    return 2;
  }
  if (routecore_abi_version() != ROUTECORE_ABI_VERSION) {
    fprintf(stderr, "libroutecore ABI %u, header %u\n", routecore_abi_version(), ROUTECORE_ABI_VERSION);
    return 1;
  }
  const routecore_router *router = load(argv[1]);
  if (!router) return 1;
  routecore_shared *shared = NULL;
  routecore_shared_new(router, &shared);
  routecore_router_free(router);

  int s = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons((uint16_t)(argc > 2 ? atoi(argv[2]) : 0));
  socklen_t alen = sizeof addr;
  if (bind(s, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(s, 64) != 0 ||
      getsockname(s, (struct sockaddr *)&addr, &alen) != 0) {
    perror("bind/listen");
    return 1;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_hup;
  sigaction(SIGHUP, &sa, NULL);
  sa.sa_handler = on_term;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  printf("listening on 127.0.0.1:%u (routecore %s)\n", ntohs(addr.sin_port), routecore_version());
  fflush(stdout);

  routecore_context *ctx = routecore_context_new();
  while (!stop_requested) {
    if (reload_requested) {
      reload_requested = 0;
      const routecore_router *next = load(argv[1]);
      if (next) {
        routecore_shared_swap(shared, next); /* requests in flight finish on the old table */
        routecore_router_free(next);
        fprintf(stderr, "server: reloaded %s\n", argv[1]);
      }
    }
    int c = accept(s, NULL, NULL);
    if (c < 0) continue; /* EINTR: check the flags */
    struct timeval tv = {5, 0};
    setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    serve(c, shared, ctx);
    close(c);
  }
  routecore_context_free(ctx);
  routecore_shared_free(shared);
  close(s);
  return 0;
}
