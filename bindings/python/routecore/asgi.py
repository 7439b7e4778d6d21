"""ASGI middleware: routecore decides every HTTP request, the way Next.js would answer it.

    from routecore import Router
    from routecore.asgi import RoutecoreMiddleware

    app = RoutecoreMiddleware(default_app, Router.load("examples/shop"),
                              handlers={100: health_app, "/products/[id]": product_app})

Per decision:

* ``route``: the app for the route (``handlers`` by route id or pattern, else the wrapped app)
  runs with ``scope["routecore"]`` (the :class:`~routecore.Decision`) and
  ``scope["path_params"]`` (its params). After an internal rewrite (or a stripped basePath)
  ``scope["path"]``, ``raw_path`` and ``query_string`` are the ones the route sees; request
  header changes from middleware rules are applied to ``scope["headers"]``; the decision's
  response headers, ``Vary`` and Next.js's ``Cache-Control`` are added to the app's response
  (headers the app set itself win). HEAD served by GET runs the app with ``method`` GET and
  drops the body.
* ``redirect``: the status with ``Location`` (and ``Refresh`` on 308, from the decision).
* ``respond``: the middleware rule's status, headers and body.
* ``options``: 204 with ``Allow``; ``method_not_allowed``: 405 with ``Allow``.
* ``not_found``: 404; ``bad_request``: 400, 414 or 431.
* ``rewrite_external``: ``external_app`` when given (``scope["routecore"].location`` is the
  URL to proxy to), else 502: this middleware does not proxy.

Websocket and lifespan scopes go to the wrapped app untouched.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from typing import Any, Optional
from urllib.parse import quote

from ._http import AnyRouter, Dispatch, add_route_headers, answer, route_plan
from ._router import Action, Decision

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

__all__ = ["ASGIApp", "RoutecoreMiddleware", "request_target"]


def request_target(scope: Scope) -> bytes:
    """The request target as received: ``raw_path`` (or the quoted ``path``) and the query."""
    raw = scope.get("raw_path")
    if not raw:
        raw = quote(scope.get("root_path", "") + scope["path"], safe="/:@!$&'()*+,;=~").encode()
    qs: bytes = scope.get("query_string") or b""
    return raw + b"?" + qs if qs else bytes(raw)


def _b(s: str) -> bytes:
    """A header name or value as bytes: Latin-1 when it fits, else UTF-8."""
    try:
        return s.encode("latin-1")
    except UnicodeEncodeError:
        return s.encode()


def _apply_request_headers(
    headers: Iterable[tuple[bytes, bytes]], changes: Mapping[str, str | None]
) -> list[tuple[bytes, bytes]]:
    """Sets and removes the request headers middleware rules changed (names are lower case)."""
    drop = {k.encode("latin-1") for k in changes}
    out = [(k, v) for k, v in headers if k.lower() not in drop]
    out.extend((_b(k), _b(v)) for k, v in changes.items() if v is not None)
    return out


class RoutecoreMiddleware:
    """Decides each HTTP request with ``router`` and answers it, or runs the route's app.

    ``app`` is the default app for routes (and the one websocket/lifespan scopes go to);
    ``handlers`` maps route ids (int) or patterns (str) to apps. ``external_app`` serves
    ``rewrite_external`` decisions (default: 502). ``cache_control`` adds Next.js's
    ``Cache-Control`` to route responses that set none.
    """

    def __init__(
        self,
        app: Optional[ASGIApp],
        router: AnyRouter,
        *,
        handlers: Optional[Mapping[int | str, ASGIApp]] = None,
        external_app: Optional[ASGIApp] = None,
        cache_control: bool = True,
    ) -> None:
        self.router = router
        self.dispatch: Dispatch[ASGIApp] = Dispatch(app, handlers)
        self.external_app = external_app
        self.cache_control = cache_control

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            app = self.dispatch.app
            if app is not None:
                await app(scope, receive, send)
            elif scope["type"] == "lifespan":
                await _lifespan(receive, send)
            return
        d = self.router.match(scope["method"], request_target(scope), None, scope["headers"])
        head = scope["method"] == "HEAD"
        if d.action is Action.ROUTE:
            app = self.dispatch.find(d)
            if app is not None:
                await self._route(app, d, scope, receive, send, head)
                return
            body = b"no handler for this route\n"
            await _simple(send, 500, [("content-type", "text/plain")], body, head)
            return
        if d.action is Action.REWRITE_EXTERNAL and self.external_app is not None:
            child = dict(scope)
            child["routecore"] = d
            await self.external_app(child, receive, send)
            return
        a = answer(d)
        await _simple(send, a.status, a.headers, a.body, head)

    async def _route(
        self, app: ASGIApp, d: Decision, scope: Scope, receive: Receive, send: Send, head: bool
    ) -> None:
        raw = scope.get("raw_path") or quote(scope["path"]).encode()
        plan = route_plan(d, raw, self.cache_control)
        child = dict(scope)
        child["routecore"] = d
        child["path_params"] = d.params
        if plan.head_via_get:
            child["method"] = "GET"
        if plan.moved is not None:
            path, qs = plan.moved
            child["path"] = path.decode("utf-8", "replace")
            child["raw_path"] = (d.pathname or "").encode()
            child["query_string"] = qs
        if plan.request_headers:
            child["headers"] = _apply_request_headers(scope["headers"], plan.request_headers)
        extra = [(_b(k), _b(v)) for k, v in plan.response_headers]
        cc = None if plan.cache_control is None else plan.cache_control.encode()
        if not extra and cc is None and not head:
            await app(child, receive, send)
            return

        async def route_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                if extra or cc is not None:
                    # As bytes (an app may send bytearrays), as the server gets them.
                    app = [(bytes(k), bytes(v)) for k, v in message.get("headers", ())]
                    headers = add_route_headers(app, extra, cc, b"set-cookie", b"cache-control")
                    message = {**message, "headers": headers}
            elif head and message["type"] == "http.response.body" and message.get("body"):
                message = dict(message)
                message["body"] = b""
            await send(message)

        await app(child, receive, route_send)


async def _simple(
    send: Send, status: int, headers: list[tuple[str, str]], body: bytes, head: bool
) -> None:
    hs = [(_b(k), _b(v)) for k, v in headers]
    if status != 204 and status != 304:
        hs.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": hs})
    await send({"type": "http.response.body", "body": b"" if head or status == 204 else body})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
