"""Newer syntax is not an error: which Python a file needs when the analyzer's own cannot parse it.

``ast`` parses only the grammar of the interpreter running the analysis. When it rejects a
file, libcst's native parser (written in Rust, one grammar for Python 3.0 through 3.14 since
libcst 1.8.4, whatever the host) says whether the file is valid Python at all; if it is, the
constructs below give the oldest Python whose grammar accepts it:

- 3.12: ``type`` aliases and type parameter lists (PEP 695); f-strings that reuse their own
  quote, hold a backslash or span lines inside a replacement field (PEP 701).
- 3.13: defaults of type parameters (PEP 696).
- 3.14: ``except A, B:`` without parentheses (PEP 758); template strings ``t"..."`` (PEP 750).

A file valid for a newer grammar than the host's is reported as "needs Python >= X syntax" with
its raw metrics; the other metrics need an AST of that grammar, i.e. running the analysis on
Python >= X (results are cached per interpreter version, so such a run measures them).

Python 2's ``except IOError, e:`` is also valid 3.14 syntax (a tuple of two exceptions); a
two-element ``except`` whose second element is a lower-case bare name (``e``, ``exc``) is taken
for Python 2, exception classes being CapWords. libcst is asked only when the text holds one of
the constructs above, and never about nesting the host's parser refused: its parser recurses
natively and a very deep expression overflows its stack (measured: 5,000 nested parentheses).
"""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported at run time only where needed (see _version)
    import libcst

HOST = sys.version_info[:2]

#: Text that may hold newer syntax: an unparenthesized ``except A, B``, ``type X``, ``def f[``,
#: ``class C[``, or an f-string / t-string prefix.
_CANDIDATES = re.compile(
    r"^[ \t]*(?:except\*?[ \t]+[^(\s:][^:\n]*,|type[ \t]+\w|(?:async[ \t]+)?def[ \t]+\w+[ \t]*\["
    r"|class[ \t]+\w+[ \t]*\[)|(?<![\w.])(?:[rR]?[fFtT]|[fFtT][rR])['\"]",
    re.MULTILINE,
)
_NESTING_LIMITS = ("too many nested", "too many levels", "too many statically nested")


PEP_695 = "type parameters or a `type` statement (PEP 695)"
PEP_696 = "a default for a type parameter (PEP 696)"
PEP_750 = 'a template string t"..." (PEP 750)'
PEP_758 = "`except A, B:` without parentheses (PEP 758)"
PEP_701 = "an f-string reusing its quote, holding a backslash or spanning lines (PEP 701)"
PYTHON2 = "Python 2 `except E, name:`"


def _constructs(module: libcst.Module) -> list[tuple[libcst.CSTNode, tuple[int, int], str]]:
    """(libcst node, version, what) for every construct of the list in the module docstring."""
    import libcst

    found: list[tuple[libcst.CSTNode, tuple[int, int], str]] = []

    class Features(libcst.CSTVisitor):
        def visit_TypeAlias(self, node) -> None:
            found.append((node, (3, 12), PEP_695))

        def visit_TypeParameters(self, node) -> None:
            found.append((node, (3, 12), PEP_695))

        def visit_TypeParam(self, node) -> None:
            if getattr(node, "default", None) is not None:
                found.append((node, (3, 13), PEP_696))

        def visit_TemplatedString(self, node) -> None:
            found.append((node, (3, 14), PEP_750))

        def _handler(self, node) -> None:
            kind = node.type
            if isinstance(kind, libcst.Tuple) and not kind.lpar:
                last = kind.elements[-1].value
                python2 = (
                    len(kind.elements) == 2
                    and isinstance(last, libcst.Name)
                    and last.value[:1].islower()
                )
                found.append((node, (2, 7), PYTHON2) if python2 else (node, (3, 14), PEP_758))

        visit_ExceptHandler = _handler
        visit_ExceptStarHandler = _handler

        def visit_FormattedString(self, node) -> None:
            quote = node.end  # ', ", ''' or """
            for part in node.parts:
                if not isinstance(part, libcst.FormattedStringExpression):
                    continue
                code = module.code_for_node(part)  # "{...}", with its whitespace
                if quote in code or "\\" in code or (len(quote) == 1 and "\n" in code):
                    found.append((node, (3, 12), PEP_701))
                    return

    module.visit(Features())
    return found


def _version(text: str) -> tuple[int, int]:
    import libcst  # imported here: only files the host cannot parse need it

    versions = {version for _node, version, _what in _constructs(libcst.parse_module(text))}
    if (2, 7) in versions:
        return (2, 7)  # Python 2 code that happens to parse: not newer syntax
    return max(versions | {(3, 0)})


def newer_syntax_needs(text: str) -> list[tuple[int, str, str]]:
    """``[(line, "3.14", what), ...]``: each construct of the list above, where it starts.

    For a file :func:`newer_syntax` found newer than the host's grammar, to say which line
    needs which version; [] when libcst is missing or rejects the text, or for Python 2 code.
    """
    try:
        import libcst
        from libcst.metadata import MetadataWrapper, PositionProvider

        wrapper = MetadataWrapper(libcst.parse_module(text), unsafe_skip_copy=True)
        positions = wrapper.resolve(PositionProvider)
        found = _constructs(wrapper.module)
    except MemoryError:  # the worker's memory budget: the pool says too large
        raise
    except Exception:  # ImportError, libcst.ParserSyntaxError, RecursionError ...
        return []
    if any(version == (2, 7) for _node, version, _what in found):
        return []
    needs = {
        (positions[node].start.line, f"{version[0]}.{version[1]}", what)
        for node, version, what in found
    }
    return sorted(needs)


def newer_syntax(text: str, host: tuple[int, int] = HOST, error: str = "") -> str | None:
    """``"3.14"`` when ``text`` is valid Python only for a grammar newer than ``host``; else None.

    ``error`` is the host parser's message. None also when libcst is missing or rejects the
    text too (a real syntax error).
    """
    if any(limit in error for limit in _NESTING_LIMITS) or not _CANDIDATES.search(text):
        return None
    try:
        version = _version(text)
    except ImportError:
        return None
    except MemoryError:  # the worker's memory budget: the pool says too large
        raise
    except Exception:  # libcst.ParserSyntaxError and friends: not valid in any version
        return None
    if version <= host:
        return None
    return f"{version[0]}.{version[1]}"
