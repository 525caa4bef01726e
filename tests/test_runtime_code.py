"""What the code needs (vermin), removed modules and APIs, and the compatibility matrix."""

from __future__ import annotations

import ast
import glob
import sysconfig
from pathlib import Path

import pytest
import vermin
from readiness_repos import assess_in_process

from analysis.runtime import vermin_speed
from analysis.runtime.code_needs import _config
from analysis.runtime.removed import removed_apis, removed_modules

ROOT = Path(__file__).resolve().parent.parent


def _runtime(git_repo, files: dict[str, str]):
    for path, text in files.items():
        git_repo.write(path, text)
    git_repo.commit()
    runtime, _architecture, _problems = assess_in_process(git_repo)
    return runtime


def _vermin_minimum(text: str) -> str | None:
    """The reference: stock vermin's own minimum for Python 3, as ``vermin.detect`` gives it."""
    vermin_speed.uninstall()
    try:
        mins = vermin.detect(text, _config())
    finally:
        vermin_speed.install()
    py3 = mins[1]
    return f"{py3[0]}.{py3[1]}" if py3 and py3 > (3, 0) else None


SOURCES = {
    "walrus.py": "def f(x):\n    if (n := len(x)) > 2:\n        return n\n",
    "matching.py": "def f(x):\n    match x:\n        case 1:\n            return 1\n",
    "plain.py": "def f(x):\n    return x + 1\n",
    "fstrings.py": "name = 'a'\nprint(f'{name=}')\n",
    "removeprefix.py": "print('abc'.removeprefix('a'))\n",
}


def test_minimum_per_file_and_overall_equal_vermin(git_repo):
    runtime = _runtime(git_repo, SOURCES)
    minimum = runtime.required_minimum
    per_file = {f.path: f.version for f in minimum.files}
    for path, text in SOURCES.items():
        assert per_file.get(path) == _vermin_minimum(text), path
    # by hand: walrus 3.8, match 3.10, self-documenting f-string 3.8, str.removeprefix 3.9
    assert per_file == {
        "walrus.py": "3.8",
        "matching.py": "3.10",
        "fstrings.py": "3.8",
        "removeprefix.py": "3.9",
    }
    assert minimum.version == "3.10"
    assert [(r.path, r.line, r.feature) for r in minimum.reasons] == [
        ("matching.py", 2, "pattern matching")
    ]


FALSE_POSITIVES = {
    # path: (source, what stock vermin says, the ignored reason's feature, why)
    "typed.py": (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from typing import Self\n",
        "3.11",
        "'typing.Self' member",
        "TYPE_CHECKING",
    ),
    "fallback.py": (
        "try:\n    import tomllib\nexcept ImportError:\n    import tomli as tomllib\n",
        "3.11",
        "'tomllib' module",
        "fallback",
    ),
    "guarded.py": (
        "import sys\nif sys.version_info >= (3, 11):\n    import tomllib\n",
        "3.11",
        "'tomllib' module",
        "sys.version_info",
    ),
    # hypothesis: the test is part of an "and"
    "both.py": (
        "import sys\nflag = True\nif sys.version_info >= (3, 14) and flag:\n"
        "    from annotationlib import Format\n",
        "3.14",
        "'annotationlib' module",
        "3.14+",
    ),
    # pip: an early return on older versions guards the rest of the function
    "early.py": (
        "import sys\nimport types\n\n\ndef reify(value):\n    if sys.version_info < (3, 15):\n"
        "        return None\n    return type(value) is types.LazyImportType\n",
        "3.15",
        "'types.LazyImportType' member",
        "3.15+",
    ),
    # hypothesis: a member that may be missing, with an AttributeError handler
    "attribute.py": (
        "import typing\ntry:\n    GUARDS = (typing.TypeIs,)\nexcept AttributeError:\n"
        "    GUARDS = ()\n",
        "3.13",
        "'typing.TypeIs' member",
        "fallback",
    ),
    # SQLAlchemy: slice[...] in an annotation that PEP 563 never evaluates
    "annotated.py": (
        "from __future__ import annotations\nfrom typing import Any\n\n\nclass Bits:\n"
        "    def __getitem__(\n        self, key: int | slice[Any, Any, Any]\n    ) -> Bits:\n"
        "        return self\n",
        "3.15",
        "slice subscription",
        "annotation",
    ),
    "uses_own.py": ("import secrets\nimport zoneinfo\n", "3.9", "'secrets' module", "own module"),
}


