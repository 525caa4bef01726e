"""The path rules of file roles (``resources/file_roles.toml``), compiled once.

Each rule is a list of regular expressions searched in the repository-relative path, as GitHub
linguist applies ``vendor.yml`` and ``documentation.yml``; the first rule that matches
decides. The table cites its source per rule.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from analysis.roles.content import generated_marker
from analysis.roles.model import ROLES
from resources import resource_path

RULE_TABLE = "file_roles.toml"


@dataclass(frozen=True)
class PathRule:
    id: str
    role: str
    source: str
    regex: re.Pattern[str] | None  # None for a content rule
    kinds: frozenset[str] | None = None  # None: any kind of file
    content: str | None = None  # a content check (analysis.roles.content) instead of paths

    def matches(self, path: str, kind: str, head: bytes | None = None) -> bool:
        if self.kinds is not None and kind not in self.kinds:
            return False
        if self.content is not None:
            return head is not None and generated_marker(head) is not None
        return self.regex is not None and self.regex.search(path) is not None


@dataclass(frozen=True)
class RuleTable:
    rules: tuple[PathRule, ...]
    digest: str  # of the table's text: part of every cache key that depends on roles

    def first(self, path: str, kind: str, head: bytes | None = None) -> PathRule | None:
        """The deciding rule; content rules are skipped when ``head`` is None."""
        for rule in self.rules:
            if rule.matches(path, kind, head):
                return rule
        return None

    def rule(self, rule_id: str) -> PathRule:
        return next(rule for rule in self.rules if rule.id == rule_id)

    def sources(self) -> dict[str, str]:
        return {rule.id: rule.source for rule in self.rules}


@lru_cache(maxsize=1)
def rule_table() -> RuleTable:
    """The shipped table (read and compiled once per process)."""
    text = resource_path(RULE_TABLE).read_bytes()
    data = tomllib.loads(text.decode("utf-8"))
    rules = []
    for entry in data.get("rule", []):
        role = entry["role"]
        if role not in ROLES:
            raise ValueError(f"{RULE_TABLE}: rule {entry['id']} has unknown role {role!r}")
        kinds = entry.get("types")
        patterns = entry.get("patterns")
        rules.append(
            PathRule(
                id=entry["id"],
                role=role,
                source=entry.get("source", ""),
                regex=re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None,
                kinds=frozenset(kinds) if kinds else None,
                content=entry.get("content"),
            )
        )
    digest = hashlib.sha1(text, usedforsecurity=False).hexdigest()[:12]
    return RuleTable(tuple(rules), digest)
