"""Routers, the builder, hot-swappable shared routers and the typed decision.

Everything here translates between Python and the C ABI; the routing itself (path cleaning,
matching, rules, limits) happens in libroutecore.

How a match crosses the ABI (see BENCHMARKS.md for the measurements behind it):

* One foreign call per request, of five arguments: ``routecore_match_args_packed`` (the
  router, context and decision buffer in a ``routecore_match_args`` block made once per router
  and thread, passed as a ready ``byref``; method and target as ``bytes`` and their lengths as
  plain ints). A request with a host or headers is one ``bytes``: its fields (method, target,
  host, each header's name and value) joined with NUL bytes in one ``join``, passed with their
  count to ``routecore_match_args_fields_packed``; the rare request with a NUL byte in some
  field is packed into a per-thread scratch buffer (one ``struct.pack_into``) and goes
  through ``routecore_match_args_request_packed``. The shared router's blocks name the
  shared handle. Targets (or joined fields) up to ``_HOLD_GIL`` bytes are matched without
  releasing the GIL (a ``PyDLL`` function): the release costs more than such a match.
* Those calls have no ``argtypes`` (``_ffi._undeclared``): nothing is converted in Python per
  call, and no ctypes object is made per call.
* The library writes a 16-byte prefix before the packed decision: a route token and the span
  of the params' strings. A route decision without list params is decoded inline in
  ``Router.match``: the params from their span (one ``split``), the route from a per-block
  cache keyed by the token. The Decision keeps a copy of the packed bytes; every other field is
  decoded on first read (a ``_Lazy`` descriptor: one ``str.split`` of the string area, where
  every string is followed by a NUL; the shapes and slot table only when lists, removals, a
  body or a NUL need them) and then kept. The JSON form (``routecore_context_json``) carries
  the same information and is what the tests compare against.
"""

from __future__ import annotations

import ctypes
import enum
import json
import os
import struct
import threading
from collections.abc import Iterable, Mapping
from itertools import accumulate
from dataclasses import dataclass
from typing import Any, Union

from . import _errors, _ffi
from ._errors import RouteBuildError

__all__ = [
    "Action",
    "Builder",
    "Cache",
    "Decision",
    "Headers",
    "Reason",
    "Route",
    "RouteInfo",
    "RouteKind",
    "Router",
    "SharedRouter",
]

# ---- the typed decision ----


class Action(str, enum.Enum):
    """What the host should do with the request (ROUTING.md §6). Compares equal to its name."""

    ROUTE = "route"
    REDIRECT = "redirect"
    REWRITE_EXTERNAL = "rewrite_external"
    RESPOND = "respond"
    OPTIONS = "options"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    NOT_FOUND = "not_found"
    BAD_REQUEST = "bad_request"

    def __str__(self) -> str:
        return self.value


class Cache(str, enum.Enum):
    """Whether the response may be cached (ROUTING.md §3)."""

    STATIC = "static"
    DYNAMIC = "dynamic"

    def __str__(self) -> str:
        return self.value


class RouteKind(str, enum.Enum):
    """The kind of file that serves a route."""

    ROUTE = "route"
    """A route handler (``route.ts``): answers the methods it exports."""
    PAGE = "page"
    """A page (``page.tsx``): answers GET and HEAD."""
    METADATA = "metadata"
    """A metadata route (``sitemap.ts``, ``icon.png``, ...): answers GET and HEAD."""

    def __str__(self) -> str:
        return self.value


_ACTIONS = {a.value: a for a in Action}
_CACHES: dict[str | None, Cache | None] = {None: None, "static": Cache.STATIC, "dynamic": Cache.DYNAMIC}
_KINDS = {k.value: k for k in RouteKind}
_KIND_NUMBERS = {RouteKind.ROUTE: 0, RouteKind.PAGE: 1, RouteKind.METADATA: 2}
_KIND_BY_NUMBER = {v: k for k, v in _KIND_NUMBERS.items()}
_METHOD_BITS = {
    "DELETE": _ffi.METHOD_DELETE,
    "GET": _ffi.METHOD_GET,
    "HEAD": _ffi.METHOD_HEAD,
    "OPTIONS": _ffi.METHOD_OPTIONS,
    "PATCH": _ffi.METHOD_PATCH,
    "POST": _ffi.METHOD_POST,
    "PUT": _ffi.METHOD_PUT,
}
_DYNAMIC = {
    "auto": _ffi.DYNAMIC_AUTO,
    "force-dynamic": _ffi.DYNAMIC_FORCE_DYNAMIC,
    "force-static": _ffi.DYNAMIC_FORCE_STATIC,
    "error": _ffi.DYNAMIC_ERROR,
}


@dataclass(frozen=True)
class Route:
    """The matched route: its pattern, kind, source file and the host's handler id."""

    pattern: str
    kind: RouteKind
    file: str | None
    id: int


@dataclass(frozen=True)
class RouteInfo:
    """One route of a built table (:meth:`Router.routes`), in priority order."""

    pattern: str
    kind: RouteKind
    methods: tuple[str, ...]
    file: str | None
    id: int


@dataclass(frozen=True)
class Reason:
    """Why a request got a 400, 404, 405, 414 or 431 decision (ROUTING.md §6): ``code`` is
    stable and machine-readable (``method_case``, ``target_not_origin_form``, ...), ``text`` a
    short hint for people. Both come from the library."""

    code: str
    text: str


#: Reason number (packed header word 13, ``routecore_context_reason``) -> Reason, filled from
#: the library's static tables on first sight.
_reasons: dict[int, Reason] = {}


def _reason(n: int) -> Reason | None:
    if not n:
        return None
    r = _reasons.get(n)
    if r is None:
        code = _ffi.text(_ffi.routecore_reason_code(n))
        text = _ffi.text(_ffi.routecore_reason_text(n))
        # A number this library does not know cannot come from it; keep it visible anyway.
        r = _reasons[n] = Reason(code or f"reason_{n}", text or "")
    return r


ParamValue = Union[str, list[str]]
QueryValue = Union[str, list[str]]


@dataclass(frozen=True)
class Decision:
    """The decision for one request (ROUTING.md §6). Every field is a copy: it stays valid after
    later matches, on any thread.

    ``params`` maps a param name to its value, a list of segments for a catch-all (an optional
    catch-all that matched nothing is absent). ``query`` is the merged query the handler sees,
    as Node's ``ParsedUrlQuery``: a repeated key (or a list param) has a list. ``request_headers``
    are changes for the handler: a string sets the header, ``None`` removes it.
    ``response_headers`` are ``(name, value)`` pairs to add, in order (a 308 already carries
    ``refresh``). ``body`` is the exact bytes of a ``respond`` decision. ``reason`` says why a
    400, 404, 405, 414 or 431 was given (``None`` otherwise).
    """

    action: Action
    status: int
    route: Route | None
    params: dict[str, ParamValue]
    pathname: str | None
    query: dict[str, QueryValue]
    location: str | None
    allow: str | None
    request_headers: dict[str, str | None]
    response_headers: list[tuple[str, str]]
    body: bytes | None
    middleware: bool
    cache: Cache | None
    revalidate: int | None
    head_via_get: bool
    vary: list[str]
    reason: Reason | None = None

    @property
    def route_id(self) -> int | None:
        """The matched route's handler id, or ``None``."""
        return self.route.id if self.route is not None else None

    def to_json(self) -> dict[str, Any]:
        """The decision's JSON form (ROUTING.md §6.1), built from the typed fields."""
        r = self.route
        return {
            "action": self.action.value,
            "status": self.status,
            "route": None
            if r is None
            else {"pattern": r.pattern, "kind": r.kind.value, "file": r.file, "id": r.id},
            "params": {k: list(v) if isinstance(v, list) else v for k, v in self.params.items()},
            "pathname": self.pathname,
            "query": {k: list(v) if isinstance(v, list) else v for k, v in self.query.items()},
            "location": self.location,
            "allow": self.allow,
            "request_headers": dict(self.request_headers),
            "response_headers": [[k, v] for k, v in self.response_headers],
            "body": None if self.body is None else self.body.decode("utf-8", "replace"),
            "middleware": self.middleware,
            "cache": None if self.cache is None else self.cache.value,
            "revalidate": self.revalidate,
            "head_via_get": self.head_via_get,
            "vary": list(self.vary),
            "reason": None
            if self.reason is None
            else {"code": self.reason.code, "text": self.reason.text},
        }


