"""The DORA section of an assessment: plain data, the same names as the JSON report's ``dora``.

Times are ISO 8601 strings (UTC), durations hours, rates fractions 0..1; every figure sits next
to its sample size (``n``, ``deployments``). ``to_dict`` / ``from_dict`` round-trip exactly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from statistics import median

from analysis.dora.benchmark import Benchmark
from analysis.dora.quick_check import QuickCheckResult


def percentile(ordered: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default, statistics' "inclusive")."""
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


@dataclass
class LeadTime:
    median: float | None = None
    p75: float | None = None
    p90: float | None = None
    n: int = 0

    @classmethod
    def of(cls, hours: list[float]) -> LeadTime:
        if not hours:
            return cls()
        ordered = sorted(hours)
        return cls(
            _round(median(ordered)),
            _round(percentile(ordered, 0.75)),
            _round(percentile(ordered, 0.90)),
            len(ordered),
        )


@dataclass
class Recovery:
    median: float | None = None
    n: int = 0  # failed deployments with a known restoration
    unresolved: int = 0  # failed deployments not (yet) restored

    @classmethod
    def of(cls, hours: list[float], unresolved: int) -> Recovery:
        return cls(_round(median(hours)) if hours else None, len(hours), unresolved)


@dataclass
class MonthFigures:
    month: str  # "2024-03"
    start: str
    end: str
    deployments: int
    failed_deployments: int
    unplanned_deployments: int
    lead_time_hours: LeadTime
    deployments_per_week: float
    deployments_per_day: float
    change_fail_rate: float | None
    recovery_hours: Recovery
    rework_rate: float | None

    @classmethod
    def from_dict(cls, data: dict) -> MonthFigures:
        return cls(
            **{
                **data,
                "lead_time_hours": LeadTime(**data["lead_time_hours"]),
                "recovery_hours": Recovery(**data["recovery_hours"]),
            }
        )


@dataclass
class DeploymentEntry:
    """A deployment in the window, with what the figures made of it."""

    id: str
    name: str
    sha: str | None
    deployed_at: str
    commits: int  # changes it shipped first (lead-time samples)
    failed: bool
    unplanned: bool
    environment: str = ""
    service: str = ""
    #: "release" (a tag that ships new changes), "backport" (a patch on an older release line
    #: carrying only changes that shipped on a newer line: listed, counted where the change
    #: first shipped), "pre-release" (rc/beta/dev/a/b: listed, never counted), "deployment"
    #: (a deployment-log row or a default-branch merge)
    kind: str = "release"
    line: str | None = None  # release line ("3.22", "api 1.4", "2026.08" for CalVer)
    version: str | None = None  # the version as parsed ("3.22.67", "1.0.0rc1")
    counted: bool = True  # counts in the figures (releases and deployments, in the window)
    backport_of: str | None = None  # the deployment its changes first shipped in (backports)


#: How a failure was linked to its cause, strongest first.
LINK_METHODS = (
    "incident",  # an imported incident log
    "rollback",  # the deployment log says it was rolled back
    "revert",  # "This reverts commit <sha>" names the change undone
    "fixes-trailer",  # a "Fixes: <sha>" / "Refs: <sha>" trailer names the change
    "pr-reference",  # the fix names the pull request (#N) of the change it fixes
    "szz",  # SZZ: the lines the fix changed, blamed at its parent, came from the change
    "fix-tag",  # a tag matching the fix pattern follows the deployment
    "tag-spacing",  # fallback only: a patch of the same line within the hotfix window
)


@dataclass
class FailureEntry:
    kind: str  # incident | revert | hotfix | fix_tag | rollback | fix (linked by evidence)
    deployment: str  # id of the failed deployment
    evidence: str
    link: str
    restored_at: str | None
    restored_by: str | None  # id of the deployment that restored service
    recovery_hours: float | None
    method: str = ""  # one of LINK_METHODS
    fix_commit: str | None = None  # the commit that fixed or reverted (full sha)
    fix_subject: str = ""
    fixed_commit: str | None = None  # the change it fixed or reverted (full sha)
    fixed_subject: str = ""
    counted: bool = True  # False: the failed deployment is not counted (a backport, outside)


