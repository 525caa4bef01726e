"""DORA on real repositories built here: tags, reverts, hotfix tags, logs linked by sha."""

from __future__ import annotations

import json

import jsonschema
import pytest
from dora_data import tag, utc, write_csv

from analysis.assessment import Options, run
from analysis.dora.commit_log import read_commits
from analysis.dora.csv_import import import_log
from analysis.dora.delivery_log import DEPLOYMENTS, INCIDENTS
from analysis.dora.git_refs import default_branch, read_tags, resolve_names
from analysis.dora.patterns import DEFAULT_FIX_PATTERN, DEFAULT_RELEASE_PATTERN, matching_tags
from analysis.dora.phase import assess_delivery
from analysis.dora.settings import DoraInputs, DoraSettings
from analysis.report import from_report, to_report
from analysis.scan import open_repository
from resources import resource_path


def _dora(repo, **settings):
    inputs = settings.pop("inputs", None) or DoraInputs()
    inputs.settings = DoraSettings(**settings)
    result = assess_delivery(open_repository(repo.root), inputs)
    assert result.report is not None
    return result.report


def test_tags_read_with_their_dates_and_listed_by_pattern(git_repo):
    first = git_repo.commit("init", date="2024-01-01T12:00:00+00:00")
    second = git_repo.commit("two", date="2024-01-03T12:00:00+02:00")
    tag(git_repo, "v1.0.0", first, date="2024-01-02T09:00:00+00:00")  # annotated: its own date
    tag(git_repo, "v1.1.0", second)  # lightweight: the commit's date
    tag(git_repo, "v1.2.0-rc1", second)  # a pre-release: not a deployment by default
    tag(git_repo, "hotfix-jan", second)
    tags = {t.name: t for t in read_tags(git_repo.root)}
    assert tags["v1.0.0"].sha == first and tags["v1.0.0"].annotated
    assert tags["v1.0.0"].date == utc(2024, 1, 2, 9)
    assert tags["v1.1.0"].sha == second and not tags["v1.1.0"].annotated
    assert tags["v1.1.0"].date == utc(2024, 1, 3, 10)
    listed = matching_tags(list(tags.values()), DEFAULT_RELEASE_PATTERN, DEFAULT_FIX_PATTERN)
    # the pre-release and the tag without a version are not deployments
    assert [(m.tag.name, m.release, m.fix) for m in listed] == [
        ("v1.1.0", True, False),
        ("v1.0.0", True, False),
    ]
    assert [m.tag.name for m in matching_tags(list(tags.values()), r"^v1\.0", "^$")] == ["v1.0.0"]


def test_commit_log_and_refs(git_repo):
    first = git_repo.commit(
        "Subject line\nwrapped\n\nBody text\n\nmore", date="2024-01-01T10:00:00-05:00"
    )
    second = git_repo.commit("second", date="2024-01-02T10:00:00+01:00")
    log = read_commits(git_repo.root)
    by_sha = {c.sha: c for c in log.commits}
    assert by_sha[first].subject == "Subject line wrapped"
    assert by_sha[first].body == ""  # bodies keep only lines naming reverts, picks or fixes
    assert by_sha[second].parents == (first,)
    assert by_sha[first].author_time == utc(2024, 1, 1, 15)
    assert default_branch(git_repo.root).name == "main"
    assert resolve_names(git_repo.root, [first[:8], "main", "nope", "bad name"]) == {
        first[:8]: first,
        "main": second,
        "nope": None,
        "bad name": None,
    }