_new = object.__new__
_set = object.__setattr__

# The packed layout (routecore.h, routecore_context_packed): 14 uint32 then the route id.
_HEAD = struct.Struct("<14IQ")
# routecore_match_args_packed's prefix (route token, params start and end), then the header
# words a route decision needs: size, action, status, flags and the param count.
_QUICK = struct.Struct("<QII4xIIII8xI")
_unpack_quick = _QUICK.unpack_from
_PREFIX = _ffi.MATCH_ARGS_PREFIX
assert _QUICK.size == _PREFIX + 32
_unpack_head = _HEAD.unpack_from
_HEAD_SIZE = _ffi.PACKED_HEADER_SIZE
assert _HEAD.size == _HEAD_SIZE
_ABSENT = _ffi.PACKED_ABSENT
_SINGLE = _ffi.PACKED_SINGLE
_F_ROUTE = _ffi.PACKED_ROUTE
_F_MIDDLEWARE = _ffi.PACKED_MIDDLEWARE
_F_HEAD_VIA_GET = _ffi.PACKED_HEAD_VIA_GET
_F_REVALIDATE = _ffi.PACKED_REVALIDATE
_FIXED = _ffi.PACKED_FIXED_SLOTS
_F_FILE = _ffi.PACKED_FILE
_F_PATHNAME = _ffi.PACKED_PATHNAME
_F_LOCATION = _ffi.PACKED_LOCATION
_F_ALLOW = _ffi.PACKED_ALLOW
_F_BODY = _ffi.PACKED_BODY
_F_PARAM_LISTS = _ffi.PACKED_PARAM_LISTS
_F_QUERY_LISTS = _ffi.PACKED_QUERY_LISTS
_F_REMOVALS = _ffi.PACKED_REMOVALS
#: Flags that make the decoder read the shapes and the slot table.
_F_TABLE = _F_BODY | _F_PARAM_LISTS | _F_QUERY_LISTS | _F_REMOVALS
#: Flags a plain route's decision never has (``_fill``'s short way).
_F_NOT_PLAIN = _F_TABLE | _F_LOCATION | _F_ALLOW
_slot = struct.Struct("<II").unpack_from
#: The fields a plain route's decision never has, as ``_fill``'s short way stores them.
_PLAIN_ABSENT = {"location": None, "allow": None, "body": None, "reason": None}
_ACTION_BY_NUMBER: dict[int, Action] = {
    _ffi.ACTION_ROUTE: Action.ROUTE,
    _ffi.ACTION_REDIRECT: Action.REDIRECT,
    _ffi.ACTION_REWRITE_EXTERNAL: Action.REWRITE_EXTERNAL,
    _ffi.ACTION_RESPOND: Action.RESPOND,
    _ffi.ACTION_OPTIONS: Action.OPTIONS,
    _ffi.ACTION_METHOD_NOT_ALLOWED: Action.METHOD_NOT_ALLOWED,
    _ffi.ACTION_NOT_FOUND: Action.NOT_FOUND,
    _ffi.ACTION_BAD_REQUEST: Action.BAD_REQUEST,
}
#: The same, as a list indexed by the number.
_ACTION_LIST = [_ACTION_BY_NUMBER[i] for i in range(len(_ACTION_BY_NUMBER))]
#: A route, and no param lists: the decisions Router.match decodes inline.
_F_QUICK = _F_ROUTE | _F_PARAM_LISTS
_CACHE_BY_NUMBER = (None, Cache.STATIC, Cache.DYNAMIC)
#: uint32 words after the header (shapes + 2 per slot) -> a Struct reading them all.
_tables: dict[int, struct.Struct] = {}


def _table(words: int) -> struct.Struct:
    t = _tables.get(words)
    if t is None:
        t = struct.Struct(f"<{words}I")
        if len(_tables) < 512:
            _tables[words] = t
    return t


# A Decision from a match holds its packed form (a bytes copy, ``_p``) and the header words
# (``_h``); action and status are set at once, the other fields on the first read of any.


def _multimap(
    shapes: tuple[int, ...], first: int, count: int, strs: list[Any], i: int
) -> tuple[dict[str, Any], int]:
    """Params or query with lists: ``count`` names from slot ``i``, each followed by one value
    (shape SINGLE) or a list of ``shape`` values. Returns the dict and the next slot."""
    out: dict[str, Any] = {}
    for k in range(first, first + count):
        n = shapes[k]
        if n == _SINGLE:
            out[strs[i]] = strs[i + 1]
            i += 2
        else:
            out[strs[i]] = strs[i + 1 : i + 1 + n]
            i += 1 + n
    return out, i


def _hd(dd: dict[str, Any]) -> tuple[int, ...]:
    """The header words of the packed form ``dd["_p"]`` (unpacked on first need: the match
    reads them from its buffer and keeps only the bytes)."""
    h: tuple[int, ...] | None = dd.get("_h")
    if h is None:
        h = dd["_h"] = _unpack_head(dd["_p"], 0)
    return h


def _split(dd: dict[str, Any]) -> list[Any]:
    """Every slot's string, in slot order (absent ones empty), kept as ``dd["_s"]``: the string
    area is every string followed by a NUL, so one ``split`` cuts them all, unless a string
    itself holds a NUL (then the slot table says where each one is)."""
    raw: bytes = dd["_p"]
    h = _hd(dd)
    nshapes = h[7] + h[8]
    nslots = h[12]
    words = nshapes + 2 * nslots
    base = _HEAD_SIZE + 4 * words
    # Every string but the body (read as bytes) is UTF-8; "replace" never eats a NUL.
    strs: list[Any] = raw[base:].decode("utf-8", "replace").split("\0")
    if len(strs) != nslots + 1:
        w = (_tables.get(words) or _table(words)).unpack_from(raw, _HEAD_SIZE)
        data = raw[base:]
        strs = [
            data[o : o + n].decode("utf-8", "replace")
            for o, n in zip(w[nshapes::2], w[nshapes + 1 :: 2])
        ]
    dd["_s"] = strs
    return strs


def _route(dd: dict[str, Any]) -> Route | None:
    """The route, alone (the most read field with params)."""
    h = _hd(dd)
    flags = h[4]
    if not flags & _F_ROUTE:
        return None
    s = dd.get("_s") or _split(dd)
    route = _new(Route)
    _set(
        route,
        "__dict__",
        {"pattern": s[0], "kind": _KINDS[s[1]], "file": s[2] if flags & _F_FILE else None, "id": h[14]},
    )
    return route


def _params(dd: dict[str, Any]) -> dict[str, Any]:
    """The params, alone."""
    h = _hd(dd)
    np = h[7]
    if not np:
        return {}
    s = dd.get("_s") or _split(dd)
    if h[4] & _F_PARAM_LISTS:
        w = (_tables.get(h[7] + h[8] + 2 * h[12]) or _table(h[7] + h[8] + 2 * h[12])).unpack_from(
            dd["_p"], _HEAD_SIZE
        )
        return _multimap(w, 0, np, s, _FIXED)[0]
    if np == 1:
        return {s[7]: s[8]}
    e = _FIXED + 2 * np
    return dict(zip(s[_FIXED:e:2], s[_FIXED + 1 : e : 2]))


