"""Every history metric against a figure derived by hand from a history built here."""

from __future__ import annotations

import math

import pytest
from history_builder import ALICE, BOB, BOT, CAROL, DAN, HistoryBuilder, day, lines

from analysis.assessment import Options, run
from analysis.history.coupling import CouplingSettings, temporal_coupling
from analysis.history.file_history import FileRecord
from analysis.history.knowledge import degree_of_authorship, file_authors, truck_factor
from analysis.history.mining import mine_history
from analysis.history.options import HistoryOptions
from analysis.history.rework import ReworkLedger
from analysis.scan import open_repository

NOW = day(2000)


def _mine(repo, **options):
    return mine_history(open_repository(repo.root), HistoryOptions(**options), now=NOW)


def test_per_file_history_ownership_and_fragmentation(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    base = lines(10, "a")
    b.commit({"a.py": base, "b.py": lines(4, "b")}, author=ALICE, when=day(0))
    # Bob replaces lines 3 and 4 of a.py: +2 -2
    edited = base.replace("a 3\na 4\n", "x 3\nx 4\n")
    b.commit({"a.py": edited}, author=BOB, when=day(1))
    b.commit({"a.py": edited + lines(3, "more")}, author=ALICE, when=day(2))  # +3
    b.commit({"b.py": lines(4, "b").replace("b 0\n", "c 0\n")}, author=CAROL, when=day(3))
    b.commit({"requirements.txt": "x==2\n"}, author=BOT, when=day(4))
    b.commit({"vendor/lib.js": lines(50)}, author=CAROL, when=day(5))
    section = _mine(b.finish()).section
    files = {f.path: f for f in section.files}
    # vendor/ is excluded (preset), requirements.txt was only changed by a bot
    assert set(files) == {"a.py", "b.py"}
    assert section.bot_commits == 1 and section.commits == 6
    a = files["a.py"]
    # 3 revisions by Alice (2) and Bob (1); added 10 + 2 + 3, deleted 2
    assert (a.revisions, a.authors, a.added, a.deleted) == (3, 2, 15, 2)
    assert a.first_change.startswith("2024-01-01") and a.last_change.startswith("2024-01-03")
    # main developer by added lines: Alice 13 of 15
    assert a.main_developer == "Alice Archer" and a.ownership == round(13 / 15, 4)
    # fragmentation 1 - ((2/3)^2 + (1/3)^2) = 4/9
    assert a.fragmentation == round(4 / 9, 4)
    # age: from day 0 to the end of history (day 5, the newest non-bot commit)
    assert a.age_months == round(5 * 86400 / (30.436875 * 86400), 1)
    bfile = files["b.py"]
    assert (bfile.revisions, bfile.added, bfile.deleted) == (2, 5, 1)
    assert bfile.ownership == 0.8 and bfile.fragmentation == 0.5


def test_coupling_exactly_as_code_maat_at_each_threshold(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    counter = iter(range(10_000))

    def touch(*paths):
        n = next(counter)
        b.commit({p: f"{p} {n}\n" for p in paths}, when=day(n))

    for _ in range(5):
        touch("a", "b")  # shared 5, revs 5 + 5: degree 100, exactly min revs and min shared
    for _ in range(4):
        touch("c", "d")  # shared 4: below min shared ...
    touch("c", "d", *[f"fill30/{i}" for i in range(28)])  # ... plus this 30-file commit: 5
    touch("a", *[f"fill31/{i}" for i in range(30)])  # 31 files: ignored, a keeps 5 revs
    for _ in range(6):
        touch("e", "f")
    for _ in range(14):
        touch("e")
        touch("f")
    # e, f: 200 x 6 / (20 + 20) = 30 exactly: reported at the 30% minimum
    for _ in range(6):
        touch("g", "h")
    for _ in range(14):
        touch("g")
        touch("h")
    touch("h")
    # g, h: 200 x 6 / (20 + 21) = 29.27: below 30%, left out
    section = _mine(b.finish()).section
    pairs = {(c.a, c.b): (c.shared_revisions, c.degree) for c in section.coupling}
    assert pairs == {("a", "b"): (5, 100), ("c", "d"): (5, 100), ("e", "f"): (6, 30)}
    soc = {f.path: f.soc for f in section.files}
    # sum of coupling: a: 5 commits of 2 files -> 5 (31-file commit ignored);
    # c: 4 x 1 + 29 for the 30-file commit = 33; e: 6 x 1; h: 6 x 1
    assert (soc["a"], soc["c"], soc["e"], soc["h"]) == (5, 33, 6, 6)


def test_coupling_degree_truncates_like_clojure_int():
    # revs 3 and 4, shared 3: 3 / 3.5 = 85.71% -> degree 85; avg 3.5 >= min revs 3
    settings = CouplingSettings(min_revs=3, min_shared=3, min_degree=50, max_degree=100)
    sets = [[1, 2]] * 3 + [[2]]
    result = temporal_coupling(sets, settings)
    assert [(p.a, p.b, p.shared, p.degree) for p in result.pairs] == [(1, 2, 3, 85)]
    # min revs 4 > average 3.5: excluded; max degree 84 < floor(85.71): excluded
    assert temporal_coupling(sets, CouplingSettings(4, 3, 50, 100)).pairs == []
    assert temporal_coupling(sets, CouplingSettings(3, 3, 50, 84)).pairs == []


def test_degree_of_authorship_and_author_threshold():
    # creator only: 3.293 + 1.098 = 4.391
    assert degree_of_authorship(True, 0, 0) == pytest.approx(4.391)
    # Avelino's example shape: one later change by someone else costs 0.321 ln 2
    assert degree_of_authorship(True, 0, 1) == pytest.approx(4.391 - 0.321 * math.log(2))
    # created by developer 0, then 15 changes by developer 1:
    # dev 1: 3.293 + 0.164 x 15 = 5.753; dev 0: 4.391 - 0.321 ln 16 = 3.5010
    # 3.5010 / 5.753 = 0.609 <= 0.75: only developer 1 is an author
    record = FileRecord(revisions=16, creator=0, revisions_by={0: 1, 1: 15})
    assert file_authors(record) == {1}
    # with 6 changes: dev 1 4.277, dev 0 4.391 - 0.321 ln 7 = 3.7664: 0.881 > 0.75: both
    record = FileRecord(revisions=7, creator=0, revisions_by={0: 1, 1: 6})
    assert file_authors(record) == {0, 1}


def test_truck_factor_greedy_removal(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    b.commit({"f1": "1\n", "f2": "2\n"}, author=ALICE, when=day(0))
    b.commit({"f3": "3\n", "f4": "4\n"}, author=BOB, when=day(1))
    b.commit({"f1": "1 changed\n"}, author=CAROL, when=day(2))
    section = _mine(b.finish()).section
    # authors: f1 Alice (4.391 - 0.321 ln 2 = 4.168) and Carol (3.457, 0.83 of best);
    # f2 Alice; f3, f4 Bob. Greedy: coverage 4/4 -> remove Alice (2 files, ties Bob 2,
    # alphabetical) -> Bob + Carol cover f1, f3, f4 = 3/4 -> remove Bob -> Carol covers
    # 1/4 < 50%: stop. Truck factor 2.
    assert section.truck_factor.value == 2
    assert section.truck_factor.developers == ["Alice Archer", "Bob Baker"]
    assert section.truck_factor.files == 4


def test_truck_factor_stops_only_below_half():
    # A authors 2 of 4 files, B the other 2: removing A leaves exactly 50% covered, which is
    # not "more than half authorless", so B goes too: 2. With A on 3 files: 1.
    assert truck_factor({1: {0}, 2: {0}, 3: {1}, 4: {1}}, ["A", "B"]).value == 2
    assert truck_factor({1: {0}, 2: {0}, 3: {0}, 4: {1}}, ["A", "B"]).value == 1
    assert truck_factor({}, []).value == 0


def test_knowledge_loss_after_six_months_without_a_commit(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    b.commit({"a.py": lines(10)}, author=ALICE, when=day(0))
    b.commit({"b.py": lines(10)}, author=BOB, when=day(1))
    b.commit({"c.py": lines(5)}, author=DAN, when=day(120))
    b.commit({"a.py": lines(11)}, author=BOB, when=day(150))
    b.commit({"b.py": lines(12)}, author=BOB, when=day(300))
    section = _mine(b.finish()).section
    loss = section.knowledge_loss
    # end = day 300; cutoff 6 x 30.44 days = 182.6 days before: day 117.4.
    # a.py: main developer Alice (10 of 11 added lines), last commit day 0: lost.
    # c.py: Dan, last commit day 120: still active. b.py: Bob, day 300.
    assert [(f.path, f.main_developer) for f in loss.files] == [("a.py", "Alice Archer")]
    assert loss.files[0].last_commit.startswith("2024-01-01")
    assert loss.share == round(1 / 3, 4) and loss.inactive_months == 6


def test_rework_inside_and_outside_the_day_window_and_the_time_window(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    old = lines(10, "o")
    b.commit({"old.py": old}, when=day(0))
    b.commit({"old.py": lines(5, "o")}, when=day(5))  # -5 after 5 days: reworked 5
    r = lines(10, "r")
    b.commit({"r.py": r}, when=day(400))
    b.commit({"r.py": lines(6, "r") + "n 0\nn 1\n"}, when=day(410))  # -4 +2
    b.commit({"r.py": lines(3, "r") + "n 0\nn 1\n"}, when=day(440))  # -3
    repo = b.finish()
    # Ledger (newest lines first): day 410 deletes 4 of the 10 lines of day 400, 10 days
    # old -> reworked 4. Day 440 deletes 3: first the 2 lines of day 410 (30 days old),
    # then 1 of day 400 (40 days): nothing within 21 days.
    # Window: end day 440 (2025-03-16), 12 months back = 2024-03-16: old.py is outside.
    # Changed lines in the window 10 + 6 + 3 = 19: rework share 4/19.
    section = _mine(repo).section
    assert section.rework_share == round(4 / 19, 4)
    assert section.window.start.startswith("2024-03-16")
    months = {m.month: m for m in section.monthly}
    assert len(section.monthly) == 15  # 2024-01 .. 2025-03, empty months included
    assert months["2024-01"].rework_share == round(5 / 15, 4)  # 5 of 10 + 5 changed
    assert months["2025-02"].rework_share == round(4 / 16, 4)
    assert months["2025-03"].rework_share == 0.0
    assert months["2024-06"].commits == 0 and months["2024-06"].rework_share is None
    # a 30-day window also counts the 2 lines of day 410 deleted 30 days later: 6/19
    assert _mine(repo, rework_days=30).section.rework_share == round(6 / 19, 4)
    assert _mine(repo, rework_days=14).section.rework_share == round(4 / 19, 4)


def test_rework_ledger_consumes_newest_lines_first():
    ledger = ReworkLedger(21)
    assert ledger.change(1, 10, 0, day(0), True) == 0
    assert ledger.change(1, 5, 0, day(30), True) == 0
    # 7 deleted on day 40: the 5 lines of day 30 (10 days old) count, 2 of day 0 do not
    assert ledger.change(1, 0, 7, day(40), True) == 5
    # implausible times never count
    assert ledger.change(2, 4, 0, day(0), True) == 0
    assert ledger.change(2, 0, 4, day(1), False) == 0


def test_fix_share_and_monthly_series(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    b.commit({"a.py": lines(10)}, author=ALICE, when=day(0), message="Add a")
    b.commit({"a.py": lines(12)}, author=BOB, when=day(1), message="fix: off by one")
    b.commit({"b.py": lines(4)}, author=ALICE, when=day(2), message='Revert "Add b"')
    b.commit({"c.py": lines(6)}, author=CAROL, when=day(40), message="HOTFIX login")
    b.commit({"d.py": lines(3)}, author=CAROL, when=day(41), message="prefix handling")
    b.commit({"e.py": lines(1)}, author=CAROL, when=day(42), message="Add fixture")
    repo = b.finish()
    section = _mine(repo).section
    # fixes: "fix:", "Revert", "HOTFIX" = 3 of 6 commits ("prefix", "fixture" are not);
    # changed lines 10 + 2 + 4 + 6 + 3 + 1 = 26, of which fixes 2 + 4 + 6 = 12
    assert section.fix_share.commits == 0.5
    assert section.fix_share.lines == round(12 / 26, 4)
    jan, feb = section.monthly
    assert (jan.month, jan.commits, jan.changed_lines, jan.active_authors) == ("2024-01", 3, 16, 2)
    assert jan.fix_share == round(2 / 3, 4)
    assert (feb.month, feb.commits, feb.changed_lines, feb.active_authors) == ("2024-02", 3, 10, 1)
    assert feb.fix_share == round(1 / 3, 4)
    # the patterns are editable: with only "prefix", 1 of 6
    custom = _mine(repo, fix_patterns=(r"\bprefix\b",)).section
    assert custom.fix_share.commits == round(1 / 6, 4)


def test_implausible_timestamps_stay_out_of_time_figures(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    b.commit({"a.py": lines(3)}, when=0, committer_when=0)  # 1970-01-01
    b.commit({"a.py": lines(4)}, when=day(10))
    b.commit({"a.py": lines(5)}, when=day(5000))  # 2037, after "now" (day 2000)
    outcome = _mine(b.finish())
    section = outcome.section
    assert [m.month for m in section.monthly] == ["2024-01"]
    assert section.window.end.startswith("2024-01-11")
    files = {f.path: f for f in section.files}
    assert files["a.py"].revisions == 3 and files["a.py"].added == 5
    assert files["a.py"].first_change.startswith("2024-01-11")
    codes = {code: partial for code, _, partial in outcome.findings}
    assert codes["history_timestamps"] is True and section.partial


def test_hotspots_rank_frequency_times_complexity_from_the_code_engine(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    app_v = [
        f"def f(x):\n    if x:\n        return {n}\n    if x > 1:\n        return 2\n    return 3\n"
        for n in range(4)
    ]
    b.commit({"util.py": "def g():\n    return 0\n"}, when=day(0))  # outside the window
    b.commit({"app.py": app_v[0], "util.py": "def g():\n    return 1\n"}, when=day(400))
    b.commit({"app.py": app_v[1], "README.md": lines(20)}, when=day(401))
    b.commit({"app.py": app_v[2], "util.py": "def g():\n    return 2\n"}, when=day(402))
    b.commit({"app.py": app_v[3], "logo.png": b"\x89PNG\x00\x01"}, when=day(403))
    repo = b.finish()
    result = run(repo.root, Options(workers=1))
    code = {f.path: f.cc_total for f in result.code.files}
    assert code == {"app.py": 3, "util.py": 1}  # radon: f has two ifs (3), g none (1)
    spots = [
        (h.path, h.revisions, h.complexity, h.measure, h.score) for h in result.history.hotspots
    ]
    # most revisions in the window: app.py 4; most complexity 3 (app.py):
    # app 4/4 x 3/3 = 1; util 2/4 x 1/3 = 0.1667. README.md (docs) and the PNG (binary) are
    # not code: not ranked, whatever their size
    assert spots == [
        ("app.py", 4, 3, "cc", 1.0),
        ("util.py", 2, 1, "cc", round(2 / 4 * 1 / 3, 4)),
    ]
    assert {f.path: f.revisions for f in result.history.files}["util.py"] == 3
