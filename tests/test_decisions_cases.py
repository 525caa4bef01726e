"""The advice on the issue's three cases, and every flip condition checked by re-running.

Expected outcomes, reasoned from resources/readiness_model.toml:
- fintech (Django monolith; lead time 12 d, weekly deploys, 30% change failure, 35% rework,
  payments hot and in a cycle): caps for change failure >= 30% and rework >= 30% hold the score
  at 54 or less -> not ready; strangler rules (CFR >= 20%: 2, lead >= 10 d: 2, rework >= 30%: 3,
  cycles >= 2: 2, debt > 10%: 1, >= 20k lines: 2, >= 200 commits: 1, hotspots >= 50%: 1,
  runtime < 3.11: 1, prior 1) = 16 against keep-and-improve's 1 (tests >= 10%); partner 14
  against staff augmentation 0; payments carries 66% of the changes -> carved out first.
- healthy service: no cap, every sub-score above 90 -> ready; keep-and-improve 11 (2+2+2+2+1+1+1)
  against strangler 2 (prior 1 + 620 commits); staff augmentation 9 against 0.
- tiny Python 2 codebase, one commit: full rewrite 5 (prior -3, < 5,000 lines 3, Python 2 >= 50%
  3, < 20 commits 1, no tests 1) against strangler 3 (prior 1, runtime 2.7 < 3.11 1, truck
  factor 1 1).
"""

from __future__ import annotations

import decision_cases as cases
import pytest

from analysis.code.results import code_totals
from analysis.decisions import TeamProfile, decide, load_model
from analysis.decisions.inputs import SPECS, measured, missing, version_code
from analysis.decisions.model import Rule, VerdictModel
from analysis.decisions.verdicts import decide_verdict

CASES = {
    "fintech": (cases.fintech, cases.FINTECH_TEAM),
    "healthy": (cases.healthy, cases.HEALTHY_TEAM),
    "python2": (cases.python2, TeamProfile()),
    "python2 without history": (lambda: cases.python2(with_history=False), TeamProfile()),
}
EXPECTED = [
    # case, status, refactor verdict, staffing verdict, first carve-out (None: not checked)
    ("fintech", "not ready", "strangler_refactor", "architectural_partner", "payments"),
    ("healthy", "ready", "keep_and_improve", "staff_augmentation", None),
    ("python2", "not ready", "full_rewrite", None, None),
    ("python2 without history", "not ready", "full_rewrite", None, None),
]


def advice(name: str, what_if=None):
    build, team = CASES[name]
    return decide(build(), team, what_if=what_if)


@pytest.mark.parametrize(("name", "status", "refactor", "staffing", "first"), EXPECTED)
def test_the_issue_cases(name, status, refactor, staffing, first):
    result = advice(name)
    assert result.readiness.status == status
    assert result.refactor_vs_rewrite.verdict == refactor
    if staffing:
        assert result.staffing.verdict == staffing
    if first:
        assert result.strangler_plan[0].component == first


def test_fintech_details():
    result = advice("fintech")
    caps = {cap.id for cap in result.readiness.caps}
    assert {"change-fail-rate", "rework", "lead-time", "runtime-before-3.11"} <= caps
    assert result.readiness.score <= 54
    scores = {o.option: o.score for o in result.refactor_vs_rewrite.options}
    assert scores == {
        "strangler_refactor": 16,
        "keep_and_improve": 1,
        "targeted_rewrite": 0,
        "full_rewrite": -3,
    }
    assert {o.option: o.score for o in result.staffing.options} == {
        "architectural_partner": 14,
        "staff_augmentation": 0,
    }
    first = result.strangler_plan[0]
    cut = {
        (c.from_component, c.to_component) for c in first.imports_to_cut if c.why == "cycle breaker"
    }
    assert cut == {("payments", "orders"), ("payments", "accounts")}
    assert "payments.models" in first.shared_models
    assert "Redis" in first.messaging and "FastAPI" in first.boundary
    assert [s.phase for s in first.steps] == [
        "keep",
        "build beside",
        "route incrementally",
        "decompose only where needed",
    ]
    assert "catalog" in {c.component for c in result.keep_in_core}  # stable and healthy
    assert "tests" not in {c.component for c in result.strangler_plan}
    metrics = [risk.metric for risk in result.top_risks]
    assert len(metrics) == 5 and metrics[0] == "hot_component_pressure"
    assert result.top_risks[0].location.startswith("payments/")


