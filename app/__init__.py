"""Readiness Advisor application: main window, CLI, persistence, settings, background tasks."""

from analysis.version import __version__

__all__ = ["__version__"]
