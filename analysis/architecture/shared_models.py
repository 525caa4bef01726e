"""Data models shared across components: the tables a carve-out cannot take alone.

A models module is one whose name ends in ``models`` or lies in a ``models`` package (Django's
``app/models.py`` or ``app/models/``, and the same convention in SQLAlchemy projects). When
modules of another component import it at run time, both read and write its tables: those
tables are shared, and splitting either component off needs a data-ownership plan first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from analysis.architecture.components import ComponentGraph
from analysis.architecture.module_walk import TYPE_CHECKING
from analysis.architecture.modules import ModuleIndex, ResolvedImport

MAX_LOCATIONS = 5


@dataclass
class SharedModels:
    module: str  # the models module, e.g. "payments.models"
    component: str  # the component that owns it
    importers: list[str] = field(default_factory=list)  # other components importing it
    imports: int = 0  # importing modules in other components
    locations: list[str] = field(default_factory=list)  # "path:line" of a few of those imports


def is_models_module(name: str) -> bool:
    return "models" in name.split(".")[1:] or name == "models"


def shared_models(
    index: ModuleIndex, graph: ComponentGraph, resolved: list[ResolvedImport]
) -> list[SharedModels]:
    found: dict[str, SharedModels] = {}
    importers: dict[str, set[str]] = defaultdict(set)
    seen: set[tuple[str, str]] = set()
    for item in resolved:
        target = item.imported
        if target is None or item.flags & TYPE_CHECKING or not is_models_module(target):
            continue
        owner, user = graph.member_of.get(target), graph.member_of.get(item.importer)
        if owner is None or user is None or owner == user:
            continue
        entry = found.setdefault(target, SharedModels(target, owner))
        entry.importers = sorted(set(entry.importers) | {user})
        if (item.importer, target) in seen:
            continue
        seen.add((item.importer, target))
        importers[target].add(item.importer)
        entry.imports = len(importers[target])
        if len(entry.locations) < MAX_LOCATIONS:
            entry.locations.append(f"{index.modules[item.importer].path}:{item.line}")
    return sorted(found.values(), key=lambda s: (-s.imports, s.module))
