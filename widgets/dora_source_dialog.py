"""Choose what counts as a deployment: the source, the tag patterns (with a live list of the
tags and how the engine reads each: release, fix release, pre-release or set aside, with the
reason), the hotfix window, the production pattern and the DORA window."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from analysis.dora.patterns import PatternError, compile_pattern
from analysis.dora.records import TagRecord
from analysis.dora.release_lines import NON_RELEASE, PRE_RELEASE, RELEASE, read_tag
from analysis.dora.settings import BRANCH_MODES, SOURCE_LABELS, SOURCES, DoraSettings
from analysis.dora.wording import count
from widgets import palette
from widgets.literal_text import literal_label, literal_tooltip

SOURCE_TIPS = {
    "auto": "The deployment log if one is imported; else release tags if at least 5 fall in "
    "the window; else the default branch. The panel says which was used and why.",
    "log": "Rows of the imported deployment log whose environment matches the production "
    "pattern and whose status says they reached production.",
    "tags": "Tags that read as a release version (PEP 440, SemVer, CalVer) and match the "
    "release or fix pattern, dated by the tag (annotated) or the tagged commit (lightweight); "
    "pre-releases are listed, never counted.",
    "branch": "Continuous deployment: every merge (or every commit) on the default branch's "
    "first-parent line, at its commit time.",
}
MAX_LISTED = 500


class DoraSourceForm(QWidget):
    """The deployment source, the tag patterns with the tags they match, and the window.

    Emits :attr:`changed` on every edit; :meth:`settings` is what the form shows, and
    :meth:`problems` what is wrong with it (empty when usable).
    """

    changed = Signal()

    def __init__(
        self,
        settings: DoraSettings,
        tags: Sequence[TagRecord] = (),
        has_log: bool = False,
        tag_problem: str = "",
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.tags = list(tags)
        self.column = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        source_box = QGroupBox("Deployment source")
        source_layout = QVBoxLayout(source_box)
        self.source_group = QButtonGroup(self)
        self.source_buttons: dict[str, QRadioButton] = {}
        for source in SOURCES:
            button = QRadioButton(SOURCE_LABELS[source])
            button.setToolTip(SOURCE_TIPS[source])
            self.source_group.addButton(button)
            source_layout.addWidget(button)
            self.source_buttons[source] = button
        self.source_buttons["auto"].setChecked(True)
        layout.addWidget(source_box)

        tags_box = QGroupBox("Release tags")
        self.tags_box = tags_box
        tags_form = QFormLayout(tags_box)
        self.release_edit = QLineEdit()
        self.release_edit.setToolTip("Python regular expression searched in each tag name")
        self.fix_edit = QLineEdit()
        self.fix_edit.setToolTip(
            "Tags matching this are fix releases: the deployment before "
            "one failed, and the fix is unplanned work"
        )
        self.hotfix_days = QSpinBox()
        self.hotfix_days.setRange(0, 365)
        self.hotfix_days.setSuffix(" days")
        self.hotfix_days.setToolTip(
            "A patch release (x.y.z, z > 0) this soon after a release of "
            "the same x.y line marks that release failed; a patch on an "
            "older line is a backport, not a failure"
        )
        tags_form.addRow("&Release pattern:", self.release_edit)
        tags_form.addRow("&Fix pattern:", self.fix_edit)
        tags_form.addRow("&Hotfix within:", self.hotfix_days)
        self.match_label = QLabel("")
        self.match_label.setWordWrap(True)
        tags_form.addRow(self.match_label)
        self.match_list = QListWidget()
        self.match_list.setToolTip(
            "The tags, newest first, as the assessment reads them: releases (and fix releases) "
            "are the deployments when release tags are the source; pre-releases are listed, "
            "never counted; the rest are set aside (grey; hover for why)"
        )
        tags_form.addRow(self.match_list)
        self.tag_problem = literal_label(QLabel(""))  # git's own words about the tags
        self.tag_problem.setWordWrap(True)
        tags_form.addRow(self.tag_problem)
        layout.addWidget(tags_box, 1)

        other = QGroupBox("Other settings")
        other_form = QFormLayout(other)
        self.branch_mode = QComboBox()
        for mode, label in zip(
            BRANCH_MODES,
            (
                "Merges when there are at least 5 in the window, else every commit",
                "Merge commits only",
                "Every first-parent commit",
            ),
            strict=True,
        ):
            self.branch_mode.addItem(label, mode)
        self.production_edit = QLineEdit()
        self.production_edit.setToolTip(
            "Deployment-log rows count only when their environment matches this regular expression"
        )
        self.window_months = QSpinBox()
        self.window_months.setRange(1, 120)
        self.window_months.setSuffix(" months")
        self.ends_now = QCheckBox("ends now")
        self.window_end = QDateEdit()
        self.window_end.setCalendarPopup(True)
        self.window_end.setDisplayFormat("yyyy-MM-dd")
        self.window_end.setToolTip("The window ends at the start of this day (UTC)")
        self.ends_now.toggled.connect(lambda on: self.window_end.setEnabled(not on))
        window_row = QHBoxLayout()
        window_row.addWidget(self.window_months)
        window_row.addWidget(self.ends_now)
        window_row.addWidget(self.window_end)
        window_row.addStretch(1)
        other_form.addRow("Default &branch:", self.branch_mode)
        other_form.addRow("&Production pattern:", self.production_edit)
        other_form.addRow("Window:", window_row)
        layout.addWidget(other)
        self.other_box = other
        self.problem_label = literal_label(QLabel(""))  # quotes the patterns typed
        palette.style(self.problem_label, "color: {bad_strong};")
        self.problem_label.setWordWrap(True)
        layout.addWidget(self.problem_label)

        for edit in (self.release_edit, self.fix_edit, self.production_edit):
            edit.textChanged.connect(self._refresh)
        self.source_group.buttonToggled.connect(lambda *_: self._changed())
        for box in (self.hotfix_days, self.window_months):
            box.valueChanged.connect(self._changed)
        self.branch_mode.currentIndexChanged.connect(self._changed)
        self.ends_now.toggled.connect(self._changed)
        self.window_end.dateChanged.connect(self._changed)
        self.base = settings
        self.set_tags(tags, has_log, tag_problem)
        self.set_settings(settings)

    def set_tags(
        self, tags: Sequence[TagRecord], has_log: bool = False, tag_problem: str = ""
    ) -> None:
        """The repository's tags (for the live list) and whether a deployment log exists."""
        self.tags = list(tags)
        log_button = self.source_buttons["log"]
        log_button.setEnabled(has_log)
        log_button.setText(SOURCE_LABELS["log"] + ("" if has_log else " (none imported yet)"))
        if not has_log and log_button.isChecked():
            self.source_buttons["auto"].setChecked(True)
        self.tag_problem.setText(f"Tags could not be read: {tag_problem}" if tag_problem else "")
        self.tag_problem.setVisible(bool(tag_problem))
        self._refresh()

    def problems(self) -> list[str]:
        return self.settings().problems()

    def hide_tag_list(self) -> None:
        """Only the count of matching tags (an owner that lists the deployments beside)."""
        self.match_list.hide()
        self.column.setStretchFactor(self.tags_box, 0)
        self.column.addStretch(1)

    def _changed(self) -> None:
        self.changed.emit()

    def set_settings(self, settings: DoraSettings) -> None:
        self.base = settings  # keeps what the dialog does not show
        button = self.source_buttons[settings.deployment_source]
        (button if button.isEnabled() else self.source_buttons["auto"]).setChecked(True)
        self.release_edit.setText(settings.release_pattern)
        self.fix_edit.setText(settings.fix_pattern)
        self.production_edit.setText(settings.production_pattern)
        self.hotfix_days.setValue(settings.hotfix_days)
        self.branch_mode.setCurrentIndex(self.branch_mode.findData(settings.branch_mode))
        self.window_months.setValue(settings.window_months)
        end = settings.window_end
        self.ends_now.setChecked(end is None)
        self.window_end.setEnabled(end is not None)
        shown = end.astimezone(UTC) if end else datetime.now(UTC)
        self.window_end.setDate(QDate(shown.year, shown.month, shown.day))
        self._refresh()

    def settings(self) -> DoraSettings:
        source = next(s for s, b in self.source_buttons.items() if b.isChecked())
        end = None
        if not self.ends_now.isChecked():
            day = self.window_end.date()
            end = datetime(day.year(), day.month(), day.day(), tzinfo=UTC)
        return replace(
            self.base,
            deployment_source=source,
            release_pattern=self.release_edit.text(),
            fix_pattern=self.fix_edit.text(),
            production_pattern=self.production_edit.text(),
            hotfix_days=self.hotfix_days.value(),
            window_months=self.window_months.value(),
            window_end=end,
            branch_mode=self.branch_mode.currentData(),
        )

    def _refresh(self) -> None:
        """Live list of matching tags and what is wrong with the settings."""
        self.match_list.clear()
        problems = self.settings().problems()
        self.problem_label.setText("\n".join(problems))
        self.problem_label.setVisible(bool(problems))
        self._changed()
        try:
            release = compile_pattern(self.release_edit.text(), "release tag")
            fix = compile_pattern(self.fix_edit.text(), "fix tag")
        except PatternError as exc:
            self.match_label.setText(str(exc))
            return
        ordered = sorted(self.tags, key=lambda t: (t.date, t.name), reverse=True)
        readings = [(tag, read_tag(tag.name, release, fix)) for tag in ordered]
        kinds = {kind: 0 for kind in (RELEASE, PRE_RELEASE, NON_RELEASE)}
        for _tag, reading in readings:
            kinds[reading.kind] += 1
        fixes = sum(1 for _tag, reading in readings if reading.kind == RELEASE and reading.fix)
        self.match_label.setText(
            f"{count(len(self.tags), 'tag')}: {count(kinds[RELEASE], 'release')} "
            f"({count(fixes, 'fix release')}), {count(kinds[PRE_RELEASE], 'pre-release')}, "
            f"{kinds[NON_RELEASE]} set aside"
        )
        grey = palette.colour("muted")
        for tag, reading in readings[:MAX_LISTED]:
            kind = "fix" if reading.kind == RELEASE and reading.fix else reading.kind
            kind = "set aside" if kind == NON_RELEASE else kind
            item = QListWidgetItem(f"{tag.name}    {tag.date:%Y-%m-%d}    {kind}")
            if reading.kind != RELEASE:
                item.setForeground(grey)
                item.setToolTip(literal_tooltip(f"Not counted: {reading.reason}"))
            self.match_list.addItem(item)
        if len(readings) > MAX_LISTED:
            self.match_list.addItem(f"… and {len(readings) - MAX_LISTED} more")


