"""What the ASGI and WSGI middleware share: turning a Decision into a response, the way
Next.js answers (and the C example server, bindings/c/examples/server.c, does)."""

from __future__ import annotations

import http
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar, Union
from urllib.parse import unquote_to_bytes, urlencode

from ._router import Action, Cache, Decision, Router, SharedRouter

AnyRouter = Union[Router, SharedRouter]
App = TypeVar("App")


def reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def cache_control(d: Decision) -> str | None:
    """Next.js's Cache-Control for a handler's response: static responses are shared-cacheable
    (``s-maxage`` = revalidate, or a year when it never revalidates), dynamic ones are not."""
    if d.cache is Cache.STATIC:
        secs = 31536000 if d.revalidate is None else d.revalidate
        return f"s-maxage={secs}, stale-while-revalidate"
    if d.cache is Cache.DYNAMIC:
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


def with_route_headers(
    app_headers: Iterable[tuple[str, str]], d: Decision, add_cache_control: bool
) -> list[tuple[str, str]]:
    """The handler's headers, then the decision's headers it did not set itself (the handler
    wins, except for ``set-cookie``, which accumulates), then ``Cache-Control`` as Next.js
    sends it when the handler set none."""
    out = list(app_headers)
    have = {k.lower() for k, _ in out}
    for k, v in decision_headers(d):
        lk = k.lower()
        if lk == "set-cookie" or lk not in have:
            out.append((k, v))
    if add_cache_control and "cache-control" not in have:
        cc = cache_control(d)
        if cc:
            out.append(("cache-control", cc))
    return out


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
