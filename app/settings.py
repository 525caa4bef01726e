"""User settings: a small JSON file in the config folder, typed, with defaults.

A settings file that cannot be read is kept aside (``settings.json.unreadable-<time>``), never
overwritten, and the defaults are used.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from pathlib import Path

from analysis.assessment import Options
from analysis.code.duplication import DuplicationSettings
from analysis.debt import DebtSettings
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
    # the advice model's overrides (resources/readiness_model.toml), e.g.
    # {"weights": {"delivery": 0.4}, "caps": {"runtime-before-3.11": {"enabled": false}}}
    readiness_model: dict = field(default_factory=dict)
    theme: str = "system"  # system | light | dark (View › Theme)
    # file roles decided by the user, before every rule: {"tooling": ["deploy/*.py"], ...}
    # (analysis.roles; roles: production, test, migration, generated, vendored, docs,
    # translation, example, tooling, config, data, binary)
    file_roles: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list, compare=False, repr=False)

    def analysis_options(self) -> Options:
        try:
            duplication = DuplicationSettings(
                self.duplication_min_tokens, self.duplication_min_lines
            )
            if self.duplication_exclude is not None:
                duplication = replace(duplication, exclude=tuple(self.duplication_exclude))
        except (TypeError, ValueError) as exc:
            self.problems.append(f"duplication settings ignored ({exc}); using the defaults")
            duplication = DuplicationSettings()
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
                hourly_cost=self.hourly_cost,
                currency=self.currency,
                target_versions=tuple(targets) if targets else None,
            ),
            history=options_from_dict(self.history if isinstance(self.history, dict) else {}),
            readiness_model=self.readiness_model,
            roles=RoleSettings(self.file_roles if isinstance(self.file_roles, dict) else {}),
        )

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("problems")
        return data


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        known = {f.name for f in fields(Settings)} - {"problems"}
        return Settings(**{k: v for k, v in data.items() if k in known})
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
    path = path or settings_path()
    fd, tmp = tempfile.mkstemp(prefix=".settings.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(settings.to_dict(), handle, indent=2)
    os.replace(tmp, path)
