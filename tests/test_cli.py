"""`readiness`: exit codes, summary, JSON report, storage, and the installed entry point."""

from __future__ import annotations

import json
import subprocess
import sys

from analysis.version import __version__
from app.cli import main
from app.store import open_store


def _repo(git_repo):
    git_repo.write(
        "svc/api.py", "def handler(req):\n    if req:\n        return 200\n    return 400\n"
    )
    git_repo.commit()
    return git_repo


def test_assess_writes_json_and_stores(git_repo, tmp_path, capsys, database_url):
    _repo(git_repo)
    out = tmp_path / "report.json"
    code = main(["assess", str(git_repo.root), "--json", str(out), "--db", database_url, "-q"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Production code  1 Python files (1 measured" in captured.out
    assert "svc/api.py:1 handler (cyclomatic 2)" in captured.out
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["code"]["files"][0]["path"] == "svc/api.py"
    rows = open_store(database_url).assessments(str(git_repo.root.resolve()))
    assert len(rows) == 1 and rows[0].head == git_repo.head()


def test_no_save_leaves_the_store_alone(git_repo, tmp_path, capsys):
    _repo(git_repo)
    db = tmp_path / "never.db"
    assert main(["assess", str(git_repo.root), "--db", f"sqlite:///{db}", "--no-save", "-q"]) == 0
    assert not db.exists()
    assert "Stored as" not in capsys.readouterr().out


def test_bad_input_exits_2_with_one_line(tmp_path, git_repo, capsys):
    cases = [
        (tmp_path / "missing", "does not exist"),
        (tmp_path, "not a git repository"),
        (git_repo.root, "no commits"),
    ]
    for path, reason in cases:
        assert main(["assess", str(path), "--no-save", "-q"]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and reason in err[0] and err[0].startswith("readiness: ")


def test_unusable_database_is_bad_input(git_repo, capsys):
    _repo(git_repo)
    assert main(["assess", str(git_repo.root), "--db", "nonsense://", "-q"]) == 2
    assert "database" in capsys.readouterr().err


def test_version_and_entry_point(git_repo):
    _repo(git_repo)
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == f"readiness {__version__}"
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "assess", str(git_repo.root), "--no-save"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "code:" in done.stderr  # progress lines on stderr when it is not a terminal
    assert "Maintainability" in done.stdout


def test_summary_says_debt_is_not_rated_when_no_file_could_be_measured(git_repo, capsys):
    git_repo.write("broken.py", "def broken(:\n    pass\n")
    git_repo.commit()
    assert main(["assess", str(git_repo.root), "--no-save", "-q"]) == 0
    out = capsys.readouterr().out
    assert "Technical debt   not rated: no production Python file could be measured" in out
    assert "rating A" not in out
