"""The advice end to end: a real repository through analysis.assessment.run and the CLI.

The repository (built here, dates fixed): a Django project with apps payments, orders and
catalog; payments and orders import each other (a cycle) and orders imports payments.models
(a shared table); 21 commits one day apart, 15 of them to payments; release tags on every
third commit (7 deployments); one test file among 11 production and test files.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import jsonschema
import pytest
from dora_data import tag

from analysis.assessment import Options, run
from analysis.decisions import TeamProfile, decide, load_model
from analysis.dora.settings import DoraInputs, DoraSettings
from analysis.report import from_report, to_report
from app.cli import main as cli_main
from app.context import ApplicationContext
from resources import resource_path

FILES = {
    "manage.py": "import os\n",
    "shop/__init__.py": "",
    "shop/settings.py": "INSTALLED_APPS = ['payments', 'orders', 'catalog']\n",
    "payments/__init__.py": "",
    "payments/models.py": "class Payment:\n    pass\n",
    "payments/services.py": "from orders.models import Order\n\n\ndef pay(o):\n    return o\n",
    "orders/__init__.py": "",
    "orders/models.py": "from payments.models import Payment\n\n\nclass Order:\n    pass\n",
    "catalog/__init__.py": "",
    "catalog/models.py": "class Product:\n    pass\n",
    "catalog/views.py": "from catalog.models import Product\n\n\ndef show():\n    return Product\n",
    "tests/test_payments.py": "def test_pay():\n    assert True\n",
}
TEAM_TOML = """
team_size = 8
cost_per_engineer = 120
cost_period = "hour"
currency = "EUR"
rework_share = 40
ai_budget = 250000
ai_timeline_months = 9
teams_per_deployment = 2
senior_engineers = 1
"""


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    from gitrepo import GitRepo

    repo = GitRepo.init(tmp_path_factory.mktemp("shop") / "repo")
    for path, text in FILES.items():
        repo.write(path, text)
    repo.commit("initial")  # day 1
    for day in range(2, 22):
        if day % 4 == 0:
            repo.write("orders/models.py", FILES["orders/models.py"] + f"\nSTEP = {day}\n")
        else:
            repo.write("payments/services.py", FILES["payments/services.py"] + f"\nSTEP = {day}\n")
        sha = repo.commit(f"change {day}")
        if day % 3 == 0:
            tag(repo, f"v1.{day}.0", sha)  # minor releases: a patch release would be a hotfix
    return repo


@pytest.fixture(scope="module")
def assessment(shop):
    dora = DoraInputs(DoraSettings(window_end=datetime(2024, 3, 1, tzinfo=UTC)))
    return run(shop.root, Options(workers=1, dora=dora, team=TeamProfile(team_size=6)))


def test_the_advice_reads_the_measured_sections(assessment):
    d = assessment.decisions
    inputs = d.inputs
    # 21 commits; 1 test file of 11 production and test files (manage.py is tooling)
    assert inputs["commits"].value == 21
    assert inputs["test_share"].value == round(1 / 11, 4)
    # payments <-> orders: 2 components in the cycle; orders imports payments.models
    assert inputs["components_in_cycles"].value == 2
    assert inputs["shared_model_imports"].value >= 1
    shared = {s.module: s for s in assessment.architecture.shared_models}
    assert shared["payments.models"].importers == ["orders"]
    # 7 release tags in the window: DORA figures are used as the DORA phase computed them
    assert assessment.dora.deployments == 7
    assert inputs["lead_time_days"].value == round(assessment.dora.lead_time_hours.median / 24, 2)
    assert inputs["change_fail_rate"].value == 0
    assert inputs["team_size"].provenance == "given"
    # 15 of the 20 later commits change payments/services.py: payments is carved out first
    first = d.strangler_plan[0]
    assert first.component == "payments"
    assert any(cut.why == "cycle breaker" for cut in first.imports_to_cut)
    assert "catalog" not in {c.component for c in d.strangler_plan}


def test_report_validates_round_trips_and_recomputes_the_same(assessment):
    report = to_report(assessment)
    schema = json.loads(resource_path("report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    loaded = from_report(json.loads(json.dumps(report)))
    assert loaded.decisions == assessment.decisions
    assert to_report(loaded) == report
    # a pure function of the stored assessment: the same advice again, from the stored report
    loaded.decisions = None
    model, _ = load_model()  # as run() loads it with the default options
    again = decide(loaded, TeamProfile(team_size=6), model)
    assert again == assessment.decisions


def test_cli_reads_a_team_file_and_keeps_it(shop, tmp_path, database_url, capsys):
    team = tmp_path / "team.toml"
    team.write_text(TEAM_TOML, encoding="utf-8")
    out = tmp_path / "report.json"
    args = ["assess", str(shop.root), "--db", database_url, "-q", "--workers", "1"]
    assert cli_main([*args, "--team", str(team), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "AI readiness" in printed and "Carve out first  payments" in printed
    report = json.loads(out.read_text(encoding="utf-8"))
    team_values = report["decisions"]["team"]
    assert team_values["team_size"] == {"value": 8, "provenance": "given", "source": "team profile"}
    assert team_values["hourly_cost"]["value"] == 120
    assert report["debt"]["hourly_cost"] == 120 and report["debt"]["currency"] == "EUR"
    rework = next(
        f for f in report["decisions"]["money"]["figures"] if f["id"] == "rework_reported"
    )
    # 8 engineers x (120 EUR/h x 1,720 h) x 40%
    assert rework["value"] == round(8 * 120 * 1720 * 0.40)
    assert rework["formula"].endswith("= 660,480 EUR")
    # kept with the repository: the next run without --team uses it
    context = ApplicationContext(database_url=database_url)
    stored = context.store.team.load(str(shop.root))
    context.close()
    assert stored.team_size == 8 and stored.rework_share == pytest.approx(0.40)
    assert cli_main([*args, "--json", str(out)]) == 0
    again = json.loads(out.read_text(encoding="utf-8"))["decisions"]["team"]
    assert again["team_size"]["provenance"] == "given"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("team_size = [\n", "not valid TOML"),
        ("team_size = 0\n", "team_size must be a whole number"),
        ("rework_share = 140\n", "rework_share must be a percentage from 0 to 100"),
        ("currency = 'euro'\n", "currency must be a three-letter code"),
        ("cost_period = 'month'\n", "cost_period must be 'year' or 'hour'"),
        ("headcount = 5\n", "unknown team field(s): headcount"),
    ],
)
def test_a_bad_team_file_exits_2_with_one_line(shop, tmp_path, capsys, text, message):
    team = tmp_path / "team.toml"
    team.write_text(text, encoding="utf-8")
    code = cli_main(["assess", str(shop.root), "--no-save", "-q", "--team", str(team)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and message in err[0] and "team.toml" in err[0]


def test_hourly_cost_given_twice_is_refused(shop, tmp_path, capsys):
    team = tmp_path / "team.toml"
    team.write_text("cost_per_engineer = 100000\n", encoding="utf-8")
    code = cli_main(
        ["assess", str(shop.root), "--no-save", "-q", "--team", str(team), "--hourly-cost", "90"]
    )
    assert code == 2
    assert "give it once" in capsys.readouterr().err


def test_history_figures_need_ten_commits(git_repo):
    """One imported codebase in a few commits has 0% rework and 0% fixes: that says nothing
    about the team, so with fewer than 10 commits in the window neither is measured (and no
    yearly cost of rework is computed from it); from 10 on, both are."""

    def inputs():
        return run(git_repo.root, Options(workers=1)).decisions.inputs

    for day in range(1, 10):
        git_repo.write("app.py", "".join(f"x{i} = {i}\n" for i in range(day * 3)))
        git_repo.commit(
            "fix: grow" if day % 3 == 0 else "grow", date=f"2026-10-{day:02d}T12:00:00+00:00"
        )
    few = inputs()
    for key in ("rework_share_measured", "fix_share"):
        assert few[key].value is None
        assert few[key].note == "9 commits in the window (needs 10)"
    for key in ("truck_factor", "knowledge_loss_share"):
        assert few[key].value is None
        assert few[key].note == "9 commits in the history (needs 10)"
    git_repo.write("app.py", "x = 1\n")
    git_repo.commit("fix: shrink", date="2026-10-10T12:00:00+00:00")
    enough = inputs()
    assert enough["fix_share"].value == 0.4  # 4 of 10 commits say "fix"
    assert enough["rework_share_measured"].value is not None
    assert enough["truck_factor"].value == 1  # one author
