"""Reports as JSON text and back, through orjson (https://github.com/ijl/orjson).

A report of a large project is tens of MB of JSON, written up to three times per assessment
(the kept copy for a warm run, the store, the ``--json`` file) and read back by a warm run.
Measured on saleor's 16 MB report (2026-12-04, CPython 3.13):

========================  ==========  ==========
                          ``json``    orjson
========================  ==========  ==========
indented (``--json``)     0.35 s      0.02 s
compact (kept, stored)    0.15 s      0.015 s
read back                 0.20 s      0.12 s
========================  ==========  ==========

``json.dumps(indent=2)`` runs CPython's pure-Python encoder (its C encoder has no indent before
3.14); orjson's indented text is byte for byte ``json.dumps(value, indent=2,
ensure_ascii=False)`` on that report. Its compact text has no spaces after ``,`` and ``:``.
What orjson refuses (an integer beyond 64 bits, a lone surrogate, a type it does not know)
falls back to ``json`` with the same layout, non-ASCII escaped; orjson writes NaN and
infinities as ``null`` (``json`` would write ``NaN``, which is not JSON), so a report never
fails to be written for one.

At 15 ms the encoding holds the GIL too briefly to stall the GUI thread while the store saves
in the background (``json.dumps`` took 175 ms of a 22 MB report, which is why the store once
encoded it in pieces).
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_OPTIONS = orjson.OPT_NON_STR_KEYS  # int keys as strings, as json does


def dumps(value: Any, *, indent: bool = False) -> bytes:
    """``value`` as UTF-8 JSON: compact, or indented by two spaces (``indent``)."""
    try:
        return orjson.dumps(value, option=_OPTIONS | (orjson.OPT_INDENT_2 if indent else 0))
    except (TypeError, orjson.JSONEncodeError):
        # ASCII with escapes: valid whatever the text holds (a lone surrogate is not UTF-8)
        if indent:
            return json.dumps(value, indent=2).encode()
        return json.dumps(value, separators=(",", ":")).encode()


def loads(data: bytes | bytearray | memoryview | str) -> Any:
    """The value of JSON text (bytes read as UTF-8); ``ValueError`` when it is not JSON.
    Integers beyond 64 bits come back as floats (orjson); no report holds one."""
    return orjson.loads(data)  # orjson.JSONDecodeError is a ValueError
