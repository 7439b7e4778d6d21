"""The typed API: building, matching, errors, lifetimes and the library lookup."""

from __future__ import annotations

import copy
import ctypes
import dataclasses
import gc
import json
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

import routecore
from routecore import _errors, _ffi, _router
from conftest import PYDIR, SHOP

SIMPLE = {
    "routes": [
        {"pattern": "/api/users/[id]", "kind": "route", "methods": ["GET", "DELETE"], "id": 7},
        {"pattern": "/docs/[[...slug]]", "kind": "page", "file": "app/docs/[[...slug]]/page.tsx"},
        {"pattern": "/blog/[slug]", "kind": "page", "revalidate": 60},
    ]
}


# ---- building ----


def test_from_config_dict_str_bytes() -> None:
    for cfg in (SIMPLE, json.dumps(SIMPLE), json.dumps(SIMPLE).encode()):
        with routecore.Router.from_config(cfg) as r:
            assert len(r) == 3
            assert r.match("GET", "/api/users/1").route_id == 7


def test_from_config_wrong_type() -> None:
    with pytest.raises(TypeError):
        routecore.Router.from_config(42)  # type: ignore[arg-type]


def test_build_errors_are_all_reported() -> None:
    cfg = {
        "routes": [
            {"pattern": "/a/[id]", "kind": "page"},
            {"pattern": "/a/[slug]", "kind": "page"},
            {"pattern": "/b", "kind": "nope"},
        ]
    }
    with pytest.raises(routecore.RouteBuildError) as ei:
        routecore.Router.from_config(cfg)
    e = ei.value
    assert isinstance(e.errors, list) and len(e.errors) >= 2
    text = "\n".join(e.errors)
    assert "[id]" in text and "[slug]" in text and "routes[2].kind" in text
    assert e.code == _ffi.RESULT_BUILD_FAILED
    assert all(m in str(e) for m in e.errors)


def test_invalid_json_is_a_build_error() -> None:
    with pytest.raises(routecore.RouteBuildError):
        routecore.Router.from_config("{not json")


def test_config_not_utf8() -> None:
    with pytest.raises(routecore.InvalidUtf8Error) as ei:
        routecore.Router.from_config(b'{"routes": [{"pattern": "/\xff", "kind": "page"}]}')
    assert isinstance(ei.value, ValueError)


def test_load(tmp_path: Path) -> None:
    with routecore.Router.load(SHOP) as r:
        assert len(r) > 20
    with routecore.Router.load(str(SHOP / "routecore.json")) as r:
        assert r.match("GET", "/products/1").route is not None
    with pytest.raises(routecore.RouteBuildError) as ei:
        routecore.Router.load(tmp_path / "missing")
    assert any("missing" in m for m in ei.value.errors)


def test_builder() -> None:
    with routecore.Builder() as b:
        b.add_route("/api/users/[id]", "route", ["GET", "DELETE"], id=7, file="app/u.ts")
        b.add_route("/docs/[[...slug]]", routecore.RouteKind.PAGE, dynamic="force-static")
        b.add_route("/sitemap.xml", "metadata", revalidate=False)
        b.add_route("/isr", revalidate=30)
        b.base_path("/app").trailing_slash(False).skip_trailing_slash_redirect(False)
        r = b.build()
        r2 = b.build()  # building does not consume the builder
    with r, r2:
        d = r.match("GET", "/app/api/users/5")
        assert (d.action, d.route_id, d.params, d.pathname) == ("route", 7, {"id": "5"}, "/api/users/5")
        assert d.route is not None and d.route.file == "app/u.ts"
        assert r.match("GET", "/app/docs").route_id == 1  # default id: the index
        assert r.match("GET", "/app/isr").revalidate == 30
        assert r.match("GET", "/api/users/5").action == "not_found"
        info = {i.pattern: i for i in r.routes()}
        assert info["/api/users/[id]"].methods == ("DELETE", "GET")
        assert info["/api/users/[id]"].kind is routecore.RouteKind.ROUTE
        assert info["/sitemap.xml"].kind is routecore.RouteKind.METADATA
        assert len(r2) == 4


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kind": "lambda"},
        {"kind": "route", "methods": ["TRACE"]},
        {"dynamic": "sometimes"},
        {"revalidate": True},
        {"revalidate": 2**70},
        {"id": -1},
        {"id": 2**64},
    ],
)
def test_builder_bad_arguments(kwargs: dict[str, object]) -> None:
    with routecore.Builder() as b:
        with pytest.raises(ValueError) as ei:
            b.add_route("/x", **kwargs)  # type: ignore[arg-type]
        assert isinstance(ei.value, routecore.InvalidArgumentError)


