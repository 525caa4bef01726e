"""Bad input is a warning in the report, never a crash; newer syntax is not an error."""

from __future__ import annotations

import json
import os
import sys

import jsonschema
import pytest

from analysis.assessment import Options, run
from analysis.code.file_metrics import measure_source
from analysis.code.newer_grammar import find_newer_python
from analysis.code.raw_metrics import analyze, analyze_any
from analysis.code.syntax_version import newer_syntax
from analysis.report import to_report
from resources import resource_path

HOST = sys.version_info[:2]
PEP_758 = "try:\n    pass\nexcept ValueError, TypeError:\n    pass\n"  # 3.14
PEP_695 = "type Pair[T] = tuple[T, T]\n\n\ndef first[T](p: Pair[T]) -> T:\n    return p[0]\n"
PEP_701 = 'name = f"{user["name"]!r}"\n'  # same quotes inside: 3.12


def test_required_grammar_of_each_newer_construct():
    assert newer_syntax(PEP_758, host=(3, 13)) == "3.14"
    assert newer_syntax('t = t"{x}"\n', host=(3, 13)) == "3.14"  # PEP 750 template string
    assert newer_syntax("type X[T=int] = list[T]\n", host=(3, 12)) == "3.13"  # PEP 696
    assert newer_syntax(PEP_695, host=(3, 11)) == "3.12"
    assert newer_syntax(PEP_701, host=(3, 11)) == "3.12"
    assert newer_syntax('s = f"{\n  x\n}"\n', host=(3, 11)) == "3.12"  # multi-line field
    # valid for the host already, or not valid Python at all: no newer grammar to ask for
    assert newer_syntax(PEP_695, host=(3, 12)) is None
    assert newer_syntax("print 'python 2'\n", host=(3, 11)) is None
    assert newer_syntax("def f(:\n", host=(3, 11)) is None
    # Python 2's `except IOError, e:` parses as a 3.14 tuple; a lower-case name says Python 2
    assert newer_syntax("try:\n    pass\nexcept IOError, e:\n    pass\n", host=(3, 13)) is None


@pytest.mark.skipif(HOST >= (3, 14), reason="the host parses PEP 758 itself")
def test_newer_syntax_file_keeps_raw_metrics_and_says_which_python():
    m = measure_source("app.py", PEP_758)
    assert m.status == "newer_syntax" and m.requires_syntax == "3.14"
    assert m.reason.startswith("needs Python >= 3.14 syntax")
    # raw counts as radon counts them: 4 lines of code; try, pass, except, pass
    assert (m.loc, m.sloc, m.lloc) == (4, 4, 4)
    assert m.mi is None and m.functions == [] and m.halstead is None


@pytest.mark.skipif(HOST < (3, 12), reason="needs a host that parses PEP 695")
def test_syntax_the_host_parses_gets_full_metrics():
    m = measure_source("generic.py", PEP_695)
    assert m.status == "ok" and m.requires_syntax is None and m.mi is not None
    assert [f.name for f in m.functions] == ["first"]


def test_python_2_and_broken_files_are_syntax_errors_with_a_line():
    m = measure_source("old.py", "import os\n\nprint 'hello'\n")
    assert m.status == "syntax_error" and "line 3" in m.reason and m.loc == 3
    m = measure_source("open.py", 'x = 1\ns = """never closed\n')
    assert m.status == "syntax_error" and "line 2" in m.reason and m.loc is None


def test_nesting_beyond_the_parser_is_a_syntax_error_not_a_crash():
    m = measure_source("deep.py", "x = " + "1+" * 200_000 + "1\n")
    assert m.status == "syntax_error" and "nested too deeply" in m.reason
    assert m.loc == 1  # raw counts survive
    # libcst is not asked about nesting the host refused (5,000 levels overflow its stack)
    m = measure_source("parens.py", "x = " + "(" * 5000 + ")" * 5000 + "\n")
    assert m.status == "syntax_error" and "nested parentheses" in m.reason


