"""Reading and writing repositories and assessments; hands out plain summaries, not ORM rows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, defer, sessionmaker

from analysis.assessment import Assessment
from analysis.headline import HEADLINE_VERSION, Headline, headline
from analysis.report import SCHEMA_VERSION, from_report, to_report
from app.store.cache import StoreCache
from app.store.database import StoreError
from app.store.delivery import DeliveryStore
from app.store.models import AssessmentRecord, FileResultRecord, RepositoryRecord
from app.store.report_blob import pack_report, unpack_report
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
    """The assessment history. Times are stored as naive UTC."""

    def __init__(self, engine: Engine, backup: Path | None = None) -> None:
        self.engine = engine
        self.backup = backup  # the copy made before the last migration, if any
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.cache = StoreCache(engine)
        self.delivery = DeliveryStore(self._sessions, self._repository)  # DORA logs, choices
        self.team = TeamStore(self._sessions, self._repository)  # team profile (advice)

    def close(self) -> None:
        self.engine.dispose()

    def _session(self) -> Session:
        return self._sessions()

    def _repository(self, session: Session, path: str, name: str | None = None):
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
        try:
            with self._session() as session, session.begin():
                self._repository(session, path).last_opened_at = _now()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot save the recent list: {exc}") from exc

    def save(self, assessment: Assessment) -> int:
        """Store an assessment with its per-file rows; returns its id."""
        report = to_report(assessment)
        repo = assessment.repository
        totals = assessment.code.totals
        try:
            with self._session() as session, session.begin():
                repository = self._repository(session, repo.path, repo.name)
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
                    report_zlib=pack_report(report),
                    headline=json.dumps(headline(report).to_dict()),
                )
                session.add(record)
                session.flush()
                session.add_all(
                    FileResultRecord(
                        assessment_id=record.id,
                        path=f.path,
                        status=f.status,
                        loc=f.loc,
                        lloc=f.lloc,
                        sloc=f.sloc,
                        comments=f.comments,
                        multi=f.multi,
                        blank=f.blank,
                        single_comments=f.single_comments,
                        mi=f.mi,
                        cc_total=f.cc_total,
                        max_complexity=max((b.complexity for b in f.functions), default=None),
                    )
                    for f in assessment.code.files
                )
                return record.id
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot save the assessment: {exc}") from exc

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
        with self._session() as session:
            return [
                RepositorySummary(r.id, r.path, r.name, r.last_opened_at, n)
                for r, n in session.execute(query)
            ]

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
        with self._session() as session:
            rows = [self._summary(a, p) for a, p in session.execute(query).all()]
            self._keep_healed(session)
            return rows

    def summary(self, assessment_id: int) -> AssessmentSummary:
        """One assessment's summary and headline; :class:`StoreError` when there is none."""
        query = (
            select(AssessmentRecord, RepositoryRecord.path)
            .join(RepositoryRecord)
            .where(AssessmentRecord.id == assessment_id)
            .options(defer(AssessmentRecord.report), defer(AssessmentRecord.report_zlib))
        )
        with self._session() as session:
            row = session.execute(query).first()
            if row is None:
                raise StoreError(f"no assessment with id {assessment_id}")
            summary = self._summary(*row)
            self._keep_healed(session)
            return summary

    def _summary(self, a: AssessmentRecord, path: str) -> AssessmentSummary:
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
            self._headline(a),
        )

    @staticmethod
    def _keep_healed(session: Session) -> None:
        """Store the headlines :meth:`_headline` recomputed; a read-only database still shows
        them."""
        if not session.dirty:
            return
        try:
            session.commit()
        except SQLAlchemyError:
            session.rollback()

    @staticmethod
    def _headline(record: AssessmentRecord) -> Headline | None:
        """The stored headline; recomputed from the report (and kept) when it is missing or
        older than the code's :data:`~analysis.headline.HEADLINE_VERSION`."""
        if record.headline:
            data = json.loads(record.headline)
            if data.get("version") == HEADLINE_VERSION:
                return Headline.from_dict(data)
        try:
            fresh = headline(unpack_report(record.report_zlib, record.report))  # deferred load
        except (ValueError, TypeError, AttributeError):
            return None
        record.headline = json.dumps(fresh.to_dict())
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
        with self._session() as session:
            return session.scalar(query)

    def load(self, assessment_id: int) -> Assessment:
        with self._session() as session:
            record = session.get(AssessmentRecord, assessment_id)
            if record is None:
                raise StoreError(f"no assessment with id {assessment_id}")
            return from_report(unpack_report(record.report_zlib, record.report))

    def delete_assessment(self, assessment_id: int) -> None:
        with self._session() as session, session.begin():
            session.execute(delete(AssessmentRecord).where(AssessmentRecord.id == assessment_id))
