"""Where the application keeps its files (platformdirs), overridable for tests and portable use.

``READINESS_ADVISOR_HOME`` puts data, settings and logs under one folder. A folder that cannot be
made (a read-only home) is not an error here: reading works without it (``--no-save``), and
what writes there says in one line that it cannot.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir, user_log_dir

APP_NAME = "readiness-advisor"


def _home() -> Path | None:
    value = os.environ.get("READINESS_ADVISOR_HOME")
    return Path(value).expanduser() if value else None


def _made(path: Path) -> Path:
    with contextlib.suppress(OSError):
        path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    home = _home()
    path = home / "data" if home else Path(user_data_dir(APP_NAME, appauthor=False))
    return _made(path)


def config_dir() -> Path:
    home = _home()
    path = home / "config" if home else Path(user_config_dir(APP_NAME, appauthor=False))
    return _made(path)


def log_dir() -> Path:
    home = _home()
    path = home / "logs" if home else Path(user_log_dir(APP_NAME, appauthor=False))
    return _made(path)


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'readiness.db'}"
