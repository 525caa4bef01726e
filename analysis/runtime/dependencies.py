"""One entry per dependency (declared, constrained or locked), with its free-threading status.

Development-only dependencies (groups such as dev, test, lint, docs) are listed but do not
block free-threading in production. Environment markers are honoured: a dependency declared
only for ``python_version < "3.8"`` does not apply to 3.13t.
"""

from __future__ import annotations

import re
from collections import defaultdict

from packaging.markers import InvalidMarker, Marker, UndefinedComparison, UndefinedEnvironmentName

from analysis.runtime.declarations import Declaration
from analysis.runtime.free_threading import GIL, classify
from analysis.runtime.lockfiles import LockedPackage
from analysis.runtime.section import Dependency

_DEV = re.compile(
    r"^(?:extra |group )?(dev|develop|development|test|tests|testing|lint|linting|docs?|"
    r"typing|types|mypy|ci|qa|style|format|coverage|bench|benchmarks?)$"
)


def is_dev_group(group: str) -> bool:
    return bool(_DEV.match(group.lower()))


def merge_dependencies(
    declarations: list[Declaration], locked: list[LockedPackage]
) -> tuple[list[Dependency], dict[str, list[str]]]:
    """Dependencies by canonical name, and the markers each was declared with ("" = none)."""
    by_name: dict[str, Dependency] = {}
    markers: dict[str, list[str]] = defaultdict(list)
    for item in declarations:
        if item.constraint:
            continue
        dep = by_name.setdefault(item.name, Dependency(item.name))
        if item.specifier and item.specifier not in dep.specifiers:
            dep.specifiers.append(item.specifier)
        if item.group not in dep.groups:
            dep.groups.append(item.group)
        if item.location not in dep.declared_in:
            dep.declared_in.append(item.location)
        markers[item.name].append(item.marker)
    for item in declarations:
        if item.constraint and item.name in by_name and item.specifier:
            text = f"{item.specifier} (constraint {item.location})"
            if text not in by_name[item.name].specifiers:
                by_name[item.name].specifiers.append(text)
    locked_by_name: dict[str, list[LockedPackage]] = defaultdict(list)
    for package in locked:
        locked_by_name[package.name].append(package)
    for name, packages in locked_by_name.items():
        entry = by_name.get(name)
        if entry is None:
            entry = by_name[name] = Dependency(name, direct=False)
            entry.declared_in = sorted({p.location for p in packages})
        entry.locked_version = ", ".join(sorted({p.version for p in packages if p.version})) or None
    for name, dep in by_name.items():
        dep.free_threading, dep.evidence = classify(name, locked_by_name.get(name, []))
    return sorted(by_name.values(), key=lambda d: d.name), dict(markers)


def applies(markers: list[str], version: str) -> bool:
    """Whether a dependency declared with these markers is installed on CPython ``version``."""
    if not markers or any(not m for m in markers):
        return True
    environment = {
        "python_version": version,
        "python_full_version": f"{version}.0",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
    }
    for text in markers:
        try:
            if Marker(text).evaluate(environment):
                return True
        except (InvalidMarker, UndefinedComparison, UndefinedEnvironmentName):
            return True
    return False


def production(dep: Dependency) -> bool:
    """Not only in development groups (transitive locked packages count as production)."""
    return not dep.groups or not all(is_dev_group(g) for g in dep.groups)


def free_threading_blockers(
    dependencies: list[Dependency], markers: dict[str, list[str]]
) -> list[Dependency]:
    """Production dependencies installed on 3.13 that would re-enable the GIL, by name."""
    return [
        d
        for d in dependencies
        if d.free_threading == GIL and production(d) and applies(markers.get(d.name, []), "3.13")
    ]
