"""Which deployments a deployment-source choice would count, before any assessment runs.

The wizard shows it live while the user picks a source or edits a tag pattern: the same
:func:`analysis.dora.deployments.choose_deployments` the engine uses decides (so the preview
and the figures can never disagree), on the repository's tags and its default branch's
first-parent line since the window's start. Reading them is two read-only git calls
(:func:`read_source_refs`, meant for a background thread); previewing a choice is in memory.

Tags are read as the engine reads them (:func:`analysis.dora.release_lines.read_tag`): releases
count, pre-releases are listed and never counted, tags with no version are set aside with the
reason; backports are found during the run (they need the changes each release ships).

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
from analysis.dora.engine import window_end  # the engine's own rule for where a window ends
from analysis.dora.git_refs import default_branch, read_tags
from analysis.dora.patterns import PatternError
from analysis.dora.periods import Period, window
from analysis.dora.records import BranchTip, CommitRecord, TagRecord
from analysis.dora.release_lines import NON_RELEASE, PRE_RELEASE
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


#: The kind of a tag the engine sets aside: no version, or not matching the release pattern.
SET_ASIDE = "set aside"


@dataclass(frozen=True)
class PreviewItem:
    name: str  # tag names, "sha subject", or the log's service and ref
    at: datetime  # UTC
    kind: str  # release | fix | pre-release (listed, not counted) | merge | commit | log
    reason: str = ""  # why a pre-release or a set-aside tag is not counted

    @property
    def counted(self) -> bool:
        return self.kind not in (PRE_RELEASE, SET_ASIDE)


@dataclass
class SourcePreview:
    source: str  # the source that would be used: log | tags | branch
    reason: str  # why (the engine's own words)
    items: list[PreviewItem] = field(default_factory=list)  # in the window, newest first
    window: Period | None = None
    problem: str = ""  # an invalid pattern: nothing previewed
    #: tags of the window that are no release (no version, or not the release pattern)
    set_aside: list[PreviewItem] = field(default_factory=list)
    ends_at: str = "now"  # "now" | "setting" | "newest commit" (a stale clone)
    stale: str = ""  # the engine's warning when the window ends at the newest commit

    @property
    def counted(self) -> list[PreviewItem]:
        """What the figures count (pre-releases are listed, never counted)."""
        return [i for i in self.items if i.counted]

    @property
    def pre_releases(self) -> list[PreviewItem]:
        return [i for i in self.items if i.kind == PRE_RELEASE]


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
    """The deployments ``settings`` would count in the window, with the engine's reason; for
    release tags, the pre-releases beside them and the other tags set aside, with the reason.

    The window ends where the engine ends it: the date set, else now, else (a clone not
    fetched for ``stale_days``) the newest commit of the default branch or the newest tag."""
    moment = now or datetime.now(UTC)
    end, ends, stale = window_end(settings, moment, refs.commits, refs.branch, refs.tags)
    span = window(end, settings.window_months)
    try:
        choice = choose_deployments(
            settings, log, refs.tags, refs.commits, refs.branch, {}, (span.start, span.end)
        )
    except PatternError as exc:
        return SourcePreview(settings.deployment_source, "", window=span, problem=str(exc))
    set_aside: list[PreviewItem] = []
    if choice.source == "branch":
        kind = "merge" if choice.detail.get("mode") == "merges" else "commit"
        items = [PreviewItem(d.name, d.at, kind) for d in choice.deployments]
    elif choice.source == "tags":
        items = [
            PreviewItem(
                d.name,
                d.at,
                PRE_RELEASE if d.kind == PRE_RELEASE else "fix" if d.fix else "release",
                d.tag.reason if d.kind == PRE_RELEASE and d.tag is not None else "",
            )
            for d in choice.deployments
        ]
        set_aside = [
            PreviewItem(tag.name, tag.date.astimezone(UTC), SET_ASIDE, reading.reason)
            for tag, reading in choice.set_aside
            if reading.kind == NON_RELEASE
        ]
    else:
        items = [PreviewItem(d.name or d.key, d.at, "log") for d in choice.deployments]

    def newest_first(found: list[PreviewItem]) -> list[PreviewItem]:
        return sorted((i for i in found if i.at in span), key=lambda i: i.at, reverse=True)

    return SourcePreview(
        choice.source,
        choice.reason,
        newest_first(items),
        span,
        set_aside=newest_first(set_aside),
        ends_at=ends.get("ends_at", "now"),
        stale=stale[0] if stale else "",
    )
