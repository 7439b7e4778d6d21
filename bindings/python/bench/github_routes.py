"""The GitHub API route set of julienschmidt/go-http-routing-benchmark (github_test.go at
d8f3b85, the 203 routes not commented out), as (method, path) with ``:name`` params, read from
``benches/data/github-api.txt``, the list the Rust benches read too.

The same set is used by matchit's and many routers' benchmarks. Converters turn each path into
the syntax of routecore (``[name]``), werkzeug (``<name>``), Starlette (``{name}``) and Falcon
(``{name}``).
"""

from __future__ import annotations

from pathlib import Path

_LIST = Path(__file__).resolve().parents[3] / "benches" / "data" / "github-api.txt"

GITHUB_API: list[tuple[str, str]] = [
    (method, path)
    for method, path in (
        line.split(" ", 1)
        for line in _LIST.read_text().splitlines()
        if line and not line.startswith("#")
    )
]

assert len(GITHUB_API) == 203
