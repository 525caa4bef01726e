"""`readiness portfolio`: many repositories into one store, locally and on a Dask LocalCluster.

Three small repositories built here, each with a known number of production Python files and
a known head, and one path that is not a repository: every good one is stored (its head and
its file count read back from the store and the JSON reports), the bad one is reported on its
own line and the batch goes on (exit 4).
"""

from __future__ import annotations

import json

import pytest
from gitrepo import GitRepo

from app.cli import main
from app.portfolio import share_cores
from app.store import open_store


def _repos(tmp_path) -> list[GitRepo]:
    """Repository i has i + 1 production files (one function each)."""
    repos = []
    for i in range(3):
        repo = GitRepo.init(tmp_path / f"svc{i}")
        for n in range(i + 1):
            repo.write(
                f"svc/m{n}.py", f"def f{n}(x):\n    if x:\n        return {n}\n    return 0\n"
            )
        repo.commit(f"service {i}")
        repos.append(repo)
    return repos


def _stored(database_url, repos) -> None:
    store = open_store(database_url)
    try:
        for repo in repos:
            rows = store.assessments(str(repo.root.resolve()))
            assert len(rows) == 1 and rows[0].head == repo.head(), repo.root
    finally:
        store.close()


def _lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("[")]


def _check_batch(capsys, code, repos, broken, database_url):
    out = capsys.readouterr().out
    assert code == 4, out
    lines = _lines(out)
    assert len(lines) == 4  # one progress line per repository, failed one included
    failed = [line for line in lines if "FAILED" in line]
    assert len(failed) == 1 and failed[0].endswith(f"/4] FAILED {broken}: {broken} does not exist")
    for repo in repos:
        assert sum(f"stored {repo.root}:" in line for line in lines) == 1
    assert "3 stored, 1 failed" in out
    _stored(database_url, repos)


def test_workers_store_every_good_repository_and_report_the_broken_one(
    tmp_path, capsys, database_url
):
    repos = _repos(tmp_path)
    broken = tmp_path / "missing"
    paths = [str(repos[0].root), str(broken), str(repos[1].root), str(repos[2].root)]
    code = main(["portfolio", *paths, "--workers", "2", "--db", database_url])
    _check_batch(capsys, code, repos, broken, database_url)


def test_dask_local_cluster_runs_the_same_tasks(tmp_path, capsys, database_url):
    pytest.importorskip("distributed")
    repos = _repos(tmp_path)
    broken = tmp_path / "missing"
    paths = [str(repos[0].root), str(repos[1].root), str(broken), str(repos[2].root)]
    code = main(["portfolio", *paths, "--dask", "local", "--db", database_url])
    _check_batch(capsys, code, repos, broken, database_url)


def test_from_file_and_json_dir_one_report_per_repository(tmp_path, capsys, database_url):
    repos = _repos(tmp_path)
    listing = tmp_path / "repos.txt"
    listing.write_text(
        "# services\n" + "\n".join(str(r.root) for r in repos) + "\n\n", encoding="utf-8"
    )
    json_dir = tmp_path / "reports"
    code = main(
        ["portfolio", "--from", str(listing), "--workers", "2", "--db", database_url,
         "--json-dir", str(json_dir)]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0, out
    assert len(_lines(out)) == 3 and "3 stored, 0 failed" in out
    assert sorted(p.name for p in json_dir.iterdir()) == ["svc0.json", "svc1.json", "svc2.json"]
    for i, repo in enumerate(repos):
        report = json.loads((json_dir / f"svc{i}.json").read_text(encoding="utf-8"))
        assert report["repository"]["head"] == repo.head()
        assert sorted(f["path"] for f in report["code"]["files"]) == [
            f"svc/m{n}.py" for n in range(i + 1)
        ]
    _stored(database_url, repos)


def test_bad_usage_exits_2(tmp_path, capsys, database_url):
    assert main(["portfolio", "--db", database_url]) == 2
    assert "give repository folders" in capsys.readouterr().err
    assert main(["portfolio", "--from", str(tmp_path / "nope.txt"), "--db", database_url]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_pdf_summarises_every_stored_repository_after_the_batch(tmp_path, capsys, database_url):
    """--pdf writes the Portfolio view's one page (app.pdf.portfolio) once the batch is stored:
    its table names each repository, the broken one is not there and the exit code stays 4."""
    from pypdf import PdfReader

    repos = _repos(tmp_path)
    pdf = tmp_path / "board.pdf"
    paths = [*(str(r.root) for r in repos), str(tmp_path / "missing")]
    code = main(["portfolio", *paths, "--workers", "2", "--db", database_url, "--pdf", str(pdf)])
    out = capsys.readouterr().out
    assert code == 4, out
    assert f"Portfolio PDF {pdf}" in out
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 1
    page = " ".join(reader.pages[0].extract_text().split())
    assert "3 repositories" in page
    for name in ("svc0", "svc1", "svc2"):
        assert name in page
    assert "missing" not in page


@pytest.mark.parametrize(
    ("processes", "repositories", "expected"),
    [(2, 20, (2, 1)), (8, 3, (3, 2)), (8, 1, (1, 8)), (1, 5, (1, 1)), (7, 2, (2, 3))],
)
def test_cores_are_shared_without_oversubscribing(processes, repositories, expected):
    at_once, pool = share_cores(processes, repositories)
    assert (at_once, pool) == expected and at_once * pool <= processes


def test_a_daemonic_dask_worker_fails_the_task_with_the_fix(monkeypatch, tmp_path, database_url):
    from types import SimpleNamespace

    from app import portfolio

    monkeypatch.setattr(portfolio, "current_process", lambda: SimpleNamespace(daemon=True))
    outcome = portfolio.assess_repository(portfolio.RepositoryTask(str(tmp_path), database_url))
    assert outcome.status == portfolio.FAILED
    assert "DASK_DISTRIBUTED__WORKER__DAEMON=False" in outcome.reason
