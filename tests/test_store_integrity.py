"""A damaged database (garbage in the middle of the file) is never written, is read as far as
it can be, and a damaged cache row is dropped, recomputed and reported."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest

from app.cli import main
from app.store import StoreError, open_store
from app.store.database import StoreDamaged

GARBAGE = bytes(range(256)) * 16  # one 4 KiB page of bytes no page of the store holds


def _assess(repo_root, database_url: str, capsys, *extra: str):
    code = main(["assess", str(repo_root), "--db", database_url, "-q", "--workers", "1", *extra])
    return code, capsys.readouterr()


@pytest.fixture
def stored(git_repo, tmp_path, capsys):
    """A real store file with three assessments of a small repository, and its path."""
    git_repo.write("a.py", "def f(x):\n    if x:\n        return 1\n    return 2\n")
    git_repo.write("b.py", "def g():\n    return 3\n")
    git_repo.commit()
    path = tmp_path / "store.db"
    for _ in range(3):
        code, captured = _assess(git_repo.root, f"sqlite:///{path}", capsys)
        assert code == 0, captured.err
    return git_repo, path


def _integrity(path) -> list[str]:
    """What ``PRAGMA integrity_check`` says: ``["ok"]``, its findings, or the error it stops
    with ("database disk image is malformed")."""
    db = sqlite3.connect(path)
    try:
        return [r[0] for r in db.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        db.close()


def _root_page(path, table: str) -> int:
    with sqlite3.connect(path) as db:
        (page,) = db.execute(
            "select rootpage from sqlite_master where name = ?", (table,)
        ).fetchone()
    db.close()
    return page


def _damage_page(path, page: int) -> None:
    """Overwrite one page (1-based, 4 KiB, SQLite's default page size) with garbage."""
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA page_size").fetchone()[0] == 4096
        count = db.execute("PRAGMA page_count").fetchone()[0]
    db.close()
    assert 1 < page <= count
    with open(path, "r+b") as handle:
        handle.seek((page - 1) * 4096)
        handle.write(GARBAGE)


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cache_root(path) -> int:
    with sqlite3.connect(path) as db:
        (page,) = db.execute(
            "select rootpage from sqlite_master where name = 'cache_entries'"
        ).fetchone()
        count = db.execute("PRAGMA page_count").fetchone()[0]
    db.close()
    return page, count


def test_a_damaged_database_is_never_written_and_assess_says_so_in_one_line(stored, capsys):
    repo, path = stored
    _, count = _cache_root(path)
    _damage_page(path, count // 2)  # the middle of the file, as the issue did
    assert _integrity(path) != ["ok"]  # SQLite itself says the file is malformed
    before = _digest(path)
    siblings = sorted(p.name for p in path.parent.iterdir())
    code, captured = _assess(repo.root, f"sqlite:///{path}", capsys)
    assert code == 2
    (line,) = captured.err.strip().splitlines()
    assert "is damaged" in line and "readiness doctor --recover" in line
    assert "Stored as" not in captured.out
    assert _digest(path) == before  # not one byte written
    assert sorted(p.name for p in path.parent.iterdir()) == siblings  # no backup, no journal
    with pytest.raises(StoreDamaged):
        open_store(f"sqlite:///{path}")


def test_history_and_report_read_what_can_be_read(stored, capsys):
    repo, path = stored
    page, _ = _cache_root(path)
    _damage_page(path, page)  # the cache's pages: the assessments are intact
    assert _integrity(path) != ["ok"]
    before = _digest(path)
    code = main(["history", str(repo.root), "--db", f"sqlite:///{path}"])
    captured = capsys.readouterr()
    assert code == 0
    (warning,) = captured.err.strip().splitlines()
    assert "is damaged" in warning and "showing what can be read" in warning
    assert "(3, newest first)" in captured.out
    code = main(["report", "1", "--db", f"sqlite:///{path}"])
    captured = capsys.readouterr()
    assert code == 0 and "Production code  2 Python files" in captured.out
    assert _digest(path) == before
    store = open_store(f"sqlite:///{path}", salvage=True)
    assert store.damaged and len(store.assessments(str(repo.root.resolve()))) == 3
    with pytest.raises(StoreDamaged):  # a salvaged store writes nothing
        store.delete_assessment(1)
    store.close()
    assert _digest(path) == before


def test_an_unreadable_row_is_one_line_not_a_sql_dump(stored, capsys):
    _, path = stored
    _damage_page(path, _root_page(path, "assessments"))  # the assessments themselves
    assert _integrity(path) != ["ok"]
    code = main(["report", "1", "--db", f"sqlite:///{path}"])
    captured = capsys.readouterr()
    assert code == 2
    lines = captured.err.strip().splitlines()
    assert len(lines) == 2 and "is damaged" in lines[0]  # the warning, then the failure
    assert lines[1].startswith("readiness: ") and "cannot read assessment #1: " in lines[1]
    assert str(path) in lines[1]  # the failure names the database file
    assert "[SQL:" not in captured.err and "sqlalche.me" not in captured.err


def test_a_damaged_cache_row_is_dropped_recomputed_and_reported(stored, tmp_path, capsys):
    repo, path = stored
    data = path.read_bytes()
    # the cached measure of a.py (4 SLOC), framed as JSON in a cache row: make it say 7
    assert data.count(b'"sloc":4,') == 1
    path.write_bytes(data.replace(b'"sloc":4,', b'"sloc":7,'))
    assert _integrity(path) == ["ok"]  # the structure is intact: SQLite cannot see it
    out = tmp_path / "report.json"
    # --fresh: measured again (an unchanged repository would reuse the kept run, no row read)
    fresh = ("--fresh", "--json", str(out))
    code, captured = _assess(repo.root, f"sqlite:///{path}", capsys, *fresh)
    assert code == 0, captured.err
    report = json.loads(out.read_text(encoding="utf-8"))
    files = {f["path"]: f for f in report["code"]["files"]}
    assert files["a.py"]["sloc"] == 4 and files["b.py"]["sloc"] == 2  # recomputed, not 7
    warnings = [w for w in report["repository"]["warnings"] if w["code"] == "store_cache"]
    assert [w["message"] for w in warnings] == [
        "1 damaged cache row was dropped and recomputed (checksum mismatch)"
    ]
    assert "damaged cache row" in captured.out  # the summary's warnings
    # the row was written again, intact: the next run reads it and warns of nothing
    code, captured = _assess(repo.root, f"sqlite:///{path}", capsys, *fresh)
    report = json.loads(out.read_text(encoding="utf-8"))
    assert code == 0 and not [
        w for w in report["repository"]["warnings"] if w["code"] == "store_cache"
    ]


def test_store_errors_are_one_line():
    with pytest.raises(StoreError) as caught:
        open_store("sqlite:////proc/no-such-folder/readiness.db")
    assert "\n" not in str(caught.value)


def test_the_desktop_application_says_so_in_one_line(make_window, stored, qtbot):
    from app.context import ApplicationContext
    from app.settings import Settings

    _, path = stored
    _, count = _cache_root(path)
    _damage_page(path, count // 2)
    before = _digest(path)
    context = ApplicationContext(settings=Settings(workers=1), database_url=f"sqlite:///{path}")
    window = make_window(context)
    window.refresh_recent()
    text = window.banner.label.text()  # the window is not shown: read the label
    assert window.banner.kind == "error" and "\n" not in text
    assert text.startswith(f"the database {path} is damaged (")
    assert text.endswith("run 'readiness doctor --recover' to save what can be read")
    assert _digest(path) == before


def test_a_cache_row_from_before_the_checksums_is_a_miss_not_damage(database_url):
    from app.store.cache import MAGIC

    store = open_store(database_url)
    store.close()
    path = database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        db.execute(
            "insert into cache_entries (namespace, key, value) values ('code-file', 'k', ?)",
            (b'{"status":"ok"}',),
        )
    db.close()
    store = open_store(database_url)
    assert store.cache.get_many("code-file", ["k"]) == {}  # recomputed by the caller
    assert store.cache.dropped == 0  # not counted as damage
    store.cache.put_many("code-file", {"k": b'{"status":"ok"}'})
    assert store.cache.get_many("code-file", ["k"]) == {"k": b'{"status":"ok"}'}
    store.close()
    with sqlite3.connect(path) as db:
        (stored,) = db.execute("select value from cache_entries where key = 'k'").fetchone()
    db.close()
    assert stored.startswith(MAGIC) and stored.endswith(b'{"status":"ok"}')


def test_a_cache_that_cannot_be_written_is_a_warning_not_a_silence(database_url):
    from sqlalchemy import text

    from analysis.assessment import Assessment, CodeSection, RepositoryInfo
    from analysis.code.results import CodeTotals
    from app.store.cache import note_cache_damage

    store = open_store(database_url)
    with store.cache.engine.begin() as connection:  # the table is gone: every write fails
        connection.execute(text("drop table cache_entries"))
    store.cache.put_many("code-file", {"k": b"{}"})
    assert store.cache.get_many("code-file", ["k"]) == {}
    info = RepositoryInfo("/r", "r", "0" * 40, "main", "", "2026-01-01T00:00:00+00:00", 0)
    result = Assessment(info, CodeSection([], CodeTotals()))
    note_cache_damage(result, store.cache)
    (warning,) = result.repository.warnings
    assert warning.code == "store_cache" and "\n" not in warning.message
    assert warning.message.startswith("the result cache failed, figures computed afresh: ")
    assert "(and 1 more)" in warning.message  # the write, then the read
    assert store.cache.errors == []  # counted once: the next run starts again
    store.close()


def test_a_read_heals_headlines_without_waiting_for_a_writer(stored):
    """Listing assessments recomputes a missing headline and keeps it, but never waits for the
    write lock: with a save holding it, the list comes back at once (not after the 30 s busy
    timeout) and the headline is kept on a later read."""
    import time

    _, path = stored

    def blank() -> None:
        with sqlite3.connect(path) as db:
            db.execute("update assessments set headline = null")
        db.close()

    def stored_headlines() -> list:
        with sqlite3.connect(path) as db:
            rows = [h for (h,) in db.execute("select headline from assessments")]
        db.close()
        return rows

    store = open_store(f"sqlite:///{path}")
    try:
        blank()
        assert all(row.headline is not None for row in store.assessments(_repo_path(store)))
        assert None not in stored_headlines()  # healed and kept
        blank()
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("begin immediate")  # a background save holds the write lock
        try:
            started = time.monotonic()
            rows = store.assessments(_repo_path(store))
            waited = time.monotonic() - started
        finally:
            holder.execute("rollback")
            holder.close()
        assert waited < 10 and all(row.headline is not None for row in rows)
        assert stored_headlines() == [None, None, None]  # not kept while busy
        store.assessments(_repo_path(store))
        assert None not in stored_headlines()  # kept on the next read
    finally:
        store.close()


def _repo_path(store) -> str:
    (repository,) = store.repositories()
    return repository.path
