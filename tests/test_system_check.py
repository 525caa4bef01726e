"""Missing Qt system libraries are named with the install command, before Qt can abort."""

from __future__ import annotations

import sys

import pytest

from app import system_check


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Debian/Ubuntu packages")
def test_missing_libraries_are_named(monkeypatch, capsys):
    monkeypatch.setattr(
        system_check.ctypes.util,
        "find_library",
        lambda name: None if name in ("EGL", "xkbcommon") else f"lib{name}.so",
    )
    assert system_check.missing_linux_packages()[:2] == ["libegl1", "libxkbcommon0"]
    assert system_check.main() == 1
    err = capsys.readouterr().err
    assert "libegl1, libxkbcommon0" in err and "sudo apt-get install -y libegl1" in err


def test_this_machine_can_run_the_offscreen_tests():
    assert system_check.missing_linux_packages(display=False) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Debian/Ubuntu packages")
def test_x11_session_also_needs_the_xcb_libraries(monkeypatch):
    monkeypatch.setattr(
        system_check.ctypes.util,
        "find_library",
        lambda name: None if name.startswith("xcb-") else f"lib{name}.so",
    )
    assert system_check.missing_linux_packages(display=False) == []
    assert "libxcb-cursor0" in system_check.missing_linux_packages(display=True)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert system_check.missing_linux_packages() == []
