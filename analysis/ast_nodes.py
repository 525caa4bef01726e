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
import types
import typing
from collections import deque
from collections.abc import Iterator

_AST = ast.AST
_VALUE_TYPES = frozenset((str, int, bool, bytes, type(None)))
_CONTAINERS = (list, types.UnionType, typing.Union)
_FIELDS: dict[type, tuple[str, ...]] = {}


def _may_hold_nodes(annotation: object) -> bool:
    """False only for a field typed as plain values (``str``, ``int``, ``list[str]``, ...)."""
    if annotation in _VALUE_TYPES:
        return False
    arguments = typing.get_args(annotation)
    if arguments and typing.get_origin(annotation) in _CONTAINERS:
        return any(_may_hold_nodes(argument) for argument in arguments)
    return True


def _node_fields(cls: type[ast.AST]) -> tuple[str, ...]:
    """The fields of ``cls`` that can hold nodes, in field order, less ``ctx`` (3.13+ types
    its fields in ``_field_types``; earlier versions: every field but ``ctx``)."""
    typed = getattr(cls, "_field_types", {})
    fields = tuple(
        name
        for name in cls._fields
        if name != "ctx" and (name not in typed or _may_hold_nodes(typed[name]))
    )
    _FIELDS[cls] = fields
    return fields


def children(node: ast.AST) -> list[ast.AST]:
    """``list(ast.iter_child_nodes(node))`` less the context marker, without generators.

    Kept on the node (``_children`` in its ``__dict__``, outside its ``_fields``): the code
    engine walks each tree several times (radon's two visitors, vermin, the module walk), and
    nothing changes a parsed tree. The list is shared: callers must not change it."""
    attributes = node.__dict__
    out = attributes.get("_children")
    if out is not None:
        return out
    out = []
    append = out.append
    fields = _FIELDS.get(node.__class__)
    if fields is None:
        fields = _node_fields(node.__class__)
    for name in fields:
        value = attributes.get(name)
        if value.__class__ is list:
            for item in value:
                if isinstance(item, _AST):
                    append(item)
        elif isinstance(value, _AST):
            append(value)
    attributes["_children"] = out
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
