"""What counts as a deployment: an imported log, release tags, or the default branch's history.

The user chooses (``DoraSettings.deployment_source``) or lets :func:`choose_deployments` pick:
the deployment log if one is imported, else release tags if at least ``MIN_SAMPLE`` of them fall
in the window, else every merge (or every commit) on the default branch's first-parent line,
the continuous-deployment reading Middleware uses. The choice comes back with its reason.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from analysis.dora.delivery_log import DeploymentRecord, ImportedLog
from analysis.dora.patterns import compile_pattern
from analysis.dora.records import BranchTip, DoraCommit, TagRecord
from analysis.dora.release_lines import NON_RELEASE, PRE_RELEASE, RELEASE, ReleaseTag, read_tag
from analysis.dora.settings import MIN_SAMPLE, SOURCE_LABELS, DoraSettings
from analysis.dora.wording import count

MAX_NAMES = 65_536  # distinct deployment names shared between log rows


@dataclass(slots=True)  # a million-row log makes as many: no per-object dict
class Deployment:
    key: str  # unique: log id or "line N", tag name, or commit sha
    name: str  # what the user recognises: the ref, the tag, "sha subject"
    sha: str | None  # the commit deployed; None when the log names one this repository lacks
    at: datetime  # UTC
    environment: str = ""
    service: str = ""
    tag: ReleaseTag | None = None  # how its release tag reads (version, line), when it has one
    fix: bool = False  # its name, or a tag on its commit, matches the fix pattern
    rolled_back: bool = False  # the log says it was rolled back
    #: "release", "pre-release", "backport" (set by :mod:`analysis.dora.backports`) or
    #: "deployment" (a log row or a default-branch merge)
    kind: str = "deployment"
    backport_of: str | None = None  # key of the deployment its changes first shipped in

    @property
    def counted(self) -> bool:
        """Counts in the figures: releases and deployments, not pre-releases or backports."""
        return self.kind in (RELEASE, "deployment")

    @property
    def ships(self) -> bool:
        """Carries changes to users (everything but a pre-release)."""
        return self.kind != PRE_RELEASE


@dataclass
class DeploymentChoice:
    source: str  # "log" | "tags" | "branch"
    deployments: list[Deployment]
    reason: str
    detail: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: tags that are not deployments (pre-releases, non-release tags), with their reading
    set_aside: list[tuple[TagRecord, ReleaseTag]] = field(default_factory=list)
    tag_kinds: dict[str, int] = field(default_factory=dict)


def _status(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


#: Log statuses of runs that never reached production (GitHub deployment states included).
NOT_DEPLOYED = frozenset(
    {
        "failed",
        "failure",
        "error",
        "errored",
        "cancelled",
        "canceled",
        "aborted",
        "skipped",
        "timedout",
        "timeout",
        "inprogress",
        "running",
        "queued",
        "pending",
        "waiting",
        "started",
    }
)
#: Statuses of deployments that reached production and were rolled back (failed deployments).
ROLLED_BACK = frozenset({"rolledback", "reverted"})
#: Statuses of deployments that reached production ("inactive": superseded by a later one).
DEPLOYED = frozenset(
    {
        "",
        "success",
        "successful",
        "succeeded",
        "ok",
        "done",
        "deployed",
        "complete",
        "completed",
        "finished",
        "inactive",
        "live",
        "released",
        "passed",
    }
)


_SHA = re.compile(r"^[0-9a-fA-F]{13,64}$")


def short_ref(ref: str) -> str:
    """A ref as people write it: a full sha shortened to 12 characters, anything else as is."""
    return ref[:12] if _SHA.match(ref) else ref


def _labels(tags_by_sha: Mapping[str, list[str]], sha: str | None) -> list[str]:
    return tags_by_sha.get(sha, []) if sha else []


def _version_and_fix(name: str, labels: list[str], release, fix) -> tuple[ReleaseTag | None, bool]:
    """The release reading of a ref or of the first release tag on its commit; whether any of
    them is a fix."""
    tag = None
    for label in (name, *labels):
        reading = read_tag(label, release, fix) if label else None
        if reading is not None and reading.kind == RELEASE:
            tag = reading
            break
    is_fix = bool(fix.search(name)) or any(fix.search(label) for label in labels)
    return tag, is_fix or (tag is not None and tag.fix)


def from_log(
    log: ImportedLog,
    resolved: Mapping[str, str | None],
    tags_by_sha: Mapping[str, list[str]],
    settings: DoraSettings,
) -> DeploymentChoice:
    """Rows of a deployment log that reached production; failed runs and other environments out."""
    production = compile_pattern(settings.production_pattern, "production environment")
    release = compile_pattern(settings.release_pattern, "release tag")
    fix = compile_pattern(settings.fix_pattern, "fix tag")
    has_environment = bool(log.mapping.get("environment"))
    deployments: list[Deployment] = []
    other_env: Counter[str] = Counter()
    not_deployed = unknown_status = missing = 0
    names: dict[tuple[str, str], str] = {}  # one string per service and ref, not per row
    record: DeploymentRecord
    for record in log.records:
        status = _status(record.status)
        if status in NOT_DEPLOYED:
            not_deployed += 1
            continue
        if has_environment and not production.search(record.environment):
            other_env[record.environment or "(empty)"] += 1
            continue
        if status not in DEPLOYED and status not in ROLLED_BACK:
            unknown_status += 1
        sha = resolved.get(record.ref)
        missing += sha is None
        tag, is_fix = _version_and_fix(record.ref, _labels(tags_by_sha, sha), release, fix)
        name = names.get((record.service, record.ref))
        if name is None:
            name = f"{record.service} {short_ref(record.ref)}".strip()
            if len(names) < MAX_NAMES:
                names[(record.service, record.ref)] = name
        deployments.append(
            Deployment(
                key=record.deployment_id or f"line {record.line}",
                name=name,
                sha=sha,
                at=record.deployed_at.astimezone(UTC),
                environment=record.environment,
                service=record.service,
                tag=tag,
                fix=is_fix,
                rolled_back=status in ROLLED_BACK,
            )
        )
    choice = DeploymentChoice(
        "log",
        deployments,
        "",
        detail={
            "file_name": log.file_name,
            "imported_at": log.imported_at.isoformat() if log.imported_at else None,
            "rows": len(log.records),
            "production_pattern": settings.production_pattern if has_environment else None,
        },
    )
    if not has_environment:
        choice.notes.append(
            "the deployment log has no environment column: every row is taken "
            "as a production deployment"
        )
    if other_env:
        listed = ", ".join(f"{env} ({n})" for env, n in other_env.most_common(5))
        choice.notes.append(
            f"{count(sum(other_env.values()), 'row')} left out: their environment does "
            f"not match the production pattern ({listed})"
        )
    if not_deployed:
        choice.notes.append(
            f"{count(not_deployed, 'row')} left out: their status says the deployment "
            "did not reach production (failed, cancelled, in progress)"
        )
    if unknown_status:
        choice.notes.append(
            f"{count(unknown_status, 'row')} with a status this product does not know: "
            "counted as successful deployments"
        )
    if missing:
        choice.warnings.append(
            f"{count(missing, 'deployment')} in the log name a commit this "
            "repository does not have (another repository, or not fetched): they count as "
            "deployments, but their changes' lead times are unknown"
        )
    return choice


def from_tags(tags: Sequence[TagRecord], settings: DoraSettings) -> DeploymentChoice:
    """Release tags as deployments, pre-releases beside them (listed, never counted), and the
    other tags set aside with the reason (:func:`analysis.dora.release_lines.read_tag`).

    Several release tags on one commit are one deployment; a pre-release tag on a commit that
    is also released is the same build promoted, not a deployment of its own.
    """
    release = compile_pattern(settings.release_pattern, "release tag")
    fix = compile_pattern(settings.fix_pattern, "fix tag")
    readings = [(tag, read_tag(tag.name, release, fix)) for tag in tags]
    kinds = Counter(reading.kind for _, reading in readings)
    by_sha: dict[str, list[tuple[TagRecord, ReleaseTag]]] = defaultdict(list)
    pre: dict[str, list[tuple[TagRecord, ReleaseTag]]] = defaultdict(list)
    set_aside = []
    for tag, reading in readings:
        if reading.kind == RELEASE:
            by_sha[tag.sha].append((tag, reading))
        elif reading.kind == PRE_RELEASE:
            pre[tag.sha].append((tag, reading))
            set_aside.append((tag, reading))
        else:
            set_aside.append((tag, reading))
    deployments = []
    merged = 0
    for group, kind in ((by_sha, RELEASE), (pre, PRE_RELEASE)):
        for sha, same in group.items():
            if kind == PRE_RELEASE and sha in by_sha:
                continue
            same.sort(key=lambda pair: (pair[0].date, pair[0].name))
            first, reading = same[0]
            merged += len(same) - 1
            deployments.append(
                Deployment(
                    key=first.name,
                    name=", ".join(t.name for t, _ in same),
                    sha=sha,
                    at=first.date.astimezone(UTC),
                    tag=reading,
                    fix=any(r.fix for _, r in same),
                    kind=kind,
                )
            )
    choice = DeploymentChoice(
        "tags",
        deployments,
        "",
        detail={
            "release_pattern": settings.release_pattern,
            "fix_pattern": settings.fix_pattern,
            "matching_tags": kinds[RELEASE],
        },
        set_aside=set_aside,
        tag_kinds={k: kinds[k] for k in (RELEASE, PRE_RELEASE, NON_RELEASE)},
    )
    if merged:
        choice.notes.append(
            f"{count(merged, 'tag')} share a commit with an earlier release tag and are "
            "counted with it as one deployment"
        )
    return choice


def first_parent_line(commits: Mapping[str, DoraCommit], tip: str) -> list[DoraCommit]:
    """The default branch's first-parent history, newest first (stops at a missing parent)."""
    line = []
    seen: set[str] = set()
    sha: str | None = tip
    while sha and sha in commits and sha not in seen:
        seen.add(sha)
        commit = commits[sha]
        line.append(commit)
        sha = commit.parents[0] if commit.parents else None
    return line


