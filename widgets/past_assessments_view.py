"""Every stored assessment of a repository: the list, any two compared before/after, and the
trend of the headline figures over all of them; re-assessing is one click.

Rows are the store's summaries (``app.store.AssessmentSummary``) with their headline figures,
so showing fifty assessments reads no full report. The comparison is
:func:`analysis.comparison.compare`, the same function the CLI and the PDF use.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from analysis.comparison import Comparison, compare
from widgets.assessment_trends import AssessmentTrendCharts
from widgets.comparison_table import ComparisonTable
from widgets.past_assessments_table import PastAssessmentsModel, local_time
from widgets.record_table import RecordTableView

EMPTY_TEXT = (
    "Only one assessment so far. Re-assess after a change (a refactor, a new release process) "
    "to compare before and after here."
)


class PastAssessmentsView(QWidget):
    #: show this stored assessment (its id) in the other tabs
    open_requested = Signal(int)
    #: run a new assessment of the repository (the caches make it fast)
    reassess_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list = []  # newest first, as the store returns them
        self.comparison: Comparison | None = None
        layout = QVBoxLayout(self)

        bar = QHBoxLayout()
        self.reassess_button = QPushButton("&Re-assess now")
        self.reassess_button.setToolTip(
            "Run a new assessment of this repository (F5). Files and commits already measured "
            "come from the cache, so only what changed is read again."
        )
        self.reassess_button.clicked.connect(self.reassess_requested)
        self.before_box = QComboBox()
        self.after_box = QComboBox()
        for box, what in ((self.before_box, "before"), (self.after_box, "after")):
            box.setToolTip(f"The assessment to compare as '{what}'. Or select two rows above.")
            box.setMinimumContentsLength(30)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(self._update_comparison)
        before_label = QLabel("Compare &before:")
        before_label.setBuddy(self.before_box)
        after_label = QLabel("aft&er:")
        after_label.setBuddy(self.after_box)
        self.swap_button = QPushButton("Swa&p")
        self.swap_button.setToolTip("Exchange before and after")
        self.swap_button.clicked.connect(self.swap)
        self.open_button = QPushButton("Sh&ow selected")
        self.open_button.setToolTip("Show the selected assessment in the other tabs (or Enter)")
        self.open_button.clicked.connect(self._open_current)
        bar.addWidget(self.reassess_button)
        bar.addSpacing(16)
        for widget in (before_label, self.before_box, after_label, self.after_box):
            bar.addWidget(widget)
        bar.addWidget(self.swap_button)
        bar.addStretch(1)
        bar.addWidget(self.open_button)
        layout.addLayout(bar)

        self.model = PastAssessmentsModel(self)
        self.table = RecordTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setToolTip(
            "Assessments of this repository, newest first. Select two rows to compare them; "
            "double-click (or Enter) shows one."
        )
        self.table.activated.connect(lambda index: self._open_row(index.row()))
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.compare_view = ComparisonTable()
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setWordWrap(True)
        self.trends = AssessmentTrendCharts(columns=3)
        self.trends.setToolTip(
            "One point per stored assessment, oldest on the left; the two compared are ringed. "
            "Dashed: the healthy bound where the article (or SonarQube) gives one."
        )
        self.views = QTabWidget()
        compare_page = QWidget()
        compare_box = QVBoxLayout(compare_page)
        compare_box.addWidget(self.empty)
        compare_box.addWidget(self.compare_view, 1)
        self.views.addTab(compare_page, "Before a&nd after")
        self.views.addTab(self.trends, "Trends over a&ll assessments")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.views)
        split.setStretchFactor(1, 1)
        rows = self.table.verticalHeader().defaultSectionSize()
        split.setSizes([rows * 4 + 28, 500])
        layout.addWidget(split, 1)
        self.set_rows([])

    # ----------------------------------------------------------------- data
    def set_rows(self, rows) -> None:
        """The store's summaries, newest first; compares the newest with the one before it."""
        self.rows = list(rows)
        self.model.set_rows(self.rows)
        for box in (self.before_box, self.after_box):
            box.blockSignals(True)
            box.clear()
            for row in self.rows:
                box.addItem(f"#{row.id} · {local_time(row.analyzed_at)} · {row.head[:8]}", row.id)
            box.blockSignals(False)
        if len(self.rows) >= 2:
            self.after_box.setCurrentIndex(0)
            self.before_box.setCurrentIndex(1)
        self.reassess_button.setText("&Re-assess now" if self.rows else "&Run the first assessment")
        self._update_comparison()

    def select_pair(self, before_id: int, after_id: int) -> None:
        self.before_box.setCurrentIndex(self.before_box.findData(before_id))
        self.after_box.setCurrentIndex(self.after_box.findData(after_id))

    def swap(self) -> None:
        before, after = self.before_box.currentData(), self.after_box.currentData()
        if before is not None and after is not None:
            self.select_pair(after, before)

    def set_reassess_enabled(self, enabled: bool) -> None:
        self.reassess_button.setEnabled(enabled)

    # ----------------------------------------------------------------- reactions
    def _row_of(self, assessment_id) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == assessment_id), -1)

    def _update_comparison(self) -> None:
        single = len(self.rows) < 2
        self.empty.setVisible(single and bool(self.rows))
        self.compare_view.setVisible(not single)
        self.swap_button.setEnabled(not single)
        for box in (self.before_box, self.after_box):
            box.setEnabled(not single)
        before = self._row_of(self.before_box.currentData())
        after = self._row_of(self.after_box.currentData())
        marked = tuple(len(self.rows) - 1 - i for i in (before, after) if i >= 0)
        oldest_first = [r.headline for r in reversed(self.rows) if r.headline is not None]
        if len(oldest_first) == len(self.rows):
            self.trends.set_headlines(oldest_first, marked)
        else:  # rows without figures (unreadable reports) leave no point and shift no ring
            self.trends.set_headlines(oldest_first)
        self.comparison = None
        if single or before < 0 or after < 0:
            self.compare_view.show_comparison(None)
            return
        old, new = self.rows[before], self.rows[after]
        if old.headline is None or new.headline is None:
            self.compare_view.show_comparison(None, "One of the two has no readable figures.")
            return
        self.comparison = compare(old.headline, new.headline)
        self.compare_view.show_comparison(
            self.comparison,
            f"<b>Before</b> #{old.id} ({local_time(old.analyzed_at)}, {old.head[:8]}) → "
            f"<b>after</b> #{new.id} ({local_time(new.analyzed_at)}, {new.head[:8]})",
        )

    def _selection_changed(self, *_args) -> None:
        chosen = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if len(chosen) == 2:  # newest first: the higher row is the older one
            self.select_pair(self.rows[chosen[1]].id, self.rows[chosen[0]].id)

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.open_requested.emit(self.rows[row].id)

    def _open_current(self) -> None:
        self._open_row(self.table.currentIndex().row())
