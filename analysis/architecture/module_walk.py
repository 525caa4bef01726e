"""What one module's syntax tree says about its place in the system, in one pass over statements.

Imports with their context (inside ``if TYPE_CHECKING:``, a ``try`` that catches ImportError, an
``if``, a function body), class counts for Robert C. Martin's abstractness, Django ``AppConfig``
classes and ``INSTALLED_APPS`` lists read as literals, and the strings and attributes that name
parts of the stack (``redis://`` URLs, database ENGINE paths) or removed standard-library APIs.
Nothing is evaluated: list contents are read from literal nodes only.
"""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass, field

from analysis.runtime.guards import (
    annotation_spans,
    catches_import_error,
    has_fallback,
    postponed_annotations,
    version_spans,
)
from analysis.runtime.removed import removed_apis

#: import flags (bit mask stored with each import)
CONDITIONAL = 1  # inside an if / try / with / loop / match at any depth
TYPE_CHECKING = 2  # inside ``if TYPE_CHECKING:``: never runs
LAZY = 4  # inside a function or method body: runs when called
GUARDED = 8  # in the body of a try whose handler catches ImportError (a fallback exists)

_ABSTRACT_BASES = {"ABC", "Protocol"}
_ABSTRACT_DECORATORS = {"abstractmethod", "abstractproperty", "abstractclassmethod"}
_SETTING_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
#: strings worth keeping as stack evidence: service URLs and Django backend paths
_SCHEMES = "redis|rediss|amqp|amqps|pyamqp|kafka|postgres|postgresql|mysql|mariadb|sqlite|mongodb"
_BACKENDS = (
    "django.db.backends.",
    "django.contrib.gis.db.backends.",
    "django_redis.",
    "django.core.cache.backends.redis",
)
STACK_STRING = re.compile(
    rf"^(?:(?:{_SCHEMES})(?:\+[a-z0-9_]+)?://|" + "|".join(re.escape(b) for b in _BACKENDS) + ")",
    re.IGNORECASE,
)
_SCHEME_BEFORE = re.compile(rf"(?:{_SCHEMES})(?:\+[a-z0-9_]+)?$", re.IGNORECASE)
_MAX_STRINGS = 40
_MAX_LINE_TEXT = 160


@dataclass
class ModuleWalk:
    """Facts of one module; lists hold plain tuples so they cache as JSON."""

    imports: list[list] = field(
        default_factory=list
    )  # [level, module, names|None, line, flags, text]
    classes: int = 0
    abstract_classes: int = 0
    app_configs: list[list] = field(default_factory=list)  # [line, class, name, label]
    installed_apps: list[list] = field(default_factory=list)  # [line, app]
    strings: list[list] = field(default_factory=list)  # [line, value]
    attributes: list[list] = field(default_factory=list)  # [line, "receiver.attr"]
    #: line ranges (first, last) whose code never runs or has an import fallback
    type_checking_lines: list[tuple[int, int]] = field(default_factory=list)
    guarded_lines: list[tuple[int, int]] = field(default_factory=list)
    #: try bodies whose handlers catch a missing module or attribute (an API fallback exists)
    fallback_lines: list[tuple[int, int]] = field(default_factory=list)
    #: (first, last, (3, N)): code that runs only on Python >= 3.N (a sys.version_info test)
    version_lines: list[tuple[int, int, tuple[int, int]]] = field(default_factory=list)
    #: lines holding only annotations that are never evaluated (PEP 563)
    annotation_lines: list[tuple[int, int]] = field(default_factory=list)


