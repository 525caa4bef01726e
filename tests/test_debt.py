"""Debt: each rule's remediation by hand, overrides, removed modules, and a fixture repository's
ratio and rating computed by hand (SQALE as SonarQube applies it)."""

from __future__ import annotations

import json

import jsonschema
import pytest

from analysis.assessment import Options, run
from analysis.code.duplication import CloneFragment, CloneGroup, DuplicationReport
from analysis.code.results import FileMetrics, FunctionMetrics
from analysis.debt import DebtReport, DebtSettings, assess_debt, debt_ratio, rating
from analysis.debt.rules import load_rule_table
from analysis.decisions import TeamProfile, load_model, priced_debt, resolve_team
from analysis.report import from_report, to_report
from analysis.runtime.section import RemovedImport
from resources import resource_path


def function(
    name="f", lineno=1, endline=10, complexity=1, cognitive=None, params=None, kind="function"
):
    return FunctionMetrics(
        name=name, lineno=lineno, endline=endline, kind=kind, complexity=complexity,
        cognitive=cognitive, params=params,
    )  # fmt: skip


def module(path="m.py", sloc=100, loc=120, mi=50.0, functions=(), status="ok"):
    return FileMetrics(
        path=path, status=status, loc=loc, sloc=sloc, mi=mi, functions=list(functions),
    )  # fmt: skip


def removed(path, module, line, removed_in="3.12", replacement="", **flags):
    """An import of a removed module as the runtime phase reports it."""
    return RemovedImport(module, removed_in, path, line, f"import {module}", replacement, **flags)


def issues_of(files, duplication=None, removed_imports=(), declared=(), **settings):
    report, problems = assess_debt(
        files, duplication, DebtSettings(**settings), removed_imports=removed_imports,
        declared_versions=declared,
    )  # fmt: skip
    assert problems == []
    return [(i.rule, i.path, i.line, i.minutes) for i in report.issues]


def test_the_shipped_table_has_every_rule_with_a_source():
    table = load_rule_table()
    assert set(table.rules) == {
        "cognitive-complexity",
        "cyclomatic-complexity",
        "long-function",
        "too-many-parameters",
        "large-module",
        "low-maintainability-module",
        "duplicated-blocks",
        "removed-stdlib-module",
    }
    assert all(rule.source and rule.title for rule in table.rules.values())
    assert table.cost_per_line_minutes == 30
    assert table.rating_grid == (0.05, 0.10, 0.20, 0.50)


def test_cognitive_complexity_5_minutes_plus_1_per_point_over_15():
    # S3776: 20 is 5 points over 15 -> 5 + 5 x 1 = 10 min; 15 is not over; None is not measured
    files = [
        module(functions=[function("hard", 3, cognitive=20), function("ok", 20, cognitive=15)]),
        module("n.py", functions=[function("unknown", 1, cognitive=None)]),
    ]
    assert issues_of(files) == [("cognitive-complexity", "m.py", 3, 10)]


def test_cyclomatic_complexity_10_minutes_plus_1_per_point_over_15():
    # 17 -> 10 + 2 = 12 min; 15 -> none; a class's complexity is not a function's
    files = [
        module(
            functions=[
                function("a", 1, complexity=17),
                function("b", 30, complexity=15),
                function("K", 50, complexity=40, kind="class"),
                function("K.m", 51, complexity=16, kind="method"),  # 10 + 1 = 11 min
            ]
        )
    ]
    assert issues_of(files) == [
        ("cyclomatic-complexity", "m.py", 1, 12),
        ("cyclomatic-complexity", "m.py", 51, 11),
    ]


def test_long_function_20_minutes_over_100_lines():
    # lines 10..110 are 101 lines -> 20 min; 10..109 are exactly 100 -> none
    files = [module(functions=[function("long", 10, 110), function("fits", 200, 299)])]
    assert issues_of(files) == [("long-function", "m.py", 10, 20)]


def test_too_many_parameters_20_minutes_over_13():
    files = [
        module(functions=[function("p14", 1, params=14), function("p13", 20, params=13)]),
        module("n.py", functions=[function("unknown", 1, params=None)]),
    ]
    assert issues_of(files) == [("too-many-parameters", "m.py", 1, 20)]


