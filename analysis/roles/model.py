"""File roles: what each tracked file is for, and the classification of one repository.

A figure is only as honest as the files it covers. SonarQube measures debt, complexity and
duplication on "main code" and reports tests apart (``sonar.sources`` / ``sonar.tests``);
CodeScene ranks hotspots over code, never over translations or generated files; Avelino et
al. count source files only for the truck factor. One classification, made once per
assessment, tells every phase which files are which.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from analysis.roles.file_types import CODE_KINDS, file_kind

PRODUCTION = "production"
TEST = "test"
MIGRATION = "migration"
GENERATED = "generated"
VENDORED = "vendored"
DOCS = "docs"
TRANSLATION = "translation"
EXAMPLE = "example"
TOOLING = "tooling"
CONFIG = "config"
DATA = "data"
BINARY = "binary"

#: Every role, in the order the report lists them.
ROLES: tuple[str, ...] = (
    PRODUCTION,
    TEST,
    MIGRATION,
    GENERATED,
    VENDORED,
    DOCS,
    TRANSLATION,
    EXAMPLE,
    TOOLING,
    CONFIG,
    DATA,
    BINARY,
)

#: What each role means, for tooltips and the methodology.
ROLE_MEANINGS: dict[str, str] = {
    PRODUCTION: "the system's own code: what runs in production",
    TEST: "tests and what only tests use (fixtures, test helpers)",
    MIGRATION: "database migrations (schema history, mostly written by a tool)",
    GENERATED: "written by a tool: lock files, schema dumps, protocol buffers, builds",
    VENDORED: "third-party code copied into the repository",
    DOCS: "documentation: docs folders, README, changelog, Markdown and reST",
    TRANSLATION: "message catalogues (.po/.mo) and other translated strings",
    EXAMPLE: "examples and demos shipped beside the system",
    TOOLING: "development, CI and packaging helpers, not the running system",
    CONFIG: "configuration: YAML, TOML, INI, Dockerfiles, requirements",
    DATA: "data: JSON, CSV, XML, and Python modules made only of literal tables",
    BINARY: "images, fonts, archives and other binary files",
}

#: Roles whose files are code a team writes and changes: the population of hotspots,
#: temporal coupling, knowledge and truck factor (CodeScene, Avelino et al.).
CODE_ROLES = frozenset({PRODUCTION, TEST})


@dataclass(frozen=True)
class RoleDecision:
    """A file's role and the rule that decided it (a rule id from resources/file_roles.toml,
    or ``settings:<glob>``, ``repository:<glob>``, ``gitattributes:<attribute>``, ``type:<kind>``,
    ``content:<marker>``)."""

    role: str
    rule: str


@dataclass
class RoleCount:
    files: int = 0
    lines: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"files": self.files, "lines": self.lines}


@dataclass
class RuleUse:
    """How many files one rule decided, and into which role (for the report)."""

    rule: str
    role: str
    files: int
    source: str = ""
    examples: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "role": self.role,
            "files": self.files,
            "source": self.source,
            "examples": list(self.examples),
        }


@dataclass
class FileRoles:
    """The roles of one repository's tracked files (in scope), with the rules that decided.

    ``role(path)`` answers for any path, tracked or not (a file deleted long ago still gets a
    role from the path rules, through ``fallback``), so the history phase can ask about files
    that exist only in the past.
    """

    decisions: dict[str, RoleDecision] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # physical lines of text files
    rule_sources: dict[str, str] = field(default_factory=dict)  # rule id -> source
    notes: list[str] = field(default_factory=list)
    rules_key: str = ""  # the rule table's digest and the globs (decides untracked paths)
    fallback: Any = None  # path -> RoleDecision for paths not in ``decisions``
    #: the report's summary when rebuilt from a stored report (no per-file decisions then)
    stored: dict[str, Any] | None = None
    #: ``decisions`` as the roles phase made them, before the parse refined any
    #: (:func:`analysis.roles.classify.refine_with_code` replaces ``decisions``, never this)
    classified_decisions: dict[str, RoleDecision] | None = None

    def classified(self) -> FileRoles:
        """These roles as the roles phase decided them, before the code phase's refinement
        (a module of literal tables becomes data). For phases that run beside the code phase:
        what they read must not depend on whether the code phase finished first."""
        if self.classified_decisions is None or self.classified_decisions is self.decisions:
            return self
        return FileRoles(
            decisions=self.classified_decisions,
            lines=self.lines,
            rule_sources=self.rule_sources,
            notes=self.notes,
            rules_key=self.rules_key,
            fallback=self.fallback,
        )

    def fingerprint(self) -> str:
        """Changes whenever a decision or a rule could change (for cache keys)."""
        digest = hashlib.sha1(self.rules_key.encode(), usedforsecurity=False)
        for path in sorted(self.decisions):
            digest.update(f"\0{path}\0{self.decisions[path].role}".encode())
        return digest.hexdigest()[:16]

    def decision(self, path: str) -> RoleDecision:
        found = self.decisions.get(path)
        if found is not None:
            return found
        if self.fallback is not None:
            return self.fallback(path)
        return RoleDecision(PRODUCTION, "default")

    def role(self, path: str) -> str:
        return self.decision(path).role

    def is_code(self, path: str) -> bool:
        """Production or test *code* (hotspots, coupling, knowledge, truck factor): a program
        or template file, not the certificates, JSON fixtures or .cnf files a test folder also
        holds (Avelino et al. keep source files only, by linguist's language types)."""
        return self.role(path) in CODE_ROLES and file_kind(path) in CODE_KINDS

    def is_production(self, path: str) -> bool:
        return self.role(path) == PRODUCTION

    def paths(self, *roles: str) -> list[str]:
        wanted = set(roles)
        return sorted(p for p, d in self.decisions.items() if d.role in wanted)

    def by_role(self) -> dict[str, RoleCount]:
        counts = {role: RoleCount() for role in ROLES}
        for path, decided in self.decisions.items():
            count = counts.setdefault(decided.role, RoleCount())
            count.files += 1
            count.lines += self.lines.get(path, 0)
        return {role: count for role, count in counts.items() if count.files}

    def rule_uses(self, examples: int = 3) -> list[RuleUse]:
        uses: dict[tuple[str, str], RuleUse] = {}
        for path in sorted(self.decisions):
            decided = self.decisions[path]
            key = (decided.rule, decided.role)
            use = uses.get(key)
            if use is None:
                source = self.rule_sources.get(decided.rule, "")
                use = uses[key] = RuleUse(decided.rule, decided.role, 0, source)
            use.files += 1
            if len(use.examples) < examples:
                use.examples.append(path)
        return sorted(uses.values(), key=lambda u: (-u.files, u.rule))

    def to_dict(self) -> dict[str, Any]:
        """The report's ``roles`` section: files and lines per role, the rules that decided."""
        if self.stored is not None and not self.decisions:
            return self.stored
        return {
            "by_role": {role: count.to_dict() for role, count in self.by_role().items()},
            "rules": [use.to_dict() for use in self.rule_uses()],
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileRoles:
        """A stored report's roles: the summary only (each file's role is in its entry)."""
        return cls(notes=list(data.get("notes", [])), stored=data)

    def counts(self) -> dict[str, RoleCount]:
        """Files and lines per role, from the decisions or the stored summary."""
        if self.stored is not None and not self.decisions:
            return role_summary_from_dict(self.stored)
        return self.by_role()


def role_summary_from_dict(data: Mapping[str, Any] | None) -> dict[str, RoleCount]:
    """``by_role`` of a stored report (older reports have none: empty)."""
    if not data:
        return {}
    return {
        role: RoleCount(int(value.get("files", 0)), int(value.get("lines", 0)))
        for role, value in (data.get("by_role") or {}).items()
    }
