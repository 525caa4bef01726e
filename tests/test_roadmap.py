"""The strangler roadmap: checkpoints per carve-out whose figures are recomputed from the
component graph with the cut imports removed, each a cumulative scenario projected by the same
advice, shown as a chart and printed in the PDF.

The expected figures are derived by hand from the fintech case (tests/decision_cases.py):

component imports (module pairs): orders->payments 6, accounts->payments 4, reports->payments 3,
payments->orders 5, payments->accounts 4, orders->accounts 3, accounts->orders 2,
orders->catalog 5, reports->orders 2 = 34 crossing imports; one cycle {accounts, orders,
payments}: 3 components in cycles of 8. Carve-outs: payments, orders, accounts.

- payments, cut its two cycle breakers (payments->orders, payments->accounts, one import each):
  5 -> 4 and 4 -> 3, no edge goes, still 3 in cycles; 34 -> 32 crossing.
- payments, routed and retired: every edge touching it goes (6 + 4 + 3 + 4 + 3 = 20): 12 left
  (orders->accounts 3, accounts->orders 2, orders->catalog 5, reports->orders 2); the cycle
  {accounts, orders}: 2 in cycles. Shared-model imports 11 -> 2 (payments.models had 9).
  Changes: payments 290 of 442 production file changes -> 152/442 = 34.4% left in the core.
- orders: its one breaker sat on payments->orders, gone already: no "cut" checkpoint. Routed:
  the 12 imports left all touch it -> 0 crossing, 0 in cycles; shared 2 -> 0; 70 changes ->
  82/442 = 18.6%.
- accounts: no breaker left, no import left; 20 changes -> 62/442 = 14.0%. Its tables
  checkpoint, the last, takes the article's targets: lead time 12 -> 3 days, deploys 1 -> 5 a
  week, change fail rate 30% -> 9%.

Scores (model weights: delivery .3, code .2, runtime .15, architecture .2, team .15; the
architecture sub-score is (2 x cycle_share score + 45 + 30 + 0.5 x 75) / 4.5 with cycle_share
scored 100 at 0, 70 at 0.1, 30 at 0.3, 0 at 0.6):
- measured 3/8 = 0.375 -> 22.5 -> architecture 35.0 -> score 50.3 -> 50 (D);
- 2/8 = 0.25 -> 40 -> architecture 42.8 -> 50.3 + 0.2 x 7.8 = 51.9 -> 52 (D);
- 0 -> 100 -> architecture 69.4 -> 57.2, capped at 54 by the change fail rate and the rework
  (35%) -> 54 (D); the article's targets lift the change fail rate cap but the rework cap
  (the team's 35%) holds: 54.
"""

from __future__ import annotations

import copy
from itertools import pairwise

import decision_cases as cases
import pytest

from analysis.architecture.section import ComponentImport
from analysis.architecture.shared_models import SharedModels
from analysis.decisions import decide
from analysis.decisions.advisor import Advisor
from analysis.decisions.result import Decisions
from analysis.decisions.roadmap import (
    ARTICLE,
    COMPUTED,
    Checkpoint,
    Move,
    Projection,
    checkpoints_of,
    roadmap_summary,
    verdicts_text,
)
from analysis.decisions.scenario import LEVERS, Scenario
from analysis.graph_cycles import strongly_connected_components


@pytest.fixture(scope="module")
def fintech_advice():
    return decide(cases.fintech(), cases.FINTECH_TEAM)


def _figure(checkpoint, key):
    return next((m for m in checkpoint.figures if m.input == key), None)


def test_checkpoints_follow_the_articles_steps_per_carve_out(fintech_advice):
    roadmap = checkpoints_of(fintech_advice)
    assert [(c.carve_out, c.stage) for c in roadmap] == [
        ("payments", "keep"), ("payments", "build"), ("payments", "cut"),
        ("payments", "route"), ("payments", "tables"),
        ("orders", "keep"), ("orders", "build"), ("orders", "route"), ("orders", "tables"),
        ("accounts", "keep"), ("accounts", "build"), ("accounts", "route"),
        ("accounts", "tables"),
    ]  # fmt: skip
    assert [c.sequence for c in roadmap] == list(range(1, 14))
    assert roadmap[0].step == "keep" and roadmap[3].step == "route incrementally"
    assert roadmap[4].step == "decompose only where needed"


