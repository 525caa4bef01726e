"""The dashboard's AI adoption block: the combined AI-adoption readiness, one chip per DORA AI
capability (status and score; DORA's meaning in the tooltip) and the agent findings met."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout

from analysis.ai_adoption.results import NOT_KNOWN, Capability
from analysis.assessment import Assessment
from widgets.ai_adoption_panel import STATUS_TEXT, score_text
from widgets.dashboard_block import DashboardBlock, chip, label
from widgets.dashboard_measures import clear

TIP = (
    "The DORA AI Capabilities Model (2025): seven team capabilities that decide whether AI "
    "adoption helps or hurts. Two are measured from git (small batches, version control), the "
    "platform partly, four come from the team's answers. Kept apart from the AI-readiness score."
)
#: short names for the chips (DORA's full names are in the tooltips and the tab)
SHORT = {
    "clear_ai_stance": "AI stance",
    "healthy_data_ecosystems": "Data ecosystems",
    "ai_accessible_internal_data": "AI-accessible data",
    "version_control": "Version control",
    "small_batches": "Small batches",
    "user_centric_focus": "User focus",
    "quality_internal_platform": "Platform",
}
#: chips per row
COLUMNS = 4


def chip_kind(capability: Capability) -> str:
    score = capability.score
    if capability.status == NOT_KNOWN or score is None:
        return "muted"
    return "good" if score >= 7 else "warn" if score >= 4 else "bad"


class AIAdoptionBlock(DashboardBlock):
    def __init__(self, parent=None) -> None:
        super().__init__("ai_adoption", "AI adoption readiness", "AI adoption", TIP, parent)
        self.summary = label(tooltip=TIP)
        self.body.addWidget(self.summary)
        self.chips = QGridLayout()
        self.chips.setSpacing(6)
        self.body.addLayout(self.chips)
        self.agents = label(muted=True, rich=False)
        self.body.addWidget(self.agents)

    def show_assessment(self, a: Assessment) -> None:
        section = getattr(a, "ai_adoption", None)
        clear(self.chips)
        if not self.present(section, "No AI-adoption figures in this assessment."):
            return
        if section.readiness is None:
            self.summary.setText("AI-adoption readiness: <b>not known</b>.")
        else:
            self.summary.setText(
                f"AI-adoption readiness <b>{section.readiness:.1f} / 10</b> on "
                f"{section.readiness_basis} of the 7 DORA AI capabilities."
            )
        for index, capability in enumerate(section.capabilities):
            evidence = "\n".join(f"• {line}" for line in capability.evidence[:4])
            tip = (
                f"{capability.name}: {STATUS_TEXT.get(capability.status, capability.status)}, "
                f"{score_text(capability.score)}\n{capability.meaning}\n({capability.source})"
                + (f"\n{evidence}" if evidence else "")
            )
            text = (
                f"<b>{SHORT.get(capability.id, capability.id)}</b><br>"
                f"{score_text(capability.score)}"
            )
            self.chips.addWidget(chip(text, chip_kind(capability), tip), *divmod(index, COLUMNS))
        checks = section.agent_readiness
        met = sum(1 for f in checks if f.ok)
        self.agents.setText(
            f"Readiness for AI coding agents: {met} of {len(checks)} checks met"
            + (
                " (missing: " + ", ".join(f.title for f in checks if f.ok is False) + ")"
                if any(f.ok is False for f in checks)
                else ""
            )
        )
