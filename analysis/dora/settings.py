"""What the user decides about DORA: what counts as a deployment, the patterns, the window.

Plus the inputs that come with those decisions: the imported logs and the Quick Check answers.
Every field has a default a first-time user can keep; :meth:`DoraSettings.from_dict` reads a
stored copy leniently (unknown keys ignored, bad values replaced by defaults, with a note).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime

from analysis.dora.delivery_log import ImportedLog
from analysis.dora.patterns import (
    DEFAULT_FIX_PATTERN,
    DEFAULT_PRODUCTION_PATTERN,
    DEFAULT_RELEASE_PATTERN,
    PatternError,
    compile_pattern,
)
from analysis.dora.quick_check import QuickCheckAnswers

#: Deployment sources: the log, release tags, the default branch, or the first that fits.
SOURCES = ("auto", "log", "tags", "branch")
SOURCE_LABELS = {
    "auto": "Automatic",
    "log": "Deployment log",
    "tags": "Release tags",
    "branch": "Default-branch history",
}
#: What on the default branch is a deployment: merge commits, every first-parent commit, or
#: merges when there are enough of them.
BRANCH_MODES = ("auto", "merges", "commits")
COMMIT_TIMES = ("author", "committer")
#: Fewer deployments (or failures) than this: "not enough data" instead of a level.
MIN_SAMPLE = 5


@dataclass
class DoraSettings:
    deployment_source: str = "auto"
    release_pattern: str = DEFAULT_RELEASE_PATTERN
    fix_pattern: str = DEFAULT_FIX_PATTERN
    production_pattern: str = DEFAULT_PRODUCTION_PATTERN
    hotfix_days: int = 7  # a patch release this soon after one of its line is a hotfix
    window_months: int = 6
    window_end: datetime | None = None  # None: now
    branch_mode: str = "auto"
    commit_time: str = "author"  # lead time starts at the author date, as DevLake's does
    #: a newest commit older than this (days) ends the default window there, with a warning
    stale_days: int = 14

    def problems(self) -> list[str]:
        """What is wrong with these settings, in words for the user; empty when usable."""
        found = []
        for name, what in (
            ("release_pattern", "release tag"),
            ("fix_pattern", "fix tag"),
            ("production_pattern", "production environment"),
        ):
            try:
                compile_pattern(getattr(self, name), what)
            except PatternError as exc:
                found.append(str(exc))
        if self.deployment_source not in SOURCES:
            found.append(f"unknown deployment source {self.deployment_source!r}")
        if self.branch_mode not in BRANCH_MODES:
            found.append(f"unknown branch mode {self.branch_mode!r}")
        if self.commit_time not in COMMIT_TIMES:
            found.append(f"unknown commit time {self.commit_time!r}")
        if not 1 <= self.window_months <= 120:
            found.append("the window must be 1 to 120 months")
        if not 1 <= self.stale_days <= 3650:
            found.append("the stale-clone threshold must be 1 to 3650 days")
        if not 0 <= self.hotfix_days <= 365:
            found.append("the hotfix window must be 0 to 365 days")
        if self.window_end is not None and self.window_end.tzinfo is None:
            found.append("the window end needs a time zone")
        return found

    def to_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["window_end"] = self.window_end.isoformat() if self.window_end else None
        return data

    @classmethod
    def from_dict(cls, data: dict | None) -> DoraSettings:
        """Stored settings; a missing, mistyped or invalid value keeps its default."""
        settings = cls()
        for spec in fields(cls):
            if not data or spec.name not in data:
                continue
            value = data[spec.name]
            if spec.name == "window_end":
                try:
                    value = datetime.fromisoformat(value) if value else None
                except (TypeError, ValueError):
                    continue
            elif type(value) is not type(getattr(settings, spec.name)):
                continue
            before = len(settings.problems())
            default = getattr(settings, spec.name)
            setattr(settings, spec.name, value)
            if len(settings.problems()) > before:
                setattr(settings, spec.name, default)
        return settings


@dataclass
class DoraInputs:
    """Everything DORA needs beyond the repository itself."""

    settings: DoraSettings = field(default_factory=DoraSettings)
    deployment_log: ImportedLog | None = None
    incident_log: ImportedLog | None = None
    quick_check: QuickCheckAnswers | None = None
