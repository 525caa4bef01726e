"""The named inputs of the advice: what each one is, its unit, and the range a what-if may move it.

Every figure the advice uses is one of these, with its value (``None`` when not measured), where
it came from (measured, answered, given by the team, a default) and its source. The verdicts and
the score read only these values, so a what-if changes one input and re-runs the same functions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# provenance of a value
MEASURED = "measured"  # from the repository (an assessment section)
ANSWERED = "answered"  # the team's DORA Quick Check answers
GIVEN = "given"  # the team profile
SETTINGS = "settings"  # the application's settings (hourly cost)
DEFAULT = "default"  # an assumption of the model, marked wherever it is used
MISSING = "missing"
#: the figure does not exist for this kind of system (a library has no runtime of its own):
#: left out of scores, coverage and verdicts rather than counted as unmeasured
NOT_APPLICABLE = "not applicable"

# units (how a value reads)
FRACTION, DAYS, HOURS, PER_WEEK, COUNT, LINES, VERSION, SCORE, MONEY, MONTHS = (
    "fraction",
    "days",
    "hours",
    "per week",
    "count",
    "lines",
    "version",
    "score",
    "money",
    "months",
)


@dataclass(frozen=True)
class InputSpec:
    key: str
    label: str
    unit: str
    lo: float  # the range a what-if search explores
    hi: float
    resolution: float  # smallest meaningful step (a what-if lands on a multiple of it)
    log: bool = False  # distances measured on a log scale (sizes and counts spanning decades)
    #: can the team change it as a plan? Facts of the system (its size, its number of
    #: components, the history's length, where changes fall, who left) are context for a
    #: verdict, never the change "what would change it" proposes
    actionable: bool = True

    def distance(self, a: float, b: float) -> float:
        """How far apart two values are, as a share of the input's range (log for sizes)."""
        if self.log:
            span = math.log10(self.hi + 1) - math.log10(self.lo + 1)
            return abs(math.log10(b + 1) - math.log10(a + 1)) / span
        return abs(b - a) / (self.hi - self.lo)


_SPECS = (
    InputSpec("lead_time_days", "Change lead time (median)", DAYS, 0, 60, 0.5),
    InputSpec("deploys_per_week", "Deployments per week", PER_WEEK, 0, 35, 0.05),
    InputSpec(
        "releases_per_week", "Releases per week (library or application)", PER_WEEK, 0, 7, 0.01
    ),
    InputSpec("change_fail_rate", "Change fail rate", FRACTION, 0, 1, 0.01),
    InputSpec("recovery_hours", "Failed deployment recovery time (median)", HOURS, 0, 720, 1),
    InputSpec("deployment_rework_rate", "Deployment rework rate", FRACTION, 0, 1, 0.01),
    InputSpec("quick_check_overall", "DORA Quick Check overall (answers)", SCORE, 0, 10, 0.1),
    InputSpec("debt_ratio", "Technical debt ratio", FRACTION, 0, 1, 0.01),
    InputSpec("mi_average", "Maintainability Index (mean)", SCORE, 0, 100, 1),
    InputSpec("duplication_share", "Duplicated lines", FRACTION, 0, 1, 0.01),
    InputSpec("complex_function_share", "Functions over complexity 15", FRACTION, 0, 1, 0.01),
    InputSpec("test_share", "Test files among Python files", FRACTION, 0, 1, 0.01),
    InputSpec("python2_share", "Python files in Python 2", FRACTION, 0, 1, 0.01),
    InputSpec("sloc", "Source lines of code", LINES, 0, 1_000_000, 100, log=True, actionable=False),
    InputSpec("runtime_version", "Python runtime", VERSION, 207, 314, 1),
    InputSpec("supported_python", "Newest Python supported (library)", VERSION, 207, 314, 1),
    InputSpec("removed_module_imports", "Imports of removed stdlib modules", COUNT, 0, 200, 1),
    InputSpec("components", "Components", COUNT, 0, 500, 1, actionable=False),
    InputSpec("components_in_cycles", "Components in dependency cycles", COUNT, 0, 50, 1),
    InputSpec("cycle_share", "Components in cycles (share)", FRACTION, 0, 1, 0.01),
    InputSpec("cross_component_share", "Imports crossing components", FRACTION, 0, 1, 0.01),
    InputSpec("shared_model_imports", "Imports of other components' models", COUNT, 0, 200, 1),
    InputSpec("ai_layers_present", "Target-architecture layers present", COUNT, 0, 4, 0.5),
    InputSpec("rework_share", "Rework share", FRACTION, 0, 1, 0.01),
    InputSpec("rework_share_measured", "Rework share (measured, lines)", FRACTION, 0, 1, 0.01),
    InputSpec("fix_share", "Fix commits", FRACTION, 0, 1, 0.01, actionable=False),
    InputSpec(
        "hotspot_concentration",
        "Changes in the top 10% of files",
        FRACTION,
        0,
        1,
        0.01,
        actionable=False,
    ),
    InputSpec(
        "hot_component_pressure",
        "Changes in the busiest unhealthy component",
        FRACTION,
        0,
        1,
        0.01,
        actionable=False,
    ),
    InputSpec(
        "commits", "Commits in the history", COUNT, 0, 100_000, 1, log=True, actionable=False
    ),
    InputSpec("truck_factor", "Truck factor", COUNT, 0, 50, 1),
    InputSpec(
        "knowledge_loss_share",
        "Files whose main developer left",
        FRACTION,
        0,
        1,
        0.01,
        actionable=False,
    ),
    InputSpec(
        "rewrite_candidates",
        "Small components rated E outside cycles",
        COUNT,
        0,
        50,
        1,
        actionable=False,
    ),
    InputSpec("team_size", "Engineers on the team", COUNT, 1, 1000, 1, log=True),
    InputSpec("rework_share_reported", "Rework share (team's own figure)", FRACTION, 0, 1, 0.01),
    InputSpec("teams_per_deployment", "Teams coordinating a deployment", COUNT, 1, 50, 1),
    InputSpec("senior_engineers", "Architects / senior engineers", COUNT, 0, 100, 1),
)
SPECS: dict[str, InputSpec] = {spec.key: spec for spec in _SPECS}


