"""FileMetrics.to_dict: the same dict as ``dataclasses.asdict`` gave, built without it.

Reference: the form before the speed-up, ``asdict(metrics)`` with the functions replaced by
``asdict`` of each and the cache-only fields dropped for the report; compared as JSON text
(same keys in the same order, same values) over measured standard-library modules.
"""

from __future__ import annotations

import json
import sysconfig
from collections import namedtuple
from dataclasses import asdict
from pathlib import Path

import pytest

from analysis.code.file_metrics import measure_source
from analysis.code.results import CACHE_ONLY_FIELDS, FileMetrics, plain


def _reference(metrics: FileMetrics, cache: bool) -> dict:
    data = asdict(metrics)
    data["functions"] = [asdict(f) for f in metrics.functions]
    if not cache:
        for name in CACHE_ONLY_FIELDS:
            del data[name]
    return data


def _measured() -> list[FileMetrics]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(stdlib.glob("*.py"))[::12]
    found = [measure_source(p.name, p.read_text("utf-8", "replace"), 0) for p in files]
    found.append(measure_source("bad.py", "def f(:\n    pass\n", 0))  # syntax error
    found.append(FileMetrics(path="skipped.bin", status="skipped", reason="binary"))
    return found


@pytest.mark.parametrize("cache", [False, True])
def test_to_dict_is_what_asdict_gave(cache):
    files = _measured()
    assert sum(len(m.functions) for m in files) > 200
    assert any(m.facts and m.facts.get("imports") for m in files)
    assert any(m.halstead is not None for m in files)
    for metrics in files:
        expected = json.dumps(_reference(metrics, cache))
        assert json.dumps(metrics.to_dict(cache=cache)) == expected
        again = FileMetrics.from_dict(json.loads(expected))
        assert json.dumps(again.to_dict(cache=cache)) == json.dumps(_reference(again, cache))


def test_to_dict_copies_what_it_is_given():
    metrics = _measured()[0]
    data = metrics.to_dict(cache=True)
    data["facts"]["imports"].append("changed")
    data["functions"][0]["name"] = "changed"
    assert "changed" not in metrics.facts["imports"]
    assert metrics.functions[0].name != "changed"


def test_plain_follows_asdict_for_other_values():
    Pair = namedtuple("Pair", "a b")

    class Tagged(list):
        pass

    for value in ({"k": (1, [2, {"x": None}])}, Pair(1, [2]), Tagged([1, [2]]), {1.5, 2}):
        holder = FileMetrics(path="x", facts=value)  # type: ignore[arg-type]
        assert plain(value) == asdict(holder)["facts"]
        assert type(plain(value)) is type(asdict(holder)["facts"])
