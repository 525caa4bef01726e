"""The report's history section: schema, round trip, pseudonymized exports, settings, CLI."""

from __future__ import annotations

import json

import jsonschema
import pytest
from history_builder import ALICE, BOB, CAROL, HistoryBuilder, day, lines

from analysis.assessment import Options, run
from analysis.history.options import HistoryOptions, options_from_dict
from analysis.history.privacy import pseudonymize_report
from analysis.report import export_report, from_report, to_report
from app.cli import main as cli_main
from app.settings import Settings
from resources import resource_path

ISSUE_NAMES = {
    "window",
    "commits",
    "partial",
    "files",
    "hotspots",
    "coupling",
    "truck_factor",
    "knowledge_loss",
    "rework_share",
    "fix_share",
    "monthly",
}
FILE_NAMES = {
    "path",
    "revisions",
    "authors",
    "added",
    "deleted",
    "last_change",
    "main_developer",
    "ownership",
}


@pytest.fixture(scope="module")
def schema():
    return json.loads(resource_path("report.schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def team_repo(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    b.commit({"a.py": "def a():\n    return 1\n", "b.py": lines(5)}, author=ALICE, when=day(0))
    b.commit({"a.py": "def a():\n    return 2\n"}, author=BOB, when=day(3), message="fix a")
    b.commit({"c.py": lines(3)}, author=CAROL, when=day(5))
    b.commit({"c.py": lines(4)}, author=CAROL, when=day(6))
    return b.finish()


def test_report_has_the_issue_names_validates_and_round_trips(team_repo, schema):
    result = run(team_repo.root, Options(workers=1))
    report = to_report(result)
    jsonschema.validate(report, schema)
    history = report["history"]
    assert set(history) >= ISSUE_NAMES
    assert all(set(f) >= FILE_NAMES for f in history["files"])
    assert history["commits"] == 4 and history["fix_share"]["commits"] == 0.25
    again = from_report(json.loads(json.dumps(report)))
    assert again.history == result.history
    assert to_report(again) == report


def test_pseudonymized_export_names_no_person(team_repo, schema):
    result = run(team_repo.root, Options(workers=1))
    report = to_report(result)
    hidden = pseudonymize_report(report)
    jsonschema.validate(hidden, schema)
    text = json.dumps(hidden["history"])
    for name in ("Alice", "Bob", "Carol"):
        assert name not in text
    owners = {f["path"]: f["main_developer"] for f in hidden["history"]["files"]}
    # Alice owns a.py and b.py (2 files), Carol c.py (1): numbered by files owned
    assert owners == {"a.py": "Developer 1", "b.py": "Developer 1", "c.py": "Developer 2"}
    assert report["history"]["files"][0]["main_developer"] == "Alice Archer"  # not changed
    options = Options(history=HistoryOptions(pseudonymize_authors=True))
    assert export_report(result, options) == hidden
    assert export_report(result, Options()) == report


def test_cli_writes_pseudonymized_json_and_prints_history(team_repo, tmp_path, capsys):
    target = tmp_path / "out.json"
    code = cli_main(
        [
            "assess",
            str(team_repo.root),
            "--json",
            str(target),
            "--no-save",
            "--quiet",
            "--workers",
            "1",
            "--pseudonymize-authors",
            "--history-mode",
            "first-parent",
        ]
    )
    assert code == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["history"]["settings"]["mode"] == "first-parent"
    assert "Alice" not in json.dumps(data["history"])
    out = capsys.readouterr().out
    assert "History          4 commits on main" in out


def test_settings_carry_history_options_and_bad_ones_become_warnings(team_repo):
    settings = Settings(history={"rework_days": 14, "bot_patterns": ["carol"]})
    options = settings.analysis_options()
    assert options.history.rework_days == 14 and options.history.bot_patterns == ("carol",)
    result = run(team_repo.root, options)
    assert result.history.bot_commits == 2  # Carol's commits count as automation now
    bad = Options(workers=1, history=options_from_dict({"rework_days": 15, "mode": "sideways"}))
    result = run(team_repo.root, bad)
    assert result.history is None and result.repository.partial
    messages = [w.message for w in result.repository.warnings if w.code == "history_settings"]
    assert len(messages) == 2 and "14, 21 or 30" in messages[0] + messages[1]
    assert run(team_repo.root, Options(history=HistoryOptions(enabled=False))).history is None


def test_coupled_pairs_validate_with_their_names(tmp_path, schema):
    b = HistoryBuilder(tmp_path / "repo")
    for n in range(5):
        b.commit({"x.py": f"x = {n}\n", "y.py": f"y = {n}\n"}, when=day(n))
    report = to_report(run(b.finish().root, Options(workers=1)))
    jsonschema.validate(report, schema)
    assert report["history"]["coupling"] == [
        {
            "a": "x.py",
            "b": "y.py",
            "shared_revisions": 5,
            "degree": 100,
            "revisions_a": 5,
            "revisions_b": 5,
        }
    ]


def test_settings_of_the_wrong_type_are_reported_not_fatal(team_repo):
    options = options_from_dict({"window_months": "12", "bot_patterns": "dependabot"})
    result = run(team_repo.root, Options(workers=1, history=options))
    messages = [w.message for w in result.repository.warnings if w.code == "history_settings"]
    assert messages == [
        "history setting window_months must be a whole number",
        "history setting bot_patterns must be a list of texts",
    ]
    assert result.history is None
