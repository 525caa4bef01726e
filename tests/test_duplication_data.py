"""Duplication that means copy-and-paste: data tables against renamed copies of logic.

Sources written here, figures derived by hand. The rule (analysis.code.clone_tokens): outside
function bodies names and literals keep their text; inside them they are normalized, except
literal runs (>= 4 literals with only display punctuation between them), which keep their
values. ``cpd_*`` is the raw figure with every name and literal normalized.

Token counts: a table row ``('A00', 'Airport 0'),`` is ``( LIT , LIT ) ,``: 6 tokens; a
20-row table ``NAME = [`` rows ``]`` is 3 + 120 + 1 = 124 tokens over 22 lines.
"""

from __future__ import annotations

import base64
import random
import struct
import zlib

import pytest

from analysis.code.clone_tokens import (
    ID,
    KEYWORD_CODES,
    LIT,
    LITERAL_RUN_MIN,
    clone_tokens,
    unpack,
)
from analysis.code.duplication import (
    CloneFragment,
    DuplicationReport,
    DuplicationSettings,
    detect_duplication,
    find_clone_groups,
)
from analysis.code.results import FileMetrics


def measure(sources: dict[str, str]) -> DuplicationReport:
    files = []
    for path, text in sources.items():
        item = FileMetrics(path=path, loc=len(text.splitlines()))
        item.clone_tokens = clone_tokens(text)
        files.append(item)
    return detect_duplication(files)


def rows(prefix: str, label: str, indent: str = "    ") -> str:
    return "".join(f"{indent}('{prefix}{i:02d}', '{label} {i}'),\n" for i in range(20))


def table(name: str, prefix: str, label: str) -> str:
    """A module-level table: line 1 ``NAME = [``, 20 rows, ``]``: 22 lines, 124 tokens."""
    return f"{name} = [\n" + rows(prefix, label) + "]\n"


def table_function(name: str, prefix: str, label: str) -> str:
    """``def NAME():`` / ``return [`` / 20 rows / ``]``: 23 lines; ``def ID ( ) :`` (5) +
    ``return [`` (2) + 120 + ``]`` (1) + END (the dedent at the end of the file) = 129 tokens."""
    return f"def {name}():\n    return [\n" + rows(prefix, label, " " * 8) + "    ]\n"


@pytest.mark.parametrize("where", ["module", "function"])
def test_two_data_tables_of_one_shape_and_other_values_are_no_clone(where):
    # netbox's airport list against its country list: same shape, other values.
    make = table if where == "module" else table_function
    a = make("IATA", "A", "Airport")
    b = make("COUNTRIES", "C", "Country")
    report = measure({"a.py": a, "b.py": b})
    assert report.groups == [] and report.duplicated_lines == 0 and report.density == 0.0
    # the raw CPD-style figure: once normalized the two files are one stream, every line of
    # both (22 + 22 module-level lines; 23 + 23 in functions) is duplicated
    lines = 22 if where == "module" else 23
    assert report.cpd_duplicated_lines == 2 * lines and report.cpd_groups == 1
    assert report.cpd_density == pytest.approx(100.0)


def test_an_exact_copy_of_a_module_level_table_is_a_clone():
    # a.py `import os` then the table (lines 2-23); b.py `x = 1` then the same table. Before
    # it: `os` / `1`; after it: the end of both files. Block: the table, 124 tokens.
    a = "import os\n" + table("IATA", "A", "Airport")
    b = "x = 1\n" + table("IATA", "A", "Airport")
    report = measure({"a.py": a, "b.py": b})
    (group,) = report.groups
    assert group.tokens == 124
    assert group.fragments == [CloneFragment("a.py", 2, 23), CloneFragment("b.py", 2, 23)]
    assert report.duplicated_lines == 44 and report.lines == 46
    assert report.density == pytest.approx(100 * 44 / 46)


def test_an_exact_copy_of_a_table_inside_a_function_is_a_clone():
    # the whole of both files: 129 tokens over lines 1-23; function names are normalized
    a = table_function("airports", "A", "Airport")
    b = table_function("airport_codes", "A", "Airport")
    report = measure({"a.py": a, "b.py": b})
    (group,) = report.groups
    assert group.tokens == 129
    assert group.fragments == [CloneFragment("a.py", 1, 23), CloneFragment("b.py", 1, 23)]
    assert report.density == pytest.approx(100.0)


ORDER_EMAIL = """\
def send_order_email(order, recipient, template="order.html"):
    if not recipient:
        return None
    context = {"id": order.id, "total": order.total, "kind": "order"}
    for line in order.lines:
        context[line.sku] = line.quantity * line.price
    body = render(template, context)
    message = Message(subject="Order " + str(order.id), body=body, to=[recipient])
    try:
        message.send(timeout=30)
    except OSError as error:
        logger.warning("order email failed: %s", error)
        return False
    return True
"""
#: Tokens per line: 12, 4, 2 + END, 19, 7, 14 + END, 8, 25, 2, 8 + END, 5, 8, 2 + END, 2 +
#: END (the dedent that ends the function) = 123 tokens over lines 1-14.
INVOICE_EMAIL = (
    ORDER_EMAIL.replace("order", "invoice")
    .replace("Order", "Invoice")
    .replace("recipient", "address")
    .replace("context", "values")
    .replace("line", "entry")
    .replace("30", "60")
)


