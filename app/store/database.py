"""Opening the store: engine, integrity checks, serialised writes and automatic migrations.

A user's assessment history must survive upgrades, crashes and parallel runs:

- Integrity: before anything touches an existing SQLite file, ``PRAGMA quick_check`` reads it
  (https://sqlite.org/pragma.html#pragma_quick_check); the full ``PRAGMA integrity_check``
  runs before a migration. A damaged file is never written: opening it for writing raises
  :class:`StoreDamaged`, whose one line names ``readiness doctor --recover``; opened with
  ``salvage=True`` it is read, read-only, as far as it can be read.
- Concurrency: every write transaction starts with ``BEGIN IMMEDIATE``, which takes SQLite's
  write lock at once (https://sqlite.org/lang_transaction.html), in WAL mode
  (https://sqlite.org/wal.html) with a busy timeout, and one retry policy (:func:`retrying`)
  for the "database is locked" that outlives the timeout. The first migration runs under that
  lock too: of N processes opening a new file at once, one migrates, the others wait and find
  the schema current, so no "table already exists" and no second backup.
- PostgreSQL (``postgresql+psycopg://``, psycopg 3): several machines write at once. Writes are
  row-level (no table lock is held, and none during the analysis: the report is written once,
  at the end, in one short transaction); the repository row is made with ``INSERT ... ON
  CONFLICT DO NOTHING`` (https://www.postgresql.org/docs/current/sql-insert.html#SQL-ON-CONFLICT)
  and a lost race (unique violation, serialization failure, deadlock: :func:`is_race`) is
  retried. Migrations run under a transaction-level advisory lock
  (``pg_advisory_xact_lock``, https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS)
  so that two machines upgrading at once migrate once. A role without write privileges opens
  the store read-only (:func:`can_write`). A URL without a password is handed to psycopg as it
  is, so libpq's own ways work (``PGPASSFILE``, ``~/.pgpass``, ``service=`` in a service file:
  https://www.postgresql.org/docs/current/libpq-pgpass.html, libpq-pgservice.html).
- Credentials: a URL shown to anyone (messages, logs, reports, the PDF) goes through
  :func:`redact`; the settings file keeps :func:`without_password`.
- Upgrades: when a migration is pending on an existing SQLite file, the file is first copied
  (SQLite's online backup API, consistent even while open) to
  ``<name>.backup-<YYYYmmdd-HHMMSS><suffix>`` beside it. A database written by a newer version
  of the product is refused, not touched.
"""

from __future__ import annotations

import random
import re
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

#: The newest schema revision this version writes (the last of app/store/migrations/versions;
#: a test holds it to Alembic's head). A store already there opens without importing Alembic,
#: which costs ~0.35 s of every command's start-up (measured on saleor's warm CLI run).
HEAD_REVISION = "0008"

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_SECONDS = 30  # how long a write waits for another process's write lock
RETRIES = 4  # attempts of a write that still finds the database locked after the timeout
IMMEDIATE = {"sqlite_begin": "IMMEDIATE"}  # execution options of a write transaction

T = TypeVar("T")


class StoreError(Exception):
    """The store cannot be opened or written; the text is meant for the user (one line)."""


class StoreDamaged(StoreError):
    """The SQLite file fails SQLite's integrity check; nothing was written to it."""


class StoreReadOnly(StoreError):
    """The store is open read-only (the role may not write); nothing was written."""


#: the key of the advisory lock held while a PostgreSQL store migrates (any fixed 64-bit number;
#: this one spells "readines" in ASCII)
MIGRATION_LOCK = 0x7265616469_6E6573

_PASSWORD_IN_URL = re.compile(r"(?P<head>[a-zA-Z][\w+.-]*://[^:/@\s]*:)(?P<secret>[^@\s]*)(?=@)")
_PASSWORD_IN_DSN = re.compile(r"(?P<head>\bpassword\s*=\s*)(?P<secret>'[^']*'|\S+)", re.I)


