"""Parallel assessments into one database: N processes store N assessments, the first
migration runs once, and no stray backup is left (issue 14, case 3).

The 20 trials run the store's part of ``readiness assess`` (open and migrate, cache reads and
writes, save) in 4 processes released together by a barrier: 80 full ``readiness assess``
processes take minutes on a 2-core CI machine. One trial runs 4 real ``readiness assess``."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.assessment import run
from analysis.report import from_report, to_report
from app.store import open_store

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
    folders = [tmp_path / f"trial-{n}" for n in range(TRIALS)] + [tmp_path / "existing"]
    for folder in folders:
        folder.mkdir()
    urls = [f"sqlite:///{folder / 'readiness.db'}" for folder in folders]
    existing = open_store(urls[-1])  # one more trial: a database an earlier run made
    existing.save(from_report(report))
    existing.close()
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    results = context.Queue()
    workers = [
        context.Process(target=_store_worker, args=(urls, report, barrier, results))
        for _ in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=300) for _ in range(len(urls) * PROCESSES)]
    for worker in workers:
        worker.join(timeout=60)
    errors = [o for o in outcomes if o[1] != "ok"]
    assert errors == []
    for url, folder in zip(urls, folders, strict=True):
        first = 2 if folder.name == "existing" else 1
        ids = sorted(o[2] for o in outcomes if o[0] == url)
        assert ids == list(range(first, first + PROCESSES)), url
        assert _count(folder / "readiness.db") == first - 1 + PROCESSES
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
def test_parallel_readiness_assess_runs_into_a_new_database_store_every_assessment(
    git_repo, tmp_path
):
    git_repo.write("a.py", "def f(x):\n    return x\n")
    git_repo.commit()
    database = tmp_path / "db" / "readiness.db"
    for done in _assess_in_parallel(git_repo.root, database, tmp_path / "home"):
        assert done.returncode == 0, done.stderr.decode()
        assert b"Stored as        assessment #" in done.stdout
    assert _count(database) == PROCESSES
    assert [p.name for p in database.parent.iterdir() if "backup" in p.name] == []