def test_large_module_and_low_maintainability_1_hour_each():
    files = [
        module("big.py", loc=1001),  # over 1000 lines -> 60 min
        module("edge.py", loc=1000),  # not over
        module("rank_c.py", mi=9.0),  # MI rank C (<= 9) -> 60 min
        module("rank_b.py", mi=9.01),
    ]
    assert issues_of(files) == [
        ("large-module", "big.py", 1, 60),
        ("low-maintainability-module", "rank_c.py", 1, 60),
    ]


def test_duplicated_blocks_10_minutes_plus_10_per_block():
    # m.py holds 3 fragments (two groups, one with two copies in it) -> 10 + 3 x 10 = 40 min;
    # n.py holds 1 -> 10 + 10 = 20 min
    duplication = DuplicationReport(
        groups=[
            CloneGroup(120, 3, [CloneFragment("m.py", 5, 20), CloneFragment("m.py", 40, 55),
                                CloneFragment("n.py", 1, 16)]),
            CloneGroup(100, 2, [CloneFragment("m.py", 70, 80), CloneFragment("o.py", 3, 13)]),
        ]
    )  # fmt: skip
    files = [module("m.py"), module("n.py"), module("o.py", status="syntax_error")]
    assert issues_of(files, duplication) == [
        ("duplicated-blocks", "m.py", 5, 40),
        ("duplicated-blocks", "n.py", 1, 20),
    ]


def test_removed_modules_imp_and_asyncore():
    legacy = module("legacy.py")
    found = [
        removed("legacy.py", "imp", 1, replacement="importlib"),
        removed("legacy.py", "asyncore", 2, replacement="asyncio"),
        removed("other.py", "imp", 7),  # another file's import is not this file's debt
    ]
    # default targets 3.12 and 3.13: both modules were removed in 3.12 -> 2 x 30 min
    report, _ = assess_debt([legacy], None, removed_imports=found)
    assert [(i.rule, i.line, i.minutes) for i in report.issues] == [
        ("removed-stdlib-module", 1, 30),
        ("removed-stdlib-module", 2, 30),
    ]
    assert "imp, removed in Python 3.12" in report.issues[0].message
    assert "importlib" in report.issues[0].message
    assert report.target_versions == ("3.12", "3.13")
    assert report.target_versions_source == "default"
    # a project that targets 3.11 only: not (yet) debt
    assert issues_of([legacy], removed_imports=found, target_versions=("3.11",)) == []
    report, _ = assess_debt(
        [legacy], None, DebtSettings(target_versions=("3.10", "3.12")), removed_imports=found
    )
    assert len(report.issues) == 2 and report.target_versions_source == "settings"


def test_declared_versions_decide_unless_the_settings_say_otherwise():
    found = [removed("ui.py", "tkinter.tix", 1, removed_in="3.13")]
    files = [module("ui.py")]
    # the project declares 3.11 and 3.12 only: tkinter.tix (gone in 3.13) is not debt yet
    report, _ = assess_debt(files, None, removed_imports=found, declared_versions=("3.11", "3.12"))
    assert report.issues == [] and report.target_versions_source == "declared"
    assert issues_of(files, removed_imports=found, declared=("3.12", "3.13")) == [
        ("removed-stdlib-module", "ui.py", 1, 30)
    ]
    # settings win over what the project declares
    assert (
        issues_of(files, removed_imports=found, declared=("3.13",), target_versions=("3.12",)) == []
    )


def test_guarded_or_backported_imports_cost_nothing():
    files = [module("setup.py")]
    found = [
        removed("setup.py", "distutils", 2),
        removed("setup.py", "distutils", 5),  # one issue per module per file
        removed("setup.py", "imp", 8, guarded=True),  # except ImportError: a fallback exists
        removed("setup.py", "asyncore", 9, provided_by="pyasyncore"),  # declared backport
    ]
    assert issues_of(files, removed_imports=found) == [("removed-stdlib-module", "setup.py", 2, 30)]


