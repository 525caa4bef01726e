"""Output files (``--json``, ``--pdf``, ``readiness report``, File › Export): nothing replaced
by surprise, nothing half-written left behind.

What the destination is decides how it is written (POSIX ``rename(2)`` for atomicity, as
``git`` writes its lock files):

- a regular file, or a path that does not exist yet: a temporary file beside it
  (``.NAME.XXXXXXXX.tmp``), then a rename, so a reader sees the old file or the whole new one;
- a symlink: followed to its target, which is replaced that way; the link stays;
- a character device or a FIFO (``/dev/null``, a named pipe), or a link to an open file
  descriptor (``/dev/stdout``, ``/dev/fd/N``): written straight into, never replaced;
- ``-`` where the caller allows it, or a path that is the file standard output writes to
  (``/dev/stdout``, the terminal): standard output, through ``sys.stdout``;
- a folder, a block device or a socket: refused with one line (:class:`OutputError`).

A temporary is registered while it exists, so that the CLI's SIGTERM/SIGINT handler
(:func:`install_signal_handlers`) removes it; one left by a killed run (``kill -9``) is removed
by the next write to the same target once it is a day old (it cannot belong to a run still
writing).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import stat
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.report import dumps

STDOUT = "-"
#: a temporary older than this beside a target is a leftover of a killed run
STALE_SECONDS = 24 * 3600
#: ``tempfile.mkstemp``'s random part: 8 characters of this alphabet
_RANDOM = "[a-z0-9_]{8}"
_FD_LINKS = ("/proc/", "/dev/fd/")

_temporaries: set[str] = set()
_owner_pid: int | None = None
_previous_handlers: dict[int, Any] = {}


class OutputError(OSError):
    """An output destination that cannot be used: ``str()`` is one line for the user naming
    the file, ``strerror`` the reason alone (an ``OSError``, so that every ``except OSError``
    around a write, as in the GUI, reports it too)."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.strerror = reason or message


def _refused(given: str, reason: str) -> OutputError:
    return OutputError(f"cannot write {given}: {reason}", reason)


class Terminated(KeyboardInterrupt):
    """The CLI received SIGTERM or SIGINT; ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@dataclass(frozen=True)
class OutputTarget:
    """Where an output goes: ``kind`` is "stdout", "file" (atomic rename onto ``path``) or
    "stream" (written straight into ``path``: device, FIFO, open descriptor)."""

    given: str
    kind: str
    path: Path | None = None

    def __str__(self) -> str:
        if self.kind == "stdout":
            return "standard output"
        return str(self.path) if self.kind == "file" else self.given


def _follow_links(given: str) -> tuple[str, bool]:
    """The path a chain of symlinks ends at, and whether it goes through an open file
    descriptor's link (``/dev/stdout`` -> ``/proc/self/fd/1``), which is not followed."""
    current = os.path.abspath(given)
    for _ in range(40):
        if current.startswith(_FD_LINKS):
            return current, True
        if not os.path.islink(current):
            return current, False
        parent = os.path.realpath(os.path.dirname(current))
        current = os.path.normpath(os.path.join(parent, os.readlink(current)))
    raise _refused(given, "too many levels of symbolic links")


def _is_standard_output(path: str) -> bool:
    """Whether ``path`` is the open file our standard output writes to."""
    try:
        return os.path.samestat(os.stat(path), os.fstat(sys.stdout.fileno()))
    except (OSError, ValueError, AttributeError):  # no real descriptor (a test's capture)
        return False


def goes_to_standard_output(destination: str | os.PathLike[str] | None) -> bool:
    """Whether ``destination`` is standard output (``-``, ``/dev/stdout``, the terminal):
    the CLI then prints its summary on stderr."""
    if not destination:
        return False
    try:
        return resolve(destination, allow_stdout=True).kind == "stdout"
    except OSError:
        return False


def resolve(destination: str | os.PathLike[str], allow_stdout: bool = False) -> OutputTarget:
    """What ``destination`` is and how it will be written; :class:`OutputError` for a folder,
    a block device, a socket, or ``-`` where standard output is not offered."""
    given = os.fspath(destination)
    if given == STDOUT:
        if not allow_stdout:
            raise OutputError("'-' (standard output) is only for --json; give a file name")
        return OutputTarget(given, "stdout")
    if not given:
        raise OutputError("an empty output file name")
    final, through_descriptor = _follow_links(given)
    try:
        mode = os.stat(final).st_mode
    except FileNotFoundError:
        if through_descriptor:
            raise _refused(given, "no such open file") from None
        return OutputTarget(given, "file", Path(final))
    except OSError as exc:
        raise _refused(given, f"{exc.strerror or exc}") from exc
    if stat.S_ISDIR(mode):
        raise _refused(given, "it is a folder; give a file name")
    if through_descriptor or stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        if _is_standard_output(final):  # /dev/stdout: through sys.stdout, or the summary
            return OutputTarget(given, "stdout")  # printed there would overwrite it
        return OutputTarget(given, "stream", Path(final))
    if stat.S_ISREG(mode):
        return OutputTarget(given, "file", Path(final))
    kind = "special file"
    if stat.S_ISBLK(mode):
        kind = "block device"
    elif stat.S_ISSOCK(mode):
        kind = "socket"
    raise _refused(given, f"it is a {kind}, not a file")


