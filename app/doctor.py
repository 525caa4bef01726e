"""``readiness doctor``: is this machine and this history ready, and what to do when not.

One line per check: ``ok``, ``note`` (worth knowing, nothing broken) or ``FAIL`` (with what to
do). Checks the environment (git on the PATH, the Qt libraries importable, the data and log
folders writable) and the store (SQLite's full ``PRAGMA integrity_check``, the schema revision
against the newest migration, the size, the backups and orphaned temporaries left beside it).

``--recover`` saves what can be read of a damaged SQLite file: the file is copied aside
(``<name>.damaged-<time><suffix>``), then recovered into a new file with SQLite's own recovery
(the ``.recover`` command of the ``sqlite3`` shell, https://sqlite.org/recovery.html) when the
shell is installed, else by copying, table by table, every row Python's ``sqlite3`` can still
read; when neither gives a usable schema, a new store is built from the assessments' kept
reports. The recovered file takes the damaged one's place only when it passes
``PRAGMA integrity_check``.

Exit codes: 0 every check passed (notes allowed) or the recovery succeeded; 1 a check failed or
the recovery saved nothing usable; 2 bad input (an unusable ``--db`` URL, ``--recover`` on
something that is not an SQLite file).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.paths import data_dir, default_database_url, log_dir
from app.settings import load_settings
from app.store.database import (
    StoreError,
    can_write,
    create_store_engine,
    current_revision,
    describe,
    head_revision,
    integrity_problems,
    read_only_uri,
    redact,
    role_name,
    sqlite_file,
)

EXIT_OK, EXIT_PROBLEM, EXIT_BAD_INPUT = 0, 1, 2
OK, NOTE, FAIL = "ok", "note", "FAIL"
STALE_SECONDS = 24 * 3600  # a temporary file older than this was left by a run that died


@dataclass(frozen=True)
class Check:
    status: str  # OK, NOTE or FAIL
    name: str
    detail: str

    def line(self) -> str:
        return f"{self.status:<4}  {self.name:<11} {self.detail}"


def add_command(commands) -> None:
    doctor = commands.add_parser(
        "doctor", help="check git, Qt, the data folder and the database; --recover a damaged one"
    )
    doctor.add_argument("--db", metavar="URL", help="SQLAlchemy database URL of the history")
    doctor.add_argument(
        "--recover",
        action="store_true",
        help="copy a damaged SQLite database aside and recover what can be read into its place",
    )


# ----------------------------------------------------------------- the environment
def check_git() -> Check:
    git = shutil.which("git")
    if git is None:
        return Check(FAIL, "git", "git is not on the PATH: install git (2.25 or newer)")
    try:
        done = subprocess.run(
            [git, "--version"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Check(FAIL, "git", f"{git} does not run ({exc}): reinstall git")
    if done.returncode != 0:
        return Check(FAIL, "git", f"{git} --version failed: reinstall git")
    return Check(OK, "git", f"{done.stdout.strip()} ({git})")


def check_qt() -> Check:
    """Qt for the desktop application and the PDF: the system libraries, then an import of
    PySide6 in a child process (a missing library aborts the process that loads it)."""
    from app.system_check import missing_linux_packages

    missing = missing_linux_packages(display=False)
    if missing:
        return Check(
            FAIL,
            "qt",
            f"system libraries missing: sudo apt-get install -y {' '.join(missing)}",
        )
    if getattr(sys, "frozen", False):  # the bundled application ships its Qt
        return Check(OK, "qt", "bundled with the application")
    code = "import PySide6, PySide6.QtWidgets, PySide6.QtGui; print(PySide6.__version__)"
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Check(FAIL, "qt", f"cannot start Python to import PySide6: {exc}")
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
        return Check(FAIL, "qt", f"PySide6 does not import ({last}): pip install PySide6")
    return Check(OK, "qt", f"PySide6 {done.stdout.strip()} imports")


def check_writable(name: str, folder) -> Check:
    try:
        path = folder()
        with tempfile.NamedTemporaryFile(dir=path, prefix=".doctor-", delete=True):
            pass
    except OSError as exc:
        where = getattr(exc, "filename", None) or name
        return Check(FAIL, name, f"{where} is not writable ({exc.strerror}): fix its permissions")
    return Check(OK, name, f"{path} is writable")


# ----------------------------------------------------------------- the database
def _size(path: Path) -> str:
    size = float(path.stat().st_size)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""  # pragma: no cover


def _revision(path: Path) -> str | None:
    connection = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return row[0] if row else None


def leftovers(folder: Path, stem: str) -> tuple[list[Path], list[Path]]:
    """Backups and damaged copies of the database ``stem``, and temporaries older than a day
    (``.NAME.XXXX.tmp`` of an output file or a settings file whose writer died)."""
    kept = sorted(
        p
        for pattern in (f"{stem}.backup-*", f"{stem}.damaged-*")
        for p in folder.glob(pattern)
        if p.is_file()
    )
    now = time.time()
    stale = sorted(
        p for p in folder.glob(".*.tmp") if p.is_file() and now - p.stat().st_mtime > STALE_SECONDS
    )
    return kept, stale


def check_server_database(url: str) -> list[Check]:
    """A server store (PostgreSQL): reachable, migrated, and writable or read-only for the role
    (nothing is written to find out: the role's table privileges are read)."""
    from sqlalchemy.exc import SQLAlchemyError

    shown = redact(url)
    try:
        engine = create_store_engine(url, read_only=True)
    except StoreError as exc:
        return [Check(FAIL, "database", str(exc))]
    try:
        try:
            role = role_name(engine)
        except SQLAlchemyError as exc:
            return [Check(FAIL, "database", f"{shown} is not reachable: {describe(exc)}")]
        checks = [Check(OK, "database", f"{shown} reachable as role {role}")]
        head, current = head_revision(), current_revision(engine)
        if current == head:
            checks.append(Check(OK, "schema", f"revision {current} (the newest)"))
        elif current is None:
            checks.append(Check(NOTE, "schema", "no revision yet: the first writer creates it"))
        else:
            checks.append(
                Check(NOTE, "schema", f"revision {current}, newest {head}: a writer upgrades it")
            )
        if current is None:
            return checks
        if can_write(engine):
            checks.append(Check(OK, "access", f"role {role} can save assessments"))
        else:
            checks.append(
                Check(NOTE, "access", f"role {role} is read-only: it can browse, not save")
            )
        return checks
    except SQLAlchemyError as exc:
        return [Check(FAIL, "database", f"{shown}: {describe(exc)}")]
    finally:
        engine.dispose()


def check_database(url: str) -> list[Check]:
    path = sqlite_file(url)
    if path is None:
        if url.startswith("postgresql"):
            return check_server_database(url)
        return [Check(NOTE, "database", f"{redact(url)}: not an SQLite file; not checked")]
    if not path.exists():
        return [Check(NOTE, "database", f"{path} does not exist yet (made by the first run)")]
    if not path.is_file():
        return [Check(FAIL, "database", f"{path} is not a file: move it away")]
    checks = []
    problems = integrity_problems(path, full=True)
    if problems:
        checks.append(
            Check(
                FAIL,
                "integrity",
                f"{path} is damaged ({problems[0]}): run 'readiness doctor --recover'",
            )
        )
    else:
        checks.append(Check(OK, "integrity", f"{path} passes PRAGMA integrity_check"))
        head, current = head_revision(), _revision(path)
        if current == head:
            checks.append(Check(OK, "schema", f"revision {current} (the newest)"))
        elif current is None:
            checks.append(Check(NOTE, "schema", "no revision yet: the next run creates it"))
        else:
            checks.append(
                Check(
                    NOTE,
                    "schema",
                    f"revision {current}, newest {head}: the next run upgrades it (after a backup)",
                )
            )
    checks.append(Check(OK, "size", f"{_size(path)}"))
    kept, stale = leftovers(path.parent, path.stem)
    if kept:
        total = sum(p.stat().st_size for p in kept) / 1_048_576
        checks.append(
            Check(
                NOTE,
                "backups",
                f"{len(kept)} kept beside it ({total:.1f} MB), e.g. "
                f"{kept[0].name}: delete those you no longer need",
            )
        )
    if stale:
        checks.append(
            Check(
                NOTE,
                "temporaries",
                f"{len(stale)} left by runs that died, e.g. {stale[0].name}: safe to delete",
            )
        )
    return checks


def diagnose(url: str) -> list[Check]:
    return [
        check_git(),
        check_qt(),
        check_writable("data folder", data_dir),
        check_writable("log folder", log_dir),
        *check_database(url),
    ]


# ----------------------------------------------------------------- recovery
class RecoveryFailed(Exception):
    pass


def _recover_with_shell(damaged: Path, target: Path) -> str:
    shell = shutil.which("sqlite3")
    if shell is None:
        raise RecoveryFailed("the sqlite3 shell is not installed")
    dump = subprocess.run(
        [shell, "-readonly", str(damaged), ".recover"],
        capture_output=True,
        timeout=3600,
        check=False,
    )
    if dump.returncode != 0 or not dump.stdout:
        raise RecoveryFailed(dump.stderr.decode(errors="replace").strip() or ".recover failed")
    load = subprocess.run(
        [shell, str(target)], input=dump.stdout, capture_output=True, timeout=3600, check=False
    )
    if load.returncode != 0:
        raise RecoveryFailed(load.stderr.decode(errors="replace").strip() or "load failed")
    _drop_lost_and_found(target)
    return "sqlite3 .recover"


def _drop_lost_and_found(target: Path) -> None:
    """``.recover`` puts rows it cannot place in ``lost_and_found``; the product has no use
    for them (they stay in the damaged copy)."""
    with sqlite3.connect(target) as connection:
        connection.execute("DROP TABLE IF EXISTS lost_and_found")
    connection.close()


def _copy_rows(source: sqlite3.Connection, target: sqlite3.Connection, table: str) -> None:
    """Every row of ``table`` that can be read, in rowid order, stepping over an unreadable
    stretch (three tries from just past the last row read)."""
    quoted = '"' + table.replace('"', '""') + '"'
    last, failures = None, 0
    while failures < 3:
        where, params = ("WHERE rowid > ?", (last,)) if last is not None else ("", ())
        try:
            cursor = source.execute(f"SELECT rowid, * FROM {quoted} {where} ORDER BY rowid", params)
            for row in cursor:
                target.execute(
                    f"INSERT OR IGNORE INTO {quoted} VALUES ({', '.join('?' * (len(row) - 1))})",
                    row[1:],
                )
                last = row[0]
            return
        except sqlite3.DatabaseError:
            failures += 1
            last = (last or 0) + 1


def _recover_with_python(damaged: Path, target: Path) -> str:
    source = sqlite3.connect(read_only_uri(damaged), uri=True)
    try:
        try:
            schema = source.execute(
                "SELECT type, name, sql FROM sqlite_master "
                "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
        except sqlite3.DatabaseError as exc:
            raise RecoveryFailed(f"the schema cannot be read: {exc}") from exc
        target_db = sqlite3.connect(target)
        try:
            tables = [(name, sql) for kind, name, sql in schema if kind == "table"]
            for _name, sql in tables:
                target_db.execute(sql)
            for name, _sql in tables:
                _copy_rows(source, target_db, name)
            for kind, _name, sql in schema:
                if kind in ("index", "trigger", "view"):
                    # a unique index the recovered rows break is left out
                    with contextlib.suppress(sqlite3.DatabaseError):
                        target_db.execute(sql)
            target_db.commit()
        finally:
            target_db.close()
    finally:
        source.close()
    return "rows Python's sqlite3 could read"


def _rebuild_from_reports(damaged: Path, target: Path) -> str:
    """A new store holding every assessment whose kept report can still be read."""
    from analysis.report import from_report
    from app.store.database import open_store
    from app.store.report_blob import unpack_report

    source = sqlite3.connect(read_only_uri(damaged), uri=True)
    store = open_store(f"sqlite:///{target}")
    try:
        try:
            ids = [row[0] for row in source.execute("SELECT id FROM assessments ORDER BY id")]
        except sqlite3.DatabaseError as exc:
            raise RecoveryFailed(f"the assessments cannot be listed: {exc}") from exc
        for assessment_id in ids:
            try:
                packed, text = source.execute(
                    "SELECT report_zlib, report FROM assessments WHERE id = ?", (assessment_id,)
                ).fetchone()
                store.save(from_report(unpack_report(packed, text)))
            except (sqlite3.DatabaseError, ValueError, TypeError, KeyError):
                continue
    finally:
        store.close()
        source.close()
    return "the kept reports"


def _usable(target: Path) -> bool:
    """Intact, and at a schema revision this version knows (or none, migrated on open)."""
    if integrity_problems(target, full=True):
        return False
    from alembic.script import ScriptDirectory

    from app.store.database import _alembic_config

    revision = _revision(target)
    if revision is None:
        return False
    try:
        ScriptDirectory.from_config(_alembic_config()).get_revision(revision)
    except Exception:  # alembic raises several kinds for an unknown revision
        return False
    return True


def _count(path: Path, table: str) -> int | None:
    connection = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.DatabaseError:
        return None
    finally:
        connection.close()


def _side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def recover(path: Path) -> tuple[Path, Path, str, int | None]:
    """Copy ``path`` aside and put what can be read of it in its place; returns the damaged
    copy, the recovered file, the method and the number of assessments recovered."""
    stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
    aside = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    shutil.copy2(path, aside)
    for side in _side_files(path):
        if side.exists():
            shutil.copy2(side, aside.with_name(aside.name + side.name[len(path.name) :]))
    errors = []
    for method in (_recover_with_shell, _recover_with_python, _rebuild_from_reports):
        target = path.with_name(f".{path.name}.recovering-{os.getpid()}")
        for leftover in (target, *_side_files(target)):
            leftover.unlink(missing_ok=True)
        try:
            used = method(aside, target)
        except (RecoveryFailed, sqlite3.Error, StoreError, OSError) as exc:
            errors.append(f"{method.__name__.removeprefix('_')}: {exc}")
            target.unlink(missing_ok=True)
            continue
        if _usable(target):
            for side in _side_files(path):
                side.unlink(missing_ok=True)
            os.replace(target, path)
            for side in _side_files(target):
                side.unlink(missing_ok=True)
            return aside, path, used, _count(path, "assessments")
        errors.append(f"{used}: the result is not a usable store")
        target.unlink(missing_ok=True)
    raise RecoveryFailed("; ".join(errors) + f"; the damaged file is kept as {aside}")


def _print(message: str) -> None:
    print(message, flush=True)


def recover_command(url: str) -> int:
    path = sqlite_file(url)
    if path is None or not path.is_file():
        print(
            f"readiness: --recover needs an existing SQLite file, not {redact(url)}",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    problems = integrity_problems(path, full=True)
    if not problems:
        _print(f"ok    {path} passes PRAGMA integrity_check: nothing to recover")
        return EXIT_OK
    before = _count(path, "assessments")
    try:
        aside, target, used, count = recover(path)
    except (RecoveryFailed, OSError) as exc:
        print(f"readiness: recovery failed: {exc}", file=sys.stderr)
        return EXIT_PROBLEM
    of = f" of {before}" if before is not None else ""
    _print(f"ok    damaged file kept as {aside}")
    _print(f"ok    recovered {count}{of} assessments into {target} (from {used})")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    url = args.db or load_settings().database_url or default_database_url()
    try:
        if args.recover:
            return recover_command(url)
        checks = diagnose(url)
    except StoreError as exc:
        print(f"readiness: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for check in checks:
        _print(check.line())
    failed = [c for c in checks if c.status == FAIL]
    _print(f"{len(failed)} problem(s) to fix" if failed else "All checks passed.")
    return EXIT_PROBLEM if failed else EXIT_OK
