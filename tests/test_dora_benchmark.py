"""DORA Quick Check benchmarks: the team's scores beside the industry's, with DORA's inversions.

Expected figures are read here from the shipped JSON files directly and inverted by hand, as
the Quick Check's data-service.ts does (not through analysis.dora.benchmark).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from analysis.dora.benchmark import Benchmark, choices, compare
from analysis.dora.quick_check import Measured, QuickCheckAnswers

DATA = Path(__file__).resolve().parents[1] / "resources" / "data" / "dora_quick_check"


def _file(edition: str, name: str) -> dict:
    return json.loads((DATA / f"{edition}_{name}.json").read_text("utf-8"))


def _metric(result: Benchmark, group: str, metric: str):
    (g,) = [g for g in result.groups if g.group == group]
    (m,) = [m for m in g.metrics if m.metric == metric]
    return m


def test_shipped_data_has_licence_and_source():
    assert "Apache License" in (DATA / "LICENSE").read_text("utf-8")
    readme = (DATA / "README.md").read_text("utf-8")
    assert "dora-team/dora.dev" in readme


def test_technology_2025_means_with_inversions():
    industry = _file("2025", "industry_metrics")["technology"]
    size = _file("2025", "organization_size_metrics")["fewer_than_100"]
    result = compare(industry="technology", organisation_size="fewer_than_100")
    assert result.problems == []
    assert [g.name for g in result.groups] == ["Technology", "20 to 99 employees"]
    # stored as is (high is good)
    assert _metric(result, "industry", "lead_time").mean == industry["leadtime"]["mean"]
    assert _metric(result, "industry", "recovery").mean == industry["failurerecovery"]["mean"]
    # stored raw, low is good: shown 10 - mean
    cfr = _metric(result, "industry", "change_fail_rate")
    assert cfr.mean == pytest.approx(10 - industry["changefailure"]["mean"])
    assert cfr.std == industry["changefailure"]["std"]
    rework = _metric(result, "industry", "rework_rate")
    assert rework.mean == pytest.approx(10 - industry["rework"]["mean"])
    stability = _metric(result, "industry", "stability")
    assert stability.mean == pytest.approx(10 - industry["software_delivery_instability"]["mean"])
    # the 2025 size file stores recovery already inverted: shown 10 - mean
    recovery = _metric(result, "organisation_size", "recovery")
    assert recovery.mean == pytest.approx(10 - size["failurerecovery"]["mean"])


def test_all_organisations_recovery_matches_all_industries_after_inversion():
    """DORA's "all" rows are the same respondents: 7.4 (industry) and 10 - 2.6 (size)."""
    result = compare()
    industry = _metric(result, "industry", "recovery").mean
    size = _metric(result, "organisation_size", "recovery").mean
    assert industry == pytest.approx(7.4)
    assert size == pytest.approx(7.4)


def test_2024_is_not_inverted_for_recovery_and_has_no_rework():
    size = _file("2024", "organization_size_metrics")["all"]
    result = compare(edition="2024")
    assert _metric(result, "organisation_size", "recovery").mean == size["failurerecovery"]["mean"]
    metrics = {m.metric for m in result.groups[0].metrics}
    assert "rework_rate" not in metrics and "stability" not in metrics
    assert "lead_time" in metrics


def test_team_answers_scored_and_positioned():
    industry = _file("2025", "industry_metrics")["financial_services"]
    answers = QuickCheckAnswers(
        lead_time=6, deployment_frequency=1, recovery=4, change_fail_rate=15, rework_rate=40
    )
    result = compare(answers, industry="financial_services")
    lead = _metric(result, "industry", "lead_time")
    assert lead.answered == 10.0  # (6 - 1) / 5 x 10
    mean, std = industry["leadtime"]["mean"], industry["leadtime"]["std"]
    assert lead.answered_position == ("above" if mean + std < 10.0 else "within")
    deploy = _metric(result, "industry", "deployment_frequency")
    assert deploy.answered == 0.0
    mean, std = industry["deployfreq"]["mean"], industry["deployfreq"]["std"]
    assert deploy.answered_position == ("below" if mean - std > 0.0 else "within")
    cfr = _metric(result, "industry", "change_fail_rate")
    assert cfr.answered == pytest.approx(8.5)  # 10 - 15 / 10
    stability = _metric(result, "industry", "stability")
    assert stability.answered == pytest.approx((8.5 + 6.0) / 2)
    throughput = _metric(result, "industry", "throughput")
    assert throughput.answered == pytest.approx(round((10 + 0 + 6) / 3, 2))
    assert lead.measured is None and lead.measured_position is None


