"""What the current state costs, each figure with its formula and where every factor came from.

- Yearly cost of rework = team size x loaded yearly cost per engineer x rework share, once with
  the measured share (lines rewritten soon after being written) and once with the team's own
  figure, side by side: they measure different things and both are shown.
- Debt remediation = SQALE remediation hours x loaded hourly cost (SonarQube's debt, priced).
- AI budget at risk = AI budget x rework share (the team's figure, else the measured one).
  Assumption: AI work built on this system loses the same share of its hours to rework and
  unplanned work as the rest of the work does today (the article: 30-40% when constrained).
- Rework over the AI timeline = yearly cost of rework (the share used) x months / 12.
Amounts are rounded to whole currency units.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from analysis.decisions.inputs import DEFAULT, InputValue, format_value
from analysis.decisions.model import DecisionModel
from analysis.decisions.team import ResolvedTeam, TeamValue

if TYPE_CHECKING:  # the assessment is read, its module not imported (it imports this)
    from analysis.results import Assessment


@dataclass
class Factor:
    name: str
    value: float
    provenance: str
    source: str


@dataclass
class MoneyFigure:
    id: str
    label: str
    value: float | None
    per: str  # "year" | "once" | "timeline"
    formula: str
    factors: list[Factor] = field(default_factory=list)
    missing: str = ""  # why there is no value
    uses_defaults: bool = False


@dataclass
class Money:
    currency: str
    hourly_cost: float
    yearly_cost: float
    hours_per_year: float
    figures: list[MoneyFigure] = field(default_factory=list)
    assumption: str = ""


def _amount(value: float, currency: str) -> str:
    return f"{value:,.0f} {currency}"


def _tag(holder) -> str:
    """How a factor's origin reads in a formula: nothing when the team gave it."""
    if holder.provenance == "given":
        return ""
    if holder.source.startswith("default"):
        return " (default)" if holder.provenance == DEFAULT else f" (default, {holder.provenance})"
    return f" ({holder.provenance})"


def _figure(
    id: str, label: str, per: str, factors: list[tuple[str, TeamValue | InputValue, str]], currency
) -> MoneyFigure:
    """Product of the factors (name, value holder, how it reads); None if one is missing."""
    missing = [name for name, holder, _ in factors if holder.value is None]
    plain = [
        Factor(name, holder.value, holder.provenance, holder.source)
        for name, holder, _ in factors
        if holder.value is not None
    ]
    words = " x ".join(
        f"{name} (missing)" if holder.value is None else f"{text}{_tag(holder)}"
        for name, holder, text in factors
    )
    if missing:
        return MoneyFigure(id, label, None, per, words, plain, f"needs {', '.join(missing)}")
    value = 1.0
    for factor in plain:
        value *= factor.value
    value = round(value)
    return MoneyFigure(
        id,
        label,
        value,
        per,
        f"{words} = {_amount(value, currency)}",
        plain,
        uses_defaults=any(f.source.startswith("default") for f in plain),
    )


def debt_hours(assessment: Assessment) -> InputValue:
    """The SQALE remediation hours the debt's cost is priced from."""
    debt = assessment.debt
    if debt is None:
        return InputValue("debt_hours", None, "missing", "", "no technical debt measured")
    return InputValue(
        "debt_hours",
        round(debt.remediation_minutes / 60, 2),
        "measured",
        "SQALE remediation minutes / 60",
    )


def money_figures(
    assessment: Assessment,
    team: ResolvedTeam,
    inputs: dict[str, InputValue],
    model: DecisionModel,
    debt: InputValue | None = None,
) -> Money:
    """The money figures; ``debt`` replaces the measured remediation hours (a scenario)."""
    currency = team.currency.value
    yearly, hourly = team.yearly_cost, team.hourly_cost
    size = team.team_size
    size_text = (
        f"{format_value('team_size', size.value)} engineer{'' if size.value == 1 else 's'}"
        if size.value
        else "team size"
    )
    yearly_text = f"{_amount(yearly.value, currency)} a year"
    measured, reported = inputs["rework_share_measured"], inputs["rework_share_reported"]
    used = inputs["rework_share"]

    def share(holder: InputValue, what: str) -> str:
        return f"{what} rework {format_value('rework_share', holder.value)}"

    debt = debt or debt_hours(assessment)
    budget = team.ai_budget
    months = team.ai_timeline_months
    months_holder = InputValue(
        "months", None if months.value is None else months.value / 12, months.provenance,
        months.source,
    )  # fmt: skip
    figures = [
        _figure(
            f"rework_{what}",
            f"Yearly cost of rework ({title})",
            "year",
            [
                ("team size", size, size_text),
                ("cost per engineer", yearly, yearly_text),
                (f"{what} rework share", holder, share(holder, what)),
            ],
            currency,
        )
        for what, title, holder in (
            ("measured", "measured share", measured),
            ("reported", "the team's own share", reported),
        )
    ] + [
        _figure(
            "debt_remediation",
            "Cost to fix the known technical debt",
            "once",
            [
                ("debt hours", debt, f"{debt.value or 0:,.1f} h of remediation"),
                ("hourly cost", hourly, f"{hourly.value:,.2f} {currency}/h"),
            ],
            currency,
        ),
        _figure(
            "ai_budget_at_risk",
            "AI budget at risk",
            "timeline",
            [
                ("AI budget", budget, f"AI budget {_amount(budget.value or 0, currency)}"),
                ("rework share", used, share(used, "used")),
            ],
            currency,
        ),
        _figure(
            "rework_over_timeline",
            "Cost of rework over the AI timeline",
            "timeline",
            [
                ("team size", size, size_text),
                ("cost per engineer", yearly, yearly_text),
                ("rework share", used, share(used, "used")),
                (
                    "timeline in years",
                    months_holder,
                    f"{months.value or 0:g} months / 12",
                ),
            ],
            currency,
        ),
    ]
    return Money(
        currency=currency,
        hourly_cost=hourly.value,
        yearly_cost=yearly.value,
        hours_per_year=model.meta.hours_per_year,
        figures=figures,
        assumption=(
            "AI budget at risk assumes AI work built on this system loses the same share of its "
            "hours to rework as the rest of the work does today."
        ),
    )
