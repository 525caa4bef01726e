"""The AI-adoption readiness of a repository's team: the seven DORA AI capabilities, two measured
from git, one partly measured from the tracked files, four from the team's answers.

Scores are on DORA's 0-10 scale. A measured bucket scores like a survey answer, ``(i - 1) /
(n - 1) x 10`` with the smallest batch (or the most frequent commit) the best answer: lines per
commit is the mean score over every commit's bucket (the distribution, not the median);
changes per release the median deployment's bucket; version control the mean of the commit
frequency's score and the share of DORA's five asset kinds found in version control; the
platform the share of its measured checks met (CI, CI runs tests, CI runs before a merge, a
reproducible environment, a documented test command), averaged with the team's answers when
given. The combined readiness is the mean of the capabilities with a score, with how many it
rests on; it is never mixed into the AI-readiness score.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from statistics import mean
from typing import Any

from analysis.ai_adoption import batches, survey, version_control
from analysis.ai_adoption.agents import agent_readiness
from analysis.ai_adoption.platform import quality_internal_platform
from analysis.ai_adoption.results import (
    ANSWERED,
    CAPABILITY_NAMES,
    CHANGE_BUCKETS,
    FREQUENCY_BUCKETS,
    LINE_BUCKETS,
    MEASURED,
    NOT_KNOWN,
    PARTLY_MEASURED,
    AIAdoption,
    Capability,
)
from analysis.dora.results import DoraReport
from analysis.history.commits import Commit
from analysis.history.mining import months_before
from analysis.project_files import ProjectFiles
from analysis.roles import FileRoles

SOURCE = "DORA AI Capabilities Model (2025), https://dora.dev/ai/capabilities-model/"
#: what each capability is, in our words after DORA's capability pages (cited as SOURCE)
MEANINGS: dict[str, str] = {
    "clear_ai_stance": "The organisation says clearly whether and how AI tools may be used, "
    "which tools, and supports people in trying them.",
    "healthy_data_ecosystems": "Internal data is easy to find, trustworthy, of good quality and "
    "not locked in silos.",
    "ai_accessible_internal_data": "AI tools can use the company's own code, documents and data "
    "as context, safely.",
    "version_control": "Every change, including configuration and AI prompts, goes through "
    "version control in frequent commits that can be undone.",
    "small_batches": "Work is cut into small changes that are committed, reviewed and released "
    "often, so that AI-generated change stays reviewable and reversible.",
    "user_centric_focus": "The team builds for its users' goals and uses their feedback, so "
    "that AI speed goes where it creates value.",
    "quality_internal_platform": "Shared, automated tooling (build, test, deploy, environments) "
    "gives fast, clear feedback on every change.",
}
#: from this share of squash-merged pull requests the commit rhythm is said to be a floor
SQUASHED = 0.5
#: DORA's asset kinds, in its words
ASSET_LABELS = {
    "application_code": "application code",
    "application_configuration": "application configuration",
    "build_automation": "build automation",
    "system_configuration": "system configuration",
    "prompts_for_ai": "prompts for AI systems",
}
ASSET_KINDS = tuple(ASSET_LABELS)


def _bucket_score(bucket: str, buckets: Sequence[str], best_first: bool = True) -> float:
    position = buckets.index(bucket)
    if best_first:
        position = len(buckets) - 1 - position
    return round(position / (len(buckets) - 1) * 10, 2)


def _window(commits: Sequence[Commit], months: int) -> tuple[int, int] | None:
    if not commits:
        return None
    end = max(c.committer_seconds for c in commits)
    return months_before(end, months), end


def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).date().isoformat()


def measure_ai_adoption(
    commits: Sequence[Commit] | None,
    tip: str | None,
    roles: FileRoles,
    files: ProjectFiles,
    dora: DoraReport | None,
    answers: Mapping[str, Any] | None = None,
    window_months: int = 12,
    first_parent: bool = False,
    is_bot: Callable[[str, str], bool] = lambda name, email: False,
) -> AIAdoption:
    """The section for one repository. ``commits`` are the history's commits, newest first
    (None when the history was not read); ``tip`` the analysed branch's commit."""
    answers = dict(answers or {})
    result = AIAdoption()
    branch = batches.reachable(commits, tip) if commits and tip else []
    window = _window(branch, window_months)
    in_window: list[Commit] = []
    if window:
        start, end = window
        result.window = {"start": _iso(start), "end": _iso(end), "months": window_months}
        in_window = [c for c in branch if start <= c.committer_seconds <= end]
    elif commits is None:
        result.notes.append("the history was not read: batch size and commit rhythm not known")

    def is_code(path: str) -> bool:
        return roles.is_code(path)

    # small batches
    sb = result.small_batches
    sb.lines_per_commit = batches.lines_per_commit(in_window, is_code)
    if dora is not None:
        # releases and deployments; backports and pre-releases ship nothing first
        shipped = [d.commits for d in dora.deployment_list if d.kind in ("release", "deployment")]
        sb.changes_per_release = batches.changes_per_release(
            shipped, dora.deployment_source.get("label", "")
        )
    if window and commits:
        mainline = {c.sha for c in batches.first_parent_chain(commits, tip or "")}
        sb.branch_to_merge = batches.branch_to_merge(commits, mainline, window[0], first_parent)
    # version control
    vc = result.version_control
    vc.commits = sum(1 for c in in_window if not c.is_merge)
    vc.commit_frequency = version_control.commit_frequency(in_window, is_bot=is_bot)
    vc.reverts = version_control.reverts(in_window)
    vc.pull_request_commits = version_control.pull_request_commits(in_window)
    if dora is not None:
        vc.rollbacks = sum(1 for f in dora.failures if f.kind == "rollback")
    vc.assets = version_control.assets(
        files.paths(), lambda p: roles.is_production(p) and roles.is_code(p)
    )
    # the platform and the agents
    platform = quality_internal_platform(files)
    result.quality_internal_platform = platform
    result.agent_readiness = agent_readiness(files, roles, commits or [], platform)
    return with_answers(result, answers)


