"""Folders that refuse writes, for the fault tests: read-only (permissions for an ordinary user;
a read-only bind mount for root, whom permissions do not stop) and full (a tiny tmpfs).

Each skips the test, with the reason, where the machine does not allow it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _run(*command: str) -> bool:
    if shutil.which(command[0]) is None:
        return False
    return subprocess.run(command, capture_output=True).returncode == 0


def _unmount(folder: Path) -> None:
    """Unmount; lazily when something still holds a file there open (a test that failed)."""
    if not _run("umount", str(folder)):
        _run("umount", "-l", str(folder))


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """``folder`` (which exists) made read-only for this process while the block runs."""
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    if not _is_root():
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    # root ignores permission bits: a read-only bind mount is enforced for root too
    if not _run("mount", "--bind", str(folder), str(folder)):
        pytest.skip("running as root, where permissions are not enforced, and mount is not allowed")
    try:
        if not _run("mount", "-o", "remount,bind,ro", str(folder), str(folder)):
            pytest.skip("running as root and a read-only remount is not allowed")
        yield folder
    finally:
        _unmount(folder)


@contextlib.contextmanager
def full_filesystem(folder: Path, size_kib: int = 256) -> Iterator[Path]:
    """A tmpfs of ``size_kib`` mounted on ``folder``; filled by the caller with :func:`fill`."""
    if os.name != "posix" or not _is_root():
        pytest.skip("mounting a tmpfs needs root")
    folder.mkdir(parents=True, exist_ok=True)
    if not _run("mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(folder)):
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        yield folder
    finally:
        _unmount(folder)


def fill(folder: Path) -> Path:
    """Fill the filesystem of ``folder`` to the last byte; returns the filler file."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for chunk in (65536, 4096, 1):
            while True:
                try:
                    if os.write(fd, b"\0" * chunk) == 0:
                        break
                except OSError:
                    break
    finally:
        os.close(fd)
    return filler


def character_device(path: Path, major: int, minor: int) -> Path:
    """A stand-in device node (``/dev/null`` is 1,3; ``/dev/full`` 1,7) in a temporary folder,
    never the real ``/dev``; skips when the machine does not allow making or opening one."""
    try:
        os.mknod(path, 0o666 | 0o020000, os.makedev(major, minor))  # S_IFCHR
    except (PermissionError, AttributeError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    try:
        os.close(os.open(path, os.O_WRONLY))
    except OSError as exc:  # a filesystem mounted nodev
        pytest.skip(f"device nodes cannot be opened in {path.parent}: {exc}")
    return path
