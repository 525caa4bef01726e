"""radon's ComplexityVisitor and HalsteadVisitor on faster tree-walking machinery, same figures.

Every rule (what adds to the cyclomatic complexity, which node is an operator or operand) stays
radon's own code; only ``ast.NodeVisitor``'s machinery underneath it is replaced:

- ``NodeVisitor.visit`` builds ``"visit_" + class name`` and looks it up with ``getattr`` for
  every node; here the method is looked up once per (visitor class, node class);
- ``NodeVisitor.generic_visit`` goes through ``ast.iter_fields`` (a generator) and two
  ``isinstance`` tests per field; here one loop over ``_fields``, visiting children in the same
  order, less the ``Load``/``Store``/``Del`` context markers, on which neither visitor does
  anything (:func:`analysis.ast_nodes.children`, shared with vermin's);
- radon's ``visit_FunctionDef``/``visit_ClassDef`` create their nested visitors by class name
  (``ComplexityVisitor(...)``, ``HalsteadVisitor.from_ast``), so the bodies of functions, where
  most code is, would fall back to the slow machinery: they are repeated here (radon 6.0.1,
  ``radon/visitors.py``, MIT licence) with ``type(self)`` instead.

Measured on 400 files of the synthetic project (benchmarks/make_synthetic_project.py, CPython
3.13, one process): the Halstead/complexity extractor from 1.75 s to 1.48 s, the whole per-file
measurement ~5% faster. tests/test_radon_speed.py runs stock and fast visitors over standard
library modules and compares every figure.
"""

from __future__ import annotations

import ast

from radon.visitors import Class, ComplexityVisitor, Function, HalsteadVisitor

from analysis.ast_nodes import CachedDispatch, children


class FastNodeVisitor(CachedDispatch, ast.NodeVisitor):
    """``visit`` and ``generic_visit`` of ``ast.NodeVisitor``, same order, less overhead.

    Placed after radon's visitor in a subclass's bases, so that radon's
    ``super(HalsteadVisitor, self).generic_visit`` reaches this one too."""

    def generic_visit(self, node):
        visit = self.visit
        for child in children(node):
            visit(child)

    def visit_Constant(self, node):
        # ``NodeVisitor.visit_Constant`` looks up the pre-3.8 ``visit_Num``/``visit_Str``/...
        # methods for every literal; radon's visitors define none of them.
        return self.generic_visit(node)


class FastComplexityVisitor(ComplexityVisitor, FastNodeVisitor):
    """radon's ``ComplexityVisitor``; nested visitors are of this class too."""

    def visit_FunctionDef(self, node):
        closures = []
        body_complexity = 1
        for child in node.body:
            visitor = type(self)(off=False, no_assert=self.no_assert)
            visitor.visit(child)
            closures.extend(visitor.functions)
            body_complexity += visitor.complexity
        func = Function(
            node.name,
            node.lineno,
            node.col_offset,
            max(node.lineno, visitor.max_line),
            self.to_method,
            self.classname,
            closures,
            body_complexity,
        )
        self.functions.append(func)

    def visit_ClassDef(self, node):
        methods = []
        body_complexity = 1
        classname = node.name
        visitors_max_lines = [node.lineno]
        inner_classes = []
        for child in node.body:
            visitor = type(self)(True, classname, off=False, no_assert=self.no_assert)
            visitor.visit(child)
            methods.extend(visitor.functions)
            body_complexity += (
                visitor.complexity + visitor.functions_complexity + len(visitor.functions)
            )
            visitors_max_lines.append(visitor.max_line)
            inner_classes.extend(visitor.classes)
        cls = Class(
            classname,
            node.lineno,
            node.col_offset,
            max(visitors_max_lines + [method.endline for method in methods]),
            methods,
            inner_classes,
            body_complexity,
        )
        self.classes.append(cls)


class FastHalsteadVisitor(HalsteadVisitor, FastNodeVisitor):
    """radon's ``HalsteadVisitor``; nested visitors are of this class too."""

    def visit_FunctionDef(self, node):
        func_visitor = HalsteadVisitor(context=node.name)
        for child in node.body:
            visitor = type(self).from_ast(child, context=node.name)
            self.operators += visitor.operators
            self.operands += visitor.operands
            self.operators_seen.update(visitor.operators_seen)
            self.operands_seen.update(visitor.operands_seen)
            func_visitor.operators += visitor.operators
            func_visitor.operands += visitor.operands
            func_visitor.operators_seen.update(visitor.operators_seen)
            func_visitor.operands_seen.update(visitor.operands_seen)
        self.function_visitors.append(func_visitor)
