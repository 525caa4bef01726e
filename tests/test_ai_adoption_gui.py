"""The AI adoption tab, dashboard block and PDF page show what the section holds."""

from __future__ import annotations

import pytest

from analysis.assessment import Options, run
from tests.test_ai_adoption import team_repo  # noqa: F401  (the module's repository fixture)
from widgets.ai_adoption_panel import AIAdoptionPanel, measured_text, summary_text


@pytest.fixture(scope="module")
def assessed(team_repo):  # noqa: F811
    return run(str(team_repo.root), Options())


def test_the_tab_lists_the_seven_capabilities_and_the_agent_findings(qtbot, assessed):
    panel = AIAdoptionPanel()
    qtbot.addWidget(panel)
    panel.show_assessment(assessed)
    section = assessed.ai_adoption
    model = panel.capabilities
    assert model.rowCount() == 7
    names = [model.index(r, 0).data() for r in range(7)]
    assert names == [c.name for c in section.capabilities]
    small = names.index("Working in small batches")
    assert model.index(small, 1).data() == "Measured"
    # the score column shows the section's score on DORA's 0-10 scale
    score = section.capability("small_batches").score
    assert model.index(small, 2).data() == f"{score:.1f} / 10"
    tooltip = model.index(small, 0).data(3)  # ToolTipRole
    assert "DORA" in tooltip and section.capability("small_batches").meaning[:40] in tooltip
    # the team-repo's 14 commits: median 12 in bucket 11-50 (tests/test_ai_adoption.py)
    assert "median 12 (11-50) over 14 non-merge commits" in panel.measured.text()
    assert panel.agents.rowCount() == len(section.agent_readiness)
    assert summary_text(section).startswith(f"AI-adoption readiness {section.readiness:.1f} / 10")
    assert measured_text(section) == panel.measured.text()


def test_an_old_report_without_the_section_says_so(qtbot, assessed):
    from dataclasses import replace

    panel = AIAdoptionPanel()
    qtbot.addWidget(panel)
    panel.show_assessment(replace(assessed, ai_adoption=None))
    assert "not measured in this assessment" in panel.summary.text()
    assert panel.capabilities.rowCount() == 0


def test_the_assessment_view_has_the_tab(qtbot, assessed):
    from widgets.assessment_view import AssessmentView

    view = AssessmentView()
    qtbot.addWidget(view)
    view.show_assessment(assessed)
    titles = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    assert "AI ado&ption" in titles
    view.tabs.setCurrentWidget(view.ai_adoption_panel)
    assert view.ai_adoption_panel.capabilities.rowCount() == 7


def test_the_pdf_page_names_each_capability_its_status_and_doras_source(assessed):
    from app.pdf.ai_adoption_page import ai_adoption_page

    html = ai_adoption_page(assessed)
    assert "AI adoption readiness (DORA AI capabilities)" in html
    for capability in assessed.ai_adoption.capabilities:
        assert capability.name in html
    assert "Partly measured" in html and "Measured" in html
    assert "DORA AI Capabilities Model survey (2025)" in html
    assert "Readiness for AI coding agents" in html


def test_the_pdf_page_of_an_old_report(assessed):
    from dataclasses import replace

    from app.pdf.ai_adoption_page import ai_adoption_page

    assert "No AI-adoption section" in ai_adoption_page(replace(assessed, ai_adoption=None))


def test_the_dashboard_block_shows_a_chip_per_capability_and_opens_the_tab(qtbot, assessed):
    from widgets.assessment_view import AssessmentView

    view = AssessmentView()
    qtbot.addWidget(view)
    view.show_assessment(assessed)
    block = view.dashboard.ai_adoption
    section = assessed.ai_adoption
    assert block.chips.count() == 7
    assert f"{section.readiness:.1f} / 10" in block.summary.text()
    first = block.chips.itemAt(0).widget()
    assert section.capabilities[0].meaning in first.toolTip()
    met = sum(1 for f in section.agent_readiness if f.ok)
    assert block.agents.text().startswith(
        f"Readiness for AI coding agents: {met} of {len(section.agent_readiness)} checks met"
    )
    block.link.click()
    assert view.tabs.currentWidget() is view.ai_adoption_panel