def _fill(dd: dict[str, Any]) -> None:
    """Decodes every field but action and status from the packed form ``dd["_p"]`` into the
    Decision's ``__dict__`` ``dd`` (on the first read of any of them: one pass is cheaper than a
    pass per field).

    The string area is every slot's string followed by a NUL, so one ``split`` cuts them all
    (absent ones come out empty; the header's flags say which fixed ones are absent). The
    shapes and the slot table are read only when the flags say they matter (lists, removals,
    a body, or a string that itself holds a NUL)."""
    raw: bytes = dd["_p"]
    h = dd.get("_h") or _unpack_head(raw, 0)
    (_, size, _, _, flags, cache, reval, np, nq, nr, ns, nv, nslots, why, rid) = h
    if not (flags & _F_NOT_PLAIN or nq or nr or ns or nv or why) and "route" in dd and "params" in dd:
        # A plain route (what most requests get): every list empty, no location, allow, body
        # or reason; only the pathname is read from the strings, through its slot.
        pathname = None
        if flags & _F_PATHNAME:
            off, n = _slot(raw, _HEAD_SIZE + 4 * (np + 6))
            at = _HEAD_SIZE + 4 * (np + 2 * nslots) + off
            try:
                pathname = raw[at : at + n].decode()
            except UnicodeDecodeError:  # not from this library: its strings are UTF-8
                pathname = raw[at : at + n].decode("utf-8", "replace")
        dd.update(_PLAIN_ABSENT)
        dd["pathname"] = pathname
        dd["query"] = {}
        dd["request_headers"] = {}
        dd["response_headers"] = []
        dd["middleware"] = flags & _F_MIDDLEWARE != 0
        dd["cache"] = _CACHE_BY_NUMBER[cache]
        dd["revalidate"] = reval if flags & _F_REVALIDATE else None
        dd["head_via_get"] = flags & _F_HEAD_VIA_GET != 0
        dd["vary"] = []
        return
    nshapes = np + nq
    words = nshapes + 2 * nslots
    base = _HEAD_SIZE + 4 * words
    strs = dd.get("_s")
    if strs is None:
        # _split, inline: one split of the string area unless a string holds a NUL.
        strs = raw[base:].decode("utf-8", "replace").split("\0")
        if len(strs) != nslots + 1:
            strs = _split(dd)
    w: tuple[int, ...] = ()
    if flags & _F_TABLE:
        w = (_tables.get(words) or _table(words)).unpack_from(raw, _HEAD_SIZE)
    if flags & _F_BODY:
        o = base + w[nshapes + 12]
        body = raw[o : o + w[nshapes + 13]]
    else:
        body = None
    # The params (usually decoded already by _decision): only where they end is needed.
    if flags & _F_PARAM_LISTS:
        i = _FIXED + sum(2 if n == _SINGLE else 1 + n for n in w[:np])
    else:
        i = _FIXED + 2 * np
    query: dict[str, Any]
    if not nq:
        query = {}
    elif flags & _F_QUERY_LISTS:
        query, i = _multimap(w, np, nq, strs, i)
    else:
        e = i + 2 * nq
        query = dict(zip(strs[i:e:2], strs[i + 1 : e : 2]))
        i = e
    if nr:
        e = i + 2 * nr
        names = strs[i:e:2]
        values = strs[i + 1 : e : 2]
        if flags & _F_REMOVALS:
            at = nshapes + 2 * (i + 1)
            values = [
                None if o == _ABSENT else v for o, v in zip(w[at : at + 4 * nr : 4], values)
            ]
        request_headers = dict(zip(names, values))
        i = e
    else:
        request_headers = {}
    if ns:
        e = i + 2 * ns
        response_headers = list(zip(strs[i:e:2], strs[i + 1 : e : 2]))
        i = e
    else:
        response_headers = []
    if "route" not in dd:
        dd["_s"] = strs
        dd["route"] = _route(dd)
    if "params" not in dd:
        dd["_s"] = strs
        dd["params"] = _params(dd)
    dd["pathname"] = strs[3] if flags & _F_PATHNAME else None
    dd["query"] = query
    dd["location"] = strs[4] if flags & _F_LOCATION else None
    dd["allow"] = strs[5] if flags & _F_ALLOW else None
    dd["request_headers"] = request_headers
    dd["response_headers"] = response_headers
    dd["body"] = body
    dd["middleware"] = flags & _F_MIDDLEWARE != 0
    dd["cache"] = _CACHE_BY_NUMBER[cache]
    dd["revalidate"] = reval if flags & _F_REVALIDATE else None
    dd["head_via_get"] = flags & _F_HEAD_VIA_GET != 0
    dd["vary"] = strs[i : i + nv]
    dd["reason"] = _reason(why) if why else None


def route_facts(d: Decision) -> tuple[bool, Cache | None, int | None, bool, bytes | None]:
    """What the ASGI and WSGI middleware need of a decision before running a route's app, read
    from the packed header without decoding the other fields (the first read of one of them
    decodes all 13): ``head_via_get``, ``cache``, ``revalidate``, whether it changes request
    headers or adds response headers or ``Vary``, and the pathname's UTF-8 bytes (``None``
    when it has none). The same values as the fields (tested on every vector case)."""
    dd = d.__dict__
    raw: bytes | None = dd.get("_p")
    if raw is None:  # made in Python (dataclasses.replace, the constructor): read its fields
        return (
            d.head_via_get,
            d.cache,
            d.revalidate,
            bool(d.request_headers or d.response_headers or d.vary),
            None if d.pathname is None else d.pathname.encode(),
        )
    h = dd.get("_h") or _unpack_head(raw, 0)
    flags = h[4]
    pathname = None
    if flags & _F_PATHNAME:
        # Slot 3 (pathname) of the slot table: its offset and length in the string area.
        nshapes = h[7] + h[8]
        off, n = _slot(raw, _HEAD_SIZE + 4 * (nshapes + 6))
        at = _HEAD_SIZE + 4 * (nshapes + 2 * h[12]) + off
        pathname = raw[at : at + n]
    return (
        flags & _F_HEAD_VIA_GET != 0,
        _CACHE_BY_NUMBER[h[5]],
        h[6] if flags & _F_REVALIDATE else None,
        (h[9] or h[10] or h[11]) != 0,
        pathname,
    )


class _Lazy:
    """A Decision field decoded on first read, then kept in the instance's ``__dict__`` (this
    is a non-data descriptor: the instance's value wins). ``route`` and ``params`` (what most
    hosts read) are decoded alone; the first read of any other field decodes all the others
    (``_fill``: one pass is cheaper than a pass per field)."""

    __slots__ = ("name", "decode")

    def __init__(self, name: str, decode: Any) -> None:
        self.name = name
        self.decode = decode

    def __get__(self, d: Any, owner: Any = None) -> Any:
        if d is None:
            return self
        dd = d.__dict__
        decode = self.decode
        if decode is None:
            _fill(dd)
            return dd[self.name]
        v = dd[self.name] = decode(dd)
        return v


Decision.route = _Lazy("route", _route)  # type: ignore[assignment]
Decision.params = _Lazy("params", _params)  # type: ignore[assignment]
for _name in (
    "pathname",
    "query",
    "location",
    "allow",
    "request_headers",
    "response_headers",
    "body",
    "middleware",
    "cache",
    "revalidate",
    "head_via_get",
    "vary",
    "reason",
):
    setattr(Decision, _name, _Lazy(_name, None))
del _name


