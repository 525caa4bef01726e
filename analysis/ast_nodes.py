"""Fast syntax-tree traversal shared by the radon and vermin speed-ups.

``ast.iter_child_nodes`` and ``ast.walk`` go through generators and ``ast.iter_fields``; on
the per-file hot path (hundreds of thousands of nodes per thousand files) that machinery costs
more than the rules run on the nodes. These give the same nodes in the same order, less the
``Load``/``Store``/``Del`` context markers (a fieldless node under every name, attribute,
subscript, starred, list and tuple: ~40% of all nodes), which neither radon's visitors nor
vermin's do anything with (their tests compare stock and fast results).
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterator

_AST = ast.AST


def children(node: ast.AST) -> list[ast.AST]:
    """``list(ast.iter_child_nodes(node))`` less the context marker, without generators."""
    out: list[ast.AST] = []
    append = out.append
    for name in node._fields:
        if name == "ctx":
            continue
        value = getattr(node, name, None)
        if value.__class__ is list:
            for item in value:
                if isinstance(item, _AST):
                    append(item)
        elif isinstance(value, _AST):
            append(value)
    return out


def walk(node: ast.AST) -> Iterator[ast.AST]:
    """``ast.walk`` less the context markers: breadth first, children in field order."""
    todo = deque([node])
    popleft, extend = todo.popleft, todo.extend
    while todo:
        node = popleft()
        extend(children(node))
        yield node


class CachedDispatch:
    """``ast.NodeVisitor.visit`` with each ``visit_<NodeClass>`` method looked up once per
    (visitor class, node class) instead of by name for every node. Put it before the visitor
    class in the bases; every subclass gets its own table."""

    _dispatch: dict[type, object]

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls._dispatch = {}

    def visit(self, node):
        cls = node.__class__
        table = type(self)._dispatch
        try:
            method = table[cls]
        except KeyError:
            method = table[cls] = getattr(type(self), "visit_" + cls.__name__, None)
        if method is None:
            return self.generic_visit(node)
        return method(self, node)
