"""Line counts for code files only: git diffs no data file, and no figure changes.

The attributes file (analysis.roles.counted_lines) is checked with git's own ``check-attr``
against :func:`file_kind` over every name identify knows, in several letter cases and as parts
of longer names; the reader and the history are checked on a repository built here whose data
files change often, with renames across kinds both ways.
"""

from __future__ import annotations

import itertools
import subprocess

import pytest
from identify import extensions

from analysis.cache import MemoryCache
from analysis.history.gitlog import LogScope, read_commits
from analysis.history.mining import measure_history, read_commits_step
from analysis.history.options import HistoryOptions
from analysis.history.reader import read_history
from analysis.history.source import resolve_source
from analysis.progress import never_cancel, no_progress
from analysis.roles import classify_files
from analysis.roles.counted_lines import attributes_text, code_only_config, is_counted
from analysis.roles.file_types import file_kind
from analysis.scan import open_repository, tracked_files
from tests.gitrepo import BASE_ENV, GitRepo


def _unset_paths(tmp_path, paths: list[str]) -> set[str]:
    """The paths whose ``diff`` attribute git reads as unset with the attributes file."""
    repo = GitRepo.init(tmp_path / "attr")
    with code_only_config() as config:
        setting = f"core.attributesFile={config['core.attributesFile']}"
        done = subprocess.run(
            ["git", "-c", setting, "check-attr", "-z", "--stdin", "diff"],
            cwd=repo.root,
            input="".join(p + "\0" for p in paths).encode(),
            capture_output=True,
            check=True,
            env={**BASE_ENV, "PATH": "/usr/bin:/bin"},
        )
    fields = done.stdout.decode().split("\0")
    return {fields[i] for i in range(0, len(fields) - 2, 3) if fields[i + 2] == "unset"}


def _names() -> list[str]:
    """Every extension identify knows in three letter cases, every special name alone and as
    a part of a longer name, in folders and hidden: what file_kind may read differently."""
    exts = {*extensions.EXTENSIONS, *extensions.EXTENSIONS_NEED_BINARY_CHECK, "snap", "lock"}
    names: set[str] = set()
    for ext in exts:
        for case in (ext, ext.upper(), ext.title()):
            names.update({f"x.{case}", f"dir/a.b.{case}", f".{case}"})
    for special in extensions.NAMES:
        names.update(
            {special, f"d/{special}", f"{special}.json", f"a.{special}", f"a.{special}.yaml"}
        )
        names.update(f"{special}.{ext}" for ext in ("lock", "po", "snap", "txt", "py"))
    names.update(f"{a}.{b}" for a, b in itertools.product(("Gemfile", "x"), ("lock", "JSON")))
    return sorted(names)


def test_no_code_or_markup_name_loses_its_line_counts(tmp_path):
    names = _names()
    unset = _unset_paths(tmp_path, names)
    wrongly = sorted(p for p in unset if file_kind(p) in ("code", "markup"))
    assert wrongly == []
    # and the file does what it is for: the data files that cost the diffs are not diffed
    costly = [
        "poetry.lock",
        "saleor/graphql/schema.graphql",
        "locale/de/LC_MESSAGES/django.po",
        "storybook/__snapshots__/Stories.test.ts.snap",
        "package-lock.json",
        "cassettes/test.yaml",
    ]
    assert _unset_paths(tmp_path, [*costly, "app/models.py"]) == set(costly)
    # every lower-case data extension is left undiffed (upper case is diffed: patterns are
    # case-sensitive suffixes, and erring that way costs time, not figures)
    data = [p for p in names if p.startswith("x.") and p == p.lower() and not is_counted(p)]
    assert len(data) > 200 and set(data) <= unset


def test_special_names_that_are_code_keep_their_counts(tmp_path):
    paths = ["Rakefile.lock", "a/Rakefile", "x.Rakefile.json", ".bashrc", "wscript", "API.PY"]
    assert all(is_counted(p) for p in paths)
    assert _unset_paths(tmp_path, paths) == set()
    assert "* -diff" not in attributes_text()  # plain suffixes only: no catch-all pattern


def _lines(count: int, word: str) -> str:
    return "".join(f"{word} = {i}  # line {i}\n" for i in range(count))


@pytest.fixture(scope="module")
def history_repo(tmp_path_factory) -> GitRepo:
    """Code and data files changing together; renames data -> code and code -> data."""
    repo = GitRepo.init(tmp_path_factory.mktemp("counted") / "repo")
    repo.write("app/core.py", _lines(20, "core"))
    repo.write("poetry.lock", _lines(300, "lock"))
    repo.write("schema.graphql", _lines(200, "type"))
    repo.write("settings.json", _lines(40, "setting"))
    repo.write("notes.md", _lines(30, "note"))
    repo.write("web/page.html", "<p>hello</p>\n" * 12)
    repo.commit("start")
    for step in range(6):  # (step 0 leaves the lock file as it was)
        repo.write("app/core.py", _lines(20 + step, "core"))
        repo.write("poetry.lock", _lines(300 + 7 * step, "lock"))
        repo.write("schema.graphql", _lines(200 - step, "type"))
        repo.commit(f"fix: change {step}")
    # data -> code with edits (git pairs them by content), and code -> data
    text = (repo.root / "settings.json").read_text()
    (repo.root / "settings.json").unlink()
    repo.write("app/settings.py", text + "extra = 1\n")
    text = (repo.root / "notes.md").read_text()
    (repo.root / "notes.md").unlink()
    repo.write("app/notes.py", text)
    repo.commit("move settings into code")
    text = (repo.root / "app/core.py").read_text()
    (repo.root / "app/core.py").unlink()
    repo.write("docs/core.txt", text + "more\n")
    repo.write("web/page.html", "<p>hello</p>\n" * 13)
    repo.commit("retire core")
    return repo