#: (pattern, kind name, file or "", id) -> the Route, shared by every decision that names it
#: (a Route is frozen). Bounded: past the bound new routes are built per decision.
_routes: dict[tuple[str, str, str, int], Route] = {}


def _route_for(pattern: str, kind: str, file: str | None, rid: int) -> Route:
    route = _new(Route)
    _set(route, "__dict__", {"pattern": pattern, "kind": _KINDS[kind], "file": file, "id": rid})
    if len(_routes) < 4096:
        _routes[pattern, kind, file or "", rid] = route
    return route


def _decision(raw: bytes, h: tuple[int, ...]) -> Decision:
    """A Decision over ``raw``, a packed form (its own copy) whose header words are ``h``: the
    action, the status, the route and the params now (what a host reads first, decoded
    inline: one ``split`` of the string area), every other field on first read."""
    flags = h[4]
    np = h[7]
    d = _new(Decision)
    if flags & _F_ROUTE:
        nslots = h[12]
        area = raw[_HEAD_SIZE + 4 * (np + h[8] + 2 * nslots) :]
        try:
            s = area.decode().split("\0")
        except UnicodeDecodeError:  # a body that is not UTF-8 ("replace" never eats a NUL)
            s = area.decode("utf-8", "replace").split("\0")
        if len(s) != nslots + 1 or flags & _F_PARAM_LISTS:
            # A string holds a NUL (cut by the slot table), or a catch-all: the general path.
            dd = {"_p": raw, "_h": h, "action": _ACTION_BY_NUMBER[h[2]], "status": h[3]}
            s = _split(dd)
            dd["params"] = _params(dd)
        else:
            if not np:
                params = {}
            elif np == 1:
                params = {s[7]: s[8]}
            elif np == 2:
                params = {s[7]: s[8], s[9]: s[10]}
            else:
                e = _FIXED + 2 * np
                params = dict(zip(s[_FIXED:e:2], s[_FIXED + 1 : e : 2]))
            dd = {
                "_p": raw,
                "_h": h,
                "_s": s,
                "action": _ACTION_BY_NUMBER[h[2]],
                "status": h[3],
                "params": params,
            }
        # An absent file is "" in the split: the flag tells it from a present empty one.
        route = _routes.get((s[0], s[1], s[2], h[14]))
        if route is None or (route.file is None) != (not flags & _F_FILE):
            route = _route_for(s[0], s[1], s[2] if flags & _F_FILE else None, h[14])
        dd["route"] = route
    elif not np:
        dd = {
            "_p": raw,
            "_h": h,
            "action": _ACTION_BY_NUMBER[h[2]],
            "status": h[3],
            "route": None,
            "params": {},
        }
    else:  # params without a route: not a decision routecore gives; decoded on read anyway
        dd = {"_p": raw, "_h": h, "action": _ACTION_BY_NUMBER[h[2]], "status": h[3]}
    _set(d, "__dict__", dd)
    return d


# ---- per-thread state: a context and the marshalling buffers ----

_REQ = struct.Struct("@PNPNPNPN")  # routecore_request
_HDR = struct.Struct("@PNPN")  # routecore_header
assert _REQ.size == ctypes.sizeof(_ffi.routecore_request)
assert _HDR.size == ctypes.sizeof(_ffi.routecore_header)
_REQ_SIZE = _REQ.size
_HDR_SIZE = _HDR.size
_pack_req = _REQ.pack_into
#: Header count -> a Struct packing that many routecore_header structs at once.
_header_structs: dict[int, struct.Struct] = {}


def _headers_struct(n: int) -> struct.Struct:
    st = _header_structs.get(n)
    if st is None:
        st = struct.Struct("@" + "PNPN" * n)
        assert st.size == n * _HDR_SIZE
        if len(_header_structs) < 256:
            _header_structs[n] = st
    return st


_OK = _ffi.RESULT_OK
_INSUFFICIENT = _ffi.RESULT_INSUFFICIENT_SIZE
_packed_fn = _ffi.routecore_context_packed
_MAX_INPUT = _ffi.MAX_INPUT_BYTES

#: Bytes of scratch and decision space a thread starts with (both grow on demand).
_SCRATCH = 4096
_DECISION = 4096

Headers = Union[
    Mapping[str, str],
    Mapping[bytes, bytes],
    Iterable[tuple[str, str]],
    Iterable[tuple[bytes, bytes]],
    Iterable[tuple[Union[str, bytes], Union[str, bytes]]],
]


class _Thread:
    """One thread's routecore_context and buffers. Freed when its thread ends."""

    __slots__ = (
        "ctx",
        "buf",
        "addr",
        "reqref",
        "mv",
        "cap",
        "n",
        "nref",
    )

    def __init__(self) -> None:
        ctx = _ffi.routecore_context_new()
        if not ctx:
            raise _errors.PanicError("routecore_context_new failed", _ffi.RESULT_PANIC)
        self.ctx: int = ctx
        self._scratch(_SCRATCH)
        # `needed` of routecore_context_packed (_Args.read).
        self.n = ctypes.c_size_t(0)
        self.nref = ctypes.byref(self.n)

    def _scratch(self, cap: int) -> None:
        self.buf = ctypes.create_string_buffer(cap)
        self.addr: int = ctypes.addressof(self.buf)
        self.reqref = ctypes.byref(self.buf)  # its address, passed to C without conversion
        self.mv = memoryview(self.buf).cast("B")
        self.cap = cap

    def pack(
        self, method: bytes, target: bytes, host: bytes | None, headers: Headers | None
    ) -> Any:
        """Packs a routecore_request (and its header array and bytes) into the scratch buffer;
        returns its address (a ``byref``, passed to a C pointer parameter as is)."""
        lm = len(method)
        lt = len(target)
        if headers is None and host is None:
            end = _REQ_SIZE + lm + lt
            if end > self.cap:
                self._grow(end, lm, lt)
            mv = self.mv
            a = self.addr
            t0 = _REQ_SIZE + lm
            mv[_REQ_SIZE:t0] = method
            mv[t0:end] = target
            _pack_req(mv, 0, a + _REQ_SIZE, lm, a + t0, lt, 0, 0, 0, 0)
            return self.reqref
        return self._pack_full(method, target, host, headers)

    def _grow(self, need: int, *lengths: int) -> None:
        if any(n > _MAX_INPUT for n in lengths):
            raise _errors.error_for(_ffi.RESULT_LENGTH_LIMIT, "request field over 1 MiB")
        self._scratch(max(need, 2 * self.cap))

    def _pack_full(
        self, method: bytes, target: bytes, host: bytes | None, headers: Headers | None
    ) -> Any:
        # Every string, in order: method, target, host, then each header's name and value;
        # joined once into the scratch buffer, their addresses from the running lengths.
        flat: list[bytes] = [method, target, host or b""]
        if headers is not None:
            items = headers.items() if isinstance(headers, Mapping) else headers
            add = flat.append
            for k, v in items:
                add(k if isinstance(k, bytes) else k.encode())
                add(v if isinstance(v, bytes) else v.encode())
        nh = (len(flat) - 3) >> 1
        if nh > _ffi.MAX_HEADERS:
            raise _errors.error_for(_ffi.RESULT_LENGTH_LIMIT, f"{nh} headers")
        blob = b"".join(flat)
        head = _REQ_SIZE + nh * _HDR_SIZE
        need = head + len(blob)
        lens = list(map(len, flat))
        if need > self.cap:
            self._grow(need, *lens)
        a = self.addr
        self.mv[head:need] = blob
        starts = list(accumulate(lens, initial=a + head))
        _pack_req(
            self.mv,
            0,
            starts[0],
            lens[0],
            starts[1],
            lens[1],
            starts[2] if host else 0,
            lens[2],
            a + _REQ_SIZE if nh else 0,
            nh,
        )
        if nh:
            fields: list[int] = [0] * (4 * nh)
            fields[0::2] = starts[3 : 3 + 2 * nh]
            fields[1::2] = lens[3:]
            _headers_struct(nh).pack_into(self.mv, _REQ_SIZE, *fields)
        return self.reqref

    def __del__(self) -> None:
        ctx, self.ctx = self.ctx, 0
        if ctx:
            try:
                _ffi.routecore_context_free(ctx)
            except Exception:  # interpreter shutdown
                pass


