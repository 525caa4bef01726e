"""The advice model file, its overrides from the settings, the caps, test presence, and the
team profile's validation and defaults."""

from __future__ import annotations

import decision_cases as cases
import pytest

from analysis.code.results import FileMetrics
from analysis.decisions import TeamProfile, TeamProfileError, decide, load_model, resolve_team
from analysis.decisions.model import interpolate
from analysis.decisions.team import load_team_profile
from analysis.decisions.tests_present import is_test_path, presence_of_tests
from app.settings import Settings


def test_the_shipped_model_is_consistent():
    model, problems = load_model()
    assert problems == []
    assert sum(model.weights.values()) == pytest.approx(1.0)
    for verdict in (model.refactor, model.staffing):
        assert {r.supports for r in verdict.rules} <= set(verdict.options)
        assert set(verdict.labels) == set(verdict.options) == set(verdict.prior)
        assert all(r.source for r in verdict.rules)
    assert all(m.source for m in model.metrics) and all(c.source for c in model.caps)


def test_interpolation_between_the_points():
    points = ((1.0, 100.0), (3.0, 85.0), (7.0, 65.0))
    assert interpolate(points, 0.5) == 100  # flat before the first point
    assert interpolate(points, 2.0) == 92.5  # halfway between 100 and 85
    assert interpolate(points, 5.0) == 75.0
    assert interpolate(points, 30) == 65  # flat after the last


def test_overrides_change_the_advice_and_bad_ones_are_reported():
    model, problems = load_model(
        {
            "weights": {"delivery": 0.5},
            "caps": {"runtime-before-3.11": {"enabled": False}},
            "rules": {"rr-cfr-high": {"threshold": 0.35}},
            "meta": {"hours_per_year": 1800},
        }
    )
    assert problems == []
    assert model.weights["delivery"] == 0.5
    assert not next(c for c in model.caps if c.id == "runtime-before-3.11").enabled
    assert next(r for r in model.refactor.rules if r.id == "rr-cfr-high").threshold == 0.35
    assert model.meta.hours_per_year == 1800
    result = decide(cases.fintech(), cases.FINTECH_TEAM, model)
    assert "runtime-before-3.11" not in {c.id for c in result.readiness.caps}
    assert "rr-cfr-high" not in {e.rule for e in result.refactor_vs_rewrite.evidence}
    assert result.model.overrides  # the report says what the settings changed

    _, problems = load_model(
        {
            "weights": {"delivery": "high", "speed": 1},
            "caps": {"no-such-cap": {"enabled": False}},
            "rules": {"rr-tiny": {"points": "many"}},
            "metrics": {"debt_ratio": {"weight": -1}},
            "meta": {"hours_per_year": 0},
            "colour": "blue",
        }
    )
    text = "\n".join(problems)
    for expected in (
        "weights.delivery must be a number",
        "unknown key 'speed'",
        "unknown id 'no-such-cap'",
        "rr-tiny.points must be a number",
        "metrics.debt_ratio: invalid",
        "hours_per_year must be above 0",
        "unknown section 'colour'",
    ):
        assert expected in text


def test_settings_overrides_reach_the_assessment_as_warnings():
    settings = Settings(readiness_model={"weights": {"delivery": -1}})
    options = settings.analysis_options()
    _, problems = load_model(options.readiness_model)
    assert any("weights.delivery" in p for p in problems)


@pytest.mark.parametrize(
    ("what_if", "cap"),
    [
        ({"change_fail_rate": 0.30}, "change-fail-rate"),  # at 30%: the article's example
        ({"rework_share": 0.30}, "rework"),
        ({"lead_time_days": 10}, "lead-time"),
        ({"deploys_per_week": 0.2}, "deploy-frequency"),
        ({"runtime_version": 310}, "runtime-before-3.11"),
        ({"python2_share": 0.01}, "python2"),
    ],
)
def test_each_cap_applies_at_its_threshold_and_not_below(what_if, cap):
    healthy = decide(cases.healthy(), cases.HEALTHY_TEAM)
    assert not healthy.readiness.caps
    capped = decide(cases.healthy(), cases.HEALTHY_TEAM, what_if=what_if)
    applied = {c.id: c for c in capped.readiness.caps}
    assert cap in applied
    assert capped.readiness.score <= applied[cap].max_score
    key, value = next(iter(what_if.items()))
    spec_step = {
        "change_fail_rate": -0.01,
        "rework_share": -0.01,
        "lead_time_days": -0.5,
        "deploys_per_week": 0.05,
        "runtime_version": 1,
        "python2_share": -0.01,
    }[key]
    near = decide(cases.healthy(), cases.HEALTHY_TEAM, what_if={key: value + spec_step})
    assert cap not in {c.id for c in near.readiness.caps}


def test_test_presence_from_paths():
    paths = [
        "app/models.py",  # not a test
        "app/tests.py",  # Django's default
        "tests/test_models.py",
        "tests/helpers.py",  # in tests/
        "pkg/thing_test.py",
        "conftest.py",
        "pkg/testing.py",  # not a test: only a name like one
        "pkg/test/data.py",
    ]
    assert [is_test_path(p) for p in paths] == [False, True, True, True, True, True, False, True]
    found = presence_of_tests([FileMetrics(p, sloc=10) for p in paths])
    assert (found.test_files, found.python_files, found.share) == (6, 8, 0.75)
    assert presence_of_tests([]).share is None


