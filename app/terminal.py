"""Repository text on a terminal: control characters made visible, never obeyed.

A file name, commit subject, tag or author is written by whoever made the repository; printed
raw, ``ESC[2J`` clears the user's screen and a newline forges a line of our output. Every line
the CLI prints that holds repository text goes through :func:`terminal_text`, which writes
control characters the way ``git`` does with ``core.quotePath`` (``\\n``, ``\\t``, ``\\x1b``)
while letters of every script stay readable (git's ``core.quotePath=false``).
"""

from __future__ import annotations

import unicodedata
import warnings

#: C escapes git uses in quoted paths (git's quote.c, ``sq_lookup``/``cq_lookup``).
_NAMED = {"\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f", "\r": "\\r"}

#: Bidirectional controls that reorder what is shown ("Trojan Source", CVE-2021-42574).
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

#: Unicode categories never shown raw: controls (C0, DEL, C1), line and paragraph separators,
#: and surrogates (undecodable bytes kept by ``surrogateescape``, which would fail to print).
_UNSAFE_CATEGORIES = frozenset({"Cc", "Zl", "Zp", "Cs"})


def _visible(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def _unsafe(char: str) -> bool:
    return char in _BIDI or unicodedata.category(char) in _UNSAFE_CATEGORIES


def terminal_text(text: object) -> str:
    """``text`` with every control character written as a visible escape (one line of output;
    a newline inside it becomes ``\\n``). Ordinary characters, backslashes included, are kept."""
    text = str(text)
    if text.isprintable() and not any(char in _BIDI for char in text):
        return text  # the common case, without a per-character look-up
    return "".join(_visible(char) if _unsafe(char) else char for char in text)


def escape_warnings() -> None:
    """Python's own warnings (a library's ``SyntaxWarning`` quotes the source it parsed) reach
    stderr through :func:`terminal_text` too, line by line."""
    plain = warnings.formatwarning
    if getattr(plain, "escapes_terminal", False):
        return

    def formatwarning(message, category, filename, lineno, line=None) -> str:
        text = plain(message, category, filename, lineno, line)
        return "".join(terminal_text(part) + "\n" for part in text.rstrip("\n").split("\n"))

    formatwarning.escapes_terminal = True  # type: ignore[attr-defined]
    warnings.formatwarning = formatwarning