def test_builder_range_errors_from_the_core() -> None:
    with routecore.Builder() as b:
        with pytest.raises(routecore.InvalidArgumentError):
            b.add_route("/x", revalidate=-5)  # neither seconds nor a constant: the core says no
        with pytest.raises(routecore.RouteBuildError) as ei:
            b.add_route("/a/[id]").add_route("/a/[slug]").build()
        assert len(ei.value.errors) >= 1


def test_raw_abi_argument_errors() -> None:
    b = _ffi.routecore_builder_new()
    try:
        r = _ffi.routecore_builder_add_route(b, b"/x", 2, 99, 0, 0, -1, 0, None, 0)
        assert r == _ffi.RESULT_INVALID_ARGUMENT
        r = _ffi.routecore_builder_add_route(b, None, 5, 0, 0, 0, -1, 0, None, 0)
        assert r == _ffi.RESULT_NULL_PARAMETER
        r = _ffi.routecore_builder_add_route(b, b"/\xff", 2, 1, 0, 0, -1, 0, None, 0)
        assert r == _ffi.RESULT_INVALID_UTF8
    finally:
        _ffi.routecore_builder_free(b)


# ---- errors ----


@pytest.mark.parametrize(
    ("code", "cls", "base"),
    [
        (_ffi.RESULT_NULL_PARAMETER, routecore.NullParameterError, ValueError),
        (_ffi.RESULT_PANIC, routecore.PanicError, RuntimeError),
        (_ffi.RESULT_INVALID_UTF8, routecore.InvalidUtf8Error, ValueError),
        (_ffi.RESULT_LENGTH_LIMIT, routecore.LengthLimitError, ValueError),
        (_ffi.RESULT_INSUFFICIENT_SIZE, routecore.InsufficientSizeError, routecore.RoutecoreError),
        (_ffi.RESULT_INVALID_ARGUMENT, routecore.InvalidArgumentError, ValueError),
        (_ffi.RESULT_NO_DECISION, routecore.NoDecisionError, routecore.RoutecoreError),
        (999, routecore.RoutecoreError, Exception),
    ],
)
def test_every_result_code_has_an_exception(code: int, cls: type, base: type) -> None:
    e = _errors.error_for(code, "what")
    assert type(e) is cls and isinstance(e, base) and isinstance(e, routecore.RoutecoreError)
    assert e.code == code
    assert str(e).startswith("what: ") and len(str(e)) > 8  # the library's message
    assert issubclass(routecore.PanicError, routecore.RoutecoreError)
    assert not issubclass(routecore.PanicError, ValueError)


def test_panic_message_comes_from_the_library() -> None:
    assert "panic" in _ffi.result_message(_ffi.RESULT_PANIC).lower()


# ---- matching ----


