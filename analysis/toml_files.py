"""Reading a user's TOML file (team profile, Quick Check answers) with one-line errors."""

from __future__ import annotations

import tomllib
from pathlib import Path


def read_toml(path: str | Path, error: type[Exception]) -> dict:
    """The file's table; an unreadable or invalid file raises ``error`` with a one-line reason."""
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise error(f"cannot read {path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{Path(path).name}: not valid TOML: {exc}") from exc
