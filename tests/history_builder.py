"""Build repositories with exactly known histories through ``git fast-import``.

Every commit says its author, date, files (full new content, or None to delete), renames,
parent and merge parent, so each history metric's expected figure can be derived by hand.
Test-only: runs plain git to *create* repositories.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from gitrepo import BASE_ENV, GitRepo

ALICE = "Alice Archer <alice@example.com>"
BOB = "Bob Baker <bob@example.com>"
CAROL = "Carol Cole <carol@example.com>"
DAN = "Dan Drake <dan@example.com>"
BOT = "dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>"

EPOCH = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)


def lines(count: int, tag: str = "line") -> str:
    """``count`` distinct lines (numstat counts each as one added line)."""
    return "".join(f"{tag} {i}\n" for i in range(count))


def day(n: float) -> int:
    """Unix time of 2024-01-01 12:00 UTC plus ``n`` days."""
    return int((EPOCH + timedelta(days=n)).timestamp())


def _quote(path: str) -> str:
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


class HistoryBuilder:
    def __init__(self, root: Path, branch: str = "main") -> None:
        self.root = root
        self.branch = f"refs/heads/{branch}"
        self.stream = bytearray()
        self.mark = 0
        self.tips: dict[str, int] = {}
        self.next_day = 0.0
        self.shas: dict[int, str] = {}  # mark -> commit id, after finish()

    def commit(
        self,
        files: dict[str, str | bytes | None] | None = None,
        *,
        author: str | bytes = ALICE,
        when: int | None = None,
        message: str | bytes = "change",
        renames: dict[str, str] | None = None,
        branch: str | None = None,
        parent: int | None = None,
        merge: int | None = None,
        committer_when: int | None = None,
        tz: str = "+0000",
    ) -> int:
        """Add a commit; returns its fast-import mark (usable as ``parent``/``merge``)."""
        ref = f"refs/heads/{branch}" if branch else self.branch
        if when is None:
            when = day(self.next_day)
            self.next_day += 1
        self.mark += 1
        mark = self.mark
        who = author if isinstance(author, bytes) else author.encode()
        body = message if isinstance(message, bytes) else message.encode()
        out = self.stream
        out += f"commit {ref}\nmark :{mark}\n".encode()
        out += b"author " + who + f" {when} {tz}\n".encode()
        out += b"committer " + who + f" {committer_when or when} {tz}\n".encode()
        out += b"data %d\n" % len(body) + body + b"\n"
        base = parent if parent is not None else self.tips.get(ref)
        if base is not None:
            out += f"from :{base}\n".encode()
        if merge is not None:
            out += f"merge :{merge}\n".encode()
        for old, new in (renames or {}).items():
            out += f"R {_quote(old)} {_quote(new)}\n".encode()
        for path, content in (files or {}).items():
            if content is None:
                out += f"D {_quote(path)}\n".encode()
                continue
            data = content if isinstance(content, bytes) else content.encode()
            out += f"M 100644 inline {_quote(path)}\n".encode()
            out += b"data %d\n" % len(data) + data + b"\n"
        out += b"\n"
        self.tips[ref] = mark
        return mark

    def finish(self, checkout: bool = True) -> GitRepo:
        """Run fast-import, check out the main branch, return the repository."""
        self.root.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **BASE_ENV}
        subprocess.run(
            ["git", "init", "-q", "-b", self.branch.removeprefix("refs/heads/")],
            cwd=self.root,
            env=env,
            check=True,
        )
        marks = self.root / ".git" / "fast-import-marks"
        done = subprocess.run(
            ["git", "fast-import", "--quiet", f"--export-marks={marks}"],
            cwd=self.root,
            env=env,
            input=bytes(self.stream) + b"done\n",
            capture_output=True,
        )
        if done.returncode != 0:
            raise RuntimeError(done.stderr.decode(errors="replace"))
        for entry in marks.read_text().splitlines():
            mark, sha = entry.split()
            self.shas[int(mark.lstrip(":"))] = sha
        marks.unlink()
        repo = GitRepo(self.root)
        if checkout:
            repo.git("checkout", "-q", "-f", self.branch.removeprefix("refs/heads/"))
        return repo
