"""Grammar needs: constructs an older parser rejects, so nothing can set them aside.

A module that does not parse on Python 3.N fails there whatever guards it: ``if
sys.version_info >= (3, 14):`` or ``try: ... except ImportError:`` around an ``except A, B:``
does not help, because the file is parsed before any of it runs. vermin (1.9.2) reports
grammar and library needs alike; :func:`is_grammar` tells them apart by vermin's own wording
(``vermin/source_visitor.py``, the texts it prints for each construct), so that guards, file
roles and test results set aside only library needs (a module, a member, a keyword argument).

Where the host parses the grammar itself, :func:`grammar_needs` finds what vermin 1.9.2 misses
or misplaces, so a repository reads the same whatever Python runs the analysis (hosts too old
to parse a file leave it to :mod:`analysis.code.syntax_version`, with the same wording):

- ``except A, B:`` (PEP 758, 3.14) has the same tree as ``except (A, B):``; the difference is
  only in the text, read at the handler's type (:func:`unparenthesized_excepts`);
- type parameters (PEP 695, 3.12): vermin does not see them on functions (``def f[T]``), and
  reports classes and ``type`` statements at the line of the node visited before them;
- type parameter defaults (PEP 696, 3.13): vermin does not see them.
"""

from __future__ import annotations

import ast
import re

from analysis.code.syntax_version import PEP_695, PEP_696, PEP_758
from analysis.runtime.guards import blocks

#: vermin 1.9.2's texts for constructs an older grammar rejects (prefixes of its feature text)
_GRAMMAR = re.compile(
    r"^(?:f-strings|self-documenting f-strings|`await` in f-string|generic (?:class|function)"
    r"|type alias statement|template string literal|pattern matching|unary `\+` in match"
    r"|named expressions|positional-only parameters|keyword-only parameters|`nonlocal`"
    r"|`yield from`|`except\*`|`except` without|`except A, B:`|async |await in comprehension"
    r"|coroutines|infix matrix multiplication|continue in finally|multiple context expressions"
    r"|`with`|`async with`|relaxed decorators|unpacking in comprehension|lazy imports"
    r"|variable annotations|generalized unpacking|unpacking assignment|set comprehensions"
    r"|dict comprehensions|set literals|exception cause|raise \.\.\. from None"
    r"|function decorators|class decorators|byte string|ellipsis literal|syntax that needs"
    r"|type parameters|a default for a type parameter|a template string|an f-string)"
)
#: an ``except`` line that may hold a bare tuple: cheap test before walking the tree
_EXCEPT_TUPLE = re.compile(r"^[ \t]*except\*?[ \t]+[^(\s:][^:\n]*,", re.MULTILINE)
#: a definition with type parameters or a ``type`` statement: cheap test before walking
_TYPE_PARAMS = re.compile(
    r"^[ \t]*(?:(?:async[ \t]+)?def|class)[ \t]+\w+[ \t]*\[|^[ \t]*type[ \t]+\w", re.MULTILINE
)
#: vermin's findings that :func:`grammar_needs` replaces (missed or misplaced by vermin 1.9.2)
REPLACED = ("generic class `", "type alias statement (`")


def is_grammar(feature: str) -> bool:
    """True for a construct the parser of older versions rejects (vermin's wording)."""
    return bool(_GRAMMAR.match(feature))


def unparenthesized_excepts(tree: ast.Module, text: str) -> list[tuple[int, str]]:
    """``[(line, what)]`` for each ``except A, B:`` (PEP 758) in a tree the host parsed.

    A parenthesised tuple's position starts at its ``(`` (CPython >= 3.8); a bare one starts at
    its first element. ``except E, name:`` (two names, the second lower-case) is Python 2, as
    :mod:`analysis.code.syntax_version` reads it, and is left to the Python 2 checks.
    """
    if not _EXCEPT_TUPLE.search(text):
        return []
    lines = text.split("\n")
    found: list[tuple[int, str]] = []
    handlers = (h for stmts in blocks(tree) for s in stmts for h in getattr(s, "handlers", ()))
    for node in handlers:
        if not isinstance(node.type, ast.Tuple):
            continue
        kind = node.type
        row = kind.lineno - 1
        line = lines[row].encode("utf-8") if row < len(lines) else b""
        if line[kind.col_offset : kind.col_offset + 1] in (b"(", b""):
            continue  # col_offset counts UTF-8 bytes
        last = kind.elts[-1] if kind.elts else None
        if len(kind.elts) == 2 and isinstance(last, ast.Name) and last.id[:1].islower():
            continue
        found.append((node.lineno, PEP_758))
    return found


def grammar_needs(tree: ast.Module, text: str) -> list[list]:
    """``[[line, "3.12", what, None], ...]``: PEP 758, 695 and 696 constructs in a parsed tree,
    each at its own line (the reason format of :mod:`analysis.runtime.code_needs`)."""
    found = {(line, "3.14", what) for line, what in unparenthesized_excepts(tree, text)}
    if _TYPE_PARAMS.search(text):
        for node in (s for stmts in blocks(tree) for s in stmts):
            params = getattr(node, "type_params", None) or []
            if params or isinstance(node, getattr(ast, "TypeAlias", ())):
                found.add((node.lineno, "3.12", PEP_695))
            for param in params:
                if getattr(param, "default_value", None) is not None:
                    found.add((param.lineno, "3.13", PEP_696))
    return [[line, version, what, None] for line, version, what in sorted(found)]