_local = threading.local()


def _thread() -> _Thread:
    try:
        return _local.t  # type: ignore[no-any-return]
    except AttributeError:
        t = _local.t = _Thread()
        return t


def _encode(s: str | bytes) -> bytes:
    return s if isinstance(s, bytes) else s.encode()


# ---- handles ----


class _Handle:
    """A routecore handle with close(), the context-manager protocol and a __del__ safety net.

    Calls count themselves in and out: close() marks the handle closed at once (later calls
    raise ``ClosedError``) and releases it only when the last call running on another thread
    is done, so closing never frees a table under a running match. The count is a list
    (``append`` and ``pop`` are atomic), not a lock: two lock round trips would cost more than
    the rest of the bookkeeping of a match.
    """

    _what = "handle"

    def __init__(self, ptr: int) -> None:
        self._busy: list[None] = []
        self._lock = threading.Lock()  # close() only
        self._ptr: int | None = ptr

    def _free(self, ptr: int) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _enter(self) -> int:
        self._busy.append(None)
        ptr = self._ptr
        if ptr is None:
            self._leave()
            raise _errors.closed(self._what)
        return ptr

    def _leave(self) -> None:
        self._busy.pop()
        if self._ptr is None:
            self._release()

    def _release(self) -> None:
        # dict.pop is atomic: whichever of close() and the last _leave() gets here second
        # finds nothing to free.
        if not self._busy:
            ptr = self.__dict__.pop("_pending", None)
            if ptr:
                self._free(ptr)

    @property
    def closed(self) -> bool:
        """Whether close() was called."""
        return self._ptr is None

    def close(self) -> None:
        """Releases the handle (idempotent). Calls already running on other threads finish
        first; later calls raise ``ClosedError``."""
        lock = self.__dict__.get("_lock")
        if lock is None:  # __init__ did not finish
            return
        with lock:
            ptr, self._ptr = self._ptr, None
            if ptr is None:
                return
            self._pending = ptr
        self._release()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown
            pass


#: Method -> (its bytes, their length), for the argtype-less match call (a Python ``int`` is
#: passed as a C ``int``; the length parameter is ``uint32_t``). Read only after being filled;
#: a few dozen entries at most (other methods are encoded per call).
_METHODS: dict[Any, tuple[bytes, int]] = {}
#: The largest length passed as a C int: a longer method or target is passed as this (over
#: ``ROUTECORE_MAX_INPUT_BYTES``, so the library refuses it before reading anything).
_U32_MAX = 0xFFFFFFFF


def _method(method: str | bytes) -> tuple[bytes, int]:
    m = method if isinstance(method, bytes) else method.encode()
    v = (m, min(len(m), _U32_MAX))
    if len(_METHODS) < 64:
        _METHODS[method] = v
    return v


#: Targets up to this many bytes are matched without releasing the GIL (``_ffi._pylib``): the
#: match is linear in the target, a few hundred ns for a usual one, less than releasing and
#: taking back the GIL. Longer ones release it for the call.
_HOLD_GIL = 4096
_match_held = _ffi.fast_match_args_packed
_match_released = _ffi.fast_match_args_packed_released
_match_request = _ffi.fast_match_args_request_packed
_match_fields_held = _ffi.fast_match_args_fields_packed
_match_fields_released = _ffi.fast_match_args_fields_packed_released
_INVALID_ARGUMENT = _ffi.RESULT_INVALID_ARGUMENT
_find_held = _ffi.fast_find_args
_find_released = _ffi.fast_find_args_released
#: routecore_find_args' header: route token, param count, flags, where the strings end.
_unpack_find = struct.Struct("<Q8xIII4x").unpack_from
_FIND_HEADER = _ffi.FIND_HEADER_SIZE


class _Args:
    """One matcher's ``routecore_match_args`` on one thread: the router (or shared router),
    the thread's context and a decision buffer of its own, set once; ``ref`` is the block's
    address as a ready-made ctypes argument (passing it converts and allocates nothing).

    For a Router the block names a handle of its own (``own``: a second reference to the same
    table, made through a SharedRouter's ``load``) and frees it with the block. A match holds
    the block, so its handle outlives the call even when ``close()`` runs meanwhile on another
    thread: Router.match needs no in-flight count. A SharedRouter's handle cannot be cloned,
    so its matches count themselves in and out (``_Handle._enter``)."""

    __slots__ = ("t", "s", "ref", "buf", "cap", "routes", "own")

    def __init__(self, ptr: int, shared: bool, t: _Thread) -> None:
        self.t = t  # the context the block names lives as long as this
        #: Route token (the prefix of routecore_match_args_packed) -> Route, for a Router: its
        #: table never changes, so a token names one route. None for a SharedRouter, whose
        #: table a swap replaces (a token means nothing across tables).
        self.routes: dict[int, Route] | None = None if shared else {}
        self.own = 0
        s = self.s = _ffi.routecore_match_args()
        if shared:
            s.shared = ptr
        else:
            s.router = self.own = _clone_router(ptr)
        s.ctx = t.ctx
        self.ref = ctypes.byref(s)
        self._out(_DECISION)

    def _out(self, cap: int) -> None:
        self.buf = ctypes.create_string_buffer(cap)
        self.s.buf = ctypes.addressof(self.buf)
        self.s.len = self.cap = cap

    def route(self, raw: bytes, q: tuple[int, ...]) -> Route:
        """The Route of a decision (its packed form ``raw``; ``q`` the prefix and header words
        ``_unpack_quick`` reads) that ``routes`` does not hold: from the pattern, kind and file
        slots, shared through the module's cache; then kept under its token for a Router."""
        h = _unpack_head(raw, 0)
        flags = h[4]
        rid = h[14]
        area = raw[_HEAD_SIZE + 4 * (h[7] + h[8]) + 8 * h[12] :]
        s = area.decode("utf-8", "replace").split("\0", 3)
        file = s[2] if flags & _F_FILE else None
        route = _routes.get((s[0], s[1], s[2], rid))
        if route is None or (route.file is None) != (file is None):
            route = _route_for(s[0], s[1], file, rid)
        routes = self.routes
        if routes is not None and len(routes) < 4096:
            routes[q[0]] = route
        return route

    def read(self) -> Decision:
        """The decision the context holds, through routecore_context_packed into a buffer
        grown to fit it (a match found it too large for the one it had)."""
        t = self.t
        r = _packed_fn(t.ctx, ctypes.addressof(self.buf), self.cap, t.nref)
        if r != _OK:
            if r != _INSUFFICIENT:
                _errors.raise_for(r, "routecore_context_packed")
            self._out(max(t.n.value + _PREFIX, 2 * self.cap))
            r = _packed_fn(t.ctx, ctypes.addressof(self.buf), self.cap, t.nref)
            if r != _OK:
                _errors.raise_for(r, "routecore_context_packed")
        h = _unpack_head(self.buf, 0)
        return _decision(self.buf[: h[1]], h)  # type: ignore[arg-type]

    def __del__(self) -> None:
        own, self.own = self.own, 0
        if own:
            try:
                _ffi.routecore_router_free(own)
            except Exception:  # interpreter shutdown
                pass


