"""Which AI tools a commit's trailers name (``resources/data/ai_tools.json``).

A commit counts for a tool when one of its trailers (git interpret-trailers' final paragraph,
:meth:`analysis.history.commits.Commit.trailers`) has a token from the table's ``tokens``
(``Co-authored-by``, ``Generated-by``, ``Assisted-by`` ...) and a value matching one of the
tool's patterns. The tools write these trailers themselves (Claude Code, Copilot's coding agent,
Cursor's agent, aider ...); a developer who pastes from a chat window writes none, so these
counts are a floor on AI use, never an estimate of it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.history.commits import Commit
from resources import resource_path


@dataclass(frozen=True)
class ToolTable:
    tokens: frozenset[str]
    tools: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]


@lru_cache(maxsize=1)
def tool_table() -> ToolTable:
    data = json.loads(resource_path("data/ai_tools.json").read_text(encoding="utf-8"))
    return ToolTable(
        frozenset(t.lower() for t in data["tokens"]),
        tuple(
            (tool["name"], tuple(re.compile(p, re.IGNORECASE) for p in tool["patterns"]))
            for tool in data["tools"]
        ),
    )


def trailer_tools(pairs: list[tuple[str, str]], table: ToolTable | None = None) -> tuple[str, ...]:
    """The tools named by ``(token, value)`` trailers, each once, in the table's order."""
    table = table or tool_table()
    values = [value for token, value in pairs if token.lower() in table.tokens]
    if not values:
        return ()
    return tuple(
        name
        for name, patterns in table.tools
        if any(p.search(value) for value in values for p in patterns)
    )


def commit_tools(commit: Commit, table: ToolTable | None = None) -> tuple[str, ...]:
    """The AI tools ``commit``'s trailers name (empty for most commits)."""
    if "-by:" not in commit.message.lower() and ":" not in commit.message:
        return ()
    return trailer_tools(commit.trailers(), table)
