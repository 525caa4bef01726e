"""The DORA engine on in-memory commit records and synthetic logs, figures derived by hand."""

from __future__ import annotations

from datetime import timedelta

import pytest
from dora_data import chain, days, iso, sha_of, utc, write_csv

from analysis.dora.attribution import first_deployments
from analysis.dora.csv_import import import_log
from analysis.dora.delivery_log import DEPLOYMENTS, INCIDENTS
from analysis.dora.deployments import Deployment
from analysis.dora.engine import compute_dora
from analysis.dora.records import CommitRecord
from analysis.dora.release_lines import read_tag
from analysis.dora.results import DoraReport
from analysis.dora.settings import DoraInputs, DoraSettings


def _scenario(tmp_path, name, first_deploy, step, count, lead, failing, recovery, end):
    """``count`` deployments every ``step`` from ``first_deploy``, each shipping one commit
    authored ``lead`` before it, after one deployment before the window (so no window
    deployment is the earliest on record); incidents on the ``failing`` deployments, opened
    at the deployment and resolved ``recovery`` later."""
    times = [first_deploy + step * k for k in range(-1, count)]
    commits = chain([t - lead for t in times], prefix=name)
    rows = [[iso(t), c.sha, "production", "success"] for t, c in zip(times, commits, strict=True)]
    rows.append([iso(times[3] + timedelta(minutes=5)), commits[3].sha, "staging", "success"])
    deploy_log = write_csv(
        tmp_path / f"{name}-deploys.csv", ["Deployed At", "Commit", "Environment", "Status"], rows
    )
    incidents = [
        [iso(times[k + 1]), iso(times[k + 1] + recovery), commits[k + 1].sha, "sev2"]
        for k in failing
    ]
    incident_log = write_csv(
        tmp_path / f"{name}-incidents.csv",
        ["opened_at", "resolved_at", "sha", "severity"],
        incidents,
    )
    inputs = DoraInputs(
        settings=DoraSettings(window_end=end, window_months=3),
        deployment_log=import_log(deploy_log, DEPLOYMENTS),
        incident_log=import_log(incident_log, INCIDENTS),
    )
    resolved = {c.sha: c.sha for c in commits}
    return compute_dora(commits, [], inputs, now=end, resolved=resolved)


def test_article_worked_example_before_and_after(tmp_path):
    # Before: weekly deploys 1 Apr .. 24 Jun 2024 (13 in the window 1 Apr - 1 Jul, 91 days =
    # 13 whole weeks, one deploy day each), every change authored 12 days (288 h) before it
    # shipped, 4 of 13 deployments failed (30.8%), restored 8 h later.
    before = _scenario(
        tmp_path,
        "b",
        utc(2024, 4, 1, 12),
        days(7),
        13,
        days(12),
        failing=[1, 4, 7, 10],
        recovery=timedelta(hours=8),
        end=utc(2024, 7, 1),
    )
    assert before.deployments == 13 and before.failed_deployments == 4
    assert before.lead_time_hours.median == 288 and before.lead_time_hours.n == 13
    assert before.deployments_per_week == 1.0
    assert before.deploy_days.median_per_week == 1 and before.deploy_days.bucket == "weekly"
    assert before.change_fail_rate == round(4 / 13, 4)  # 0.3077
    assert before.recovery_hours.median == 8 and before.recovery_hours.n == 4
    # 288 h: between a week and a month -> Medium; 1 deploy day a week -> High (DevLake);
    # 30.8% > 15% -> Low; only 4 failures (< 5) -> no recovery level.
    assert before.levels == {
        "lead_time": "Medium",
        "deployment_frequency": "High",
        "change_fail_rate": "Low",
        "recovery_time": "not enough data",
    }
    # The article: 12 days >= 10-15 days, weekly, 30% in 20-40%: high-debt on all three.
    assert before.article_verdicts == {
        "lead_time": "high-debt",
        "deployment_frequency": "high-debt",
        "change_fail_rate": "high-debt",
        "recovery_time": "not enough data",
    }
    assert any("staging (1)" in n for n in before.deployment_source["notes"])

    # After: daily deploys 1 Jul .. 30 Sep (92 in the window 1 Jul - 1 Oct, 13 whole weeks of
    # 7 deploy days), lead time 3 days (72 h), 7 of 92 failed (7.6%), restored in 45 minutes.
    after = _scenario(
        tmp_path,
        "a",
        utc(2024, 7, 1, 12),
        days(1),
        92,
        days(3),
        failing=[4, 17, 30, 43, 56, 69, 82],
        recovery=timedelta(minutes=45),
        end=utc(2024, 10, 1),
    )
    assert after.deployments == 92 and after.failed_deployments == 7
    assert after.lead_time_hours.median == 72 and after.lead_time_hours.n == 92
    assert after.deployments_per_week == 7.0 and after.deploy_days.bucket == "daily"
    assert after.change_fail_rate == round(7 / 92, 4)  # 0.0761
    assert after.recovery_hours.median == 0.75 and after.recovery_hours.n == 7
    # 72 h: a day to a week -> High; 7 deploy days a week -> Elite; 7.6% -> High; 45 min -> Elite
    assert after.levels == {
        "lead_time": "High",
        "deployment_frequency": "Elite",
        "change_fail_rate": "High",
        "recovery_time": "Elite",
    }
    assert set(after.article_verdicts.values()) == {"healthy"}