def _clone_router(ptr: int) -> int:
    """A second handle to the table of the router handle ``ptr`` (freed on its own)."""
    holder = ctypes.c_void_p()
    r = _ffi.routecore_shared_new(ptr, ctypes.byref(holder))
    if r != _OK:
        _errors.raise_for(r, "routecore_shared_new")
    try:
        out = ctypes.c_void_p()
        r = _ffi.routecore_shared_load(holder, ctypes.byref(out))
        if r != _OK:
            _errors.raise_for(r, "routecore_shared_load")
    finally:
        _ffi.routecore_shared_free(holder)
    assert out.value
    return out.value


def _quick(a: _Args) -> Decision:
    """The Decision in ``a``'s buffer after routecore_match_args_packed (Router.match has
    this inline: a call costs as much as a step here)."""
    buf = a.buf
    q = _unpack_quick(buf, 0)
    raw: bytes = buf[_PREFIX : _PREFIX + q[3]]  # type: ignore[assignment]
    if q[6] & _F_QUICK == _F_ROUTE:
        np = q[7]
        if np:
            try:
                s = buf[q[1] : q[2]].decode().split("\0")  # type: ignore[attr-defined]
            except UnicodeDecodeError:  # not from this library: its strings are UTF-8
                s = ()
            if len(s) != 2 * np + 1:  # a string holds a NUL: cut by the slot table
                return _decision(raw, _unpack_head(raw, 0))
            if np == 2:
                params = {s[0]: s[1], s[2]: s[3]}
            elif np == 1:
                params = {s[0]: s[1]}
            elif np == 3:
                params = {s[0]: s[1], s[2]: s[3], s[4]: s[5]}
            else:
                params = dict(zip(s[0:-1:2], s[1::2]))
        else:
            params = {}
        routes = a.routes
        route = routes.get(q[0]) if routes is not None else None
        d = _new(Decision)
        dd = d.__dict__
        dd["_p"] = raw
        dd["action"] = _ACTION_LIST[q[4]]
        dd["status"] = q[5]
        dd["route"] = route or a.route(raw, q)
        dd["params"] = params
        return d
    return _decision(raw, _unpack_head(raw, 0))


class _Matcher(_Handle):
    _shared = False

    def __init__(self, ptr: int) -> None:
        super().__init__(ptr)
        #: This thread's _Args for this matcher (``.a``).
        self._tl = threading.local()

    def close(self) -> None:
        super().close()
        if "_tl" in self.__dict__:
            self._tl = threading.local()  # every thread's block, buffer and handle, at once

    def _args(self) -> _Args:
        ptr = self._enter()
        try:
            a = self._tl.a = _Args(ptr, self._shared, _thread())
        finally:
            self._leave()
        return a

    def match(
        self,
        method: str | bytes,
        target: str | bytes,
        host: str | bytes | None = None,
        headers: Headers | None = None,
    ) -> Decision:
        """Decides one request.

        ``method`` is the method token (``GET``; case-sensitive). ``target`` is the request
        target as received (``/path?query``, or an absolute URL), ``host`` the ``Host`` header
        when known apart from ``headers`` (a mapping or ``(name, value)`` pairs). ``str`` values
        are encoded as UTF-8; pass ``bytes`` for the raw wire bytes (the WSGI middleware
        passes ``environ`` strings back as their Latin-1 bytes). Malformed requests get a ``bad_request`` decision, not an exception.
        Thread-safe: each thread matches on a context of its own.
        """
        # The shared router's form: counted in and out (see _Args); Router.match below is the
        # same without the count, with _quick inline.
        try:
            a: _Args = self._tl.a
        except AttributeError:
            a = self._args()
        busy = self._busy
        busy.append(None)
        try:
            if self._ptr is None:
                raise _errors.closed(self._what)
            r = _call(a, method, target, host, headers)
        finally:
            busy.pop()
            if self._ptr is None:
                self._release()
        if r:
            if r != _INSUFFICIENT:
                _errors.raise_for(r, "match")
            # Matched; the decision did not fit: read it again into a larger buffer.
            return a.read()
        return _quick(a)

    def find(
        self, method: str | bytes, target: str | bytes
    ) -> tuple[Route, dict[str, ParamValue]] | None:
        """The route lookup alone, in the style of Falcon's ``find``: ``(route, params)`` when
        the request gets a *plain* route decision (action ``route``, no request header to
        change, no response header to add, HEAD not served through GET), else ``None``: then
        call :meth:`match` for the decision (a redirect, a 404, a 405, headers to apply...).
        Faster than :meth:`match` (no :class:`Decision` is made); everything else the decision
        says (query, pathname, cache, revalidate, vary) is not returned."""
        return _found(self.match(method, target))


def _found(d: Decision) -> tuple[Route, dict[str, ParamValue]] | None:
    """``find``'s answer from a full Decision: route and params of a plain route decision."""
    if (
        d.action is Action.ROUTE
        and d.route is not None
        and not d.request_headers
        and not d.response_headers
        and not d.head_via_get
    ):
        return d.route, d.params
    return None


def _call(
    a: _Args,
    method: str | bytes,
    target: str | bytes,
    host: str | bytes | None,
    headers: Headers | None,
) -> int:
    """The one foreign call of a match, on ``a``'s block."""
    if host is None and headers is None:
        m = _METHODS.get(method) or _method(method)
        tg = target if isinstance(target, bytes) else target.encode()
        n = len(tg)
        if n <= _HOLD_GIL:
            return _match_held(a.ref, m[0], m[1], tg, n)  # type: ignore[no-any-return]
        return _match_released(a.ref, m[0], m[1], tg, min(n, _U32_MAX))  # type: ignore[no-any-return]
    mb = method if isinstance(method, bytes) else method.encode()
    tg = target if isinstance(target, bytes) else target.encode()
    h = None if host is None else (host if isinstance(host, bytes) else host.encode())
    fields: list[Any] = [mb, tg, h or b""]
    if headers is not None:
        add = fields.append
        # `k, v` unpacks each item: one that is not a pair raises ValueError.
        items: Iterable[Any] = headers
        if type(headers) is not list and isinstance(headers, Mapping):
            items = headers.items()
        for k, v in items:
            add(k)
            add(v)
    try:
        run = b"\0".join(fields)
    except TypeError:  # str names or values
        fields = [f.encode() if isinstance(f, str) else f for f in fields]
        run = b"\0".join(fields)
    n = len(run)
    if n <= _HOLD_GIL:
        r: int = _match_fields_held(a.ref, run, n, len(fields))
    elif n <= _U32_MAX:
        r = _match_fields_released(a.ref, run, n, len(fields))
    else:
        r = _INVALID_ARGUMENT  # over 4 GiB: only the request form can say how long each is
    if r == _INVALID_ARGUMENT:
        # A field holds a NUL byte, so the run cannot be cut at them: pass each field with its
        # length instead (the library decides such a request: a NUL in a target or a header
        # name is a 400, one in a value is passed on).
        pairs = [(bytes(k), bytes(v)) for k, v in zip(fields[3::2], fields[4::2])]
        return _match_request(a.ref, a.t.pack(mb, tg, h, pairs))  # type: ignore[no-any-return]
    return r


def _errors_list(errs: int) -> list[str]:
    out = []
    for i in range(_ffi.routecore_errors_count(errs)):
        out.append(_ffi.text(_ffi.routecore_errors_message(errs, i)) or "")
    return out


