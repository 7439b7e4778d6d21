#!/usr/bin/env python3
"""Prints the ratio table of BENCHMARKS.md from the last `make bench` (target/criterion).

Each ratio compares two functions measured in the same run (median times, criterion's
new/estimates.json). Usage: python3 benches/summary.py [target/criterion]
"""
import json
import sys
from pathlib import Path

root = Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")


def median(group, function):
    f = root / group / function / "new" / "estimates.json"
    if not f.exists():
        return None
    return json.loads(f.read_text())["median"]["point_estimate"]


def fmt(ns):
    if ns is None:
        return "n/a"
    for unit, scale in (("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


rows = []


def ratio(label, group, a, b, target=None):
    ta, tb = median(group, a), median(group, b)
    r = ta / tb if ta and tb else None
    verdict = ""
    if target is not None:
        if r is None:
            verdict = f"missed: not measured (target ≤ {target}×; see the bench log)"
        else:
            verdict = "met" if r <= target else f"missed (target ≤ {target}×)"
    rows.append((label, f"{group}: {a} / {b}", fmt(ta), fmt(tb), f"{r:.2f}×" if r else "n/a", verdict))


for peer in ["matchit", "wayfind", "path-tree", "actix-router", "route-recognizer"]:
    target = 0.7 if peer == "matchit" else None
    ratio(f"GitHub 130 vs {peer}", "github130", "routecore", peer, target)
ratio("static hit vs FxHashMap", "case_static", "routecore", "fxhashmap", 1.2)
for case in ["static", "param1", "param4", "param8", "catchall50", "miss"]:
    ratio(f"{case} vs matchit", f"case_{case}", "routecore", "matchit")
ratio("100,000 vs 100 routes", "scaling_routes", "100000", "100", 1.3)
ratio("10,000 vs 10 redirects", "scaling_redirects", "10000", "10", 1.3)
ratio("1,000 vs 10 redirects", "scaling_redirects", "1000", "10")
ratio("10,000 vs 10 middleware rules", "scaling_middleware", "10000", "10", 1.3)
ratio("full decision vs bare match (shop)", "full_decision", "full", "bare_match", 2.0)
ratio("C ABI vs Rust call (GitHub 130)", "c_abi", "routecore_match", "rust_decide")

print("| comparison | functions | time a | time b | a / b | target |")
print("|---|---|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
print()
for group, function, what in [
    ("go_github203", "routecore", "Go GitHub set, 203 decisions"),
    ("build", "routes_10000", "build, 10,000 routes"),
]:
    print(f"- {what}: {fmt(median(group, function))}")
