"""How delivery is measured: from the repository (with a live preview of the tags or merges
that count as deployments), from imported CSV logs (preview and row errors on the page), or
from the team's answers to the DORA Quick Check.

Above the choice, the delivery model the files show (read in the background with the tags) and
a way to correct it: a library's or a packaged application's tags count as releases (release
cadence), a service's as deployments. The choice is the team profile's ``delivery_model``, kept
with the repository like the other answers."""

from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import SIGNAL, Property, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from analysis.delivery_model import KINDS, WIZARD, delivery_reads_as
from analysis.dora.delivery_log import DEPLOYMENTS, INCIDENTS
from analysis.dora.evidence_wording import clipped
from analysis.dora.settings import MIN_SAMPLE, SOURCE_LABELS, DoraSettings
from analysis.dora.source_preview import (
    SourcePreview,
    preview_source,
    read_delivery_model,
    read_source_refs,
)
from analysis.dora.wording import count
from analysis.errors import AssessmentError
from app.dora_controller import LOG_FILES
from app.wizard.answers import ANSWER, IMPORT, MEASURE, MODES, RepositoryAnswers, WizardState
from app.wizard.repository_picker import PerRepositoryPage
from widgets import palette
from widgets.background import Task
from widgets.delivery_log_dialog import DeliveryLogForm
from widgets.dora_source_dialog import DoraSourceForm
from widgets.literal_text import literal_tooltip
from widgets.quick_check_form import QuickCheckForm

MODE_TEXTS = {
    MEASURE: (
        "&Measure it from the repository: release tags, or merges to the default branch",
        "Deployments are read from git. The preview shows which tags or merges count.",
    ),
    IMPORT: (
        "&Import CSV exports from CI/CD and the incident tracker",
        "The most direct evidence: a deployment log (and optionally an incident log). A file "
        "imports only when every row is valid; errors are listed with their line.",
    ),
    ANSWER: (
        "We'll &answer instead: the DORA Quick Check (five questions)",
        "No usable deployment data? The team's answers are scored as dora.dev's Quick Check "
        "does; the repository's own figures are still measured and set beside them.",
    ),
}
PREVIEW_LIMIT = 200  # deployments listed in the preview
DETECTED_DELIVERY = "as the files show (detected)"
DELIVERY_TIP = (
    "How the system reaches its users. Service: the team deploys it (its tags or merges are "
    "deployments). Packaged application: released for others to install. Library: a published "
    "package others import (read at its supported Python range, no carve-outs). For both, tags "
    "measure release cadence, not production deployments. Template/example: copied to start a "
    "project, read as the service it generates."
)


def _refs_job(path: str, roles, *, progress, cancel):
    """The tags and default branch for the preview, and the delivery model the files show."""
    refs = read_source_refs(path)
    try:
        refs.delivery_model = read_delivery_model(path, roles)
    except (AssessmentError, OSError) as exc:
        refs.delivery_model_problem = str(exc) or type(exc).__name__
    return refs


