"""Parsed history kept in the result cache, so a re-assessment reads only new commits.

Layout in the ``history`` namespace of :class:`analysis.cache.ResultCache` (key -> bytes):

* ``chunk:<fingerprint>:<state>`` - the commits new in ``state`` (a tip sha, or a hash of several
  tips) relative to its ``base`` state, and the base's key: a chain of increments. After
  :data:`MAX_DEPTH` links the whole history is written as one chunk again, so a load reads a
  bounded number of entries. Entries are content-addressed by tip sha, so they never go stale.
* ``last:<fingerprint>:<repository key>`` - the state this repository and ref had last time,
  and its tips: where the next read continues from.
* ``result:<...>`` - the finished figures for a state and settings (a warm run with no new
  commit reads only this).

``<fingerprint>`` covers everything that changes how commits read (see
:meth:`~analysis.history.source.HistorySource.fingerprint`). Values are zlib-compressed JSON;
the commits are :class:`~analysis.history.commits.Commit` tuples as arrays.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from analysis.cache import ResultCache
from analysis.history.commits import Commit, FileChange

NAMESPACE = "history"
MAX_DEPTH = 12


def pack(value: Any) -> bytes:
    return zlib.compress(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode(), 1)


def unpack(data: bytes) -> Any:
    return json.loads(zlib.decompress(data))


def encode_commits(commits: list[Commit]) -> list:
    return [list(commit) for commit in commits]


def decode_commits(rows: list) -> list[Commit]:
    return [Commit(*_commit_fields(row)) for row in rows]


def _commit_fields(row: list[Any]) -> list[Any]:
    """A stored array back to :class:`Commit` fields (its parents and changes as tuples)."""
    change = FileChange
    return [row[0], tuple(row[1]), *row[2:11], tuple([change(*c) for c in row[11]]), *row[12:]]


class CommitCache:
    """Chunks of parsed commits for one fingerprint (see the module doc)."""

    def __init__(self, cache: ResultCache, fingerprint: str) -> None:
        self.cache = cache
        self.fingerprint = fingerprint

    def _get(self, key: str) -> Any | None:
        data = self.cache.get_many(NAMESPACE, [key]).get(key)
        if data is None:
            return None
        try:
            return unpack(data)
        except (zlib.error, ValueError, TypeError):
            return None

    def _put(self, key: str, value: Any) -> None:
        self.cache.put_many(NAMESPACE, {key: pack(value)})

    def load(self, state: str) -> tuple[list[Commit], int] | None:
        """All commits of ``state``, newest first, and its chain depth; None if not cached."""
        rows: list = []
        depth = 0
        key: str | None = state
        seen: set[str] = set()
        while key is not None:
            if key in seen:
                return None
            seen.add(key)
            chunk = self._get(f"chunk:{self.fingerprint}:{key}")
            if not isinstance(chunk, dict):
                return None
            rows.extend(chunk.get("commits", []))
            key = chunk.get("base")
            depth += 1
        try:
            return decode_commits(rows), depth
        except (TypeError, IndexError):
            return None

    def save(
        self,
        state: str,
        new: list[Commit],
        base: str | None,
        base_depth: int,
        everything: list[Commit],
    ) -> None:
        """Store ``state`` as an increment on ``base``, or whole when the chain is long."""
        if base is None or base_depth + 1 > MAX_DEPTH:
            value: dict[str, object] = {"base": None, "commits": encode_commits(everything)}
        else:
            value = {"base": base, "commits": encode_commits(new)}
        self._put(f"chunk:{self.fingerprint}:{state}", value)

    def last(self, repository: str) -> dict | None:
        found = self._get(f"last:{self.fingerprint}:{repository}")
        return found if isinstance(found, dict) else None

    def remember(self, repository: str, state: str, tips: tuple[str, ...]) -> None:
        value = {"state": state, "tips": list(tips)}
        if self.last(repository) != value:  # a warm run writes nothing
            self._put(f"last:{self.fingerprint}:{repository}", value)

    def result(self, key: str) -> dict | None:
        found = self._get(f"result:{key}")
        return found if isinstance(found, dict) else None

    def keep_result(self, key: str, value: dict) -> None:
        self._put(f"result:{key}", value)
