"""The main window: open a repository, run an assessment in the background, see the results."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from analysis.assessment import Assessment
from analysis.errors import AssessmentError
from analysis.progress import Progress
from analysis.report import export_report
from analysis.version import __version__
from app.assessment_job import PHASE_NAMES
from app.context import ApplicationContext
from app.decisions_controller import DecisionsController
from app.dora_controller import DoraController
from app.output_files import write_json_report
from app.portfolio_window import PortfolioWindow
from app.scenario_controller import ScenarioController
from app.session import AssessmentSession
from app.store import StoreError
from app.theme_menu import ThemeMenu
from app.wizard import AssessmentWizard
from app.wizard.eta import RunClock
from widgets.assessment_view import AssessmentView
from widgets.background import Task, TaskRunner
from widgets.literal_text import literal_label
from widgets.message_banner import MessageBanner
from widgets.past_assessments_view import PastAssessmentsView

log = logging.getLogger("readiness.gui")


class MainWindow(QMainWindow):
    """Observes one :class:`~app.session.AssessmentSession`: the window asks it to open a
    repository, run, load a stored assessment or take team answers, and shows what it publishes
    (``assessment_changed``, ``advice_changed``). Runs and loads go on the session's runner, off
    the GUI thread; a newer choice cuts off an older load."""

    #: emitted after an assessment finished and was shown (tests and the wizard listen)
    assessment_shown = Signal(object)
    #: emitted when a run ends: "succeeded", "failed" or "cancelled"
    run_finished = Signal(str)

    def __init__(self, context: ApplicationContext, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.runner = TaskRunner(self)
        self.session = AssessmentSession(context, self.runner, self)
        self.session.assessment_changed.connect(self._assessment_changed)
        self.session.advice_changed.connect(self._advice_changed)
        self.session.problem.connect(lambda message: self.banner.show_message(message, "warning"))
        self.task: Task | None = None
        self.clock = RunClock()  # the run's phases: which ended, the last report of the others
        self.setWindowTitle("Readiness Advisor")
        self.resize(1180, 760)
        self.setAcceptDrops(True)
        self._build_actions()
        self._build_menus()
        self._build_central()
        self._build_status_bar()
        self._set_running(False)
        self.refresh_recent()
        self.wizard: AssessmentWizard | None = None
        self.portfolio: PortfolioWindow | None = None  # made when first shown
        self.theme_menu.apply()
        for problem in context.settings.problems:
            self.banner.show_message(problem, "warning")

    # ----------------------------------------------------------------- construction
    def _build_actions(self) -> None:
        self.new_action = QAction("&New Assessment…", self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setStatusTip("Guided assessment: repositories, delivery data, team, run")
        self.new_action.triggered.connect(self.new_assessment)

        self.open_action = QAction("&Open Repository…", self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.setStatusTip("Choose the folder of a local git repository")
        self.open_action.triggered.connect(self.choose_repository)

        self.run_action = QAction("&Run Assessment", self)
        self.run_action.setShortcuts([QKeySequence("F5"), QKeySequence("Ctrl+R")])
        self.run_action.setStatusTip("Measure the repository (runs in the background)")
        self.run_action.triggered.connect(self.run_assessment)

        self.cancel_action = QAction("&Cancel", self)
        self.cancel_action.setShortcut(QKeySequence("Esc"))
        self.cancel_action.setStatusTip("Stop the running assessment; nothing is saved")
        self.cancel_action.triggered.connect(self.cancel_assessment)

        self.export_json_action = QAction("Export &JSON Report…", self)
        self.export_json_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_json_action.triggered.connect(self.export_json)

        self.export_pdf_action = QAction("Export &PDF…", self)
        self.export_pdf_action.setShortcut(QKeySequence("Ctrl+P"))
        self.export_pdf_action.setStatusTip(
            "Write the executive summary of the assessment shown as a PDF (A4 or US Letter)"
        )
        self.export_pdf_action.triggered.connect(lambda: self.export_pdf())

        self.portfolio_action = QAction("&Portfolio", self)
        self.portfolio_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.portfolio_action.setStatusTip("Every repository in the store side by side")
        self.portfolio_action.triggered.connect(self.show_portfolio)

        self.export_portfolio_action = QAction("Export P&ortfolio PDF…", self)
        self.export_portfolio_action.setStatusTip(
            "Write the one-page portfolio summary of every repository in the store as a PDF"
        )
        self.export_portfolio_action.triggered.connect(lambda: self.export_portfolio_pdf())

        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)

        self.log_action = QAction("Open &Log Folder", self)
        self.log_action.setStatusTip("Where unexpected errors are recorded in detail")
        self.log_action.triggered.connect(self.open_log_folder)

        self.about_action = QAction("&About Readiness Advisor", self)
        self.about_action.triggered.connect(self.show_about)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        file_menu.addSeparator()
        file_menu.addAction(self.export_pdf_action)
        file_menu.addAction(self.export_json_action)
        file_menu.addAction(self.export_portfolio_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        assess_menu = self.menuBar().addMenu("&Assessment")
        assess_menu.addAction(self.run_action)
        assess_menu.addAction(self.cancel_action)
        view_menu = self.menuBar().addMenu("&View")
        self.theme_menu = ThemeMenu(self.context.settings, self)
        self.theme_menu.theme_applied.connect(self._theme_applied)
        view_menu.addAction(self.portfolio_action)
        view_menu.addMenu(self.theme_menu)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.log_action)
        help_menu.addAction(self.about_action)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("MainToolBar")
        toolbar.setMovable(False)
        toolbar.addAction(self.new_action)
        toolbar.addAction(self.open_action)
        toolbar.addAction(self.run_action)
        toolbar.addAction(self.cancel_action)

    def _build_central(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        self.title_label = QLabel("Readiness Advisor")
        self.title_label.setObjectName("RepositoryTitle")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title_label.setFont(font)
        self.subtitle_label = QLabel("Start a new assessment, or open a local git repository.")
        for label in (self.title_label, self.subtitle_label):  # folder, path and branch names
            literal_label(label)
        self.subtitle_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner = MessageBanner()
        layout.addWidget(self.title_label)
        layout.addWidget(self.subtitle_label)
        layout.addWidget(self.banner)

        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)
        self.pages.addWidget(self._build_welcome())

        self.view = AssessmentView(lazy=True)  # hidden tabs are fed when first shown
        self.dora_controller = DoraController(
            self.context, self.view.dora_panel, self.run_assessment, self
        )
        self.view.dora_panel.benchmark_choice_changed.connect(self._benchmark_picked)
        self.decisions_controller = DecisionsController(
            self.session, self.view.decisions_panel, self
        )
        self.scenario_controller = ScenarioController(
            self.session, self.view.decisions_panel.scenario, self
        )
        self.history_view = PastAssessmentsView()
        self.history_view.open_requested.connect(self.show_stored)
        self.history_view.reassess_requested.connect(self.run_assessment)
        self.history_model = self.history_view.model
        self.history_table = self.history_view.table
        self.view.tabs.addTab(self.history_view, "&Assessments")
        self.pages.addWidget(self.view)
        self.setCentralWidget(central)

    def _build_welcome(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        intro = QLabel(
            "<p>Readiness Advisor reads a local git repository and measures its code health. "
            "It never runs the repository's code and nothing leaves this machine.</p>"
            "<p><b>New Assessment</b> (Ctrl+N) guides you from the repository to the results in "
            "a few steps. To look at a repository directly, open it with <b>File › Open "
            "Repository…</b> (Ctrl+O) or drop its folder on this window.</p>"
        )
        intro.setWordWrap(True)
        self.new_button = QPushButton("&New Assessment…")
        self.new_button.setDefault(True)
        self.new_button.setToolTip(self.new_action.statusTip())
        self.new_button.clicked.connect(self.new_assessment)
        font = self.new_button.font()
        font.setBold(True)
        self.new_button.setFont(font)
        open_button = QPushButton("Open Repository…")
        open_button.clicked.connect(self.choose_repository)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(open_button)
        row.addStretch(1)
        self.recent_list = QListWidget()
        self.recent_list.setToolTip("Recently opened repositories; Enter or double-click opens")
        self.recent_list.itemActivated.connect(
            lambda item: self.open_repository(item.data(Qt.ItemDataRole.UserRole))
        )
        recent_label = QLabel("Recent &repositories")
        recent_label.setBuddy(self.recent_list)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addSpacing(12)
        layout.addWidget(recent_label)
        layout.addWidget(self.recent_list, 1)
        return page

    def _build_status_bar(self) -> None:
        self.progress_label = literal_label(QLabel(""))  # progress details name files
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(320)
        self.progress_bar.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the running assessment (Esc); nothing is saved")
        self.cancel_button.clicked.connect(self.cancel_assessment)
        bar = self.statusBar()
        bar.addWidget(self.progress_label, 1)
        bar.addPermanentWidget(self.progress_bar)
        bar.addPermanentWidget(self.cancel_button)

    # ----------------------------------------------------------------- state
    @property
    def repository_path(self) -> str | None:
        """The folder opened (the root, or the sub-folder assessed): the session's."""
        return self.session.folder

    @property
    def running(self) -> bool:
        return self.task is not None

    def _set_running(self, running: bool) -> None:
        self.new_action.setEnabled(not running)
        self.run_action.setEnabled(not running and self.repository_path is not None)
        self.cancel_action.setEnabled(running)
        self.open_action.setEnabled(not running)
        self.recent_menu.setEnabled(not running)
        self.export_json_action.setEnabled(not running and self.view.assessment is not None)
        self.export_pdf_action.setEnabled(not running and self.view.assessment is not None)
        self.history_view.set_reassess_enabled(not running and self.repository_path is not None)
        self.progress_bar.setVisible(running)
        self.cancel_button.setVisible(running)
        if not running:
            self.progress_label.setText("")

    # ----------------------------------------------------------------- recent list
    def refresh_recent(self) -> None:
        self.recent_menu.clear()
        self.recent_list.clear()
        try:
            repositories = self.context.store.repositories()
        except StoreError as exc:
            self.banner.show_message(str(exc), "error")
            repositories = []
        for repo in repositories:
            label = f"{repo.name}  —  {repo.path}"
            action = self.recent_menu.addAction(label)
            action.triggered.connect(lambda _=False, p=repo.path: self.open_repository(p))
            item = QListWidgetItem(f"{repo.name}\n{repo.path} · {repo.assessments} assessments")
            item.setData(Qt.ItemDataRole.UserRole, repo.path)
            self.recent_list.addItem(item)
        self.recent_menu.setEnabled(bool(repositories) and not self.running)

    # ----------------------------------------------------------------- opening
    def choose_repository(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Open a git repository", self.repository_path or str(Path.home())
        )
        if folder:
            self.open_repository(folder)

    def open_repository(self, path: str, show_latest: bool = True) -> bool:
        """Validate and select a repository; show its latest stored assessment, if any
        (``show_latest=False``: the caller shows one)."""
        if self.running:
            return False
        self.cancel_load()  # an assessment of the repository shown before is not shown now
        self.banner.hide()
        try:
            repo = self.session.open(path)  # a store problem reaches the banner as a warning
        except AssessmentError as exc:
            self.banner.show_message(f"Cannot open this folder: {exc}", "error")
            return False
        self.title_label.setText(repo.name)
        branch = repo.branch or "detached HEAD"
        scope = f" · folder {repo.scope}" if repo.scope else ""
        self.subtitle_label.setText(f"{repo.root} · {branch} @ {repo.head[:10]}{scope}")
        self.setWindowTitle(f"{repo.name} — Readiness Advisor")
        self.refresh_recent()
        self.refresh_history()
        self.pages.setCurrentWidget(self.view)
        if self.history_model.rowCount():
            if show_latest:
                self.show_stored(self.history_model.row_object(0).id)
        else:
            self.view.model.set_files([])
            self.banner.show_message(
                "No assessment of this repository yet. Press Run Assessment (F5) to measure it.",
                "info",
            )
        self._set_running(False)
        return True

    def refresh_history(self) -> None:
        if self.repository_path is None:
            return
        try:
            rows = self.context.store.assessments(self.repository_path)
        except StoreError as exc:
            self.banner.show_message(str(exc), "error")
            rows = []
        self.history_view.set_rows(rows)
        self.view.tabs.setTabText(
            self.view.tabs.indexOf(self.history_view), f"&Assessments ({len(rows)})"
        )

    @property
    def loading(self) -> bool:
        """A stored assessment is being loaded."""
        return self.session.loading

    def show_stored(self, assessment_id: int) -> None:
        """Load a stored assessment off the GUI thread (the report is decompressed and parsed),
        then show it; a later choice, a run or another repository cuts this one off."""
        self._load(assessment_id, self._stored_loaded)

    def _load(self, assessment_id: int, on_done) -> None:
        """Load a stored assessment in the background, with a busy status, then ``on_done``."""
        self.statusBar().showMessage(f"Loading assessment #{assessment_id}…")
        self.setCursor(Qt.CursorShape.BusyCursor)
        self.session.load(
            assessment_id,
            on_done=lambda result: on_done(assessment_id, result),
            on_failed=self._stored_failed,
        )

    def _load_done(self) -> None:
        self.statusBar().clearMessage()
        self.unsetCursor()

    def _stored_loaded(self, assessment_id: int, result: Assessment) -> None:
        self._load_done()
        self._show_of_its_folder(result, assessment_id)

    def _show_of_its_folder(self, result: Assessment, assessment_id: int | None) -> bool:
        """Show ``result``, opening the folder it assessed first when another one (or none) is
        open; the session shows an assessment of the folder opened only."""
        folder = result.repository.folder
        if self.repository_path != folder and not self.open_repository(folder, show_latest=False):
            return False
        return self.session.show(result, assessment_id)

    def _stored_failed(self, message: str) -> None:
        self._load_done()
        self.banner.show_message(message, "error")

    def cancel_load(self) -> None:
        """Cut off a stored assessment still loading (a run, another repository)."""
        if self.loading:
            self.session.cancel_task()
            self._load_done()

    def show_assessment(self, result: Assessment) -> None:
        """Show ``result`` (of the repository opened) through the session, which advises it."""
        self.session.show(result)

    def _assessment_changed(self, result: Assessment) -> None:
        self.view.show_assessment(result)
        self.pages.setCurrentWidget(self.view)
        self.export_json_action.setEnabled(not self.running)
        self.export_pdf_action.setEnabled(not self.running)
        self.assessment_shown.emit(result)

    def _advice_changed(self, result: Assessment) -> None:
        self.view.show_advice(result)

    # ----------------------------------------------------------------- running
    def _benchmark_picked(self, industry: str, size: str, edition: str) -> None:
        """The industry / size / edition picked in the Delivery tab: kept in the team profile
        (the next assessment's ``dora.benchmark`` uses it; the tab already shows it)."""
        self.session.set_team(
            replace(
                self.session.team,
                industry=industry,
                organisation_size=size,
                benchmark_edition=edition,
            )
        )

    def run_assessment(self) -> None:
        if self.running or self.repository_path is None:
            return
        if self._store_read_only():  # the assessment shown (or loading) stays
            return
        self.cancel_load()  # the run's result is the one to show
        self.banner.hide()
        self.progress_bar.setRange(0, 0)
        self.progress_label.setText("Starting…")
        task = self.session.run()  # the session shows the result when it comes back
        task.signals.progress.connect(self._on_progress)
        task.signals.succeeded.connect(self._on_succeeded)
        task.signals.failed.connect(self._on_failed)
        task.signals.cancelled.connect(self._on_cancelled)
        self.task = task
        self.clock = RunClock()
        self._set_running(True)

    def cancel_assessment(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.progress_label.setText("Cancelling…")
            self.cancel_button.setEnabled(False)

    def _finish(self, outcome: str) -> None:
        self.task = None
        self.cancel_button.setEnabled(True)
        self._set_running(False)
        self.run_finished.emit(outcome)

    def _on_progress(self, progress: Progress) -> None:
        """Phases run side by side: the bar is the mean of every phase's fraction (an ended
        phase counts whole), the label names the phases still running."""
        self.clock.update(progress)
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setValue(int(1000 * self.clock.fraction(len(PHASE_NAMES))))
        self.progress_bar.setFormat("%p%")
        self.progress_label.setText(
            " · ".join(
                f"{PHASE_NAMES.get(step.phase, step.phase)}"
                + (f" ({step.done:,} of {step.total:,})" if step.total else "")
                for step in self.clock.last.values()
            )
        )

    def _on_succeeded(self, payload) -> None:
        result, _assessment_id = payload  # shown by the session (its handler runs first)
        self.refresh_history()
        self.refresh_recent()
        if result.repository.partial:
            count = sum(1 for f in result.code.files if f.status != "ok")
            self.banner.show_message(
                f"Partial result: {count} file{'s' if count != 1 else ''} could not be fully "
                "measured. See the Warnings tab."
                if count
                else "Partial result: part of the input could not be read. See the Warnings tab.",
                "warning",
            )
        self.statusBar().showMessage(
            f"Assessment finished in {result.duration_seconds:.1f} s and saved.", 8000
        )
        self._finish("succeeded")

    def _store_read_only(self) -> bool:
        """A read-only store (a role that may only browse) cannot keep a new assessment: say
        so in the banner, before any work, instead of failing at the end."""
        try:
            store = self.context.store
        except StoreError as exc:
            self.banner.show_message(str(exc), "error")
            return True
        if store.read_only and not store.damaged:
            reason = store.read_only_reason()
            self.banner.show_message(
                f"{reason[:1].upper()}{reason[1:]}. History, dashboards, compare and PDF work.",
                "error",
            )
            return True
        return False

    def _on_failed(self, message: str) -> None:
        self.banner.show_message(f"The assessment could not run: {message}", "error")
        self._finish("failed")

    def _on_cancelled(self) -> None:
        self.banner.show_message("Assessment cancelled. Nothing was saved.", "info")
        self._finish("cancelled")

    # ----------------------------------------------------------------- wizard, theme
    def new_assessment(self) -> AssessmentWizard | None:
        """Open the guided assessment (it runs on this window's task runner)."""
        if self.running:
            return None
        wizard = AssessmentWizard(self.context, self.runner, self, session=self.session)
        wizard.open_dashboard_requested.connect(self.show_dashboard)
        wizard.export_pdf_requested.connect(self.export_pdf_of)
        wizard.assessment_stored.connect(lambda *_: self.refresh_recent())
        wizard.finished.connect(self._wizard_closed)
        self.wizard = wizard
        wizard.open()
        return wizard

    def _wizard_closed(self) -> None:
        if self.wizard is not None:
            self.wizard.deleteLater()
            self.wizard = None

    def offer_wizard_on_first_launch(self) -> bool:
        """Open the wizard when the store knows no repository yet (a first launch)."""
        try:
            first = not self.context.store.repositories(limit=1)
        except StoreError:
            return False
        if first:
            QTimer.singleShot(0, self.new_assessment)
        return first

    def show_dashboard(self, assessment_id: int) -> None:
        """Open the assessment's repository and show that assessment's dashboard (the one the
        wizard holds in memory when it comes from there, else loaded from the store)."""
        result = self.wizard.result_of(assessment_id) if self.wizard is not None else None
        if result is not None:
            self._show_dashboard_of(result, assessment_id)
            return
        self._load(assessment_id, self._dashboard_loaded)

    def _dashboard_loaded(self, assessment_id: int, result: Assessment) -> None:
        self._load_done()
        self._show_dashboard_of(result, assessment_id)

    def _show_dashboard_of(self, result: Assessment, assessment_id: int | None = None) -> None:
        if self.repository_path == result.repository.folder:
            self.refresh_history()
        self.banner.hide()
        self.view.tabs.setCurrentWidget(self.view.dashboard)
        self._show_of_its_folder(result, assessment_id)

    def _theme_applied(self, _scheme: str) -> None:
        if self.portfolio is not None:  # its bubbles and lines in the new theme's colours
            self.portfolio.view.theme_changed()
        if self.view.assessment is not None:  # rich text carries the old theme's colours
            self.view.show_assessment(self.view.assessment)

    # ----------------------------------------------------------------- export, about
    def export_json(self) -> None:
        result = self.view.assessment
        if result is None:
            return
        suggested = str(Path.home() / f"{result.repository.name}-readiness.json")
        target, _ = QFileDialog.getSaveFileName(
            self, "Export JSON report", suggested, "JSON report (*.json)"
        )
        if not target:
            return
        try:
            write_json_report(
                export_report(result, self.context.settings.analysis_options()), target
            )
        except OSError as exc:
            self.banner.show_message(f"Cannot write {target}: {exc.strerror or exc}", "error")
            return
        self.statusBar().showMessage(f"JSON report written to {target}", 8000)

    def export_pdf(self, target: str | None = None, page_size: str | None = None) -> str | None:
        """Write the PDF executive summary of the assessment shown; asks where (and A4 or US
        Letter) unless ``target`` is given. Returns the file written, or None."""
        if self.running:
            return None
        return self._export_pdf(self.view.assessment, target, page_size)

    def export_pdf_of(
        self, assessment_id: int, target: str | None = None, page_size: str | None = None
    ) -> str | None:
        """The PDF of a stored assessment (the wizard's last page asks for this one)."""
        result = self.wizard.result_of(assessment_id) if self.wizard is not None else None
        try:
            result = result or self.context.store.load(assessment_id)
        except (StoreError, ValueError, KeyError) as exc:
            self.banner.show_message(f"Cannot load assessment #{assessment_id}: {exc}", "error")
            return None
        return self._export_pdf(result, target, page_size)

    def _export_pdf(self, result, target: str | None, page_size: str | None) -> str | None:
        from app.export_pdf_action import choose_pdf_target, export_shown_assessment

        if result is None:
            return None
        if target is None:
            target, page_size = choose_pdf_target(self, result.repository.name)
            if not target:
                return None
        return export_shown_assessment(self, result, target, page_size)

    def show_portfolio(self) -> PortfolioWindow:
        """The Portfolio window (one, read again each time it is shown)."""
        if self.portfolio is None:
            self.portfolio = PortfolioWindow(self.context.store, self.show_dashboard, self)
        self.portfolio.show()
        self.portfolio.raise_()
        self.portfolio.refresh()
        return self.portfolio

    def export_portfolio_pdf(self, target: str | None = None, page_size: str | None = None):
        from app.export_pdf_action import export_portfolio

        return export_portfolio(self, target, page_size)  # the task writing it

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About Readiness Advisor",
            f"<b>Readiness Advisor {__version__}</b><p>Measures whether a system is ready to "
            "carry AI workloads, from its git repository alone. Code metrics by radon; "
            "the repository's code is never run.</p>",
        )

    def open_log_folder(self) -> None:
        from app.paths import log_dir

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir())))

    # ----------------------------------------------------------------- drag and drop
    def dragEnterEvent(self, event) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile() and Path(urls[0].toLocalFile()).is_dir():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            self.open_repository(urls[0].toLocalFile())
            event.acceptProposedAction()

    def closeEvent(self, event) -> None:
        self.session.shutdown()
        self.context.close()
        super().closeEvent(event)