def test_known_vermin_false_positives_are_set_aside(git_repo):
    files = {path: case[0] for path, case in FALSE_POSITIVES.items()}
    files["secrets.py"] = "TOKEN = 'x'\n"  # the repository's own module named like the stdlib
    files["syntax.py"] = (
        "try:\n    if (n := 1):\n        pass\nexcept Exception:\n    pass\n"  # not catchable
    )
    runtime = _runtime(git_repo, files)
    minimum = runtime.required_minimum
    ignored = {(n.path, n.feature): n.why_ignored for n in minimum.ignored}
    for path, (text, stock, feature, why) in FALSE_POSITIVES.items():
        assert _vermin_minimum(text) == stock, path
        assert why in ignored[(path, feature)], path
    # what stays above 3.7 (typing, __future__.annotations): zoneinfo (3.9, the real stdlib
    # module) and the walrus inside a try (3.8: a syntax error cannot be caught)
    kept = {f.path: f.version for f in minimum.files if f.version not in ("3.5", "3.7")}
    assert kept == {"uses_own.py": "3.9", "syntax.py": "3.8"}
    assert minimum.version == "3.9"
    assert [(r.path, r.feature) for r in minimum.reasons] == [("uses_own.py", "'zoneinfo' module")]


def _corpus() -> list[str]:
    stdlib = sorted(glob.glob(str(Path(sysconfig.get_paths()["stdlib"]) / "*.py")))[:60]
    ours = sorted(glob.glob(str(ROOT / "analysis" / "**" / "*.py"), recursive=True))
    texts = []
    for path in stdlib + ours:
        texts.append(Path(path).read_text(encoding="utf-8"))
    texts.append(
        "x = f'{a!r:>{w}}' + f'{\"q\"}'\nclass A(dict):\n    def f(self): return {**self} | {}\n"
    )
    return texts


def _reasons(visitor_class, text: str):
    tree = ast.parse(text)
    visitor = visitor_class(_config(), "f", text)
    visitor.set_no_lines(set())
    visitor.tour(tree)
    return visitor.minimum_versions(), visitor.output_text()


@pytest.mark.skipif(not vermin_speed.supported(), reason="speedups not checked for this vermin")
def test_fast_vermin_finds_exactly_what_stock_vermin_finds():
    texts = _corpus()
    vermin_speed.uninstall()
    stock = [_reasons(vermin.SourceVisitor, t) for t in texts]
    cls = vermin_speed.visitor_class()
    fast = [_reasons(cls, t) for t in texts]
    assert cls is vermin_speed.FastSourceVisitor
    assert fast == stock
    assert sum(bool(out) for _, out in stock) > 50  # the corpus has findings to compare


@pytest.mark.parametrize(
    "text",
    ["", "a", "a\n", "a\nb", "a\n\nb\n", "\n", "é\nü", "x\r\ny", "x\ry\n", "\n\n\n"],
)
def test_fast_split_lines_equals_vermin(text):
    assert vermin_speed.split_lines(text) == vermin_speed._original_split_lines(text)


@pytest.mark.parametrize("text", ["", "a", "'numbers' module", "é ünïcode ✓", "x" * 5000])
def test_fast_bounded_str_hash_equals_vermin(text):
    assert vermin_speed.bounded_str_hash(text) == vermin_speed._original_bounded_str_hash(text)


def test_every_removed_module_is_found_with_its_location(git_repo):
    files = {}
    for number, name in enumerate(sorted(removed_modules())):
        parent, _, child = name.rpartition(".")
        statement = f"from {parent} import {child}" if parent else f"import {name}"
        files[f"uses_{number:02d}.py"] = f"x = 1\n{statement}\n"
    runtime = _runtime(git_repo, files)
    found = {(r.module, r.path, r.line) for r in runtime.removed_modules}
    expected = {
        (name, f"uses_{number:02d}.py", 2) for number, name in enumerate(sorted(removed_modules()))
    }
    assert found == expected
    by_module = {r.module: r for r in runtime.removed_modules}
    assert by_module["distutils"].removed_in == "3.12"
    assert by_module["telnetlib"].removed_in == "3.13"
    assert by_module["tkinter.tix"].removed_in == "3.13"
    assert len(removed_modules()) == 26  # 5 removed in 3.12, 21 in 3.13 (PEP 594 and others)


