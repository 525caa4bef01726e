"""The Delivery (DORA) panel: five metric cards with levels and sample sizes, where the
deployments and failures come from (and a way to change it), monthly trends, the article's
healthy vs high-debt table, the Quick Check, and the evidence behind every figure: each failure
with the commits that link it to its cause, the deployments (or releases) with their kind and
release line, the release lines and the tags set aside.

A banner says when the window ends at the newest commit of a stale clone; for a library or a
packaged application the figures are releases and the panel says so.

The panel changes nothing itself: imports, settings and answers leave as signals, which the
application stores with the repository before running the assessment again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from analysis.dora.delivery_log import DEPLOYMENTS
from analysis.dora.evidence_wording import (
    METHOD_WORDS,
    cadence_text,
    failures_text,
    methods_text,
    stale_window_text,
    unit,
)
from analysis.dora.levels import LEVEL_THRESHOLDS
from analysis.dora.records import TagRecord
from analysis.dora.results import DoraReport
from analysis.dora.settings import DoraSettings
from analysis.dora.wording import count
from analysis.errors import AssessmentError
from widgets import palette
from widgets.background import TaskOwner
from widgets.delivery_log_dialog import DeliveryLogDialog, LogFiles
from widgets.dora_cards import DoraMetricCard, show_figures
from widgets.dora_source_dialog import DoraSourceDialog
from widgets.dora_tables import (
    ArticleTable,
    DeploymentTable,
    FailureTable,
    ReleaseLineTable,
    SetAsideTagTable,
    tag_kinds_text,
)
from widgets.dora_trends import DoraTrendCharts
from widgets.industry_benchmark import IndustryBenchmarkView
from widgets.literal_text import literal_label
from widgets.message_banner import MessageBanner
from widgets.quick_check_form import QuickCheckForm

TAG_SPACING = (
    "Failures here are a fallback guess from tag spacing (a patch release of the same line "
    "within the hotfix window is taken as a hotfix), not linked evidence: the history could "
    "not be blamed (shallow or partial clone). Read the change fail rate with care."
)
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


def _warning(text: str) -> str:
    """``text`` as rich text in the theme's warning colour."""
    return palette.fill("<span style='color:{warn}; font-weight:600'>") + escape(text) + "</span>"


