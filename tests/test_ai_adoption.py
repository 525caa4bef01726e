"""AI-adoption readiness (issue 18): DORA's seven AI capabilities on repositories built here,
every figure derived by hand in the comments."""

from __future__ import annotations

import json

import jsonschema
import pytest

from analysis.ai_adoption import survey
from analysis.ai_adoption.results import CAPABILITY_NAMES, AIAdoption
from analysis.assessment import Options, run
from analysis.decisions.team import TeamProfile, TeamProfileError, load_team_profile
from analysis.history.privacy import pseudonymize_report
from analysis.report import from_report, to_report
from resources import resource_path
from tests.gitrepo import GitRepo


def numbered(count: int, tag: str) -> str:
    return "".join(f"{tag}_{i} = {i}\n" for i in range(count))


@pytest.fixture(scope="module")
def team_repo(tmp_path_factory) -> GitRepo:
    """Ada commits daily (Mon 2024-01-01 ... Sun 01-07), Bob six times ten minutes apart on
    2024-01-10, Carol twice (one a git revert). Code lines per commit (added + deleted):

    Ada:   5, 30, 80, 200, 400, (docs only: no code), 2 (one line rewritten)
    Bob:   12 x 6 (a new 12-line module each)
    Carol: 12 (reverts Bob's last: 12 lines deleted), 3

    sorted: 2 3 5 12 12 12 12 12 12 12 30 80 200 400 -> 14 commits, median (12 + 12) / 2 = 12
    buckets: 1-10 {2, 3, 5} = 3; 11-50 {12 x 7, 30} = 8; 51-100 {80}; 101-250 {200}; >250 {400}
    """
    repo = GitRepo.init(tmp_path_factory.mktemp("team"))
    repo.write("src/app.py", numbered(5, "a"))
    repo.write("README.md", "# App\n\nRun the tests with `pytest -q`.\n")
    repo.write("AGENTS.md", "Use pytest.\n")
    repo.write(
        ".github/workflows/ci.yml",
        "on: [pull_request]\njobs:\n  t:\n    steps:\n      - run: pytest\n",
    )
    repo.write("uv.lock", "version = 1\n")
    repo.write("Makefile", "test:\n\tpytest\n")
    repo.commit("start")  # 2024-01-01
    repo.write("tests/test_app.py", numbered(30, "t"))
    repo.commit("tests")
    repo.write("src/big.py", numbered(80, "b"))
    repo.commit("big")
    repo.write("src/bigger.py", numbered(200, "c"))
    repo.commit("bigger")
    repo.write("src/huge.py", numbered(400, "d"))
    repo.commit("huge")
    repo.write("docs/guide.md", "# Guide\n")
    repo.commit("docs")
    repo.write("src/app.py", numbered(5, "a").replace("a_4 = 4", "a_4 = 40"))
    repo.commit("rewrite one line")  # 2024-01-07: 1 added + 1 deleted
    for minute in range(0, 30, 5):  # 09:00, 09:05 ... 09:25
        repo.write(f"src/b{minute}.py", numbered(12, f"m{minute}"))
        repo.commit("bob", author="Bob <bob@example.com>", date=f"2024-01-10T09:{minute:02d}:00Z")
    last = repo.head()
    carol = "Carol <carol@example.com>"
    repo.git("revert", "--no-commit", last)
    repo.commit(
        f'Revert "bob"\n\nThis reverts commit {last}.', author=carol, date="2024-01-11T12:00:00Z"
    )
    repo.write("src/c.py", numbered(3, "c"))
    repo.commit("carol", author=carol, date="2024-01-12T12:00:00Z")
    return repo


@pytest.fixture(scope="module")
def adoption(team_repo) -> AIAdoption:
    result = run(str(team_repo.root), Options())
    assert result.ai_adoption is not None
    return result.ai_adoption


