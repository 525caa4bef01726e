"""The AI adoption tab: DORA's seven AI capabilities with status, score and evidence, what git
measured for the two it can read (small batches, version control), and the readiness of the
repository for AI coding agents (analysis.ai_adoption).

The capabilities' meanings are DORA's (the DORA AI Capabilities Model, 2025), shown with the
source in each row's tooltip. Evidence quotes paths from the repository: shown as plain text.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from analysis.ai_adoption.results import (
    ANSWERED,
    LINE_BUCKETS,
    MEASURED,
    NOT_KNOWN,
    PARTLY_MEASURED,
    AgentFinding,
    AIAdoption,
    Capability,
)
from analysis.results import Assessment
from widgets.ai_code_charts import AICodeCharts
from widgets.literal_text import literal_label
from widgets.record_table import Column, RecordTableModel, RecordTableView

STATUS_TEXT = {
    MEASURED: "Measured",
    PARTLY_MEASURED: "Partly measured",
    ANSWERED: "Answered",
    NOT_KNOWN: "Not known",
}
STATUS_MEANING = {
    MEASURED: "measured from the repository's history and files",
    PARTLY_MEASURED: "partly measured from files; the rest is the team's answers",
    ANSWERED: "from the team's answers to DORA's questions (never inferred from files)",
    NOT_KNOWN: "not answered and not measurable from git",
}
NOT_MEASURED = (
    "Not measured: git cannot see it. Answer DORA's questions in the Decisions tab, the "
    "wizard's team page or the team file's [ai_capabilities] table."
)


def score_text(score: float | None) -> str:
    return "–" if score is None else f"{score:.1f} / 10"


def _score_colour(score: float | None) -> str | None:
    if score is None:
        return "muted"
    return "good" if score >= 7 else "warn" if score >= 4 else "bad"


class CapabilityModel(RecordTableModel):
    """The seven capabilities; a row's tooltip gives DORA's meaning, the source and every
    piece of evidence."""

    def __init__(self, parent=None) -> None:
        super().__init__(
            (
                Column("Capability", "DORA's name of the capability", lambda c: c.name, False),
                Column(
                    "Status",
                    "How it is known: measured from git, partly measured, answered by the "
                    "team, or not known",
                    lambda c: STATUS_TEXT.get(c.status, c.status),
                    False,
                ),
                Column(
                    "Score",
                    "0-10 on DORA's scale: an answer bucket's position mapped linearly (the "
                    "Quick Check's rule); measured figures are put in DORA's buckets first",
                    lambda c: c.score,
                    text=score_text,
                    colour=_score_colour,
                ),
                Column(
                    "Evidence",
                    "What the score rests on (hover for all of it)",
                    lambda c: "; ".join(c.evidence) if c.evidence else NOT_MEASURED,
                    False,
                ),
            ),
            parent,
        )

    def cell_tooltip(self, row: Capability, column: Column, text: str) -> str:
        evidence = "\n".join(f"• {line}" for line in row.evidence) or NOT_MEASURED
        return (
            f"{row.name}: {STATUS_MEANING.get(row.status, row.status)}\n\n"
            f"What it means: {row.meaning}\n({row.source})\n\nEvidence:\n{evidence}"
        )


class AgentModel(RecordTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(
            (
                Column("Check", "What AI coding agents rely on", lambda f: f.title, False),
                Column(
                    "Met",
                    "Yes, no, or not known (could not be told from the files)",
                    lambda f: {True: "Yes", False: "No", None: "Not known"}[f.ok],
                    False,
                    colour=lambda v: {"Yes": "good", "No": "bad"}.get(v, "muted"),
                ),
                Column(
                    "Evidence",
                    "What the finding rests on",
                    lambda f: "; ".join(f.evidence) or "–",
                    False,
                    value_tooltip=True,
                ),
            ),
            parent,
        )

    def cell_tooltip(self, row: AgentFinding, column: Column, text: str) -> str:
        return "\n".join(row.evidence) or row.title


def summary_text(section: AIAdoption) -> str:
    """The tab's headline: the combined readiness and how many capabilities it rests on."""
    if section.readiness is None:
        head = "AI-adoption readiness: not known (no capability could be scored)"
    else:
        head = (
            f"AI-adoption readiness {section.readiness:.1f} / 10, the mean of the "
            f"{section.readiness_basis} of 7 DORA AI capabilities known"
        )
    return (
        f"{head}. Kept apart from the AI-readiness score: this asks whether the team is set up "
        "to benefit from AI-assisted development (DORA AI Capabilities Model, 2025), the other "
        "whether the system can carry AI workloads."
    )