def test_decision_fields() -> None:
    with routecore.Router.load(SHOP) as r:
        d = r.match("GET", "/products/42?ref=home&ref=ad", headers={"x-debug": "1"})
        assert d.action == "route" and str(d.action) == "route"
        assert d.action is routecore.Action.ROUTE
        assert d.status == 200
        assert d.route == routecore.Route(
            "/products/[id]", routecore.RouteKind.PAGE, "app/(shop)/products/[id]/page.tsx", 10
        )
        assert d.params == {"id": "42"}
        assert d.pathname == "/products/42"
        assert d.query == {"ref": ["home", "ad"]}
        assert (d.location, d.allow, d.body) == (None, None, None)
        assert d.request_headers == {"x-debug": None, "x-shop-edge": "1"}
        assert ("x-frame-options", "DENY") in d.response_headers
        assert all(isinstance(p, tuple) for p in d.response_headers)
        assert d.middleware is True
        assert d.cache is routecore.Cache.STATIC and d.revalidate == 60
        assert d.head_via_get is False and d.vary == []
        fields = {f.name for f in dataclasses.fields(routecore.Decision)}
        assert fields == set(d.to_json())
        with pytest.raises(dataclasses.FrozenInstanceError):
            d.status = 500  # type: ignore[misc]


def test_respond_body_is_exact_bytes() -> None:
    cfg = {
        "routes": [{"pattern": "/x", "kind": "page"}],
        "middleware": {"rules": [{"respond": {"status": 418, "body": "tea \u2615"}}]},
    }
    with routecore.Router.from_config(cfg) as r:
        d = r.match("GET", "/x")
        assert (d.action, d.status, d.body) == ("respond", 418, "tea \u2615".encode())


def test_to_json_matches_the_library_json() -> None:
    with routecore.Router.load(SHOP) as r:
        t = _router._thread()
        for m, u, h in [
            ("GET", "/products/42?a=1", {}),
            ("GET", "/docs/a/b", {}),
            ("DELETE", "/api/health", {"authorization": "x"}),
            ("GET", "/about/", {}),
            ("GET", "/", {"cookie": "ab-home=b"}),
            ("GET", "/cdn/x", {}),
            ("POST", "/api/products", {}),
            ("GET", "/%zz/../x", {}),
        ]:
            d = r.match(m, u, headers=h)
            buf = ctypes.create_string_buffer(1 << 16)
            n = ctypes.c_size_t(0)
            rc = _ffi.routecore_context_json(t.ctx, buf, len(buf), ctypes.byref(n))
            assert rc == _ffi.RESULT_OK
            raw = json.loads(buf.raw[: n.value])
            assert d.to_json() == raw


def test_request_inputs() -> None:
    cfg = {
        "routes": [{"pattern": "/x", "kind": "page"}],
        "middleware": {
            "rules": [
                {
                    "if": {"source": "/x", "has": [{"type": "host", "value": "a.example"}]},
                    "respond": {"status": 202, "body": "host a"},
                },
                {
                    "if": {"source": "/x", "has": [{"type": "header", "key": "x-k", "value": "v"}]},
                    "respond": {"status": 203, "body": "header"},
                },
            ]
        },
    }
    with routecore.Router.from_config(cfg) as r:
        assert r.match("GET", "/x").status == 200
        assert r.match("GET", "/x", host="a.example").status == 202
        assert r.match(b"GET", b"/x", host=b"a.example").status == 202
        assert r.match("GET", "/x", headers={"host": "a.example"}).status == 202
        assert r.match("GET", "http://a.example/x").status == 202
        assert r.match("GET", "/x", headers={"X-K": "v"}).status == 203
        assert r.match("GET", "/x", headers=[("x-k", "v")]).status == 203
        assert r.match("GET", "/x", headers=[(b"x-k", b"v")]).status == 203
        assert r.match("GET", "/x", headers=(("a", "1"), ("x-k", "v"))).status == 203
        # Any iterable of pairs, bytes-like fields, and str and bytes mixed.
        assert r.match("GET", "/x", headers=iter([("x-k", "v")])).status == 203
        like: Any = [(bytearray(b"x-k"), memoryview(b"v"))]
        assert r.match("GET", "/x", headers=like).status == 203
        like = [("a", b"1"), (bytearray(b"x-k"), "v")]
        assert r.match("GET", "/x", headers=like).status == 203
        # A NUL in a value: each field is passed with its length (a header name with one is a
        # 400), and no value can add a header of its own.
        assert r.match("GET", "/x", headers=[("x-a", "1\0x-k\0v")]).status == 200
        like = [("x-a", bytearray(b"1\0x-k\0v"))]
        assert r.match("GET", "/x", headers=like).status == 200
        assert r.match("GET", "/x", headers=[("x-a", "\0"), ("x-k", "v")]).status == 203
        assert r.match("GET", "/x", headers=[("x\0k", "v")]).status == 400
        # Every item must be a pair, even where the lengths would add up.
        for bad in ([("x-k", "v", "a"), ("b",)], [("x-k",)], [("x-k", "v", "w")]):
            with pytest.raises(ValueError):
                r.match("GET", "/x", headers=bad)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            r.match("GET", "/x", headers=[("x-k", 1)])  # type: ignore[list-item]


