"""Build real git repositories in tests: fixed authors and dates, so figures are derivable.

Test-only: runs plain git (not the product's hardened module) to *create* repositories.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

FIRST_DAY = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)

BASE_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
    "LC_ALL": "C",
}


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    full_env = {**os.environ, **BASE_ENV, **(env or {})}
    for key in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        full_env.pop(key, None)
    done = subprocess.run(["git", *args], cwd=cwd, env=full_env, capture_output=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {done.stderr.decode(errors='replace')}")
    return done.stdout.decode("utf-8", "replace")


class GitRepo:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._tick = 0

    @classmethod
    def init(cls, root: Path, branch: str = "main") -> GitRepo:
        root.mkdir(parents=True, exist_ok=True)
        git(root, "init", "-q", "-b", branch)
        return cls(root)

    def write(self, path: str, content: str | bytes) -> Path:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
        return target

    def commit(
        self,
        message: str = "change",
        author: str = "Ada Lovelace <ada@example.com>",
        date: str | None = None,
        add_all: bool = True,
    ) -> str:
        if add_all:
            git(self.root, "add", "-A")
        self._tick += 1
        # one day per commit from 2024-01-01 (past the 31st into February and on)
        date = date or (FIRST_DAY + timedelta(days=self._tick - 1)).isoformat()
        name, _, email = author.partition(" <")
        env = {
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email.rstrip(">"),
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email.rstrip(">"),
            "GIT_COMMITTER_DATE": date,
        }
        git(self.root, "commit", "-q", "--no-verify", "--allow-empty", "-m", message, env=env)
        return self.head()

    def head(self) -> str:
        return git(self.root, "rev-parse", "HEAD").strip()

    def git(self, *args: str) -> str:
        return git(self.root, *args)
