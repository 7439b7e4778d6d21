"""The ASGI and WSGI middleware end to end: real servers on loopback (uvicorn for ASGI, the
standard library's wsgiref for WSGI) in front of examples/shop, real HTTP requests
(http.client: no redirect following, raw targets as given). Every test runs against both."""

from __future__ import annotations

import asyncio
import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator, MutableMapping
from typing import Any, cast
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

import routecore
from routecore.asgi import RoutecoreMiddleware as ASGIMiddleware
from routecore.wsgi import RoutecoreMiddleware as WSGIMiddleware
from conftest import SHOP

# ---- the apps behind the middleware: each echoes what it saw as JSON ----


def _echo(name: str, method: str, path: str, qs: str, params: Any, headers: dict[str, str], d: Any) -> bytes:
    return json.dumps(
        {
            "handler": name,
            "method": method,
            "path": path,
            "query_string": qs,
            "params": params,
            "headers": headers,
            "route": d.route.pattern,
            "id": d.route.id,
        }
    ).encode()


def wsgi_app(name: str) -> routecore.wsgi.WSGIApp:
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        headers = {
            k[5:].lower().replace("_", "-"): v for k, v in environ.items() if k.startswith("HTTP_")
        }
        body = _echo(
            name,
            environ["REQUEST_METHOD"],
            environ["PATH_INFO"],
            environ.get("QUERY_STRING", ""),
            environ["routecore.params"],
            headers,
            environ["routecore.decision"],
        )
        out = [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            ("X-Seen-Method", environ["REQUEST_METHOD"]),
        ]
        if name == "health":
            out.append(("X-Frame-Options", "SAMEORIGIN"))  # the app's own header wins
        start_response("200 OK", out)
        return [body]

    return app


def asgi_app(name: str) -> routecore.asgi.ASGIApp:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        headers = {k.decode(): v.decode() for k, v in scope["headers"]}
        body = _echo(
            name,
            scope["method"],
            scope["path"],
            scope["query_string"].decode(),
            scope["path_params"],
            headers,
            scope["routecore"],
        )
        out = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"x-seen-method", scope["method"].encode()),
        ]
        if name == "health":
            out.append((b"x-frame-options", b"SAMEORIGIN"))
        await send({"type": "http.response.start", "status": 200, "headers": out})
        await send({"type": "http.response.body", "body": body})

    return app


# ---- servers ----


