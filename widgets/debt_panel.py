"""The Debt panel: rating, ratio, time and money to fix, the issue list, debt by package and by
file, duplicated code, and the rules behind every figure (SQALE as SonarQube applies it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from analysis.assessment import Assessment
from widgets.debt_tables import (
    FILE_COLUMNS,
    FRAGMENT_COLUMNS,
    GROUP_COLUMNS,
    ISSUE_COLUMNS,
    PACKAGE_COLUMNS,
    RATING_TOOLTIP,
    RULE_COLUMNS,
    colour_rating,
    minutes_text,
    rating_band,
)
from widgets.kpi_card import KpiCard, card_row
from widgets.record_table import (
    RecordFilterProxyModel,
    RecordTableModel,
    RecordTableView,
    fit_widths_on_sample,
)

TOOLTIPS = {
    "rating": "Technical debt rating (SonarQube's maintainability rating, SQALE). "
    + RATING_TOOLTIP,
    "ratio": "Debt ratio: the time to fix every issue found, over the time it would take to "
    "write the code again (SonarQube's sqale_debt_ratio: remediation minutes / (30 min x "
    "lines of code), lines of code = radon SLOC of the fully measured files).",
    "time": "Remediation effort: the sum of each issue's estimate from its rule's remediation "
    "function (SonarQube's values where SonarQube has the rule; see the Rules tab). "
    "Days are 8-hour working days (SonarQube's sonar.technicalDebt.hoursInDay).",
    "money": "Remediation hours x the team's loaded hourly cost (salary, overhead, tools). "
    "The team's loaded cost (Decisions › Team, or --team), else hourly_cost in the settings "
    "(or --hourly-cost); the advice's money prices an hour the same way.",
    "duplication": "Duplicated lines density: lines inside duplicated blocks / all lines x 100 "
    "(SonarQube's duplicated_lines_density; 'Sonar way' gate for new code: <= 3%). A block is "
    ">= 100 tokens over >= 10 lines occurring more than once, identifiers and literals "
    "ignored (type-2 clones).",
}


def show_debt_figures(cards: dict[str, KpiCard], debt) -> None:
    """Rating, ratio, time and money on their cards (keys: rating, ratio, time, money)."""
    rating_card = cards["rating"]
    rating_card.set_value(debt.rating, rating_band(debt.rating, debt.rating_grid))
    colour_rating(rating_card.value_label, debt.rating)
    cards["ratio"].set_value(
        f"{debt.ratio:.1%}",
        f"{minutes_text(debt.remediation_minutes)} of "
        f"{minutes_text(debt.cost_per_line_minutes * debt.ncloc)} to rewrite "
        f"{debt.ncloc:,} lines",
    )
    cards["time"].set_value(
        minutes_text(debt.remediation_minutes),
        f"{len(debt.issues):,} issues · {debt.remediation_minutes / 60:,.1f} hours",
    )
    if debt.money is None:
        cards["money"].set_value("–", "give the team's loaded cost, or hourly_cost")
    else:
        cards["money"].set_value(
            f"{debt.money:,.0f} {debt.currency}",
            f"{debt.remediation_minutes / 60:,.1f} h × {debt.hourly_cost:,.0f} {debt.currency}/h",
        )


def _table(model, proxy=None, stretch: int | None = None) -> QTableView:
    """A read-only, sortable table; ``stretch`` takes the spare width (default: last column)."""
    view = RecordTableView()
    if proxy is not None:
        proxy.setSourceModel(model)
        view.setModel(proxy)
        view.setSortingEnabled(True)
    else:
        view.setModel(model)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    fit_widths_on_sample(header)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def _sorting_proxy() -> RecordFilterProxyModel:
    return RecordFilterProxyModel()


class DebtPanel(QWidget):
    """Shows ``assessment.debt`` and ``assessment.duplication``; registered as a tab."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.cards = {
            "rating": KpiCard("Debt rating", TOOLTIPS["rating"]),
            "ratio": KpiCard("Debt ratio", TOOLTIPS["ratio"]),
            "time": KpiCard("Time to fix", TOOLTIPS["time"]),
            "money": KpiCard("Cost to fix", TOOLTIPS["money"]),
            "duplication": KpiCard("Duplicated lines", TOOLTIPS["duplication"]),
        }
        layout.addLayout(card_row(self.cards.values()))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.note)

        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._build_issues(), "Issues")
        self.package_model = RecordTableModel(PACKAGE_COLUMNS, self)
        self.package_proxy = _sorting_proxy()
        self.package_table = _table(self.package_model, self.package_proxy, stretch=0)
        self.package_table.setToolTip("Debt of each top-level package (first folder)")
        self.tabs.addTab(self.package_table, "By package")
        self.file_model = RecordTableModel(FILE_COLUMNS, self)
        self.file_proxy = _sorting_proxy()
        self.file_table = _table(self.file_model, self.file_proxy, stretch=0)
        self.file_table.setColumnHidden(1, True)  # "Files" is always 1 for a file
        self.tabs.addTab(self.file_table, "By file")
        self.tabs.addTab(self._build_duplication(), "Duplication")
        self.rule_model = RecordTableModel(RULE_COLUMNS, self)
        self.rule_table = _table(self.rule_model)
        self.rule_table.setWordWrap(True)
        rule_header = self.rule_table.horizontalHeader()
        rule_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        rule_header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        self.rule_table.setColumnWidth(1, 260)
        self.rule_table.setColumnWidth(4, 170)
        self.tabs.addTab(self.rule_table, "Rules")
        self.tabs.currentChanged.connect(self._fit_rule_rows)

    def _fit_rule_rows(self, *_args) -> None:
        """Wrapped rows fit their text once the table has its real width (when shown)."""
        if self.rule_table.isVisible():
            self.rule_table.resizeRowsToContents()

    def _build_issues(self) -> QWidget:
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 6, 0, 0)
        filters = QHBoxLayout()
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter issues by file, rule or text…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setToolTip("Show only issues whose row contains this text")
        label = QLabel("F&ilter:")
        label.setBuddy(self.filter_edit)
        self.rule_filter = QComboBox()
        self.rule_filter.setToolTip("Show the issues of one rule")
        self.issue_count = QLabel()
        filters.addWidget(label)
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.rule_filter)
        filters.addWidget(self.issue_count)
        page_layout.addLayout(filters)
        self.issue_model = RecordTableModel(ISSUE_COLUMNS, self)
        self.issue_proxy = RecordFilterProxyModel(parent=self)
        self.issue_table = _table(self.issue_model, self.issue_proxy)
        page_layout.addWidget(self.issue_table, 1)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.rule_filter.currentIndexChanged.connect(self._apply_filter)
        return page

    def _build_duplication(self) -> QWidget:
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 6, 0, 0)
        self.duplication_label = QLabel()
        self.duplication_label.setWordWrap(True)
        self.duplication_label.setToolTip(TOOLTIPS["duplication"])
        page_layout.addWidget(self.duplication_label)
        self.group_model = RecordTableModel(GROUP_COLUMNS, self)
        self.group_proxy = _sorting_proxy()
        self.group_table = _table(self.group_model, self.group_proxy)
        self.group_table.setToolTip("Clone groups, largest first; select one to see its copies")
        self.fragment_model = RecordTableModel(FRAGMENT_COLUMNS, self)
        self.fragment_proxy = _sorting_proxy()
        self.fragment_table = _table(self.fragment_model, self.fragment_proxy, stretch=0)
        self.fragment_table.setToolTip("Every copy of the selected block")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.group_table)
        splitter.addWidget(self.fragment_table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        page_layout.addWidget(splitter, 1)
        self.group_table.selectionModel().currentRowChanged.connect(self._show_fragments)
        return page

    def _show_fragments(self, current, _previous=None) -> None:
        if not current.isValid():
            self.fragment_model.set_rows([])
            return
        row = self.group_proxy.mapToSource(current).row()
        self.fragment_model.set_rows(self.group_model.row_object(row).fragments)
        self.fragment_table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the group's order

    def _apply_filter(self) -> None:
        self.issue_proxy.setFilterFixedString(self.filter_edit.text())
        rule = self.rule_filter.currentData()
        self.issue_proxy.set_row_filter(None if rule is None else lambda i: i.rule == rule)
        shown, total = self.issue_proxy.rowCount(), self.issue_model.rowCount()
        self.issue_count.setText(
            f"{shown} of {total} issues" if shown != total else f"{total} issues"
        )

    def show_assessment(self, assessment: Assessment) -> None:
        debt, duplication = assessment.debt, assessment.duplication
        self._show_debt(debt)
        self._show_duplication(duplication)

    def _show_debt(self, debt) -> None:
        if debt is None:
            for key in ("rating", "ratio", "time", "money"):
                self.cards[key].set_value("–", "not measured in this assessment")
            self.note.setText(
                "Not rated: no production Python file could be measured in this assessment "
                "(see the warnings), so there is no debt ratio or rating to show."
            )
            for model in (self.issue_model, self.package_model, self.file_model, self.rule_model):
                model.set_rows([])
            self._fill_rule_filter([])
            self._apply_filter()
            return
        show_debt_figures(self.cards, debt)
        targets = ", ".join(debt.target_versions) or "none"
        assumed = {
            "default": " (assumed: the project declares no Python version)",
            "declared": " (the versions the project declares; see the Runtime tab)",
        }.get(debt.target_versions_source, " (from the settings)")
        excluded = (
            f" {debt.excluded_files} file(s) with syntax errors or skipped are not rated."
            if debt.excluded_files
            else ""
        )
        self.note.setText(
            f"{debt.files:,} files rated. Removed standard-library modules are checked for "
            f"Python {targets}{assumed}.{excluded}"
        )
        self.issue_model.set_rows(debt.issues)
        self.package_model.set_rows(debt.by_package)
        self.file_model.set_rows(debt.by_file)
        self.rule_model.set_rows(debt.rules)
        self._fit_rule_rows()
        self._fill_rule_filter(sorted({issue.rule for issue in debt.issues}))
        for table in (self.issue_table, self.package_table, self.file_table):
            table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the engine's order
        self._apply_filter()

    def _fill_rule_filter(self, rules: list[str]) -> None:
        self.rule_filter.blockSignals(True)
        self.rule_filter.clear()
        self.rule_filter.addItem("All rules", None)
        for rule in rules:
            self.rule_filter.addItem(rule, rule)
        self.rule_filter.blockSignals(False)

    def _show_duplication(self, duplication) -> None:
        card = self.cards["duplication"]
        if duplication is None or duplication.density is None:
            card.set_value("–", "not measured in this assessment")
            self.duplication_label.setText("No duplication figures in this assessment.")
            self.group_model.set_rows([])
            self.fragment_model.set_rows([])
            return
        card.set_value(
            f"{duplication.density:.1f}%",
            f"{duplication.duplicated_lines:,} lines in {len(duplication.groups):,} clone groups",
        )
        excluded = (
            f" {duplication.excluded_files:,} file(s) matching "
            f"{', '.join(duplication.exclude)} (generated code) are left out."
            if duplication.excluded_files
            else ""
        )
        raw = (
            f" Counted as CPD-style tools do, every name and literal normalized (data tables "
            f"and declarations of one shape match too): {duplication.cpd_density:.1f}%."
            if duplication.cpd_density is not None
            else ""
        )
        self.duplication_label.setText(
            f"{duplication.duplicated_lines:,} of {duplication.lines:,} lines "
            f"({duplication.density:.1f}%) are in duplicated blocks, in "
            f"{duplication.duplicated_files:,} of {duplication.files:,} files. A block counts "
            f"from {duplication.min_tokens} tokens over {duplication.min_lines} lines; inside "
            f"functions names and literals may differ between copies, declarations and data "
            f"tables count only when copied exactly.{raw}{excluded}"
        )
        self.group_model.set_rows(duplication.groups)
        self.fragment_model.set_rows([])
        self.group_table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        if duplication.groups:
            self.group_table.selectRow(0)
