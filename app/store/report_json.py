"""The stored report as JSON text, encoded in small pieces.

``json.dumps`` of a large report (tens of MB for a project of thousands of files) runs in C
with the GIL held: measured 175 ms for a 22 MB report, during which the GUI thread cannot run
a single Python slot while the assessment is saved in the background. Encoding the large
containers piece by piece (each piece still by the C encoder) gives the GUI thread the GIL
between pieces; the text is identical to ``json.dumps(report, ensure_ascii=False)``.
"""

from __future__ import annotations

import json
from typing import Any

#: Containers at least this long, or this shallow, are split; smaller ones are one piece.
SPLIT_LENGTH = 32
SPLIT_DEPTH = 3

_encode = json.JSONEncoder(ensure_ascii=False).encode


def report_json(report: Any) -> str:
    """``json.dumps(report, ensure_ascii=False)``, built from small pieces."""
    parts: list[str] = []
    _pieces(report, parts, 0)
    return "".join(parts)


def _pieces(value: Any, parts: list[str], depth: int) -> None:
    split = depth < SPLIT_DEPTH
    if isinstance(value, dict) and value and (split or len(value) >= SPLIT_LENGTH):
        if not all(isinstance(key, str) for key in value):
            parts.append(_encode(value))  # keys json.dumps converts: let it
            return
        parts.append("{")
        for index, (key, item) in enumerate(value.items()):
            parts.append(", " if index else "")
            parts.append(_encode(key))
            parts.append(": ")
            _pieces(item, parts, depth + 1)
        parts.append("}")
    elif isinstance(value, list | tuple) and value and (split or len(value) >= SPLIT_LENGTH):
        parts.append("[")
        for index, item in enumerate(value):
            parts.append(", " if index else "")
            _pieces(item, parts, depth + 1)
        parts.append("]")
    else:
        parts.append(_encode(value))
