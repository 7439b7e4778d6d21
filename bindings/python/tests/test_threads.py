"""Concurrency: 8 threads matching while another thread hot-swaps the shared table, and 8
threads sharing one plain Router. Every decision must come whole from one table."""

from __future__ import annotations

import threading
import time

import routecore

THREADS = 8
SECONDS = 1.5


def table(version: int) -> routecore.Router:
    # Every decision says which table made it: the route id, a response header and (only in
    # odd versions) an extra route.
    routes = [
        {"pattern": "/users/[id]", "kind": "route", "methods": ["GET"], "id": version},
        {"pattern": "/docs/[[...slug]]", "kind": "page", "id": 1000 + version},
    ]
    if version % 2:
        routes.append({"pattern": "/odd", "kind": "page", "id": 2000 + version})
    return routecore.Router.from_config(
        {
            "routes": routes,
            "headers": [{"source": "/:path*", "headers": [{"key": "x-v", "value": str(version)}]}],
        }
    )


def test_matching_during_hot_swaps() -> None:
    first = table(0)
    shared = routecore.SharedRouter(first)
    first.close()
    stop = threading.Event()
    errors: list[str] = []
    counts = [0] * THREADS
    swaps = 0

    def matcher(n: int) -> None:
        try:
            while not stop.is_set():
                d = shared.match("GET", f"/users/{n}")
                v = d.route_id
                assert v is not None and d.params == {"id": str(n)}, d
                assert d.response_headers == [("x-v", str(v))], d
                d = shared.match("GET", "/docs/a/b")
                assert d.route_id is not None and d.route_id >= 1000
                assert d.response_headers == [("x-v", str(d.route_id - 1000))], d
                d = shared.match("GET", "/odd")
                hv = int(dict(d.response_headers)["x-v"])
                if hv % 2:
                    assert d.action == "route" and d.route_id == 2000 + hv, d
                else:
                    assert d.action == "not_found", d
                counts[n] += 1
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(f"thread {n}: {e!r}")

    threads = [threading.Thread(target=matcher, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + SECONDS
    while time.monotonic() < deadline:
        swaps += 1
        with table(swaps) as new:
            shared.swap(new)  # the slot keeps its own reference
    stop.set()
    for t in threads:
        t.join(30)
    shared.close()
    assert not errors, errors[:5]
    assert swaps > 10
    assert all(c > 0 for c in counts), counts


def test_threads_share_one_router() -> None:
    with table(3) as r:
        errors: list[str] = []

        def run(n: int) -> None:
            try:
                for i in range(2000):
                    d = r.match("GET", f"/users/{n}-{i}")
                    assert d.params == {"id": f"{n}-{i}"} and d.route_id == 3
            except BaseException as e:  # noqa: BLE001
                errors.append(repr(e))

        threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not errors, errors[:5]
