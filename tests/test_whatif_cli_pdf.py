"""The PDF's scenarios page: the measured state, the article's targets, the saved scenarios and
the later assessment side by side, then plan vs actual, written by ``readiness report ID --pdf``.
The stored pair is tests/history_pair.py (before: 54, grade D; after: 86, A; by hand there)."""

from __future__ import annotations

import pytest
from history_pair import assess_pair
from pypdf import PdfReader

from analysis.decisions import TeamProfile, decide
from analysis.decisions.scenario import Scenario, article_scenario
from app.cli import main
from app.settings import load_settings
from app.store import open_store
from app.whatif_cli import model_of

TITLE = "Scenarios: the plan against the measured state"
PLAN = Scenario("Q3 plan", {"change_fail_rate": 0.08, "lead_time_days": 3.0})


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pdf_pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("whatif-pdf")
    _repo, before, after = assess_pair(folder / "repo")
    url = f"sqlite:///{folder / 'store.db'}"
    store = open_store(url)
    first, second = store.save(before), store.save(after)
    store.scenarios.save(first, PLAN)
    loaded = store.load(first)
    store.close()
    target = folder / "before.pdf"
    assert main(["report", str(first), "--db", url, "--pdf", str(target)]) == 0
    pages = [_words(page.extract_text()) for page in PdfReader(target).pages]
    return pages, loaded, second


def test_the_scenarios_page_holds_the_table_and_plan_vs_actual(pdf_pages):
    pages, loaded, second = pdf_pages
    page = " ".join(p for p in pages if TITLE in p or "Plan vs actual" in p)
    assert TITLE in page
    for title in ("Measured", "The article's targets", "from the article", "Q3 plan",
                  f"Assessment #{second}"):  # fmt: skip
        assert title in page, title
    model, problems = model_of(load_settings())

    def score(settings):
        advice = decide(loaded, TeamProfile(), model, what_if=settings, model_problems=problems)
        return f"{advice.readiness.score}/100"

    # measured, the article's targets, the saved plan, the later assessment (each from decide)
    score_row = page.split("AI-readiness score", 1)[1].split()[:4]
    assert score_row == ["54/100", score(article_scenario("service").settings),
                         score(PLAN.settings), "86/100"]  # fmt: skip
    assert "Plan vs actual: Q3 plan" in page
    assert "Change lead time (median) 3.0 days 3.0 days ±0.0 days met" in page
    # the appendix still comes last
    assert pages.index(next(p for p in pages if TITLE in p)) < pages.index(
        next(p for p in pages if "Appendix A. Methodology" in p)
    )
