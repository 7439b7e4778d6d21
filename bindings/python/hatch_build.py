"""Wheel build hook: bundles a freshly built libroutecore into the package and marks the wheel
platform-specific (``py3-none-<platform>``: the Python code is version-independent, the
library is not).

Where the library comes from, in order:

1. ``ROUTECORE_LIBRARY``: a path to an already built library (copied as it is);
2. otherwise ``ffi/build-lib.sh --release`` (what ``make lib`` runs) in the repository this
   package sits in (``bindings/python`` -> ``../..``), then ``target/release/libroutecore.so``
   or cargo's own name for it, ``libroutecore_ffi.so``; set
   ``ROUTECORE_SKIP_CARGO=1`` to only take what is already built there. Either way the wheel
   holds it as ``routecore/libroutecore.so``.

Editable installs bundle nothing: the package then finds the library through
``ROUTECORE_LIBRARY`` or ``ctypes.util.find_library``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

if sys.platform == "darwin":
    LIB = "libroutecore.dylib"
elif sys.platform == "win32":
    LIB = "routecore.dll"
else:
    LIB = "libroutecore.so"
# The file cargo writes (the library target is routecore_ffi; ffi/build-lib.sh links it as LIB).
CARGO_LIB = LIB.replace("routecore", "routecore_ffi")


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        lib = self._library()
        build_data["force_include"][str(lib)] = f"routecore/{LIB}"
        build_data["pure_python"] = False
        platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
        build_data["tag"] = f"py3-none-{platform}"

    def _library(self) -> Path:
        env = os.environ.get("ROUTECORE_LIBRARY")
        if env:
            p = Path(env)
            if not p.is_file():
                raise RuntimeError(f"ROUTECORE_LIBRARY={env} is not a file")
            return p
        repo = Path(self.root).resolve().parents[1]
        if not (repo / "Cargo.toml").is_file():
            raise RuntimeError(
                f"no libroutecore to bundle: set ROUTECORE_LIBRARY, or build from the routecore "
                f"repository (expected Cargo.toml at {repo})"
            )
        if os.environ.get("ROUTECORE_SKIP_CARGO") != "1" and shutil.which("cargo"):
            # The script, not `cargo build`: it builds with link-time optimisation and renews
            # libroutecore.so, which a plain cargo build would leave as it was.
            subprocess.run(["bash", "ffi/build-lib.sh", "--release"], cwd=repo, check=True)
        target = Path(os.environ.get("CARGO_TARGET_DIR", repo / "target"))
        lib = target / "release" / LIB
        cargo_name = lib.with_name(CARGO_LIB)
        if not lib.is_file() and cargo_name.is_file():
            return cargo_name
        if not lib.is_file():
            raise RuntimeError(f"{lib} not found: run `make lib` in {repo}")
        return lib
