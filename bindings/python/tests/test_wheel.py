"""`pip wheel bindings/python` bundles libroutecore; the wheel installs into a fresh venv and
works there without ROUTECORE_LIBRARY."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import PYDIR, SHOP


def test_wheel_installs_and_matches(tmp_path: Path) -> None:
    out = tmp_path / "wheels"
    # --no-build-isolation: hatchling comes from the test venv (no network needed here). The
    # build hook bundles ROUTECORE_LIBRARY when set, else runs ffi/build-lib.sh --release.
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(PYDIR), "-w", str(out), "--no-deps",
         "--no-build-isolation", "-q"],
        check=True,
        timeout=900,
    )
    wheels = list(out.glob("routecore-*.whl"))
    assert len(wheels) == 1, wheels
    wheel = wheels[0]
    assert wheel.name.endswith(".whl") and "py3-none-" in wheel.name and "-any." not in wheel.name
    names = zipfile.ZipFile(wheel).namelist()
    assert "routecore/libroutecore.so" in names and "routecore/py.typed" in names

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        timeout=300,
    )
    env = {k: v for k, v in os.environ.items() if k not in ("ROUTECORE_LIBRARY", "PYTHONPATH")}
    script = f"""
import routecore
assert routecore.LIBRARY_PATH.endswith("site-packages/routecore/libroutecore.so"), routecore.LIBRARY_PATH
with routecore.Router.load({str(SHOP)!r}) as r:
    d = r.match("GET", "/products/42?ref=home")
    assert d.action == "route" and d.params == {{"id": "42"}}, d
    print("ok", d.route.pattern)
"""
    p = subprocess.run(
        [str(py), "-c", script], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "ok /products/[id]"
