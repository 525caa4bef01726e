"""Run by a pool worker on another interpreter (tests/test_newer_grammar.py): measure a file the
way the worker does, then list the modules it loaded from outside its own standard library."""

from __future__ import annotations

import sys
import sysconfig


def measure_and_list_modules(path: str) -> dict:
    from analysis.code.file_metrics import measure_path

    metrics = measure_path(path)
    stdlib = {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib")}
    outside = []
    for name, module in list(sys.modules.items()):
        location = getattr(module, "__file__", None)
        if location and not any(location.startswith(folder) for folder in stdlib):
            outside.append((name, location))
    return {"status": metrics.status, "version": list(sys.version_info[:2]), "outside": outside}