def test_lines_per_commit_are_dora_buckets_over_the_window(adoption):
    lines = adoption.small_batches.lines_per_commit
    assert lines.commits == 14
    assert lines.median == 12
    assert lines.buckets == {"1-10": 3, "11-50": 8, "51-100": 1, "101-250": 1, ">250": 1}
    assert lines.without_code == 1  # the docs-only commit
    assert lines.bucket == "11-50"


def test_commit_rhythm_per_author_on_the_days_they_commit(adoption):
    freq = adoption.version_control.commit_frequency
    by_author = {a.author: a for a in freq.per_author}
    # Carol has 2 commits (< 5): not rated
    assert set(by_author) == {"Ada Lovelace", "Bob"}
    # Ada: 7 commits on 7 days of one week -> 1 a day, 7 active days in 1 week >= 3.5
    assert by_author["Ada Lovelace"].bucket == "About once a day"
    assert by_author["Ada Lovelace"].commits_per_active_day == 1.0
    # Bob: 6 commits on one day, 5 minutes apart -> 6 a day, median gap 5 min <= 10
    assert by_author["Bob"].bucket == "Every few minutes"
    assert by_author["Bob"].median_gap_minutes == 5.0
    # the team: the lower median of [About once a day, Every few minutes]
    assert freq.bucket == "About once a day"


def test_reverts_and_what_lives_in_version_control(adoption):
    vc = adoption.version_control
    assert vc.reverts == 1
    assert vc.commits == 15  # 7 Ada + 6 Bob + 2 Carol (one of them the revert)
    assert vc.assets["prompts_for_ai"] == ["AGENTS.md"]
    assert vc.assets["build_automation"] == [".github/workflows/ci.yml", "Makefile"]
    assert vc.assets["system_configuration"] == []


def test_platform_is_partly_measured_from_the_files(adoption):
    platform = adoption.quality_internal_platform
    assert platform.ci_files == [".github/workflows/ci.yml"]
    assert platform.ci_runs["tests"] == [".github/workflows/ci.yml"]
    assert platform.gates_merges
    assert platform.environments["lock_files"] == ["uv.lock"]
    assert (platform.test_command, platform.test_command_source) == ("pytest -q", "README.md")
    assert platform.test_runner == "Makefile: make test"
    capability = adoption.capability("quality_internal_platform")
    # 4 of 5 checks: CI, CI runs tests, before a merge, lock file, test command = 5 of 5
    assert capability.status == "partly_measured"
    assert capability.score == 10.0


def test_seven_capabilities_with_status_evidence_and_source(adoption):
    assert [c.id for c in adoption.capabilities] == list(CAPABILITY_NAMES)
    status = {c.id: c.status for c in adoption.capabilities}
    assert status["small_batches"] == "measured"
    assert status["version_control"] == "measured"
    assert status["quality_internal_platform"] == "partly_measured"
    for answered in (
        "clear_ai_stance",
        "healthy_data_ecosystems",
        "ai_accessible_internal_data",
        "user_centric_focus",
    ):
        assert status[answered] == "not_known"
    for capability in adoption.capabilities:
        assert capability.evidence and capability.meaning and "dora.dev" in capability.source
    # readiness rests on the three with a score, never on the unknown four
    assert adoption.readiness_basis == 3


def test_agent_readiness_findings(adoption):
    found = {f.id: f for f in adoption.agent_readiness}
    assert found["agent_instructions"].ok  # AGENTS.md changed 11 days before the newest commit
    assert "AGENTS.md: last changed 11 days" in found["agent_instructions"].evidence[0]
    assert found["test_command"].ok
    assert found["ci_gates_merges"].ok
    # no function in the sources: type hints cannot be told
    assert found["type_hints"].ok is None


