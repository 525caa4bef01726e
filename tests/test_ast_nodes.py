"""analysis.ast_nodes: the shared traversal gives ``ast``'s own children, less ``ctx`` markers.

Reference: ``ast.iter_child_nodes`` and ``ast.walk`` over standard-library modules of the
running interpreter (every node type the parser produces) and a hand-made module.
"""

from __future__ import annotations

import ast
import sys
import sysconfig
import warnings
from pathlib import Path

from analysis.ast_nodes import children, walk

SAMPLE = """
import os, sys as system
from . import sibling
global_name: int = 1
def f(a, /, b: int = 2, *args, c, **kw) -> None:
    global global_name
    x = [i for i in range(3) if i]
    del x
    match a:
        case {"k": [1, *rest]} | [*rest]:
            pass
    return f"{a!r:>{b}}"
class C[T](Base, metaclass=M):
    async def g(self):
        async with self as s:
            await s
"""


def _trees() -> list[ast.Module]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    texts = [SAMPLE, *(p.read_text("utf-8", "replace") for p in sorted(stdlib.glob("*.py"))[::4])]
    trees = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for text in texts:
            try:
                trees.append(ast.parse(text))
            except SyntaxError:
                continue
    return trees


def _expected(node: ast.AST) -> list[ast.AST]:
    return [c for c in ast.iter_child_nodes(node) if not isinstance(c, ast.expr_context)]


def test_children_are_ast_children_less_context_markers_in_order():
    nodes = 0
    for tree in _trees():
        for node in ast.walk(tree):
            expected = _expected(node)
            assert children(node) == expected
            assert children(node) == expected  # the kept list, asked for again
            nodes += 1
    assert nodes > 50_000  # every kind of node the parser makes, many times


def test_walk_is_ast_walk_less_context_markers():
    for tree in _trees()[:20]:
        expected = [n for n in ast.walk(tree) if not isinstance(n, ast.expr_context)]
        assert list(walk(tree)) == expected


def test_kept_children_stay_out_of_the_nodes_fields():
    tree = ast.parse(SAMPLE)
    before = ast.dump(tree, include_attributes=True)
    list(walk(tree))
    assert ast.dump(tree, include_attributes=True) == before
    assert compile(tree, "<sample>", "exec") is not None


def test_clone_tokens_from_the_c_tokenizer_equal_tokenize_generate_tokens(monkeypatch):
    """analysis.code.clone_tokens reads the C tokenizer's tuples directly where it can; the
    stream must be what ``tokenize.generate_tokens`` gives (broken sources included)."""
    from analysis.code import clone_tokens as module

    stdlib = Path(sysconfig.get_paths()["stdlib"])
    texts = [SAMPLE, "x = (1,\n", "def f(:\n  pass\n", "s = '''open\n", "\tif x:\n  \ty\n"]
    texts += [p.read_text("utf-8", "replace") for p in sorted(stdlib.glob("*.py"))[::9]]
    if sys.version_info >= (3, 13):
        assert module._c_tokenize is not None  # the direct path is the one measured
    direct = [module.clone_tokens(text) for text in texts]
    monkeypatch.setattr(module, "_c_tokenize", None)
    assert [module.clone_tokens(text) for text in texts] == direct
    assert sum(stream is None for stream in direct) >= 2  # the broken ones, alike
