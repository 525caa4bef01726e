"""Which history the phase reads: branch tips, shallow graft points, the files at the tip.

Everything here is a handful of cheap git calls made before the one long ``git log`` pass; the
answers also make the cache fingerprint (a deepened clone or an edited ``.mailmap`` changes how
old commits read, so their cached form is not reused).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from analysis import git
from analysis.cache import git_blob_id
from analysis.errors import GitCommandFailed
from analysis.history.options import HistoryOptions
from analysis.scan import MODE_SUBMODULE, Repository


@dataclass(frozen=True)
class TreeEntry:
    mode: str
    blob: str


@dataclass
class HistorySource:
    """The validated inputs of one history read."""

    root: Path
    bare: bool
    scope: str
    ref_label: str  # "main", "HEAD (detached at 1a2b3c4d5e)", "all branches and tags"
    tips: tuple[str, ...]  # commit shas the walk starts from, sorted
    tree_tip: str  # the commit whose tree says which files exist now
    boundary: frozenset[str] = frozenset()  # shallow clone graft points
    shallow_since: int | None = None  # oldest committer time among the graft points
    mailmap: str = ""
    findings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def state(self) -> str:
        """One id for the set of tips (the tip itself for a single branch)."""
        if len(self.tips) == 1:
            return self.tips[0]
        return hashlib.sha1(" ".join(self.tips).encode(), usedforsecurity=False).hexdigest()

    def fingerprint(self, options: HistoryOptions, parser_version: int | str) -> str:
        """What decides how commits read: mode, renames, scope, mailmap, shallow grafts."""
        parts = [
            str(parser_version),
            options.mode,
            "renames" if options.follow_renames else "no-renames",
            self.scope,
            self.mailmap,
            " ".join(sorted(self.boundary)),
        ]
        return hashlib.sha1("\0".join(parts).encode(), usedforsecurity=False).hexdigest()[:20]

    def repository_key(self, options: HistoryOptions) -> str:
        """Which earlier read a re-assessment continues from: this repository and ref."""
        where = os.path.normcase(str(self.root))
        return hashlib.sha1(
            f"{where}\0{options.mode}\0{self.ref_label}".encode(), usedforsecurity=False
        ).hexdigest()[:20]


def _verify(root: Path, revision: str) -> str | None:
    done = git.run(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", check=False)
    sha = done.stdout.decode("ascii", "replace").strip()
    return sha if done.returncode == 0 and sha else None


def _tips(repo: Repository, options: HistoryOptions, findings: list) -> tuple[str, tuple, str]:
    """(label, tips, tree tip) for the options' mode and branch."""
    if options.mode == "all":
        out = git.output(
            repo.root,
            "for-each-ref",
            "--format=%(objectname) %(objecttype) %(*objectname) %(*objecttype)",
            "refs/heads",
            "refs/remotes",
            "refs/tags",
        )
        tips = {repo.head}
        for line in out.splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[1] == "commit":
                tips.add(parts[0])
            elif len(parts) == 4 and parts[1] == "tag" and parts[3] == "commit":
                tips.add(parts[2])  # an annotated tag, peeled to its commit
        return "all branches and tags", tuple(sorted(tips)), repo.head
    if options.branch:
        name = options.branch
        sha = None
        if not name.startswith("-"):
            sha = _verify(repo.root, f"refs/heads/{name}") or _verify(repo.root, name)
        if sha is not None:
            return name, (sha,), sha
        findings.append(
            (
                "history_branch",
                f"branch {name!r} was not found; the history of the checked-out "
                f"{repo.branch or 'commit'} was analysed instead",
            )
        )
    label = repo.branch or f"HEAD (detached at {repo.head[:10]})"
    return label, (repo.head,), repo.head


def _shallow(root: Path) -> tuple[frozenset[str], int | None]:
    relative = git.output(root, "rev-parse", "--git-path", "shallow").strip()
    path = Path(relative) if os.path.isabs(relative) else root / relative
    try:
        shas = frozenset(path.read_text(encoding="ascii", errors="replace").split())
    except OSError:
        return frozenset(), None
    if not shas:
        return shas, None
    stdin = "".join(f"{sha}\n" for sha in sorted(shas)).encode("ascii")
    done = git.run(
        root,
        "log",
        "--no-walk=unsorted",
        "--stdin",
        "--format=%ct",
        input_bytes=stdin,
        check=False,
    )
    times = [int(t) for t in done.stdout.decode("ascii", "replace").split() if t.isdigit()]
    return shas, (min(times) if times else None)


def _mailmap(repo: Repository, bare: bool) -> str:
    """The .mailmap files git applies (see :data:`analysis.git.HARDENING`), as blob ids.

    A work tree's .mailmap first (git does not follow it if it is a symlink, nor do we), then
    the one committed at HEAD; "" when there is neither.
    """
    parts = []
    if not bare:
        path = repo.root / ".mailmap"
        try:
            if not path.is_symlink():
                parts.append(git_blob_id(path.read_bytes()))
        except OSError:
            pass
    done = git.run(repo.root, "rev-parse", "--verify", "--quiet", "HEAD:.mailmap", check=False)
    committed = done.stdout.decode("ascii", "replace").strip()
    if committed:
        parts.append(committed)
    return " ".join(parts)


def resolve_source(repo: Repository, options: HistoryOptions) -> HistorySource:
    """Tips, shallow state and mailmap of ``repo`` for ``options`` (a few cheap git calls)."""
    findings: list[tuple[str, str]] = []
    bare = bool(getattr(repo, "bare", False))
    label, tips, tree_tip = _tips(repo, options, findings)
    boundary, since = _shallow(repo.root)
    if boundary:
        when = (
            datetime.fromtimestamp(since, UTC).strftime("%Y-%m-%d") if since else "an unknown date"
        )
        findings.append(
            (
                "history_shallow",
                f"shallow clone: history is truncated at {when}; commits before it are not "
                "available, so ages, first authors and knowledge figures cover only the "
                "history since then (fetch the full history with 'git fetch --unshallow')",
            )
        )
    return HistorySource(
        root=repo.root,
        bare=bare,
        scope=repo.scope,
        ref_label=label,
        tips=tuple(sorted(tips)),
        tree_tip=tree_tip,
        boundary=boundary,
        shallow_since=since,
        mailmap=_mailmap(repo, bare),
        findings=findings,
    )


def tip_tree(source: HistorySource) -> dict[str, TreeEntry]:
    """Files in the tip commit's tree (within the scope): path -> mode and blob id."""
    args = ["ls-tree", "-r", "-z", "--full-tree", source.tree_tip]
    if source.scope:
        args += ["--", source.scope]
    try:
        data = git.run(source.root, *args).stdout
    except GitCommandFailed:
        return {}
    entries: dict[str, TreeEntry] = {}
    for record in data.split(b"\0"):
        meta, _, raw_path = record.partition(b"\t")
        if not raw_path:
            continue
        mode, _kind, blob = meta.decode("ascii", "replace").split(" ")
        entries[raw_path.decode("utf-8", "backslashreplace")] = TreeEntry(mode, blob)
    return entries


def submodules(tree: dict[str, TreeEntry]) -> list[str]:
    return sorted(path for path, entry in tree.items() if entry.mode == MODE_SUBMODULE)
