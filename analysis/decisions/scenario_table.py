"""Scenarios side by side in the article's before/after format, and "plan vs actual".

The article argues with a before/after table (lead time 12 -> 3 days, weekly -> daily deploys,
change fail rate 30% -> < 10%). :func:`scenario_table` lays out that table for an assessment:
one column for the measured state, one per scenario, one per later real assessment of the same
repository; one row per lever any scenario sets, then the score, the grade and both verdicts. A
scenario's figures are :meth:`Advisor.decide` of its settings (the same model as the measured
advice, no second one); a later assessment's are its own advisor's measured advice.

"Plan vs actual" pairs each scenario with the next real assessment: the figure the scenario
promised beside the one measured, their difference, and whether the plan was met (for a figure
with a better direction, the DORA and SonarQube one: at least as good as promised, compared at
the lever's resolution; for a team figure such as its size or budget: the same value; for the
score, the grade and the verdicts: the same or better, a verdict being better when it asks
less of the team, :data:`INTERVENTION`). Plain data for the CLI, the PDF and the GUI; no Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from analysis.decisions.advisor import Advisor, reweighting_notes
from analysis.decisions.inputs import COUNT, format_value
from analysis.decisions.result import Decisions
from analysis.decisions.scenario import LEVERS, TEAM, Lever, Scenario, article_scenario

MEASURED, SCENARIO, ASSESSMENT = "measured", "scenario", "assessment"  # column kinds
LEVER, OUTCOME = "lever", "outcome"  # row kinds
SCORE, GRADE, REFACTOR, STAFFING = "score", "grade", "refactor_vs_rewrite", "staffing"
OUTCOME_LABELS = {
    SCORE: "AI-readiness score",
    GRADE: "Grade",
    REFACTOR: "Refactor or rewrite",
    STAFFING: "Staffing",
}
ORIGIN_WORDS = {"article": "from the article", "checkpoint": "a roadmap checkpoint"}
#: which way a lever is better (DORA 2024 for the delivery figures; SonarQube for debt and
#: duplication; issue 9 for cycles; the team's rework share as the history's); a lever absent
#: from both is a fact of the team (its size, cost, budget), met only when it is as planned
GRADES = "ABCDE"  # best first (resources/readiness_model.toml [grades])
#: how much a verdict asks of the team, least first: the article's healthy system keeps and
#: improves with staff augmentation; a constrained one needs the strangler fig, a partner or a
#: rewrite. A next assessment whose verdict asks less than the plan promised has met it.
INTERVENTION = {
    "keep_and_improve": 0, "strangler_refactor": 1, "targeted_rewrite": 2, "full_rewrite": 3,
    "staff_augmentation": 0, "architectural_partner": 1,
}  # fmt: skip


@dataclass
class Column:
    kind: str  # MEASURED | SCENARIO | ASSESSMENT
    title: str  # the scenario's name, "Measured", "Assessment #12"
    subtitle: str = ""  # "the article's targets", "assessed 2026-12-03", ...
    origin: str = ""  # a scenario's origin ("team", "article", "checkpoint")
    note: str = ""
    assessment_id: int | None = None
    analyzed_at: str = ""
    settings: dict[str, float] = field(default_factory=dict)  # a scenario's levers


@dataclass
class Cell:
    value: float | str | None  # a lever's value, the score, the grade, a verdict's key
    text: str  # as a CTO reads it
    changed: bool = False  # differs from the measured column


@dataclass
class Row:
    key: str  # a lever's key, or SCORE, GRADE, REFACTOR, STAFFING
    label: str
    kind: str  # LEVER | OUTCOME
    cells: list[Cell]  # one per column


@dataclass
class PlanCheck:
    key: str
    label: str
    promised: float | str | None
    actual: float | str | None
    promised_text: str
    actual_text: str
    difference: float | None  # actual - promised (numbers only)
    difference_text: str
    met: bool | None  # None: the assessment did not measure it


@dataclass
class PlanVsActual:
    scenario: str
    origin: str
    assessment_id: int | None
    assessment: str  # the later assessment's column title
    checks: list[PlanCheck]

    @property
    def met(self) -> int:
        return sum(1 for c in self.checks if c.met)

    @property
    def judged(self) -> int:
        return sum(1 for c in self.checks if c.met is not None)

    @property
    def summary(self) -> str:
        """ "3 of 5 figures met", and how many the assessment did not measure."""
        text = f"{self.met} of {self.judged} figures met"
        unmeasured = len(self.checks) - self.judged
        return text + (f"; {unmeasured} not measured there" if unmeasured else "")


@dataclass
class ScenarioTable:
    columns: list[Column]
    rows: list[Row]
    plan_vs_actual: list[PlanVsActual] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for plan, done in zip(data["plan_vs_actual"], self.plan_vs_actual, strict=True):
            plan["met"], plan["judged"], plan["summary"] = done.met, done.judged, done.summary
        return data


@dataclass
class LaterAssessment:
    """A real assessment of the same repository made after the measured one."""

    advisor: Advisor  # built like the measured one's (same team profile and model)
    assessment_id: int | None = None
    analyzed_at: str = ""  # ISO 8601


def article_targets(advisor: Advisor) -> Scenario:
    """The article's targets for this system, less those it already meets
    (:func:`~analysis.decisions.scenario.article_scenario`)."""
    return article_scenario(advisor.delivery.kind, advisor.current)


def lever_text(lever: Lever | None, value: float | None) -> str:
    """A lever's value as a CTO reads it: 9%, 3.0 days, 7.00 a week, 150,000."""
    if value is None:  # a team figure is given, not measured
        return "not given" if lever is not None and lever.target == TEAM else "not measured"
    return format_value(lever.key if lever else "", value, lever.unit if lever else COUNT)


