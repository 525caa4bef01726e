"""Module facts ride on the code engine's parse and cache; stale entries are refilled once."""

from __future__ import annotations

import json

from analysis.assessment import CODE_CACHE, Options, run
from analysis.cache import MemoryCache
from analysis.code.file_metrics import measure_source
from analysis.module_facts import FACTS_ID
from analysis.runtime_architecture import FACTS_CACHE


def test_measure_source_carries_the_facts():
    metrics = measure_source("m.py", "import os\nfrom . import sibling\n\nclass A:\n    pass\n")
    facts = metrics.facts
    assert facts["v"] == FACTS_ID
    assert [i[:4] for i in facts["imports"]] == [[0, "os", None, 1], [1, None, ["sibling"], 2]]
    assert facts["classes"] == 1
    assert metrics.to_dict(cache=True)["facts"] == facts  # cached with the metrics
    assert "facts" not in metrics.to_dict()  # not in the report


def test_facts_are_cached_with_the_metrics_and_refilled_when_stale(git_repo):
    git_repo.write("a.py", "import b\nx = f'{1=}'\n")
    git_repo.write("b.py", "import json\n")
    git_repo.commit()
    cache = MemoryCache()
    first = run(git_repo.root, cache=cache)
    stored = [json.loads(v) for (ns, _k), v in cache.entries.items() if ns == CODE_CACHE]
    assert len(stored) == 2 and all(entry["facts"]["v"] == FACTS_ID for entry in stored)
    assert first.runtime.required_minimum.version == "3.8"
    assert first.code.files[0].facts is None  # consumed by the phase, not kept in the result

    # results cached before facts existed: the phase parses those files once more, caches them
    for key, value in list(cache.entries.items()):
        if key[0] == CODE_CACHE:
            entry = json.loads(value)
            del entry["facts"]
            cache.entries[key] = json.dumps(entry).encode()
    second = run(git_repo.root, Options(reuse_unchanged=False), cache=cache)
    assert second.runtime.required_minimum.version == "3.8"
    assert len([k for k in cache.entries if k[0] == FACTS_CACHE]) == 2
    writes = cache.writes
    third = run(git_repo.root, Options(reuse_unchanged=False), cache=cache)
    assert cache.writes == writes + 1  # every file from the caches; the run kept again
    assert to_edges(third) == to_edges(first) == {("a", "b")}


def to_edges(assessment):
    """First-party module imports (a.py and b.py are single modules: no components)."""
    graph = assessment.architecture.import_graph
    return {
        (name, target)
        for name in ("a", "b")
        for target in graph.find_modules_directly_imported_by(name)
        if target in ("a", "b")
    }
