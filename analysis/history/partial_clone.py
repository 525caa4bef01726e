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
"""

from __future__ import annotations

from collections.abc import Iterable

from analysis import git
from analysis.errors import GitCommandFailed

#: When more files than this have missing contents, the clone is blob-less in practice
#: (``--filter=blob:none``: every old version of every file is missing) and leaving them out of
#: the diff one by one would cost more than it saves: the reader lists files without counts for
#: the rest of history. A size-limited clone misses a few large files (netbox 2, saleor 1).
MAX_EXCLUDED_PATHS = 200


def missing_blobs(repo, revisions: Iterable[str]) -> set[str]:
    """Ids of the objects reachable from ``revisions`` that the object store lacks."""
    try:
        out = git.run(
            repo, "rev-list", "--objects", "--missing=print", *revisions, timeout=600
        ).stdout
    except GitCommandFailed:
        return set()
    return {
        line[1:].decode("ascii", "replace").strip()
        for line in out.splitlines()
        if line.startswith(b"?")
    }


def paths_with_missing_blobs(
    repo, shas: list[str], missing: set[str], first_parent: bool = False
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
