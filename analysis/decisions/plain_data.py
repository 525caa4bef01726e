"""Dataclasses to and from JSON-ready data, by their type hints (the decisions section's form).

``asdict`` writes; :func:`from_plain` reads back nested dataclasses, lists, tuples, dicts and
optional values, so ``from_plain(cls, asdict(x)) == x`` for the decisions' data objects.
"""

from __future__ import annotations

import types
import typing
from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any


@cache
def _hints(cls) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _convert(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        if len(options) == 1:
            return _convert(options[0], value)
        for option in options:  # float | str: keep the value as it is
            if isinstance(option, type) and isinstance(value, option):
                return value
        return value
    if origin is list:
        return [_convert(args[0], v) for v in value]
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(args[0], v) for v in value)
        return tuple(_convert(a, v) for a, v in zip(args, value, strict=True))
    if origin is dict:
        return {k: _convert(args[1], v) for k, v in value.items()}
    if is_dataclass(kind):
        return from_plain(kind, value)
    return value


def from_plain(cls, data: dict[str, Any]):
    """An instance of dataclass ``cls`` from ``asdict`` output (missing keys: defaults)."""
    hints = _hints(cls)
    return cls(
        **{f.name: _convert(hints[f.name], data[f.name]) for f in fields(cls) if f.name in data}
    )
