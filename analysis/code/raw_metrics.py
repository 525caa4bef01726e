"""radon's raw metrics (``radon.raw.analyze`` 6.0.1) in one linear pass, the same on every host.

radon strips every line, then for each line re-tokenizes a growing buffer (the line plus the
following ones, joined by ``\\n``) until the buffer tokenizes without ``TokenError`` or
``ERRORTOKEN``; those lines form one *chunk* whose tokens give its counts. That is quadratic in
the length of a statement: a 480 KB list literal takes minutes. Here one tokenizer pass over the
stripped lines finds the same chunks with the same tokens, because a tokenizer is a left-to-right
state machine: the buffer ending at line ``j`` succeeds exactly when the state after line ``j``
is complete (no open bracket, string or backslash continuation) and nothing failed to tokenize,
with one twist taken from radon: a buffer ending in an empty line ends like end-of-file, so a
chunk never ends *at* an empty line unless the state was already complete before it.

The tokenizer is CPython 3.11's pure-Python ``tokenize`` (its regular expressions and its
per-line state machine, PSF licence), rebuilt here so that the figures do not depend on the
interpreter: from 3.12 ``tokenize`` splits f-strings into FSTRING_START/MIDDLE/END tokens and
radon then counts a ``:`` in a format spec as one more logical line. Here an f-string is one
STRING token, as radon saw it on 3.11, on every host. Files radon rejects (an unterminated
string or bracket, a character the tokenizer cannot read) raise :class:`RawSyntaxError`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

# --- CPython 3.11 Lib/tokenize.py token expressions (PSF licence), unchanged ---------------

#: ``token.EXACT_TOKEN_TYPES`` of Python 3.11 (3.12 added ``!`` for f-strings).
_EXACT_TOKENS_311 = (
    "!=", "%", "%=", "&", "&=", "(", ")", "*", "**", "**=", "*=", "+", "+=", ",", "-", "-=",
    "->", ".", "...", "/", "//", "//=", "/=", ":", ":=", ";", "<", "<<", "<<=", "<=", "=",
    "==", ">", ">=", ">>", ">>=", "@", "@=", "[", "]", "^", "^=", "{", "|", "|=", "}", "~",
)  # fmt: skip


def _group(*choices: str) -> str:
    return "(" + "|".join(choices) + ")"


def _string_prefixes() -> set[str]:
    result = {""}
    for prefix in ("b", "r", "u", "f", "br", "fr"):
        for ordered in itertools.permutations(prefix):
            for cased in itertools.product(*[(c, c.upper()) for c in ordered]):
                result.add("".join(cased))
    return result


_PREFIXES = _string_prefixes()
_Whitespace = r"[ \f\t]*"
_Comment = r"#[^\r\n]*"
_Name = r"\w+"
_Hexnumber = r"0[xX](?:_?[0-9a-fA-F])+"
_Binnumber = r"0[bB](?:_?[01])+"
_Octnumber = r"0[oO](?:_?[0-7])+"
_Decnumber = r"(?:0(?:_?0)*|[1-9](?:_?[0-9])*)"
_Intnumber = _group(_Hexnumber, _Binnumber, _Octnumber, _Decnumber)
_Exponent = r"[eE][-+]?[0-9](?:_?[0-9])*"
_Pointfloat = _group(
    r"[0-9](?:_?[0-9])*\.(?:[0-9](?:_?[0-9])*)?", r"\.[0-9](?:_?[0-9])*"
) + _group(_Exponent) + "?"
_Expfloat = r"[0-9](?:_?[0-9])*" + _Exponent
_Floatnumber = _group(_Pointfloat, _Expfloat)
_Imagnumber = _group(r"[0-9](?:_?[0-9])*[jJ]", _Floatnumber + r"[jJ]")
_Number = _group(_Imagnumber, _Floatnumber, _Intnumber)
_StringPrefix = _group(*_PREFIXES)
_Single = r"[^'\\]*(?:\\.[^'\\]*)*'"
_Double = r'[^"\\]*(?:\\.[^"\\]*)*"'
_Single3 = r"[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"
_Double3 = r'[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
_Triple = _group(_StringPrefix + "'''", _StringPrefix + '"""')
_Special = _group(*map(re.escape, sorted(_EXACT_TOKENS_311, reverse=True)))
_Funny = _group(r"\r?\n", _Special)
_ContStr = _group(
    _StringPrefix + r"'[^\n'\\]*(?:\\.[^\n'\\]*)*" + _group("'", r"\\\r?\n"),
    _StringPrefix + r'"[^\n"\\]*(?:\\.[^\n"\\]*)*' + _group('"', r"\\\r?\n"),
)
_PseudoExtras = _group(r"\\\r?\n|\Z", _Comment, _Triple)
_PseudoToken = _Whitespace + _group(_PseudoExtras, _Number, _Funny, _ContStr, _Name)

