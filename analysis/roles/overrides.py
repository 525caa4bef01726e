"""Roles a person decided: the user's globs, the repository's globs and its .gitattributes.

* The user's globs (application settings, ``file_roles``) and the repository's own
  (``[tool.readiness-advisor.roles]`` in its ``pyproject.toml``, or ``[roles]`` in a
  ``.readiness-advisor.toml`` at its root) map a role to gitignore-style globs; the first
  role whose globs match decides, the user's before the repository's.
* ``.gitattributes``: GitHub linguist's ``linguist-generated``, ``linguist-vendored`` and
  ``linguist-documentation`` attributes (https://github.com/github-linguist/linguist/blob/main/
  docs/overrides.md) are honoured as the repository's word; set to false they switch the
  built-in rules of that role off for the file, as linguist does.

The repository's files are read as data (TOML parsed, attributes asked of ``git check-attr``);
nothing in them runs.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import InitVar, dataclass, field
from pathlib import Path

import pathspec

from analysis import git
from analysis.errors import GitCommandFailed
from analysis.roles.model import DOCS, GENERATED, ROLES, VENDORED

#: linguist attribute -> role
LINGUIST_ATTRIBUTES = {
    "linguist-generated": GENERATED,
    "linguist-vendored": VENDORED,
    "linguist-documentation": DOCS,
}
REPOSITORY_FILES = (".readiness-advisor.toml", "pyproject.toml")
MAX_SETTINGS_BYTES = 1024 * 1024


@dataclass
class RoleGlobs:
    """Role -> gitignore-style globs, in the order given; ``origin`` names who set them."""

    # as given (settings, TOML): checked in __post_init__, which keeps the valid ones in globs
    given: InitVar[Mapping[str, object] | None]
    origin: str = "settings"
    problems: list[str] = field(default_factory=list)
    globs: dict[str, tuple[str, ...]] = field(init=False)

    def __post_init__(self, given: Mapping[str, object] | None) -> None:
        clean: dict[str, tuple[str, ...]] = {}
        for role, patterns in dict(given or {}).items():
            if role not in ROLES:
                self.problems.append(
                    f"{self.origin}: unknown file role {role!r} ignored (roles: {', '.join(ROLES)})"
                )
                continue
            if isinstance(patterns, str):
                patterns = (patterns,)
            if not isinstance(patterns, list | tuple) or not all(
                isinstance(p, str) for p in patterns
            ):
                self.problems.append(f"{self.origin}: globs of role {role} must be a list of texts")
                continue
            clean[role] = tuple(patterns)
        self.globs = clean
        self._specs = {
            role: [(glob, pathspec.GitIgnoreSpec.from_lines([glob])) for glob in patterns]
            for role, patterns in clean.items()
        }

    def match(self, path: str) -> tuple[str, str] | None:
        """``(role, glob)`` of the first glob that matches ``path``."""
        for role, specs in self._specs.items():
            for glob, spec in specs:
                if spec.match_file(path):
                    return role, glob
        return None

    def key(self) -> str:
        return repr(sorted(self.globs.items()))


def repository_globs(root: Path | str) -> RoleGlobs:
    """The repository's own role globs (see the module doc); empty when it declares none."""
    base = Path(root)
    for name in REPOSITORY_FILES:
        target = base / name
        try:
            if not target.is_file() or target.is_symlink():
                continue
            if target.stat().st_size > MAX_SETTINGS_BYTES:
                return RoleGlobs({}, name, [f"{name}: too large to read for file roles"])
            data = tomllib.loads(target.read_text(encoding="utf-8", errors="replace"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            return RoleGlobs({}, name, [f"{name}: file roles not read ({exc})"])
        table = (
            data.get("roles")
            if name == ".readiness-advisor.toml"
            else data.get("tool", {}).get("readiness-advisor", {}).get("roles")
        )
        if table is None:
            continue
        if not isinstance(table, dict):
            return RoleGlobs({}, name, [f"{name}: file roles must be a table of role = [globs]"])
        return RoleGlobs(table, f"repository {name}")
    return RoleGlobs({}, "repository")


def linguist_attributes(
    root: Path | str, paths: Iterable[str], bare: bool = False
) -> tuple[dict[str, dict[str, bool]], list[str]]:
    """``path -> {role: True/False}`` from the index's .gitattributes (set or unset only).

    One ``git check-attr --cached --stdin -z`` for all paths. A bare repository has no index
    to read attributes from: none are used, and the note says so.
    """
    wanted = list(paths)
    if not wanted:
        return {}, []
    if bare:
        return {}, ["bare repository: .gitattributes linguist overrides were not read"]
    stdin = b"".join(p.encode("utf-8", "surrogateescape") + b"\0" for p in wanted)
    try:
        data = git.run(
            root,
            "check-attr",
            "--cached",
            "-z",
            "--stdin",
            *LINGUIST_ATTRIBUTES,
            input_bytes=stdin,
        ).stdout
    except GitCommandFailed as exc:
        return {}, [f".gitattributes not read for file roles: {exc}"]
    found: dict[str, dict[str, bool]] = {}
    parts = data.split(b"\0")
    for index in range(0, len(parts) - 2, 3):
        path, attribute, value = (
            part.decode("utf-8", "surrogateescape") for part in parts[index : index + 3]
        )
        role = LINGUIST_ATTRIBUTES.get(attribute)
        if role is None or value in ("unspecified", ""):
            continue
        if value in ("set", "true"):
            found.setdefault(path, {})[role] = True
        elif value in ("unset", "false"):
            found.setdefault(path, {})[role] = False
    return found, []


def user_globs(data: Mapping[str, object] | None) -> RoleGlobs:
    """The application settings' ``file_roles`` (role -> globs)."""
    if data is not None and not isinstance(data, Mapping):
        return RoleGlobs({}, "settings", ["settings: file_roles must be a table of role: [globs]"])
    return RoleGlobs(data, "settings")
