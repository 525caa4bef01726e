"""Shipped data: the report schema, rule tables, style sheets, icons, licences.

Data only: this package imports nothing from the product. Files are found through
:func:`resource_path`, which works in a source checkout, an installed wheel and a frozen build.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource_path(name: str) -> Path:
    """Absolute path of a shipped resource file, e.g. ``resource_path("report.schema.json")``."""
    return Path(str(files(__name__).joinpath(name)))
