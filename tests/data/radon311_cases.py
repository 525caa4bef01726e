"""Sources where radon's raw metrics have quirks, and the script that pins radon's figures.

Run with Python 3.11 and radon 6.0.1 installed (``python3.11 tests/data/radon311_cases.py``)
to rewrite ``radon311_figures.json``: ``radon.raw.analyze`` and ``radon.metrics.mi_visit``
(multi=True) of every case, or ``"SyntaxError"`` where radon (or ``ast``) rejects it. The tests
compare the product's figures with that file on every interpreter.
"""

CASES = {
    "fstring_format_spec": 't = f"{s!r:>10}"\n',
    "fstring_nested_spec": 'x = f"{value:{width}.{precision}f}"\n',
    "fstring_dict_and_ternary": "y = f\"{d['k']:>5} and {a if b else c}\"\n",
    "fstring_lambda": 'z = f"{(lambda q: q)(1)}"\n',
    "fstring_triple_statement": 'f"""a\n{b:>3}\nc"""\n',
    "fstring_triple_assign": 'msg = f"""\n{x:>3}\n  {y!r:<4}\n"""\n',
    "fstring_in_call": 'print(f"{a:%Y-%m-%d}",\n      f"{b:0.2f}")\n',
    "fstring_if_colon": 'if ok: print(f"{n:03d}")\n',
    "fstring_same_quotes_pep701": 'v = f"{x["a"]}"\nw = f"{x[":"]}"\n',
    "fstring_multiline_expression_pep701": 'v = f"{\n    x\n}"\n',
    "semicolons": "if x: y = 1; z = 2\nif x: pass; q = 1\na = 1; b = 2;\nc = 3;\n",
    "colon_quirks": "f = lambda x: x\ns = a[1:2]\nd = {'a': 1}\nif (n := 10) > 5: pass\n"
    "def g(a: int) -> str: return a\nclass K: pass\n",
    "compound_one_liners": "try: 1 / 0\nexcept: pass\nwhile x: x -= 1\nelse: y = 2\n"
    "with a as b: pass\nfor i in r: print(i)\n",
    "comment_after_colon": "if x:  # why\n    pass\nelse:  # other\n    pass\n",
    "multiline_dict": "d = {\n    'a': 1,\n    'b': 2,  # note\n\n}\n",
    "decorators": "@property\n@functools.lru_cache(\n    maxsize=None,\n)\n"
    "def f(\n    a,\n    b,\n):\n"
    "    '''Doc.'''\n    return a\n",
    "docstrings": '"""Module\n\ndoc."""\n\n\nclass C:\n    """One."""\n\n    def m(self):\n'
    '        """Two\n        lines."""\n        return """not\n        doc"""\n',
    "docstring_then_code": '"""a\nb""" + x\n"""c""" ; y = 1\n',
    "continuation_blank_line": "x = 1 + \\\n\n2\ny = 3\n",
    "continuation_blank_lines_end": "x = \\\n\n\nz = 1\n",
    "string_continuation_blank": "'abc' \\\n\n\nw = 1\n",
    "backslash_alone": "\\\nx = 1\n",
    "single_quote_backslash_continued": "s = 'abc\\\n    def'\nt = 1\n",
    "double_quote_continued_with_apostrophe": 's = "it\'s\\\n  fine"\nt = 2\n',
    "stray_paren": "x = 1)\ny = (2\nz = 3\n",
    "form_feed": "x = 1\n\x0c\ndef f():\n    pass\n\x0c\n# end\n",
    "form_feed_inline": "x = 1\x0cy = 2\n",
    "unicode_names": "café = 1\nπ = 3.14\nx² = 4\n",
    "python2": "import sys\nprint 'hello'\nprint >>sys.stderr, \"x\"\nx = 0777\nexec 'y = 1'\n",
    "python2_backticks": "x = `1`\n",
    "dollar": "x = $1\n",
    "nbsp": "x =\xa01\n",
    "unterminated_triple": 'x = """never\nclosed\n',
    "unterminated_single": "x = 'open\ny = 2\n",
    "open_bracket_at_end": "x = (1,\n     2,\n",
    "raw_and_bytes": "a = r'\\d+\\\\'\nb = b'x' rb\"\\d\"\nc = '#' + \"'\" + '\"'\n",
    "tabs_and_trailing_spaces": "def f():\n\tif x:   \n\t\treturn 1   \n\treturn 2\n",
    "match_statement": "match p:\n    case {'a': 1}:\n        pass\n    case [x, *_] if x:\n"
    "        pass\n    case _:\n        pass\n",
    "walrus_and_ternary": "if (m := re.match(p, s)) and m.group(1): r = 1 if m else 2\n",
    "empty": "",
    "only_blank": "\n\n   \n",
    "only_comments": "# a\n   # b\n#c\n",
    "numbers": "a = 1_000.5e-3j + 0x_ff + 0o17 + 0b1 + .5 + 5.\nb = 1if c else 2\n",
    "async_and_await": "async def f():\n    async with a as b:\n        await b\n"
    "    return [i async for i in g()]\n",
    "type_hints_multiline": "def f(\n    a: int = 1,\n    *args: str,\n    **kw: dict[str, int],\n"
    ") -> tuple[\n    int, str\n]:\n    return a, ''\n",
    "nested_brackets_comments": "x = [  # open\n    (1, 2),  # pair\n    # alone\n    {3: 4},\n]"
    "  # close\n",
    "long_list_literal": "DATA = [\n"
    + "".join(f"    ({i}, 'r{i}', {i}.5),\n" for i in range(50))
    + "]\n",
    "migration_call": "operations = [\n    migrations.AddField(\n        model_name='m',\n"
    "        name='f',\n        field=models.CharField(max_length=10, default=''),\n    ),\n]\n",
}

if __name__ == "__main__":
    import json
    import sys
    from pathlib import Path

    from radon.metrics import mi_visit
    from radon.raw import analyze

    assert sys.version_info[:2] == (3, 11), "pin radon's figures with Python 3.11"
    figures = {}
    for name, source in CASES.items():
        try:
            raw = analyze(source)._asdict()
        except SyntaxError:
            raw = "SyntaxError"
        try:
            mi = mi_visit(source, True)
        except SyntaxError:
            mi = "SyntaxError"
        figures[name] = {"raw": raw, "mi": mi}
    target = Path(__file__).with_name("radon311_figures.json")
    target.write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(figures)} cases to {target}")