def _difference_text(lever: Lever | None, difference: float) -> str:
    if lever is not None and lever.unit == "fraction":
        return f"{difference * 100:+.1f} pp"
    sign = "+" if difference > 0 else "-" if difference < 0 else "±"
    return sign + lever_text(lever, abs(difference))


def _outcome(decisions: Decisions, key: str) -> Cell:
    readiness = decisions.readiness
    if key == SCORE:
        shown = "not enough data" if readiness.score is None else f"{readiness.score}/100"
        return Cell(readiness.score, shown)
    if key == GRADE:
        return Cell(readiness.grade, readiness.grade or "–")
    verdict = getattr(decisions, key)
    return Cell(verdict.verdict, verdict.headline)


def _snap(value: float, lever: Lever | None) -> float:
    step = lever.resolution if lever and lever.resolution else 1e-9
    return round(round(value / step) * step, 10)


def _met(key: str, promised, actual) -> bool | None:
    if promised is None or actual is None:
        return None
    if key == SCORE:
        return actual >= promised
    if key == GRADE:
        return GRADES.find(actual) <= GRADES.find(promised)
    if key in (REFACTOR, STAFFING):
        if actual == promised:
            return True
        if promised in INTERVENTION and actual in INTERVENTION:
            return INTERVENTION[actual] < INTERVENTION[promised]
        return False
    lever = LEVERS.get(key)
    promised, actual = _snap(promised, lever), _snap(actual, lever)
    if lever is not None and lever.better:
        return lever.at_least_as_good(actual, promised)
    return actual == promised


def _check(key: str, label: str, promised: Cell, actual: Cell) -> PlanCheck:
    difference, difference_text = None, ""
    was, now = promised.value, actual.value
    if isinstance(was, int | float) and isinstance(now, int | float):
        difference = round(now - was, 10)
        shown = _difference_text(LEVERS.get(key), difference)
        difference_text = f"{difference:+g}" if key == SCORE else shown
    elif isinstance(was, str) and isinstance(now, str):
        difference_text = "same" if was == now else "different"
        if key == GRADE and difference_text != "same":
            better = GRADES.find(now) < GRADES.find(was)
            difference_text = "better" if better else "worse"
        less, more = INTERVENTION.get(now), INTERVENTION.get(was)
        verdicts = key in (REFACTOR, STAFFING) and difference_text != "same"
        if verdicts and less is not None and more is not None:
            difference_text = "asks less" if less < more else "asks more"
    met = _met(key, promised.value, actual.value)
    return PlanCheck(key, label, promised.value, actual.value, promised.text, actual.text,
                     difference, difference_text, met)  # fmt: skip


def _when(analyzed_at: str) -> str:
    return analyzed_at[:10] if analyzed_at else ""


def scenario_table(
    advisor: Advisor,
    scenarios: Sequence[Scenario],
    later: Sequence[LaterAssessment] = (),
    assessment_id: int | None = None,
    analyzed_at: str = "",
) -> ScenarioTable:
    """The before/after table of ``scenarios`` played on ``advisor``'s assessment, with the
    ``later`` real assessments (oldest first) and each scenario's plan against the first of
    them."""
    measured = Column(
        MEASURED, "Measured",
        f"assessment #{assessment_id}" if assessment_id is not None else "this assessment",
        assessment_id=assessment_id, analyzed_at=analyzed_at,
    )  # fmt: skip
    columns = [measured]
    advice = [advisor.base]
    levels: list[dict[str, float | None]] = []
    keys = [k for k in LEVERS if any(k in s.settings for s in scenarios)]
    levels.append({k: advisor.current(k) for k in keys})
    for scenario in scenarios:
        played = advisor.decide(dict(scenario.settings), scenario.name)
        note = " ".join(n for n in (scenario.note, *reweighting_notes(played)) if n)
        columns.append(Column(SCENARIO, scenario.name, ORIGIN_WORDS.get(scenario.origin, ""),
                              scenario.origin, note,
                              settings=dict(scenario.settings)))  # fmt: skip
        advice.append(played)
        levels.append({k: scenario.settings.get(k, levels[0][k]) for k in keys})
    for item in later:
        title = f"Assessment #{item.assessment_id}" if item.assessment_id is not None else "Later"
        columns.append(Column(ASSESSMENT, title, f"assessed {_when(item.analyzed_at)}".strip(),
                              assessment_id=item.assessment_id,
                              analyzed_at=item.analyzed_at))  # fmt: skip
        advice.append(item.advisor.base)
        levels.append({k: item.advisor.current(k) for k in keys})
    rows = []
    for key in keys:
        lever = LEVERS[key]
        cells = [Cell(level[key], lever_text(lever, level[key])) for level in levels]
        rows.append(Row(key, lever.label, LEVER, cells))
    for key, label in OUTCOME_LABELS.items():
        rows.append(Row(key, label, OUTCOME, [_outcome(d, key) for d in advice]))
    for row in rows:
        for cell in row.cells[1:]:
            cell.changed = cell.value != row.cells[0].value
    return ScenarioTable(columns, rows, _plans(columns, rows, scenarios, later))


def _plans(columns, rows, scenarios, later) -> list[PlanVsActual]:
    if not later:
        return []
    actual_at = 1 + len(scenarios)  # the first later assessment's column
    plans = []
    for index, scenario in enumerate(scenarios, start=1):
        checks = [
            _check(row.key, row.label, row.cells[index], row.cells[actual_at])
            for row in rows
            if row.kind == OUTCOME or row.key in scenario.settings
        ]
        plans.append(PlanVsActual(scenario.name, scenario.origin, columns[actual_at].assessment_id,
                                  columns[actual_at].title, checks))  # fmt: skip
    return plans
