"""Saved what-if scenarios: kept with their assessment across restarts, never overwritten or
lost by surprise, and an older database migrated to hold them."""

from __future__ import annotations

import json
import sqlite3

import pytest

from analysis.assessment import run
from analysis.decisions.scenario import Scenario
from app.store import StoreError, open_store
from app.store.database import current_revision
from app.store.scenarios import ScenarioExists

PLAN = Scenario("Q3 plan", {"change_fail_rate": 0.08, "lead_time_days": 3.0}, "team", "the CFO's")


@pytest.fixture(scope="module")
def assessed(tmp_path_factory):
    from gitrepo import GitRepo

    repo = GitRepo.init(tmp_path_factory.mktemp("scenario-store") / "repo")
    repo.write("a.py", "def f(x):\n    return x\n")
    repo.commit()
    return run(repo.root)


@pytest.fixture
def stored(assessed, database_url):
    store = open_store(database_url)
    assessment_id = store.save(assessed)
    yield store, assessment_id
    store.close()


def test_a_saved_scenario_survives_a_restart(stored, database_url):
    store, assessment_id = stored
    saved = store.scenarios.save(assessment_id, PLAN)
    assert saved.name == "Q3 plan" and saved.problem == ""
    store.close()
    reopened = open_store(database_url)  # a new process: nothing kept in memory
    (back,) = reopened.scenarios.list(assessment_id)
    assert back.scenario() == PLAN
    assert (back.name, back.origin, back.note) == ("Q3 plan", "team", "the CFO's")
    assert back.settings == {"change_fail_rate": 0.08, "lead_time_days": 3.0}
    assert back.created_at is not None and back.id == saved.id
    reopened.close()


def test_a_taken_name_is_refused_unless_replacing(stored):
    store, assessment_id = stored
    store.scenarios.save(assessment_id, PLAN)
    other = Scenario("Q3 plan", {"lead_time_days": 1.0})
    with pytest.raises(ScenarioExists, match="already has a scenario named 'Q3 plan'"):
        store.scenarios.save(assessment_id, other)
    (kept,) = store.scenarios.list(assessment_id)
    assert kept.settings == PLAN.settings  # untouched by the refused save
    store.scenarios.save(assessment_id, other, replace=True)
    (replaced,) = store.scenarios.list(assessment_id)
    assert replaced.settings == {"lead_time_days": 1.0} and replaced.note == ""


def test_rename_delete_and_order(stored):
    store, assessment_id = stored
    store.scenarios.save(assessment_id, PLAN)
    store.scenarios.save(assessment_id, Scenario("Stretch", {"deploys_per_week": 7.0}))
    assert [s.name for s in store.scenarios.list(assessment_id)] == ["Q3 plan", "Stretch"]
    with pytest.raises(ScenarioExists):
        store.scenarios.rename(assessment_id, "Stretch", "Q3 plan")
    store.scenarios.rename(assessment_id, "Stretch", "Stretch goal")
    assert [s.name for s in store.scenarios.list(assessment_id)] == ["Q3 plan", "Stretch goal"]
    store.scenarios.delete(assessment_id, "Q3 plan")
    assert [s.name for s in store.scenarios.list(assessment_id)] == ["Stretch goal"]
    with pytest.raises(StoreError, match="no scenario named 'Q3 plan'"):
        store.scenarios.delete(assessment_id, "Q3 plan")


def test_scenarios_belong_to_their_assessment(stored, assessed):
    store, first = stored
    second = store.save(assessed)
    store.scenarios.save(first, PLAN)
    store.scenarios.save(second, PLAN)  # the same name on another assessment is free
    assert len(store.scenarios.list(first)) == len(store.scenarios.list(second)) == 1
    with pytest.raises(StoreError, match="no assessment with id 999"):
        store.scenarios.save(999, PLAN)
    store.delete_assessment(first)  # deleting an assessment takes its scenarios with it
    assert store.scenarios.list(first) == [] and len(store.scenarios.list(second)) == 1


@pytest.mark.parametrize(
    ("name", "why"),
    [("  ", "needs a name"), ("a\nb", "printable"), ("x" * 81, "1-80 printable")],
)
def test_bad_names_are_refused_in_one_line(stored, name, why):
    store, assessment_id = stored
    with pytest.raises(StoreError, match=why) as caught:
        store.scenarios.save(assessment_id, Scenario(name, {"lead_time_days": 3.0}))
    assert "\n" not in str(caught.value)
    assert store.scenarios.list(assessment_id) == []


def test_a_row_that_no_longer_reads_is_listed_not_dropped(stored, database_url):
    """A later version may rename a lever or narrow its range: the user's row stays visible."""
    store, assessment_id = stored
    store.scenarios.save(assessment_id, PLAN)
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
        db.execute(
            "insert into scenarios (assessment_id, name, settings, origin, note, created_at) "
            "values (?, 'old', ?, 'team', '', '2026-01-01 00:00:00')",
            (assessment_id, json.dumps({"meetings_per_week": 2})),
        )
    rows = {s.name: s for s in store.scenarios.list(assessment_id)}
    assert rows["old"].settings == {"meetings_per_week": 2}
    assert "meetings_per_week" in rows["old"].problem
    assert rows["Q3 plan"].problem == ""


def test_a_database_of_the_previous_revision_is_migrated(assessed, tmp_path):
    """0006 -> 0007: the assessments stay, a backup is made first, scenarios can be saved."""
    import sqlite3

    from store_revisions import downgrade, head

    old = tmp_path / "old.db"
    first = open_store(f"sqlite:///{old}")
    assessment_id = first.save(assessed)
    first.close()
    downgrade(old, "0006")  # as the previous version left it
    with sqlite3.connect(old) as db:
        assert "scenarios" not in {r[0] for r in db.execute("select name from sqlite_master")}
    db.close()
    upgraded = open_store(f"sqlite:///{old}")
    assert upgraded.backup is not None and upgraded.backup.exists()
    assert current_revision(upgraded.engine) == head()
    assert upgraded.load(assessment_id).repository.head == assessed.repository.head
    upgraded.scenarios.save(assessment_id, PLAN)
    assert [s.name for s in upgraded.scenarios.list(assessment_id)] == ["Q3 plan"]
    upgraded.close()
