"""A result cache the engine reads and writes without knowing where it lives.

The engine sees only this protocol; the application backs it with the assessment store
(``app.store.StoreCache``), tests with :class:`MemoryCache`, and ``--no-save`` runs with
:class:`NoCache`. Keys are strings chosen by the phase (e.g. a git blob id plus the analyzer
version and settings), values are bytes. Entries are content-addressed, so they never go stale:
a changed file has a new blob id, a changed analyzer a new version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Protocol


class ResultCache(Protocol):
    def get_many(self, namespace: str, keys: Iterable[str]) -> dict[str, bytes]:
        """The cached values of those keys that are present."""

    def put_many(self, namespace: str, items: Mapping[str, bytes]) -> None:
        """Store (or replace) values."""


class NoCache:
    """Caches nothing: every run computes everything."""

    def get_many(self, namespace: str, keys: Iterable[str]) -> dict[str, bytes]:
        return {}

    def put_many(self, namespace: str, items: Mapping[str, bytes]) -> None:
        return None


class MemoryCache:
    """A cache in a dict, for tests and single-process use."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], bytes] = {}
        self.reads = 0
        self.writes = 0

    def get_many(self, namespace: str, keys: Iterable[str]) -> dict[str, bytes]:
        found = {}
        for key in keys:
            value = self.entries.get((namespace, key))
            if value is not None:
                found[key] = value
        self.reads += len(found)
        return found

    def put_many(self, namespace: str, items: Mapping[str, bytes]) -> None:
        for key, value in items.items():
            self.entries[(namespace, key)] = value
        self.writes += len(items)


def git_blob_id(data: bytes) -> str:
    """The id git gives these bytes as a blob: SHA-1 of ``b"blob <size>\\0" + data``."""
    digest = hashlib.sha1(b"blob %d\0" % len(data), usedforsecurity=False)
    digest.update(data)
    return digest.hexdigest()