def _read(repo: GitRepo, code_counts_only: bool):
    head = repo.head()
    scope = LogScope(revisions=(head,), code_counts_only=code_counts_only)
    return read_commits(repo.root, scope, never_cancel).commits


def test_code_files_keep_exact_counts_and_data_files_are_not_diffed(history_repo):
    every = _read(history_repo, False)
    code_only = _read(history_repo, True)
    assert [c.sha for c in every] == [c.sha for c in code_only]

    def changes(commits, counted: bool):
        return (
            [(c.sha, ch) for c in commits for ch in c.changes if is_counted(ch.path)]
            if counted
            else [(c.sha, ch.path, ch.old_path) for c in commits for ch in c.changes]
        )

    # every change whose file is code or markup is identical, renames included, and the same
    # files changed. (A rename out of code, app/core.py -> docs/core.txt, loses its counts: the
    # history follows the file under its new name, which is not code, so none of it counts.)
    assert changes(code_only, True) == changes(every, True)
    assert changes(code_only, False) == changes(every, False)
    renamed = {ch.path: ch for c in code_only for ch in c.changes if ch.old_path}
    # the rename from a data file into code keeps its counts (read again with every file
    # diffed): 1 line added to the 40 moved
    assert renamed["app/settings.py"].old_path == "settings.json"
    assert (renamed["app/settings.py"].added, renamed["app/settings.py"].binary) == (1, False)
    # the history follows app/settings.py and app/notes.py back to their old names, so the
    # first commit, which added settings.json and notes.md, is read with every file diffed
    first = {ch.path: ch for ch in code_only[-1].changes}
    assert (first["settings.json"].added, first["notes.md"].added) == (40, 30)
    # the other commits' data files are not diffed: listed as changed, without counts
    fixes = [c for c in code_only if c.message.startswith("fix:")]
    lock = [ch for c in fixes for ch in c.changes if ch.path in ("poetry.lock", "schema.graphql")]
    assert len(lock) == 10 and all(ch.added is None and ch.binary for ch in lock)
    assert all(ch.added is not None for c in every for ch in c.changes if ch.path == "poetry.lock")


def test_history_figures_are_the_same_as_with_every_file_diffed(history_repo):
    checkout = open_repository(history_repo.root)
    roles = classify_files(checkout, tracked_files(checkout))
    options = HistoryOptions()
    sections = []
    for code_only in (False, True):
        read, failure = read_commits_step(
            checkout, options, None, no_progress, never_cancel, code_counts_only=code_only
        )
        assert failure is None and read is not None
        step = measure_history(
            checkout, options, [], None, no_progress, never_cancel, roles=roles, read=read
        )
        sections.append(step.section.to_dict())
    assert sections[0] == sections[1]
    files = {f["path"]: f for f in sections[1]["files"]}
    assert files["app/settings.py"]["added"] == 41  # 40 moved in from settings.json, 1 new


def test_an_increment_that_renames_data_into_code_reads_the_history_again(tmp_path):
    """The kept commits have no counts for a data file; once a new commit renames it into code,
    its past is a code file's history: the read is whole again, with those counts."""
    repo = GitRepo.init(tmp_path / "repo")
    repo.write("app/core.py", _lines(10, "core"))
    repo.write("settings.json", _lines(40, "setting"))
    repo.commit("start")
    repo.write("settings.json", _lines(45, "setting"))
    repo.commit("more settings")
    options = HistoryOptions()
    cache = MemoryCache()

    def read(into=cache):
        source = resolve_source(open_repository(repo.root), options)
        return read_history(source, options, into, no_progress, never_cancel, True)

    assert read().how == "full"
    repo.write("app/core.py", _lines(11, "core"))
    repo.commit("an ordinary change")
    assert read().how == "incremental"  # no rename: the kept commits are still right
    text = (repo.root / "settings.json").read_text()
    (repo.root / "settings.json").unlink()
    repo.write("app/settings.py", text)
    repo.commit("settings in code")
    after = read()
    assert after.how == "full"
    assert after.commits == read(MemoryCache()).commits
    counts = [ch.added for c in after.commits for ch in c.changes if ch.path == "settings.json"]
    assert counts == [5, 40]  # newest first: both past changes of the renamed file counted
