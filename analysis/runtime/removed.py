"""Standard-library modules and APIs removed from CPython, and where a module uses them.

The table is ``resources/data/removed-stdlib.json`` (What's New in Python 3.12/3.13/3.14,
PEP 594, PEP 632). vermin reports minimum versions only, so removals need this list.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from resources import resource_path


@dataclass(frozen=True)
class RemovedModule:
    name: str
    removed_in: str  # "3.12"
    source: str  # PEP or What's New
    replacement: str
    provided_by: tuple[str, ...] = ()  # PyPI distributions that bring it back


@dataclass(frozen=True)
class RemovedApi:
    name: str  # e.g. "ast.Num"
    receiver: str  # the name the attribute is read from: "ast", or "self" for TestCase methods
    attribute: str
    removed_in: str
    replacement: str


@functools.cache
def _table() -> dict:
    return json.loads(resource_path("data/removed-stdlib.json").read_text(encoding="utf-8"))


@functools.cache
def removed_modules() -> dict[str, RemovedModule]:
    """Removed module name (dotted, e.g. ``tkinter.tix``) -> what replaced it."""
    return {
        name: RemovedModule(
            name,
            entry["removed_in"],
            entry["pep"],
            entry["replacement"],
            tuple(entry.get("provided_by", ())),
        )
        for name, entry in _table()["modules"].items()
    }


@functools.cache
def removed_apis() -> tuple[RemovedApi, ...]:
    return tuple(
        RemovedApi(a["name"], a["receiver"], a["attribute"], a["removed_in"], a["replacement"])
        for a in _table()["apis"]
    )


def imported_names(module: str | None, names: list[str] | None, level: int) -> list[str]:
    """Every absolute dotted name an import statement makes Python import or look up."""
    if level or not module:
        return []
    if names is None:
        return [module]
    return [module] + [f"{module}.{name}" for name in names if name != "*"]


def removed_module_of(dotted: str) -> RemovedModule | None:
    """The removed module that ``dotted`` is, or lies inside (``distutils.core`` -> distutils)."""
    table = removed_modules()
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        found = table.get(".".join(parts[:end]))
        if found is not None:
            return found
    return None


def removed_api_of_import(module: str | None, name: str) -> RemovedApi | None:
    """``from ast import Num`` names a removed API just as ``ast.Num`` does."""
    for api in removed_apis():
        if api.receiver == module and api.attribute == name:
            return api
    return None


def removed_api_named(dotted: str) -> RemovedApi | None:
    for api in removed_apis():
        if f"{api.receiver}.{api.attribute}" == dotted:
            return api
    return None
