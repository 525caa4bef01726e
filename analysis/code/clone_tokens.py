"""A file's token stream for clone detection, computed in the worker processes.

Type-2 clones (Roy & Cordy's classification, as CCFinder and CPD-style tools with
``--ignore-identifiers --ignore-literals`` use it) are code fragments that are identical except
for identifiers and literals. So every identifier becomes one token ``ID`` and every literal
(number, string, bytes, f-string) one token ``LIT``; keywords and operators keep their
identity. Comments, blank lines, line breaks and indentation are ignored, except that a line
break followed by a dedent is kept as one ``END`` token, as SonarQube's Python CPD tokenizer
does (sonar-python ``PythonCpdAnalyzer``: "INDENT/DEDENT could not be completely ignored"), so
that code which differs only in its block structure does not look identical. These codes
(``TokenStream.codes``) give the raw CPD-style figure.

Which tokens keep their values (``TokenStream.exact``; the rule behind the duplication figure):

* Outside function bodies (module and class level: imports, constants, data tables, class
  attributes, field and filter declarations, decorators) every name and literal keeps its
  text: there a clone is an exact copy (type 1), as SonarQube's Python CPD detects everywhere
  (it adds the tokens' own text, normalizing nothing). A function body runs from ``def`` to
  the end of the outermost function (one-line bodies included); a method is one.
* Inside function bodies, names and literals are normalized (type 2: renamed copies of logic
  are what copy-and-paste leaves), except in literal runs: a run of at least
  :data:`LITERAL_RUN_MIN` literals with nothing between them but the punctuation of
  displays (``, : ( ) [ ] { }``), signs and ``None``/``True``/``False`` keeps its literals'
  values, so a list of interface names or a CSV fixture matches only an exact copy.

The price: logic written at module level (a script's loop) is compared exactly, and a
function's body does not match the same statements pasted at module level.

Why (measured with ``benchmarks/audit_duplication.py`` on the production files of five
repositories, jscpd 5.3.2 with exact tokens as the reference; percent of lines duplicated):

=======================================  ======  ======  =====  =======  ========
rule                                     netbox  saleor  flask  fastapi  requests
=======================================  ======  ======  =====  =======  ========
jscpd, exact tokens (type 1)                2.2     1.1    3.9      3.0       0.5
every name and literal normalized          27.3    11.9    4.8      5.1       0.0
literal runs keep values, everywhere       18.3    11.3    4.8      5.1       0.0
declarations exact, literal runs (this)     3.1     5.3    4.6      5.1       0.0
=======================================  ======  ======  =====  =======  ========

Literal runs alone remove the data tables (netbox's airport list against its country list,
10,014 lines) but leave Django's declarations: netbox's view, filter set and form classes are
one attribute per line whose names differ (``queryset = Provider.objects.all()`` /
``queryset = Circuit.objects.all()``) and are identical once names are normalized
(``dcim/views.py`` alone 3,137 lines). A declaration is its names: two that differ in them are
two declarations, not one copied. With declarations exact, netbox lands near jscpd (3,053 of
jscpd's 3,233 duplicated lines found too); saleor keeps what only type 2 sees, one method per
event with other names (``def order_created(self, order): ...
self.__run_method_on_plugins("order_created", ...)`` in ``plugins/manager.py``, the same in
``plugins/webhook/plugin.py`` and ``notify_events.py``): copy-and-paste that every change of
signature must follow. The run minimum, 4: with 2, calls with two or three literal arguments
in a row become exact too (full-stack-fastapi-template's Alembic ``upgrade``/``downgrade``, a
renamed copy, no longer matches; netbox tests 31.0% -> 26.8%); 4 changes, in production code,
only data lists (saleor's ``random_data.py`` country codes, 282 lines) and, in tests, fixture
lists (netbox 32.9% with no run rule -> 31.0%); 8 leaves most of those matching (32.6%).

An f-string is one ``LIT`` token on every interpreter (3.12+ splits it into FSTRING_START ...
FSTRING_END; 3.11 and earlier give one STRING token), so the stream does not depend on the
Python version running the analysis.

The extractor uses only the standard library (it runs in the workers on any interpreter); the
parent unpacks with numpy. The stream is packed small enough to travel back from the worker and
sit in the result cache: one byte per token (its code), the first line of each token as a
delta from the previous token's, each token's line span, then the positions of the tokens that
keep their values with an index into the file's table of distinct values, and that table as
8-byte BLAKE2b digests; zlib-compressed, base64 text (the cache stores JSON).
"""

from __future__ import annotations

import base64
import hashlib
import io
import struct
import sys
import tokenize
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

try:
    import _tokenize as _c_tokenize  # type: ignore[import-not-found]  # CPython 3.12+
except ImportError:  # pragma: no cover - older or other interpreters
    _c_tokenize = None

#: Bumped whenever the codes, the rule or the packing change (cached streams of another format
#: are ignored by the parent, and the file-metrics revision is bumped with it).
FORMAT = 2

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

