"""The DORA phase's own commit reader: what the history phase did not already read.

DORA needs every commit reachable from any branch, remote-tracking branch, tag or HEAD, because
deployments can name commits off the default branch (release branches, backports). The history
phase reads (and caches) the checked-out branch with line counts; the DORA phase takes those
records and reads here, in one streamed ``git log`` without line counts, only the commits the
other refs add (``--not <history tips>``). When the history phase is off, path-limited or
first-parent, this reads every ref's commits itself.

To keep memory proportional to the history's size rather than its messages, a body keeps only
the lines DORA reads: "This reverts commit <sha>", cherry-pick trailers, and the lines that can
name a fixed change (``Fixes``, ``Refs``, ``#N``, "regression", "follow-up").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from analysis import git
from analysis.dora.records import CommitRecord
from analysis.progress import (
    CancelCheck,
    Progress,
    ProgressCallback,
    check_cancel,
    never_cancel,
    no_progress,
)

#: Fixed fields on their own lines, the raw message last; ``-z`` ends each commit with NUL, a
#: byte a commit message cannot hold, so a message can never forge a record.
LOG_FORMAT = "%H%n%P%n%aI%n%cI%n%B"
REVISIONS = ("--branches", "--remotes", "--tags", "HEAD")
#: Body lines the DORA engine reads (reverts, cherry-picks, references to fixed changes).
_KEPT_LINE = re.compile(r"(?i)revert|cherry.picked|fix|refs?\b|#\d|regress|follow")


@dataclass
class CommitLog:
    commits: list[CommitRecord] = field(default_factory=list)
    unreadable: int = 0  # records whose dates git printed in a form we could not parse


def split_message(message: str) -> tuple[str, str]:
    """``(subject, body)`` as git defines them: the first paragraph joined into one line."""
    text = message.strip("\n")
    first, _, rest = text.partition("\n\n")
    subject = " ".join(line.strip() for line in first.splitlines())
    return subject, rest.strip("\n")


def parse_record(raw: bytes) -> CommitRecord | None:
    """One ``LOG_FORMAT`` record, or None when it is malformed."""
    parts = raw.split(b"\n", 4)
    if len(parts) < 4:
        return None
    sha, parents, author, committer = (p.decode("ascii", "replace").strip() for p in parts[:4])
    if len(sha) not in (40, 64):
        return None
    try:
        author_time = datetime.fromisoformat(author)
        committer_time = datetime.fromisoformat(committer)
    except ValueError:
        return None
    message = parts[4].decode("utf-8", "replace") if len(parts) > 4 else ""
    subject, body = split_message(message)
    body = "\n".join(line for line in body.splitlines() if _KEPT_LINE.search(line))
    return CommitRecord(
        sha=sha,
        parents=tuple(parents.split()),
        author_time=author_time,
        committer_time=committer_time,
        subject=subject,
        body=body,
    )


def read_commits(
    root: Path | str,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck = never_cancel,
    exclude_tips: tuple[str, ...] = (),
) -> CommitLog:
    """Every commit reachable from a branch, remote-tracking branch, tag or HEAD, except those
    reachable from ``exclude_tips`` (already read by the history phase)."""
    log = CommitLog()
    pending = b""
    revisions = (*REVISIONS, *(("--not", *exclude_tips) if exclude_tips else ()))
    stream = git.stream(root, "log", "-z", f"--format={LOG_FORMAT}", *revisions, "--")
    try:
        for chunk in stream:
            records = (pending + chunk).split(b"\0")
            pending = records.pop()
            for raw in records:
                _add(log, raw)
            if len(log.commits) % 5000 < len(records):
                check_cancel(cancel)
                progress(Progress("dora", 0, 0, f"reading history: {len(log.commits)} commits"))
    finally:
        stream.close()
    if pending.strip():
        _add(log, pending)
    return log


def _add(log: CommitLog, raw: bytes) -> None:
    raw = raw.lstrip(b"\n")
    if not raw:
        return
    record = parse_record(raw)
    if record is None:
        log.unreadable += 1
    else:
        log.commits.append(record)
