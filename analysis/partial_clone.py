"""Which commits touch file contents a partial clone does not have, and which files.

A partial clone (``git clone --filter=blob:limit=4m``, and the snapshots this product is often
pointed at) lacks some blobs; ``git log --numstat`` stops at the first commit that touches one.
Reading such a commit without line counts and restarting works for a few, but a large file
changed in hundreds of commits (netbox's UN/LOCODE table, its OpenAPI dump) made the reader
give up counts for 14,308 of 15,596 commits. Instead, on the first failure:

1. ``git rev-list --objects --missing=print`` lists the missing blobs (it walks trees only;
   0.5 s on netbox);
2. ``git log --raw --no-renames`` over the commits still to read names the paths whose old or
   new blob is missing, per commit (tree diffs only, no blob is read; 1 s on netbox);
3. the reader then diffs every other commit normally, and these commits with those paths left
   out of the diff; the paths are listed without line counts.

Only the files whose content is missing lose their line counts, never the rest of history.

**Never ask a partial clone for a missing blob.** In a repository with a promisor remote, git
(2.39 to 2.47 at least) that cannot find an object, lazy fetching off (``GIT_NO_LAZY_FETCH``,
:mod:`analysis.git`), checks whether the object is a promised one before it dies, and that check
(``is_promisor_object``) parses every commit and tree of the promisor packs: on saleor's snapshot
(444 MB of packs) ``git cat-file -t <missing blob>`` takes 33-36 s of CPU, and so does the
``git log --numstat`` that meets the first missing blob (measured 2026-12-04: the history read
spent 40 s in a pass that died after 3,112 of 22,624 commits). So on a partial clone
(:func:`is_partial_clone`) the readers learn the missing blobs first, from one tree walk
(:func:`known_missing_blobs`, ``rev-list --objects --missing=print``, 1.0 s on saleor with all
its refs), and plan around them; the failure-driven path stays for damaged repositories, where a
missing object fails at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import threading
from collections.abc import Iterable
from pathlib import Path

from analysis import git
from analysis.errors import GitCommandFailed

#: When more files than this have missing contents, the clone is blob-less in practice
#: (``--filter=blob:none``: every old version of every file is missing) and leaving them out of
#: the diff one by one would cost more than it saves: the reader lists files without counts for
#: the rest of history. A size-limited clone misses a few large files (netbox 2, saleor 1).
MAX_EXCLUDED_PATHS = 200


#: ``extensions.partialClone = <remote>`` or ``remote.<name>.promisor = true`` in a config file.
_PROMISOR_SETTING = re.compile(
    rb"^\s*(partialclone\s*=\s*\S|promisor\s*=\s*(true|yes|on|1)\s*$)", re.IGNORECASE | re.MULTILINE
)

#: git's null object id (no blob: a file added or deleted)
_NULL_ID = re.compile(r"^0+$")

_lock = threading.Lock()
_walking = threading.Lock()
_partial: dict[str, bool] = {}
_known: dict[tuple[str, str], frozenset[str]] = {}


def _common_dir(repo) -> Path:
    out = git.output(repo, "rev-parse", "--path-format=absolute", "--git-common-dir")
    return Path(out.strip())


def _repo_path(repo) -> str:
    """A path git accepts as ``-C``: the path given, or a GitPython ``Repo``'s git directory."""
    return str(getattr(repo, "git_dir", repo))


def is_partial_clone(repo) -> bool:
    """True when ``repo`` has a promisor remote (``git clone --filter=...``, a snapshot with
    ``.promisor`` packs): its missing objects are then expected, and expensive to meet.

    Read from the files, not from ``git config`` (not among the read-only commands): the
    repository's config and any ``*.promisor`` pack, its own or an alternate's. A setting
    hidden behind a config include is missed; the reader then falls back to the slow path."""
    path = _repo_path(repo)
    with _lock:
        if path in _partial:
            return _partial[path]
    try:  # a GitPython Repo knows its common directory; a path asks git once
        common = Path(repo.common_dir) if hasattr(repo, "common_dir") else _common_dir(path)
    except GitCommandFailed:
        return False
    found = False
    with contextlib.suppress(OSError):
        found = bool(_PROMISOR_SETTING.search((common / "config").read_bytes()))
    stores = [common / "objects"]
    try:
        alternates = (common / "objects" / "info" / "alternates").read_text("utf-8", "replace")
        stores += [Path(line.strip()) for line in alternates.splitlines() if line.strip()]
    except OSError:
        pass
    for store in stores:
        if found:
            break
        try:
            found = any((store / "pack").glob("*.promisor"))
        except OSError:
            continue
    with _lock:
        _partial[path] = found
    return found


