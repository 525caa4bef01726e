"""ORM models. Every change here needs an Alembic migration in ``migrations/versions``."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    # every model here is mapped to a Table (none to a join or select), which SQLAlchemy types
    # as FromClause; the maintainers' advice for that case (sqlalchemy/sqlalchemy#9130)
    __table__: ClassVar[Table]


class RepositoryRecord(Base):
    __tablename__ = "repositories"

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(4096), unique=True)
    name: Mapped[str] = mapped_column(String(512))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_opened_at: Mapped[datetime] = mapped_column(DateTime, index=True)

    assessments: Mapped[list[AssessmentRecord]] = relationship(
        back_populates="repository", cascade="all, delete-orphan", passive_deletes=True
    )


class AssessmentRecord(Base):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    repository_id: Mapped[int] = mapped_column(
        ForeignKey("repositories.id", ondelete="CASCADE"), index=True
    )
    analyzed_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    head: Mapped[str] = mapped_column(String(64))
    branch: Mapped[str | None] = mapped_column(String(512))
    partial: Mapped[bool] = mapped_column(Boolean)
    tool_version: Mapped[str] = mapped_column(String(32))
    schema_version: Mapped[int] = mapped_column(Integer)
    duration_seconds: Mapped[float] = mapped_column(Float)
    python_files: Mapped[int] = mapped_column(Integer)
    sloc: Mapped[int] = mapped_column(Integer)
    cc_total: Mapped[int] = mapped_column(Integer)
    mi_average: Mapped[float | None] = mapped_column(Float)
    warning_count: Mapped[int] = mapped_column(Integer)
    #: the full JSON report, as exported, zlib-compressed (app.store.report_blob): the 21.8 MB
    #: report of a 4,000-file project is stored in 3.0 MB (measured)
    report_zlib: Mapped[bytes | None] = mapped_column(LargeBinary)
    #: the report as plain JSON text, as versions before 0006 stored it (moved to report_zlib)
    report: Mapped[str | None] = mapped_column(Text)
    #: analysis.headline.Headline as JSON: the figures the history lists, compares and charts
    #: without parsing the full report (which reaches tens of MB on a large project)
    headline: Mapped[str | None] = mapped_column(Text)

    repository: Mapped[RepositoryRecord] = relationship(back_populates="assessments")


class CacheEntry(Base):
    """Content-addressed analysis results (see ``analysis.cache``): per-file metrics by blob id,
    parsed commits by sha. Safe to delete: everything here is recomputed on demand."""

    __tablename__ = "cache_entries"

    namespace: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)


class DeliveryLogRecord(Base):
    """An imported deployment or incident log of a repository (DORA).

    The latest import of each kind replaces the one before; the rows are in
    ``deployment_log_rows`` and ``incident_log_rows``.
    """

    __tablename__ = "delivery_logs"
    __table_args__ = (UniqueConstraint("repository_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    repository_id: Mapped[int] = mapped_column(
        ForeignKey("repositories.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # "deployments" | "incidents"
    file_name: Mapped[str] = mapped_column(String(1024))
    encoding: Mapped[str] = mapped_column(String(32))
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    row_count: Mapped[int] = mapped_column(Integer)
    duplicates_dropped: Mapped[int] = mapped_column(Integer)
    naive_times: Mapped[int] = mapped_column(Integer)
    mapping: Mapped[str] = mapped_column(Text)  # JSON: canonical field -> CSV header
    notes: Mapped[str] = mapped_column(Text)  # JSON list of import notes


class DeploymentLogRow(Base):
    __tablename__ = "deployment_log_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    log_id: Mapped[int] = mapped_column(
        ForeignKey("delivery_logs.id", ondelete="CASCADE"), index=True
    )
    line: Mapped[int] = mapped_column(Integer)
    deployed_at: Mapped[datetime] = mapped_column(DateTime)  # naive UTC
    ref: Mapped[str] = mapped_column(String(255))
    environment: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(255))
    service: Mapped[str] = mapped_column(String(255))
    deployment_id: Mapped[str] = mapped_column(String(255))


class IncidentLogRow(Base):
    __tablename__ = "incident_log_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    log_id: Mapped[int] = mapped_column(
        ForeignKey("delivery_logs.id", ondelete="CASCADE"), index=True
    )
    line: Mapped[int] = mapped_column(Integer)
    opened_at: Mapped[datetime] = mapped_column(DateTime)  # naive UTC
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    ref: Mapped[str] = mapped_column(String(255))
    deployment_id: Mapped[str] = mapped_column(String(255))
    severity: Mapped[str] = mapped_column(String(255))
    incident_id: Mapped[str] = mapped_column(String(255))


class DoraPreferencesRecord(Base):
    """A repository's DORA choices (deployment source, patterns, window) and Quick Check answers."""

    __tablename__ = "dora_preferences"

    repository_id: Mapped[int] = mapped_column(
        ForeignKey("repositories.id", ondelete="CASCADE"), primary_key=True
    )
    settings: Mapped[str] = mapped_column(Text)  # JSON (analysis.dora.settings.DoraSettings)
    quick_check: Mapped[str | None] = mapped_column(Text)  # JSON answers, or NULL
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class TeamProfileRecord(Base):
    """A repository's team profile (analysis.decisions.TeamProfile): what the team told the
    advice, reused by the GUI, the CLI and later runs. Only given fields are stored."""

    __tablename__ = "team_profiles"

    repository_id: Mapped[int] = mapped_column(
        ForeignKey("repositories.id", ondelete="CASCADE"), primary_key=True
    )
    profile: Mapped[str] = mapped_column(Text)  # JSON (TeamProfile.to_dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ScenarioRecord(Base):
    """A named what-if of an assessment (analysis.decisions.scenario.Scenario): the levers it
    sets, who made it ("team", "article", "checkpoint") and a note. A name is taken once per
    assessment; the store never overwrites one unless told to replace it."""

    __tablename__ = "scenarios"
    __table_args__ = (UniqueConstraint("assessment_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    settings: Mapped[str] = mapped_column(Text)  # JSON: lever key -> value
    origin: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
