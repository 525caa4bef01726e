"""The faster radon visitors (analysis.code.radon_speed) give exactly radon's figures.

Reference: radon's own ``ComplexityVisitor`` and ``HalsteadVisitor`` on the same trees, over
standard-library modules of the running interpreter (real code of every shape: classes,
closures, match statements, comprehensions, async) and the hand-made corpus of
``test_code_metrics``.
"""

from __future__ import annotations

import ast
import sysconfig
import warnings
from pathlib import Path

from radon.visitors import Class, ComplexityVisitor, HalsteadVisitor
from test_code_metrics import CORPUS

from analysis.code.radon_speed import FastComplexityVisitor, FastHalsteadVisitor


def _sources() -> list[str]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    files = [*sorted(stdlib.glob("*.py"))[::3], *sorted(stdlib.glob("asyncio/*.py"))]
    files += sorted(stdlib.glob("email/*.py"))
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in files]
    return [*CORPUS.values(), *texts]


def _block(block) -> tuple:
    shape = (type(block).__name__, block.name, block.lineno, block.col_offset, block.endline)
    if isinstance(block, Class):
        inner = [_block(b) for b in (*block.methods, *block.inner_classes)]
        return (*shape, block.real_complexity, block.complexity, inner)
    closures = [_block(b) for b in block.closures]
    return (*shape, block.is_method, block.classname, block.complexity, closures)


def _complexity(visitor) -> tuple:
    return visitor.total_complexity, [_block(b) for b in (*visitor.functions, *visitor.classes)]


def _halstead(visitor) -> tuple:
    own = (visitor.operators, visitor.operands, visitor.operators_seen, visitor.operands_seen)
    return own, [_halstead(v) for v in visitor.function_visitors]


def test_fast_visitors_give_radons_figures_on_real_code():
    trees = []
    for text in _sources():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                trees.append(ast.parse(text))
            except SyntaxError:
                continue
    assert len(trees) > 100
    functions = 0
    for tree in trees:
        stock = ComplexityVisitor.from_ast(tree)
        assert _complexity(FastComplexityVisitor.from_ast(tree)) == _complexity(stock)
        stock_halstead = HalsteadVisitor.from_ast(tree)
        assert _halstead(FastHalsteadVisitor.from_ast(tree)) == _halstead(stock_halstead)
        functions += len(stock.blocks)
    assert functions > 2000  # the comparison covered many functions, methods and classes
