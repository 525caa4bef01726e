"""The before/after table of scenarios: each scenario's figures are exactly what ``decide`` gives
with its settings as a what-if, and "plan vs actual" pairs them with the next assessment.

The pair of assessments is tests/history_pair.py, whose figures are derived by hand there:
before, lead time 12 days, 0.712 deployments a week, change fail rate 2/6; after, 3 days,
1.148 a week, 0.
"""

from __future__ import annotations

import json

import pytest
from history_pair import assess_pair

from analysis.decisions import TeamProfile, decide, load_model
from analysis.decisions.advisor import Advisor
from analysis.decisions.scenario import Scenario, article_scenario
from analysis.decisions.scenario_table import (
    ASSESSMENT,
    MEASURED,
    SCENARIO,
    LaterAssessment,
    article_targets,
    scenario_table,
)

PLAN = Scenario("Fewer failures", {"change_fail_rate": 0.08, "team_size": 5.0})


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    _repo, before, after = assess_pair(tmp_path_factory.mktemp("scenario-table") / "repo")
    model, problems = load_model()
    return before, after, model, problems


def _advisor(assessment, model, problems):
    return Advisor(assessment, TeamProfile(), model, model_problems=problems)


def _row(table, key):
    return next(row for row in table.rows if row.key == key)


def _figures(decisions):
    r = decisions.readiness
    return [r.score, r.grade, decisions.refactor_vs_rewrite.verdict, decisions.staffing.verdict]


def test_each_scenario_column_is_decide_with_its_settings(pair):
    before, _after, model, problems = pair
    article = article_scenario("service")
    table = scenario_table(_advisor(before, model, problems), [article, PLAN], assessment_id=4)
    assert [c.kind for c in table.columns] == [MEASURED, SCENARIO, SCENARIO]
    assert table.columns[1].subtitle == "from the article" and table.columns[1].origin == (
        "article"
    )
    outcome_keys = ["score", "grade", "refactor_vs_rewrite", "staffing"]
    for index, what_if in enumerate([None, article.settings, PLAN.settings]):
        direct = decide(before, TeamProfile(), model, what_if=what_if, model_problems=problems)
        shown = [_row(table, key).cells[index].value for key in outcome_keys]
        assert shown == _figures(direct), (index, what_if)
    # the measured state, by hand (tests/history_pair.py)
    assert [_row(table, k).cells[0].value for k in outcome_keys] == [
        54, "D", "strangler_refactor", "architectural_partner"
    ]  # fmt: skip
    # rows: the levers any scenario sets, in the levers' order, then the outcomes
    keys = [row.key for row in table.rows]
    assert set(keys[:-4]) == set(article.settings) | set(PLAN.settings)
    assert keys[-4:] == outcome_keys
    # a lever a scenario does not set keeps its measured value
    lead = _row(table, "lead_time_days")
    assert lead.cells[0].value == 12.0 and lead.cells[0].text == "12.0 days"
    assert lead.cells[2].value == 12.0 and not lead.cells[2].changed
    assert lead.cells[1].value == article.settings["lead_time_days"] and lead.cells[1].changed
    cfr = _row(table, "change_fail_rate")
    assert cfr.cells[0].value == pytest.approx(2 / 6, abs=1e-4) and cfr.cells[2].text == "8%"
    assert table.plan_vs_actual == []  # no later assessment yet


