"""Shared fixtures. The library comes from ROUTECORE_LIBRARY (run-tests.sh points it at
target/release/libroutecore.so) or from the package's bundled copy."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PYDIR = ROOT / "bindings" / "python"
VECTORS = ROOT / "tests" / "vectors"
SHOP = ROOT / "examples" / "shop"
HEADER = ROOT / "include" / "routecore.h"


@pytest.fixture
def shop() -> "object":
    import routecore

    with routecore.Router.load(SHOP) as r:
        yield r
