"""`readiness assess --deployments/--incidents/--quick-check`: import, reuse, and exit 2."""

from __future__ import annotations

import json

from dora_data import write_csv

from app.cli import main
from app.store import open_store


def _repo_and_log(git_repo, tmp_path, bad_line: int | None = None):
    shas = [git_repo.commit(f"c{d}", date=f"2024-03-{d:02d}T00:00:00+00:00") for d in range(1, 8)]
    rows = [[f"2024-03-{d:02d}T12:00:00Z", sha, "production"] for d, sha in enumerate(shas, 1)]
    if bad_line:
        rows[bad_line - 2][0] = "2024-13-45T00:00:00Z"
    return shas, write_csv(tmp_path / "deploys.csv", ["deployed_at", "sha", "environment"], rows)


def test_a_log_that_fails_to_import_stops_with_exit_2(git_repo, tmp_path, capsys, database_url):
    _, log = _repo_and_log(git_repo, tmp_path, bad_line=7)
    code = main(
        ["assess", str(git_repo.root), "--deployments", str(log), "--db", database_url, "-q"]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith("readiness: deploys.csv: nothing imported: line 7,")
    assert "'2024-13-45T00:00:00Z'" in err[0]
    store = open_store(database_url)
    assert store.delivery.logs(str(git_repo.root.resolve())) == {}  # nothing kept
    assert store.assessments(str(git_repo.root.resolve())) == []
    store.close()


def test_logs_and_answers_are_used_kept_and_reused(git_repo, tmp_path, capsys, database_url):
    shas, log = _repo_and_log(git_repo, tmp_path)
    # c4 (shipped by the 4th deployment) caused an incident, restored 6 h later
    incidents = write_csv(
        tmp_path / "incidents.csv",
        ["opened_at", "resolved_at", "sha"],
        [["2024-03-04T13:00:00Z", "2024-03-04T18:00:00Z", shas[3]]],
    )
    answers = tmp_path / "qc.toml"
    answers.write_text(
        'lead_time = "< 1 day"\ndeployment_frequency = "hourly-daily"\n'
        "recovery = 5\nchange_fail_rate = 10\nrework_rate = 5\n",
        encoding="utf-8",
    )
    out = tmp_path / "report.json"
    args = [
        "assess",
        str(git_repo.root),
        "--db",
        database_url,
        "-q",
        "--window-end",
        "2024-04-01",
        "--window-months",
        "1",
    ]
    code = main(
        [
            *args,
            "--deployments",
            str(log),
            "--incidents",
            str(incidents),
            "--quick-check",
            str(answers),
            "--json",
            str(out),
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    dora = json.loads(out.read_text(encoding="utf-8"))["dora"]
    # 7 daily deployments, one failed: 1/7; each ships the commit of its day, 12 h earlier
    assert dora["deployment_source"]["kind"] == "log" and dora["deployments"] == 7
    assert dora["failed_deployments"] == 1 and dora["change_fail_rate"] == round(1 / 7, 4)
    assert dora["recovery_hours"] == {"median": 6.0, "n": 1, "unresolved": 0}
    assert dora["lead_time_hours"]["median"] == 12 and dora["lead_time_hours"]["n"] == 6
    assert dora["quick_check"]["scores"]["lead_time"] == 8
    assert "Delivery (DORA)  Deployment log: 7 deployments" in captured.out

    # A later run without the files reuses what was kept with the repository.
    assert main([*args, "--json", str(out)]) == 0
    again = json.loads(out.read_text(encoding="utf-8"))["dora"]
    assert again["deployments"] == 7 and again["failed_deployments"] == 1
    assert again["quick_check"] is not None


def test_no_save_imports_without_touching_the_store(git_repo, tmp_path, capsys):
    _, log = _repo_and_log(git_repo, tmp_path)
    db = tmp_path / "never.db"
    code = main(
        [
            "assess",
            str(git_repo.root),
            "--deployments",
            str(log),
            "--no-save",
            "-q",
            "--db",
            f"sqlite:///{db}",
            "--window-end",
            "2024-04-01",
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert not db.exists()


def test_bad_quick_check_or_setting_is_bad_input(git_repo, tmp_path, capsys):
    _repo_and_log(git_repo, tmp_path)
    answers = tmp_path / "qc.toml"
    answers.write_text("lead_time = 9\n", encoding="utf-8")
    assert (
        main(["assess", str(git_repo.root), "--quick-check", str(answers), "--no-save", "-q"]) == 2
    )
    assert "bucket 9 is not between 1 and 6" in capsys.readouterr().err
    assert main(["assess", str(git_repo.root), "--release-pattern", "((", "--no-save", "-q"]) == 2
    assert "not a valid regular expression" in capsys.readouterr().err


def test_stale_days_decides_where_the_default_window_ends(git_repo, tmp_path, capsys):
    """The 2024 history is about 1,000 days old: by default the window ends at its newest
    commit, with a warning; --stale-days 3650 keeps the window ending now."""
    _repo_and_log(git_repo, tmp_path)
    ends = {}
    for extra in ([], ["--stale-days", "3650"]):
        out = tmp_path / f"report{len(extra)}.json"
        code = main(["assess", str(git_repo.root), "--no-save", "-q", "--json", str(out), *extra])
        assert code == 0
        dora = json.loads(out.read_text(encoding="utf-8"))["dora"]
        ends[len(extra)] = (
            dora["window"]["ends_at"],
            any("git fetch" in w for w in dora["warnings"]),
        )
    assert ends == {0: ("newest commit", True), 2: ("now", False)}
