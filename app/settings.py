"""User settings: a small JSON file in the config folder, typed, versioned, with defaults.

The file carries ``schema_version``; a file of an older version is migrated on load, one
version at a time (napari's settings migrators, napari/settings/_migrations.py), and the file as
it was is kept beside it (``settings.json.v1``) before the first save rewrites it. Every value
is checked against its field's type and range on load: a wrong one is reported once, with its
key, and the default used, and a key this version does not know is reported and kept. Neither is
ever lost: a save writes unknown keys back as they were, and a wrong value back unless the user
has since set that setting. A file that cannot be read at all is kept aside
(``settings.json.unreadable-<time>``), never overwritten, and the defaults are used.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
import types
import typing
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from analysis.ai_code.options import ai_code_options_from_dict
from analysis.assessment import Options
from analysis.code.duplication import DuplicationSettings
from analysis.debt import DebtSettings
from analysis.decisions import DecisionModel, load_model
from analysis.history.options import options_from_dict
from analysis.roles import RoleSettings
from app.paths import config_dir


@dataclass
class Settings:
    database_url: str | None = None  # None: SQLite file in the user data folder
    workers: int | None = None  # None: all cores
    file_budget_seconds: float = 20.0
    # memory one code worker may add for one file; beyond it the file is skipped as too large
    # to analyse (RLIMIT_AS, where the platform has it; 0: no budget)
    file_memory_megabytes: float = 1024.0
    max_file_megabytes: float = 5.0
    # technical debt and duplication (analysis.debt, analysis.code.duplication)
    hourly_cost: float | None = None  # loaded cost of one engineering hour; None: no money
    currency: str = "USD"
    cost_per_line_minutes: float | None = None  # None: SonarQube's 30
    debt_rules: dict = field(default_factory=dict)  # {"rule-id": {"threshold": 20, ...}}
    target_python_versions: list[str] | None = None  # None: the rule table's default
    duplication_min_tokens: int = 100
    duplication_min_lines: int = 10
    duplication_exclude: list[str] | None = None  # None: Django migrations (generated code)
    # history phase: names of analysis.history.options.HistoryOptions, e.g. {"rework_days": 14,
    # "bot_patterns": [...], "fix_patterns": [...], "pseudonymize_authors": true}
    history: dict = field(default_factory=dict)
    # AI-assisted code signals: names of analysis.ai_code.options.AICodeOptions, e.g.
    # {"churn_days": 14, "months": 24, "split_date": "2025-06-01"}
    ai_code: dict = field(default_factory=dict)
    # the advice model's overrides (resources/readiness_model.toml), e.g.
    # {"weights": {"delivery": 0.4}, "caps": {"runtime-before-3.11": {"enabled": false}}}
    readiness_model: dict = field(default_factory=dict)
    theme: str = "system"  # system | light | dark (View › Theme)
    # file roles decided by the user, before every rule: {"tooling": ["deploy/*.py"], ...}
    # (analysis.roles; roles: production, test, migration, generated, vendored, docs,
    # translation, example, tooling, config, data, binary)
    file_roles: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list, compare=False, repr=False)
    #: what the file held that these settings do not use: keys this version does not know, and
    #: wrong values of known keys (the default stands in); written back by save_settings
    kept: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    #: the file's version when it was migrated on load (its original is kept before a save)
    migrated_from: int | None = field(default=None, compare=False, repr=False)

    def duplication(self) -> DuplicationSettings:
        """The duplication settings; the defaults when these values cannot make them (a file's
        wrong values are reported once, on load; this reads without a side effect)."""
        try:
            duplication = DuplicationSettings(
                self.duplication_min_tokens, self.duplication_min_lines
            )
            if self.duplication_exclude is not None:
                duplication = replace(duplication, exclude=tuple(self.duplication_exclude))
        except (TypeError, ValueError):
            return DuplicationSettings()
        return duplication

    def analysis_options(self) -> Options:
        """The analysis options these settings give (no side effect)."""
        duplication = self.duplication()
        targets = self.target_python_versions
        return Options(
            workers=self.workers,
            file_budget_seconds=self.file_budget_seconds,
            file_memory_bytes=int(self.file_memory_megabytes * 1024 * 1024) or None,
            max_file_bytes=int(self.max_file_megabytes * 1024 * 1024),
            duplication=duplication,
            debt=DebtSettings(
                rule_overrides=dict(self.debt_rules or {}),
                cost_per_line_minutes=self.cost_per_line_minutes,
                target_versions=tuple(targets) if targets else None,
            ),
            history=options_from_dict(self.history if isinstance(self.history, dict) else {}),
            ai_code=ai_code_options_from_dict(
                self.ai_code if isinstance(self.ai_code, dict) else {}
            ),
            readiness_model=self.readiness_model,
            hourly_cost=self.hourly_cost,
            currency=self.currency,
            roles=RoleSettings(self.file_roles if isinstance(self.file_roles, dict) else {}),
        )

    def decision_model(self) -> tuple[DecisionModel, list[str]]:
        """The advice model as these settings shape it, with the problems in its overrides: the
        one place the settings' ``hourly_cost``/``currency`` enter the advice (the team
        profile's default loaded cost, resolved by analysis.decisions.team.resolve_team)."""
        return load_model(self.readiness_model, self.hourly_cost, self.currency)

    def to_dict(self) -> dict:
        data = asdict(self)
        for name in _INTERNAL:
            data.pop(name)
        return data


