"""The PyInstaller one-folder build: it builds, and its frozen CLI runs a headless assessment."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.version import __version__

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_frozen_cli_version_and_assess(tmp_path, git_repo):
    pyinstaller = shutil.which("pyinstaller", path=str(Path(sys.executable).parent))
    assert pyinstaller, "pyinstaller is a test dependency; install the [test] extra"
    build = subprocess.run(
        [
            pyinstaller,
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(tmp_path / "dist"),
            "--workpath",
            str(tmp_path / "work"),
            str(ROOT / "build.spec"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    folder = tmp_path / "dist" / "readiness-advisor"
    suffix = ".exe" if os.name == "nt" else ""
    cli = folder / f"readiness{suffix}"
    assert (folder / f"readiness-advisor{suffix}").exists()
    version = subprocess.run([str(cli), "--version"], capture_output=True, text=True, timeout=60)
    assert version.stdout.strip() == f"readiness {__version__}"

    git_repo.write("pkg/mod.py", "def f(x):\n    return x or 1\n")
    git_repo.write("pkg/old.py", "print 'py2'\n")
    # PEP 758 (3.14 syntax): libcst's native parser, bundled, says it is newer, not broken
    git_repo.write("pkg/new.py", "try:\n    pass\nexcept A, B:\n    pass\n")
    git_repo.commit()
    report = tmp_path / "frozen.json"
    pdf = tmp_path / "frozen.pdf"
    env = {**os.environ, "READINESS_ADVISOR_HOME": str(tmp_path / "home")}
    for headless in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):  # the PDF, offscreen
        env.pop(headless, None)
    done = subprocess.run(
        [str(cli), "assess", str(git_repo.root), "--json", str(report), "--pdf", str(pdf)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    statuses = {f["path"]: f["status"] for f in data["code"]["files"]}
    newer = "ok" if sys.version_info >= (3, 14) else "newer_syntax"
    assert statuses == {"pkg/mod.py": "ok", "pkg/old.py": "syntax_error", "pkg/new.py": newer}
    assert (tmp_path / "home" / "data" / "readiness.db").exists()  # migrations ran frozen
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Executive" in text and "Methodology" in text  # Qt, fonts and resources bundled
