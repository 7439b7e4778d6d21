"""The README's Python quickstart runs as written."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import PYDIR, ROOT


def test_quickstart_runs() -> None:
    text = (PYDIR / "README.md").read_text()
    m = re.search(r"## Quickstart\n\n```python\n(.*?)```", text, re.S)
    assert m, "no quickstart block"
    p = subprocess.run(
        [sys.executable, "-c", m.group(1)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert p.returncode == 0, p.stderr
