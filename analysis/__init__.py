"""Readiness Advisor's analysis engine.

Pure Python, no Qt: reads a git repository (files and git objects only, never running any of
its code) and returns plain data objects. The GUI, the CLI and the tests call the same API,
:func:`analysis.assessment.run`.
"""

from analysis.version import __version__

__all__ = ["__version__"]
