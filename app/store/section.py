"""What the store's sections (delivery inputs, team profiles) share: their sessions, the write
lock, and the repository row they hang from."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.database import StoreDamaged, retrying
from app.store.records import RepositoryRecord


class StoreSection:
    """``sessions`` read; ``writes`` open sessions whose transactions take the write lock
    (``BEGIN IMMEDIATE``); ``repository(session, path)`` finds or creates a repository row."""

    def __init__(
        self,
        sessions: Callable[[], Session],
        repository,
        writes: Callable[[], Session] | None = None,
    ) -> None:
        self._sessions = sessions
        self._writes = writes or sessions
        self._repository = repository

    def _find(self, session: Session, path: str) -> RepositoryRecord | None:
        return session.scalar(select(RepositoryRecord).where(RepositoryRecord.path == path))


def write_transaction(writes: Callable[[], Session], damaged: str | None, action):
    """Run ``action(session)`` in one write transaction (the write lock taken when it begins)
    under the store's retry policy; a damaged store writes nothing (:class:`StoreDamaged`).
    Database errors propagate for the caller to word."""
    if damaged:
        raise StoreDamaged(damaged)

    def attempt():
        with writes() as session, session.begin():
            return action(session)

    return retrying(attempt)
