"""Repository text never drives the terminal: file names with ``ESC[2J``, a newline in a path,
commit subjects with OSC and CSI sequences, C1 controls in tag names and in the repository's
own folder name reach stdout and stderr as visible escapes (git's ``core.quotePath`` style),
for ``assess``, ``report``, ``history`` and ``compare``."""

from __future__ import annotations

import json
import re

import pytest
from gitrepo import GitRepo

from app.cli import main
from app.terminal import terminal_text

ESC, CSI = "\x1b", "\u009b"
EVIL_FILE = f"{ESC}[2J{ESC}[31mevil.py"
BROKEN_FILE = f"broken\n{ESC}[2Jx.py"
TAG_PREFIX = f"app{CSI}2J"
FIX_SUBJECT = f"Fix crash {ESC}[2J{ESC}[31m in engine"
CHANGE_SUBJECT = f"Change {{}} {ESC}]0;pwned{ESC}\\ {CSI}31m"

#: Anything a terminal could act on, apart from our own line breaks.
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                     r"\u2028\u2029]")  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (f"{ESC}[2J{ESC}[31mx.py", "\\x1b[2J\\x1b[31mx.py"),
        ("a\nb\rc\td", "a\\nb\\rc\\td"),
        ("bell\a back\b vt\v ff\f", "bell\\a back\\b vt\\v ff\\f"),
        ("del\x7f nul\x00", "del\\x7f nul\\x00"),
        (f"c1 {CSI}31m nel\x85", "c1 \\x9b31m nel\\x85"),
        ("rtl \u202eevil\u202c ls\u2028ps\u2029", "rtl \\u202eevil\\u202c ls\\u2028ps\\u2029"),
        ("undecodable \udc9b byte", "undecodable \\x9b byte"),
    ],
)
def test_controls_become_visible_escapes(raw, shown):
    assert terminal_text(raw) == shown
    assert terminal_text(shown) == shown  # escaping twice changes nothing


def test_letters_of_every_script_and_backslashes_stay_as_they_are():
    text = "Zürich/東京/Ωμέγα/עברית/emoji 👩\u200d💻/C:\\path\\x1b literal/ñ café\u00a0x"
    assert terminal_text(text) == text
    assert terminal_text(3) == "3"


def _hostile_repository(root) -> GitRepo:
    """Files, subjects, tags, an author and the folder itself carry terminal escapes; 8 release
    tags (one a hotfix release whose fix commit SZZ links to the change it repairs)."""
    repo = GitRepo.init(root)
    branches = "".join(f"    if a == {i}:\n        return {i}\n" for i in range(20))
    worst = f"def worst(a, b, c):\n{branches}    return b\n"
    repo.write(EVIL_FILE, worst)
    repo.write("svc/small.py", "def g(x):\n    if x:\n        return 1\n    return 2\n")
    repo.write(f"tests/test_{ESC}[2J.py", "def test_g():\n    assert True\n")
    repo.commit(f"Add {ESC}[2J engine", author=f"Mal{ESC}[31mlory <m@example.com>")
    repo.git("tag", f"{TAG_PREFIX}/1.0.0")
    for i in range(6):
        repo.write(EVIL_FILE, worst + f"# {i}\n")
        repo.write("svc/small.py", f"def g(x):\n    if x:\n        return {i}\n    return 2\n")
        repo.commit(CHANGE_SUBJECT.format(i))
        repo.git("tag", f"{TAG_PREFIX}/1.{i + 1}.0")
        if i == 2:
            repo.write("svc/small.py", "def g(x):\n    if x:\n        return -1\n    return 2\n")
            repo.commit(FIX_SUBJECT)
            repo.git("tag", f"{TAG_PREFIX}/1.3.1")
    repo.git("tag", f"oidc-{CSI}31m")
    repo.write(BROKEN_FILE, 'print "Python 2"\n')  # a Python 2 file: named in the risks
    repo.commit("Add a file the parser rejects")
    return repo


def _safe(text: str) -> str:
    found = CONTROL.findall(text)
    assert not found, f"control characters reached the terminal: {found!r}"
    return text


