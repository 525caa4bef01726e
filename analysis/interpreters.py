"""The CPython interpreters on this machine, and the newest one (the search of tools/newest-python).

Candidates are ``python3.15`` ... ``python3.11`` and ``python3`` on PATH, then the same names
in pyenv's versions folder (``$PYENV_ROOT``, else ``~/.pyenv``), /usr/local/bin, /usr/bin and
/opt/homebrew/bin. Each is run once with a probe that prints its version; a candidate that does
not run (an inactive pyenv shim), is not CPython >= 3.11, or is a free-threaded build, is left
out. The newest wins, by (major, minor); on a tie the first found. tools/newest-python runs
this file as a script (it must then run on any Python >= 3.7, with nothing but the standard
library); the code engine uses :func:`newest` to measure files in a grammar newer than its own
(analysis.code.newer_grammar).
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

MINIMUM = (3, 11)
_VERSIONS = ("3.15", "3.14", "3.13", "3.12", "3.11")
_PROBE = (
    "import json, sys, sysconfig\n"
    "try:\n"
    "    import ensurepip, venv\n"
    "    has_venv = True\n"
    "except ImportError:\n"
    "    has_venv = False\n"
    "print(json.dumps([sys.implementation.name, list(sys.version_info[:3]),"
    " bool(sysconfig.get_config_var('Py_GIL_DISABLED')), has_venv, sys.executable]))\n"
)


@dataclass(frozen=True)
class Interpreter:
    """One CPython found: its ``sys.executable``, its version and whether it can make venvs."""

    executable: str
    version: tuple[int, int, int]
    venv: bool = True

    @property
    def grammar(self) -> tuple[int, int]:
        """(major, minor): the Python grammar its ``ast`` parses."""
        return (self.version[0], self.version[1])

    @property
    def label(self) -> str:
        return "Python " + ".".join(str(part) for part in self.version)


def candidates(environ: dict[str, str] | None = None) -> list[str]:
    """Commands to probe, in the order of tools/newest-python (PATH names first)."""
    environ = dict(os.environ) if environ is None else environ
    names = ["python" + version for version in _VERSIONS] + ["python3"]
    found: list[str] = []
    for name in names:
        for folder in environ.get("PATH", "").split(os.pathsep):
            path = os.path.join(folder, name)
            if folder and os.path.isfile(path) and os.access(path, os.X_OK):
                found.append(path)
                break  # the first on PATH, as the shell runs it
    root = environ.get("PYENV_ROOT") or os.path.join(os.path.expanduser("~"), ".pyenv")
    folders: list[str] = []
    versions = os.path.join(root, "versions")
    if os.path.isdir(versions):
        for entry in sorted(os.listdir(versions)):
            if fnmatch.fnmatchcase(entry, "3.1[1-9]*"):
                folders.append(os.path.join(versions, entry, "bin"))
    folders += ["/usr/local/bin", "/usr/bin", "/opt/homebrew/bin"]
    for folder in folders:
        for version in _VERSIONS:
            path = os.path.join(folder, "python" + version)
            if os.path.isfile(path) and os.access(path, os.X_OK):
                found.append(path)
    return found


def probe(command: str, timeout: float = 20.0) -> Interpreter | None:
    """The interpreter ``command`` runs, or None when it fails, is not CPython >= 3.11 or is a
    free-threaded build. Runs it isolated (``-I``: no PYTHONPATH, no user site-packages)."""
    try:
        done = subprocess.run(
            [command, "-I", "-c", _PROBE],
            capture_output=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        name, version, free_threaded, has_venv, executable = json.loads(done.stdout)
    except (OSError, subprocess.SubprocessError, ValueError, TypeError):
        return None
    if done.returncode != 0 or name != "cpython" or free_threaded:
        return None
    found = Interpreter(str(executable), (version[0], version[1], version[2]), bool(has_venv))
    return found if found.grammar >= MINIMUM else None


def _named_version(command: str) -> tuple[int, int] | None:
    """(3, 12) for ``.../python3.12``; None for a name without a minor version."""
    match = re.fullmatch(r"python(\d+)\.(\d+)", os.path.basename(command))
    return (int(match.group(1)), int(match.group(2))) if match else None


def newest(
    commands: list[str] | None = None,
    need_venv: bool = True,
    newer_than: tuple[int, int] | None = None,
) -> Interpreter | None:
    """The newest CPython >= 3.11 among ``commands`` (default: :func:`candidates`); with
    ``need_venv`` only one that has ``venv`` and ``ensurepip`` (as tools/newest-python asks).
    ``newer_than`` leaves out, unprobed, commands whose name says that version or an older
    one. The candidates are probed side by side (a pyenv shim takes ~0.3 s to answer)."""
    unique: list[str] = []
    seen: set[str] = set()
    for command in candidates() if commands is None else commands:
        named = _named_version(command)
        if newer_than is not None and named is not None and named <= newer_than:
            continue
        real = os.path.realpath(command)
        if real not in seen:
            seen.add(real)
            unique.append(command)
    if not unique:
        return None
    with ThreadPoolExecutor(max_workers=min(8, len(unique))) as pool:
        answers = list(pool.map(probe, unique))
    best: Interpreter | None = None
    for found in answers:  # in the candidates' order: on a tie the first found wins
        if found is None or (need_venv and not found.venv):
            continue
        if best is None or found.grammar > best.grammar:
            best = found
    return best


def main() -> int:
    """tools/newest-python: print the newest CPython's path, or say what to install."""
    found = newest()
    if found is None:
        print(
            "No CPython 3.11 or newer with venv was found. Install Python 3.13 (python.org, "
            "pyenv,\nor apt install python3.13-venv) and run this again, or set "
            "PYTHON=/path/to/python.",
            file=sys.stderr,
        )
        return 1
    print(found.executable)
    return 0


if __name__ == "__main__":
    sys.exit(main())
