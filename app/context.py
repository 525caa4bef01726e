"""The application context: the services every part of the application shares.

One object handed to whatever needs the settings or the store (git-cola's ApplicationContext);
no module-level singletons. The store opens lazily so that a bad database URL is reported where
it is used, and ``--no-save`` never touches it.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler

from app.paths import default_database_url, log_dir
from app.settings import Settings, load_settings
from app.store import Store, open_store


class ApplicationContext:
    def __init__(
        self,
        settings: Settings | None = None,
        database_url: str | None = None,
        salvage: bool = False,
    ) -> None:
        self.settings = settings if settings is not None else load_settings()
        self.database_url = database_url or self.settings.database_url or default_database_url()
        self.salvage = salvage  # a damaged database is read read-only instead of refused
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        """The assessment store, opened (and migrated, with a backup) on first use."""
        if self._store is None:
            self._store = open_store(self.database_url, salvage=self.salvage)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


class _Redacting(logging.Formatter):
    """Log lines (tracebacks included) with every database password shown as ``***``."""

    def format(self, record: logging.LogRecord) -> str:
        from app.store.database import scrub

        return scrub(super().format(record))


def configure_logging(verbose: bool = False) -> logging.Logger:
    """Log to a rotating file in the user log folder; tracebacks go there, not to users."""
    logger = logging.getLogger("readiness")
    if not logger.handlers:
        try:
            handler: logging.Handler = RotatingFileHandler(
                log_dir() / "readiness.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
            )
        except OSError:
            handler = logging.NullHandler()
        handler.setFormatter(_Redacting("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    return logger