def test_cycles_and_imports_after_each_cut(fintech_advice):
    roadmap = checkpoints_of(fintech_advice)
    cycles = [(c.sequence, m.before, m.after) for c in roadmap for m in c.moves
              if m.input == "components_in_cycles"]  # fmt: skip
    assert cycles == [(4, 3, 2), (8, 2, 0)]  # cutting payments' breakers leaves the cycle
    assert roadmap[2].title == (
        "the 2 cycle-breaking import(s) of payments cut; the cycle holds through other imports"
    )
    crossing = [(c.sequence, m.before, m.after) for c in roadmap
                if (m := _figure(c, "cross_component_imports"))]  # fmt: skip
    assert crossing == [(3, 34, 32), (4, 32, 12), (8, 12, 0)]
    shared = [(c.sequence, m.before, m.after) for c in roadmap
              if (m := _figure(c, "shared_model_imports"))]  # fmt: skip
    assert shared == [(4, 11, 2), (8, 2, 0)]
    core = [(c.sequence, round(m.after, 3)) for c in roadmap
            if (m := _figure(c, "changes_in_core"))]  # fmt: skip
    assert core == [(4, round(152 / 442, 3)), (8, round(82 / 442, 3)), (12, round(62 / 442, 3))]
    assert all(COMPUTED in m.source for c in roadmap for m in c.figures)


def test_settings_are_cumulative_levers_and_the_article_is_labelled(fintech_advice):
    roadmap = checkpoints_of(fintech_advice)
    for before, after in pairwise(roadmap):
        assert set(before.settings) <= set(after.settings)
    assert all(set(c.settings) <= set(LEVERS) for c in roadmap)
    assert roadmap[3].settings == {"components_in_cycles": 2}
    assert roadmap[-1].settings == {
        "components_in_cycles": 0, "lead_time_days": 3.0, "deploys_per_week": 5.0,
        "change_fail_rate": 0.09,
    }  # fmt: skip
    article = [m for m in roadmap[-1].moves]
    assert [(m.input, m.before, m.after) for m in article] == [
        ("lead_time_days", 12.0, 3.0), ("deploys_per_week", 1.0, 5.0),
        ("change_fail_rate", 0.3, 0.09),
    ]  # fmt: skip
    assert all(m.source == ARTICLE for m in article)
    assert all(m.source == COMPUTED for c in roadmap[:-1] for m in c.moves)
    scenario = roadmap[3].scenario()
    assert isinstance(scenario, Scenario) and scenario.origin == "checkpoint"
    assert Scenario.from_dict(scenario.to_dict()).settings == {"components_in_cycles": 2.0}


def test_projected_score_and_verdicts_come_from_the_advice(fintech_advice):
    roadmap = checkpoints_of(fintech_advice)
    scores = [(c.projected.score, c.projected.grade) for c in roadmap]
    assert scores[:3] == [(50, "D")] * 3  # nothing moves the score before the route
    assert scores[3] == (52, "D") and scores[7] == (54, "D") and scores[-1] == (54, "D")
    assert "rework" in roadmap[-1].projected.capped_by.lower()
    assert not roadmap[3].projected.capped_by
    advisor = Advisor(cases.fintech(), cases.FINTECH_TEAM, maps=False)
    for c in roadmap:  # the same decide, no second model
        d = advisor.decide(c.settings)
        assert (d.readiness.score, d.refactor_vs_rewrite.verdict, d.staffing.verdict) == (
            c.projected.score, c.projected.refactor_vs_rewrite, c.projected.staffing
        )  # fmt: skip


