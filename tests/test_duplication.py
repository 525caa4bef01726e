"""Duplication: hand-derived clone groups, lines and density; the block finder against brute force.

Token counting used in the derivations (analysis.code.clone_tokens): every identifier is ID,
every literal LIT, keywords and operators count one each; comments, blank lines and line breaks
count nothing; a line break followed by a dedent counts one (END). So the line
``a0 = f0(b0, 0) + c0`` is ``ID = ID ( ID , LIT ) + ID``: 10 tokens.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from analysis.code.clone_tokens import (
    END,
    ID,
    KEYWORD_CODES,
    LIT,
    OPERATOR_CODES,
    clone_tokens,
    unpack,
)
from analysis.code.duplication import (
    CloneFragment,
    CloneGroup,
    DuplicationReport,
    DuplicationSettings,
    detect_duplication,
    maximal_blocks,
)
from analysis.code.results import FileMetrics

OPS = ("+", "-", "*", "/", "//", "%", "|", "&", "^", "<<", ">>", "@")


def ten_token_lines(count: int, name: str = "a", literal: str = "{i}") -> str:
    """``count`` lines of 10 tokens each, ``ID = ID op ID op ID + - LIT``, identifiers renamed.

    The two operators of line i differ from those of every other line (i < 144), so no line and
    no window of the block is repeated inside it: like real code, and unlike a list of lines of
    one shape, which would repeat itself and match at shifted places.
    """
    return "".join(
        f"{name}{i} = {name}b{i} {OPS[i % 12]} {name}c{i} {OPS[(i // 12 + 5) % 12]} "
        f"{name}d{i} + -{literal.format(i=i)}\n"
        for i in range(count)
    )


def indented(block: str) -> str:
    return "".join(f"    {line}" for line in block.splitlines(keepends=True))


# Blocks sit in function bodies, where names and literals are normalized (outside functions
# tokens keep their text). Surroundings that stop a block from growing: the token before a
# block differs between the copies (ID `os` / LIT `0`), and so does the token after it (END,
# the line break before the dedent that ends fa(), / `return`).
def file_a(block: str) -> str:
    """Line 1 `def fa():`, 2 `import os`, the block from line 3, then two lines."""
    return "def fa():\n    import os\n" + indented(block) + "def tail():\n    return os.sep\n"


def file_b(block: str) -> str:
    """Docstring, blank, `def fb():`, `x: int = 0` (lines 1-4), the block from line 5, then
    `return x`, `class K:`, `pass`."""
    return (
        '"""Module b."""\n\ndef fb():\n    x: int = 0\n'
        + indented(block)
        + "    return x\nclass K:\n    pass\n"
    )


def measure(sources: dict[str, str], **settings) -> tuple[DuplicationReport, dict[str, int]]:
    files = []
    for path, text in sources.items():
        item = FileMetrics(path=path, loc=len(text.splitlines()))
        item.clone_tokens = clone_tokens(text)
        files.append(item)
    report = detect_duplication(files, DuplicationSettings(**settings))
    return report, {f.path: f.duplicated_lines for f in files}


def test_renamed_identifiers_and_changed_literals_make_one_group_with_exact_lines():
    # a.py: `def fa():`, `import os`, the block (lines 3-14), `def tail():` / `return`: 16 lines.
    # b.py: docstring, blank, `def fb():`, `x: int = 0` (lines 1-4), the block with other
    # names and string literals (lines 5-16), `return x`, `class K:` / `pass`: 19 lines.
    # Block: 12 lines x 10 tokens = 120 tokens.
    a = file_a(ten_token_lines(12))
    b = file_b(ten_token_lines(12, name="zz", literal="'text {i}'"))
    report, per_file = measure({"a.py": a, "b.py": b})
    (group,) = report.groups
    assert group.tokens == 120 and group.occurrences == 2
    assert group.fragments == [CloneFragment("a.py", 3, 14), CloneFragment("b.py", 5, 16)]
    assert per_file == {"a.py": 12, "b.py": 12}
    # density = 100 x (12 + 12) / (16 + 19) lines
    assert report.duplicated_lines == 24 and report.lines == 35
    assert report.density == pytest.approx(100 * 24 / 35)  # 68.57...%
    assert report.files == 2 and report.duplicated_files == 2
    # the raw CPD-style figure sees the same block
    assert report.cpd_duplicated_lines == 24 and report.cpd_groups == 1
    assert report.cpd_density == pytest.approx(100 * 24 / 35)


def short_lines_block(tokens: int) -> str:
    """12 lines: 9 lines of 10 tokens, then `p = q` (3 tokens) x 2 and a last line of 3 or 4."""
    assert tokens in (99, 100)
    last = "s11 = q" if tokens == 99 else "s11 = -q"  # ID = ID (3) or ID = - ID (4)
    return ten_token_lines(9) + "s9 = q\ns10 = q\n" + last + "\n"


def test_a_block_of_99_tokens_is_not_duplication_but_100_is():
    # 9 x 10 + 3 + 3 + 3 = 99 tokens over 12 lines: below the 100-token minimum.
    report, per_file = measure(
        {"a.py": file_a(short_lines_block(99)), "b.py": file_b(short_lines_block(99))}
    )
    assert report.groups == [] and per_file == {"a.py": 0, "b.py": 0}
    assert report.duplicated_lines == 0 and report.density == 0.0
    # the control: one more token (`-q`), 100 tokens, is a clone
    report, _ = measure(
        {"a.py": file_a(short_lines_block(100)), "b.py": file_b(short_lines_block(100))}
    )
    (group,) = report.groups
    assert group.tokens == 100
    assert group.fragments == [CloneFragment("a.py", 3, 14), CloneFragment("b.py", 5, 16)]


def wrapped_block(wrapped: int) -> str:
    """120 tokens: 8 lines of 15 (``ID = ID ( ID op ID , ID op ID ) + - LIT``), ``wrapped`` of
    them split over two lines after the comma (a line break inside brackets is no token)."""
    lines = []
    for i in range(8):
        first, second = OPS[i], OPS[(i + 5) % 12]
        split = ",\n      " if i < wrapped else ", "
        lines.append(f"w{i} = f(b{i} {first} c{i}{split}d{i} {second} e{i}) + -{i}\n")
    return "".join(lines)


def test_a_block_over_nine_lines_is_not_duplication_but_over_ten_is():
    # 8 lines + 1 wrapped = 9 lines, 120 tokens: below the 10-line minimum.
    report, _ = measure({"a.py": file_a(wrapped_block(1)), "b.py": file_b(wrapped_block(1))})
    assert report.groups == []
    # two lines wrapped: the same 120 tokens over 10 lines (a.py 3-12, b.py 5-14)
    report, per_file = measure({"a.py": file_a(wrapped_block(2)), "b.py": file_b(wrapped_block(2))})
    (group,) = report.groups
    assert group.tokens == 120
    assert group.fragments == [CloneFragment("a.py", 3, 12), CloneFragment("b.py", 5, 14)]
    assert per_file == {"a.py": 10, "b.py": 10}


def test_a_clone_within_one_file():
    # line 1 `def one():`, 2 `import os`, 3-14 the block, 15 `return 1`; 16 `def two():`,
    # 17-28 the block renamed; 29-30 `class K:` / `pass`. Before the copies: ID `os` and the
    # `:` of `def two():`; after them: `return` and END (the dedent that ends two()).
    text = (
        "def one():\n    import os\n"
        + indented(ten_token_lines(12))
        + "    return 1\ndef two():\n"
        + indented(ten_token_lines(12, name="m"))
        + "class K:\n    pass\n"
    )
    report, per_file = measure({"one.py": text})
    (group,) = report.groups
    assert group.tokens == 120
    assert group.fragments == [CloneFragment("one.py", 3, 14), CloneFragment("one.py", 17, 28)]
    assert per_file == {"one.py": 24}
    assert report.density == pytest.approx(100 * 24 / 30)


def test_overlapping_windows_merge_into_maximal_blocks():
    # a.py and b.py share 30 lines x 10 = 300 tokens; c.py holds lines 11-20 of it (100 tokens,
    # 10 lines) between other code. Maximal blocks: A-B over all 300 tokens, and A-B-C over the
    # 100 shared by all three; not 201 (or 101) windows of 100 tokens.
    shared = ten_token_lines(30)
    middle = "".join(shared.splitlines(keepends=True)[10:20])
    c = "def fc():\n    import sys\n" + indented(middle) + "def tail():\n    pass\n"  # 3-12
    report, per_file = measure({"a.py": file_a(shared), "b.py": file_b(shared), "c.py": c})
    assert [(g.tokens, g.occurrences) for g in report.groups] == [(300, 2), (100, 3)]
    assert report.groups[0].fragments == [
        CloneFragment("a.py", 3, 32),
        CloneFragment("b.py", 5, 34),
    ]
    assert report.groups[1].fragments == [
        CloneFragment("a.py", 13, 22),
        CloneFragment("b.py", 15, 24),
        CloneFragment("c.py", 3, 12),
    ]
    assert per_file == {"a.py": 30, "b.py": 30, "c.py": 10}  # a line counts once


def test_a_pattern_repeating_inside_one_file_is_not_duplication_but_a_copied_table_is():
    # 60 entries `(i, 'v'),` (6 tokens each, one per line) repeat themselves within the list;
    # copies overlapping in one file are merged, so one file alone has no clone group.
    entries = "DATA = [\n" + "".join(f"    ({i}, 'v{i}'),\n" for i in range(60)) + "]\n"
    report, per_file = measure({"a.py": "import os\n" + entries + "def f():\n    pass\n"})
    assert report.groups == [] and per_file == {"a.py": 0}
    # the same list in two files: one group, the whole literal (lines 2-63): DATA = [ (3
    # tokens) + 60 x 6 + ] (1) = 364 tokens; the shorter repeats inside it are not listed.
    report, per_file = measure(
        {
            "a.py": "import os\n" + entries + "def f():\n    pass\n",
            "b.py": "x = 1\n" + entries + "class K:\n    pass\n",
        }
    )
    (group,) = report.groups
    assert group.tokens == 364
    assert group.fragments == [CloneFragment("a.py", 2, 63), CloneFragment("b.py", 2, 63)]
    assert per_file == {"a.py": 62, "b.py": 62}


def test_settings_change_the_minimum_block():
    a, b = file_a(ten_token_lines(12)), file_b(ten_token_lines(12, name="q"))
    assert measure({"a.py": a, "b.py": b}, min_tokens=121)[0].groups == []
    assert measure({"a.py": a, "b.py": b}, min_lines=13)[0].groups == []
    (group,) = measure({"a.py": a, "b.py": b}, min_tokens=120, min_lines=12)[0].groups
    assert group.tokens == 120
    with pytest.raises(ValueError):
        DuplicationSettings(min_tokens=1)


def test_only_fully_measured_files_take_part_and_the_report_round_trips():
    block = ten_token_lines(12)
    files = []
    for path, text, status in (
        ("a.py", file_a(block), "ok"),
        ("b.py", file_b(block), "ok"),
        ("broken.py", file_b(block), "syntax_error"),
    ):
        item = FileMetrics(path=path, status=status, loc=len(text.splitlines()))
        item.clone_tokens = clone_tokens(text)
        files.append(item)
    report = detect_duplication(files)
    assert {f.path for g in report.groups for f in g.fragments} == {"a.py", "b.py"}
    assert [f.duplicated_lines for f in files] == [12, 12, None]
    assert report.lines == 16 + 19  # the syntax-error file is out of the denominator too
    data = json.loads(json.dumps(report.to_dict()))
    assert DuplicationReport.from_dict(data) == report


def test_token_stream_normalization():
    text = (
        "def f(a, b=1):  # comment\n"
        "\n"
        "    if a:\n"
        "        x = f'{a!r:>{b}}'\n"
        "    return x\n"
        "y = 'tail'\n"
    )
    stream = unpack(clone_tokens(text))
    kw, op = KEYWORD_CODES, OPERATOR_CODES
    expected = [
        (kw["def"], 1), (ID, 1), (op["("], 1), (ID, 1), (op[","], 1), (ID, 1), (op["="], 1),
        (LIT, 1), (op[")"], 1), (op[":"], 1),  # the comment and the blank line add nothing
        (kw["if"], 3), (ID, 3), (op[":"], 3),
        (ID, 4), (op["="], 4), (LIT, 4), (END, 4),  # the f-string is one literal; then a dedent
        (kw["return"], 5), (ID, 5), (END, 5),
        (ID, 6), (op["="], 6), (LIT, 6),  # no dedent at the end of the file: no END
    ]  # fmt: skip
    assert list(zip(stream.codes.tolist(), stream.starts.tolist(), strict=True)) == expected
    docstring = unpack(clone_tokens('x = """one\ntwo\nthree"""\n'))
    assert docstring.starts.tolist() == [1, 1, 1] and docstring.ends.tolist() == [1, 1, 3]
    assert clone_tokens("x = (1,\n") is None  # cannot be tokenized: no stream
    assert unpack("not base64 at all") is None


def _other_interpreters() -> list[str]:
    found = []
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    names = [f"python3.{minor}" for minor in range(11, 15)]
    for name in names:
        for candidate in [shutil.which(name), *(str(p) for p in root.glob(f"*/bin/{name}"))]:
            if candidate and os.path.realpath(candidate) != os.path.realpath(sys.executable):
                found.append(candidate)
    return sorted(set(found))


def test_token_stream_does_not_depend_on_the_interpreter():
    """3.11 tokenizes an f-string as one STRING, 3.12+ as many tokens: the stream is the same."""
    others = _other_interpreters()
    if not others:
        pytest.skip("no other CPython >= 3.11 on this machine")
    source = "x = f'{a}-{b!r:>{w}}' + f\"{c}\"\ny = 2\n"
    here = clone_tokens(source)
    root = str(Path(__file__).resolve().parents[1])
    script = (
        f"import sys; sys.path.insert(0, {root!r}); "
        "from analysis.code.clone_tokens import clone_tokens; "
        f"print(clone_tokens({source!r}))"
    )
    ran = 0
    for python in others:
        done = subprocess.run([python, "-c", script], capture_output=True, text=True, check=False)
        if done.returncode != 0:  # an interpreter that cannot run it (e.g. a broken shim)
            continue
        assert done.stdout.strip() == here, python
        ran += 1
    if not ran:
        pytest.skip("no other interpreter could run the extractor")


# --------------------------------------------------------------------------- brute force


def _occurrences(files: list[list[int]], pattern: tuple[int, ...]) -> list[int]:
    found, offset = [], 0
    for codes in files:
        for i in range(len(codes) - len(pattern) + 1):
            if tuple(codes[i : i + len(pattern)]) == pattern:
                found.append(offset + i)
        offset += len(codes)
    return found


def _check_against_brute_force(files: list[list[int]], width: int) -> None:
    result = maximal_blocks([np.array(f, dtype=np.uint8) for f in files], width)
    offsets = np.cumsum([0] + [len(f) for f in files])
    flat = [code for f in files for code in f]

    def file_of(position: int) -> int:
        return int(np.searchsorted(offsets, position, "right") - 1)

    windows: dict[tuple[int, ...], list[int]] = {}
    for number, codes in enumerate(files):
        for i in range(len(codes) - width + 1):
            windows.setdefault(tuple(codes[i : i + width]), []).append(int(offsets[number]) + i)
    expected_cover = {
        p + k for found in windows.values() if len(found) > 1 for p in found for k in range(width)
    }
    if result is None:
        assert not expected_cover
        return
    tokens, owner, starts = result.tokens, result.owner, result.starts
    cover = set()
    seen = set()
    for block in range(len(tokens)):
        members = sorted(starts[owner == block].tolist())
        length = int(tokens[block])
        assert (members[0], length) not in seen  # each block once
        seen.add((members[0], length))
        cover.update(p + k for p in members for k in range(length))
        pattern = tuple(flat[members[0] : members[0] + length])
        assert file_of(members[0]) == file_of(members[0] + length - 1)
        assert _occurrences(files, pattern) == members  # all occurrences, nothing else

        def token(position: int, member: int) -> int | None:
            inside = 0 <= position < len(flat) and file_of(position) == file_of(member)
            return flat[position] if inside else None

        before = {token(m - 1, m) for m in members}
        after = {token(m + length, m) for m in members}
        assert None in before or len(before) > 1  # cannot grow to the left
        assert None in after or len(after) > 1  # nor to the right
    assert cover == expected_cover


def test_maximal_blocks_match_brute_force_on_random_streams():
    rng = random.Random(20240601)
    for _ in range(400):
        width = rng.randint(2, 6)
        alphabet = rng.randint(1, 4)  # small alphabets give periodic and overlapping repeats
        files = [
            [rng.randint(0, alphabet) for _ in range(rng.randint(0, 30))]
            for _ in range(rng.randint(1, 4))
        ]
        if files[0] and rng.random() < 0.5:
            files.append([*files[0][rng.randint(0, len(files[0]) // 2) :], 9, 9])
        _check_against_brute_force(files, width)


def test_django_migrations_are_left_out_unless_the_setting_says_otherwise():
    block = ten_token_lines(12)
    sources = {"app/models.py": file_a(block), "app/migrations/0001_initial.py": file_b(block)}
    report, per_file = measure(sources)
    assert report.groups == [] and report.excluded_files == 1
    assert per_file == {"app/models.py": 0, "app/migrations/0001_initial.py": None}
    assert report.lines == 16  # the migration is not in the denominator either
    report, per_file = measure(sources, exclude=())
    assert len(report.groups) == 1 and per_file["app/migrations/0001_initial.py"] == 12
    report, _ = measure(sources, exclude="app/models.py")  # one pattern as a plain string
    assert report.excluded_files == 1 and report.exclude == ["app/models.py"]


def test_blocks_of_a_file_are_its_runs_of_duplicated_lines():
    # two groups whose fragments overlap in m.py (lines 5-20 and 15-30) make one run 5-30
    report = DuplicationReport(
        groups=[
            CloneGroup(150, 2, [CloneFragment("m.py", 5, 20), CloneFragment("n.py", 1, 16)]),
            CloneGroup(140, 2, [CloneFragment("m.py", 15, 30), CloneFragment("m.py", 40, 52)]),
        ]
    )
    assert report.blocks_by_file() == {
        "m.py": [CloneFragment("m.py", 5, 30), CloneFragment("m.py", 40, 52)],
        "n.py": [CloneFragment("n.py", 1, 16)],
    }
