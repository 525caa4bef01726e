"""Fast syntax-tree traversal shared by the radon and vermin speed-ups.

``ast.iter_child_nodes`` and ``ast.walk`` go through generators and ``ast.iter_fields``; on
the per-file hot path (hundreds of thousands of nodes per thousand files) that machinery costs
more than the rules run on the nodes. These give the same nodes in the same order.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterator

_AST = ast.AST


def children(node: ast.AST) -> list[ast.AST]:
    """``list(ast.iter_child_nodes(node))``, without the generator machinery."""
    out = []
    append = out.append
    for name in node._fields:
        value = getattr(node, name, None)
        if value.__class__ is list:
            for item in value:
                if isinstance(item, _AST):
                    append(item)
        elif isinstance(value, _AST):
            append(value)
    return out


def walk(node: ast.AST) -> Iterator[ast.AST]:
    """``ast.walk``: breadth first, children in field order."""
    todo = deque([node])
    popleft, extend = todo.popleft, todo.extend
    while todo:
        node = popleft()
        extend(children(node))
        yield node
