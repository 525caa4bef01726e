"""The analysis cache (``analysis.cache.ResultCache``) kept in the assessment store."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import Engine, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from app.store.models import CacheEntry

_CHUNK = 500  # keys per IN (...) query: well under SQLite's variable limit


class StoreCache:
    """Reads and writes cache entries; a failing database degrades to "not cached"."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.errors: list[str] = []

    def get_many(self, namespace: str, keys: Iterable[str]) -> dict[str, bytes]:
        keys = list(keys)
        found: dict[str, bytes] = {}
        table = CacheEntry.__table__
        try:
            with self.engine.connect() as connection:
                for start in range(0, len(keys), _CHUNK):
                    chunk = keys[start : start + _CHUNK]
                    query = select(table.c.key, table.c.value).where(
                        table.c.namespace == namespace, table.c.key.in_(chunk)
                    )
                    found.update((key, value) for key, value in connection.execute(query))
        except SQLAlchemyError as exc:
            self.errors.append(f"cache read failed: {exc}")
        return found

    def put_many(self, namespace: str, items: Mapping[str, bytes]) -> None:
        if not items:
            return
        rows = [{"namespace": namespace, "key": k, "value": v} for k, v in items.items()]
        table = CacheEntry.__table__
        dialect = self.engine.dialect.name
        try:
            with self.engine.begin() as connection:
                if dialect in ("sqlite", "postgresql"):
                    insert = sqlite_insert if dialect == "sqlite" else pg_insert
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
        except SQLAlchemyError as exc:
            self.errors.append(f"cache write failed: {exc}")

    def clear(self, namespace: str | None = None) -> None:
        with self.engine.begin() as connection:
            statement = delete(CacheEntry.__table__)
            if namespace is not None:
                statement = statement.where(CacheEntry.__table__.c.namespace == namespace)
            connection.execute(statement)