def test_healthy_service_has_no_risks_and_high_confidence():
    result = advice("healthy")
    assert result.readiness.grade == "A" and not result.readiness.caps
    assert result.top_risks == []
    assert result.refactor_vs_rewrite.confidence_label == "high"
    assert result.staffing.confidence_label == "high"
    assert any("carve-out order is for later" in note for note in result.notes)


def test_a_rewrite_wins_only_for_the_tiny_python2_codebase():
    for name in ("fintech", "healthy"):
        assert advice(name).refactor_vs_rewrite.verdict != "full_rewrite"
    bigger = cases.python2()
    for item in bigger.code.files:
        item.sloc = (item.sloc or 0) * 10  # 7,700 lines: no longer "tiny"
    bigger.code.totals = code_totals(bigger.code.files)
    assert decide(bigger).refactor_vs_rewrite.verdict != "full_rewrite"


def _apply_to_assessment(assessment, team: TeamProfile, key: str, to: float):
    """Change the assessment or team field the input is read from; None if not mappable."""
    if key == "change_fail_rate":
        assessment.dora.change_fail_rate = to
    elif key == "lead_time_days":
        assessment.dora.lead_time_hours.median = to * 24
    elif key == "rework_share" and team.rework_share is not None:
        return TeamProfile(**{**team.to_dict(), "rework_share": to})
    elif key == "rework_share" and assessment.history is not None:
        assessment.history.rework_share = to
    elif key in ("teams_per_deployment", "senior_engineers"):
        return TeamProfile(**{**team.to_dict(), key: int(to)})
    elif key == "components_in_cycles":
        assessment.architecture.modularity.components_in_cycles = int(to)
    elif key == "commits":
        assessment.history.commits = int(to)
    elif key == "debt_ratio":
        assessment.debt.ratio = to
    elif key == "runtime_version":
        target = assessment.runtime.targets[0]
        target.version = f"{int(to) // 100}.{int(to) % 100}"
        assert version_code(target.version) == to
    elif key == "deploys_per_week":
        assessment.dora.deployments_per_week = to
    else:
        return None
    return team


def _flips():
    for name in CASES:
        result = advice(name)
        for verdict in ("refactor_vs_rewrite", "staffing"):
            for flip in getattr(result, verdict).what_would_change:
                yield name, verdict, flip


