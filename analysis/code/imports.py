"""The absolute imports of a module, read from its syntax tree in the worker (never executed).

Kept small on purpose: enough for the debt rule on standard-library modules removed in a
targeted Python version. ``import a.b`` records ``a.b``; ``from a import b`` records ``a`` and
``a.b`` (``b`` may be a submodule, as in ``from tkinter import tix``). Relative imports are the
project's own modules and are left out.
"""

from __future__ import annotations

import ast


def imported_names(tree: ast.AST) -> list[list[str | int]]:
    """``[dotted name, line]`` for every absolute import in the tree, in line order."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.append((node.lineno, node.module))
            found.extend(
                (node.lineno, f"{node.module}.{alias.name}")
                for alias in node.names
                if alias.name != "*"
            )
    return [[name, line] for line, name in sorted(found)]