def test_bad_requests_are_decisions_not_exceptions() -> None:
    with routecore.Router.from_config(SIMPLE) as r:
        assert r.match("GET", b"/blog/\xff").status == 400
        assert r.match("GET", "/blog/" + "a" * 9000).status == 414
        assert r.match("GET", "/blog/a", headers={f"x-{i}": "v" for i in range(100)}).status == 431
        assert r.match("", "").action in ("bad_request", "not_found")


def test_abi_length_limits() -> None:
    with routecore.Router.from_config(SIMPLE) as r:
        with pytest.raises(routecore.LengthLimitError):
            r.match("GET", "/" + "a" * (2 << 20))
        with pytest.raises(ValueError):
            r.match("GET", "/", headers=[("x", "y")] * 10001)
        assert r.match("GET", "/blog/a").status == 200  # still fine afterwards


def test_large_decisions_and_requests_grow_the_buffers() -> None:
    with routecore.Router.from_config(SIMPLE) as r:
        segs = [f"segment-number-{i:04}" for i in range(250)]  # JSON over 4 KiB
        d = r.match("GET", "/docs/" + "/".join(segs))
        assert d.params == {"slug": segs}
        big = {f"x-h{i}": "v" * 100 for i in range(50)}
        assert r.match("GET", "/blog/a", headers=big).status == 200
        assert r.match("GET", "/docs").params == {}


def test_decisions_decode_on_first_read_and_are_copies() -> None:
    """A match copies the packed decision and decodes action, status, route and params at once,
    the other fields on first read; such a Decision is indistinguishable from one built field
    by field."""
    with routecore.Router.from_config(SIMPLE) as r:
        d = r.match("GET", "/api/users/1?x=1&x=2")
        e = r.match("GET", "/docs/a/b", headers={"x-k": "v"})
        assert "query" not in vars(d) and "pathname" not in vars(d)  # not decoded yet
        assert d.params == {"id": "1"} and d.query == {"x": ["1", "2"]}
        assert e.params == {"slug": ["a", "b"]} and e.route is not None
        assert e.route.file == "app/docs/[[...slug]]/page.tsx"
        assert d.query is d.query  # decoded once, then kept
        for x in (r.match("GET", "/blog/b"), d, e, r.match("POST", "/docs"), r.match("GET", "/no")):
            eager = routecore.Decision(
                **{f.name: getattr(x, f.name) for f in dataclasses.fields(routecore.Decision)}
            )
            assert eager == x and x == eager and repr(eager) == repr(x)
            assert eager.to_json() == x.to_json()
            assert pickle.loads(pickle.dumps(x)) == x
            assert copy.deepcopy(x) == x
        # A NUL in a param (the string area is then cut by the slot table).
        assert r.match("GET", "/api/users/a%00b").params == {"id": "a\x00b"}
        f = r.match("GET", "/blog/b")
        assert dataclasses.replace(f, status=201).status == 201
        assert dataclasses.asdict(f)["params"] == {"slug": "b"}
        assert f.revalidate == 60 and f.cache is routecore.Cache.STATIC and f.reason is None