class DoraSourceDialog(QDialog):
    """The form in a dialog: OK only while every pattern is valid; Reset to the defaults."""

    def __init__(
        self,
        settings: DoraSettings,
        tags: Sequence[TagRecord] = (),
        has_log: bool = False,
        tag_problem: str = "",
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("What counts as a deployment")
        self.resize(720, 640)
        layout = QVBoxLayout(self)
        self.form = DoraSourceForm(settings, tags, has_log, tag_problem)
        layout.addWidget(self.form, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        reset = QPushButton("Reset to &defaults")
        reset.clicked.connect(lambda: self.form.set_settings(DoraSettings()))
        buttons.addButton(reset, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.form.changed.connect(lambda: self.ok_button.setEnabled(not self.form.problems()))
        self.ok_button.setEnabled(not self.form.problems())
        # the form's parts, as the dialog offered them before the form existed
        for name in (
            "source_buttons", "release_edit", "fix_edit", "production_edit", "hotfix_days",
            "branch_mode", "window_months", "ends_now", "window_end", "match_label",
            "match_list", "problem_label", "tags",
        ):  # fmt: skip
            setattr(self, name, getattr(self.form, name))

    def settings(self) -> DoraSettings:
        return self.form.settings()

    def set_settings(self, settings: DoraSettings) -> None:
        self.form.set_settings(settings)
