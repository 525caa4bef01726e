"""Check, before Qt is imported, that the system libraries Qt needs are present.

Without them PySide6 aborts the process with a message about the "xcb" or "offscreen" platform
plugin that names none of the missing packages. This check names them and the install command.
Run as ``python -m app.system_check``; exits 1 with the list when something is missing.
"""

from __future__ import annotations

import ctypes.util
import sys

#: (library soname stem for ctypes.util.find_library, Debian/Ubuntu package)
LINUX_LIBRARIES = (
    ("EGL", "libegl1"),
    ("GL", "libgl1"),
    ("xkbcommon", "libxkbcommon0"),
    ("fontconfig", "libfontconfig1"),
    ("dbus-1", "libdbus-1-3"),
)


#: Extra libraries Qt's X11 ("xcb") platform plugin needs to show windows on a display.
X11_LIBRARIES = (
    ("xcb-cursor", "libxcb-cursor0"),
    ("xcb-icccm", "libxcb-icccm4"),
    ("xcb-keysyms", "libxcb-keysyms1"),
    ("xcb-shape", "libxcb-shape0"),
    ("xkbcommon-x11", "libxkbcommon-x11-0"),
)


def _uses_x11() -> bool:
    import os

    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.startswith("xcb")
    return bool(os.environ.get("DISPLAY")) and not os.environ.get("WAYLAND_DISPLAY")


def missing_linux_packages(display: bool | None = None) -> list[str]:
    """Debian/Ubuntu packages whose libraries Qt needs and this machine lacks (Linux only).

    ``display``: also check what the X11 plugin needs to open windows; by default, when the
    session is X11 (``DISPLAY`` set, not offscreen or Wayland).
    """
    if not sys.platform.startswith("linux"):
        return []
    libraries = list(LINUX_LIBRARIES)
    if display if display is not None else _uses_x11():
        libraries += X11_LIBRARIES
    missing = [package for lib, package in libraries if ctypes.util.find_library(lib) is None]
    if not _has_fonts():
        missing.append("fonts-dejavu-core")
    return missing


def _has_fonts() -> bool:
    from pathlib import Path

    for folder in ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts")):
        path = Path(folder)
        if path.is_dir() and any(path.rglob("*.[ot]tf")):
            return True
    return False


def main() -> int:
    missing = missing_linux_packages()
    if missing:
        print(
            "Qt needs system libraries that are missing on this machine: "
            + ", ".join(missing)
            + "\nInstall them with:\n    sudo apt-get install -y "
            + " ".join(missing),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
