#!/usr/bin/env python3
"""Writes tests/vectors/routing-*.json: the cases whose expectations come from ROUTING.md
(trailing slash, basePath, methods, caching, limits, bad input) rather than from the Next.js
oracle. Expectations are written here by hand, one tuple per case; nothing is computed from
routecore itself. Run: python3 tests/gen/routing_vectors.py"""
import json, os

OUT = os.path.join(os.path.dirname(__file__), "..", "vectors")

def R(pattern, methods=None, kind="route", **kw):
    r = {"pattern": pattern, "kind": kind}
    if kind == "route":
        r["methods"] = ["GET"] if methods is None else methods
    r.update(kw)
    return r

def P(pattern, **kw):
    return R(pattern, kind="page", **kw)

def case(method, url, expect, headers=None, differs=None):
    c = {"method": method, "url": url}
    if headers:
        c["headers"] = headers
    c["expect"] = expect
    if differs:
        c["differs"] = differs
    return c

def route(pattern, params=None, **kw):
    e = {"action": "route", "status": 200, "route": {"pattern": pattern}}
    if params is not None:
        e["params"] = params
    e.update(kw)
    return e

def redirect(location, status=308):
    return {"action": "redirect", "status": status, "location": location, "route": None}

NOT_FOUND = {"action": "not_found", "status": 404, "route": None}
def bad(status=400):
    return {"action": "bad_request", "status": status, "route": None}

def write(name, description, groups):
    doc = {"description": description, "source": "ROUTING.md (hand-written in tests/gen/routing_vectors.py)", "groups": groups}
    lines = ['{', f'  "description": {json.dumps(description)},', f'  "source": {json.dumps(doc["source"])},', '  "groups": [']
    for gi, g in enumerate(groups):
        lines.append('    {')
        keys = [k for k in g if k != "cases"]
        for k in keys:
            sep = "," if (k != keys[-1] or "cases" in g) else ""
            lines.append(f'      {json.dumps(k)}: {json.dumps(g[k], ensure_ascii=False)}{sep}')
        if "cases" in g:
            lines.append('      "cases": [')
            for ci, c in enumerate(g["cases"]):
                sep = "," if ci + 1 < len(g["cases"]) else ""
                lines.append('        ' + json.dumps(c, ensure_ascii=False) + sep)
            lines.append('      ]')
        lines.append('    }' + ("," if gi + 1 < len(groups) else ""))
    lines += ['  ]', '}']
    with open(os.path.join(OUT, name), "w") as f:
        f.write("\n".join(lines) + "\n")
    return sum(len(g.get("cases", [])) for g in groups)

total = 0

# ---------------------------------------------------------------- normalization
shop = {"routes": [P("/"), P("/about"), P("/blog/[slug]"), P("/files/[...path]"), P("/docs/[[...slug]]"),
                   P("/a/b"), P("/café"), P("/my page"), P("/data.json"), P("/[id].json"),
                   R("/api/echo/[value]", ["GET"])]}
total += write("routing-normalize.json", "Request target normalization: query, //, backslashes, dot segments, decoding (ROUTING.md §2)", [
    {"name": "query-never-affects-matching", "config": shop, "cases": [
        case("GET", "/about?x=1", route("/about", {}, pathname="/about", query={"x": "1"})),
        case("GET", "/about?", route("/about", {}, query={})),
        case("GET", "/blog/hi?slug=evil", route("/blog/[slug]", {"slug": "hi"}, query={"slug": "evil"})),
        case("GET", "/about?a=1&a=2&b=x+y&c=%41", route("/about", query={"a": ["1", "2"], "b": "x y", "c": "A"})),
        case("GET", "/about?nxtPslug=evil&nxtIx=1&__nextLocale=fr&__nextDefaultLocale=en&__nextDataReq=1&ok=1", route("/about", query={"ok": "1"})),
        case("GET", "/blog/real?nxtPslug=evil", route("/blog/[slug]", {"slug": "real"}, query={})),
        case("GET", "/about#frag", route("/about", pathname="/about")),
        case("GET", "/?q=%E2%82%AC", route("/", {}, pathname="/", query={"q": "€"})),
    ]},
    {"name": "repeated-slashes-and-backslashes-redirect", "config": shop, "cases": [
        case("GET", "//about", redirect("/about")),
        case("GET", "/a//b", redirect("/a/b")),
        case("GET", "/a///b?x=1", redirect("/a/b?x=1")),
        case("GET", "/a\\b", redirect("/a/b")),
        case("GET", "/\\evil.com", redirect("/evil.com")),
        case("GET", "//evil.com/", redirect("/evil.com/")),
        case("GET", "\\\\evil.com", redirect("/evil.com")),
        case("POST", "/about//", redirect("/about/")),
        case("GET", "/blog//x?a=b&c", redirect("/blog/x?a=b&c")),
    ]},
    {"name": "dot-segments-resolve-silently", "config": shop, "cases": [
        case("GET", "/blog/../about", route("/about", pathname="/about")),
        case("GET", "/x/y/../../about", route("/about")),
        case("GET", "/../../about", route("/about")),
        case("GET", "/./about", route("/about")),
        case("GET", "/blog/%2e%2e/about", route("/about")),
        case("GET", "/blog/%2E%2E/about", route("/about")),
        case("GET", "/blog/.%2e/about", route("/about")),
        case("GET", "/%2e/about", route("/about")),
        case("GET", "/blog/..", route("/", pathname="/")),
        case("GET", "/blog/x/..", redirect("/blog")),
        case("GET", "/blog/...", route("/blog/[slug]", {"slug": "..."})),
        case("GET", "/blog/..x", route("/blog/[slug]", {"slug": "..x"})),
        case("GET", "/files/a/../b", route("/files/[...path]", {"path": ["b"]})),
    ]},
    {"name": "percent-decoding", "config": shop, "cases": [
        case("GET", "/blog/hello%20world", route("/blog/[slug]", {"slug": "hello world"}, pathname="/blog/hello%20world")),
        case("GET", "/blog/caf%C3%A9", route("/blog/[slug]", {"slug": "café"})),
        case("GET", "/blog/a%2Fb", route("/blog/[slug]", {"slug": "a/b"})),
        case("GET", "/blog/a%2fb", route("/blog/[slug]", {"slug": "a/b"})),
        case("GET", "/a%2Fb", NOT_FOUND),
        case("GET", "/files/a%2Fb/c", route("/files/[...path]", {"path": ["a/b", "c"]})),
        case("GET", "/%61bout", route("/about")),
        case("GET", "/ab%6Fut", route("/about")),
        case("GET", "/caf%C3%A9", route("/café")),
        case("GET", "/café", route("/café")),
        case("GET", "/my%20page", route("/my page")),
        case("GET", "/data.json", route("/data.json")),
        case("GET", "/[id].json", route("/[id].json")),
        case("GET", "/%5Bid%5D.json", route("/[id].json")),
        case("GET", "/blog/%25", route("/blog/[slug]", {"slug": "%"})),
        case("GET", "/blog/100%25", route("/blog/[slug]", {"slug": "100%"})),
        case("GET", "/blog/a+b", route("/blog/[slug]", {"slug": "a+b"})),
        case("GET", "/api/echo/%F0%9F%98%80", route("/api/echo/[value]", {"value": "😀"})),
        case("GET", "/About", NOT_FOUND),
    ]},
    {"name": "bad-encoding-is-400", "config": shop, "cases": [
        case("GET", "/blog/%zz", {"action": "bad_request", "status": 400, "route": None, "params": {}}),
        case("GET", "/blog/%", bad()),
        case("GET", "/blog/%E0%A4", bad()),
        case("GET", "/blog/%C3%28", bad()),
        case("GET", "/blog/%FF", bad()),
        case("GET", "/files/ok/%G1", bad()),
        case("GET", "/docs/a/%", bad()),
        case("GET", "/ab%zzout", NOT_FOUND),
        case("GET", "/a/%zz", NOT_FOUND),
    ]},
    {"name": "malformed-targets-are-400", "config": shop, "cases": [
        case("GET", "about", bad()),
        case("GET", "", bad()),
        case("GET", "*", bad()),
        case("GET", "/a b", bad()),
        case("GET", "/about\u0000", bad()),
        case("GET", "/about\r\nx-injected: 1", bad()),
        case("GET", "/about\t", bad()),
        case("GET", "/blog/\u007f", bad()),
        case("GET", "/about?x=\n", bad()),
    ]},
    {"name": "absolute-form-targets", "config": shop, "cases": [
        case("GET", "http://example.com/about", route("/about", pathname="/about")),
        case("GET", "https://example.com/blog/x?y=1", route("/blog/[slug]", {"slug": "x"}, query={"y": "1"})),
        case("GET", "HTTP://example.com", route("/", pathname="/")),
        case("GET", "http://user@evil.com/about", bad()),
        case("GET", "http:///about", bad()),
    ]},
])

