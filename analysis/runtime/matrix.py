"""The compatibility matrix: for 3.10-3.14 and the free-threaded 3.13t/3.14t builds, what
blocks each version and why, from the code, the declarations and the dependencies.

Blockers: the code's minimum (grammar found by parsing, and vermin's library needs that were
not set aside, :mod:`analysis.runtime.set_aside`); Python 2 syntax; imports of removed modules
and uses of removed APIs without a fallback; a declared range that excludes the version (pip
refuses to install); a locked binary dependency with no wheel for that CPython; for free-threaded
builds,
production dependencies whose wheels would re-enable the GIL and the project's own extensions
that do not declare ``Py_MOD_GIL_NOT_USED``.
"""

from __future__ import annotations

from collections import defaultdict

from analysis.runtime.code_needs import version_key
from analysis.runtime.dependencies import applies, production
from analysis.runtime.free_threading import GIL, UNKNOWN, covers
from analysis.runtime.lockfiles import LockedPackage
from analysis.runtime.section import (
    BLOCKED,
    MATRIX_VERSIONS,
    READY,
    UNVERIFIED,
    Blocker,
    Dependency,
    ExtensionModule,
    MatrixEntry,
    RemovedApiUse,
    RemovedImport,
    RequiredMinimum,
)
from analysis.runtime.targets import REQUIRES, VersionTarget
from analysis.runtime.versions import allowed_minors

_FASTER = "CPython 3.11 is 10-25% faster than 3.10 on typical pyperformance benchmarks (up to 60%)"


def _grouped_removals(items, minor, label, what) -> tuple[list[Blocker], list[str]]:
    blockers, notes = [], []
    groups: dict[str, list] = defaultdict(list)
    for item in items:
        if version_key(item.removed_in) <= minor:
            groups[getattr(item, what)].append(item)
    for name, uses in sorted(groups.items()):
        first = uses[0]
        hard = [
            u
            for u in uses
            if not getattr(u, "guarded", False) and not getattr(u, "provided_by", "")
        ]
        where = f"{len(uses)} place{'s' if len(uses) != 1 else ''}"
        if hard:
            blockers.append(
                Blocker(
                    label,
                    f"uses {name} (removed in {first.removed_in}) in {where}; "
                    f"replace with {first.replacement}",
                    f"{hard[0].path}:{hard[0].line}",
                )
            )
        else:
            provider = next((u.provided_by for u in uses if getattr(u, "provided_by", "")), "")
            why = (
                f"the declared {provider} provides it"
                if provider
                else "with an ImportError fallback"
            )
            notes.append(f"{name} (removed in {first.removed_in}) is imported {why}")
    return blockers, notes


def _wheel_gaps(locked: list[LockedPackage], deps: dict[str, Dependency], minor) -> list[Blocker]:
    by_name: dict[str, list[LockedPackage]] = defaultdict(list)
    for package in locked:
        if package.wheels:
            by_name[package.name].append(package)
    out = []
    for name, packages in sorted(by_name.items()):
        tags = set().union(*(p.tags() for p in packages))
        if not tags or covers(tags, minor):
            continue
        versions = ", ".join(sorted({p.version for p in packages}))
        dep = deps.get(name)
        if dep is not None and not production(dep):
            continue
        out.append(
            Blocker(
                "no_wheel",
                f"{name} {versions} is locked without a wheel for CPython "
                f"{minor[0]}.{minor[1]}: it must be built from source",
                packages[0].location,
            )
        )
    return out


def build_matrix(
    minimum: RequiredMinimum,
    removed: list[RemovedImport],
    apis: list[RemovedApiUse],
    targets: list[VersionTarget],
    dependencies: list[Dependency],
    markers: dict[str, list[str]],
    locked: list[LockedPackage],
    extensions: list[ExtensionModule],
) -> dict[str, MatrixEntry]:
    deps = {d.name: d for d in dependencies}
    ranges = [
        (t, allowed_minors(t.specifiers)) for t in targets if t.kind == REQUIRES and t.specifiers
    ]
    matrix = {}
    for label in MATRIX_VERSIONS:
        threaded = label.endswith("t")
        version = label.rstrip("t")
        minor = version_key(version)
        blockers: list[Blocker] = []
        notes: list[str] = []
        if minimum.version and version_key(minimum.version) > minor:
            for reason in minimum.reasons[:3]:
                need = (
                    f"does not parse before Python {minimum.version}"
                    if reason.syntax
                    else f"the code needs Python {minimum.version}"
                )
                blockers.append(
                    Blocker("code", f"{need}: {reason.feature}", f"{reason.path}:{reason.line}")
                )
            if len(minimum.reasons) > 3:
                notes.append(f"{len(minimum.reasons) - 3} more reasons need {minimum.version}")
        for construct in minimum.python2[:3]:
            blockers.append(
                Blocker(
                    "python2",
                    f"Python 2 syntax: {construct.feature}",
                    f"{construct.path}:{construct.line}",
                )
            )
        if minimum.python2_constructs:
            first = minimum.python2_constructs[0]
            notes.append(
                f"{len(minimum.python2_constructs)} Python 2 only constructs, e.g. "
                f"{first.feature} ({first.path}:{first.line}): check they cannot run"
            )
        found, extra = _grouped_removals(removed, minor, "removed_module", "module")
        blockers += found
        notes += extra
        found, extra = _grouped_removals(apis, minor, "removed_api", "api")
        blockers += found
        notes += extra
        for target, allowed in ranges:
            if (minor[0], minor[1]) not in allowed:
                blockers.append(
                    Blocker(
                        "declared",
                        f"{target.source} {target.version} excludes "
                        f"{version}: pip refuses to install",
                        target.location,
                    )
                )
        if not threaded:
            blockers += _wheel_gaps(locked, deps, minor)
            if label == "3.10":
                notes.append(_FASTER)
        else:
            for dep in dependencies:
                if dep.free_threading != GIL or not applies(markers.get(dep.name, []), version):
                    continue
                if production(dep):
                    blockers.append(
                        Blocker(
                            "gil",
                            f"{dep.name} re-enables the GIL: {dep.evidence}",
                            dep.declared_in[0] if dep.declared_in else "",
                        )
                    )
                else:
                    notes.append(f"{dep.name} (development only) would re-enable the GIL in tests")
            for extension in extensions:
                if not extension.declares_free_threading:
                    blockers.append(
                        Blocker(
                            "extension",
                            "own extension module does not declare "
                            "free-threading support (Py_MOD_GIL_NOT_USED / "
                            "freethreading_compatible): importing it re-enables "
                            "the GIL",
                            extension.path,
                        )
                    )
            unknown = [
                d.name for d in dependencies if d.free_threading == UNKNOWN and production(d)
            ]
            if unknown:
                notes.append(
                    f"{len(unknown)} dependencies have an unknown free-threading status "
                    f"(not in the snapshot): {', '.join(unknown[:8])}"
                    + ("…" if len(unknown) > 8 else "")
                )
        unverified = threaded and any(
            d.free_threading == UNKNOWN and production(d) for d in dependencies
        )
        status = BLOCKED if blockers else UNVERIFIED if unverified else READY
        matrix[label] = MatrixEntry(label, status, blockers, notes)
    return matrix