class DeliveryPage(PerRepositoryPage):
    modeChanged = Signal()

    def __init__(self, state: WizardState, parent=None) -> None:
        super().__init__(
            state,
            "Delivery data: how are deployments recognised?",
            "DORA's metrics (lead time, deployment frequency, change fail rate, recovery) need "
            "to know what a deployment is. Pick what fits; the answers are kept per repository.",
            parent,
        )
        layout = self.outer
        layout.addLayout(self._model_row())
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QRadioButton] = {}
        for index, mode in enumerate(MODES):
            text, tip = MODE_TEXTS[mode]
            button = QRadioButton(text)
            button.setToolTip(tip)
            self.mode_group.addButton(button, index)
            self.mode_buttons[mode] = button
            layout.addWidget(button)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._measure_page())
        self.stack.addWidget(self._import_page())
        self.quick_check = QuickCheckForm(compact=True)
        self.stack.addWidget(self.quick_check)
        layout.addWidget(self.stack, 1)
        self.add_problem_line()

        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(150)
        self.preview_timer.timeout.connect(self.update_preview)
        self.mode_group.idToggled.connect(self._mode_toggled)
        self.source_form.changed.connect(self._settings_edited)
        self.log_form.checked.connect(self._log_checked)
        self.log_form.reading.connect(self._log_reading)
        self.quick_check.answers_changed.connect(self._answers_edited)
        self.delivery_model.currentIndexChanged.connect(self._model_chosen)
        self.registerField("deliveryMode", self, "mode", SIGNAL("modeChanged()"))

    # ------------------------------------------------------------------ construction
    def _model_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        title = QLabel("How it is &delivered:")
        self.delivery_model = QComboBox()
        self.delivery_model.addItem(DETECTED_DELIVERY, None)
        for kind in KINDS:
            self.delivery_model.addItem(kind, kind)
        self.delivery_model.setToolTip(DELIVERY_TIP)
        title.setBuddy(self.delivery_model)
        self.model_label = QLabel("")
        self.model_label.setWordWrap(True)
        self.model_label.setTextFormat(Qt.TextFormat.RichText)
        row.addWidget(title)
        row.addWidget(self.delivery_model)
        row.addWidget(self.model_label, 1)
        return row

    def _measure_page(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        self.source_form = DoraSourceForm(DoraSettings())
        self.source_form.hide_tag_list()  # the preview beside lists what counts
        row.addWidget(self.source_form, 5)
        box = QGroupBox("What counts as a deployment in the window")
        column = QVBoxLayout(box)
        self.preview_label = QLabel("")
        self.preview_label.setWordWrap(True)
        self.preview_label.setTextFormat(Qt.TextFormat.RichText)
        self.preview_list = QListWidget()
        self.preview_list.setToolTip(
            "The deployments the assessment will count with these settings (newest first), "
            "decided exactly as the assessment decides: the same rules, on the same tags and "
            "default branch"
        )
        column.addWidget(self.preview_label)
        column.addWidget(self.preview_list, 1)
        row.addWidget(box, 4)
        return page

    def _import_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.kept_label = QLabel("")
        self.kept_label.setWordWrap(True)
        self.kept_label.setToolTip("Logs kept with this repository are reused until replaced")
        column.addWidget(self.kept_label)
        self.log_form = DeliveryLogForm(LOG_FILES, kind=DEPLOYMENTS)
        column.addWidget(self.log_form, 1)
        return page

    # ------------------------------------------------------------------ the field
    def _mode(self) -> str:
        return MODES[max(0, self.mode_group.checkedId())]

    mode = Property(str, _mode, notify=modeChanged)

    # ------------------------------------------------------------------ page protocol
    def problem_of(self, answers: RepositoryAnswers) -> str:
        problem = answers.delivery_problem()
        return f"{problem}." if problem else ""

    # ------------------------------------------------------------------ one repository
    def fill(self, answers: RepositoryAnswers) -> None:
        self.mode_buttons[answers.mode].setChecked(True)
        self.stack.setCurrentIndex(MODES.index(answers.mode))
        self.source_form.set_tags(
            answers.refs.tags if answers.refs else [], DEPLOYMENTS in answers.logs
        )
        self.source_form.set_settings(answers.settings)
        self.quick_check.set_answers(answers.quick_check)
        self.log_form.kind_box.setCurrentIndex(self.log_form.kind_box.findData(DEPLOYMENTS))
        self.log_form.path_edit.setText(answers.log_path)
        self.log_form.load(answers.log_path)
        with QSignalBlocker(self.delivery_model):
            self.delivery_model.setCurrentIndex(
                max(0, self.delivery_model.findData(answers.team.delivery_model))
            )

    def filled(self, answers: RepositoryAnswers) -> None:
        self._show_model(answers)
        self._show_kept(answers)
        if answers.refs is None and not answers.refs_problem:
            self._read_refs(answers)
        self.update_preview()

    def _read_refs(self, answers: RepositoryAnswers) -> None:
        self.preview_label.setText("Reading the tags and the default branch…")
        self.preview_list.clear()
        roles = self.state.context.settings.analysis_options().roles
        task = Task(_refs_job, answers.path, roles)
        task.signals.succeeded.connect(lambda refs, a=answers: self._refs_read(a, refs))
        task.signals.failed.connect(lambda message, a=answers: self._refs_failed(a, message))
        self.state.runner.start(task)

    def _refs_read(self, answers: RepositoryAnswers, refs) -> None:
        answers.refs = refs
        if answers is self.state.selected():
            self._show_model(answers)
            self._loading = True
            try:
                self.source_form.set_tags(refs.tags, DEPLOYMENTS in answers.logs)
            finally:
                self._loading = False
            self.update_preview()

    def _refs_failed(self, answers: RepositoryAnswers, message: str) -> None:
        answers.refs_problem = message
        if answers is self.state.selected():
            self.source_form.set_tags([], DEPLOYMENTS in answers.logs, message)
            self.update_preview()

    # ------------------------------------------------------------------ the delivery model
    def _model_chosen(self) -> None:
        answers = self.edited()
        if answers is None:
            return
        kind = self.delivery_model.currentData()
        answers.team = replace(
            answers.team, delivery_model=kind, delivery_model_source=WIZARD if kind else None
        )
        self._show_model(answers)
        self.update_preview()

    def _show_model(self, answers: RepositoryAnswers) -> None:
        """The detected model and its evidence; what the chosen model makes of the tags."""
        refs = answers.refs
        detected = refs.delivery_model if refs is not None else None
        self.delivery_model.setItemText(
            0, f"as the files show: {detected.kind}" if detected else DETECTED_DELIVERY
        )
        if refs is None:
            text = "Reading the files…" if not answers.refs_problem else ""
        elif detected is None:
            text = f"Not detected: {escape(refs.delivery_model_problem or 'unknown reason')}."
        else:
            evidence = clipped(detected.evidence[0], 110) if detected.evidence else ""
            more = len(detected.evidence) - 1
            text = f"Detected <b>{escape(detected.kind)}</b>: {escape(evidence)}" + (
                f" (and {more} more: hover)" if more > 0 else ""
            )
            self.model_label.setToolTip(
                literal_tooltip(
                    "What the files show:\n" + "\n".join(f"• {e}" for e in detected.evidence)
                )
            )
        kind = self.model_kind(answers)
        if kind and delivery_reads_as(kind) == "releases":
            text += (
                f"<br><i>A {escape(kind)}: its release tags measure release cadence, not "
                "production deployments; the figures will count releases.</i>"
            )
        self.model_label.setText(text)

    @staticmethod
    def model_kind(answers: RepositoryAnswers) -> str | None:
        """The delivery model the run will use: the one chosen, else the one detected."""
        if answers.team.delivery_model:
            return answers.team.delivery_model
        refs = answers.refs
        return refs.delivery_model.kind if refs is not None and refs.delivery_model else None

    # ------------------------------------------------------------------ edits
    def _mode_toggled(self, index: int, checked: bool) -> None:
        if not checked:
            return
        self.stack.setCurrentIndex(index)
        answers = self.edited()
        if answers is not None:
            answers.mode = MODES[index]
            self.completeChanged.emit()
        self.modeChanged.emit()

    def _settings_edited(self) -> None:
        answers = self.edited()
        if answers is None:
            return
        answers.settings = self.source_form.settings()
        self.preview_timer.start()
        self.completeChanged.emit()

    def _answers_edited(self) -> None:
        answers = self.edited()
        if answers is None:
            return
        answers.quick_check = self.quick_check.answers()
        self.completeChanged.emit()

    def _log_reading(self) -> None:
        answers = self.edited()
        if answers is not None:
            answers.log_error = "the CSV file is being read"
            self.completeChanged.emit()

    def _log_checked(self) -> None:
        answers = self.edited()
        if answers is None:
            return
        form = self.log_form
        answers.log_path = form.path_edit.text()
        if form.imported is not None:
            answers.logs[form.kind] = form.imported
            answers.new_logs.add(form.kind)
            answers.log_error = ""
        elif form.path_edit.text().strip():
            answers.log_error = (
                "the CSV file does not import: correct the rows listed above, choose another "
                "file, or choose another way"
            )
        else:
            answers.log_error = ""
        self._show_kept(answers)
        self.source_form.set_tags(self.source_form.tags, DEPLOYMENTS in answers.logs)
        self.completeChanged.emit()

    def _show_kept(self, answers: RepositoryAnswers) -> None:
        parts = []
        for kind, title, missing in (
            (DEPLOYMENTS, "Deployment log", "none yet: choose a CSV file below"),
            (INCIDENTS, "Incident log", "none (optional: switch Log to Incident log)"),
        ):
            log = answers.logs.get(kind)
            if log is None:
                parts.append(f"<b>{title}:</b> {missing}")
                continue
            when = (
                "imported now"
                if kind in answers.new_logs
                else f"kept from {log.imported_at:%Y-%m-%d}"
                if log.imported_at
                else "kept"
            )
            parts.append(f"<b>{title}:</b> {escape(log.file_name)}, {log.summary()} ({when})")
        self.kept_label.setText(" · ".join(parts))

    # ------------------------------------------------------------------ preview
    def update_preview(self) -> None:
        answers = self.state.selected()
        if answers is None:
            return
        self.preview_list.clear()
        if answers.refs is None:
            if answers.refs_problem:
                self.preview_label.setText(
                    f"Tags and branches could not be read: {escape(answers.refs_problem)}"
                )
            return
        preview = preview_source(answers.refs, answers.settings, answers.logs.get(DEPLOYMENTS))
        kind = self.model_kind(answers)
        releases = kind is not None and delivery_reads_as(kind) == "releases"
        # a library read from its default branch counts merges: neither releases nor deploys
        noun = "release" if releases and preview.source == "tags" else "deployment"
        self.show_preview(preview, noun)

    def show_preview(self, preview: SourcePreview, noun: str = "deployment") -> None:
        if preview.problem:
            self.preview_label.setText(escape(preview.problem))
            return
        span = preview.window
        counted = preview.counted
        window = f"{span.start:%Y-%m-%d} to {span.end:%Y-%m-%d}" if span else ""
        stale = (
            f"<br><span style='color:{palette.hex_colour('warn')}'>⚠ "
            f"{escape(preview.stale[:1].upper() + preview.stale[1:])}.</span>"
            if preview.stale
            else ""
        )
        tags = ""
        if preview.source == "tags":
            tags = (
                f"<br>Release tags in the window: {count(len(counted), 'release')}, "
                f"{count(len(preview.pre_releases), 'pre-release')} (listed, never counted), "
                f"{count(len(preview.set_aside), 'non-release tag')} set aside. Backports "
                "(patches on an older line carrying changes a newer line shipped) are found "
                "during the run and counted once."
            )
        few = (
            f"<br><i>Fewer than {MIN_SAMPLE}: DORA levels will say 'not enough data'.</i>"
            if len(counted) < MIN_SAMPLE
            else ""
        )
        before = " (before backports)" if preview.source == "tags" else ""
        self.preview_label.setText(
            f"<b>{count(len(counted), noun)}</b>{before} from {window}, from "
            f"<b>{SOURCE_LABELS.get(preview.source, preview.source).lower()}</b>.{stale}{tags}"
            f"<br>Why: {escape(preview.reason)}.{few}"
        )
        shown = sorted([*preview.items, *preview.set_aside], key=lambda i: i.at, reverse=True)
        grey = palette.colour("muted")
        for item in shown[:PREVIEW_LIMIT]:
            entry = QListWidgetItem(f"{item.at:%Y-%m-%d}   {item.kind:<11}   {item.name}")
            if not item.counted:
                entry.setForeground(grey)
                entry.setToolTip(literal_tooltip(f"Not counted: {item.reason}"))
            self.preview_list.addItem(entry)
        if len(shown) > PREVIEW_LIMIT:
            self.preview_list.addItem(f"… and {len(shown) - PREVIEW_LIMIT} more")
