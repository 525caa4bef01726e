"""Declared dependencies, parsed with ``packaging``: requirements files (following ``-r`` and
``-c``), pyproject.toml (PEP 621, PEP 735 groups, Poetry), Pipfile, setup.cfg and setup.py.

Constraints files (``-c``) only pin what is already required (pip's meaning): they add
specifiers to declared packages, never new packages.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from analysis.project_files import ProjectFiles, continued_lines, line_of, section_line
from analysis.runtime.manifests import Manifests, ini_list, ini_option_line

_COMMENT = re.compile(r"(^|\s)#.*$")
_EGG = re.compile(r"#egg=([A-Za-z0-9_.\-]+)")
_REQUIREMENT_FILES = (
    "requirements*.txt",
    "*requirements*.txt",
    "requirements/*.txt",
    "requirements/*.in",
    "requirements*.in",
    "constraints*.txt",
)
_POETRY_RESERVED = {"python"}
_PIPFILE_NOT_PACKAGES = {"source", "requires", "pipenv", "scripts"}


@dataclass
class Declaration:
    name: str  # canonical (PEP 503)
    specifier: str  # as written ("" for any version); Poetry syntax kept as is
    group: str
    location: str  # "path:line"
    marker: str = ""
    constraint: bool = False  # from a -c constraints file


def requirement_group(path: str) -> str:
    """``requirements.txt`` -> main; ``requirements-dev.txt`` / ``requirements/dev.txt`` -> dev."""
    stem = posixpath.splitext(posixpath.basename(path))[0].lower()
    stem = re.sub(r"^requirements?[-_.]?|[-_.]?requirements?$", "", stem)
    return stem if stem and stem not in ("base", "common", "prod", "production") else "main"


def _parse_line(text: str) -> tuple[str, str, str] | None:
    """(name, specifier, marker) of one requirement line; None for local paths and options."""
    text = re.split(r"\s--?[a-z]", " " + text, maxsplit=1)[0].strip()  # drop --hash=... options
    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        egg = _EGG.search(text)
        if egg:
            return canonicalize_name(egg.group(1)), "", ""
        raise
    return (
        canonicalize_name(requirement.name),
        str(requirement.specifier) or (f"@ {requirement.url}" if requirement.url else ""),
        str(requirement.marker) if requirement.marker else "",
    )


def read_requirements(
    files: ProjectFiles,
    path: str,
    out: list[Declaration],
    problems: list,
    seen: set[str],
    constraint: bool = False,
) -> None:
    """One requirements file and every file it includes with -r / -c (inside the repository)."""
    if path in seen:
        return
    seen.add(path)
    text = files.text(path)
    if text is None:
        return
    group = "constraints" if constraint else requirement_group(path)
    for number, raw in continued_lines(text):
        line = _COMMENT.sub("", raw).strip()
        if not line:
            continue
        option, _, value = line.partition(" ")
        if "=" in option and option.startswith("--"):
            option, _, value = option.partition("=")
        value = value.strip()
        if option in ("-r", "--requirement", "-c", "--constraint") or (
            option[:2] in ("-r", "-c") and len(option) > 2 and not option.startswith("--")
        ):
            if option[:2] in ("-r", "-c") and len(option) > 2 and not option.startswith("--"):
                value = option[2:]
            included = posixpath.normpath(posixpath.join(posixpath.dirname(path), value))
            if "://" in value or included.startswith("..") or posixpath.isabs(value):
                problems.append((path, f"line {number}: {value} is outside the repository"))
            elif included not in files:
                problems.append((path, f"line {number}: includes {value}, which is not tracked"))
            else:
                is_constraint = option in ("-c", "--constraint") or option.startswith("-c")
                read_requirements(files, included, out, problems, seen, constraint or is_constraint)
            continue
        if option in ("-e", "--editable"):
            egg = _EGG.search(value)
            if egg:
                out.append(
                    Declaration(canonicalize_name(egg.group(1)), "", group, f"{path}:{number}")
                )
            continue
        if line.startswith("-") or line.startswith((".", "/")) or line.endswith((".whl", ".zip")):
            continue  # pip options, local paths and archives name no package on an index
        try:
            parsed = _parse_line(line)
        except InvalidRequirement as exc:
            problems.append((path, f"line {number}: not a valid requirement: {exc}"))
            continue
        if parsed:
            name, specifier, marker = parsed
            out.append(Declaration(name, specifier, group, f"{path}:{number}", marker, constraint))


def _pep508(out: list, problems: list, items: Any, group: str, path: str, text: str, start: int):
    if not isinstance(items, list):
        return
    for item in items:
        if not isinstance(item, str):
            continue  # PEP 735 {include-group = ...}: its own group is read on its own
        line = line_of(text, item.split(";")[0].strip(), start)
        try:
            name, specifier, marker = _parse_line(item) or ("", "", "")
        except InvalidRequirement as exc:
            problems.append((path, f"line {line}: not a valid requirement: {exc}"))
            continue
        if name:
            out.append(Declaration(name, specifier, group, f"{path}:{line}", marker))


def _poetry_table(out: list, table: Any, group: str, path: str, text: str, header: str):
    if not isinstance(table, dict):
        return
    start = section_line(text, header)
    for raw_name, value in table.items():
        if raw_name in _POETRY_RESERVED:
            continue
        specs = value if isinstance(value, list) else [value]
        specifier = ", ".join(
            text
            for text in (
                s
                if isinstance(s, str)
                else str(s.get("version", ""))
                if isinstance(s, dict)
                else ""
                for s in specs
            )
            if text and text != "*"
        )
        line = line_of(text, raw_name, start)
        out.append(Declaration(canonicalize_name(raw_name), specifier, group, f"{path}:{line}"))


def manifest_declarations(manifests: Manifests) -> tuple[list[Declaration], list]:
    out: list[Declaration] = []
    problems: list[tuple[str, str]] = []
    for m in manifests.pyprojects:
        project = m.data.get("project")
        if isinstance(project, dict):
            start = section_line(m.text, "[project]")
            _pep508(out, problems, project.get("dependencies"), "main", m.path, m.text, start)
            extras = project.get("optional-dependencies")
            if isinstance(extras, dict):
                start = section_line(m.text, "[project.optional-dependencies]")
                for extra, items in extras.items():
                    _pep508(out, problems, items, f"extra {extra}", m.path, m.text, start)
        groups = m.data.get("dependency-groups")
        if isinstance(groups, dict):
            start = section_line(m.text, "[dependency-groups]")
            for name, items in groups.items():
                _pep508(out, problems, items, f"group {name}", m.path, m.text, start)
        tool = m.data.get("tool")
        poetry = tool.get("poetry") if isinstance(tool, dict) else None
        if isinstance(poetry, dict):
            _poetry_table(
                out,
                poetry.get("dependencies"),
                "main",
                m.path,
                m.text,
                "[tool.poetry.dependencies]",
            )
            _poetry_table(
                out,
                poetry.get("dev-dependencies"),
                "dev",
                m.path,
                m.text,
                "[tool.poetry.dev-dependencies]",
            )
            poetry_groups = poetry.get("group")
            if isinstance(poetry_groups, dict):
                for name, table in poetry_groups.items():
                    deps = table.get("dependencies") if isinstance(table, dict) else None
                    _poetry_table(
                        out, deps, name, m.path, m.text, f"[tool.poetry.group.{name}.dependencies]"
                    )
    for m in manifests.pipfiles:
        for category, table in m.data.items():
            if category in _PIPFILE_NOT_PACKAGES or not isinstance(table, dict):
                continue
            group = {"packages": "main", "dev-packages": "dev"}.get(category, category)
            start = section_line(m.text, f"[{category}]")
            for raw_name, value in table.items():
                specifier = value if isinstance(value, str) else ""
                if isinstance(value, dict):
                    specifier = str(value.get("version", ""))
                specifier = "" if specifier == "*" else specifier
                line = line_of(m.text, raw_name, start)
                out.append(
                    Declaration(canonicalize_name(raw_name), specifier, group, f"{m.path}:{line}")
                )
    for m in manifests.setup_cfgs:
        parser = m.data
        if parser.has_option("options", "install_requires"):
            start = ini_option_line(m.text, "options", "install_requires")
            items = ini_list(parser.get("options", "install_requires"))
            _pep508(out, problems, items, "main", m.path, m.text, start)
        if parser.has_section("options.extras_require"):
            for extra, value in parser.items("options.extras_require"):
                start = ini_option_line(m.text, "options.extras_require", extra)
                _pep508(out, problems, ini_list(value), f"extra {extra}", m.path, m.text, start)
    for m in manifests.setup_pys:
        keywords = m.data.keywords
        for keyword, group in (("install_requires", "main"), ("tests_require", "test")):
            if keyword in keywords:
                value, line = keywords[keyword]
                items = [value] if isinstance(value, str) else value
                _pep508(out, problems, items, group, m.path, m.text, line)
        if "extras_require" in keywords and isinstance(keywords["extras_require"][0], dict):
            value, line = keywords["extras_require"]
            for extra, items in value.items():
                items = [items] if isinstance(items, str) else items
                _pep508(out, problems, items, f"extra {extra}", m.path, m.text, line)
        for keyword in m.data.dynamic:
            if keyword in ("install_requires", "extras_require", "**kwargs"):
                problems.append(
                    (m.path, f"setup() {keyword} is computed when setup.py runs: not read")
                )
    return out, problems


def all_declarations(files: ProjectFiles, manifests: Manifests) -> tuple[list[Declaration], list]:
    declarations, problems = manifest_declarations(manifests)
    seen: set[str] = set()
    paths = files.matching(*_REQUIREMENT_FILES)
    constraints = [p for p in paths if posixpath.basename(p).startswith("constraints")]
    for path in [p for p in paths if p not in constraints]:
        read_requirements(files, path, declarations, problems, seen)
    for path in constraints:
        read_requirements(files, path, declarations, problems, seen, constraint=True)
    return declarations, problems