def known_missing_blobs(repo) -> frozenset[str]:
    """Every object reachable from HEAD and the refs that a partial clone lacks (empty for a
    repository that is not one), walked once per state of the refs and kept for the process:
    the history reader, SZZ and every blob reader share it."""
    if not is_partial_clone(repo):
        return frozenset()
    path = _repo_path(repo)
    try:
        refs = git.run(path, "for-each-ref", "--format=%(objectname) %(refname)").stdout
        head = git.run(path, "rev-parse", "--verify", "--quiet", "HEAD", check=False).stdout
    except GitCommandFailed:
        return frozenset()
    key = (path, hashlib.sha1(refs + head).hexdigest())
    with _walking:  # phases side by side (history, AI-code diffs) wait for one walk
        with _lock:
            if key in _known:
                return _known[key]
        revisions = ["--all", *(["HEAD"] if head.strip() else [])]
        found = frozenset(missing_blobs(path, revisions))
        with _lock:
            _known[key] = found
    return found


def without_missing(repo, ids: Iterable[str]) -> list[str]:
    """``ids`` less those a partial clone is known to lack (asking git for one costs a parse
    of every pack, see the module doc); every id of a complete repository is kept."""
    wanted = list(ids)
    if not wanted:
        return wanted
    missing = known_missing_blobs(repo)
    return [i for i in wanted if i not in missing] if missing else wanted


def missing_blobs(repo, revisions: Iterable[str]) -> set[str]:
    """Ids of the objects reachable from ``revisions`` that the object store lacks.

    Streamed, names left out: saleor's walk prints 303,079 objects (20 MB with names), of
    which only the ``?``-marked missing ones are kept."""
    found: set[str] = set()
    tail = b""
    args = ["rev-list", "--objects", "--no-object-names", "--missing=print", *revisions]
    try:
        for chunk in git.stream(repo, *args):
            lines = (tail + chunk).split(b"\n")
            tail = lines.pop()
            found.update(line[1:].decode("ascii", "replace") for line in lines if line[:1] == b"?")
    except GitCommandFailed:
        return set()
    if tail[:1] == b"?":
        found.add(tail[1:].decode("ascii", "replace").strip())
    return found


def paths_with_missing_blobs(
    repo, shas: list[str], missing: set[str] | frozenset[str], first_parent: bool = False
) -> dict[str, list[str]]:
    """``commit -> paths`` whose old or new blob is in ``missing``, for the listed commits."""
    if not shas or not missing:
        return {}
    args = [
        "log", "-z", "--raw", "--no-abbrev", "--no-renames", "--format=%x1e%H",
        "--no-walk=unsorted", "--stdin",
    ]  # fmt: skip
    if first_parent:
        args += ["--first-parent", "-m"]
    stdin = "".join(f"{sha}\n" for sha in shas).encode("ascii")
    found: dict[str, list[str]] = {}
    try:
        out = git.run(repo, *args, input_bytes=stdin, timeout=600).stdout
    except GitCommandFailed:
        return {}
    current = ""
    pending: tuple[str, str] | None = None  # (old blob, new blob) awaiting the path field
    for token in out.split(b"\0"):
        if token.startswith(b"\n"):
            token = token[1:]
        if token.startswith(b"\x1e"):
            current = token[1:].decode("ascii", "replace").strip()
            pending = None
            continue
        if pending is not None:
            path = token.decode("utf-8", "backslashreplace")
            if pending[0] in missing or pending[1] in missing:
                found.setdefault(current, []).append(path)
            pending = None
            continue
        if token.startswith(b":"):
            parts = token.decode("ascii", "replace").split()
            if len(parts) >= 5:
                pending = (parts[2], parts[3])
    return found


def absent_blobs(root, blobs: Iterable[str]) -> set[str]:
    """Which of the blob ids ``blobs`` the object store lacks (a partial clone, a damaged
    repository); the null id is never asked, nor is a partial clone (its missing blobs are
    known from one walk: :func:`known_missing_blobs`). Unlike :func:`missing_blobs`, which
    finds what revisions reach, this checks the ids it is given."""
    wanted = sorted({b for b in blobs if not _NULL_ID.match(b)})
    if not wanted:
        return set()
    if is_partial_clone(root):  # cat-file would die on a missing one, after a long check
        return set(wanted) & known_missing_blobs(root)
    stdin = "".join(f"{blob}\n" for blob in wanted).encode("ascii")
    out = git.run(root, "cat-file", "--batch-check", input_bytes=stdin, timeout=600).stdout
    missing = set()
    for line in out.decode("ascii", "replace").splitlines():
        name, _, kind = line.partition(" ")
        if kind.strip() == "missing":
            missing.add(name)
    return missing
