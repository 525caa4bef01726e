"""Strong version control practices, measured from git.

DORA AI Capabilities Model (2025), "Strong version control practices": how often people commit
while actively changing code (Rarely ... Every few minutes), how much they rely on reverting or
rolling back, and which assets live in version control (application code, application
configuration, build automation, system configuration, prompts for AI systems).

Commit frequency per author, on the days they commit (author dates, the author's own clock):
``c`` = commits per active day. ``c >= 2``: "Every few minutes" when the median gap between
consecutive commits on one day is at most 10 minutes, "At least once an hour" when at most 60,
else "At least twice a day". ``c < 2``: "About once a day" when the author commits on at least
2 days of a week they commit in, else "About once a week", or "Rarely" when they commit in
fewer than a quarter of the weeks between their first and last commit. Authors with fewer than
``min_commits`` commits in the window are not rated (drive-by contributors are not the team's
rhythm), nor bots (the history's bot patterns: github-actions, dependabot, ``[bot]``, ...).
The team's answer is the lower median of the rated authors' buckets.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta
from itertools import pairwise
from statistics import median

from analysis.ai_adoption.results import FREQUENCY_BUCKETS, AuthorFrequency, CommitFrequency
from analysis.history.commits import Commit

MIN_COMMITS = 5

#: DORA's asset kinds -> file patterns (name, or whole path when the pattern has '/')
ASSET_PATTERNS: dict[str, tuple[str, ...]] = {
    "application_configuration": (
        "settings.py",
        "*.ini",
        "*.cfg",
        ".env.example",
        "*.env.sample",
        "config/*",
        "*/config/*",
        "*.conf",
        "appsettings*.json",
        "application*.yml",
        "application*.yaml",
        "application*.properties",
    ),
    "build_automation": (
        "Makefile",
        "GNUmakefile",
        "pyproject.toml",
        "setup.py",
        "setup.cfg",
        "package.json",
        "tox.ini",
        "noxfile.py",
        "justfile",
        "Taskfile.yml",
        "build.gradle",
        "build.gradle.kts",
        "pom.xml",
        "CMakeLists.txt",
        ".github/workflows/*",
        ".gitlab-ci.yml",
        "Jenkinsfile",
        ".circleci/config.yml",
        "azure-pipelines.yml",
    ),
    "system_configuration": (
        "Dockerfile",
        "*.Dockerfile",
        "Dockerfile.*",
        "docker-compose*.yml",
        "docker-compose*.yaml",
        "compose*.yml",
        "compose*.yaml",
        "*.tf",
        "*.tfvars",
        "Chart.yaml",
        "kustomization.yaml",
        "*/k8s/*",
        "k8s/*",
        "*/kubernetes/*",
        "ansible.cfg",
        "*/playbooks/*",
        "Vagrantfile",
        "Procfile",
        "fly.toml",
        "app.yaml",
        "serverless.yml",
        "*.nix",
    ),
    "prompts_for_ai": (
        "AGENTS.md",
        "CLAUDE.md",
        "GEMINI.md",
        ".cursorrules",
        ".windsurfrules",
        ".clinerules",
        ".cursor/rules/*",
        ".github/copilot-instructions.md",
        ".github/instructions/*",
        ".github/prompts/*",
        "*.prompt.md",
        "*.prompt.yml",
        ".aider.conf.yml",
        "CONVENTIONS.md",
    ),
}
#: the paths matched above that are agent instructions (item 4 reads them too)
AGENT_INSTRUCTIONS = ASSET_PATTERNS["prompts_for_ai"][:9]
EXAMPLES = 3


def matches(path: str, patterns: Iterable[str]) -> bool:
    name = posixpath.basename(path)
    for pattern in patterns:
        if "/" in pattern:
            if fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(path, f"*/{pattern}"):
                return True
        elif fnmatch.fnmatchcase(name, pattern):
            return True
    return False


def assets(paths: Sequence[str], is_production_code: Callable[[str], bool]) -> dict[str, list[str]]:
    """DORA's asset kinds -> up to three tracked paths of that kind ([] when none)."""
    found: dict[str, list[str]] = {"application_code": []}
    found.update({kind: [] for kind in ASSET_PATTERNS})
    for path in sorted(paths):
        if len(found["application_code"]) < EXAMPLES and is_production_code(path):
            found["application_code"].append(path)
        for kind, patterns in ASSET_PATTERNS.items():
            if len(found[kind]) < EXAMPLES and matches(path, patterns):
                found[kind].append(path)
    return found


def _bucket(commits: int, days: list, seconds_by_day: dict) -> tuple[str, float | None]:
    per_day = commits / len(days)
    gaps: list[float] = []
    for moments in seconds_by_day.values():
        ordered = sorted(moments)
        gaps.extend((b - a) / 60 for a, b in pairwise(ordered))
    gap = round(float(median(gaps)), 1) if gaps else None
    if per_day >= 2:
        if gap is not None and gap <= 10:
            return FREQUENCY_BUCKETS[5], gap
        if gap is not None and gap <= 60:
            return FREQUENCY_BUCKETS[4], gap
        return FREQUENCY_BUCKETS[3], gap
    weeks = {day - timedelta(days=day.weekday()) for day in days}
    if len(days) / len(weeks) >= 2:
        return FREQUENCY_BUCKETS[2], gap
    span_weeks = (max(weeks) - min(weeks)).days // 7 + 1
    if len(weeks) / span_weeks >= 0.25:
        return FREQUENCY_BUCKETS[1], gap
    return FREQUENCY_BUCKETS[0], gap


def commit_frequency(
    commits: Sequence[Commit],
    min_commits: int = MIN_COMMITS,
    is_bot: Callable[[str, str], bool] = lambda name, email: False,
) -> CommitFrequency:
    """Each author's rhythm on the days they commit (non-merge commits of the window)."""
    by_author: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    for commit in commits:
        if commit.is_merge or commit.shallow_boundary:
            continue
        if is_bot(commit.author_name, commit.author_email):
            continue
        by_author[commit.author][commit.author_time.date()].append(commit.author_seconds)
    rated = []
    for author, by_day in by_author.items():
        total = sum(len(moments) for moments in by_day.values())
        if total < min_commits:
            continue
        days = sorted(by_day)
        bucket, gap = _bucket(total, days, by_day)
        rated.append(
            AuthorFrequency(author, total, len(days), round(total / len(days), 2), gap, bucket)
        )
    rated.sort(key=lambda a: (-a.commits, a.author))
    if not rated:
        return CommitFrequency(None, [], min_commits)
    ranks = sorted(FREQUENCY_BUCKETS.index(a.bucket) for a in rated)
    return CommitFrequency(FREQUENCY_BUCKETS[ranks[(len(ranks) - 1) // 2]], rated, min_commits)


_PULL_REQUEST = re.compile(r"\(#\d+\)\s*$")


def pull_request_commits(commits: Sequence[Commit]) -> int:
    """Non-merge commits whose subject ends with "(#123)": GitHub's squash and rebase merges,
    one commit per pull request, so their rhythm is the team's merges, not its local commits."""
    return sum(1 for c in commits if not c.is_merge and _PULL_REQUEST.search(c.subject))


def reverts(commits: Sequence[Commit]) -> int:
    """Commits that revert another (git revert's "This reverts commit <sha>" line)."""
    return sum(1 for commit in commits if commit.reverted_shas())
