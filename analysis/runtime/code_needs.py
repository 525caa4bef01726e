"""The minimum Python version a module's code needs, with its reasons, from vermin.

vermin (``vermin.SourceVisitor``) walks the syntax tree the code engine already parsed, so the
file is not parsed twice. Its parsable output (``path:line:col:py2:py3:feature``) gives each
reason with its line. vermin reports what a construct needs wherever it appears; reasons that
are known false positives for "the code needs this version to run" are set aside here, with
the reason, in ``ignored`` (the patterns: :mod:`analysis.runtime.guards`):

- code inside ``if TYPE_CHECKING:`` never runs (``from typing import Self`` there: vermin 1.9
  reports 3.11);
- an API used inside ``try:`` with an ImportError/AttributeError handler has a fallback
  (``try: import tomllib`` / ``except ImportError: import tomli``: vermin reports 3.11);
- code under a ``sys.version_info`` test runs only on the versions the test admits (vermin
  reports ``import tomllib`` under ``if sys.version_info >= (3, 11):`` as 3.11);
- annotations never evaluated (PEP 563) need nothing at run time;
- an API used under ``if hasattr(module, "name"):`` runs only where it exists;
- a module the repository itself defines with a standard-library name (vermin cannot know that
  the project's own ``secrets`` package is not the 3.6 stdlib one); applied later, by
  :func:`drop_first_party`, once the repository's modules are known.

A guard sets a finding aside only when it covers every use of the name (vermin reports one
line per name, its last: :func:`analysis.runtime.guards.entity_lines`).

Grammar (:func:`analysis.runtime.grammar.is_grammar`) is never set aside: a file that does not
parse fails whatever guards it. PEP 758, 695 and 696 constructs, which vermin misses or
misplaces, come from :func:`analysis.runtime.grammar.grammar_needs`. Set-asides that need the
whole repository (file roles, the versions the project's CI tests on) are
:mod:`analysis.runtime.set_aside`.
"""

from __future__ import annotations

import ast
import functools
import re

import vermin

from analysis.architecture.module_walk import ModuleWalk
from analysis.runtime.grammar import REPLACED, grammar_needs, is_grammar
from analysis.runtime.guards import entity_lines, hasattr_spans
from analysis.runtime.vermin_speed import collector_paused, visitor_class

#: A reason: [line or 0, "3.11", feature text, top-level module or None]
Reason = list

_MODULE_IN_FEATURE = re.compile(r"^'([A-Za-z_][A-Za-z0-9_]*)[.'(]")


@functools.cache
def _config() -> vermin.Config:
    config = vermin.Config()
    config.set_format(vermin.formats.ParsableFormat())  # verbose 3, no tips
    config.set_processes(1)
    return config


def _within(line: int, ranges: list[tuple[int, int]]) -> bool:
    return any(first <= line <= last for first, last in ranges)


def _version(text: str) -> tuple[int, int] | None:
    parts = text.split(".")
    if len(parts) < 2 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    return int(parts[0]), int(parts[1])


def _guard(
    line: int,
    version: tuple[int, int],
    api: bool,
    walk: ModuleWalk,
    hasattr_lines: list[tuple[int, int, str]] | None,
) -> str:
    if api:
        for first, last, guard in hasattr_lines or ():
            if first <= line <= last:
                return f"guarded by {guard}: runs only where the attribute exists"
    if _within(line, walk.type_checking_lines):
        return "inside if TYPE_CHECKING: (never runs)"
    if _within(line, walk.annotation_lines):
        return "in an annotation, never evaluated (from __future__ import annotations)"
    if api and _within(line, walk.fallback_lines):
        return "inside try/except with a fallback for a missing module or attribute"
    for first, last, needed in walk.version_lines:
        if first <= line <= last and version <= needed:
            return f"runs only on Python {needed[0]}.{needed[1]}+ (sys.version_info test)"
    return ""


def _why_ignored(
    line: int,
    version: tuple[int, int],
    api: bool,
    walk: ModuleWalk,
    feature: str = "",
    hasattr_lines: list[tuple[int, int, str]] | None = None,
) -> str:
    """Why a reason at ``line`` is a false positive, or "" (``api``: a module, member or
    keyword argument, which a try/except can catch missing; syntax it cannot). Grammar is
    never a false positive: the whole file is parsed before any guard runs."""
    if not line:
        return ""
    why = _guard(line, version, api, walk, hasattr_lines)
    return "" if why and is_grammar(feature) else why


def code_needs(tree: ast.Module, text: str, walk: ModuleWalk) -> dict:
    """``{"needs": [...], "py2": [...], "ignored": [...]}`` for one module (JSON-ready)."""
    config = _config()
    visitor = visitor_class()(config, "f", text)
    novermin: set[int] = set()
    if "novm" in text or "novermin" in text:  # the project's own "ignore this line" markers
        novermin = vermin.Parser(text).comments()
    visitor.set_no_lines(novermin)
    with collector_paused():
        visitor.tour(tree)
        visitor.minimum_versions()
        output = visitor.output_text()
    needs: list[Reason] = []
    py2: list[list] = []
    ignored: list[list] = []
    guarded = hasattr_spans(tree) if "hasattr(" in text else []
    for row in output.splitlines():
        parts = row.split(":", 5)
        if len(parts) != 6:
            continue
        _path, line_text, _col, _py2, py3, feature = parts
        line = int(line_text) if line_text.isdigit() else 0
        if py3 == "!3":
            py2.append([line, feature])
            continue
        version = _version(py3)
        if version is None or version <= (3, 0):
            continue  # Python 2 era constructs: say nothing about a Python 3 minimum
        if feature.startswith(REPLACED):
            continue  # found with its own line by grammar_needs
        match = _MODULE_IN_FEATURE.match(feature)
        reason = [line, f"{version[0]}.{version[1]}", feature, match.group(1) if match else None]
        api = reason[3] is not None
        why = _why_ignored(line, version, api, walk, feature, guarded)
        if why:
            for use in entity_lines(tree, feature):
                if not _why_ignored(use, version, api, walk, feature, guarded):
                    reason[0], why = use, ""  # an unguarded use vermin's single line hid
                    break
        if why:
            ignored.append([*reason[:3], why])
        else:
            needs.append(reason)
    needs += grammar_needs(tree, text)
    py2 = [p for p in py2 if not _why_ignored(p[0], (3, 0), p[1].startswith("'"), walk)]
    return {"needs": needs, "py2": py2, "ignored": ignored}


def version_key(version: str) -> tuple[int, int]:
    major, _, minor = version.partition(".")
    return int(major), int(minor or 0)


def drop_first_party(needs: list[Reason], first_party: set[str]) -> tuple[list, list]:
    """Split reasons into kept and ignored: a "stdlib" module the repository defines itself."""
    kept, ignored = [], []
    for reason in needs:
        if reason[3] and reason[3] in first_party:
            ignored.append([*reason[:3], f"'{reason[3]}' is the repository's own module"])
        else:
            kept.append(reason)
    return kept, ignored


def minimum_of(needs: list[Reason]) -> str | None:
    """The highest version any reason needs (vermin's minimum is the maximum of its reasons)."""
    if not needs:
        return None
    return max((reason[1] for reason in needs), key=version_key)
