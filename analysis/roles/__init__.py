"""File roles: one classification of every tracked file, used by every phase.

See :mod:`analysis.roles.model` for the roles and :mod:`analysis.roles.classify` for how a
file gets one.
"""

from analysis.roles.classify import RoleSettings, classify_files, path_role, refine_with_code
from analysis.roles.model import (
    BINARY,
    CODE_ROLES,
    CONFIG,
    DATA,
    DOCS,
    EXAMPLE,
    GENERATED,
    MIGRATION,
    PRODUCTION,
    ROLE_MEANINGS,
    ROLES,
    TEST,
    TOOLING,
    TRANSLATION,
    VENDORED,
    FileRoles,
    RoleCount,
    RoleDecision,
)

__all__ = [
    "BINARY",
    "CODE_ROLES",
    "CONFIG",
    "DATA",
    "DOCS",
    "EXAMPLE",
    "GENERATED",
    "MIGRATION",
    "PRODUCTION",
    "ROLES",
    "ROLE_MEANINGS",
    "TEST",
    "TOOLING",
    "TRANSLATION",
    "VENDORED",
    "FileRoles",
    "RoleCount",
    "RoleDecision",
    "RoleSettings",
    "classify_files",
    "path_role",
    "refine_with_code",
]
