"""Per-module facts for the runtime and architecture phases, taken from the code engine's tree.

The code engine parses every file once in a worker process (``measure_source``); this function
runs there on the same tree, so imports and vermin's version needs cost no second parse. The
result is plain JSON data, cached with the file's other metrics by content.
"""

from __future__ import annotations

import ast
import warnings

import vermin
from vermin.constants import VERSION as VERMIN_VERSION

from analysis.architecture.module_walk import walk_module
from analysis.code.source import read_source
from analysis.code.syntax_version import newer_syntax, newer_syntax_needs
from analysis.runtime.code_needs import code_needs

#: Bump FACTS_REVISION when what is collected changes; vermin's version changes its findings.
FACTS_REVISION = 4  # 4: grammar needs, hasattr guards
FACTS_ID = f"{FACTS_REVISION}-vermin{VERMIN_VERSION}"


def module_facts(tree: ast.Module, text: str) -> dict:
    """Imports, classes, Django declarations, stack strings and vermin's reasons of one module."""
    try:
        walk = walk_module(tree, text)
    except RecursionError:
        return {"v": FACTS_ID, "error": "nested too deeply to walk"}
    facts = {
        "v": FACTS_ID,
        "imports": walk.imports,
        "classes": walk.classes,
        "abstract": walk.abstract_classes,
    }
    for key, value in (
        ("app_configs", walk.app_configs),
        ("installed_apps", walk.installed_apps),
        ("strings", walk.strings),
        ("attributes", walk.attributes),
    ):
        if value:
            facts[key] = value
    try:
        facts.update(code_needs(tree, text, walk))
    except RecursionError:
        facts["needs_error"] = "nested too deeply for vermin"
    except Exception as exc:  # a vermin defect on odd input must not cost the file's metrics
        facts["needs_error"] = f"vermin failed: {type(exc).__name__}: {exc}"
    return facts


def syntax_facts(text: str, line: int = 0) -> dict:
    """For a file the parser rejects: Python 2 code, or syntax vermin knows to need a newer
    version (vermin's parser recognises ``print x`` and, on older hosts, PEP 695 ``type``)."""
    config = vermin.Config()
    node, mins, _novermin, _message = vermin.Parser(text).detect(config)
    if node is None and mins and mins[0] == (2, 0) and mins[1] is None:
        return {"python2": True, "line": line, "message": "print statement"}
    if node is None and mins and mins[1] and mins[1] > (3, 0):
        version = f"{mins[1][0]}.{mins[1][1]}"
        return {"version": version, "line": line, "message": f"syntax that needs {version}"}
    return {}


def newer_grammar_facts(text: str, version: str, line: int = 0) -> dict:
    """For a file valid only for a grammar newer than the host's (``version``, e.g. "3.14"):
    each construct that needs a newer grammar, with its line (libcst)."""
    needs = newer_syntax_needs(text) or [(line, version, f"syntax that needs {version}")]
    top = max(needs, key=lambda r: tuple(int(p) for p in r[1].split(".")))
    reasons = [list(need) for need in needs]
    return {"version": top[1], "line": top[0], "message": top[2], "reasons": reasons}


def facts_for_file(task) -> dict | None:
    """Worker function: facts of one file the code engine's results did not carry (a cached
    result from before this analyzer existed, or a file the parser rejected)."""
    source = read_source(task.absolute, task.max_bytes)
    if source.text is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(source.text)
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None) or 0
        newer = newer_syntax(source.text, error=str(getattr(exc, "msg", "")))
        if newer is not None:
            return {"v": FACTS_ID, "syntax": newer_grammar_facts(source.text, newer, line)}
        return {"v": FACTS_ID, "syntax": syntax_facts(source.text, line)}
    except RecursionError:
        return {"v": FACTS_ID, "error": "nested too deeply for the parser"}
    return module_facts(tree, source.text)
