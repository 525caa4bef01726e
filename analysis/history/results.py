"""The history section of an assessment: plain data with its JSON form (report ``history``).

Names in ``to_dict`` are the report's contract (issue 4): ``window``, ``commits``, ``partial``,
``files[{path, revisions, authors, added, deleted, last_change, main_developer, ownership}]``,
``hotspots``, ``coupling[{a, b, shared_revisions, degree}]``, ``truck_factor``,
``knowledge_loss``, ``rework_share``, ``fix_share``, ``monthly``; further fields are additions
(issue 12: ``identities``, ``truck_factor.roles/orphaned/without_tests``,
``knowledge_loss.considered``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


def _build(cls, data: dict[str, Any]):
    return cls(**{f.name: data.get(f.name, f.default) for f in fields(cls) if f.name in data})


@dataclass
class Window:
    """The period of hotspots, coupling, rework share and fix share."""

    months: int
    start: str | None  # ISO 8601 UTC
    end: str | None  # the newest plausible commit's author time
    commits: int = 0  # non-bot commits in the window


@dataclass
class FileHistory:
    """All-history figures of one file that exists at the tip (rename-followed)."""

    path: str
    revisions: int
    authors: int
    added: int
    deleted: int
    first_change: str | None
    last_change: str | None
    age_months: float | None
    main_developer: str | None
    ownership: float | None  # main developer's share of added lines (0-1)
    fragmentation: float  # code-maat: 1 - sum((a_i/n)^2) over authors' revisions
    soc: int = 0  # sum of coupling in the window (code-maat)
    role: str = ""  # analysis.roles: production or test (only code has history figures)


@dataclass
class Hotspot:
    path: str
    revisions: int  # commits touching the file in the window
    complexity: int  # total cyclomatic complexity (radon for Python, lizard for other code)
    measure: str  # "cc" (reports before file roles may hold "loc" for non-Python files)
    loc: int | None  # lines of the file (point size in the map)
    score: float  # 0-1: revisions/max x complexity/max
    role: str = ""  # production or test
    language: str = ""  # Python, TypeScript, ...


@dataclass
class Coupling:
    a: str
    b: str
    shared_revisions: int
    degree: int  # code-maat degree, percent
    revisions_a: int = 0
    revisions_b: int = 0


@dataclass
class OrphanedFiles:
    """Files left with no author when ``developer`` leaves after those removed before them."""

    developer: str
    count: int
    files: list[str] = field(default_factory=list)  # the most changed first, at most 10


@dataclass
class TruckFactorResult:
    value: int | None  # None when no file has history
    developers: list[str] = field(default_factory=list)  # removed, most files first
    files: int = 0  # files considered
    roles: list[str] = field(default_factory=list)  # file roles counted ([] in old reports)
    orphaned: list[OrphanedFiles] = field(default_factory=list)  # one per removed developer
    # the same figure over production files only (None inside it, and in old reports)
    without_tests: TruckFactorResult | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TruckFactorResult:
        inner = data.get("without_tests")
        return cls(
            value=data.get("value"),
            developers=list(data.get("developers") or []),
            files=data.get("files", 0),
            roles=list(data.get("roles") or []),
            orphaned=[_build(OrphanedFiles, o) for o in data.get("orphaned") or []],
            without_tests=cls.from_dict(inner) if isinstance(inner, dict) else None,
        )


@dataclass
class Alias:
    """One identity (name and e-mail as git prints them) merged into a developer."""

    name: str
    email: str
    commits: int
    rule: str  # "mailmap", "email", "name" or "github_login": see analysis.history.identities


@dataclass
class IdentityGroup:
    """A developer who committed under more than one identity."""

    developer: str  # the name every per-author figure uses
    email: str  # of the identity the name comes from
    commits: int  # all identities together (bots left out)
    aliases: list[Alias] = field(default_factory=list)  # the other identities


@dataclass
class LostFile:
    path: str
    main_developer: str
    last_commit: str | None  # the main developer's last commit anywhere


@dataclass
class KnowledgeLoss:
    inactive_months: int
    share: float | None  # of files considered
    files: list[LostFile] = field(default_factory=list)
    considered: int = 0  # source files (production and test) with a main developer


@dataclass
class FixShare:
    commits: float | None  # share of commits in the window whose message marks a fix
    lines: float | None  # share of changed lines in those commits


@dataclass
class MonthlyPoint:
    month: str  # YYYY-MM (UTC)
    commits: int
    changed_lines: int
    fix_share: float | None
    rework_share: float | None
    active_authors: int


@dataclass
class HistorySection:
    window: Window
    commits: int  # commits read (all history of the chosen branch or branches)
    partial: bool
    files: list[FileHistory] = field(default_factory=list)
    hotspots: list[Hotspot] = field(default_factory=list)
    coupling: list[Coupling] = field(default_factory=list)
    truck_factor: TruckFactorResult = field(default_factory=lambda: TruckFactorResult(None))
    knowledge_loss: KnowledgeLoss = field(default_factory=lambda: KnowledgeLoss(6, None))
    rework_share: float | None = None  # reworked / changed lines in the window
    fix_share: FixShare = field(default_factory=lambda: FixShare(None, None))
    monthly: list[MonthlyPoint] = field(default_factory=list)
    ref: str = ""  # the branch analysed, or "all branches"
    bot_commits: int = 0  # left out as automation
    settings: dict[str, Any] = field(default_factory=dict)
    identities: list[IdentityGroup] = field(default_factory=list)  # merged developers
    #: changed code files in the window that no complexity measure covers (markup, style
    #: sheets, languages lizard does not parse): language -> files, not ranked as hotspots
    unranked: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HistorySection:
        loss = data.get("knowledge_loss") or {}
        return cls(
            window=_build(Window, data["window"]),
            commits=data["commits"],
            partial=data["partial"],
            files=[_build(FileHistory, f) for f in data.get("files", [])],
            hotspots=[_build(Hotspot, h) for h in data.get("hotspots", [])],
            coupling=[_build(Coupling, c) for c in data.get("coupling", [])],
            truck_factor=TruckFactorResult.from_dict(data.get("truck_factor") or {}),
            knowledge_loss=KnowledgeLoss(
                inactive_months=loss.get("inactive_months", 6),
                share=loss.get("share"),
                files=[_build(LostFile, f) for f in loss.get("files", [])],
                considered=loss.get("considered", 0),
            ),
            rework_share=data.get("rework_share"),
            fix_share=_build(FixShare, data.get("fix_share") or {"commits": None, "lines": None}),
            monthly=[_build(MonthlyPoint, m) for m in data.get("monthly", [])],
            ref=data.get("ref", ""),
            bot_commits=data.get("bot_commits", 0),
            settings=dict(data.get("settings") or {}),
            identities=[
                IdentityGroup(
                    developer=g["developer"],
                    email=g.get("email", ""),
                    commits=g.get("commits", 0),
                    aliases=[_build(Alias, a) for a in g.get("aliases", [])],
                )
                for g in data.get("identities", [])
            ],
            unranked=dict(data.get("unranked") or {}),
        )