def test_survey_scores_follow_doras_answer_positions():
    stance = survey.question("clear_ai_stance_7")  # 5 answers: Not at all clear ... Extremely
    assert stance.score("Not at all clear") == 0
    assert stance.score(4) == 7.5  # (4 - 1) / 4 x 10
    siloed = survey.question("healthy_data_ecosystems_3")  # reversed: "Never" siloed is best
    assert siloed.score("Never") == 10
    assert siloed.score("I don't know or NA") is None
    users = survey.question("user_centric_focus_1")  # seven-point agreement
    assert users.score("6 Moderately agree") == pytest.approx(8.33, abs=0.01)
    assert survey.capability_score(
        "clear_ai_stance", {"clear_ai_stance_7": 4, "clear_ai_stance_8": "Extremely clear"}
    ) == (8.8, 2)  # mean(7.5, 10) = 8.75 -> 8.8


def test_team_file_answers_reach_the_capabilities(tmp_path, team_repo):
    team = tmp_path / "team.toml"
    team.write_text(
        "[team]\nteam_size = 4\n\n[ai_capabilities]\nclear_ai_stance_7 = 5\n"
        'user_centric_focus_1 = "7 Extremely agree"\n',
        encoding="utf-8",
    )
    profile = load_team_profile(team)
    assert profile.ai_capabilities == {
        "clear_ai_stance_7": 5,
        "user_centric_focus_1": "7 Extremely agree",
    }
    result = run(str(team_repo.root), Options(team=profile))
    stance = result.ai_adoption.capability("clear_ai_stance")
    assert (stance.status, stance.score) == ("answered", 10.0)
    assert result.ai_adoption.readiness_basis == 5


def test_a_wrong_answer_is_one_clear_message(tmp_path):
    team = tmp_path / "team.toml"
    team.write_text('[ai_capabilities]\nclear_ai_stance_7 = "Sometimes"\n', encoding="utf-8")
    with pytest.raises(TeamProfileError, match="clear_ai_stance_7: 'Sometimes' is not one of"):
        load_team_profile(team)
    with pytest.raises(TeamProfileError, match="unknown question 'stance'"):
        TeamProfile.from_dict({"ai_capabilities": {"stance": 1}})


