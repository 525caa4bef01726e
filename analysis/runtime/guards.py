"""Code that runs only under a condition vermin cannot see, found in the syntax tree.

vermin (1.9) reports what a construct needs wherever it appears. These patterns, all seen in
real code (pip, hypothesis, SQLAlchemy), make such a report a false positive for "the code
needs this version to run":

- ``if sys.version_info >= (3, N):`` (also inside ``and``): the body runs only on 3.N+;
  ``if sys.version_info < (3, N):`` (also inside ``or``): the ``else`` branch, and, when the body
  ends in ``return``/``raise``/``continue``/``break``, the rest of the block (pip's
  ``if sys.version_info < (3, 15): return``);
- ``try:`` with a handler for ImportError, AttributeError, NameError or any exception: an API
  the body uses may be missing (``typing.TypeIs`` in hypothesis); syntax is another matter;
- annotations in a module with ``from __future__ import annotations`` (PEP 563) are never
  evaluated (``slice[Any, Any, Any]`` in SQLAlchemy, reported as 3.15);
- ``if hasattr(hashlib, "file_digest"):`` runs its body only where the attribute exists (and
  ``if not hasattr(...)``: its else branch, or the rest of the block after an exiting body).

None of these can guard grammar (:mod:`analysis.runtime.grammar`): the file is parsed first.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

_FALLBACK_ERRORS = {
    "ImportError",
    "ModuleNotFoundError",
    "AttributeError",
    "NameError",
    "Exception",
    "BaseException",
}
_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
_EXITS = (ast.Return, ast.Raise, ast.Continue, ast.Break)

Span = tuple[int, int]


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _compare(test: ast.expr) -> tuple[str, tuple[int, int]] | None:
    """``sys.version_info >= (3, N)`` (``>``, ``<``, ``sys.version_info[:2]``)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    left = test.left.value if isinstance(test.left, ast.Subscript) else test.left
    if not (isinstance(left, ast.Attribute) and left.attr == "version_info"):
        return None
    right = test.comparators[0]
    if not isinstance(right, ast.Tuple) or len(right.elts) < 2:
        return None
    parts = [
        e.value for e in right.elts[:2] if isinstance(e, ast.Constant) and isinstance(e.value, int)
    ]
    if len(parts) != 2:
        return None
    operator = {ast.GtE: ">=", ast.Gt: ">=", ast.Lt: "<"}.get(type(test.ops[0]))
    return (operator, (parts[0], parts[1])) if operator else None


def version_guard(test: ast.expr) -> tuple[str, tuple[int, int]] | None:
    """("body", (3, N)) when the if-body runs only on 3.N+; ("else", (3, N)) when the else
    branch (and what follows an exiting body) does; None otherwise."""
    tests, joined = [test], None
    if isinstance(test, ast.BoolOp):
        tests, joined = test.values, type(test.op)
    for item in tests:
        found = _compare(item)
        if found is None:
            continue
        operator, version = found
        if operator == ">=" and joined in (None, ast.And):
            return "body", version
        if operator == "<" and joined in (None, ast.Or):
            return "else", version
    return None


def span(stmts: list[ast.stmt]) -> Span | None:
    if not stmts:
        return None
    return stmts[0].lineno, stmts[-1].end_lineno or stmts[-1].lineno


def version_spans(stmts: list[ast.stmt]) -> list[tuple[int, int, tuple[int, int]]]:
    """(first, last, (3, N)) for the code in one block that runs only on 3.N and later."""
    found = []
    for index, node in enumerate(stmts):
        if not isinstance(node, ast.If):
            continue
        guard = version_guard(node.test)
        if guard is None:
            continue
        where, version = guard
        if where == "body":
            newer = span(node.body)
        else:
            newer = span(node.orelse)
            if not node.orelse and node.body and isinstance(node.body[-1], _EXITS):
                newer = span(stmts[index + 1 :])
        if newer is not None:
            found.append((*newer, version))
    return found


def _handled(node: ast.Try | ast.TryStar, names: set[str]) -> bool:
    for handler in node.handlers:
        if handler.type is None:
            return True
        types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        if any(_name(t) in names for t in types):
            return True
    return False


def catches_import_error(node: ast.Try | ast.TryStar) -> bool:
    return _handled(node, _IMPORT_ERRORS)


def has_fallback(node: ast.Try | ast.TryStar) -> bool:
    return _handled(node, _FALLBACK_ERRORS)


def postponed_annotations(tree: ast.Module) -> bool:
    """``from __future__ import annotations`` (PEP 563): future imports come first, after the
    docstring."""
    for index, node in enumerate(tree.body):
        docstring = (
            index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        )
        if docstring:
            continue
        if not (isinstance(node, ast.ImportFrom) and node.module == "__future__"):
            return False
        if any(alias.name == "annotations" for alias in node.names):
            return True
    return False


