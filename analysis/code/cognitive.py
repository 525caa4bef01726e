"""Cognitive complexity of Python functions (G. Ann Campbell, "Cognitive Complexity", SonarSource).

The white paper's rules, read for Python:

- +1 for each break in the linear flow: ``if``, ``elif``, ``else`` (of ``if``, of a loop and of
  ``try``), a conditional expression, ``for``/``while``, ``except`` (each handler, ``except*``
  too), ``match`` (the paper's ``switch``: once, not per ``case``), each sequence of like boolean
  operators (``a and b and c`` +1, ``a and b or c`` +2), and each function in a recursion cycle.
- A nesting increment on top (+ current nesting level) for ``if``, conditional expressions,
  loops, ``except`` and ``match``; ``elif`` and ``else`` take no nesting increment.
- The nesting level grows inside the bodies of ``if``/``elif``/``else``, loops, ``except``,
  ``case``, conditional expressions, nested functions and lambdas.

Where the paper is silent on a Python construct, SonarSource's own Python analyzer decides
(sonar-python ``CognitiveComplexityVisitor``, rule python:S3776): ``try``, ``finally`` and
``with`` bodies are not nested; comprehensions are shorthand and add nothing; a function nested
in another is scored inside its parent (the nested one has no score of its own) one level
deeper, except a decorator's wrapper (a parent whose other statements are all ``return name``),
which stays at its parent's level; a class nested in a function restarts at level 0. Plain
``break``/``continue`` add nothing (Python has no labelled jumps).

Differences from sonar-python, on purpose: the paper nests lambdas and counts recursion,
sonar-python does neither. Recursion is found by name within the module: calls to module-level
functions by their name, and calls ``self.m(...)``/``cls.m(...)`` between methods of one class.
Boolean operators are flattened across nested ``and``/``or`` nodes of the AST, which has no
parentheses, so a redundant ``(a and b) and c`` counts once where sonar-python counts the
parenthesised group separately.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping

from analysis.ast_nodes import children
from analysis.graph_cycles import strongly_connected_components

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_Function = ast.FunctionDef | ast.AsyncFunctionDef
_LOOPS = (ast.For, ast.AsyncFor, ast.While)
_TRIES = (ast.Try, ast.TryStar)
_SELF_NAMES = ("self", "cls")
#: nodes with nothing inside that could add complexity: skipped without a look
_LEAVES = frozenset(
    (
        ast.Name,
        ast.Constant,
        ast.Load,
        ast.Store,
        ast.Del,
        ast.alias,
        ast.Pass,
        ast.Break,
        ast.Continue,
        ast.Global,
        ast.Nonlocal,
        ast.Import,
        ast.ImportFrom,
    )
)
#: expressions with a rule of their own (the others only hold expressions)
_SCORED = frozenset((ast.BoolOp, ast.IfExp, ast.Lambda, ast.Call))

# A root function is keyed by its node; a call target by ("module", name) or (class node, name).
_Key = tuple[object, str]


class _Scorer:
    """Scores one root function; remembers the names it calls for the recursion rule."""

    def __init__(
        self, module_functions: Mapping[str, _Function], owner: ast.ClassDef | None
    ) -> None:
        self.score = 0
        self.calls: set[_Key] = set()
        self._wrappers: set[int] = set()  # id() of nested functions that are decorator wrappers
        self._in_class = False  # a function whose nearest enclosing scope is a class: level 0
        self._module_functions = module_functions
        self._owner = owner
        self._owner_methods = (
            {n.name for n in owner.body if isinstance(n, _FUNCTIONS)} if owner else set()
        )

    # -- statements ---------------------------------------------------------------------------
    def body(self, statements: Iterable[ast.stmt], level: int) -> None:
        for statement in statements:
            self.statement(statement, level)

    def statement(self, node: ast.stmt, level: int) -> None:
        if isinstance(node, ast.If):
            self.score += 1 + level
            self._if_rest(node, level)
        elif isinstance(node, _LOOPS):
            self.score += 1 + level
            if isinstance(node, ast.While):
                self.expression(node.test, level)
            else:
                self.expression(node.target, level)
                self.expression(node.iter, level)
            self.body(node.body, level + 1)
            if node.orelse:
                self.score += 1
                self.body(node.orelse, level + 1)
        elif isinstance(node, _TRIES):
            self.body(node.body, level)
            for handler in node.handlers:
                self.score += 1 + level
                if handler.type is not None:
                    self.expression(handler.type, level)
                self.body(handler.body, level + 1)
            if node.orelse:
                self.score += 1
                self.body(node.orelse, level + 1)
            self.body(node.finalbody, level)
        elif isinstance(node, ast.Match):
            self.score += 1 + level
            self.expression(node.subject, level)
            for case in node.cases:
                if case.guard is not None:
                    self.expression(case.guard, level + 1)
                self.body(case.body, level + 1)
        elif isinstance(node, _FUNCTIONS):
            self.nested_function(node, level)
        elif isinstance(node, ast.ClassDef):  # a class restarts at level 0 (sonar-python)
            for child in (*node.decorator_list, *node.bases, *node.keywords):
                self.expression(child, 0)
            outer, self._in_class = self._in_class, True
            self.body(node.body, 0)
            self._in_class = outer
        elif isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                self.expression(item, level)
            self.body(node.body, level)
        elif type(node) not in _LEAVES:  # simple statements hold expressions only
            for child in children(node):
                self.expression(child, level)

    def _if_rest(self, node: ast.If, level: int) -> None:
        """The test, body and ``elif``/``else`` chain of an ``if`` already counted."""
        while True:
            self.expression(node.test, level)
            self.body(node.body, level + 1)
            orelse = node.orelse
            if not orelse:
                return
            nested = orelse[0]
            # `elif` is an If alone in orelse, starting at the column of its `if`; an `if`
            # inside an `else:` block is indented deeper.
            if (
                len(orelse) == 1
                and type(nested) is ast.If
                and nested.col_offset == node.col_offset
                and nested.lineno > node.lineno
            ):
                self.score += 1  # elif: no nesting increment
                node = nested
                continue
            self.score += 1  # else
            self.body(orelse, level + 1)
            return

    def nested_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, level: int) -> None:
        if self._in_class:
            inner = 0
        elif id(node) in self._wrappers:
            inner = level
        else:
            inner = level + 1
        outer, self._in_class = self._in_class, False
        self.function_parts(node, inner)
        self._in_class = outer

    def function_parts(self, node: ast.FunctionDef | ast.AsyncFunctionDef, level: int) -> None:
        for child in (*node.decorator_list, node.args):
            self.expression(child, level)
        if node.returns is not None:
            self.expression(node.returns, level)
        self._wrappers.update(_wrappers(node))
        self.body(node.body, level)

    # -- expressions --------------------------------------------------------------------------
    def expression(self, node: ast.AST, level: int) -> None:
        kind = type(node)
        if kind in _LEAVES:
            return
        if kind in _SCORED:
            if isinstance(node, ast.BoolOp):
                operators: list[type] = []
                operands: list[ast.AST] = []
                _flatten(node, operators, operands)
                previous = None
                for operator in operators:
                    if operator is not previous:
                        self.score += 1
                    previous = operator
                for operand in operands:
                    self.expression(operand, level)
                return
            if isinstance(node, ast.IfExp):
                self.score += 1 + level
                for part in (node.test, node.body, node.orelse):
                    self.expression(part, level + 1)
                return
            if isinstance(node, ast.Lambda):  # the paper nests lambdas
                self.expression(node.args, level)
                self.expression(node.body, level + 1)
                return
            if isinstance(node, ast.Call):
                self._note_call(node.func)
        for child in children(node):
            self.expression(child, level)

    def _note_call(self, func: ast.AST) -> None:
        if type(func) is ast.Name:
            if func.id in self._module_functions:
                self.calls.add(("module", func.id))
        elif (
            type(func) is ast.Attribute
            and type(func.value) is ast.Name
            and func.value.id in _SELF_NAMES
            and func.attr in self._owner_methods
        ):
            self.calls.add((self._owner, func.attr))


def _flatten(node: ast.BoolOp, operators: list[type], operands: list[ast.AST]) -> None:
    """Operators of nested and/or in reading order, and the operands that are not and/or."""
    operator = type(node.op)
    for index, value in enumerate(node.values):
        if index:
            operators.append(operator)
        if type(value) is ast.BoolOp:
            _flatten(value, operators, operands)
        else:
            operands.append(value)


def _is_simple_return(statement: ast.stmt) -> bool:
    return type(statement) is ast.Return and type(statement.value) is ast.Name


def _wrappers(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[int]:
    """sonar-python: a nested function whose parent only returns names besides it is a wrapper."""
    return [
        id(function)
        for function in node.body
        if isinstance(function, _FUNCTIONS)
        and all(s is function or _is_simple_return(s) for s in node.body)
    ]


def _roots(statements: Iterable[ast.stmt], owner: ast.ClassDef | None, out: list) -> None:
    """Functions not nested in a function, with the class that owns them (or None)."""
    for node in statements:
        if isinstance(node, _FUNCTIONS):
            out.append((node, owner))
        elif isinstance(node, ast.ClassDef):
            _roots(node.body, node, out)
        else:
            for field in ("body", "orelse", "finalbody"):
                _roots(getattr(node, field, ()), owner, out)
            for handler in getattr(node, "handlers", ()):
                _roots(handler.body, owner, out)
            for case in getattr(node, "cases", ()):
                _roots(case.body, owner, out)


def _in_cycles(graph: dict[_Key, set[_Key]]) -> set[_Key]:
    """Nodes on a cycle of the call graph: a component of two or more, or a self-call."""
    found: set[_Key] = set()
    for component in strongly_connected_components(graph):
        if len(component) > 1 or component[0] in graph.get(component[0], ()):
            found.update(component)
    return found


def cognitive_complexities(tree: ast.Module) -> dict[ast.AST, int]:
    """Cognitive complexity of every function not nested in another function, by its node."""
    roots: list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, ast.ClassDef | None]] = []
    _roots(tree.body, None, roots)
    module_functions = {node.name: node for node, owner in roots if owner is None}
    scores: dict[ast.AST, int] = {}
    graph: dict[_Key, set[_Key]] = {}
    keys: dict[_Function, _Key] = {}
    for node, owner in roots:
        scorer = _Scorer(module_functions, owner)
        scorer.function_parts(node, 0)
        scores[node] = scorer.score
        key: _Key = ("module", node.name) if owner is None else (owner, node.name)
        if owner is not None or module_functions.get(node.name) is node:
            keys[node] = key
            graph.setdefault(key, set()).update(scorer.calls)
    recursive = _in_cycles(graph)
    for node, key in keys.items():
        if key in recursive:
            scores[node] += 1
    return scores
