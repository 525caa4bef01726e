"""Imported deployment and incident logs: their columns, records and import errors.

A log is a CSV export from a CI/CD or incident system. Columns are found by header name,
case-insensitively and ignoring spaces, ``_``, ``-`` and dots (``Deployed At`` = ``deployed_at``),
from the aliases below; the user can override the mapping (the import dialog previews it).
Reading the file is :mod:`analysis.dora.csv_import`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from analysis.dora.wording import count
from analysis.errors import AssessmentError

DEPLOYMENTS = "deployments"
INCIDENTS = "incidents"


@dataclass(frozen=True)
class LogField:
    name: str  # canonical name, as stored and shown in the mapping
    label: str
    aliases: tuple[str, ...]
    required: bool
    kind: str  # "time" | "ref" | "text"
    help: str


DEPLOYMENT_FIELDS: tuple[LogField, ...] = (
    LogField(
        "deployed_at",
        "Deployed at",
        (
            "deployed_at",
            "deploy_time",
            "deployment_time",
            "deployed",
            "finished_at",
            "finish_time",
            "completed_at",
            "end_time",
            "timestamp",
            "time",
            "date",
            "created_at",
        ),
        True,
        "time",
        "When the deployment finished, ISO 8601 with a UTC offset",
    ),
    LogField(
        "ref",
        "Commit sha or ref",
        (
            "sha",
            "commit",
            "commit_sha",
            "commit_id",
            "git_sha",
            "revision",
            "rev",
            "ref",
            "git_ref",
            "tag",
            "version",
            "release",
        ),
        True,
        "ref",
        "The commit deployed: a full or abbreviated sha, a tag or a branch",
    ),
    LogField(
        "environment",
        "Environment",
        ("environment", "env", "stage", "target", "deploy_env"),
        False,
        "text",
        "Only rows whose environment matches the production pattern count",
    ),
    LogField(
        "status",
        "Status",
        ("status", "result", "state", "outcome", "conclusion"),
        False,
        "text",
        "failed/cancelled rows never reached production; rolled_back rows failed",
    ),
    LogField(
        "service",
        "Service / application",
        ("service", "application", "app", "component", "project", "system"),
        False,
        "text",
        "Several services in one log are counted together",
    ),
    LogField(
        "deployment_id",
        "Deployment id",
        ("deployment_id", "id", "deploy_id", "deployment", "run_id", "pipeline_id"),
        False,
        "text",
        "Lets an incident name the deployment that caused it",
    ),
)

INCIDENT_FIELDS: tuple[LogField, ...] = (
    LogField(
        "opened_at",
        "Opened at",
        (
            "opened_at",
            "opened",
            "created_at",
            "created",
            "started_at",
            "start",
            "start_time",
            "detected_at",
            "reported_at",
            "triggered_at",
            "time",
            "date",
        ),
        True,
        "time",
        "When the incident started or was detected, ISO 8601 with a UTC offset",
    ),
    LogField(
        "resolved_at",
        "Resolved at",
        (
            "resolved_at",
            "resolved",
            "closed_at",
            "closed",
            "ended_at",
            "end",
            "end_time",
            "restored_at",
            "recovered_at",
            "mitigated_at",
        ),
        False,
        "time",
        "When service was restored; empty while the incident is open",
    ),
    LogField(
        "ref",
        "Commit sha or ref",
        (
            "sha",
            "commit",
            "commit_sha",
            "caused_by_sha",
            "culprit_sha",
            "caused_by",
            "ref",
            "revision",
        ),
        False,
        "ref",
        "The change that caused it; links the incident to its deployment exactly",
    ),
    LogField(
        "deployment_id",
        "Deployment id",
        ("deployment_id", "deployment", "deploy_id", "caused_by_deployment", "release"),
        False,
        "text",
        "The deployment that caused it (a log id or a release tag)",
    ),
    LogField(
        "severity",
        "Severity",
        ("severity", "sev", "priority", "impact", "level"),
        False,
        "text",
        "Kept for reference; every incident counts",
    ),
    LogField(
        "incident_id",
        "Incident id",
        ("incident_id", "id", "key", "number", "incident", "ticket"),
        False,
        "text",
        "Duplicates of the same id are dropped",
    ),
)

FIELDS = {DEPLOYMENTS: DEPLOYMENT_FIELDS, INCIDENTS: INCIDENT_FIELDS}


def normalise_header(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.strip().lower())


def suggest_mapping(headers: list[str], kind: str) -> dict[str, str | None]:
    """Canonical field -> the header it is read from (None: no such column)."""
    by_norm: dict[str, str] = {}
    for header in headers:
        by_norm.setdefault(normalise_header(header), header)
    used: set[str] = set()
    mapping: dict[str, str | None] = {}
    for spec in FIELDS[kind]:
        mapping[spec.name] = None
        for alias in spec.aliases:
            found = by_norm.get(normalise_header(alias))
            if found is not None and found not in used:
                mapping[spec.name] = found
                used.add(found)
                break
    return mapping


# Records are slotted and compare (and hash) without their line number: a log of a million rows
# keeps a million of them, and an identical row on another line is a duplicate.
@dataclass(frozen=True, slots=True)
class DeploymentRecord:
    line: int = field(compare=False)
    deployed_at: datetime  # timezone-aware
    ref: str
    environment: str = ""
    status: str = ""
    service: str = ""
    deployment_id: str = ""


@dataclass(frozen=True, slots=True)
class IncidentRecord:
    line: int = field(compare=False)
    opened_at: datetime  # timezone-aware
    resolved_at: datetime | None = None
    ref: str = ""
    deployment_id: str = ""
    severity: str = ""
    incident_id: str = ""


@dataclass
class ImportedLog:
    """A log that imported cleanly: every row valid, duplicates dropped."""

    kind: str
    file_name: str
    records: list = field(default_factory=list)
    encoding: str = "utf-8"
    mapping: dict[str, str | None] = field(default_factory=dict)
    duplicates: int = 0
    naive_times: int = 0
    imported_at: datetime | None = None
    notes: list[str] = field(default_factory=list)

    def naive_warning(self) -> str:
        """One line for the warnings when some times had no UTC offset (taken as local)."""
        if not self.naive_times:
            return ""
        note = next((n for n in self.notes if "no UTC offset" in n), "")
        return f"{self.file_name}: " + (
            note
            or f"{count(self.naive_times, 'time')} had no UTC offset and "
            f"{'were' if self.naive_times != 1 else 'was'} taken as local time"
        )

    def summary(self) -> str:
        what = "deployment" if self.kind == DEPLOYMENTS else "incident"
        text = count(len(self.records), what)
        if self.duplicates:
            text += f", {count(self.duplicates, 'duplicate row')} dropped"
        return text


def empty_log_warning(log: ImportedLog) -> str:
    """A deployment log with a header and no rows replaces nothing: say so in one line."""
    return (
        f"{log.file_name} has a header and no rows: nothing imported; the deployments "
        "are measured from the repository"
    )


@dataclass(frozen=True)
class RowError:
    """One bad cell (or row, when ``column`` is empty): where, what it held, and why."""

    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        value = f" {shown!r}" if self.value else ""
        return f"{where}:{value} {self.message}"


class LogImportFailed(AssessmentError):
    """A log with errors: nothing was imported. ``errors`` lists the first ones found."""

    def __init__(
        self, file_name: str, errors: list[RowError], total: int | None = None, reason: str = ""
    ):
        self.file_name = file_name
        self.errors = errors
        self.total = total if total is not None else len(errors)
        more = f" (and {self.total - 1} more errors)" if self.total > 1 else ""
        first = str(errors[0]) if errors else reason or "unreadable"
        super().__init__(f"{file_name}: nothing imported: {first}{more}")


def unreadable(path, exc: OSError) -> LogImportFailed:
    """A log file that cannot be opened (missing, a folder, no permission): one line."""
    return LogImportFailed(str(path), [], reason=f"cannot read it ({exc.strerror or exc})")
