"""Decision time per request: routecore (through the Python binding) against werkzeug.routing,
Starlette's router and Falcon's compiled router, same run, same routes, same requests.

    ROUTECORE_LIBRARY=target/release/libroutecore.so \\
        python bindings/python/bench/bench_routers.py --fast -o results.json

Each benchmark decides every request of its set once per loop; pyperf reports the time per
request (``inner_loops``). What each router does per request:

* routecore: ``router.match(method, target)`` -> a full typed ``Decision`` (route, params,
  pathname, query, cache, headers, ...), after Next.js path normalization.
* werkzeug: ``MapAdapter.match(path, method)`` -> (endpoint, args); the adapter is bound once.
* Starlette: the loop of ``Router.app`` without calling the endpoint: a scope dict per
  request, ``route.matches(scope)`` until a full match.
* Falcon: ``CompiledRouter.find(path)`` -> (resource, method_map, params, template), then the
  method lookup ``method_map[method]``.

The ``overhead`` benchmarks split routecore's time into its parts (see BENCHMARKS.md).
"""

from __future__ import annotations

import ctypes
import json
import sys
import time
from pathlib import Path
from typing import Any, Callable

import pyperf  # type: ignore[import-untyped]

sys.path.insert(0, str(Path(__file__).resolve().parent))
import routesets as R  # noqa: E402

import routecore  # noqa: E402
from routecore import _ffi, _router  # noqa: E402

Requests = list[tuple[str, str]]


def routecore_fn(config: dict[str, Any], reqs: Requests) -> Callable[[], None]:
    router = routecore.Router.from_config(config)
    for m, p in reqs:
        assert router.match(m, p).action == "route", (m, p)
    match = router.match

    def run() -> None:
        for m, p in reqs:
            match(m, p)

    return run


def werkzeug_fn(routes: list[tuple[str, list[str]]], reqs: Requests) -> Callable[[], None]:
    from werkzeug.routing import Map, Rule

    m = Map([Rule(p, endpoint=str(i), methods=ms) for i, (p, ms) in enumerate(routes)])
    adapter = m.bind("example.com")
    for meth, path in reqs:
        adapter.match(path, meth)
    match = adapter.match

    def run() -> None:
        for meth, path in reqs:
            match(path, meth)

    return run


def starlette_fn(routes: list[tuple[str, list[str]]], reqs: Requests) -> Callable[[], None]:
    from starlette.routing import Match, Route, Router

    async def endpoint(request: Any) -> None:  # never called
        return None

    router = Router([Route(p, endpoint, methods=ms) for p, ms in routes])
    table = router.routes
    full = Match.FULL

    def find(meth: str, path: str) -> dict[str, Any]:
        scope: dict[str, Any] = {"type": "http", "path": path, "method": meth, "root_path": ""}
        partial = None
        for route in table:
            match, child = route.matches(scope)
            if match is full:
                scope.update(child)
                return scope
            if match is Match.PARTIAL and partial is None:
                partial = child
        raise LookupError(path)

    for meth, path in reqs:
        assert find(meth, path)["endpoint"] is endpoint, (meth, path)

    def run() -> None:
        for meth, path in reqs:
            find(meth, path)

    return run


def falcon_fn(routes: list[tuple[str, list[str]]], reqs: Requests) -> Callable[[], None]:
    from falcon.routing import CompiledRouter

    def resource(methods: list[str]) -> object:
        def responder(self: object, req: object, resp: object, **kw: object) -> None:
            return None

        attrs = {f"on_{m.lower()}": responder for m in methods}
        return type("Resource", (), attrs)()

    router = CompiledRouter()
    for p, ms in routes:
        router.add_route(p, resource(ms))
    for meth, path in reqs:
        found = router.find(path)
        assert found is not None and meth in found[1], (meth, path)
    find = router.find

    def run() -> None:
        for meth, path in reqs:
            res, method_map, params, template = find(path)  # type: ignore[misc]
            method_map[meth]

    return run


# ---- routecore's time, split into parts ----

_keep_alive: list[object] = []

