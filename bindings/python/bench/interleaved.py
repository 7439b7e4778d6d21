"""The same comparison as bench_routers.py, interleaved: each round times every router once,
back to back, and the table keeps each router's best round. On a shared, noisy machine this
keeps load drift from favouring whichever benchmark pyperf happened to run in a quiet moment.

    ROUTECORE_LIBRARY=target/release/libroutecore.so PYTHONPATH=bindings/python \\
        python bindings/python/bench/interleaved.py [--rounds 15] [--markdown]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_routers as B  # noqa: E402
import routesets as R  # noqa: E402


def measure(fn: Callable[[], None], n: int, budget: float = 0.05) -> float:
    """Seconds per request for one timing of at least `budget` seconds."""
    loops = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(loops):
            fn()
        dt = time.perf_counter() - t0
        if dt >= budget:
            return dt / loops / n
        loops *= 2


def baseline(package_dir: str, library: str) -> Any:
    """Imports another version of the package as ``routecore_baseline`` (a copy of its
    directory, renamed; its modules import each other relatively), loading ``library``."""
    import importlib
    import os
    import shutil
    import tempfile

    where = Path(tempfile.mkdtemp(prefix="routecore-baseline-"))
    shutil.copytree(package_dir, where / "routecore_baseline")
    sys.path.insert(0, str(where))
    old = os.environ.get("ROUTECORE_LIBRARY")
    os.environ["ROUTECORE_LIBRARY"] = library
    try:
        return importlib.import_module("routecore_baseline")
    finally:
        if old is None:
            del os.environ["ROUTECORE_LIBRARY"]
        else:
            os.environ["ROUTECORE_LIBRARY"] = old


def with_baseline(
    base: Any, config: dict[str, Any], reqs: list[tuple[str, str]]
) -> dict[str, Callable[[], None]]:
    """``router.match`` of the baseline version, when one was given."""
    if base is None:
        return {}
    router = base.Router.from_config(config)
    for m, p in reqs:
        assert router.match(m, p).action == "route", (m, p)
    match = router.match
    _keep.append(router)

    def run() -> None:
        for m, p in reqs:
            match(m, p)

    return {"routecore (baseline)": run}


def baseline_reads(base: Any, config: dict[str, Any], reqs: list[tuple[str, str]]) -> Any:
    """The baseline's router.match + route + params, and + every field read (as the
    ``overhead`` rows of bench_routers.overhead_fns time the current version)."""
    if base is None:
        return {}
    router = base.Router.from_config(config)
    _keep.append(router)
    route_params, every_field, with_headers = B.read_workloads(router.match, reqs)
    adapters = B.adapter_workloads(base, config, reqs)
    return {
        "(baseline) router.match() + route + params": route_params,
        "(baseline) router.match() + every field read": every_field,
        "(baseline) router.match() with 8 request headers": with_headers,
        **{"(baseline) " + k: v for k, v in adapters.items()},
    }


_keep: list[Any] = []


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument(
        "--baseline",
        nargs=2,
        metavar=("PACKAGE_DIR", "LIBRARY"),
        help="also time another version of the binding in the same run: the routecore package "
        "directory of that version (e.g. an older checkout's bindings/python/routecore) and the "
        "libroutecore.so it goes with",
    )
    args = ap.parse_args()
    base = baseline(*args.baseline) if args.baseline else None
    gh = R.github_requests()
    shop = R.SHOP_REQUESTS
    full = B.shop_full_requests()
    sets = {
        "github": (
            len(gh),
            {
                "routecore": B.routecore_fn(R.github_config(), gh),
                **with_baseline(base, R.github_config(), gh),
                "werkzeug": B.werkzeug_fn(R.github_werkzeug(), gh),
                "starlette": B.starlette_fn(R.github_braces(), gh),
                "falcon": B.falcon_fn(R.github_braces(), gh),
            },
        ),
        "shop": (
            len(shop),
            {
                "routecore": B.routecore_fn(R.shop_routes_only(), shop),
                **with_baseline(base, R.shop_routes_only(), shop),
                "werkzeug": B.werkzeug_fn(R.shop_other("werkzeug"), shop),
                "starlette": B.starlette_fn(R.shop_other("starlette"), shop),
                "falcon": B.falcon_fn(R.shop_other("falcon"), shop),
            },
        ),
        "shop-full": (
            len(full),
            {
                "routecore": B.routecore_fn(R.shop_config(), full),
                **with_baseline(base, R.shop_config(), full),
            },
        ),
        "overhead": (
            len(gh),
            {
                **B.overhead_fns(R.github_config(), gh),
                **B.adapter_workloads(B.routecore, R.github_config(), gh),
                **baseline_reads(base, R.github_config(), gh),
            },
        ),
    }
    samples: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.rounds):
        for set_name, (n, fns) in sets.items():
            for name, fn in fns.items():
                samples.setdefault((set_name, name), []).append(measure(fn, n))
    rows = []
    for (set_name, name), xs in samples.items():
        rows.append((set_name, name, min(xs), statistics.median(xs)))
    if args.markdown:
        print("| set | router | best ns/request | median ns/request |")
        print("|---|---|---:|---:|")
        for s, name, best, med in rows:
            print(f"| {s} | {name} | {best * 1e9:,.0f} | {med * 1e9:,.0f} |")
    else:
        for s, name, best, med in rows:
            print(f"{s:10s} {name:60s} best {best * 1e9:9,.0f} ns  median {med * 1e9:9,.0f} ns")


if __name__ == "__main__":
    main()