def test_two_functions_that_differ_only_in_names_and_literals_are_a_clone():
    assert INVOICE_EMAIL != ORDER_EMAIL and "invoice.html" in INVOICE_EMAIL
    # a.py is the function alone (14 lines); b.py has `import logging` before it (line 1,
    # the function on 2-15) and a module-level statement after it (line 16). Before the
    # block: the start of a.py / `logging`; after it: the end of a.py / `logger`.
    b = "import logging\n" + INVOICE_EMAIL + "logger = logging.getLogger()\n"
    report = measure({"a.py": ORDER_EMAIL, "b.py": b})
    (group,) = report.groups
    assert group.tokens == 123
    assert group.fragments == [CloneFragment("a.py", 1, 14), CloneFragment("b.py", 2, 15)]
    assert report.duplicated_lines == 28 and report.lines == 14 + 16
    assert report.density == pytest.approx(100 * 28 / 30)
    assert report.cpd_duplicated_lines == 28  # the raw figure agrees on real copy-and-paste


def test_a_data_table_against_a_function_returning_another_table_is_no_clone():
    # a character-width table against a function returning time-zone aliases: the displays
    # `{ LIT : LIT , x 30 }` (122 tokens) are one shape, the values differ.
    widths = "".join(f"    {4352 + i}: {1 + i % 2},\n" for i in range(30))
    aliases = "".join(f'        "Zone/{i}": "Etc/GMT+{i}",\n' for i in range(30))
    a = "EAST_ASIAN_WIDTH = {\n" + widths + "}\n"  # lines 1-32
    b = "def time_zone_aliases():\n    return {\n" + aliases + "    }\n"  # lines 1-33
    report = measure({"a.py": a, "b.py": b})
    assert report.groups == [] and report.density == 0.0
    # raw: the display, from `{` (after `=` / `return`) to `}` (then the end of a.py / END):
    # a.py lines 1-32, b.py lines 2-33
    assert report.cpd_groups == 1 and report.cpd_duplicated_lines == 32 + 32
    assert report.cpd_density == pytest.approx(100 * 64 / 65)


def model_views(model: str) -> str:
    """Four Django view declarations for one model (netbox's views.py): 23 lines, 141 tokens.

    Per line (``queryset = P.objects.all()`` is ``ID = ID . ID . ID ( )``, 9; ``form =
    forms.PForm`` 5): 7, 8, 9, 5 + END | 15, 8, 9, 5, 5, 5 + END | 15, 8, 9, 5 + END | 7, 8,
    9 + END (the dedent at the end of the file) = 30 + 48 + 38 + 25; blank lines count nothing.
    """
    return (
        f"@register_model_view({model}, 'edit')\n"
        f"class {model}EditView(generic.ObjectEditView):\n"
        f"    queryset = {model}.objects.all()\n"
        f"    form = forms.{model}Form\n"
        "\n\n"
        f"@register_model_view({model}, 'bulk_edit', path='edit', detail=False)\n"
        f"class {model}BulkEditView(generic.BulkEditView):\n"
        f"    queryset = {model}.objects.all()\n"
        f"    filterset = filtersets.{model}FilterSet\n"
        f"    table = tables.{model}Table\n"
        f"    form = forms.{model}BulkEditForm\n"
        "\n\n"
        f"@register_model_view({model}, 'bulk_import', path='import', detail=False)\n"
        f"class {model}BulkImportView(generic.BulkImportView):\n"
        f"    queryset = {model}.objects.all()\n"
        f"    model_form = forms.{model}ImportForm\n"
        "\n\n"
        f"@register_model_view({model}, 'delete')\n"
        f"class {model}DeleteView(generic.ObjectDeleteView):\n"
        f"    queryset = {model}.objects.all()\n"
    )


def test_declarations_that_differ_in_their_names_are_no_clone():
    # the same four declarations for two models: one stream once names are normalized (the
    # raw figure: 141 tokens, lines 1-23 of both files), but no run of 100 equal tokens once
    # names keep their text (each class names its model)
    report = measure({"a.py": model_views("Provider"), "b.py": model_views("Circuit")})
    assert report.groups == [] and report.density == 0.0
    assert report.cpd_groups == 1 and report.cpd_duplicated_lines == 46
    assert report.cpd_density == pytest.approx(100.0)
    # the same declarations for the same model, copied: a clone (type 1)
    (group,) = measure({"a.py": model_views("Provider"), "b.py": model_views("Provider")}).groups
    assert group.tokens == 141
    assert group.fragments == [CloneFragment("a.py", 1, 23), CloneFragment("b.py", 1, 23)]


