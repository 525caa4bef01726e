"""A throwaway PostgreSQL server for the store tests: ``initdb`` + ``pg_ctl`` in a temporary
folder, scram-sha-256 password authentication, listening on a free loopback port only, stopped
and deleted afterwards (https://www.postgresql.org/docs/current/app-initdb.html,
https://www.postgresql.org/docs/current/app-pg-ctl.html).

PostgreSQL refuses to run as root, so as root the server runs as the ``postgres`` user
(Debian's package creates it) through ``runuser``.

Where no server binaries are found the PostgreSQL tests are skipped on a developer's machine
but FAIL in CI (env ``CI`` set, as ``.ci/run`` does), so CI
cannot pass by silently skipping them; ``.ci/run`` installs the server package when missing.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "readiness_admin"
SUPERUSER_PASSWORD = "admin-Secret-1"


def required() -> bool:
    """Whether a missing server must fail the tests rather than skip them: in CI (``CI`` set;
    ``.ci/run`` sets it), never on a developer's machine without PostgreSQL (``make test``
    there skips the server tests and says why)."""
    return bool(os.environ.get("CI"))


def find_bin_dir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``: PATH first, then Debian's
    /usr/lib/postgresql/<version>/bin (newest version)."""
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent

    def version(folder: str) -> int:
        try:
            return int(Path(folder).parent.name)
        except ValueError:
            return 0

    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PostgresServer:
    bin_dir: Path
    root: Path
    port: int
    as_user: str | None  # "postgres" when we are root

    @property
    def data(self) -> Path:
        return self.root / "data"

    def _run(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
        command = list(args)
        if self.as_user:
            command = ["runuser", "-u", self.as_user, "--", *command]
        return subprocess.run(
            command, input=input, capture_output=True, text=True, check=True, timeout=120
        )

    def url(
        self,
        user: str = SUPERUSER,
        password: str | None = SUPERUSER_PASSWORD,
        database: str = "postgres",
    ) -> str:
        secret = f":{password}" if password is not None else ""
        return f"postgresql+psycopg://{user}{secret}@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        pwfile = self.root / "pwfile"
        pwfile.write_text(SUPERUSER_PASSWORD + "\n")
        if self.as_user:
            shutil.chown(self.root, self.as_user)
            shutil.chown(pwfile, self.as_user)
        self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            f"--pwfile={pwfile}",
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--no-sync",
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.root} -c fsync=off"
        )
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
            self._run(
                str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"
            )
        shutil.rmtree(self.root, ignore_errors=True)

    def execute(self, *statements: str, database: str = "postgres") -> None:
        """Run SQL as the superuser (autocommit: CREATE DATABASE cannot run in a transaction)."""
        import psycopg

        conninfo = (
            f"host=127.0.0.1 port={self.port} user={SUPERUSER} "
            f"password={SUPERUSER_PASSWORD} dbname={database}"
        )
        with psycopg.connect(conninfo, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)


def start_server() -> PostgresServer | str:
    """A running server, or the one-line reason why there is none."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        return "no PostgreSQL server binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed"
    as_user = None
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            return "running as root without runuser: PostgreSQL refuses to run as root"
        as_user = "postgres"
        try:
            import pwd

            pwd.getpwnam(as_user)
        except KeyError:
            return "running as root and there is no 'postgres' user to run the server as"
    root = Path(tempfile.mkdtemp(prefix="readiness-pg-"))
    os.chmod(root, 0o755)
    server = PostgresServer(bin_dir, root, _free_port(), as_user)
    try:
        server.start()
    except subprocess.CalledProcessError as exc:
        server.stop()
        return f"cannot start PostgreSQL: {(exc.stderr or exc.stdout or '').strip()[:300]}"
    return server