def test_measured_figures_bucketed_and_only_when_reliable():
    measured = Measured(
        lead_time_hours=30.0,  # one day to one week: bucket 4 -> 6.0
        deployments_per_day=2.0,  # between once per hour and once per day: 5 -> 8.0
        recovery_hours=None,
        change_fail_rate=0.25,  # 25% -> 7.5
        rework_rate=0.1,
        reliable={"lead_time": True, "deployment_frequency": True, "change_fail_rate": True},
    )
    result = compare(measured=measured)
    assert _metric(result, "industry", "lead_time").measured == 6.0
    assert _metric(result, "industry", "deployment_frequency").measured == 8.0
    assert _metric(result, "industry", "change_fail_rate").measured == pytest.approx(7.5)
    assert _metric(result, "industry", "rework_rate").measured is None  # not reliable
    assert _metric(result, "industry", "recovery").measured is None


def test_unknown_industry_is_named_and_has_no_benchmark():
    result = compare(industry="shipbuilding", organisation_size="fewer_than_10")
    assert len(result.problems) == 1
    assert "unknown industry 'shipbuilding'" in result.problems[0]
    assert "technology" in result.problems[0]
    assert [g.group for g in result.groups] == ["organisation_size"]


def test_unknown_edition():
    result = compare(edition="2019")
    assert result.groups == [] and "unknown benchmark edition" in result.problems[0]


def test_choices_come_from_the_data_and_round_trip():
    keys = [k for k, _ in choices("industry")]
    assert keys == list(_file("2025", "industry_metrics"))
    result = compare(QuickCheckAnswers(lead_time=3), industry="government")
    assert Benchmark.from_dict(json.loads(json.dumps(result.to_dict()))) == result


def test_report_carries_the_benchmark_of_its_measured_figures():
    """tests/dora_reports.py: lead time median 50 h (one day to one week: bucket 4 -> 6.0),
    0.03 deployments a day (every 33 days: bucket 2 -> 2.0), recovery from 2 failures (fewer
    than 5: not scored), change fail and rework rate 2/6 (33.33% -> 10 - 3.333)."""
    from analysis.dora.benchmarked import attach_benchmark
    from analysis.dora.results import DoraReport
    from tests.dora_reports import library_report

    report = library_report()
    assert attach_benchmark(report, "technology", "fewer_than_10") == []
    assert report.benchmark is not None
    lead = _metric(report.benchmark, "industry", "lead_time")
    assert lead.measured == 6.0 and lead.answered is None
    assert _metric(report.benchmark, "industry", "deployment_frequency").measured == 2.0
    assert _metric(report.benchmark, "industry", "recovery").measured is None
    cfr = _metric(report.benchmark, "industry", "change_fail_rate")
    assert cfr.measured == pytest.approx(10 - 33.33 / 10)
    assert _metric(report.benchmark, "industry", "throughput").measured == 4.0
    tech = _file("2025", "industry_metrics")["technology"]["changefailure"]
    assert cfr.mean == pytest.approx(10 - tech["mean"])
    expected = "below" if cfr.measured < cfr.mean - cfr.std else "within"
    assert cfr.measured_position == expected
    data = json.loads(json.dumps(report.to_dict()))
    assert data["benchmark"]["groups"][0]["name"] == "Technology"
    assert DoraReport.from_dict(data).benchmark == report.benchmark


