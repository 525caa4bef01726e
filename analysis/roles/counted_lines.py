"""Which files' line counts the history needs, as a git attributes file: code and markup only.

Every figure built on line counts reads them for code files only: the history's timeline keeps
the files :meth:`FileRoles.is_code <analysis.roles.model.FileRoles.is_code>` accepts (role
production or test *and* kind code or markup, :func:`analysis.roles.file_types.file_kind`),
and the small-batch and AI-code figures filter by the same test. Yet ``git log --numstat``
diffs every file, and its cost is the diffs: on saleor (22,624 commits) 1 MB
``schema.graphql`` changed 1,529 times, ``poetry.lock`` 863 times and 20 ``django.po`` files
~40 times each; numstat takes 21 s of CPU, 2 s of which is finding what changed (``--raw``).

A file whose ``diff`` attribute is unset (``-diff``) is one git takes as binary: numstat prints
``-  -`` for it without reading or diffing its content, and the change itself still counts.
:func:`attributes_text` unsets ``diff`` (``*.json -diff``) for each extension :func:`file_kind`
reads as neither code nor markup: identify's, and a few common ones identify does not know
(``.snap``, ``.lock``), which :func:`file_kind` reads as data. Patterns are plain suffixes,
which git matches with a string comparison. Then it puts ``diff`` back to git's default
(``!diff``: git looks at the content, as with no attribute) for each special name identify knows
(``Rakefile``, ``Gemfile``) whose kind is code or markup, wherever identify finds it: the whole
name or any dot-separated part of it (``Gemfile.lock`` is Ruby to identify).

So the rule errs one way only: a file that may be code keeps its counts, and some data files
(``X.JSON``: a pattern's case must match; names identify does not know, ``LICENSE``) are diffed
as before. A list of code extensions with ``* -diff`` before it would have to match every letter
case (``*.[pP][yY]``): git then runs its pattern matcher, not a suffix test, on every pattern for
every data file of every commit, 2 s of saleor's 12 s. ``tests/test_counted_lines.py`` checks with
``git check-attr`` that no name :func:`file_kind` reads as code or markup loses its counts.

The file is given with ``-c core.attributesFile=...``, the lowest-priority attributes: a
repository's own ``.gitattributes`` still applies over it, as it does today (its ``-diff``
files were already binary; a ``diff`` it sets on a data file only costs a diff). Repository
config cannot point git at another attributes file, since ``-c`` wins over it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from collections.abc import Iterator

from identify import extensions

from analysis.roles.file_types import CODE_KINDS, file_kind

#: the kinds whose line counts are read (FileRoles.is_code's kinds)
COUNTED_KINDS = CODE_KINDS


#: data extensions identify does not know (file_kind reads them as data): snapshot tests, lock
#: files, gettext templates, logs, JSON lines
EXTRA_DATA_EXTENSIONS = ("snap", "lock", "pot", "gql", "log", "jsonl", "ndjson")


def is_counted(path: str) -> bool:
    """Whether the history needs ``path``'s line counts: its kind is code or markup."""
    return file_kind(path) in COUNTED_KINDS


def _literal(text: str) -> str:
    return "".join("\\" + c if c in "*?[]\\!#" else c for c in text)


def uncounted_extensions() -> list[str]:
    """Extensions (lower case) whose files :func:`file_kind` reads as neither code nor markup."""
    every = {*extensions.EXTENSIONS, *extensions.EXTENSIONS_NEED_BINARY_CHECK}
    every.update(EXTRA_DATA_EXTENSIONS)
    return sorted(ext for ext in every if file_kind(f"x.{ext}") not in COUNTED_KINDS)


def counted_name_patterns() -> list[str]:
    """Patterns of the special names identify reads as code or markup, as it finds them."""
    patterns: list[str] = []
    for name in sorted(extensions.NAMES):
        if file_kind(name) not in COUNTED_KINDS:
            continue
        exact = _literal(name)
        patterns.append(exact)
        if "." not in name:  # identify also finds it as one dot-separated part of a name
            patterns += [f"{exact}.*", f"*.{exact}", f"*.{exact}.*"]
    return patterns


@functools.cache
def attributes_text() -> str:
    """The attributes file: ``*.<ext> -diff`` for every uncounted extension, then
    ``<pattern> !diff`` for every special name that is code (later lines win)."""
    lines = ["# Readiness Advisor: line counts for code and markup files only"]
    lines += [f"*.{_literal(ext)} -diff" for ext in uncounted_extensions()]
    lines += [f"{pattern} !diff" for pattern in counted_name_patterns()]
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def code_only_config() -> Iterator[dict[str, str]]:
    """git config (``-c``) that diffs only files whose line counts are used, while open."""
    handle, path = tempfile.mkstemp(prefix="readiness-counted-", suffix=".gitattributes")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(attributes_text())
        yield {"core.attributesFile": path}
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
