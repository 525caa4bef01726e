"""Runtime truth: the Python a system runs on comes from what deploys it; vermin's findings are
weighed against the repository's own evidence; grammar is never set aside.

Every expected figure is derived by hand from the files each test writes (line numbers
counted in the texts below) and, for vermin's own readings, checked against stock vermin.
"""

from __future__ import annotations

import ast

import vermin
from readiness_repos import assess_in_process

from analysis.code.syntax_version import PEP_758
from analysis.roles import FileRoles, RoleDecision, classify_files
from analysis.runtime import vermin_speed
from analysis.runtime.code_needs import _config
from analysis.runtime.grammar import is_grammar, unparenthesized_excepts
from analysis.runtime.images import final_stage, ships
from analysis.scan import open_repository, tracked_files

SERVICE_DOCKERFILE = (
    "ARG PY=3.12\n"
    "FROM python:${PY} AS build\n"
    "RUN pip install uv\n"
    "FROM python:${PY}-slim\n"  # line 4: the final stage, what runs
    "COPY --from=build /app /app\n"
    'CMD ["python", "-m", "shop"]\n'
)
SERVICE_CI = """name: tests
on: [push]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: '3.10'
      - run: ruff check .
  unit:
    runs-on: ubuntu-latest
    container: python:3.12
    steps:
      - uses: actions/checkout@v4
      - run: python -m pytest
"""
SERVICE_FILES = {
    "Dockerfile": SERVICE_DOCKERFILE,
    ".devcontainer/Dockerfile": "FROM python:3.10\n",  # a developer's container, not deployed
    ".github/workflows/tests.yml": SERVICE_CI,
    "pyproject.toml": '[project]\nname = "shop"\nrequires-python = ">=3.12"\n',
    "shop/__init__.py": "",
    "shop/models.py": (
        "import datetime\n\n\nclass Box[T]:\n    def __init__(self, item: T) -> None:\n"
        "        self.item = item\n        self.at = datetime.datetime.now(datetime.UTC)\n"
    ),
    "tests/test_orders.py": (
        "from unittest.mock import sentinel\n\n\ndef test_same():\n"
        "    assert sentinel.a is sentinel.a\n"
    ),
    "scripts/release.py": "import annotationlib\n\nprint(annotationlib.Format)\n",
}


def _stock_vermin(text: str) -> str | None:
    vermin_speed.uninstall()
    try:
        mins = vermin.detect(text, _config())
    finally:
        vermin_speed.install()
    return f"{mins[1][0]}.{mins[1][1]}" if mins[1] and mins[1] > (3, 0) else None


def _commit(git_repo, files: dict[str, str]) -> None:
    for path, text in files.items():
        git_repo.write(path, text)
    git_repo.commit()


def test_a_service_runs_on_what_deploys_it_and_vermin_misreadings_are_set_aside(git_repo):
    _commit(git_repo, SERVICE_FILES)
    # the references: stock vermin dates the test file 3.15 and the script 3.14
    assert _stock_vermin(SERVICE_FILES["tests/test_orders.py"]) == "3.15"
    assert _stock_vermin(SERVICE_FILES["scripts/release.py"]) == "3.14"
    runtime, _architecture, _problems = assess_in_process(git_repo)

    runs = runtime.runs_on
    assert (runs.version, runs.basis) == ("3.12", "deployed")
    assert runs.evidence == ["Dockerfile:4: FROM python:3.12-slim (final stage: Python 3.12)"]
    # the lint job's 3.10 is not a test run; the devcontainer's 3.10 is not deployed
    assert runs.tested.versions == ["3.12"]
    assert runs.tested.evidence[0].startswith(".github/workflows/tests.yml:13: ")

    minimum = runtime.required_minimum
    assert minimum.version == "3.12"
    assert [(r.path, r.line, r.syntax) for r in minimum.reasons] == [("shop/models.py", 4, True)]
    set_aside = {(n.path, n.line): n.why_ignored for n in minimum.ignored}
    assert set_aside[("tests/test_orders.py", 1)] == (
        "vermin reads `from unittest.mock import sentinel` as the builtin `sentinel` "
        "(its rule for the builtin matches the imported name alone)"
    )
    assert set_aside[("scripts/release.py", 1)] == (
        "the project's CI runs its tests on Python 3.12 (.github/workflows/tests.yml:13): "
        "code that needed 3.14 would fail there"
    )
    # datetime.UTC (3.11) is below what the CI tests on: kept, not set aside
    assert not any("datetime.UTC" in n.feature for n in minimum.ignored)

    statuses = {v: e.status for v, e in runtime.matrix.items()}
    assert statuses["3.12"] == statuses["3.13"] == statuses["3.14"] == "ready"
    assert statuses["3.11"] == "blocked"
    messages = [b.message for b in runtime.matrix["3.11"].blockers if b.kind == "code"]
    assert messages and messages[0].startswith("does not parse before Python 3.12: ")


