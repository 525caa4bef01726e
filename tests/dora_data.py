"""Builders for DORA tests: commit chains in memory, CSV logs on disk, tags in real repositories.

Test-only. Every figure a test expects is derived by hand from what these build.
"""

from __future__ import annotations

import csv
import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from analysis.dora.records import CommitRecord

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def chain(author_times: list[datetime], prefix: str = "c") -> list[CommitRecord]:
    """A linear history, oldest first; commit i's sha is ``sha_of(f"{prefix}{i}")``."""
    commits = []
    parent: tuple[str, ...] = ()
    for i, when in enumerate(author_times):
        sha = sha_of(f"{prefix}{i}")
        commits.append(CommitRecord(sha, parent, when, when, f"change {i}"))
        parent = (sha,)
    return commits


def sha_of(label: str) -> str:
    """A made-up but well-formed commit id."""
    return hashlib.sha1(label.encode(), usedforsecurity=False).hexdigest()


def write_csv(
    path: Path, header: list[str], rows: list[list[str]], encoding="utf-8", delimiter=","
) -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def iso(moment: datetime) -> str:
    return moment.isoformat()


def tag(repo, name: str, sha: str, date: str | None = None) -> None:
    """Lightweight tag, or annotated (tagger date ``date``) when a date is given."""
    if date is None:
        repo.git("tag", name, sha)
        return
    from gitrepo import git

    env = {
        "GIT_COMMITTER_NAME": "Rel Eng",
        "GIT_COMMITTER_EMAIL": "rel@example.com",
        "GIT_COMMITTER_DATE": date,
    }
    git(repo.root, "tag", "-a", name, "-m", f"release {name}", sha, env=env)


def days(n: float) -> timedelta:
    return timedelta(days=n)