def test_long_targets_are_decided_the_same() -> None:
    """Targets over _HOLD_GIL bytes go through the GIL-releasing function: same decisions."""
    with routecore.Router.from_config(SIMPLE) as r:
        slug = "a" * (_router._HOLD_GIL + 10)
        for target in ("/blog/" + slug, ("/blog/" + slug).encode()):
            d = r.match("GET", target)
            assert (d.status, d.params, d.pathname) == (200, {"slug": slug}, "/blog/" + slug)
        assert r.match("GET", "/blog/b").params == {"slug": "b"}


def test_find_is_the_route_and_params_of_a_plain_route_decision() -> None:
    cfg = {
        **SIMPLE,
        "headers": [{"source": "/blog/:slug", "headers": [{"key": "x-h", "value": "1"}]}],
        "redirects": [{"source": "/old", "destination": "/docs", "permanent": True}],
    }
    with routecore.Router.from_config(cfg) as r, routecore.SharedRouter(r) as s:
        for router in (r, s, r):
            for _ in range(2):  # a route's first sight, then the token cache
                found = router.find("GET", "/api/users/5?x=1")
                assert found is not None and found[1] == {"id": "5"}
                assert found[0] == r.match("GET", "/api/users/5").route
                assert router.find("GET", b"/docs/a/b") == (r.match("GET", "/docs").route, {"slug": ["a", "b"]})
                assert router.find("GET", "/docs")[1] == {}  # type: ignore[index]
                assert router.find("GET", "/api/users/a%00b")[1] == {"id": "a\x00b"}  # type: ignore[index]
                long = "x" * (_router._HOLD_GIL + 1)
                assert router.find("GET", "/api/users/" + long)[1] == {"id": long}  # type: ignore[index]
                assert router.find("GET", "/blog/b") is None  # a header to add: use match()
                assert router.find("HEAD", "/api/users/5") is None  # HEAD through GET
                for method, target in (("GET", "/old"), ("GET", "/nope"), ("POST", "/api/users/1"), ("get", "x")):
                    assert router.find(method, target) is None, (method, target)
        with pytest.raises(routecore.LengthLimitError):
            r.find("GET", "/" + "a" * (2 << 20))
    with pytest.raises(routecore.ClosedError):
        r.find("GET", "/docs")
    with pytest.raises(routecore.ClosedError):
        s.find("GET", "/docs")


def test_route_tokens_never_outlive_their_table() -> None:
    """A Router caches its Route objects by the library's route token; a SharedRouter, whose
    table a swap replaces (and whose old table's memory a new one may reuse), never does."""
    cfgs = [
        {"routes": [{"pattern": "/x/[id]", "kind": "page", "id": i, "file": f"f{i}"}]}
        for i in range(2)
    ]
    with routecore.Router.from_config(cfgs[0]) as r:
        a, b = r.match("GET", "/x/1"), r.match("GET", "/x/2")
        assert a.route is b.route and a.params == {"id": "1"}
    with routecore.Router.from_config(cfgs[1]) as r, routecore.SharedRouter(r) as s:
        for i in range(40):
            with routecore.Router.from_config(cfgs[i % 2]) as n:
                s.swap(n)
            route = s.match("GET", "/x/7").route
            assert route is not None and (route.id, route.file) == (i % 2, f"f{i % 2}")
            with routecore.Router.from_config(cfgs[i % 2]) as fresh:
                route = fresh.match("GET", "/x/7").route
                assert route is not None and route.id == i % 2