#: Request headers as an ASGI server passes them (the middleware hands them to match).
HEADERS = [
    (b"host", b"api.example.com"),
    (b"user-agent", b"curl/8.5.0"),
    (b"accept", b"*/*"),
    (b"accept-encoding", b"gzip, deflate"),
    (b"accept-language", b"en-US,en;q=0.9"),
    (b"cookie", b"session=abc; theme=dark"),
    (b"connection", b"keep-alive"),
    (b"x-request-id", b"4bf92f3577b34da6"),
]


def overhead_fns(config: dict[str, Any], reqs: Requests) -> dict[str, Callable[[], None]]:
    router = routecore.Router.from_config(config)
    t = _router._thread()
    ctx = t.ctx
    rptr = router._ptr
    assert rptr
    cptr = ctypes.c_void_p(rptr)
    raw_match = _ffi.routecore_match
    status = _ffi.routecore_context_status
    abi = _ffi.routecore_abi_version
    pfn = _ffi.routecore_context_packed
    one = _ffi.fast_match_target_packed
    args = _router._Args(rptr, False, t)
    held = _ffi.fast_match_args_packed
    # The "(before)" calls' own arguments: the context, a decision buffer, its size, `needed`.
    cctx = ctypes.c_void_p(ctx)
    jbuf = ctypes.create_string_buffer(4096)
    jaddr = ctypes.addressof(jbuf)
    jcap = ctypes.c_size_t(len(jbuf))
    packed = [(_router._method(m), p.encode()) for m, p in reqs]
    two = [(m.encode(), p.encode()) for m, p in reqs]

    def call_abi_version() -> None:
        for _ in reqs:
            abi()

    def call_status() -> None:
        for _ in reqs:
            status(ctx)

    def two_calls() -> None:
        for m, p in two:
            raw_match(rptr, ctx, t.pack(m, p, None, None))
            pfn(ctx, jaddr, len(jbuf), t.nref)

    sized = [(m, ctypes.c_size_t(ml), p, ctypes.c_size_t(len(p))) for (m, ml), p in packed]

    def one_call() -> None:
        for m, ml, p, tlen in sized:
            one(cptr, cctx, m, ml, p, tlen, jbuf, jcap, t.nref)

    ref = args.ref
    lens = [(m, ml, p, len(p)) for (m, ml), p in packed]

    def args_call() -> None:
        for m, ml, p, n in lens:
            held(ref, m, ml, p, n)

    match = router.match

    def full() -> None:
        for m, p in reqs:
            match(m, p)

    route_params, every_field, with_headers = read_workloads(match, reqs)
    find = router.find

    def found() -> None:
        for m, p in reqs:
            route, params = find(m, p)  # type: ignore[misc]

    def via_accessors() -> None:
        for m, p in two:
            raw_match(rptr, ctx, t.pack(m, p, None, None))
            decision_via_accessors(ctx)

    for m, p in reqs:  # the accessor path gives the same decisions
        router.match(m, p)
        a = decision_via_accessors(ctx)
        j = args.read()
        assert a == j, (a, j)

    # rptr is used raw below: the Router must outlive the benchmarks; `ref` names args' buffer.
    _keep_alive.extend((router, args))
    return {
        "ctypes call, no arguments (routecore_abi_version)": call_abi_version,
        "ctypes call, one handle (routecore_context_status)": call_status,
        "(before) pack + routecore_match + routecore_context_packed": two_calls,
        "(before) one call: routecore_match_target_packed, 9 arguments": one_call,
        "one call: routecore_match_args_packed, 5 arguments, GIL held": args_call,
        "router.match() (action, status, route, params decoded; the rest on read)": full,
        "router.match() + route + params": route_params,
        "router.find() -> (route, params)": found,
        "router.match() + every field read": every_field,
        "router.match() with 8 request headers (the ASGI/WSGI path)": with_headers,
        "pack + routecore_match + Decision via the accessors instead": via_accessors,
    }


