"""vermin's findings weighed against the repository's own evidence: which are set aside, and why.

A reference tool's finding is evidence, not a verdict. A library need (a module, a member, a
keyword argument; never grammar, :mod:`analysis.runtime.grammar`) that vermin dates later than
the system can run on is set aside, with the reason, when

- vermin's rule for a builtin matched an imported name: ``from unittest.mock import sentinel``
  is read as the ``sentinel`` builtin of Python 3.15 (``vermin/rules.py`` ``MOD_MEM_REQS``
  ``"sentinel": (None, (3, 15))``, applied by ``SourceVisitor.visit_ImportFrom``, which adds the
  bare imported name as a member; see ``benchmarks/notes/vermin_false_positives.md``);
- the file does not run in the deployed system: its role is ``test``, ``tooling``, ``docs`` or
  ``example`` (roles come from the caller; the default takes every file for production);
- the project's CI runs its tests on an older version than vermin's: the tests pass there, so
  the code cannot need the newer version to run (SonarQube's "won't fix with justification",
  made from the project's own CI).

Guards inside a file (``if TYPE_CHECKING``, ``try/except ImportError``, ``sys.version_info``,
``hasattr``) are read per module in :mod:`analysis.runtime.code_needs`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from analysis.runtime.code_needs import version_key
from analysis.runtime.grammar import is_grammar

#: a repository-relative path -> its role ("production", "test", "tooling", ...)
Roles = Callable[[str], str]
PRODUCTION = "production"
#: roles whose files do not run in the deployed system
_NOT_DEPLOYED = {"test", "tooling", "docs", "example"}
_BARE_MEMBER = re.compile(r"^'([A-Za-z_][A-Za-z0-9_]*)' member$")


def every_file_production(_path: str) -> str:
    """The default role reading until a classification is given: everything is production."""
    return PRODUCTION


@dataclass(frozen=True)
class Tested:
    """The lowest CPython version the project's CI runs its tests on, and where it says so."""

    version: str  # "3.12"
    location: str  # "path:line"


def imported_name_misread(feature: str, line: int, imports: list) -> str:
    """Why a ``'name' member`` finding is vermin reading an imported name as a builtin, or "".

    ``imports``: the module's ``[level, module, names, line, flags, text]`` rows.
    """
    match = _BARE_MEMBER.match(feature)
    if not match:
        return ""
    name = match.group(1)
    for level, module, names, at, _flags, _text in imports:
        if at == line and not level and module and module != "builtins" and name in (names or []):
            return (
                f"vermin reads `from {module} import {name}` as the builtin `{name}` "
                "(its rule for the builtin matches the imported name alone)"
            )
    return ""


def why_set_aside(need: list, imports: list, role: str, tested: Tested | None) -> str:
    """The reason a vermin need ``[line, "3.15", feature, ...]`` is set aside, or ""."""
    line, version, feature = need[0], need[1], need[2]
    if is_grammar(feature):
        return ""
    misread = imported_name_misread(feature, line, imports)
    if misread:
        return misread
    if role in _NOT_DEPLOYED:
        return f"in a {role} file: it does not run in the deployed system"
    if tested is not None and version_key(tested.version) < version_key(version):
        return (
            f"the project's CI runs its tests on Python {tested.version} ({tested.location}): "
            f"code that needed {version} would fail there"
        )
    return ""