def with_answers(section: AIAdoption, answers: Mapping[str, Any] | None) -> AIAdoption:
    """The section with its capabilities and readiness scored again for the team's ``answers``
    (what was measured is kept): a new object, so the GUI can re-score an assessment shown when
    the team changes its answers, without running the analysis again."""
    given = dict(answers or {})
    capabilities = [_capability(cap_id, section, given) for cap_id in CAPABILITY_NAMES]
    scored = [c.score for c in capabilities if c.score is not None]
    return replace(
        section,
        capabilities=capabilities,
        readiness=round(mean(scored), 1) if scored else None,
        readiness_basis=len(scored),
    )


def _capability(cap_id: str, result: AIAdoption, answers: Mapping[str, Any]) -> Capability:
    name = CAPABILITY_NAMES[cap_id]
    capability = Capability(cap_id, name, NOT_KNOWN, None, [], MEANINGS[cap_id], SOURCE)
    if cap_id == "small_batches":
        _small_batches(capability, result)
    elif cap_id == "version_control":
        _version_control(capability, result)
    elif cap_id == "quality_internal_platform":
        _platform(capability, result, answers)
    else:
        score, count = survey.capability_score(cap_id, answers)
        if score is not None:
            capability.status, capability.score = ANSWERED, score
            capability.evidence.append(f"{count} of DORA's questions answered by the team")
        else:
            capability.evidence.append(
                "not measurable from a repository: answer DORA's questions (Decisions tab, "
                "wizard, or [ai_capabilities] in the team file)"
            )
    return capability