def _name_of(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        return _name_of(node.value)
    if isinstance(node, ast.Call):
        return _name_of(node.func)
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return _name_of(test) == "TYPE_CHECKING" and not isinstance(test, ast.Call)


def _is_abstract(node: ast.ClassDef) -> bool:
    if any(_name_of(base) in _ABSTRACT_BASES for base in node.bases):
        return True
    if any(k.arg == "metaclass" and _name_of(k.value) == "ABCMeta" for k in node.keywords):
        return True
    for item in node.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and any(
            _name_of(d) in _ABSTRACT_DECORATORS for d in item.decorator_list
        ):
            return True
        # Django: ``class Meta: abstract = True`` makes an abstract model
        if isinstance(item, ast.ClassDef) and item.name == "Meta":
            for stmt in item.body:
                if (
                    isinstance(stmt, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == "abstract" for t in stmt.targets)
                    and isinstance(stmt.value, ast.Constant)
                    and stmt.value.value is True
                ):
                    return True
    return False


def _string_list(node: ast.expr | None, env: dict[str, list[str]]) -> list[str]:
    """Strings of a literal list/tuple, a sum of them, or a name bound to one earlier."""
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        out: list[str] = []
        for elt in node.elts:
            if isinstance(elt, ast.Constant) and isinstance(elt.value, str):
                out.append(elt.value)
            elif isinstance(elt, ast.Starred):
                out.extend(_string_list(elt.value, env))
        return out
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _string_list(node.left, env) + _string_list(node.right, env)
    if isinstance(node, ast.Name):
        return list(env.get(node.id, []))
    if isinstance(node, ast.Call) and _name_of(node.func) in ("list", "tuple") and node.args:
        return _string_list(node.args[0], env)
    return []


class _Walker:
    def __init__(self, lines: list[str], want_settings: bool, postponed: bool) -> None:
        self.lines = lines
        self.want_settings = want_settings
        self.postponed = postponed
        self.out = ModuleWalk()
        self.env: dict[str, list[str]] = {}

    def line_text(self, node: ast.stmt) -> str:
        index = node.lineno - 1
        text = self.lines[index].strip() if 0 <= index < len(self.lines) else ""
        if node.end_lineno and node.end_lineno != node.lineno:
            text += " …"
        return text[:_MAX_LINE_TEXT]

    def body(self, stmts: list[ast.stmt], flags: int, top: bool) -> None:
        self.out.version_lines.extend(version_spans(stmts))
        for stmt in stmts:
            if self.postponed:
                self.out.annotation_lines.extend(annotation_spans(stmt))
            self.stmt(stmt, flags, top)

    def stmt(self, node: ast.stmt, flags: int, top: bool) -> None:
        out = self.out
        if isinstance(node, ast.Import):
            for alias in node.names:
                out.imports.append([0, alias.name, None, node.lineno, flags, self.line_text(node)])
            self._guarded(node, flags)
        elif isinstance(node, ast.ImportFrom):
            names = [alias.name for alias in node.names]
            out.imports.append(
                [node.level or 0, node.module, names, node.lineno, flags, self.line_text(node)]
            )
            self._guarded(node, flags)
        elif isinstance(node, ast.ClassDef):
            if not (node.name == "Meta" and not top):  # Django/DRF options holder, not a type
                out.classes += 1
                if _is_abstract(node):
                    out.abstract_classes += 1
            if any(_name_of(b) == "AppConfig" for b in node.bases):
                self._app_config(node)
            self.body(node.body, flags, False)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            self.body(node.body, flags | LAZY, False)
        elif isinstance(node, ast.If):
            if _is_type_checking(node.test):
                out.type_checking_lines.append((node.lineno, node.end_lineno or node.lineno))
                self.body(node.body, flags | CONDITIONAL | TYPE_CHECKING, top)
                self.body(node.orelse, flags | CONDITIONAL, top)
            else:
                self.body(node.body, flags | CONDITIONAL, top)
                self.body(node.orelse, flags | CONDITIONAL, top)
        elif isinstance(node, ast.Try | ast.TryStar):
            inner = flags | CONDITIONAL
            if has_fallback(node) and node.body:
                last = node.body[-1]
                out.fallback_lines.append((node.body[0].lineno, last.end_lineno or last.lineno))
            self.body(node.body, inner | (GUARDED if catches_import_error(node) else 0), top)
            for handler in node.handlers:
                self.body(handler.body, inner, top)
            self.body(node.orelse, inner, top)
            self.body(node.finalbody, flags, top)
        elif isinstance(node, ast.With | ast.AsyncWith | ast.For | ast.AsyncFor | ast.While):
            self.body(node.body, flags | CONDITIONAL, top)
            self.body(getattr(node, "orelse", []), flags | CONDITIONAL, top)
        elif isinstance(node, ast.Match):
            for case in node.cases:
                self.body(case.body, flags | CONDITIONAL, top)
        elif self.want_settings and top:
            self._setting(node)

    def _guarded(self, node: ast.stmt, flags: int) -> None:
        if flags & GUARDED:
            self.out.guarded_lines.append((node.lineno, node.end_lineno or node.lineno))

    def _app_config(self, node: ast.ClassDef) -> None:
        values = {}
        for stmt in node.body:
            if (
                isinstance(stmt, ast.Assign)
                and isinstance(stmt.value, ast.Constant)
                and isinstance(stmt.value.value, str)
            ):
                for target in stmt.targets:
                    if isinstance(target, ast.Name) and target.id in ("name", "label"):
                        values[target.id] = stmt.value.value
        self.out.app_configs.append(
            [node.lineno, node.name, values.get("name"), values.get("label")]
        )

    def _setting(self, node: ast.stmt) -> None:
        """Module-level UPPER_CASE string lists, and every way of adding to INSTALLED_APPS."""
        target = value = None
        augmented = False
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add):
            target, value, augmented = node.target, node.value, True
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            call = node.value
            func = call.func
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "INSTALLED_APPS"
                and call.args
            ):
                if func.attr in ("append", "insert"):
                    added = _string_list(ast.List(elts=[call.args[-1]]), self.env)
                elif func.attr == "extend":
                    added = _string_list(call.args[0], self.env)
                else:
                    added = []
                self.out.installed_apps.extend([node.lineno, app] for app in added)
            return
        if not isinstance(target, ast.Name) or not _SETTING_NAME.match(target.id):
            return
        values = _string_list(value, self.env)
        self.env[target.id] = (self.env.get(target.id, []) if augmented else []) + values
        if target.id == "INSTALLED_APPS":
            self.out.installed_apps.extend([node.lineno, app] for app in values)