def test_team_profile_validation_and_defaults(tmp_path):
    assert TeamProfile(team_size=0).problems()
    assert TeamProfile(rework_share=1.5).problems()
    assert TeamProfile(cost_per_engineer=float("nan")).problems()
    assert TeamProfile(team_size=True).problems()
    assert TeamProfile(team_size=4, rework_share=0.3, currency="EUR").problems() == []
    with pytest.raises(TeamProfileError, match="unknown team field"):
        TeamProfile.from_dict({"size": 4})
    file = tmp_path / "team.toml"
    file.write_text("[team]\nteam_size = 7\nrework_share = 25\n", encoding="utf-8")
    profile = load_team_profile(file)
    assert (profile.team_size, profile.rework_share) == (7, 0.25)

    model, _ = load_model()
    history = cases.fintech().history  # monthly active authors 14, 14, 14
    resolved = resolve_team(TeamProfile(), history, model)
    assert resolved.team_size.value == 14 and resolved.team_size.is_default
    assert resolved.team_size.source.startswith("default:")
    assert (resolved.hourly_cost.value, resolved.hourly_cost.provenance) == (100, "default")
    assert resolved.yearly_cost.value == 100 * 1720
    assert resolved.rework_share.value is None and resolved.rework_share.provenance == "missing"
    settings_model, _ = load_model(hourly_cost=80, currency="GBP")
    resolved = resolve_team(TeamProfile(), None, settings_model)
    assert (resolved.hourly_cost.value, resolved.hourly_cost.provenance) == (80, "settings")
    assert resolved.currency.value == "GBP"
    assert resolved.team_size.value is None  # no history, not given: missing, not invented
    given = resolve_team(TeamProfile(cost_per_engineer=172_000), None, settings_model)
    assert (given.hourly_cost.value, given.hourly_cost.provenance) == (100, "given")


def test_the_team_cost_prices_the_debt_section():
    """One home for the loaded cost: the resolved team (the profile's cost, else the settings'
    hourly_cost); the debt report is priced from it, never from a copy in the debt settings."""
    from analysis.decisions.team import priced_debt

    debt = cases.fintech().debt
    hours = debt.remediation_minutes / 60
    model, _ = load_model(hourly_cost=80, currency="GBP")
    settings_priced = priced_debt(debt, resolve_team(TeamProfile(), None, model))
    assert (settings_priced.hourly_cost, settings_priced.currency) == (80, "GBP")
    assert settings_priced.money == round(hours * 80, 2)
    team = resolve_team(TeamProfile(cost_per_engineer=86_000), None, model)
    priced = priced_debt(debt, team)
    assert (priced.hourly_cost, priced.currency) == (50, "GBP")  # 86,000 / 1,720 h
    assert priced.money == round(hours * 50, 2) and priced is not debt
    assert debt.hourly_cost is None  # the measured report is not changed
    unpriced = priced_debt(debt, resolve_team(TeamProfile(), None, load_model()[0]))
    assert unpriced.money is None  # the model's assumed 100/h never prices the debt section
    assert priced_debt(None, team) is None


def test_the_methodology_matches_the_model():
    from resources import resource_path

    lines = resource_path("methodology.md").read_text(encoding="utf-8").splitlines()
    model, _ = load_model()

    def row(key: str) -> str:
        return next(line for line in lines if line.startswith(f"| {key} |"))

    for verdict in (model.refactor, model.staffing):
        for rule in verdict.rules:
            assert row(rule.id).rstrip(" |").endswith(f"| {rule.points:g}"), rule.id
    for name, weight in model.weights.items():
        assert row(name).startswith(f"| {name} | {weight:.0%} |")
    for cap in model.caps:
        assert f"| {cap.max_score:g}" in row(cap.id)
    assert f"at\nleast {model.meta.min_subscore_coverage:.0%} of its weight" in "\n".join(lines)


def test_a_sub_score_needs_enough_of_its_weight_measured():
    """Code health weights (resources/readiness_model.toml): debt ratio 2, MI 1, duplication 1,
    complex functions 1, tests 1 = 6. Tests alone: 1/6 = 17% < 34%: not scored, the test figure
    still listed. Tests and debt ratio: 3/6 = 50%: scored, (100 x 2 + 0 x 1) / 3 = 66.7."""
    from analysis.decisions.inputs import measured
    from analysis.decisions.readiness import subscore

    model, _ = load_model()
    names = {m.input for m in model.metrics}
    inputs = {name: measured(name, None, "") for name in names}
    inputs["test_share"] = measured("test_share", 0.0, "file names")
    thin = subscore("code_health", inputs, model)
    assert thin.score is None and "17% of its weight" in thin.note
    assert [m.input for m in thin.metrics] == ["test_share"]
    inputs["debt_ratio"] = measured("debt_ratio", 0.05, "SQALE")
    enough = subscore("code_health", inputs, model)
    assert enough.score == 66.7 and enough.note == ""