def from_branch(
    commits: Mapping[str, DoraCommit],
    branch: BranchTip,
    tags_by_sha: Mapping[str, list[str]],
    settings: DoraSettings,
    window_start: datetime,
) -> DeploymentChoice:
    """Merges (or every commit) on the default branch's first-parent line, at commit time."""
    release = compile_pattern(settings.release_pattern, "release tag")
    fix = compile_pattern(settings.fix_pattern, "fix tag")
    line = first_parent_line(commits, branch.sha)
    merges_in_window = sum(
        1 for c in line if len(c.parents) > 1 and c.committer_time >= window_start
    )
    mode = settings.branch_mode
    if mode == "auto":
        mode = "merges" if merges_in_window >= MIN_SAMPLE else "commits"
    chosen = [c for c in line if mode == "commits" or len(c.parents) > 1]
    deployments = []
    for commit in chosen:
        tag, is_fix = _version_and_fix("", _labels(tags_by_sha, commit.sha), release, fix)
        deployments.append(
            Deployment(
                key=commit.sha,
                name=f"{commit.sha[:10]} {commit.subject[:72]}".strip(),
                sha=commit.sha,
                at=commit.committer_time.astimezone(UTC),
                tag=tag,
                fix=is_fix,
            )
        )
    what = "merge" if mode == "merges" else "commit"
    choice = DeploymentChoice(
        "branch",
        deployments,
        "",
        detail={
            "branch": branch.name,
            "branch_reason": branch.reason,
            "mode": mode,
            "merges_in_window": merges_in_window,
        },
    )
    choice.notes.append(
        f"every {what} on {branch.name}'s first-parent line is taken as a deployment, at its "
        f"commit time ({branch.reason})"
        + (f"; {merges_in_window} merges in the window" if settings.branch_mode == "auto" else "")
    )
    return choice


