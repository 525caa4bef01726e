"""The CLI's AI-adoption lines say what the section holds."""

from __future__ import annotations

from analysis.ai_adoption.summary import summary_lines
from analysis.assessment import Options, run
from app.cli import summary
from tests.test_ai_adoption import team_repo  # noqa: F401  (the module's repository fixture)


def test_summary_lines_of_the_team_repository(team_repo):  # noqa: F811
    result = run(str(team_repo.root), Options())
    section = result.ai_adoption
    lines = summary_lines(section)
    assert lines[0].startswith(
        f"  AI adoption      readiness {section.readiness:.1f}/10 on "
        f"{section.readiness_basis} of 7 DORA AI capabilities: "
    )
    # 14 commits, median 12 lines (bucket 11-50): tests/test_ai_adoption.py derives them
    assert "  Small batches    median 12 code lines per commit (11-50) over 14 commits" in lines
    assert any(line.startswith("  Agent readiness  ") for line in lines)
    assert all(line in summary(result) for line in lines)  # the CLI prints them
    assert summary_lines(None) == []
