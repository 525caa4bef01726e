"""Locked packages with the wheel files the lock lists: poetry.lock, uv.lock, Pipfile.lock.

Wheel file names (PEP 427 tags, read with ``packaging.utils.parse_wheel_filename``) say for which
interpreters a locked release ships a binary: ``cp312`` (CPython 3.12), ``cp38-abi3`` (the stable
ABI, 3.8 and later, not free-threaded), ``cp313t`` (free-threaded 3.13), ``none-any`` (pure
Python). Pipfile.lock lists hashes only, so its packages carry no wheel information.
"""

from __future__ import annotations

import json
import posixpath
import tomllib
from dataclasses import dataclass, field

from packaging.tags import Tag
from packaging.utils import InvalidWheelFilename, canonicalize_name, parse_wheel_filename

from analysis.project_files import ProjectFiles, line_of

_LOCAL_SOURCES = ("editable", "virtual", "directory", "path")


@dataclass
class LockedPackage:
    name: str  # canonical
    version: str
    location: str
    wheels: list[str] = field(default_factory=list)  # wheel file names
    has_sdist: bool = False

    def tags(self) -> set[Tag]:
        found: set[Tag] = set()
        for wheel in self.wheels:
            try:
                found |= set(parse_wheel_filename(wheel)[3])
            except InvalidWheelFilename:
                continue
        return found


def _poetry(path: str, text: str, data: dict) -> list[LockedPackage]:
    legacy_files = data.get("metadata", {}).get("files", {})
    out = []
    for package in data.get("package", []):
        if not isinstance(package, dict) or "name" not in package:
            continue
        files = package.get("files") or legacy_files.get(package["name"], [])
        names = [f.get("file", "") for f in files if isinstance(f, dict)]
        line = line_of(text, f'name = "{package["name"]}"')
        out.append(
            LockedPackage(
                canonicalize_name(package["name"]),
                str(package.get("version", "")),
                f"{path}:{line}",
                [n for n in names if n.endswith(".whl")],
                any(n.endswith((".tar.gz", ".zip")) for n in names),
            )
        )
    return out


def _uv(path: str, text: str, data: dict) -> list[LockedPackage]:
    out = []
    for package in data.get("package", []):
        if not isinstance(package, dict) or "name" not in package:
            continue
        source = package.get("source", {})
        if isinstance(source, dict) and any(key in source for key in _LOCAL_SOURCES):
            continue  # the project itself or a local path, not a published package
        wheels = []
        for wheel in package.get("wheels", []):
            if isinstance(wheel, dict):
                ref = wheel.get("filename") or wheel.get("url") or wheel.get("path") or ""
                wheels.append(posixpath.basename(str(ref).split("#", 1)[0]))
        line = line_of(text, f'name = "{package["name"]}"')
        out.append(
            LockedPackage(
                canonicalize_name(package["name"]),
                str(package.get("version", "")),
                f"{path}:{line}",
                wheels,
                "sdist" in package,
            )
        )
    return out


def _pipfile_lock(path: str, text: str, data: dict) -> list[LockedPackage]:
    out = []
    for section in ("default", "develop"):
        for name, entry in (data.get(section) or {}).items():
            version = entry.get("version", "") if isinstance(entry, dict) else ""
            line = line_of(text, f'"{name}"')
            out.append(
                LockedPackage(canonicalize_name(name), version.lstrip("="), f"{path}:{line}")
            )
    return out


def locked_packages(files: ProjectFiles, problems: list) -> list[LockedPackage]:
    out: list[LockedPackage] = []
    for path in files.matching("poetry.lock", "uv.lock", "Pipfile.lock"):
        text = files.text(path)
        if text is None:
            continue
        name = posixpath.basename(path)
        try:
            if name == "Pipfile.lock":
                out += _pipfile_lock(path, text, json.loads(text))
            else:
                data = tomllib.loads(text)
                out += _poetry(path, text, data) if name == "poetry.lock" else _uv(path, text, data)
        except (ValueError, AttributeError, TypeError) as exc:  # JSON/TOML errors, odd shapes
            problems.append((path, f"cannot be read as a lock file: {exc}"))
    return out