class DoraPanel(TaskOwner, QWidget):
    #: (repository path, ImportedLog): a log imported in the dialog
    log_imported = Signal(str, object)
    #: (repository path, DoraSettings): a new deployment source or other setting
    settings_changed = Signal(str, object)
    #: (repository path, QuickCheckAnswers or None)
    quick_check_saved = Signal(str, object)
    #: the user asked to run the assessment again to apply what was saved
    rerun_requested = Signal()
    #: (industry, organisation size, edition) picked for the DORA benchmark
    benchmark_choice_changed = Signal(str, str, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.dora: DoraReport | None = None
        self.repository_path: str | None = None
        #: reads a repository's tags (a git call; the application passes
        #: analysis.dora.git_refs.read_tags): run off the GUI thread when the source dialog opens
        self.tag_reader: Callable[[str], Sequence[TagRecord]] | None = None
        #: reads a CSV log (the application passes analysis.dora.csv_import's functions)
        self.log_files: LogFiles | None = None
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
        self.window_banner = MessageBanner()
        self.window_banner.setToolTip(
            "The window ends at the newest commit when that commit is older than the stale-clone "
            "threshold (a local clone not pulled): rates are per week of the window with data"
        )
        layout.addWidget(self.window_banner)

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
        self.cadence_label = QLabel("")
        self.cadence_label.setWordWrap(True)
        self.cadence_label.setToolTip(
            "The delivery model (detected from the files, or set in the team file or the "
            "wizard) decides whether tags are deployments or releases"
        )
        palette.style(self.cadence_label, "color: {info};")
        self.cadence_label.hide()
        layout.addWidget(self.cadence_label)
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
        self.deployment_table = DeploymentTable()
        self.notes_list = QListWidget()
        self.notes_list.setWordWrap(True)
        self.notes_list.setToolTip("How the figures were made, and what to check")
        self.tabs.addTab(self.trends, "&Monthly trends")
        self.failures_page = self._failures_page()
        self.tabs.addTab(self.failures_page, "&Failures")
        self.tabs.addTab(self.deployment_table, "&Deployments")
        self.lines_page = self._release_lines_page()
        self.tabs.addTab(self.lines_page, "Release &lines")
        self.tabs.addTab(self._article_page(), "&Healthy vs high-debt")
        self.tabs.addTab(self.quick_check, "&Quick Check")
        self.industry_benchmark = IndustryBenchmarkView()
        self.industry_benchmark.choice_changed.connect(self.benchmark_choice_changed)
        self.tabs.addTab(self.industry_benchmark, "Against the &industry")
        self.tabs.addTab(self.notes_list, "&Notes")
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

    def _failures_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.method_label = QLabel("")
        self.method_label.setWordWrap(True)
        self.method_label.setToolTip(
            "\n\n".join(f"{words}: {tip}" for words, tip in METHOD_WORDS.values())
        )
        column.addWidget(self.method_label)
        self.failure_table = FailureTable()
        column.addWidget(self.failure_table, 1)
        return page

    def _release_lines_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.lines_label = literal_label(QLabel(""))  # names lines from tag names
        self.lines_label.setWordWrap(True)
        column.addWidget(self.lines_label)
        self.release_line_table = ReleaseLineTable()
        column.addWidget(self.release_line_table)
        self.set_aside_button = QPushButton("")
        self.set_aside_button.setCheckable(True)
        self.set_aside_button.setFlat(True)
        self.set_aside_button.setStyleSheet("text-align: left; font-weight: 600;")
        self.set_aside_button.setToolTip(
            "Tags of the window that are not releases: pre-releases (rc, beta, alpha, dev) and "
            "tags that are not versions, with the reason for each"
        )
        self.set_aside_table = SetAsideTagTable()
        self.set_aside_button.toggled.connect(self._show_set_aside)
        column.addWidget(self.set_aside_button)
        column.addWidget(self.set_aside_table, 1)
        column.addStretch(0)
        return page

    def _show_set_aside(self, shown: bool) -> None:
        self.set_aside_table.setVisible(shown)
        n = len(self.dora.set_aside_tags) if self.dora else 0
        arrow = "▾" if shown else "▸"
        self.set_aside_button.setText(f"{arrow} Tags set aside in the window ({n})")

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.change_button, self.import_button, self.tabs):
            widget.setEnabled(enabled)

    # ----------------------------------------------------------------- showing
    def show_assessment(self, assessment) -> None:
        self.cancel_task()  # the tags of the repository shown before open no dialog
        self._source_idle()
        self.repository_path = assessment.repository.folder
        self.dora = assessment.dora
        self.banner.hide()
        self.run_button.hide()
        self._set_enabled(self.dora is not None)
        self.import_button.setEnabled(self.log_files is not None)
        self.window_banner.hide()
        self.cadence_label.hide()
        if self.dora is None:
            self.source_label.setText(
                "Delivery metrics could not be computed for this assessment: see the Warnings tab."
            )
            self.failure_label.clear()
            return
        stale = stale_window_text(self.dora)
        if stale:
            self.window_banner.show_message(stale, "warning")
        cadence = cadence_text(self.dora)
        self.cadence_label.setText(cadence)
        self.cadence_label.setVisible(bool(cadence))
        self._show_sources(self.dora)
        self._show_cards(self.dora)
        self.trends.set_months(self.dora.monthly, unit(self.dora))
        self.article_table.set_report(self.dora)
        self.quick_check.set_report(self.dora)
        self.industry_benchmark.set_report(self.dora)
        self.deployment_table.set_report(self.dora)
        self.failure_table.set_report(self.dora)
        self._show_failures(self.dora)
        self._show_release_lines(self.dora)
        self.notes_list.clear()
        self.notes_list.addItems([f"⚠ {w}" for w in self.dora.warnings])
        self.notes_list.addItems(self.dora.deployment_source.get("notes", []))
        self.notes_list.addItems(self.dora.failure_source.get("notes", []))
        self.notes_list.addItems(self.dora.notes)

    def _show_sources(self, dora: DoraReport) -> None:
        source = dora.deployment_source
        noun = unit(dora)
        how = "chosen automatically" if source["setting"] == "auto" else "chosen in the settings"
        window = f"{dora.window['start'][:10]} to {dora.window['end'][:10]}"
        ends = {"newest commit": ", ending at the newest commit", "setting": ", end set"}.get(
            dora.window.get("ends_at", ""), ""
        )
        self.source_label.setText(
            f"<b>{noun.capitalize()}s: {escape(source['label'])}</b> ({how}) — "
            f"{count(dora.deployments, noun)} from {window} "
            f"({dora.window['months']} months{ends}).<br>Why: {escape(source['reason'])}."
        )
        self.tabs.setTabText(self.tabs.indexOf(self.deployment_table), f"&{noun.capitalize()}s")
        found = any(f.counted for f in dora.failures)
        text = escape(
            f"Failures looked for in: {', '.join(dora.failure_source['used'])}. "
            + (
                f"Found: {failures_text(dora)} ({methods_text(dora)})."
                if found
                else "None found in the window."
            )
        )
        if dora.failure_method == "tag-spacing":
            text += " " + _warning(TAG_SPACING)
        self.failure_label.setTextFormat(Qt.TextFormat.RichText)
        self.failure_label.setText(text)

    def _show_failures(self, dora: DoraReport) -> None:
        noun = unit(dora)
        counted = [f for f in dora.failures if f.counted]
        if dora.failure_method == "tag-spacing":
            text = _warning(TAG_SPACING)
        elif counted:
            text = escape(
                f"{failures_text(dora)}, each fix linked to the change that caused it "
                f"({methods_text(dora)}). Hover a cell for the full commit and how the link "
                "was made."
            )
        else:
            text = escape(f"No failed {noun} found in the window.")
        aside = len(dora.failures) - len(counted)
        if aside:
            text += escape(
                f" In grey, not counted: {count(aside, 'failure')} of {noun}s the figures do not "
                "count (backports: their changes count where they first shipped)."
            )
        self.method_label.setText(text)
        failed = len({f.deployment for f in counted})
        title = f"&Failures ({failed})" if counted else "&Failures"
        self.tabs.setTabText(self.tabs.indexOf(self.failures_page), title)

    def _show_release_lines(self, dora: DoraReport) -> None:
        self.release_line_table.set_report(dora)
        self.set_aside_table.set_report(dora)
        has_lines = bool(dora.release_lines or dora.set_aside_tags)
        self.tabs.setTabVisible(self.tabs.indexOf(self.lines_page), has_lines)
        current = next((line.line for line in dora.release_lines if line.current), None)
        maintained = sum(1 for line in dora.release_lines if line.maintained)
        words = [
            f"{count(len(dora.release_lines), 'release line')}, "
            f"{maintained} released in the window"
            + (f"; the current line is {current}." if current else ".")
        ]
        words.append(
            "A backport (a patch on an older line carrying changes already shipped on a newer "
            "line) is listed, and counted once, where its changes first shipped."
        )
        kinds = tag_kinds_text(dora)
        if kinds:
            words.append(kinds)
        self.lines_label.setText(" ".join(words))
        self.set_aside_button.setVisible(bool(dora.set_aside_tags))
        self.set_aside_button.setChecked(False)
        self._show_set_aside(False)

    def theme_changed(self) -> None:
        """The warning colours written into the labels' rich text follow the theme."""
        if self.dora is not None:
            self._show_sources(self.dora)
            self._show_failures(self.dora)

    def _show_cards(self, dora: DoraReport) -> None:
        show_figures(self.cards, dora)

    # ----------------------------------------------------------------- actions
    def current_settings(self) -> DoraSettings:
        return DoraSettings.from_dict(self.dora.settings if self.dora else None)

    def change_source(self) -> None:
        """Read the tags off the GUI thread (a git call), then open the source dialog."""
        if self.repository_path is None or self.task_running:
            return
        path = self.repository_path
        if self.tag_reader is None:
            self._open_source_dialog(path, ([], ""))
            return
        self.change_button.setEnabled(False)
        self.change_button.setText("Reading tags…")
        self.start(
            _read_tags,
            self.tag_reader,
            path,
            on_done=lambda result: self._open_source_dialog(path, result),
            on_failed=self._tags_failed,
        )

    def _source_idle(self) -> None:
        self.change_button.setText("&Change source…")
        self.change_button.setEnabled(self.dora is not None)

    def _tags_failed(self, message: str) -> None:
        self._source_idle()
        self.show_error(message)

    def _open_source_dialog(self, path: str, result: tuple[list[TagRecord], str]) -> None:
        self._source_idle()
        tags, problem = result
        has_log = bool(self.dora and self.dora.deployment_source.get("log"))
        dialog = DoraSourceDialog(self.current_settings(), tags, has_log, problem, self)
        if dialog.exec():
            self.settings_changed.emit(path, dialog.settings())

    def import_log(self) -> None:
        if self.repository_path is None or self.log_files is None:
            return
        dialog = DeliveryLogDialog(self.log_files, self, DEPLOYMENTS)
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


def _read_tags(
    reader: Callable[[str], Sequence[TagRecord]], path: str, *, progress, cancel
) -> tuple[list[TagRecord], str]:
    """In a worker thread: the tags, or none and why (the dialog says it)."""
    try:
        return list(reader(path)), ""
    except AssessmentError as exc:
        return [], str(exc)
