"""What the wizard shows before a run: a repository's overview and the deployments a source
choice counts, checked against git itself and against the DORA engine on the same repository."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from dora_data import tag
from gitrepo import git

from analysis.dora.phase import assess_delivery
from analysis.dora.settings import DoraInputs, DoraSettings
from analysis.dora.source_preview import preview_source, read_source_refs
from analysis.errors import NotAGitRepository, RepositoryWithoutCommits
from analysis.progress import Progress
from analysis.repository_overview import overview, size_text
from analysis.scan import open_repository
from app.wizard.eta import RunClock, duration_text

NOW = datetime(2025, 3, 1, tzinfo=UTC)


def test_overview_counts_commits_files_and_bytes_as_git_does(git_repo):
    git_repo.write("a.py", "x = 1\n" * 2)  # 12 bytes
    git_repo.commit("one")
    git_repo.write("pkg/c.py", "y = 2\n")  # 6 bytes
    git_repo.write("notes.txt", "hello world\n")  # 12 bytes
    git_repo.commit("two")
    git_repo.write("notes.txt", "hello\n")  # now 6 bytes
    git_repo.commit("three")
    found = overview(git_repo.root)
    # 3 commits; at HEAD: a.py 12 + pkg/c.py 6 + notes.txt 6 = 24 bytes in 3 files, 2 Python
    assert found.commits == 3 == int(git_repo.git("rev-list", "--count", "HEAD"))
    assert (found.files, found.python_files, found.size_bytes) == (3, 2, 24)
    assert found.branch == "main" and found.head == git_repo.head()
    assert found.summary() == "main · 3 commits · 3 files (2 Python) · 24 B"
    scoped = overview(git_repo.root / "pkg")  # a sub-folder: that folder only
    assert (scoped.scope, scoped.files, scoped.size_bytes) == ("pkg", 1, 6)
    assert scoped.commits == 3


def test_overview_rejects_what_cannot_be_assessed_with_a_reason(tmp_path, git_repo):
    with pytest.raises(NotAGitRepository, match="not a git repository"):
        overview(tmp_path / "..")  # the temporary root has no .git above it
    with pytest.raises(RepositoryWithoutCommits, match="no commits yet"):
        overview(git_repo.root)  # git init, nothing committed


def test_overview_of_a_bare_clone_says_so(git_repo, tmp_path):
    git_repo.write("a.py", "x = 1\n")
    git_repo.commit()
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(git_repo.root), str(bare))
    found = overview(bare)
    assert found.bare and found.name == "bare" and found.files == 1
    assert any("bare repository" in note for note in found.notes)


def test_size_text():
    assert [size_text(n) for n in (0, 980, 12_595, 4_718_592, 1_288_490_189)] == [
        "0 B",
        "980 B",
        "12.3 KB",
        "4.5 MB",
        "1.2 GB",
    ]


def _release_history(git_repo):
    """Ten commits, one every 10 days up to 2025-02-25; tags on some of them.

    Window (6 months to NOW = 2025-03-01): from 2024-09-01. Commits on 2024-11-27 ...
    2025-02-25 are all inside it. Release tags v1.0.0-v1.5.0 sit on commits 0, 2, 4, 6, 8 and 9;
    v2.0.0-rc1 (a pre-release) and 'docs' match neither default pattern.
    """
    shas = []
    for i in range(10):
        when = datetime(2025, 2, 25, 12, tzinfo=UTC) - timedelta(days=10 * (9 - i))
        git_repo.write("app.py", f"VALUE = {i}\n")
        shas.append(git_repo.commit(f"change {i}", date=when.isoformat()))
    for n, index in enumerate((0, 2, 4, 6, 8, 9)):
        tag(git_repo, f"v1.{n}.0", shas[index])
    tag(git_repo, "v2.0.0-rc1", shas[9])
    tag(git_repo, "docs", shas[1])
    return shas


def test_preview_counts_the_tags_the_engine_counts(git_repo):
    _release_history(git_repo)
    refs = read_source_refs(str(git_repo.root), now=NOW)
    settings = DoraSettings(window_end=NOW)
    preview = preview_source(refs, settings)
    # six release tags in the window (>= 5), no log: automatic takes the tags
    assert preview.source == "tags" and len(preview.items) == 6
    assert [i.name for i in preview.items][:2] == ["v1.5.0", "v1.4.0"]  # newest first
    assert {i.kind for i in preview.items} == {"release"}
    engine = assess_delivery(open_repository(git_repo.root), DoraInputs(settings), now=NOW)
    assert engine.report.deployments == len(preview.items)
    assert engine.report.deployment_source["kind"] == preview.source


def test_preview_falls_back_to_the_branch_as_the_engine_does(git_repo):
    _release_history(git_repo)
    refs = read_source_refs(str(git_repo.root), now=NOW)
    # only v1.0.0-v1.2.0 match: 3 tags < 5, so automatic reads the default branch; with no
    # merges, every first-parent commit is a deployment: the 10 commits, all in the window
    settings = DoraSettings(window_end=NOW, release_pattern=r"^v1\.[0-2]\.0$")
    preview = preview_source(refs, settings)
    assert preview.source == "branch" and len(preview.items) == 10
    assert {i.kind for i in preview.items} == {"commit"}
    assert "default branch main" in preview.reason
    engine = assess_delivery(open_repository(git_repo.root), DoraInputs(settings), now=NOW)
    assert engine.report.deployments == 10 == len(preview.items)


def test_preview_of_an_invalid_pattern_is_a_message(git_repo):
    _release_history(git_repo)
    refs = read_source_refs(str(git_repo.root), now=NOW)
    preview = preview_source(refs, DoraSettings(window_end=NOW, fix_pattern="(("))
    assert preview.items == [] and "not a valid regular expression" in preview.problem


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_run_clock_projects_the_phase_and_the_run():
    clock = FakeClock()
    eta = RunClock(previous_seconds=60, clock=clock)
    eta.update(Progress("code", 0, 200))
    clock.now += 10
    eta.update(Progress("code", 50, 200))
    # 50 files in 10 s: 150 left take 30 s; the last run took 60 s, 10 s are spent: 50 s left
    assert eta.phase_remaining() == pytest.approx(30)
    assert eta.remaining() == pytest.approx(50)
    clock.now += 35  # 45 s spent, 200 files not yet done: the phase says more than the run
    eta.update(Progress("code", 100, 200))
    # 100 in 45 s: 45 s more; the last run would leave 15 s: the larger wins
    assert eta.remaining() == pytest.approx(45)
    # the commits are read side by side: 1,000 of 10,000 in the 45 s: 405 s more, the longest
    eta.update(Progress("commits", 0, 10_000))
    clock.now += 45
    eta.update(Progress("commits", 1_000, 10_000))
    eta.update(Progress("code", 190, 200))
    assert eta.phase_remaining() == pytest.approx(405)
    eta.update(Progress("commits", 1, 1, "done", ended=True))
    eta.update(Progress("code", 200, 200, "done", ended=True))
    assert eta.finished == {"commits": pytest.approx(45), "code": pytest.approx(90)}
    eta.update(Progress("history", 0, 0))
    assert eta.phase_remaining() is None  # no units: no projection
    eta.update(Progress("dora", 1, 4))
    assert eta.fraction(4) == pytest.approx((1 + 1 + 0 + 0.25) / 4)  # two ended, two running
    first = RunClock(None, clock=clock)
    first.update(Progress("code", 1, 100))
    assert first.remaining() is None  # under a second and 5%: no guess


def test_duration_text():
    assert [duration_text(s) for s in (0.4, 12, 185, 3720)] == [
        "0 s",
        "12 s",
        "3 min 05 s",
        "1 h 02 min",
    ]


def test_preview_reads_tags_as_the_engine_and_ends_a_stale_window_where_it_does(git_repo):
    shas = _release_history(git_repo)
    tag(git_repo, "v1.6.0-rc.1", shas[7])  # a pre-release on a commit of its own
    tag(git_repo, "oidc-bug-fix", shas[3])  # no version: not a release
    # the clone was last fetched 2025-02-25; 104 days later it is stale (> 14 days): the window
    # ends at that commit, 2025-02-25 12:00:01, and starts 6 months before it
    later = datetime(2025, 6, 9, 12, tzinfo=UTC)
    refs = read_source_refs(str(git_repo.root), now=later)
    settings = DoraSettings()
    preview = preview_source(refs, settings, now=later)
    assert preview.ends_at == "newest commit" and "104 days old" in preview.stale
    assert preview.window.end == datetime(2025, 2, 25, 12, 0, 1, tzinfo=UTC)
    assert [i.name for i in preview.counted] == [f"v1.{n}.0" for n in range(5, -1, -1)]
    assert [(i.name, i.reason) for i in preview.pre_releases] == [
        ("v1.6.0-rc.1", "pre-release (release candidate)")
    ]
    assert {(i.name, i.reason) for i in preview.set_aside} == {
        ("oidc-bug-fix", "no version number in the name"),
        ("docs", "no version number in the name"),
    }
    engine = assess_delivery(open_repository(git_repo.root), DoraInputs(settings), now=later)
    report = engine.report
    assert report.window["ends_at"] == "newest commit"
    assert report.window["end"] == preview.window.end.isoformat()
    assert report.deployments == len(preview.counted) == 6
    assert {t.name for t in report.set_aside_tags} >= {i.name for i in preview.set_aside}
