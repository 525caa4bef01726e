"""Reading and writing repositories and assessments; hands out plain summaries, not ORM rows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, bindparam, delete, func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, defer, sessionmaker

from analysis.assessment import Assessment
from analysis.headline import HEADLINE_VERSION, Headline, headline
from analysis.report import SCHEMA_VERSION, from_report, to_report
from app.store.cache import StoreCache
from app.store.database import (
    BUSY_TIMEOUT_SECONDS,
    StoreError,
    StoreReadOnly,
    describe,
    redact,
    role_name,
    writer,
)
from app.store.delivery import DeliveryStore
from app.store.records import AssessmentRecord, RepositoryRecord
from app.store.report_blob import pack_report, unpack_report
from app.store.scenarios import ScenarioStore
from app.store.section import write_transaction
from app.store.team import TeamStore


@dataclass(frozen=True)
class RepositorySummary:
    id: int
    path: str
    name: str
    last_opened_at: datetime
    assessments: int


@dataclass(frozen=True)
class AssessmentSummary:
    id: int
    repository_path: str
    analyzed_at: datetime
    head: str
    branch: str | None
    partial: bool
    python_files: int
    sloc: int
    mi_average: float | None
    warning_count: int
    headline: Headline | None = None  # the figures history, compare and trends show


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


class Store:
    """The assessment history. Times are stored as naive UTC.

    Every write takes SQLite's write lock when it begins (``BEGIN IMMEDIATE``) and is retried
    by :func:`~app.store.database.retrying`; a database error reaches the user as one line.
    A store opened on a damaged file (``damaged``: why) reads what it can and writes nothing.
    A store opened ``read_only`` (a PostgreSQL role without write privileges, a read-only file)
    is browsed as any other (history, dashboards, compare, PDF); a save raises
    :class:`~app.store.database.StoreReadOnly` with one line (:meth:`read_only_reason`).
    """

    def __init__(
        self,
        engine: Engine,
        backup: Path | None = None,
        damaged: str | None = None,
        read_only: bool = False,
    ) -> None:
        self.engine = engine
        self.backup = backup  # the copy made before the last migration, if any
        self.damaged = damaged  # the one-line reason when the file failed SQLite's check
        self.read_only = read_only or damaged is not None
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._writes = sessionmaker(writer(engine), expire_on_commit=False)
        self.cache = StoreCache(engine, writable=not self.read_only)
        refusal = damaged or (self.read_only_reason() if read_only else None)
        # the sections' writes (delivery logs, team profile) are refused with the same one line
        section_writes = self._refuse_writes if read_only and not damaged else self._writes
        self.delivery = DeliveryStore(self._sessions, self._repository, section_writes)  # DORA
        self.team = TeamStore(self._sessions, self._repository, section_writes)  # team profile
        self.scenarios = ScenarioStore(  # an assessment's what-if scenarios
            self._sessions, self._repository, self._writes, refusal
        )

    def _refuse_writes(self) -> Session:
        raise StoreReadOnly(self.read_only_reason())

    @property
    def writable(self) -> bool:
        return not self.read_only

    @property
    def url(self) -> str:
        """The store's URL with the password redacted (safe to show and log)."""
        return redact(self.engine.url.render_as_string(hide_password=False))

    def read_only_reason(self) -> str:
        """One line: why nothing can be saved here."""
        if self.damaged:
            return self.damaged
        try:
            role = role_name(self.engine)
        except SQLAlchemyError:
            role = None
        who = f" for the role {role}" if role else ""
        return f"the store {self.url} is read-only{who}: the assessment cannot be saved"

    def close(self) -> None:
        self.engine.dispose()

    def _session(self) -> Session:
        return self._sessions()

    def _write(self, action, what: str):
        """Run ``action(session)`` in one write transaction, under the retry policy."""
        if self.read_only and not self.damaged:
            raise StoreReadOnly(self.read_only_reason())
        try:
            return write_transaction(self._writes, self.damaged, action)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot {what}: {describe(exc)}") from exc

    def _read(self, action, what: str):
        """Run ``action(session)``; a database error (a damaged page) becomes one line."""
        try:
            with self._session() as session:
                return action(session)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot {what}: {describe(exc)}") from exc

    def _repository(self, session: Session, path: str, name: str | None = None):
        record = session.scalar(select(RepositoryRecord).where(RepositoryRecord.path == path))
        if record is None and self.engine.dialect.name == "postgresql":
            # several machines may add the same repository at once: the row is made by one,
            # the others' inserts do nothing, and every one reads it back (row-level only)
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            now = _now()
            session.execute(
                pg_insert(RepositoryRecord)
                .values(path=path, name=name or Path(path).name, created_at=now,
                        last_opened_at=now)
                .on_conflict_do_nothing(index_elements=["path"])
            )  # fmt: skip
            record = session.scalar(select(RepositoryRecord).where(RepositoryRecord.path == path))
        if record is None:
            now = _now()
            record = RepositoryRecord(
                path=path, name=name or Path(path).name, created_at=now, last_opened_at=now
            )
            session.add(record)
        return record

    def touch_repository(self, path: str) -> None:
        """Record that the user opened ``path`` (the recent list is ordered by this)."""
        if self.read_only and not self.damaged:
            return  # a role that may only browse keeps the shared order as it is

        def touch(session: Session) -> None:
            self._repository(session, path).last_opened_at = _now()

        self._write(touch, "save the recent list")

    def save(
        self, assessment: Assessment, report: dict | None = None, packed: bytes | None = None
    ) -> int:
        """Store an assessment; returns its id. ``report``: its JSON report when the caller
        made it already (``to_report`` of a large assessment takes ~0.5 s); ``packed``: that
        report compressed as stored (zlib of its JSON), when made already too."""
        report = report if report is not None else to_report(assessment)
        repo = assessment.repository
        totals = assessment.code.totals
        packed = packed if packed is not None else pack_report(report)
        figures = json.dumps(headline(report).to_dict())

        def insert(session: Session) -> int:
            repository = self._repository(session, repo.folder, repo.title)
            repository.last_opened_at = _now()
            record = AssessmentRecord(
                repository=repository,
                analyzed_at=_parse_time(repo.analyzed_at),
                head=repo.head,
                branch=repo.branch,
                partial=repo.partial,
                tool_version=assessment.tool_version,
                schema_version=SCHEMA_VERSION,
                duration_seconds=assessment.duration_seconds,
                python_files=totals.files,
                sloc=totals.sloc,
                cc_total=totals.cc_total,
                mi_average=totals.mi_average,
                warning_count=len(repo.warnings),
                report_zlib=packed,
                headline=figures,
            )
            session.add(record)
            session.flush()
            return record.id

        return self._write(insert, "save the assessment")

    def repositories(self, limit: int = 20) -> list[RepositorySummary]:
        """Repositories, most recently opened first."""
        counts = (
            select(AssessmentRecord.repository_id, func.count().label("n"))
            .group_by(AssessmentRecord.repository_id)
            .subquery()
        )
        query = (
            select(RepositoryRecord, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.repository_id == RepositoryRecord.id)
            .order_by(RepositoryRecord.last_opened_at.desc(), RepositoryRecord.id.desc())
            .limit(limit)
        )
        return self._read(
            lambda session: [
                RepositorySummary(r.id, r.path, r.name, r.last_opened_at, n)
                for r, n in session.execute(query)
            ],
            "read the recent list",
        )

    def assessments(self, path: str) -> list[AssessmentSummary]:
        """Assessments of the repository at ``path``, newest first, with their headline figures
        (the full reports are not read)."""
        query = (
            select(AssessmentRecord, RepositoryRecord.path)
            .join(RepositoryRecord)
            .where(RepositoryRecord.path == path)
            .order_by(AssessmentRecord.analyzed_at.desc(), AssessmentRecord.id.desc())
            # the reports are MBs each for a large project: not for a list
            .options(defer(AssessmentRecord.report), defer(AssessmentRecord.report_zlib))
        )

        def read(session: Session) -> list[AssessmentSummary]:
            healed: list[dict] = []
            rows = [self._summary(a, p, healed) for a, p in session.execute(query).all()]
            session.rollback()
            self._keep_healed(healed)
            return rows

        return self._read(read, "read the assessments")

    def summary(self, assessment_id: int) -> AssessmentSummary:
        """One assessment's summary and headline; :class:`StoreError` when there is none."""
        query = (
            select(AssessmentRecord, RepositoryRecord.path)
            .join(RepositoryRecord)
            .where(AssessmentRecord.id == assessment_id)
            .options(defer(AssessmentRecord.report), defer(AssessmentRecord.report_zlib))
        )

        def read(session: Session) -> AssessmentSummary:
            row = session.execute(query).first()
            if row is None:
                raise StoreError(f"no assessment with id {assessment_id}")
            healed: list[dict] = []
            summary = self._summary(*row, healed)
            session.rollback()
            self._keep_healed(healed)
            return summary

        return self._read(read, f"read assessment #{assessment_id}")

    def _summary(self, a: AssessmentRecord, path: str, healed: list[dict]) -> AssessmentSummary:
        return AssessmentSummary(
            a.id,
            path,
            a.analyzed_at,
            a.head,
            a.branch,
            a.partial,
            a.python_files,
            a.sloc,
            a.mi_average,
            a.warning_count,
            self._headline(a, healed),
        )

    def _keep_healed(self, healed: list[dict]) -> None:
        """Store the headlines :meth:`_headline` recomputed, when that costs no wait: a read
        never waits for the write lock (a background save may hold it for seconds, and the GUI
        reads on its thread), so when the database is busy the headlines are shown and kept
        next time. A read-only database still shows them, and a damaged one is not written.
        (The records are never changed in the read's session: its autoflush would write, and
        wait for the lock, in the middle of the read.)"""
        if not healed or self.read_only:
            return
        table = AssessmentRecord.__table__
        statement = (
            update(table).where(table.c.id == bindparam("row")).values(headline=bindparam("fresh"))
        )
        sqlite = self.engine.dialect.name == "sqlite"
        try:
            with self.engine.connect() as connection:
                if sqlite:  # fail at once instead of waiting out the busy timeout
                    connection.exec_driver_sql("PRAGMA busy_timeout = 0")
                    connection.commit()
                try:
                    with connection.begin():
                        connection.execute(statement, healed)
                finally:
                    if sqlite:
                        connection.exec_driver_sql(
                            f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}"
                        )
        except SQLAlchemyError:
            return  # busy or read-only: kept next time

    @staticmethod
    def _headline(record: AssessmentRecord, healed: list[dict]) -> Headline | None:
        """The stored headline; recomputed from the report when it is missing or older than the
        code's :data:`~analysis.headline.HEADLINE_VERSION` (and added to ``healed``, to keep)."""
        if record.headline:
            data = json.loads(record.headline)
            if data.get("version") == HEADLINE_VERSION:
                return Headline.from_dict(data)
        try:
            fresh = headline(unpack_report(record.report_zlib, record.report))  # deferred load
        except (ValueError, TypeError, AttributeError):
            return None
        healed.append({"row": record.id, "fresh": json.dumps(fresh.to_dict())})
        return fresh

    def previous_duration(self, path: str) -> float | None:
        """Seconds the latest stored assessment of ``path`` took (the wizard's time estimate)."""
        query = (
            select(AssessmentRecord.duration_seconds)
            .join(RepositoryRecord)
            .where(RepositoryRecord.path == path)
            .order_by(AssessmentRecord.analyzed_at.desc(), AssessmentRecord.id.desc())
            .limit(1)
        )
        return self._read(lambda session: session.scalar(query), "read the previous duration")

    def load(self, assessment_id: int) -> Assessment:
        """The stored assessment; :class:`StoreError` (one line) when it is unknown or its
        row or report cannot be read."""

        def read(session: Session) -> Assessment:
            record = session.get(AssessmentRecord, assessment_id)
            if record is None:
                raise StoreError(f"no assessment with id {assessment_id}")
            return from_report(unpack_report(record.report_zlib, record.report))

        try:
            return self._read(read, f"read assessment #{assessment_id}")
        except ValueError as exc:  # a damaged report blob (zlib or JSON)
            raise StoreError(f"cannot read assessment #{assessment_id}: {exc}") from exc

    def delete_assessment(self, assessment_id: int) -> None:
        self._write(
            lambda session: session.execute(
                delete(AssessmentRecord).where(AssessmentRecord.id == assessment_id)
            ),
            f"delete assessment #{assessment_id}",
        )