# ---------------------------------------------------------------- trailing slash + basePath
ts_routes = [P("/"), P("/about"), P("/blog/[slug]"), P("/file.txt"), P("/v1.2"), P("/.well-known/security.txt"), P("/.well-known/thing"), P("/docs/[[...slug]]"), P("/foo.")]
total += write("routing-trailing-slash.json", "trailingSlash both ways, skipTrailingSlashRedirect, file-extension and /.well-known exemptions (ROUTING.md §2)", [
    {"name": "trailing-slash-false", "config": {"routes": ts_routes}, "cases": [
        case("GET", "/about/", redirect("/about")),
        case("GET", "/about/?a=1", redirect("/about?a=1")),
        case("GET", "/blog/x/", redirect("/blog/x")),
        case("GET", "/file.txt/", redirect("/file.txt")),
        case("GET", "/.well-known/thing/", redirect("/.well-known/thing")),
        case("GET", "/", route("/", pathname="/")),
        case("GET", "/about", route("/about")),
        case("GET", "/nope/", redirect("/nope")),
        case("POST", "/about/", redirect("/about")),
        case("GET", "/docs/", redirect("/docs")),
        case("GET", "/docs", route("/docs/[[...slug]]", {})),
    ]},
    {"name": "trailing-slash-true", "config": {"trailingSlash": True, "routes": ts_routes}, "cases": [
        case("GET", "/about", redirect("/about/")),
        case("GET", "/about?a=1", redirect("/about/?a=1")),
        case("GET", "/about/", route("/about", pathname="/about/")),
        case("GET", "/blog/x", redirect("/blog/x/")),
        case("GET", "/blog/x/", route("/blog/[slug]", {"slug": "x"})),
        case("GET", "/file.txt", route("/file.txt")),
        case("GET", "/file.txt/", redirect("/file.txt")),
        case("GET", "/v1.2", route("/v1.2")),
        case("GET", "/.well-known/security.txt", route("/.well-known/security.txt")),
        case("GET", "/.well-known/thing", route("/.well-known/thing")),
        case("GET", "/.well-known/thing/", route("/.well-known/thing")),
        case("GET", "/foo.", route("/foo.")),
        case("GET", "/", route("/", pathname="/")),
        case("GET", "/docs/a/b/", route("/docs/[[...slug]]", {"slug": ["a", "b"]})),
        case("GET", "/docs/a/b", redirect("/docs/a/b/")),
    ]},
    {"name": "skip-trailing-slash-redirect", "config": {"skipTrailingSlashRedirect": True, "routes": ts_routes}, "cases": [
        case("GET", "/about/", route("/about", pathname="/about/")),
        case("GET", "/about", route("/about", pathname="/about")),
        case("GET", "/blog/x/", route("/blog/[slug]", {"slug": "x"})),
        case("GET", "//about", redirect("/about")),
    ]},
])

