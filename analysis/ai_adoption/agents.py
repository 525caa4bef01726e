"""Readiness for AI coding agents: what the 2026 agent-readiness checks look at, measured from
the tracked files, each a finding with its evidence (not a score).

The checks: agent instructions present (AGENTS.md, the agents.md convention; CLAUDE.md; Copilot
and Cursor rule files) and current (touched within :data:`CURRENT_DAYS` of the branch's newest
commit); a test command the repository documents (an agent must be able to check its work);
lint, format and type-check configuration; type-hint coverage of production functions; the
share of code that is tests; CI that runs on changes before they merge.

Type hints are read from a sample of at most :data:`SAMPLE_FILES` production Python files
(every file when there are fewer; otherwise an even spread over the sorted paths), parsed with
``ast`` (never imported): a function is typed when its return and every parameter except
``self``/``cls`` are annotated.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from analysis.ai_adoption.results import AgentFinding, QualityInternalPlatform
from analysis.ai_adoption.version_control import AGENT_INSTRUCTIONS, matches
from analysis.history.commits import Commit
from analysis.project_files import ProjectFiles
from analysis.roles import FileRoles
from analysis.roles.model import PRODUCTION, TEST

CURRENT_DAYS = 180
SAMPLE_FILES = 300
MAX_SOURCE_BYTES = 512 * 1024

LINT_CONFIG = {
    "lint": (
        ".flake8",
        ".pylintrc",
        "pylintrc",
        ".eslintrc*",
        "eslint.config.*",
        ".golangci.y*ml",
        ".rubocop.yml",
        "biome.json",
        ".pre-commit-config.yaml",
    ),
    "format": (".prettierrc*", "rustfmt.toml", ".rustfmt.toml", ".editorconfig", ".clang-format"),
    "type_check": ("mypy.ini", ".mypy.ini", "pyrightconfig.json", "tsconfig.json"),
}
#: pyproject.toml / setup.cfg / tox.ini sections that configure the same tools
_SECTIONS = {
    "lint": ("[tool.ruff", "[tool.pylint", "[flake8]", "[tool.flake8", "[pylint"),
    "format": ("[tool.black", "[tool.ruff.format", "[tool.isort", "[isort]", "[tool.ruff]"),
    "type_check": ("[tool.mypy", "[mypy]", "[tool.pyright", "[tool.pytype"),
}


def _last_touched(commits: Sequence[Commit], path: str) -> int | None:
    for commit in commits:  # newest first
        if any(change.path == path for change in commit.changes):
            return commit.committer_seconds
    return None


def instructions(files: ProjectFiles, commits: Sequence[Commit]) -> AgentFinding:
    found = [p for p in files.paths() if matches(p, AGENT_INSTRUCTIONS)]
    if not found:
        return AgentFinding(
            "agent_instructions",
            "Agent instructions",
            False,
            ["no AGENTS.md, CLAUDE.md, Copilot or Cursor instructions in version control"],
        )
    evidence = []
    newest = commits[0].committer_seconds if commits else None
    current = True
    for path in found[:5]:
        touched = _last_touched(commits, path)
        if touched is None or newest is None:
            evidence.append(f"{path} (last change not in the history read)")
            continue
        days = (newest - touched) // 86400
        if days > CURRENT_DAYS:
            current = False
        evidence.append(f"{path}: last changed {days} days before the newest commit")
    return AgentFinding("agent_instructions", "Agent instructions", current, evidence)


def lint_config(files: ProjectFiles) -> AgentFinding:
    kinds: dict[str, list[str]] = {kind: [] for kind in LINT_CONFIG}
    for kind, patterns in LINT_CONFIG.items():
        kinds[kind] = [p for p in files.paths() if p.count("/") <= 1 and matches(p, patterns)]
    for path in ("pyproject.toml", "setup.cfg", "tox.ini"):
        text = files.text(path, 1024 * 1024) if path in files else None
        if not text:
            continue
        for kind, sections in _SECTIONS.items():
            if any(section in text for section in sections) and path not in kinds[kind]:
                kinds[kind].append(path)
    evidence = [
        f"{kind.replace('_', '-')}: {', '.join(paths[:3]) if paths else 'none found'}"
        for kind, paths in kinds.items()
    ]
    ok = bool(kinds["lint"]) and bool(kinds["type_check"] or kinds["format"])
    return AgentFinding("lint_config", "Lint, format and type-check configuration", ok, evidence)


def _typed(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    args = node.args
    params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    if params and params[0].arg in ("self", "cls"):
        params = params[1:]
    extra = [a for a in (args.vararg, args.kwarg) if a is not None]
    return node.returns is not None and all(a.annotation is not None for a in params + extra)


def type_hint_coverage(files: ProjectFiles, roles: FileRoles) -> AgentFinding:
    sources = [p for p in files.paths() if p.endswith(".py") and roles.role(p) == PRODUCTION]
    if not sources:
        return AgentFinding(
            "type_hints", "Type hints on production functions", None, ["no production Python files"]
        )
    if len(sources) > SAMPLE_FILES:
        step = len(sources) / SAMPLE_FILES
        sources = [sources[int(i * step)] for i in range(SAMPLE_FILES)]
    functions = typed = unread = 0
    for path in sources:
        text = files.text(path, MAX_SOURCE_BYTES)
        if text is None:
            unread += 1
            continue
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            unread += 1
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                functions += 1
                typed += _typed(node)
    if not functions:
        return AgentFinding(
            "type_hints",
            "Type hints on production functions",
            None,
            [f"no functions in {len(sources)} production Python files"],
        )
    share = typed / functions
    evidence = [
        f"{typed:,} of {functions:,} functions fully annotated ({share:.0%}) in "
        f"{len(sources) - unread:,} production Python files"
        + (" (an even sample)" if len(sources) == SAMPLE_FILES else "")
    ]
    return AgentFinding("type_hints", "Type hints on production functions", share >= 0.5, evidence)


def test_share(roles: FileRoles) -> AgentFinding:
    production = sum(
        n for p, n in roles.lines.items() if roles.is_code(p) and roles.role(p) == PRODUCTION
    )
    tests = sum(n for p, n in roles.lines.items() if roles.is_code(p) and roles.role(p) == TEST)
    if production + tests == 0:
        return AgentFinding("test_share", "Tests beside the code", None, ["no code lines"])
    share = tests / (production + tests)
    return AgentFinding(
        "test_share",
        "Tests beside the code",
        share >= 0.2,
        [f"test code is {share:.0%} of code lines ({tests:,} of {production + tests:,})"],
    )


def agent_readiness(
    files: ProjectFiles,
    roles: FileRoles,
    commits: Sequence[Commit],
    platform: QualityInternalPlatform,
) -> list[AgentFinding]:
    documented = AgentFinding(
        "test_command",
        "A documented test command",
        platform.test_command is not None,
        [f"{platform.test_command_source}: {platform.test_command}"]
        if platform.test_command
        else ["no test command in the README, contributing guide or agent instructions"]
        + (
            [f"a test runner is configured: {platform.test_runner}"] if platform.test_runner else []
        ),
    )
    gated = AgentFinding(
        "ci_gates_merges",
        "CI that runs before a change merges",
        platform.gates_merges,
        [f"CI files: {', '.join(platform.ci_files[:3])}"] if platform.ci_files else ["no CI files"],
    )
    if platform.ci_files and not platform.gates_merges:
        gated.evidence.append("no pull-request or merge-request trigger found")
    return [
        instructions(files, commits),
        documented,
        lint_config(files),
        type_hint_coverage(files, roles),
        test_share(roles),
        gated,
    ]
