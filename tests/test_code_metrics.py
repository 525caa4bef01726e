"""Per-file metrics equal radon's own functions and CLI; a hand-derived case pins the meaning.

radon's figures depend on the interpreter's tokenizer (f-strings, from 3.12); the product follows
radon on Python 3.11 everywhere, so the reference here is radon with 3.11's tokenizer
(``radon311.radon_as_on_311``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from radon.complexity import cc_visit
from radon.metrics import mi_visit
from radon.raw import analyze
from radon311 import radon_as_on_311

from analysis.assessment import run
from analysis.code.file_metrics import measure_source
from analysis.code.results import RAW_FIELDS
from analysis.code.source import decode_source

HAND = """import os

def f(x):
    # explain
    if x:
        return 1
    return 2  # two
"""


def test_hand_derived_figures():
    m = measure_source("hand.py", HAND)
    # 7 lines: 5 with code, 1 blank, 1 comment-only; comments on lines 4 and 7;
    # statements: import, def, if, return, return.
    assert (m.loc, m.sloc, m.blank, m.single_comments, m.comments, m.multi, m.lloc) == (
        7,
        5,
        1,
        1,
        2,
        0,
        5,
    )
    assert m.sloc + m.multi + m.single_comments + m.blank == m.loc
    (f,) = m.functions
    assert (f.name, f.lineno, f.kind, f.complexity) == ("f", 3, "function", 2)  # 1 + one `if`
    assert m.cc_total == 2
    assert m.status == "ok"


CORPUS = {
    "empty": "",
    "docstrings": '"""Module.\n\nLonger text.\n"""\n\n\ndef f():\n    """One line."""\n'
    '    return 1\n\n\nclass C:\n    """Class\n    doc."""\n\n    x = 1\n',
    "multiline_call": "result = call(\n    a,\n    b,  # note\n    c=[1,\n       2],\n)\n",
    "semicolons": "a = 1; b = 2; c = 3\nif a: b = 4\n",
    "continuation": "x = 1 + \\\n    2 + \\\n    3\n",
    "decorators": "import functools\n\n@functools.lru_cache(\n    maxsize=None)\n"
    "@staticmethod\ndef g(a, b):\n    return a and b or not a\n",
    "comprehensions": "def h(xs):\n    return [x for x in xs if x if x > 2] + "
    "[y async for y in xs] if xs else None\n",
    "nested": "class A:\n    class B:\n        def m(self):\n            def inner():\n"
    "                while True:\n                    break\n            return inner\n"
    "    def n(self, x):\n        try:\n            pass\n        except (A, B):\n"
    "            pass\n        except Exception:\n            pass\n        else:\n"
    "            pass\n        finally:\n            pass\n",
    "match": "def route(cmd):\n    match cmd:\n        case ['go', d] if d:\n            return d\n"
    "        case {'x': x}:\n            return x\n        case _:\n            return None\n",
    "strings": "s = '''a\nb'''  # trailing\nt = f\"{s!r:>10}\"\nu = b'x' rb'\\d'\n"
    "v = (\n    'implicit'\n    'concat'\n)\n",
    "lambda_with": "import contextlib\nwith contextlib.suppress(Exception) as c, open('f') as g:\n"
    "    k = lambda a, *b, **c: (a, b, c)\nassert k, 'msg'\n",
    "comment_only": "# one\n# two\n\n# three\n",
    "async": "async def fetch(s):\n    async with s as c:\n        async for r in c:\n"
    "            await r\n    return [i async for i in s]\n",
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_equal_to_radon_functions(name):
    code = CORPUS[name]
    ours = measure_source(f"{name}.py", code)
    with radon_as_on_311():
        raw = analyze(code)
        mi = mi_visit(code, True)
    for field in RAW_FIELDS:
        assert getattr(ours, field) == getattr(raw, field), field
    assert ours.mi == pytest.approx(mi, abs=1e-9)
    theirs = {}
    for block in cc_visit(code):
        theirs[(block.lineno, block.name)] = block.complexity
        for closure in getattr(block, "closures", []):
            theirs[(closure.lineno, closure.name)] = closure.complexity
    ours_blocks = {(b.lineno, b.name.rsplit(".", 1)[-1]): b.complexity for b in ours.functions}
    for key, value in theirs.items():
        assert ours_blocks[key] == value, key


def test_python2_file_keeps_raw_metrics_and_reports_line():
    m = measure_source("old.py", "import os\n\nprint 'hello'\n")
    assert m.status == "syntax_error"
    assert "line 3" in m.reason
    assert m.loc == 3 and m.mi is None and m.cc_total is None


def test_untokenizable_text_is_a_syntax_error_not_a_crash():
    m = measure_source("broken.py", 's = """never closed\n')
    assert m.status == "syntax_error" and m.loc is None


def test_decoding_follows_pep_263_and_reports_failures():
    latin = "# -*- coding: latin-1 -*-\nname = 'café'\n".encode("latin-1")
    assert decode_source(latin).text == "# -*- coding: latin-1 -*-\nname = 'café'\n"
    bad = decode_source(b"name = '\xff\xfe'\n")
    assert bad.text is None and bad.code == "undecodable" and "line 1" in bad.reason
    assert decode_source(b"\x00\x01binary").code == "binary"
    assert decode_source(b"\xef\xbb\xbfx = 1\r\ny = 2\r\n").text == "x = 1\ny = 2\n"


_CLI_AS_ON_311 = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); from radon311 import radon_as_on_311; "
    "from radon.cli import program\nwith radon_as_on_311(): program()"
)


def _radon_cli(command: str, folder) -> dict:
    """``radon raw|mi -j folder`` in a fresh interpreter, tokenizing as on Python 3.11."""
    tests = str(Path(__file__).parent)
    done = subprocess.run(
        [sys.executable, "-c", _CLI_AS_ON_311, tests, command, "-j", str(folder)],
        capture_output=True,
        check=True,
        text=True,
    )
    return json.loads(done.stdout)


def test_assessment_equals_radon_cli_on_a_repository(git_repo):
    for name, code in CORPUS.items():
        git_repo.write(f"pkg/{name}.py", code)
    git_repo.write("pkg/legacy.py", "print 'py2'\n")
    git_repo.commit()
    result = run(git_repo.root)
    raw_cli = _radon_cli("raw", git_repo.root / "pkg")
    mi_cli = _radon_cli("mi", git_repo.root / "pkg")
    compared = 0
    for item in result.code.files:
        key = str(git_repo.root / item.path)
        if "error" in mi_cli[key]:
            assert item.status == "syntax_error"
            continue
        for field in RAW_FIELDS:
            assert getattr(item, field) == raw_cli[key][field], (item.path, field)
        assert item.mi == pytest.approx(mi_cli[key]["mi"], abs=1e-9), item.path
        compared += 1
    assert compared == len(CORPUS)
