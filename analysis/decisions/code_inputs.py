"""The advice's code and runtime inputs: size, debt, MI, duplication, complexity, tests, the
Python version the system runs on (a library: the newest it supports), removed modules and
Python 2 files."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from analysis.coverage import HEADLINE_ROLES, files_of
from analysis.decisions.component_facts import complexity_measure, is_complex
from analysis.decisions.inputs import (
    InputValue,
    measured,
    missing,
    not_applicable,
    version_code,
)
from analysis.decisions.tests_present import PresenceOfTests
from analysis.delivery_model.kinds import LIBRARY, SERVICE
from analysis.runtime.runs_on import reading_for
from analysis.runtime.section import DEPLOYED, LOWEST_SUPPORTED, PINNED, SUPPORTED, TESTED
from analysis.runtime.targets import CI, CLASSIFIER, PIN, REQUIRES

if TYPE_CHECKING:  # the assessment is read, its module not imported (it imports this)
    from analysis.results import Assessment

_VERSION = re.compile(r"(\d+)\.(\d+)")
_LOWER_BOUND = re.compile(r"(?:>=|~=|==)\s*(\d+)\.(\d+)")


def code_inputs(assessment: Assessment, presence: PresenceOfTests) -> list[InputValue]:
    totals = assessment.code.totals
    if totals.files:
        sloc = measured(
            "sloc",
            totals.sloc,
            "radon SLOC of the production Python files",
            f"{totals.files} files",
        )
    else:
        sloc = missing("sloc", "no Python files")
    out = [sloc]
    debt = assessment.debt
    if debt is not None and debt.files:
        worst = max(debt.by_package, key=lambda p: (p.ratio, p.name), default=None)
        out.append(
            measured(
                "debt_ratio",
                round(debt.ratio, 4),
                "SonarQube sqale_debt_ratio: remediation minutes / (30 min x ncloc)",
                f"rating {debt.rating}, {debt.remediation_minutes / 60:,.0f} h over "
                f"{debt.ncloc:,} lines",
                location=f"{worst.name} (rating {worst.rating})" if worst else "",
            )
        )
    else:
        out.append(missing("debt_ratio", "no file could be rated for technical debt"))
    if totals.mi_average is not None:
        out.append(
            measured(
                "mi_average",
                round(totals.mi_average, 2),
                "radon Maintainability Index, SLOC-weighted mean",
                f"{totals.measured_files} files",
            )
        )
    else:
        out.append(missing("mi_average", "no file could be measured"))
    dup = assessment.duplication
    if dup is not None and dup.density is not None:
        first = dup.groups[0].fragments[0] if dup.groups and dup.groups[0].fragments else None
        out.append(
            measured(
                "duplication_share",
                round(dup.density / 100, 4),
                "SonarQube duplicated_lines_density (type-2 clones)",
                f"{dup.duplicated_lines:,} of {dup.lines:,} lines",
                location=f"{first.path}:{first.start_line}" if first else "",
            )
        )
    else:
        out.append(missing("duplication_share", "duplication was not measured"))
    rated = [f for f in files_of(assessment.code.files, *HEADLINE_ROLES) if f.status == "ok"]
    blocks = [(f, b) for f in rated for b in f.functions if b.kind != "class"]
    if blocks:
        measure = complexity_measure(rated)
        over = [(f, b) for f, b in blocks if is_complex(b, measure)]
        hardest = max(blocks, key=lambda pair: pair[1].complexity)
        out.append(
            measured(
                "complex_function_share",
                round(len(over) / len(blocks), 4),
                f"functions with {measure} complexity over 15 (SonarQube's threshold) / functions",
                f"{len(over)} of {len(blocks)}",
                location=f"{hardest[0].path}:{hardest[1].lineno}",
            )
        )
    else:
        out.append(missing("complex_function_share", "no function was measured"))
    if presence.share is not None:
        out.append(
            measured(
                "test_share",
                presence.share,
                "test files / production and test Python files (file roles)",
                f"{presence.test_files} of {presence.python_files}",
                location=", ".join(presence.examples)
                or "no test_*.py, *_test.py, tests.py, conftest.py or tests/ folder",
            )
        )
    else:
        out.append(missing("test_share", "no Python files"))
    return out


def _lowest(versions: list[tuple[int, str]]) -> tuple[int, str] | None:
    return min(versions, key=lambda pair: pair[0]) if versions else None


def declared_runtime_version(runtime) -> tuple[int, str, str] | None:
    """For reports written before ``runtime.runs_on``: the lowest pinned interpreter, else CI,
    else classifiers, else the lower bound of requires-python; Python 2 syntax says 2.7."""
    for kind, what in (
        (PIN, "lowest pinned interpreter"),
        (CI, "lowest version tested in CI"),
        (CLASSIFIER, "lowest version in the classifiers"),
        (REQUIRES, "lower bound of the declared Python range"),
    ):
        found = []
        for target in runtime.targets:
            if target.kind != kind:
                continue
            pattern = _LOWER_BOUND if kind == REQUIRES else _VERSION
            match = pattern.search(target.version)
            if match:
                code = int(match.group(1)) * 100 + int(match.group(2))
                found.append((code, f"{target.source} at {target.location}"))
        best = _lowest(found)
        if best:
            return best[0], what, best[1]
    return None


_BASIS = {
    DEPLOYED: "the Python of what deploys it",
    PINNED: "the pinned environment's Python",
    TESTED: "the one Python version its CI tests on",
    LOWEST_SUPPORTED: "the oldest Python it supports (nothing that deploys it names one)",
    SUPPORTED: "the newest Python of the library's supported range",
}
_LOCATED = re.compile(r"^[^\s:]+:\d+")


def runtime_version(runtime, kind: str = SERVICE) -> tuple[int, str, str] | None:
    """(version code, what it rests on, where): the Python the system runs on for its delivery
    model (:func:`analysis.runtime.runs_on.reading_for`: what deploys it, not the lowest version
    a CI matrix tests); Python 2 syntax says 2.7."""
    if runtime.required_minimum.python2:
        need = runtime.required_minimum.python2[0]
        return 207, "Python 2 syntax in the code (vermin)", f"{need.path}:{need.line}"
    if runtime.runs_on is None:
        return declared_runtime_version(runtime)
    version, basis, evidence = reading_for(runtime.runs_on, kind)
    code = version_code(version) if version else None
    if code is None:
        return None
    where = next((line for line in evidence if _LOCATED.match(line)), "")
    return code, _BASIS.get(basis, basis), where


def runtime_inputs(assessment: Assessment, kind: str = SERVICE) -> list[InputValue]:
    """A service (or a template, an application) is read at the Python it runs on
    (``runtime_version``); a library, which runs on its users' interpreters, at the newest
    version of its supported range (``supported_python``): the other is missing, with why."""
    runtime = assessment.runtime
    keys = ("runtime_version", "supported_python", "removed_module_imports", "python2_share")
    if runtime is None:
        return [missing(k, "no runtime section in this assessment") for k in keys]
    out = []
    found = runtime_version(runtime, kind)
    mine, other = ("supported_python", "runtime_version") if kind == LIBRARY else keys[:2]
    if found:
        out.append(measured(mine, found[0], found[1], location=found[2]))
    else:
        out.append(missing(mine, "the project declares no Python version"))
    if kind == LIBRARY:
        why = "a library runs on its users' interpreters: read its supported range instead"
    else:
        why = f"read for a library only; a {kind} is read at the Python it runs on"
    out.append(not_applicable(other, why))
    blocking = [r for r in runtime.removed_modules if not r.guarded and not r.provided_by]
    out.append(
        measured(
            "removed_module_imports",
            len(blocking),
            "imports of stdlib modules removed in 3.12/3.13, without a fallback",
            location=f"{blocking[0].path}:{blocking[0].line} ({blocking[0].module})"
            if blocking
            else "",
        )
    )
    files = assessment.code.totals.files
    python2 = sorted({need.path for need in runtime.required_minimum.python2})
    if files:
        out.append(
            measured(
                "python2_share",
                round(len(python2) / files, 4),
                "files with Python 2 syntax (vermin) / Python files",
                f"{len(python2)} of {files}",
                location=", ".join(python2[:3]),
            )
        )
    else:
        out.append(missing("python2_share", "no Python files"))
    return out
