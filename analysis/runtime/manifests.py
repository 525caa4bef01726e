"""The project's packaging manifests, read once: pyproject.toml, setup.cfg, setup.py, Pipfile.

TOML with ``tomllib``, INI with ``configparser`` (no interpolation), and setup.py as a syntax
tree: only literal keyword arguments of the ``setup(...)`` call are read (``ast.literal_eval`` on
literals, names bound at module level to literals). setup.py is never run.
"""

from __future__ import annotations

import ast
import configparser
import posixpath
import tomllib
import warnings
from dataclasses import dataclass, field
from typing import Any

from analysis.project_files import ProjectFiles


@dataclass
class SetupCall:
    """Literal keyword arguments of ``setup(...)``: name -> (value, line)."""

    path: str
    keywords: dict[str, tuple[Any, int]] = field(default_factory=dict)
    dynamic: list[str] = field(default_factory=list)  # keywords computed at run time: not read


@dataclass
class Manifest:
    path: str
    data: Any  # dict for TOML, ConfigParser for INI, SetupCall for setup.py
    text: str


@dataclass
class Manifests:
    pyprojects: list[Manifest] = field(default_factory=list)
    setup_cfgs: list[Manifest] = field(default_factory=list)
    setup_pys: list[Manifest] = field(default_factory=list)
    pipfiles: list[Manifest] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)


def _literal(node: ast.expr, env: dict[str, Any]) -> Any:
    if isinstance(node, ast.Name) and node.id in env:
        return env[node.id]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal(node.left, env), _literal(node.right, env)
        if isinstance(left, list) and isinstance(right, list):
            return left + right
        raise ValueError("not a literal")
    return ast.literal_eval(node)


def read_setup_py(path: str, text: str) -> SetupCall:
    """Keyword arguments of the ``setup()`` call whose values are literals."""
    result = SetupCall(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a SyntaxWarning quotes the repository's source
        tree = ast.parse(text)
    env: dict[str, Any] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target = stmt.targets[0]
            if isinstance(target, ast.Name):
                try:
                    env[target.id] = _literal(stmt.value, env)
                except (ValueError, TypeError, SyntaxError, RecursionError):
                    env.pop(target.id, None)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name != "setup":
            continue
        for keyword in node.keywords:
            if keyword.arg is None:
                result.dynamic.append("**kwargs")
                continue
            try:
                result.keywords[keyword.arg] = (_literal(keyword.value, env), keyword.value.lineno)
            except (ValueError, TypeError, SyntaxError, RecursionError):
                result.dynamic.append(keyword.arg)
        break
    return result


class _CaseKeepingParser(configparser.ConfigParser):
    """Keeps the case of keys (configparser lowercases them through ``optionxform``)."""

    def optionxform(self, optionstr: str) -> str:
        return optionstr


def _ini(text: str) -> configparser.ConfigParser:
    parser = _CaseKeepingParser(interpolation=None, strict=False)
    parser.read_string(text)
    return parser


def load_manifests(files: ProjectFiles) -> Manifests:
    found = Manifests()
    for path in files.matching("pyproject.toml", "Pipfile"):
        text = files.text(path)
        if text is None:
            continue
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            found.problems.append((path, f"is not valid TOML: {exc}"))
            continue
        target = found.pipfiles if posixpath.basename(path) == "Pipfile" else found.pyprojects
        target.append(Manifest(path, data, text))
    for path in files.matching("setup.cfg"):
        text = files.text(path)
        if text is None:
            continue
        try:
            found.setup_cfgs.append(Manifest(path, _ini(text), text))
        except configparser.Error as exc:
            found.problems.append((path, f"is not a valid INI file: {exc.message}"))
    for path in files.matching("setup.py"):
        text = files.text(path)
        if text is None:
            continue
        try:
            found.setup_pys.append(Manifest(path, read_setup_py(path, text), text))
        except (SyntaxError, ValueError, RecursionError) as exc:
            found.problems.append((path, f"cannot be parsed: {exc}"))
    return found


def ini_list(value: str, separator: str = ";") -> list[str]:
    """A setup.cfg list (setuptools "dangling list"): one item per line; a one-line value is
    split on ``separator`` (";" for requirements, "," for classifiers)."""
    stripped = value.strip()
    raw = stripped.split("\n") if "\n" in stripped else stripped.split(separator)
    items = []
    for line in raw:
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            items.append(line)
    return items


def ini_option_line(text: str, section: str, option: str) -> int:
    """Line of ``option`` inside ``[section]`` of an INI text."""
    in_section = False
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_section = stripped.strip("[] ") == section
        elif in_section and stripped.split("=", 1)[0].strip() == option:
            return number
    return 1