def kept(text: str) -> list[tuple[int, int, bool]]:
    """(code, line, keeps its value) of every token."""
    stream = unpack(clone_tokens(text))
    return [
        (int(code), int(line), int(exact) > 255)
        for code, line, exact in zip(stream.codes, stream.starts, stream.exact, strict=True)
    ]


def test_declarations_keep_their_text_and_function_bodies_are_normalized():
    text = (
        "import os\n"  # 1: import ID
        "@register(Model)\n"  # 2: decorator, outside any function
        "class K(Base):\n"  # 3
        "    size = 10\n"  # 4: a class attribute
        "    def m(self, a): return a + 1\n"  # 5: a one-line method, normalized
        "    name = 'k'\n"  # 6: outside again
        "    async def n(self):\n"  # 7
        "        def inner(b):\n"  # 8: nested: inside n
        "            return b\n"  # 9
        "        return inner\n"  # 10
        "LIMIT = 3\n"  # 11
    )
    tokens = kept(text)
    by_line: dict[int, list[bool]] = {}
    for code, line, exact in tokens:
        if code in (ID, LIT):
            by_line.setdefault(line, []).append(exact)
    assert by_line[1] == [True]
    assert by_line[2] == [True, True]
    assert by_line[3] == [True, True]
    assert by_line[4] == [True, True]
    assert by_line[5] == [False] * 5  # m, self, a (the header), a, 1
    assert by_line[6] == [True, True]
    assert by_line[7] == [False, False]
    assert by_line[8] == [False, False] and by_line[9] == [False] and by_line[10] == [False]
    assert by_line[11] == [True, True]
    assert all(not exact for code, _, exact in tokens if code == KEYWORD_CODES["def"])


def test_a_literal_run_keeps_its_values_from_four_literals_on():
    assert LITERAL_RUN_MIN == 4
    text = (
        "def f(x):\n"
        "    g(x, 'a', 'b', 'c')\n"  # 2: a run of three literals (after `x`): normalized
        "    h(x, 'a', 'b', 'c', 'd')\n"  # 3: four: kept
        "    rows = [(1, -2), (3, None),\n"  # 4-5: one run across the line break: kept
        "            (4, 5)]\n"
        "    return {'k': x, 'l': 'm'}\n"  # 6: `x` cuts the run: normalized
    )
    literals = [(line, exact) for code, line, exact in kept(text) if code == LIT]
    assert literals == [
        (2, False), (2, False), (2, False),
        (3, True), (3, True), (3, True), (3, True),
        (4, True), (4, True), (4, True), (5, True), (5, True),
        (6, False), (6, False), (6, False),
    ]  # fmt: skip


def test_a_stream_of_the_former_format_is_not_read():
    # format 1 (before kept values): header <BI, codes, deltas, spans. A cache entry of that
    # format is never used (the analyzer id changed with it), and never misread either.
    old = struct.pack("<BI", 1, 2) + bytes([1, 2]) + struct.pack("<4I", 1, 0, 0, 0)
    assert unpack(base64.b64encode(zlib.compress(old)).decode("ascii")) is None
    assert unpack(clone_tokens("x = 1\n")) is not None


def test_the_density_pass_over_the_raw_repeats_finds_what_a_full_pass_finds():
    # detect_duplication looks for exact-symbol clones only where the raw pass found repeated
    # windows (equal symbols imply equal codes); a full pass over every window must agree
    rng = random.Random(1212)
    statements = [
        "x = f(a, 'k')", "y = [1, 2, 3, 4, 5]", "return g(x) + 1", "if a:\n        b = 2",
        "for i in range(3):\n        s += i", "z = {'a': 'b', 'c': 'd'}", "h(x, 'q')",
    ]  # fmt: skip
    for _ in range(30):
        sources = {}
        for number in range(rng.randint(2, 5)):
            parts = []
            for _ in range(rng.randint(2, 6)):
                body = [rng.choice(statements) for _ in range(rng.randint(2, 8))]
                if rng.random() < 0.5:
                    parts.append(f"def f{rng.randint(0, 3)}(a):\n    " + "\n    ".join(body))
                else:
                    parts.append("\n".join(s.replace("\n        ", "\n    ") for s in body
                                           if not s.startswith("return")))  # fmt: skip
            sources[f"m{number}.py"] = "\n".join(parts) + "\n"
        files = []
        for path, text in sources.items():
            item = FileMetrics(path=path, loc=len(text.splitlines()))
            item.clone_tokens = clone_tokens(text)
            files.append(item)
        settings = DuplicationSettings(min_tokens=rng.randint(5, 20), min_lines=1)
        report = detect_duplication(files, settings)
        measured = [f for f in files if f.clone_tokens]
        streams = [unpack(f.clone_tokens) for f in measured]
        full = find_clone_groups([f.path for f in measured], streams, settings)
        assert report.groups == full
