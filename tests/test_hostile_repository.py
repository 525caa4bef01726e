"""A repository whose code writes a sentinel file whenever it runs: a full assessment reads it
(setup.py's arguments, the package's imports) and never runs any of it.

The positive control runs each file the way Python would (a setup.py invocation, pytest's
conftest import, a package import, a .pth in a site directory, interpreter start-up with the
folder on the path, a PEP 517 build backend) and sees every sentinel appear, so the test can
fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from analysis.assessment import Options, run

NAMES = (
    "setup_py",
    "conftest",
    "package_init",
    "pth",
    "sitecustomize",
    "build_backend",
    "settings",
)


def _writer(sentinels: Path, name: str) -> str:
    return f"open({str(sentinels / name)!r}, 'w').write('ran')"


def _hostile(git_repo, sentinels: Path) -> None:
    git_repo.write(
        "setup.py",
        f"{_writer(sentinels, 'setup_py')}\nfrom setuptools import setup\n"
        "setup(name='evil', python_requires='>=3.9', install_requires=['requests'])\n",
    )
    git_repo.write("conftest.py", f"{_writer(sentinels, 'conftest')}\n")
    git_repo.write("evilpkg/__init__.py", f"{_writer(sentinels, 'package_init')}\n")
    git_repo.write("evilpkg/core.py", "from . import helpers\nimport distutils\n")
    git_repo.write("evilpkg/helpers.py", "VALUE = 1\n")
    git_repo.write("evil.pth", f"import os; {_writer(sentinels, 'pth')}\n")
    git_repo.write("sitecustomize.py", f"{_writer(sentinels, 'sitecustomize')}\n")
    git_repo.write(
        "backend.py", f"{_writer(sentinels, 'build_backend')}\ndef build_wheel(*a, **k): pass\n"
    )
    git_repo.write(
        "pyproject.toml",
        '[build-system]\nrequires = []\nbuild-backend = "backend"\n'
        'backend-path = ["."]\n\n[project]\nname = "evil"\nversion = "1"\n'
        'dependencies = ["django"]\n',
    )
    git_repo.write("mysite/__init__.py", "")
    git_repo.write(
        "mysite/settings.py", f"{_writer(sentinels, 'settings')}\nINSTALLED_APPS = ['evilpkg']\n"
    )
    git_repo.commit()


def _python(code: str, cwd: Path, **env: str) -> None:
    subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_full_assessment_runs_nothing_from_the_repository(git_repo, tmp_path, monkeypatch):
    sentinels = tmp_path / "sentinels"
    sentinels.mkdir()
    _hostile(git_repo, sentinels)
    monkeypatch.chdir(git_repo.root)  # as if the user started the assessment from inside it
    result = run(git_repo.root, Options(workers=2))
    monkeypatch.chdir(tmp_path)
    # the assessment did read all of it, as text and syntax trees
    names = {d.name for d in result.runtime.dependencies}
    assert {"requests", "django"} <= names
    assert any(t.source == "setup.py python_requires" for t in result.runtime.targets)
    assert [r.module for r in result.runtime.removed_modules] == ["distutils"]
    assert any(
        c.name == "evilpkg" and c.kind == "django_app" for c in result.architecture.components
    )
    assert sorted(p.name for p in sentinels.iterdir()) == []

    # positive control: running the same files does write every sentinel
    root = git_repo.root
    _python("import runpy; runpy.run_path('setup.py')", root)
    _python("import runpy; runpy.run_path('conftest.py')", root)
    _python("import evilpkg", root)
    _python(f"import site; site.addsitedir({str(root)!r})", tmp_path)
    _python("pass", tmp_path, PYTHONPATH=str(root))  # sitecustomize runs at start-up
    _python("import sys; sys.path.insert(0, '.'); import backend", root)  # a PEP 517 frontend
    _python("import mysite.settings", root)  # Django's settings import
    assert sorted(p.name for p in sentinels.iterdir()) == sorted(NAMES)