#: Inside a function, a literal run keeps its literals' values from this many literals on.
LITERAL_RUN_MIN = 4
#: What a literal run may hold besides literals.
RUN_CODES = frozenset(
    [OPERATOR_CODES[op] for op in (",", ":", "(", ")", "[", "]", "{", "}", "-", "+")]
    + [KEYWORD_CODES[word] for word in ("None", "True", "False")]
)
_DEF = KEYWORD_CODES["def"]
_OPEN = frozenset(OPERATOR_CODES[op] for op in "([{")
_CLOSE = frozenset(OPERATOR_CODES[op] for op in ")]}")
_COLON = OPERATOR_CODES[":"]

_NAME, _OP, _NUMBER, _STRING = tokenize.NAME, tokenize.OP, tokenize.NUMBER, tokenize.STRING
_NEWLINE, _INDENT, _DEDENT = tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT
_LITERAL_KINDS = frozenset((_STRING, _NUMBER))
_IGNORED = {
    tokenize.NL,
    tokenize.COMMENT,
    tokenize.ENCODING,
    tokenize.ENDMARKER,
    getattr(tokenize, "TYPE_COMMENT", -100),
}
#: 3.12+ split f-strings (3.14 t-strings) into start ... end tokens; -1 never matches.
_STRING_STARTS = {getattr(tokenize, n, -1) for n in ("FSTRING_START", "TSTRING_START")} - {-1}
_STRING_ENDS = {getattr(tokenize, n, -2) for n in ("FSTRING_END", "TSTRING_END")} - {-2}
_HEADER = struct.Struct("<BIII")


def _token_tuples(text: str) -> Iterator[tuple]:
    """``tokenize.generate_tokens`` as plain tuples: from 3.12 it wraps the C tokenizer's
    tuples in ``TokenInfo`` one by one (~15% of this extractor) and turns its SyntaxError into
    TokenError; both are caught alike below, so the tuples are taken directly (3.13, checked)."""
    readline = io.StringIO(text).readline
    iterator = getattr(_c_tokenize, "TokenizerIter", None) if _c_tokenize else None
    if iterator is None or sys.version_info < (3, 13):  # 3.13 checked: same tokens
        return tokenize.generate_tokens(readline)
    return iterator(readline, extra_tokens=True)


# Where a token stands relative to the outermost function definition around it: outside it,
# in its header (``def`` to the colon), right after that colon, in an indented body, in a body
# on the header's line.
_OUTSIDE, _IN_HEADER, _AFTER_COLON, _IN_BLOCK, _ON_ONE_LINE = range(5)


