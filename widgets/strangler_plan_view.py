"""The strangler-fig plan on screen: the carve-out order, each candidate's why, boundary, steps
and imports to cut, and the components to keep in the core."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from analysis.decisions import Decisions
from analysis.decisions.roadmap import checkpoints_of
from widgets.literal_text import literal_tooltip
from widgets.strangler_roadmap import StranglerRoadmap


class StranglerPlanView(QSplitter):
    #: a candidate was activated: its component name (the Architecture tab can show it)
    component_selected = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.decisions: Decisions | None = None
        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel("<b>Carve out, in this order</b>"))
        self.plan = QListWidget()
        self.plan.setToolTip(
            "Candidate value = change pressure x (1 + unhealth) / extraction difficulty (see "
            "methodology.md). Double-click (or Enter) shows the component in the Architecture tab."
        )
        self.plan.currentRowChanged.connect(self._show_step)
        self.plan.itemActivated.connect(self._activate)
        box.addWidget(self.plan, 2)
        self.show_component = QPushButton("S&how in the Architecture tab")
        self.show_component.clicked.connect(lambda: self._activate(self.plan.currentItem()))
        box.addWidget(self.show_component)
        box.addWidget(QLabel("<b>Keep in the core</b> — do not touch what works"))
        self.core = QListWidget()
        self.core.setWordWrap(True)
        self.core.setToolTip(
            "The kernel (components most of the domains import), the horizontal layers (they go "
            "with the domains they serve), then stable (little change pressure) and healthy "
            "(debt rating A or B) domains."
        )
        box.addWidget(self.core, 1)
        self.addWidget(left)
        self.step = QTextBrowser()
        self.step.setOpenLinks(False)
        self.roadmap = StranglerRoadmap()
        self.right = QTabWidget()
        self.right.addTab(self.roadmap, "Roadmap: checkpoints")
        self.right.addTab(self.step, "Steps and imports to cut")
        self.addWidget(self.right)
        self.setSizes([290, 900])

    def show_plan(self, d: Decisions) -> None:
        self.decisions = d
        self.plan.clear()
        for entry in d.strangler_plan:
            kind = f", {entry.kind.replace('_', ' ')}" if entry.kind else ""
            item = QListWidgetItem(
                f"{entry.rank}. {entry.component}  (value {entry.value:.2f}{kind})"
            )
            item.setData(Qt.ItemDataRole.UserRole, entry.component)
            item.setToolTip(literal_tooltip("\n".join(entry.why)))
            self.plan.addItem(item)
        self.show_component.setEnabled(bool(d.strangler_plan))
        self.core.clear()
        for kept in d.keep_in_core:
            self.core.addItem(f"{kept.component}: {kept.why}")
        if not getattr(d, "scenario", ""):  # the roadmap is the measured advice's own
            components = d.inputs["components"].value if "components" in d.inputs else None
            self.roadmap.set_roadmap(
                checkpoints_of(d), d.strangler_note, int(components) if components else None
            )
        if d.strangler_plan:
            self.plan.setCurrentRow(0)
        else:
            notes = [d.strangler_note] if d.strangler_note else [
                n for n in d.notes if "carve" in n.lower() or "component" in n.lower()
            ]  # fmt: skip
            self.step.setHtml("<p>" + "<br>".join(escape(n) for n in notes) + "</p>")

    def _show_step(self, row: int) -> None:
        if self.decisions is None or not 0 <= row < len(self.decisions.strangler_plan):
            return
        entry = self.decisions.strangler_plan[row]
        self.roadmap.select_carve_out(entry.component)
        cuts = "".join(
            f"<li>{escape(c.from_component)} → {escape(c.to_component)}: "
            + (escape(f"{c.importer} imports {c.imported} ({', '.join(c.locations[:2])})")
               if c.importer else f"{c.imports} import(s)")
            + f" <i>[{c.why}]</i></li>"
            for c in entry.imports_to_cut
        )  # fmt: skip
        steps = "".join(
            f"<li><b>{s.phase.capitalize()}.</b> {escape(s.text)}</li>" for s in entry.steps
        )
        pressure = "unknown" if entry.pressure is None else f"{entry.pressure:.2f}"
        unhealth = "unknown" if entry.unhealth is None else f"{entry.unhealth:.2f}"
        kind = f" ({entry.kind.replace('_', ' ')}, a domain component)" if entry.kind else ""
        self.step.setHtml(
            f"<h3>{entry.rank}. {escape(entry.component)}{kind}</h3>"
            f"<p>Value {entry.value:.2f} = pressure {pressure} x (1 + unhealth {unhealth}) / "
            f"difficulty {entry.difficulty:.2f}</p>"
            f"<p><b>Why</b></p><ul>{''.join(f'<li>{escape(w)}</li>' for w in entry.why)}</ul>"
            f"<p><b>Service boundary:</b> {escape(entry.boundary)}; "
            f"messaging through {escape(entry.messaging)}.</p>"
            f"<p><b>Steps</b></p><ol>{steps}</ol>"
            f"<p><b>Imports to cut</b></p><ul>{cuts or '<li>none</li>'}</ul>"
        )

    def _activate(self, item: QListWidgetItem | None) -> None:
        if item is not None and item.data(Qt.ItemDataRole.UserRole):
            self.component_selected.emit(item.data(Qt.ItemDataRole.UserRole))