_PSEUDO = re.compile(_PseudoToken, re.UNICODE)
_ENDPATS: dict[str, re.Pattern[str]] = {}
for _prefix in _PREFIXES:
    _ENDPATS[_prefix + "'"] = re.compile(_Single)
    _ENDPATS[_prefix + '"'] = re.compile(_Double)
    _ENDPATS[_prefix + "'''"] = re.compile(_Single3)
    _ENDPATS[_prefix + '"""'] = re.compile(_Double3)
_SINGLE_QUOTED = frozenset(p + q for p in _PREFIXES for q in ("'", '"'))
_TRIPLE_QUOTED = frozenset(p + q for p in _PREFIXES for q in ("'''", '"""'))
_NUMCHARS = frozenset("0123456789")

# ---------------------------------------------------------------------------------------------


class RawSyntaxError(SyntaxError):
    """radon's ``analyze`` would raise ``SyntaxError`` on this text (``lineno`` says where)."""


def _rejected(row: int, why: str) -> RawSyntaxError:
    return RawSyntaxError(f"{why} at line {row + 1}", ("<source>", row + 1, 0, ""))


@dataclass(frozen=True)
class RawCounts:
    """The fields of radon's ``Module`` namedtuple, same names and meaning."""

    loc: int
    lloc: int
    sloc: int
    comments: int
    multi: int
    blank: int
    single_comments: int


# What the chunk's first token was, for radon's "single comment" / "docstring" tests.
_NONE, _COMMENT, _STRING, _OTHER = 0, 1, 2, 3


class _Chunk:
    """Counts of one chunk (radon's ``tokens, parsed_lines``) gathered token by token."""

    __slots__ = ("after_colon", "comments", "extra", "first", "lloc", "multiline", "seg", "start")

    def __init__(self, start: int) -> None:
        self.start = start
        self.first = _NONE
        self.multiline = False  # the first token is a string spanning lines
        self.extra = False  # a comment or significant token after the first token
        self.comments = 0
        self.lloc = 0
        self.seg = 0  # significant tokens in the current ';'-separated segment
        self.after_colon = -1  # significant tokens after the segment's last ':' (-1: no ':')

    def first_or_extra(self, kind: int) -> None:
        if self.first == _NONE:
            self.first = kind
        else:
            self.extra = True

    def segment_value(self, last: bool) -> int:
        """radon's ``_logical`` for one segment; only the last one ends with ENDMARKER."""
        if self.after_colon >= 0:
            # `_find` gives the last ':'; "at the end" means second-to-last of the processed
            # tokens, which is the last significant token before ENDMARKER, or, in a segment
            # cut by ';' (no ENDMARKER), the one before the last significant token.
            return 1 if self.after_colon == (0 if last else 1) else 2
        return 1 if self.seg else 0

    def significant(self, token: str, kind: int = _OTHER) -> None:
        if self.first == _NONE:
            self.first = kind
        else:
            self.extra = True
        if token == ";":
            self.lloc += self.segment_value(last=False)
            self.seg = 0
            self.after_colon = -1
            return
        self.seg += 1
        if token == ":":
            self.after_colon = 0
        elif self.after_colon >= 0:
            self.after_colon += 1