class _Values:
    """Distinct kept values of one file: index (1-based) and 8-byte BLAKE2b digest of each."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.digests = bytearray()

    def add(self, text: str) -> int:
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.index) + 1
            data = text.encode("utf-8", "surrogatepass")
            self.digests += hashlib.blake2b(data, digest_size=8).digest()
        return found


def clone_tokens(text: str) -> str | None:
    """The packed token stream of a source text; ``None`` if it cannot be tokenized."""
    codes = bytearray()
    deltas = array("I")
    spans = array("I")
    kept_at = array("I")  # positions of the tokens that keep their values, ascending
    kept_as = array("I")  # and the index of each one's value (1-based)
    kept = _Values()
    known = kept.index
    run: list[tuple[int, str]] = []  # (position, text) of the literals of the current run
    previous = 0
    pending = 0  # line of a NEWLINE that becomes END if a DEDENT follows
    depth = 0  # nesting of split f-strings
    literal_start = 0
    parts: list[str] = []  # the text of a split f-string
    indent = 0
    where = _OUTSIDE
    function_indent = 0
    brackets = 0  # nesting inside a function header
    try:
        for kind, string, start, end, _line in _token_tuples(text):
            if depth:
                parts.append(string)
                if kind in _STRING_STARTS:
                    depth += 1
                elif kind in _STRING_ENDS:
                    depth -= 1
                if depth:
                    continue
                code, string, line = LIT, "".join(parts), literal_start
            elif kind == _NAME:
                code = KEYWORD_CODES.get(string, ID)
                line = start[0]
                if code == _DEF and where == _OUTSIDE:
                    where, function_indent, brackets = _IN_HEADER, indent, 0
            elif kind == _OP:
                code = OPERATOR_CODES.get(string, OTHER)
                line = start[0]
            elif kind in _LITERAL_KINDS:
                code = LIT
                line = start[0]
            elif kind in _IGNORED:
                continue
            elif kind == _NEWLINE:
                pending = start[0]
                if where == _AFTER_COLON:
                    where = _IN_BLOCK
                elif where == _ON_ONE_LINE:
                    where = _OUTSIDE
                continue
            elif kind == _INDENT:
                indent += 1
                continue
            elif kind == _DEDENT:
                indent -= 1
                if where == _IN_BLOCK and indent <= function_indent:
                    where = _OUTSIDE
                if pending:
                    if run:
                        _close_run(run, kept_at, kept_as, kept)
                    codes.append(END)
                    deltas.append(pending - previous)
                    spans.append(0)
                    previous = pending
                    pending = 0
                continue
            elif kind in _STRING_STARTS:
                depth, literal_start, parts = 1, start[0], [string]
                continue
            elif string.strip():  # ERRORTOKEN and the like: keep its place, not its text
                code = OTHER
                line = start[0]
            else:
                continue
            pending = 0
            if where == _IN_BLOCK:  # a function body: normalized, but for literal runs
                if code == LIT:
                    run.append((len(codes), string))
                elif run and code not in RUN_CODES:
                    _close_run(run, kept_at, kept_as, kept)
            elif where == _OUTSIDE:  # a declaration: names and literals keep their text
                if run:
                    _close_run(run, kept_at, kept_as, kept)
                if code <= LIT:  # ID or LIT
                    kept_at.append(len(codes))
                    kept_as.append(known.get(string) or kept.add(string))
            else:  # the header or a one-line body
                if where == _IN_HEADER:
                    if code in _OPEN:
                        brackets += 1
                    elif code in _CLOSE:
                        brackets -= 1
                    elif code == _COLON and brackets <= 0:
                        where = _AFTER_COLON
                elif where == _AFTER_COLON:  # a token after the colon, on its line
                    where = _ON_ONE_LINE
                if code == LIT:
                    run.append((len(codes), string))
                elif run and code not in RUN_CODES:
                    _close_run(run, kept_at, kept_as, kept)
            codes.append(code)
            deltas.append(line - previous)
            spans.append(end[0] - line)
            previous = line
        if run:
            _close_run(run, kept_at, kept_as, kept)
    except (SyntaxError, tokenize.TokenError, ValueError):
        return None
    if sys.byteorder == "big":
        for column in (deltas, spans, kept_at, kept_as):
            column.byteswap()
    payload = b"".join(
        (
            _HEADER.pack(FORMAT, len(codes), len(kept_at), len(known)),
            bytes(codes),
            deltas.tobytes(),
            spans.tobytes(),
            kept_at.tobytes(),
            kept_as.tobytes(),
            bytes(kept.digests),
        )
    )
    return base64.b64encode(zlib.compress(payload, 1)).decode("ascii")


def _close_run(run: list[tuple[int, str]], at: array, values: array, kept: _Values) -> None:
    """End a literal run: from :data:`LITERAL_RUN_MIN` literals on, they keep their values."""
    if len(run) >= LITERAL_RUN_MIN:
        for position, string in run:
            at.append(position)
            values.append(kept.add(string))
    run.clear()


@dataclass(frozen=True)
class TokenStream:
    """An unpacked stream: token codes and each token's first and last line (1-based); the
    tokens that keep their values (positions ``kept_at``, 64-bit symbols ``kept_symbols``)."""

    codes: Any  # numpy uint8 array
    starts: Any  # numpy uint32 array
    ends: Any  # numpy uint32 array
    kept_at: Any = None  # numpy uint32 array, ascending
    kept_symbols: Any = None  # numpy uint64 array: digest of the value, bit 63, code

    def __len__(self) -> int:
        return len(self.codes)

    @cached_property
    def exact(self) -> Any:
        """The codes with kept values: a token that keeps its value is its symbol (never a
        plain code), every other token its code; numpy uint64 (made when first asked for)."""
        import numpy as np

        exact = self.codes.astype(np.uint64)
        if self.kept_at is not None:
            exact[self.kept_at] = self.kept_symbols
        return exact


_VALUE_MASK = 0xFFFF_FFFF_FFFF_FF00  # the code goes in the low byte; bit 63 set: never a code


def unpack(packed: str) -> TokenStream | None:
    """The stream :func:`clone_tokens` packed; ``None`` for damaged or other-format data."""
    import numpy as np  # the parent's side only: workers pack with the standard library

    try:
        raw = zlib.decompress(base64.b64decode(packed))
        version, count, kept, distinct = _HEADER.unpack_from(raw)
    except (ValueError, zlib.error, struct.error):
        return None
    if version != FORMAT or len(raw) != _HEADER.size + 9 * count + 8 * kept + 8 * distinct:
        return None
    offset = _HEADER.size
    codes = np.frombuffer(raw, np.uint8, count, offset)
    deltas = np.frombuffer(raw, "<u4", count, offset + count)
    spans = np.frombuffer(raw, "<u4", count, offset + 5 * count)
    at = np.frombuffer(raw, "<u4", kept, offset + 9 * count)
    indices = np.frombuffer(raw, "<u4", kept, offset + 9 * count + 4 * kept)
    table = np.frombuffer(raw, "<u8", distinct, offset + 9 * count + 8 * kept)
    if kept and (int(at.max()) >= count or int(indices.min()) < 1 or int(indices.max()) > distinct):
        return None
    starts = np.cumsum(deltas, dtype=np.uint32)
    symbols = table[indices - 1] & np.uint64(_VALUE_MASK) | np.uint64(1 << 63) | codes[at]
    return TokenStream(codes, starts, starts + spans, at, symbols)
