"""Pseudonymized exports: the report's history names no person.

Developers become "Developer 1", "Developer 2", ... numbered by how many files they are main
developer of (then by name), so the same report always maps the same way and the figures still
read ("Developer 1 owns 40% of the hotspots"); merged identities keep their rule and commit
count but lose their names and e-mails. Only exports change; the stored assessment keeps
identities as git prints them, on the user's own machine.
"""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any


def _truck_factors(history: dict[str, Any]) -> list[dict[str, Any]]:
    truck = history.get("truck_factor") or {}
    inner = truck.get("without_tests")
    return [truck, inner] if isinstance(inner, dict) else [truck]


def developer_names(history: dict[str, Any]) -> list[str]:
    """Every person the history section names."""
    names = [f.get("main_developer") for f in history.get("files", [])]
    for truck in _truck_factors(history):
        names += truck.get("developers", [])
        names += [o.get("developer") for o in truck.get("orphaned", [])]
    names += [f.get("main_developer") for f in history.get("knowledge_loss", {}).get("files", [])]
    names += [g.get("developer") for g in history.get("identities", [])]
    return [n for n in names if n]


def pseudonyms(history: dict[str, Any]) -> dict[str, str]:
    counts = Counter(f.get("main_developer") for f in history.get("files", []))
    order = sorted(set(developer_names(history)), key=lambda n: (-counts.get(n, 0), n))
    return {name: f"Developer {i}" for i, name in enumerate(order, start=1)}


def pseudonymize_report(report: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``report`` whose history section carries pseudonyms instead of names."""
    history = report.get("history")
    if not history:
        return report
    result = copy.deepcopy(report)
    section = result["history"]
    mapping = pseudonyms(section)
    for item in section.get("files", []):
        if item.get("main_developer"):
            item["main_developer"] = mapping[item["main_developer"]]
    for truck in _truck_factors(section):
        truck["developers"] = [mapping[n] for n in truck.get("developers", [])]
        for item in truck.get("orphaned", []):
            item["developer"] = mapping[item["developer"]]
    for group in section.get("identities", []):
        # the merges stay visible (how many identities, by which rule), the people do not
        group["developer"] = mapping[group["developer"]]
        group["email"] = ""
        for number, alias in enumerate(group.get("aliases", []), start=1):
            alias["name"] = f"{group['developer']} alias {number}"
            alias["email"] = ""
    for item in section.get("knowledge_loss", {}).get("files", []):
        item["main_developer"] = mapping[item["main_developer"]]
    adoption = result.get("ai_adoption") or {}
    rhythm = (adoption.get("version_control") or {}).get("commit_frequency") or {}
    for item in rhythm.get("per_author", []):  # authors the history section does not name
        name = item.get("author")
        if name not in mapping:
            mapping[name] = f"Developer {len(mapping) + 1}"
        item["author"] = mapping[name]
    section.setdefault("settings", {})["pseudonymized"] = True
    return result