def test_later_deployment_ships_earlier_commits(git_repo):
    # v1.0.0 ships c1. v1.1.0 (lightweight, at c3's time 5 Jan 12:00) ships c2 (3 Jan, 48 h)
    # and c3 (0 h). v1.2.0 (annotated, dated 10 Jan 12:00) ships c4 (6 Jan, 96 h) and c5
    # (8 Jan, 48 h). c1 was shipped by the earliest deployment: no lead time.
    # Lead times 0, 48, 48, 96: median 48; p75 = 48 + 0.25 * 48 = 60; p90 = 48 + 0.7 * 48 = 81.6
    c1 = git_repo.commit("c1", date="2024-01-01T12:00:00+00:00")
    tag(git_repo, "v1.0.0", c1, date="2024-01-02T12:00:00+00:00")
    git_repo.commit("c2", date="2024-01-03T12:00:00+00:00")
    c3 = git_repo.commit("c3", date="2024-01-05T12:00:00+00:00")
    tag(git_repo, "v1.1.0", c3)
    git_repo.commit("c4", date="2024-01-06T12:00:00+00:00")
    c5 = git_repo.commit("c5", date="2024-01-08T12:00:00+00:00")
    tag(git_repo, "v1.2.0", c5, date="2024-01-10T12:00:00+00:00")
    report = _dora(git_repo, deployment_source="tags", window_end=utc(2024, 2, 1), window_months=1)
    assert report.deployment_source["kind"] == "tags"
    assert report.deployments == 3
    lead = report.lead_time_hours
    assert (lead.median, lead.p75, lead.p90, lead.n) == (48, 60, 81.6, 4)
    assert [(d.id, d.commits) for d in report.deployment_list] == [
        ("v1.0.0", 1),
        ("v1.1.0", 2),
        ("v1.2.0", 2),
    ]
    assert report.levels["lead_time"] == "not enough data"  # 3 deployments < 5


def test_revert_links_a_failure_exactly(git_repo):
    # Tags v1.0..v1.4 at noon 1..5 Jan. "feature X" ships in v1.1 (2 Jan); its revert (by
    # abbreviated sha) ships in v1.3 (4 Jan): v1.1 failed, restored 48 h later by v1.3, which
    # is unplanned. "feature Y" and its revert ship together in v1.4: no failure.
    # 5 deployments: change fail rate 1/5 = 20% (Low, high-debt), rework 1/5.
    git_repo.commit("init", date="2024-01-01T12:00:00+00:00")
    tag(git_repo, "v1.0.0", git_repo.head())
    feature = git_repo.commit("feature X", date="2024-01-02T12:00:00+00:00")
    tag(git_repo, "v1.1.0", feature)
    tag(git_repo, "v1.2.0", git_repo.commit("other", date="2024-01-03T12:00:00+00:00"))
    revert = git_repo.commit(
        f'Revert "feature X"\n\nThis reverts commit {feature[:12]}.',
        date="2024-01-04T12:00:00+00:00",
    )
    tag(git_repo, "v1.3.0", revert)
    feature_y = git_repo.commit("feature Y", date="2024-01-05T08:00:00+00:00")
    tag(
        git_repo,
        "v1.4.0",
        git_repo.commit(
            f'Revert "feature Y"\n\nThis reverts commit {feature_y}.',
            date="2024-01-05T12:00:00+00:00",
        ),
    )
    report = _dora(git_repo, deployment_source="tags", window_end=utc(2024, 2, 1), window_months=1)
    assert report.deployments == 5 and report.failed_deployments == 1
    (failure,) = report.failures
    assert (failure.kind, failure.deployment, failure.restored_by) == ("revert", "v1.1.0", "v1.3.0")
    assert (failure.method, failure.fixed_commit) == ("revert", feature)
    assert failure.recovery_hours == 48
    assert feature[:10] in failure.evidence and "exact" in failure.link
    assert report.change_fail_rate == 0.2 and report.rework_rate == 0.2
    assert report.recovery_hours.median == 48 and report.recovery_hours.n == 1
    assert report.levels["change_fail_rate"] == "Low"
    assert report.article_verdicts["change_fail_rate"] == "high-debt"
    assert report.levels["recovery_time"] == "not enough data"
    assert any("same deployment" in n for n in report.failure_source["notes"])


def test_tag_spacing_is_no_evidence_but_a_fix_tag_is(git_repo):
    # Release lines 3.20 and 3.21 (annotated tags, dates below). v3.21.1 comes 3 days after
    # v3.21.0, but nothing in it fixes or reverts a change of v3.21.0: no failure (the old
    # tag-spacing rule called v3.21.0 failed). hotfix-2024-03-20 is a dated fix release: the
    # team says it fixes the deployment before it, v3.21.1 (16 days = 384 h).
    # 6 deployments, 1 failed: 1/6; unplanned: the fix tag: 1/6.
    dates = {
        "v3.20.0": "2024-01-10",
        "v3.20.6": "2024-02-01",
        "v3.21.0": "2024-03-01",
        "v3.20.7": "2024-03-03",
        "v3.21.1": "2024-03-04",
        "hotfix-2024-03-20": "2024-03-20",
    }
    for name, day in dates.items():
        sha = git_repo.commit(name, date=f"{day}T10:00:00+00:00")
        tag(git_repo, name, sha, date=f"{day}T12:00:00+00:00")
    report = _dora(git_repo, window_end=utc(2024, 4, 1), window_months=3)
    assert report.deployment_source["kind"] == "tags"  # automatic: 6 tag deployments >= 5
    assert "6 releases in the window" in report.deployment_source["reason"]
    assert [(f.kind, f.deployment, f.restored_by, f.method) for f in report.failures] == [
        ("fix_tag", "v3.21.1", "hotfix-2024-03-20", "fix-tag"),
    ]
    assert report.change_fail_rate == round(1 / 6, 4) and report.rework_rate == round(1 / 6, 4)
    assert report.recovery_hours.median == 384
    assert report.failure_method == "linked"