bp_routes = [P("/"), P("/about"), P("/blog/[slug]"), R("/api/items", ["GET", "POST"])]
total += write("routing-base-path.json", "basePath prefixes every route; outside it nothing matches, but the trailing-slash redirects still apply (ROUTING.md §2, as Next.js)", [
    {"name": "base-path", "config": {"basePath": "/docs", "routes": bp_routes}, "cases": [
        case("GET", "/docs", route("/", pathname="/")),
        case("GET", "/docs/about", route("/about", pathname="/about")),
        case("GET", "/docs/blog/x?y=1", route("/blog/[slug]", {"slug": "x"}, pathname="/blog/x", query={"y": "1"})),
        case("GET", "/about", NOT_FOUND),
        case("GET", "/", NOT_FOUND),
        case("GET", "/docsabout", NOT_FOUND),
        case("GET", "/docs/about/", redirect("/docs/about")),
        case("GET", "/docs//about", redirect("/docs/about")),
        case("GET", "/docs/../about", NOT_FOUND),
        case("GET", "/docs/x/../about", route("/about")),
        case("POST", "/docs/api/items", route("/api/items", {})),
        case("DELETE", "/docs/api/items", {"action": "method_not_allowed", "status": 405, "allow": "GET, HEAD, OPTIONS, POST"}),
        case("GET", "/DOCS/about", NOT_FOUND),
        # Next.js's internal trailing-slash redirects carry no basePath: the root has its own
        # case-insensitive rule, and paths outside the basePath are redirected too.
        case("GET", "/docs/", redirect("/docs")),
        case("GET", "/DOCS/?q=1", redirect("/docs?q=1")),
        case("GET", "/other/", redirect("/other")),
        case("GET", "/DOCS/about/", redirect("/DOCS/about")),
    ]},
    {"name": "base-path-trailing-slash", "config": {"basePath": "/docs", "trailingSlash": True, "routes": bp_routes}, "cases": [
        case("GET", "/docs/about", redirect("/docs/about/")),
        case("GET", "/docs/about/", route("/about", pathname="/about/")),
        case("GET", "/docs", redirect("/docs/")),
        case("GET", "/Docs?q=1", redirect("/docs/?q=1")),
        case("GET", "/docs/", route("/")),
        case("GET", "/other", redirect("/other/")),
        case("GET", "/docs/file.txt/", redirect("/docs/file.txt")),
        case("GET", "/", NOT_FOUND),
    ]},
    {"name": "bad-base-path", "config": {"basePath": "docs/", "routes": bp_routes}, "expect_errors": ["basePath", "docs/"]},
])

