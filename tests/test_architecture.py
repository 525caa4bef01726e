"""Import graph, components and Martin's metrics, cycles and breakers, Django apps."""

from __future__ import annotations

import ast

import grimp
from readiness_repos import assess_in_process

from analysis.architecture.assess import import_graph, resolve_all
from analysis.architecture.module_walk import CONDITIONAL, GUARDED, LAZY, TYPE_CHECKING
from analysis.architecture.modules import build_index
from analysis.module_facts import module_facts


def _index(sources: dict[str, str]):
    return build_index(
        [(path, module_facts(ast.parse(text), text), 0) for path, text in sources.items()]
    )


RELATIVE = {
    "pkg/__init__.py": "from . import a\nfrom .sub import b\n",
    "pkg/a.py": "from .sub.b import thing\nfrom ..other import x\n",
    "pkg/sub/__init__.py": "",
    "pkg/sub/b.py": "from .. import a\nfrom ..a import name\nfrom . import c\n",
    "pkg/sub/c.py": "import pkg.a\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
    "    from pkg.sub import b\ntry:\n    import ujson as json\nexcept ImportError:\n"
    "    import json\n\n\ndef f():\n    from pkg import a\n",
    "src/lib/__init__.py": "",
    "src/lib/core.py": "from lib import util\nfrom .util import helper\n",
    "src/lib/util.py": "def helper(): pass\n",
    "scripts/run.py": "import helper\nfrom . import nothing\n",
    "scripts/helper.py": "",
    "other.py": "x = 1\n",
}


def test_imports_are_resolved_and_marked():
    index = _index(RELATIVE)
    names = {m.path: m.name for m in index.by_path.values()}
    assert names["src/lib/core.py"] == "lib.core"  # src layout: src/ is an import root
    assert names["scripts/run.py"] == "scripts.run"
    resolved, unresolved = resolve_all(index)
    edges = {(r.importer, r.imported, r.line, r.flags) for r in resolved if r.imported}
    assert edges == {
        ("pkg", "pkg.a", 1, 0),
        ("pkg", "pkg.sub.b", 2, 0),
        ("pkg.a", "pkg.sub.b", 1, 0),
        ("pkg.sub.b", "pkg.a", 1, 0),  # from .. import a
        ("pkg.sub.b", "pkg.a", 2, 0),  # from ..a import name
        ("pkg.sub.b", "pkg.sub.c", 3, 0),
        ("pkg.sub.c", "pkg.a", 1, 0),
        ("pkg.sub.c", "pkg.sub.b", 4, CONDITIONAL | TYPE_CHECKING),
        ("pkg.sub.c", "pkg.a", 12, LAZY),  # from pkg import a: the submodule
        ("lib.core", "lib.util", 1, 0),
        ("lib.core", "lib.util", 2, 0),
        ("scripts.run", "scripts.helper", 1, 0),  # a script importing the module beside it
    }
    external = {(r.importer, r.external, r.flags) for r in resolved if r.external}
    assert ("pkg.sub.c", "ujson", CONDITIONAL | GUARDED) in external
    assert ("pkg.sub.c", "json", CONDITIONAL) in external
    # beyond the top-level package (pkg/a.py: from ..other) and from a script (from . import)
    assert unresolved == 2


def test_graph_is_a_grimp_import_graph_built_by_hand():
    index = _index(RELATIVE)
    resolved, _ = resolve_all(index)
    graph = import_graph(index, resolved)
    assert isinstance(graph, grimp.ImportGraph)
    assert "pkg.sub.c" in graph.modules and "ujson" in graph.modules
    assert graph.is_module_squashed("ujson")  # external packages, as include_external_packages
    details = graph.get_import_details(importer="pkg.sub.b", imported="pkg.a")
    assert sorted(d["line_number"] for d in details) == [1, 2]
    assert graph.find_shortest_chain(importer="pkg.a", imported="pkg.sub.c") == (
        "pkg.a",
        "pkg.sub.b",
        "pkg.sub.c",
    )


def _architecture(git_repo, files):
    for path, text in files.items():
        git_repo.write(path, text)
    git_repo.commit()
    _runtime, architecture, _problems = assess_in_process(git_repo)
    return architecture


