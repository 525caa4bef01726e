"""The AI-adoption readiness section: DORA's seven AI capabilities, each with a status, a score
on DORA's 0-10 scale where one is known, its evidence and DORA's own wording of what it means.

Source: DORA, "State of AI-assisted Software Development" (2025) and the DORA AI Capabilities
Model (https://dora.dev/ai/capabilities-model/), whose survey (Apache 2.0, shipped in
``resources/data/dora-ai-capabilities.json``, licence in ``dora_quick_check/LICENSE``) gives each
capability's questions and answer buckets. Kept apart from the AI-readiness score: that one
asks whether the *system* can carry AI workloads, this one whether the *team* is set up to
benefit from AI-assisted development.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

MEASURED = "measured"
PARTLY_MEASURED = "partly_measured"
ANSWERED = "answered"
NOT_KNOWN = "not_known"
STATUSES = (MEASURED, PARTLY_MEASURED, ANSWERED, NOT_KNOWN)

#: The seven capability ids, in DORA's order (names as DORA writes them)
CAPABILITY_NAMES: dict[str, str] = {
    "clear_ai_stance": "Clear and communicated AI stance",
    "healthy_data_ecosystems": "Healthy data ecosystems",
    "ai_accessible_internal_data": "AI-accessible internal data",
    "version_control": "Strong version control practices",
    "small_batches": "Working in small batches",
    "user_centric_focus": "User-centric focus",
    "quality_internal_platform": "Quality internal platform",
}

#: DORA's lines-changed-per-commit buckets ("Working in small batches", AI Capabilities survey)
LINE_BUCKETS = ("1-10", "11-50", "51-100", "101-250", ">250")
#: DORA's changes-per-deployment buckets (same survey)
CHANGE_BUCKETS = ("1", "2-10", "11-50", "51-100", ">100")
#: DORA's commit frequency answers ("Strong version control practices"), least to most often
FREQUENCY_BUCKETS = (
    "Rarely",
    "About once a week",
    "About once a day",
    "At least twice a day",
    "At least once an hour",
    "Every few minutes",
)


def line_bucket(lines: int) -> str:
    for bucket, top in zip(LINE_BUCKETS, (10, 50, 100, 250), strict=False):
        if lines <= top:
            return bucket
    return LINE_BUCKETS[-1]


def change_bucket(changes: float) -> str:
    for bucket, top in zip(CHANGE_BUCKETS, (1, 10, 50, 100), strict=False):
        if changes <= top:
            return bucket
    return CHANGE_BUCKETS[-1]


@dataclass
class LinesPerCommit:
    """Lines added plus deleted in code files per non-merge commit of the analysed branch in
    the window; commits that change no code file are left out (counted in ``without_code``)."""

    commits: int = 0
    median: float | None = None
    buckets: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LINE_BUCKETS, 0))
    without_code: int = 0

    @property
    def bucket(self) -> str | None:
        return None if self.median is None else line_bucket(round(self.median))


@dataclass
class ChangesPerRelease:
    """Commits shipped first by each counted deployment (a pull request of several commits
    counts several: the figure is an upper bound of DORA's "changes")."""

    deployments: int = 0
    median: float | None = None
    bucket: str | None = None
    source: str = ""  # how the deployments were found (the delivery phase's wording)


@dataclass
class BranchToMerge:
    """Hours from the first commit of a merged branch to its merge (merge commits only)."""

    merges: int = 0
    median_hours: float | None = None
    note: str = ""


@dataclass
class SmallBatches:
    lines_per_commit: LinesPerCommit = field(default_factory=LinesPerCommit)
    changes_per_release: ChangesPerRelease = field(default_factory=ChangesPerRelease)
    branch_to_merge: BranchToMerge = field(default_factory=BranchToMerge)


@dataclass
class AuthorFrequency:
    author: str
    commits: int
    active_days: int
    commits_per_active_day: float
    median_gap_minutes: float | None  # between commits on the same day
    bucket: str


@dataclass
class CommitFrequency:
    bucket: str | None = None  # the median author's bucket
    per_author: list[AuthorFrequency] = field(default_factory=list)
    min_commits: int = 5  # authors with fewer commits in the window are not rated


@dataclass
class VersionControl:
    commit_frequency: CommitFrequency = field(default_factory=CommitFrequency)
    commits: int = 0  # non-merge commits of the branch in the window
    reverts: int = 0  # commits in the window that revert another ("This reverts commit")
    rollbacks: int = 0  # deployments the delivery phase read as rollbacks
    #: commits whose subject ends with a pull-request number, "(#123)": squash or rebase merges
    pull_request_commits: int = 0
    #: asset kind (DORA's list) -> example paths found in version control ([] = none found)
    assets: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class QualityInternalPlatform:
    ci_files: list[str] = field(default_factory=list)
    ci_runs: dict[str, list[str]] = field(default_factory=dict)  # tests/lint/build/deploy -> files
    gates_merges: bool = False  # CI runs on pull requests / merge requests
    environments: dict[str, list[str]] = field(default_factory=dict)  # lock, container, ...
    test_command: str | None = None  # the test command the repository documents
    test_command_source: str | None = None
    test_runner: str | None = None  # where a test runner is configured (Makefile test, tox ...)


@dataclass
class AgentFinding:
    """One check of readiness for AI coding agents, with its evidence (not a score)."""

    id: str
    title: str
    ok: bool | None  # None: could not be told
    evidence: list[str] = field(default_factory=list)


@dataclass
class Capability:
    id: str
    name: str
    status: str
    score: float | None  # 0-10, DORA's scale; None when not known
    evidence: list[str] = field(default_factory=list)
    meaning: str = ""  # DORA's wording of what the capability is
    source: str = ""


@dataclass
class AIAdoption:
    capabilities: list[Capability] = field(default_factory=list)
    small_batches: SmallBatches = field(default_factory=SmallBatches)
    version_control: VersionControl = field(default_factory=VersionControl)
    quality_internal_platform: QualityInternalPlatform = field(
        default_factory=QualityInternalPlatform
    )
    agent_readiness: list[AgentFinding] = field(default_factory=list)
    #: mean score of the capabilities with a score, and how many of the seven it rests on
    readiness: float | None = None
    readiness_basis: int = 0
    window: dict[str, Any] = field(default_factory=dict)  # {"start", "end", "months"}
    notes: list[str] = field(default_factory=list)

    def capability(self, cap_id: str) -> Capability | None:
        return next((c for c in self.capabilities if c.id == cap_id), None)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        lines = self.small_batches.lines_per_commit
        data["small_batches"]["lines_per_commit"]["bucket"] = lines.bucket
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AIAdoption:
        batches = data.get("small_batches") or {}
        lines = dict(batches.get("lines_per_commit") or {})
        lines.pop("bucket", None)
        vc = data.get("version_control") or {}
        freq = vc.get("commit_frequency") or {}
        return cls(
            capabilities=[Capability(**c) for c in data.get("capabilities", [])],
            small_batches=SmallBatches(
                lines_per_commit=LinesPerCommit(**lines),
                changes_per_release=ChangesPerRelease(**(batches.get("changes_per_release") or {})),
                branch_to_merge=BranchToMerge(**(batches.get("branch_to_merge") or {})),
            ),
            version_control=VersionControl(
                commit_frequency=CommitFrequency(
                    bucket=freq.get("bucket"),
                    per_author=[AuthorFrequency(**a) for a in freq.get("per_author", [])],
                    min_commits=freq.get("min_commits", 5),
                ),
                commits=vc.get("commits", 0),
                reverts=vc.get("reverts", 0),
                rollbacks=vc.get("rollbacks", 0),
                assets={k: list(v) for k, v in (vc.get("assets") or {}).items()},
            ),
            quality_internal_platform=QualityInternalPlatform(
                **(data.get("quality_internal_platform") or {})
            ),
            agent_readiness=[AgentFinding(**a) for a in data.get("agent_readiness", [])],
            readiness=data.get("readiness"),
            readiness_basis=data.get("readiness_basis", 0),
            window=dict(data.get("window") or {}),
            notes=list(data.get("notes") or []),
        )