def test_fallbacks_and_backports_are_notes_not_blockers(git_repo):
    runtime = _runtime(
        git_repo,
        {
            "a.py": "try:\n    import imp\nexcept ImportError:\n    imp = None\n",
            "b.py": "import audioop\nfrom distutils.version import LooseVersion\n",
            "requirements.txt": "audioop-lts\n",
            "own/__init__.py": "",
            "own/c.py": "from .cgi import parse\n",  # a relative import of its own module
            "own/cgi.py": "def parse(): pass\n",
        },
    )
    removed = {r.module: r for r in runtime.removed_modules}
    assert removed["imp"].guarded and removed["audioop"].provided_by == "audioop-lts"
    assert "cgi" not in removed
    matrix = runtime.matrix
    kinds = [(b.kind, b.message.split(" (")[0]) for b in matrix["3.13"].blockers]
    assert kinds == [("removed_module", "uses distutils")]
    assert any(
        "imp (removed in 3.12) is imported with an ImportError fallback" in n
        for n in matrix["3.12"].notes
    )
    assert any("audioop-lts provides it" in n for n in matrix["3.13"].notes)
    assert matrix["3.11"].status == "ready"


def test_removed_apis(git_repo):
    runtime = _runtime(
        git_repo,
        {
            "a.py": "import ast\nfrom ast import Str\nnode = ast.Num(1)\n",
            "tests/test_x.py": "import unittest\nclass T(unittest.TestCase):\n"
            "    def test(self):\n        self.assertEquals(1, 1)\n",
        },
    )
    found = {(a.api, a.removed_in, a.path, a.line) for a in runtime.removed_apis}
    assert found == {
        ("ast.Str", "3.14", "a.py", 2),
        ("ast.Num", "3.14", "a.py", 3),
        ("unittest.TestCase.assertEquals", "3.12", "tests/test_x.py", 4),
    }
    assert runtime.matrix["3.13"].status == "blocked"  # the 3.12 alias removal
    assert len(removed_apis()) > 20


def test_matrix_by_hand(git_repo):
    runtime = _runtime(
        git_repo,
        {
            "app.py": "import distutils.util\n\ndef f(x):\n    match x:\n        case _:\n"
            "            return x\n",
            "pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.10,<3.14"\n',
            "requirements.txt": "psycopg2-binary==2.9.9\nnumpy\n",
            "ext/fast.c": "#include <Python.h>\nPyMODINIT_FUNC PyInit_fast(void) { return 0; }\n",
        },
    )
    status = {v: e.status for v, e in runtime.matrix.items()}
    # by hand: match needs 3.10; distutils is gone from 3.12; the range excludes 3.14;
    # psycopg2-binary ships no free-threaded wheel (snapshot); ext/fast.c does not declare
    # Py_MOD_GIL_NOT_USED
    assert status == {
        "3.10": "ready",
        "3.11": "ready",
        "3.12": "blocked",
        "3.13": "blocked",
        "3.14": "blocked",
        "3.13t": "blocked",
        "3.14t": "blocked",
    }
    kinds = {v: sorted({b.kind for b in e.blockers}) for v, e in runtime.matrix.items()}
    assert kinds["3.12"] == ["removed_module"]
    assert kinds["3.14"] == ["declared", "removed_module"]
    assert kinds["3.13t"] == ["extension", "gil", "removed_module"]
    assert [d.name for d in runtime.free_threading_blockers] == ["psycopg2-binary"]
    numpy = next(d for d in runtime.dependencies if d.name == "numpy")
    assert numpy.free_threading == "free_threaded_wheel"
    assert "2026-06-14" in numpy.evidence


def test_python2_file_blocks_every_version(git_repo):
    runtime = _runtime(git_repo, {"old.py": "x = 1\nprint 'hello'\n"})
    assert [(n.path, n.line) for n in runtime.required_minimum.python2] == [("old.py", 2)]
    assert all(e.status == "blocked" for e in runtime.matrix.values())
    assert all(b.kind == "python2" for e in runtime.matrix.values() for b in e.blockers)
