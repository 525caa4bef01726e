"""Settings of the history phase, with defaults a first-time user can keep.

Defaults follow their sources: coupling thresholds are code-maat's (``logical_coupling``:
min revs 5, min shared revs 5, min coupling 30%, changesets over 30 files ignored); the rework
window is Pluralsight Flow's 21 days (GitClear uses 14, Flow's newer definition 30); the
hotspot window is CodeScene's customary 12 months; knowledge uses all history.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

import pathspec

#: Presets of path globs (gitignore syntax) left out of every history metric.
EXCLUDE_PRESETS: dict[str, tuple[str, ...]] = {
    "vendored": (
        "vendor/",
        "vendored/",
        "third_party/",
        "third-party/",
        "node_modules/",
        "bower_components/",
        "site-packages/",
    ),
    "generated": (
        "*.min.js",
        "*.min.css",
        "*.map",
        "*_pb2.py",
        "*_pb2_grpc.py",
        "*.pb.go",
        "*.generated.*",
        "generated/",
        "package-lock.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "poetry.lock",
        "Pipfile.lock",
        "uv.lock",
        "Cargo.lock",
        "go.sum",
    ),
    "migrations": ("migrations/", "alembic/versions/", "db/migrate/"),
}

#: Authors whose commits are automation, not engineering work (case-insensitive substrings
#: of "name <email>").
DEFAULT_BOTS = ("dependabot", "renovate", "github-actions", "pre-commit-ci", "[bot]")

#: Messages that mark a fix, revert or hotfix (case-insensitive regular expressions).
DEFAULT_FIX_PATTERNS = (
    r"\bfix(e[sd]|ing)?\b",
    r"\bbug ?fix(es)?\b",
    r"\bhot ?fix(es)?\b",
    r"\brevert(s|ed)?\b",
)

MODES = ("branch", "first-parent", "all")
REWORK_DAYS = (14, 21, 30)


@dataclass(frozen=True)
class HistoryOptions:
    """How the history phase reads and measures history."""

    enabled: bool = True
    branch: str | None = None  # None: the branch checked out (HEAD)
    # "branch": every commit of it; "first-parent": its first parents; "all": every local and
    # remote branch, every tag and HEAD
    mode: str = "branch"
    follow_renames: bool = True
    window_months: int = 12  # hotspots, coupling, rework share and fix share
    exclude_presets: tuple[str, ...] = ("vendored", "generated", "migrations")
    exclude_globs: tuple[str, ...] = ()
    bot_patterns: tuple[str, ...] = DEFAULT_BOTS
    fix_patterns: tuple[str, ...] = DEFAULT_FIX_PATTERNS
    rework_days: int = 21
    inactive_months: int = 6  # knowledge loss: main developer without a commit this long
    coupling_min_revs: int = 5
    coupling_min_shared: int = 5
    coupling_min_degree: int = 30
    coupling_max_degree: int = 100
    coupling_max_changeset: int = 30
    pseudonymize_authors: bool = False  # exports only; the stored assessment keeps names

    def problems(self) -> list[str]:
        """What is wrong with these settings, in words for the user."""
        found = _wrong_types(self)
        if found:
            return found
        if self.mode not in MODES:
            found.append(f"history mode must be one of {', '.join(MODES)}, not {self.mode!r}")
        if self.rework_days not in REWORK_DAYS:
            found.append(f"rework window must be 14, 21 or 30 days, not {self.rework_days}")
        if self.window_months < 1 or self.inactive_months < 1:
            found.append("the history window and the inactive period must be at least one month")
        unknown = set(self.exclude_presets) - set(EXCLUDE_PRESETS)
        if unknown:
            found.append(f"unknown exclude presets: {', '.join(sorted(unknown))}")
        for pattern in self.fix_patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                found.append(f"fix pattern {pattern!r} is not a regular expression: {exc}")
        return found

    def exclude_spec(self) -> pathspec.GitIgnoreSpec:
        lines = [g for p in self.exclude_presets for g in EXCLUDE_PRESETS.get(p, ())]
        return pathspec.GitIgnoreSpec.from_lines([*lines, *self.exclude_globs])

    def fix_regex(self) -> re.Pattern[str] | None:
        valid = []
        for pattern in self.fix_patterns:
            try:
                re.compile(pattern)
            except re.error:
                continue
            valid.append(f"(?:{pattern})")
        return re.compile("|".join(valid), re.IGNORECASE | re.MULTILINE) if valid else None

    def is_bot(self, name: str, email: str) -> bool:
        who = f"{name} <{email}>".lower()
        return any(pattern.lower() in who for pattern in self.bot_patterns if pattern)

    def metrics_key(self) -> str:
        """Everything that changes a metric (not how history is read), for the result cache."""
        data = asdict(self)
        for name in ("enabled", "branch", "mode", "follow_renames", "pseudonymize_authors"):
            data.pop(name)
        return repr(sorted(data.items()))

    def to_dict(self) -> dict:
        data = asdict(self)
        for name, value in data.items():
            if isinstance(value, tuple):
                data[name] = list(value)
        return data


_NUMBERS = (
    "window_months",
    "rework_days",
    "inactive_months",
    "coupling_min_revs",
    "coupling_min_shared",
    "coupling_min_degree",
    "coupling_max_degree",
    "coupling_max_changeset",
)
_LISTS = ("exclude_presets", "exclude_globs", "bot_patterns", "fix_patterns")
_SWITCHES = ("enabled", "follow_renames", "pseudonymize_authors")


def _wrong_types(options: HistoryOptions) -> list[str]:
    found = []
    for name in _NUMBERS:
        value = getattr(options, name)
        if not isinstance(value, int) or isinstance(value, bool):
            found.append(f"history setting {name} must be a whole number")
    for name in _LISTS:
        value = getattr(options, name)
        if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
            found.append(f"history setting {name} must be a list of texts")
    for name in _SWITCHES:
        if not isinstance(getattr(options, name), bool):
            found.append(f"history setting {name} must be true or false")
    if not isinstance(options.mode, str) or not isinstance(options.branch, str | None):
        found.append("history settings mode and branch must be texts")
    return found


def options_from_dict(data: dict) -> HistoryOptions:
    """Options from settings or a report (unknown names ignored, lists become tuples)."""
    known = HistoryOptions.__dataclass_fields__
    # JSON values, unchecked here: HistoryOptions.problems names the ones of a wrong type
    values: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in known
    }
    return HistoryOptions(**values)
