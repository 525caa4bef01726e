"""Strongly connected components of a directed graph (Tarjan, 1972), iteratively.

Shared by the architecture phase (dependency cycles between components) and cognitive
complexity (recursion: functions on a cycle of the call graph). Iterative, so deep graphs never
hit Python's recursion limit; linear in nodes + edges.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

N = TypeVar("N", bound=Hashable)


def strongly_connected_components(successors: Mapping[N, Iterable[N]]) -> list[list[N]]:
    """Every component (singletons included), in the order Tarjan's algorithm closes them.

    Nodes are visited in the mapping's order and successors in their iteration order, so the
    result is deterministic for ordered inputs. Successors that are not keys of the mapping are
    ignored.
    """
    index: dict[N, int] = {}
    low: dict[N, int] = {}
    on_stack: set[N] = set()
    stack: list[N] = []
    found: list[list[N]] = []
    counter = 0
    for root in successors:
        if root in index:
            continue
        work = [(root, iter(successors[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in successors:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(successors[child])))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
    return found
