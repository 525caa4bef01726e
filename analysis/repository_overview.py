"""A first look at a repository before it is assessed: is it usable, and how big is it?

What the assessment wizard shows beside each folder the user adds: the branch, the number of
commits (``git rev-list --count HEAD``, as git counts them), the files tracked at HEAD and their
size (``git ls-tree -r -l HEAD``: blob sizes, the bytes git stores for that commit). Three
read-only git calls through :mod:`analysis.git`; nothing in the repository is run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from analysis import git
from analysis.scan import PYTHON_SUFFIXES, open_repository


@dataclass(frozen=True)
class RepositoryOverview:
    #: the folder assessed: the repository's root (the git directory of a bare repository), or
    #: the sub-folder the user pointed at (analysis.scan.Repository.folder)
    path: str
    name: str
    branch: str | None  # None when HEAD is detached
    head: str
    scope: str  # the sub-folder the user pointed at ("" = the whole repository)
    commits: int  # commits reachable from HEAD
    files: int  # files tracked at HEAD (in the scope)
    python_files: int
    size_bytes: int  # sum of the tracked files' sizes at HEAD (in the scope)
    bare: bool = False
    notes: list[str] = field(default_factory=list)  # detached HEAD, shallow clone, bare

    def summary(self) -> str:
        """One line for the user: branch, commits, files, size."""
        branch = self.branch or f"detached HEAD at {self.head[:10]}"
        scope = f" · folder {self.scope}" if self.scope else ""
        return (
            f"{branch} · {self.commits:,} commit{'s' if self.commits != 1 else ''} · "
            f"{self.files:,} files ({self.python_files:,} Python) · "
            f"{size_text(self.size_bytes)}{scope}"
        )


def size_text(size: int) -> str:
    """Bytes in binary units, one decimal from KB: 980 B, 12.3 KB, 4.5 MB, 1.2 GB."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


def overview(path: str | os.PathLike[str]) -> RepositoryOverview:
    """The overview of the repository at ``path``.

    Raises the same :class:`~analysis.errors.AssessmentError` subclasses as
    :func:`analysis.scan.open_repository` (missing folder, not a repository, no commits), with
    a one-line reason for the user. Bare repositories are accepted (their history can be
    assessed, not their code), and say so in ``notes``.
    """
    repo = open_repository(path, allow_bare=True)
    commits = int(git.output(repo.root, "rev-list", "--count", "HEAD").strip() or 0)
    listing = git.run(repo.root, "ls-tree", "-r", "-l", "-z", "--full-tree", repo.head).stdout
    prefix = f"{repo.scope}/" if repo.scope else ""
    files = python = size = 0
    for record in listing.split(b"\0"):
        meta, _, raw_path = record.partition(b"\t")
        parts = meta.split()
        if len(parts) != 4 or parts[1] != b"blob":
            continue  # submodules (commit) and empty records
        name = raw_path.decode("utf-8", "backslashreplace")
        if prefix and not name.startswith(prefix):
            continue
        files += 1
        python += name.endswith(PYTHON_SUFFIXES)
        size += int(parts[3]) if parts[3].isdigit() else 0
    notes = list(repo.notes)
    if repo.bare:
        notes.append("bare repository: its history is assessed, not its code")
    return RepositoryOverview(
        path=repo.folder,
        name=f"{repo.name}/{repo.scope}" if repo.scope else repo.name,
        branch=repo.branch,
        head=repo.head,
        scope=repo.scope,
        commits=commits,
        files=files,
        python_files=python,
        size_bytes=size,
        bare=repo.bare,
        notes=notes,
    )
