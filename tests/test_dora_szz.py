"""SZZ on repositories built here: each figure derived by hand from the commits written."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from gitrepo import GitRepo, git

from analysis.dora.code_lines import counts_as_code, is_code_file
from analysis.dora.szz import BlameRequest, SzzLink, szz_links
from analysis.errors import Cancelled

SINCE = datetime(2024, 1, 5, tzinfo=UTC)


def day(n: int) -> str:
    return f"2024-01-{n:02d}T12:00:00+00:00"


CALC_A = """\
def total(items):
    result = 0
    for item in items:
        result += item.price
    return result


def tax(amount):
    return amount * 0.2
"""

# B (the buggy change): counts quantity wrong, and rounds tax; adds a comment.
CALC_B = """\
def total(items):
    result = 0
    for item in items:
        result += item.price * item.quantity + 1
    return result


def tax(amount):
    # tax in cents
    return round(amount * 0.2)
"""

# F (the fix): corrects the two lines B wrote and the loop header A wrote.
CALC_F = """\
def total(items):
    result = 0
    for item in list(items):
        result += item.price * item.quantity
    return result


def tax(amount):
    # tax in cents
    return round(amount * 0.2, 2)
"""


def _bug_and_fix(repo: GitRepo) -> tuple[str, str, str]:
    a = repo.commit_file("app/calc.py", CALC_A, "Add calc", day(1))
    b = repo.commit_file("app/calc.py", CALC_B, "Count quantities", day(10))
    f = repo.commit_file("app/calc.py", CALC_F, "fix: totals", day(12))
    return a, b, f


@pytest.fixture
def repo(git_repo) -> GitRepo:
    def commit_file(path: str, content: str | bytes, message: str, date: str) -> str:
        git_repo.write(path, content)
        return git_repo.commit(message, date=date)

    git_repo.commit_file = commit_file  # type: ignore[attr-defined]
    return git_repo


def test_a_fix_is_linked_to_the_change_that_wrote_the_lines_it_changed(repo):
    # F deletes 3 lines of calc.py at its parent B: line 3 (A's loop header), line 4 and
    # line 10 (both written by B). B is the candidate: 2 lines link F -> B. A's line is not
    # like any line B added, so it is not blamed at all.
    _a, b, f = _bug_and_fix(repo)
    result = szz_links(repo.root, [BlameRequest(f, SINCE, frozenset({b}))])
    assert result.links == [SzzLink(f, b, "app/calc.py", 2)]
    assert result.files_blamed == 1 and result.fixes_blamed == 1
    assert result.skipped == {"lines no candidate wrote": 1}
    assert result.possible and result.problems == []


def test_lines_of_a_commit_that_is_no_candidate_link_nothing(repo):
    # The same fix, but only A is a candidate (since before A): B wrote 2 of the 3 lines and is
    # no candidate; A wrote line 3 ("for item in items:"), which A also added, so it is blamed
    # and linked: F -> A, 1 line. B's lines are not like any line A added: not blamed.
    a, _b, f = _bug_and_fix(repo)
    early = datetime(2023, 12, 1, tzinfo=UTC)
    result = szz_links(repo.root, [BlameRequest(f, early, frozenset({a}))])
    assert result.links == [SzzLink(f, a, "app/calc.py", 1)]
    assert result.skipped == {"lines no candidate wrote": 2}


def test_lines_older_than_since_and_lines_of_other_commits_are_counted_not_linked(repo):
    # B (candidate) adds g() with a second "return result" line, so lines reading
    # "return result" pass the text check and are blamed. F changes f's line (A's, 1 Jan) and
    # h's (D's, 9 Jan; D is no candidate): A is older than since (5 Jan): a boundary commit;
    # D is counted as another commit. Nothing links.
    repo.commit_file("m.py", "def f():\n    return result\n", "A", day(1))
    two = "def f():\n    return result\n\n\ndef g():\n    return result\n"
    b = repo.commit_file("m.py", two, "B", day(8))
    three = two + "\n\ndef h():\n    return result\n"
    repo.commit_file("m.py", three, "D", day(9))
    fixed = three.replace("f():\n    return result", "f():\n    return None")
    fixed = fixed.replace("h():\n    return result", "h():\n    return []")
    f = repo.commit_file("m.py", fixed, "fix f and h", day(10))
    result = szz_links(repo.root, [BlameRequest(f, SINCE, frozenset({b}))])
    assert result.links == []
    assert result.skipped == {"lines older than since": 1, "lines of other commits": 1}


def test_a_fix_of_whitespace_comments_brackets_or_the_version_links_nothing(repo):
    # B writes code, a comment, a closing bracket and the version in two files. F re-indents
    # B's code in one file (whitespace only under -w) and changes only the comment, the
    # bracket line and the version in the other: nothing to blame.
    code_b = "def f(x):\n    return x + 1\n"
    meta_b = '__version__ = "1.0.0"\n# checks the input\nITEMS = [\n    1,\n]\n'
    repo.commit_file("pkg/code.py", "def f(x):\n    return x\n", "A", day(1))
    repo.write("pkg/code.py", code_b)
    b = repo.commit_file("pkg/meta.py", meta_b, "B", day(8))
    repo.write("pkg/code.py", "def f(x):\n        return x + 1\n")
    meta_f = '__version__ = "1.0.1"\n# checks the input twice\nITEMS = [\n    1,\n    ]\n'
    f = repo.commit_file("pkg/meta.py", meta_f, "fix: layout", day(9))
    result = szz_links(repo.root, [BlameRequest(f, SINCE, frozenset({b}))])
    assert result.links == []
    assert result.files_blamed == 0
    assert result.skipped == {"whitespace only": 1, "no code lines": 1}


def test_only_code_files_count(repo):
    # B changes a Markdown file and F fixes the line B wrote there: not code by default;
    # counted as code by a caller's is_code, it links F -> B.
    repo.commit_file("docs/guide.md", "Intro\n\nRun it.\n", "A", day(1))
    b = repo.commit_file("docs/guide.md", "Intro\n\nRun it twice.\n", "B", day(8))
    f = repo.commit_file("docs/guide.md", "Intro\n\nRun it once.\n", "fix docs", day(9))
    request = [BlameRequest(f, SINCE, frozenset({b}))]
    default = szz_links(repo.root, request)
    assert default.links == []
    assert default.skipped == {"non-code file": 1, "no shared code file": 1}
    everything = szz_links(repo.root, request, is_code=lambda path: True)
    assert everything.links == [SzzLink(f, b, "docs/guide.md", 1)]


def test_a_renamed_file_is_blamed_under_its_old_name_for_its_changed_lines_only(repo):
    # B writes the buggy line 2 of old.py (5 lines). F renames old.py to new.py and fixes
    # line 2: only that line is blamed at F's parent, under the old name; the 4 lines moved
    # unchanged are not "deleted" (rename detection), so B gets 1 line, not 5.
    lines = ["def a():", "    return 1", "", "def b():", "    return 2"]
    repo.commit_file("src/old.py", "\n".join(lines) + "\n", "A", day(1))
    lines[1] = "    return 10"
    b = repo.commit_file("src/old.py", "\n".join(lines) + "\n", "B", day(8))
    lines[4] = "    return 20"  # B also rewrites line 5, which F keeps
    b2 = repo.commit_file("src/old.py", "\n".join(lines) + "\n", "B2", day(8))
    repo.git("mv", "src/old.py", "src/new.py")
    lines[1] = "    return 11"
    f = repo.commit_file("src/new.py", "\n".join(lines) + "\n", "fix a", day(9))
    result = szz_links(repo.root, [BlameRequest(f, SINCE, frozenset({b, b2}))])
    assert result.links == [SzzLink(f, b, "src/old.py", 1)]


def test_a_file_deleted_by_the_fix_is_blamed_whole(repo):
    # As PyDriller does: every code line of a deleted file was deleted by the fix. B wrote 2
    # of the 3 lines of legacy.py (A wrote "import os", which B added nowhere).
    repo.commit_file("legacy.py", "import os\nX = 1\n", "A", day(1))
    b = repo.commit_file("legacy.py", "import os\nX = 2\nY = os.sep\n", "B", day(8))
    repo.git("rm", "-q", "legacy.py")
    f = repo.commit("fix: drop the legacy module", date=day(9))
    result = szz_links(repo.root, [BlameRequest(f, SINCE, frozenset({b}))])
    assert result.links == [SzzLink(f, b, "legacy.py", 2)]


def test_merges_root_commits_and_unknown_ids_are_skipped(repo):
    root = repo.commit_file("a.py", "x = 1\n", "fix: first", day(1))
    repo.git("checkout", "-q", "-b", "side")
    side = repo.commit_file("b.py", "y = 1\n", "side", day(2))
    repo.git("checkout", "-q", "main")
    main = repo.commit_file("a.py", "x = 2\n", "main", day(3))
    repo.git(
        "-c",
        "user.name=A",
        "-c",
        "user.email=a@example.com",
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "fix: merge",
        "side",
    )
    merge = repo.head()
    unknown = "0" * 39 + "1"
    requests = [BlameRequest(sha, SINCE, frozenset({side, main})) for sha in (root, merge, unknown)]
    requests.append(BlameRequest("HEAD~1", SINCE, frozenset({side})))  # not a full sha
    result = szz_links(repo.root, requests)
    assert result.links == []
    assert result.skipped == {"root commit": 1, "merge commit": 1, "not a commit": 2}


def test_a_fix_sharing_no_file_with_the_candidates_needs_no_blame(repo):
    repo.commit_file("a.py", "x = 1\n", "A", day(1))
    b = repo.commit_file("b.py", "y = 1\n", "B", day(8))
    f = repo.commit_file("a.py", "x = 2\n", "fix a", day(9))
    result = szz_links(repo.root, [BlameRequest(f, SINCE, frozenset({b}))])
    assert result.links == [] and result.files_blamed == 0
    assert result.skipped == {"no shared code file": 1}


def test_binary_files_have_no_lines(repo):
    repo.commit_file("lib/blob.py", b"\x00\x01binary\x00", "A", day(1))
    b = repo.commit_file("lib/blob.py", b"\x00\x02binary\x00", "B", day(8))
    f = repo.commit_file("lib/blob.py", b"\x00\x03binary\x00", "fix blob", day(9))
    result = szz_links(repo.root, [BlameRequest(f, SINCE, frozenset({b}))])
    assert result.links == [] and result.skipped == {"binary file": 1}


def test_paths_and_lines_that_are_not_utf8_or_need_quoting(repo):
    # A Latin-1 file name and content, and a name with a space and an accent (git C-quotes
    # both in patches): each links F -> B for the one line B wrote.
    latin = os.fsdecode(b"caf\xe9.py")
    repo.commit_file(latin, b"name = 'caf\xe9'\n", "A", day(1))
    repo.commit_file("dir x/t\u00e9st.py", "v = 1\n", "A2", day(1))
    repo.write(latin, b"name = 'caf\xe9s'\n")
    b = repo.commit_file("dir x/t\u00e9st.py", "v = 2\n", "B", day(8))
    repo.write(latin, b"name = 'CAF\xc9'\n")
    f = repo.commit_file("dir x/t\u00e9st.py", "v = 3\n", "fix names", day(9))
    result = szz_links(repo.root, [BlameRequest(f, SINCE, frozenset({b}))])
    assert sorted(result.links, key=lambda link: link.path) == [
        SzzLink(f, b, "caf\\xe9.py", 1),
        SzzLink(f, b, "dir x/t\u00e9st.py", 1),
    ]


def test_a_blame_ignore_revs_setting_naming_a_missing_file_does_not_stop_blame(repo):
    # git blame fails with "could not open object name list" when blame.ignoreRevsFile names
    # a file that is not there (a common global setting); SZZ must not depend on it.
    _a, b, f = _bug_and_fix(repo)
    repo.git("config", "blame.ignoreRevsFile", ".git-blame-ignore-revs")
    result = szz_links(repo.root, [BlameRequest(f, SINCE, frozenset({b}))])
    assert result.links == [SzzLink(f, b, "app/calc.py", 2)] and result.problems == []


def test_a_partial_clone_missing_a_blob_skips_that_file_and_links_the_rest(repo):
    # F fixes B's lines in two files; the content of big.py at B (F's parent) is missing, as
    # in a clone made with --filter=blob:limit: big.py is counted and told, calc.py linked.
    repo.commit_file("app/calc.py", CALC_A, "A", day(1))
    repo.commit_file("app/big.py", "SIZE = 1\n", "A2", day(1))
    repo.write("app/big.py", "SIZE = 2\n")
    b = repo.commit_file("app/calc.py", CALC_B, "B", day(8))
    repo.write("app/big.py", "SIZE = 3\n")
    f = repo.commit_file("app/calc.py", CALC_F, "fix: both", day(9))
    blob = git(repo.root, "rev-parse", f"{b}:app/big.py").strip()
    (repo.root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    result = szz_links(repo.root, [BlameRequest(f, SINCE, frozenset({b}))])
    assert result.links == [SzzLink(f, b, "app/calc.py", 2)]
    assert result.skipped["missing blob"] == 1
    assert any("app/big.py" in problem and "missing" in problem for problem in result.problems)


def test_an_older_blob_missing_makes_that_blame_fail_without_raising(repo):
    # The fix's own blobs are there, but blame must read B's parent version (A's), which is
    # missing: counted as a missing blob, told, never raised.
    a, b, f = _bug_and_fix(repo)
    blob = git(repo.root, "rev-parse", f"{a}:app/calc.py").strip()
    (repo.root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    result = szz_links(repo.root, [BlameRequest(f, SINCE, frozenset({b}))])
    assert result.links == [] and result.skipped.get("missing blob") == 1
    assert result.problems and "app/calc.py" in result.problems[0]


def test_a_shallow_clone_cut_before_the_fix_parent_makes_blame_impossible(repo, tmp_path):
    _a, b, f = _bug_and_fix(repo)
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone))
    result = szz_links(clone, [BlameRequest(f, SINCE, frozenset({b}))])
    assert result.possible is False and result.links == []
    assert "shallow clone" in result.problems[0]
    # cut at B (10 Jan), after since (5 Jan): B would be charged with A's lines
    deeper = tmp_path / "deeper"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{repo.root}", str(deeper))
    assert szz_links(deeper, [BlameRequest(f, SINCE, frozenset({b}))]).possible is False
    # cut at A (1 Jan), before since: the history the fix needs is whole
    whole = tmp_path / "whole"
    git(tmp_path, "clone", "-q", "--depth", "3", f"file://{repo.root}", str(whole))
    linked = szz_links(whole, [BlameRequest(f, SINCE, frozenset({b}))])
    assert linked.possible and linked.links == [SzzLink(f, b, "app/calc.py", 2)]


def test_cancel_stops_between_steps(repo):
    _a, b, f = _bug_and_fix(repo)
    with pytest.raises(Cancelled):
        szz_links(repo.root, [BlameRequest(f, SINCE, frozenset({b}))], cancel=lambda: True)


def test_progress_reports_the_blames(repo):
    _a, b, f = _bug_and_fix(repo)
    seen = []
    szz_links(repo.root, [BlameRequest(f, SINCE, frozenset({b}))], progress=seen.append)
    assert [(p.done, p.total) for p in seen if p.total] == [(0, 1), (1, 1)]


@pytest.mark.parametrize(
    ("line", "path", "expected"),
    [
        ("    return total", "a.py", True),
        ("    # return total", "a.py", False),
        ('    """Docstring."""', "a.py", False),
        ("#include <stdio.h>", "a.c", True),
        ("// comment", "a.c", False),
        (" * Javadoc line", "A.java", False),
        ("*ptr = 1;", "a.c", True),
        ("-- comment", "q.sql", False),
        ("<!-- note -->", "App.vue", False),
        ("    }", "a.js", False),
        ("    ),", "a.py", False),
        ('__version__ = "3.21.0-a.0"', "saleor/__init__.py", False),
        ('  "version": "1.2.3",', "x.js", False),
        ("VERSION = (1, 2, 3)", "v.py", False),
        ("version = compute()", "v.py", True),
        ("", "a.py", False),
    ],
)
def test_code_lines(line, path, expected):
    assert counts_as_code(line, path) is expected


def test_code_files_by_name():
    assert is_code_file("saleor/order/utils.py") and is_code_file("web/App.tsx")
    assert not is_code_file("README.md") and not is_code_file("package.json")
    assert not is_code_file("saleor/graphql/schema.graphql")


def test_a_candidate_that_renamed_the_file_lets_blame_follow_the_rename(repo):
    # B writes the buggy line 2 of old.py; C renames old.py to new.py and edits line 5; F fixes
    # line 2 in new.py. Blame at F's parent follows the rename to B: F -> B, 1 line. C is
    # asked about too (as a fix of B), so its patch is read with both names and shows the
    # rename, adding only line 5: the line F changed must still be blamed.
    lines = ["def a():", "    return 1", "", "def b():", "    return 2"]
    repo.commit_file("old.py", "\n".join(lines) + "\n", "A", day(1))
    lines[1] = "    return 10"
    b = repo.commit_file("old.py", "\n".join(lines) + "\n", "B", day(8))
    repo.git("mv", "old.py", "new.py")
    lines[4] = "    return 3"
    c = repo.commit_file("new.py", "\n".join(lines) + "\n", "C", day(10))
    lines[1] = "    return 11"
    f = repo.commit_file("new.py", "\n".join(lines) + "\n", "fix a", day(11))
    requests = [
        BlameRequest(c, SINCE, frozenset({b})),
        BlameRequest(f, SINCE, frozenset({b, c})),
    ]
    result = szz_links(repo.root, requests)
    assert result.links == [SzzLink(f, b, "new.py", 1)]


def test_cancel_stops_between_blames(repo):
    # Five files to blame; the cancel check turns True once the first blame is done: the
    # run stops before the last, with at most the two running blames finished.
    files = [f"m{i}.py" for i in range(5)]
    for name in files:
        repo.write(name, "x = 1\n")
    repo.commit("A", date=day(1))
    for name in files:
        repo.write(name, "x = 2\n")
    b = repo.commit("B", date=day(8))
    for name in files:
        repo.write(name, "x = 3\n")
    f = repo.commit("fix all", date=day(9))
    done = []

    def progress(report):
        if report.total:
            done.append(report.done)

    with pytest.raises(Cancelled):
        szz_links(
            repo.root,
            [BlameRequest(f, SINCE, frozenset({b}))],
            progress=progress,
            cancel=lambda: bool(done and done[-1] >= 1),
        )
    assert 1 <= max(done) <= 3


def test_many_files_are_read_in_chunks_with_the_same_links(repo, monkeypatch):
    # Five files B wrote and F fixed: 5 links of 1 line each, whether the files are read in
    # one git process per worker or with a pathspec limit of 2 files (chunks of at most 2
    # files, a commit that alone wants more in a chunk of its own).
    files = [f"m{i}.py" for i in range(5)]
    for name in files:
        repo.write(name, "x = 1\n")
    repo.commit("A", date=day(1))
    for name in files:
        repo.write(name, "x = 2\n")
    b = repo.commit("B", date=day(8))
    for name in files:
        repo.write(name, "x = 3\n")
    f = repo.commit("fix all", date=day(9))
    expected = [SzzLink(f, b, name, 1) for name in files]
    request = [BlameRequest(f, SINCE, frozenset({b}))]
    assert szz_links(repo.root, request).links == expected
    import analysis.dora.szz as szz_module

    monkeypatch.setattr(szz_module, "MAX_PATHSPEC", 2)
    wanted = {"c1": {b"a", b"b"}, "c2": {b"c"}, "c3": {b"d", b"e"}, "c4": {b"f", b"g", b"h"}}
    chunks = szz_module._split(wanted, 2)
    assert chunks == [
        {"c1": {b"a", b"b"}},
        {"c2": {b"c"}},
        {"c3": {b"d", b"e"}},
        {"c4": wanted["c4"]},
    ]
    assert szz_links(repo.root, request).links == expected
