"""``readiness whatif ID --set KEY=VALUE``: score, grade and both verdicts before and after,
exit 2 with one line for every bad input, ``--save`` that never overwrites by surprise, and the
saved scenarios in ``readiness report ID`` (text and JSON) with plan vs actual.

The stored pair is tests/history_pair.py (before: 54, grade D, by hand there; after: 86, A).
"""

from __future__ import annotations

import json

import jsonschema
import pytest
from history_pair import assess_pair

from analysis.decisions import TeamProfile, decide
from app.cli import main
from app.settings import load_settings
from app.store import open_store
from app.whatif_cli import model_of
from resources import resource_path


@pytest.fixture(scope="module")
def stored_pair(tmp_path_factory):
    """(database URL, id of 'before', id of 'after', the stored 'before' assessment)."""
    folder = tmp_path_factory.mktemp("whatif")
    _repo, before, after = assess_pair(folder / "repo")
    url = f"sqlite:///{folder / 'store.db'}"
    store = open_store(url)
    first, second = store.save(before), store.save(after)
    loaded = store.load(first)
    store.close()
    return url, first, second, loaded


@pytest.fixture
def db(stored_pair):
    """The stored pair with no scenario saved (each test starts clean)."""
    url, first, second, loaded = stored_pair
    yield url, first, second, loaded
    store = open_store(url)
    for assessment_id in (first, second):
        for saved in store.scenarios.list(assessment_id):
            store.scenarios.delete(assessment_id, saved.name)
    store.close()


def _direct(assessment, what_if=None):
    model, problems = model_of(load_settings())
    return decide(assessment, TeamProfile(), model, what_if=what_if, model_problems=problems)


def _bad(capsys, argv, *words):
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("readiness: "), err
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def test_whatif_prints_score_grade_and_both_verdicts_before_and_after(db, capsys):
    url, first, _second, loaded = db
    settings = {"change_fail_rate": 0.08, "lead_time_days": 3.0}
    argv = ["whatif", str(first), "--set", "change_fail_rate=0.08", "--set", "lead_time_days=3"]
    assert main([*argv, "--db", url]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    before, after = _direct(loaded), _direct(loaded, settings)
    assert (before.readiness.score, before.readiness.grade) == (54, "D")  # by hand
    lines = out.splitlines()
    assert lines[0].startswith(f"What-if on assessment #{first}: ")
    row = {line.split("  ")[0]: line.split() for line in lines if "  " in line}
    assert row["AI-readiness score"][-2:] == ["54/100", f"{after.readiness.score}/100"]
    assert row["Grade"][-2:] == ["D", after.readiness.grade]
    assert row["Change lead time (median)"][-4:] == ["12.0", "days", "3.0", "days"]
    verdicts = next(line for line in lines if line.startswith("Refactor or rewrite"))
    assert before.refactor_vs_rewrite.headline in verdicts
    assert verdicts.rstrip().endswith(after.refactor_vs_rewrite.headline)
    change = next(line for line in lines if line.startswith("Change: "))
    delta = after.readiness.score - 54
    assert f"score 54 -> {after.readiness.score} ({delta:+d})" in change
    assert f"grade D -> {after.readiness.grade}" in change


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("lead_time=3", ["lead_time"]),  # unknown input
        ("change_fail_rate=often", ["change_fail_rate", "often"]),  # not a number
        ("change_fail_rate=1.5", ["change_fail_rate", "1.5"]),  # out of range
        ("change_fail_rate", ["change_fail_rate"]),  # no value
        ("releases_per_week=1", ["releases_per_week", "does not apply to a service"]),
        ("components_in_cycles=3", ["at most 0"]),  # more than the components it has
    ],
)
def test_bad_settings_exit_2_with_one_line(db, capsys, setting, words):
    url, first, _second, _loaded = db
    _bad(capsys, ["whatif", str(first), "--set", setting, "--db", url], *words)


def test_unknown_id_nothing_to_play_and_a_missing_database(db, capsys, tmp_path):
    url, first, _second, _loaded = db
    _bad(capsys, ["whatif", "999", "--set", "lead_time_days=3", "--db", url], "999")
    _bad(capsys, ["whatif", str(first), "--db", url], "--set")
    missing = f"sqlite:///{tmp_path / 'none.db'}"
    _bad(capsys, ["whatif", str(first), "--set", "lead_time_days=3", "--db", missing], "none.db")
    assert not (tmp_path / "none.db").exists()  # reading never creates a database


def test_save_refuses_a_taken_name_and_replace_overwrites(db, capsys):
    url, first, _second, _loaded = db
    base = ["whatif", str(first), "--db", url, "--save", "Q3 plan"]
    assert main([*base, "--set", "change_fail_rate=0.08"]) == 0
    assert f"Saved as scenario 'Q3 plan' of assessment #{first}" in capsys.readouterr().out
    _bad(capsys, [*base, "--set", "lead_time_days=3"], "Q3 plan", "--replace")
    store = open_store(url)
    (kept,) = store.scenarios.list(first)
    assert kept.settings == {"change_fail_rate": 0.08}  # the refused save changed nothing
    store.close()
    assert main([*base, "--set", "lead_time_days=3", "--replace"]) == 0
    capsys.readouterr()
    store = open_store(url)
    (replaced,) = store.scenarios.list(first)
    assert replaced.settings == {"lead_time_days": 3.0} and replaced.origin == "team"
    store.close()
    _bad(capsys, ["whatif", str(first), "--db", url, "--set", "lead_time_days=3", "--replace"],
         "--save")  # fmt: skip