def test_component_metrics_by_hand(git_repo):
    architecture = _architecture(
        git_repo,
        {
            "core/__init__.py": "",
            "core/base.py": "import abc\n\nclass Repo(abc.ABC):\n    @abc.abstractmethod\n"
            "    def get(self): ...\n\nclass Impl(Repo):\n    def get(self):\n        return 1\n",
            "api/__init__.py": "",
            "api/views.py": "from core.base import Impl\n",
            "api/urls.py": "from api import views\nimport core\n",
            "worker/__init__.py": "",
            "worker/jobs.py": "from core import base\nfrom api import views\n",
        },
    )
    got = {
        c.name: (c.modules, c.ca, c.ce, c.instability, c.abstractness, c.distance)
        for c in architecture.components
    }
    # core: imported by api.views, api.urls, worker.jobs (Ca 3), imports nothing (Ce 0): I 0;
    #   2 classes, 1 abstract: A 0.5; D = |0.5 + 0 - 1| = 0.5
    # api: imported by worker.jobs (Ca 1); api.views and api.urls import core (Ce 2): I 2/3;
    #   no classes: A 0; D = |0 + 2/3 - 1| = 1/3
    # worker: Ca 0, Ce 1 (worker.jobs): I 1, A 0, D 0
    assert got == {
        "core": (2, 3, 0, 0.0, 0.5, 0.5),
        "api": (3, 1, 2, 0.6667, 0.0, 0.3333),
        "worker": (2, 0, 1, 1.0, 0.0, 0.0),
    }
    m = architecture.modularity
    # module pairs: views->base, urls->views, urls->core, jobs->base, jobs->views; 4 cross
    assert (m.internal_imports, m.cross_component_imports, m.cross_component_share) == (5, 4, 0.8)
    assert architecture.cycles == [] and m.components_in_cycles == 0


def test_three_component_cycle_with_its_breaker(git_repo):
    architecture = _architecture(
        git_repo,
        {
            "a/__init__.py": "",
            "a/x.py": "from b.y import f\n\ndef k(): pass\n",  # a -> b: one import
            "b/__init__.py": "",
            "b/y.py": "from c.z import g\nfrom c.w import h\n\ndef f(): pass\n",  # b -> c: three
            "b/y2.py": "from c.z import g\n",
            "c/__init__.py": "",
            "c/z.py": "from a.x import k\n\ndef g(): pass\n",  # c -> a: two
            "c/w.py": "from a.x import k\n\ndef h(): pass\n",
            "d/__init__.py": "",
            "d/tool.py": "from a.x import k\n",  # outside the cycle
        },
    )
    (cycle,) = architecture.cycles
    assert cycle.components == ["a", "b", "c"] and cycle.size == 3
    assert cycle.example == ["a", "b", "c", "a"]
    assert cycle.imports == 1 + 3 + 2
    # the cheapest cut is the single import a.x -> b.y
    assert [(b.importer, b.imported, b.locations) for b in architecture.cycle_breakers] == [
        ("a.x", "b.y", ["a/x.py:1"])
    ]
    m = architecture.modularity
    assert (m.components_in_cycles, m.largest_cycle) == (3, 3)
    assert {c.name for c in architecture.components if c.in_cycle} == {"a", "b", "c"}


def test_django_project_with_two_apps(git_repo):
    architecture = _architecture(
        git_repo,
        {
            "manage.py": "import os\n",
            "mysite/__init__.py": "",
            "mysite/settings.py": "BASE_APPS = ['django.contrib.admin', 'rest_framework']\n"
            "LOCAL_APPS = ['polls.apps.PollsConfig', 'apps.blog']\n"
            "INSTALLED_APPS = BASE_APPS + LOCAL_APPS\n",
            "polls/__init__.py": "",
            "polls/apps.py": "from django.apps import AppConfig\n\n\n"
            "class PollsConfig(AppConfig):\n"
            "    name = 'polls'\n",
            "polls/models.py": "from django.db import models\n\n\nclass Question(models.Model):\n"
            "    class Meta:\n        abstract = True\n",
            "apps/__init__.py": "",
            "apps/common.py": "X = 1\n",
            "apps/blog/__init__.py": "",
            "apps/blog/models.py": "from polls.models import Question\nfrom apps.common import X\n",
        },
    )
    kinds = {c.name: (c.kind, c.modules, c.role) for c in architecture.components}
    # apps holds the app apps.blog: the root package; mysite holds the settings: the project
    assert kinds == {
        "polls": ("django_app", 3, "domain"),
        "apps.blog": ("django_app", 2, "domain"),
        "apps": ("package", 2, "root"),
        "mysite": ("package", 2, "project"),
    }
    # manage.py is a single module, never a component
    assert [(n.name, n.reason) for n in architecture.not_components] == [
        ("manage", "a single module, not a package")
    ]
    polls = next(c for c in architecture.components if c.name == "polls")
    assert (polls.classes, polls.abstract_classes, polls.ca) == (2, 1, 1)
    drf = next(s for s in architecture.stack if s.name == "Django REST framework")
    assert [(e.kind, e.location) for e in drf.evidence] == [("settings", "mysite/settings.py:3")]