def test_a_cut_that_removes_an_edge_breaks_a_cycle_at_the_cut_checkpoint():
    """payments' breakers now carry the whole edges payments->orders and payments->accounts:
    cutting them leaves payments outside the cycle, {accounts, orders} still in one: 3 -> 2."""
    assessment = cases.fintech()
    imports = assessment.architecture.component_imports
    for n, e in enumerate(imports):
        if e.source == "payments":
            imports[n] = ComponentImport(e.source, e.target, 1)
    roadmap = checkpoints_of(decide(assessment, cases.FINTECH_TEAM))
    cut = next(c for c in roadmap if c.carve_out == "payments" and c.stage == "cut")
    assert [(m.input, m.before, m.after) for m in cut.moves] == [("components_in_cycles", 3, 2)]
    # an independent count: Tarjan over the edges left
    left = {(e.source, e.target) for e in imports if e.source != "payments"}
    graph = {c.name: sorted(t for s, t in left if s == c.name)
             for c in assessment.architecture.components}  # fmt: skip
    assert sum(len(g) for g in strongly_connected_components(graph) if len(g) > 1) == 2


def test_json_round_trip_and_shape(fintech_advice):
    data = fintech_advice.to_dict()["strangler_roadmap"]
    assert data[3]["moves"] == [
        {"input": "components_in_cycles", "label": LEVERS["components_in_cycles"].label,
         "from": 3, "to": 2, "source": COMPUTED, "text": "3 → 2"}
    ]  # fmt: skip
    assert set(data[3]["projected"]) >= {"score", "grade", "refactor_vs_rewrite", "staffing"}
    again = Decisions.from_dict(copy.deepcopy(fintech_advice.to_dict()))
    assert checkpoints_of(again) == checkpoints_of(fintech_advice)


def test_no_plan_no_roadmap():
    d = decide(cases.python2())  # one component: nothing to carve out
    assert d.strangler_plan == [] and d.strangler_roadmap == []


def test_a_scenario_decision_carries_no_roadmap_of_its_own():
    advisor = Advisor(cases.fintech(), cases.FINTECH_TEAM, maps=False)
    assert advisor.base.strangler_roadmap
    assert advisor.decide({"components_in_cycles": 0}).strangler_roadmap == []


def test_every_models_module_of_the_carve_out_counts():
    """payments owns two shared models modules (9 + 2 importing modules): routing it out takes
    both away, 13 -> 2 (orders.models' 2 stay)."""
    assessment = cases.fintech()
    assessment.architecture.shared_models.append(
        SharedModels("payments.refunds.models", "payments", ["orders"], 2, ["orders/views.py:4"])
    )
    roadmap = checkpoints_of(decide(assessment, cases.FINTECH_TEAM))
    route = next(c for c in roadmap if c.carve_out == "payments" and c.stage == "route")
    assert (_figure(route, "shared_model_imports").before,
            _figure(route, "shared_model_imports").after) == (13, 2)  # fmt: skip


def test_a_verdict_that_is_only_a_leaning_says_so():
    p = Projection(
        74, "B", "ready", "strangler_refactor", "Surgical refactor ...", "staff_augmentation",
        "Staff augmentation is enough", refactor_clear=False,
    )  # fmt: skip
    assert verdicts_text(p) == "strangler refactor (leaning); staff augmentation"


def test_the_summary_names_a_verdict_that_changes():
    def checkpoint(n, score, refactor, moves=()):
        p = Projection(score, "C", "", refactor, "", "staff_augmentation", "")
        return Checkpoint(n, "payments", 1, "keep", "", list(moves), [], {}, p, "keep")

    article = Move("lead_time_days", "Change lead time (median)", 12.0, 3.0, ARTICLE, "")
    text = roadmap_summary(
        [checkpoint(1, 60, "strangler_refactor"), checkpoint(2, 66, "keep_and_improve", [article])]
    )
    assert text == (
        "With the code moves alone the projected score goes from 60 (C) to 60 (C): the "
        "carve-outs leave the components in dependency cycles as they are. With the article's "
        "delivery targets as well (not computed from the code): 66 (C). Verdicts: strangler "
        "refactor; staff augmentation → keep and improve; staff augmentation."
    )