def check_writable(destination: str | os.PathLike[str], allow_stdout: bool = False) -> OutputTarget:
    """Before the long work: :class:`OutputError` (one line) when ``destination`` could not be
    written: refused by :func:`resolve`, its folder (or the first existing one above it, where
    the missing folders would be made) not writable, a device or FIFO not writable."""
    target = resolve(destination, allow_stdout)
    if target.kind == "stdout":
        return target
    assert target.path is not None
    if target.kind == "stream":
        if not os.access(target.path, os.W_OK):
            raise _refused(target.given, "permission denied")
        return target
    folder = target.path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise _refused(target.given, f"{folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        why = "read-only file system" if _read_only_mount(folder) else "permission denied"
        raise _refused(target.given, f"folder {folder}: {why}")
    return target


def _read_only_mount(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def write_output(
    data: bytes, destination: str | os.PathLike[str], allow_stdout: bool = False
) -> OutputTarget:
    """Write ``data`` to ``destination`` as the module docstring says; returns where it went.
    :class:`OutputError` when the destination is refused, ``OSError`` when writing fails (the
    target is then unchanged and no temporary is left)."""
    target = resolve(destination, allow_stdout)
    if target.kind == "stdout":
        _write_stdout(data)
    elif target.kind == "stream":
        assert target.path is not None
        _write_stream(data, target.given)
    else:
        assert target.path is not None
        remove_stale_temporaries(target.path)
        _replace_atomically(data, target.path)
    return target


def write_json_report(
    report: dict[str, Any], destination: str | os.PathLike[str], allow_stdout: bool = False
) -> OutputTarget:
    """The JSON report (:func:`analysis.report.dumps`), UTF-8, through :func:`write_output`."""
    return write_output(dumps(report).encode("utf-8"), destination, allow_stdout)


def _write_stdout(data: bytes) -> None:
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        buffer.write(data)
        buffer.flush()
    sys.stdout.flush()


def _write_stream(data: bytes, path: str) -> None:
    """Straight into a device, FIFO or open descriptor: never created, never truncated by us
    (``O_APPEND`` so that ``/dev/stdout`` redirected to a file keeps what was printed)."""
    sys.stdout.flush()  # what was printed comes first
    flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)  # a FIFO blocks here until a reader opens it, as ``cat >`` does
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _new_file_mode(target: Path) -> int:
    """The permissions a plain ``open(target, "w")`` would give: the existing file's, else
    0666 minus the umask (``mkstemp`` makes 0600 files, which others could not read)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        pass
    mask = 0o022
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    mask = int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o666 & ~mask


def _replace_atomically(data: bytes, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = _new_file_mode(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    _temporaries.add(tmp)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        _temporaries.discard(tmp)


def temporary_pattern(target: Path) -> re.Pattern[str]:
    """The exact name of this module's temporaries for ``target``: ``.NAME.XXXXXXXX.tmp``."""
    return re.compile(rf"\.{re.escape(target.name)}\.{_RANDOM}\.tmp")


def remove_stale_temporaries(target: Path, older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove the temporaries beside ``target`` older than ``older_than`` seconds (regular
    files of ours only, never a link); returns what was removed."""
    pattern, removed = temporary_pattern(target), list[Path]()
    now = time.time()
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in names:
        if not pattern.fullmatch(name):
            continue
        path = target.parent / name
        try:
            info = path.lstat()
            mine = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
            if stat.S_ISREG(info.st_mode) and mine and now - info.st_mtime > older_than:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


def remove_temporaries() -> None:
    """Remove the temporaries being written now (on a signal, before exiting)."""
    for tmp in list(_temporaries):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        _temporaries.discard(tmp)


def _on_signal(signum: int, _frame) -> None:
    if os.getpid() != _owner_pid:  # a forked child: die as the default action would
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    remove_temporaries()
    raise Terminated(signum)


def install_signal_handlers() -> None:
    """SIGTERM and SIGINT raise :class:`Terminated` in the main thread (the run unwinds: worker
    processes stopped, temporaries removed); the CLI exits 128 + the signal's number."""
    global _owner_pid
    _owner_pid = os.getpid()
    for signum in (signal.SIGTERM, signal.SIGINT):
        try:
            _previous_handlers[signum] = signal.signal(signum, _on_signal)
        except ValueError:  # not the main thread: leave signals alone
            return


def restore_signal_handlers() -> None:
    """Put back the handlers :func:`install_signal_handlers` replaced (``main()`` called from
    a test or a script)."""
    for signum, handler in list(_previous_handlers.items()):
        try:
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        except ValueError:
            return
        del _previous_handlers[signum]


def exit_status(exc: BaseException) -> tuple[int, str]:
    """The CLI's exit status and one-line message for an interruption."""
    if isinstance(exc, Terminated) and exc.signum != signal.SIGINT:
        name = signal.Signals(exc.signum).name
        return 128 + exc.signum, f"terminated ({name})"
    return 128 + signal.SIGINT, "interrupted"
