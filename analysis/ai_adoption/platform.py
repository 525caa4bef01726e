"""Quality internal platform, the part git can see: CI and what it runs, reproducible
environments, a documented test command (DORA AI Capabilities Model, 2025, "Quality internal
platform"; the platform's qualities for its users stay the team's answers).

Read as text from the tracked files, never run. A CI file "runs tests" when one of its lines
names a test runner, "lint" a linter or type checker, "build" a package or image build,
"deploy" a publish or deployment step (keyword lists below, matched as words).
"""

from __future__ import annotations

import posixpath
import re

from analysis.ai_adoption.results import QualityInternalPlatform
from analysis.ai_adoption.version_control import matches
from analysis.project_files import ProjectFiles

CI_PATTERNS = (
    ".github/workflows/*.yml",
    ".github/workflows/*.yaml",
    ".gitlab-ci.yml",
    "Jenkinsfile",
    ".circleci/config.yml",
    "azure-pipelines.yml",
    ".travis.yml",
    "bitbucket-pipelines.yml",
    ".buildkite/*.yml",
    ".woodpecker.yml",
    ".drone.yml",
)
_WORDS = {
    "tests": r"pytest|tox|nox|unittest|manage\.py test|make test|npm (?:run )?test|yarn test|"
    r"pnpm test|go test|cargo test|mvn test|gradle test|phpunit|rspec|jest|vitest|hatch test|"
    r"coverage run|playwright|cypress|bun (?:run )?test|scripts/tests?(?:-start)?\.sh",
    "lint": r"ruff|flake8|pylint|mypy|pyright|black|isort|eslint|prettier|pre-commit|"
    r"golangci-lint|clippy|rubocop|biome|lint",
    "build": r"python -m build|docker build|docker/build-push-action|buildx|npm run build|"
    r"yarn build|cargo build|go build|mvn package|gradle build|setup\.py (?:sdist|bdist)|"
    r"hatch build|poetry build|uv build|pyinstaller",
    "deploy": r"deploy|twine upload|pypi-publish|gh-pages|helm upgrade|kubectl apply|"
    r"terraform apply|docker push|npm publish|cargo publish|heroku|fly deploy",
}
_RUNS = {
    kind: re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.I) for kind, words in _WORDS.items()
}
#: triggers that run CI on a change before it merges
_GATES = re.compile(
    r"(?<![\w-])(?:pull_request|pull_request_target|merge_group|merge_request_event|"
    r"merge_requests)(?![\w-])|^\s*pr\s*:",
    re.M,
)
#: CI services that build every pull request unless told otherwise
_GATES_BY_DEFAULT = (".travis.yml", ".circleci/config.yml")

ENVIRONMENT_PATTERNS: dict[str, tuple[str, ...]] = {
    "lock_files": (
        "poetry.lock",
        "uv.lock",
        "Pipfile.lock",
        "pdm.lock",
        "requirements*.lock",
        "package-lock.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "Cargo.lock",
        "go.sum",
        "Gemfile.lock",
        "composer.lock",
        "flake.lock",
        "conda-lock.yml",
    ),
    "containers": ("Dockerfile", "Dockerfile.*", "*.Dockerfile", "Containerfile"),
    "compose": ("docker-compose*.yml", "docker-compose*.yaml", "compose.yml", "compose.yaml"),
    "devcontainer": (".devcontainer/*", ".devcontainer.json"),
}
#: where a repository tells people how to run its tests (file names, lower case)
_DOC_NAMES = (
    "readme*",
    "contributing*",
    "agents.md",
    "claude.md",
    "hacking*",
    "development*",
    "developing*",
)
_NOT_OWN_DOCS = ("example", "examples/", "sample", "demo", "docs/", "vendor", "third_party")
_TARGET = re.compile(r"^([A-Za-z0-9_.\- ]+):(?!=)")
#: files whose presence (or section) configures a test runner
_RUNNER_CONFIG = (
    ("pyproject.toml", "[tool.pytest.ini_options]"),
    ("pyproject.toml", "[tool.pytest]"),  # pytest 9's native table
    ("pytest.ini", None),
    ("tox.ini", None),
    ("noxfile.py", None),
    ("setup.cfg", "[tool:pytest]"),
    ("package.json", '"test"'),
)
_TEST_COMMAND = re.compile(
    r"(?:^|[\s`$>])((?:uv run |poetry run |hatch run |pdm run |python -m |python3 -m )?"
    r"(?:pytest|tox|nox|make test|npm (?:run )?test|yarn test|pnpm test|go test|cargo test|"
    r"mvn test|gradle test|\./manage\.py test|manage\.py test|unittest|hatch test|rspec|phpunit|"
    r"(?:bash |sh |\./)?scripts/tests?(?:-start)?\.sh)"
    r"(?:[ \t][^\n`]{0,60})?)",
)
MAX_EXAMPLES = 3
_MAKE = re.compile(r"(?<![\w-])make\s+([A-Za-z0-9_.-]+)")