def annotation_spans(node: ast.stmt) -> list[Span]:
    """Lines holding only annotations: a function's parameter and return annotations on lines
    other than its ``def`` line, and bare declarations ``x: T`` (no value)."""
    spans: list[Span] = []
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        arguments = node.args
        parameters = (
            *arguments.posonlyargs,
            *arguments.args,
            arguments.vararg,
            *arguments.kwonlyargs,
            arguments.kwarg,
        )
        annotations = [p.annotation for p in parameters if p is not None and p.annotation]
        if node.returns is not None:
            annotations.append(node.returns)
        for annotation in annotations:
            if annotation.lineno > node.lineno:
                spans.append((annotation.lineno, annotation.end_lineno or annotation.lineno))
    elif isinstance(node, ast.AnnAssign) and node.value is None:
        spans.append((node.lineno, node.end_lineno or node.lineno))
    return spans


def _hasattr_text(test: ast.expr) -> tuple[bool, str] | None:
    """(True, text) when ``test`` holds only if an attribute exists (``hasattr(m, "x")``, also
    inside ``and``); (False, text) for ``not hasattr(...)`` (also inside ``or``); else None."""

    def call(node: ast.expr) -> str | None:
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "hasattr"
            and len(node.args) == 2
        ):
            return ast.unparse(node)[:80]
        return None

    items, joined = [test], None
    if isinstance(test, ast.BoolOp):
        items, joined = test.values, type(test.op)
    for item in items:
        found = call(item)
        if found and joined in (None, ast.And):
            return True, found
        if isinstance(item, ast.UnaryOp) and isinstance(item.op, ast.Not):
            found = call(item.operand)
            if found and joined in (None, ast.Or):
                return False, found
    return None


def blocks(tree: ast.Module) -> Iterator[list[ast.stmt]]:
    """Every block of statements (module, class and function bodies, branches, handlers, match
    cases), without visiting expressions: a fraction of ``ast.walk``'s nodes."""
    pending = [tree.body]
    while pending:
        stmts = pending.pop()
        yield stmts
        for node in stmts:
            for name in ("body", "orelse", "finalbody"):
                child = getattr(node, name, None)
                if isinstance(child, list) and child:
                    pending.append(child)
            pending.extend(h.body for h in getattr(node, "handlers", ()) if h.body)
            pending.extend(c.body for c in getattr(node, "cases", ()) if c.body)


def hasattr_spans(tree: ast.Module) -> list[tuple[int, int, str]]:
    """(first, last, "hasattr(hashlib, 'file_digest')") for code that runs only when an
    attribute exists: the body of ``if hasattr(...)``, the else branch of ``if not
    hasattr(...)`` and, when that body ends in return/raise/continue/break, the rest of its
    block. An API used there has a fallback, as in a try/except."""
    found: list[tuple[int, int, str]] = []
    for stmts in blocks(tree):
        for index, statement in enumerate(stmts):
            if not isinstance(statement, ast.If):
                continue
            guard = _hasattr_text(statement.test)
            if guard is None:
                continue
            exits = statement.body and isinstance(statement.body[-1], _EXITS)
            if guard[0]:
                newer = span(statement.body)
            elif statement.orelse:
                newer = span(statement.orelse)
            else:
                newer = span(stmts[index + 1 :]) if exits else None
            if newer is not None:
                found.append((*newer, guard[1]))
    return found


_MODULE_FEATURE = re.compile(r"^'([\w.]+)' module$")
_MEMBER_FEATURE = re.compile(r"^'([\w.]+)' member$")
_KEYWORD_FEATURE = re.compile(r"^'[\w.]+\((\w+)\)'$")


def _uses(node: ast.AST, module: str | None, member: str | None, keyword: str | None) -> bool:
    if module is not None:
        if isinstance(node, ast.Import):
            return any(a.name == module or a.name.startswith(f"{module}.") for a in node.names)
        if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
            return False
        return node.module == module or node.module.startswith(f"{module}.")
    if member is not None:
        owner, _, last = member.rpartition(".")
        if isinstance(node, ast.Attribute):
            return node.attr == last
        if isinstance(node, ast.ImportFrom):
            return any(a.name == last for a in node.names)
        return not owner and isinstance(node, ast.Name) and node.id == last
    return isinstance(node, ast.keyword) and node.arg == keyword


def entity_lines(tree: ast.Module, feature: str) -> list[int]:
    """Every line where the module, member or keyword argument of a vermin finding is used.

    vermin (1.9.2) keeps one line per name, the last one it saw (``__add_line_col``): a guarded
    last use can hide an unguarded earlier one, so a guard sets a finding aside only when it
    covers every use. Imports for a module; attribute reads and ``from`` imports for a member;
    keyword arguments for a keyword. [] for other findings.
    """
    module = _MODULE_FEATURE.match(feature)
    member = _MEMBER_FEATURE.match(feature)
    keyword = _KEYWORD_FEATURE.match(feature)
    if not (module or member or keyword):
        return []
    names = (
        module.group(1) if module else None,
        member.group(1) if member else None,
        keyword.group(1) if keyword else None,
    )
    # every node _uses accepts is a statement, an expression or a keyword: all have a line
    located = (ast.stmt, ast.expr, ast.keyword)
    return sorted({n.lineno for n in ast.walk(tree) if isinstance(n, located) and _uses(n, *names)})
