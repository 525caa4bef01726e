"""Choose what counts as a deployment: the source, the tag patterns (with a live list of the
tags they match), the hotfix window, the production pattern and the DORA window."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import QDate
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
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
)

from analysis.dora.patterns import PatternError, matching_tags
from analysis.dora.records import TagRecord
from analysis.dora.settings import BRANCH_MODES, SOURCE_LABELS, SOURCES, DoraSettings
from analysis.dora.wording import count

SOURCE_TIPS = {
    "auto": "The deployment log if one is imported; else release tags if at least 5 fall in "
    "the window; else the default branch. The panel says which was used and why.",
    "log": "Rows of the imported deployment log whose environment matches the production "
    "pattern and whose status says they reached production.",
    "tags": "Tags matching the release or fix pattern, dated by the tag (annotated) or the "
    "tagged commit (lightweight).",
    "branch": "Continuous deployment: every merge (or every commit) on the default branch's "
    "first-parent line, at its commit time.",
}
MAX_LISTED = 500


class DoraSourceDialog(QDialog):
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
        self.tags = list(tags)
        layout = QVBoxLayout(self)

        source_box = QGroupBox("Deployment source")
        source_layout = QVBoxLayout(source_box)
        self.source_group = QButtonGroup(self)
        self.source_buttons: dict[str, QRadioButton] = {}
        for source in SOURCES:
            label = SOURCE_LABELS[source]
            if source == "log" and not has_log:
                label += " (none imported yet)"
            button = QRadioButton(label)
            button.setToolTip(SOURCE_TIPS[source])
            button.setEnabled(source != "log" or has_log)
            self.source_group.addButton(button)
            source_layout.addWidget(button)
            self.source_buttons[source] = button
        layout.addWidget(source_box)

        tags_box = QGroupBox("Release tags")
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
            "Tags the patterns match, newest first: these are the "
            "deployments when release tags are the source"
        )
        tags_form.addRow(self.match_list)
        if tag_problem:
            tags_form.addRow(QLabel(f"Tags could not be read: {tag_problem}"))
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

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        reset = QPushButton("Reset to &defaults")
        reset.clicked.connect(lambda: self.set_settings(DoraSettings()))
        buttons.addButton(reset, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.problem_label = QLabel("")
        self.problem_label.setStyleSheet("color: #8a1c1c;")
        self.problem_label.setWordWrap(True)
        layout.addWidget(self.problem_label)

        for edit in (self.release_edit, self.fix_edit, self.production_edit):
            edit.textChanged.connect(self._refresh)
        self.set_settings(settings)

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
        """Live list of matching tags; OK only while every pattern is valid."""
        self.match_list.clear()
        problems = self.settings().problems()
        self.problem_label.setText("\n".join(problems))
        self.ok_button.setEnabled(not problems)
        try:
            found = matching_tags(self.tags, self.release_edit.text(), self.fix_edit.text())
        except PatternError as exc:
            self.match_label.setText(str(exc))
            return
        releases = sum(1 for m in found if m.release)
        fixes = sum(1 for m in found if m.fix)
        self.match_label.setText(
            f"{len(found)} of {len(self.tags)} tags match: {count(releases, 'release')}, "
            f"{count(fixes, 'fix', 'fixes')}"
        )
        for match in found[:MAX_LISTED]:
            kind = "fix" if match.fix else "release"
            self.match_list.addItem(f"{match.tag.name}    {match.tag.date:%Y-%m-%d}    {kind}")
        if len(found) > MAX_LISTED:
            self.match_list.addItem(f"… and {len(found) - MAX_LISTED} more")
