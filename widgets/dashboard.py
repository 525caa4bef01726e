"""The Dashboard: one assessment on one screen, each block linked to its detailed tab.

Readiness and the two decisions on top; delivery (DORA cards with monthly sparklines); debt and
hotspots; architecture and stack against the article's four layers, and the runtime matrix; the
strangler plan and the top risks. A section the assessment lacks says so in its block. The page
scrolls vertically only, so it reads at 1280x800 without horizontal scrolling.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QScrollArea, QVBoxLayout, QWidget

from analysis.assessment import Assessment
from analysis.findings import partial_note
from widgets.dashboard_advice import DecisionsBlock, PlanBlock, ReadinessBlock, RisksBlock
from widgets.dashboard_ai_adoption import AIAdoptionBlock
from widgets.dashboard_benchmark import BenchmarkBlock
from widgets.dashboard_block import DashboardBlock, label
from widgets.dashboard_measures import (
    ArchitectureBlock,
    DebtBlock,
    DeliveryBlock,
    HotspotBlock,
    RuntimeBlock,
)


class Dashboard(QWidget):
    #: a block's link was used: the section to show (decisions, delivery, debt, history,
    #: architecture, runtime, plan, warnings)
    section_requested = Signal(str)
    #: a hotspot was clicked: the file to show in the History tab
    file_requested = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.assessment: Assessment | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea()  # not `scroll`: QWidget.scroll(dx, dy)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.scroll_area)
        body = QWidget()
        self.scroll_area.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.header = label(muted=True)
        self.header.linkActivated.connect(self.section_requested)
        self.header.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        layout.addWidget(self.header)
        self.readiness = ReadinessBlock()
        self.decisions = DecisionsBlock()
        self.delivery = DeliveryBlock()
        self.debt = DebtBlock()
        self.hotspots = HotspotBlock()
        self.architecture = ArchitectureBlock()
        self.runtime = RuntimeBlock()
        self.plan = PlanBlock()
        self.risks = RisksBlock()
        self.benchmark = BenchmarkBlock()
        self.ai_adoption = AIAdoptionBlock()
        grid = QGridLayout()
        grid.setSpacing(10)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.addWidget(self.readiness, 0, 0)
        grid.addWidget(self.decisions, 0, 1)
        grid.addWidget(self.delivery, 1, 0, 1, 2)
        grid.addWidget(self.debt, 2, 0)
        grid.addWidget(self.hotspots, 2, 1)
        grid.addWidget(self.architecture, 3, 0)
        grid.addWidget(self.runtime, 3, 1)
        grid.addWidget(self.plan, 4, 0)
        grid.addWidget(self.risks, 4, 1)
        grid.addWidget(self.benchmark, 5, 0, 1, 2)
        grid.addWidget(self.ai_adoption, 6, 0, 1, 2)
        layout.addLayout(grid)
        layout.addStretch(1)
        for block in self.blocks:
            block.details_requested.connect(self.section_requested)
        self.hotspots.file_selected.connect(self.file_requested)
        self.header.setText("Run an assessment to see its dashboard.")

    @property
    def blocks(self) -> list[DashboardBlock]:
        return [
            self.readiness,
            self.decisions,
            self.delivery,
            self.debt,
            self.hotspots,
            self.architecture,
            self.runtime,
            self.plan,
            self.risks,
            self.benchmark,
            self.ai_adoption,
        ]

    def show_assessment(self, assessment: Assessment) -> None:
        self.assessment = assessment
        repo = assessment.repository
        branch = repo.branch or "detached HEAD"
        warnings = len(repo.warnings)
        partial = (
            f"{partial_note(repo.partial_figures) or 'partial result'}, " if repo.partial else ""
        )
        self.header.setText(
            f"<b>{escape(repo.name)}</b> · assessed {repo.analyzed_at[:16].replace('T', ' ')} "
            f"UTC · {escape(branch)} @ {repo.head[:10]} · {assessment.duration_seconds:.1f} s"
            + (
                f" · <a href='warnings'>{partial}{warnings} warning{'s' if warnings != 1 else ''}"
                "</a>"
                if warnings
                else ""
            )
        )
        for block in self.blocks:
            block.show_assessment(assessment)

    def theme_changed(self) -> None:
        """Rich text carries colours of the theme it was made in: render it again."""
        if self.assessment is not None:
            self.show_assessment(self.assessment)
