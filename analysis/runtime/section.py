"""The report's ``runtime`` section as plain data, with its JSON form."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from analysis.runtime.targets import Conflict, VersionTarget

MATRIX_VERSIONS = ("3.10", "3.11", "3.12", "3.13", "3.14", "3.13t", "3.14t")
#: matrix statuses: nothing blocks it / something does / free-threaded build with dependencies of
#: unknown free-threading status (nothing known blocks it, nothing shows it is fine)
READY, BLOCKED, UNVERIFIED = "ready", "blocked", "unverified"


def _plain(cls, data: dict[str, Any]):
    return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


@dataclass
class CodeNeed:
    """One reason (vermin) the code needs a version: ``feature`` at ``path:line``."""

    path: str
    line: int
    version: str
    feature: str
    why_ignored: str = ""  # why the finding is set aside (a guard, the file's role, CI ...)
    syntax: bool = False  # grammar: the file does not parse on older versions (never set aside)


@dataclass
class FileNeed:
    path: str
    version: str
    reasons: list[CodeNeed] = field(default_factory=list)


@dataclass
class RequiredMinimum:
    version: str | None = None  # None: nothing beyond Python 3.0 found
    reasons: list[CodeNeed] = field(default_factory=list)  # the reasons reaching ``version``
    files: list[FileNeed] = field(default_factory=list)  # per file, highest first
    ignored: list[CodeNeed] = field(default_factory=list)
    python2: list[CodeNeed] = field(default_factory=list)  # files with Python 2 syntax
    #: constructs vermin says exist in Python 2 only, in files that parse as Python 3
    python2_constructs: list[CodeNeed] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)  # files whose needs are unknown

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RequiredMinimum:
        def needs(key):
            return [_plain(CodeNeed, n) for n in data.get(key, [])]

        return cls(
            data.get("version"),
            needs("reasons"),
            [
                FileNeed(f["path"], f["version"], [_plain(CodeNeed, n) for n in f["reasons"]])
                for f in data.get("files", [])
            ],
            needs("ignored"),
            needs("python2"),
            needs("python2_constructs"),
            list(data.get("unparsed", [])),
        )


@dataclass
class RemovedImport:
    module: str
    removed_in: str
    path: str
    line: int
    text: str
    replacement: str
    guarded: bool = False  # inside try/except ImportError: a fallback exists
    provided_by: str = ""  # a declared PyPI distribution that brings the module back


@dataclass
class RemovedApiUse:
    api: str
    removed_in: str
    path: str
    line: int
    replacement: str


@dataclass
class Blocker:
    kind: str  # code, python2, removed_module, removed_api, declared, no_wheel, gil, extension
    message: str
    location: str = ""


@dataclass
class MatrixEntry:
    version: str
    status: str
    blockers: list[Blocker] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MatrixEntry:
        return cls(
            data["version"],
            data["status"],
            [_plain(Blocker, b) for b in data.get("blockers", [])],
            list(data.get("notes", [])),
        )


@dataclass
class Dependency:
    name: str
    specifiers: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    declared_in: list[str] = field(default_factory=list)
    locked_version: str | None = None
    direct: bool = True
    free_threading: str = "unknown"
    evidence: str = ""


@dataclass
class ExtensionModule:
    path: str
    declares_free_threading: bool


@dataclass
class VersionEvidence:
    """Python versions ("3.12") and the lines that name them ("path:line: what")."""

    versions: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> VersionEvidence:
        data = data or {}
        return cls(list(data.get("versions", [])), list(data.get("evidence", [])))


#: how the runtime was read (``RunsOn.basis``)
DEPLOYED = "deployed"  # what deploys it: the image's final stage, runtime.txt, the deploy job
PINNED = "pinned"  # an environment pin: .python-version, Pipfile, conda
TESTED = "tested"  # the one version its CI tests on
SUPPORTED = "supported range"  # a library: the newest version it supports
LOWEST_SUPPORTED = "lowest supported"  # nothing names a runtime: the oldest version it admits


@dataclass
class RunsOn:
    """The Python the system runs on, from what deploys it, with the lines that decide it.

    ``version``/``basis``/``evidence`` are the reading for the repository's delivery model
    (:func:`analysis.runtime.runs_on.reading_for` gives it for any other); the four readings
    below are kept so the advice can re-read it when a person sets the delivery model.
    """

    version: str | None = None
    basis: str = ""
    evidence: list[str] = field(default_factory=list)
    deployed: VersionEvidence = field(default_factory=VersionEvidence)
    pinned: VersionEvidence = field(default_factory=VersionEvidence)
    tested: VersionEvidence = field(default_factory=VersionEvidence)
    supported: VersionEvidence = field(default_factory=VersionEvidence)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> RunsOn:
        data = data or {}
        return cls(
            data.get("version"),
            data.get("basis", ""),
            list(data.get("evidence", [])),
            *(VersionEvidence.from_dict(data.get(k)) for k in READINGS),
        )


READINGS = ("deployed", "pinned", "tested", "supported")


@dataclass
class RuntimeSection:
    targets: list[VersionTarget] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    required_minimum: RequiredMinimum = field(default_factory=RequiredMinimum)
    removed_modules: list[RemovedImport] = field(default_factory=list)
    removed_apis: list[RemovedApiUse] = field(default_factory=list)
    matrix: dict[str, MatrixEntry] = field(default_factory=dict)
    dependencies: list[Dependency] = field(default_factory=list)
    free_threading_blockers: list[Dependency] = field(default_factory=list)
    free_threading_snapshot: dict[str, Any] = field(default_factory=dict)
    extension_modules: list[ExtensionModule] = field(default_factory=list)
    runs_on: RunsOn | None = None  # None in reports written before it existed

    def to_dict(self) -> dict[str, Any]:
        return {
            "runs_on": self.runs_on.to_dict() if self.runs_on is not None else None,
            "targets": [t.to_dict() for t in self.targets],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "required_minimum": self.required_minimum.to_dict(),
            "removed_modules": [asdict(r) for r in self.removed_modules],
            "removed_apis": [asdict(r) for r in self.removed_apis],
            "matrix": {key: asdict(entry) for key, entry in self.matrix.items()},
            "dependencies": [asdict(d) for d in self.dependencies],
            "free_threading_blockers": [asdict(d) for d in self.free_threading_blockers],
            "free_threading_snapshot": dict(self.free_threading_snapshot),
            "extension_modules": [asdict(e) for e in self.extension_modules],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RuntimeSection:
        return cls(
            [VersionTarget.from_dict(t) for t in data.get("targets", [])],
            [Conflict.from_dict(c) for c in data.get("conflicts", [])],
            RequiredMinimum.from_dict(data.get("required_minimum", {})),
            [_plain(RemovedImport, r) for r in data.get("removed_modules", [])],
            [_plain(RemovedApiUse, r) for r in data.get("removed_apis", [])],
            {k: MatrixEntry.from_dict(v) for k, v in data.get("matrix", {}).items()},
            [_plain(Dependency, d) for d in data.get("dependencies", [])],
            [_plain(Dependency, d) for d in data.get("free_threading_blockers", [])],
            dict(data.get("free_threading_snapshot", {})),
            [_plain(ExtensionModule, e) for e in data.get("extension_modules", [])],
            RunsOn.from_dict(data["runs_on"]) if data.get("runs_on") else None,
        )