def measured_text(section: AIAdoption) -> str:
    """What git measured, in DORA's buckets."""
    lines = section.small_batches.lines_per_commit
    parts = []
    if lines.median is not None:
        spread = ", ".join(f"{b}: {lines.buckets.get(b, 0)}" for b in LINE_BUCKETS)
        parts.append(
            f"Lines changed per commit: median {lines.median:g} ({lines.bucket}) over "
            f"{lines.commits:,} non-merge commits in the window [{spread}]"
        )
    release = section.small_batches.changes_per_release
    if release.median is not None:
        parts.append(
            f"Changes per deployment: median {release.median:g} ({release.bucket}) over "
            f"{release.deployments:,} deployments"
        )
    merge = section.small_batches.branch_to_merge
    if merge.median_hours is not None:
        parts.append(
            f"Branch to merge: median {merge.median_hours:g} h over {merge.merges:,} merges"
        )
    control = section.version_control
    if control.commit_frequency.bucket:
        parts.append(
            f"Commit frequency: {control.commit_frequency.bucket} (median of "
            f"{len(control.commit_frequency.per_author)} active authors); "
            f"{control.reverts} reverts in {control.commits:,} commits, "
            f"{control.rollbacks} rollbacks"
        )
    return "\n".join(parts) or "Nothing measured from the history (it was not read)."


AI_CODE_HEIGHT = 1000  # px: the AI-assisted code charts, their comparison and definitions


class AIAdoptionPanel(QWidget):
    """The "AI adoption" tab."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.capabilities = CapabilityModel(self)
        self.capability_table = RecordTableView()
        self.capability_table.setModel(self.capabilities)
        self.capability_table.setWordWrap(False)  # one line a row; the tooltip has it all
        self.measured = literal_label(QLabel())
        self.measured.setWordWrap(True)
        self.measured.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.agents = AgentModel(self)
        self.agent_table = RecordTableView()
        self.agent_table.setModel(self.agents)
        agents_title = QLabel("<b>Readiness for AI coding agents</b> (findings, not a score)")
        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.capability_table)
        top_layout.addWidget(self.measured)
        top_layout.addStretch(1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(agents_title)
        bottom_layout.addWidget(self.agent_table, 1)
        # what AI-assisted code is doing to the codebase (analysis.ai_code), beside the agents
        self.ai_code_charts = AICodeCharts()
        # four charts and their definitions need more height than the tab's share: they
        # scroll rather than overlap
        self.ai_code_charts.setMinimumHeight(AI_CODE_HEIGHT)
        code_scroll = QScrollArea()
        code_scroll.setWidgetResizable(True)
        code_scroll.setWidget(self.ai_code_charts)
        self.lower_tabs = QTabWidget()
        self.lower_tabs.addTab(bottom, "AI &coding agents")
        self.lower_tabs.addTab(code_scroll, "AI-assisted &code over time")
        splitter.addWidget(top)
        splitter.addWidget(self.lower_tabs)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self.show_section(None)

    def show_assessment(self, assessment: Assessment) -> None:
        self.show_section(getattr(assessment, "ai_adoption", None))
        self.ai_code_charts.set_ai_code(getattr(assessment, "ai_code", None))

    def show_section(self, section: AIAdoption | None) -> None:
        if section is None:
            self.summary.setText(
                "AI-adoption readiness was not measured in this assessment (a report from "
                "before the section existed); assess again to see it."
            )
            self.capabilities.set_rows([])
            self.agents.set_rows([])
            self.measured.setText("")
            return
        self.summary.setText(summary_text(section))
        self.capabilities.set_rows(section.capabilities)
        self.measured.setText(measured_text(section))
        self.agents.set_rows(section.agent_readiness)
        for table in (self.capability_table, self.agent_table):
            table.resizeColumnsToContents()
            last = table.model().columnCount() - 1
            # the evidence column takes the rest of the width (elided; the tooltip has it all)
            table.horizontalHeader().setSectionResizeMode(last, QHeaderView.ResizeMode.Stretch)
        table = self.capability_table  # seven rows, all shown
        rows = sum(table.rowHeight(r) for r in range(self.capabilities.rowCount()))
        table.setFixedHeight(
            rows + table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth() + 2
        )

    def rows(self) -> list[Any]:
        return [self.capabilities.row_object(i) for i in range(self.capabilities.rowCount())]
