"""Decision maps and what-if scenarios checked against ``decide`` itself.

Every grid point of each map is compared with the verdict a fresh advice run gives with both
axes set there, the nearest flip is re-decided with the public ``decide(..., what_if=...)``, and
region borders are checked to fall only at the model's thresholds (read from the TOML file, not
from the code under test).
"""

from __future__ import annotations

import tomllib

import decision_cases as cases
import pytest

from analysis.decisions import decide
from analysis.decisions.advisor import Advisor, reweighting_notes
from analysis.decisions.decision_map import decision_map, verdict_model
from analysis.decisions.inputs import SPECS
from analysis.decisions.scenario import (
    ARTICLE,
    LEVERS,
    Scenario,
    ScenarioError,
    article_scenario,
    check_setting,
    parse_setting,
)
from analysis.decisions.verdicts import option_scores, winner
from analysis.delivery_model.kinds import LIBRARY, SERVICE
from resources import resource_path

MODEL = tomllib.loads(resource_path("readiness_model.toml").read_text())
VERDICTS = ("refactor_vs_rewrite", "staffing")
BUILDS = {
    "fintech": (cases.fintech, cases.FINTECH_TEAM),
    "healthy": (cases.healthy, cases.HEALTHY_TEAM),
    "python2": (cases.python2, cases.TeamProfile()),
}


@pytest.fixture(params=sorted(BUILDS), scope="module")
def case(request):
    build, team = BUILDS[request.param]
    assessment = build()
    return assessment, team, Advisor(assessment, team)


def _rule_thresholds(which: str, key: str) -> set[float]:
    section = MODEL[which]
    return {r["threshold"] for r in section["rule"] if r["input"] == key}


