"""A request's cost is linear in its size in Python too (issue 14: an 8 KB query of distinct
keys once took 18 s to read out of ``Router.match``). The native side is measured under
callgrind by ``ffi/tests/complexity.rs``; here the Python side is counted in bytecode
instructions (``sys.settrace`` with opcode events): exact and repeatable, unlike time."""

from __future__ import annotations

import sys
from types import FrameType
from typing import Any, Callable

import routecore

CONFIG = {
    "limits": {"maxTargetBytes": 2000000, "maxHeaders": 100000, "maxHeaderBytes": 2000000},
    "routes": [
        {"pattern": "/login", "kind": "route", "methods": ["GET"]},
        {"pattern": "/[[...all]]", "kind": "page"},
    ],
    "redirects": [{"source": "/r", "destination": "/login", "permanent": False}],
    "rewrites": [{"source": "/x", "destination": "/login?extra=1&k00001=replaced"}],
}


def opcodes(fn: Callable[[], Any]) -> int:
    """Python bytecode instructions `fn` executes (every frame, the binding's included)."""
    count = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        frame.f_trace_opcodes = True
        if event == "opcode":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


def read_out(r: routecore.Router, target: str, headers: list[tuple[str, str]]) -> int:
    d = r.match("GET", target, headers=headers)
    return len(d.query) + len(d.params) + len(d.response_headers) + len(d.request_headers)


def test_reading_a_decision_is_linear_in_every_dimension() -> None:
    with routecore.Router.from_config(CONFIG) as r:
        read_out(r, "/login", [])  # warm: the thread's context and buffers
        dims: dict[str, Callable[[int], tuple[str, list[tuple[str, str]]]]] = {
            "distinct keys": lambda n: ("/login?" + "&".join(f"k{i:05}" for i in range(n)), []),
            "repeated keys": lambda n: ("/x?" + "&".join(f"a={i}" for i in range(n)), []),
            "redirect query": lambda n: ("/r?" + "&".join(f"k{i:05}=v" for i in range(n)), []),
            "segments": lambda n: ("/" + "/".join("s" for _ in range(n)), []),
            "headers": lambda n: ("/login", [(f"x-middleware-h{i}", "v") for i in range(n)]),
        }
        for name, make in dims.items():
            small, large = make(200), make(2000)
            a = opcodes(lambda: read_out(r, *small))
            b = opcodes(lambda: read_out(r, *large))
            # Fixed costs make small inputs dearer per item: linear work gives at most 10.
            assert a > 100, f"{name}: the counter saw {a} opcodes"
            assert b <= 15 * a, f"{name}: {a} opcodes at 200, {b} at 2000"


def test_the_worst_default_query_reads_out_whole() -> None:
    # The most distinct keys an 8 KiB target holds, read out in order, each once.
    keys = [f"{i:x}" for i in range(1900)]
    target = "/login?" + "&".join(keys)
    assert len(target) <= 8 * 1024
    with routecore.Router.from_config({"routes": CONFIG["routes"]}) as r:
        d = r.match("GET", target)
        assert d.status == 200
        assert list(d.query) == keys
        assert all(v == "" for v in d.query.values())
        d = r.match("GET", "/login?" + "&".join(keys[:1000] + ["zz=1", "zz=2"]))
        assert d.query["zz"] == ["1", "2"] and len(d.query) == 1001