def analyze(source: str) -> RawCounts:
    """``radon.raw.analyze(source)`` as radon 6.0.1 computes it on Python 3.11, in linear time.

    Raises :class:`RawSyntaxError` where radon raises ``SyntaxError``.
    """
    lines = [line.strip() for line in source.splitlines()]
    sloc = blank = multi = single_comments = comments = lloc = 0
    parenlev = 0
    continued = False
    contstr = needcont = False
    endprog: re.Pattern[str] | None = None
    string_row = 0
    chunk: _Chunk | None = None
    pseudo = _PSEUDO.match

    for row, text in enumerate(lines):
        complete_before = not contstr and parenlev == 0 and not continued
        if chunk is None:
            chunk = _Chunk(row)
        line = text + "\n"
        pos, end_of_line = 0, len(line)

        if contstr:  # inside a string that started on an earlier line
            match = endprog.match(line)  # type: ignore[union-attr]
            if match:
                pos = match.end()
                contstr = needcont = False
                if chunk.first == _NONE:
                    chunk.multiline = True
                chunk.significant("", _STRING)
            elif needcont and not line.endswith("\\\n"):
                raise _rejected(string_row, "unterminated string")
            else:
                pos = end_of_line  # the whole line is inside the string
        elif complete_before:  # a new statement: comment-only and blank lines are whole tokens
            if line[0] == "#":
                comments += 1
                chunk.comments += 1
                chunk.first_or_extra(_COMMENT)
                pos = end_of_line
            elif line[0] == "\n":
                pos = end_of_line
        else:
            continued = False

        while pos < end_of_line:
            match = pseudo(line, pos)
            if match is None:  # radon's ERRORTOKEN: no buffer from this chunk will tokenize
                raise _rejected(row, f"unexpected character {line[pos]!r}")
            start, pos = match.span(1)
            if start == pos:
                continue
            token = line[start:pos]
            initial = token[0]
            if initial in _NUMCHARS or (initial == "." and token != "." and token != "..."):
                chunk.significant(token)
            elif initial == "\n":
                pass  # NEWLINE / NL: radon ignores them
            elif initial == "#":
                comments += 1
                chunk.comments += 1
                chunk.first_or_extra(_COMMENT)
            elif token in _TRIPLE_QUOTED:
                endprog = _ENDPATS[token]
                match = endprog.match(line, pos)
                if match:
                    pos = match.end()
                    chunk.significant("", _STRING)
                else:
                    contstr, string_row = True, row
                    break
            elif (
                initial in _SINGLE_QUOTED
                or token[:2] in _SINGLE_QUOTED
                or token[:3] in _SINGLE_QUOTED
            ):
                if token[-1] == "\n":  # a '...' string continued with a backslash
                    endprog = (
                        _ENDPATS.get(initial) or _ENDPATS.get(token[1]) or _ENDPATS.get(token[2])
                    )
                    contstr, needcont, string_row = True, True, row
                    break
                chunk.significant("", _STRING)
            elif initial.isidentifier():
                chunk.significant(token)
            elif initial == "\\":
                continued = True
            else:
                if initial in "([{":
                    parenlev += 1
                elif initial in ")]}":
                    parenlev -= 1
                chunk.significant(token)

        complete = not contstr and parenlev == 0 and not continued
        # radon's buffer ending at an empty line ends like end-of-file after the line before
        if (complete and text) or (not text and (row == chunk.start or complete_before)):
            nonempty = sum(1 for item in lines[chunk.start : row + 1] if item)
            empty = row + 1 - chunk.start - nonempty
            if chunk.first == _COMMENT and not chunk.extra:
                single_comments += 1
            elif chunk.first == _STRING and not chunk.extra:
                if chunk.multiline:
                    multi += nonempty
                    blank += empty
                else:
                    single_comments += 1
            else:
                sloc += nonempty
                blank += empty
            lloc += chunk.lloc + chunk.segment_value(last=True)
            chunk = None

    if chunk is not None:  # radon ran out of lines while extending the buffer
        why = "unterminated string" if contstr else "unclosed bracket or continuation"
        raise _rejected(string_row if contstr else chunk.start, why)
    loc = sloc + blank + multi + single_comments
    return RawCounts(loc, lloc, sloc, comments, multi, blank, single_comments)