def test_unknown_industry_on_the_report_is_a_problem_not_a_guess():
    from analysis.dora.benchmarked import attach_benchmark
    from tests.dora_reports import library_report

    report = library_report()
    problems = attach_benchmark(report, "shipbuilding")
    assert problems and "shipbuilding" in problems[0]
    assert report.benchmark is not None
    assert [g.group for g in report.benchmark.groups] == ["organisation_size"]


def test_team_profile_keys_checked_against_the_data(tmp_path):
    from analysis.decisions.team import TeamProfile, TeamProfileError, load_team_profile

    team = tmp_path / "team.toml"
    team.write_text(
        'industry = "insurance"\norganisation_size = "more_than_9999"\n'
        'benchmark_edition = "2024"\n',
        "utf-8",
    )
    profile = load_team_profile(team)
    assert (profile.industry, profile.organisation_size, profile.benchmark_edition) == (
        "insurance",
        "more_than_9999",
        "2024",
    )
    assert TeamProfile.from_dict(profile.to_dict()) == profile
    # 2024 has a "10 to 19 employees" group that 2025 does not
    assert (
        TeamProfile(organisation_size="fewer_than_020", benchmark_edition="2024").problems() == []
    )
    (problem,) = TeamProfile(organisation_size="fewer_than_020").problems()
    assert "organisation_size must be one of" in problem and "2025" in problem
    with pytest.raises(TeamProfileError, match="industry must be one of"):
        TeamProfile.from_dict({"industry": "shipbuilding"})
    with pytest.raises(TeamProfileError, match="benchmark_edition"):
        TeamProfile.from_dict({"benchmark_edition": "2019"})


@pytest.fixture(scope="module")
def assessed(tmp_path_factory):
    """Seven releases, one every 5 days up to yesterday, each tag on the commit it ships."""
    from gitrepo import GitRepo
    from test_wizard import released_repo

    from analysis import assessment as engine
    from analysis.assessment import Options
    from analysis.decisions.team import TeamProfile

    repo = released_repo(GitRepo.init(tmp_path_factory.mktemp("bench") / "repo"), releases=7)
    options = Options(workers=1)
    options.team = TeamProfile(industry="technology", organisation_size="fewer_than_10")
    options.dora.quick_check = QuickCheckAnswers(lead_time=4, change_fail_rate=30)
    return engine.run(repo.root, options)