def test_routes_are_shared_only_when_equal() -> None:
    """Decisions share Route objects (they are frozen), never across routes that differ in
    kind, file or id, and an absent file stays apart from an empty one."""
    a = {"routes": [{"pattern": "/x/[id]", "kind": "page", "id": 1}]}
    b = {"routes": [{"pattern": "/x/[id]", "kind": "page", "id": 1, "file": "app/x/page.tsx"}]}
    c = {"routes": [{"pattern": "/x/[id]", "kind": "route", "methods": ["GET"], "id": 1}]}
    d = {"routes": [{"pattern": "/x/[id]", "kind": "page", "id": 2, "file": ""}]}
    seen = []
    for cfg in (a, b, c, d, a, d):
        with routecore.Router.from_config(cfg) as r:
            seen.append(r.match("GET", "/x/1").route)
    assert [(x.kind.value, x.file, x.id) for x in seen if x] == [
        ("page", None, 1),
        ("page", "app/x/page.tsx", 1),
        ("route", None, 1),
        ("page", "", 2),
        ("page", None, 1),
        ("page", "", 2),
    ]
    assert seen[0] is seen[4]


# ---- lifetimes ----


def test_use_after_close_raises() -> None:
    r = routecore.Router.from_config(SIMPLE)
    d = r.match("GET", "/api/users/1")
    r.close()
    r.close()  # idempotent
    assert r.closed
    for call in (lambda: r.match("GET", "/"), r.routes, lambda: len(r)):
        with pytest.raises(routecore.ClosedError, match="already closed") as ei:
            call()
        assert isinstance(ei.value, ValueError)
    assert d.params == {"id": "1"}  # decisions are copies
    assert "closed" in repr(r)

    b = routecore.Builder()
    b.close()
    with pytest.raises(ValueError, match="already closed"):
        b.add_route("/x")
    with pytest.raises(ValueError, match="already closed"):
        b.build()


def test_context_managers_close() -> None:
    with routecore.Router.from_config(SIMPLE) as r:
        pass
    assert r.closed
    with routecore.Router.from_config(SIMPLE) as r, routecore.SharedRouter(r) as s:
        pass
    assert s.closed
    with pytest.raises(ValueError, match="SharedRouter already closed"):
        s.match("GET", "/")


def test_shared_router() -> None:
    a = routecore.Router.from_config({"routes": [{"pattern": "/x", "kind": "page", "id": 1}]})
    b = routecore.Router.from_config({"routes": [{"pattern": "/x", "kind": "page", "id": 2}]})
    s = routecore.SharedRouter(a)
    a.close()  # the slot holds a reference of its own
    assert s.match("GET", "/x").route_id == 1
    s.swap(b)
    assert s.match("GET", "/x").route_id == 2
    with s.load() as cur:
        assert cur.match("GET", "/x").route_id == 2
    b.close()
    with pytest.raises(ValueError, match="Router already closed"):
        s.swap(b)
    assert s.match("GET", "/x").route_id == 2
    s.close()


def test_del_is_a_safety_net() -> None:
    for _ in range(200):
        r = routecore.Router.from_config(SIMPLE)
        r.match("GET", "/blog/x")
        s = routecore.SharedRouter(r)
        routecore.Builder().add_route("/x")
        del r, s
    gc.collect()


def test_close_while_other_threads_match() -> None:
    r = routecore.Router.load(SHOP)
    stop = threading.Event()
    results: list[str] = []

    def worker() -> None:
        n = 0
        while not stop.is_set():
            try:
                assert r.match("GET", "/products/42").status == 200
                n += 1
            except routecore.ClosedError:
                results.append(f"closed after {n}")
                return
        results.append("stopped")

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    while r.match("GET", "/").status != 200:
        pass
    r.close()
    for t in threads:
        t.join(10)
    stop.set()
    assert len(results) == 4 and all(x.startswith("closed") for x in results)


def test_contexts_are_per_thread() -> None:
    main = _router._thread()
    other: list[object] = []
    t = threading.Thread(target=lambda: other.append(_router._thread()))
    t.start()
    t.join()
    assert other[0] is not main
    assert _router._thread() is main


# ---- the library lookup ----


