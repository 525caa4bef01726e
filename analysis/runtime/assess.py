"""The runtime phase: declared versions and conflicts, the Python the system runs on, the code's
minimum, removed modules, dependencies and their free-threading status, and the compatibility
matrix."""

from __future__ import annotations

from analysis.architecture.modules import ModuleIndex
from analysis.delivery_model.ci_jobs import ci_jobs
from analysis.delivery_model.kinds import SERVICE
from analysis.project_files import ProjectFiles
from analysis.runtime.code_findings import extension_modules, removed_imports, required_minimum
from analysis.runtime.declarations import Declaration
from analysis.runtime.declared import declared_targets, find_conflicts
from analysis.runtime.dependencies import free_threading_blockers, merge_dependencies
from analysis.runtime.free_threading import snapshot
from analysis.runtime.lockfiles import LockedPackage
from analysis.runtime.manifests import Manifests
from analysis.runtime.matrix import build_matrix
from analysis.runtime.runs_on import lowest_tested, runs_on
from analysis.runtime.section import RuntimeSection
from analysis.runtime.set_aside import Roles


def assess_runtime(
    files: ProjectFiles,
    manifests: Manifests,
    index: ModuleIndex,
    declarations: list[Declaration],
    locked: list[LockedPackage],
    problems: list,
    kind: str = SERVICE,
    roles: Roles | None = None,
) -> RuntimeSection:
    """``kind``: the delivery model (how the runtime is read); ``roles``: each file's role
    (path -> "production", "test", ...), every file production when not given."""
    modules = sorted(index.by_path.values(), key=lambda m: m.path)
    targets, conflicts, target_problems = declared_targets(files, manifests)
    problems += target_problems
    jobs = ci_jobs(files)
    reading = runs_on(files, targets, jobs, kind, roles)
    minimum = required_minimum(modules, index.first_party, roles, lowest_tested(reading.tested))
    first = minimum.reasons[0] if minimum.reasons else None
    because = f"{first.feature} at {first.path}:{first.line}" if first else ""
    conflicts += find_conflicts(targets, minimum.version, because)
    dependencies, markers = merge_dependencies(declarations, locked)
    declared = {d.name for d in dependencies}
    removed, apis = removed_imports(modules, index.first_party, declared)
    extensions = extension_modules(files)
    return RuntimeSection(
        targets=targets,
        conflicts=conflicts,
        required_minimum=minimum,
        removed_modules=removed,
        removed_apis=apis,
        matrix=build_matrix(
            minimum, removed, apis, targets, dependencies, markers, locked, extensions
        ),
        dependencies=dependencies,
        free_threading_blockers=free_threading_blockers(dependencies, markers),
        free_threading_snapshot=snapshot().info(),
        extension_modules=extensions,
        runs_on=reading,
    )