def test_report_section_validates_round_trips_and_hides_people(team_repo):
    result = run(str(team_repo.root), Options())
    report = to_report(result)
    schema = json.loads(resource_path("report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    section = report["ai_adoption"]
    assert section["small_batches"]["lines_per_commit"]["buckets"]["11-50"] == 8
    assert [c["id"] for c in section["capabilities"]] == list(CAPABILITY_NAMES)
    back = from_report(json.loads(json.dumps(report)))
    assert back.ai_adoption == result.ai_adoption
    hidden = pseudonymize_report(report)
    authors = [
        a["author"]
        for a in hidden["ai_adoption"]["version_control"]["commit_frequency"]["per_author"]
    ]
    assert authors and all(a.startswith("Developer ") for a in authors)
    assert "Bob" not in json.dumps(hidden["ai_adoption"])


def test_branch_to_merge_counts_pieces_of_work_not_release_lines(tmp_path):
    """feature: first commit 10:00, second 12:00, merged 15:00 -> 5 hours. 'stable' is a
    release line merged back (a month of work): left out, as flask's 21 merges of it."""
    repo = GitRepo.init(tmp_path / "merges")
    repo.write("src/a.py", numbered(3, "a"))
    repo.commit("start", date="2024-01-01T09:00:00Z")
    repo.git("branch", "stable")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("src/f.py", numbered(4, "f"))
    repo.commit("feature 1", date="2024-02-01T10:00:00Z")
    repo.write("src/f.py", numbered(6, "f"))
    repo.commit("feature 2", date="2024-02-01T12:00:00Z")
    repo.git("checkout", "-q", "stable")
    repo.write("src/s.py", numbered(2, "s"))
    repo.commit("fix on stable", date="2024-01-02T09:00:00Z")
    repo.git("checkout", "-q", "main")
    for branch, when in (("feature", "2024-02-01T15:00:00Z"), ("stable", "2024-02-02T09:00:00Z")):
        env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        from tests.gitrepo import git

        git(
            repo.root,
            "-c",
            "user.name=Ada",
            "-c",
            "user.email=ada@example.com",
            "merge",
            "--no-ff",
            "-q",
            "-m",
            f"Merge branch '{branch}'",
            branch,
            env=env,
        )
    result = run(str(repo.root), Options())
    merges = result.ai_adoption.small_batches.branch_to_merge
    assert (merges.merges, merges.median_hours) == (1, 5.0)


def test_bots_and_occasional_authors_are_not_the_teams_rhythm():
    """A bot committing daily is left out; an author with 6 commits on 3 days, hours apart,
    commits "At least twice a day"; one committing once in each of 5 weeks spread over 41
    weeks (5 of 41 < a quarter) commits "Rarely"."""
    from analysis.ai_adoption.version_control import commit_frequency
    from analysis.history.commits import Commit
    from analysis.history.options import HistoryOptions

    def commit(author: str, email: str, day: int, hour: int = 12) -> Commit:
        seconds = 1_704_067_200 + day * 86400 + hour * 3600  # 2024-01-01 00:00 UTC + ...
        return Commit(
            f"{author}{day}{hour}",
            ("p",),
            author,
            email,
            seconds,
            0,
            author,
            email,
            seconds,
            0,
            "change",
        )

    commits = [commit("github-actions", "gha@github.com", d) for d in range(10)]
    commits += [commit("Dee", "dee@x", d, h) for d, h in ((0, 9), (0, 15), (1, 9), (2, 9))]
    commits += [commit("Dee", "dee@x", 2, 16), commit("Dee", "dee@x", 1, 17)]  # 6 on 3 days
    commits += [commit("Eve", "eve@x", d) for d in (0, 70, 140, 210, 280)]
    rated = commit_frequency(commits, is_bot=HistoryOptions().is_bot)
    buckets = {a.author: a.bucket for a in rated.per_author}
    assert buckets == {"Dee": "At least twice a day", "Eve": "Rarely"}
    # Dee: 6 commits / 3 days = 2 a day, same-day gaps 6 h, 8 h, 7 h -> at least twice a day


def test_the_advice_names_small_batches_and_version_control_only(team_repo):
    """Small batches: lines per commit (3 x 10 + 8 x 7.5 + 5 + 2.5 + 0) / 14 = 6.96, and each
    deployment (no tags: every commit of the branch) ships 1 commit, DORA's best bucket, 10:
    mean 8.48 -> 8.5. Version control: 3 of 5 asset kinds (6.0) and "About once a day" (2 of
    5 steps above "Rarely" = 4.0) -> 5.0."""
    result = run(str(team_repo.root), Options())
    adoption = result.ai_adoption
    assert adoption.small_batches.changes_per_release.bucket == "1"
    assert adoption.capability("small_batches").score == 8.5
    assert adoption.capability("version_control").score == 5.0
    notes = [n for n in result.decisions.notes if n.startswith("AI adoption:")]
    assert notes == [
        "AI adoption: working in small batches 8.5/10, strong version control practices 5/10: "
        "the practices that let a team absorb AI-generated change are in place (DORA 2025)."
    ]


def test_squash_merged_pull_requests_make_the_rhythm_a_floor(tmp_path):
    """Three of four commits end with "(#n)" (GitHub squash merges): 75% >= half, so the
    evidence says the rhythm read is of merged changes."""
    repo = GitRepo.init(tmp_path / "squash")
    for n in range(4):
        repo.write(f"src/m{n}.py", numbered(3, f"m{n}"))
        repo.commit(f"change {n} (#{n + 10})" if n else "start")
    adoption = run(str(repo.root), Options()).ai_adoption
    assert adoption.version_control.pull_request_commits == 3
    evidence = adoption.capability("version_control").evidence
    assert any(e.startswith("75% of the commits are squash-merged pull requests") for e in evidence)
