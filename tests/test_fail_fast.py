"""Fail fast and keep the work: a database that cannot be written stops ``assess`` in one line
before the analysis; a read-only data folder does not stop ``--no-save``; a store that fails
after the work keeps the JSON and the PDF; reading the history never creates a database; a
database error is one line naming the file, never SQL."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from fault_folders import read_only

from app.cli import main
from app.store import StoreError, open_store
from app.store.store import Store


def _repo(git_repo):
    git_repo.write(
        "svc/api.py", "def handler(req):\n    if req:\n        return 200\n    return 400\n"
    )
    git_repo.commit()
    return git_repo


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("readiness: ")
    assert "[SQL" not in lines[0] and "sqlalche.me" not in lines[0]
    return lines[0]


def _stored(database_url: str, git_repo) -> int:
    return len(open_store(database_url).assessments(str(git_repo.root.resolve())))


def test_a_read_only_database_stops_before_the_analysis(git_repo, tmp_path, capsys):
    _repo(git_repo)
    folder = tmp_path / "history"
    folder.mkdir()
    database = folder / "store.db"
    url = f"sqlite:///{database}"
    open_store(url).close()
    database.chmod(0o444)
    with read_only(folder):  # root ignores the file's mode: the folder's mount is read-only too
        code = main(["assess", str(git_repo.root), "-q", "--workers", "1", "--db", url])
    captured = capsys.readouterr()
    assert code == 2
    line = _one_error_line(captured.err)
    assert str(database) in line and "read-only" in line
    assert captured.out == ""  # no summary: the analysis did not run
    database.chmod(0o644)
    assert _stored(url, git_repo) == 0


def test_a_read_only_data_folder_does_not_stop_no_save(git_repo, tmp_path, capsys, monkeypatch):
    """Settings, logs and the default database live in the data folder; with --no-save
    nothing needs writing there."""
    _repo(git_repo)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("READINESS_ADVISOR_HOME", str(home))
    with read_only(home):
        code = main(["assess", str(git_repo.root), "--no-save", "-q", "--workers", "1",
                     "--json", str(tmp_path / "report.json")])  # fmt: skip
        captured = capsys.readouterr()
        assert code == 0, captured.err
        assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
        # saving into it fails before the analysis, in one line, and names the file
        code = main(["assess", str(git_repo.root), "-q", "--workers", "1"])
        captured = capsys.readouterr()
    assert code == 2
    assert str(home / "data") in _one_error_line(captured.err) and captured.out == ""
    assert list(home.iterdir()) == []


def test_a_failed_save_still_writes_the_reports_and_says_so(git_repo, tmp_path, capsys,
                                                            monkeypatch):  # fmt: skip
    """The database fails while saving (disk full, locked): the work is not lost."""
    _repo(git_repo)

    def failing_save(self, assessment, report=None, packed=None):
        raise StoreError(
            "cannot save the assessment: (sqlite3.OperationalError) database or disk is full\n"
            "[SQL: INSERT INTO assessments (repository_id) VALUES (?)]\n"
            "(Background on this error at: https://sqlalche.me/e/20/e3q8)"
        )

    monkeypatch.setattr(Store, "save", failing_save)
    report, pdf = tmp_path / "report.json", tmp_path / "summary.pdf"
    url = f"sqlite:///{tmp_path / 'store.db'}"
    code = main(["assess", str(git_repo.root), "-q", "--workers", "1", "--db", url,
                 "--json", str(report), "--pdf", str(pdf)])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 2
    line = _one_error_line(captured.err)
    assert "not stored" in line and "database or disk is full" in line
    assert (
        f"JSON report      {report}" in captured.out and f"PDF summary      {pdf}" in captured.out
    )
    assert json.loads(report.read_text(encoding="utf-8"))["schema_version"] == 1
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("command", [["history", "."], ["report", "1"], ["compare", "1", "2"]])
def test_reading_a_missing_database_creates_nothing(tmp_path, capsys, command, monkeypatch):
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "typo" / "deeper" / "history.db"
    code = main([*command, "--db", f"sqlite:///{missing}"])
    assert code == 2
    assert str(missing) in _one_error_line(capsys.readouterr().err)
    assert list(tmp_path.iterdir()) == []


def test_a_database_error_is_one_line_naming_the_file(git_repo, tmp_path, capsys):
    _repo(git_repo)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(8192))
    for command in (["report", "1"], ["history", str(git_repo.root)]):
        assert main([*command, "--db", f"sqlite:///{garbage}"]) == 2
        assert str(garbage) in _one_error_line(capsys.readouterr().err)
    code = main(["assess", str(git_repo.root), "-q", "--db", f"sqlite:///{garbage}"])
    assert code == 2
    assert str(garbage) in _one_error_line(capsys.readouterr().err)


def test_a_missing_default_database_is_not_created_by_history(tmp_path, capsys, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("READINESS_ADVISOR_HOME", str(home))
    assert main(["history", str(tmp_path)]) == 2
    assert "no database at" in _one_error_line(capsys.readouterr().err)
    assert not (home / "data" / "readiness.db").exists()
    shutil.rmtree(home, ignore_errors=True)
