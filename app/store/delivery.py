"""A repository's DORA inputs in the store: imported logs, choices, Quick Check answers.

Imported logs are kept with the repository so that later assessments (GUI or CLI) reuse them;
importing a log of the same kind again replaces it. Times are stored as naive UTC, like the
rest of the store.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import overload

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from analysis.dora.delivery_log import (
    DEPLOYMENTS,
    INCIDENTS,
    DeploymentRecord,
    ImportedLog,
    IncidentRecord,
)
from analysis.dora.quick_check import QuickCheckAnswers
from analysis.dora.settings import DoraInputs, DoraSettings
from app.store.database import StoreError, describe
from app.store.records import (
    DeliveryLogRecord,
    DeploymentLogRow,
    DoraPreferencesRecord,
    IncidentLogRow,
)
from app.store.section import StoreSection


@overload
def _naive(moment: datetime) -> datetime: ...
@overload
def _naive(moment: None) -> None: ...
def _naive(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC).replace(tzinfo=None)


@overload
def _aware(moment: datetime) -> datetime: ...
@overload
def _aware(moment: None) -> None: ...
def _aware(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=UTC)


def _deployment_row(log_id: int, r: DeploymentRecord) -> dict:
    return {
        "log_id": log_id,
        "line": r.line,
        "deployed_at": _naive(r.deployed_at),
        "ref": r.ref,
        "environment": r.environment,
        "status": r.status,
        "service": r.service,
        "deployment_id": r.deployment_id,
    }


def _incident_row(log_id: int, r: IncidentRecord) -> dict:
    return {
        "log_id": log_id,
        "line": r.line,
        "opened_at": _naive(r.opened_at),
        "resolved_at": _naive(r.resolved_at),
        "ref": r.ref,
        "deployment_id": r.deployment_id,
        "severity": r.severity,
        "incident_id": r.incident_id,
    }


#: Log rows written per INSERT batch.
SAVE_BATCH = 10_000


class DeliveryStore(StoreSection):
    """Reads and writes DORA inputs; ``repository`` finds or creates a repository row."""

    def save_log(self, repository_path: str, log: ImportedLog) -> None:
        """Keep ``log`` with the repository, replacing an earlier log of its kind."""
        rows_table = DeploymentLogRow if log.kind == DEPLOYMENTS else IncidentLogRow
        to_row = _deployment_row if log.kind == DEPLOYMENTS else _incident_row
        try:
            with self._writes() as session, session.begin():
                repository = self._repository(session, repository_path)
                session.flush()
                session.execute(
                    delete(DeliveryLogRecord).where(
                        DeliveryLogRecord.repository_id == repository.id,
                        DeliveryLogRecord.kind == log.kind,
                    )
                )
                record = DeliveryLogRecord(
                    repository_id=repository.id,
                    kind=log.kind,
                    file_name=log.file_name,
                    encoding=log.encoding,
                    imported_at=_naive(log.imported_at or datetime.now(UTC)),
                    row_count=len(log.records),
                    duplicates_dropped=log.duplicates,
                    naive_times=log.naive_times,
                    mapping=json.dumps(log.mapping),
                    notes=json.dumps(log.notes),
                )
                session.add(record)
                session.flush()
                # in batches: one list of 1,000,000 row dicts took 1.8 GB (benchmarks/
                # csv_import_memory.py --store); a batch of 10,000 keeps the peak near the import's
                table = rows_table.__table__
                for start in range(0, len(log.records), SAVE_BATCH):
                    batch = log.records[start : start + SAVE_BATCH]
                    session.execute(insert(table), [to_row(record.id, r) for r in batch])
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot save the {log.kind} log: {describe(exc)}") from exc

    def delete_log(self, repository_path: str, kind: str) -> None:
        with self._writes() as session, session.begin():
            repository = self._find(session, repository_path)
            if repository is not None:
                session.execute(
                    delete(DeliveryLogRecord).where(
                        DeliveryLogRecord.repository_id == repository.id,
                        DeliveryLogRecord.kind == kind,
                    )
                )

    def logs(self, repository_path: str) -> dict[str, ImportedLog]:
        """The logs kept with the repository, by kind."""
        found: dict[str, ImportedLog] = {}
        with self._sessions() as session:
            repository = self._find(session, repository_path)
            if repository is None:
                return found
            for record in session.scalars(
                select(DeliveryLogRecord).where(DeliveryLogRecord.repository_id == repository.id)
            ):
                log = ImportedLog(
                    kind=record.kind,
                    file_name=record.file_name,
                    encoding=record.encoding,
                    mapping=json.loads(record.mapping),
                    duplicates=record.duplicates_dropped,
                    naive_times=record.naive_times,
                    imported_at=_aware(record.imported_at),
                    notes=json.loads(record.notes),
                )
                log.records = self._records(session, record)
                found[record.kind] = log
        return found

    def _records(
        self, session: Session, record: DeliveryLogRecord
    ) -> list[DeploymentRecord] | list[IncidentRecord]:
        if record.kind == DEPLOYMENTS:
            deployments = session.scalars(
                select(DeploymentLogRow)
                .where(DeploymentLogRow.log_id == record.id)
                .order_by(DeploymentLogRow.line)
            )
            return [
                DeploymentRecord(
                    r.line,
                    _aware(r.deployed_at),
                    r.ref,
                    r.environment,
                    r.status,
                    r.service,
                    r.deployment_id,
                )
                for r in deployments
            ]
        incidents = session.scalars(
            select(IncidentLogRow)
            .where(IncidentLogRow.log_id == record.id)
            .order_by(IncidentLogRow.line)
        )
        return [
            IncidentRecord(
                r.line,
                _aware(r.opened_at),
                _aware(r.resolved_at),
                r.ref,
                r.deployment_id,
                r.severity,
                r.incident_id,
            )
            for r in incidents
        ]

    def _preferences(self, session: Session, path: str) -> DoraPreferencesRecord | None:
        repository = self._find(session, path)
        return None if repository is None else session.get(DoraPreferencesRecord, repository.id)

    def preferences(self, repository_path: str) -> tuple[DoraSettings, QuickCheckAnswers | None]:
        with self._sessions() as session:
            record = self._preferences(session, repository_path)
            if record is None:
                return DoraSettings(), None
            answers = json.loads(record.quick_check) if record.quick_check else None
            return (
                DoraSettings.from_dict(json.loads(record.settings)),
                QuickCheckAnswers(**answers) if answers else None,
            )

    def save_preferences(
        self,
        repository_path: str,
        settings: DoraSettings | None = None,
        quick_check: QuickCheckAnswers | None = None,
        clear_quick_check: bool = False,
    ) -> None:
        """Store the settings and/or answers given; what is not given is kept."""
        try:
            with self._writes() as session, session.begin():
                repository = self._repository(session, repository_path)
                session.flush()
                record = session.get(DoraPreferencesRecord, repository.id)
                if record is None:
                    record = DoraPreferencesRecord(
                        repository_id=repository.id, settings=json.dumps(DoraSettings().to_dict())
                    )
                    session.add(record)
                if settings is not None:
                    record.settings = json.dumps(settings.to_dict())
                if quick_check is not None or clear_quick_check:
                    record.quick_check = json.dumps(quick_check.to_dict()) if quick_check else None
                record.updated_at = _naive(datetime.now(UTC))
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot save the DORA settings: {describe(exc)}") from exc

    def inputs(self, repository_path: str) -> DoraInputs:
        """Everything stored for the repository, ready for ``Options.dora``."""
        try:
            settings, answers = self.preferences(repository_path)
            logs = self.logs(repository_path)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the DORA inputs: {describe(exc)}") from exc
        return DoraInputs(settings, logs.get(DEPLOYMENTS), logs.get(INCIDENTS), answers)
