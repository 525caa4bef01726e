"""The History tab: hotspots, temporal coupling, knowledge risk and monthly trends.

KPI cards on top; below, one page per question a CTO asks of the history: where does change
cost the most (Hotspots), what breaks together (Coupling), who holds the knowledge (Knowledge),
is it getting better or worse (Trends).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
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
from analysis.history.results import HistorySection
from widgets.history_tables import (
    coupling_model,
    day_of,
    hotspot_model,
    identity_model,
    identity_rows,
    knowledge_model,
    percent,
    truck_text,
)
from widgets.hotspot_map import HotspotMap, spot_role
from widgets.kpi_card import KpiCard
from widgets.literal_text import literal_label
from widgets.record_table import (
    RecordFilterProxyModel,
    RecordTableModel,
    RecordTableView,
    fit_widths_on_sample,
)
from widgets.trend_charts import TrendCharts

KPI_TOOLTIPS = {
    "commits": "Commits read from the branch (all history; merges included, bot commits such as "
    "dependabot counted but left out of every figure). The window (default 12 months, ending "
    "at the newest commit) is used for hotspots, coupling, rework and fix share.",
    "truck": "Truck factor (Avelino et al., ICPC 2016): the fewest developers whose departure "
    "leaves more than half of the source files (production and test code; not docs, "
    "translations, config or data) without an author (degree of authorship "
    "3.293 + 1.098 FA + 0.164 DL - 0.321 ln(1 + AC); author when normalised DOA > 0.75 and "
    "DOA >= 3.293). 1-2 is a serious risk for a team of any size. The names and e-mails of "
    "one person count as one developer (see Identities).",
    "loss": "Knowledge loss: share of files whose main developer (most added lines, code-maat "
    "main-dev) has made no commit for 6 months (a setting) before the newest commit. Nobody "
    "active holds most of that code.",
    "rework": "Rework share in the window: lines deleted within 21 days (setting 14/21/30; "
    "GitClear 14, Pluralsight Flow 21) of being added, over all changed lines; estimated from "
    "git numstat, newest lines first (leans high).",
    "fix": "Fix share in the window: commits (and their changed lines) whose message marks a "
    "fix, revert or hotfix. The article: 30-40% or more of engineering time on rework and "
    "debugging marks a constrained system.",
}


def _table(model: RecordTableModel) -> tuple[QTableView, RecordFilterProxyModel]:
    proxy = RecordFilterProxyModel(0)
    proxy.setSourceModel(model)
    view = RecordTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    fit_widths_on_sample(header)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return view, proxy


def _filter_edit(placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    edit.setToolTip("Show only rows whose path contains this text")
    return edit


class HistoryPanel(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.section: HistorySection | None = None
        layout = QVBoxLayout(self)
        cards = QGridLayout()
        cards.setSpacing(8)
        self.cards = {
            "commits": KpiCard("Commits", KPI_TOOLTIPS["commits"]),
            "truck": KpiCard("Truck factor", KPI_TOOLTIPS["truck"]),
            "loss": KpiCard("Knowledge loss", KPI_TOOLTIPS["loss"]),
            "rework": KpiCard("Rework", KPI_TOOLTIPS["rework"]),
            "fix": KpiCard("Fix share", KPI_TOOLTIPS["fix"]),
        }
        for column, card in enumerate(self.cards.values()):
            cards.addWidget(card, 0, column)
        layout.addLayout(cards)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        layout.addWidget(self.note)

        self.pages = QTabWidget()
        layout.addWidget(self.pages, 1)
        self.pages.addTab(self._hotspot_page(), "Hots&pots")
        self.pages.addTab(self._coupling_page(), "C&oupling")
        self.pages.addTab(self._knowledge_page(), "&Knowledge")
        self.trends = TrendCharts()
        self.pages.addTab(self.trends, "T&rends")
        self.pages.addTab(self._identity_page(), "I&dentities")

    def _follow_map_choice(self) -> None:
        roles = self.map.shown_roles()
        self.hotspot_proxy.set_row_filter(lambda spot: spot_role(spot) in roles)

    # ------------------------------------------------------------------ pages
    def _hotspot_page(self) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.map = HotspotMap()
        self.map.file_selected.connect(self.show_file)
        splitter.addWidget(self.map)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        self.hotspot_model = hotspot_model(self)
        self.hotspot_table, self.hotspot_proxy = _table(self.hotspot_model)
        self.hotspot_table.setToolTip("Files ranked by hotspot score; select one for details")
        self.hotspot_table.selectionModel().currentRowChanged.connect(self._hotspot_row)
        # "Show: Production code" is the table's choice too, not only the map's
        self.map.measure_box.currentIndexChanged.connect(self._follow_map_choice)
        column.addWidget(self.hotspot_table, 3)
        self.details = QLabel("Click a point or a row to see the file's history.")
        self.details.setObjectName("HotspotDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setMinimumHeight(120)
        column.addWidget(self.details, 1)
        splitter.addWidget(right)
        splitter.setSizes([560, 520])
        return splitter

    def _coupling_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.coupling_note = QLabel()
        self.coupling_note.setWordWrap(True)
        column.addWidget(self.coupling_note)
        self.coupling_filter = _filter_edit("Filter pairs by path…")
        column.addWidget(self.coupling_filter)
        self.coupling_model = coupling_model(self)
        self.coupling_table, self.coupling_proxy = _table(self.coupling_model)
        self.coupling_proxy.setFilterKeyColumn(-1)  # either file
        self.coupling_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch
        )
        self.coupling_filter.textChanged.connect(self.coupling_proxy.setFilterFixedString)
        column.addWidget(self.coupling_table, 1)
        return page

    def _knowledge_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.truck_label = literal_label(QLabel())  # authors' names and paths
        self.truck_label.setWordWrap(True)
        column.addWidget(self.truck_label)
        row = QHBoxLayout()
        self.knowledge_filter = _filter_edit("Filter files by path…")
        self.loss_only = QCheckBox("Only files whose main developer is &inactive")
        self.loss_only.setToolTip(KPI_TOOLTIPS["loss"])
        row.addWidget(self.knowledge_filter, 1)
        row.addWidget(self.loss_only)
        column.addLayout(row)
        self.knowledge_model = knowledge_model(self)
        self.knowledge_table, self.knowledge_proxy = _table(self.knowledge_model)
        self.knowledge_filter.textChanged.connect(self.knowledge_proxy.setFilterFixedString)
        self.loss_only.toggled.connect(self._fill_knowledge)
        column.addWidget(self.knowledge_table, 1)
        return page

    def _identity_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.identity_note = QLabel()
        self.identity_note.setWordWrap(True)
        column.addWidget(self.identity_note)
        self.identity_model = identity_model(self)
        self.identity_table, _ = _table(self.identity_model)
        column.addWidget(self.identity_table, 1)
        return page

    # ------------------------------------------------------------------ content
    def show_assessment(self, assessment: Assessment) -> None:
        self.show_history(assessment.history)

    def show_history(self, section: HistorySection | None) -> None:
        self.section = section
        if section is None:
            for card in self.cards.values():
                card.set_value("–", "not measured")
            self.note.setText(
                "No history in this assessment (the history phase was switched off or could "
                "not read the repository; see the Warnings tab)."
            )
            self.note.show()
            for model in (
                self.hotspot_model,
                self.coupling_model,
                self.knowledge_model,
                self.identity_model,
            ):
                model.set_rows([])
            self.map.set_hotspots([])
            self.trends.set_months([])
            return
        self._fill_cards(section)
        self.note.setVisible(section.partial)
        self.note.setText(
            "Partial history: part of it could not be read (shallow clone, missing objects or "
            "implausible dates). See the Warnings tab."
        )
        self.hotspot_model.set_rows(section.hotspots)
        self.hotspot_table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.map.set_hotspots(section.hotspots)
        self._follow_map_choice()
        settings = section.settings
        self.coupling_note.setText(
            f"{len(section.coupling)} file pairs changed together in the last "
            f"{section.window.months} months (code-maat: at least "
            f"{settings.get('coupling_min_shared', 5)} shared commits, "
            f"{settings.get('coupling_min_degree', 30)}% degree; commits over "
            f"{settings.get('coupling_max_changeset', 30)} files ignored). Strong coupling "
            "between files in different parts of the code is a hidden dependency."
        )
        self.coupling_model.set_rows(section.coupling)
        self.coupling_table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.truck_label.setText(truck_text(section.truck_factor))
        rows = identity_rows(section.identities)
        self.identity_note.setText(
            f"{len(section.identities)} developers committed under more than one name or "
            "e-mail; each counts once in every per-author figure. Rules, in order: the "
            "repository's .mailmap, the same e-mail, the same full name, a GitHub no-reply "
            "address and its login. Shared placeholders (noreply@github.com, root@localhost, "
            "you@example.com, 'root') never merge anyone."
        )
        self.identity_model.set_rows(rows)
        self.identity_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self._fill_knowledge()
        self.trends.set_months(section.monthly)

    def _fill_cards(self, section: HistorySection) -> None:
        window = section.window
        self.cards["commits"].set_value(
            f"{section.commits:,}",
            f"{section.ref} · {window.commits:,} in the last {window.months} months",
        )
        truck = section.truck_factor
        alone = truck.without_tests
        without = ""
        if alone is not None and alone.value is not None:
            without = f" · {alone.value} without tests"
        self.cards["truck"].set_value(
            "–" if truck.value is None else str(truck.value),
            f"over {truck.files:,} source files{without}",
        )
        loss = section.knowledge_loss
        self.cards["loss"].set_value(
            percent(loss.share),
            f"{len(loss.files):,} files, owner inactive {loss.inactive_months}+ months",
        )
        days = section.settings.get("rework_days", 21)
        self.cards["rework"].set_value(
            percent(section.rework_share), f"lines rewritten within {days} days"
        )
        fix = section.fix_share
        self.cards["fix"].set_value(
            percent(fix.commits), f"of commits · {percent(fix.lines)} of lines"
        )

    def _fill_knowledge(self) -> None:
        if self.section is None:
            return
        rows = self.section.files
        if self.loss_only.isChecked():
            lost = {f.path for f in self.section.knowledge_loss.files}
            rows = [f for f in rows if f.path in lost]
        self.knowledge_model.set_rows(rows)
        self.knowledge_table.sortByColumn(5, Qt.SortOrder.DescendingOrder)  # most changed first

    def _hotspot_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            row = self.hotspot_proxy.mapToSource(current).row()
            self.show_file(self.hotspot_model.row_object(row).path)

    def show_file(self, path: str) -> None:
        """Details of one file: its hotspot figures, history and knowledge."""
        if self.section is None:
            return
        spot = next((h for h in self.section.hotspots if h.path == path), None)
        info = next((f for f in self.section.files if f.path == path), None)
        partners = [
            (c.b if c.a == path else c.a, c.degree)
            for c in self.section.coupling
            if path in (c.a, c.b)
        ]
        parts = [f"<b>{_html(path)}</b>"]
        if spot is not None:
            unit = "cyclomatic complexity" if spot.measure == "cc" else "lines"
            parts.append(
                f"Hotspot score {spot.score:.2f}: {spot.revisions} changes in the window, "
                f"{unit} {spot.complexity:,}."
            )
        if info is not None:
            parts.append(
                f"{info.revisions} changes by {info.authors} "
                f"{'author' if info.authors == 1 else 'authors'} since "
                f"{day_of(info.first_change)}, last {day_of(info.last_change)}; "
                f"+{info.added:,} −{info.deleted:,} lines."
            )
            if info.main_developer:
                parts.append(
                    f"Main developer {_html(info.main_developer)} "
                    f"({percent(info.ownership)} of added lines); "
                    f"fragmentation {info.fragmentation:.2f}."
                )
        if partners:
            listed = ", ".join(f"{_html(p)} ({d}%)" for p, d in partners[:5])
            parts.append(f"Changes together with: {listed}.")
        self.details.setText("<br>".join(parts))
        self.map.select(path)
        row = self.hotspot_model.row_of(path)
        if row >= 0:
            index = self.hotspot_proxy.mapFromSource(self.hotspot_model.index(row, 0))
            if index != self.hotspot_table.currentIndex():
                self.hotspot_table.setCurrentIndex(index)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