@dataclass
class InputValue:
    """One input: its value (None when not measured), where it came from, and why."""

    key: str
    value: float | None
    provenance: str
    source: str  # what measured or gave it, in words
    note: str = ""  # why it is missing, or the sample it rests on
    location: str = ""  # a place in the code or data, when one says where
    detail: str = ""  # a name the sentence needs (the component, the file)

    @property
    def label(self) -> str:
        return SPECS[self.key].label


def version_code(text: str) -> int | None:
    """``"3.11"`` -> 311, ``"2.7"`` -> 207; None when not a major.minor version."""
    parts = text.strip().split(".")
    if len(parts) < 2 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    return int(parts[0]) * 100 + int(parts[1])


def format_value(key: str, value: float | None, unit: str | None = None) -> str:
    """An input's value as a CTO reads it: 30%, 12.0 days, 3.9, 60,000 lines. ``unit`` for a
    figure that is not an input (a scenario's team levers: money, months)."""
    if value is None:
        return "not measured"
    unit = unit or (SPECS[key].unit if key in SPECS else COUNT)
    if unit == FRACTION:
        percent = round(value * 100, 1)
        return f"{percent:.0f}%" if float(percent).is_integer() else f"{percent:.1f}%"
    if unit == DAYS:
        return f"{value:.1f} days"
    if unit == HOURS:
        return f"{value:.0f} hours" if value >= 1 else f"{value * 60:.0f} minutes"
    if unit == PER_WEEK:
        return f"{value:.2f} a week"
    if unit == VERSION:
        return f"{int(value) // 100}.{int(value) % 100}"
    if unit == SCORE:
        return f"{value:.1f}"
    if unit == MONTHS:
        return f"{value:g} months"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def missing(key: str, why: str) -> InputValue:
    """An input that could not be measured, and why."""
    return InputValue(key, None, MISSING, "", why)


def not_applicable(key: str, why: str) -> InputValue:
    """An input that does not apply to this kind of system, and why."""
    return InputValue(key, None, NOT_APPLICABLE, "", why)


def measured(key: str, value, source: str, note: str = "", **more) -> InputValue:
    """An input measured from the repository."""
    return InputValue(key, value, MEASURED, source, note, **more)