def _import_in_subprocess(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import routecore; print(routecore.LIBRARY_PATH)"],
        env=env,
        cwd=PYDIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_library_env_var_is_used() -> None:
    assert routecore.LIBRARY_PATH
    assert routecore.library_version().count(".") == 2


def test_library_env_var_that_does_not_load() -> None:
    env = dict(os.environ, ROUTECORE_LIBRARY="/nonexistent/libroutecore.so", PYTHONPATH=str(PYDIR))
    p = _import_in_subprocess(env)
    assert p.returncode != 0
    assert "LibraryNotFoundError" in p.stderr and "/nonexistent/libroutecore.so" in p.stderr


def test_library_not_found_names_all_three_places() -> None:
    if _ffi.BUNDLED_PATH.exists():
        pytest.skip("a bundled copy exists in the source tree")
    env = {k: v for k, v in os.environ.items() if k not in ("ROUTECORE_LIBRARY", "LD_LIBRARY_PATH")}
    env["PYTHONPATH"] = str(PYDIR)
    p = _import_in_subprocess(env)
    if p.returncode == 0:
        pytest.skip(f"a system-wide libroutecore exists: {p.stdout.strip()}")
    err = p.stderr
    assert "LibraryNotFoundError" in err
    assert "ROUTECORE_LIBRARY" in err
    assert str(_ffi.BUNDLED_PATH) in err
    assert 'find_library("routecore")' in err


def test_packed_decisions_equal_the_library_json() -> None:
    """Router.match reads routecore_context_packed; the JSON form holds the same decision,
    including non-ASCII strings, list query values and repeated keys."""
    cfg = json.loads((Path(SHOP) / "routecore.json").read_text())
    cfg["rewrites"]["afterFiles"].append({"source": "/old/:path*", "destination": "/docs"})
    with routecore.Router.from_config(cfg) as r:
        t = _router._thread()
        buf = ctypes.create_string_buffer(1 << 16)
        n = ctypes.c_size_t(0)
        for m, u, h in [
            ("GET", "/blog/caf%C3%A9?q=%E2%82%AC&q=x&e=", {}),
            ("GET", "/old/a", {}),
            ("GET", "/old/a/b?path=z&k=1", {}),
            ("GET", "/categories/m%C3%A4nner/schuhe", {"x-debug": "1", "x-middleware-x": "1"}),
            ("OPTIONS", "/api/products/1", {}),
            ("PUT", "/api/health", {"authorization": "x"}),
            ("GET", "/help", {}),
            ("GET", "/shop/1", {}),
            ("HEAD", "/about", {}),
            ("GET", "/nothing/here", {}),
        ]:
            d = r.match(m, u, headers=h)
            rc = _ffi.routecore_context_json(t.ctx, buf, len(buf), ctypes.byref(n))
            assert rc == _ffi.RESULT_OK
            assert d.to_json() == json.loads(buf.raw[: n.value]), (m, u)
        assert r.match("GET", "/old/a").query == {"path": ["a"]}


@pytest.mark.parametrize(
    ("method", "target", "status", "code"),
    [
        ("GET", "/api/1", 200, None),
        ("get", "/api/1", 405, "method_case"),
        ("PUT", "/api/1", 405, "method_not_allowed"),
        ("GET", "api/1", 400, "target_not_origin_form"),
        ("GET", "/api/%zz", 400, "bad_escape"),
        ("GET", "/%zz", 404, "no_route_bad_escape"),
        ("GET", "/nothing", 404, "no_route"),
    ],
)
def test_reason_names_every_non_route_answer(
    method: str, target: str, status: int, code: str | None
) -> None:
    r = routecore.Router.from_config(
        {"routes": [{"pattern": "/api/[id]", "kind": "route", "methods": ["GET"]}]}
    )
    d = r.match(method, target)
    assert d.status == status
    if code is None:
        assert d.reason is None
        assert d.to_json()["reason"] is None
    else:
        assert d.reason is not None and d.reason.code == code and len(d.reason.text) > 10
        assert d.to_json()["reason"] == {"code": code, "text": d.reason.text}
