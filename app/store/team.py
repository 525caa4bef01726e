"""A repository's team profile in the store: what the team told the advice (size, cost,
rework, AI plans), kept so the GUI, the CLI and later runs reuse it. Only given fields are
stored; defaults are resolved afresh each time (analysis.decisions.resolve_team)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from analysis.decisions import TeamProfile, TeamProfileError
from app.store.database import StoreError, describe
from app.store.records import RepositoryRecord, TeamProfileRecord
from app.store.section import StoreSection


class TeamStore(StoreSection):
    def load(self, repository_path: str) -> TeamProfile:
        """The stored profile; an empty one (all defaults) when none or unreadable."""
        try:
            with self._sessions() as session:
                repository = session.scalar(
                    select(RepositoryRecord).where(RepositoryRecord.path == repository_path)
                )
                record = repository and session.get(TeamProfileRecord, repository.id)
                if not record:
                    return TeamProfile()
                return TeamProfile.from_dict(json.loads(record.profile))
        except (SQLAlchemyError, ValueError, TeamProfileError) as exc:
            raise StoreError(f"cannot read the team profile: {describe(exc)}") from exc

    def save(self, repository_path: str, profile: TeamProfile) -> None:
        problems = profile.problems()
        if problems:
            raise StoreError(f"team profile not saved: {problems[0]}")
        data = {k: v for k, v in profile.to_dict().items() if v is not None}
        try:
            with self._writes() as session, session.begin():
                repository = self._repository(session, repository_path)
                session.flush()
                record = session.get(TeamProfileRecord, repository.id)
                if record is None:
                    record = TeamProfileRecord(repository_id=repository.id)
                    session.add(record)
                record.profile = json.dumps(data)
                record.updated_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot save the team profile: {describe(exc)}") from exc