def test_merges_on_the_default_branch_are_deployments(git_repo):
    # Five feature branches, each two commits authored at 06:00 and 09:00 and merged (--no-ff)
    # at 12:00 on 2..6 Jan: five merges, so "auto" reads merges as the deployments. The first
    # merge is the earliest deployment on record (no lead times); each later one counts once,
    # from its branch's first commit: 6 h (per commit it would be 6 and 3 h, median 4.5); a
    # merge commit is no change of its own (no 0 h sample): median 6 h, n = 4.
    from gitrepo import git

    git_repo.commit("init", date="2024-01-01T00:00:00+00:00")
    for day in range(2, 7):
        git_repo.git("checkout", "-q", "-b", f"f{day}")
        git_repo.commit(f"start {day}", date=f"2024-01-0{day}T06:00:00+00:00")
        git_repo.commit(f"feature {day}", date=f"2024-01-0{day}T09:00:00+00:00")
        git_repo.git("checkout", "-q", "main")
        when = f"2024-01-0{day}T12:00:00+00:00"
        git(
            git_repo.root,
            "merge",
            "-q",
            "--no-ff",
            "-m",
            f"Merge f{day}",
            f"f{day}",
            env={
                "GIT_AUTHOR_NAME": "A",
                "GIT_AUTHOR_EMAIL": "a@x",
                "GIT_AUTHOR_DATE": when,
                "GIT_COMMITTER_NAME": "A",
                "GIT_COMMITTER_EMAIL": "a@x",
                "GIT_COMMITTER_DATE": when,
            },
        )
    report = _dora(git_repo, window_end=utc(2024, 2, 1), window_months=1)
    assert report.deployment_source["kind"] == "branch"
    assert report.deployment_source["detail"]["mode"] == "merges"
    assert [d.name.split(" ", 1)[1] for d in report.deployment_list] == [
        f"Merge f{day}" for day in range(2, 7)
    ]
    lead = report.lead_time_hours
    assert (lead.median, lead.n) == (6.0, 4)
    assert report.levels["lead_time"] == "not enough data"  # 4 samples: a level needs 5


def test_automatic_choice_falls_back_to_the_default_branch(git_repo):
    # No log, no tags: every first-parent commit on main is a deployment at its commit time.
    for day in range(1, 4):
        git_repo.commit(f"c{day}", date=f"2024-01-0{day}T12:00:00+00:00")
    report = _dora(git_repo, window_end=utc(2024, 2, 1), window_months=1)
    assert report.deployment_source["kind"] == "branch"
    assert "only 0 releases" in report.deployment_source["reason"]
    assert report.deployment_source["detail"]["mode"] == "commits"
    assert report.deployments == 3


@pytest.fixture
def logged_repo(git_repo, tmp_path):
    """Three production deployments by sha and one to staging; c2 is shipped by d2.

    c1 (1 Mar) -> d1 2 Mar 00:00; c2 (3 Mar), c3 (4 Mar) -> d2 5 Mar 00:00; c4 (6 Mar) -> d3
    7 Mar 00:00 (with offset +01:00 written as 01:00+01:00).
    """
    shas = [
        git_repo.commit(f"c{i}", date=f"2024-03-0{d}T00:00:00+00:00")
        for i, d in ((1, 1), (2, 3), (3, 4), (4, 6))
    ]
    rows = [
        ["2024-03-02T00:00:00Z", shas[0][:10], "production", "d1"],
        ["2024-03-05T00:00:00+00:00", "main~1", "production", "d2"],
        ["2024-03-05T06:00:00+00:00", shas[3], "staging", "s1"],
        ["2024-03-07T01:00:00+01:00", shas[3], "Production", "d3"],
    ]
    deploys = write_csv(tmp_path / "deploys.csv", ["deployed_at", "ref", "env", "id"], rows)
    return git_repo, shas, deploys