def test_no_control_character_from_the_repository_reaches_the_terminal(
    tmp_path, capsys, database_url
):
    repo = _hostile_repository(tmp_path / f"repo{ESC}]0;title{ESC}\\")
    report = tmp_path / "report.json"
    for _ in range(2):  # two stored assessments, #1 and #2, for compare
        code = main(
            [
                "assess",
                str(repo.root),
                "--db",
                database_url,
                "--workers",
                "1",
                "--json",
                str(report),
            ]
        )
        captured = capsys.readouterr()
        assert code == 0, captured.err
        _safe(captured.err)  # progress lines
    out = _safe(captured.out)
    lines = out.splitlines()
    assert "  Most complex     \\x1b[2J\\x1b[31mevil.py:1 worst (cyclomatic 21)" in lines
    assert any(line.startswith("  Top hotspot      \\x1b[2J\\x1b[31mevil.py (") for line in lines)
    # the newline in the path is shown, it does not start a forged line of our own
    assert (
        "  Risk 1           33.3% of the Python files are Python 2, which nothing current "
        "runs. [broken\\n\\x1b[2Jx.py]" in lines
    )
    assert (
        "    - 1 × Python files the parser rejected (raw line counts only): "
        "broken\\n\\x1b[2Jx.py" in lines
    )
    assert not any(line.startswith("\\x1b[2Jx.py") for line in lines)
    failure = next(line for line in lines if "failed, fixed in" in line)
    assert failure.startswith("      - app\\x9b2J/1.3.0 failed, fixed in app\\x9b2J/1.3.1 by ")
    assert "Fix crash \\x1b[2J\\x1b[31m in engine, which fixes " in failure
    assert "Change 2 \\x1b]0;pwned\\x1b\\ \\x9b31m" in failure
    assert "app\\x9b2J 1.6 (current)" in out
    assert "repo\\x1b]0;title\\x1b\\" in lines[0]

    # the JSON report (`cat` it, or --json to stdout): C1, DEL and bidi as \\u escapes
    data = _safe(report.read_text(encoding="utf-8"))
    assert "\\u009b2J" in data
    paths = {f["path"] for f in json.loads(data)["code"]["files"]}
    assert EVIL_FILE in paths and BROKEN_FILE in paths

    assert main(["report", "2", "--db", database_url]) == 0
    captured = capsys.readouterr()
    assert "  Most complex     \\x1b[2J\\x1b[31mevil.py:1 worst" in _safe(captured.out)
    _safe(captured.err)

    assert main(["history", str(repo.root), "--db", database_url]) == 0
    captured = capsys.readouterr()
    assert _safe(captured.out).startswith("Assessments of ")
    assert "repo\\x1b]0;title\\x1b\\ (2, newest first)" in captured.out
    _safe(captured.err)

    assert main(["compare", "1", "2", "--db", database_url]) == 0
    captured = capsys.readouterr()
    assert _safe(captured.out).startswith("Before  #1")
    _safe(captured.err)


def test_error_lines_show_repository_text_escaped(tmp_path, capsys):
    missing = tmp_path / f"gone{ESC}[2J\nforged line"
    assert main(["assess", str(missing), "--no-save", "-q"]) == 2
    err = _safe(capsys.readouterr().err)
    assert len(err.splitlines()) == 1
    assert "gone\\x1b[2J\\nforged line" in err


def test_python_warnings_about_repository_source_are_escaped_or_silenced(git_repo, monkeypatch):
    """A setup.py with a backslash before ESC made ast.parse warn, quoting the raw ESC on
    stderr; the parse is silenced, and any Python warning the CLI prints is escaped."""
    import subprocess
    import sys
    import warnings

    from analysis.runtime.manifests import read_setup_py
    from app.terminal import escape_warnings

    source = f'from setuptools import setup\nX = "\\{ESC}[2J\\d"\nsetup(name="x")\n'
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning would raise here
        assert read_setup_py("setup.py", source).path == "setup.py"

    monkeypatch.setattr(warnings, "formatwarning", warnings.formatwarning)
    escape_warnings()
    escape_warnings()  # once is enough: not wrapped twice
    shown = warnings.formatwarning(f"invalid escape sequence '\\{ESC}'", SyntaxWarning, "x", 2)
    assert shown == "x:2: SyntaxWarning: invalid escape sequence '\\\\x1b'\n"

    git_repo.write("setup.py", source)
    git_repo.write("mod.py", f'Y = "\\{ESC}[31m\\q"\n')
    git_repo.commit()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app.cli",
            "assess",
            str(git_repo.root),
            "--no-save",
            "-q",
            "--workers",
            "1",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    _safe(done.stdout)
    _safe(done.stderr)


def test_the_report_prefilter_agrees_with_the_escape_pattern_on_every_character():
    # analysis.report skips the escaping regex when a byte search finds no unsafe character;
    # that search must agree with the regex on every BMP character, alone and after a dash
    from analysis.report import _TERMINAL_UNSAFE, _terminal_safe, dumps

    for code in range(0x20, 0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        for text in (chr(code), "a" + chr(code) + "b", "\u2014" + chr(code)):
            expected = _TERMINAL_UNSAFE.search(text) is None
            assert _terminal_safe(text.encode()) is expected, hex(code)
    assert "\\u202e" in dumps({"name": "evil\u202e.py — é"})
    assert dumps({"name": "plain — é"}) == '{\n  "name": "plain — é"\n}\n'
