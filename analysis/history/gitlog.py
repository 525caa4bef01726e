"""One streamed ``git log --numstat`` pass, parsed while git writes it.

A single git process prints every commit with its numstat; :class:`LogParser` turns the byte
stream into :class:`~analysis.history.commits.Commit` records chunk by chunk, so parsing runs on
the second core while git computes diffs on the first, and memory holds the parsed records, not
the text. There is never one git process per commit (PyDriller-style tools are ~30x slower).

Output layout (``-z``): every commit starts with ``\\x1e`` and its fields separated by ``\\x1f``,
the raw message last, then a NUL; then one NUL-terminated numstat entry per file
(``added\\tdeleted\\tpath``; a rename is ``added\\tdeleted\\t`` followed by the old and the new
path as two more NUL-terminated fields). NUL separation keeps any path intact: spaces, quotes,
newlines and non-ASCII bytes need no unquoting.

Missing objects: ``git log --numstat`` stops with "unable to read <sha>" when a blob is missing
(a partial clone, a damaged repository). :func:`read_commits` keeps what was read, finds every
remaining commit that touches a missing blob and which paths (:mod:`.partial_clone`), and reads
the rest in two passes: the other commits as usual, those commits with the missing paths left
out of the diff and listed without line counts. If that still fails (a damaged repository, a
missing tree), the failing commit is read without line counts (renames as usual if the blobs they
need are there, else exact renames only) and the pass restarts after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from analysis import git
from analysis.errors import GitCommandFailed
from analysis.history.commits import Commit, FileChange, parse_offset
from analysis.history.identities import Identity
from analysis.partial_clone import (
    MAX_EXCLUDED_PATHS,
    known_missing_blobs,
    missing_blobs,
    paths_with_missing_blobs,
)
from analysis.progress import CancelCheck, check_cancel
from analysis.roles.counted_lines import code_only_config, is_counted

#: sha, parents, author name/email (mailmapped), author date, committer ..., raw message.
FORMAT = "%x1e%H%x1f%P%x1f%aN%x1f%aE%x1f%ad%x1f%cN%x1f%cE%x1f%cd%x1f%B"
_FIELDS = 9

#: stderr of a git that stopped on an object it could not read.
_MISSING_OBJECT = re.compile(
    r"unable to read|could not read|missing (blob|tree|object)|bad object|promisor",
    re.IGNORECASE,
)

#: After this many failing commits the rest of history is read without line counts in one pass
#: (a blob-less partial clone would otherwise fail on nearly every commit).
MAX_RESTARTS = 40


@dataclass(frozen=True)
class LogScope:
    """Which commits one pass reads and how git diffs them (part of the cache fingerprint)."""

    revisions: tuple[str, ...]  # e.g. ("<tip sha>",) or tips plus "--not" and old tips
    first_parent: bool = False  # follow first parents only; merges diffed against parent 1
    renames: bool = True  # rename detection (-M) so history follows a moved file
    pathspec: str = ""  # repository-relative folder in scope, "" for everything
    #: line counts for code and markup files only (analysis.roles.counted_lines): git diffs
    #: no other file, and lists it as binary (counts None)
    code_counts_only: bool = False

    def walk_args(self) -> list[str]:
        args = ["--date-order"]
        if self.first_parent:
            args.append("--first-parent")
        if self.pathspec:
            args.append("--full-history")  # no history simplification inside the folder
        return args

    def diff_args(self, exact_renames_only: bool = False) -> list[str]:
        if not self.renames:
            args = ["--no-renames"]
        else:
            # -M100%: exact renames only; git then needs no blob contents to find them.
            args = ["-M100%" if exact_renames_only else "-M"]
        if self.first_parent:
            args.append("-m")  # with --first-parent: merges diffed against the first parent
        return args

    def paths(self) -> list[str]:
        return ["--", f":(top,literal){self.pathspec}"] if self.pathspec else []


def _legacy_text(raw: bytes) -> str:
    """Bytes that are not UTF-8: Windows-1252 (what such names usually are), else Latin-1."""
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _split_date(raw: str) -> tuple[int, int]:
    stamp, _, offset = raw.strip().partition(" ")
    try:
        seconds = int(stamp)
    except ValueError:
        seconds = 0
    return seconds, parse_offset(offset)


class LogParser:
    """Incremental parser for the ``-z`` stream of :data:`FORMAT` plus numstat or name-status.

    ``feed(chunk)`` returns the commits completed by that chunk; ``finish()`` the last one.
    ``pending`` is the commit whose header was read but whose file list may still be coming
    (the one git was diffing if it stopped).
    """

    def __init__(self, boundary: frozenset[str] = frozenset(), name_status: bool = False) -> None:
        self.boundary = boundary
        self.name_status = name_status
        self.counts_missing = name_status
        self.pending: Commit | None = None
        self.malformed = 0
        self._rest = b""
        self._changes: list[FileChange] = []
        self._paths: dict[bytes, str] = {}
        self._rename: tuple | None = None  # (added, deleted) or status awaiting paths
        self._old_path: str | None = None
        self._expect = 0  # path fields still expected for the current entry

    def _path(self, raw: bytes) -> str:
        text = self._paths.get(raw)
        if text is None:
            text = raw.decode("utf-8", "backslashreplace")
            self._paths[raw] = text
        return text

    def feed(self, chunk: bytes) -> list[Commit]:
        tokens = (self._rest + chunk).split(b"\0")
        self._rest = tokens.pop()
        done: list[Commit] = []
        for token in tokens:
            self._token(token, done)
        return done

    def finish(self) -> list[Commit]:
        done: list[Commit] = []
        if self._rest:
            self._token(self._rest, done)
            self._rest = b""
        if self.pending is not None:
            done.append(self._complete())
        return done

    def _complete(self) -> Commit:
        commit = self.pending
        assert commit is not None
        self.pending = None
        changes, self._changes = self._changes, []
        self._expect = 0
        return commit._replace(changes=tuple(changes), counts_missing=self.counts_missing)

    def _token(self, token: bytes, done: list[Commit]) -> None:
        if self._expect:
            self._path_field(token)
            return
        if token[:1] == b"\x1e":
            if self.pending is not None:
                done.append(self._complete())
            self.pending = self._header(token)
            return
        if token[:1] == b"\n":
            token = token[1:]
        if not token or self.pending is None:
            return
        if self.name_status:
            self._status_entry(token)
        else:
            self._numstat_entry(token)

    def _numstat_entry(self, token: bytes) -> None:
        parts = token.split(b"\t", 2)
        if len(parts) != 3:
            self.malformed += 1
            return
        added, deleted, raw_path = parts
        binary = added == b"-"
        try:
            counts: tuple[int | None, int | None] = (
                (None, None) if binary else (int(added), int(deleted))
            )
        except ValueError:
            self.malformed += 1
            return
        if raw_path:
            path = self._path(raw_path)
            self._changes.append(FileChange(path, counts[0], counts[1], None, binary))
        else:  # rename: old and new path follow as separate fields
            self._rename = (*counts, binary)
            self._expect = 2

    def _status_entry(self, token: bytes) -> None:
        status = token[:1]
        if status in (b"R", b"C"):
            self._rename = (None, None, False)
            self._expect = 2
        else:
            self._rename = None
            self._expect = 1

    def _path_field(self, token: bytes) -> None:
        self._expect -= 1
        if self._rename is not None and self._expect == 1:
            self._old_path = self._path(token)
            return
        path = self._path(token)
        if self._rename is None:
            self._changes.append(FileChange(path))
            return
        added, deleted, binary = self._rename
        self._changes.append(FileChange(path, added, deleted, self._old_path, binary))
        self._rename = None
        self._old_path = None

    def _header(self, token: bytes) -> Commit | None:
        raw = token[1:]
        non_utf8 = False
        try:
            fields = raw.decode("utf-8").split("\x1f", _FIELDS - 1)
        except UnicodeDecodeError:
            non_utf8 = True
            fields = [_legacy_text(part) for part in raw.split(b"\x1f", _FIELDS - 1)]
        if len(fields) != _FIELDS or len(fields[0]) < 40:
            self.malformed += 1
            return None
        sha, parents, a_name, a_email, a_date, c_name, c_email, c_date, message = fields
        a_time, a_offset = _split_date(a_date)
        c_time, c_offset = _split_date(c_date)
        return Commit(
            sha=sha,
            parents=tuple(parents.split()),
            author_name=a_name,
            author_email=a_email,
            author_seconds=a_time,
            author_offset=a_offset,
            committer_name=c_name,
            committer_email=c_email,
            committer_seconds=c_time,
            committer_offset=c_offset,
            message=message,
            non_utf8=non_utf8,
            shallow_boundary=sha in self.boundary,
        )


@dataclass
class LogResult:
    """Commits of one read, newest first, and what could not be read fully."""

    commits: list[Commit] = field(default_factory=list)
    failed_commits: list[str] = field(default_factory=list)  # read without line counts
    missing_objects: list[str] = field(default_factory=list)  # git's error lines
    without_counts_from: str | None = None  # the rest read without counts, from this sha
    missing_paths: list[str] = field(default_factory=list)  # files read without counts
    #: with ``code_counts_only``: uncounted names renamed into code (read again with counts)
    renamed_into_code: set[str] = field(default_factory=set)


def _is_missing_object(error: GitCommandFailed) -> bool:
    return bool(_MISSING_OBJECT.search(getattr(error, "stderr", "") or str(error)))


def _log_args(
    scope: LogScope, diff: str, exact_renames_only: bool = False, listed: bool = False
) -> list[str]:
    """git log arguments; ``listed``: the commits come on stdin, one per line, not walked."""
    # --root: the first commit's files count even if the repository sets log.showRoot=false;
    # Myers (git's default) even if the user's config picks another diff algorithm
    args = ["log", "-z", f"--format={FORMAT}", "--date=raw", diff, "--root"]
    args.append("--diff-algorithm=myers")
    args += scope.diff_args(exact_renames_only)
    if not listed:
        return [*args, *scope.walk_args(), *scope.revisions, *scope.paths()]
    if scope.first_parent:
        args.append("--first-parent")
    return [*args, "--no-walk=unsorted", "--stdin", *scope.paths()]


def _stream_into(
    repo,
    args: list[str],
    parser: LogParser,
    sink: Callable[[Commit], None],
    cancel: CancelCheck,
    stdin: bytes | None = None,
    config: Mapping[str, str] | None = None,
) -> None:
    for chunk in git.stream(repo, *args, input_bytes=stdin, config=config):
        for commit in parser.feed(chunk):
            if commit is not None and commit.sha:
                sink(commit)
        check_cancel(cancel)
    for commit in parser.finish():
        if commit is not None:
            sink(commit)


def read_commits(
    repo,
    scope: LogScope,
    cancel: CancelCheck,
    on_commit: Callable[[int], None] = lambda count: None,
    boundary: frozenset[str] = frozenset(),
) -> LogResult:
    """Every commit of ``scope`` with its numstat, newest first, in one streamed pass.

    On a missing object the pass restarts after the failing commit (see the module doc);
    ``on_commit(count)`` is called as commits arrive, for progress. With
    ``scope.code_counts_only`` git diffs code and markup files only
    (:mod:`analysis.roles.counted_lines`).
    """
    if not scope.code_counts_only:
        return _read_commits(repo, scope, cancel, on_commit, boundary, None)
    with code_only_config() as config:
        result = _read_commits(repo, scope, cancel, on_commit, boundary, config)
    _recount_renames_into_code(repo, scope, result, cancel, boundary)
    return result


def _keep_into(found: dict[str, Commit]) -> Callable[[Commit], None]:
    def keep(commit: Commit) -> None:
        found.setdefault(commit.sha, commit)

    return keep


def renames_into_code(commits: Sequence[Commit]) -> tuple[set[str], set[str]]:
    """For a read with ``code_counts_only`` (``commits`` newest first): the uncounted names
    whose counts a code file's history needs (renamed into code, directly or through other
    uncounted names), and the commits that changed one of them without counts. A name once
    needed stays needed (a re-read too many costs time, never a figure)."""
    needed: set[str] = set()
    again: set[str] = set()
    for commit in commits:
        if commit.counts_missing:
            continue
        for change in commit.changes:
            old = change.old_path
            if (
                old is not None
                and old != change.path
                and not is_counted(old)
                and (is_counted(change.path) or change.path in needed)
            ):
                needed.add(old)
                if change.binary:
                    again.add(commit.sha)
            elif change.binary and change.path in needed:
                again.add(commit.sha)
    return needed, again


def _recount_renames_into_code(
    repo, scope: LogScope, result: LogResult, cancel: CancelCheck, boundary: frozenset[str]
) -> None:
    """Read again, with every file diffed, the commits whose uncounted files become part of a
    code file's history: a rename from one (``settings.json`` -> ``settings.py``; git takes a
    pair as binary when either side is) and every older change of the old name, since the
    history follows a renamed file back through its old names (:func:`renames_into_code`)."""
    result.renamed_into_code, again = renames_into_code(result.commits)
    if not again:
        return
    fresh: dict[str, Commit] = {}
    stdin = "".join(f"{sha}\n" for sha in sorted(again)).encode("ascii")
    args = _log_args(scope, "--numstat", listed=True)
    try:
        _stream_into(repo, args, LogParser(boundary), _keep_into(fresh), cancel, stdin)
    except GitCommandFailed as exc:
        if not _is_missing_object(exc):
            raise
        return  # (a blob git cannot read: the counts stay as the first pass gave them)
    result.commits = [fresh.get(commit.sha, commit) for commit in result.commits]


def _read_commits(
    repo,
    scope: LogScope,
    cancel: CancelCheck,
    on_commit: Callable[[int], None],
    boundary: frozenset[str],
    config: Mapping[str, str] | None,
) -> LogResult:
    result = LogResult()
    seen: set[str] = set()

    def sink(commit: Commit) -> None:
        if commit.sha in seen:
            return
        seen.add(commit.sha)
        result.commits.append(commit)
        if len(result.commits) % 256 == 0:
            on_commit(len(result.commits))

    args = _log_args(scope, "--numstat")
    stdin: bytes | None = None
    order: list[str] | None = None
    restarts = 0
    planned = False
    known = known_missing_blobs(repo)
    if known:  # a partial clone: plan around its missing blobs before git meets one
        planned = True
        order = _commit_order(repo, scope)
        done = _read_around_missing_blobs(
            repo, scope, order, sink, cancel, boundary, result, known, config
        )
    else:
        done = False
    while not done:
        parser = LogParser(boundary)
        try:
            _stream_into(repo, args, parser, sink, cancel, stdin, config)
            break
        except GitCommandFailed as exc:
            if not _is_missing_object(exc):
                raise
            result.missing_objects.append(str(exc))
        if order is None:
            order = _commit_order(repo, scope)
        if not planned:
            planned = True
            rest = [sha for sha in order if sha not in seen]
            if _read_around_missing_blobs(
                repo, scope, rest, sink, cancel, boundary, result, None, config
            ):
                break
        suspect = parser.pending.sha if parser.pending is not None else None
        remaining = [sha for sha in order if sha not in seen]
        if not remaining:
            break
        culprit = suspect if suspect in remaining else remaining[0]
        restarts += 1
        if restarts > MAX_RESTARTS:
            result.without_counts_from = culprit
            _without_counts(repo, scope, remaining, sink, cancel, boundary)
            result.failed_commits.extend(s for s in remaining if s in seen)
            break
        _without_counts(repo, scope, [culprit], sink, cancel, boundary)
        result.failed_commits.append(culprit)
        seen.add(culprit)  # even if its header could not be read either
        rest = [sha for sha in remaining if sha != culprit]
        if not rest:
            break
        args = _log_args(scope, "--numstat", listed=True)
        stdin = "".join(f"{sha}\n" for sha in rest).encode("ascii")
    on_commit(len(result.commits))
    if order is not None:  # passes over parts of history: back to git's order, newest first
        rank = {sha: i for i, sha in enumerate(order)}
        result.commits.sort(key=lambda c: rank.get(c.sha, len(rank)))
    return result


def _read_around_missing_blobs(
    repo,
    scope: LogScope,
    remaining: list[str],
    sink: Callable[[Commit], None],
    cancel: CancelCheck,
    boundary: frozenset[str],
    result: LogResult,
    known: frozenset[str] | None = None,
    config: Mapping[str, str] | None = None,
) -> bool:
    """Read ``remaining`` knowing which commits touch missing blobs (see the module doc);
    ``known``: the missing blobs when already found (a partial clone, before any pass).

    False when the plan does not apply (no missing blob found: a damaged repository; none
    touched by these commits) or a pass still fails: the caller then reads as usual, or
    restarts commit by commit.
    """
    missing = known if known is not None else missing_blobs(repo, scope.revisions)
    if not missing:
        return False
    touched = paths_with_missing_blobs(repo, remaining, missing, scope.first_parent)
    if not touched:
        return False
    excluded = sorted({path for paths in touched.values() for path in paths})
    if len(excluded) > MAX_EXCLUDED_PATHS:
        result.without_counts_from = remaining[0]
        _without_counts(repo, scope, remaining, sink, cancel, boundary)
        result.failed_commits.extend(remaining)
        return True
    clean = [sha for sha in remaining if sha not in touched]
    held: list[Commit] = []
    try:
        if clean:
            stdin = "".join(f"{sha}\n" for sha in clean).encode("ascii")
            args = _log_args(scope, "--numstat", listed=True)
            _stream_into(repo, args, LogParser(boundary), sink, cancel, stdin, config)
        base = [f":(top,literal){scope.pathspec}"] if scope.pathspec else [":/"]
        pathspec = ["--", *base, *(f":(exclude,top,literal){path}" for path in excluded)]
        args = [*_log_args(replace(scope, pathspec=""), "--numstat", listed=True), *pathspec]
        stdin = "".join(f"{sha}\n" for sha in touched).encode("ascii")
        _stream_into(repo, args, LogParser(boundary), held.append, cancel, stdin, config)
    except GitCommandFailed as exc:
        if not _is_missing_object(exc):
            raise
        return False
    for commit in held:
        lost = [FileChange(path) for path in touched.get(commit.sha, ())]
        sink(commit._replace(changes=commit.changes + tuple(lost), counts_missing=True))
        result.failed_commits.append(commit.sha)
    # a commit that changed nothing but missing files is not shown with them left out
    alone = [sha for sha in touched if sha not in {c.sha for c in held}]
    if alone:
        _without_counts(repo, scope, alone, sink, cancel, boundary)
        result.failed_commits.extend(alone)
    result.missing_paths = excluded
    return True


def _commit_order(repo, scope: LogScope) -> list[str]:
    """The shas git log walks for ``scope``, in its order (for restarting after a failure)."""
    out = git.run(repo, "rev-list", *scope.walk_args(), *scope.revisions, *scope.paths()).stdout
    return out.decode("ascii", "replace").split()


def _without_counts(
    repo,
    scope: LogScope,
    shas: Iterable[str],
    sink: Callable[[Commit], None],
    cancel: CancelCheck,
    boundary: frozenset[str],
) -> None:
    """Commits listed with their files but no line counts (name-status needs no blobs).

    Renames are detected as usual first (git reads blobs only for files added and deleted in
    one commit), then exactly only (no blob at all); if even a tree is unreadable, the commits
    are kept without files. Commits already read are skipped by the caller's sink.
    """
    stdin = "".join(f"{sha}\n" for sha in shas).encode("ascii")
    attempts = (
        _log_args(scope, "--name-status", listed=True),
        _log_args(scope, "--name-status", exact_renames_only=True, listed=True),
        ["log", "-z", f"--format={FORMAT}", "--date=raw", "--no-walk=unsorted", "--stdin"],
    )
    for args in attempts:
        try:
            _stream_into(repo, args, LogParser(boundary, name_status=True), sink, cancel, stdin)
            return
        except GitCommandFailed as exc:
            if not _is_missing_object(exc):
                raise


#: Raw and mailmapped author of each commit (no diff, so no blob is needed).
_IDENTITY_FORMAT = "%an%x1f%ae%x1f%aN%x1f%aE"


def read_mailmap_aliases(repo, scope: LogScope) -> dict[Identity, dict[Identity, int]]:
    """For each author identity git prints through .mailmap, the raw identities it replaced
    and their commit counts (only those .mailmap changed). One quick pass without diffs."""
    args = ["log", "-z", f"--format={_IDENTITY_FORMAT}", *scope.walk_args(), *scope.revisions]
    found: dict[Identity, dict[Identity, int]] = {}
    try:
        data = git.run(repo, *args, *scope.paths()).stdout
    except GitCommandFailed:
        return found
    for record in data.split(b"\0"):
        raw_fields = record.lstrip(b"\n").split(b"\x1f")
        if len(raw_fields) != 4:
            continue
        try:
            fields = [part.decode("utf-8") for part in raw_fields]
        except UnicodeDecodeError:  # as the main pass reads such names
            fields = [_legacy_text(part) for part in raw_fields]
        raw, mapped = (fields[0], fields[1]), (fields[2], fields[3])
        if raw != mapped:
            counts = found.setdefault(mapped, {})
            counts[raw] = counts.get(raw, 0) + 1
    return found
