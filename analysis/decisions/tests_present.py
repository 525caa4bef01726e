"""Test presence: how much of the system's Python code is tests.

A file is a test by its role (analysis.roles: tests/ folders, pytest's ``test_*.py`` and
``*_test.py``, Django's ``tests.py``, ``conftest.py``, test fixtures and helpers). The share is
over production and test files only: migrations, examples, tooling and generated code are
neither. Reports made before file roles fall back to the path rule :func:`is_test_path`.
Nothing is run; a test suite that exists but never passes still counts. The figure feeds the
refactor-vs-rewrite decision (tests protect incremental change) and the code-health score.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field

TEST_FOLDERS = frozenset({"tests", "test"})


def is_test_path(path: str) -> bool:
    folder, name = posixpath.split(path)
    if not name.endswith(".py"):
        return False
    if name.startswith("test_") or name.endswith("_test.py"):
        return True
    if name in ("tests.py", "conftest.py"):
        return True
    return any(part in TEST_FOLDERS for part in folder.split("/") if part)


@dataclass
class PresenceOfTests:
    python_files: int
    test_files: int
    test_sloc: int = 0
    sloc: int = 0
    examples: list[str] = field(default_factory=list)  # a few test files, for the evidence

    @property
    def share(self) -> float | None:
        """Test files / Python files; None without Python files."""
        return round(self.test_files / self.python_files, 4) if self.python_files else None


def presence_of_tests(files: Iterable) -> PresenceOfTests:
    """From the code section's files (path, role, sloc): production and test Python files,
    measured or not."""
    result = PresenceOfTests(0, 0)
    for item in files:
        role = getattr(item, "role", "") or ("test" if is_test_path(item.path) else "production")
        if role not in ("production", "test"):
            continue
        result.python_files += 1
        sloc = item.sloc or 0
        result.sloc += sloc
        if role == "test":
            result.test_files += 1
            result.test_sloc += sloc
            if len(result.examples) < 3:
                result.examples.append(item.path)
    return result