def ci_files(files: ProjectFiles) -> list[str]:
    return [path for path in files.paths() if matches(path, CI_PATTERNS)]


def _doc_order(path: str) -> tuple[int, str] | None:
    """Where a document sits in the order a newcomer reads them; None for other files: the
    top-level README, contributing and agent files first, then the contributing and
    development guides under docs/ and .github/, then the READMEs of top-level folders
    (a monorepo's backend/README.md). An example's README documents the example."""
    lowered = path.lower()
    name = posixpath.basename(lowered)
    if not matches(lowered, _DOC_NAMES):
        return None
    depth = path.count("/")
    if depth == 0:  # the README first: it is where a newcomer (or an agent) looks
        return (0 if name.startswith("readme") else 1), path
    if depth <= 2 and lowered.startswith(("docs/", ".github/")) and not name.startswith("readme"):
        return 2, path
    if depth == 1 and name.startswith("readme") and not lowered.startswith(_NOT_OWN_DOCS):
        return 3, path
    return None


def test_command(files: ProjectFiles) -> tuple[str, str] | None:
    """(command, file) of the first test command the repository's own docs show."""
    ranked = sorted(
        (order, path) for path in files.paths() if (order := _doc_order(path)) is not None
    )
    for _, path in ranked:
        text = files.text(path, 512 * 1024)
        if not text:
            continue
        found = _TEST_COMMAND.search(text)
        if found:
            return found.group(1).strip().rstrip(".:,;"), path
    return None


def make_targets(text: str) -> dict[str, str]:
    """A Makefile's targets -> their recipe lines joined (enough to see what a target runs)."""
    targets: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("\t") and current is not None:
            current.append(line.strip())
            continue
        found = _TARGET.match(line)
        if found:
            current = []
            for name in found.group(1).split():
                targets[name] = current
        elif line.strip() and not line.startswith("#"):
            current = None
    return {name: "\n".join(lines) for name, lines in targets.items()}


def test_runner(files: ProjectFiles) -> str | None:
    """Where a test runner is configured even if no document names the command."""
    makefile = next((p for p in ("Makefile", "GNUmakefile", "makefile") if p in files), None)
    if makefile:
        recipe = make_targets(files.text(makefile) or "").get("test")
        if recipe and _RUNS["tests"].search(recipe):
            return f"{makefile}: make test"
    for path, marker in _RUNNER_CONFIG:
        if path in files and (marker is None or marker in (files.text(path) or "")):
            return f"{path}" + (f" {marker}" if marker else "")
    return None


def quality_internal_platform(files: ProjectFiles) -> QualityInternalPlatform:
    result = QualityInternalPlatform()
    result.ci_files = ci_files(files)
    runs: dict[str, list[str]] = {kind: [] for kind in _RUNS}
    makefile = next((p for p in ("Makefile", "GNUmakefile", "makefile") if p in files), None)
    targets = make_targets(files.text(makefile) or "") if makefile else {}
    for path in result.ci_files:
        text = files.text(path, 1024 * 1024) or ""
        # "make ci" runs what the Makefile's ci target says (requests: make ci -> pytest)
        text += "\n" + "\n".join(targets.get(t, "") for t in _MAKE.findall(text))
        for kind, pattern in _RUNS.items():
            if pattern.search(text):
                runs[kind].append(path)
        if _GATES.search(text) or path in _GATES_BY_DEFAULT:
            result.gates_merges = True
    result.ci_runs = runs
    paths = files.paths()
    result.environments = {
        kind: [p for p in paths if matches(p, patterns)][:MAX_EXAMPLES]
        for kind, patterns in ENVIRONMENT_PATTERNS.items()
    }
    found = test_command(files)
    if found:
        result.test_command, result.test_command_source = found
    result.test_runner = test_runner(files)
    return result
