"""Two assessments of one repository, before and after a change of habits, whose headline
figures are derived by hand (the article's worked example in miniature).

Files: ``core.py`` (one function of 14 parameters) and ``m0.py`` .. ``m9.py`` (one function
each); every function has cyclomatic complexity 1 and every file 2 source lines (22 in all).
All times are 12:00 UTC in 2024; deployments are annotated release tags (tagger date = deploy
time); DORA windows are two months.

Before (DORA window 2024-01-01 .. 2024-03-01, 60 days):
  C1 Jan 2 adds every file; C2..C6 on Jan 8, 14, 20, 26, Feb 1 each change m0 and m1..m5.
  Each commit is tagged 12 days later: v1.0.0, v1.1.0, v1.1.1, v1.2.0, v1.3.0, v1.3.1 on
  Jan 14, 20, 26, Feb 1, 7, 13. C3 ("Fix change 2", in v1.1.1) and C6 ("Fix change 5", in
  v1.3.1) rewrite the line of m0.py that C2 (first shipped in v1.1.0) and C5 (v1.3.0) wrote,
  6 days after those releases (hotfix window 7 days): SZZ links them, so v1.1.0 and v1.3.0
  failed.
  - lead time: the first deployment's commits have no lead time (nothing says when they first
    reached production); C2..C6: 12 days each -> median 12 days
  - deployments 6; the first commit is on Jan 2, so the DORA figures cover the 59 days from
    Jan 2 (a history younger than the window): 6 / (59 / 7) = 0.712 a week; change fail 2 / 6
  - debt: too-many-parameters (SonarQube S107, > 13 parameters): 20 min;
    ratio = 20 / (30 min x 22 lines) = 0.0303
  - hotspots (changes in the 12-month history window): m0 6, m1..m5 2, m6..m9 and core 1 =
    21 changes in 11 files; every complexity is 1, so the score orders by changes (ties by
    path); top ceil(11 x 10%) = 2 files: m0 6 + m1 2 -> share 8 / 21
After (DORA window 2024-03-01 .. 2024-05-01, 61 days):
  C7..C16 on Mar 4, 7, ..., Mar 31 (every 3 days) change m0..m9 in turn; C7 also refactors
  core.py to one parameter. Each is tagged 3 days later, v2.0.0 .. v2.9.0 (no patch release).
  - lead time 3 days each -> median 3 days
  - deployments 10 in 61 days -> 10 / (61 / 7) = 1.148 a week; change fail rate 0
  - debt 0 -> ratio 0
  - hotspots: m0 7, m1..m5 3, m6..m9 2, core 2 = 32 changes; top 2: m0 7 + m1 3 -> 10 / 32
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dora_data import tag
from gitrepo import GitRepo

from analysis.assessment import Options, run
from analysis.dora.settings import DoraInputs, DoraSettings

BEFORE_END = datetime(2024, 3, 1, tzinfo=UTC)
AFTER_END = datetime(2024, 5, 1, tzinfo=UTC)
MANY = ", ".join("abcdefghijklmn")  # 14 parameters


def _module(value: int) -> str:
    return f"def f(x):\n    return x + {value}\n"


def _commit(repo: GitRepo, message: str, when: datetime) -> str:
    return repo.commit(message, date=when.isoformat())


def _release(repo: GitRepo, name: str, sha: str, when: datetime) -> None:
    tag(repo, name, sha, when.isoformat())


def build_before(root) -> GitRepo:
    repo = GitRepo.init(root)
    start = datetime(2024, 1, 2, 12, tzinfo=UTC)
    repo.write("core.py", f"def configure({MANY}):\n    return a\n")
    for i in range(10):
        repo.write(f"m{i}.py", _module(0))
    names = ["v1.0.0", "v1.1.0", "v1.1.1", "v1.2.0", "v1.3.0", "v1.3.1"]
    for k, name in enumerate(names):
        when = start + timedelta(days=6 * k)
        if k:
            repo.write("m0.py", _module(k))
            repo.write(f"m{k}.py", _module(k))
        # changes 3 and 6 fix the line of m0.py the change before them wrote (SZZ links them)
        message = f"Fix change {k}" if name in ("v1.1.1", "v1.3.1") else f"change {k + 1}"
        sha = _commit(repo, message, when)
        _release(repo, name, sha, when + timedelta(days=12))
    return repo


def build_after(repo: GitRepo) -> None:
    start = datetime(2024, 3, 4, 12, tzinfo=UTC)
    for k in range(10):
        when = start + timedelta(days=3 * k)
        repo.write(f"m{k}.py", _module(100 + k))
        if k == 0:
            repo.write("core.py", "def configure(a):\n    return a\n")
        sha = _commit(repo, f"change {k + 7}", when)
        _release(repo, f"v2.{k}.0", sha, when + timedelta(days=3))


def options(window_end: datetime) -> Options:
    return Options(workers=1, dora=DoraInputs(DoraSettings(window_end=window_end, window_months=2)))


def assess_pair(root):
    """(repository, before assessment, after assessment)."""
    repo = build_before(root)
    before = run(repo.root, options(BEFORE_END))
    build_after(repo)
    after = run(repo.root, options(AFTER_END))
    return repo, before, after