def test_json_is_written_through_the_one_writer(db, capsys, tmp_path):
    url, first, _second, loaded = db
    target = tmp_path / "whatif.json"
    argv = ["whatif", str(first), "--article", "--set", "change_fail_rate=0.05", "--db", url,
            "--json", str(target)]  # fmt: skip
    assert main(argv) == 0
    capsys.readouterr()
    data = json.loads(target.read_text(encoding="utf-8"))
    settings = data["scenario"]["settings"]
    assert settings["change_fail_rate"] == 0.05 and settings["lead_time_days"] == 3.0
    after = _direct(loaded, settings)
    assert data["before"]["score"] == 54 and data["before"]["grade"] == "D"
    assert data["after"]["score"] == after.readiness.score
    assert data["after"]["refactor_vs_rewrite"]["verdict"] == after.refactor_vs_rewrite.verdict
    assert data["after"]["staffing"]["verdict"] == after.staffing.verdict
    assert data["saved"] is False
    assert data["levers"]["lead_time_days"]["measured"] == 12.0
    assert not list(tmp_path.glob(".whatif.json.*.tmp"))  # written atomically
    # a folder is refused before any work, in one line
    _bad(capsys, [*argv[:-1], str(tmp_path)], str(tmp_path))


def test_report_lists_saved_scenarios_with_plan_vs_actual(db, capsys, tmp_path):
    url, first, second, loaded = db
    assert main(["whatif", str(first), "--db", url, "--save", "Q3 plan",
                 "--set", "change_fail_rate=0.08", "--set", "lead_time_days=3"]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["report", str(first), "--db", url]) == 0
    out = capsys.readouterr().out
    assert "Scenarios (1 saved; the article's targets shown beside them)" in out
    assert "Q3 plan [team]: change_fail_rate=0.08, lead_time_days=3" in out
    header = next(line for line in out.splitlines() if line.lstrip().startswith("Measured"))
    for title in ("The article's targets", "Q3 plan", f"Assessment #{second}"):
        assert title in header, header
    assert f"Plan vs actual: Q3 plan against Assessment #{second}" in out
    plan_rows = out.split(f"Plan vs actual: Q3 plan against Assessment #{second}")[1]
    lead = next(line for line in plan_rows.splitlines() if "Change lead time" in line)
    assert lead.split()[-7:] == ["3.0", "days", "3.0", "days", "±0.0", "days", "yes"]

    target = tmp_path / "report.json"
    assert main(["report", str(first), "--db", url, "--json", str(target)]) == 0
    capsys.readouterr()
    report = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(report, json.loads(resource_path("report.schema.json").read_text()))
    scenarios = report["scenarios"]
    assert [s["name"] for s in scenarios["saved"]] == ["Q3 plan"]
    titles = [c["title"] for c in scenarios["table"]["columns"]]
    assert titles[0] == "Measured" and "Q3 plan" in titles and titles[-1] == f"Assessment #{second}"
    article = next(c for c in scenarios["table"]["columns"] if c["origin"] == "article")
    assert article["subtitle"] == "from the article"
    plan = next(p for p in scenarios["table"]["plan_vs_actual"] if p["scenario"] == "Q3 plan")
    score = next(c for c in plan["checks"] if c["key"] == "score")
    promised = _direct(loaded, {"change_fail_rate": 0.08, "lead_time_days": 3.0})
    assert score["promised"] == promised.readiness.score and score["actual"] == 86


def test_repository_text_and_notes_reach_the_terminal_escaped(tmp_path, capsys):
    """A folder name or a note holding ESC[2J (clear the screen) is printed as \\x1b[2J."""
    from gitrepo import GitRepo

    from analysis.assessment import run

    repo = GitRepo.init(tmp_path / "evil\x1b[2Jrepo")
    repo.write("a.py", "def f(x):\n    return x\n")
    repo.commit()
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = open_store(url)
    assessment_id = store.save(run(repo.root))
    store.close()
    argv = ["whatif", str(assessment_id), "--db", url, "--set", "lead_time_days=3",
            "--save", "plan", "--note", "red\x1b[31m"]  # fmt: skip
    assert main(argv) == 0
    assert main(["report", str(assessment_id), "--db", url]) == 0
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err
    assert "evil\\x1b[2Jrepo" in out and "(red\\x1b[31m)" in out


def test_the_repositorys_stored_team_profile_shapes_both_sides(db, capsys, tmp_path):
    """Three teams per deployment (st-teams-per-deploy, 2 points for a partner) and 40 engineers
    stored for the repository: before and after are decided with them, as the GUI does."""
    url, first, _second, loaded = db
    profile = TeamProfile(team_size=40, teams_per_deployment=3)
    store = open_store(url)
    store.team.save(loaded.repository.folder, profile)
    store.close()
    try:
        target = tmp_path / "team.json"
        argv = ["whatif", str(first), "--db", url, "--set", "lead_time_days=3",
                "--json", str(target)]  # fmt: skip
        assert main(argv) == 0
        capsys.readouterr()
        data = json.loads(target.read_text(encoding="utf-8"))
        model, problems = model_of(load_settings())
        for side, what_if in (("before", None), ("after", {"lead_time_days": 3.0})):
            direct = decide(loaded, profile, model, what_if=what_if, model_problems=problems)
            assert data[side]["score"] == direct.readiness.score
            assert data[side]["staffing"]["verdict"] == direct.staffing.verdict
            assert data[side]["staffing"]["confidence"] == direct.staffing.confidence
        without = _direct(loaded, {"lead_time_days": 3.0})  # the default profile differs
        assert data["after"]["staffing"]["confidence"] != without.staffing.confidence
        assert data["levers"]["lead_time_days"]["measured"] == 12.0
    finally:
        store = open_store(url)
        store.team.save(loaded.repository.folder, TeamProfile())
        store.close()
