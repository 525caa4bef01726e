"""Which repository, which commit, which files: validation and the tracked-file listing.

Only files tracked by git are analyzed (``git ls-files``: what .gitignore excludes is never
tracked, build output and virtual environments stay out).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from analysis import git
from analysis.errors import (
    GitCommandFailed,
    NotAGitRepository,
    PathNotFound,
    RepositoryWithoutCommits,
)

PYTHON_SUFFIXES = (".py", ".pyw")

#: git index modes
MODE_SYMLINK = "120000"
MODE_SUBMODULE = "160000"


@dataclass(frozen=True)
class TrackedFile:
    """One entry of the index: repository-relative path (forward slashes), mode, blob id.

    ``path`` is always valid text (undecodable bytes of a non-UTF-8 file name are shown as
    ``\\xNN``); ``fs_path`` is the name the file system knows, for opening it.
    """

    path: str
    mode: str
    blob: str
    fs_path: str = ""

    @property
    def is_symlink(self) -> bool:
        return self.mode == MODE_SYMLINK

    @property
    def is_submodule(self) -> bool:
        return self.mode == MODE_SUBMODULE

    @property
    def is_python(self) -> bool:
        return self.path.endswith(PYTHON_SUFFIXES) and not self.is_submodule


@dataclass
class Repository:
    """A validated repository: its root, the commit analyzed and the part of it in scope."""

    root: Path
    head: str
    branch: str | None  # None when HEAD is detached
    scope: str = ""  # repository-relative folder the user pointed at, "" for the whole repo
    shallow: bool = False
    notes: list[str] = field(default_factory=list)
    bare: bool = False  # no working tree: ``root`` is the git directory; history only

    @property
    def name(self) -> str:
        name = self.root.name
        return name[:-4] if self.bare and name.endswith(".git") and len(name) > 4 else name

    @property
    def folder(self) -> str:
        """The folder assessed: the root, or the sub-folder in scope. The store keeps
        assessments, team answers and delivery data by it, so an assessment of a sub-folder and
        one of the whole repository have separate histories and are never compared."""
        return assessed_folder(str(self.root), self.scope)


def assessed_folder(root: str, scope: str) -> str:
    """``root`` joined with the repository-relative ``scope`` ("" = the root itself)."""
    return str(Path(root, *scope.split("/"))) if scope else root


def open_repository(path: str | os.PathLike[str], allow_bare: bool = False) -> Repository:
    """Validate ``path`` as a git working tree with at least one commit.

    Raises :class:`PathNotFound`, :class:`NotAGitRepository` or
    :class:`RepositoryWithoutCommits` with a one-line reason a user can act on. With
    ``allow_bare`` a bare repository is accepted (its history can be measured, not its code).
    """
    target = Path(path).expanduser()
    if not target.exists():
        raise PathNotFound(f"{target} does not exist")
    if not target.is_dir():
        raise NotAGitRepository(f"{target} is a file, not a folder with a git repository")
    target = target.resolve()
    try:
        lines = git.output(
            target,
            "rev-parse",
            "--is-bare-repository",
            "--is-inside-work-tree",
            "--is-shallow-repository",
        ).splitlines()
    except GitCommandFailed as exc:
        if "not a git repository" in str(exc).lower():
            raise NotAGitRepository(
                f"{target} is not a git repository (no .git found in it or above it)"
            ) from exc
        raise
    bare = bool(lines) and lines[0] == "true"
    if bare and not allow_bare:
        raise NotAGitRepository(
            f"{target} is a bare repository: it has no working tree to analyze; "
            "point at a clone with a working tree"
        )
    if bare:
        root = Path(git.output(target, "rev-parse", "--absolute-git-dir").strip()).resolve()
    elif len(lines) < 3 or lines[1] != "true":
        raise NotAGitRepository(f"{target} is inside a .git folder, not a working tree")
    else:
        root = Path(git.output(target, "rev-parse", "--show-toplevel").strip()).resolve()
    shallow = len(lines) > 2 and lines[2] == "true"
    done = git.run(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False)
    if done.returncode != 0:
        raise RepositoryWithoutCommits(_no_commits(root))
    head = done.stdout.decode().strip()
    branch_run = git.run(root, "symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    branch = branch_run.stdout.decode("utf-8", "replace").strip() or None
    scope = "" if bare or target == root else target.relative_to(root).as_posix()
    repo = Repository(root=root, head=head, branch=branch, scope=scope, shallow=shallow, bare=bare)
    if branch is None:
        repo.notes.append(f"HEAD is detached at {head[:12]}")
    if shallow:
        repo.notes.append("shallow clone: history before the graft point is not available")
    return repo


def _no_commits(root: Path) -> str:
    """Why HEAD has no commit: it names an object the store lacks (a damaged or partial
    clone) or one that is not a commit, an empty repository, or an unborn (orphan) branch.
    ``rev-parse --verify HEAD`` resolves the ref without reading the object; ``cat-file -t``
    reads it (git-rev-parse(1), git-cat-file(1))."""
    named = git.run(root, "rev-parse", "--verify", "--quiet", "HEAD", check=False)
    sha = named.stdout.decode("ascii", "replace").strip() if named.returncode == 0 else ""
    if sha:
        kind = git.run(root, "cat-file", "-t", sha, check=False)
        if kind.returncode != 0:
            return (
                f"{root}: HEAD names commit {sha}, which is missing from the object store "
                "(a damaged or incomplete clone; git fsck says more)"
            )
        found = kind.stdout.decode("ascii", "replace").strip()
        return f"{root}: HEAD names {sha}, which is a {found}, not a commit"
    head = git.run(root, "symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    others = git.run(root, "for-each-ref", "--count=3", "--format=%(refname:short)", "refs/heads")
    names = others.stdout.decode("utf-8", "replace").split()
    if names:
        branch = head.stdout.decode("utf-8", "replace").strip() or "HEAD"
        return (
            f"{root}: the checked-out branch {branch} has no commits yet (an unborn branch); "
            f"check out a branch with commits, e.g. {names[0]}"
        )
    return f"{root} has no commits yet: commit something first"


def tracked_files(repo: Repository) -> list[TrackedFile]:
    """Files in the index (stage 0 or the first conflict stage), limited to the scope.

    A bare repository has no index: its files are those of the HEAD commit.
    """
    if repo.bare:
        data = git.run(repo.root, "ls-tree", "-r", "-z", "--full-tree", repo.head).stdout
        return [
            TrackedFile(path=raw.decode("utf-8", "backslashreplace"), mode=mode, blob=blob)
            for meta, _, raw in (r.partition(b"\t") for r in data.split(b"\0") if r)
            for mode, _kind, blob in [meta.decode("ascii").split(" ")]
        ]
    args = ["ls-files", "--stage", "-z"]
    if repo.scope:
        args += ["--", f":(top,literal){repo.scope}"]
    data = git.run(repo.root, *args).stdout
    seen: set[str] = set()
    files: list[TrackedFile] = []
    for record in data.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, blob, _stage = meta.decode("ascii").split(" ")
        path = raw_path.decode("utf-8", "backslashreplace")
        if path in seen:
            continue
        seen.add(path)
        files.append(TrackedFile(path=path, mode=mode, blob=blob, fs_path=os.fsdecode(raw_path)))
    return files


def absolute_path(repo: Repository, tracked: TrackedFile) -> str:
    """Where a tracked file lives in the working tree."""
    return os.path.join(repo.root, *PurePosixPath(tracked.fs_path or tracked.path).parts)