# ---------------------------------------------------------------- methods
api = {"routes": [
    R("/api/items", ["GET", "POST"], id=1),
    R("/api/items/[id]", ["GET", "PUT", "PATCH", "DELETE"], id=2),
    R("/api/post-only", ["POST"], id=3),
    R("/api/head", ["GET", "HEAD"], id=4),
    R("/api/options", ["GET", "OPTIONS"], id=5),
    R("/api/all", ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"], id=6),
    P("/page", id=7),
    {"pattern": "/robots.txt", "kind": "metadata", "id": 8},
]}
def mna(allow, pattern=None):
    e = {"action": "method_not_allowed", "status": 405, "allow": allow, "cache": None}
    if pattern:
        e["route"] = {"pattern": pattern}
    return e
def opts(allow, pattern=None):
    e = {"action": "options", "status": 204, "allow": allow}
    if pattern:
        e["route"] = {"pattern": pattern}
    return e
total += write("routing-methods.json", "Route handler methods: HEAD via GET, automatic OPTIONS, 405 with Allow, invalid tokens (ROUTING.md §3)", [
    {"name": "methods", "config": api, "cases": [
        case("GET", "/api/items", route("/api/items", {}, head_via_get=False, allow=None)),
        case("POST", "/api/items", route("/api/items", head_via_get=False)),
        case("HEAD", "/api/items", route("/api/items", head_via_get=True)),
        case("OPTIONS", "/api/items", opts("GET, HEAD, OPTIONS, POST", "/api/items")),
        case("PUT", "/api/items", mna("GET, HEAD, OPTIONS, POST", "/api/items"), differs="Next.js sends no Allow header with 405; RFC 9110 requires it"),
        case("DELETE", "/api/items", mna("GET, HEAD, OPTIONS, POST")),
        case("PATCH", "/api/items", mna("GET, HEAD, OPTIONS, POST")),
        case("PROPFIND", "/api/items", mna("GET, HEAD, OPTIONS, POST"), differs="Next.js answers 400 for methods outside the seven; the seed says 405"),
        case("TRACE", "/api/items", mna("GET, HEAD, OPTIONS, POST")),
        case("CONNECT", "/api/items", mna("GET, HEAD, OPTIONS, POST")),
        case("get", "/api/items", mna("GET, HEAD, OPTIONS, POST")),
        case("G ET", "/api/items", bad()),
        case("", "/api/items", bad()),
        case("GET\r\n", "/api/items", bad()),
        case("GE(T", "/api/items", bad()),
        case("PUT", "/api/items/7", route("/api/items/[id]", {"id": "7"})),
        case("PATCH", "/api/items/7", route("/api/items/[id]", {"id": "7"})),
        case("DELETE", "/api/items/7", route("/api/items/[id]", {"id": "7"})),
        case("POST", "/api/items/7", mna("DELETE, GET, HEAD, OPTIONS, PATCH, PUT")),
        case("OPTIONS", "/api/items/7", opts("DELETE, GET, HEAD, OPTIONS, PATCH, PUT")),
        case("GET", "/api/post-only", mna("OPTIONS, POST")),
        case("HEAD", "/api/post-only", mna("OPTIONS, POST")),
        case("OPTIONS", "/api/post-only", opts("OPTIONS, POST")),
        case("HEAD", "/api/head", route("/api/head", head_via_get=False)),
        case("OPTIONS", "/api/options", route("/api/options", head_via_get=False)),
        case("OPTIONS", "/api/all", route("/api/all")),
        case("FOO", "/api/all", mna("DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT")),
        case("GET", "/page", route("/page", head_via_get=False)),
        case("HEAD", "/page", route("/page", head_via_get=True)),
        case("POST", "/page", mna("GET, HEAD, OPTIONS")),
        case("OPTIONS", "/page", opts("GET, HEAD, OPTIONS")),
        case("GET", "/robots.txt", route("/robots.txt")),
        case("HEAD", "/robots.txt", route("/robots.txt", head_via_get=True)),
        case("DELETE", "/robots.txt", mna("GET, HEAD, OPTIONS")),
        case("OPTIONS", "/nowhere", NOT_FOUND),
        case("FOO", "/nowhere", NOT_FOUND),
        case("G ET", "/nowhere", bad()),
    ]},
    {"name": "invalid-method-names", "config": {"routes": [R("/a", ["GET", "get"]), R("/b", ["FETCH"]), R("/c", [])]}, "expect_errors": ["'get'", "/a", "'FETCH'", "/b", "/c"]},
    {"name": "page-methods", "config": {"routes": [{"pattern": "/p", "kind": "page", "methods": ["POST"]}]}, "expect_errors": ["/p", "POST"]},
])

# ---------------------------------------------------------------- caching
def cached(pattern, cache, revalidate=None):
    return {"action": "route", "status": 200, "route": {"pattern": pattern}, "cache": cache, "revalidate": revalidate}
cache_cfg = {"routes": [
    R("/r/plain", ["GET"]),
    R("/r/static", ["GET"], dynamic="force-static"),
    R("/r/error", ["GET"], dynamic="error"),
    R("/r/forever", ["GET"], revalidate=False),
    R("/r/isr", ["GET"], revalidate=60),
    R("/r/zero", ["GET"], revalidate=0),
    R("/r/forced-dynamic", ["GET"], dynamic="force-dynamic", revalidate=60),
    R("/r/static-with-post", ["GET", "POST"], dynamic="force-static"),
    R("/r/static-with-options", ["GET", "OPTIONS"], dynamic="force-static"),
    R("/r/static-with-delete", ["GET", "DELETE"], revalidate=60),
    R("/r/static-with-head", ["GET", "HEAD"], dynamic="force-static"),
    R("/r/static-zero", ["GET"], dynamic="force-static", revalidate=0),
    P("/p/plain"), P("/p/dynamic", dynamic="force-dynamic"), P("/p/zero", revalidate=0), P("/p/isr", revalidate=10),
    {"pattern": "/sitemap.xml", "kind": "metadata"},
    {"pattern": "/og", "kind": "metadata", "dynamic": "force-dynamic"},
]}
total += write("routing-caching.json", "Caching: force-static/error/revalidate, non-GET exports keep a route dynamic, pages and metadata static by default (ROUTING.md §3)", [
    {"name": "caching", "config": cache_cfg, "cases": [
        case("GET", "/r/plain", cached("/r/plain", "dynamic")),
        case("GET", "/r/static", cached("/r/static", "static")),
        case("HEAD", "/r/static", cached("/r/static", "static")),
        case("GET", "/r/error", cached("/r/error", "static")),
        case("GET", "/r/forever", cached("/r/forever", "static")),
        case("GET", "/r/isr", cached("/r/isr", "static", 60)),
        case("HEAD", "/r/isr", cached("/r/isr", "static", 60)),
        case("GET", "/r/zero", cached("/r/zero", "dynamic")),
        case("GET", "/r/forced-dynamic", cached("/r/forced-dynamic", "dynamic")),
        case("GET", "/r/static-with-post", cached("/r/static-with-post", "dynamic")),
        case("POST", "/r/static-with-post", cached("/r/static-with-post", "dynamic")),
        case("GET", "/r/static-with-options", cached("/r/static-with-options", "dynamic")),
        case("GET", "/r/static-with-delete", cached("/r/static-with-delete", "dynamic")),
        case("GET", "/r/static-with-head", cached("/r/static-with-head", "static")),
        case("GET", "/r/static-zero", cached("/r/static-zero", "static")),
        case("GET", "/p/plain", cached("/p/plain", "static")),
        case("GET", "/p/dynamic", cached("/p/dynamic", "dynamic")),
        case("GET", "/p/zero", cached("/p/zero", "dynamic")),
        case("GET", "/p/isr", cached("/p/isr", "static", 10)),
        case("GET", "/sitemap.xml", cached("/sitemap.xml", "static")),
        case("GET", "/og", cached("/og", "dynamic")),
        case("OPTIONS", "/r/static", {"action": "options", "status": 204, "cache": None}),
        case("GET", "/nope", {"action": "not_found", "cache": None, "revalidate": None}),
    ]},
])

# ---------------------------------------------------------------- limits
many = "/a" * 256
too_many = "/a" * 257
limit_cfg = {"routes": [P("/[[...all]]"), P("/x/[id]")]}
total += write("routing-limits.json", "Limits: 414 for long targets and too many segments, 431 for too many or too large headers, build errors for patterns and route counts (ROUTING.md §2)", [
    {"name": "default-limits", "config": limit_cfg, "cases": [
        case("GET", "/" + "x" * 8191, route("/[[...all]]")),
        case("GET", "/" + "x" * 8192, bad(414)),
        case("GET", many, route("/[[...all]]")),
        case("GET", too_many, bad(414)),
        case("GET", "/x/1", route("/x/[id]", {"id": "1"}), headers=[["h%d" % i, "v"] for i in range(64)]),
        case("GET", "/x/1", bad(431), headers=[["h%d" % i, "v"] for i in range(65)]),
        case("GET", "/x/1", route("/x/[id]"), headers=[["big", "v" * 8192]]),
        case("GET", "/x/1", bad(431), headers=[["big", "v" * 8193]]),
    ]},
    {"name": "configured-limits", "config": {"limits": {"maxTargetBytes": 64, "maxSegments": 3, "maxHeaders": 2, "maxHeaderBytes": 10}, "routes": limit_cfg["routes"]}, "cases": [
        case("GET", "/" + "a" * 63, route("/[[...all]]")),
        case("GET", "/" + "a" * 64, bad(414)),
        case("GET", "/a/b/c", route("/[[...all]]", {"all": ["a", "b", "c"]})),
        case("GET", "/a/b/c/d", bad(414)),
        case("GET", "/x/1", bad(431), headers=[["a", "1"], ["b", "2"], ["c", "3"]]),
        case("GET", "/x/1", bad(431), headers=[["a", "12345678901"]]),
        case("GET", "/x/1", route("/x/[id]"), headers=[["a", "1234567890"]]),
    ]},
    {"name": "pattern-too-long", "config": {"routes": [P("/" + "p" * 1100)]}, "expect_errors": ["over the limit of 1024"]},
    {"name": "too-many-routes", "config": {"limits": {"maxRoutes": 2}, "routes": [P("/a"), P("/b"), P("/c")]}, "expect_errors": ["3 routes", "limit of 2"]},
])

# ---------------------------------------------------------------- route table errors (ROUTING.md §1.2)
total += write("routing-build-errors.json", "Build errors of ROUTING.md §1.2, each naming both offending patterns", [
    {"name": "page-route-conflict", "config": {"routes": [P("/"), R("/", ["POST"])]}, "expect_errors": ["conflict", "'/'"]},
    {"name": "same-kind-same-url", "config": {"routes": [P("/about", file="app/(a)/about/page.tsx"), P("/about", file="app/(b)/about/page.tsx")]}, "expect_errors": ["app/(a)/about/page.tsx", "app/(b)/about/page.tsx"]},
    {"name": "trailing-slash-is-same-url", "config": {"routes": [P("/about"), P("/about/")]}, "expect_errors": ["'/about'", "'/about/'"]},
    {"name": "different-param-names", "config": {"routes": [P("/a/[id]"), P("/a/[slug]/b")]}, "expect_errors": ["'/a/[id]'", "'/a/[slug]/b'"]},
    {"name": "different-catch-all-names", "config": {"routes": [P("/a/[...x]"), P("/a/[...y]")]}, "expect_errors": ["'/a/[...x]'", "'/a/[...y]'"]},
    {"name": "repeated-param", "config": {"routes": [P("/[a]/[a]")]}, "expect_errors": ["/[a]/[a]", "\"a\""]},
    {"name": "catch-all-not-last", "config": {"routes": [P("/[...a]/b")]}, "expect_errors": ["[...a]", "/[...a]/b"]},
    {"name": "required-and-optional-catch-all", "config": {"routes": [P("/a/[...x]"), P("/a/[[...x]]")]}, "expect_errors": ["'/a/[...x]'", "'/a/[[...x]]'"]},
    {"name": "optional-catch-all-same-specificity", "config": {"routes": [P("/docs"), P("/docs/[[...slug]]")]}, "expect_errors": ["'/docs'", "'/docs/[[...slug]]'"]},
    {"name": "root-optional-catch-all-same-specificity", "config": {"routes": [P("/"), P("/[[...slug]]")]}, "expect_errors": ["'/'", "'/[[...slug]]'"]},
    {"name": "malformed-brackets", "config": {"routes": [P("/[[id]"), P("/x/[...]"), P("/y/[…id]"), P("/z/[[id]]"), P("/w/[.id]"), P("/v/[]")]}, "expect_errors": ["[[id]", "[...]", "…", "[[id]]", "[.id]", "[]"]},
    {"name": "empty-segments-and-bytes", "config": {"routes": [P("/a//b"), P("a/b"), P("/a/\u0000"), P("/a/./b"), P("")]}, "expect_errors": ["/a//b", "a/b", "0x00", "/a/./b", "''"]},
    {"name": "every-error-at-once", "config": {"routes": [P("/[a]/[a]"), P("/x"), R("/x", ["GET"]), R("/y", ["NOPE"]), P("/z/[[id]]")]}, "expect_errors": ["/[a]/[a]", "conflict", "'NOPE'", "[[id]]"]},
])

# ---------------------------------------------------------------- priority and backtracking (ROUTING.md §1.3)
prio = {"routes": [P("/blog/new"), P("/blog/[slug]/edit"), P("/blog/[slug]"), P("/[a]/[b]/c"), P("/[a]/b/[c]"), P("/x/[...rest]"), P("/x/y"), P("/x/[id]/z")]}
total += write("routing-priority.json", "Priority static > dynamic > catch-all > optional catch-all, with backtracking, independent of insertion order (ROUTING.md §1.3)", [
    {"name": "backtracking", "config": prio,
     "expect_routes": ["/blog/new", "/blog/[slug]", "/blog/[slug]/edit", "/x/y", "/x/[id]/z", "/x/[...rest]", "/[a]/b/[c]", "/[a]/[b]/c"],
     "cases": [
        case("GET", "/blog/new", route("/blog/new", {})),
        case("GET", "/blog/new/edit", route("/blog/[slug]/edit", {"slug": "new"})),
        case("GET", "/blog/other", route("/blog/[slug]", {"slug": "other"})),
        case("GET", "/blog/b/c", route("/[a]/b/[c]", {"a": "blog", "c": "c"})),
        case("GET", "/blog/x/c", route("/[a]/[b]/c", {"a": "blog", "b": "x"})),
        case("GET", "/q/b/c", route("/[a]/b/[c]", {"a": "q", "c": "c"})),
        case("GET", "/q/b/z", route("/[a]/b/[c]", {"a": "q", "c": "z"})),
        case("GET", "/q/r/c", route("/[a]/[b]/c", {"a": "q", "b": "r"})),
        case("GET", "/x/y", route("/x/y", {})),
        case("GET", "/x/y/z", route("/x/[id]/z", {"id": "y"})),
        case("GET", "/x/y/w", route("/x/[...rest]", {"rest": ["y", "w"]})),
        case("GET", "/x/1/z/2", route("/x/[...rest]", {"rest": ["1", "z", "2"]})),
        case("GET", "/x", NOT_FOUND),
        case("GET", "/q/r/s", NOT_FOUND),
    ]},
    {"name": "same-routes-reversed", "config": {"routes": list(reversed(prio["routes"]))},
     "expect_routes": ["/blog/new", "/blog/[slug]", "/blog/[slug]/edit", "/x/y", "/x/[id]/z", "/x/[...rest]", "/[a]/b/[c]", "/[a]/[b]/c"],
     "cases": [
        case("GET", "/blog/new/edit", route("/blog/[slug]/edit", {"slug": "new"})),
        case("GET", "/x/y/z", route("/x/[id]/z", {"id": "y"})),
        case("GET", "/q/b/c", route("/[a]/b/[c]", {"a": "q", "c": "c"})),
    ]},
    {"name": "optional-catch-all", "config": {"routes": [P("/docs/[[...slug]]"), P("/docs/api/[name]"), P("/[[...root]]")]},
     "expect_routes": ["/docs/api/[name]", "/docs/[[...slug]]", "/[[...root]]"],
     "cases": [
        case("GET", "/", route("/[[...root]]", {})),
        case("GET", "/docs", route("/docs/[[...slug]]", {})),
        case("GET", "/docs/a", route("/docs/[[...slug]]", {"slug": ["a"]})),
        case("GET", "/docs/api", route("/docs/[[...slug]]", {"slug": ["api"]})),
        case("GET", "/docs/api/x", route("/docs/api/[name]", {"name": "x"})),
        case("GET", "/docs/api/x/y", route("/docs/[[...slug]]", {"slug": ["api", "x", "y"]})),
        case("GET", "/other/1", route("/[[...root]]", {"root": ["other", "1"]})),
    ]},
])

# ---------------------------------------------------------------- rules: order, security, effects
base_routes = [P("/"), P("/login"), P("/home-b"), P("/dashboard/[[...path]]"), P("/b/[x]"), P("/static"),
               P("/blog/[slug]"), R("/api/[...path]", ["GET", "POST"]), P("/new/[slug]"), P("/fallback/[x]"), P("/before")]
mw = {
    "matcher": ["/dashboard/:path*", "/", {"source": "/api/:path*", "has": [{"type": "header", "key": "x-beta"}]}],
    "rules": [
        {"if": {"source": "/dashboard/:path*", "missing": [{"type": "cookie", "key": "session"}]},
         "redirect": {"destination": "/login?next=/dashboard/:path*", "permanent": False}},
        {"if": {"source": "/", "has": [{"type": "cookie", "key": "bucket", "value": "b"}]}, "rewrite": {"destination": "/home-b"}},
        {"if": {"source": "/api/:path*", "methods": ["POST"], "missing": [{"type": "header", "key": "authorization"}]},
         "respond": {"status": 401, "headers": {"content-type": "application/json"}, "body": "{\"error\":\"unauthorized\"}"}},
        {"setRequestHeaders": {"x-from-middleware": "1"}, "deleteRequestHeaders": ["x-debug"],
         "setResponseHeaders": {"x-frame-options": "DENY"}, "setCookies": ["seen=1; Path=/"]},
    ],
}
full_cfg = {
    "routes": base_routes, "middleware": mw,
    "headers": [{"source": "/(.*)", "headers": [{"key": "x-content-type-options", "value": "nosniff"}]},
                {"source": "/blog/:slug", "headers": [{"key": "x-slug", "value": ":slug"}, {"key": "set-cookie", "value": "a=1"}]},
                {"source": "/blog/:slug", "headers": [{"key": "x-content-type-options", "value": "override"}, {"key": "set-cookie", "value": "b=2"}]}],
    "redirects": [{"source": "/old/:slug", "destination": "/new/:slug", "permanent": True},
                  {"source": "/temp", "destination": "/static?from=temp", "permanent": False},
                  {"source": "/moved", "destination": "https://example.org/landing", "statusCode": 301},
                  {"source": "/:all*", "destination": "/never", "permanent": True, "has": [{"type": "query", "key": "never"}]}],
    "rewrites": {"beforeFiles": [{"source": "/static", "destination": "/before"}],
                 "afterFiles": [{"source": "/a/:x", "destination": "/b/:x"}, {"source": "/blog/:slug", "destination": "/b/never"},
                                {"source": "/p/:id", "destination": "/b/fixed"}],
                 "fallback": [{"source": "/gone/:x", "destination": "/fallback/:x"}, {"source": "/proxy/:path*", "destination": "https://upstream.example.com/:path*"}]},
}
NOSNIFF = ["x-content-type-options", "nosniff"]
total += write("routing-rules.json", "Middleware rules, headers, redirects and rewrites: effects and the order of evaluation (ROUTING.md §4, §5)", [
    {"name": "order-and-effects", "config": full_cfg, "cases": [
        case("GET", "/dashboard/x/y", {"action": "redirect", "status": 307, "location": "/login?next=/dashboard/x/y", "middleware": True, "vary": ["cookie"], "response_headers": []},
             differs="query values in destinations are percent-encoded; Next.js emits them raw"),
        case("GET", "/dashboard/x", route("/dashboard/[[...path]]", {"path": ["x"]}, middleware=True,
             request_headers={"x-debug": None, "x-from-middleware": "1"},
             response_headers=[NOSNIFF, ["x-frame-options", "DENY"], ["set-cookie", "seen=1; Path=/"]], vary=["cookie"]),
             headers=[["cookie", "session=1"], ["x-debug", "1"]]),
        case("GET", "/", route("/home-b", {}, pathname="/home-b", middleware=True, vary=["cookie"], response_headers=[NOSNIFF]),
             headers=[["cookie", "a=1; bucket=b"]]),
        case("GET", "/", route("/", {}, middleware=True, vary=["cookie"]), headers=[["cookie", "bucket=a"]]),
        case("POST", "/api/x", {"action": "respond", "status": 401, "body": "{\"error\":\"unauthorized\"}", "middleware": True,
             "response_headers": [NOSNIFF, ["content-type", "application/json"]], "vary": ["x-beta", "authorization"]}, headers=[["x-beta", "1"]]),
        case("POST", "/api/x", route("/api/[...path]", {"path": ["x"]}, middleware=True), headers=[["x-beta", "1"], ["authorization", "t"]]),
        case("POST", "/api/x", route("/api/[...path]", middleware=False, vary=["x-beta"])),
        case("GET", "/old/hello?q=1", {"action": "redirect", "status": 308, "location": "/new/hello?q=1", "middleware": False,
             "response_headers": [["refresh", "0;url=/new/hello?q=1"]]}),
        case("GET", "/old/hello/", redirect("/old/hello")),
        case("GET", "/temp?x=1", {"action": "redirect", "status": 307, "location": "/static?x=1&from=temp", "response_headers": []}),
        case("GET", "/temp?from=me", {"action": "redirect", "status": 307, "location": "/static?from=temp"}),
        case("GET", "/moved?a=b", {"action": "redirect", "status": 301, "location": "https://example.org/landing?a=b"}),
        case("GET", "/TEMP", {"action": "redirect", "status": 307, "location": "/static?from=temp"}),
        case("GET", "/static", route("/before", {}, pathname="/before")),
        case("GET", "/a/1?k=v", route("/b/[x]", {"x": "1"}, query={"k": "v"}, pathname="/b/1", response_headers=[NOSNIFF])),
        case("GET", "/blog/hi", route("/b/[x]", {"x": "never"},
             response_headers=[["x-slug", "hi"], ["set-cookie", "a=1"], ["x-content-type-options", "override"], ["set-cookie", "b=2"]])),
        case("GET", "/p/7?z=1", route("/b/[x]", {"x": "fixed"}, query={"z": "1", "id": "7"})),
        case("GET", "/gone/q", route("/fallback/[x]", {"x": "q"})),
        case("GET", "/proxy/a/b?x=1", {"action": "rewrite_external", "status": 200, "location": "https://upstream.example.com/a/b?x=1", "route": None}),
        case("GET", "/nothing/here", {"action": "not_found", "status": 404, "middleware": False, "response_headers": [NOSNIFF]}),
        case("GET", "/anything?never=1", {"action": "redirect", "status": 308, "location": "/never?never=1"}),
        case("GET", "/_next/static/x?never=1", NOT_FOUND),
    ]},
    {"name": "rewrite-chains-are-sequential", "config": {"routes": [P("/end")], "rewrites": [
        {"source": "/a", "destination": "/b"}, {"source": "/b", "destination": "/a"}, {"source": "/a", "destination": "/end"}]}, "cases": [
        case("GET", "/a", route("/end", pathname="/end")),
        case("GET", "/b", route("/end", pathname="/end")),
    ]},
    {"name": "rewrite-loops-are-cut", "config": {"routes": [P("/end")], "rewrites": {
        "beforeFiles": [{"source": "/a", "destination": "/b"}, {"source": "/b", "destination": "/a"}],
        "afterFiles": [{"source": "/a", "destination": "/b"}, {"source": "/b", "destination": "/a"}],
        "fallback": [{"source": "/a", "destination": "/b"}, {"source": "/b", "destination": "/a"}]}}, "cases": [
        case("GET", "/a", {"action": "not_found", "status": 404, "pathname": "/a"}),
        case("GET", "/b", {"action": "not_found", "status": 404, "pathname": "/a"}),
    ]},
    {"name": "base-path-false", "config": {"basePath": "/docs", "routes": [P("/"), P("/x")],
        "redirects": [{"source": "/legacy", "destination": "/docs/x", "permanent": True, "basePath": False},
                      {"source": "/in", "destination": "/x", "permanent": False}],
        "rewrites": [{"source": "/outside", "destination": "/docs/x", "basePath": False}]}, "cases": [
        case("GET", "/legacy", redirect("/docs/x")),
        case("GET", "/docs/legacy", NOT_FOUND),
        case("GET", "/docs/in", {"action": "redirect", "status": 307, "location": "/docs/x"}),
        case("GET", "/in", NOT_FOUND),
        case("GET", "/outside", route("/x", pathname="/x")),
    ]},
    {"name": "rules-errors", "config": {"routes": [P("/")],
        "redirects": [{"source": "/a/:x", "destination": "/b/:y", "permanent": True}, {"source": "nope", "destination": "/", "permanent": True},
                      {"source": "/c", "destination": "/d"}, {"source": "/e", "destination": "//evil.com", "permanent": True},
                      {"source": "/f", "destination": "/g", "statusCode": 200}],
        "rewrites": {"afterFiles": [{"source": "/(a", "destination": "/"}, {"source": "/:a((?=x).*)", "destination": "/"}], "fallback": [{"source": "/x", "destination": "javascript:alert(1)"}]},
        "headers": [{"source": "/", "headers": [{"key": "bad header", "value": "x"}, {"key": "x", "value": "a\r\nb"}]}],
        "middleware": {"matcher": ["/:"], "rules": [{"if": {"source": "/x"}, "redirect": {"destination": "/y"}, "rewrite": {"destination": "/z"}}]}},
     "expect_errors": ["redirects[0]", "(y)", "redirects[1]", "redirects[2].permanent", "redirects[3]", "protocol-relative", "redirects[4].statuscode", "offset 1",
                       "rewrites.afterfiles[0]", "unbalanced pattern", "rewrites.afterfiles[1]", "lookaround", "rewrites.fallback[0]", "headers[0].headers",
                       "bad header", "control character", "middleware.matcher[0]", "missing parameter name", "middleware.rules[0]", "at most one"]},
])

sec_cfg = {
    "routes": [P("/[[...all]]"), P("/admin/[[...path]]"), P("/login")],
    "middleware": {"matcher": ["/admin/:path*"], "rules": [
        {"if": {"missing": [{"type": "cookie", "key": "session"}]}, "redirect": {"destination": "/login", "permanent": False}}]},
    "redirects": [{"source": "/go/:to", "destination": "/:to", "permanent": False},
                  {"source": "/h", "destination": "/:dest", "permanent": False, "has": [{"type": "header", "key": "x-dest", "value": "(?<dest>.*)"}]},
                  {"source": "/c", "destination": "/c2?v=:val", "permanent": False, "has": [{"type": "cookie", "key": "v", "value": "(?<val>[\\s\\S]*)"}]},
                  {"source": "/sub", "destination": "https://:sub.example.com/", "permanent": False, "has": [{"type": "host", "value": "(?<sub>[^.]+(?:\\.[^.]+)*)\\.site\\.test"}]}],
    "headers": [{"source": "/echo", "headers": [{"key": "x-echo", "value": ":v"}], "has": [{"type": "cookie", "key": "v", "value": "(?<v>[\\s\\S]*)"}]}],
}
total += write("routing-rules-security.json", "Security invariants: middleware cannot be skipped, no header injection, destinations stay same-origin (brief, ROUTING.md §4, §5)", [
    {"name": "middleware-cannot-be-skipped", "config": sec_cfg, "cases": [
        case("GET", "/admin", {"action": "redirect", "status": 307, "location": "/login", "middleware": True}),
        case("GET", "/admin/users", {"action": "redirect", "location": "/login", "middleware": True},
             headers=[["x-middleware-subrequest", "middleware:middleware:middleware:middleware:middleware"]]),
        case("GET", "/admin/users", {"action": "redirect", "location": "/login"}, headers=[["x-middleware-subrequest", "src/middleware"], ["x-nextjs-data", "1"]]),
        case("GET", "/admin/x", route("/admin/[[...path]]", middleware=True, request_headers={"x-middleware-subrequest": None, "x-middleware-override-headers": None}),
             headers=[["cookie", "session=1"], ["x-middleware-subrequest", "1"], ["X-Middleware-Override-Headers", "x"]]),
        case("GET", "/%61dmin/users", {"action": "redirect", "location": "/login"}),
        case("GET", "/%41dmin/users", route("/[[...all]]", middleware=False)),
        case("GET", "/admin%2Fusers", {"action": "redirect", "location": "/login"}),
        case("GET", "/x/../admin", {"action": "redirect", "location": "/login"}),
        case("GET", "/x/%2e%2e/admin", {"action": "redirect", "location": "/login"}),
        case("GET", "/_next/data/build123/admin.json", {"action": "redirect", "location": "/login"}),
        case("GET", "/admin.rsc", {"action": "redirect", "location": "/login"}),
        case("GET", "/admin/page.segments/a/b.segment.rsc", {"action": "redirect", "location": "/login"}),
        case("GET", "/admin/?x=1", redirect("/admin?x=1")),
        case("GET", "/admin?nxtPpath=x", {"action": "redirect", "location": "/login"}),
        case("GET", "/Admin", route("/[[...all]]", middleware=False)),
    ]},
    {"name": "no-injection-no-open-redirect", "config": sec_cfg, "cases": [
        case("GET", "/go/%0d%0aSet-Cookie:x", {"action": "redirect", "location": "/%0D%0ASet-Cookie:x"}),
        case("GET", "/go/%2F%2Fevil.com", {"action": "redirect", "location": "/%2F%2Fevil.com"}),
        case("GET", "/go/%5Cevil.com", {"action": "redirect", "location": "/%5Cevil.com"}),
        case("GET", "/h", {"action": "redirect", "location": "/%2F%2Fevil.com", "vary": ["x-dest"]}, headers=[["x-dest", "//evil.com"]]),
        case("GET", "/h", {"action": "redirect", "location": "/%5Cevil.com"}, headers=[["x-dest", "\\evil.com"]]),
        case("GET", "/h", {"action": "redirect", "location": "/a%2F..%2F..%2Fb"}, headers=[["x-dest", "a/../../b"]]),
        case("GET", "/c", {"action": "redirect", "location": "/c2?v=x%0D%0ASet-Cookie%3A%20y"}, headers=[["cookie", "v=x%0D%0ASet-Cookie: y"]]),
        case("GET", "/echo", {"action": "route", "response_headers": [["x-echo", "a%0D%0Ab"]]}, headers=[["cookie", "v=a%0D%0Ab"]]),
        case("GET", "/echo", {"action": "route", "response_headers": [["x-echo", "a%00b"]]}, headers=[["cookie", "v=a%00b"]]),
        case("GET", "/sub", {"action": "redirect", "location": "https://shop.example.com/"}, headers=[["host", "shop.site.test"]]),
        case("GET", "/sub", {"action": "redirect", "location": "https://shop.example.com/"}, headers=[["host", "SHOP.site.test:8080"]]),
        case("GET", "/sub", {"action": "bad_request", "status": 400, "location": None}, headers=[["host", "evil.com/x.site.test"]]),
        case("GET", "/sub", {"action": "bad_request", "status": 400}, headers=[["host", "a.b.site.test"]]),
    ]},
    {"name": "params-in-ports-header-names-and-host-spellings", "config": {
        "routes": [P("/[[...all]]")],
        "redirects": [
            {"source": "/port/:port", "destination": "https://example.com:port/x", "permanent": False},
            {"source": "/admin", "has": [{"type": "host", "value": "admin.example.com"}], "destination": "/login", "permanent": False},
        ],
        "headers": [
            {"source": "/h/:name/:value", "headers": [{"key": ":name", "value": ":value"}]},
            {"source": "/ctl", "has": [{"type": "header", "key": "x-in", "value": "(?<v>.*)"}], "headers": [{"key": "x-out", "value": ":v"}]},
        ]}, "cases": [
        case("GET", "/port/8080", {"action": "redirect", "location": "https://example.com:8080/x"}),
        case("GET", "/port/evil", {"action": "bad_request", "status": 400, "location": None}),
        case("GET", "/port/1.evil.com", {"action": "bad_request", "status": 400, "location": None}),
        case("GET", "/h/set-cookie/sid=evil", {"action": "route", "response_headers": []}),
        case("GET", "/h/transfer-encoding/chunked", {"action": "route", "response_headers": []}),
        case("GET", "/h/content-length/0", {"action": "route", "response_headers": []}),
        case("GET", "/h/connection/close", {"action": "route", "response_headers": []}),
        case("GET", "/h/x-ok/1", {"action": "route", "response_headers": [["x-ok", "1"]]}),
        case("GET", "/ctl", {"action": "route", "response_headers": [["x-out", "a%0Bb%0Cc%7Fd%1Be\tf"]]}, headers=[["x-in", "a\x0bb\x0cc\x7fd\x1be\tf"]]),
        case("GET", "/admin", {"action": "redirect", "location": "/login"}, headers=[["host", "admin.example.com"]]),
        case("GET", "/admin", {"action": "redirect", "location": "/login"}, headers=[["host", "admin.example.com."]]),
        case("GET", "/admin", {"action": "redirect", "location": "/login"}, headers=[["host", "Admin.Example.COM.:8443"]]),
        case("GET", "/admin", route("/[[...all]]"), headers=[["host", "other.example.com"]]),
        case("GET", "/admin", {"action": "bad_request", "status": 400}, headers=[["host", "admin.example.com"], ["Host", "other.example.com"]]),
    ]},
])

print(f"wrote {total} cases")
