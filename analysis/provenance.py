"""Data provenance: for every figure the advice rests on, whether it was measured from the
repository, imported from a log, answered in the DORA Quick Check, given by the team, set in
the settings, or a default the model assumed, and what was not measured at all.

A decision document must say which of its numbers are facts and which are assumptions; this
reads that from the assessment's own records (``decisions.inputs``, ``decisions.team``, the DORA
section's sources and the debt section's target versions), it decides nothing itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis.decisions.inputs import NOT_APPLICABLE, format_value

if TYPE_CHECKING:  # the assessment is read, its module not imported (it imports this)
    from analysis.results import Assessment

MEASURED, IMPORTED, ANSWERED, GIVEN, SETTINGS, DEFAULT, MISSING = (
    "measured",
    "imported",
    "answered",
    "given",
    "settings",
    "default",
    "missing",
)
#: the order a reader goes through them, with a heading each
CATEGORIES = {
    MEASURED: "Measured from the repository",
    IMPORTED: "Imported from logs",
    ANSWERED: "Answered (DORA Quick Check)",
    GIVEN: "Given by the team",
    SETTINGS: "From the settings",
    DEFAULT: "Defaults (assumptions of the model)",
    MISSING: "Not measured",
}


@dataclass(frozen=True)
class ProvenanceItem:
    category: str  # one of CATEGORIES
    what: str  # the figure
    value: str  # as shown, or why it is missing
    source: str  # how it was measured, or who gave it


TEAM_LABELS = {
    "team_size": "Engineers on the team",
    "hourly_cost": "Loaded cost of an engineering hour",
    "yearly_cost": "Loaded yearly cost per engineer",
    "ai_budget": "AI budget",
    "ai_timeline_months": "AI timeline (months)",
    "teams_per_deployment": "Teams coordinating a deployment",
    "senior_engineers": "Architects / senior engineers",
}
#: team figures that are also inputs of the advice: listed once, with the team
TEAM_INPUTS = ("team_size", "teams_per_deployment", "senior_engineers")
#: the team's rework share is the input rework_share_reported: listed once, as the input
INPUT_ONLY = ("rework_share",)


def _team_label(name: str) -> str:
    return TEAM_LABELS.get(name, name.replace("_", " ").capitalize())


def _delivery(dora) -> list[ProvenanceItem]:
    if dora is None:
        return [ProvenanceItem(MISSING, "Deployments", "no delivery section", "")]
    source = dora.deployment_source
    log = source.get("log")
    kind = source.get("kind")
    what = f"Deployments ({dora.deployments} in the window)"
    items = []
    if kind == "log" and log:
        detail = (
            f"{log.get('file_name')}, {log.get('rows')} rows, imported {log.get('imported_at')}"
        )
        items.append(ProvenanceItem(IMPORTED, what, source.get("label", ""), detail))
    else:
        items.append(
            ProvenanceItem(MEASURED, what, source.get("label", ""), source.get("reason", ""))
        )
    incidents = dora.failure_source.get("log")
    if incidents:
        items.append(
            ProvenanceItem(
                IMPORTED, "Incidents", f"{incidents.get('rows')} rows",
                f"{incidents.get('file_name')}, imported {incidents.get('imported_at')}",
            )
        )  # fmt: skip
    used = dora.failure_source.get("used") or []
    items.append(
        ProvenanceItem(MEASURED, "Failed deployments", str(dora.failed_deployments),
                       "from " + ", ".join(used) if used else "")
    )  # fmt: skip
    return items


def data_provenance(assessment: Assessment) -> list[ProvenanceItem]:
    """Every input of the advice and every team figure, by where it came from, in
    :data:`CATEGORIES` order; inputs missing from the assessment are listed last."""
    items = _delivery(assessment.dora)
    decisions = assessment.decisions
    if decisions is not None:
        team = vars(decisions.team)
        for value in decisions.inputs.values():
            if value.key in TEAM_INPUTS:
                continue  # listed with the team below, where the defaults are explained
            if value.provenance == NOT_APPLICABLE:
                continue  # no such figure for this kind of system (a library's runtime)
            if value.value is None:
                items.append(ProvenanceItem(MISSING, value.label, value.note, value.source))
                continue
            category = value.provenance if value.provenance in CATEGORIES else MEASURED
            shown = format_value(value.key, value.value)
            items.append(ProvenanceItem(category, value.label, shown, value.source))
        for name, held in team.items():
            if name in INPUT_ONLY:
                continue
            if held.value is None:
                items.append(ProvenanceItem(MISSING, _team_label(name), "not given", held.source))
                continue
            category = held.provenance if held.provenance in CATEGORIES else DEFAULT
            if held.provenance == MEASURED and held.source.startswith("default"):
                category = DEFAULT  # e.g. team size defaulted to the active authors
            shown = f"{held.value:,.10g}" if isinstance(held.value, int | float) else held.value
            items.append(ProvenanceItem(category, _team_label(name), str(shown), held.source))
    debt = assessment.debt
    if debt is not None:
        category = {"settings": SETTINGS, "declared": MEASURED}.get(
            debt.target_versions_source, DEFAULT
        )
        items.append(
            ProvenanceItem(
                category,
                "Target Python versions (debt rules)",
                ", ".join(debt.target_versions),
                f"{debt.target_versions_source} (declared = read from the project's files)",
            )
        )
    order = list(CATEGORIES)
    return sorted(items, key=lambda item: order.index(item.category))