@dataclass
class ReleaseLine:
    """One release line (``major.minor``, with a monorepo tag prefix when there is one)."""

    line: str
    releases: int  # counted releases in the window
    backports: int  # backports in the window
    pre_releases: int  # pre-releases in the window
    first: str | None  # first release of the line ever (ISO)
    last: str | None  # last release of the line (ISO)
    maintained: bool  # released in the window
    current: bool  # the newest line still released


@dataclass
class TagReading:
    """A tag the engine did not count as a release, and why."""

    name: str
    kind: str  # "pre-release" | "non-release"
    reason: str
    date: str | None = None


@dataclass
class DeployDays:
    """Deploy days (UTC dates with a deployment) per whole week and month of the window."""

    median_per_week: float = 0.0
    median_per_month: float = 0.0
    weeks: int = 0
    months: int = 0
    bucket: str = "yearly"  # fourkeys: daily | weekly | monthly | yearly


@dataclass
class DoraReport:
    window: dict  # {"start", "end", "months"}
    deployment_source: dict  # {"kind", "label", "setting", "reason", "detail", "notes"}
    failure_source: dict  # {"used", "counts", "notes"}
    deployments: int
    failed_deployments: int
    lead_time_hours: LeadTime
    deployments_per_week: float
    change_fail_rate: float | None
    recovery_hours: Recovery
    rework_rate: float | None
    levels: dict[str, str]
    article_verdicts: dict[str, str]
    quick_check: QuickCheckResult | None
    monthly: list[MonthFigures]
    deployments_per_day: float = 0.0
    unplanned_deployments: int = 0
    deploy_days: DeployDays = field(default_factory=DeployDays)
    deployment_list: list[DeploymentEntry] = field(default_factory=list)
    failures: list[FailureEntry] = field(default_factory=list)
    settings: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: why a metric has no level ("not enough data"), by metric
    level_reasons: dict[str, str] = field(default_factory=dict)
    release_lines: list[ReleaseLine] = field(default_factory=list)
    #: tags by reading: {"release": n, "pre-release": n, "non-release": n} over all tags
    tag_kinds: dict[str, int] = field(default_factory=dict)
    #: pre-release and non-release tags of the window (at most 50), with the reason for each
    set_aside_tags: list[TagReading] = field(default_factory=list)
    #: the delivery model's kind (service, library, ...) and what the figures count:
    #: "deployments" or "releases" (a library's tags are release cadence, not deployments)
    delivery_kind: str = ""
    reads_as: str = "deployments"
    #: how failures were found: "linked" (evidence per failure) or "tag-spacing" (fallback)
    failure_method: str = "linked"
    #: why the lead time is not measured although there are deployments ("" when it is)
    lead_time_reason: str = ""
    #: the team beside DORA's Quick Check benchmark (analysis.dora.benchmarked)
    benchmark: Benchmark | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["quick_check"] = self.quick_check.to_dict() if self.quick_check else None
        data["benchmark"] = self.benchmark.to_dict() if self.benchmark else None
        return data

    @classmethod
    def from_dict(cls, data: dict) -> DoraReport:
        values = dict(data)
        values["lead_time_hours"] = LeadTime(**data["lead_time_hours"])
        values["recovery_hours"] = Recovery(**data["recovery_hours"])
        values["quick_check"] = (
            QuickCheckResult.from_dict(data["quick_check"]) if data.get("quick_check") else None
        )
        values["benchmark"] = (
            Benchmark.from_dict(data["benchmark"]) if data.get("benchmark") else None
        )
        values["monthly"] = [MonthFigures.from_dict(m) for m in data["monthly"]]
        values["deploy_days"] = DeployDays(**data.get("deploy_days", {}))
        values["deployment_list"] = [DeploymentEntry(**d) for d in data.get("deployment_list", [])]
        values["failures"] = [FailureEntry(**f) for f in data.get("failures", [])]
        values["release_lines"] = [ReleaseLine(**r) for r in data.get("release_lines", [])]
        values["set_aside_tags"] = [TagReading(**t) for t in data.get("set_aside_tags", [])]
        return cls(**values)
