"""Halstead, cyclomatic complexity and Maintainability Index with radon's own visitors.

Maintainability Index exactly as ``radon.metrics.mi_visit(code, multi=True)`` (radon 6.0.1,
``radon/metrics.py``): ``mi_compute`` of the Halstead volume (``HalsteadVisitor``), the total
cyclomatic complexity (``ComplexityVisitor.total_complexity``), LLOC and the share of comment
lines counting multi-line strings as comments, from the linear raw counts
(``analysis.code.raw_metrics``) instead of radon's quadratic ``analyze``. The three visitors run
on one ``ast.parse``. Function records are radon's blocks (functions, methods, classes,
closures) with radon's rank, the SonarSource cognitive complexity (``analysis.code.cognitive``),
the parameter count and radon's per-function Halstead report added.

radon's cyclomatic complexity is kept as radon computes it, for comparability with ``radon cc``,
although it adds nothing for ``except*`` handlers (``ast.TryStar``) nor for ``match`` guards.
"""

from __future__ import annotations

import ast

from radon.metrics import halstead_visitor_report, mi_compute
from radon.visitors import Class, Function, HalsteadVisitor

from analysis.code.cognitive import cognitive_complexities
from analysis.code.parsing import ParsedSource
from analysis.code.radon_speed import FastComplexityVisitor, FastHalsteadVisitor
from analysis.code.results import FileMetrics, FunctionMetrics, HalsteadMetrics, cc_rank

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


class _HalsteadByNode(FastHalsteadVisitor):
    """radon's HalsteadVisitor (on faster machinery, ``analysis.code.radon_speed``) that also
    remembers which function each report belongs to."""

    def __init__(self, context=None) -> None:
        super().__init__(context)
        self.function_nodes: list[ast.AST] = []

    def visit_FunctionDef(self, node) -> None:
        super().visit_FunctionDef(node)
        self.function_nodes.append(node)


def _halstead(visitor: HalsteadVisitor) -> HalsteadMetrics:
    return HalsteadMetrics(*halstead_visitor_report(visitor))


def _definitions(statements, out: dict[tuple[int, int], ast.AST]) -> None:
    """Every def/class by (line, column), walking statements only (they cannot hide in
    expressions)."""
    for node in statements:
        if isinstance(node, _DEFINITIONS):
            out[(node.lineno, node.col_offset)] = node
        for field in ("body", "orelse", "finalbody"):
            inner = getattr(node, field, None)
            if inner:
                _definitions(inner, out)
        for handler in getattr(node, "handlers", ()):
            _definitions(handler.body, out)
        for case in getattr(node, "cases", ()):
            _definitions(case.body, out)


def _is_staticmethod(decorator: ast.AST) -> bool:
    if isinstance(decorator, ast.Name):
        return decorator.id == "staticmethod"
    return isinstance(decorator, ast.Attribute) and decorator.attr == "staticmethod"


def parameter_count(node: ast.FunctionDef | ast.AsyncFunctionDef, is_method: bool) -> int:
    """All parameters, ``*args`` and ``**kwargs`` included, less the implicit ``self``/``cls``
    of a method that is not a ``staticmethod`` (SonarQube python:S107)."""
    args = node.args
    count = len(args.posonlyargs) + len(args.args) + len(args.kwonlyargs)
    count += (args.vararg is not None) + (args.kwarg is not None)
    if is_method and count and not any(_is_staticmethod(d) for d in node.decorator_list):
        count -= 1
    return count


def _records(blocks, prefix: str, context: dict) -> list[FunctionMetrics]:
    """Flatten radon's blocks: functions, methods (``Class.method``), classes, closures."""
    out: list[FunctionMetrics] = []
    nodes, cognitive, halstead = context["nodes"], context["cognitive"], context["halstead"]
    for block in blocks:
        name = f"{prefix}{block.name}"
        node = nodes.get((block.lineno, block.col_offset))
        endline = getattr(node, "end_lineno", None) or block.endline
        if isinstance(block, Class):
            out.append(
                FunctionMetrics(
                    name,
                    block.lineno,
                    endline,
                    "class",
                    block.complexity,
                    rank=cc_rank(block.complexity),
                )
            )
            out.extend(_records(block.methods, f"{name}.", context))
            out.extend(_records(block.inner_classes, f"{name}.", context))
        elif isinstance(block, Function):
            out.append(
                FunctionMetrics(
                    name,
                    block.lineno,
                    endline,
                    "method" if block.is_method else "function",
                    block.complexity,
                    cognitive=cognitive.get(node),
                    params=None if node is None else parameter_count(node, block.is_method),
                    rank=cc_rank(block.complexity),
                    halstead=halstead.get(node),
                )
            )
            out.extend(_records(block.closures, f"{name}.", context))
    return out


def complexity_metrics(source: ParsedSource, result: FileMetrics) -> None:
    """Halstead, cyclomatic complexity, MI and function records of a parsed file."""
    tree, raw = source.tree, source.raw
    if tree is None or raw is None or result.status != "ok":
        return
    try:
        halstead = _HalsteadByNode.from_ast(tree)
        visitor = FastComplexityVisitor.from_ast(tree)
        cognitive = cognitive_complexities(tree)
        nodes: dict[tuple[int, int], ast.AST] = {}
        _definitions(tree.body, nodes)
    except RecursionError:
        result.status = "syntax_error"
        result.reason = "nested too deeply for the complexity visitors"
        return
    result.halstead = _halstead(halstead)
    comments = (raw.comments + raw.multi) / float(raw.sloc) * 100 if raw.sloc else 0
    result.mi = mi_compute(result.halstead.volume, visitor.total_complexity, raw.lloc, comments)
    result.cc_total = visitor.total_complexity
    context = {
        "nodes": nodes,
        "cognitive": cognitive,
        "halstead": {
            node: _halstead(report)
            for node, report in zip(
                halstead.function_nodes, halstead.function_visitors, strict=True
            )
        },
    }
    blocks = sorted([*visitor.functions, *visitor.classes], key=lambda b: b.lineno)
    result.functions = _records(blocks, "", context)
