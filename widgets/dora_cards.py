"""A DORA metric card: the figure, its sample size, a level badge and the article's verdict."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel

from analysis.dora.evidence_wording import unit
from analysis.dora.levels import NOT_ENOUGH
from analysis.dora.results import DoraReport
from analysis.dora.settings import MIN_SAMPLE
from analysis.dora.wording import count, duration, percent
from widgets import palette
from widgets.kpi_card import KpiCard

#: The badges' palette roles (text, background) per DORA level: solid pills alike on both
#: themes. Verdicts are tinted, with dark variants.
LEVEL_ROLES = {
    "Elite": ("level_text", "level_elite_bg"),
    "High": ("level_text", "level_high_bg"),
    "Medium": ("level_medium_text", "level_medium_bg"),
    "Low": ("level_text", "level_low_bg"),
}
#: The verdicts' palette roles (text, background), which follow the theme.
VERDICT_ROLES = {
    "healthy": ("healthy_text", "healthy_bg"),
    "in between": ("between_text", "between_bg"),
    "high-debt": ("bad_strong", "bad_bg"),
}
_MUTED = ("badge_muted_text", "badge_muted_bg")


def badge_colours(text: str) -> tuple[str, str]:
    """(text, background) of the badge for a level or verdict, in the current theme."""
    fg, bg = VERDICT_ROLES.get(text) or LEVEL_ROLES.get(text) or _MUTED
    return palette.hex_colour(fg), palette.hex_colour(bg)


class LevelBadge(QLabel):
    """A small coloured pill with a level ("Elite" ... "Low") or a verdict."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.set_text("")

    def set_text(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))
        fg, bg = badge_colours(text)
        self.setStyleSheet(
            f"QLabel {{ color: {fg}; background: {bg}; border-radius: 8px; padding: 1px 8px;"
            " font-weight: 600; }"
        )

    def theme_changed(self) -> None:
        self.set_text(self.text())


class DoraMetricCard(KpiCard):
    """A KPI card with a DORA level badge and the article's healthy / high-debt verdict."""

    def __init__(self, title: str, tooltip: str = "", parent=None) -> None:
        super().__init__(title, tooltip, parent)
        self.title = title
        self.level_badge = LevelBadge()
        self.verdict_badge = LevelBadge()
        row = QHBoxLayout()
        row.setSpacing(4)
        row.addWidget(self.level_badge)
        row.addWidget(self.verdict_badge)
        row.addStretch(1)
        self.column.addLayout(row)

    def set_figure(self, value: str, caption: str, level: str = "", verdict: str = "") -> None:
        self.set_value(value, caption)
        self.level_badge.set_text(level)
        self.level_badge.setToolTip(
            "Fewer than 5 deployments (5 restored failures for recovery): no level"
            if level == "not enough data"
            else f"DORA 2023 level: {level}"
            if level
            else ""
        )
        shown = "" if verdict == level else verdict
        self.verdict_badge.set_text(shown)
        self.verdict_badge.setToolTip(f"The article's verdict: {shown}" if shown else "")
        self.setAccessibleDescription(f"{value} {caption} {level} {shown}".strip())

    def count_as(self, noun: str) -> None:
        """Title in the report's unit: "Release frequency" when tags measure release cadence."""
        self.title_label.setText(self.title.replace("Deployment", noun.capitalize()))
        self.setAccessibleName(self.title_label.text())


def show_figures(cards: dict[str, DoraMetricCard], dora: DoraReport) -> None:
    """The five DORA figures on their cards (keys: lead_time, deployment_frequency,
    change_fail_rate, recovery_time, rework_rate), with levels and the article's verdicts.

    A library's or packaged application's tags are releases, so the cards count releases; a
    lead time the data cannot support shows its reason, never a number."""
    n = dora.deployments
    noun = unit(dora)
    few = NOT_ENOUGH
    for card in cards.values():
        card.count_as(noun)

    def level(metric: str) -> tuple[str, str]:
        value = dora.levels[metric]
        if value == NOT_ENOUGH:
            return few, ""
        return value, dora.article_verdicts[metric]

    lead = dora.lead_time_hours
    if dora.lead_time_reason:
        cards["lead_time"].set_figure("not measured", dora.lead_time_reason)
    else:
        cards["lead_time"].set_figure(
            duration(lead.median),
            f"median of {count(lead.n, 'change')} · p75 {duration(lead.p75)} · "
            f"p90 {duration(lead.p90)}",
            *level("lead_time"),
        )
    cards["deployment_frequency"].set_figure(
        f"{dora.deployments_per_week:.1f}/week",
        f"{count(n, noun)} · {dora.deployments_per_day:.2f}/day · median "
        f"{dora.deploy_days.median_per_week:g} {noun} days/week ({dora.deploy_days.bucket})",
        *level("deployment_frequency"),
    )
    guessed = " · guessed from tag spacing" if dora.failure_method == "tag-spacing" else ""
    cards["change_fail_rate"].set_figure(
        percent(dora.change_fail_rate),
        f"{dora.failed_deployments} of {count(n, noun)} failed{guessed}",
        *level("change_fail_rate"),
    )
    recovery = dora.recovery_hours
    unresolved = f" · {recovery.unresolved} not restored" if recovery.unresolved else ""
    cards["recovery_time"].set_figure(
        duration(recovery.median),
        f"median of {count(recovery.n, f'failed {noun}')}{unresolved}{guessed}",
        *level("recovery_time"),
    )
    cards["rework_rate"].set_figure(
        percent(dora.rework_rate),
        f"{dora.unplanned_deployments} of {count(n, noun)} unplanned",
        "no DORA level" if n >= MIN_SAMPLE else few,
    )