@pytest.mark.parametrize("which", VERDICTS)
def test_map_regions_equal_decide_at_every_point(case, which):
    assessment, team, advisor = case
    found = getattr(advisor.base, which)
    grid = found.map
    assert grid, "two measured levers: a map"
    xk, yk = grid["x"]["input"], grid["y"]["input"]
    assert xk != yk and SPECS[xk].actionable and SPECS[yk].actionable
    xs, ys = grid["x"]["values"], grid["y"]["values"]
    model = verdict_model(advisor.model, which)
    for j, y in enumerate(ys):  # both axes set together (the map adds their effects)
        for i, x in enumerate(xs):
            inputs, _ = advisor.scenario_inputs({xk: x, yk: y})
            got = winner(model, option_scores(model, {k: v.value for k, v in inputs.items()}))
            assert grid["regions"][j][i] == got, (xk, x, yk, y)
    # and the whole advice at the corners and a spread of points
    plain = Advisor(assessment, team, maps=False)
    for j in sorted({0, len(ys) // 3, len(ys) // 2, len(ys) - 1}):
        for i in sorted({0, len(xs) // 4, len(xs) // 2, len(xs) - 1}):
            got = getattr(plain.decide({xk: xs[i], yk: ys[j]}), which).verdict
            assert grid["regions"][j][i] == got, (xk, xs[i], yk, ys[j])
    # the system's point: its shaded region is the verdict
    point = grid["point"]
    i, j = xs.index(point["x"]), ys.index(point["y"])
    assert grid["regions"][j][i] == found.verdict


@pytest.mark.parametrize("which", VERDICTS)
def test_arrow_leads_to_another_verdict_by_decide(case, which):
    assessment, team, advisor = case
    found = getattr(advisor.base, which)
    grid = found.map
    flip = grid["nearest_flip"]
    if flip is None:  # a verdict no two inputs can flip: one region, and the note says so
        assert {v for row in grid["regions"] for v in row} == {found.verdict}
        assert grid["note"].startswith("No change of these two inputs alone")
        assert found.what_would_change[0].text in grid["note"]
        assert len(found.what_would_change[0].changes) > 2
        return
    xk, yk = grid["x"]["input"], grid["y"]["input"]
    redone = getattr(decide(assessment, team, what_if={xk: flip["x"], yk: flip["y"]}), which)
    assert redone.verdict == flip["verdict"] != found.verdict
    assert flip["change"]  # says what moves
    # nothing nearer in the plane: every point closer than the flip keeps the verdict
    near = SPECS[xk].distance(grid["point"]["x"], flip["x"]) + SPECS[yk].distance(
        grid["point"]["y"], flip["y"]
    )
    for j, y in enumerate(grid["y"]["values"]):
        for i, x in enumerate(grid["x"]["values"]):
            d = SPECS[xk].distance(grid["point"]["x"], x) + SPECS[yk].distance(
                grid["point"]["y"], y
            )
            if d < near - 1e-9:
                assert grid["regions"][j][i] == found.verdict


def test_axes_are_the_nearest_flip_when_two_inputs_suffice():
    """healthy: keep-and-improve flips to a strangler refactor with lead time and rework (the
    what-would-change search's pair); the map's axes are that pair and its arrow lands there."""
    assessment, team = cases.healthy(), cases.HEALTHY_TEAM
    verdict = Advisor(assessment, team).base.refactor_vs_rewrite
    pair = {c.metric for c in verdict.what_would_change[0].changes}
    assert len(pair) == 2
    grid = verdict.map
    assert {grid["x"]["input"], grid["y"]["input"]} == pair
    flip = grid["nearest_flip"]
    to = {c.metric: c.to for c in verdict.what_would_change[0].changes}
    assert (flip["x"], flip["y"]) == (to[grid["x"]["input"]], to[grid["y"]["input"]])


@pytest.mark.parametrize("which", VERDICTS)
def test_region_borders_fall_on_the_model_thresholds(case, which):
    _, _, advisor = case
    grid = getattr(advisor.base, which).map
    for axis, values, rows in (
        ("x", grid["x"]["values"], grid["regions"]),
        ("y", grid["y"]["values"], list(zip(*grid["regions"], strict=True))),
    ):
        limits = _rule_thresholds(which, grid[axis]["input"])
        assert set(grid["thresholds"][axis]) == limits
        for row in rows:
            for k in range(1, len(values)):
                if row[k] != row[k - 1]:
                    low, high = values[k - 1], values[k]
                    assert any(low <= t <= high for t in limits), (axis, low, high)


def test_scenario_moves_score_verdicts_and_money_together():
    assessment = cases.fintech()
    advisor = Advisor(assessment, cases.FINTECH_TEAM)
    base = advisor.base
    better = advisor.decide(
        {"lead_time_days": 3, "change_fail_rate": 0.05, "components_in_cycles": 0}, "plan"
    )
    assert better.scenario == "plan" and base.scenario == ""
    assert better.readiness.score > base.readiness.score
    assert better.inputs["cycle_share"].value == 0  # the share follows the count
    # the same as the one-off what-if of decide()
    same = decide(
        assessment,
        cases.FINTECH_TEAM,
        what_if={"lead_time_days": 3, "change_fail_rate": 0.05, "components_in_cycles": 0},
    )
    assert same.readiness.score == better.readiness.score
    assert same.refactor_vs_rewrite.verdict == better.refactor_vs_rewrite.verdict
    # a team lever reaches the money: twice the engineers, twice the yearly cost of rework
    rework = {f.id: f.value for f in base.money.figures}["rework_reported"]
    size = base.team.team_size.value
    doubled = advisor.decide({"team_size": size * 2})
    assert {f.id: f.value for f in doubled.money.figures}["rework_reported"] == pytest.approx(
        rework * 2, abs=1
    )
    assert doubled.inputs["team_size"].value == size * 2


def test_debt_ratio_scales_the_remediation_hours():
    assessment = cases.fintech()
    advisor = Advisor(assessment, cases.FINTECH_TEAM)
    ratio = advisor.base.inputs["debt_ratio"].value
    cost = {f.id: f.value for f in advisor.base.money.figures}["debt_remediation"]
    halved = advisor.decide({"debt_ratio": round(ratio / 2, 4)})
    got = {f.id: f.value for f in halved.money.figures}["debt_remediation"]
    assert got == pytest.approx(cost * round(ratio / 2, 4) / ratio, abs=1)


def test_settings_are_checked_with_one_line_reasons():
    assert parse_setting("change_fail_rate=0.08") == ("change_fail_rate", 0.08)
    assert parse_setting(" change_fail_rate = 8% ") == ("change_fail_rate", 0.08)
    assert parse_setting("lead_time_days=3") == ("lead_time_days", 3.0)
    for text, words in (
        ("speed=3", "unknown input 'speed'"),
        ("change_fail_rate=1.5", "from 0 to 1"),
        ("change_fail_rate=abc", "must be a number"),
        ("team_size=2.5", "whole number"),
        ("lead_time_days", "expected INPUT=VALUE"),
        ("lead_time_days=nan", "must be a number"),
    ):
        with pytest.raises(ScenarioError, match=words) as raised:
            parse_setting(text)
        assert "\n" not in str(raised.value)
    assert check_setting("ai_budget", 250_000) == 250_000.0
    assert set(LEVERS) >= {
        "lead_time_days",
        "deploys_per_week",
        "change_fail_rate",
        "recovery_hours",
        "deployment_rework_rate",
        "components_in_cycles",
        "debt_ratio",
        "duplication_share",
        "rework_share",
        "team_size",
        "cost_per_engineer",
        "ai_budget",
        "ai_timeline_months",
        "senior_engineers",
    }


def test_system_bounds_and_kind():
    assessment = cases.fintech()
    advisor = Advisor(assessment, cases.FINTECH_TEAM)
    total = advisor.inputs["components"].value
    with pytest.raises(ScenarioError, match="at most"):
        advisor.check({"components_in_cycles": total + 1})
    advisor.check({"components_in_cycles": total})
    keys = {lever.key for lever in advisor.levers()}
    assert "deploys_per_week" in keys and "releases_per_week" not in keys
    assert advisor.current("lead_time_days") == advisor.inputs["lead_time_days"].value


def test_article_scenario_is_labelled_and_fits_the_kind():
    service = article_scenario(SERVICE)
    assert service.origin == ARTICLE and "article" in service.name.lower()
    assert service.settings == {"lead_time_days": 3.0, "change_fail_rate": 0.09,
                                "deploys_per_week": 5.0}  # fmt: skip
    # a target already met is left out: 2% stays 2%, and 5 a week stays 7 a week
    now = {"change_fail_rate": 0.02, "deploys_per_week": 7.0, "lead_time_days": 12.0}
    fitted = article_scenario(SERVICE, now.get)
    assert fitted.settings == {"lead_time_days": 3.0}
    assert "Already met here" in fitted.note and "change fail rate" in fitted.note
    library = article_scenario(LIBRARY)
    assert "deploys_per_week" not in library.settings and "library" in library.note
    again = Scenario.from_dict(service.to_dict())
    assert again == service
    with pytest.raises(ScenarioError):
        Scenario.from_dict({"name": "x", "settings": {"change_fail_rate": 3}})
    with pytest.raises(ScenarioError):
        Scenario.from_dict({"name": "  ", "settings": {}})


def test_a_scenario_is_drawn_on_the_measured_maps_axes():
    """Playing a scenario moves the point across the measured map; the axes stay (a large edit
    would otherwise make another pair the nearest flip and swap the axes under the user)."""
    assessment, team = cases.healthy(), cases.HEALTHY_TEAM
    advisor = Advisor(assessment, team)
    for which in VERDICTS:
        measured = getattr(advisor.base, which).map
        axes = (measured["x"]["input"], measured["y"]["input"])
        far = {axes[0]: SPECS[axes[0]].hi, "change_fail_rate": 0.5, "debt_ratio": 0.6}
        played = getattr(advisor.decide(far), which).map
        assert (played["x"]["input"], played["y"]["input"]) == axes
        assert played["point"]["x"] == SPECS[axes[0]].hi
        # the same scenario decided afresh (no measured map to keep) may choose other axes,
        # and both are the model's verdict at every shared point
        fresh = decision_map(Advisor(assessment, team, maps=False), which, far)
        assert fresh is not None
        model = verdict_model(advisor.model, which)
        inputs, _ = advisor.scenario_inputs(far)
        values = {k: v.value for k, v in inputs.items()}
        now = winner(model, option_scores(model, values))
        i = played["x"]["values"].index(played["point"]["x"])
        j = played["y"]["values"].index(played["point"]["y"])
        assert played["regions"][j][i] == now


def test_map_axes_are_levers_a_scenario_can_play():
    for build, team in BUILDS.values():
        advisor = Advisor(build(), team)
        for which in VERDICTS:
            grid = getattr(advisor.base, which).map
            if grid:
                assert grid["x"]["input"] in LEVERS and grid["y"]["input"] in LEVERS


def test_a_scenario_that_brings_a_subscore_in_says_the_score_is_reweighted():
    advisor = Advisor(cases.python2(), cases.TeamProfile())
    assert advisor.base.readiness.subscores[0].score is None  # delivery: not measured
    played = advisor.decide(
        {"lead_time_days": 3, "change_fail_rate": 0.05, "deploys_per_week": 5, "recovery_hours": 2}
    )
    assert played.readiness.subscores[0].score is not None
    (note,) = reweighting_notes(played)
    assert "Delivery (DORA)" in note and "re-weighted" in note
    assert reweighting_notes(advisor.decide({"components_in_cycles": 0})) == []


def test_the_scenario_table_carries_the_reweighting_note():
    from analysis.decisions.scenario_table import scenario_table

    advisor = Advisor(cases.python2(), cases.TeamProfile())
    plan = Scenario("Plan", {"lead_time_days": 3, "change_fail_rate": 0.05,
                             "deploys_per_week": 5, "recovery_hours": 2})  # fmt: skip
    table = scenario_table(advisor, [plan])
    assert "re-weighted" in table.columns[1].note and not table.columns[0].note
