"""Which files and lines SZZ follows: code files, and lines that are more than layout.

SZZ blames the lines a fix deleted or modified (Sliwerski, Zimmermann, Zeller 2005). A line
that is blank, only brackets, only a comment, or a version number carries no behaviour, so the
commit that wrote it did not cause the bug (issue 13: "ignore whitespace, comments and
formatting-only changes, and the version-bump lines"). PyDriller drops blank lines and lines
starting with ``//``, ``#``, ``/*``, ``'''``, ``\"\"\"`` or ``*`` (``Git._useless_line``);
this module applies the same rule per language, so ``#include`` in C and ``#[derive]`` in Rust
stay code, and SQL's ``--`` and HTML's ``<!--`` count as comments. Version bumps
(``__version__ = "3.21.0"``, ``"version": "3.21.0"``, ``version = "3.21.0"``) change on every
release and would tie every fix to the last release commit.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from analysis.roles.file_types import CODE, file_kind, language

_C_LIKE = ("//", "/*", "*/")
#: Comment starts by language (names as :func:`analysis.roles.file_types.language` gives them).
_MARKERS: dict[str, tuple[str, ...]] = {
    "Python": ("#", '"""', "'''"),
    "Cython": ("#", '"""', "'''"),
    "Ruby": ("#", "=begin", "=end"),
    "Perl": ("#",),
    "R": ("#",),
    "Elixir": ("#",),
    "Shell": ("#",),
    "PowerShell": ("#", "<#", "#>"),
    "PHP": (*_C_LIKE, "#"),
    "JavaScript": _C_LIKE,
    "TypeScript": _C_LIKE,
    "Go": _C_LIKE,
    "Rust": _C_LIKE,
    "Java": _C_LIKE,
    "Kotlin": _C_LIKE,
    "Scala": _C_LIKE,
    "Groovy": _C_LIKE,
    "C": _C_LIKE,
    "C++": _C_LIKE,
    "Objective-C": _C_LIKE,
    "C#": _C_LIKE,
    "Swift": _C_LIKE,
    "Dart": _C_LIKE,
    "Solidity": _C_LIKE,
    "Zig": ("//",),
    "Vue": (*_C_LIKE, "<!--", "-->"),
    "Svelte": (*_C_LIKE, "<!--", "-->"),
    "Lua": ("--",),
    "SQL": ("--", "/*", "*/"),
    "Haskell": ("--", "{-", "-}"),
    "Erlang": ("%",),
    "Clojure": (";",),
    "Batch": ("rem ", "::"),
    "Fortran": ("!",),
}
#: Files whose language is unknown here (a caller's own ``is_code``): PyDriller's markers.
_DEFAULT_MARKERS = ("//", "#", "/*", "'''", '"""')
#: The languages whose block comments continue with a leading ``*`` (Javadoc, Doxygen, JSDoc).
_STAR_CONTINUATION: frozenset[str | None] = frozenset(
    [None, *(lang for lang, markers in _MARKERS.items() if "/*" in markers)]
)
#: `` * text`` or ``*`` alone inside a block comment; not ``*ptr = 1`` nor ``**kwargs``.
_STAR_LINE = re.compile(r"^\*(?:\s|/|$)")
#: A line without a letter or digit (``)``, ``},``, ``]);``) only closes or opens brackets: layout,
#: as a formatter rewrites it.
_WORD = re.compile(r"[^\W_]")
_VERSION_VALUE = r"""["']?v?\d+(?:\.\d+)+[\w.+-]*["']?"""
_VERSION_TUPLE = r"""\(\s*\d+(?:\s*,\s*(?:\d+|["'][\w.+-]*["']))+\s*,?\s*\)"""
#: ``__version__ = "1.2.3"``, ``"version": "1.2.3",``, ``version = '1.2'``, ``VERSION = (1, 2)``.
_VERSION_LINE = re.compile(
    r"""^(?:__version__|VERSION|version|"version"|'version')\s*(?::|=|:=)\s*"""
    rf"""(?:{_VERSION_VALUE}|{_VERSION_TUPLE})\s*[,;]?$"""
)


def is_code_file(path: str) -> bool:
    """A file in a programming language, by its name (pre-commit's ``identify`` tags, as the
    role rules use them): Python, JavaScript, Go, C ... but not Markdown, YAML, JSON, HTML."""
    return file_kind(path) == CODE


def code_line_test(path: str) -> Callable[[str], bool]:
    """The test :func:`counts_as_code` applies to the lines of ``path`` (its language looked
    up once)."""
    lang = language(path)
    markers = _MARKERS.get(lang, _DEFAULT_MARKERS) if lang else _DEFAULT_MARKERS
    stars = lang in _STAR_CONTINUATION

    def test(line: str) -> bool:
        text = line.strip()
        if not text or not _WORD.search(text) or _VERSION_LINE.match(text):
            return False
        lowered = text.lower()
        if lowered.startswith(markers):
            return False
        return not (stars and _STAR_LINE.match(text))

    return test


def counts_as_code(line: str, path: str) -> bool:
    """False for a blank line, a line of brackets and punctuation only, a comment-only line
    (by the file's language) and a version line; True for anything else.

    >>> counts_as_code("    # import os", "a.py"), counts_as_code("#include <x.h>", "a.c")
    (False, True)
    >>> counts_as_code('__version__ = "3.21.0-a.0"', "saleor/__init__.py")
    False
    >>> counts_as_code("    ),", "a.py"), counts_as_code("    return x", "a.py")
    (False, True)
    """
    return code_line_test(path)(line)
