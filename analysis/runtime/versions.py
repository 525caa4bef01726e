"""Python version strings as projects write them: PEP 440 ranges, Poetry constraints, pins.

A range is turned into the set of CPython minor versions it admits (2.7 and 3.0-3.16), which is
what conflicts and the compatibility matrix compare. Poetry's ``^``/``~`` operators follow
Poetry's documentation ("Dependency specification": caret and tilde requirements).
"""

from __future__ import annotations

import re

from packaging.specifiers import InvalidSpecifier, SpecifierSet

#: minor versions a range is tested against (patch releases 0-30 of each)
KNOWN_MINORS: tuple[tuple[int, int], ...] = ((2, 7), *((3, minor) for minor in range(0, 17)))
_PATCHES = range(0, 31)
_CONCRETE = re.compile(r"^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*(t?)(?:[-+._\s].*)?$")


def concrete(text: str) -> tuple[tuple[int, ...], bool] | None:
    """``"3.11.4"`` -> ((3, 11, 4), False); ``"3.13t"`` -> ((3, 13), True); else None."""
    match = _CONCRETE.match(text)
    if not match:
        return None
    parts = tuple(int(p) for p in match.group(1, 2, 3) if p is not None)
    return parts, match.group(4) == "t"


def minor_of(text: str) -> tuple[int, int] | None:
    parsed = concrete(text)
    if parsed is None or len(parsed[0]) < 2:
        return None
    return parsed[0][0], parsed[0][1]


def minor_text(minor: tuple[int, int]) -> str:
    return f"{minor[0]}.{minor[1]}"


def _bump(parts: list[int], index: int) -> str:
    bumped = parts[: index + 1]
    bumped[index] += 1
    return ".".join(str(p) for p in bumped)


def poetry_to_pep440(constraint: str) -> list[str]:
    """Poetry constraint -> PEP 440 specifier strings, one per ``||`` alternative."""
    alternatives = []
    for alternative in constraint.split("||"):
        parts = []
        for token in re.split(r"\s*,\s*|\s+(?=[<>=!~^])", alternative.strip()):
            token = token.strip()
            if not token or token == "*":
                continue
            if token.startswith("^"):
                numbers = [int(n) for n in token[1:].split(".") if n.isdigit()]
                if not numbers:
                    raise InvalidSpecifier(token)
                first = next((i for i, n in enumerate(numbers) if n), len(numbers) - 1)
                parts += [f">={token[1:]}", f"<{_bump(numbers, first)}"]
            elif token.startswith("~") and not token.startswith("~="):
                numbers = [int(n) for n in token[1:].split(".") if n.isdigit()]
                if not numbers:
                    raise InvalidSpecifier(token)
                parts += [f">={token[1:]}", f"<{_bump(numbers, min(1, len(numbers) - 1))}"]
            elif token[0].isdigit():
                parts.append(f"=={token}")
            else:
                parts.append(token)
        alternatives.append(",".join(parts))
    return alternatives


def allowed_minors(specifiers: list[str]) -> set[tuple[int, int]]:
    """Minor versions admitted by any of the alternatives (PEP 440 strings); raises
    InvalidSpecifier for text that is not a specifier."""
    allowed: set[tuple[int, int]] = set()
    for text in specifiers:
        spec = SpecifierSet(text)
        for minor in KNOWN_MINORS:
            if minor in allowed:
                continue
            if any(spec.contains(f"{minor[0]}.{minor[1]}.{patch}") for patch in _PATCHES):
                allowed.add(minor)
    return allowed


def describe_minors(minors: set[tuple[int, int]]) -> str:
    """A short text for a set of minors: "3.9-3.12", "3.8, 3.10", "none"."""
    if not minors:
        return "none"
    ordered = sorted(minors)
    runs: list[list[tuple[int, int]]] = []
    for minor in ordered:
        if runs and runs[-1][-1][0] == minor[0] and runs[-1][-1][1] + 1 == minor[1]:
            runs[-1].append(minor)
        else:
            runs.append([minor])
    return ", ".join(
        minor_text(run[0]) if len(run) == 1 else f"{minor_text(run[0])}-{minor_text(run[-1])}"
        for run in runs
    )