def redact(url: str | None) -> str:
    """``url`` with its password shown as ``***`` (SQLAlchemy's own rendering; a string that
    does not parse has anything after ``user:`` and before ``@`` replaced)."""
    if not url:
        return ""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return scrub(url)


def scrub(text: str) -> str:
    """Free text (an error message, a log line) with every password of a URL or of a libpq
    ``password=`` setting replaced by ``***``."""
    text = _PASSWORD_IN_URL.sub(lambda m: m.group("head") + "***", text)
    return _PASSWORD_IN_DSN.sub(lambda m: m.group("head") + "***", text)


def without_password(url: str) -> str:
    """``url`` with no password at all: what the settings file keeps (the password then comes
    from libpq's password file or service file, or from ``--db`` on each run)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return _PASSWORD_IN_URL.sub(lambda m: m.group("head")[:-1], url)
    if parsed.password is None:
        return url
    bare = URL.create(  # URL.set(password=None) would keep it: None there means "unchanged"
        parsed.drivername,
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )
    return bare.render_as_string(hide_password=False)


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def role_name(engine: Engine) -> str | None:
    """The database role the store works as (PostgreSQL's ``current_user``); None for SQLite."""
    if not is_postgres(engine):
        return None
    with engine.connect() as connection:
        return connection.execute(text("SELECT current_user")).scalar()


#: the tables an assessment writes to; the role must be able to insert into and update them
_WRITTEN_TABLES = ("repositories", "assessments", "cache_entries")


def can_write(engine: Engine) -> bool:
    """Whether the store can save: on PostgreSQL, the role has INSERT and UPDATE on the tables
    an assessment writes (``has_table_privilege``) and the server is not a read-only standby or
    session; on SQLite, the file and its folder are writable (the journal lives beside it)."""
    if is_postgres(engine):
        checks = " AND ".join(
            f"has_table_privilege('{table}', 'INSERT') AND has_table_privilege('{table}', 'UPDATE')"
            for table in _WRITTEN_TABLES
        )
        with engine.connect() as connection:
            if (
                connection.execute(text("SELECT current_setting('transaction_read_only')")).scalar()
                == "on"
            ):
                return False
            return bool(connection.execute(text(f"SELECT {checks}")).scalar())
    path = sqlite_file(engine.url.render_as_string(hide_password=False))
    if path is None:
        return True
    import os

    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)
    return True


def is_race(exc: BaseException) -> bool:
    """A write that lost a race with another writer and may simply be run again: PostgreSQL's
    unique violation (23505), serialization failure (40001) and deadlock (40P01)
    (https://www.postgresql.org/docs/current/errcodes-appendix.html)."""
    original = getattr(exc, "orig", None) or exc
    return getattr(original, "sqlstate", None) in ("23505", "40001", "40P01")


def describe(exc: BaseException) -> str:
    """One line for the user from a database error: the driver's message, not SQLAlchemy's
    statement dump and link."""
    original = getattr(exc, "orig", None) or exc
    text = str(original).strip().splitlines()
    return scrub(text[0]) if text else original.__class__.__name__


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for another database or an in-memory one."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {redact(url)!r}") from exc
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if parsed.database.startswith("file:"):
        return None  # a URI the caller built: left alone
    return Path(parsed.database)


_sqlite_file = sqlite_file  # the older private name


def damage_message(path: Path, problems: list[str]) -> str:
    first = problems[0] if problems else "unreadable"
    more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
    return (
        f"the database {path} is damaged ({first}{more}); nothing was written to it; "
        "run 'readiness doctor --recover' to save what can be read"
    )


