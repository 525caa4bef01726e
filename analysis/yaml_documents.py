"""YAML read safely, with line numbers: CI workflows, compose files, Kubernetes and conda files.

PyYAML's ``compose`` (SafeLoader: no object construction, no code) gives nodes with positions;
they are turned into dicts, lists and :class:`Scalar` strings that remember their line and what
YAML makes of them (``python-version: 3.10`` unquoted is the *number* 3.1). Aliases are shared,
not copied, and the node count is capped, so an alias "bomb" costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

MAX_NODES = 200_000


class Scalar(str):
    """A YAML scalar's text, with its 1-based ``line``, resolved ``tag`` and quoting."""

    line: int
    tag: str
    plain: bool

    def __new__(cls, value: str, line: int, tag: str, plain: bool) -> Scalar:
        obj = super().__new__(cls, value)
        obj.line = line
        obj.tag = tag
        obj.plain = plain
        return obj

    @property
    def is_number(self) -> bool:
        return self.tag in ("tag:yaml.org,2002:float", "tag:yaml.org,2002:int")

    def as_yaml_reads_it(self) -> str:
        """The text a YAML consumer sees: an unquoted ``3.10`` is the float 3.1."""
        if self.tag == "tag:yaml.org,2002:float":
            try:
                return repr(float(self.replace("_", "")))
            except ValueError:
                return str(self)
        return str(self)


class YamlTooLarge(ValueError):
    pass


def _convert(node: yaml.Node, memo: dict[int, Any], budget: list[int]) -> Any:
    known = memo.get(id(node))
    if known is not None:
        return known
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlTooLarge(f"more than {MAX_NODES:,} YAML nodes")
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        value = Scalar(node.value, line, node.tag, node.style is None)
        memo[id(node)] = value
        return value
    if isinstance(node, yaml.SequenceNode):
        items: list[Any] = []
        memo[id(node)] = items
        items.extend(_convert(child, memo, budget) for child in node.value)
        return items
    mapping: dict[Any, Any] = {}
    memo[id(node)] = mapping
    for key_node, value_node in node.value:
        key = _convert(key_node, memo, budget)
        if isinstance(key, list | dict):
            continue  # complex keys carry nothing we read
        mapping[key] = _convert(value_node, memo, budget)
    return mapping


def load_documents(text: str) -> list[Any]:
    """Every document of a YAML stream as dicts/lists/Scalars; raises yaml.YAMLError or
    :class:`YamlTooLarge` for input that is not (reasonable) YAML."""
    budget = [MAX_NODES]
    documents = []
    for node in yaml.compose_all(text, Loader=yaml.SafeLoader):
        if node is not None:
            documents.append(_convert(node, {}, budget))
    return documents


#: what reading untrusted YAML may raise
YAML_ERRORS = (yaml.YAMLError, YamlTooLarge, RecursionError)


def documents_or_problem(text: str, path: str, problems: list) -> list[Any]:
    """The documents of ``text``, or [] with a problem recorded for ``path``."""
    try:
        return load_documents(text)
    except YAML_ERRORS as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        problems.append((path, f"is not readable YAML: {first}"))
        return []


def yaml_files(files, patterns: tuple[str, ...], problems: list) -> Iterator[tuple[str, Any]]:
    """(path, document) for every document of the tracked files matching ``patterns``
    (``files``: an :class:`analysis.project_files.ProjectFiles`)."""
    for path in files.matching(*patterns):
        text = files.text(path)
        if text is not None:
            for document in documents_or_problem(text, path, problems):
                yield path, document


def line_of(value: Any, default: int = 1) -> int:
    return getattr(value, "line", default)
