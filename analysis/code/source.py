"""Reading a tracked file as Python source text: size and binary checks, PEP 263 decoding.

The text handed to the metrics is what ``radon`` reads from the same file: decoded, with
universal newlines (``\\r\\n`` and ``\\r`` become ``\\n``), without a UTF-8 byte-order mark.
"""

from __future__ import annotations

import io
import os
import tokenize
from dataclasses import dataclass

from analysis.code.results import UNREADABLE

#: Files larger than this are not parsed (generated bundles, data dumps); a setting.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
_BINARY_SNIFF = 8192


@dataclass(frozen=True)
class SourceText:
    """A decoded source, or the reason it could not be read (``text is None``)."""

    text: str | None
    size: int
    reason: str = ""
    code: str = ""  # machine-readable reason: missing, unreadable, binary, too_large, undecodable


def read_source(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read ``path`` as Python source; never raises for bad input, says why instead."""
    try:
        if os.path.islink(path):
            return SourceText(None, 0, "is a symbolic link (not followed)", "symlink")
        size = os.path.getsize(path)
    except FileNotFoundError:
        return SourceText(None, 0, "tracked by git but missing from the working tree", "missing")
    except OSError as exc:
        return SourceText(None, 0, f"{UNREADABLE}: {exc.strerror or exc}", "unreadable")
    if size > max_bytes:
        return SourceText(
            None,
            size,
            f"is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:.0f} MB limit",
            "too_large",
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return SourceText(None, size, f"{UNREADABLE}: {exc.strerror or exc}", "unreadable")
    return decode_source(data)


def decode_source(data: bytes) -> SourceText:
    """Decode source bytes per PEP 263 (BOM, then coding cookie, else UTF-8)."""
    if b"\0" in data[:_BINARY_SNIFF]:
        return SourceText(None, len(data), "is a binary file", "binary")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        if "invalid or missing encoding" not in str(exc):  # e.g. "unknown encoding: klingon"
            return SourceText(
                None, len(data), f"has an invalid encoding declaration: {exc}", "undecodable"
            )
        encoding = "utf-8"  # no cookie and not UTF-8 in the first lines: say where, below
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        line = data[: getattr(exc, "start", 0)].count(b"\n") + 1
        return SourceText(
            None,
            len(data),
            f"is not valid {encoding} (line {line}); "
            "declare its encoding with a PEP 263 coding comment",
            "undecodable",
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    return SourceText(text.replace("\r\n", "\n").replace("\r", "\n"), len(data))
