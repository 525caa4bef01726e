"""The shared store on a real PostgreSQL server (tests/postgres.py starts a throwaway one) and on
SQLite: one migration history on both, save and load, concurrent writers, a read-only role that
browses but cannot save, and a password that never reaches settings, messages or logs."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from analysis.assessment import run
from analysis.options import Options
from analysis.report import to_report
from app.store import StoreError, open_store
from app.store.database import (
    HEAD_REVISION,
    StoreReadOnly,
    current_revision,
    head_revision,
    redact,
    scrub,
    without_password,
)

README = Path(__file__).resolve().parent.parent / "README.md"
WRITER_PASSWORD = "ci-Secret-42"
READER_PASSWORD = "cto-Secret-17"


@pytest.fixture
def assessed(git_repo):
    git_repo.write("a.py", "def f(x):\n    if x:\n        return 1\n    return 0\n")
    git_repo.commit()
    return git_repo, run(git_repo.root)


def _readme_sql() -> list[str]:
    """The least-privilege statements the README documents (its ```sql block under
    "PostgreSQL"), with their placeholders; the tests run exactly these."""
    text_ = README.read_text(encoding="utf-8")
    section = text_[text_.index("## A shared store on PostgreSQL") :]
    block = section[
        section.index("```sql") + len("```sql") : section.index("```", section.index("```sql") + 6)
    ]
    statements = []
    for statement in block.split(";"):
        lines = [
            ln for ln in statement.splitlines() if ln.strip() and not ln.strip().startswith("--")
        ]
        if lines:
            statements.append("\n".join(lines).strip())
    return statements


def _least_privilege(server, database: str) -> tuple[str, str]:
    """The README's roles on a new database ``database``: (writer URL, reader URL)."""
    statements = [
        s.replace("WRITER-PASSWORD", WRITER_PASSWORD)
        .replace("READER-PASSWORD", READER_PASSWORD)
        .replace("readiness_db", database)
        .replace("readiness_ci", f"{database}_ci")
        .replace("readiness_cto", f"{database}_cto")
        for s in _readme_sql()
    ]
    server_wide = [
        s for s in statements if re.match(r"(CREATE ROLE|CREATE DATABASE|GRANT CONNECT)", s)
    ]
    in_database = [s for s in statements if s not in server_wide]
    server.execute(*server_wide)
    # the per-database grants are made by the writer (the owner of the tables it creates)
    import psycopg

    conninfo = (f"host=127.0.0.1 port={server.port} user={database}_ci "
                f"password={WRITER_PASSWORD} dbname={database}")  # fmt: skip
    with psycopg.connect(conninfo, autocommit=True) as connection:
        for statement in in_database:
            connection.execute(statement)
    return (
        server.url(f"{database}_ci", WRITER_PASSWORD, database),
        server.url(f"{database}_cto", READER_PASSWORD, database),
    )


_names = iter(range(1, 10_000))


def test_migrations_reach_the_same_head_on_both_backends(store_url):
    store = open_store(store_url)
    assert current_revision(store.engine) == head_revision() == HEAD_REVISION
    tables = set(
        create_engine(store_url)
        .connect()
        .execute(
            text("SELECT table_name FROM information_schema.tables WHERE table_schema='public'")
            if store_url.startswith("postgresql")
            else text("SELECT name FROM sqlite_master WHERE type='table'")
        )
        .scalars()
    )
    assert {"repositories", "assessments", "cache_entries", "scenarios", "team_profiles"} <= tables
    assert "file_results" not in tables  # migration 0008 ran on this backend too
    assert store.writable
    store.close()
    again = open_store(store_url)  # reopening a current store migrates nothing
    assert again.backup is None and current_revision(again.engine) == HEAD_REVISION
    again.close()


def test_the_migration_history_goes_down_to_base_and_up_again_on_both(store_url):
    """Every migration's downgrade runs on both backends too (one history, both ways)."""
    from alembic import command

    from app.store.database import _alembic_config

    store = open_store(store_url)
    config = _alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert current_revision(store.engine) is None
    store.close()
    again = open_store(store_url)
    assert current_revision(again.engine) == HEAD_REVISION and again.repositories() == []
    again.close()


def test_save_and_load_round_trip_on_both_backends(store_url, assessed):
    repo, result = assessed
    store = open_store(store_url)
    first = store.save(result)
    second = store.save(result)
    assert to_report(store.load(first)) == to_report(result)
    rows = store.assessments(str(repo.root.resolve()))
    assert [r.id for r in rows] == [second, first]
    assert rows[0].python_files == 1 and rows[0].sloc == result.code.totals.sloc
    (recent,) = store.repositories()
    assert recent.path == str(repo.root.resolve()) and recent.assessments == 2
    store.cache.put_many("code-file", {"k": b"{}"})
    assert store.cache.get_many("code-file", ["k"]) == {"k": b"{}"}
    store.delete_assessment(first)
    assert [r.id for r in store.assessments(str(repo.root.resolve()))] == [second]
    store.close()


def test_concurrent_writers_migrate_once_and_save_every_assessment(postgres_server, assessed):
    """Eight writers open a new database at once (migration under the advisory lock) and save
    to the same, new repository (its row made once, ON CONFLICT DO NOTHING)."""
    repo, result = assessed
    name = f"race_{next(_names)}"
    postgres_server.execute(f"CREATE DATABASE {name}")
    url = postgres_server.url(database=name)
    writers = 8
    barrier = threading.Barrier(writers)
    ids: list[int] = []
    errors: list[str] = []

    def write() -> None:
        try:
            barrier.wait(timeout=60)
            store = open_store(url)
            barrier.wait(timeout=60)  # every one saves at once, to one new repository
            ids.append(store.save(result))
            store.close()
        except Exception as exc:
            errors.append(f"{exc.__class__.__name__}: {exc}")

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(ids) == list(range(1, writers + 1))
    store = open_store(url)
    (recent,) = store.repositories()
    assert recent.path == str(repo.root.resolve()) and recent.assessments == writers
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    store.close()


def test_a_read_only_role_browses_but_cannot_save(postgres_server, assessed, capsys, tmp_path):
    repo, result = assessed
    writer_url, reader_url = _least_privilege(postgres_server, f"ro_{next(_names)}")
    with pytest.raises(StoreError) as early:  # before the writer made the schema
        open_store(reader_url)
    assert "schema upgrade that the role cannot make" in str(early.value)
    assert READER_PASSWORD not in str(early.value)
    writer = open_store(writer_url)  # CI's role: migrates and saves
    assert writer.writable
    saved = writer.save(result)
    writer.close()

    reader = open_store(reader_url)  # the CTO's desktop
    assert reader.read_only and not reader.writable
    (summary,) = reader.assessments(str(repo.root.resolve()))
    assert summary.id == saved and reader.summary(saved).sloc == result.code.totals.sloc
    assert to_report(reader.load(saved)) == to_report(result)  # dashboards, compare, PDF
    assert [r.assessments for r in reader.repositories()] == [1]
    with pytest.raises(StoreReadOnly) as refused:
        reader.save(result)
    message = str(refused.value)
    assert "read-only for the role ro_" in message
    assert READER_PASSWORD not in message and "***" in message
    from analysis.decisions.team import TeamProfile

    with pytest.raises(StoreReadOnly):  # the team profile, delivery logs: one line too
        reader.team.save(str(repo.root.resolve()), TeamProfile())
    reader.cache.put_many("code-file", {"k": b"{}"})  # skipped, not an error
    assert reader.cache.errors == []
    # the database itself refuses the reader's writes (the GRANTs, not only our check)
    with create_engine(reader_url).connect() as connection, pytest.raises(Exception) as denied:
        connection.execute(text("DELETE FROM assessments"))
    assert "permission denied" in str(denied.value)
    reader.close()

    from app.cli import main

    code = main(["assess", str(repo.root), "--db", reader_url, "--workers", "1", "-q"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and "read-only" in err[0] and "cannot be saved" in err[0]
    assert READER_PASSWORD not in err[0]
    code = main(["history", str(repo.root), "--db", reader_url])
    out = capsys.readouterr().out
    assert code == 0 and "(1, newest first)" in out
    assert re.search(rf"^{saved}\s+\d{{4}}-\d\d-\d\d ", out, re.M)

    # CI's role assesses and stores from the command line; the reader compares and exports
    code = main(["assess", str(repo.root), "--db", writer_url, "--workers", "1", "-q"])
    captured = capsys.readouterr()
    assert code == 0 and f"Stored as        assessment #{saved + 1}" in captured.out
    assert main(["compare", str(saved), str(saved + 1), "--db", reader_url]) == 0
    pdf, report = tmp_path / "summary.pdf", tmp_path / "report.json"
    code = main(
        ["report", str(saved + 1), "--db", reader_url, "--pdf", str(pdf), "--json", str(report)]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    from pypdf import PdfReader

    pages = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Readiness" in pages or "readiness" in pages
    for secret in (READER_PASSWORD, WRITER_PASSWORD):
        assert secret not in pages and secret not in report.read_text()
        assert secret not in captured.out + captured.err


def test_doctor_reports_reachable_migrated_and_access(postgres_server):
    from app.doctor import check_database

    writer_url, reader_url = _least_privilege(postgres_server, f"doc_{next(_names)}")
    open_store(writer_url).close()
    writer = {c.name: (c.status, c.detail) for c in check_database(writer_url)}
    reader = {c.name: (c.status, c.detail) for c in check_database(reader_url)}
    assert writer["database"][0] == "ok" and writer["schema"] == (
        "ok",
        f"revision {HEAD_REVISION} (the newest)",
    )
    assert writer["access"][0] == "ok" and "can save" in writer["access"][1]
    assert reader["access"][0] == "note" and "read-only" in reader["access"][1]
    assert all(
        WRITER_PASSWORD not in d and READER_PASSWORD not in d
        for _, d in [*writer.values(), *reader.values()]
    )
    bad = check_database(postgres_server.url(password="wrong-Secret-9"))
    assert bad[0].status == "FAIL" and "wrong-Secret-9" not in bad[0].detail


def test_a_password_never_reaches_settings_messages_or_logs(postgres_server, tmp_path, capsys):
    from app.cli import main
    from app.settings import Settings, save_settings

    url = postgres_server.url(password="not-the-Password-3")
    assert "not-the-Password-3" not in redact(url) and "***" in redact(url)
    assert scrub(f"failed for {url} and password=hunter2x").count("***") == 2
    assert without_password(url) == url.replace(":not-the-Password-3", "")

    settings_file = tmp_path / "settings.json"
    save_settings(Settings(database_url=url), settings_file)
    kept = settings_file.read_text()
    assert "not-the-Password-3" not in kept and without_password(url) in kept

    with pytest.raises(StoreError) as refused:
        open_store(url)
    assert "not-the-Password-3" not in str(refused.value)

    code = main(["history", "/nowhere", "--db", url])
    captured = capsys.readouterr()
    assert code != 0 and "not-the-Password-3" not in captured.err + captured.out
    import os

    home = Path(os.environ["READINESS_ADVISOR_HOME"])
    for log in home.rglob("*.log*"):
        assert "not-the-Password-3" not in log.read_text(errors="replace")


def test_libpq_password_file_serves_a_url_without_password(postgres_server, tmp_path, monkeypatch):
    """A URL with no password passes through to psycopg, and libpq reads PGPASSFILE."""
    import postgres

    name = f"pass_{next(_names)}"
    postgres_server.execute(f"CREATE DATABASE {name}")
    passfile = tmp_path / "pgpass"
    passfile.write_text(
        f"127.0.0.1:{postgres_server.port}:{name}:{postgres.SUPERUSER}:{postgres.SUPERUSER_PASSWORD}\n"
    )
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    store = open_store(postgres_server.url(password=None, database=name))
    assert store.writable and store.repositories() == []
    store.close()


def test_the_desktop_with_a_read_only_role_shows_history_and_refuses_to_run(
    postgres_server, assessed, make_window, qtbot
):
    from app.context import ApplicationContext
    from app.settings import Settings

    repo, result = assessed
    writer_url, reader_url = _least_privilege(postgres_server, f"gui_{next(_names)}")
    writer = open_store(writer_url)
    writer.save(result)
    writer.close()
    window = make_window(ApplicationContext(settings=Settings(workers=1), database_url=reader_url))
    window.show()
    assert window.open_repository(str(repo.root))
    assert window.history_model.rowCount() == 1  # the stored assessment, browsed
    qtbot.waitUntil(lambda: window.view.cards["files"].value() == "1", timeout=30_000)
    finished = []
    window.run_finished.connect(finished.append)
    window.run_action.trigger()
    qtbot.wait(200)
    assert finished == [] and not window.running
    banner = window.banner.text()
    assert window.view.cards["files"].value() == "1"  # its dashboard still shown
    assert "read-only for the role gui_" in banner and "cannot be saved" in banner
    assert READER_PASSWORD not in banner and "Traceback" not in banner


def test_a_libpq_service_file_names_the_server(postgres_server, tmp_path, monkeypatch):
    """``postgresql+psycopg:///?service=NAME``: host, port, user and password come from the
    service file (PGSERVICEFILE), as for psql."""
    import postgres

    name = f"svc_{next(_names)}"
    postgres_server.execute(f"CREATE DATABASE {name}")
    services = tmp_path / "pg_service.conf"
    services.write_text(
        f"[readiness]\nhost=127.0.0.1\nport={postgres_server.port}\ndbname={name}\n"
        f"user={postgres.SUPERUSER}\npassword={postgres.SUPERUSER_PASSWORD}\n"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    store = open_store("postgresql+psycopg:///?service=readiness")
    assert store.writable and store.repositories() == []
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT current_database()")).scalar() == name
    store.close()


def test_no_table_lock_is_held_while_an_assessment_runs(postgres_url, assessed):
    """During the analysis (reading and filling the result cache) another machine's session
    sees only row-level locks of ours (none that blocks another writer), and none at all on
    the assessments: the report is written at the end, in one transaction."""
    from app.assessment_job import run_assessment, save_assessment
    from app.store.database import create_store_engine

    repo, _ = assessed
    store = open_store(postgres_url)
    observer = create_store_engine(postgres_url)
    seen: list[tuple[str, str]] = []

    def look(_progress) -> None:
        with observer.connect() as connection:
            seen.extend(
                connection.execute(
                    text(
                        "SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c "
                        "ON c.oid = l.relation WHERE l.pid <> pg_backend_pid() "
                        "AND l.database = (SELECT oid FROM pg_database "
                        "WHERE datname = current_database())"
                    )
                ).all()
            )

    options = Options(workers=1)
    result = run_assessment(str(repo.root), options, store.cache, progress=look)
    # the modes that never block another writer's INSERT/UPDATE (the table-level part of
    # row-level locking: https://www.postgresql.org/docs/current/explicit-locking.html)
    row_level = {"AccessShareLock", "RowShareLock", "RowExclusiveLock"}
    # (whether a cache read happens to hold a lock at the moment of a progress report is
    # timing: the test asserts what is never allowed, not that a lock was caught)
    assert not [lock for lock in seen if lock[1] not in row_level]
    assert not [lock for lock in seen if lock[0] in ("assessments", "repositories")]
    assert save_assessment(result, store, lambda _p: None) == 1
    observer.dispose()
    store.close()


def _save_in_a_process(url: str, report: dict, barrier, results) -> None:
    """Another machine: its own process and connections; waits for the others, then opens the
    store and saves, as ``readiness assess --db`` does at the end of its run."""
    from analysis.report import from_report

    assessment = from_report(report)
    try:
        barrier.wait(timeout=120)
        store = open_store(url)
        store.cache.put_many("code-file", {"shared": b"[]"})  # the same cache row, at once
        results.put(("ok", store.save(assessment)))
        store.close()
    except Exception as exc:  # reported to the test, which fails with it
        results.put(("error", f"{exc.__class__.__name__}: {exc}"))


@pytest.mark.slow
def test_writer_processes_save_to_one_repository_at_once(postgres_server, assessed):
    import multiprocessing

    repo, result = assessed
    name = f"procs_{next(_names)}"
    postgres_server.execute(f"CREATE DATABASE {name}")
    url = postgres_server.url(database=name)
    processes = 3
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(processes), context.Queue()
    workers = [
        context.Process(target=_save_in_a_process, args=(url, to_report(result), barrier, results))
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=300) for _ in range(processes)]
    for worker in workers:
        worker.join(timeout=60)
    assert sorted(outcomes) == [("ok", n) for n in range(1, processes + 1)]
    store = open_store(url)
    (recent,) = store.repositories()
    assert recent.path == str(repo.root.resolve()) and recent.assessments == processes
    store.close()


def test_without_a_server_ci_fails_instead_of_skipping(monkeypatch):
    """No server binaries: a reason is given; with CI set (.ci/run sets it) the
    postgres_server fixture fails on it rather than skipping."""
    import postgres

    monkeypatch.setattr(postgres, "find_bin_dir", lambda: None)
    reason = postgres.start_server()
    assert isinstance(reason, str) and "initdb" in reason
    monkeypatch.delenv("CI", raising=False)
    assert not postgres.required()
    monkeypatch.setenv("CI", "true")
    assert postgres.required()
