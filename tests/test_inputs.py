"""Inputs a careless user gives (issue 14, item 6): missing or folder files, header-only logs,
times without an offset, out-of-range numbers, a HEAD naming a missing object."""

from __future__ import annotations

import json
import shutil

import pytest
from dora_data import write_csv

from analysis.dora.csv_import import import_log
from analysis.dora.delivery_log import DEPLOYMENTS, DeploymentRecord, LogImportFailed
from analysis.errors import AssessmentError
from analysis.scan import open_repository
from app.cli import main
from app.store import open_store

HEADER = ["deployed_at", "sha", "environment"]


def _repo_and_log(git_repo, tmp_path, naive: bool = False):
    shas = [git_repo.commit(f"c{d}", date=f"2024-03-{d:02d}T00:00:00+00:00") for d in range(1, 8)]
    rows = [[f"2024-03-{d:02d}T12:00:00Z", sha, "production"] for d, sha in enumerate(shas, 1)]
    if naive:
        rows[2][0] = "2024-03-03T12:00:00"  # line 4: no UTC offset
        rows[4][0] = "2024-03-05 12:00"  # line 6
    return shas, write_csv(tmp_path / "deploys.csv", HEADER, rows)


@pytest.mark.parametrize("option", ["--deployments", "--incidents", "--quick-check", "--team"])
@pytest.mark.parametrize("what", ["missing", "folder"])
def test_a_missing_or_folder_input_file_is_exit_2_with_one_line(
    git_repo, tmp_path, capsys, option, what
):
    git_repo.commit("c1", date="2024-03-01T00:00:00+00:00")
    target = tmp_path / ("nope.csv" if what == "missing" else "folder")
    if what == "folder":
        target.mkdir()
    code = main(["assess", str(git_repo.root), option, str(target), "--no-save", "-q"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith("readiness: ") and str(target) in err[0]
    assert "internal error" not in err[0]
    reason = "No such file or directory" if what == "missing" else "Is a directory"
    assert reason in err[0]


def test_import_log_of_a_missing_file_raises_the_one_line_import_error(tmp_path):
    with pytest.raises(LogImportFailed, match=r"nope\.csv: nothing imported: cannot read it"):
        import_log(tmp_path / "nope.csv", DEPLOYMENTS)


def test_a_header_only_log_replaces_neither_the_stored_log_nor_git(
    git_repo, tmp_path, capsys, database_url
):
    """A good log of 7 deployments is stored; the next run gives a log with a header and no
    rows: the 7 stored deployments are still the source, the store still holds 7 rows, and
    stderr says why in one line. With --no-save (nothing stored), git's deployments stand."""
    _, log = _repo_and_log(git_repo, tmp_path)
    common = ["assess", str(git_repo.root), "-q", "--window-end", "2024-04-01"]
    common += ["--window-months", "1"]
    assert main([*common, "--db", database_url, "--deployments", str(log)]) == 0
    capsys.readouterr()
    empty = write_csv(tmp_path / "empty.csv", HEADER, [])
    out = tmp_path / "r.json"
    code = main([*common, "--db", database_url, "--deployments", str(empty), "--json", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 0
    assert err == [
        "readiness: warning: empty.csv has a header and no rows: nothing imported; the "
        "deployments are measured from the repository"
    ]
    dora = json.loads(out.read_text(encoding="utf-8"))["dora"]
    assert dora["deployment_source"]["kind"] == "log" and dora["deployments"] == 7
    assert dora["deployment_source"]["log"]["file_name"] == "deploys.csv"
    store = open_store(database_url)
    stored = store.delivery.logs(str(git_repo.root.resolve()))
    assert len(stored[DEPLOYMENTS].records) == 7
    store.close()

    code = main([*common, "--no-save", "--deployments", str(empty), "--json", str(out)])
    assert code == 0
    dora = json.loads(out.read_text(encoding="utf-8"))["dora"]
    assert dora["deployment_source"]["kind"] != "log"
    assert dora["deployment_source"]["log"] is None


def test_a_header_only_log_given_to_the_engine_is_a_warning_not_the_source(tmp_path):
    from dora_data import chain, days, utc

    from analysis.dora.engine import compute_dora
    from analysis.dora.settings import DoraInputs, DoraSettings

    commits = chain([utc(2024, 3, 1) + days(k) for k in range(5)])
    empty = import_log(write_csv(tmp_path / "empty.csv", HEADER, []), DEPLOYMENTS)
    settings = DoraSettings(window_end=utc(2024, 4, 1), window_months=1, deployment_source="log")
    report = compute_dora(commits, [], DoraInputs(settings, empty), now=utc(2024, 4, 1))
    assert report.deployment_source["kind"] != "log"
    assert any("empty.csv has a header and no rows" in w for w in report.warnings)


def test_naive_times_reach_stderr_and_the_json_warnings(git_repo, tmp_path, capsys):
    _, log = _repo_and_log(git_repo, tmp_path, naive=True)
    out = tmp_path / "r.json"
    code = main(
        [
            "assess",
            str(git_repo.root),
            "--no-save",
            "-q",
            "--deployments",
            str(log),
            "--window-end",
            "2024-04-01",
            "--json",
            str(out),
        ]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 0
    said = [line for line in err if "no UTC offset" in line]
    assert len(said) == 1 and said[0].startswith("readiness: warning: deploys.csv: 2 times")
    assert "first on line 4" in said[0]
    warnings = json.loads(out.read_text(encoding="utf-8"))["dora"]["warnings"]
    assert [w for w in warnings if "no UTC offset" in w] == [
        said[0].removeprefix("readiness: warning: ")
    ]


def test_naive_times_show_in_the_delivery_tab(qtbot, tmp_path):
    from dora_data import chain, days, iso, utc

    from analysis.assessment import Assessment, CodeSection, RepositoryInfo
    from analysis.code.results import code_totals
    from analysis.dora.engine import compute_dora
    from analysis.dora.settings import DoraInputs, DoraSettings
    from widgets.dora_panel import DoraPanel

    times = [utc(2024, 3, 1, 12) + days(k) for k in range(6)]
    commits = chain([t - days(1) for t in times])
    rows = [[iso(t), c.sha, "production"] for t, c in zip(times, commits, strict=True)]
    rows[1][0] = "2024-03-02T12:00:00"
    log = import_log(write_csv(tmp_path / "d.csv", HEADER, rows), DEPLOYMENTS)
    settings = DoraSettings(window_end=utc(2024, 4, 1), window_months=1)
    dora = compute_dora(
        commits,
        [],
        DoraInputs(settings, log),
        now=utc(2024, 4, 1),
        resolved={c.sha: c.sha for c in commits},
    )
    info = RepositoryInfo(str(tmp_path), "shop", "a" * 40, "main", "", "2024-04-01", 0)
    panel = DoraPanel()
    qtbot.addWidget(panel)
    panel.show_assessment(Assessment(info, CodeSection([], code_totals([])), dora=dora))
    shown = [panel.notes_list.item(i).text() for i in range(panel.notes_list.count())]
    assert any("d.csv: 1 time had no UTC offset" in line for line in shown), shown


@pytest.mark.parametrize(
    ("option", "value", "reason"),
    [
        ("--hourly-cost", "nan", "'nan' is not a finite number"),
        ("--hourly-cost", "inf", "'inf' is not a finite number"),
        ("--hourly-cost", "-5", "-5 is out of range: must be more than 0 and at most 1,000,000"),
        ("--window-months", "0", "0 is out of range: must be 1 to 120 months"),
        ("--window-months", "121", "121 is out of range: must be 1 to 120 months"),
        ("--workers", "0", "0 is out of range: must be 1 to 256 processes"),
        ("--workers", "two", "'two' is not a whole number"),
        ("--fail-under", "101", "101 is out of range: must be 0 to 100"),
        ("--fail-under", "nan", "'nan' is not a finite number"),
        ("--stale-days", "0", "0 is out of range: must be 1 to 3650 days"),
        ("--hotfix-days", "-1", "-1 is out of range: must be 0 to 365 days"),
        ("--hotfix-days", "366", "366 is out of range: must be 0 to 365 days"),
    ],
)
def test_numeric_options_out_of_range_are_exit_2_with_the_reason(
    tmp_path, capsys, option, value, reason
):
    with pytest.raises(SystemExit) as stopped:
        main(["assess", str(tmp_path), option, value, "--no-save", "-q"])
    assert stopped.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [f"readiness assess: argument {option}: {reason} (--help for usage)"]


def test_numeric_options_in_range_are_taken(git_repo, tmp_path, capsys):
    git_repo.commit("c1", date="2024-03-01T00:00:00+00:00")
    out = tmp_path / "r.json"
    code = main(
        [
            "assess",
            str(git_repo.root),
            "--no-save",
            "-q",
            "--workers",
            "1",
            "--hourly-cost",
            "120.5",
            "--window-months",
            "3",
            "--hotfix-days",
            "0",
            "--json",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["dora"]["settings"]["window_months"] == 3
    assert report["dora"]["settings"]["hotfix_days"] == 0


def test_head_naming_a_missing_object_is_named_as_such(git_repo):
    sha = git_repo.commit("c1", date="2024-03-01T00:00:00+00:00")
    shutil.rmtree(git_repo.root / ".git" / "objects" / sha[:2])
    with pytest.raises(AssessmentError) as caught:
        open_repository(git_repo.root)
    message = str(caught.value)
    assert f"HEAD names commit {sha}, which is missing from the object store" in message
    assert "unborn" not in message


def test_an_unborn_branch_is_still_called_so(git_repo):
    git_repo.commit("c1", date="2024-03-01T00:00:00+00:00")
    git_repo.git("checkout", "--orphan", "fresh")
    with pytest.raises(AssessmentError, match="has no commits yet \\(an unborn branch\\)"):
        open_repository(git_repo.root)


def test_log_records_are_small_and_share_repeated_values(tmp_path):
    """Item 7: a million-row log keeps a million records: slotted (no per-record dict), and
    the same environment text is one object, not one per row."""
    _rows = [[f"2024-03-{d:02d}T12:00:00Z", "abc1234", "production"] for d in range(1, 4)]
    log = import_log(write_csv(tmp_path / "d.csv", HEADER, _rows), DEPLOYMENTS)
    first, second = log.records[0], log.records[1]
    assert isinstance(first, DeploymentRecord) and not hasattr(first, "__dict__")
    assert first.environment is second.environment and first.ref is second.ref


def test_deployments_from_a_log_are_small_and_share_their_names(tmp_path):
    from analysis.dora.deployments import from_log
    from analysis.dora.settings import DoraSettings

    rows = [[f"2024-03-{d:02d}T12:00:00Z", "abc1234", "production"] for d in range(1, 4)]
    log = import_log(write_csv(tmp_path / "d.csv", HEADER, rows), DEPLOYMENTS)
    choice = from_log(log, {"abc1234": "a" * 40}, {}, DoraSettings())
    first, second, _third = choice.deployments
    assert not hasattr(first, "__dict__")
    assert first.name == "abc1234" and first.name is second.name
    assert (first.key, second.key) == ("line 2", "line 3")