def _build(call: Any, *args: Any) -> int:
    """Runs a build function (..., router_out, errors) and returns the router handle."""
    errs = _ffi.routecore_errors_new()
    try:
        out = ctypes.c_void_p()
        r = call(*args, ctypes.byref(out), errs)
        if r == _ffi.RESULT_BUILD_FAILED:
            raise RouteBuildError(_errors_list(errs))
        if r != _OK:
            _errors.raise_for(r)
        assert out.value
        return out.value
    finally:
        _ffi.routecore_errors_free(errs)


class Router(_Matcher):
    """An immutable route table (thread-safe: share one across threads).

    Make one with :meth:`load`, :meth:`from_config` or :class:`Builder`; decide requests with
    :meth:`match`; release it with :meth:`close` (or a ``with`` block; ``__del__`` is a safety
    net). Decisions already returned stay valid after close.
    """

    _what = "Router"

    def __init__(self, _ptr: int) -> None:
        """Internal: use :meth:`load`, :meth:`from_config` or :class:`Builder`."""
        super().__init__(_ptr)

    def _free(self, ptr: int) -> None:
        _ffi.routecore_router_free(ptr)

    def match(
        self,
        method: str | bytes,
        target: str | bytes,
        host: str | bytes | None = None,
        headers: Headers | None = None,
    ) -> Decision:
        """Decides one request.

        ``method`` is the method token (``GET``; case-sensitive). ``target`` is the request
        target as received (``/path?query``, or an absolute URL), ``host`` the ``Host`` header
        when known apart from ``headers`` (a mapping or ``(name, value)`` pairs). ``str`` values
        are encoded as UTF-8; pass ``bytes`` for the raw wire bytes (the WSGI middleware
        passes ``environ`` strings back as their Latin-1 bytes). Malformed requests get a ``bad_request`` decision, not an exception.
        Thread-safe: each thread matches on a context of its own.
        """
        # One foreign call on this thread's block (whose own router handle makes an in-flight
        # count unnecessary: see _Args), then _quick, inline.
        try:
            a: _Args = self._tl.a
        except AttributeError:
            a = self._args()
        if self._ptr is None:
            raise _errors.closed(self._what)
        if host is None and headers is None:
            m = _METHODS.get(method) or _method(method)
            tg = target if isinstance(target, bytes) else target.encode()
            n = len(tg)
            if n <= _HOLD_GIL:
                r = _match_held(a.ref, m[0], m[1], tg, n)
            else:
                r = _match_released(a.ref, m[0], m[1], tg, min(n, _U32_MAX))
        else:
            r = _call(a, method, target, host, headers)
        if r:
            if r != _INSUFFICIENT:
                _errors.raise_for(r, "match")
            # Matched; the decision did not fit: read it again into a larger buffer.
            return a.read()
        buf = a.buf
        q = _unpack_quick(buf, 0)
        raw: bytes = buf[_PREFIX : _PREFIX + q[3]]  # type: ignore[assignment]
        if q[6] & _F_QUICK == _F_ROUTE:
            np = q[7]
            if np:
                try:
                    s = buf[q[1] : q[2]].decode().split("\0")  # type: ignore[attr-defined]
                except UnicodeDecodeError:  # not from this library: its strings are UTF-8
                    s = ()
                if len(s) != 2 * np + 1:  # a string holds a NUL: cut by the slot table
                    return _decision(raw, _unpack_head(raw, 0))
                # Literals up to three params: dict(zip(...)) over two slices costs more.
                if np == 2:
                    params = {s[0]: s[1], s[2]: s[3]}
                elif np == 1:
                    params = {s[0]: s[1]}
                elif np == 3:
                    params = {s[0]: s[1], s[2]: s[3], s[4]: s[5]}
                else:
                    params = dict(zip(s[0:-1:2], s[1::2]))
            else:
                params = {}
            d = _new(Decision)
            dd = d.__dict__
            dd["_p"] = raw
            dd["action"] = _ACTION_LIST[q[4]]
            dd["status"] = q[5]
            dd["route"] = a.routes.get(q[0]) or a.route(raw, q)  # type: ignore[union-attr]
            dd["params"] = params
            return d
        return _decision(raw, _unpack_head(raw, 0))

    def find(
        self, method: str | bytes, target: str | bytes
    ) -> tuple[Route, dict[str, ParamValue]] | None:
        """The route lookup alone, in the style of Falcon's ``find``: ``(route, params)`` when
        the request gets a *plain* route decision (action ``route``, no request header to
        change, no response header to add, HEAD not served through GET), else ``None``: then
        call :meth:`match` for the decision (a redirect, a 404, a 405, headers to apply...).
        Faster than :meth:`match` (no :class:`Decision` is made, and the library writes only
        the params); everything else the decision says (query, pathname, cache, revalidate,
        vary) is not returned."""
        # routecore_find_args on this thread's block; a route seen for the first time, list
        # params or a NUL in a string: the decision the context still holds, read in full.
        try:
            a: _Args = self._tl.a
        except AttributeError:
            a = self._args()
        m = _METHODS.get(method) or _method(method)
        tg = target if isinstance(target, bytes) else target.encode()
        n = len(tg)
        if n <= _HOLD_GIL:
            r = _find_held(a.ref, m[0], m[1], tg, n)
        else:
            r = _find_released(a.ref, m[0], m[1], tg, min(n, _U32_MAX))
        if r:
            if r != _INSUFFICIENT:
                _errors.raise_for(r, "find")
            return _found(a.read())
        buf = a.buf
        tok, np, flags, end = _unpack_find(buf, 0)
        if not tok:
            return None
        route = a.routes.get(tok)  # type: ignore[union-attr]
        if route is None or flags:
            found = _found(a.read())
            if found is not None and len(a.routes) < 4096:  # type: ignore[arg-type]
                a.routes[tok] = found[0]  # type: ignore[index]
            return found
        if not np:
            return route, {}
        s = buf[_FIND_HEADER + 4 * np : end].decode().split("\0")  # type: ignore[attr-defined]
        if np == 2:
            return route, {s[0]: s[1], s[2]: s[3]}
        if np == 1:
            return route, {s[0]: s[1]}
        if np == 3:
            return route, {s[0]: s[1], s[2]: s[3], s[4]: s[5]}
        return route, dict(zip(s[0:-1:2], s[1::2]))

    @classmethod
    def load(cls, path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> Router:
        """Loads a project: a Next.js project directory (``app/`` or ``src/app/``, with
        ``middleware.ts``/``proxy.ts`` and an optional ``routecore.json``), a directory
        holding only ``routecore.json``, or that file.

        Raises :class:`RouteBuildError` with every error (a missing file included)."""
        p = os.fsencode(path)
        return cls(_build(_ffi.routecore_router_load, p, len(p)))

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | str | bytes) -> Router:
        """Builds a router from a ``routecore.json`` object (a dict) or its text.

        Raises :class:`RouteBuildError` with every error, each naming its JSON path."""
        if isinstance(config, Mapping):
            text = json.dumps(config).encode()
        elif isinstance(config, str):
            text = config.encode("utf-8", "surrogatepass")
        elif isinstance(config, (bytes, bytearray)):
            text = bytes(config)
        else:
            raise TypeError(f"config must be a dict, str or bytes, not {type(config).__name__}")
        return cls(_build(_ffi.routecore_router_from_config, text, len(text)))

    @staticmethod
    def builder() -> Builder:
        """A new :class:`Builder`."""
        return Builder()

    def __len__(self) -> int:
        ptr = self._enter()
        try:
            return int(_ffi.routecore_router_route_count(ptr))
        finally:
            self._leave()

    def routes(self) -> list[RouteInfo]:
        """The route table in priority order (Next.js ``getSortedRoutes``)."""
        ptr = self._enter()
        try:
            out = []
            info = _ffi.routecore_route_info()
            for i in range(_ffi.routecore_router_route_count(ptr)):
                r = _ffi.routecore_router_route(ptr, i, ctypes.byref(info))
                if r != _OK:
                    _errors.raise_for(r, "routecore_router_route")
                out.append(
                    RouteInfo(
                        pattern=_ffi.text(info.pattern) or "",
                        kind=_KIND_BY_NUMBER[info.kind],
                        methods=tuple(m for m, bit in _METHOD_BITS.items() if info.methods & bit),
                        file=_ffi.text(info.file),
                        id=int(info.id),
                    )
                )
            return out
        finally:
            self._leave()

    def __enter__(self) -> Router:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        if self._ptr is None:
            return "<routecore.Router closed>"
        return f"<routecore.Router {len(self)} routes>"