def test_plan_vs_actual_against_the_next_assessment(pair):
    before, after, model, problems = pair
    article = article_scenario("service")
    later = LaterAssessment(_advisor(after, model, problems), 9, "2024-05-01T12:00:00+00:00")
    table = scenario_table(_advisor(before, model, problems), [article, PLAN], [later], 4)
    assert [c.kind for c in table.columns] == [MEASURED, SCENARIO, SCENARIO, ASSESSMENT]
    assert table.columns[3].title == "Assessment #9" and table.columns[3].subtitle == (
        "assessed 2024-05-01"
    )
    # the later column is that assessment's own measured advice (by hand: 86, A)
    direct_after = decide(after, TeamProfile(), model, model_problems=problems)
    assert _figures(direct_after)[:2] == [86, "A"]
    assert [_row(table, k).cells[3].value for k in ("score", "grade")] == [86, "A"]
    assert _row(table, "lead_time_days").cells[3].value == 3.0
    assert _row(table, "deploys_per_week").cells[3].value == pytest.approx(1.148, abs=1e-3)

    plan_article, plan_team = table.plan_vs_actual
    assert plan_article.scenario == article.name and plan_article.assessment_id == 9
    checks = {c.key: c for c in plan_article.checks}
    assert set(checks) == set(article.settings) | {
        "score", "grade", "refactor_vs_rewrite", "staffing"
    }  # fmt: skip
    # lead time: 3 days promised, 3.0 measured: met, no difference
    assert checks["lead_time_days"].met is True and checks["lead_time_days"].difference == 0
    # change fail rate: the article's 9% promised, 0 measured: met, 9 points better
    promised = article.settings["change_fail_rate"]
    assert checks["change_fail_rate"].met is True
    assert checks["change_fail_rate"].difference == pytest.approx(-promised)
    assert checks["change_fail_rate"].difference_text == f"{-promised * 100:+.1f} pp"
    # daily deployments promised, 1.148 a week measured: not met
    deploys = checks["deploys_per_week"]
    assert deploys.met is False
    assert deploys.difference == pytest.approx(1.148 - article.settings["deploys_per_week"], 1e-3)
    promised_advice = decide(before, TeamProfile(), model, what_if=article.settings,
                             model_problems=problems)  # fmt: skip
    assert checks["score"].promised == promised_advice.readiness.score
    assert checks["score"].met is (promised_advice.readiness.score <= 86)
    assert checks["refactor_vs_rewrite"].met is (
        promised_advice.refactor_vs_rewrite.verdict == "keep_and_improve"
    )
    # a team figure is met only when it is as planned: 5 engineers planned, the history's 1
    team = next(c for c in plan_team.checks if c.key == "team_size")
    assert team.promised == 5.0 and team.actual == 1 and team.met is False
    assert plan_article.met == sum(1 for c in plan_article.checks if c.met)
    assert plan_article.summary == f"{plan_article.met} of 7 figures met"  # all measured
    data = table.to_dict()
    json.dumps(data, allow_nan=False)  # plain data for the CLI's and the report's JSON
    assert data["plan_vs_actual"][0]["met"] == plan_article.met


def test_a_verdict_that_asks_less_than_planned_meets_the_plan(pair):
    """More people alone leaves the verdicts as measured (strangler refactor, a partner); the
    next assessment's keep-and-improve with staff augmentation asks less of the team: met."""
    before, after, model, problems = pair
    people = Scenario("More people", {"team_size": 6.0})
    promised = decide(before, TeamProfile(), model, what_if=people.settings,
                      model_problems=problems)  # fmt: skip
    assert promised.refactor_vs_rewrite.verdict == "strangler_refactor"
    assert promised.staffing.verdict == "architectural_partner"
    later = LaterAssessment(_advisor(after, model, problems), 9)
    (plan,) = scenario_table(_advisor(before, model, problems), [people], [later]).plan_vs_actual
    checks = {c.key: c for c in plan.checks}
    for key, actual in (("refactor_vs_rewrite", "keep_and_improve"),
                        ("staffing", "staff_augmentation")):  # fmt: skip
        assert checks[key].actual == actual
        assert checks[key].met is True and checks[key].difference_text == "asks less"
    # and the other way round: a plan promising the lighter verdict is not met by a heavier one
    reverse = scenario_table(
        _advisor(after, model, problems),
        [people],
        [LaterAssessment(_advisor(before, model, problems), 10)],
    ).plan_vs_actual[0]
    refactor = next(c for c in reverse.checks if c.key == "refactor_vs_rewrite")
    assert refactor.met is False and refactor.difference_text == "asks more"


def test_the_articles_targets_leave_out_what_the_system_already_meets(pair):
    """After the change (lead time 3.0 days, change fail rate 0, 1.148 deployments a week, by
    hand): only the daily deployments are still a target; nothing is made worse."""
    before, after, model, problems = pair
    targets = article_targets(_advisor(after, model, problems))
    assert targets.settings == {"deploys_per_week": 5.0} and targets.origin == "article"
    assert "kept as measured: change lead time (median), change fail rate" in targets.note
    assert article_targets(_advisor(before, model, problems)).settings == (
        article_scenario("service").settings
    )  # 12 days, 33%, 0.712 a week: every target still ahead