def test_settings_override_thresholds_and_minutes():
    files = [module(functions=[function("a", 1, complexity=17)])]
    imp = [removed("m.py", "imp", 4)]
    overrides = {"cyclomatic-complexity": {"threshold": 20}}
    assert issues_of(files, removed_imports=imp, rule_overrides=overrides) == [
        ("removed-stdlib-module", "m.py", 4, 30)
    ]
    overrides = {
        "cyclomatic-complexity": {"offset_minutes": 30, "minutes_per_unit": 2},  # 30 + 2 x 2
        "removed-stdlib-module": {"enabled": False},
    }
    assert issues_of(files, removed_imports=imp, rule_overrides=overrides) == [
        ("cyclomatic-complexity", "m.py", 1, 34)
    ]
    report, problems = assess_debt(
        files,
        None,
        DebtSettings(
            rule_overrides={
                "no-such-rule": {"threshold": 1},
                "long-function": {"threshold": "long", "offset_minutes": -5, "colour": "red"},
            }
        ),
    )
    assert len(problems) == 4 and "no-such-rule" in problems[0]
    long_rule = next(r for r in report.rules if r.id == "long-function")
    assert (long_rule.threshold, long_rule.offset_minutes) == (100, 20)  # bad values ignored


def test_ratio_rating_grid_and_money():
    # SonarQube's grid: A <= 5%, B <= 10%, C <= 20%, D <= 50%, E above
    assert [rating(r) for r in (0, 0.05, 0.0501, 0.10, 0.2, 0.21, 0.5, 0.51)] == list("AABBCDDE")
    assert debt_ratio(90, 100, 30) == 0.03  # 90 / (30 x 100)
    assert debt_ratio(5, 0, 30) == 0.0
    files = [module(sloc=100, functions=[function("a", 1, complexity=17)])]  # 12 min
    report, _ = assess_debt(files, None, DebtSettings(cost_per_line_minutes=60))
    assert report.ratio == 12 / (60 * 100)
    assert report.money is None  # measured unpriced: the team's resolved cost prices it
    model, _ = load_model(hourly_cost=90)  # the settings' 90 an hour, no team cost given
    priced = priced_debt(report, resolve_team(TeamProfile(), None, model))
    assert priced.money == pytest.approx(12 / 60 * 90)  # 0.2 h x 90 = 18.0
    assert report.money is None  # a new report: the measured one is not changed
    report, problems = assess_debt(files, None, DebtSettings(cost_per_line_minutes=0))
    assert report.cost_per_line_minutes == 30 and report.money is None and len(problems) == 1


BLOCK = "".join(
    f"v{i} = b{i} {op} c{i} + d{i} * -{i}\n"  # 10 tokens: ID = ID op ID + ID * - LIT
    for i, op in enumerate(("+", "-", "*", "/", "//", "%", "|", "&", "^", "<<", ">>", "@"))
)


@pytest.fixture
def debt_repo(git_repo):
    """The fixture repository; its figures are derived in test_fixture_repository_debt."""
    git_repo.write("app/__init__.py", "")
    git_repo.write(
        "app/logic.py",
        "def check(a, b, c, d, e, f, g, h, i, j, k, l, m):\n"
        "    if a and b and c and d and e and f and g and h and i and j and k and l and m"
        " and a and b and c:\n"
        "        return 1\n"
        "    return 0\n",
    )
    git_repo.write(
        "app/legacy.py",
        "import imp\nimport asyncore\n\n\n"
        "def load(name):\n    return imp.load_source(name, name)\n",
    )
    git_repo.write("app/a.py", "import os\n" + BLOCK + "def tail():\n    return os.sep\n")
    # an exact copy: at module level (outside functions) only exact copies are clones
    git_repo.write("app/b.py", "x: int = 0\n" + BLOCK + "class K:\n    pass\n")
    git_repo.write(
        "jobs/long.py",
        "def long_function():\n"
        + "".join(f"    # step {i}\n" for i in range(100))
        + "    return 1\n",
    )
    git_repo.write("main.py", "import sys\n\nprint(sys.argv)\n")
    # a test and a CI script with the same long function: not production code (file roles)
    long_function = (
        "def long_function():\n"
        + "".join(f"    # step {i}\n" for i in range(100))
        + "    return 1\n"
    )
    git_repo.write("tests/test_long.py", long_function)
    git_repo.write("scripts/long.py", long_function)
    git_repo.write("broken.py", "def broken(:\n    pass\n")
    git_repo.commit()
    return git_repo


