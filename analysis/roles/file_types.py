"""The kind of a file from its name: code, markup, config, data, prose or binary.

File types come from pre-commit's ``identify`` (``tags_from_filename``: extensions, special
names such as ``Dockerfile`` or ``pyproject.toml``, binary formats), the classifier that
pre-commit uses on millions of repositories. This module only groups its tags into the few
kinds the role rules need. ``language`` names the programming language of a code file, for
the complexity measure of hotspots.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePosixPath

from identify import identify

CODE = "code"
MARKUP = "markup"
CONFIG = "config"
DATA = "data"
PROSE = "prose"
BINARY = "binary"

KINDS = (CODE, MARKUP, CONFIG, DATA, PROSE, BINARY)
#: the kinds of a program or template file: what hotspots, knowledge and line counts take
CODE_KINDS = (CODE, MARKUP)

#: identify tag -> language name, for programming languages (the files that can be hotspots).
LANGUAGE_TAGS: dict[str, str] = {
    "python": "Python",
    "pyi": "Python",
    "cython": "Cython",
    "javascript": "JavaScript",
    "jsx": "JavaScript",
    "ts": "TypeScript",
    "tsx": "TypeScript",
    "vue": "Vue",
    "svelte": "Svelte",
    "go": "Go",
    "rust": "Rust",
    "java": "Java",
    "kotlin": "Kotlin",
    "scala": "Scala",
    "groovy": "Groovy",
    "c": "C",
    "c++": "C++",
    "objective-c": "Objective-C",
    "c#": "C#",
    "ruby": "Ruby",
    "php": "PHP",
    "swift": "Swift",
    "lua": "Lua",
    "perl": "Perl",
    "r": "R",
    "dart": "Dart",
    "elixir": "Elixir",
    "erlang": "Erlang",
    "haskell": "Haskell",
    "clojure": "Clojure",
    "shell": "Shell",
    "bash": "Shell",
    "zsh": "Shell",
    "powershell": "PowerShell",
    "batch": "Batch",
    "sql": "SQL",
    "solidity": "Solidity",
    "zig": "Zig",
    "fortran": "Fortran",
}

_MARKUP_TAGS = frozenset(
    {"html", "jinja", "css", "scss", "sass", "less", "styl", "mjml", "twig", "mako", "xhtml"}
)
_CONFIG_TAGS = frozenset(
    {
        "yaml",
        "toml",
        "ini",
        "dockerfile",
        "makefile",
        "dotenv",
        "editorconfig",
        "gitignore",
        "gitattributes",
        "gitmodules",
        "dockerignore",
        "prettierignore",
        "coveragerc",
        "pyproject",
        "setup-cfg",
        "properties",
        "nginx",
        "cmake",
        "terraform",
        "hcl",
        "pem",
        "babelrc",
        "eslintrc",
        "mention-bot",
        "flake8",
        "pylintrc",
        "procfile",
        "jenkins",
    }
)
_PROSE_TAGS = frozenset({"markdown", "rst", "asciidoc", "textile", "org"})
_DATA_TAGS = frozenset({"json", "json5", "csv", "tsv", "xml", "svg", "geojson", "jupyter"})

#: Names that are configuration whatever their extension.
_CONFIG_NAME = re.compile(
    r"^([^/]*requirements[^/]*\.(txt|in)|constraints[^/]*\.txt|Procfile|CODEOWNERS|OWNERS"
    r"|config|settings|\.[^/]*rc"
    r"|runtime\.txt|\.python-version|\.tool-versions|\.nvmrc|\.node-version"
    r"|package\.json|tsconfig[^/]*\.json|jsconfig\.json|\.eslintrc[^/]*|\.prettierrc[^/]*"
    r"|\.babelrc[^/]*|\.stylelintrc[^/]*|biome\.json|renovate\.json|\.renovaterc[^/]*"
    r"|components\.json|vercel\.json|netlify\.toml|app\.json|manifest\.json|MANIFEST\.in"
    r"|[^/]*\.(conf|cnf|cfg|config|service|env|example|sample|lock)"
    r"|\.[^/]+)$"
)
#: Extensions of binary files ``identify`` does not know, and of opaque key material.
_BINARY_SUFFIXES = frozenset(
    {
        ".mo",
        ".pyc",
        ".pyo",
        ".so",
        ".dll",
        ".dylib",
        ".whl",
        ".egg",
        ".db",
        ".sqlite",
        ".sqlite3",
        ".pkl",
        ".pickle",
        ".npy",
        ".npz",
        ".parquet",
        ".h5",
        ".onnx",
        ".pt",
        ".bin",
    }
)


@lru_cache(maxsize=65536)
def _tags(name: str) -> frozenset[str]:
    return frozenset(identify.tags_from_filename(name))


@lru_cache(maxsize=1 << 17)
def file_kind(path: str) -> str:
    """The kind of ``path`` by its name (no content is read). Remembered per path: the history
    and the AI-code section ask for every file of every commit (pathlib's parsing of the same
    paths took 1.2 s of a saleor assessment)."""
    name = PurePosixPath(path).name
    tags = _tags(name)
    if "binary" in tags or PurePosixPath(name).suffix.lower() in _BINARY_SUFFIXES:
        return BINARY
    if any(tag in LANGUAGE_TAGS for tag in tags):
        return CODE
    if tags & _MARKUP_TAGS:
        return MARKUP
    if tags & _PROSE_TAGS:
        return PROSE
    if tags & _CONFIG_TAGS or _CONFIG_NAME.match(name):
        return CONFIG
    return DATA


def language(path: str) -> str | None:
    """The programming language of a code file (None for anything else)."""
    for tag in sorted(_tags(PurePosixPath(path).name)):
        found = LANGUAGE_TAGS.get(tag)
        if found:
            return found
    return None