def test_commits_are_attributed_to_the_first_deployment_containing_them():
    # c0 <- c1 <- c2 <- c3, and a side branch c1 <- s0 merged by m (parents c3, s0).
    c = chain([utc(2024, 1, d) for d in (1, 2, 3, 4)])
    s0 = CommitRecord(sha_of("s0"), (c[1].sha,), utc(2024, 1, 2, 6), utc(2024, 1, 2, 6))
    m = CommitRecord(sha_of("m"), (c[3].sha, s0.sha), utc(2024, 1, 5), utc(2024, 1, 5))
    commits = {x.sha: x for x in [*c, s0, m]}
    deployments = [
        Deployment("d0", "d0", c[1].sha, utc(2024, 1, 2, 12)),
        Deployment("d1", "d1", c[3].sha, utc(2024, 1, 4, 12)),
        Deployment("redeploy", "d0 again", c[1].sha, utc(2024, 1, 4, 13)),
        Deployment("d2", "d2", m.sha, utc(2024, 1, 6)),
        Deployment("elsewhere", "x", None, utc(2024, 1, 7)),
    ]
    shipped = first_deployments(commits, deployments)
    # d0 ships c0, c1; d1 ships c2, c3 (c1 already shipped); the redeploy ships nothing new;
    # d2 ships s0 (branched before d0 but first contained by d2) and m.
    assert shipped == {c[0].sha: 0, c[1].sha: 0, c[2].sha: 1, c[3].sha: 1, s0.sha: 3, m.sha: 3}


def test_window_edges(tmp_path):
    # Window 1 Mar - 1 Apr 2024 (end exclusive). In: exactly the start, one second before the
    # end. Out: one second before the start, exactly the end.
    start, end = utc(2024, 3, 1), utc(2024, 4, 1)
    moments = [start - timedelta(seconds=1), start, end - timedelta(seconds=1), end]
    log = write_csv(
        tmp_path / "edge.csv",
        ["deployed_at", "sha"],
        [[iso(t), f"{'abcd'[i]}" * 40] for i, t in enumerate(moments)],
    )
    report = compute_dora(
        [],
        [],
        DoraInputs(
            settings=DoraSettings(window_end=end, window_months=1),
            deployment_log=import_log(log, DEPLOYMENTS),
        ),
        now=end,
    )
    assert report.deployments == 2
    assert [d.id for d in report.deployment_list] == ["line 3", "line 4"]
    assert report.window == {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "months": 1,
        "requested_start": start.isoformat(),  # no commits given: nothing narrows the window
        "ends_at": "setting",
    }
    assert [m.month for m in report.monthly] == ["2024-03"]
    assert report.monthly[0].deployments == 2
    # 2 deployments over 31 days: 2 / (31 / 7) per week
    assert report.deployments_per_week == round(2 / (31 / 7), 3)
    assert "name a commit this repository does not have" in " ".join(report.warnings)


