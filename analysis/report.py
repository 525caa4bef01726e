"""The JSON report (schema_version 1): the product's public, machine-readable output.

Names here are a contract with users' scripts and CI jobs: later sections are added, existing
names are not renamed. ``resources/report.schema.json`` describes it; the tests validate every
report against it.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

from analysis import json_text
from analysis.ai_adoption.results import AIAdoption
from analysis.ai_code.results import AICodeSection
from analysis.architecture.section import ArchitectureSection
from analysis.code.duplication import DuplicationReport
from analysis.code.results import CodeTotals, FileMetrics
from analysis.debt import DebtReport
from analysis.decisions import Decisions
from analysis.delivery_model import DeliveryModel
from analysis.dora.results import DoraReport
from analysis.findings import Finding
from analysis.history.privacy import pseudonymize_report
from analysis.history.results import HistorySection
from analysis.options import Options
from analysis.results import Assessment, CodeSection, RepositoryInfo
from analysis.roles import FileRoles
from analysis.runtime.section import RuntimeSection

SCHEMA_VERSION = 1


def to_report(assessment: Assessment) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    repo = assessment.repository
    report: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": assessment.tool_name, "version": assessment.tool_version},
        "repository": {
            "path": repo.path,
            "name": repo.name,
            "head": repo.head,
            "branch": repo.branch,
            "scope": repo.scope,
            "analyzed_at": repo.analyzed_at,
            "tracked_files": repo.tracked_files,
            "duration_seconds": assessment.duration_seconds,
            "phase_seconds": dict(repo.phase_seconds),
            "partial": repo.partial,
            "partial_figures": list(repo.partial_figures),
            "warnings": [asdict(w) for w in repo.warnings],
        },
        "code": {
            "files": [f.to_dict() for f in assessment.code.files],
            "totals": assessment.code.totals.to_dict(),
        },
        "dora": assessment.dora.to_dict() if assessment.dora else None,
    }
    if repo.delivery_model is not None:
        report["repository"]["delivery_model"] = repo.delivery_model.to_dict()
    if assessment.roles is not None:
        report["roles"] = assessment.roles.to_dict()
    if assessment.duplication is not None:
        report["duplication"] = assessment.duplication.to_dict()
    if assessment.debt is not None:
        report["debt"] = assessment.debt.to_dict()
    if assessment.runtime is not None:
        report["runtime"] = assessment.runtime.to_dict()
    if assessment.architecture is not None:
        report["architecture"] = assessment.architecture.to_dict()
    if assessment.history is not None:
        report["history"] = assessment.history.to_dict()
    if assessment.decisions is not None:
        report["decisions"] = assessment.decisions.to_dict()
    if assessment.ai_adoption is not None:
        report["ai_adoption"] = assessment.ai_adoption.to_dict()
    if assessment.ai_code is not None:  # inside ai_adoption (issue 18), on its own without it
        where = report["ai_adoption"] if assessment.ai_adoption is not None else report
        where["ai_code"] = assessment.ai_code.to_dict()
    return report


def _ai_code(data: dict[str, Any]) -> dict[str, Any] | None:
    """The AI-assisted code section: inside ``ai_adoption``, or on its own."""
    return (data.get("ai_adoption") or {}).get("ai_code") or data.get("ai_code")


def from_report(data: dict[str, Any]) -> Assessment:
    """Rebuild an :class:`Assessment` from a stored or exported report."""
    if data.get("schema_version") != SCHEMA_VERSION:
        raise ValueError(f"unsupported report schema_version {data.get('schema_version')!r}")
    repo = data["repository"]
    info = RepositoryInfo(
        path=repo["path"],
        name=repo.get("name") or Path(repo["path"]).name,
        head=repo["head"],
        branch=repo.get("branch"),
        scope=repo.get("scope", ""),
        analyzed_at=repo["analyzed_at"],
        tracked_files=repo.get("tracked_files", 0),
        partial=repo["partial"],
        partial_figures=list(repo.get("partial_figures", [])),
        warnings=[Finding(**w) for w in repo.get("warnings", [])],
        phase_seconds=dict(repo.get("phase_seconds", {})),
        delivery_model=DeliveryModel.from_dict(repo.get("delivery_model")),
    )
    code = data["code"]
    return Assessment(
        repository=info,
        code=CodeSection(
            files=[FileMetrics.from_dict(f) for f in code["files"]],
            totals=CodeTotals.from_dict(code["totals"]),
        ),
        duration_seconds=repo.get("duration_seconds", 0.0),
        dora=DoraReport.from_dict(data["dora"]) if data.get("dora") else None,
        runtime=RuntimeSection.from_dict(data["runtime"]) if "runtime" in data else None,
        architecture=(
            ArchitectureSection.from_dict(data["architecture"]) if "architecture" in data else None
        ),
        history=HistorySection.from_dict(data["history"]) if data.get("history") else None,
        tool_name=data["tool"]["name"],
        tool_version=data["tool"]["version"],
        duplication=DuplicationReport.from_dict(data["duplication"])
        if "duplication" in data
        else None,
        debt=DebtReport.from_dict(data["debt"]) if "debt" in data else None,
        decisions=Decisions.from_dict(data["decisions"]) if data.get("decisions") else None,
        roles=FileRoles.from_dict(data["roles"]) if data.get("roles") else None,
        ai_adoption=AIAdoption.from_dict(data["ai_adoption"]) if data.get("ai_adoption") else None,
        ai_code=AICodeSection.from_dict(ai_code) if (ai_code := _ai_code(data)) else None,
    )


#: What ``json.dumps(ensure_ascii=False)`` leaves raw and a terminal obeys: DEL, C1 controls,
#: line and paragraph separators, bidirectional controls (C0 controls JSON escapes itself).
_TERMINAL_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


#: UTF-8 of :data:`_TERMINAL_UNSAFE`: after a ``\xc2`` lead, U+0080-U+009F; after ``\xe2``,
#: U+200E/F, U+2028-U+202E (``\x80`` then these) and U+2066-U+2069 (``\x81`` then these)
_AFTER_C2 = range(0x80, 0xA0)
_AFTER_E2 = {0x80: {0x8E, 0x8F, *range(0xA8, 0xAF)}, 0x81: set(range(0xA6, 0xAA))}
_MAX_LEADS = 20_000  # more candidate characters than this: the regex is the quicker way


def _terminal_safe(data: bytes) -> bool:
    """Whether the UTF-8 ``data`` holds none of :data:`_TERMINAL_UNSAFE` (searches run in C;
    only the ``\xc2`` and ``\xe2`` lead bytes, if any, are looked at one by one)."""
    if b"\x7f" in data or b"\xd8\x9c" in data:  # DEL, U+061C
        return False
    leads = 0
    for lead in (0xC2, 0xE2):
        at = data.find(lead)
        while at != -1:
            leads += 1
            if leads > _MAX_LEADS:
                return False
            follow = data[at + 1 : at + 3]
            if lead == 0xC2 and follow[:1] and follow[0] in _AFTER_C2:
                return False
            if lead == 0xE2 and len(follow) == 2 and follow[1] in _AFTER_E2.get(follow[0], ()):
                return False
            at = data.find(lead, at + 1)
    return True


def dumps(report: dict[str, Any]) -> str:
    """The report as JSON text, safe to print: unsafe characters (only ever inside strings) as
    ``\\uXXXX`` escapes, the same strings to every JSON reader (RFC 8259, section 7)."""
    data = json_text.dumps(report, indent=True)
    text = data.decode("utf-8")
    if _terminal_safe(data):  # saleor's 27 MB: a few finds instead of the regex's 0.13-0.2 s
        return text + "\n"
    return _TERMINAL_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def export_report(
    assessment: Assessment, options: Options, report: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The JSON report for export: pseudonymized when the history settings ask for it
    (:func:`analysis.history.privacy.pseudonymize_report`). ``report``: ``to_report`` of
    ``assessment`` when the caller made it already."""
    report = report if report is not None else to_report(assessment)
    if options.history.pseudonymize_authors:
        return pseudonymize_report(report)
    return report
