"""The PDF's scenarios page: the measured state, the article's targets, the saved scenarios and
the later assessments side by side in the article's before/after format, then "plan vs actual"
(:mod:`analysis.decisions.scenario_table`; the same table ``readiness report`` prints)."""

from __future__ import annotations

from analysis.decisions.scenario_table import (
    ASSESSMENT,
    MEASURED,
    OUTCOME,
    PlanVsActual,
    ScenarioTable,
)
from app.pdf.markup import (
    BAD,
    BAD_BG,
    GOOD,
    GOOD_BG,
    HEAD_BG,
    coloured,
    heading,
    muted,
    para,
    table,
    text,
)

ARTICLE_NOTE = (
    "The article's targets are its own before/after example: change lead time 3 days, daily "
    "deployments, change fail rate under 10% (9% here); a target the system already meets is "
    "left at its measured value."
)


def _title(column) -> str:
    sub = f"<br>{muted(text(column.subtitle), '7.5pt')}" if column.subtitle else ""
    return f"<b>{text(column.title)}</b>{sub}"


def before_after_table(data: ScenarioTable) -> str:
    """Rows: the levers the scenarios set, then score, grade and both verdicts; a figure that
    differs from the measured one in bold."""
    titles = [""] + [_title(c) for c in data.columns]
    rows = [titles]
    backgrounds: list[list[str | None]] = [[HEAD_BG] * len(titles)]
    for row in data.rows:
        label = f"<b>{text(row.label)}</b>" if row.kind == OUTCOME else text(row.label)
        cells = [label]
        for column, cell in zip(data.columns, row.cells, strict=True):
            shown = text(cell.text)
            cells.append(f"<b>{shown}</b>" if cell.changed and column.kind != MEASURED else shown)
        rows.append(cells)
        backgrounds.append([None] * len(cells))
    count = len(data.columns)
    first = 22 if count <= 4 else 16
    rest = (100 - first) // max(count, 1)
    return table(None, rows, [first] + [rest] * count, "8pt", backgrounds)


def plan_table(plan: PlanVsActual) -> str:
    rows, backgrounds = [], []
    for check in plan.checks:
        if check.met is None:
            met, bg = muted(text(check.actual_text)), None  # not measured, or not given
        else:
            met = coloured("met" if check.met else "not met", GOOD if check.met else BAD, True)
            bg = GOOD_BG if check.met else BAD_BG
        rows.append([text(check.label), text(check.promised_text), text(check.actual_text),
                     text(check.difference_text), met])  # fmt: skip
        backgrounds.append([None, None, None, None, bg])
    headers = ["", "Promised", "Actual", "Difference", "Plan"]
    return table(headers, rows, [30, 22, 22, 14, 12], "8pt", backgrounds)


def scenarios_page(data: ScenarioTable) -> str:
    parts = [heading("Scenarios: the plan against the measured state", new_page=True)]
    later = [c for c in data.columns if c.kind == ASSESSMENT]
    intro = (
        "Each scenario sets some of the figures the team controls; every other figure keeps its "
        "measured value, and the score and verdicts are what the same model gives then. "
        "A figure that differs from the measured one is in bold."
    )
    if later:
        intro += " The last columns are the real assessments made since."
    parts.append(para(intro))
    parts.append(before_after_table(data))
    notes = [f"<b>{text(c.title)}</b>: {text(c.note)}" for c in data.columns if c.note]
    article = [c for c in data.columns if c.origin == "article"]
    if article and not any(c.note for c in article):  # the article's own note says it
        notes.append(text(ARTICLE_NOTE))
    if notes:
        parts.append(para(muted("<br>".join(notes), "8pt")))
    for plan in data.plan_vs_actual:
        parts.append(f"<h2>Plan vs actual: {text(plan.scenario)}</h2>")
        parts.append(para(text(
            f"What the scenario promised against {plan.assessment}, the next real assessment: "
            f"{plan.summary}."
        )))  # fmt: skip
        parts.append(plan_table(plan))
    return "".join(parts)
