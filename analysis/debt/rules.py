"""The debt rule table (``resources/debt_rules.toml``) with the user's overrides applied.

Remediation functions follow SonarQube's SQALE model: ``offset + per_unit x units`` minutes
(constant/issue, linear, linear with offset). The shipped table names each rule's source.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from typing import Any

from packaging.version import InvalidVersion, Version

from resources import resource_path

RULE_TABLE = "debt_rules.toml"

#: Rule fields a setting may change, with what each must be.
OVERRIDABLE = {
    "enabled": "true or false",
    "threshold": "a number",
    "offset_minutes": "a whole number of minutes >= 0",
    "minutes_per_unit": "a whole number of minutes >= 0",
}


@dataclass(frozen=True)
class DebtRule:
    """One kind of issue and what fixing one costs: ``offset + per_unit x units`` minutes."""

    id: str
    title: str
    applies_to: str  # "function" | "module"
    threshold: float
    offset_minutes: int
    minutes_per_unit: int
    unit: str
    source: str
    enabled: bool = True

    def remediation(self, units: float = 0) -> int:
        """Minutes to fix one issue that is ``units`` over the threshold (SQALE, SonarQube)."""
        return round(self.offset_minutes + self.minutes_per_unit * units)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "applies_to": self.applies_to,
            "enabled": self.enabled,
            "threshold": self.threshold,
            "offset_minutes": self.offset_minutes,
            "minutes_per_unit": self.minutes_per_unit,
            "unit": self.unit,
            "source": self.source,
        }


@dataclass(frozen=True)
class RuleTable:
    rules: dict[str, DebtRule]
    cost_per_line_minutes: float
    rating_grid: tuple[float, float, float, float]
    default_target_versions: tuple[str, ...]


def _version(text: str) -> Version:
    return Version(text)


def load_rule_table() -> RuleTable:
    """The shipped table; a broken table is a packaging bug and raises."""
    data = tomllib.loads(resource_path(RULE_TABLE).read_text(encoding="utf-8"))
    rules = {}
    for entry in data["rule"]:
        rule = DebtRule(
            id=entry["id"],
            title=entry["title"],
            applies_to=entry["applies_to"],
            threshold=entry["threshold"],
            offset_minutes=int(entry["offset_minutes"]),
            minutes_per_unit=int(entry["minutes_per_unit"]),
            unit=entry["unit"],
            source=entry["source"],
            enabled=entry.get("enabled", True),
        )
        rules[rule.id] = rule
    defaults = data["defaults"]
    grid = tuple(float(x) for x in defaults["rating_grid"])
    if len(grid) != 4:
        raise ValueError(f"{RULE_TABLE}: rating_grid needs 4 limits")
    return RuleTable(
        rules=rules,
        cost_per_line_minutes=float(defaults["cost_per_line_minutes"]),
        rating_grid=(grid[0], grid[1], grid[2], grid[3]),
        default_target_versions=tuple(defaults["target_versions"]),
    )


def apply_overrides(
    table: RuleTable, overrides: dict[str, dict[str, Any]] | None
) -> tuple[RuleTable, list[str]]:
    """The table with the user's per-rule changes; unusable entries are skipped and named."""
    problems: list[str] = []
    rules = dict(table.rules)
    for rule_id, changes in (overrides or {}).items():
        if rule_id not in rules:
            problems.append(f"debt rule override for unknown rule {rule_id!r} ignored")
            continue
        if not isinstance(changes, dict):
            problems.append(f"debt rule override for {rule_id!r} is not a table; ignored")
            continue
        accepted: dict[str, Any] = {}
        for name, value in changes.items():
            checked = _checked(name, value)
            if checked is None:
                expected = OVERRIDABLE.get(name)
                problems.append(
                    f"debt rule {rule_id!r}: {name} must be {expected}, got {value!r}; ignored"
                    if expected
                    else f"debt rule {rule_id!r}: {name!r} cannot be changed; ignored"
                )
                continue
            accepted[name] = checked
        rules[rule_id] = replace(rules[rule_id], **accepted)
    return replace(table, rules=rules), problems


def _checked(name: str, value: Any) -> Any:
    """The value if it suits the field, else None."""
    if name == "enabled":
        return value if isinstance(value, bool) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if name == "threshold":
        return value
    if name in ("offset_minutes", "minutes_per_unit") and value >= 0 and float(value).is_integer():
        return int(value)
    return None


def checked_targets(targets: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
    """Target versions that parse as versions (``"3.12"``); the others are named."""
    good, problems = [], []
    for target in targets:
        try:
            _version(str(target))
        except InvalidVersion:
            problems.append(f"target Python version {target!r} is not a version; ignored")
        else:
            good.append(str(target))
    return tuple(good), problems
