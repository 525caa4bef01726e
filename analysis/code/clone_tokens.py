"""A file's normalized token stream for clone detection, computed in the worker processes.

Type-2 clones (Roy & Cordy's classification, as SonarQube's CPD and CCFinder use it) are code
fragments that are identical except for identifiers and literals. So every identifier becomes
one token ``ID`` and every literal (number, string, bytes, f-string) one token ``LIT``;
keywords and operators keep their identity. Comments, blank lines, line breaks and indentation
are ignored, except that a line break followed by a dedent is kept as one ``END`` token, as
SonarQube's Python CPD tokenizer does (sonar-python ``PythonCpdAnalyzer``: "INDENT/DEDENT could
not be completely ignored"), so that code which differs only in its block structure does not
look identical.

An f-string is one ``LIT`` token on every interpreter (3.12+ splits it into FSTRING_START ...
FSTRING_END; 3.11 and earlier give one STRING token), so the stream does not depend on the
Python version running the analysis.

The extractor uses only the standard library (it runs in the workers on any interpreter); the
parent unpacks with numpy. The stream is packed small enough to travel back from the worker and
sit in the result cache: one byte per token (its code), then the first line of each token as a
delta from the previous token's, then each token's line span; zlib-compressed, base64 text
(the cache stores JSON).
"""

from __future__ import annotations

import base64
import io
import struct
import sys
import tokenize
import zlib
from array import array
from dataclasses import dataclass
from typing import Any

#: Bumped whenever the codes or the packing change (cached streams of another format are
#: ignored by the parent, and the file-metrics revision is bumped with it).
FORMAT = 1

ID, LIT, END, OTHER = 1, 2, 3, 4

#: Fixed tables (not taken from the running interpreter, so codes are stable across versions).
KEYWORDS = (
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
    "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
    "try", "while", "with", "yield",
)  # fmt: skip
OPERATORS = (
    "!", "!=", "%", "%=", "&", "&=", "(", ")", "*", "**", "**=", "*=", "+", "+=", ",", "-",
    "-=", "->", ".", "...", "/", "//", "//=", "/=", ":", ":=", ";", "<", "<<", "<<=", "<=",
    "=", "==", ">", ">=", ">>", ">>=", "@", "@=", "[", "]", "^", "^=", "{", "|", "|=", "}",
    "~",
)  # fmt: skip
KEYWORD_CODES = {word: 5 + i for i, word in enumerate(KEYWORDS)}
OPERATOR_CODES = {op: 5 + len(KEYWORDS) + i for i, op in enumerate(OPERATORS)}

_NAME, _OP, _NUMBER, _STRING = tokenize.NAME, tokenize.OP, tokenize.NUMBER, tokenize.STRING
_NEWLINE, _DEDENT = tokenize.NEWLINE, tokenize.DEDENT
_IGNORED = {
    tokenize.NL,
    tokenize.COMMENT,
    tokenize.INDENT,
    tokenize.ENCODING,
    tokenize.ENDMARKER,
    getattr(tokenize, "TYPE_COMMENT", -100),
}
#: 3.12+ split f-strings (3.14 t-strings) into start ... end tokens; -1 never matches.
_STRING_STARTS = {getattr(tokenize, n, -1) for n in ("FSTRING_START", "TSTRING_START")} - {-1}
_STRING_ENDS = {getattr(tokenize, n, -2) for n in ("FSTRING_END", "TSTRING_END")} - {-2}
_HEADER = struct.Struct("<BI")


def clone_tokens(text: str) -> str | None:
    """The packed normalized token stream of a source text; ``None`` if it cannot be tokenized."""
    codes = bytearray()
    deltas = array("I")
    spans = array("I")
    previous = 0
    pending = 0  # line of a NEWLINE that becomes END if a DEDENT follows
    depth = 0  # nesting of split f-strings
    literal_start = 0
    try:
        for kind, string, start, end, _line in tokenize.generate_tokens(io.StringIO(text).readline):
            if depth:
                if kind in _STRING_STARTS:
                    depth += 1
                elif kind in _STRING_ENDS:
                    depth -= 1
                    if not depth:
                        codes.append(LIT)
                        deltas.append(literal_start - previous)
                        spans.append(end[0] - literal_start)
                        previous = literal_start
                continue
            if kind == _NAME:
                code = KEYWORD_CODES.get(string, ID)
            elif kind == _OP:
                code = OPERATOR_CODES.get(string, OTHER)
            elif kind in (_STRING, _NUMBER):
                code = LIT
            elif kind == _NEWLINE:
                pending = start[0]
                continue
            elif kind == _DEDENT:
                if pending:
                    codes.append(END)
                    deltas.append(pending - previous)
                    spans.append(0)
                    previous = pending
                    pending = 0
                continue
            elif kind in _IGNORED:
                continue
            elif kind in _STRING_STARTS:
                depth, literal_start, pending = 1, start[0], 0
                continue
            elif string.strip():  # ERRORTOKEN and the like: keep its place, not its text
                code = OTHER
            else:
                continue
            pending = 0
            line = start[0]
            codes.append(code)
            deltas.append(line - previous)
            spans.append(end[0] - line)
            previous = line
    except (SyntaxError, tokenize.TokenError, ValueError):
        return None
    if sys.byteorder == "big":
        deltas.byteswap()
        spans.byteswap()
    payload = _HEADER.pack(FORMAT, len(codes)) + bytes(codes) + deltas.tobytes() + spans.tobytes()
    return base64.b64encode(zlib.compress(payload, 1)).decode("ascii")


@dataclass(frozen=True)
class TokenStream:
    """An unpacked stream: token codes and each token's first and last line (1-based)."""

    codes: Any  # numpy uint8 array
    starts: Any  # numpy uint32 array
    ends: Any  # numpy uint32 array

    def __len__(self) -> int:
        return len(self.codes)


def unpack(packed: str) -> TokenStream | None:
    """The stream :func:`clone_tokens` packed; ``None`` for damaged or other-format data."""
    import numpy as np  # the parent's side only: workers pack with the standard library

    try:
        raw = zlib.decompress(base64.b64decode(packed))
        version, count = _HEADER.unpack_from(raw)
    except (ValueError, zlib.error, struct.error):
        return None
    if version != FORMAT or len(raw) != _HEADER.size + 9 * count:
        return None
    offset = _HEADER.size
    codes = np.frombuffer(raw, np.uint8, count, offset)
    deltas = np.frombuffer(raw, "<u4", count, offset + count)
    spans = np.frombuffer(raw, "<u4", count, offset + 5 * count)
    starts = np.cumsum(deltas, dtype=np.uint32)
    return TokenStream(codes, starts, starts + spans)
