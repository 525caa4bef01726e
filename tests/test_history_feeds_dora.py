"""The DORA phase reuses the history phase's commits and reads only what other refs add."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from analysis.assessment import Options, run
from analysis.cache import MemoryCache
from analysis.dora import commit_log


def _release_repo(git_repo):
    """main gets v1.0.0..v1.0.5; a release branch off v1.0.2 carries 1.0.2-only backports.

    The release branch's commits are not on main (the checked-out branch the history phase
    reads), so DORA must read them itself to date the v0.9.x tags on that branch.
    """
    for i in range(6):
        git_repo.write(f"m{i}.py", f"x = {i}\n")
        git_repo.commit(f"feature {i}", date=f"2024-03-{i + 1:02d}T10:00:00+00:00")
        git_repo.git("tag", f"v1.0.{i}")
    git_repo.git("checkout", "-q", "-b", "release-0.9", "v1.0.2")
    for i in range(3):
        git_repo.write(f"backport{i}.py", f"y = {i}\n")
        git_repo.commit(f"backport {i}", date=f"2024-03-{i + 10:02d}T10:00:00+00:00")
        git_repo.git("tag", f"v0.9.{i}")
    git_repo.git("checkout", "-q", "main")
    return git_repo


def test_dora_is_the_same_with_and_without_the_history_phase(git_repo, monkeypatch):
    repo = _release_repo(git_repo)
    calls = []
    original = commit_log.read_commits

    def spy(*args, **kwargs):
        log = original(*args, **kwargs)
        calls.append((kwargs.get("exclude_tips", ()), len(log.commits)))
        return log

    monkeypatch.setattr("analysis.dora.phase.read_commits", spy)
    options = Options()
    window = replace(options.dora.settings, window_end=datetime(2024, 6, 1, tzinfo=UTC))
    options.dora = replace(options.dora, settings=window)
    with_history = run(repo.root, options, cache=MemoryCache())
    # history read main's 6 commits; DORA read only the 3 the release branch adds
    assert calls[-1][0] == (repo.head(),) and calls[-1][1] == 3
    options.history = replace(options.history, enabled=False)
    without = run(repo.root, options, cache=MemoryCache())
    assert calls[-1] == ((), 9)  # every commit, read by DORA itself
    assert with_history.dora.to_dict() == without.dora.to_dict()
    assert with_history.dora.deployments == without.dora.deployments > 0


def test_without_a_store_the_history_is_read_once(git_repo, monkeypatch):
    """``--no-save`` runs have no cache: the DORA phase takes the commits the history phase
    just read instead of reading the whole history a second time."""
    from analysis.cache import NoCache
    from analysis.history import reader

    repo = _release_repo(git_repo)
    passes = []
    original = reader.read_commits

    def counting(*args, **kwargs):
        result = original(*args, **kwargs)
        passes.append(len(result.commits))
        return result

    monkeypatch.setattr(reader, "read_commits", counting)
    options = Options()
    window = replace(options.dora.settings, window_end=datetime(2024, 6, 1, tzinfo=UTC))
    options.dora = replace(options.dora, settings=window)
    result = run(repo.root, options, cache=NoCache())
    assert passes == [6]  # main's six commits, once
    assert result.dora.deployments == 9  # v1.0.0-5 and v0.9.0-2, dated from those commits