def read_only_uri(path: Path) -> str:
    """SQLite's URI filename opening ``path`` without writing anything beside it: read-only,
    and ``immutable`` (no locks, no ``-shm``/``-wal`` files made) unless a ``-wal`` file holds
    transactions that must be read with it (https://sqlite.org/uri.html)."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    wal = path.with_name(path.name + "-wal")
    return uri if wal.exists() else uri + "&immutable=1"


def integrity_problems(path: Path, full: bool = False) -> list[str]:
    """What SQLite's own check finds wrong with the file (empty when it is intact):
    ``PRAGMA quick_check`` (fast, structure only) or ``PRAGMA integrity_check`` (``full``,
    also every index against its table). Opens the file without writing to it."""
    uri = read_only_uri(path)
    problems = _check(uri, full)
    if problems and uri.endswith("&immutable=1"):
        # confirm with SQLite's locking (another process may have been writing the file),
        # read-write so that the -wal/-shm files a WAL file needs go with the connection;
        # nothing is written to the file itself
        problems = _check(uri.removesuffix("?mode=ro&immutable=1"), full)
    return problems


def _check(uri: str, full: bool) -> list[str]:
    pragma = "integrity_check" if full else "quick_check"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error as exc:
        return [f"cannot open: {exc}"]
    try:
        rows = [str(row[0]) for row in connection.execute(f"PRAGMA {pragma}")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        connection.close()
    if rows == ["ok"]:
        return []
    lines = [line.strip() for row in rows for line in row.splitlines()]
    return [line for line in lines if line and not line.startswith("*** in database")]


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


def is_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked" / "database table is locked" (SQLITE_BUSY, SQLITE_LOCKED)."""
    text = describe(exc).lower()
    return isinstance(exc, OperationalError | sqlite3.OperationalError) and (
        "locked" in text or "busy" in text
    )


def retrying(action: Callable[[], T], attempts: int = RETRIES) -> T:
    """Run a write, again after a short random pause when SQLite still says the database is
    locked once the busy timeout ran out, or when PostgreSQL says it lost a race with another
    writer (:func:`is_race`): the one retry policy of every write."""
    for attempt in range(attempts):
        try:
            return action()
        except (SQLAlchemyError, sqlite3.OperationalError) as exc:
            retry = is_race(exc) or (
                isinstance(exc, OperationalError | sqlite3.OperationalError) and is_busy(exc)
            )
            if not retry or attempt == attempts - 1:
                raise
            time.sleep(0.05 * 2**attempt + random.random() * 0.05)
    raise AssertionError("unreachable")  # pragma: no cover


def create_store_engine(url: str, read_only: bool = False) -> Engine:
    """The engine of ``url``. SQLite: WAL, the busy timeout, foreign keys, and transactions
    begun by us (``BEGIN`` for reads, ``BEGIN IMMEDIATE`` with :data:`IMMEDIATE`); with
    ``read_only`` the file is opened read-only (``mode=ro``) and never switched to WAL."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {redact(url)!r}") from exc
    path = sqlite_file(url)
    if path is not None and not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder {path.parent}: {exc.strerror}") from exc
    kwargs = {}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_SECONDS}
        if read_only and path is not None:  # SQLAlchemy's form of SQLite's URI filename
            url = f"sqlite:///{read_only_uri(path)}&uri=true"
    try:
        engine = create_engine(url, **kwargs)
    except (ArgumentError, ImportError, SQLAlchemyError) as exc:
        raise StoreError(f"cannot use database {redact(url)}: {scrub(str(exc))}") from exc
    if parsed.get_backend_name() == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):
            dbapi_connection.isolation_level = None  # transactions are begun in _begin
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection):
            mode = connection.get_execution_options().get("sqlite_begin", "")
            connection.exec_driver_sql(f"BEGIN {mode}".strip())

    return engine


def use_wal(engine: Engine) -> None:
    """Switch a SQLite file to WAL (persistent in the file: readers then never block the one
    writer); a read-only file or folder keeps its rollback journal."""
    if engine.dialect.name != "sqlite":
        return
    try:
        raw = engine.raw_connection()  # outside any transaction: SQLite refuses it inside one
    except SQLAlchemyError:
        return
    try:
        connection = raw.driver_connection  # None only once the connection is invalidated
        if connection is not None:
            connection.execute("PRAGMA journal_mode=WAL")
    except sqlite3.Error:
        pass  # a read-only file or folder
    finally:
        raw.close()


def writer(engine: Engine) -> Engine:
    """The same engine whose transactions take the write lock at once (``BEGIN IMMEDIATE``),
    so that a read-then-write transaction never fails half-way on another writer's commit."""
    return engine.execution_options(**IMMEDIATE)