class QuietHandler(WSGIRequestHandler):
    """wsgiref's handler, quiet, passing the raw request target as REQUEST_URI the way
    gunicorn and uWSGI do (plain wsgiref only gives the percent-decoded PATH_INFO)."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def get_environ(self) -> dict[str, Any]:
        env = super().get_environ()
        env["REQUEST_URI"] = self.path
        return env


class PlainHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def router() -> Iterator[routecore.Router]:
    with routecore.Router.load(SHOP) as r:
        yield r


@pytest.fixture(scope="module")
def wsgi_server(router: routecore.Router) -> Iterator[tuple[str, int]]:
    app = WSGIMiddleware(wsgi_app("default"), router, handlers={100: wsgi_app("health")})
    srv: WSGIServer = make_server("127.0.0.1", 0, app, handler_class=QuietHandler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield ("127.0.0.1", srv.server_port)
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def plain_wsgi_server(router: routecore.Router) -> Iterator[tuple[str, int]]:
    app = WSGIMiddleware(wsgi_app("default"), router)
    srv: WSGIServer = make_server("127.0.0.1", 0, app, handler_class=PlainHandler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield ("127.0.0.1", srv.server_port)
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def asgi_server(router: routecore.Router) -> Iterator[tuple[str, int]]:
    uvicorn = pytest.importorskip("uvicorn")
    app = ASGIMiddleware(asgi_app("default"), router, handlers={100: asgi_app("health")})
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    t = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    t.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert t.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield ("127.0.0.1", port)
    server.should_exit = True
    t.join(10)
    sock.close()


@pytest.fixture(params=["wsgi", "asgi"])
def server(request: pytest.FixtureRequest) -> tuple[str, int]:
    return request.getfixturevalue(f"{request.param}_server")  # type: ignore[no-any-return]


class Response:
    def __init__(self, r: http.client.HTTPResponse) -> None:
        self.status = r.status
        self.headers = r.headers
        self.body = r.read()

    def json(self) -> Any:
        return json.loads(self.body)


def request(
    server: tuple[str, int], method: str, target: str, headers: dict[str, str] | None = None
) -> Response:
    conn = http.client.HTTPConnection(*server, timeout=10)
    try:
        conn.putrequest(method, target, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.endheaders()
        return Response(conn.getresponse())
    finally:
        conn.close()


# ---- the tests ----


def test_route_params_headers_and_request_header_changes(server: tuple[str, int]) -> None:
    r = request(server, "GET", "/products/42?ref=home", {"X-Debug": "1"})
    assert r.status == 200
    body = r.json()
    assert body["handler"] == "default"
    assert body["route"] == "/products/[id]"
    assert body["params"] == {"id": "42"}
    assert body["path"] == "/products/42"
    assert body["query_string"] == "ref=home"
    assert body["headers"]["x-shop-edge"] == "1"  # set by a middleware rule
    assert "x-debug" not in body["headers"]  # deleted by a middleware rule
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cache-control"] == "s-maxage=60, stale-while-revalidate"


def test_catch_all_params_are_lists(server: tuple[str, int]) -> None:
    r = request(server, "GET", "/categories/men/shoes")
    assert r.status == 200
    assert r.json()["params"] == {"path": ["men", "shoes"]}


def test_handler_by_route_id_and_app_headers_win(server: tuple[str, int]) -> None:
    r = request(server, "GET", "/api/health")
    assert r.status == 200
    assert r.json()["handler"] == "health"
    assert r.headers["x-frame-options"] == "SAMEORIGIN"
    assert r.headers.get_all("x-frame-options") == ["SAMEORIGIN"]
    assert r.headers["cache-control"] == "no-store"  # from the headers rule for /api/:path*


def test_internal_rewrite_dispatches_to_the_final_route(server: tuple[str, int]) -> None:
    r = request(server, "GET", "/p/9?x=1")
    assert r.status == 200
    body = r.json()
    assert body["route"] == "/products/[id]"
    assert body["params"] == {"id": "9"}
    assert body["path"] == "/products/9"
    assert body["query_string"] == "x=1"


def test_middleware_rewrite_and_vary(server: tuple[str, int]) -> None:
    r = request(server, "GET", "/", {"Cookie": "ab-home=b"})
    assert r.status == 200
    assert r.json()["route"] == "/home-b"
    assert r.headers["vary"] == "cookie"


@pytest.mark.parametrize(
    ("target", "status", "location"),
    [
        ("/about/", 308, "/about"),
        ("/shop/7", 308, "/products/7"),
        ("/help", 307, "https://support.example.com/"),
        ("/account/orders/1", 307, "/login?next=/account/orders/1"),
    ],
)
def test_redirects(server: tuple[str, int], target: str, status: int, location: str) -> None:
    r = request(server, "GET", target)
    assert r.status == status
    assert r.headers["location"] == location
    if status == 308:
        assert r.headers.get_all("refresh") == [f"0;url={location}"]
    else:
        assert r.headers["refresh"] is None


def test_external_rewrite_is_not_proxied(server: tuple[str, int]) -> None:
    r = request(server, "GET", "/cdn/a/b")
    assert r.status == 502
    assert b"https://cdn.example.com/a/b" in r.body


def test_respond_rule(server: tuple[str, int]) -> None:
    r = request(server, "POST", "/api/products")
    assert r.status == 401
    assert r.body == b'{"error":"unauthorized"}'
    assert r.headers["content-type"] == "application/json"
    assert r.headers["www-authenticate"] == "Bearer"


def test_automatic_options(server: tuple[str, int]) -> None:
    r = request(server, "OPTIONS", "/api/products/1")
    assert r.status == 204
    assert r.headers["allow"] == "DELETE, GET, HEAD, OPTIONS, PATCH, PUT"
    assert r.body == b""


def test_route_with_its_own_options(server: tuple[str, int]) -> None:
    r = request(server, "OPTIONS", "/api/orders")
    assert r.status == 200
    assert r.json()["method"] == "OPTIONS"


def test_method_not_allowed(server: tuple[str, int]) -> None:
    r = request(server, "DELETE", "/api/health", {"Authorization": "Bearer x"})
    assert r.status == 405
    assert r.headers["allow"] == "GET, HEAD, OPTIONS"


def test_not_found(server: tuple[str, int]) -> None:
    r = request(server, "GET", "/nope")
    assert r.status == 404


def test_bad_request(server: tuple[str, int]) -> None:
    r = request(server, "GET", "/products/%zz")
    assert r.status == 400


def test_uri_too_long(server: tuple[str, int]) -> None:
    r = request(server, "GET", "/blog/" + "a" * 9000)
    assert r.status == 414


def test_header_fields_too_large(server: tuple[str, int]) -> None:
    r = request(server, "GET", "/about", {f"X-H{i}": "v" for i in range(70)})
    assert r.status == 431


def test_head_via_get(server: tuple[str, int]) -> None:
    r = request(server, "HEAD", "/products/42")
    assert r.status == 200
    assert r.body == b""
    assert r.headers["x-frame-options"] == "DENY"
    get = request(server, "GET", "/products/42")
    assert r.headers["content-length"] == get.headers["content-length"]


def test_head_runs_the_get_handler(server: tuple[str, int]) -> None:
    r = request(server, "HEAD", "/products/42")
    assert r.headers["x-seen-method"] == "GET"
    assert r.body == b""
    r = request(server, "HEAD", "/api/files/a")  # the route exports HEAD itself
    assert r.status == 200
    assert r.headers["x-seen-method"] == "HEAD"
    assert r.body == b""


def test_plain_wsgiref_rebuilds_the_target(plain_wsgi_server: tuple[str, int]) -> None:
    # No REQUEST_URI: the target is rebuilt from PATH_INFO (re-quoted) and QUERY_STRING.
    r = request(plain_wsgi_server, "GET", "/blog/hello%20world?draft=1")
    assert r.status == 200
    body = r.json()
    assert body["params"] == {"slug": "hello world"}
    assert body["query_string"] == "draft=1"
    r = request(plain_wsgi_server, "GET", "/about/")
    assert (r.status, r.headers["location"]) == (308, "/about")


def test_wsgi_request_headers_from_environ() -> None:
    """HTTP_* keys and a non-empty CONTENT_TYPE/CONTENT_LENGTH are headers, named as sent in
    lower case; the same on a second read (from the cache of names) as on the first."""
    from routecore.wsgi import request_headers

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/",
        "wsgi.input": None,
        "HTTP_X_REQUEST_ID": "7",
        "HTTP_ACCEPT_LANGUAGE": "fr",
        "HTTP_X_EMPTY": "",
        "CONTENT_TYPE": "",
        "CONTENT_LENGTH": "3",
    }
    want = [
        (b"x-request-id", b"7"),
        (b"accept-language", b"fr"),
        (b"x-empty", b""),
        (b"content-length", b"3"),
    ]
    assert request_headers(environ) == want
    assert request_headers(environ) == want
    environ["CONTENT_TYPE"] = "text/plain"
    environ["HTTP_X_CAF\u00c9"] = "\u00e9"  # Latin-1, as PEP 3333 carries header bytes
    assert request_headers(environ) == want[:3] + [
        (b"content-type", b"text/plain"),
        (b"content-length", b"3"),
        (b"x-caf\xe9", b"\xe9"),
    ]
    # Made-up names past the cache's bound: still right, and the cache stays bounded.
    from routecore import wsgi

    many = {f"HTTP_X_{i}": str(i) for i in range(1200)}
    assert request_headers(many) == [(f"x-{i}".encode(), str(i).encode()) for i in range(1200)]
    assert len(wsgi._NAMES) <= 512
    assert request_headers(environ)[0] == (b"x-request-id", b"7")


def call_wsgi(mw: Any, method: str, target: str) -> tuple[list[tuple[str, str]], bytes]:
    """One request through a WSGI middleware, no server: the response headers and body."""
    got: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        got["headers"] = headers

    path, _, qs = target.partition("?")
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": qs, "SCRIPT_NAME": ""}
    body = b"".join(mw(environ, start_response))
    return got["headers"], body


def call_asgi(mw: Any, method: str, target: str) -> list[dict[str, Any]]:
    """One request through an ASGI middleware, no server: the messages sent."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))

    path, _, qs = target.partition("?")
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": qs.encode(),
        "headers": [(b"host", b"example.com")],
    }
    asyncio.run(mw(scope, receive, send))
    return sent


