"""vermin, fast enough to run on every file of a large repository, with identical findings.

Measured with vermin 1.9.2 on CPython 3.13 over 793 real files (404k lines of SQLAlchemy,
alembic, pyqtgraph, jsonschema, pytest): stock ``SourceVisitor.tour`` costs 3.7-4.9 times the
parse of the same files, so on a 4,000-module project vermin alone would take ~11 s of the
phase's 10 s budget on two cores. The time goes to machinery, not detection:

1. ``__get_attribute_name`` (35% of the time) walks the whole subtree of every attribute with
   ``ast.walk`` and a chain of ``isinstance`` tests; ``dotted_name`` (9%) joins names through a
   general loop. :class:`FastSourceVisitor` replaces them with the same algorithm (same
   breadth-first order, same rules, copied from vermin 1.9.2, MIT licence) on a faster walk
   and class-identity tests; node dispatch and the generic visit are cached the same way.
2. The rule tables (``MOD_REQS``, ``MOD_MEM_REQS``, ``KWARGS_REQS``) are rebuilt as fresh dicts
   for every file although they depend only on the configuration and are never written to:
   built once per configuration object.
3. ``vermin.utility.split_lines``, a per-character loop over every file, gives the same result
   as ``str.split`` for text without ``\\r`` (the code engine's text has universal newlines).
4. The cyclic garbage collector is paused while one tree is visited (a syntax tree holds no
   cycles; full collections re-scan it while vermin allocates).
5. ``__get_attribute_name`` is asked for the same node again and again (a call's ``func`` by
   ``visit_Call``, then by ``visit_Attribute``): the name is kept per node until the next
   import statement, the only thing that changes what a name resolves to (``module_as_name``
   is written only by ``visit_Import``/``visit_ImportFrom``); ~10% of vermin's time.
6. The generic visit and the attribute-name walk skip the ``Load``/``Store``/``Del`` context
   markers under names, attributes and subscripts (~40% of all nodes): vermin's
   ``visit_Load``/``visit_Store`` are empty, ``Del`` has no line and no children, and in the
   name walk a marker matches none of the cases; ~6% less time.

7. ``vermin.utility.bounded_str_hash`` (the tie-breaker of the output sort) folds the text with
   ``reduce`` and a lambda per character: ``13 + 29 * sum(map(ord, text))`` is the same integer.

1-4 together: ~40% less time (stock 14.5-17.3 s, fast 8.7-10.3 s on that corpus). The speedups
are used only with the vermin versions they were checked against; the tests run stock and
fast vermin over the same sources and compare every reason and minimum.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import itertools
from collections.abc import Iterator

import vermin
import vermin.fstring_detector
import vermin.source_state
import vermin.source_visitor
import vermin.utility
from vermin.constants import VERSION

from analysis.ast_nodes import CachedDispatch, children, walk

CHECKED_VERSIONS = ("1.9.2",)
_Attribute, _Call, _Dict, _Set, _List, _Constant = (
    ast.Attribute,
    ast.Call,
    ast.Dict,
    ast.Set,
    ast.List,
    ast.Constant,
)
_original_split_lines = vermin.utility.split_lines
_original_dotted_name = vermin.source_visitor.dotted_name
_original_bounded_str_hash = vermin.utility.bounded_str_hash
_RULES = ("MOD_REQS", "MOD_MEM_REQS", "KWARGS_REQS")
_original_rules = {name: getattr(vermin.source_state, name) for name in _RULES}


def supported() -> bool:
    return VERSION in CHECKED_VERSIONS and hasattr(
        vermin.SourceVisitor, "_SourceVisitor__get_attribute_name"
    )


def dotted_name(names):
    """``vermin.utility.dotted_name`` with a fast path for a flat list of strings."""
    if names.__class__ is list and all(name.__class__ is str for name in names):
        return ".".join(names)
    return _original_dotted_name(names)


class FastSourceVisitor(CachedDispatch, vermin.SourceVisitor):
    """vermin's visitor with faster machinery; every ``visit_*`` rule is vermin's own."""

    def __init__(self, config, path=None, source=None):
        super().__init__(config, path, source)
        self._names: dict[int, tuple] = {}  # attribute name per node id, see item 5 above

    def generic_visit(self, node):
        state = self._SourceVisitor__s
        if hasattr(node, "lineno"):
            state.line = node.lineno
        state.depth += 1
        for child in children(node):
            self.visit(child)
        state.depth -= 1

    def visit_Import(self, node):
        super().visit_Import(node)
        self._names = {}  # attribute names read import aliases: forget those read before

    def visit_ImportFrom(self, node):
        super().visit_ImportFrom(node)
        self._names = {}

    def _SourceVisitor__get_attribute_name(self, node):
        names = self._names
        known = names.get(id(node))
        if known is not None and known[0] is node:
            return list(known[1])
        full_name = self._attribute_name(node)
        names[id(node)] = (node, full_name)
        return list(full_name)

    def _attribute_name(self, node):
        state = self._SourceVisitor__s
        builtin_types = state.builtin_types
        module_as_name = state.module_as_name
        full_name: list[str] = []
        primi_type = False
        for attr in walk(node):
            if full_name and full_name[0] in builtin_types:
                primi_type = True
            cls = attr.__class__
            if cls is _Attribute:
                full_name.append(attr.attr)
                value = attr.value
                if hasattr(value, "id"):
                    full_name.append(module_as_name.get(value.id, value.id))
            elif cls is _Call:
                if hasattr(attr.func, "id"):
                    full_name.append(attr.func.id)
            elif not primi_type:
                if cls is _Dict or cls is _Set or cls is _List:
                    name = "dict" if cls is _Dict else "set" if cls is _Set else "list"
                    if not full_name or (full_name[0] != name and full_name[-1] != name):
                        full_name.append(name)
                elif cls is _Constant:
                    value = attr.value
                    name = None
                    if isinstance(value, str):
                        name = "str"
                    elif isinstance(value, int | float):
                        name = "int" if isinstance(value, int) else "float"
                    elif isinstance(value, bytes):
                        name = "bytes"
                    if name is not None and (
                        not full_name or (full_name[0] != name and len(full_name) == 1)
                    ):
                        full_name.append(name)
        full_name.reverse()
        return full_name


def split_lines(source):
    """``vermin.utility.split_lines`` without the per-character loop (same return value)."""
    if not isinstance(source, str) or "\r" in source:
        return _original_split_lines(source)
    if not source:
        return [], [0]
    lines = source.split("\n")
    terminated = source.endswith("\n")
    if terminated:
        lines.pop()
    offsets = [0, *itertools.accumulate(len(line) + 1 for line in lines)]
    if not terminated:
        offsets[-1] = len(source)
    return lines, offsets


def bounded_str_hash(value):
    """``vermin.utility.bounded_str_hash`` without the per-character lambda (same value)."""
    return float((13 + 29 * sum(map(ord, value))) % 1000000) / 1000000


def _cached(name: str):
    original = _original_rules[name]
    tables: dict[int, tuple[object, dict]] = {}

    def rules(config):
        known = tables.get(id(config))
        if known is None or known[0] is not config:
            known = tables[id(config)] = (config, original(config))
        return known[1]

    return rules


def install() -> bool:
    """Use the faster equivalents (idempotent); False when this vermin was not checked."""
    if not supported():
        return False
    if vermin.fstring_detector.split_lines is not split_lines:
        vermin.fstring_detector.split_lines = split_lines
        vermin.source_visitor.dotted_name = dotted_name
        vermin.utility.bounded_str_hash = bounded_str_hash
        for name in _RULES:
            setattr(vermin.source_state, name, _cached(name))
    return True


def uninstall() -> None:
    """Back to stock vermin (the tests compare both)."""
    vermin.fstring_detector.split_lines = _original_split_lines
    vermin.source_visitor.dotted_name = _original_dotted_name
    vermin.utility.bounded_str_hash = _original_bounded_str_hash
    for name, original in _original_rules.items():
        setattr(vermin.source_state, name, original)


def visitor_class() -> type[vermin.SourceVisitor]:
    return FastSourceVisitor if install() else vermin.SourceVisitor


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
