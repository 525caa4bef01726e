"""Opening the store: engine, automatic Alembic migrations, and a backup before migrating.

A user's assessment history must survive upgrades: when a migration is pending on an existing
SQLite file, the file is first copied (SQLite's online backup API, consistent even while open)
to ``<name>.backup-<YYYYmmdd-HHMMSS><suffix>`` beside it. A database written by a newer version
of the product is refused, not touched.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

MIGRATIONS = Path(__file__).with_name("migrations")


class StoreError(Exception):
    """The store cannot be opened or written; the text is meant for the user."""


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def backup_sqlite(path: Path) -> Path:
    """Copy a SQLite database file with the online backup API; returns the copy's path."""
    target = path.with_name(f"{path.stem}.backup-{datetime.now():%Y%m%d-%H%M%S}{path.suffix}")
    counter = 1
    while target.exists():
        counter += 1
        target = target.with_name(f"{target.stem}-{counter}{target.suffix}")
    source = sqlite3.connect(path)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target


def create_store_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url!r}") from exc
    sqlite_file = _sqlite_file(url)
    if sqlite_file is not None:
        sqlite_file.parent.mkdir(parents=True, exist_ok=True)
    kwargs = {}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    try:
        engine = create_engine(url, **kwargs)
    except (ArgumentError, ImportError, SQLAlchemyError) as exc:
        raise StoreError(f"cannot use database {parsed.render_as_string()}: {exc}") from exc
    if parsed.get_backend_name() == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    return engine


def migrate(engine: Engine, url: str) -> Path | None:
    """Bring the schema to the newest revision; returns the backup made first, if any."""
    config = _alembic_config()
    script = ScriptDirectory.from_config(config)
    heads = set(script.get_heads())
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
            has_tables = bool(inspect(connection).get_table_names())
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open the database: {exc.__class__.__name__}: {exc}") from exc
    if current in heads:
        return None
    if current is not None:
        try:
            script.get_revision(current)
        except CommandError as exc:
            raise StoreError(
                f"the database is at schema revision {current}, which this version of "
                "Readiness Advisor does not know (written by a newer version?); "
                "it was not changed"
            ) from exc
    backup = None
    sqlite_file = _sqlite_file(url)
    if sqlite_file is not None and sqlite_file.exists() and has_tables:
        backup = backup_sqlite(sqlite_file)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except (SQLAlchemyError, CommandError) as exc:
        where = f"; your data is safe in {backup}" if backup else ""
        raise StoreError(f"database migration failed: {exc}{where}") from exc
    return backup


def open_store(url: str):
    """Open (creating and migrating as needed) the store at ``url``."""
    from app.store.store import Store

    engine = create_store_engine(url)
    backup = migrate(engine, url)
    return Store(engine, backup=backup)