def read_workloads(
    match: Callable[..., Any], reqs: list[tuple[str, str]]
) -> tuple[Callable[[], None], Callable[[], None], Callable[[], None]]:
    """What a host reads of each decision, for one ``router.match`` (this version's or a
    baseline's): route + params; every field; a match with 8 request headers."""

    def route_params() -> None:
        for m, p in reqs:
            d = match(m, p)
            d.route
            d.params

    def every_field() -> None:
        for m, p in reqs:
            d = match(m, p)
            (d.route, d.params, d.pathname, d.query, d.location, d.allow, d.request_headers)
            (d.response_headers, d.body, d.middleware, d.cache, d.revalidate, d.head_via_get)
            (d.vary, d.reason)

    def with_headers() -> None:
        for m, p in reqs:
            match(m, p, None, HEADERS)

    return route_params, every_field, with_headers


def adapter_workloads(pkg: Any, config: dict[str, Any], reqs: Requests) -> dict[str, Callable[[], None]]:
    """One request through the ASGI and the WSGI middleware of ``pkg`` (this version's
    ``routecore`` or a baseline's), with the 8 request headers of ``HEADERS`` and an app that
    answers at once with one header; no server: the ASGI coroutine is stepped by hand, the WSGI
    body list taken as it is. Every request must reach the app (checked once here)."""
    import importlib

    asgi = importlib.import_module(pkg.__name__ + ".asgi")
    wsgi = importlib.import_module(pkg.__name__ + ".wsgi")
    router = pkg.Router.from_config(config)
    _keep_alive.append(router)
    served = [0]

    async def asgi_app(scope: Any, receive: Any, send: Any) -> None:
        served[0] += 1
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"ok"})

    async def receive() -> Any:
        return {"type": "http.request", "body": b""}

    async def send(message: Any) -> None:
        pass

    def wsgi_app(environ: Any, start_response: Any) -> Any:
        served[0] += 1
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    def start_response(status: str, headers: Any, exc_info: Any = None) -> None:
        pass

    amw = asgi.RoutecoreMiddleware(asgi_app, router)
    wmw = wsgi.RoutecoreMiddleware(wsgi_app, router)
    scopes = []
    environs = []
    for m, target in reqs:
        path, _, qs = target.partition("?")
        scopes.append(
            {
                "type": "http",
                "method": m,
                "path": path,
                "raw_path": path.encode(),
                "query_string": qs.encode(),
                "root_path": "",
                "headers": list(HEADERS),
            }
        )
        env = {
            "REQUEST_METHOD": m,
            "SCRIPT_NAME": "",
            "PATH_INFO": path,
            "QUERY_STRING": qs,
            "RAW_URI": target,
            "SERVER_NAME": "api.example.com",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
        }
        for k, v in HEADERS:
            env["HTTP_" + k.decode().upper().replace("-", "_")] = v.decode()
        environs.append(env)

    def run_asgi() -> None:
        for scope in scopes:
            c = amw(scope, receive, send)
            try:
                c.send(None)
            except StopIteration:
                pass

    def run_wsgi() -> None:
        for env in environs:
            wmw(dict(env), start_response)

    run_asgi()
    run_wsgi()
    assert served[0] == 2 * len(reqs), (served[0], len(reqs))
    return {"ASGI middleware, 8 request headers": run_asgi, "WSGI middleware, 8 request headers": run_wsgi}


