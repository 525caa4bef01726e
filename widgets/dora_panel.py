"""The Delivery (DORA) panel: five metric cards with levels and sample sizes, where the
deployments and failures come from (and a way to change it), monthly trends, the article's
healthy vs high-debt table, the Quick Check, and the evidence behind every figure.

The panel changes nothing itself: imports, settings and answers leave as signals, which the
application stores with the repository before running the assessment again.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from analysis.dora.delivery_log import DEPLOYMENTS
from analysis.dora.failures import KIND_LABELS
from analysis.dora.git_refs import read_tags
from analysis.dora.levels import LEVEL_THRESHOLDS
from analysis.dora.results import DoraReport
from analysis.dora.settings import DoraSettings
from analysis.dora.wording import count
from analysis.errors import AssessmentError
from widgets import palette
from widgets.delivery_log_dialog import DeliveryLogDialog
from widgets.dora_cards import DoraMetricCard, show_figures
from widgets.dora_source_dialog import DoraSourceDialog
from widgets.dora_tables import ArticleTable, DeploymentTable, FailureTable
from widgets.dora_trends import DoraTrendCharts
from widgets.message_banner import MessageBanner
from widgets.quick_check_form import QuickCheckForm

_SOURCES = "Sources: dora.dev definitions; levels: Apache DevLake's ranges on DORA 2023."
CARD_TIPS = {
    "lead_time": "Change lead time: median time from each commit (author date) to the first "
    "deployment that contains it; p75, p90 and n = commits shipped in the window. "
    f"{LEVEL_THRESHOLDS['lead_time']}. Article: healthy < 3 days, high-debt 10-15+ days. "
    + _SOURCES,
    "deployment_frequency": "Deployment frequency: deployments per week over the window; level "
    "by deploy days (UTC dates with a deployment) in the median week. "
    f"{LEVEL_THRESHOLDS['deployment_frequency']}. Article: healthy daily, high-debt weekly or "
    "less (fourkeys' bucket). " + _SOURCES,
    "change_fail_rate": "Change fail rate: failed deployments / deployments (a deployment is "
    "failed when an incident, revert, hotfix or fix release links to it). "
    f"{LEVEL_THRESHOLDS['change_fail_rate']}. Article: healthy < 10%, high-debt 20-40%. "
    + _SOURCES,
    "recovery_time": "Failed deployment recovery time: median time from a failed deployment "
    "to the deployment (revert, fix) or incident resolution that restored service; n = "
    f"failed deployments restored. {LEVEL_THRESHOLDS['recovery_time']}. Article: healthy "
    "< 1 hour, high-debt hours or days. " + _SOURCES,
    "rework_rate": "Deployment rework rate (DORA 2024): unplanned deployments (reverts, "
    "hotfixes, fix releases, rollbacks) / deployments. DORA publishes no levels for it.",
}


class DoraPanel(QWidget):
    #: (repository path, ImportedLog): a log imported in the dialog
    log_imported = Signal(str, object)
    #: (repository path, DoraSettings): a new deployment source or other setting
    settings_changed = Signal(str, object)
    #: (repository path, QuickCheckAnswers or None)
    quick_check_saved = Signal(str, object)
    #: the user asked to run the assessment again to apply what was saved
    rerun_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.dora: DoraReport | None = None
        self.repository_path: str | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # wrap text
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)

        self.banner = MessageBanner()
        self.run_button = QPushButton("&Run the assessment now")
        self.run_button.clicked.connect(self.rerun_requested)
        self.run_button.hide()
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.run_button)
        layout.addLayout(banner_row)

        source_row = QHBoxLayout()
        self.source_label = QLabel("Run an assessment to see delivery metrics.")
        self.source_label.setWordWrap(True)
        self.source_label.setTextFormat(Qt.TextFormat.RichText)
        self.source_label.setToolTip("What counts as a deployment here, and why")
        self.change_button = QPushButton("&Change source…")
        self.change_button.setToolTip(
            "Choose the deployment source, tag patterns, hotfix "
            "window, production pattern and window"
        )
        self.import_button = QPushButton("&Import CSV log…")
        self.import_button.setToolTip(
            "Import a deployment or incident log exported from "
            "CI/CD or the incident tracker; kept with this repository"
        )
        self.change_button.clicked.connect(self.change_source)
        self.import_button.clicked.connect(self.import_log)
        source_row.addWidget(self.source_label, 1)
        source_row.addWidget(self.change_button, 0, Qt.AlignmentFlag.AlignTop)
        source_row.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(source_row)
        self.failure_label = QLabel("")
        self.failure_label.setWordWrap(True)
        self.failure_label.setToolTip("Where failed deployments come from, and how many")
        layout.addWidget(self.failure_label)

        grid = QGridLayout()
        grid.setSpacing(8)
        titles = {
            "lead_time": "Lead time",
            "deployment_frequency": "Deployment frequency",
            "change_fail_rate": "Change fail rate",
            "recovery_time": "Recovery time",
            "rework_rate": "Rework rate",
        }
        self.cards = {key: DoraMetricCard(title, CARD_TIPS[key]) for key, title in titles.items()}
        for column, card in enumerate(self.cards.values()):
            grid.addWidget(card, 0, column)
        layout.addLayout(grid)
        legend = QLabel(
            "Badges: the DORA 2023 level (Elite, High, Medium, Low; Apache DevLake's ranges), then "
            "the article's verdict (healthy, in between, high-debt). Hover a card for its "
            "definition and thresholds."
        )
        legend.setWordWrap(True)
        palette.style(legend, "color: {muted};")
        layout.addWidget(legend)

        self.tabs = QTabWidget()
        self.trends = DoraTrendCharts()
        self.article_table = ArticleTable()
        self.quick_check = QuickCheckForm()
        self.quick_check.answers_saved.connect(self._answers_saved)
        self.tabs.addTab(self.trends, "&Monthly trends")
        self.tabs.addTab(self._article_page(), "&Healthy vs high-debt")
        self.tabs.addTab(self.quick_check, "&Quick Check")
        self.tabs.addTab(self._evidence_page(), "&Evidence")
        self.tabs.setMinimumHeight(420)
        layout.addWidget(self.tabs, 1)
        self._set_enabled(False)

    def _article_page(self) -> QWidget:
        page = QWidget()
        page_layout = QVBoxLayout(page)
        intro = QLabel(
            "The article reads AI readiness through DORA: a healthy system ships small changes "
            "daily and recovers within the hour; a high-debt system waits weeks to ship and "
            "breaks a fifth or more of its deployments. Its table, with this repository's "
            "figures over the window:"
        )
        intro.setWordWrap(True)
        page_layout.addWidget(intro)
        page_layout.addWidget(self.article_table)
        self.article_note = QLabel(
            "Bounds: lead time healthy up to 3 days (the article's own worked example reaches "
            "3 days and calls it healthy), high-debt from 10 days; deployments healthy when the "
            "median week has 3 or more deploy days (fourkeys' 'daily'); change fail rate "
            "healthy under 10%, high-debt from 20%; recovery healthy under 1 hour. Figures "
            "between the two columns are 'in between'."
        )
        self.article_note.setWordWrap(True)
        palette.style(self.article_note, "color: {muted};")
        page_layout.addWidget(self.article_note)
        page_layout.addStretch(1)
        return page

    def _evidence_page(self) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.deployment_table = DeploymentTable()
        self.failure_table = FailureTable()
        self.notes_list = QListWidget()
        self.notes_list.setWordWrap(True)
        self.notes_list.setToolTip("How the figures were made, and what to check")
        for title, widget in (
            ("Deployments in the window", self.deployment_table),
            ("Failed deployments and what links them", self.failure_table),
            ("Notes and warnings", self.notes_list),
        ):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(QLabel(f"<b>{title}</b>"))
            box_layout.addWidget(widget)
            splitter.addWidget(box)
        for index, stretch in enumerate((3, 2, 1)):
            splitter.setStretchFactor(index, stretch)
        return splitter

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.change_button, self.import_button, self.tabs):
            widget.setEnabled(enabled)

    # ----------------------------------------------------------------- showing
    def show_assessment(self, assessment) -> None:
        self.repository_path = assessment.repository.path
        self.dora = assessment.dora
        self.banner.hide()
        self.run_button.hide()
        self._set_enabled(self.dora is not None)
        self.import_button.setEnabled(True)
        if self.dora is None:
            self.source_label.setText(
                "Delivery metrics could not be computed for this assessment: see the Warnings tab."
            )
            self.failure_label.clear()
            return
        self._show_sources(self.dora)
        self._show_cards(self.dora)
        self.trends.set_months(self.dora.monthly)
        self.article_table.set_report(self.dora)
        self.quick_check.set_report(self.dora)
        self.deployment_table.set_report(self.dora)
        self.failure_table.set_report(self.dora)
        self.notes_list.clear()
        self.notes_list.addItems([f"⚠ {w}" for w in self.dora.warnings])
        self.notes_list.addItems(self.dora.deployment_source.get("notes", []))
        self.notes_list.addItems(self.dora.failure_source.get("notes", []))
        self.notes_list.addItems(self.dora.notes)

    def _show_sources(self, dora: DoraReport) -> None:
        source = dora.deployment_source
        how = "chosen automatically" if source["setting"] == "auto" else "chosen in the settings"
        window = f"{dora.window['start'][:10]} to {dora.window['end'][:10]}"
        self.source_label.setText(
            f"<b>Deployments: {escape(source['label'])}</b> ({how}) — "
            f"{count(dora.deployments, 'deployment')} from {window} "
            f"({dora.window['months']} months).<br>Why: {escape(source['reason'])}."
        )
        counts = dora.failure_source.get("counts", {})
        found = ", ".join(f"{n} from {KIND_LABELS.get(kind, kind)}" for kind, n in counts.items())
        self.failure_label.setText(
            f"Failures looked for in: {', '.join(dora.failure_source['used'])}. "
            + (f"Found: {found}." if found else "None found in the window.")
        )

    def _show_cards(self, dora: DoraReport) -> None:
        show_figures(self.cards, dora)

    # ----------------------------------------------------------------- actions
    def current_settings(self) -> DoraSettings:
        return DoraSettings.from_dict(self.dora.settings if self.dora else None)

    def change_source(self) -> None:
        if self.repository_path is None:
            return
        problem = ""
        try:
            tags = read_tags(self.repository_path)
        except AssessmentError as exc:
            tags, problem = [], str(exc)
        has_log = bool(self.dora and self.dora.deployment_source.get("log"))
        dialog = DoraSourceDialog(self.current_settings(), tags, has_log, problem, self)
        if dialog.exec():
            self.settings_changed.emit(self.repository_path, dialog.settings())

    def import_log(self) -> None:
        if self.repository_path is None:
            return
        dialog = DeliveryLogDialog(self, DEPLOYMENTS)
        if dialog.exec() and dialog.imported is not None:
            self.log_imported.emit(self.repository_path, dialog.imported)

    def _answers_saved(self, answers) -> None:
        if self.repository_path is not None:
            self.quick_check_saved.emit(self.repository_path, answers)

    def mark_pending(self, text: str) -> None:
        """Say what was saved and offer to run the assessment again to apply it."""
        self.banner.show_message(f"{text} Run the assessment again (F5) to apply it.", "info")
        self.run_button.show()

    def show_error(self, text: str) -> None:
        self.banner.show_message(text, "error")