@pytest.mark.parametrize(
    ("name", "verdict", "flip"),
    list(_flips()),
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_every_flip_condition_flips_the_verdict(name, verdict, flip):
    before = getattr(advice(name), verdict).verdict
    assert flip.verdict != before
    changes = {c.metric: c.to for c in flip.changes}
    after = getattr(advice(name, what_if=changes), verdict)
    assert after.verdict == flip.verdict, flip.text
    # just short of the change (the current values), nothing flips
    current = {c.metric: c.value for c in flip.changes}
    assert getattr(advice(name, what_if=current), verdict).verdict == before


def test_flips_hold_when_the_real_inputs_change():
    """Apply each flip to the assessment and team themselves (where the input maps to one
    field) and run the whole advice again: the verdict must be the flip's."""
    checked = 0
    for name, verdict, flip in _flips():
        build, team = CASES[name]
        assessment = build()
        for change in flip.changes:
            team = _apply_to_assessment(assessment, team, change.metric, change.to)
            if team is None:
                break
        else:
            assert getattr(decide(assessment, team), verdict).verdict == flip.verdict, flip.text
            checked += 1
    assert checked >= 6


def test_flips_are_the_smallest_single_change():
    """For the Python 2 case's refactor verdict, no value nearer than the reported one flips."""
    result = advice("python2")
    model, _ = load_model()
    flip = result.refactor_vs_rewrite.what_would_change[0]
    change = flip.changes[0]
    key = change.metric
    step = (change.to - change.value) / 20
    for i in range(1, 20):
        nearer = change.value + step * i
        outcome = advice("python2", {key: nearer}).refactor_vs_rewrite.verdict
        if abs(nearer - change.value) < abs(change.to - change.value) - 1e-9:
            assert outcome == "full_rewrite", (key, nearer)
    assert model.refactor.prior["full_rewrite"] < 0  # a rewrite starts behind (the article)


def test_missing_sections_degrade_and_say_so():
    assessment = cases.fintech()
    assessment.dora = None
    assessment.history = None
    result = decide(assessment, TeamProfile())
    delivery = next(s for s in result.readiness.subscores if s.name == "delivery")
    assert delivery.score is None and "lead_time_days" in delivery.missing
    assert result.inputs["change_fail_rate"].value is None
    assert "no delivery" in result.inputs["change_fail_rate"].note
    assert any("Delivery (DORA)" in note for note in result.notes)
    missing = {m.metric for m in result.refactor_vs_rewrite.missing}
    assert {"change_fail_rate", "lead_time_days", "rework_share", "commits"} <= missing
    assert result.refactor_vs_rewrite.coverage < 1
    money = {f.id: f for f in result.money.figures}
    assert money["rework_measured"].value is None
    assert "team size" in money["rework_measured"].missing
    assert any("No history" in note for note in result.notes)


def test_quick_check_answers_stand_in_for_unmeasured_rates():
    from analysis.dora.quick_check import QuickCheckAnswers, score_quick_check

    assessment = cases.healthy()
    dora = assessment.dora
    dora.deployments = 2
    dora.levels = dict.fromkeys(dora.levels, "not enough data")
    dora.quick_check = score_quick_check(QuickCheckAnswers(change_fail_rate=25, rework_rate=10))
    result = decide(assessment, cases.HEALTHY_TEAM)
    cfr = result.inputs["change_fail_rate"]
    assert (cfr.value, cfr.provenance) == (0.25, "answered")
    assert result.inputs["lead_time_days"].value is None


def test_the_fintech_after_state_is_ready_to_keep_improving():
    """The article's worked example after a surgical refactor: 3 days, daily, < 10%."""
    after = advice(
        "fintech",
        what_if={
            "lead_time_days": 3,
            "deploys_per_week": 5,
            "change_fail_rate": 0.08,
            "rework_share": 0.12,
            "components_in_cycles": 0,
            "cycle_share": 0,
            "debt_ratio": 0.08,
            "runtime_version": 312,
        },
    )
    assert not {c.id for c in after.readiness.caps}
    assert after.refactor_vs_rewrite.verdict == "keep_and_improve"
    # healthy delivery and low debt (staff augmentation 9) outweigh the coordination the team
    # reports (3 teams per deployment 2, no seniors 1, shared models 1, cross imports 1): 9 > 5
    assert after.staffing.verdict == "staff_augmentation"


def test_bare_minimum_assessment_degrades_without_error():
    """Only a code section with no files: nothing measured, nothing invented, no crash."""
    from analysis.assessment import Assessment, CodeSection

    empty = Assessment(cases.info("empty", 0), CodeSection([], code_totals([])))
    result = decide(empty)
    assert result.readiness.score is None and result.readiness.status == "not enough data"
    assert result.refactor_vs_rewrite.confidence == 0
    assert result.strangler_plan == [] and result.top_risks == []
    assert all(f.value is None for f in result.money.figures if f.id != "debt_remediation")


@pytest.mark.parametrize("name", list(CASES))
def test_any_inputs_give_bounded_advice(name):
    """Property: whatever values the inputs take, the advice stays within its bounds."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from analysis.decisions.inputs import SPECS

    keys = [k for k in SPECS if k not in ("rework_share_measured",)]
    build, team = CASES[name]
    assessment = build()

    @settings(max_examples=40, deadline=None)
    @given(
        st.dictionaries(
            st.sampled_from(keys),
            st.floats(min_value=0, max_value=1, allow_nan=False),
            max_size=6,
        )
    )
    def check(fractions):
        what_if = {k: SPECS[k].lo + v * (SPECS[k].hi - SPECS[k].lo) for k, v in fractions.items()}
        result = decide(assessment, team, what_if=what_if)
        score = result.readiness.score
        assert score is None or 0 <= score <= 100
        for verdict in (result.refactor_vs_rewrite, result.staffing):
            assert 0 <= verdict.confidence <= 1
            for flip in verdict.what_would_change:
                assert flip.verdict != verdict.verdict
        assert len(result.top_risks) <= 5

    check()


def _toy_model(min_confidence: float = 0.15) -> VerdictModel:
    """Two options; the system's size and a delivery figure both read by the rules."""
    return VerdictModel(
        name="toy",
        options=("keep", "change"),
        labels={"keep": "Keep", "change": "Change"},
        prior={"keep": 0.0, "change": 0.0},
        decisive_margin=6,
        rules=(
            Rule("big", "sloc", ">=", 100_000, "change", 2, "size"),
            Rule("fails", "change_fail_rate", ">=", 0.2, "change", 1, "DORA"),
            Rule("tests", "test_share", ">=", 0.1, "keep", 2, "tests"),
            Rule("rework", "rework_share", ">=", 0.3, "change", 2, "rework"),
        ),
        min_confidence=min_confidence,
    )


def test_what_would_change_offers_only_levers_the_team_controls():
    """700k lines (2 points) and a 25% change fail rate (1) lean to "change" (3) against tests
    (2). Shrinking the code below 100k lines would also flip it, but nobody can: the only flip
    offered is the lever, the change fail rate under 20% (2 against 2: a tie goes to "keep",
    the first option)."""
    inputs = {
        "sloc": measured("sloc", 700_000, "radon"),
        "change_fail_rate": measured("change_fail_rate", 0.25, "tags"),
        "test_share": measured("test_share", 0.3, "roles"),
        "rework_share": measured("rework_share", 0.1, "history"),
    }
    verdict = decide_verdict(_toy_model(), inputs)
    assert verdict.verdict == "change" and verdict.clear
    assert [c.metric for f in verdict.what_would_change for c in f.changes] == ["change_fail_rate"]
    assert verdict.what_would_change[0].changes[0].to == 0.19
    for flip in verdict.what_would_change:
        assert all(SPECS[c.metric].actionable for c in flip.changes), flip.text
        assert "sloc" not in {c.metric for c in flip.changes}
    # the size still counts as evidence (context), just never as the change to make
    assert "sloc" in {e.metric for e in verdict.evidence}
    assert not SPECS["sloc"].actionable and not SPECS["commits"].actionable


def test_an_unclear_verdict_says_so_and_what_would_settle_it():
    """50k lines (no point), a 25% change fail rate (1 for "change"), 5% tests (no point for
    "keep") and an unmeasured rework share: "change" leads by 1 point of the decisive 6 with 5
    of the rules' 7 points measured -> confidence 1/6 x 5/7 = 0.12 < 0.15: no clear verdict,
    and the missing input is what would settle it."""
    inputs = {
        "sloc": measured("sloc", 50_000, "radon"),
        "change_fail_rate": measured("change_fail_rate", 0.25, "tags"),
        "test_share": measured("test_share", 0.05, "roles"),
        "rework_share": missing("rework_share", "fewer than 10 commits in the window"),
    }
    model = _toy_model()
    verdict = decide_verdict(model, inputs)
    assert verdict.confidence == round(1 / 6 * 5 / 7, 2)
    assert not verdict.clear
    assert verdict.headline == "No clear verdict (leaning towards: Change)"
    assert any(
        "Rework share" in item and "fewer than 10 commits" in item for item in verdict.settle
    )
    # with the floor at zero the same verdict is stated plainly
    plain = decide_verdict(_toy_model(min_confidence=0.0), inputs)
    assert plain.clear and plain.headline == "Change" and plain.settle == []
