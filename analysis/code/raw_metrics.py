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
_Pointfloat = (
    _group(r"[0-9](?:_?[0-9])*\.(?:[0-9](?:_?[0-9])*)?", r"\.[0-9](?:_?[0-9])*")
    + _group(_Exponent)
    + "?"
)
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


# What a chunk's first token was, for radon's "single comment" and "docstring" tests.
_NONE, _COMMENT, _STRING, _OTHER = 0, 1, 2, 3
_QUOTES = frozenset("'\"")
_STRING_ENDS = frozenset("'\"\n")
_ASCII_NAME_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")


def _segment_lloc(after_colon: int, any_token: bool, last: bool) -> int:
    """radon's ``_logical`` for one ';'-separated segment of a chunk.

    ``after_colon`` counts the significant tokens after the segment's last ':' (-1: no ':').
    radon's ``_find`` takes the last ':' as "at the end" when it is second-to-last of the
    processed tokens: the last significant token before ENDMARKER, or, in a segment cut by ';'
    (which has no ENDMARKER), the one before the last significant token.
    """
    if after_colon >= 0:
        return 1 if after_colon == (0 if last else 1) else 2
    return 1 if any_token else 0


def analyze(source: str) -> RawCounts:
    """``radon.raw.analyze(source)`` as radon 6.0.1 computes it on Python 3.11, in linear time.

    Raises :class:`RawSyntaxError` where radon raises ``SyntaxError``.
    """
    lines = [line.strip() for line in source.splitlines()]
    sloc = blank = multi = single_comments = comments = lloc = 0
    # tokenizer state (CPython 3.11 ``_tokenize``)
    parenlev = 0
    continued = contstr = needcont = False
    endprog: re.Pattern[str] = _ENDPATS["'"]
    string_row = 0
    # the open chunk: first row (-1: none), first token, later tokens, logical lines so far
    start_row = -1
    first = _NONE
    multiline = extra = any_token = False
    chunk_lloc = 0
    after_colon = -1
    pseudo = _PSEUDO.match

    for row, text in enumerate(lines):
        complete_before = not contstr and parenlev == 0 and not continued
        if start_row < 0:
            start_row, first, multiline, extra = row, _NONE, False, False
            chunk_lloc, after_colon, any_token = 0, -1, False
        line = text + "\n"
        pos, end_of_line = 0, len(line)

        if contstr:  # inside a string that started on an earlier line
            match = endprog.match(line)
            if match:
                pos = match.end()
                contstr = needcont = False
                if first == _NONE:
                    first, multiline = _STRING, True
                else:
                    extra = True
                any_token = True
                if after_colon >= 0:
                    after_colon += 1
            elif needcont and not line.endswith("\\\n"):
                raise _rejected(string_row, "unterminated string")
            else:
                pos = end_of_line  # the whole line is inside the string
        elif complete_before:  # a new statement: comment-only and blank lines are whole tokens
            if text[:1] == "#":
                comments += 1
                if first == _NONE:
                    first = _COMMENT
                else:
                    extra = True
                pos = end_of_line
            elif not text:
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
            initial = line[start]
            if initial in _ASCII_NAME_START or (initial >= "\x80" and initial.isidentifier()):
                if line[pos - 1] not in _STRING_ENDS:  # NAME (a string prefix ends in a quote)
                    kind = _OTHER
                else:
                    kind = _STRING
            elif initial in _QUOTES:
                kind = _STRING
            elif initial == "\n":  # NEWLINE / NL: radon counts neither, but ...
                if first == _NONE and parenlev == 0:
                    # ... a NEWLINE that opens a chunk (an empty line after a lone backslash
                    # continuation) is its first token, so a comment after it is no longer
                    # the chunk's single token (radon's is_single_token looks at tokens[0])
                    first = _OTHER
                continue
            elif initial == "#":
                comments += 1
                if first == _NONE:
                    first = _COMMENT
                else:
                    extra = True
                continue
            elif initial == "\\":
                continued = True
                continue
            else:  # NUMBER or OP (or a \w character that cannot start a name: OP in 3.11)
                kind = _OTHER
                if initial in "([{":
                    parenlev += 1
                elif initial in ")]}":
                    parenlev -= 1
                elif initial == ";":
                    if first == _NONE:
                        first = _OTHER
                    else:
                        extra = True
                    chunk_lloc += _segment_lloc(after_colon, any_token, last=False)
                    after_colon, any_token = -1, False
                    continue
                elif initial == ":" and pos - start == 1:
                    if first == _NONE:
                        first = _OTHER
                    else:
                        extra = True
                    after_colon, any_token = 0, True
                    continue
            if kind == _STRING:
                token = line[start:pos]
                if token in _TRIPLE_QUOTED:
                    endprog = _ENDPATS[token]
                    match = endprog.match(line, pos)
                    if not match:
                        contstr, string_row = True, row
                        break
                    pos = match.end()
                elif token[-1] == "\n":  # a '...' string continued with a backslash
                    quote = next(c for c in token if c in _QUOTES)  # after the prefix
                    endprog = _ENDPATS[quote]
                    contstr, needcont, string_row = True, True, row
                    break
            if first == _NONE:
                first = kind
            else:
                extra = True
            any_token = True
            if after_colon >= 0:
                after_colon += 1

        # radon's buffer ending at an empty line ends like end-of-file after the line before
        if (text and not contstr and parenlev == 0 and not continued) or (
            not text and (row == start_row or complete_before)
        ):
            nonempty = sum(1 for item in lines[start_row : row + 1] if item)
            empty = row + 1 - start_row - nonempty
            if first == _COMMENT and not extra:
                single_comments += 1
            elif first == _STRING and not extra:
                if multiline:
                    multi += nonempty
                    blank += empty
                else:
                    single_comments += 1
            else:
                sloc += nonempty
                blank += empty
            lloc += chunk_lloc + _segment_lloc(after_colon, any_token, last=True)
            start_row = -1

    if start_row >= 0:  # radon ran out of lines while extending the buffer
        why = "unterminated string" if contstr else "unclosed bracket or continuation"
        raise _rejected(string_row if contstr else start_row, why)
    loc = sloc + blank + multi + single_comments
    return RawCounts(loc, lloc, sloc, comments, multi, blank, single_comments)


