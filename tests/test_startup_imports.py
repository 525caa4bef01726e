"""What the CLI's start-up imports: nothing a warm run that reuses its figures never uses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


def test_cli_start_up_imports_neither_numpy_nor_postgresql():
    loaded = _loaded_after("import app.cli, analysis.assessment, app.store.cache")
    assert "analysis.code.duplication" in loaded  # the module is there, its numpy is not
    assert "numpy" not in loaded
    assert "sqlalchemy.dialects.postgresql" not in loaded


def test_clone_detection_still_finds_numpy_when_it_runs():
    from analysis.code import duplication

    codes = [duplication.np.array([1, 2, 3, 4, 1, 2, 3, 4], dtype=duplication.np.uint8)]
    blocks = duplication.maximal_blocks(codes, width=4)
    assert blocks is not None and len(blocks.repeated) > 0