def _check_known(script: ScriptDirectory, current: str | None) -> None:
    from alembic.util.exc import CommandError

    if current is None:
        return
    try:
        script.get_revision(current)
    except CommandError as exc:
        raise StoreError(
            f"the database is at schema revision {current}, which this version of "
            "Readiness Advisor does not know (written by a newer version?); "
            "it was not changed"
        ) from exc


def current_revision(engine: Engine) -> str | None:
    """The schema revision of the database (Alembic's ``alembic_version`` table), read with a
    plain query; None for a database without one (new, or not ours)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    return rows[0][0] if len(rows) == 1 else None


def head_revision() -> str:
    """The newest revision of the migration scripts, as Alembic reads them."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    if head is None:  # no scripts in migrations/versions: the installation is incomplete
        raise StoreError("no database migrations found: reinstall Readiness Advisor")
    return head


def migrate(engine: Engine, url: str) -> Path | None:
    """Bring the schema to the newest revision; returns the backup made first, if any.

    The check is repeated under SQLite's write lock: a process that waited for another's
    migration finds the schema current and neither backs up nor migrates."""
    try:
        current = current_revision(engine)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open the database: {describe(exc)}") from exc
    if current == HEAD_REVISION:  # the common case: no Alembic to import
        use_wal(engine)
        return None
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    config = _alembic_config()
    script = ScriptDirectory.from_config(config)
    heads = set(script.get_heads())
    if current not in heads:
        _check_known(script, current)
    use_wal(engine)  # only once the file is known to be ours and of a known revision
    if current in heads:
        return None
    path = sqlite_file(url)
    backup = None

    def upgrade() -> Path | None:
        nonlocal backup
        with writer(engine).begin() as connection:
            if is_postgres(engine):  # one machine migrates; the others wait, then find it done
                connection.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
            current = MigrationContext.configure(connection).get_current_revision()
            if current in heads:
                return None  # another process migrated while this one waited for the lock
            _check_known(script, current)
            has_tables = bool(inspect(connection).get_table_names())
            if path is not None and path.exists() and has_tables:
                problems = integrity_problems(path, full=True)
                if problems:
                    raise StoreDamaged(damage_message(path, problems))
                backup = backup_sqlite(path)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        return backup

    try:
        return retrying(upgrade)
    except StoreError:
        raise
    except (SQLAlchemyError, CommandError, sqlite3.Error) as exc:
        where = f"; your data is safe in {backup}" if backup else ""
        if is_postgres(engine) and getattr(getattr(exc, "orig", None), "sqlstate", None) == "42501":
            raise StoreError(
                f"the database {redact(url)} needs a schema upgrade that the role "
                "cannot make (insufficient privilege): run one assessment as the owner role first"
            ) from exc
        raise StoreError(f"database migration failed: {describe(exc)}{where}") from exc


def open_store(url: str, *, salvage: bool = False):
    """Open (creating and migrating as needed) the store at ``url``.

    An existing SQLite file is checked first (``PRAGMA quick_check``). A damaged one raises
    :class:`StoreDamaged`, or with ``salvage`` is opened read-only (``Store.damaged`` says why)
    so that history and reports are read from what can be read."""
    from app.store.store import Store

    path = sqlite_file(url)
    if path is not None and path.is_file() and path.stat().st_size:
        problems = integrity_problems(path)
        if problems:
            message = damage_message(path, problems)
            # a file SQLite cannot read at all ("file is not a database") has nothing to salvage
            unreadable = any("not a database" in problem for problem in problems)
            if not salvage or unreadable:
                raise StoreDamaged(message)
            return Store(create_store_engine(url, read_only=True), damaged=message)
    engine = create_store_engine(url)
    try:
        backup = migrate(engine, url)
        writable = can_write(engine)
    except StoreError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"cannot open the database {redact(url)}: {describe(exc)}") from exc
    return Store(engine, backup=backup, read_only=not writable)
