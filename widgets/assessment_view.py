"""One assessment on screen: KPI cards, the file table with its filter, and the warnings."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from analysis.assessment import Assessment
from analysis.coverage import most_complex_function
from analysis.findings import group_lines, partial_note
from analysis.roles import ROLE_MEANINGS, ROLES
from widgets.ai_adoption_panel import AIAdoptionPanel
from widgets.architecture_panel import ArchitecturePanel
from widgets.dashboard import Dashboard
from widgets.debt_panel import DebtPanel
from widgets.debt_tables import RATING_TOOLTIP, colour_rating
from widgets.decisions_panel import DecisionsPanel
from widgets.dora_panel import DoraPanel
from widgets.file_table import FileFilterProxyModel, FileMetricsModel, mi_rank
from widgets.function_table import FunctionTable
from widgets.history_panel import HistoryPanel
from widgets.kpi_card import KpiCard, card_row
from widgets.record_table import metric_table_view
from widgets.runtime_panel import RuntimePanel

KPI_TOOLTIPS = {
    "files": "Production Python files (tracked, by file role: tests, migrations, examples, "
    "tooling and generated code are counted apart; see the Files tab's Role column): measured, "
    "with syntax errors, and skipped.",
    "sloc": "Source lines of code over the production files (radon raw: lines holding code).",
    "mi": "Maintainability Index, mean over production files weighted by SLOC (radon mi with "
    "multi-line "
    "strings counted as comments). Per file 0-100; rank A > 19, B 10-19, C <= 9.",
    "cc": "Total cyclomatic complexity (McCabe, as radon computes it for MI) over the production "
    "files, "
    "and the number of functions and methods.",
    "worst": "The most complex production function or method (radon cc). Ranks: A 1-5, B 6-10, "
    "C 11-20, D 21-30, E 31-40, F 41+.",
    "debt": "Technical debt rating (SQALE, SonarQube). " + RATING_TOOLTIP,
    "warnings": "Inputs that could not be fully measured (syntax errors, syntax of a newer "
    "Python, binary, too large, too slow, unreadable, objects missing from a partial clone), "
    "grouped by kind. The result is partial only when one leaves a figure incomplete, and "
    "the card names which.",
}


@runtime_checkable
class SectionPanel(Protocol):
    """A tab fed every assessment shown."""

    def show_assessment(self, assessment: Assessment) -> None: ...


class AssessmentView(QWidget):
    def __init__(self, parent=None, lazy: bool = False) -> None:
        """``lazy``: a panel whose tab is hidden gets the assessment when its tab is first
        shown, so that showing an assessment of a large project costs only the visible tab."""
        super().__init__(parent)
        self.assessment: Assessment | None = None
        self.lazy = lazy
        self.stale: set[SectionPanel] = set()  # panels not yet fed the assessment shown
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.cards = {
            "files": KpiCard("Production files", KPI_TOOLTIPS["files"]),
            "sloc": KpiCard("Source lines", KPI_TOOLTIPS["sloc"]),
            "mi": KpiCard("Maintainability", KPI_TOOLTIPS["mi"]),
            "cc": KpiCard("Complexity", KPI_TOOLTIPS["cc"]),
            "worst": KpiCard("Most complex function", KPI_TOOLTIPS["worst"]),
            "debt": KpiCard("Debt rating", KPI_TOOLTIPS["debt"]),
            "warnings": KpiCard("Warnings", KPI_TOOLTIPS["warnings"]),
        }
        layout.addLayout(card_row(self.cards.values()))

        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.dashboard = Dashboard()  # the first tab; the advice it shows comes with the assessment
        self.tabs.addTab(self.dashboard, "Dash&board")

        files_page = QWidget()
        files_layout = QVBoxLayout(files_page)
        filters = QHBoxLayout()
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter files by path…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setToolTip("Show only files whose path contains this text")
        self.status_filter = QComboBox()
        self.status_filter.addItem("All files", None)
        self.status_filter.addItem("Measured", "ok")
        self.status_filter.addItem("Syntax errors", "syntax_error")
        self.status_filter.addItem("Newer syntax", "newer_syntax")
        self.status_filter.addItem("Skipped", "skipped")
        self.status_filter.setToolTip("Show files by measurement status")
        self.role_filter = QComboBox()
        self.role_filter.addItem("All roles", None)
        for role in ROLES:
            self.role_filter.addItem(role.capitalize(), role)
            self.role_filter.setItemData(
                self.role_filter.count() - 1, ROLE_MEANINGS[role], Qt.ItemDataRole.ToolTipRole
            )
        self.role_filter.setToolTip(
            "Show files by role: the headline figures cover production files, tests are "
            "reported apart (file roles: resources/file_roles.toml)"
        )
        filter_label = QLabel("&Filter:")
        filter_label.setBuddy(self.filter_edit)
        filters.addWidget(filter_label)
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.role_filter)
        filters.addWidget(self.status_filter)
        self.count_label = QLabel()
        filters.addWidget(self.count_label)
        files_layout.addLayout(filters)

        self.model = FileMetricsModel(self)
        self.proxy = FileFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = metric_table_view(self.proxy)
        # paths stay readable however many metric columns there are: the table scrolls
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.functions = FunctionTable()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.functions)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        files_layout.addWidget(splitter, 1)
        self.tabs.addTab(files_page, "&Files")
        self.table.selectionModel().currentRowChanged.connect(self._show_functions)

        self.warnings_list = QListWidget()
        self.warnings_list.setWordWrap(True)
        self.tabs.addTab(self.warnings_list, "&Warnings")

        #: Section panels: widgets with ``show_assessment(assessment)``, one tab each.
        self.panels: list[SectionPanel] = []
        self.dora_panel = DoraPanel()
        self.add_panel(self.dora_panel, "Deli&very (DORA)")
        self.debt_panel = DebtPanel()
        self.add_panel(self.debt_panel, "&Debt")
        self.add_panel(RuntimePanel(), "R&untime")
        self.architecture_panel = ArchitecturePanel()
        self.add_panel(self.architecture_panel, "Archi&tecture")
        self.history_panel = HistoryPanel()
        self.add_panel(self.history_panel, "&History")
        self.decisions_panel = DecisionsPanel()
        self.add_panel(self.decisions_panel, "Decision&s")
        self.ai_adoption_panel = AIAdoptionPanel()
        self.add_panel(self.ai_adoption_panel, "AI ado&ption")
        self.decisions_panel.component_selected.connect(self.show_component)
        self.panels.append(self.dashboard)
        self.dashboard.section_requested.connect(self.open_section)
        self.dashboard.file_requested.connect(self._show_hotspot)

        self.filter_edit.textChanged.connect(self._apply_filter)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.role_filter.currentIndexChanged.connect(self._apply_filter)
        self.tabs.currentChanged.connect(lambda index: self.feed(self.tabs.widget(index)))

    def add_panel(self, panel: QWidget, title: str) -> None:
        """Add a tab; if the widget has ``show_assessment``, it is fed every assessment shown."""
        self.tabs.addTab(panel, title)
        if isinstance(panel, SectionPanel):
            self.panels.append(panel)
            if self.assessment is not None:
                self._feed_or_defer(panel, self.assessment)

    def _feed_or_defer(self, panel: SectionPanel, assessment: Assessment) -> None:
        if self.lazy and panel is not self.tabs.currentWidget():
            self.stale.add(panel)
        else:
            self.stale.discard(panel)
            panel.show_assessment(assessment)

    def feed(self, panel: QWidget | None) -> None:
        """Give ``panel`` the assessment shown, if it has not had it yet (lazy view)."""
        if isinstance(panel, SectionPanel) and panel in self.stale and self.assessment is not None:
            self.stale.discard(panel)
            panel.show_assessment(self.assessment)

    def _show_functions(self, current, _previous=None) -> None:
        row = self.proxy.mapToSource(current).row() if current.isValid() else -1
        self.functions.show_file(self.model.file_at(row) if row >= 0 else None)

    def show_component(self, name: str) -> None:
        """Switch to the Architecture tab with the component selected."""
        self.feed(self.architecture_panel)
        if self.architecture_panel.select_component(name):
            self.tabs.setCurrentWidget(self.architecture_panel)

    def open_section(self, key: str) -> None:
        """Show the tab of a dashboard section (its "details" link)."""
        pages = {
            "decisions": self.decisions_panel,
            "plan": self.decisions_panel,
            "delivery": self.dora_panel,
            "debt": self.debt_panel,
            "history": self.history_panel,
            "architecture": self.architecture_panel,
            "warnings": self.warnings_list,
            "ai_adoption": self.ai_adoption_panel,
        }
        page = pages.get(key) or next(
            (
                p
                for p in self.panels
                if isinstance(p, QWidget) and type(p).__name__.lower().startswith(key)
            ),
            None,
        )
        if page is not None:
            self.tabs.setCurrentWidget(page)
        if key == "plan":
            self.decisions_panel.tabs.setCurrentWidget(self.decisions_panel.plan_view)

    def _show_hotspot(self, path: str) -> None:
        self.tabs.setCurrentWidget(self.history_panel)
        self.history_panel.show_file(path)

    def show_advice(self, assessment: Assessment) -> None:
        """The same measured assessment with new advice (the team changed): a new value whose
        decisions and debt money differ. The panels that show them get it (now, or when their
        tab is shown); the files, warnings and measured sections stay as they are."""
        self.assessment = assessment
        panels: tuple[SectionPanel, ...] = (self.decisions_panel, self.debt_panel, self.dashboard)
        for panel in panels:
            self._feed_or_defer(panel, assessment)

    def _apply_filter(self) -> None:
        self.proxy.setFilterFixedString(self.filter_edit.text())
        self.proxy.set_status_filter(
            self.status_filter.currentData(), self.role_filter.currentData()
        )
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(
            f"{shown} of {total} files" if shown != total else f"{total} files"
        )

    def show_assessment(self, assessment: Assessment) -> None:
        self.assessment = assessment
        totals = assessment.code.totals
        self.cards["files"].set_value(
            f"{totals.files:,}",
            f"{totals.measured_files} measured · {totals.syntax_error_files} syntax errors · "
            + (f"{totals.newer_syntax_files} newer syntax · " if totals.newer_syntax_files else "")
            + f"{totals.skipped_files} skipped",
        )
        self.cards["sloc"].set_value(f"{totals.sloc:,}", f"{totals.loc:,} lines in all")
        if totals.mi_average is None:
            self.cards["mi"].set_value("–", "no file could be measured")
        else:
            self.cards["mi"].set_value(
                f"{totals.mi_average:.1f}",
                f"rank {mi_rank(totals.mi_average)} · lowest file {totals.mi_min:.1f}",
            )
        self.cards["cc"].set_value(f"{totals.cc_total:,}", f"{totals.functions:,} functions")
        worst = most_complex_function(assessment.code.files)
        if worst is None:
            self.cards["worst"].set_value("–", "no functions")
        else:
            file, block = worst
            self.cards["worst"].set_value(str(block.complexity), f"{block.name} · {file.path}")
        debt = assessment.debt
        if debt is None:
            self.cards["debt"].set_value("–", "not measured")
        else:
            self.cards["debt"].set_value(debt.rating, f"debt ratio {debt.ratio:.1%}")
        colour_rating(self.cards["debt"].value_label, debt.rating if debt else None)
        warnings = assessment.repository.warnings
        self.cards["warnings"].set_value(
            str(len(warnings)),
            (partial_note(assessment.repository.partial_figures) or "partial result")
            if assessment.repository.partial
            else "no figure affected",
        )
        self.model.set_files(assessment.code.files)
        self.functions.show_file(None)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        longest = max((f.path for f in assessment.code.files), key=len, default="")
        width = self.table.fontMetrics().horizontalAdvance(longest) + 24  # not every row's hint
        self.table.setColumnWidth(0, min(max(width, 220), 420))
        self.warnings_list.clear()
        self.warnings_list.addItems(group_lines(warnings) or ["No warnings."])
        self.tabs.setTabText(self.tabs.indexOf(self.warnings_list), f"&Warnings ({len(warnings)})")
        self._apply_filter()
        self.stale = set()
        for panel in self.panels:
            self._feed_or_defer(panel, assessment)