def in_window(deployments: Sequence[Deployment], start: datetime, end: datetime) -> int:
    """Releases (or deployments) in ``[start, end)``; pre-releases do not count."""
    return sum(1 for d in deployments if d.counted and start <= d.at < end)


def choose_deployments(
    settings: DoraSettings,
    log: ImportedLog | None,
    tags: Sequence[TagRecord],
    commits: Mapping[str, DoraCommit],
    branch: BranchTip | None,
    resolved: Mapping[str, str | None],
    window: tuple[datetime, datetime],
    released: bool = False,
) -> DeploymentChoice:
    """The deployments under the user's setting, with the reason for the choice.

    ``released``: the repository is a library or a packaged application, which others install
    from its releases: its default branch is never "continuously deployed", so the automatic
    choice keeps the release tags however few there are (and the levels say so).
    """
    tags_by_sha: dict[str, list[str]] = defaultdict(list)
    for tag in tags:
        tags_by_sha[tag.sha].append(tag.name)
    start, end = window
    wanted = settings.deployment_source
    fallback = ""
    if wanted == "log" and log is None:
        wanted, fallback = (
            "auto",
            "no deployment log is imported, so the source was chosen automatically: ",
        )
    if log is not None and wanted in ("log", "auto"):  # "log" without one became "auto" above
        choice = from_log(log, resolved, tags_by_sha, settings)
        choice.reason = f"the imported deployment log {log.file_name} ({len(log.records)} rows)" + (
            " is the most direct evidence and is used whenever it is imported"
            if wanted == "auto"
            else " was chosen in the settings"
        )
        return choice
    tagged = from_tags(tags, settings)
    tag_count = in_window(tagged.deployments, start, end)
    if wanted == "auto" and released and tag_count < MIN_SAMPLE:
        tagged.reason = fallback + (
            f"{count(tag_count, 'release tag')} in the window: a library or packaged "
            "application reaches its users through releases, so its release tags are read "
            "however few (its default branch is not deployed)"
        )
        return tagged
    if wanted == "tags" or (wanted == "auto" and tag_count >= MIN_SAMPLE):
        tagged.reason = f"{count(tag_count, 'release')} in the window" + (
            f" (at least {MIN_SAMPLE} needed, backports included) and no deployment log imported"
            if wanted == "auto"
            else ", as chosen in the settings"
        )
        tagged.reason = fallback + tagged.reason
        return tagged
    if branch is None:
        tagged.reason = fallback + "no default branch found, so release tags are used"
        return tagged
    chosen = from_branch(commits, branch, tags_by_sha, settings, start)
    chosen.tag_kinds, chosen.set_aside = tagged.tag_kinds, tagged.set_aside  # still reported
    if wanted == "auto":
        chosen.reason = (
            f"no deployment log imported and only {count(tag_count, 'release')} "
            f"in the window ({MIN_SAMPLE} needed), so the "
            f"default branch {branch.name} is read as continuously deployed"
        )
    else:
        chosen.reason = f"the default branch {branch.name}, as chosen in the settings"
    chosen.reason = fallback + chosen.reason
    return chosen


def source_label(source: str) -> str:
    return SOURCE_LABELS.get(source, source)