def _small_batches(capability: Capability, result: AIAdoption) -> None:
    lines = result.small_batches.lines_per_commit
    releases = result.small_batches.changes_per_release
    parts = []
    if lines.commits:
        weighted = sum(
            count * _bucket_score(bucket, LINE_BUCKETS) for bucket, count in lines.buckets.items()
        )
        parts.append(weighted / lines.commits)
        shares = ", ".join(
            f"{bucket}: {count / lines.commits:.0%}" for bucket, count in lines.buckets.items()
        )
        capability.evidence.append(
            f"median {lines.median:g} lines changed in code per commit over {lines.commits:,} "
            f"commits ({shares})"
        )
    if releases.bucket is not None and releases.median is not None:
        parts.append(_bucket_score(releases.bucket, CHANGE_BUCKETS))
        capability.evidence.append(
            f"median {releases.median:g} commits shipped per deployment over "
            f"{releases.deployments:,} deployments (DORA bucket {releases.bucket})"
        )
    merge = result.small_batches.branch_to_merge
    if merge.median_hours is not None:
        capability.evidence.append(
            f"median {merge.median_hours:g} hours from a branch's first commit to its merge "
            f"({merge.merges:,} merges)"
        )
    if parts:
        capability.status, capability.score = MEASURED, round(mean(parts), 1)
    else:
        capability.evidence.append("no commits changing code in the window")


def _version_control(capability: Capability, result: AIAdoption) -> None:
    vc = result.version_control
    assets = [kind for kind in ASSET_KINDS if vc.assets.get(kind)]
    capability.evidence.append(
        f"in version control: {', '.join(ASSET_LABELS[k] for k in assets) or 'nothing found'}"
        + (
            f"; not found: {', '.join(ASSET_LABELS[k] for k in ASSET_KINDS if k not in assets)}"
            if len(assets) < len(ASSET_KINDS)
            else ""
        )
    )
    parts = [len(assets) / len(ASSET_KINDS) * 10]
    freq = vc.commit_frequency
    if freq.bucket is not None:
        parts.append(_bucket_score(freq.bucket, FREQUENCY_BUCKETS, best_first=False))
        capability.evidence.append(
            f"commit rhythm on active days: {freq.bucket} (median of {len(freq.per_author)} "
            f"authors with {freq.min_commits}+ commits)"
        )
    if vc.commits and vc.pull_request_commits / vc.commits >= SQUASHED:
        capability.evidence.append(
            f"{vc.pull_request_commits / vc.commits:.0%} of the commits are squash-merged "
            "pull requests: the rhythm read is of merged changes, a floor for how often "
            "people commit locally"
        )
    if vc.commits:
        capability.evidence.append(
            f"{vc.reverts:,} reverts in {vc.commits:,} commits; {vc.rollbacks:,} rollback "
            "deployments"
        )
        capability.status = MEASURED
        capability.score = round(mean(parts), 1)
    else:
        capability.status = PARTLY_MEASURED
        capability.score = round(parts[0], 1)
        capability.evidence.append("no commits in the window: commit rhythm not known")


def _platform(capability: Capability, result: AIAdoption, answers: Mapping[str, Any]) -> None:
    p = result.quality_internal_platform
    checks = {
        "CI configured": bool(p.ci_files),
        "CI runs tests": bool(p.ci_runs.get("tests")),
        "CI runs before a change merges": p.gates_merges,
        "reproducible environment (lock file or container)": bool(
            p.environments.get("lock_files")
            or p.environments.get("containers")
            or p.environments.get("devcontainer")
        ),
        "documented test command": p.test_command is not None,
    }
    met = [name for name, ok in checks.items() if ok]
    capability.evidence.append(
        f"{len(met)} of {len(checks)} platform checks met"
        + (f": {', '.join(met)}" if met else "")
        + (
            f"; missing: {', '.join(n for n in checks if n not in met)}"
            if len(met) < len(checks)
            else ""
        )
    )
    measured = len(met) / len(checks) * 10
    answered, count = survey.capability_score("quality_internal_platform", answers)
    capability.status = PARTLY_MEASURED
    if answered is None:
        capability.score = round(measured, 1)
        capability.evidence.append("the platform's qualities for its users: not answered")
    else:
        capability.score = round((measured + answered) / 2, 1)
        capability.evidence.append(f"{count} of DORA's platform questions answered by the team")
