"""Reading history: the streamed git log parser on awkward input, built here with known commits."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from gitrepo import GitRepo, git
from history_builder import ALICE, BOB, HistoryBuilder, day, lines

from analysis import git as safe_git
from analysis.assessment import run
from analysis.cache import MemoryCache
from analysis.errors import RepositoryWithoutCommits
from analysis.history import gitlog
from analysis.history.commits import Commit
from analysis.history.gitlog import LogParser, LogScope, read_commits
from analysis.history.mining import mine_history
from analysis.history.options import HistoryOptions
from analysis.progress import never_cancel
from analysis.scan import open_repository

NOW = day(1000)


def _read(repo: GitRepo, **scope) -> list[Commit]:
    head = repo.head()
    return read_commits(repo.root, LogScope((head,), **scope), never_cancel).commits


def test_awkward_paths_binary_files_and_renames_are_read_exactly(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    b.commit(
        {
            "sp ace.txt": lines(2),
            'q"uote.txt': lines(1),
            "new\nline.txt": lines(3),
            "ünï/cödé.py": lines(4),
            "bin.dat": b"\x00\x01\x02\x03",
        }
    )
    # rename with one line added: git sees "line 0\nline 1\n" in 3 lines, similar enough
    b.commit({"dir/moved.txt": lines(3)}, renames={"sp ace.txt": "dir/moved.txt"})
    repo = b.finish()
    second, first = _read(repo)
    assert {(c.path, c.added, c.deleted, c.binary) for c in first.changes} == {
        ("sp ace.txt", 2, 0, False),
        ('q"uote.txt', 1, 0, False),
        ("new\nline.txt", 3, 0, False),
        ("ünï/cödé.py", 4, 0, False),
        ("bin.dat", None, None, True),
    }
    assert second.changes == (gitlog.FileChange("dir/moved.txt", 1, 0, old_path="sp ace.txt"),)
    assert second.parents == (first.sha,) and first.parents == ()
    # without rename detection the move is a deletion and an addition
    plain = _read(repo, renames=False)[0]
    assert {(c.path, c.added, c.deleted) for c in plain.changes} == {
        ("sp ace.txt", 0, 2),
        ("dir/moved.txt", 3, 0),
    }


def test_message_people_and_times_are_kept_for_later_phases(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    message = (
        "fix: the thing\nacross two lines\n\nLonger body.\n\n"
        "This reverts commit abcdef1234567.\n\n"
        "Signed-off-by: Alice Archer <alice@example.com>\n"
        "Co-authored-by: Bob Baker\n  <bob@example.com>\n"
    )
    b.commit({"a.txt": "a\n"}, author=ALICE, when=day(3), tz="+0530", message=message)
    commit = _read(b.finish())[0]
    assert commit.author_name == "Alice Archer" and commit.author_email == "alice@example.com"
    assert commit.author_seconds == day(3) and commit.author_offset == 330
    assert commit.committer_seconds == day(3) and commit.committer_offset == 330
    # the DORA phase's protocol: timezone-aware datetimes
    assert commit.author_time.utcoffset().total_seconds() == 330 * 60
    assert commit.committer_time.timestamp() == day(3)
    assert commit.subject == "fix: the thing across two lines"
    assert commit.body.startswith("Longer body.")
    assert commit.reverted_shas() == ["abcdef1234567"]
    assert commit.trailers() == [
        ("Signed-off-by", "Alice Archer <alice@example.com>"),
        ("Co-authored-by", "Bob Baker <bob@example.com>"),
    ]
    assert not commit.non_utf8 and not commit.is_merge


def test_non_utf8_names_and_messages_are_read_as_windows_1252(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    b.commit(
        {"a.txt": "a\n"},
        author=b"Jos\xe9 Mart\xednez <jose@example.com>",
        message=b"Caf\xe9 fix \x80",
    )
    b.commit({"a.txt": "b\n"}, author=BOB)
    repo = b.finish()
    newer, older = _read(repo)
    assert older.author_name == "José Martínez" and older.non_utf8
    assert older.message.startswith("Café fix €")
    assert newer.author_name == "Bob Baker" and not newer.non_utf8
    outcome = mine_history(open_repository(repo.root), now=NOW)
    section = outcome.section
    assert {f.path: f.authors for f in section.files} == {"a.txt": 2}
    assert any(code == "history_encoding" for code, _, _ in outcome.findings)
    assert section.partial is False  # decoded, not lost


def test_merges_have_changes_only_in_a_first_parent_pass(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    base = b.commit({"x.py": lines(2)})
    side = b.commit({"x.py": lines(5)}, branch="side", parent=base)
    main = b.commit({"y.py": lines(1)})
    b.commit({"x.py": lines(5)}, parent=main, merge=side, message="Merge branch 'side'")
    repo = b.finish()
    full = _read(repo)
    assert len(full) == 4
    merge = full[0]
    assert merge.is_merge and merge.changes == ()
    first_parent = _read(repo, first_parent=True)
    assert [len(c.parents) for c in first_parent] == [2, 1, 0]  # side commit not walked
    assert first_parent[0].changes == (gitlog.FileChange("x.py", 3, 0),)


def test_parser_handles_chunks_split_anywhere():
    stream = (
        b"\x1e" + b"a" * 40 + b"\x1f\x1fAda\x1fada@x\x1f10 +0000\x1fAda\x1fada@x\x1f10 +0000"
        b"\x1fmsg\n\0\n1\t2\tp q\0-\t-\tbin\0"
        + b"3\t0\t\0old\0new\0"
        + b"\x1e"
        + b"b" * 40
        + b"\x1f\x1fBo\x1fb@x\x1f20 -0100\x1fBo\x1fb@x\x1f20 -0100\x1fm2\0"
    )
    for size in (1, 2, 3, 7, 64):
        parser = LogParser()
        commits = []
        for start in range(0, len(stream), size):
            commits += parser.feed(stream[start : start + size])
        commits += parser.finish()
        assert [c.sha[0] for c in commits] == ["a", "b"]
        assert [tuple(ch) for ch in commits[0].changes] == [
            ("p q", 1, 2, None, False),
            ("bin", None, None, None, True),
            ("new", 3, 0, "old", False),
        ]
        assert commits[1].author_offset == -60 and commits[1].changes == ()


def test_a_very_large_commit_is_read_whole(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    b.commit({f"gen/file_{i:05d}.txt": f"{i}\n" for i in range(3000)})
    b.commit({"gen/file_00001.txt": "changed\n"})
    newest, big = _read(b.finish())
    assert len(big.changes) == 3000 and sum(c.added for c in big.changes) == 3000
    assert newest.changes == (gitlog.FileChange("gen/file_00001.txt", 1, 1),)


def _loose_repo(tmp_path) -> tuple[GitRepo, list[str], str]:
    """Four commits of a.txt and b.txt with loose objects (plain git commit)."""
    repo = GitRepo.init(tmp_path / "repo")
    shas = []
    for i in range(1, 5):
        repo.write("a.txt", f"a{i}\n")
        repo.write("b.txt", "".join(f"b{j}\n" for j in range(i)))
        shas.append(repo.commit(f"c{i}"))
    missing = git(repo.root, "rev-parse", f"{shas[1]}:a.txt").strip()
    (repo.root / ".git" / "objects" / missing[:2] / missing[2:]).unlink()
    return repo, shas, missing


def test_missing_blob_reads_the_rest_of_history_without_those_line_counts(tmp_path):
    repo, shas, missing = _loose_repo(tmp_path)
    # plain git log --numstat stops at the first commit that needs the blob
    plain = git_log_fails(repo)
    assert missing in plain
    result = read_commits(repo.root, LogScope((repo.head(),)), never_cancel)
    by_sha = {c.sha: c for c in result.commits}
    assert list(by_sha) == shas[::-1]  # every commit, newest first
    # c3 (a2 -> a3) and c2 (a1 -> a2) need the missing a2 blob: a.txt listed without counts;
    # b.txt, whose blobs are there, keeps its counts (one line more each time)
    assert set(result.failed_commits) == {shas[1], shas[2]}
    assert result.missing_paths == ["a.txt"]
    for sha in (shas[1], shas[2]):
        commit = by_sha[sha]
        assert commit.counts_missing
        assert {(c.path, c.added) for c in commit.changes} == {("a.txt", None), ("b.txt", 1)}
    assert by_sha[shas[3]].changes == (
        gitlog.FileChange("a.txt", 1, 1),
        gitlog.FileChange("b.txt", 1, 0),
    )
    assert not by_sha[shas[0]].counts_missing
    outcome = mine_history(open_repository(repo.root), now=NOW)
    codes = {code: partial for code, _, partial in outcome.findings}
    assert codes["history_missing_objects"] is True and outcome.section.partial
    files = {f.path: f for f in outcome.section.files}
    # a.txt: 4 revisions; lines only from c1 (+1) and c4 (+1 -1); b.txt: +1 in each commit
    assert (files["a.txt"].revisions, files["a.txt"].added, files["a.txt"].deleted) == (4, 2, 1)
    assert (files["b.txt"].revisions, files["b.txt"].added) == (4, 4)


def git_log_fails(repo: GitRepo) -> str:
    try:
        git(repo.root, "log", "--numstat")
    except RuntimeError as exc:
        return str(exc)
    raise AssertionError("git log --numstat should fail on a missing blob")


def test_after_too_many_failures_the_rest_is_read_without_counts(tmp_path, monkeypatch):
    """The fallback when the missing blobs cannot be located (a damaged repository): restart
    commit by commit, and after too many failures read the rest without counts."""
    repo, shas, _ = _loose_repo(tmp_path)
    monkeypatch.setattr(gitlog, "_read_around_missing_blobs", lambda *args: False)
    monkeypatch.setattr(gitlog, "MAX_RESTARTS", 0)
    result = read_commits(repo.root, LogScope((repo.head(),)), never_cancel)
    assert [c.sha for c in result.commits] == shas[::-1]
    assert [c.counts_missing for c in result.commits] == [False, True, True, True]
    assert result.without_counts_from == shas[2]


def test_shallow_clone_says_where_history_is_cut(tmp_path):
    b = HistoryBuilder(tmp_path / "origin")
    for n in range(5):
        b.commit({"a.txt": lines(n + 1), f"f{n}.txt": "x\n"}, when=day(n))
    origin = b.finish()
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{origin.root}", str(clone))
    outcome = mine_history(open_repository(clone), now=NOW)
    section = outcome.section
    messages = {code: text for code, text, _ in outcome.findings}
    # the graft point is the 4th commit, made on day 3 = 2024-01-04
    assert "truncated at 2024-01-04" in messages["history_shallow"]
    assert section.partial and section.commits == 2
    # the boundary commit shows its whole tree as added: left out, so only the 5th counts
    files = {f.path: (f.revisions, f.added) for f in section.files}
    assert files == {"a.txt": (1, 1), "f4.txt": (1, 1)}


def test_bare_repository_gets_history_and_a_warning_instead_of_code(tmp_path):
    b = HistoryBuilder(tmp_path / "origin")
    b.commit({"m.py": "def f(x):\n    return x\n"}, when=day(1))
    b.commit({"m.py": "def f(x):\n    return x + 1\n", "README.md": lines(7)}, when=day(2))
    origin = b.finish()
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(origin.root), str(bare))
    result = run(bare)
    assert result.code.files == []
    codes = [w.code for w in result.repository.warnings]
    assert "bare_repository" in codes
    assert result.repository.partial and result.repository.name == "bare"
    history = result.history
    assert history.commits == 2
    # no working tree: complexity and lines come from the tip's blobs (lizard's cyclomatic
    # complexity, also for Python: f has no branch, 1); README.md is docs, not a hotspot
    assert {h.path: (h.revisions, h.measure, h.complexity, h.loc) for h in history.hotspots} == {
        "m.py": (2, "cc", 1, 2)
    }


def test_submodules_are_named_and_left_out(tmp_path):
    repo = GitRepo.init(tmp_path / "repo")
    repo.write("a.txt", "a\n")
    first = repo.commit("one")
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{first},libs/sub")
    repo.commit("add submodule", add_all=False)
    repo.git("update-index", "--cacheinfo", f"160000,{repo.head()},libs/sub")
    repo.commit("bump submodule", add_all=False)
    outcome = mine_history(open_repository(repo.root), now=NOW)
    assert [f.path for f in outcome.section.files] == ["a.txt"]
    notes = [text for code, text, _ in outcome.findings if code == "history_submodule"]
    assert len(notes) == 1 and "libs/sub" in notes[0]


def test_empty_and_unborn_repositories_are_explained(tmp_path):
    empty = GitRepo.init(tmp_path / "empty")
    with pytest.raises(RepositoryWithoutCommits, match="has no commits yet"):
        run(empty.root)
    b = HistoryBuilder(tmp_path / "orphan")
    b.commit({"a.txt": "a\n"})
    orphan = b.finish()
    orphan.git("checkout", "-q", "--orphan", "fresh")
    with pytest.raises(RepositoryWithoutCommits, match=r"unborn branch.*main"):
        run(orphan.root)


def test_detached_head_is_analysed_and_labelled(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    first = b.commit({"a.txt": "a\n"})
    b.commit({"a.txt": "b\n"})
    repo = b.finish()
    repo.git("checkout", "-q", "--detach", b.shas[first])
    section = mine_history(open_repository(repo.root), now=NOW).section
    assert section.commits == 1
    assert section.ref == f"HEAD (detached at {b.shas[first][:10]})"


def test_merge_only_history_is_reported(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    root = b.commit({}, message="root")
    side = b.commit({}, branch="side", parent=root, message="side")
    b.commit({"evil.py": lines(3)}, parent=root, merge=side, message="Merge side")
    repo = b.finish()
    outcome = mine_history(open_repository(repo.root), now=NOW)
    assert outcome.section.files == [] and outcome.section.partial
    assert any(code == "history_no_changes" for code, _, _ in outcome.findings)
    first_parent = mine_history(
        open_repository(repo.root), HistoryOptions(mode="first-parent"), now=NOW
    ).section
    assert [(f.path, f.added) for f in first_parent.files] == [("evil.py", 3)]


def test_scope_limits_history_to_the_folder(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    b.commit({"app/a.py": lines(2), "docs/d.md": lines(3)})
    b.commit({"docs/d.md": lines(4)})
    repo = b.finish()
    section = mine_history(open_repository(repo.root / "app"), now=NOW).section
    assert section.commits == 1
    assert [f.path for f in section.files] == ["app/a.py"]


def test_reading_never_writes_to_the_repository(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    b.commit({"a.txt": lines(3)})
    repo = b.finish()
    before = sorted(str(p.relative_to(repo.root)) for p in Path(repo.root).rglob("*"))
    mtimes = {p: os.stat(repo.root / p).st_mtime_ns for p in before}
    mine_history(open_repository(repo.root), cache=MemoryCache(), now=NOW)
    after = sorted(str(p.relative_to(repo.root)) for p in Path(repo.root).rglob("*"))
    assert after == before
    assert {p: os.stat(repo.root / p).st_mtime_ns for p in after} == mtimes
    assert "log" in safe_git.READ_ONLY_COMMANDS


def test_times_far_outside_datetime_range_do_not_break_records():
    from analysis.history.commits import local_time

    assert local_time(10**13, 60).year == 9999
    assert local_time(-(10**13), 0).year == 1
    assert local_time(0, 99999).utcoffset().total_seconds() == 0  # nonsense offset: UTC


def test_another_branch_can_be_chosen_and_a_missing_one_is_reported(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    base = b.commit({"a.txt": "a\n"})
    b.commit({"b.txt": "b\n"}, branch="develop", parent=base)
    b.commit({"b.txt": "c\n"}, branch="develop")
    repo = b.finish()
    develop = mine_history(open_repository(repo.root), HistoryOptions(branch="develop"), now=NOW)
    assert develop.section.ref == "develop" and develop.section.commits == 3
    missing = mine_history(open_repository(repo.root), HistoryOptions(branch="nope"), now=NOW)
    assert missing.section.ref == "main" and missing.section.commits == 1
    assert any(code == "history_branch" and "'nope'" in text for code, text, _ in missing.findings)


def test_repository_config_cannot_change_what_is_counted(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    b.commit({"a.txt": lines(3)})
    b.commit({"a.txt": lines(4), "b.txt": lines(2)})
    repo = b.finish()
    for setting in (
        "log.showRoot=false",
        "diff.renames=false",
        "diff.algorithm=patience",
        "diff.relative=true",
        "core.quotePath=true",
        "i18n.logOutputEncoding=ISO-8859-1",
    ):
        key, value = setting.split("=")
        repo.git("config", key, value)
    newest, root = _read(repo)
    assert {(c.path, c.added) for c in root.changes} == {("a.txt", 3)}
    assert {(c.path, c.added) for c in newest.changes} == {("a.txt", 1), ("b.txt", 2)}


def test_a_partial_clone_loses_only_the_counts_of_the_missing_files(tmp_path):
    """A large data file changed in 50 commits, its blobs missing (as in a clone made with
    ``--filter=blob:limit=4m``): more failures than the reader would restart for. Every commit
    keeps the line counts of the files it has; only data.bin is listed without counts, and a
    commit that changed nothing else is still there."""
    repo = GitRepo.init(tmp_path / "repo")
    shas = []
    for i in range(50):
        repo.write("data.bin", f"table version {i}\n")
        if i % 10 != 9:  # every tenth commit changes the data file only
            repo.write("code.py", "".join(f"x{j} = {j}\n" for j in range(i + 1)))
        shas.append(repo.commit(f"c{i}"))
    gone = {git(repo.root, "rev-parse", f"{sha}:data.bin").strip() for sha in shas[1:]}
    for blob in gone:
        (repo.root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    result = read_commits(repo.root, LogScope((repo.head(),)), never_cancel)
    assert [c.sha for c in result.commits] == shas[::-1]
    assert result.missing_paths == ["data.bin"]
    for i, sha in enumerate(shas):
        changes = {c.path: c.added for c in next(c for c in result.commits if c.sha == sha).changes}
        if i == 0:  # its data.bin blob is there: counted
            assert changes == {"data.bin": 1, "code.py": 1}
        elif i % 10 == 9:
            assert changes == {"data.bin": None}
        else:  # one line more than the last change of code.py (two after a data-only commit)
            assert changes == {"data.bin": None, "code.py": 2 if i % 10 == 0 else 1}
    assert sum(c.counts_missing for c in result.commits) == 49
