"""The assessment history: saved and loaded intact, migrated on start with a backup first."""

from __future__ import annotations

import sqlite3

import pytest

from analysis.assessment import run
from analysis.report import to_report
from app.store import StoreError, open_store


@pytest.fixture
def assessed(git_repo):
    git_repo.write("a.py", "def f(x):\n    return x\n")
    git_repo.write("b.py", "print 'old'\n")
    git_repo.commit()
    return git_repo, run(git_repo.root)


def test_save_load_and_list(assessed, database_url):
    repo, result = assessed
    store = open_store(database_url)
    assert store.backup is None  # a new database needs no backup
    first = store.save(result)
    second = store.save(result)
    assert to_report(store.load(first)) == to_report(result)
    rows = store.assessments(str(repo.root.resolve()))
    assert [r.id for r in rows] == [second, first]
    # one file warning, and the delivery window ending at the 2024 history's newest commit
    assert rows[0].python_files == 2 and rows[0].partial is True and rows[0].warning_count == 2
    (recent,) = store.repositories()
    assert recent.path == str(repo.root.resolve()) and recent.assessments == 2
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
        tables = {r[0] for r in db.execute("select name from sqlite_master where type='table'")}
    assert "file_results" not in tables  # per-file figures live in the report (migration 0008)
    files = {f.path: f.status for f in store.load(first).code.files}
    assert files == {"a.py": "ok", "b.py": "syntax_error"}
    store.delete_assessment(first)
    assert [r.id for r in store.assessments(str(repo.root.resolve()))] == [second]
    store.close()


def test_reopening_an_up_to_date_database_makes_no_backup(database_url, tmp_path):
    open_store(database_url).close()
    store = open_store(database_url)
    assert store.backup is None
    assert [p.name for p in tmp_path.iterdir() if "backup" in p.name] == []


def test_pending_migration_backs_up_the_file_first(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:  # a database from before any migration, holding user data
        db.execute("create table notes (body text)")
        db.execute("insert into notes values ('keep me')")
    store = open_store(f"sqlite:///{path}")
    assert store.backup is not None and store.backup.exists()
    assert store.backup.name.startswith("old.backup-") and store.backup.suffix == ".db"
    with sqlite3.connect(store.backup) as copy:
        assert copy.execute("select body from notes").fetchall() == [("keep me",)]
        assert "repositories" not in {
            r[0] for r in copy.execute("select name from sqlite_master where type='table'")
        }
    with sqlite3.connect(path) as db:
        tables = {r[0] for r in db.execute("select name from sqlite_master where type='table'")}
    assert {"notes", "repositories", "assessments", "scenarios"} <= tables
    store.close()


def test_database_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as db:
        db.execute("create table alembic_version (version_num varchar(32) primary key)")
        db.execute("insert into alembic_version values ('9999_future')")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer version"):
        open_store(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_bad_url_is_a_clear_error():
    with pytest.raises(StoreError, match="not a database URL"):
        open_store("this is not a url")


def test_store_cache_round_trip_and_upsert(database_url):
    store = open_store(database_url)
    store.cache.put_many("ns", {"a": b"1", "b": b"2"})
    store.cache.put_many("ns", {"a": b"3"})
    assert store.cache.get_many("ns", ["a", "b", "c"]) == {"a": b"3", "b": b"2"}
    assert store.cache.get_many("other", ["a"]) == {}
    keys = [f"k{i}" for i in range(1200)]  # more than one IN (...) chunk
    store.cache.put_many("big", {k: k.encode() for k in keys})
    assert len(store.cache.get_many("big", keys)) == 1200
    store.close()


def test_migrations_match_the_models(database_url):
    """Every model change comes with its migration (tools/new_migration.py writes one)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from app.store.records import Base

    store = open_store(database_url)
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
    store.close()


def test_reports_are_stored_compressed_and_old_rows_are_compressed_on_upgrade(
    assessed, database_url, tmp_path
):
    """0006: the report column moves to zlib; a database at 0005 keeps every report."""
    import json
    import zlib

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from app.store.database import MIGRATIONS

    repo, result = assessed
    store = open_store(database_url)
    saved = store.save(result)
    store.close()
    db_path = database_url.removeprefix("sqlite:///")
    with sqlite3.connect(db_path) as db:
        text, packed = db.execute(
            "select report, report_zlib from assessments where id = ?", (saved,)
        ).fetchone()
    assert text is None
    assert json.loads(zlib.decompress(packed)) == to_report(result)

    # a database written by 0005: reports as plain text
    old = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{old}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0005")
    engine.dispose()
    report_text = json.dumps(to_report(result))
    with sqlite3.connect(old) as db:
        db.execute("insert into repositories values (1, ?, 'repo', '2024-01-01', '2024-01-01')",
                   (str(repo.root.resolve()),))  # fmt: skip
        db.execute(
            "insert into assessments (id, repository_id, analyzed_at, head, branch, partial, "
            "tool_version, schema_version, duration_seconds, python_files, sloc, cc_total, "
            "mi_average, warning_count, report) values "
            "(7, 1, '2024-01-02', ?, 'main', 1, '0.1.0', 1, 1.0, 2, 3, 1, 90.0, 1, ?)",
            (result.repository.head, report_text),
        )
    upgraded = open_store(f"sqlite:///{old}")
    assert upgraded.backup is not None  # the plain-text copy is kept beside it
    assert to_report(upgraded.load(7)) == to_report(result)
    upgraded.close()
    with sqlite3.connect(old) as db:
        text, packed = db.execute("select report, report_zlib from assessments").fetchone()
    assert text is None and zlib.decompress(packed).decode() == report_text
    assert len(packed) < len(report_text)


def test_the_per_file_rows_are_dropped_and_nothing_is_lost(assessed, tmp_path):
    """0007 -> 0008: file_results (written on every save, read by nothing) goes; the
    assessments keep every per-file figure in their reports; a backup is made first."""
    from store_revisions import downgrade

    _, result = assessed
    path = tmp_path / "old.db"
    store = open_store(f"sqlite:///{path}")
    assessment_id = store.save(result)
    store.close()
    downgrade(path, "0007")
    with sqlite3.connect(path) as db:  # as 0007 left it: a per-file row
        db.execute(
            "insert into file_results (assessment_id, path, status) values (?, 'a.py', 'ok')",
            (assessment_id,),
        )
    db.close()
    store = open_store(f"sqlite:///{path}")
    assert store.backup is not None and store.backup.exists()
    with sqlite3.connect(path) as db:
        tables = {r[0] for r in db.execute("select name from sqlite_master where type='table'")}
    db.close()
    assert "file_results" not in tables
    files = {f.path: f.status for f in store.load(assessment_id).code.files}
    assert files == {f.path: f.status for f in result.code.files}
    store.close()