def _masked_fstrings(source: str) -> str | None:
    """``source`` with each f-string (and t-string) replaced by one plain string, or None.

    For files that only Python >= 3.12 can tokenize (PEP 701 lets a replacement field of a
    single-quoted f-string span lines): the host's tokenizer finds each outermost f-string,
    which becomes a triple-quoted string over the same lines, with the same blank lines, so the
    3.11 rules above read it as one STRING token, as they read every other f-string.
    """
    import io
    import tokenize

    kinds = ("FSTRING", "TSTRING")
    starts = {getattr(tokenize, f"{k}_START") for k in kinds if hasattr(tokenize, f"{k}_START")}
    ends = {getattr(tokenize, f"{k}_END") for k in kinds if hasattr(tokenize, f"{k}_END")}
    if not starts:
        return None
    offsets = [0]
    for line in source.split("\n"):
        offsets.append(offsets[-1] + len(line) + 1)
    spans: list[tuple[int, int]] = []
    depth = 0
    begin = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type in starts:
                if depth == 0:
                    begin = offsets[token.start[0] - 1] + token.start[1]
                depth += 1
            elif token.type in ends:
                depth -= 1
                if depth == 0:
                    spans.append((begin, offsets[token.end[0] - 1] + token.end[1]))
    except (tokenize.TokenError, SyntaxError):
        return None
    pieces = []
    previous = 0
    for begin, end in spans:
        body = re.sub(r"\S", "x", source[begin:end])
        pieces += [source[previous:begin], '"""', body, '"""']
        previous = end
    pieces.append(source[previous:])
    return "".join(pieces)


def analyze_any(source: str) -> RawCounts:
    """:func:`analyze`, and for f-strings only a newer tokenizer reads, :func:`analyze` of the
    source with those f-strings masked (raises :class:`RawSyntaxError` when neither works)."""
    try:
        return analyze(source)
    except RawSyntaxError:
        masked = _masked_fstrings(source)
        if masked is None or masked == source:
            raise
        return analyze(masked)