class SharedRouter(_Matcher):
    """A hot-swappable router: :meth:`match` uses whichever router it holds when the match
    starts; :meth:`swap` replaces it atomically, from any thread; matches wait at most for the
    exchange of two pointers, never for a table to be built or freed.
    """

    _what = "SharedRouter"
    _shared = True

    def __init__(self, router: Router) -> None:
        """Holds ``router`` (a reference of its own: the caller may close its Router)."""
        rp = router._enter()
        try:
            out = ctypes.c_void_p()
            r = _ffi.routecore_shared_new(rp, ctypes.byref(out))
            if r != _OK:
                _errors.raise_for(r, "routecore_shared_new")
        finally:
            router._leave()
        assert out.value
        super().__init__(out.value)

    def _free(self, ptr: int) -> None:
        _ffi.routecore_shared_free(ptr)

    def swap(self, router: Router) -> None:
        """Atomically replaces the held router with ``router``. Matches already running finish
        on the old one."""
        rp = router._enter()
        try:
            sp = self._enter()
            try:
                r = _ffi.routecore_shared_swap(sp, rp)
            finally:
                self._leave()
        finally:
            router._leave()
        if r != _OK:
            _errors.raise_for(r, "routecore_shared_swap")

    def load(self) -> Router:
        """A new :class:`Router` for the table held right now (close it when done)."""
        sp = self._enter()
        try:
            out = ctypes.c_void_p()
            r = _ffi.routecore_shared_load(sp, ctypes.byref(out))
        finally:
            self._leave()
        if r != _OK:
            _errors.raise_for(r, "routecore_shared_load")
        assert out.value
        return Router(out.value)

    def __enter__(self) -> SharedRouter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<routecore.SharedRouter{' closed' if self._ptr is None else ''}>"


class Builder(_Handle):
    """Collects routes and options, then builds routers (building does not consume it).

    >>> with Builder() as b:
    ...     router = b.add_route("/api/users/[id]", "route", ["GET", "DELETE"], id=7).build()
    """

    _what = "Builder"

    def __init__(self) -> None:
        ptr = _ffi.routecore_builder_new()
        if not ptr:
            raise _errors.PanicError("routecore_builder_new failed", _ffi.RESULT_PANIC)
        super().__init__(ptr)
        self._count = 0

    def _free(self, ptr: int) -> None:
        _ffi.routecore_builder_free(ptr)

    def _call(self, fn: Any, *args: Any) -> None:
        ptr = self._enter()
        try:
            r = fn(ptr, *args)
        finally:
            self._leave()
        if r != _OK:
            _errors.raise_for(r, fn.__name__)

    def add_route(
        self,
        pattern: str,
        kind: RouteKind | str = RouteKind.PAGE,
        methods: Iterable[str] = (),
        *,
        id: int | None = None,
        file: str | None = None,
        dynamic: str = "auto",
        revalidate: int | bool | None = None,
    ) -> Builder:
        """Adds a route; returns the builder (chainable). Patterns are validated by
        :meth:`build`, which reports every problem at once.

        ``kind``: ``"route"`` (a route handler answering ``methods``), ``"page"`` or
        ``"metadata"`` (both answer GET and HEAD). ``methods``: names among DELETE, GET, HEAD,
        OPTIONS, PATCH, POST, PUT. ``id``: the host's handler id, returned in decisions
        (default: the route's index in this builder, as in ``routecore.json``). ``dynamic``:
        ``auto``, ``force-dynamic``, ``force-static`` or ``error``. ``revalidate``: seconds,
        ``False`` for never, ``None`` for unset.
        """
        try:
            k = _KIND_NUMBERS[RouteKind(kind)]
        except ValueError:
            raise _errors.InvalidArgumentError(
                f"unknown route kind {kind!r} (route, page or metadata)",
                _ffi.RESULT_INVALID_ARGUMENT,
            ) from None
        if isinstance(methods, str):
            methods = [methods]
        bits = 0
        for m in methods:
            bit = _METHOD_BITS.get(m)
            if bit is None:
                raise _errors.InvalidArgumentError(
                    f"unknown method {m!r} (one of {', '.join(_METHOD_BITS)})",
                    _ffi.RESULT_INVALID_ARGUMENT,
                )
            bits |= bit
        dyn = _DYNAMIC.get(dynamic)
        if dyn is None:
            raise _errors.InvalidArgumentError(
                f"unknown dynamic {dynamic!r} (one of {', '.join(_DYNAMIC)})",
                _ffi.RESULT_INVALID_ARGUMENT,
            )
        if revalidate is None:
            rv = _ffi.REVALIDATE_UNSET
        elif revalidate is False:
            rv = _ffi.REVALIDATE_NEVER
        elif revalidate is True or not isinstance(revalidate, int):
            raise _errors.InvalidArgumentError(
                f"revalidate must be seconds, False or None, not {revalidate!r}",
                _ffi.RESULT_INVALID_ARGUMENT,
            )
        else:
            rv = revalidate
            if not -(2**63) <= rv < 2**63:
                raise _errors.error_for(_ffi.RESULT_INVALID_ARGUMENT, f"revalidate {rv}")
        rid = self._count if id is None else id
        if not isinstance(rid, int) or isinstance(rid, bool) or not 0 <= rid < 2**64:
            raise _errors.error_for(_ffi.RESULT_INVALID_ARGUMENT, f"route id {rid!r}")
        p = pattern.encode("utf-8", "surrogatepass")
        f = None if file is None else file.encode("utf-8", "surrogatepass")
        self._call(
            _ffi.routecore_builder_add_route,
            p,
            len(p),
            k,
            bits,
            dyn,
            rv,
            rid,
            f,
            0 if f is None else len(f),
        )
        self._count += 1
        return self

    def base_path(self, base_path: str | None) -> Builder:
        """Sets ``basePath`` (e.g. ``/docs``; ``None`` or empty for none)."""
        b = (base_path or "").encode("utf-8", "surrogatepass")
        self._call(_ffi.routecore_builder_set_base_path, b, len(b))
        return self

    def trailing_slash(self, on: bool = True) -> Builder:
        """Sets ``trailingSlash``: canonical URLs end with ``/``."""
        self._call(_ffi.routecore_builder_set_trailing_slash, bool(on))
        return self

    def skip_trailing_slash_redirect(self, on: bool = True) -> Builder:
        """Sets ``skipTrailingSlashRedirect``: never redirect to add or drop a slash."""
        self._call(_ffi.routecore_builder_set_skip_trailing_slash_redirect, bool(on))
        return self

    def build(self) -> Router:
        """Builds a router; raises :class:`RouteBuildError` with every error."""
        ptr = self._enter()
        try:
            return Router(_build(_ffi.routecore_builder_build, ptr))
        finally:
            self._leave()

    def __enter__(self) -> Builder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<routecore.Builder {self._count} routes{' closed' if self._ptr is None else ''}>"


def library_version() -> str:
    """The version of the loaded libroutecore (e.g. ``0.1.0``)."""
    v: bytes = _ffi.routecore_version()
    return v.decode()
