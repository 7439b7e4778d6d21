"""The route sets and request lists the benchmarks run, in each router's own syntax."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from github_routes import GITHUB_API

ROOT = Path(__file__).resolve().parents[3]
SHOP = ROOT / "examples" / "shop"

_PARAM = re.compile(r":(\w+)")


def merged(routes: list[tuple[str, str]]) -> dict[str, list[str]]:
    """path -> methods, in first-seen order."""
    out: dict[str, list[str]] = {}
    for method, path in routes:
        out.setdefault(path, []).append(method)
    return out


def github_requests() -> list[tuple[str, str]]:
    """One request per route: each :param replaced by a value."""
    return [(m, _PARAM.sub(lambda mo: "v" + mo.group(1), p)) for m, p in GITHUB_API]


def github_config() -> dict[str, Any]:
    return {
        "routes": [
            {"pattern": _PARAM.sub(r"[\1]", p), "kind": "route", "methods": ms, "id": i}
            for i, (p, ms) in enumerate(merged(GITHUB_API).items())
        ]
    }


def github_werkzeug() -> list[tuple[str, list[str]]]:
    return [(_PARAM.sub(r"<\1>", p), ms) for p, ms in merged(GITHUB_API).items()]


def github_braces() -> list[tuple[str, list[str]]]:
    """Starlette and Falcon: {name}."""
    return [(_PARAM.sub(r"{\1}", p), ms) for p, ms in merged(GITHUB_API).items()]


# ---- examples/shop: its routes, and requests that hit every kind of route ----


def shop_config() -> dict[str, Any]:
    cfg: dict[str, Any] = json.loads((SHOP / "routecore.json").read_text())
    return cfg


def shop_routes_only() -> dict[str, Any]:
    """The shop's routes without middleware/headers/redirects/rewrites (the other routers have
    no such rules, so this is the like-for-like table)."""
    cfg = shop_config()
    return {"routes": cfg["routes"]}


SHOP_REQUESTS: list[tuple[str, str]] = [
    ("GET", "/"),
    ("GET", "/about"),
    ("GET", "/blog"),
    ("GET", "/blog/hello-world"),
    ("GET", "/blog/hello-world/edit"),
    ("GET", "/products"),
    ("GET", "/products/42"),
    ("GET", "/products/42/reviews"),
    ("GET", "/categories/men/shoes/running"),
    ("GET", "/cart"),
    ("GET", "/docs"),
    ("GET", "/docs/getting-started/install"),
    ("GET", "/api/health"),
    ("GET", "/api/products"),
    ("POST", "/api/products"),
    ("GET", "/api/products/42"),
    ("DELETE", "/api/products/42"),
    ("GET", "/api/products/42/reviews"),
    ("PATCH", "/api/cart/items/7"),
    ("POST", "/api/webhooks/stripe"),
    ("GET", "/api/files/a/b/c.txt"),
    ("GET", "/sitemap.xml"),
    ("GET", "/products/42/opengraph-image"),
    ("GET", "/account/orders/1001"),
]


def _segments(pattern: str, style: str) -> str:
    """A routecore pattern in another router's syntax; catch-alls become path converters."""

    def seg(s: str) -> str:
        m = re.fullmatch(r"\[\[?\.\.\.(\w+)\]?\]", s)
        if m:
            return {"werkzeug": f"<path:{m.group(1)}>", "starlette": f"{{{m.group(1)}:path}}",
                    "falcon": f"{{{m.group(1)}:path}}"}[style]
        m = re.fullmatch(r"\[(\w+)\]", s)
        if m:
            return {"werkzeug": f"<{m.group(1)}>"}.get(style, f"{{{m.group(1)}}}")
        return s

    return "/" + "/".join(seg(s) for s in pattern.strip("/").split("/")) if pattern != "/" else "/"


def shop_other(style: str) -> list[tuple[str, list[str]]]:
    out = []
    for r in shop_config()["routes"]:
        methods = r.get("methods", ["GET", "HEAD"]) if r["kind"] == "route" else ["GET", "HEAD"]
        pat = r["pattern"]
        if pat.endswith("[[...slug]]"):  # optional catch-all: the bare path too
            out.append((_segments(pat.rsplit("/", 1)[0], style), methods))
        out.append((_segments(pat, style), methods))
    return out
