"""WSGI middleware: routecore decides every request, the way Next.js would answer it.

    from routecore import Router
    from routecore.wsgi import RoutecoreMiddleware

    app = RoutecoreMiddleware(default_app, Router.load("examples/shop"),
                              handlers={100: health_app, "/products/[id]": product_app})

Per decision (the same as :mod:`routecore.asgi`):

* ``route``: the route's app (``handlers`` by route id or pattern, else the wrapped app) runs
  with ``environ["routecore.decision"]`` and ``environ["routecore.params"]``. After an internal
  rewrite (or a stripped basePath) ``PATH_INFO`` and ``QUERY_STRING`` are the ones the route
  sees; request header changes from middleware rules are applied to the ``HTTP_*`` keys; the
  decision's response headers, ``Vary`` and Next.js's ``Cache-Control`` are added to the app's
  response (headers the app set itself win). HEAD served by GET runs the app with
  ``REQUEST_METHOD`` GET and drops the body.
* ``redirect`` (``Location``, ``Refresh`` on 308), ``respond``, ``options`` (204 + ``Allow``),
  ``method_not_allowed`` (405 + ``Allow``), ``not_found`` (404), ``bad_request`` (400, 414,
  431): answered here.
* ``rewrite_external``: ``external_app`` when given, else 502 (no proxy here).

The request target is ``RAW_URI`` or ``REQUEST_URI`` when the server provides it (gunicorn,
uWSGI), so routecore sees the bytes as sent; otherwise it is rebuilt from ``SCRIPT_NAME``,
``PATH_INFO`` (re-quoted: ``wsgiref`` has already decoded ``%2F`` to ``/``) and
``QUERY_STRING``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Optional
from urllib.parse import quote

from ._http import AnyRouter, Dispatch, add_route_headers, answer, reason, route_plan
from ._router import Action, Decision

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WSGIApp = Callable[[Environ, StartResponse], Iterable[bytes]]

__all__ = ["RoutecoreMiddleware", "WSGIApp", "request_target", "request_headers"]

_SPECIAL = {"CONTENT_TYPE": b"content-type", "CONTENT_LENGTH": b"content-length"}


def request_target(environ: Environ) -> bytes:
    """The request target as received (see the module docs)."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        return str(raw).encode("latin-1")
    path = (environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")).encode("latin-1")
    target = quote(path, safe="/:@!$&'()*+,;=~").encode() or b"/"
    qs = environ.get("QUERY_STRING", "")
    return target + b"?" + qs.encode("latin-1") if qs else target


#: environ key -> the header name it carries (``None``: not a header), for the keys seen
#: lately: a server sends the same few dozen with every request, and deriving a name costs
#: more than the match. Emptied when it reaches 512 keys, so that a burst of made-up header
#: names costs only their own derivation and cannot keep the usual names out for good.
_NAMES: dict[str, Optional[bytes]] = {}


def _header_name(key: str) -> Optional[bytes]:
    if key.startswith("HTTP_"):
        name: Optional[bytes] = key[5:].replace("_", "-").lower().encode("latin-1")
    else:
        name = _SPECIAL.get(key)
    if len(_NAMES) >= 512:
        _NAMES.clear()
    _NAMES[key] = name
    return name


def request_headers(environ: Environ) -> list[tuple[bytes, bytes]]:
    """The request headers from ``HTTP_*`` (and ``CONTENT_TYPE``/``CONTENT_LENGTH``)."""
    out = []
    names = _NAMES
    for k, v in environ.items():
        name = names.get(k, b"")
        if name == b"":
            name = _header_name(k)
        # An empty CONTENT_TYPE or CONTENT_LENGTH is the server saying there is none.
        if name is not None and (v or k.startswith("HTTP_")):
            out.append((name, v.encode("latin-1")))
    return out


def _environ_key(name: str) -> str:
    up = name.upper().replace("-", "_")
    return up if up in _SPECIAL else "HTTP_" + up


def _latin1(s: str) -> str:
    """A str as WSGI carries it: its UTF-8 bytes decoded as Latin-1 (PEP 3333)."""
    return s.encode().decode("latin-1")


class RoutecoreMiddleware:
    """Decides each request with ``router`` and answers it, or runs the route's app.

    ``app`` is the default app for routes; ``handlers`` maps route ids (int) or patterns (str)
    to apps; ``external_app`` serves ``rewrite_external`` (default: 502); ``cache_control`` adds
    Next.js's ``Cache-Control`` to route responses that set none.
    """

    def __init__(
        self,
        app: Optional[WSGIApp],
        router: AnyRouter,
        *,
        handlers: Optional[Mapping[int | str, WSGIApp]] = None,
        external_app: Optional[WSGIApp] = None,
        cache_control: bool = True,
    ) -> None:
        self.router = router
        self.dispatch: Dispatch[WSGIApp] = Dispatch(app, handlers)
        self.external_app = external_app
        self.cache_control = cache_control

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        d = self.router.match(
            method.encode("latin-1"), request_target(environ), None, request_headers(environ)
        )
        head = method == "HEAD"
        if d.action is Action.ROUTE:
            app = self.dispatch.find(d)
            if app is not None:
                return self._route(app, d, environ, start_response, head)
            start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
            return [b"no handler for this route\n"]
        if d.action is Action.REWRITE_EXTERNAL and self.external_app is not None:
            environ["routecore.decision"] = d
            return self.external_app(environ, start_response)
        a = answer(d)
        headers = list(a.headers)
        if a.status not in (204, 304):
            headers.append(("content-length", str(len(a.body))))
        start_response(f"{a.status} {reason(a.status)}", [(k, _latin1(v)) for k, v in headers])
        return [b"" if head or a.status == 204 else a.body]

    def _route(
        self,
        app: WSGIApp,
        d: Decision,
        environ: Environ,
        start_response: StartResponse,
        head: bool,
    ) -> Iterable[bytes]:
        path = (environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")).encode("latin-1")
        plan = route_plan(d, quote(path, safe="/:@!$&'()*+,;=~").encode(), self.cache_control)
        env = dict(environ)
        env["routecore.decision"] = d
        env["routecore.params"] = d.params
        if plan.head_via_get:
            env["REQUEST_METHOD"] = "GET"
        if plan.moved is not None:
            p, qs = plan.moved
            env["SCRIPT_NAME"] = ""
            env["PATH_INFO"] = p.decode("latin-1")
            env["QUERY_STRING"] = qs.decode("latin-1")
            for k in ("RAW_URI", "REQUEST_URI"):
                if k in env:
                    env[k] = (d.pathname or "") + ("?" + env["QUERY_STRING"] if qs else "")
        for name, value in plan.request_headers.items():
            key = _environ_key(name)
            if value is None:
                env.pop(key, None)
            else:
                env[key] = _latin1(value)
        extra = [(k, _latin1(v)) for k, v in plan.response_headers]
        cc = plan.cache_control

        def route_start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            merged = add_route_headers(list(headers), extra, cc, "set-cookie", "cache-control")
            if exc_info is not None:
                return start_response(status, merged, exc_info)
            return start_response(status, merged)

        body = app(env, route_start_response if extra or cc is not None else start_response)
        if head:
            return _drained(body)
        return body


def _drained(body: Iterable[bytes]) -> Iterator[bytes]:
    """HEAD: runs the app's iterable to the end (so start_response is called) and sends no
    body."""
    try:
        for _ in body:
            pass
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()
    yield b""