def test_incidents_link_by_sha_else_to_the_prior_deployment(logged_repo, tmp_path):
    repo, shas, deploys = logged_repo
    # i1 names c2 (shipped by d2): d2 failed; resolved 10 h after d2. i2 has no sha and opens
    # 7 Mar 01:00: the latest production deployment before it is d3; resolved 3 h after d3.
    # i3 names a commit not in the repository: not counted, with a warning.
    incidents = write_csv(
        tmp_path / "incidents.csv",
        ["Opened At", "Resolved At", "Commit", "Severity", "Key"],
        [
            ["2024-03-05T08:00:00Z", "2024-03-05T10:00:00Z", shas[1], "1", "i1"],
            ["2024-03-07T01:00:00Z", "2024-03-07T04:00:00+01:00", "", "2", "i2"],
            ["2024-03-07T05:00:00Z", "", "f" * 40, "", "i3"],
        ],
    )
    inputs = DoraInputs(
        deployment_log=import_log(deploys, DEPLOYMENTS),
        incident_log=import_log(incidents, INCIDENTS),
    )
    report = _dora(repo, inputs=inputs, window_end=utc(2024, 4, 1), window_months=1)
    assert report.deployment_source["kind"] == "log"
    assert [d.id for d in report.deployment_list] == ["d1", "d2", "d3"]
    assert [(f.deployment, f.recovery_hours) for f in report.failures] == [("d2", 10), ("d3", 3)]
    assert "by sha" in report.failures[0].link
    assert "DevLake" in report.failures[1].link
    assert any(
        "latest production deployment before they opened" in n
        for n in report.failure_source["notes"]
    )
    assert any("could not be linked" in w for w in report.warnings)
    # lead: c2 and c3 shipped by d2 (48 h, 24 h), c4 by d3 (24 h); c1 by the earliest (none)
    assert report.lead_time_hours.median == 24 and report.lead_time_hours.n == 3
    assert report.failed_deployments == 2 and report.change_fail_rate == round(2 / 3, 4)


def test_mixed_time_zones_are_compared_in_utc(git_repo, tmp_path):
    # Deployment A at 10:00+02:00 (08:00 UTC) ships c1 authored 07:00 UTC: 1 h. Deployment B
    # at 03:30-05:00 (08:30 UTC, later than A though its clock reads earlier) ships c2
    # authored 09:15+01:00 (08:15 UTC): 0.25 h. Median of 1 and 0.25 = 0.625.
    git_repo.commit("c0", date="2024-02-28T00:00:00+00:00")
    tag_sha = git_repo.head()
    c1 = git_repo.commit("c1", date="2024-03-01T07:00:00+00:00")
    c2 = git_repo.commit("c2", date="2024-03-01T09:15:00+01:00")
    log = write_csv(
        tmp_path / "tz.csv",
        ["deployed_at", "sha"],
        [
            ["2024-02-28T01:00:00+00:00", tag_sha],
            ["2024-03-01T03:30:00-05:00", c2],
            ["2024-03-01T10:00:00+02:00", c1],
        ],
    )
    inputs = DoraInputs(deployment_log=import_log(log, DEPLOYMENTS))
    report = _dora(git_repo, inputs=inputs, window_end=utc(2024, 4, 1), window_months=1)
    assert [d.deployed_at for d in report.deployment_list] == [
        "2024-03-01T08:00:00+00:00",
        "2024-03-01T08:30:00+00:00",
    ]
    assert report.lead_time_hours.median == 0.625 and report.lead_time_hours.n == 2


def test_full_assessment_carries_a_valid_dora_section(logged_repo):
    repo, _, deploys = logged_repo
    options = Options(workers=1)
    options.dora = DoraInputs(
        DoraSettings(window_end=utc(2024, 4, 1)), deployment_log=import_log(deploys, DEPLOYMENTS)
    )
    result = run(repo.root, options)
    report = to_report(result)
    schema = json.loads(resource_path("report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    assert report["dora"]["deployments"] == 3
    assert report["dora"]["deployment_source"]["kind"] == "log"
    assert to_report(from_report(report)) == report