PLAIN = {
    "basePath": "/docs",
    "routes": [
        {"pattern": "/static", "kind": "page", "revalidate": 60},
        {"pattern": "/api/[id]", "kind": "route", "methods": ["GET"]},
        {"pattern": "/forever", "kind": "page", "dynamic": "force-static"},
    ],
}

# (method, target, path and query the app sees, the method it runs as, Cache-Control added)
PLAIN_CASES = [
    ("GET", "/docs/static", "/static", "", "GET", "s-maxage=60, stale-while-revalidate"),
    ("GET", "/docs/api/7?x=1", "/api/7", "x=1", "GET", "private, no-cache, no-store, max-age=0, must-revalidate"),
    ("HEAD", "/docs/api/7", "/api/7", "", "GET", "private, no-cache, no-store, max-age=0, must-revalidate"),
    ("GET", "/docs/forever", "/forever", "", "GET", "s-maxage=31536000, stale-while-revalidate"),
]


@pytest.mark.parametrize("own_cache_control", [False, True])
def test_plain_routes_without_rules(own_cache_control: bool) -> None:
    """Route decisions that change no header (planned from the packed header alone): the
    basePath stripped from the path the app sees, HEAD run as GET with the body dropped,
    Next.js's Cache-Control added unless the app set its own, both adapters."""
    router = routecore.Router.from_config(PLAIN)
    app_headers = [("Content-Type", "text/plain")]
    if own_cache_control:
        app_headers.append(("Cache-Control", "no-store"))
    seen: list[tuple[str, str, str]] = []

    def wsgi(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.append((environ["PATH_INFO"], environ["QUERY_STRING"], environ["REQUEST_METHOD"]))
        start_response("200 OK", list(app_headers))
        return [b"body"]

    async def asgi(scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        seen.append((scope["path"], scope["query_string"].decode(), scope["method"]))
        hs = [(k.encode(), v.encode()) for k, v in app_headers]
        await send({"type": "http.response.start", "status": 200, "headers": hs})
        await send({"type": "http.response.body", "body": b"body"})

    for method, target, path, qs, runs_as, cc in PLAIN_CASES:
        want_cc = "no-store" if own_cache_control else cc
        want_body = b"" if method == "HEAD" else b"body"
        headers, body = call_wsgi(WSGIMiddleware(wsgi, router), method, target)
        assert seen.pop() == (path, qs, runs_as), target
        assert [v for k, v in headers if k.lower() == "cache-control"] == [want_cc], target
        assert body == want_body, target
        sent = call_asgi(ASGIMiddleware(asgi, router), method, target)
        assert seen.pop() == (path, qs, runs_as), target
        start = sent[0]["headers"]
        assert [v for k, v in start if k.lower() == b"cache-control"] == [want_cc.encode()], target
        assert sent[1]["body"] == want_body, target


def test_add_route_headers_app_wins_set_cookie_accumulates() -> None:
    from routecore._http import add_route_headers

    app = [("Set-Cookie", "a=1"), ("X-Frame-Options", "SAMEORIGIN")]
    extra = [("set-cookie", "b=2"), ("x-frame-options", "DENY"), ("vary", "rsc")]
    cc = "private, no-cache, no-store, max-age=0, must-revalidate"
    want = app + [("set-cookie", "b=2"), ("vary", "rsc"), ("cache-control", cc)]
    assert add_route_headers(list(app), extra, cc, "set-cookie", "cache-control") == want
    as_bytes = [(k.encode(), v.encode()) for k, v in want]
    got = add_route_headers(
        [(k.encode(), v.encode()) for k, v in app + [("Cache-Control", "no-store")]],
        [(k.encode(), v.encode()) for k, v in extra],
        cc.encode(),
        b"set-cookie",
        b"cache-control",
    )
    assert got == as_bytes[:2] + [(b"Cache-Control", b"no-store")] + as_bytes[2:4]


def test_decisions_made_in_python_and_bytearray_app_headers() -> None:
    """A router wrapper may hand the middleware a Decision it made or changed itself
    (``dataclasses.replace``): it is planned from its fields. An ASGI app may send its header
    names and values as bytearrays: the server gets bytes."""
    import dataclasses

    router = routecore.Router.from_config(PLAIN)

    class Wrapped:
        def match(self, *args: Any) -> routecore.Decision:
            d = router.match(*args)
            return dataclasses.replace(d, response_headers=[("x-extra", "1")])

    cc = "private, no-cache, no-store, max-age=0, must-revalidate"

    def wsgi(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"body"]

    headers, _ = call_wsgi(WSGIMiddleware(wsgi, cast(Any, Wrapped())), "GET", "/docs/api/7")
    assert headers == [("Content-Type", "text/plain"), ("x-extra", "1"), ("cache-control", cc)]

    async def asgi(scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        hs = [(bytearray(b"Content-Type"), bytearray(b"text/plain"))]
        await send({"type": "http.response.start", "status": 200, "headers": hs})
        await send({"type": "http.response.body", "body": b"body"})

    sent = call_asgi(ASGIMiddleware(asgi, cast(Any, Wrapped())), "GET", "/docs/api/7")
    want = [(b"Content-Type", b"text/plain"), (b"x-extra", b"1"), (b"cache-control", cc.encode())]
    assert sent[0]["headers"] == want
    assert all(type(k) is bytes and type(v) is bytes for k, v in sent[0]["headers"])