def test_fixture_repository_debt(debt_repo):
    """Hand derivation.

    Issues (SonarQube remediation functions, resources/debt_rules.toml):
      app/logic.py  check: cyclomatic 1 + 1 (if) + 15 (16 operands of `and`) = 17 > 15
                    -> 10 + (17 - 15) x 1 = 12 min. (Its cognitive complexity is 2: +1 if, +1
                    one sequence of `and`; 13 parameters are not over 13: no issue either way.)
      app/legacy.py imports imp and asyncore, removed in 3.12; default targets 3.12, 3.13
                    -> 2 x 30 = 60 min
      app/a.py, app/b.py share a 12-line block of 120 tokens (12 x 10), one duplicated block
                    each -> (10 + 10 x 1) x 2 = 40 min
      jobs/long.py long_function spans lines 1-102: 102 > 100 lines -> 20 min
      total 12 + 60 + 40 + 20 = 132 min (2.2 h)
    ncloc (radon SLOC, lines with code) of the fully measured files:
      logic 4, legacy 4 (2 imports, def, return), a 15, b 15 (all lines code), __init__ 0,
      long 2 (def, return; the 100 comment lines are not code), main 2 -> 42.
      broken.py has a syntax error: not rated, not in ncloc.
      tests/test_long.py (a test) and scripts/long.py (tooling) are not production: the
      headline leaves both out; the tests' own debt is 20 min over 2 ncloc -> 0.333 -> D.
    ratio = 132 / (30 x 42) = 132 / 1260 = 0.10476... > 10% -> C
    packages: app 4+4+15+15+0 = 38 ncloc, 12+60+40 = 112 min -> 112 / 1140 = 0.0982 -> B
              jobs 2 ncloc, 20 min -> 20 / 60 = 0.333 -> D; (top level) main.py 0 min -> A
    files: logic 12 / (30 x 4) = 0.10 exactly -> B (the grid's limits are inclusive)
           legacy 60 / 120 = 0.5 -> D; a, b 20 / 450 = 0.044 -> A; long 20 / 60 -> D
    money at 95 per hour: 2.2 h x 95 = 209.0
    duplication: 12 + 12 duplicated lines over 4 + 6 + 15 + 15 + 0 + 102 + 3 = 145 lines
    """
    result = run(debt_repo.root, Options(hourly_cost=95, currency="EUR"))
    debt = result.debt
    assert [(i.path, i.rule, i.minutes) for i in debt.issues] == [
        ("app/a.py", "duplicated-blocks", 20),
        ("app/b.py", "duplicated-blocks", 20),
        ("app/legacy.py", "removed-stdlib-module", 30),
        ("app/legacy.py", "removed-stdlib-module", 30),
        ("app/logic.py", "cyclomatic-complexity", 12),
        ("jobs/long.py", "long-function", 20),
    ]
    assert debt.remediation_minutes == 132 and debt.ncloc == 42
    assert debt.ratio == 132 / 1260 and debt.rating == "C"
    assert debt.files == 7 and debt.excluded_files == 1
    assert debt.money == 209.0 and debt.currency == "EUR"
    packages = {p.name: (p.ncloc, p.remediation_minutes, p.rating) for p in debt.by_package}
    assert packages == {"app": (38, 112, "B"), "jobs": (2, 20, "D"), "(top level)": (2, 0, "A")}
    files = {f.name: (f.ncloc, f.remediation_minutes, f.rating) for f in debt.by_file}
    assert files["app/logic.py"] == (4, 12, "B")
    assert files["app/legacy.py"] == (4, 60, "D")
    assert files["app/a.py"] == files["app/b.py"] == (15, 20, "A")
    assert files["jobs/long.py"] == (2, 20, "D")
    assert files["app/__init__.py"] == (0, 0, "A")
    assert [i.rule for i in next(p for p in debt.by_package if p.name == "jobs").issues] == [
        "long-function"
    ]
    assert debt.by_role["test"] == {
        "remediation_minutes": 20, "ratio": 20 / 60, "rating": "D", "ncloc": 2, "files": 1,
        "issues": 1,
    }  # fmt: skip
    assert debt.by_role["production"]["remediation_minutes"] == 132
    assert "tooling" not in debt.by_role
    duplication = result.duplication
    assert duplication.duplicated_lines == 24 and duplication.lines == 145
    assert duplication.density == pytest.approx(100 * 24 / 145)
    assert duplication.cpd_duplicated_lines == 24 and duplication.cpd_groups == 1
    assert {f.path: f.duplicated_lines for f in result.code.files} == {
        "app/__init__.py": 0,
        "app/a.py": 12,
        "app/b.py": 12,
        "app/legacy.py": 0,
        "app/logic.py": 0,
        "broken.py": None,
        "main.py": 0,
        "jobs/long.py": 0,
        "scripts/long.py": None,  # tooling: in no duplication figure
        "tests/test_long.py": 0,  # compared with the tests only
    }

    # the report carries both sections, validates, and round-trips
    schema = json.loads(resource_path("report.schema.json").read_text(encoding="utf-8"))
    report = json.loads(json.dumps(to_report(result)))
    jsonschema.validate(report, schema)
    assert report["debt"]["rating"] == "C" and report["debt"]["remediation_minutes"] == 132
    assert report["duplication"]["duplicated_lines"] == 24
    assert report["duplication"]["cpd_duplicated_lines"] == 24
    assert report["duplication"]["cpd_density"] == pytest.approx(100 * 24 / 145)
    assert all("clone_tokens" not in f and "imports" not in f for f in report["code"]["files"])
    again = from_report(report)
    assert to_report(again) == report
    assert isinstance(again.debt, DebtReport)
    assert [i.rule for i in again.debt.by_file[0].issues] == [
        i.rule for i in debt.by_file[0].issues
    ]


