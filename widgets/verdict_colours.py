"""One colour per verdict option, shared by the decision maps and the contribution charts, in
the light and the dark theme (roles of :mod:`widgets.palette`).

Green is the option that needs the least (keep and improve, staff augmentation), blue the
article's default (a surgical refactor), amber the larger step (a targeted rewrite, an
architectural partner), red the full rewrite the article warns against.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from widgets import palette

OPTION_ROLES = {
    "keep_and_improve": "good",
    "strangler_refactor": "chart_line",
    "targeted_rewrite": "warn",
    "full_rewrite": "bad",
    "staff_augmentation": "good",
    "architectural_partner": "warn",
}
#: for options a changed model adds: in the order of the model's options
SPARE_ROLES = ("chart_line", "warn", "good", "bad", "tick")
#: a region: the option's colour over the chart's background (light, dark: on a dark
#: background the same share reads too dim to tell two regions apart)
FILL_ALPHA = (0.32, 0.45)


def option_role(option: str, options: list[str] | tuple[str, ...] = ()) -> str:
    if option in OPTION_ROLES:
        return OPTION_ROLES[option]
    index = list(options).index(option) if option in options else len(option)
    return SPARE_ROLES[index % len(SPARE_ROLES)]


def option_colour(option: str, options: list[str] | tuple[str, ...] = ()) -> QColor:
    """The option's strong colour (the system's point, a bar's edge)."""
    return palette.colour(option_role(option, options))


def blend(front: QColor, back: QColor, alpha: float) -> QColor:
    """``front`` laid over ``back`` at ``alpha``, as one opaque colour (paper has no alpha)."""
    return QColor(
        round(front.red() * alpha + back.red() * (1 - alpha)),
        round(front.green() * alpha + back.green() * (1 - alpha)),
        round(front.blue() * alpha + back.blue() * (1 - alpha)),
    )


def option_fill(option: str, options: list[str] | tuple[str, ...] = ()) -> QColor:
    """The option's region colour on the chart's background."""
    alpha = FILL_ALPHA[1] if palette.is_dark() else FILL_ALPHA[0]
    return blend(option_colour(option, options), palette.colour("chart_bg"), alpha)


#: an input's name where room is short (a bar segment, the map's arrow); the full label is
#: in the tooltip
SHORT_NAMES = {
    "lead_time_days": "Lead time",
    "deploys_per_week": "Deploys",
    "releases_per_week": "Releases",
    "change_fail_rate": "Fail rate",
    "recovery_hours": "Recovery",
    "deployment_rework_rate": "Deploy rework",
    "debt_ratio": "Debt",
    "duplication_share": "Duplication",
    "components_in_cycles": "Cycles",
    "cycle_share": "Cycles",
    "cross_component_share": "Cross imports",
    "shared_model_imports": "Shared models",
    "rework_share": "Rework",
    "test_share": "Tests",
    "python2_share": "Python 2",
    "runtime_version": "Runtime",
    "supported_python": "Python supported",
    "removed_module_imports": "Removed modules",
    "truck_factor": "Truck factor",
    "knowledge_loss_share": "Knowledge lost",
    "sloc": "Size",
    "commits": "History",
    "senior_engineers": "Seniors",
    "teams_per_deployment": "Teams",
    "rewrite_candidates": "Rewrite candidates",
    "hotspot_concentration": "Hotspots",
    "hot_component_pressure": "Hot component",
    "complex_function_share": "Complexity",
    "mi_average": "Maintainability",
    "fix_share": "Fixes",
    "ai_layers_present": "AI layers",
    "quick_check_overall": "Quick Check",
}
