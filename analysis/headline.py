"""The headline figures of one assessment: what a CTO compares between two runs and charts over
all of them (lead time, deployment frequency, change fail rate, debt ratio, hotspot share,
readiness score, ...).

A :class:`Headline` is small (a few hundred bytes of JSON), so the store keeps one beside every
full report and the history reads trends without parsing reports of many megabytes.
:func:`headline` reads either an :class:`~analysis.assessment.Assessment` or its JSON report
(the report's names are the objects' attribute names), so the figures are the same whichever
one a caller holds.

Delivery figures follow the DORA phase's own rule: a figure whose DORA level is "not enough
data" (fewer than 5 deployments or restored failures) is ``None``, never a guess.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from analysis.dora.levels import NOT_ENOUGH

#: Bump when a figure is added or computed differently; stored headlines of an older version
#: are recomputed from their report.
HEADLINE_VERSION = 1
#: the hotspot share is the changes landing in the top 10% of files by hotspot score ...
HOTSPOT_TOP_SHARE = 0.10
#: ... and needs at least this many changed files to mean anything (as the advice's
#: hotspot concentration, analysis.decisions.measured.MIN_CHANGED_FILES)
MIN_CHANGED_FILES = 10


@dataclass
class Headline:
    """One assessment in a few figures. ``None``: not measured (or not enough data)."""

    version: int = HEADLINE_VERSION
    repository: str = ""
    analyzed_at: str = ""  # ISO 8601 UTC
    head: str = ""
    branch: str | None = None
    partial: bool = False
    warnings: int = 0
    tool_version: str = ""
    # readiness and the two verdicts (analysis.decisions)
    score: int | None = None
    grade: str | None = None
    status: str | None = None
    refactor_verdict: str | None = None  # label, e.g. "Keep and improve"
    staffing_verdict: str | None = None
    # delivery (DORA)
    lead_time_days: float | None = None  # median
    deploys_per_week: float | None = None
    deploy_bucket: str | None = None  # fourkeys: daily | weekly | monthly | yearly
    change_fail_rate: float | None = None  # fraction
    recovery_hours: float | None = None  # median
    deployment_rework_rate: float | None = None  # fraction
    deployments: int | None = None
    deployment_source: str | None = None  # what counted as a deployment
    # code, debt and history
    debt_ratio: float | None = None  # fraction (SonarQube sqale_debt_ratio)
    debt_rating: str | None = None
    debt_hours: float | None = None
    hotspot_share: float | None = None  # fraction, see hotspot_share()
    changed_files: int | None = None  # files changed in the history window
    rework_share: float | None = None  # fraction of changed lines (history)
    duplication: float | None = None  # fraction of lines (CPD density / 100)
    mi_average: float | None = None
    sloc: int | None = None
    python_files: int | None = None
    truck_factor: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Headline:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def _get(source: Any, *path: str) -> Any:
    """``source.a.b`` or ``source["a"]["b"]``: one path through objects or their JSON form."""
    for name in path:
        if source is None:
            return None
        if isinstance(source, Mapping):
            source = source.get(name)
        else:
            source = getattr(source, name, None)
    return source


def hotspot_share(hotspots: list[Any]) -> tuple[float | None, int]:
    """Share of the window's file changes that land in the top 10% of files by hotspot score.

    Hotspots (CodeScene, "Your Code as a Crime Scene") are ranked by change frequency x
    complexity; the report lists them highest score first. The top ceil(10%) of those files
    is taken, and their commits-touching-the-file counts are summed over all files' counts.
    A high share means most of the team's changes go into the code that is both busy and
    complex, where debt is paid again on every change. ``None`` below 10 changed files.
    Returns ``(share, changed files)``.
    """
    revisions = [_get(h, "revisions") or 0 for h in hotspots]
    total = sum(revisions)
    if len(revisions) < MIN_CHANGED_FILES or not total:
        return None, len(revisions)
    top = math.ceil(len(revisions) * HOTSPOT_TOP_SHARE)
    return round(sum(revisions[:top]) / total, 4), len(revisions)


def _enough(dora: Any, level: str) -> bool:
    return (_get(dora, "levels") or {}).get(level) != NOT_ENOUGH


def _delivery(dora: Any) -> dict[str, Any]:
    if dora is None:
        return {}
    lead = _get(dora, "lead_time_hours", "median")
    recovery = _get(dora, "recovery_hours", "median")
    enough_deploys = _enough(dora, "deployment_frequency")
    return {
        "lead_time_days": round(lead / 24, 3) if lead is not None and _enough(dora, "lead_time")
        else None,
        "deploys_per_week": round(_get(dora, "deployments_per_week"), 3) if enough_deploys
        else None,
        "deploy_bucket": _get(dora, "deploy_days", "bucket") if enough_deploys else None,
        "change_fail_rate": _get(dora, "change_fail_rate")
        if _enough(dora, "change_fail_rate") else None,
        "recovery_hours": recovery if _enough(dora, "recovery_time") else None,
        "deployment_rework_rate": _get(dora, "rework_rate") if enough_deploys else None,
        "deployments": _get(dora, "deployments"),
        "deployment_source": _get(dora, "deployment_source", "label"),
    }  # fmt: skip


def _decisions(decisions: Any) -> dict[str, Any]:
    if decisions is None:
        return {}
    return {
        "score": _get(decisions, "readiness", "score"),
        "grade": _get(decisions, "readiness", "grade"),
        "status": _get(decisions, "readiness", "status"),
        "refactor_verdict": _get(decisions, "refactor_vs_rewrite", "label"),
        "staffing_verdict": _get(decisions, "staffing", "label"),
    }


def _code(source: Any) -> dict[str, Any]:
    debt = _get(source, "debt")
    history = _get(source, "history")
    density = _get(source, "duplication", "density")
    share, changed = hotspot_share(_get(history, "hotspots") or []) if history else (None, None)
    minutes = _get(debt, "remediation_minutes")
    return {
        "debt_ratio": _get(debt, "ratio"),
        "debt_rating": _get(debt, "rating"),
        "debt_hours": None if minutes is None else round(minutes / 60, 2),
        "hotspot_share": share,
        "changed_files": changed,
        "rework_share": _get(history, "rework_share"),
        "duplication": None if density is None else round(density / 100, 6),
        "mi_average": _get(source, "code", "totals", "mi_average"),
        "sloc": _get(source, "code", "totals", "sloc"),
        "python_files": _get(source, "code", "totals", "files"),
        "truck_factor": _get(history, "truck_factor", "value"),
    }


def headline(source: Any) -> Headline:
    """The headline figures of an assessment, or of its JSON report (``to_report``)."""
    repo = _get(source, "repository")
    is_report = isinstance(source, Mapping)
    tool_version = _get(source, "tool", "version") if is_report else _get(source, "tool_version")
    return Headline(
        repository=_get(repo, "path") or "",
        analyzed_at=_get(repo, "analyzed_at") or "",
        head=_get(repo, "head") or "",
        branch=_get(repo, "branch"),
        partial=bool(_get(repo, "partial")),
        warnings=len(_get(repo, "warnings") or []),
        tool_version=tool_version or "",
        **_decisions(_get(source, "decisions")),
        **_delivery(_get(source, "dora")),
        **_code(source),
    )
