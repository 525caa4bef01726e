"""The dashboard's measured blocks: delivery (DORA), debt, hotspots, architecture and runtime."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout

from analysis.assessment import Assessment
from analysis.dora.evidence_wording import cadence_text, stale_window_text, unit
from analysis.dora.results import MonthFigures
from analysis.dora.wording import count
from analysis.runtime.section import BLOCKED, READY
from widgets import palette
from widgets.architecture_panel import LAYER_COLUMNS
from widgets.dashboard_block import DashboardBlock, chip, label
from widgets.debt_panel import TOOLTIPS as DEBT_TIPS
from widgets.debt_panel import show_debt_figures
from widgets.debt_tables import RATING_TOOLTIP, minutes_text
from widgets.dora_cards import DoraMetricCard, show_figures
from widgets.dora_panel import CARD_TIPS
from widgets.hotspot_map import TOOLTIP as HOTSPOT_TIP
from widgets.hotspot_map import HotspotMap
from widgets.kpi_card import KpiCard, card_row
from widgets.literal_text import literal_tooltip
from widgets.runtime_panel import MATRIX_COLUMNS
from widgets.sparkline import Sparkline

DORA_TITLES = {
    "lead_time": "Lead time",
    "deployment_frequency": "Deployments",
    "change_fail_rate": "Change fail rate",
    "recovery_time": "Recovery time",
    "rework_rate": "Rework rate",
}
#: metric -> (monthly value, unit, the article's healthy bound drawn dashed)
TRENDS = {
    "lead_time": (
        lambda m: None if m.lead_time_hours.median is None else m.lead_time_hours.median / 24,
        "d",
        3.0,
    ),
    "deployment_frequency": (lambda m: m.deployments_per_week, "/week", None),
    "change_fail_rate": (
        lambda m: None if m.change_fail_rate is None else 100 * m.change_fail_rate,
        "%",
        10.0,
    ),
    "recovery_time": (lambda m: m.recovery_hours.median, "h", 1.0),
    "rework_rate": (lambda m: None if m.rework_rate is None else 100 * m.rework_rate, "%", None),
}
DELIVERY_TIP = (
    "DORA's delivery metrics (dora.dev) over the assessment window, levels on Apache DevLake's "
    "ranges (DORA 2023), verdicts from the article's healthy vs high-debt table. Under each "
    "card: the monthly trend, the dashed line the article's healthy bound."
)
LAYER_TIP = LAYER_COLUMNS[0][1]
LAYER_KIND = {"present": "good", "partial": "warn", "missing": "bad"}
RUNTIME_TIP = (
    "Which CPython versions the code can run on: minimum version per file (vermin), removed "
    "standard-library modules and APIs (What's New 3.12-3.14, PEP 594), declared ranges, and "
    "for free-threaded builds (3.13t, 3.14t) the dependencies that re-enable the GIL "
    "(free-threaded-wheels snapshot). " + MATRIX_COLUMNS[1][1]
)
RUNTIME_KIND = {READY: "good", BLOCKED: "bad", "unverified": "warn"}
DEBT_TOP = 5
HOTSPOTS_TOP = 3


def clear(grid: QGridLayout) -> None:
    """Remove the tiles of the assessment shown before."""
    while (item := grid.takeAt(0)) is not None:
        tile = item.widget()
        if tile is not None:  # a spacer or nested layout has no widget
            tile.deleteLater()


def trend_tooltip(metric: str, months: list[MonthFigures]) -> str:
    value, unit, bound = TRENDS[metric]
    shown = [f"{m.month}: {'–' if value(m) is None else f'{value(m):.1f}{unit}'}" for m in months]
    bound_text = f"; dashed line: the article's healthy bound, {bound:g}{unit}" if bound else ""
    return f"Monthly trend, oldest first{bound_text}.\n" + "\n".join(shown)


class DeliveryBlock(DashboardBlock):
    def __init__(self, parent=None) -> None:
        super().__init__("delivery", "Delivery (DORA)", "Delivery", DELIVERY_TIP, parent)
        self.stale = label(rich=False)
        palette.style(self.stale, "color: {warn}; font-weight: 600;")
        self.body.addWidget(self.stale)
        self.source = label(muted=True)
        self.body.addWidget(self.source)
        grid = QGridLayout()
        grid.setSpacing(8)
        self.cards: dict[str, DoraMetricCard] = {}
        self.sparks: dict[str, Sparkline] = {}
        for column, (key, title) in enumerate(DORA_TITLES.items()):
            card = DoraMetricCard(title, CARD_TIPS[key])
            spark = Sparkline()
            card.column.addWidget(spark)
            grid.addWidget(card, 0, column)
            self.cards[key], self.sparks[key] = card, spark
        self.body.addLayout(grid)

    def show_assessment(self, a: Assessment) -> None:
        dora = a.dora
        if not self.present(
            dora,
            "No delivery metrics in this assessment: git could not be read for them, or the "
            "assessment predates them (see the Warnings tab).",
        ):
            return
        show_figures(self.cards, dora)
        for key, spark in self.sparks.items():
            value, _unit, bound = TRENDS[key]
            spark.set_values([value(m) for m in dora.monthly], bound)
            spark.setToolTip(trend_tooltip(key, dora.monthly))
        source = dora.deployment_source
        window = f"{dora.window['start'][:10]} to {dora.window['end'][:10]}"
        quick = dora.quick_check
        answered = (
            f" · the team's Quick Check: {quick.overall:g}/10"
            if quick is not None and quick.overall is not None
            else ""
        )
        stale = stale_window_text(dora, short=True)
        self.stale.setText(stale)
        self.stale.setToolTip(literal_tooltip(stale_window_text(dora)))
        self.stale.setVisible(bool(stale))
        cadence = " · tags measure release cadence" if unit(dora) == "release" else ""
        guessed = (
            " · failures guessed from tag spacing" if dora.failure_method == "tag-spacing" else ""
        )
        self.source.setText(
            f"{count(dora.deployments, unit(dora))} from "
            f"{escape(source.get('label', '').lower())}, {window}{cadence}{guessed}{answered}"
        )
        self.source.setToolTip(
            literal_tooltip(
                f"Why this source: {source.get('reason', '')}\n{cadence_text(dora)}".strip()
            )
        )


class DebtBlock(DashboardBlock):
    def __init__(self, parent=None) -> None:
        super().__init__("debt", "Technical debt", "Debt", DEBT_TIPS["ratio"], parent)
        self.cards = {
            "rating": KpiCard("Rating", DEBT_TIPS["rating"]),
            "ratio": KpiCard("Debt ratio", DEBT_TIPS["ratio"]),
            "time": KpiCard("Time to fix", DEBT_TIPS["time"]),
            "money": KpiCard("Cost to fix", DEBT_TIPS["money"]),
        }
        self.body.addLayout(card_row(self.cards.values()))
        self.duplication = label(tooltip=DEBT_TIPS["duplication"])
        self.body.addWidget(self.duplication)
        self.top = label(
            tooltip="The files with the most remediation effort (SQALE minutes, SonarQube's "
            "remediation functions). " + RATING_TOOLTIP
        )
        self.body.addWidget(self.top)
        self.body.addStretch(1)

    def show_assessment(self, a: Assessment) -> None:
        debt = a.debt
        if not self.present(
            debt, "Not rated: no production Python file could be measured (see warnings)."
        ):
            return
        show_debt_figures(self.cards, debt)
        dup = a.duplication
        tests = debt.by_role.get("test")
        test_words = (
            f" Tests, measured apart: debt {tests['rating']} ({tests['ratio']:.1%})"
            + (
                f", duplication {dup.by_role['test']['density']:.1f}%"
                if dup is not None and (dup.by_role.get("test") or {}).get("density") is not None
                else ""
            )
            + "."
            if tests
            else ""
        )
        self.duplication.setText(
            (
                f"Production code. Duplicated lines: <b>{dup.density:.1f}%</b> "
                f"({dup.duplicated_lines:,} lines in {len(dup.groups):,} clone groups; "
                "'Sonar way' gate for new code: 3%)."
                if dup is not None and dup.density is not None
                else "Production code. Duplicated lines: not measured."
            )
            + test_words
        )
        files = [f for f in debt.by_file if f.remediation_minutes > 0][:DEBT_TOP]
        self.top.setText(
            "<b>Most debt:</b><br>"
            + "<br>".join(
                f"{escape(f.name)} — {minutes_text(f.remediation_minutes)}, rating {f.rating}"
                for f in files
            )
            if files
            else "No debt issue found."
        )


class HotspotBlock(DashboardBlock):
    #: a point was clicked: the file's path
    file_selected = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__("history", "Hotspots", "History", HOTSPOT_TIP, parent)
        self.map = HotspotMap()
        self.map.plot.setFixedHeight(250)
        self.map.file_selected.connect(self.file_selected)
        self.body.addWidget(self.map)
        self.top = label(tooltip=HOTSPOT_TIP)
        self.body.addWidget(self.top)

    def show_assessment(self, a: Assessment) -> None:
        history = a.history
        self.map.set_hotspots(history.hotspots if history else [])
        if not self.present(
            history,
            "No history in this assessment (the history phase was switched off or could not "
            "read the repository), so no hotspots.",
        ):
            return
        top = sorted(
            (h for h in history.hotspots if (h.role or "production") == "production"),
            key=lambda h: -h.score,
        )[:HOTSPOTS_TOP]
        self.top.setText(
            "<b>Hottest production code:</b> "
            + "; ".join(
                f"{escape(h.path)} ({h.revisions} changes, score {h.score:.2f})" for h in top
            )
            if top
            else "No file changed in the history window."
        )


class ArchitectureBlock(DashboardBlock):
    def __init__(self, parent=None) -> None:
        super().__init__(
            "architecture", "Architecture and stack", "Architecture", LAYER_TIP, parent
        )
        self.summary = label()
        self.body.addWidget(self.summary)
        self.layers = QGridLayout()
        self.layers.setSpacing(6)
        self.body.addLayout(self.layers)
        self.body.addStretch(1)

    def show_assessment(self, a: Assessment) -> None:
        section = a.architecture
        clear(self.layers)
        if not self.present(section, "No architecture figures in this assessment."):
            return
        m = section.modularity
        crossing = (
            "no imports between components"
            if m.cross_component_share is None
            else f"{m.cross_component_share:.0%} of imports cross components"
        )
        cycles = (
            f"<b>{count(m.components_in_cycles, 'component')} in dependency cycles</b>"
            if m.components_in_cycles
            else "no dependency cycles"
        )
        self.summary.setText(
            f"{count(m.modules, 'module')} in {count(m.components, 'component')}; {crossing}; "
            f"{cycles}. Against the article's four-layer target:"
        )
        self.summary.setToolTip(
            "Components: top-level packages or Django apps. Cycles between them make "
            "extraction hard (Robert C. Martin's acyclic dependencies principle)."
        )
        for index, layer in enumerate(section.layers):
            items = ", ".join(layer.items) or "nothing found"
            tile = chip(
                f"<b>{escape(layer.layer)}</b>: {layer.status}<br>{escape(items)}",
                LAYER_KIND.get(layer.status, "muted"),
                f"{LAYER_TIP}\n\n{layer.layer}: {layer.status}. {layer.reason}",
            )
            self.layers.addWidget(tile, index // 2, index % 2)


class RuntimeBlock(DashboardBlock):
    def __init__(self, parent=None) -> None:
        super().__init__("runtime", "Runtime readiness", "Runtime", RUNTIME_TIP, parent)
        self.summary = label(tooltip=RUNTIME_TIP)
        self.body.addWidget(self.summary)
        self.matrix = QGridLayout()
        self.matrix.setSpacing(6)
        self.body.addLayout(self.matrix)
        self.body.addStretch(1)

    def show_assessment(self, a: Assessment) -> None:
        section = a.runtime
        clear(self.matrix)
        if not self.present(section, "No runtime readiness figures in this assessment."):
            return
        minimum = section.required_minimum.version
        ready = [v for v, e in section.matrix.items() if e.status == READY and "t" not in v]
        model = a.repository.delivery_model
        runs = section.runs_on
        self.summary.setText(
            (f"Delivered as {escape(model.kind)}. " if model is not None else "")
            + (
                f"Runs on Python <b>{runs.version}</b>. "
                if runs is not None and runs.version
                else ""
            )
            + (f"The code needs Python {minimum}" if minimum else "The code needs Python 3")
            + (f"; newest version without blockers: <b>{ready[-1]}</b>." if ready else ".")
        )
        for column, (version, entry) in enumerate(section.matrix.items()):
            blockers = "\n".join(f"• {b.message}" for b in entry.blockers[:8])
            more = len(entry.blockers) - 8
            tip = (
                f"Python {version}: {entry.status}."
                + (f"\n{blockers}" if blockers else "\nNothing found blocks it.")
                + (f"\n… and {more} more (Runtime tab)" if more > 0 else "")
            )
            kind = RUNTIME_KIND.get(entry.status, "muted")
            self.matrix.addWidget(chip(f"<b>{version}</b><br>{entry.status}", kind, tip), 0, column)
