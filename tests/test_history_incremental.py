"""Re-assessments read only new commits; rewritten history falls back to a full pass."""

from __future__ import annotations

import pytest
from gitrepo import git as git_as
from history_builder import ALICE, BOB, CAROL, HistoryBuilder, day, lines

from analysis import git
from analysis.cache import MemoryCache
from analysis.errors import Cancelled
from analysis.history import incremental
from analysis.history.mining import mine_history
from analysis.history.options import HistoryOptions
from analysis.history.reader import read_history
from analysis.history.source import resolve_source
from analysis.progress import no_progress
from analysis.scan import open_repository

NOW = day(2000)


@pytest.fixture
def log_calls(monkeypatch):
    """Revisions of every ``git log`` stream the phase starts."""
    calls: list[tuple[str, ...]] = []
    real = git.stream

    def spy(repo, *args, **kwargs):
        if args and args[0] == "log":
            calls.append(args)
        return real(repo, *args, **kwargs)

    monkeypatch.setattr(git, "stream", spy)
    return calls


def _history(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    base = b.commit({"a.py": lines(10), "b.py": lines(3)}, author=ALICE, when=day(0))
    side = b.commit({"c.py": lines(4)}, author=BOB, when=day(1), branch="side", parent=base)
    main = b.commit({"a.py": lines(12)}, author=CAROL, when=day(2))
    b.commit({"c.py": lines(4)}, author=BOB, when=day(3), parent=main, merge=side)
    return b, b.finish()


def _mine(repo, cache, options=None):
    return mine_history(open_repository(repo.root), options, cache=cache, now=NOW)


def test_warm_run_reads_no_history_and_new_commits_are_read_alone(tmp_path, log_calls):
    _, repo = _history(tmp_path)
    cache = MemoryCache()
    cold = _mine(repo, cache).section
    assert len(log_calls) == 1
    warm = _mine(repo, cache).section
    assert len(log_calls) == 1  # nothing read from git
    assert warm.to_dict() == cold.to_dict()

    old_tip = repo.head()
    repo.write("a.py", lines(13))
    repo.commit("more a", author=ALICE, date="2024-01-06T12:00:00+00:00")
    repo.write("b.py", lines(1))
    repo.commit("fix b", author=BOB, date="2024-01-07T12:00:00+00:00")
    source = resolve_source(open_repository(repo.root), HistoryOptions())
    outcome = read_history(source, HistoryOptions(), cache, no_progress, lambda: False)
    assert (outcome.how, outcome.new_commits, len(outcome.commits)) == ("incremental", 2, 6)
    assert log_calls[-1][-3:] == (repo.head(), "--not", old_tip)

    again = _mine(repo, cache).section
    fresh = _mine(repo, MemoryCache()).section
    assert again.to_dict() == fresh.to_dict()
    assert again.commits == 6 and {f.path: f.revisions for f in again.files}["a.py"] == 3


def test_changed_settings_reuse_the_parsed_commits(tmp_path, log_calls):
    _, repo = _history(tmp_path)
    cache = MemoryCache()
    _mine(repo, cache)
    other = _mine(repo, cache, HistoryOptions(rework_days=30, window_months=3)).section
    assert len(log_calls) == 1  # commits came from the cache, figures were recomputed
    assert other.settings["rework_days"] == 30 and other.window.months == 3


def test_rewritten_history_is_read_again_in_full(tmp_path):
    _, repo = _history(tmp_path)
    cache = MemoryCache()
    _mine(repo, cache)
    repo.git("reset", "-q", "--hard", "HEAD~1")  # a force-push drops the merge ...
    repo.write("d.py", lines(2))
    repo.commit("instead", author=CAROL, date="2024-01-08T12:00:00+00:00")  # ... and replaces it
    options = HistoryOptions()
    source = resolve_source(open_repository(repo.root), options)
    outcome = read_history(source, options, cache, no_progress, lambda: False)
    assert outcome.how == "full" and len(outcome.commits) == 3  # base, main, instead
    assert _mine(repo, cache).section.to_dict() == _mine(repo, MemoryCache()).section.to_dict()


def test_first_parent_line_moved_elsewhere_is_read_again(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    a = b.commit({"a.py": lines(1)}, when=day(0))
    b.commit({"b.py": lines(1)}, when=day(1))  # B: the old main tip
    s1 = b.commit({"s.py": lines(1)}, when=day(2), branch="side", parent=a)
    repo = b.finish()
    options = HistoryOptions(mode="first-parent")
    cache = MemoryCache()
    before = _mine(repo, cache, options).section
    assert before.commits == 2
    # a merge on the side branch (first parent S1, second parent B), then main fast-forwards
    # to it: B is no longer on main's first-parent line (M, S1, A)
    repo.git("checkout", "-q", "side")
    assert repo.git("rev-parse", "HEAD").strip() == b.shas[s1]
    who = {"GIT_AUTHOR_NAME": "Bob", "GIT_AUTHOR_EMAIL": "bob@example.com"}
    who |= {"GIT_COMMITTER_NAME": "Bob", "GIT_COMMITTER_EMAIL": "bob@example.com"}
    who |= {"GIT_AUTHOR_DATE": "2024-01-05T12:00:00Z", "GIT_COMMITTER_DATE": "2024-01-05T12:00:00Z"}
    git_as(repo.root, "merge", "-q", "--no-ff", "-m", "merge main into side", "main", env=who)
    merge = repo.head()
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--ff-only", merge)
    source = resolve_source(open_repository(repo.root), options)
    outcome = read_history(source, options, cache, no_progress, lambda: False)
    assert outcome.how == "full" and len(outcome.commits) == 3
    after = _mine(repo, cache, options).section
    assert after.to_dict() == _mine(repo, MemoryCache(), options).section.to_dict()


def test_all_branches_and_a_deleted_branch(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    base = b.commit({"a.py": lines(1)})
    b.commit({"x.py": lines(2)}, branch="topic", parent=base)
    tagged = b.commit({"y.py": lines(1)}, branch="release", parent=base)
    b.commit({"a.py": lines(2)})
    repo = b.finish()
    tagger = {"GIT_COMMITTER_NAME": "Rel", "GIT_COMMITTER_EMAIL": "rel@example.com"}
    git_as(repo.root, "tag", "-a", "-m", "v1", "v1", b.shas[tagged], env=tagger)
    repo.git("branch", "-q", "-D", "release")  # reachable from the annotated tag only
    options = HistoryOptions(mode="all")
    cache = MemoryCache()
    section = _mine(repo, cache, options).section
    assert section.ref == "all branches and tags" and section.commits == 4
    assert _mine(repo, MemoryCache()).section.commits == 2  # main only
    repo.git("branch", "-q", "-D", "topic")
    source = resolve_source(open_repository(repo.root), options)
    outcome = read_history(source, options, cache, no_progress, lambda: False)
    assert outcome.how == "full" and len(outcome.commits) == 3


def test_long_chains_are_compacted_and_damaged_entries_reread(tmp_path, monkeypatch, log_calls):
    monkeypatch.setattr(incremental, "MAX_DEPTH", 2)
    b = HistoryBuilder(tmp_path / "repo")
    b.commit({"a.py": lines(1)})
    repo = b.finish()
    cache = MemoryCache()
    options = HistoryOptions()
    for n in range(2, 6):
        _mine(repo, cache)
        repo.write("a.py", lines(n))
        repo.commit(f"c{n}", date=f"2024-02-{n:02d}T12:00:00+00:00")
    _mine(repo, cache)
    source = resolve_source(open_repository(repo.root), options)
    store = incremental.CommitCache(cache, source.fingerprint(options, 1))
    commits, depth = store.load(source.state)
    assert len(commits) == 5 and depth <= 3
    # a damaged entry is ignored: the history is read again, not trusted
    for key in list(cache.entries):
        if key[1].startswith("chunk:"):
            cache.entries[key] = b"not zlib"
    calls = len(log_calls)
    outcome = read_history(source, options, cache, no_progress, lambda: False)
    assert outcome.how == "full" and len(outcome.commits) == 5 and len(log_calls) == calls + 1


def test_cancel_stops_the_read(tmp_path):
    _, repo = _history(tmp_path)
    with pytest.raises(Cancelled):
        mine_history(open_repository(repo.root), cancel=lambda: True, now=NOW)
