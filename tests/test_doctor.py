"""``readiness doctor``: one line per check, exit 0 when all is well, 1 with what to fix;
``--recover`` keeps the damaged file and puts what can be read in its place."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest
from test_store_integrity import _damage_page, _integrity

from analysis.assessment import run
from app import doctor
from app.cli import main
from app.store import open_store
from app.store.database import head_revision


@pytest.fixture
def database(git_repo, tmp_path):
    """A store file holding three assessments of a small repository."""
    git_repo.write("a.py", "def f(x):\n    if x:\n        return 1\n    return 2\n")
    git_repo.commit()
    path = tmp_path / "db" / "readiness.db"
    store = open_store(f"sqlite:///{path}")
    result = run(git_repo.root)
    for _ in range(3):
        store.save(result)
    store.cache.put_many("code-file", {f"key-{n}": b"x" * 3000 for n in range(40)})
    store.close()
    return git_repo, path


def _doctor(capsys, *args: str) -> tuple[int, list[str], str]:
    code = main(["doctor", *args])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def _line(lines: list[str], name: str) -> str:
    (line,) = [line for line in lines if line[6:].startswith(name)]
    return line


def _damage_cache(path) -> None:
    with sqlite3.connect(path) as db:
        (page,) = db.execute(
            "select rootpage from sqlite_master where name = 'cache_entries'"
        ).fetchone()
    db.close()
    _damage_page(path, page)
    assert _integrity(path) != ["ok"]


def test_a_healthy_setup_passes_every_check(database, capsys):
    _, path = database
    code, lines, err = _doctor(capsys, "--db", f"sqlite:///{path}")
    assert code == 0, lines
    assert err == ""
    assert _line(lines, "git").startswith("ok    git         git version ")
    assert _line(lines, "qt").startswith("ok    qt          PySide6 ")
    assert _line(lines, "data folder").startswith("ok ")
    assert _line(lines, "integrity") == f"ok    integrity   {path} passes PRAGMA integrity_check"
    assert _line(lines, "schema") == f"ok    schema      revision {head_revision()} (the newest)"
    size = path.stat().st_size / 1024
    assert _line(lines, "size") == f"ok    size        {size:.1f} KB"
    assert lines[-1] == "All checks passed."


def test_a_damaged_database_fails_with_what_to_do(database, capsys):
    _, path = database
    _damage_cache(path)
    before = path.read_bytes()
    code, lines, _ = _doctor(capsys, "--db", f"sqlite:///{path}")
    assert code == 1
    integrity = _line(lines, "integrity")
    assert integrity.startswith(f"FAIL  integrity   {path} is damaged (")
    assert integrity.endswith("): run 'readiness doctor --recover'")
    assert lines[-1] == "1 problem(s) to fix"
    assert path.read_bytes() == before  # the check writes nothing


def test_missing_git_and_leftovers_are_named(database, capsys, monkeypatch, tmp_path):
    _, path = database
    old = path.parent / ".report.json.k3j2x9.tmp"
    old.write_text("{")
    os.utime(old, (time.time() - 2 * 86400,) * 2)
    (path.parent / ".fresh.json.a1b2c3.tmp").write_text("{")  # a run still writing it
    (path.parent / "readiness.backup-20250101-120000.db").write_bytes(b"x" * 1000)
    empty = tmp_path / "no-git"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    code, lines, _ = _doctor(capsys, "--db", f"sqlite:///{path}")
    assert code == 1
    assert (
        _line(lines, "git")
        == "FAIL  git         git is not on the PATH: install git (2.25 or newer)"
    )
    assert _line(lines, "backups").startswith(
        "note  backups     1 kept beside it (0.0 MB), e.g. readiness.backup-20250101-120000.db"
    )
    assert _line(lines, "temporaries") == (
        "note  temporaries 1 left by runs that died, e.g. .report.json.k3j2x9.tmp: safe to delete"
    )


def _recover_and_check(repo, path, capsys, method: str) -> None:
    damaged = path.read_bytes()
    code, lines, err = _doctor(capsys, "--recover", "--db", f"sqlite:///{path}")
    assert code == 0, err
    (aside,) = path.parent.glob("readiness.damaged-*.db")
    assert aside.read_bytes() == damaged  # the damaged file is kept as it was
    assert lines[0] == f"ok    damaged file kept as {aside}"
    assert lines[1] == f"ok    recovered 3 of 3 assessments into {path} (from {method})"
    assert _integrity(path) == ["ok"]
    store = open_store(f"sqlite:///{path}")  # writable again
    assert len(store.assessments(str(repo.root.resolve()))) == 3
    assert store.load(1).code.totals.sloc == 4
    store.save(store.load(1))
    store.close()
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_recover_copies_the_readable_rows(database, capsys, monkeypatch):
    repo, path = database
    _damage_cache(path)
    real_which = doctor.shutil.which
    monkeypatch.setattr(doctor.shutil, "which", lambda n: None if n == "sqlite3" else real_which(n))
    _recover_and_check(repo, path, capsys, "rows Python's sqlite3 could read")


def test_recover_rebuilds_from_the_kept_reports(database, capsys, monkeypatch):
    repo, path = database
    _damage_cache(path)

    def fails(damaged, target):
        raise doctor.RecoveryFailed("not this way")

    monkeypatch.setattr(doctor, "_recover_with_shell", fails)
    monkeypatch.setattr(doctor, "_recover_with_python", fails)
    _recover_and_check(repo, path, capsys, "the kept reports")


def test_recover_leaves_an_intact_database_alone(database, capsys):
    _, path = database
    before = path.read_bytes()
    code, lines, _ = _doctor(capsys, "--recover", "--db", f"sqlite:///{path}")
    assert code == 0 and lines == [
        f"ok    {path} passes PRAGMA integrity_check: nothing to recover"
    ]
    assert path.read_bytes() == before
    assert list(path.parent.glob("*damaged*")) == []


def test_bad_input_is_exit_2_with_one_line(tmp_path, capsys):
    missing = f"sqlite:///{tmp_path / 'none.db'}"
    code, lines, err = _doctor(capsys, "--recover", "--db", missing)
    assert code == 2 and lines == []
    assert err == f"readiness: --recover needs an existing SQLite file, not {missing}\n"
    assert not (tmp_path / "none.db").exists()
    code, lines, err = _doctor(capsys, "--db", "not a url")
    assert code == 2 and err == "readiness: not a database URL: 'not a url'\n"


def test_the_head_revision_the_store_opens_on_without_alembic_is_alembics_head():
    # a new migration must move HEAD_REVISION too, or every store would look out of date
    from app.store.database import HEAD_REVISION

    assert head_revision() == HEAD_REVISION
