"""Before and after: two assessments of a repository side by side, in the article's format.

The article's worked example reads "lead time 12 d -> 3 d, deploys weekly -> daily, change
failure rate 30% -> < 10%": each figure before and after, and whether it moved the right way.
:func:`compare` does that for the headline figures (:mod:`analysis.headline`); whether a change
is better or worse depends on the metric's direction (a shorter lead time is better, more
deployments are better). Direction is judged on the figures as shown, so a change too small to
show reads "unchanged", never a coloured "+0.0". The CLI, the GUI and the PDF all print this.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from analysis.headline import Headline, headline

LOWER, HIGHER, NEUTRAL = "lower", "higher", "neutral"  # which way is better
BETTER, WORSE, UNCHANGED, CHANGED, NOT_COMPARABLE = (
    "better",
    "worse",
    "unchanged",
    "changed",
    "not comparable",
)
BUCKET_WORDS = {
    "daily": "daily",
    "weekly": "weekly",
    "monthly": "monthly",
    "yearly": "less than monthly",
}


def duration_text(hours: float) -> str:
    """12.0 days, 5.0 hours, 15 min: the unit a reader expects for the size of the figure."""
    if hours >= 24:
        return f"{hours / 24:.1f} days"
    if hours >= 1:
        return f"{hours:.1f} hours"
    return f"{hours * 60:.0f} min"


def percent_text(fraction: float, digits: int = 1) -> str:
    return f"{fraction * 100:.{digits}f}%"


def _points(delta: float, digits: int = 1) -> str:
    return f"{delta * 100:+.{digits}f} pp"


@dataclass(frozen=True)
class MetricSpec:
    key: str  # a Headline field
    label: str
    better: str  # LOWER | HIGHER | NEUTRAL
    text: Callable[[float, Headline], str]  # the value as shown
    delta: Callable[[float], str]  # after - before, as shown
    relative: bool  # also show the change in percent of the before value
    step: float | None  # the resolution shown: deltas are taken between shown values
    article: str  # the article's healthy target (or the threshold's source)
    definition: str  # what it is and where it comes from (tooltips, PDF)


def _days(value: float, _h: Headline) -> str:
    return duration_text(value * 24)


def _signed_days(delta: float) -> str:
    return ("+" if delta > 0 else "-" if delta < 0 else "") + duration_text(abs(delta) * 24)


def _per_week(value: float, h: Headline) -> str:
    bucket = BUCKET_WORDS.get(h.deploy_bucket or "")
    return f"{value:.2f} a week" + (f" ({bucket})" if bucket else "")


def _score(value: float, h: Headline) -> str:
    return f"{value:.0f}/100" + (f" ({h.grade})" if h.grade else "")


def _debt(value: float, h: Headline) -> str:
    return percent_text(value) + (f" ({h.debt_rating})" if h.debt_rating else "")


def _hours(value: float, _h: Headline) -> str:
    return f"{value:,.1f} h"


def _plain(digits: int, unit: str = "") -> Callable[[float, Headline], str]:
    return lambda value, _h: f"{value:,.{digits}f}{unit}"


def _signed(digits: int, unit: str = "") -> Callable[[float], str]:
    return lambda delta: f"{delta:+,.{digits}f}{unit}"


def _pct(value: float, _h: Headline) -> str:
    return percent_text(value)


def _spec(key, label, better, text, delta, *, relative=False, step=None, article, definition):
    return MetricSpec(key, label, better, text, delta, relative, step, article, definition)


METRICS: tuple[MetricSpec, ...] = (
    _spec("score", "AI-readiness score", HIGHER, _score, _signed(0, " points"), step=1,
          article="ready at 75+ (grade B or better)",
          definition="Readiness Advisor's 0-100 score: weighted sub-scores (delivery, code "
          "health, architecture, runtime, team) with the article's hard caps; methodology "
          "section 1."),
    _spec("lead_time_days", "Change lead time (median)", LOWER, _days, _signed_days,
          relative=True, article="healthy < 3 days; high-debt 10-15+ days",
          definition="DORA: time from a commit to the deployment that shipped it, median over "
          "the window's commits (fourkeys). Levels (DevLake, DORA 2023): Elite < 1 day, High "
          "< 1 week, Medium < 1 month."),
    _spec("deploys_per_week", "Deployment frequency", HIGHER, _per_week, _signed(2, " a week"),
          relative=True, step=0.01, article="healthy daily; high-debt weekly or less",
          definition="DORA: deployments in the window / weeks; in brackets fourkeys' bucket "
          "(daily if the median week has >= 3 deploy days, weekly if it has one, monthly if the "
          "median month has one)."),
    _spec("change_fail_rate", "Change fail rate", LOWER, _pct, _points, step=0.001,
          article="healthy < 10%; high-debt 20-40%",
          definition="DORA: deployments that needed immediate intervention (rollback, revert, "
          "hotfix) / deployments. Levels: Elite <= 5%, High <= 10%, Medium <= 15%."),
    _spec("recovery_hours", "Failed deployment recovery time", LOWER, _days, _signed_days,
          relative=True, article="healthy < 1 hour; high-debt hours or days",
          definition="DORA: median time from a failed deployment to the one that restored "
          "service. Levels: Elite < 1 hour, High < 1 day, Medium < 1 week."),
    _spec("deployment_rework_rate", "Deployment rework rate", LOWER, _pct, _points, step=0.001,
          article="no published threshold",
          definition="DORA (2024): unplanned deployments made to fix a user-facing bug / "
          "deployments."),
    _spec("debt_ratio", "Technical debt ratio", LOWER, _debt, _points, step=0.001,
          article="SonarQube A <= 5%, B <= 10%, C <= 20%, D <= 50%",
          definition="SQALE as in SonarQube: remediation minutes / (30 min per line x lines of "
          "code); rating in brackets."),
    _spec("debt_hours", "Technical debt (remediation)", LOWER, _hours, _signed(1, " h"),
          relative=True, step=0.1, article="grows with the code; read it with the ratio",
          definition="Sum of the SonarQube-style remediation estimates of every debt issue, in "
          "hours."),
    _spec("hotspot_share", "Hotspot share of changes", LOWER, _pct, _points, step=0.001,
          article="no published threshold; lower is better",
          definition="Share of the window's file changes (commits touching a file) that land in "
          "the top 10% of files by hotspot score (change frequency x complexity; CodeScene, "
          "'Your Code as a Crime Scene'). Needs 10 changed files."),
    _spec("rework_share", "Rework share (lines)", LOWER, _pct, _points, step=0.001,
          article="constrained at 30-40% of engineering time",
          definition="Lines deleted within the rework window (default 21 days; Pluralsight "
          "Flow, GitClear) of being added / changed lines, in the history window."),
    _spec("duplication", "Duplicated lines", LOWER, _pct, _points, step=0.001,
          article="Sonar way gate for new code: <= 3%",
          definition="SonarQube CPD: lines in blocks of >= 100 duplicated tokens over >= 10 "
          "lines / lines."),
    _spec("mi_average", "Maintainability Index (mean)", HIGHER, _plain(1), _signed(1), step=0.1,
          article="radon rank A > 19, B 10-19, C <= 9",
          definition="radon's Maintainability Index, mean over files weighted by source lines."),
    _spec("truck_factor", "Truck factor", HIGHER, _plain(0), _signed(0), step=1,
          article="1 means one person holds most of the code",
          definition="Fewest developers whose leaving orphans more than half the files "
          "(Avelino et al., ICPC 2016)."),
    _spec("sloc", "Source lines of code", NEUTRAL, _plain(0), _signed(0), relative=True, step=1,
          article="context, neither better nor worse",
          definition="radon raw SLOC over all measured Python files."),
)  # fmt: skip
SPECS = {spec.key: spec for spec in METRICS}
#: verdicts compared as labels: (Headline field, label)
VERDICTS = (
    ("status", "Readiness status"),
    ("refactor_verdict", "Refactor or rewrite"),
    ("staffing_verdict", "Staffing"),
)


@dataclass
class MetricChange:
    key: str
    label: str
    before: float | None
    after: float | None
    delta: float | None  # after - before; None when either is missing
    before_text: str
    after_text: str
    delta_text: str
    direction: str  # better | worse | unchanged | changed (neutral metric) | not comparable
    article: str
    definition: str


@dataclass
class VerdictChange:
    key: str
    label: str
    before: str | None
    after: str | None
    changed: bool


@dataclass
class Comparison:
    before: Headline
    after: Headline
    metrics: list[MetricChange] = field(default_factory=list)
    verdicts: list[VerdictChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # why figures may not be comparable

    def metric(self, key: str) -> MetricChange:
        return next(m for m in self.metrics if m.key == key)


def _change(spec: MetricSpec, before: Headline, after: Headline) -> MetricChange:
    old, new = getattr(before, spec.key), getattr(after, spec.key)
    old_text = "not measured" if old is None else spec.text(old, before)
    new_text = "not measured" if new is None else spec.text(new, after)
    if old is None or new is None:
        return MetricChange(spec.key, spec.label, old, new, None, old_text, new_text, "–",
                            NOT_COMPARABLE, spec.article, spec.definition)  # fmt: skip
    if spec.step:  # the difference of the figures as shown
        delta = round((round(new / spec.step) - round(old / spec.step)) * spec.step, 10)
    else:
        delta = new - old
    if spec.text(old, before) == spec.text(new, after) or delta == 0:
        direction = UNCHANGED
    elif spec.better == NEUTRAL:
        direction = CHANGED
    else:
        direction = BETTER if (delta < 0) == (spec.better == LOWER) else WORSE
    text = "no change" if direction == UNCHANGED else spec.delta(delta)
    base = round(round(old / spec.step) * spec.step, 10) if spec.step else old
    if spec.relative and base and direction != UNCHANGED:
        text += f" ({delta / base:+.0%})"  # of the before figure as shown
    return MetricChange(spec.key, spec.label, old, new, delta, old_text, new_text, text,
                        direction, spec.article, spec.definition)  # fmt: skip


def _notes(before: Headline, after: Headline) -> list[str]:
    notes = []
    if before.repository != after.repository:
        notes.append(f"Different repositories: {before.repository} and {after.repository}.")
    if before.analyzed_at and after.analyzed_at and after.analyzed_at < before.analyzed_at:
        notes.append("The 'after' assessment is older than the 'before' one.")
    if (
        before.deployment_source
        and after.deployment_source
        and before.deployment_source != after.deployment_source
    ):
        notes.append(
            f"Deployments were counted from '{before.deployment_source}' before and from "
            f"'{after.deployment_source}' after: the delivery figures measure different things."
        )
    for when, item in (("before", before), ("after", after)):
        if item.partial:
            notes.append(f"The {when} assessment is partial: some input could not be measured.")
    if before.tool_version and after.tool_version and before.tool_version != after.tool_version:
        notes.append(
            f"Measured by Readiness Advisor {before.tool_version} and {after.tool_version}."
        )
    return notes


def compare(before: Any, after: Any) -> Comparison:
    """Before/after of two assessments (an ``Assessment``, its report or its ``Headline``)."""
    old = before if isinstance(before, Headline) else headline(before)
    new = after if isinstance(after, Headline) else headline(after)
    return Comparison(
        before=old,
        after=new,
        metrics=[_change(spec, old, new) for spec in METRICS],
        verdicts=[
            VerdictChange(
                key,
                label,
                getattr(old, key),
                getattr(new, key),
                getattr(old, key) != getattr(new, key),
            )
            for key, label in VERDICTS
        ],
        notes=_notes(old, new),
    )
