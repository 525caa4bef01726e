"""Before/after of two assessments: the headline figures, the deltas and whether each moved the
right way. The stored pair (tests/history_pair.py) has every figure derived by hand there."""

from __future__ import annotations

import json
import math
import re
import sqlite3
import zlib

import pytest
from history_pair import assess_pair

from analysis.comparison import BETTER, CHANGED, NOT_COMPARABLE, UNCHANGED, WORSE, compare
from analysis.headline import Headline, headline, hotspot_share
from analysis.history.results import Hotspot
from analysis.report import to_report
from app.cli import main as cli_main
from app.store import open_store


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    return assess_pair(tmp_path_factory.mktemp("pair") / "repo")


@pytest.fixture(scope="module")
def stored(pair, tmp_path_factory):
    """The pair saved in a store: (url, repository path, before id, after id)."""
    repo, before, after = pair
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'store.db'}"
    store = open_store(url)
    first, second = store.save(before), store.save(after)
    store.close()
    return url, str(repo.root.resolve()), first, second


def _spots(revisions: list[int]) -> list[Hotspot]:
    """Hotspots in score order (the report's order) with these change counts."""
    return [Hotspot(f"f{i}.py", r, 1, "cc", 10, 1 - i / 100) for i, r in enumerate(revisions)]


def test_hotspot_share_counts_the_top_tenth_by_score():
    # 20 files: top ceil(2.0) = 2 by score, whatever their change counts: (3 + 1) / total.
    revisions = [3, 1, *([5] * 18)]
    share, changed = hotspot_share(_spots(revisions))
    assert changed == 20
    assert share == round(4 / (4 + 90), 4)
    # 11 files: ceil(1.1) = 2 files
    assert hotspot_share(_spots([4, 2, *([1] * 9)]))[0] == round(6 / 15, 4)
    # fewer than 10 changed files: no share
    assert hotspot_share(_spots([4] * 9)) == (None, 9)


def test_the_articles_worked_example_reads_better_everywhere():
    # The article: lead time 12 d -> 3 d, deploys weekly -> daily, change failure 30% -> < 10%.
    before = Headline(lead_time_days=12, deploys_per_week=1, deploy_bucket="weekly",
                      change_fail_rate=0.30, score=40, grade="E", debt_ratio=0.12)  # fmt: skip
    after = Headline(lead_time_days=3, deploys_per_week=5, deploy_bucket="daily",
                     change_fail_rate=0.08, score=72, grade="B", debt_ratio=0.15)  # fmt: skip
    c = compare(before, after)
    lead = c.metric("lead_time_days")
    assert (lead.before_text, lead.after_text) == ("12.0 days", "3.0 days")
    assert lead.delta_text == "-9.0 days (-75%)" and lead.direction == BETTER
    deploys = c.metric("deploys_per_week")
    assert deploys.before_text == "1.00 a week (weekly)"
    assert deploys.after_text == "5.00 a week (daily)"
    assert deploys.delta_text == "+4.00 a week (+400%)" and deploys.direction == BETTER
    cfr = c.metric("change_fail_rate")
    assert cfr.delta_text == "-22.0 pp" and cfr.direction == BETTER
    assert c.metric("score").delta_text == "+32 points" and c.metric("score").direction == BETTER
    debt = c.metric("debt_ratio")  # 12% -> 15%: a higher ratio is worse
    assert debt.delta_text == "+3.0 pp" and debt.direction == WORSE
    assert c.metric("hotspot_share").direction == NOT_COMPARABLE
    assert c.metric("hotspot_share").delta_text == "–"


def test_changes_too_small_to_show_read_unchanged_and_size_is_neutral():
    c = compare(Headline(debt_ratio=0.03001, sloc=1000), Headline(debt_ratio=0.03004, sloc=1500))
    assert c.metric("debt_ratio").direction == UNCHANGED
    assert c.metric("debt_ratio").delta_text == "no change"
    sloc = c.metric("sloc")
    assert sloc.direction == CHANGED and sloc.delta_text == "+500 (+50%)"


def test_notes_say_when_figures_measure_different_things():
    c = compare(
        Headline(deployment_source="Release tags", partial=True, repository="/a",
                 analyzed_at="2026-02-01T00:00:00+00:00"),
        Headline(deployment_source="Deployment log", repository="/a",
                 analyzed_at="2026-01-01T00:00:00+00:00"),
    )  # fmt: skip
    assert any("Release tags" in n and "Deployment log" in n for n in c.notes)
    assert any("before assessment is partial" in n for n in c.notes)
    assert any("'after' assessment is older" in n for n in c.notes)
    assert not compare(Headline(repository="/a"), Headline(repository="/a")).notes


def test_headline_of_an_assessment_and_of_its_report_agree(pair):
    _repo, before, after = pair
    for item in (before, after):
        assert headline(item) == headline(to_report(item))
        assert headline(json.loads(json.dumps(to_report(item)))) == headline(item)