def test_a_tooling_or_test_role_sets_a_finding_aside(git_repo):
    files = {k: v for k, v in SERVICE_FILES.items() if not k.startswith(".github/")}
    _commit(git_repo, files)  # no CI: only the file's role can set the script's need aside

    repo = open_repository(git_repo.root)
    roles = classify_files(repo, tracked_files(repo))  # the product's own file roles
    assert roles.role("scripts/release.py") == "tooling"
    runtime, _architecture, _problems = assess_in_process(git_repo, roles=roles)
    set_aside = {(n.path, n.line): n.why_ignored for n in runtime.required_minimum.ignored}
    assert set_aside[("scripts/release.py", 1)] == (
        "in a tooling file: it does not run in the deployed system"
    )
    assert runtime.required_minimum.version == "3.12"
    # without roles nothing sets the script aside: the reference reading of the same files
    runtime, _architecture, _problems = assess_in_process(git_repo)
    assert runtime.required_minimum.version == "3.14"
    assert runtime.matrix["3.12"].status == "blocked"


GUARDED = (
    "import hashlib\n"
    "\n"
    "\n"
    "def digest(handle):\n"
    '    if hasattr(hashlib, "file_digest"):\n'
    '        return hashlib.file_digest(handle, "sha256").hexdigest()\n'  # 6
    "    return hashlib.sha256(handle.read()).hexdigest()\n"
    "\n"
    "\n"
    "def digest_or_none(handle):\n"
    '    if not hasattr(hashlib, "file_digest"):\n'
    "        return None\n"
    '    return hashlib.file_digest(handle, "sha256").hexdigest()\n'  # 13
)
#: the same guarded use last, after an unguarded one: vermin names only the last line
HIDDEN = (
    "import hashlib\n"
    "\n"
    "\n"
    "def unguarded(handle):\n"
    '    return hashlib.file_digest(handle, "sha256")\n'  # 5
    "\n"
    "\n"
    "def guarded(handle):\n"
    '    if hasattr(hashlib, "file_digest"):\n'
    '        return hashlib.file_digest(handle, "sha256")\n'  # 10
    "    return None\n"
)


def test_a_hasattr_guard_sets_the_use_aside_only_when_it_covers_every_use(git_repo):
    _commit(git_repo, {"pkg/__init__.py": "", "pkg/guarded.py": GUARDED, "pkg/hidden.py": HIDDEN})
    # the references: stock vermin dates both 3.11, each at one line, the name's last use
    assert _stock_vermin(GUARDED) == _stock_vermin(HIDDEN) == "3.11"
    runtime, _architecture, _problems = assess_in_process(git_repo)
    minimum = runtime.required_minimum
    assert minimum.version == "3.11"
    # hidden.py: its guarded last use (line 10) does not hide the unguarded one (line 5)
    assert [(r.path, r.line) for r in minimum.reasons] == [("pkg/hidden.py", 5)]
    guarded = [(n.path, n.line, n.why_ignored) for n in minimum.ignored if n.version == "3.11"]
    assert guarded == [
        (
            "pkg/guarded.py",
            13,
            "guarded by hasattr(hashlib, 'file_digest'): runs only where the attribute exists",
        )
    ]


PEP_758_MODULE = (
    "import sys\n"
    "\n"
    "\n"
    "def parse(text):\n"
    "    try:\n"
    "        return int(text)\n"
    "    except ValueError, TypeError:\n"  # 7
    "        return None\n"
    "\n"
    "\n"
    "if sys.version_info >= (3, 14):\n"
    "    try:\n"
    "        import tomllib\n"
    "    except ImportError, AttributeError:\n"  # 14: guarded, still grammar
    "        tomllib = None\n"
)


