"""What the ASGI and WSGI middleware share: turning a Decision into a response, the way
Next.js answers (and the C example server, bindings/c/examples/server.c, does)."""

from __future__ import annotations

import http
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Generic, NamedTuple, TypeVar, Union
from urllib.parse import unquote_to_bytes, urlencode

from ._router import Action, Cache, Decision, Router, SharedRouter, route_facts

AnyRouter = Union[Router, SharedRouter]
App = TypeVar("App")


def reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def cache_control(cache: Cache | None, revalidate: int | None) -> str | None:
    """Next.js's Cache-Control for a handler's response: static responses are shared-cacheable
    (``s-maxage`` = revalidate, or a year when it never revalidates), dynamic ones are not."""
    if cache is Cache.STATIC:
        secs = 31536000 if revalidate is None else revalidate
        return f"s-maxage={secs}, stale-while-revalidate"
    if cache is Cache.DYNAMIC:
        return "private, no-cache, no-store, max-age=0, must-revalidate"
    return None


def decision_headers(d: Decision) -> list[tuple[str, str]]:
    """Headers every response to this decision carries: the decision's response headers (rules,
    middleware; ``refresh`` on a 308) and ``Vary`` for the request headers it depended on."""
    out = list(d.response_headers)
    if d.vary:
        out.append(("vary", ", ".join(d.vary)))
    return out


@dataclass(frozen=True)
class Answer:
    """A response decided without running a handler."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


def answer(d: Decision, *, external_status: int = 502) -> Answer:
    """The response for every action but ``route`` (and ``rewrite_external`` when no external
    app is given)."""
    a = d.action
    headers = decision_headers(d)
    text = [("content-type", "text/plain; charset=utf-8")]
    if a is Action.REDIRECT:
        # A 308's `refresh` is already among the decision's response headers.
        return Answer(d.status, [("location", d.location or "/"), *headers, *text], b"")
    if a is Action.RESPOND:
        return Answer(d.status, headers, d.body or b"")
    if a is Action.OPTIONS:
        return Answer(d.status or 204, [("allow", d.allow or ""), *headers], b"")
    if a is Action.METHOD_NOT_ALLOWED:
        return Answer(
            d.status or 405, [("allow", d.allow or ""), *headers, *text], b"Method Not Allowed\n"
        )
    if a is Action.REWRITE_EXTERNAL:
        return Answer(
            external_status,
            [*headers, *text],
            f"external rewrite to {d.location} is not proxied\n".encode(),
        )
    status = d.status or (404 if a is Action.NOT_FOUND else 500)
    return Answer(status, [*headers, *text], f"{reason(status)}\n".encode())


def rewritten_target(d: Decision, path: bytes) -> tuple[bytes, bytes] | None:
    """When the handler must see another path than the request's (an internal rewrite, or a
    basePath stripped), the (decoded path, query string) it sees; else ``None``."""
    if d.pathname is None or d.pathname.encode() == path:
        return None
    qs = urlencode(
        [(k, x) for k, v in d.query.items() for x in (v if isinstance(v, list) else [v])]
    )
    return unquote_to_bytes(d.pathname), qs.encode()


class RoutePlan(NamedTuple):
    """What a middleware does around a route's app, from the decision."""

    #: Run the app as for GET (HEAD served by GET; the body is then dropped).
    head_via_get: bool
    #: (decoded path, query string) the app sees instead of the request's, or ``None``.
    moved: tuple[bytes, bytes] | None
    #: Request headers to set (a value) or remove (``None``) before the app runs.
    request_headers: Mapping[str, str | None]
    #: Headers the response gets unless the app set them (``set-cookie`` always).
    response_headers: list[tuple[str, str]]
    #: Next.js's Cache-Control, added when the app set none (``None``: add nothing).
    cache_control: str | None


_NO_CHANGES: Mapping[str, str | None] = MappingProxyType({})


def route_plan(d: Decision, path: bytes, add_cache_control: bool) -> RoutePlan:
    """The plan for a ``route`` decision whose request path (as the app would see it, encoded)
    is ``path``. A decision without header changes (the usual route) is planned from its packed
    header alone (``route_facts``): its other fields are not decoded."""
    head_via_get, cache, revalidate, changes, pathname = route_facts(d)
    moved = rewritten_target(d, path) if pathname is not None and pathname != path else None
    return RoutePlan(
        head_via_get,
        moved,
        d.request_headers if changes else _NO_CHANGES,
        decision_headers(d) if changes else [],
        cache_control(cache, revalidate) if add_cache_control else None,
    )


H = TypeVar("H", str, bytes)


def add_route_headers(
    app_headers: list[tuple[H, H]],
    extra: list[tuple[H, H]],
    cc: H | None,
    set_cookie: H,
    cache_control_name: H,
) -> list[tuple[H, H]]:
    """``app_headers`` (changed in place and returned), then the ``extra`` headers the app did
    not set itself (the app wins, except for ``set-cookie``, which accumulates), then ``cc`` as
    ``Cache-Control`` when the app set none. Names compare ASCII case-insensitively; the two
    names are given in the headers' own type (``str`` for WSGI, ``bytes`` for ASGI)."""
    have = {k.lower() for k, _ in app_headers}
    for k, v in extra:
        lk = k.lower()
        if lk == set_cookie or lk not in have:
            app_headers.append((k, v))
    if cc is not None and cache_control_name not in have:
        app_headers.append((cache_control_name, cc))
    return app_headers


class Dispatch(Generic[App]):
    """Which app serves a ``route`` decision: ``handlers`` keyed by route id (int) or pattern
    (str), else the default app."""

    def __init__(self, app: App | None, handlers: Mapping[int | str, App] | None) -> None:
        self.app = app
        self.handlers: dict[int | str, App] = dict(handlers or {})

    def find(self, d: Decision) -> App | None:
        r = d.route
        if r is not None and self.handlers:
            h = self.handlers.get(r.id)
            if h is None:
                h = self.handlers.get(r.pattern)
            if h is not None:
                return h
        return self.app
