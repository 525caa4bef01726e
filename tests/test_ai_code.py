"""AI-assisted code signals (issue 18 item 3) on a repository built here, every figure derived
by hand below, and the trailer counts checked against ``git log --grep``."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from analysis.ai_code import window as window_module
from analysis.ai_code.diffs import DiffParser
from analysis.ai_code.measure import measure_ai_code
from analysis.ai_code.options import AICodeOptions, ai_code_options_from_dict
from analysis.ai_code.trailers import commit_tools
from analysis.assessment import run
from analysis.cache import MemoryCache
from analysis.history.mining import read_source_history
from analysis.history.options import HistoryOptions
from analysis.options import Options
from analysis.report import from_report, to_report
from analysis.roles import classify_files
from analysis.scan import open_repository, tracked_files
from resources import resource_path
from tests.gitrepo import GitRepo

CLAUDE = "Co-authored-by: Claude <noreply@anthropic.com>"
COPILOT = "Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>"
AIDER = "Co-authored-by: aider (gpt-4o) <noreply@aider.chat>"

# ten distinct lines of code, each over 8 characters: every 5-line run has over 40 characters
A = [f"value_{i:02d} = compute({i}, scale=2)" for i in range(1, 11)]
B = [f"total_{i} = add_numbers(left={i}, right={i + 1})" for i in range(1, 6)]
N1, N1_NEW = "first_note = 'written by the agent'", "first_note = 'rewritten three days on'"
N2, N2_NEW = "second_note = 'written by the agent'", "second_note = 'rewritten twenty days on'"


def _text(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def _message(subject: str, trailer: str | None = None) -> str:
    return f"{subject}\n\nWhat changed.\n\n{trailer}" if trailer else subject


def build(root: Path) -> GitRepo:
    """The history the figures below are derived from (times at noon UTC)."""
    repo = GitRepo.init(root)
    # C1 2023-12-01 (2023Q4): app/core.py, lines A1..A10 -> added 10
    repo.write("app/core.py", _text(A))
    repo.commit("core", date="2023-12-01T12:00:00+00:00")
    # C2 2024-01-02, Claude: app/other.py = N1, A1..A6, N2 -> added 8. The 5-line runs A1..A5
    # and A2..A6 were added by C1 -> copy/paste 6 (A1..A6); N1..A4 and A3..N2 are new
    repo.write("app/other.py", _text([N1, *A[:6], N2]))
    repo.commit(_message("other", CLAUDE), date="2024-01-02T12:00:00+00:00")
    # C3 2024-01-05, Copilot: N1 rewritten 3 days after C2 wrote it -> added 1; C2's N1 is
    # churned (3 <= 14 days)
    repo.write("app/other.py", _text([N1_NEW, *A[:6], N2]))
    repo.commit(_message("rewrite note", COPILOT), date="2024-01-05T12:00:00+00:00")
    # C4 2024-01-06: A6..A10 moved from core.py to moved.py -> added 5, moved 5 (removed in
    # the same commit), not copy/paste though the run was seen; C1's lines are 36 days old:
    # no churn. Coupling: 2 code files -> 2 x 1 = 2
    repo.write("app/core.py", _text(A[:5]))
    repo.write("app/moved.py", _text(A[5:]))
    repo.commit("move", date="2024-01-06T12:00:00+00:00")
    # C5 2024-01-22: N2 rewritten 20 days after C2 wrote it -> added 1; not churned within
    # 14 days (churned within 30)
    repo.write("app/other.py", _text([N1_NEW, *A[:6], N2_NEW]))
    repo.commit("rewrite second note", date="2024-01-22T12:00:00+00:00")
    # C6 2024-02-01, aider: app/twice.py = B1..B5 B1..B5 -> added 10; the second B1..B5 run
    # repeats the first in the same commit -> copy/paste 5. docs/notes.md is not code: its
    # lines are not counted
    repo.write("app/twice.py", _text(B + B))
    repo.write("docs/notes.md", _text(["# Notes", *A]))
    repo.commit(_message("twice", AIDER), date="2024-02-01T12:00:00+00:00")
    # C7 2024-04-02 (2024Q2), Claude: app/late.py, 2 lines -> added 2
    repo.write("app/late.py", _text(["late_one = 1", "late_two = 2"]))
    repo.commit(_message("late", CLAUDE), date="2024-04-02T12:00:00+00:00")
    return repo


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> GitRepo:
    return build(tmp_path_factory.mktemp("ai") / "repo")


@pytest.fixture(scope="module")
def report(built) -> dict:
    return to_report(run(built.root, Options(workers=1)))


def _section(repo: GitRepo, options: AICodeOptions, cache=None):
    """The section as the phase measures it (the same file roles: docs/notes.md is not code)."""
    checkout = open_repository(repo.root)
    roles = classify_files(checkout, tracked_files(checkout))
    read = read_source_history(checkout, HistoryOptions())
    return measure_ai_code(read, HistoryOptions(), options, roles, cache)


def test_tools_per_trailer(report):
    # Claude: C2, C7; Copilot: C3; aider: C6
    assert report["ai_adoption"]["ai_code"]["tools"] == {"Claude": 2, "Copilot": 1, "aider": 1}


def test_quarters_derived_by_hand(report):
    quarters = {q["quarter"]: q for q in report["ai_adoption"]["ai_code"]["quarters"]}
    assert list(quarters) == ["2023Q4", "2024Q1", "2024Q2"]
    q4, q1, q2 = quarters["2023Q4"], quarters["2024Q1"], quarters["2024Q2"]
    assert (q4["commits"], q4["ai_trailer_commits"], q4["added_lines"]) == (1, 0, 10)
    assert (q4["copy_paste_lines"], q4["moved_lines"], q4["churned_lines"]) == (0, 0, 0)
    # C2..C6: 5 commits, 3 with trailers; added 8 + 1 + 5 + 1 + 10 = 25; copy/paste C2 6 +
    # C6 5 = 11; moved C4 5; churned: C2's N1 only (3 days; N2 went after 20 days)
    assert (q1["commits"], q1["ai_trailer_commits"]) == (5, 3)
    assert q1["tools"] == {"Claude": 1, "Copilot": 1, "aider": 1}
    assert q1["added_lines"] == 25
    assert q1["copy_paste_lines"] == 11
    assert q1["moved_lines"] == 5
    assert q1["churned_lines"] == 1
    assert q1["churn_share"] == round(1 / 25, 4)
    assert (q1["coupling"], q1["code_commits"]) == (2, 5)
    assert (q2["commits"], q2["ai_trailer_commits"], q2["added_lines"]) == (1, 1, 2)


def test_with_and_without_trailers(report):
    compared = report["ai_adoption"]["ai_code"]["with_without_trailers"]
    with_ai, without = compared["a"], compared["b"]
    # with: C2, C3, C6, C7 -> added 8 + 1 + 10 + 2 = 21, copy/paste 6 + 5, churned 1 (C2's N1)
    assert (with_ai["commits"], with_ai["added_lines"]) == (4, 21)
    assert (with_ai["copy_paste_lines"], with_ai["moved_lines"], with_ai["churned_lines"]) == (
        11,
        0,
        1,
    )
    # without: C1, C4, C5 -> added 10 + 5 + 1 = 16, moved 5 (C4)
    assert (without["commits"], without["added_lines"], without["moved_lines"]) == (3, 16, 5)
    assert report["ai_adoption"]["ai_code"]["undercount"].startswith("Trailers undercount AI use")


def test_before_after_first_ai_trailer(report):
    split = report["ai_adoption"]["ai_code"]["before_after"]
    assert split["split_source"] == "first_ai_trailer"
    assert split["split_date"].startswith("2024-01-02T12:00:00")
    # before: C1 (10 lines); after: C2..C7 (25 + 2 = 27 lines)
    assert (split["a"]["commits"], split["a"]["added_lines"]) == (1, 10)
    assert (split["b"]["commits"], split["b"]["added_lines"]) == (6, 27)


def test_user_split_date_and_churn_window(built):
    # split 2024-01-06 00:00 UTC: before C1, C2, C3 (10 + 8 + 1 lines), after C4..C7
    section = _section(built, AICodeOptions(split_date="2024-01-06", churn_days=30))
    assert section.before_after is not None
    assert section.before_after.split_source == "setting"
    assert section.before_after.a.added_lines == 19
    assert section.before_after.b.added_lines == 18
    # within 30 days both notes C2 wrote are churned (3 and 20 days)
    q1 = next(q for q in section.quarters if q.quarter == "2024Q1")
    assert q1.lines.churned_lines == 2


def test_trailer_counts_match_git_grep(built):
    """The independent count: git's own --grep over the messages, per tool's trailer."""
    for needle, tool in (("noreply@anthropic.com", "Claude"), ("Copilot@", "Copilot")):
        shas = built.git("log", "--format=%H", "-F", f"--grep={needle}").split()
        section = _section(built, AICodeOptions())
        assert section.tools[tool] == len(shas)


def test_trailer_rules():
    from analysis.history.commits import Commit

    def commit(message: str) -> Commit:
        return Commit("0" * 40, (), "a", "a@x", 0, 0, "a", "a@x", 0, 0, message)

    assert commit_tools(commit(_message("x", CLAUDE))) == ("Claude",)
    # a mention in the body, not a trailer, does not count; nor a human co-author
    assert commit_tools(commit("x\n\nAsked Claude about it.")) == ()
    assert commit_tools(commit("x\n\nBody.\n\nCo-authored-by: Ada <ada@example.com>")) == ()
    assert commit_tools(commit("x\n\nGenerated-by: Cursor Agent <cursoragent@cursor.com>")) == (
        "Cursor",
    )


def test_warm_run_reads_no_git(built, monkeypatch):
    cache = MemoryCache()
    first = _section(built, AICodeOptions(), cache)

    def no_git(*args, **kwargs):
        raise AssertionError("a warm run must not read the diffs again")

    monkeypatch.setattr(window_module, "stream_diffs", no_git)
    second = _section(built, AICodeOptions(), cache)
    assert second.to_dict() == first.to_dict()
    # nor does the assessment's early diff pass once the section is kept
    assert run(built.root, Options(workers=1), cache=cache).ai_code.to_dict() == first.to_dict()


def test_the_diff_pass_runs_once_beside_the_history_with_the_same_figures(built, monkeypatch):
    calls = []
    real = window_module.stream_diffs

    def counted(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(window_module, "stream_diffs", counted)
    assessed = run(built.root, Options(workers=1)).ai_code
    assert len(calls) == 1  # the ai_code phase took the early figures, it did not diff again
    monkeypatch.setattr(window_module, "stream_diffs", real)
    assert assessed.to_dict() == _section(built, AICodeOptions()).to_dict()  # from the commits


def test_an_early_walk_unlike_the_commits_read_is_measured_again(built):
    bogus = window_module.EarlyLines(
        ("0" * 40,), window_module.LineFigures([], False, ["not these"], (), {"2024Q1": 0.9})
    )
    checkout = open_repository(built.root)
    roles = classify_files(checkout, tracked_files(checkout))
    read = read_source_history(checkout, HistoryOptions())
    section = measure_ai_code(read, HistoryOptions(), AICodeOptions(), roles, early=bogus)
    assert section.to_dict() == _section(built, AICodeOptions()).to_dict()
    assert "not these" not in section.notes


def test_report_validates_and_round_trips(report):
    schema = json.loads(resource_path("report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    again = to_report(from_report(report))
    assert again["ai_adoption"]["ai_code"] == report["ai_adoption"]["ai_code"]
    assert "copy_paste_lines" in report["ai_adoption"]["ai_code"]["definitions"]


def test_settings_and_bad_split_date(built):
    options = ai_code_options_from_dict({"churn_days": 30, "months": "x", "unknown": 1})
    assert (options.churn_days, options.months) == (30, 24)
    result = run(built.root, replace(Options(workers=1), ai_code=AICodeOptions(split_date="soon")))
    assert result.ai_code is None
    assert any(w.code == "ai-code-settings" for w in result.repository.warnings)


def test_diff_parser_keeps_hunk_lines_that_look_like_headers():
    parser = DiffParser()
    out = parser.feed(
        b"\x01" + b"a" * 40 + b"\n"
        b"diff --git a/x.py b/x.py\n--- a/x.py\n+++ b/x.py\n"
        b"@@ -1,2 +1,1 @@\n---- removed\n-+++ removed\n+++++ added\n"
    )
    out += parser.finish()
    hunk = out[0].files[0].hunks[0]
    assert hunk.removed == ["--- removed", "+++ removed"]
    assert hunk.added == ["++++ added"]


def test_charts_show_the_section(qtbot, report):
    from analysis.ai_code.results import AICodeSection
    from widgets.ai_code_charts import AICodeCharts

    charts = AICodeCharts()
    qtbot.addWidget(charts)
    charts.set_ai_code(AICodeSection.from_dict(report["ai_adoption"]["ai_code"]))
    # C2, C3, C6, C7 of the 7 non-merge commits
    assert charts.summary.text().startswith("4 of 7 non-merge commits carry")
    assert "Claude 2" in charts.summary.text()
    assert "Commits with AI trailers: 4 commits, 21 added lines" in charts.comparison.text()
    # 2024Q1: 3 of 5 commits with trailers -> a 60% bar
    bars = [i for i in charts.trailer_plot.getPlotItem().items if hasattr(i, "opts")]
    assert [round(h, 1) for h in bars[0].opts["height"]] == [0.0, 60.0, 100.0]
    # duplication density 0, 20/28, 20/30 (see test_duplication_density_at_quarter_ends)
    density = [i for i in charts.density_plot.getPlotItem().items if hasattr(i, "opts")]
    assert [round(h, 1) for h in density[0].opts["height"]] == [0.0, 71.4, 66.7]
    charts.set_ai_code(None)
    assert charts.summary.text().startswith("No AI-assisted code signals")


def test_excluded_paths_leave_the_diff_pass(built):
    from analysis.ai_code.diffs import stream_diffs

    shas = built.git("log", "--reverse", "--format=%H").split()
    diffs = list(stream_diffs(built.root, shas, "", True, lambda: False, excluded=("app/core.py",)))
    paths = {f.new_path or f.old_path for d in diffs for f in d.files}
    assert "app/core.py" not in paths and "app/other.py" in paths


def test_duplication_density_at_quarter_ends(report):
    quarters = {q["quarter"]: q for q in report["ai_adoption"]["ai_code"]["quarters"]}
    # 2023Q4 ends at C1: A1..A10 once, no 5-line run twice -> 0
    assert quarters["2023Q4"]["duplication_density"] == 0.0
    # 2024Q1 ends at C6: code lines core 5 + other 8 + moved 5 + twice 10 = 28; the run
    # A1..A5 is in core.py and other.py (5 + 5 lines), B1..B5 twice in twice.py (10) -> 20/28
    assert quarters["2024Q1"]["duplication_density"] == round(20 / 28, 4)
    # 2024Q2 ends at C7: late.py adds 2 lines, no run -> 20/30
    assert quarters["2024Q2"]["duplication_density"] == round(20 / 30, 4)


def test_section_reads_roles_as_classified_whichever_phase_ends_first(tmp_path):
    """A module of literal tables is production to the roles phase and data once the code
    phase has parsed it. The AI-code phases run beside the code phase, so they read the roles
    as classified: one run after another (the code phase first) gives the figures of the
    roles phase's decisions, as a side-by-side run does whenever the code phase ends."""
    repo = GitRepo.init(tmp_path / "repo")
    repo.write("app/core.py", _text(A))
    table = "COUNTRIES = {\n" + "".join(f'    "C{i:03}": "Country {i}",\n' for i in range(80))
    repo.write("app/countries.py", table + "}\n")
    repo.commit("start", date="2024-01-02T12:00:00+00:00")
    repo.write("app/countries.py", table + '    "ZZZ": "Last",\n}\n')
    repo.commit("one more country", date="2024-01-03T12:00:00+00:00")
    one_after_another = to_report(run(repo.root, Options(workers=1), side_by_side=False))
    rules = {r["rule"]: r for r in one_after_another["roles"]["rules"]}
    assert rules["content:literal-tables"]["examples"] == ["app/countries.py"]  # refined
    section = one_after_another["ai_adoption"]["ai_code"]
    expected = _section(repo, AICodeOptions()).to_dict()  # roles fresh from classification
    assert section["quarters"] == expected["quarters"]
    (quarter,) = section["quarters"]
    assert quarter["code_commits"] == 2  # the table's commit counts as a code commit
    side_by_side = to_report(run(repo.root, Options(workers=1)))
    assert side_by_side["ai_adoption"]["ai_code"]["quarters"] == section["quarters"]
