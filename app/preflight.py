"""Fail fast on the database: before the long work, check that a SQLite store can be written
(the file and its folder, where SQLite keeps its journal: https://sqlite.org/tempfiles.html),
that ``history``/``report``/``compare`` read a database that exists (never creating one), and
turn a database error into one line that names the file, never SQL.

Only SQLite files are checked here; a server database (``postgresql://``) is left to the store.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

#: what the database layer raises: SQLAlchemy's errors, and sqlite3's (the backup before a
#: migration uses sqlite3 directly)
DATABASE_ERRORS = (SQLAlchemyError, sqlite3.Error)


class DatabaseUnusable(Exception):
    """The database cannot be used as asked; the text is one line for the user."""


def sqlite_file(url: str) -> Path | None:
    """The SQLite file of ``url``; None for another backend, memory, or a URL that does not
    parse (the store reports that one)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _first_existing(folder: Path) -> Path:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def check_database_writable(url: str) -> None:
    """:class:`DatabaseUnusable` when the assessment could not be saved into ``url``'s SQLite
    file: the file read-only, not a file, or its folder (or the first existing one above a
    missing folder) not writable."""
    path = sqlite_file(url)
    if path is None:
        return
    if path.exists():
        if not path.is_file():
            raise DatabaseUnusable(f"database {path} is not a file")
        if not os.access(path, os.R_OK | os.W_OK):
            raise DatabaseUnusable(
                f"database {path} is read-only; nothing was assessed (use --no-save, or --db)"
            )
        folder = path.parent
    else:
        folder = _first_existing(path.parent)
        if not folder.is_dir():
            raise DatabaseUnusable(f"cannot create database {path}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseUnusable(
            f"database {path}: its folder {folder} is read-only (SQLite writes its journal "
            "there); nothing was assessed (use --no-save, or --db)"
        )


def require_database(url: str) -> None:
    """:class:`DatabaseUnusable` when ``url`` names a SQLite file that does not exist: reading
    the history never creates folders or an empty database."""
    path = sqlite_file(url)
    if path is not None and not path.is_file():
        what = "is not a file" if path.exists() else "does not exist"
        raise DatabaseUnusable(f"no database at {path}: it {what} (check --db)")


_SQLALCHEMY_CLASS = re.compile(r"\((\w+\.)*\w*(Error|Exception|Warning)\)\s*")


def one_line(exc: BaseException, url: str | None = None) -> str:
    """One line for a store or database error: its first line, without SQLAlchemy's
    ``(sqlite3.OperationalError)`` prefix, ``[SQL: ...]`` and link; naming the database file
    when the error came from the database."""
    from app.store.database import scrub  # no password in any message

    text = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    text = scrub(text)
    text = text.split("[SQL:")[0].strip()
    from_database = isinstance(exc, DATABASE_ERRORS) or isinstance(exc.__cause__, DATABASE_ERRORS)
    if not from_database:
        return text
    text = _SQLALCHEMY_CLASS.sub("", text).strip()
    path = sqlite_file(url) if url else None
    where = str(path) if path is not None else "the database"
    return text if where in text else f"{where}: {text}"
