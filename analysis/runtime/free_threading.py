"""Free-threading (3.13t/3.14t) status of dependencies, and wheel coverage of locked releases.

A C extension that does not declare ``Py_MOD_GIL_NOT_USED`` re-enables the GIL when imported.
Evidence, most specific first: the wheels a lock file lists for the locked release (a
``cp313t``/``cp314t`` wheel, or only ``none`` ABI wheels = no extension), then the shipped
snapshot of the public free-threaded-wheels tracker (``resources/data/free-threaded-wheels.json``,
BSD-2-Clause, Copyright (c) 2013 Charlie Denton). A free-threaded wheel is not proof of thread
safety: the product says "has a free-threaded wheel", never "safe".
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import datetime

from packaging.tags import Tag
from packaging.utils import canonicalize_name

from analysis.runtime.lockfiles import LockedPackage
from resources import resource_path

FREE_THREADED_WHEEL = "free_threaded_wheel"  # has a free-threaded wheel
GIL = "gil"  # binary wheels, none free-threaded: importing it re-enables the GIL
FINE = "fine"  # pure Python (or a pure-Python wheel exists): nothing to re-enable the GIL
UNKNOWN = "unknown"  # not in the snapshot and no lock file wheels to read
STATUSES = (FREE_THREADED_WHEEL, GIL, FINE, UNKNOWN)

TRACKER_URL = "https://hugovk.github.io/free-threaded-wheels/"
LICENCE = "BSD-2-Clause, Copyright (c) 2013, Charlie Denton"


@dataclass(frozen=True)
class Snapshot:
    date: str  # ISO date of the tracker's last_update
    packages: dict[str, str]  # canonical name -> css_class (success / warning / pure-py)

    def info(self) -> dict:
        return {
            "source": f"free-threaded-wheels tracker ({TRACKER_URL})",
            "date": self.date,
            "licence": LICENCE,
            "packages": len(self.packages),
        }


@functools.cache
def snapshot() -> Snapshot:
    data = json.loads(resource_path("data/free-threaded-wheels.json").read_text("utf-8"))
    updated = datetime.strptime(data["last_update"], "%A, %d %B %Y, %H:%M:%S %Z")
    return Snapshot(
        updated.date().isoformat(),
        {canonicalize_name(p["name"]): p["css_class"] for p in data["data"]},
    )


def _is_free_threaded_abi(tag: Tag) -> bool:
    return tag.abi.startswith("cp3") and tag.abi.endswith("t")


def _has_no_extension(tag: Tag) -> bool:
    return tag.abi == "none"


def classify(name: str, locked: list[LockedPackage]) -> tuple[str, str]:
    """(status, evidence) for one dependency (canonical name)."""
    with_wheels = [p for p in locked if p.wheels]
    for package in with_wheels:
        tags = package.tags()
        threaded = sorted({t.abi for t in tags if _is_free_threaded_abi(t)})
        if threaded:
            return FREE_THREADED_WHEEL, (
                f"{package.location}: {name} {package.version} has {'/'.join(threaded)} wheels"
            )
        if any(map(_has_no_extension, tags)):
            return FINE, f"{package.location}: {name} {package.version} has a pure-Python wheel"
        if tags:
            return GIL, (
                f"{package.location}: {name} {package.version} has {len(package.wheels)} binary "
                "wheels, none free-threaded (no cp313t/cp314t)"
            )
    css = snapshot().packages.get(name)
    when = f"free-threaded-wheels snapshot of {snapshot().date}"
    if css == "success":
        return FREE_THREADED_WHEEL, f"{when}: has a free-threaded wheel"
    if css == "warning":
        return GIL, f"{when}: binary wheels only, none free-threaded"
    if css == "pure-py":
        return FINE, f"{when}: ships a pure-Python wheel besides its binary wheels"
    return UNKNOWN, "not in the snapshot of the 360 most downloaded binary packages, no lock wheels"


def covers(tags: set[Tag], minor: tuple[int, int]) -> bool:
    """Whether some wheel installs on (non-free-threaded) CPython ``minor`` without building."""
    wanted = f"cp{minor[0]}{minor[1]}"
    for tag in tags:
        if tag.abi == "none":
            return True
        if tag.abi == "abi3" and tag.interpreter.startswith("cp"):
            try:
                base = (int(tag.interpreter[2]), int(tag.interpreter[3:]))
            except ValueError:
                continue
            if base <= minor:
                return True
        if tag.interpreter == wanted and tag.abi == wanted:
            return True
    return False