def test_assessment_carries_the_benchmark_in_its_json(assessed):
    import jsonschema

    from analysis.report import to_report
    from resources import resource_path

    dora = assessed.dora
    report = to_report(assessed)
    schema = json.loads(resource_path("report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    bench = report["dora"]["benchmark"]
    assert [g["name"] for g in bench["groups"]] == ["Technology", "2 to 9 employees"]
    lead = bench["groups"][0]["metrics"][0]
    assert lead["metric"] == "lead_time"
    assert lead["answered"] == 6.0  # answer 4: (4 - 1) / 5 x 10
    assert dora.lead_time_hours.n == 0 and lead["measured"] is None  # not measured: not placed
    # 7 releases over the window (from the first commit's day to now): one every ~5 days,
    # "between once per day and once per week" -> bucket 4 -> (4 - 1) / 5 x 10 = 6
    start = datetime.fromisoformat(dora.window["start"])
    end = datetime.fromisoformat(dora.window["end"])
    interval_days = (end - start).total_seconds() / 86400 / 7
    assert 1 < interval_days <= 7
    deploy = bench["groups"][0]["metrics"][1]
    assert deploy["metric"] == "deployment_frequency" and deploy["measured"] == 6.0
    size = _file("2025", "organization_size_metrics")["fewer_than_10"]
    recovery = bench["groups"][1]["metrics"][2]
    assert recovery["metric"] == "recovery"
    assert recovery["mean"] == pytest.approx(10 - size["failurerecovery"]["mean"])
    answered_cfr = bench["groups"][0]["metrics"][3]
    assert answered_cfr["answered"] == pytest.approx(7.0)  # 10 - 30 / 10


def test_delivery_tab_shows_and_repicks_the_benchmark(qtbot, assessed):
    from widgets.dora_panel import DoraPanel

    panel = DoraPanel()
    qtbot.addWidget(panel)
    panel.show_assessment(assessed)
    view = panel.industry_benchmark
    assert panel.tabs.tabText(panel.tabs.indexOf(view)) == "Against the &industry"
    assert view.selection() == ("technology", "fewer_than_10", "2025")
    assert view.industry_chart.group is not None
    assert view.industry_chart.group.name == "Technology"
    # the tooltip of a row gives the figures and cites the source and licence
    row = view.industry_chart.group.metrics[1]
    from widgets.industry_benchmark import row_tooltip

    tip = row_tooltip(row, view.industry_chart.group, "2025")
    assert "DORA Quick Check 2025" in tip and "Apache License 2.0" in tip
    assert f"mean {row.mean:.1f}" in tip
    picked = []
    panel.benchmark_choice_changed.connect(lambda *args: picked.append(args))
    view.industry.setCurrentIndex(view.industry.findData("insurance"))
    assert picked[-1] == ("insurance", "fewer_than_10", "2025")
    insurance = _file("2025", "industry_metrics")["insurance"]
    cfr = next(m for m in view.industry_chart.group.metrics if m.metric == "change_fail_rate")
    assert cfr.mean == pytest.approx(10 - insurance["changefailure"]["mean"])
    # 2024 has no "2 to 9 employees" key spelled the same: the picker falls back to "all"
    view.edition.setCurrentIndex(view.edition.findData("2024"))
    assert view.selection() == ("insurance", "all", "2024")
    assert view.benchmark is not None and view.benchmark.problems == []


def test_dashboard_block_and_pdf_section(qtbot, assessed, tmp_path):
    from pypdf import PdfReader

    from app.pdf import export_pdf
    from widgets.dashboard import Dashboard

    board = Dashboard()
    qtbot.addWidget(board)
    board.show_assessment(assessed)
    block = board.benchmark
    assert not block.missing.isVisibleTo(board)
    assert "Technology" in block.summary.text() and "2 to 9 employees" in block.summary.text()
    assert "Apache License 2.0" in block.source.text()
    pdf = export_pdf(assessed, tmp_path / "summary.pdf", "a4")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "Against the industry" in text
    assert "Industry: Technology" in text and "Organisation size: 2 to 9 employees" in text
    assert "DORA Quick Check 2025 benchmarks (dora.dev), Apache License 2.0" in text


def test_the_pick_is_kept_in_the_team_profile(make_window, assessed):
    window = make_window()
    window.open_repository(assessed.repository.folder, show_latest=False)
    window.show_assessment(assessed)
    view = window.view.dora_panel.industry_benchmark
    view.set_report(window.session.assessment.dora)  # the tab may be fed lazily
    view.industry.setCurrentIndex(view.industry.findData("government"))
    stored = window.context.store.team.load(assessed.repository.folder)
    assert (stored.industry, stored.organisation_size, stored.benchmark_edition) == (
        "government",
        "fewer_than_10",
        "2025",
    )
    assert window.session.team.industry == "government"
    # the re-advised assessment is shown again: the pick stays
    view.set_report(window.session.assessment.dora)
    assert view.selection()[0] == "government"
    assert view.industry_chart.group is not None and view.industry_chart.group.name == "Government"


def test_cli_summary_names_the_benchmark():
    from analysis.dora.benchmarked import attach_benchmark
    from app.dora_cli import summary_lines
    from tests.dora_reports import library_report

    report = library_report()
    attach_benchmark(report, "technology", "fewer_than_10")
    text = "\n".join(summary_lines(report))
    assert "Industry       DORA 2025, Technology:" in text
    assert "Org. size      DORA 2025, 2 to 9 employees:" in text
    report = library_report()
    attach_benchmark(report, "shipbuilding")
    assert "unknown industry 'shipbuilding'" in "\n".join(summary_lines(report))
