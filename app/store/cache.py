"""The analysis cache (``analysis.cache.ResultCache``) kept in the assessment store.

Each value is stored framed with its CRC-32 (``MAGIC``, 4 bytes of ``zlib.crc32``, the bytes):
SQLite's own checks see the structure of the file, not the bytes inside a row, so a row whose
bytes were damaged passes ``PRAGMA integrity_check`` and would reach the analysis as garbage.
A row whose checksum does not match is dropped (deleted) and reported as missing, so the
analysis recomputes it; :attr:`StoreCache.dropped` counts them and :func:`cache_findings` turns
the count into a warning of the report. A row written before the framing is a miss and is
rewritten with its checksum.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Mapping

from sqlalchemy import Engine, delete, select, tuple_
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from analysis.assessment import Assessment
from analysis.cache import ResultCache
from analysis.findings import Finding
from analysis.reuse import forget
from app.store.database import describe, retrying, writer
from app.store.records import CacheEntry

_CHUNK = 500  # keys per IN (...) query: well under SQLite's variable limit
MAGIC = b"\x00RAc1"  # never the first bytes of the JSON or zlib values the analysis stores
_CRC = struct.Struct(">I")
CACHE_DAMAGE = "store_cache"  # the code of the report warning


def frame(value: bytes) -> bytes:
    """The stored form of a cache value: marker, CRC-32, the value."""
    return MAGIC + _CRC.pack(zlib.crc32(value)) + value


def unframe(stored: bytes) -> bytes | None:
    """The value of a stored row; None when it is not framed (an older row) or its checksum
    does not match; raises ``ValueError`` for the latter (a damaged row)."""
    if not isinstance(stored, bytes | bytearray | memoryview):
        raise ValueError("not bytes")
    stored = bytes(stored)
    if not stored.startswith(MAGIC):
        if stored.startswith(MAGIC[:1]):
            raise ValueError("damaged marker")
        return None
    head = len(MAGIC) + _CRC.size
    if len(stored) < head:
        raise ValueError("truncated")
    (crc,) = _CRC.unpack_from(stored, len(MAGIC))
    value = stored[head:]
    if zlib.crc32(value) != crc:
        raise ValueError("checksum mismatch")
    return value


class StoreCache:
    """Reads and writes cache entries; a failing database degrades to "not cached"."""

    def __init__(self, engine: Engine, writable: bool = True) -> None:
        self.engine = engine
        self.writable = writable  # False on a damaged database: nothing is written
        self.errors: list[str] = []
        self.dropped = 0  # damaged rows dropped (and so recomputed) since this store opened

    def get_many(self, namespace: str, keys: Iterable[str]) -> dict[str, bytes]:
        keys = list(keys)
        found: dict[str, bytes] = {}
        damaged: list[str] = []
        table = CacheEntry.__table__
        try:
            with self.engine.connect() as connection:
                for start in range(0, len(keys), _CHUNK):
                    chunk = keys[start : start + _CHUNK]
                    query = select(table.c.key, table.c.value).where(
                        table.c.namespace == namespace, table.c.key.in_(chunk)
                    )
                    for key, stored in connection.execute(query):
                        try:
                            value = unframe(stored)
                        except ValueError:
                            damaged.append(key)
                            continue
                        if value is not None:
                            found[key] = value
        except SQLAlchemyError as exc:
            self.errors.append(f"cache read failed: {describe(exc)}")
        if damaged:
            self.dropped += len(damaged)
            self._drop(namespace, damaged)
        return found

    def _drop(self, namespace: str, keys: list[str]) -> None:
        if not self.writable:
            return
        table = CacheEntry.__table__

        def drop() -> None:
            with writer(self.engine).begin() as connection:
                connection.execute(
                    delete(table).where(
                        tuple_(table.c.namespace, table.c.key).in_([(namespace, k) for k in keys])
                    )
                )

        try:
            retrying(drop)
        except SQLAlchemyError as exc:
            self.errors.append(f"cache drop failed: {describe(exc)}")

    def put_many(self, namespace: str, items: Mapping[str, bytes]) -> None:
        if not items or not self.writable:
            return
        rows = [{"namespace": namespace, "key": k, "value": frame(v)} for k, v in items.items()]
        table = CacheEntry.__table__
        dialect = self.engine.dialect.name

        def put() -> None:
            with writer(self.engine).begin() as connection:
                if dialect in ("sqlite", "postgresql"):
                    insert = sqlite_insert if dialect == "sqlite" else _pg_insert()
                    statement = insert(table)
                    statement = statement.on_conflict_do_update(
                        index_elements=[table.c.namespace, table.c.key],
                        set_={"value": statement.excluded.value},
                    )
                    connection.execute(statement, rows)
                else:  # portable fallback: replace
                    connection.execute(
                        delete(table).where(
                            table.c.namespace == namespace, table.c.key.in_(list(items))
                        )
                    )
                    connection.execute(table.insert(), rows)

        try:
            retrying(put)
        except SQLAlchemyError as exc:
            self.errors.append(f"cache write failed: {describe(exc)}")

    def clear(self, namespace: str | None = None) -> None:
        with writer(self.engine).begin() as connection:
            statement = delete(CacheEntry.__table__)
            if namespace is not None:
                statement = statement.where(CacheEntry.__table__.c.namespace == namespace)
            connection.execute(statement)


def cache_findings(cache: ResultCache) -> list[Finding]:
    """The report warnings of the cache during a run: damaged rows dropped, and reads or writes
    that failed (the figures are computed afresh and correct either way; a failed write only
    means the next run is not faster). Empty if neither happened, or if the run used no store
    (``NoCache``)."""
    if not isinstance(cache, StoreCache):
        return []
    found = []
    dropped = cache.dropped
    if dropped:
        rows = "row was" if dropped == 1 else "rows were"
        found.append(
            Finding(
                CACHE_DAMAGE,
                f"{dropped} damaged cache {rows} dropped and recomputed (checksum mismatch)",
            )
        )
    errors = list(dict.fromkeys(cache.errors))
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        found.append(
            Finding(
                CACHE_DAMAGE,
                f"the result cache failed, figures computed afresh: {errors[0]}{more}",
            )
        )
    return found


def _pg_insert():
    """PostgreSQL's ``insert``, imported only where it is used: the dialect's import costs
    ~50 ms of every start-up (``python -X importtime``) on the SQLite the desktop uses."""
    from sqlalchemy.dialects.postgresql import insert

    return insert


def note_cache_damage(result: Assessment, cache: ResultCache) -> None:
    """Add :func:`cache_findings` to the assessment's warnings (before it is shown or saved)
    and start the counts again for the next run."""
    found = cache_findings(cache)
    if found:
        result.repository.warnings.extend(found)
        forget(result)  # its report changed: a kept one is no longer it
    if isinstance(cache, StoreCache):
        cache.dropped = 0
        cache.errors = []
