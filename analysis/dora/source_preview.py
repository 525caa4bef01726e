"""Which deployments a deployment-source choice would count, before any assessment runs.

The wizard shows it live while the user picks a source or edits a tag pattern: the same
:func:`analysis.dora.deployments.choose_deployments` the engine uses decides (so the preview
and the figures can never disagree), on the repository's tags and its default branch's
first-parent line since the window's start. Reading them is two read-only git calls
(:func:`read_source_refs`, meant for a background thread); previewing a choice is in memory.

The delivery model (:func:`read_delivery_model`) is read beside them, as the assessment reads
it, so the user sees before the run whether tags will count as deployments or as releases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from analysis import git
from analysis.delivery_model import DeliveryModel, assess_delivery_model
from analysis.dora.delivery_log import ImportedLog
from analysis.dora.deployments import choose_deployments
from analysis.dora.git_refs import default_branch, read_tags
from analysis.dora.patterns import PatternError
from analysis.dora.periods import Period, window
from analysis.dora.records import BranchTip, CommitRecord, TagRecord
from analysis.dora.settings import DoraSettings
from analysis.project_files import ProjectFiles
from analysis.roles.classify import RoleSettings, classify_files
from analysis.scan import open_repository, tracked_files

#: The longest window a user can set (DoraSettings.problems): what the refs are read for.
MAX_WINDOW_MONTHS = 120
#: First-parent commits read at most (a busy default branch over ten years).
MAX_BRANCH_COMMITS = 100_000


@dataclass
class SourceRefs:
    """What a preview needs from git: the tags, the default branch and its first-parent line."""

    tags: list[TagRecord]
    branch: BranchTip | None
    commits: dict[str, CommitRecord]  # first-parent commits since ``since``, by sha
    since: datetime
    delivery_model: DeliveryModel | None = None  # as the files show it (read_delivery_model)
    delivery_model_problem: str = ""  # why it could not be read


@dataclass(frozen=True)
class PreviewItem:
    name: str  # tag names, "sha subject", or the log's service and ref
    at: datetime  # UTC
    kind: str  # release | fix | merge | commit | log


@dataclass
class SourcePreview:
    source: str  # the source that would be used: log | tags | branch
    reason: str  # why (the engine's own words)
    items: list[PreviewItem] = field(default_factory=list)  # in the window, newest first
    window: Period | None = None
    problem: str = ""  # an invalid pattern: nothing previewed


def read_source_refs(
    root: str, now: datetime | None = None, months: int = MAX_WINDOW_MONTHS
) -> SourceRefs:
    """Tags, the default branch and its first-parent commits of the last ``months`` months."""
    now = now or datetime.now(UTC)
    since = window(now, months).start
    tags = read_tags(root)
    branch = default_branch(root)
    out = git.run(
        root,
        "log",
        "--first-parent",
        f"--max-count={MAX_BRANCH_COMMITS}",
        f"--since={since.isoformat()}",
        "--format=%H%x00%P%x00%at%x00%ct%x00%s",
        branch.sha,
    ).stdout.decode("utf-8", "replace")
    commits: dict[str, CommitRecord] = {}
    for line in out.splitlines():
        fields = line.split("\0")
        if len(fields) != 5 or not fields[2].isdigit() or not fields[3].isdigit():
            continue
        sha, parents, authored, committed, subject = fields
        commits[sha] = CommitRecord(
            sha,
            tuple(parents.split()),
            datetime.fromtimestamp(int(authored), UTC),
            datetime.fromtimestamp(int(committed), UTC),
            subject,
        )
    return SourceRefs(tags, branch, commits, since)


def read_delivery_model(root: str, roles: RoleSettings | None = None) -> DeliveryModel:
    """The delivery model the repository's files show, read as the assessment reads it: its
    tracked files (in the scope), their roles (with the user's role globs) and CI jobs, and its
    release tags. Reads file heads and configuration files, no history: well under a second on
    saleor's 4,673 files. (The assessment later turns literal-table modules into data; no
    delivery evidence rests on one.)"""
    repo = open_repository(root, allow_bare=True)
    tracked = tracked_files(repo)
    file_roles = classify_files(repo, tracked, roles)
    return assess_delivery_model(ProjectFiles.of(repo, tracked), file_roles.role)


def preview_source(
    refs: SourceRefs,
    settings: DoraSettings,
    log: ImportedLog | None = None,
    now: datetime | None = None,
) -> SourcePreview:
    """The deployments ``settings`` would count in the window, with the engine's reason."""
    span = window(settings.window_end or now or datetime.now(UTC), settings.window_months)
    try:
        choice = choose_deployments(
            settings, log, refs.tags, refs.commits, refs.branch, {}, (span.start, span.end)
        )
    except PatternError as exc:
        return SourcePreview(settings.deployment_source, "", window=span, problem=str(exc))
    if choice.source == "branch":
        kind = "merge" if choice.detail.get("mode") == "merges" else "commit"
        items = [PreviewItem(d.name, d.at, kind) for d in choice.deployments]
    elif choice.source == "tags":
        items = [
            PreviewItem(d.name, d.at, "fix" if d.fix else "release") for d in choice.deployments
        ]
    else:
        items = [PreviewItem(d.name or d.key, d.at, "log") for d in choice.deployments]
    shown = sorted((i for i in items if i.at in span), key=lambda i: i.at, reverse=True)
    return SourcePreview(choice.source, choice.reason, shown, span)
