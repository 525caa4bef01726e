"""SZZ: the commits that last touched the lines a fix changed are the changes it fixed.

Sliwerski, Zimmermann and Zeller, "When do changes induce fixes?" (MSR 2005): the lines a fix
commit deletes or modifies, blamed at the fix's parent, point to the commits that introduced
the bug. PyDriller implements it as ``Git.get_commits_last_modified_lines``: for each file of a
non-merge fix, ``git blame -w <fix>^ -- <old path>``, and each deleted line that is not blank
or a comment names the commit that last touched it. This module makes the same choices, and:

* diffs with ``-w`` too (PyDriller only blames with ``-w``), so a fix that only re-indents adds
  no evidence; comments are recognised per language and version lines are ignored
  (:mod:`analysis.dora.code_lines`); only code files count (``is_code``);
* answers a narrower question, cheaply: did the fix touch lines of the *candidate* changes
  (those first shipped by the deployments just before the fix's)? A (fix, file) pair is blamed
  only when a candidate changed that file and added a line equal, ignoring whitespace, to one
  the fix deleted (blame can name a commit for a line only if that commit's ``-w`` diff added
  it); only those lines are blamed (``-L``); lines older than ``since`` stop at a boundary
  commit (``--since``) instead of being traced to the first commit;
* counts the lines blamed to each commit (PyDriller returns sets of commits per file) and names
  the file as it was at the fix's parent (PyDriller names a renamed file by its new name);
* ignores any ``blame.ignoreRevsFile`` (``--no-ignore-revs-file``): a user's global setting
  naming a file the repository lacks would make every blame fail.

Merges are skipped as fixes (PyDriller gives them no modified files); a root commit has no
parent to blame. A candidate that renamed the file before the fix is not followed (its lines
are under another name). Git runs through :mod:`analysis.dora.line_changes`: one tree diff
for the files of every fix and every candidate, one ``cat-file --batch-check`` for the contents
a partial clone lacks, one ``-U0 -w`` patch read for the fixes and one for the candidates
(limited to the files shared), then one ``blame --incremental`` per pair, two at a time.
Nothing is raised for a repository's content: a failed git call is counted in ``skipped`` and
told in ``problems``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from analysis import git
from analysis.dora.code_lines import code_line_test, is_code_file
from analysis.dora.git_refs import resolve_names
from analysis.dora.line_changes import (
    MAX_PATHSPEC,
    CommitFiles,
    FilePatch,
    blame_lines,
    display,
    read_files,
    read_patches,
    without_whitespace,
)
from analysis.errors import GitCommandFailed
from analysis.partial_clone import absent_blobs
from analysis.progress import (
    CancelCheck,
    Progress,
    ProgressCallback,
    check_cancel,
    never_cancel,
    no_progress,
)

PHASE = "szz"
#: Blames run at once: the machine this runs on shares two cores with the rest of the analysis.
WORKERS = 2
_SHA = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")
_MISSING_OBJECT = re.compile(
    r"unable to read|could not read|cannot read|missing (?:blob|tree|object)|bad object|promisor",
    re.IGNORECASE,
)

#: What ``SzzResult.skipped`` counts, by key: fixes, files of fixes, or lines.
SKIP_REASONS = {
    "not a commit": "fixes: the id names no commit in this repository",
    "merge commit": "fixes: merges are not blamed (their changes came with their parents)",
    "root commit": "fixes: the first commit has no parent to blame",
    "no candidates": "fixes: no candidate change to link to",
    "no shared code file": "fixes: no code file the fix changed was changed by a candidate",
    "non-code file": "files of fixes: not a programming language (is_code)",
    "binary file": "files of fixes: binary content has no lines",
    "whitespace only": "files of fixes: the change is only whitespace (-w)",
    "only added lines": "files of fixes: the fix deleted or modified no line of it",
    "no code lines": "files of fixes: only blank, comment or version lines deleted or modified",
    "missing blob": "files of fixes: content missing from a partial clone",
    "blame failed": "files of fixes: git blame failed",
    "lines no candidate wrote": "lines: no candidate added a line like it (not blamed)",
    "lines older than since": "lines: last changed before the request's since, or before the "
    "oldest candidate that changed the file (a boundary commit)",
    "lines of other commits": "lines: last changed by a commit that is no candidate",
}


@dataclass(frozen=True)
class BlameRequest:
    """One fix to link: its full sha; ``since`` (timezone-aware): lines last changed by commits
    committed before it are not of interest; ``candidates``: the full shas whose lines count
    (the changes first shipped by the deployments within the hotfix window before the fix's).
    ``since`` is compared with committer dates: set it at or before the oldest candidate's."""

    fix: str
    since: datetime
    candidates: frozenset[str]


@dataclass(frozen=True)
class SzzLink:
    """``lines`` code lines the fix deleted or modified in ``path`` (its name at the fix's
    parent) were last changed by ``fixed``."""

    fix: str
    fixed: str
    path: str
    lines: int


@dataclass
class SzzResult:
    """Links found, files blamed, what was skipped and why (:data:`SKIP_REASONS`), one-line
    problems, and whether blame was possible at all (False: a shallow clone cut inside the
    period of interest; the caller falls back to another rule)."""

    links: list[SzzLink] = field(default_factory=list)
    files_blamed: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    possible: bool = True
    fixes_blamed: int = 0  # fixes with at least one file blamed

    def skip(self, reason: str, count: int = 1) -> None:
        if count:
            self.skipped[reason] = self.skipped.get(reason, 0) + count


@dataclass(frozen=True)
class _Pair:
    """A file of a fix to blame: fix, its parent, the path at the parent, since, code lines."""

    fix: str
    parent: str
    path: bytes
    since: datetime
    lines: tuple[int, ...]


@dataclass
class _Plan:
    """The commits read and the (request, file) pairs chosen so far."""

    fixes: dict[str, CommitFiles]
    touched: dict[bytes, set[str]]  # path -> candidates that changed it
    committed: dict[str, int]  # candidate -> committer time
    created: set[tuple[str, bytes]]  # (candidate, path) it added (or renamed to: --no-renames)
    selected: dict[int, list[bytes]] = field(default_factory=dict)  # request -> old paths


def _shallow_commits(root: Path | str) -> frozenset[str]:
    done = git.run(root, "rev-parse", "--is-shallow-repository", check=False)
    if done.stdout.strip() != b"true":
        return frozenset()
    relative = git.output(root, "rev-parse", "--git-path", "shallow").strip()
    path = Path(relative) if os.path.isabs(relative) else Path(root) / relative
    try:
        return frozenset(path.read_text(encoding="ascii", errors="replace").split())
    except OSError:
        return frozenset()


def _shallow_problem(root: Path | str, requests: Sequence[BlameRequest]) -> str | None:
    """Why blame cannot be trusted in a shallow clone, or None: a fix whose parent is beyond
    the graft, or a graft newer than a request's ``since`` (blame would charge the graft
    commit with every older line)."""
    grafts = _shallow_commits(root)
    if not grafts:
        return None
    cut = [r.fix for r in requests if r.fix in grafts]
    if cut:
        return f"shallow clone: the parent of fix {cut[0][:10]} is not in the clone"
    stdin = "".join(f"{sha}\n" for sha in sorted(grafts)).encode("ascii")
    out = git.run(
        root, "log", "--no-walk=unsorted", "--stdin", "--format=%ct", input_bytes=stdin,
        check=False,
    ).stdout.decode("ascii", "replace")  # fmt: skip
    times = [int(t) for t in out.split() if t.isdigit()]
    earliest = min(r.since.timestamp() for r in requests)
    if times and max(times) >= earliest:
        when = datetime.fromtimestamp(max(times), UTC).date().isoformat()
        return f"shallow clone: history is cut at {when}, inside the period the fixes need"
    return None


def _touched_by(candidates: dict[str, CommitFiles]) -> dict[bytes, set[str]]:
    """The candidates that changed each file (both names of a rename; merges list none:
    their lines came from their parents)."""
    touched: dict[bytes, set[str]] = {}
    for sha, commit in candidates.items():
        for entry in commit.entries:
            touched.setdefault(entry.path, set()).add(sha)
    return touched


def _select(
    requests: Sequence[BlameRequest],
    plan: _Plan,
    is_code: Callable[[str], bool],
    result: SzzResult,
) -> None:
    """For each request, the files worth reading: code files that a candidate changed."""
    for index, request in enumerate(requests):
        commit = plan.fixes.get(request.fix)
        if commit is None:
            result.skip("not a commit")
            continue
        if len(commit.parents) > 1:
            result.skip("merge commit")
            continue
        if not commit.parents:
            result.skip("root commit")
            continue
        if not request.candidates:
            result.skip("no candidates")
            continue
        paths = []
        for entry in commit.entries:
            if entry.status[:1] not in ("M", "D", "T") or not entry.old_mode.startswith("100"):
                continue  # added files delete nothing; submodules and links have no lines
            if not is_code(display(entry.path)):
                result.skip("non-code file")
            elif not plan.touched.get(entry.path, set()).isdisjoint(request.candidates):
                paths.append(entry.path)
        if paths:
            plan.selected[index] = paths
        else:
            result.skip("no shared code file")


def _read_chunks(
    root: Path | str, chunks: list[dict[str, set[bytes]]]
) -> dict[str, list[FilePatch]]:
    """Patches of each chunk (commit -> files) in one git process per chunk, run in parallel;
    each process is limited to its own commits' files."""
    patches: dict[str, list[FilePatch]] = {}

    def read(chunk: dict[str, set[bytes]]) -> dict[str, list[FilePatch]]:
        return read_patches(root, list(chunk), set().union(*chunk.values()))

    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="szz-diff") as pool:
        for found in pool.map(read, [c for c in chunks if c]):
            patches.update(found)
    return patches


