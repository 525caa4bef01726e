"""Cyclomatic complexity of code in languages other than Python (lizard), for hotspots.

Hotspots cross change frequency with complexity (CodeScene; Tornhill, "Your Code as a Crime
Scene"). Ranking Python files by cyclomatic complexity and other files by their line count
put a 40,000-line GraphQL schema dump or a translation catalogue above every module; a
hotspot map needs one measure. lizard (terryyin/lizard) computes McCabe's cyclomatic
complexity per function for JavaScript, TypeScript, Go, Java, C/C++, Rust, Ruby, PHP and
more; its per-function totals agree with radon's within about 5% on Python modules (flask
``app.py``: radon 168 over functions, lizard 170; requests ``models.py``: 204 and 196), so
the two rank on one scale. Files lizard cannot parse (HTML, style sheets, shell) are not
ranked, and the report counts them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import PurePosixPath

import lizard
from lizard_languages import get_reader_for

from analysis.cache import ResultCache, git_blob_id

CACHE = "other-language-cc"
MAX_BYTES = 2 * 1024 * 1024  # larger files are bundles or data, not hand-written code
ANALYZER = f"lizard{lizard.version}"


def lizard_parses(path: str, python: bool = False) -> bool:
    """lizard has a reader for this file's extension (never its C fallback). Python files
    have radon's figure from the code engine, unless ``python`` (a bare repository, where the
    code engine has no working tree to read)."""
    if path.endswith((".py", ".pyw")):
        return python
    return get_reader_for(path) is not None


def cyclomatic_total(path: str, text: str) -> int | None:
    """Sum of lizard's cyclomatic complexity over the file's functions; None when lizard
    cannot read the file (it raises IndexError on some bundled JavaScript, e.g. netbox's
    ``graphiql.min.js``): the file is then left unranked, never the assessment stopped."""
    try:
        info = lizard.analyze_file.analyze_source_code(PurePosixPath(path).name, text)
    except MemoryError:  # the worker's memory budget: the pool says too large
        raise
    except Exception:  # a third-party parser on untrusted input: any failure means "unread"
        return None
    return sum(function.cyclomatic_complexity for function in info.function_list)


def measure_other_languages(
    contents: Mapping[str, bytes], cache: ResultCache, python: bool = False
) -> dict[str, int]:
    """Cyclomatic totals of the files in ``contents`` that lizard parses, cached by content;
    binary and oversized files are left out."""
    texts: dict[str, tuple[str, str]] = {}
    for path, data in contents.items():
        if not lizard_parses(path, python) or len(data) > MAX_BYTES or b"\0" in data[:8000]:
            continue
        key = f"{git_blob_id(data)}:{ANALYZER}"
        texts[path] = (key, data.decode("utf-8", "replace"))
    cached = cache.get_many(CACHE, [key for key, _ in texts.values()])
    totals: dict[str, int] = {}
    fresh: dict[str, bytes] = {}
    for path, (key, text) in texts.items():
        value = cached.get(key)
        if value is None:
            total = cyclomatic_total(path, text)
            fresh[key] = json.dumps(total).encode()
        else:
            total = json.loads(value)
        if total is not None:
            totals[path] = int(total)
    cache.put_many(CACHE, fresh)
    return totals
