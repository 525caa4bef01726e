"""Delivery figures on small repositories built here, each figure derived by hand.

Release lines with backports, a revert, a fix linked only by SZZ, a CalVer weekly releaser, a
non-release tag, a squash-merge history and a stale clone: the shapes real projects (saleor,
netbox, full-stack-fastapi-template) have, in a few commits each.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dora_data import tag, utc
from gitrepo import git

from analysis.dora.phase import assess_delivery
from analysis.dora.settings import DoraInputs, DoraSettings
from analysis.scan import open_repository


def commit(repo, message: str, when: str, authored: str | None = None) -> str:
    """Commit everything, at committer date ``when`` and author date ``authored`` (or ``when``)."""
    git(repo.root, "add", "-A")
    env = {
        "GIT_AUTHOR_NAME": "Ada",
        "GIT_AUTHOR_EMAIL": "ada@example.com",
        "GIT_AUTHOR_DATE": authored or when,
        "GIT_COMMITTER_NAME": "Ada",
        "GIT_COMMITTER_EMAIL": "ada@example.com",
        "GIT_COMMITTER_DATE": when,
    }
    git(repo.root, "commit", "-q", "--allow-empty", "-m", message, env=env)
    return repo.head()


def dora(repo, now: datetime | None = None, **settings):
    result = assess_delivery(
        open_repository(repo.root), DoraInputs(DoraSettings(**settings)), now=now
    )
    assert result.report is not None
    return result.report


def by_name(report):
    return {d.name: d for d in report.deployment_list}


def test_release_lines_and_backports_count_each_change_once(git_repo):
    """Three lines; a fix cherry-picked onto 1.1 and 1.0 in one session.

    1.0.0 (2 Jan) ships c1: the earliest release, no lead time. 1.1.0 (6 Jan 12:00) ships c2
    (5 Jan 12:00): 24 h. 1.1.1 (11 Jan 12:00) ships the cherry-pick of #4 (authored 10 Jan
    12:00): 24 h. 1.0.1 (30 s later) ships only another copy of #4: a backport of 1.1.1, not
    counted. 1.2.0 (16 Jan 12:00) ships c5 (13 Jan 12:00): 72 h, and the original #4, already
    shipped as a copy: no sample. Lead times 24, 24, 72: median 24 h (counting the copy again
    would add 144 h and make it 48 h). Counted: 4 releases in the 31 days from 1 Jan, 0.903 a
    week. No failure: the old tag-spacing rule called 1.1.0 failed (1.1.1 came 5 days later).
    """
    repo = git_repo
    repo.write("app.py", "a = 1\n")
    c1 = commit(repo, "Add app (#1)", "2024-01-01T12:00:00+00:00")
    tag(repo, "1.0.0", c1, date="2024-01-02T12:00:00+00:00")
    repo.git("branch", "release-1.0", c1)
    repo.write("feature_a.py", "x = 1\n")
    c2 = commit(repo, "Add feature A (#2)", "2024-01-05T12:00:00+00:00")
    tag(repo, "1.1.0", c2, date="2024-01-06T12:00:00+00:00")
    repo.git("branch", "release-1.1", c2)
    repo.write("parser.py", "def parse():\n    return 1\n")
    c4 = commit(repo, "Fix crash in parser (#4)", "2024-01-10T12:00:00+00:00")
    for branch, pr, at in (("release-1.1", 5, "12:00:00"), ("release-1.0", 6, "12:00:30")):
        repo.git("checkout", "-q", branch)
        repo.write("parser.py", "def parse():\n    return 1\n")
        pick = commit(
            repo,
            f"Fix crash in parser (#4) (#{pr})",
            "2024-01-11T09:00:00+00:00",
            authored="2024-01-10T12:00:00+00:00",
        )
        version = "1.1.1" if branch == "release-1.1" else "1.0.1"
        tag(repo, version, pick, date=f"2024-01-11T{at}+00:00")
    repo.git("checkout", "-q", "main")
    repo.write("feature_b.py", "y = 2\n")
    c5 = commit(repo, "Add feature B (#7)", "2024-01-15T12:00:00+00:00", "2024-01-13T12:00:00Z")
    tag(repo, "1.2.0", c5, date="2024-01-16T12:00:00+00:00")
    assert c4

    report = dora(repo, window_end=utc(2024, 2, 1), window_months=1)
    listed = by_name(report)
    assert listed["1.0.1"].kind == "backport" and listed["1.0.1"].backport_of == "1.1.1"
    assert not listed["1.0.1"].counted
    assert [listed[v].kind for v in ("1.0.0", "1.1.0", "1.1.1", "1.2.0")] == ["release"] * 4
    assert report.deployments == 4
    assert report.deployments_per_week == round(4 / (31 / 7), 3)
    assert report.lead_time_hours.median == 24.0 and report.lead_time_hours.n == 3
    assert report.failed_deployments == 0 and report.failures == []
    lines = {line.line: line for line in report.release_lines}
    assert [line.line for line in report.release_lines] == ["1.2", "1.1", "1.0"]
    assert lines["1.2"].current and not lines["1.1"].current
    assert (lines["1.1"].releases, lines["1.0"].releases, lines["1.0"].backports) == (2, 1, 1)
    assert report.failure_method == "linked"


def _service_with_a_revert_and_a_fix(repo):
    """1.0.0 .. 1.3.0 with a revert (of 1.2.0's change), a fix SZZ links to 1.1.0's change, a
    comment-only fix, a fix of an old line, a pre-release and a non-release tag."""
    repo.write("app.py", "a = 1\nb = 2\nc = 3\n")
    c1 = commit(repo, "Add app", "2024-01-01T12:00:00+00:00")
    tag(repo, "1.0.0", c1, date="2024-01-01T13:00:00+00:00")
    repo.write("app.py", "a = 1\n# discount helper\nb = discount()\nc = 3\n")
    c2 = commit(repo, "Add discount rule", "2024-01-03T12:00:00+00:00")
    tag(repo, "1.1.0", c2, date="2024-01-03T13:00:00+00:00")
    repo.write("banner.py", "BANNER = 'hello'\n")
    c3 = commit(repo, "Add banner", "2024-01-04T12:00:00+00:00")
    tag(repo, "1.2.0", c3, date="2024-01-04T13:00:00+00:00")
    repo.git("rm", "-q", "banner.py")
    c4 = commit(
        repo, f'Revert "Add banner"\n\nThis reverts commit {c3}.', "2024-01-05T12:00:00+00:00"
    )
    tag(repo, "1.2.1", c4, date="2024-01-05T13:00:00+00:00")
    repo.write("app.py", "a = 1\n# discount helper\nb = discount(round=True)\nc = 3\n")
    c5 = commit(repo, "Fix discount rounding", "2024-01-06T12:00:00+00:00")
    tag(repo, "1.2.2", c5, date="2024-01-06T13:00:00+00:00")
    repo.write("app.py", "a = 1\n# discount helpers\nb = discount(round=True)\nc = 3\n")
    c6 = commit(repo, "Fix typo in a comment", "2024-01-07T12:00:00+00:00")
    tag(repo, "1.2.3", c6, date="2024-01-07T13:00:00+00:00")
    tag(repo, "oidc-bug-fix", c6)
    repo.write("app.py", "a = 10\n# discount helpers\nb = discount(round=True)\nc = 3\n")
    c7 = commit(repo, "Fix old default", "2024-01-19T12:00:00+00:00")
    tag(repo, "1.3.0-rc.1", c7, date="2024-01-19T13:00:00+00:00")
    repo.write("VERSION", "1.3.0\n")
    c8 = commit(repo, "Release 1.3.0", "2024-01-20T12:00:00+00:00")
    tag(repo, "1.3.0", c8, date="2024-01-20T13:00:00+00:00")
    return {"revert": c4, "reverted": c3, "fix": c5, "cause": c2}


def test_failures_rest_on_a_revert_and_on_szz_only(git_repo):
    """Counted: 1.0.0, 1.1.0, 1.2.0, 1.2.1, 1.2.2, 1.2.3, 1.3.0 = 7 (the rc and the
    ``oidc-bug-fix`` tag are not deployments). Failed: 1.2.0 (its change reverted in 1.2.1,
    24 h later) and 1.1.0 (1.2.2's fix changes line ``b``, which 1.1.0's change wrote: SZZ;
    72 h). Not failed: 1.2.2 (1.2.3 only fixes a comment), 1.0.0 (1.3.0's fix repairs a line
    from 19 days before, outside the 7-day window). CFR 2/7; median recovery 48 h."""
    shas = _service_with_a_revert_and_a_fix(git_repo)
    report = dora(git_repo, window_end=utc(2024, 2, 1), window_months=1)
    assert report.deployments == 7
    listed = by_name(report)
    assert listed["1.3.0-rc.1"].kind == "pre-release" and not listed["1.3.0-rc.1"].counted
    assert "oidc-bug-fix" not in listed
    assert ("oidc-bug-fix", "non-release") in {(t.name, t.kind) for t in report.set_aside_tags}
    failures = {f.deployment: f for f in report.failures}
    assert set(failures) == {"1.1.0", "1.2.0"}
    revert, szz = failures["1.2.0"], failures["1.1.0"]
    assert (revert.method, revert.fix_commit, revert.fixed_commit) == (
        "revert",
        shas["revert"],
        shas["reverted"],
    )
    assert (revert.restored_by, revert.recovery_hours) == ("1.2.1", 24.0)
    assert (szz.method, szz.fix_commit, szz.fixed_commit) == ("szz", shas["fix"], shas["cause"])
    assert (szz.restored_by, szz.recovery_hours) == ("1.2.2", 72.0)
    assert szz.fix_subject == "Fix discount rounding" and szz.fixed_subject == "Add discount rule"
    assert report.failed_deployments == 2
    assert report.change_fail_rate == round(2 / 7, 4)
    assert report.recovery_hours.median == 48.0


def test_a_calver_weekly_releaser_has_no_failures(git_repo):
    """Eight weekly releases (2024.01.01 .. 2024.02.19), each with one feature: 8 releases, no
    failure (the old rule took every release 7 days after the previous one of its month for a
    hotfix). Lines 2024.1 (5 releases) and 2024.2 (3), the newest current."""
    for week in range(8):
        day = datetime(2024, 1, 1, 12, tzinfo=UTC) + timedelta(days=7 * week)
        git_repo.write(f"feature_{week}.py", f"x = {week}\n")
        sha = commit(git_repo, f"Add feature {week}", day.isoformat())
        tag(git_repo, f"{day:%Y.%m.%d}", sha, date=day.replace(hour=13).isoformat())
    report = dora(git_repo, window_end=utc(2024, 3, 1), window_months=2)
    assert report.deployments == 8 and report.failed_deployments == 0
    assert report.change_fail_rate == 0.0
    assert [(line.line, line.releases, line.current) for line in report.release_lines] == [
        ("2024.2", 3, True),
        ("2024.1", 5, False),
    ]


def test_squash_merges_leave_lead_time_unmeasured_not_zero(git_repo):
    """No tags: the default branch is read as continuously deployed, one deployment per commit.
    Every commit is a squash merge (authored when it landed), so the lead time is not
    measurable, with that reason, and has no level -- never 0 minutes, "Elite"."""
    for n in range(8):
        git_repo.write(f"f{n}.py", f"x = {n}\n")
        sha = commit(git_repo, f"Change {n} (#{n + 1})", f"2024-01-{n + 2:02d}T12:00:00+00:00")
    tag(git_repo, "1.0.0", sha)  # one release: too few, but still read and reported
    tag(git_repo, "deploy-test", sha)
    report = dora(git_repo, window_end=utc(2024, 2, 1), window_months=1)
    assert report.deployment_source["kind"] == "branch" and report.deployments == 8
    assert report.tag_kinds == {"release": 1, "pre-release": 0, "non-release": 1}
    assert [t.name for t in report.set_aside_tags] == ["deploy-test"]
    assert report.lead_time_hours.n == 0 and report.lead_time_hours.median is None
    assert report.lead_time_reason.startswith("not measurable from squash merges")
    assert report.levels["lead_time"] == "not enough data"
    assert "squash" in report.level_reasons["lead_time"]


def test_a_stale_clone_ends_the_window_at_its_newest_commit(git_repo):
    """Releases every 3 days through January 2024, looked at on 1 December 2026: the window
    ends at the newest commit (+1 s), not today, and a warning says to fetch. 10 releases in
    the 31 days the history covers (1 Jan .. 28 Jan 12:00:01): 10 / (27.5 / 7) a week."""
    for n in range(10):
        day = f"2024-01-{1 + 3 * n:02d}T12:00:00+00:00"
        git_repo.write(f"f{n}.py", f"x = {n}\n")
        sha = commit(git_repo, f"Change {n}", day)
        tag(git_repo, f"1.{n}.0", sha)
    report = dora(git_repo, now=utc(2026, 12, 1))
    assert report.window["ends_at"] == "newest commit"
    assert report.window["end"] == "2024-01-28T12:00:01+00:00"
    assert report.window["clone_age_days"] > 1000
    assert any("git fetch" in w for w in report.warnings)
    assert report.deployments == 10
    span_days = (utc(2024, 1, 28, 12, 0, 1) - utc(2024, 1, 1)).total_seconds() / 86400
    assert report.deployments_per_week == round(10 / (span_days / 7), 3)
    fresh = dora(git_repo, now=utc(2024, 2, 5))
    assert fresh.window["ends_at"] == "now" and not any("git fetch" in w for w in fresh.warnings)


def test_per_line_pull_requests_with_one_subject_are_one_change(git_repo):
    """saleor opens one pull request per line for a dependency bump: "chore: bump django 5.2.17
    (3.22) (#19602)" and "(3.21) (#19603)", released together. The older line's release is a
    backport. On one line, two commits with one subject ("Update translation strings") a week
    apart are two changes: both get a lead time."""
    repo = git_repo
    repo.write("app.py", "a = 1\n")
    base = commit(repo, "Add app (#1)", "2024-01-01T12:00:00+00:00")
    tag(repo, "3.21.0", base, date="2024-01-01T13:00:00+00:00")
    repo.git("branch", "3.21", base)
    repo.write("b.py", "b = 1\n")
    feature = commit(repo, "Add feature B (#2)", "2024-01-02T12:00:00+00:00")
    tag(repo, "3.22.0", feature, date="2024-01-02T13:00:00+00:00")
    for week in (1, 2):
        repo.write("locale.txt", f"strings {week}\n")
        sha = commit(repo, "Update translation strings", f"2024-01-{7 * week:02d}T12:00:00Z")
        tag(repo, f"3.22.{week}", sha, date=f"2024-01-{7 * week + 1:02d}T12:00:00+00:00")
    repo.write("requirements.txt", "django==5.2.17\n")
    bump = commit(repo, "chore: bump django 5.2.17 (3.22) (#19602)", "2024-01-20T12:00:00Z")
    tag(repo, "3.22.3", bump, date="2024-01-20T13:00:00+00:00")
    repo.git("checkout", "-q", "3.21")
    repo.write("requirements.txt", "django==5.2.17\n")
    old = commit(repo, "chore: bump django 5.2.17 (3.21) (#19603)", "2024-01-20T12:00:10Z")
    tag(repo, "3.21.1", old, date="2024-01-20T13:00:10+00:00")
    repo.git("checkout", "-q", "main")
    report = dora(repo, window_end=utc(2024, 2, 1), window_months=1)
    listed = by_name(report)
    assert listed["3.21.1"].kind == "backport" and listed["3.21.1"].backport_of == "3.22.3"
    assert [listed[f"3.22.{n}"].kind for n in range(4)] == ["release"] * 4
    # lead times: feature 1 h, the two translation updates 24 h each, the bump 1 h
    assert sorted(h for m in report.monthly for h in [m.lead_time_hours.n]) == [4]
    assert report.lead_time_hours.median == 12.5


def test_a_library_with_few_releases_is_never_read_as_continuously_deployed(git_repo):
    """A library with two releases in the window and many commits: its release tags stay the
    deployments (2, too few for a level), never its default branch's commits."""
    from analysis.dora.commit_log import read_commits
    from analysis.dora.engine import compute_dora
    from analysis.dora.git_refs import default_branch, read_tags

    for n in range(8):
        git_repo.write(f"f{n}.py", f"x = {n}\n")
        sha = commit(git_repo, f"Change {n}", f"2024-01-{n + 2:02d}T12:00:00+00:00")
        if n in (3, 7):
            tag(git_repo, f"1.{n}.0", sha)
    commits = read_commits(git_repo.root).commits
    tags = read_tags(git_repo.root)
    branch = default_branch(git_repo.root)
    settings = DoraInputs(DoraSettings(window_end=utc(2024, 2, 1), window_months=1))
    library = compute_dora(commits, tags, settings, now=utc(2024, 2, 1), branch=branch,
                           delivery_kind="library")  # fmt: skip
    assert library.deployment_source["kind"] == "tags" and library.deployments == 2
    assert library.reads_as == "releases"
    assert set(library.levels.values()) == {"not enough data"}
    service = compute_dora(commits, tags, settings, now=utc(2024, 2, 1), branch=branch,
                           delivery_kind="service")  # fmt: skip
    assert service.deployment_source["kind"] == "branch" and service.reads_as == "deployments"


def test_a_shallow_clone_falls_back_to_tag_spacing_and_says_so(git_repo, tmp_path):
    """In a shallow clone blame cannot reach the changes fixes repaired: failures fall back to
    the tag-spacing guess, labelled as such. 1.1.1 comes 2 days after 1.1.0: guessed failed."""
    for n, (version, day) in enumerate(
        [("1.0.0", 1), ("1.1.0", 3), ("1.1.1", 5), ("1.2.0", 20), ("1.3.0", 27)]
    ):
        git_repo.write(f"f{n}.py", f"x = {n}\n")
        sha = commit(git_repo, f"Change {n}", f"2024-01-{day:02d}T12:00:00+00:00")
        tag(git_repo, version, sha, date=f"2024-01-{day:02d}T13:00:00+00:00")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "3", f"file://{git_repo.root}", str(shallow))
    git(shallow, "fetch", "-q", "--depth", "3", "origin", "+refs/tags/*:refs/tags/*")

    class Shallow:
        root = shallow

    report = dora(Shallow, window_end=utc(2024, 2, 1), window_months=1)
    assert report.failure_method == "tag-spacing"
    assert [(f.deployment, f.method) for f in report.failures] == [("1.1.0", "tag-spacing")]
    assert any("fallback guess from tag spacing" in w for w in report.warnings)


def test_fixes_linked_by_a_pull_request_number_and_by_a_fixes_trailer(git_repo):
    """1.1.0 (3 Jan) ships "Add export (#12)"; 1.1.1 (5 Jan) ships "Fix regression from #12
    (#15)", which touches only a new file (SZZ could not link it): linked by the PR number,
    48 h. 1.2.0 (10 Jan) ships "Add import"; 1.2.1 (12 Jan) ships a fix whose trailer names
    it (``Fixes: <sha>``): 48 h. "Fixes #7" names an issue no commit carries: no link."""
    repo = git_repo
    repo.write("app.py", "a = 1\n")
    tag(repo, "1.0.0", commit(repo, "Add app", "2024-01-01T12:00:00Z"), "2024-01-01T13:00:00Z")
    repo.write("export.py", "def export():\n    return 1\n")
    export = commit(repo, "Add export (#12)", "2024-01-03T12:00:00Z")
    tag(repo, "1.1.0", export, "2024-01-03T13:00:00Z")
    repo.write("export_guard.py", "GUARD = True\n")
    fix = commit(repo, "Fix regression from #12 (#15)\n\nFixes #7", "2024-01-05T12:00:00Z")
    tag(repo, "1.1.1", fix, "2024-01-05T13:00:00Z")
    repo.write("importer.py", "def load():\n    return 2\n")
    added = commit(repo, "Add import", "2024-01-10T12:00:00Z")
    tag(repo, "1.2.0", added, "2024-01-10T13:00:00Z")
    repo.write("importer_check.py", "CHECK = 1\n")
    trailer = commit(
        repo,
        f'Fix empty files on import\n\nFixes: {added[:12]} ("Add import")',
        "2024-01-12T12:00:00Z",
    )
    tag(repo, "1.2.1", trailer, "2024-01-12T13:00:00Z")
    report = dora(repo, window_end=utc(2024, 2, 1), window_months=1)
    found = {f.deployment: (f.method, f.fix_commit, f.fixed_commit, f.recovery_hours)
             for f in report.failures}  # fmt: skip
    assert found == {
        "1.1.0": ("pr-reference", fix, export, 48.0),
        "1.2.0": ("fixes-trailer", trailer, added, 48.0),
    }
    assert report.change_fail_rate == round(2 / 5, 4)