SCHEMA_VERSION = 2
_INTERNAL = ("problems", "kept", "migrated_from")


def _from_1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 (files written before the settings had a version) has the same keys."""
    return data


#: migrators: MIGRATIONS[n] turns a version-n file into version n + 1
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _from_1}
#: ranges of numeric settings (inclusive; None: open)
_RANGES: dict[str, tuple[float | None, float | None]] = {
    "workers": (1, 1024),
    "file_budget_seconds": (0.1, None),
    "file_memory_megabytes": (0, None),
    "max_file_megabytes": (0.001, None),
    "hourly_cost": (0, None),
    "cost_per_line_minutes": (0, None),
    "duplication_min_tokens": (2, None),  # analysis.code.clone_groups.DuplicationSettings
    "duplication_min_lines": (1, None),
}
_CHOICES = {"theme": ("system", "light", "dark")}


def _fits(value: Any, hint: Any) -> bool:
    """Does ``value`` (from JSON) have the type ``hint`` names? A whole number is a float."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, a) for a in args)
    if hint is type(None):
        return value is None
    if origin is list:
        return isinstance(value, list) and all(_fits(v, args[0]) for v in value)
    if hint is dict or origin is dict:
        return isinstance(value, dict)
    if hint is float:
        return (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and (math.isfinite(value))
        )
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, hint)


def _problem(name: str, value: Any, hint: Any) -> str | None:
    """Why ``value`` cannot be setting ``name``; None when it can."""
    if not _fits(value, hint):
        return f"{name} must be {_type_words(hint)}, got {json.dumps(value)[:40]}"
    low, high = _RANGES.get(name, (None, None))
    if isinstance(value, int | float) and (
        (low is not None and value < low) or (high is not None and value > high)
    ):
        span = f"from {low:g}" + (f" to {high:g}" if high is not None else " up")
        return f"{name} must be {span}, got {value:g}"
    if name in _CHOICES and value not in _CHOICES[name]:
        return f"{name} must be one of {', '.join(_CHOICES[name])}, got {json.dumps(value)[:40]}"
    return None


def _type_words(hint: Any) -> str:
    words = {int: "a whole number", float: "a number", str: "text", dict: "a table"}
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if args:
        return _type_words(args[0]) + " or null"
    if typing.get_origin(hint) is list:
        return "a list of text"
    return words.get(typing.get_origin(hint) or hint, str(hint))


def _checked(data: dict[str, Any]) -> Settings:
    """Settings from a file's (migrated) data: every value checked, see the module doc."""
    hints = typing.get_type_hints(Settings)
    known = {f.name: f for f in fields(Settings) if f.name not in _INTERNAL}
    values, kept, problems = {}, {}, []
    for key, value in data.items():
        if key == "schema_version":
            continue
        if key not in known:
            kept[key] = value
            problems.append(f"settings: unknown key {key!r} ignored (kept in the file)")
            continue
        why = _problem(key, value, hints[key])
        if why:
            kept[key] = value
            problems.append(f"settings: {why}; using the default (the value is kept in the file)")
            continue
        values[key] = value
    settings = Settings(**values)  # the ranges above are DuplicationSettings' own checks
    settings.kept, settings.problems = kept, problems
    return settings


def settings_path() -> Path:
    return config_dir() / "settings.json"


def _migrate(data: dict[str, Any]) -> tuple[dict[str, Any], int | None, list[str]]:
    version = data.get("schema_version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValueError(f"schema_version must be a whole number from 1, got {version!r}")
    if version > SCHEMA_VERSION:
        return (
            data,
            None,
            [
                f"settings.json was written by a newer Readiness Advisor (schema {version}, this "
                f"one reads {SCHEMA_VERSION}): settings it does not know are kept unchanged"
            ],
        )
    start = version
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](dict(data))
        version += 1
    return data, (start if start < SCHEMA_VERSION else None), []


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        data, migrated_from, notes = _migrate(data)
        settings = _checked(data)
        settings.migrated_from = migrated_from
        if notes:
            settings.kept["schema_version"] = data["schema_version"]
        settings.problems[:0] = notes
        return settings
    except (OSError, ValueError, TypeError) as exc:
        kept = path.with_name(f"{path.name}.unreadable-{datetime.now():%Y%m%d-%H%M%S}")
        try:
            os.replace(path, kept)
        except OSError:
            kept = path
        settings = Settings()
        settings.problems.append(
            f"settings could not be read ({exc}); kept as {kept.name}, using defaults"
        )
        return settings


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically, with what the file held that they do not use (see the
    module doc); a migrated file's original is kept first as ``settings.json.v<N>``."""
    path = path or settings_path()
    if settings.migrated_from is not None and path.exists():
        backup = path.with_name(f"{path.name}.v{settings.migrated_from}")
        if not backup.exists():
            backup.write_bytes(path.read_bytes())
        settings.migrated_from = None
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    defaults = Settings()
    current = settings.to_dict()
    for key, value in settings.kept.items():
        if key not in current or current[key] == getattr(defaults, key):
            data[key] = value  # unknown, or wrong and not set since: as the file had it
    data.update({k: v for k, v in current.items() if k not in data})
    if isinstance(data.get("database_url"), str):  # a password never reaches the file
        from app.store.database import without_password

        data["database_url"] = without_password(data["database_url"])
    fd, tmp = tempfile.mkstemp(prefix=".settings.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2)
    os.replace(tmp, path)
