"""Replays every tests/vectors/*.json file through the typed API.

Each decision is read as a typed ``Decision`` and converted back to the §6.1 JSON shape with
``Decision.to_json()``, so the typed path (not the raw JSON) is what is compared, per the rules
of tests/vectors/README.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import routecore
from conftest import VECTORS
from routecore._router import _found, route_facts

FILES = sorted(VECTORS.glob("*.json"))


def same(a: Any, b: Any) -> bool:
    """Deep equality that tells booleans from numbers and ignores object key order."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def check_case(router: routecore.Router, case: dict[str, Any]) -> list[str]:
    d = router.match(
        case["method"],
        case["url"],
        host=case.get("host"),
        headers=[(k, v) for k, v in case.get("headers", [])],
    )
    assert isinstance(d, routecore.Decision)
    # The middleware's read of the packed header, before any other field is decoded.
    facts = route_facts(d)
    got = d.to_json()
    problems = []
    want_facts = (
        d.head_via_get,
        d.cache,
        d.revalidate,
        bool(d.request_headers or d.response_headers or d.vary),
        None if d.pathname is None else d.pathname.encode(),
    )
    if facts != want_facts:
        problems.append(f"route_facts: want {want_facts}, got {facts}")
    if not case.get("host") and not case.get("headers"):
        # Router.find: the route and params of a plain route decision (twice: the first sight
        # of a route reads the full decision, later ones only the params), else None.
        want_found = _found(d)
        for _ in range(2):
            found = router.find(case["method"], case["url"])
            if found != want_found:
                problems.append(f"find: want {want_found}, got {found}")
    for key, want in case["expect"].items():
        if key == "route" and isinstance(want, dict):
            have = got["route"]
            if have is None or any(not same(have.get(k), v) for k, v in want.items()):
                problems.append(f"route: want {want}, got {have}")
        elif key not in got or not same(got[key], want):
            problems.append(f"{key}: want {json.dumps(want)}, got {json.dumps(got.get(key))}")
    return problems


def test_vector_files_exist() -> None:
    assert len(FILES) >= 19


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_vectors(path: Path) -> None:
    data = json.loads(path.read_text())
    failures: list[str] = []
    cases = 0
    for group in data["groups"]:
        name = group["name"]
        if "expect_errors" in group:
            with pytest.raises(routecore.RouteBuildError) as ei:
                routecore.Router.from_config(group["config"])
            msgs = [m.lower() for m in ei.value.errors]
            assert msgs, name
            for want in group["expect_errors"]:
                if not any(want.lower() in m for m in msgs):
                    failures.append(f"{name}: no error mentions {want!r}: {ei.value.errors}")
            continue
        with routecore.Router.from_config(group["config"]) as router:
            if "expect_routes" in group:
                got = [r.pattern for r in router.routes()]
                if got != group["expect_routes"]:
                    failures.append(f"{name}: routes {got} != {group['expect_routes']}")
            for case in group["cases"]:
                cases += 1
                for p in check_case(router, case):
                    failures.append(f"{name}: {case['method']} {case['url']!r}: {p}")
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:40])
