"""Parallel assessments into one database: N processes store N assessments, the first
migration runs once, and no stray backup is left (issue 14, case 3)."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.assessment import run
from analysis.report import to_report

PROCESSES = 4
TRIALS = 20


def _count(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        return db.execute("select count(*) from assessments").fetchone()[0]
    finally:
        db.close()


def _store_worker(urls, report, barrier, results) -> None:
    """One process: for each trial, wait for the others, then open (and migrate) the store,
    read and write the cache and save the assessment, as ``readiness assess`` does."""
    from analysis.report import from_report
    from app.store import open_store

    assessment = from_report(report)
    for url in urls:
        barrier.wait(timeout=120)
        try:
            store = open_store(url)
            key = f"worker-{os.getpid()}"
            store.cache.get_many("code-file", [key])
            store.cache.put_many("code-file", {key: b"{}", "shared": b"[]"})
            assessment_id = store.save(assessment)
            store.close()
            results.put((url, "ok", assessment_id))
        except Exception as exc:  # reported to the test, which fails with it
            results.put((url, "error", f"{exc.__class__.__name__}: {exc}"))


@pytest.mark.slow
def test_parallel_processes_into_a_new_database_store_every_assessment(git_repo, tmp_path):
    git_repo.write("a.py", "def f(x):\n    return x\n")
    git_repo.commit()
    report = to_report(run(git_repo.root))
    folders = [tmp_path / f"trial-{n}" for n in range(TRIALS)]
    for folder in folders:
        folder.mkdir()
    urls = [f"sqlite:///{folder / 'readiness.db'}" for folder in folders]
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    results = context.Queue()
    workers = [
        context.Process(target=_store_worker, args=(urls, report, barrier, results))
        for _ in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=300) for _ in range(TRIALS * PROCESSES)]
    for worker in workers:
        worker.join(timeout=60)
    errors = [o for o in outcomes if o[1] != "ok"]
    assert errors == []
    for url, folder in zip(urls, folders, strict=True):
        ids = sorted(o[2] for o in outcomes if o[0] == url)
        assert ids == [1, 2, 3, 4], url
        assert _count(folder / "readiness.db") == PROCESSES
        assert [p.name for p in folder.iterdir() if "backup" in p.name] == []


def _assess_in_parallel(
    repo: Path, database: Path, home: Path
) -> list[subprocess.CompletedProcess]:
    command = [sys.executable, "-m", "app.cli", "assess", str(repo), "--db",
               f"sqlite:///{database}", "--workers", "1", "-q"]  # fmt: skip
    env = {**os.environ, "READINESS_ADVISOR_HOME": str(home)}
    running = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(PROCESSES)
    ]
    done = []
    for process in running:
        out, err = process.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(command, process.returncode, out, err))
    return done


@pytest.mark.slow
@pytest.mark.parametrize("existing", [False, True], ids=["new database", "existing database"])
def test_parallel_readiness_assess_runs_store_every_assessment(git_repo, tmp_path, existing):
    git_repo.write("a.py", "def f(x):\n    return x\n")
    git_repo.commit()
    database = tmp_path / "db" / "readiness.db"
    home = tmp_path / "home"
    if existing:  # made (and migrated) by an earlier assessment
        from app.store import open_store

        store = open_store(f"sqlite:///{database}")
        store.save(run(git_repo.root))
        store.close()
    for done in _assess_in_parallel(git_repo.root, database, home):
        assert done.returncode == 0, done.stderr.decode()
        assert b"Stored as        assessment #" in done.stdout
    assert _count(database) == PROCESSES + (1 if existing else 0)
    assert [p.name for p in database.parent.iterdir() if "backup" in p.name] == []