def walk_module(tree: ast.Module, text: str) -> ModuleWalk:
    """Collect the facts of one parsed module (statement walk; expressions only when hinted)."""
    walker = _Walker(text.split("\n"), "INSTALLED_APPS" in text, postponed_annotations(tree))
    walker.body(tree.body, 0, True)
    out = walker.out
    hint_strings = _stack_string_hint(text)
    hint_attributes = _removed_api_hint(text)
    if hint_strings or hint_attributes:
        for node in ast.walk(tree):
            if (
                hint_strings
                and isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and len(out.strings) < _MAX_STRINGS
                and STACK_STRING.match(node.value)
            ):
                out.strings.append([node.lineno, node.value[:200]])
            elif (
                hint_attributes
                and isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and f"{node.value.id}.{node.attr}" in _removed_attributes()
            ):
                out.attributes.append([node.lineno, f"{node.value.id}.{node.attr}"])
    return out


def _stack_string_hint(text: str) -> bool:
    """Whether any string of the text may be a stack URL or backend path (substring tests in C;
    a regular expression over whole files costs more than walking the tree)."""
    if any(backend in text for backend in _BACKENDS):
        return True
    start = text.find("://")
    while start != -1:
        if _SCHEME_BEFORE.search(text, max(0, start - 24), start):
            return True
        start = text.find("://", start + 3)
    return False


def _has_word(text: str, needle: str) -> bool:
    start = text.find(needle)
    while start != -1:
        end = start + len(needle)
        if end >= len(text) or not (text[end].isalnum() or text[end] == "_"):
            return True
        start = text.find(needle, end)
    return False


@functools.cache
def _removed_table() -> tuple[frozenset[str], tuple[str, ...]]:
    """``receiver.attribute`` names of removed APIs, and the ``.attribute`` texts to look for."""
    apis = removed_apis()
    names = frozenset(f"{a.receiver}.{a.attribute}" for a in apis)
    return names, tuple(sorted({f".{a.attribute}" for a in apis}))


def _removed_attributes() -> frozenset[str]:
    return _removed_table()[0]


def _removed_api_hint(text: str) -> bool:
    """Substring tests (fast in C) before any walk: most modules name no removed API."""
    return any(needle in text and _has_word(text, needle) for needle in _removed_table()[1])