def _split(wanted: dict[str, set[bytes]], parts: int) -> list[dict[str, set[bytes]]]:
    """``wanted`` in at least ``parts`` chunks of about equal files, commits grouped by their
    first file so that each chunk's pathspec stays short (git matches every changed file of
    every commit against it), and none longer than :data:`MAX_PATHSPEC` files unless one
    commit alone wants more."""
    order = sorted(wanted, key=lambda sha: (min(wanted[sha]), sha))
    share = max(1, -(-sum(len(files) for files in wanted.values()) // parts))
    chunks: list[dict[str, set[bytes]]] = [{}]
    files: set[bytes] = set()
    for sha in order:
        grown = files | wanted[sha]
        if chunks[-1] and (len(grown) > MAX_PATHSPEC or len(files) >= share):
            chunks.append({})
            grown = set(wanted[sha])
        chunks[-1][sha] = wanted[sha]
        files = grown
    return chunks


def _patches_around_missing(
    root: Path | str,
    commits: dict[str, CommitFiles],
    wanted: dict[str, set[bytes]],
    result: SzzResult,
) -> tuple[dict[str, list[FilePatch]], set[tuple[str, bytes]]]:
    """Patches of the ``wanted`` files of each commit, read together (in :data:`WORKERS`
    processes); a commit touching a missing blob (a partial clone) within its chunk's
    pathspec is read alone without its missing files. Returns the patches and the
    (commit, path) pairs whose content is missing."""
    chunks = _split(wanted, WORKERS)
    blobs: set[str] = set()
    for chunk in chunks:
        spec = set().union(*chunk.values()) if chunk else set()
        for sha in chunk:
            for entry in commits[sha].entries:
                if entry.path in spec:
                    blobs.update((entry.old_blob, entry.new_blob))
    try:
        missing = absent_blobs(root, blobs)
    except GitCommandFailed as exc:
        result.problems.append(f"could not check for missing file contents: {exc}")
        missing = set()
    lost: set[tuple[str, bytes]] = set()
    alone: list[dict[str, set[bytes]]] = []
    for chunk in chunks:
        spec = set().union(*chunk.values()) if chunk else set()
        for sha in list(chunk):
            gone = {
                e.path
                for e in commits[sha].entries
                if e.path in spec and {e.old_blob, e.new_blob} & missing
            }
            if gone:
                lost |= {(sha, path) for path in gone}
                alone.append({sha: chunk.pop(sha) - gone})
    patches = _read_chunks(root, chunks + alone)
    return patches, lost


def _fix_files(requests: Sequence[BlameRequest], plan: _Plan) -> dict[str, set[bytes]]:
    """Files to read the patch of, per fix: those chosen, and the names a deleted file may
    have been renamed to (``-M`` pairs only the files it is given)."""
    fixes: dict[str, set[bytes]] = {}
    for index, paths in plan.selected.items():
        commit = plan.fixes[requests[index].fix]
        files = fixes.setdefault(commit.sha, set())
        files.update(paths)
        if any(e.status == "D" and e.path in files for e in commit.entries):
            files.update(e.path for e in commit.entries if e.status == "A")
    return fixes


def _candidate_files(
    requests: Sequence[BlameRequest],
    plan: _Plan,
    fix_lines: dict[int, list[tuple[bytes, list[tuple[int, bytes]]]]],
) -> dict[str, set[bytes]]:
    """Files to read the patch of, per candidate: those a fix deleted code lines of."""
    candidates: dict[str, set[bytes]] = {}
    for index, files in fix_lines.items():
        request = requests[index]
        for path, _ in files:
            for sha in plan.touched.get(path, set()) & request.candidates:
                candidates.setdefault(sha, set()).add(path)
    return candidates


def _fix_lines(
    requests: Sequence[BlameRequest],
    plan: _Plan,
    patches: dict[str, list[FilePatch]],
    lost: set[tuple[str, bytes]],
    result: SzzResult,
) -> dict[int, list[tuple[bytes, list[tuple[int, bytes]]]]]:
    """Per request: (old path, code lines deleted or modified, as (number, text))."""
    lines: dict[int, list[tuple[bytes, list[tuple[int, bytes]]]]] = {}
    for index, paths in plan.selected.items():
        fix = requests[index].fix
        by_path = {p.old_path(): p for p in patches.get(fix, [])}
        for path in paths:
            patch = by_path.get(path)
            name = display(path)
            is_code_line = code_line_test(name)
            if (fix, path) in lost:
                result.skip("missing blob")
                result.problems.append(
                    f"{name} at {fix[:10]}: its content is missing (a partial clone); not blamed"
                )
            elif patch is None:
                result.skip("whitespace only")
            elif patch.binary:
                result.skip("binary file")
            elif code := [
                (number, text)
                for number, text in patch.deleted
                if is_code_line(text.decode("utf-8", "replace"))
            ]:
                lines.setdefault(index, []).append((path, code))
            elif patch.deleted:
                result.skip("no code lines")
            else:
                result.skip("only added lines" if patch.added else "whitespace only")
    return lines


def _candidate_lines(
    wanted: dict[str, set[bytes]],
    patches: dict[str, list[FilePatch]],
    lost: set[tuple[str, bytes]],
) -> dict[tuple[str, bytes], set[bytes] | None]:
    """Lines each candidate added to the files wanted, without whitespace; None (every line
    is then blamed) where its content is missing, or where it renamed the file: blame follows
    the rename to the commits before it, which may be candidates too."""
    added: dict[tuple[str, bytes], set[bytes] | None] = {key: None for key in lost}
    for sha, files in wanted.items():
        for patch in patches.get(sha, []):
            path = patch.new_path()
            if path not in files or (sha, path) in lost:
                continue
            if patch.rename_from is not None:
                added[(sha, path)] = None
                continue
            texts = added.setdefault((sha, path), set())
            if texts is not None:
                texts.update(without_whitespace(text) for text in patch.added)
    return added


def _pairs(
    requests: Sequence[BlameRequest],
    plan: _Plan,
    fix_lines: dict[int, list[tuple[bytes, list[tuple[int, bytes]]]]],
    added: dict[tuple[str, bytes], set[bytes] | None],
    result: SzzResult,
) -> dict[int, list[_Pair]]:
    """The pairs to blame: the lines of each (fix, file) that a candidate may have written."""
    pairs: dict[int, list[_Pair]] = {}
    for index, files in fix_lines.items():
        request = requests[index]
        parent = plan.fixes[request.fix].parents[0]
        for path, code in files:
            texts: set[bytes] | None = set()
            sharing = plan.touched.get(path, set()) & request.candidates
            for sha in sharing:
                written = added.get((sha, path), set())
                if written is None or texts is None:
                    texts = None
                else:
                    texts |= written
            kept = [n for n, text in code if texts is None or without_whitespace(text) in texts]
            result.skip("lines no candidate wrote", len(code) - len(kept))
            if kept:
                # no line older than the oldest candidate that changed the file can be one of
                # theirs: blame stops there (a shorter walk), as it would at ``since``; unless
                # a candidate created the file, maybe by a rename that blame follows
                since = request.since
                if not any((sha, path) in plan.created for sha in sharing):
                    oldest = min(plan.committed[sha] for sha in sharing)
                    since = max(since, datetime.fromtimestamp(oldest, UTC))
                pair = _Pair(request.fix, parent, path, since, tuple(kept))
                pairs.setdefault(index, []).append(pair)
    return pairs


def szz_links(
    root: Path | str,
    requests: Sequence[BlameRequest],
    is_code: Callable[[str], bool] | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck = never_cancel,
) -> SzzResult:
    """Link each request's fix to the candidate commits that last changed the code lines it
    deleted or modified (SZZ); see the module doc for the rules and the git calls.

    ``is_code(path)`` says which files count (default: programming languages by file name).
    Raises :class:`analysis.errors.Cancelled` when ``cancel()`` turns True.
    """
    is_code = is_code or is_code_file
    result = SzzResult()
    valid = [
        r if r.since.tzinfo else replace(r, since=r.since.replace(tzinfo=UTC))  # naive: UTC
        for r in requests
        if _SHA.match(r.fix)
    ]
    result.skip("not a commit", len(requests) - len(valid))
    if not valid:
        return result
    try:
        problem = _shallow_problem(root, valid)
    except GitCommandFailed as exc:
        problem = f"could not read the shallow state of the clone: {exc}"
    if problem:
        result.possible = False
        result.problems.append(problem)
        return result
    progress(Progress(PHASE, 0, 0, "reading the files of fixes and candidates"))
    try:
        names = {r.fix for r in valid} | {sha for r in valid for sha in r.candidates}
        known = {name for name, sha in resolve_names(root, names).items() if sha == name}
        fixes = read_files(root, sorted({r.fix for r in valid} & known))
        check_cancel(cancel)
        candidates = read_files(root, sorted({c for r in valid for c in r.candidates} & known))
        check_cancel(cancel)
        times = {sha: commit.committed for sha, commit in candidates.items()}
        created = {
            (sha, entry.path)
            for sha, commit in candidates.items()
            for entry in commit.entries
            if entry.status == "A"
        }
        plan = _Plan(fixes, _touched_by(candidates), times, created)
        _select(valid, plan, is_code, result)
        commits = {**candidates, **fixes}
        fix_files = _fix_files(valid, plan)
        patches, lost = _patches_around_missing(root, commits, fix_files, result)
        fix_lines = _fix_lines(valid, plan, patches, lost, result)
        check_cancel(cancel)
        # candidates' patches, for the files with code lines to blame, unless read already
        wanted = _candidate_files(valid, plan, fix_lines)
        todo = {sha: files - fix_files.get(sha, set()) for sha, files in wanted.items()}
        more, more_lost = _patches_around_missing(
            root, commits, {sha: files for sha, files in todo.items() if files}, result
        )
        for sha, files in more.items():
            patches.setdefault(sha, []).extend(files)
        added = _candidate_lines(wanted, patches, lost | more_lost)
    except GitCommandFailed as exc:
        result.problems.append(f"could not read the changes of the fixes: {exc}")
        return result
    check_cancel(cancel)
    pairs = _pairs(valid, plan, fix_lines, added, result)
    _blame_pairs(root, valid, pairs, result, progress, cancel)
    return result


def _run_blames(
    root: Path | str,
    unique: Iterable[_Pair],
    total: int,
    result: SzzResult,
    progress: ProgressCallback,
    cancel: CancelCheck,
) -> dict[_Pair, tuple[dict[str, int], set[str]] | None]:
    """Blame each pair, :data:`WORKERS` at a time; the cancel check runs between blames."""
    outcomes: dict[_Pair, tuple[dict[str, int], set[str]] | None] = {}
    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="szz-blame") as pool:
        waiting = iter(unique)
        running: dict[Future, _Pair] = {}
        while True:
            while len(running) < WORKERS and (pair := next(waiting, None)) is not None:
                args = (root, pair.parent, pair.path, pair.lines, pair.since)
                running[pool.submit(blame_lines, *args)] = pair
            if not running:
                break
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                pair = running.pop(future)
                try:
                    outcomes[pair] = future.result()
                    result.files_blamed += 1
                except GitCommandFailed as exc:
                    outcomes[pair] = None
                    missing = _MISSING_OBJECT.search(getattr(exc, "stderr", "") or str(exc))
                    result.skip("missing blob" if missing else "blame failed")
                    result.problems.append(
                        f"blame of {display(pair.path)} at {pair.fix[:10]} failed: {exc}"
                    )
                progress(Progress(PHASE, len(outcomes), total, display(pair.path)))
            if cancel():
                check_cancel(cancel)  # leaving the pool waits for the (at most two) running
    return outcomes


def _blame_pairs(
    root: Path | str,
    requests: Sequence[BlameRequest],
    pairs: dict[int, list[_Pair]],
    result: SzzResult,
    progress: ProgressCallback,
    cancel: CancelCheck,
) -> None:
    """Blame every distinct pair once; count the lines and link those of candidates."""
    unique = list(dict.fromkeys(pair for group in pairs.values() for pair in group))
    progress(Progress(PHASE, 0, len(unique), "blaming the lines fixes changed"))
    outcomes = _run_blames(root, unique, len(unique), result, progress, cancel)
    lines: dict[tuple[str, str, str], int] = {}
    blamed_fixes = set()
    for index, group in pairs.items():
        candidates = requests[index].candidates
        for pair in group:
            outcome = outcomes.get(pair)
            if outcome is None:
                continue
            blamed_fixes.add(pair.fix)
            counts, boundary = outcome
            for sha, count in counts.items():
                if sha in boundary:
                    result.skip("lines older than since", count)
                elif sha in candidates:
                    key = (pair.fix, sha, display(pair.path))
                    lines[key] = max(lines.get(key, 0), count)
                else:
                    result.skip("lines of other commits", count)
    result.fixes_blamed = len(blamed_fixes)
    result.links = [
        SzzLink(fix, fixed, path, count) for (fix, fixed, path), count in sorted(lines.items())
    ]