def decision_via_accessors(ctx: int) -> routecore.Decision:
    """The same Decision read through the per-field accessors (the alternative to one JSON
    call): 15 to 40 ctypes calls per decision."""
    F = _ffi
    text = F.text
    action = routecore.Action(text(F.routecore_context_action_name(ctx)))
    status = F.routecore_context_status(ctx)
    route = None
    rid = ctypes.c_uint64()
    if F.routecore_context_route_id(ctx, ctypes.byref(rid)):
        route = routecore.Route(
            text(F.routecore_context_route_pattern(ctx)) or "",
            routecore.RouteKind(text(F.routecore_context_route_kind_name(ctx))),
            text(F.routecore_context_route_file(ctx)),
            rid.value,
        )
    params: dict[str, Any] = {}
    for i in range(F.routecore_context_param_count(ctx)):
        name = text(F.routecore_context_param_name(ctx, i)) or ""
        if F.routecore_context_param_is_catch_all(ctx, i):
            params[name] = [
                text(F.routecore_context_param_value(ctx, i, j)) or ""
                for j in range(F.routecore_context_param_value_count(ctx, i))
            ]
        else:
            params[name] = text(F.routecore_context_param_value(ctx, i, 0)) or ""
    query: dict[str, Any] = {}
    for i in range(F.routecore_context_query_count(ctx)):
        pair = F.routecore_context_query(ctx, i)
        k, v = text(pair.name) or "", text(pair.value) or ""
        if k in query:
            old = query[k]
            query[k] = (old if isinstance(old, list) else [old]) + [v]
        else:
            query[k] = v
    req_h: dict[str, str | None] = {}
    for i in range(F.routecore_context_request_header_count(ctx)):
        pair = F.routecore_context_request_header(ctx, i)
        req_h[text(pair.name) or ""] = text(pair.value)
    resp_h = []
    for i in range(F.routecore_context_response_header_count(ctx)):
        pair = F.routecore_context_response_header(ctx, i)
        resp_h.append((text(pair.name) or "", text(pair.value) or ""))
    cache = F.routecore_context_cache(ctx)
    secs = ctypes.c_uint32()
    return routecore.Decision(
        action=action,
        status=status,
        route=route,
        params=params,
        pathname=text(F.routecore_context_pathname(ctx)),
        query=query,
        location=text(F.routecore_context_location(ctx)),
        allow=text(F.routecore_context_allow(ctx)),
        request_headers=req_h,
        response_headers=resp_h,
        body=F.view(F.routecore_context_body(ctx)),
        middleware=F.routecore_context_middleware(ctx),
        cache={1: routecore.Cache.STATIC, 2: routecore.Cache.DYNAMIC}.get(cache),
        revalidate=secs.value if F.routecore_context_revalidate(ctx, ctypes.byref(secs)) else None,
        head_via_get=F.routecore_context_head_via_get(ctx),
        vary=[text(F.routecore_context_vary(ctx, i)) or "" for i in range(F.routecore_context_vary_count(ctx))],
    )


def main() -> None:
    if not any(a.startswith("--inherit-environ") for a in sys.argv):
        # The workers need to find libroutecore and this package like the parent did.
        sys.argv[1:1] = ["--inherit-environ=ROUTECORE_LIBRARY,PYTHONPATH"]
    runner = pyperf.Runner()
    runner.metadata["routecore_library"] = _ffi.LIBRARY_PATH
    gh = R.github_requests()
    shop = R.SHOP_REQUESTS
    sets: list[tuple[str, Requests, dict[str, Callable[[], None]]]] = [
        (
            "github",
            gh,
            {
                "routecore": routecore_fn(R.github_config(), gh),
                "werkzeug": werkzeug_fn(R.github_werkzeug(), gh),
                "starlette": starlette_fn(R.github_braces(), gh),
                "falcon": falcon_fn(R.github_braces(), gh),
            },
        ),
        (
            "shop",
            shop,
            {
                "routecore": routecore_fn(R.shop_routes_only(), shop),
                "routecore (full shop config: middleware, headers, redirects, rewrites)": routecore_fn(
                    R.shop_config(), shop_full_requests()
                ),
                "werkzeug": werkzeug_fn(R.shop_other("werkzeug"), shop),
                "starlette": starlette_fn(R.shop_other("starlette"), shop),
                "falcon": falcon_fn(R.shop_other("falcon"), shop),
            },
        ),
        (
            "overhead-github",
            gh,
            {**overhead_fns(R.github_config(), gh), **adapter_workloads(routecore, R.github_config(), gh)},
        ),
    ]
    for set_name, reqs, fns in sets:
        for name, fn in fns.items():
            n = len(shop_full_requests()) if "full shop" in name else len(reqs)

            def timed(loops: int, fn: Callable[[], None] = fn) -> float:
                t0 = time.perf_counter()
                for _ in range(loops):
                    fn()
                return time.perf_counter() - t0

            runner.bench_time_func(f"{set_name}: {name}", timed, inner_loops=n)


def shop_full_requests() -> Requests:
    """Requests on the full shop config that reach a route (with middleware running)."""
    return [(m, p) for m, p in R.SHOP_REQUESTS if m == "GET" and not p.startswith("/account")]


if __name__ == "__main__":
    main()