def test_stored_pair_compares_with_hand_derived_deltas(stored):
    url, path, first, second = stored
    store = open_store(url)
    rows = store.assessments(path)
    store.close()
    assert [r.id for r in rows] == [second, first]
    after, before = rows[0].headline, rows[1].headline
    # figures derived in tests/history_pair.py
    assert before.lead_time_days == 12 and after.lead_time_days == 3
    # the history starts on 2 January, inside the window: 59 days observed (DORA engine)
    assert before.deploys_per_week == round(6 / (59 / 7), 3) == 0.712
    assert after.deploys_per_week == round(10 / (61 / 7), 3) == 1.148
    assert before.change_fail_rate == round(2 / 6, 4) and after.change_fail_rate == 0
    assert math.isclose(before.debt_ratio, 20 / (30 * 22)) and after.debt_ratio == 0
    assert before.hotspot_share == round(8 / 21, 4) and after.hotspot_share == round(10 / 32, 4)
    c = compare(before, after)
    expected = {
        "lead_time_days": ("12.0 days", "3.0 days", "-9.0 days (-75%)", BETTER),
        # shown 0.71 -> 1.15: +0.44 a week, 0.44 / 0.71 = +62%
        "deploys_per_week": ("0.71 a week (weekly)", "1.15 a week (weekly)",
                             "+0.44 a week (+62%)", BETTER),
        "change_fail_rate": ("33.3%", "0.0%", "-33.3 pp", BETTER),
        "debt_ratio": ("3.0% (A)", "0.0% (A)", "-3.0 pp", BETTER),
        # 38.1% -> 31.2% (10 / 32 = 0.3125, shown to one decimal): 0.312 - 0.381 = -6.9 pp
        "hotspot_share": ("38.1%", "31.2%", "-6.9 pp", BETTER),
        "sloc": ("22", "22", "no change", UNCHANGED),
        "recovery_hours": ("not measured", "not measured", "–", NOT_COMPARABLE),
    }  # fmt: skip
    for key, (old, new, delta, direction) in expected.items():
        m = c.metric(key)
        assert (m.before_text, m.after_text, m.delta_text, m.direction) == (
            old, new, delta, direction), key  # fmt: skip
    score = c.metric("score")
    assert score.delta == after.score - before.score > 0 and score.direction == BETTER
    refactor = next(v for v in c.verdicts if v.key == "refactor_verdict")
    assert refactor.after == "Keep and improve" and refactor.changed


def test_migration_fills_headlines_of_existing_rows(stored, tmp_path):
    """A database from before 0005 gets its rows' headlines from their stored reports."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from app.store.database import MIGRATIONS

    url, path, first, second = stored
    source = sqlite3.connect(url.removeprefix("sqlite:///"))
    old = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{old}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
    engine.dispose()
    target = sqlite3.connect(old)
    repo = source.execute("select id, path, name, created_at, last_opened_at from repositories")
    target.executemany("insert into repositories values (?, ?, ?, ?, ?)", repo.fetchall())
    columns = ("id, repository_id, analyzed_at, head, branch, partial, tool_version, "
               "schema_version, duration_seconds, python_files, sloc, cc_total, mi_average, "
               "warning_count")  # fmt: skip
    rows = [
        (*row[:-1], zlib.decompress(row[-1]).decode())  # 0004 kept the report as plain text
        for row in source.execute(f"select {columns}, report_zlib from assessments")
    ]
    target.executemany(
        f"insert into assessments ({columns}, report) values ({','.join('?' * 15)})", rows
    )
    target.commit()
    target.close()
    store = open_store(f"sqlite:///{old}")
    assert store.backup is not None
    with sqlite3.connect(old) as db:
        filled = dict(db.execute("select id, headline from assessments"))
    assert json.loads(filled[first])["lead_time_days"] == 12
    assert json.loads(filled[second])["hotspot_share"] == round(10 / 32, 4)
    assert [r.headline.score for r in store.assessments(path)] == [
        r.headline.score for r in open_store(url).assessments(path)
    ]
    store.close()


def test_an_outdated_headline_is_recomputed_and_kept(stored, tmp_path):
    url, _path, first, _second = stored
    copy = tmp_path / "copy.db"
    with sqlite3.connect(url.removeprefix("sqlite:///")) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    with sqlite3.connect(copy) as db:
        db.execute("update assessments set headline = ? where id = ?",
                   (json.dumps({"version": 0, "score": 1}), first))  # fmt: skip
    store = open_store(f"sqlite:///{copy}")
    assert store.summary(first).headline.lead_time_days == 12
    store.close()
    with sqlite3.connect(copy) as db:
        (text,) = db.execute("select headline from assessments where id = ?", (first,)).fetchone()
    assert json.loads(text)["version"] == 1 and json.loads(text)["score"] != 1


def test_cli_history_and_compare(stored, capsys):
    url, path, first, second = stored
    assert cli_main(["history", path, "--db", url]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith(f"Assessments of {path} (2, newest first)")
    assert lines[2].split()[0] == str(second) and lines[3].split()[0] == str(first)
    assert "12.0 days" in lines[3] and "3.0 days" in lines[2] and "33.3%" in lines[3]
    assert cli_main(["compare", str(first), str(second), "--db", url]) == 0
    out = capsys.readouterr().out
    lead = next(line for line in out.splitlines() if line.startswith("Change lead time"))
    assert re.search(r"12\.0 days +3\.0 days +-9\.0 days \(-75%\) +better", lead)
    assert cli_main(["compare", str(first), str(second), "--db", url, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["before_id"] == first and data["after"]["hotspot_share"] == round(10 / 32, 4)


def test_cli_unknown_ids_exit_2_with_one_line(stored, capsys):
    url, _path, first, _second = stored
    for argv in (["compare", str(first), "999"], ["report", "999"]):
        assert cli_main([*argv, "--db", url]) == 2
        err = capsys.readouterr().err
        assert err == "readiness: no assessment with id 999\n"


def test_cli_history_of_a_repository_never_assessed(tmp_path, git_repo, capsys, database_url):
    git_repo.write("a.py", "x = 1\n")
    git_repo.commit()
    open_store(database_url).close()  # a history that exists (a missing one is exit 2)
    assert cli_main(["history", str(git_repo.root), "--db", database_url]) == 0
    assert capsys.readouterr().out.startswith("No stored assessments of ")