@pytest.mark.skipif(not hasattr(__import__("tokenize"), "FSTRING_START"), reason="3.12+")
def test_fstring_only_a_newer_tokenizer_reads_is_still_one_string():
    # radon's 3.11 rules cannot tokenize a replacement field spanning lines (PEP 701); the
    # f-string is read as one string token over its 4 lines: 4 lines of code, 1 blank line
    # inside it, 2 logical lines (the two assignments)
    source = 'v = f"{\n    x\n\n}"\nw = 1\n'
    with pytest.raises(SyntaxError):
        analyze(source)
    counts = analyze_any(source)
    assert (counts.loc, counts.sloc, counts.blank, counts.lloc) == (5, 4, 1, 2)
    assert measure_source("f.py", source).status == "ok"


@pytest.fixture(scope="module")
def schema():
    return json.loads(resource_path("report.schema.json").read_text(encoding="utf-8"))


def test_every_kind_of_bad_input_is_a_warning_in_the_report(git_repo, schema):
    git_repo.write("pkg/__init__.py", "")
    git_repo.write("pkg/blank.py", "\n\n")
    git_repo.write("pkg/good.py", "def f(a, b):\n    return a or b\n")
    git_repo.write("pkg/latin.py", "# -*- coding: latin-1 -*-\nname = 'café'\n".encode("latin-1"))
    git_repo.write("pkg/undecodable.py", b"ok = 1\nname = '\xff\xfe'\n")
    git_repo.write("pkg/cookie.py", b"# coding: klingon\nx = 1\n")
    git_repo.write("pkg/py2.py", "print 'hello'\n")
    git_repo.write("pkg/newer.py", PEP_758)
    git_repo.write("pkg/binary.py", b"\x00\x01\x02")
    git_repo.write("pkg/huge.py", "x = 1\n" * 3000)
    git_repo.write("pkg/gone.py", "y = 1\n")
    os.symlink("good.py", git_repo.root / "pkg" / "link.py")
    git_repo.commit()
    (git_repo.root / "pkg" / "gone.py").unlink()
    result = run(git_repo.root, Options(max_file_bytes=10_000))
    files = {f.path.removeprefix("pkg/"): f for f in result.code.files}
    codes = {w.path.removeprefix("pkg/"): w.code for w in result.repository.warnings if w.path}
    # empty files are normal Python (measured, 0 lines of code): no warning
    expected = {
        "undecodable.py": "skipped",
        "cookie.py": "skipped",
        "py2.py": "syntax_error",
        "binary.py": "skipped",
        "huge.py": "skipped",
        "gone.py": "skipped",
        "link.py": "skipped",
    }
    # a newer Python on the machine measures newer.py (analysis.code.newer_grammar): no warning
    newer = find_newer_python()
    measured_newer = HOST >= (3, 14) or (newer is not None and newer.accepts("3.14"))
    if not measured_newer:
        expected["newer.py"] = "newer_syntax"
    elif HOST < (3, 14):
        expected["newer.py"] = "newer_grammar"
    assert codes == expected
    assert files["latin.py"].status == "ok" and files["latin.py"].loc == 2  # cookie honoured
    assert "line 2" in files["undecodable.py"].reason
    assert "encoding" in files["cookie.py"].reason
    assert files["__init__.py"].loc == 0 and files["blank.py"].loc == 2  # counted, not skipped
    assert files["__init__.py"].mi == 100.0
    assert result.repository.partial is True
    # production files that could not be measured leave the code-health figures partial
    assert result.repository.partial_figures == ["code health"]
    assert all(
        w.partial for w in result.repository.warnings if w.path and w.code != "newer_grammar"
    )
    report = to_report(result)
    jsonschema.validate(report, schema)
    totals = result.code.totals
    assert totals.syntax_error_files == 1
    assert totals.newer_syntax_files == (0 if measured_newer else 1)
    # ratios take only fully measured files: the MI average is good.py's and latin.py's
    # weighted by SLOC (the empty files weigh 0 SLOC); raw counts add every file that has them:
    # __init__ 0 + blank 2 + good 2 + latin 2 + py2 1 + newer 4
    good, latin = files["good.py"], files["latin.py"]
    weighted = (good.mi * good.sloc + latin.mi * latin.sloc) / (good.sloc + latin.sloc)
    assert totals.mi_average == pytest.approx(weighted, abs=1e-12)
    assert totals.loc == 0 + 2 + 2 + 2 + 1 + 4