def test_bad_overrides_become_warnings_and_a_cached_rerun_gives_the_same_debt(debt_repo):
    from analysis.cache import MemoryCache

    cache = MemoryCache()
    options = Options(debt=DebtSettings(rule_overrides={"nonsense": {"threshold": 3}}))
    first = run(debt_repo.root, options, cache=cache)
    assert any(w.code == "debt_settings" and "nonsense" in w.message
               for w in first.repository.warnings)  # fmt: skip
    second = run(debt_repo.root, options, cache=cache)
    assert cache.reads > 0
    assert second.debt.remediation_minutes == first.debt.remediation_minutes == 132
    assert second.duplication.groups == first.duplication.groups


def test_cli_prints_the_debt_and_prices_it(debt_repo, capsys):
    from app.cli import main

    assert main(["assess", str(debt_repo.root), "--no-save", "-q", "--hourly-cost", "95"]) == 0
    out = capsys.readouterr().out
    # 132 min = 2.2 h; 2.2 x 95 = 209; ratio 132 / 1260 = 10.5%
    assert "Technical debt   rating C, ratio 10.5%, 2.2 h to fix 6 issues, 209 USD" in out
    assert "Duplication      16.6% of lines (24 lines in 1 clone groups)" in out  # 24 / 145
    assert "clone groups); raw CPD-style figure 16.6%" in out  # the copy is exact: the same


def test_settings_feed_the_debt_and_duplication_options():
    from app.settings import Settings

    settings = Settings(
        hourly_cost=120.0,
        currency="EUR",
        cost_per_line_minutes=45,
        debt_rules={"long-function": {"threshold": 50}},
        target_python_versions=["3.13"],
        duplication_min_tokens=150,
    )
    options = settings.analysis_options()
    assert options.duplication.min_tokens == 150 and options.duplication.min_lines == 10
    debt = options.debt
    assert (options.hourly_cost, options.currency, debt.cost_per_line_minutes) == (120.0, "EUR", 45)
    assert debt.rule_overrides == {"long-function": {"threshold": 50}}
    assert debt.target_versions == ("3.13",)
    broken = Settings(duplication_min_tokens=0)  # a file's are reported on load: test_settings
    assert broken.analysis_options().duplication.min_tokens == 100
    assert broken.problems == []  # reading options has no side effect


@pytest.mark.parametrize(
    "files",
    [
        {"broken.py": "def broken(:\n    pass\n", "py2.py": "print 'hello'\n"},  # none parses
        {"index.js": "export const a = 1;\n", "README.md": "# docs\n"},  # no Python at all
    ],
    ids=["only-syntax-errors", "no-python"],
)
def test_no_rated_file_means_no_debt_rating_not_an_a(git_repo, files):
    """A ratio over zero measured lines would be 0% and rate "A": nothing was measured, so the
    assessment has no debt figures and says why, and the report has no ``debt`` section."""
    for path, text in files.items():
        git_repo.write(path, text)
    git_repo.commit()
    result = run(git_repo.root, Options())
    assert result.debt is None
    assert [w.code for w in result.repository.warnings].count("debt") == 1
    report = to_report(result)
    assert "debt" not in report
    assert from_report(report).debt is None
    assert result.decisions.inputs["debt_ratio"].value is None