def test_the_tag_spacing_fallback_fails_a_release_but_not_a_backport():
    # The fallback when blame is impossible (a shallow clone): v3.20.6 (1 Feb) ... v3.21.0
    # (1 Mar); v3.20.7 two days later is a backport: its own line's previous release is a month
    # old. v3.21.1 three days after v3.21.0 is a guessed hotfix.
    from analysis.dora.failures import hotfix_failures

    def dep(name, when):
        return Deployment(name, name, None, when, tag=read_tag(name), kind="release")

    deployments = [
        dep("v3.20.6", utc(2024, 2, 1)),
        dep("v3.21.0", utc(2024, 3, 1)),
        dep("v3.20.7", utc(2024, 3, 3)),
        dep("v3.21.1", utc(2024, 3, 4)),
    ]
    found = hotfix_failures(deployments, days=7)
    assert [(f.deployment, f.restored_by, f.method) for f in found.failures] == [
        (1, 3, "tag-spacing")
    ]
    assert found.failures[0].restored_at - deployments[1].at == days(3)
    assert "backports" in found.notes[0]
    # Without v3.21.1 nothing failed: 3.20.7 is not a failure of 3.21.0.
    assert hotfix_failures(deployments[:3], days=7).failures == []


def test_report_section_round_trips_and_says_not_enough_data(tmp_path):
    report = compute_dora(
        [], [], DoraInputs(settings=DoraSettings(window_end=utc(2024, 6, 1))), now=utc(2024, 6, 1)
    )
    assert report.deployments == 0 and report.change_fail_rate is None
    assert set(report.levels.values()) == {"not enough data"}
    assert DoraReport.from_dict(report.to_dict()) == report
    assert report.deployment_source["kind"] == "tags"  # no default branch known: tags
    assert "no deployments found" in report.warnings[-1]


@pytest.mark.parametrize("bad", [{"release_pattern": "v(("}, {"window_months": 0}])
def test_unusable_settings_fall_back_to_defaults_with_a_warning(bad):
    settings = DoraSettings(window_end=utc(2024, 6, 1))
    for key, value in bad.items():
        setattr(settings, key, value)
    report = compute_dora([], [], DoraInputs(settings=settings), now=utc(2024, 6, 1))
    assert "DORA settings not used" in report.warnings[0]
    assert report.window["months"] == 6


def test_a_history_younger_than_the_window_is_measured_over_its_own_days(git_repo):
    """Six commits, one a day from 10 to 15 June 2024, each deployed (first-parent commits);
    window: the 6 months to 1 July 2024 (from 1 January). The history starts on 10 June, so
    the figures cover 10 June - 1 July = 21 days: 6 / (21 / 7) = 2 deployments a week (not
    6 over 26 weeks), and 21 days are too few for a deployment frequency level."""
    from analysis.assessment import Options, run

    for day in range(10, 16):
        git_repo.write(f"m{day}.py", f"x = {day}\n")
        git_repo.commit(f"change {day}", date=f"2024-06-{day}T12:00:00+00:00")
    options = Options()
    options.dora.settings = DoraSettings(
        window_end=utc(2024, 7, 1), deployment_source="branch", branch_mode="commits"
    )
    report = run(git_repo.root, options).dora
    assert report.window["requested_start"] == utc(2024, 1, 1).isoformat()
    assert report.window["start"] == utc(2024, 6, 10).isoformat()
    assert report.deployments == 6
    assert report.deployments_per_week == 2.0
    assert report.levels["deployment_frequency"] == "not enough data"
    assert "only 21 days of history" in report.level_reasons["deployment_frequency"]
    assert any("21 days" in note for note in report.notes)


def test_rates_are_not_extrapolated_from_less_than_a_week(git_repo):
    """Three commits on one day (10 June 2024), each a deployment: 3 in the history's first and
    only day are 3 that week and 3 that day, not 3 / (1 / 7) = 21 a week."""
    from analysis.assessment import Options, run

    for hour in (9, 12, 15):
        git_repo.write(f"m{hour}.py", f"x = {hour}\n")
        git_repo.commit(f"change {hour}", date=f"2024-06-10T{hour:02d}:00:00+00:00")
    options = Options()
    options.dora.settings = DoraSettings(
        window_end=utc(2024, 6, 11), deployment_source="branch", branch_mode="commits"
    )
    report = run(git_repo.root, options).dora
    assert report.deployments == 3
    assert report.deployments_per_week == 3.0 and report.deployments_per_day == 3.0