def test_pep_758_blocks_every_older_version_whatever_runs_the_analysis(git_repo):
    _commit(
        git_repo,
        {
            "pkg/__init__.py": "",
            "pkg/handlers.py": PEP_758_MODULE,
            "tests/test_handlers.py": "try:\n    pass\nexcept KeyError, IndexError:\n    pass\n",
            "pyproject.toml": '[project]\nname = "p"\nrequires-python = ">=3.10"\n',
        },
    )
    tests_are_tests = FileRoles(
        fallback=lambda path: RoleDecision(
            "test" if path.startswith("tests/") else "production", "test"
        )
    )
    runtime, _architecture, _problems = assess_in_process(git_repo, roles=tests_are_tests)
    minimum = runtime.required_minimum
    assert minimum.version == "3.14"
    assert {(r.path, r.line, r.feature, r.syntax) for r in minimum.reasons} == {
        ("pkg/handlers.py", 7, PEP_758, True),
        ("pkg/handlers.py", 14, PEP_758, True),
        ("tests/test_handlers.py", 3, PEP_758, True),  # a test file's grammar is not set aside
    }
    assert not [n for n in minimum.ignored if n.version == "3.14"]
    for version in ("3.10", "3.11", "3.12", "3.13", "3.13t"):
        entry = runtime.matrix[version]
        assert entry.status == "blocked", version
        assert entry.blockers[0].message == f"does not parse before Python 3.14: {PEP_758}"
    assert runtime.matrix["3.14"].status == "ready"


def test_unparenthesized_except_is_read_from_the_text_on_hosts_that_parse_it():
    """On Python >= 3.14 ``except A, B:`` parses to the tree of ``except (A, B):``; the
    position of the tuple tells them apart. Built here from the 3.13-parsable form, whose
    tuple starts at the same column."""
    bare = "try:\n    pass\nexcept ValueError, TypeError:\n    pass\n"
    parenthesised = bare.replace("ValueError, TypeError", "(ValueError, TypeError)")
    tree = ast.parse(parenthesised)
    assert unparenthesized_excepts(tree, bare) == [(3, PEP_758)]
    assert unparenthesized_excepts(tree, parenthesised) == []
    python2 = "try:\n    pass\nexcept IOError, e:\n    pass\n"
    tree = ast.parse(python2.replace("IOError, e", "(IOError, e)"))
    assert unparenthesized_excepts(tree, python2) == []  # Python 2's "except E, name:"


def test_grammar_is_told_from_library_needs_in_vermins_wording():
    for feature in (
        "generic class `class C[T]: ...`",
        "type alias statement (`type X = SomeType`)",
        "f-strings (PEP 701)",
        "`except*`",
        "pattern matching",
        "template string literal (`t'text {var}'`)",
        PEP_758,
    ):
        assert is_grammar(feature), feature
    for feature in (
        "'sentinel' member",
        "'tomllib' module",
        "'zip(strict)'",
        "slice subscription",
        "union types as `X | Y`",
        "dict union (dict | dict)",
    ):
        assert not is_grammar(feature), feature


GUARDED_GRAMMAR = (
    "import sys\n"
    "\n"
    "if sys.version_info >= (3, 12):\n"
    "    def label(item):\n"
    '        return f"{item["name"]}"\n'  # 5: PEP 701, a quote reused inside the f-string
)


def test_grammar_under_a_version_guard_still_blocks_older_versions(git_repo):
    """The guard runs after the file is parsed: Python 3.11 rejects line 5 before it runs."""
    _commit(git_repo, {"pkg/__init__.py": "", "pkg/label.py": GUARDED_GRAMMAR})
    runtime, _architecture, _problems = assess_in_process(git_repo)
    minimum = runtime.required_minimum
    assert minimum.version == "3.12"
    assert [(r.path, r.line, r.syntax) for r in minimum.reasons] == [("pkg/label.py", 5, True)]
    assert runtime.matrix["3.11"].status == "blocked"


def test_the_final_stage_follows_stage_names_and_dev_images_are_not_shipped():
    text = (
        "ARG V=3.11\n"
        "FROM python:${V}-slim AS base\n"
        "RUN pip install app\n"
        "FROM node:20 AS assets\n"
        "FROM base AS final\n"  # line 5: the image that runs is base's, python:3.11-slim
        "COPY --from=assets /a /a\n"
    )
    image = final_stage("Dockerfile", text)
    assert (image.line, image.image, image.version) == (5, "python:3.11-slim", "3.11")
    assert final_stage("Dockerfile", "FROM python:3.12 AS build\nFROM nginx:1.27\n").version is None
    shipped = {
        path: ships(path)
        for path in (
            "Dockerfile",
            "deploy/Dockerfile.prod",
            "backend/Dockerfile",
            "Dockerfile.dev",
            "frontend/Dockerfile.playwright",
            "test.Dockerfile",
            ".devcontainer/Dockerfile",
        )
    }
    assert [p for p, kept in shipped.items() if kept] == [
        "Dockerfile",
        "deploy/Dockerfile.prod",
        "backend/Dockerfile",
    ]
    assert not ships("Dockerfile", lambda path: "test")  # a test fixture's Dockerfile
