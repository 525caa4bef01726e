"""The runtime panel: which Python versions the system can move to, and what blocks each.

Version matrix (3.10-3.14, 3.13t, 3.14t) with reasons, the versions the project declares and
their conflicts, dependencies with their free-threading status (from the shipped snapshot of
the free-threaded-wheels tracker, whose date is shown), removed modules, and what the code needs.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget

from analysis.assessment import Assessment
from analysis.runtime.section import BLOCKED, READY, RuntimeSection
from widgets import palette
from widgets.literal_text import literal_tooltip
from widgets.record_table import Cell, RecordTable, cell
from widgets.section_panel import SectionPanel

STATUS_STYLE = {
    READY: ("ready", "good", "good_bg"),
    BLOCKED: ("blocked", "bad", "bad_bg"),
    "unverified": ("unverified", "warn", "warn_bg"),
}
FREE_THREADING_TEXT = {
    "free_threaded_wheel": ("has a free-threaded wheel", "good"),
    "gil": ("re-enables the GIL", "bad"),
    "fine": ("pure Python: fine", "good"),
    "unknown": ("unknown", "warn"),
}
MATRIX_COLUMNS = (
    ("Version", "CPython version; 't' = the free-threaded build (no GIL), PEP 703."),
    (
        "Status",
        "ready: nothing found blocks it. blocked: see why. unverified (free-threaded "
        "builds): nothing blocks it, but some dependencies' free-threading status is "
        "unknown.",
    ),
    (
        "What blocks it",
        "Blockers: the code's minimum version (vermin), Python 2 syntax, removed "
        "standard-library modules and APIs (What's New 3.12-3.14, PEP 594), a "
        "declared version range that excludes it, locked binary dependencies "
        "without a wheel for it, and for free-threaded builds the dependencies "
        "and own extensions that re-enable the GIL.",
    ),
    ("Notes", "Not blockers: imports with a fallback, development-only dependencies, unknowns."),
)
TARGET_COLUMNS = (
    ("Version", "The version or range as the file declares it."),
    (
        "Kind",
        "requires: an installable range (pip refuses other versions); classifier: a "
        "version the authors list; pin: the interpreter a deployment or environment "
        "uses; ci: a version the CI tests on.",
    ),
    ("Source", "Which declaration."),
    ("Location", "File and line."),
)
DEPENDENCY_COLUMNS = (
    ("Package", "Distribution name, normalised (PEP 503)."),
    (
        "Free-threading",
        "From the wheels a lock file lists for the locked release, else the "
        "shipped free-threaded-wheels snapshot. 'Has a free-threaded wheel' is "
        "not proof of thread safety.",
    ),
    (
        "Groups",
        "main, extras, dependency groups, dev/test (development-only packages do not "
        "block production).",
    ),
    ("Version", "Declared specifiers; the locked version when a lock file pins one."),
    ("Declared in", "Where it is declared (or locked)."),
)
REMOVED_COLUMNS = (
    ("Module / API", "A standard-library module or API removed from CPython."),
    ("Removed in", "The first CPython version without it."),
    ("Location", "Where the code imports or uses it."),
    (
        "Fallback",
        "guarded: inside try/except ImportError; or a declared PyPI package that "
        "provides it again.",
    ),
    ("Replacement", "What to use instead (What's New, PEP 594, PEP 632)."),
)
NEEDS_COLUMNS = (
    ("File", "Repository-relative path."),
    ("Needs", "The lowest Python version the file's code runs on (vermin)."),
    ("Because of", "The constructs that need that version, with their lines."),
)


_SHOWN_BLOCKERS = 4


def _blocker_text(entry) -> tuple[str, str]:
    """The blockers as lines (the first few in the cell, all in the tooltip)."""
    lines = [f"• {b.message}" + (f"  [{b.location}]" if b.location else "") for b in entry.blockers]
    shown = lines[:_SHOWN_BLOCKERS]
    if len(lines) > _SHOWN_BLOCKERS:
        shown.append(f"  … and {len(lines) - _SHOWN_BLOCKERS} more (hover to see all)")
    return "\n".join(shown), "\n".join(lines)


def _delivery_text(model, section: RuntimeSection) -> str:
    """How the system is delivered and the Python it runs on, each with its first evidence."""
    parts = []
    if model is not None:
        first = f" ({escape(model.evidence[0])})" if model.evidence else ""
        who = "" if model.source == "detected" else f", set in the {escape(model.source)}"
        parts.append(f"Delivered as <b>{escape(model.kind)}</b>{who}{first}.")
    runs = section.runs_on
    if runs is not None and runs.version:
        first = f": {escape(runs.evidence[0])}" if runs.evidence else ""
        parts.append(f"Runs on <b>Python {runs.version}</b> ({escape(runs.basis)}{first}).")
    return " ".join(parts) + (" " if parts else "")


class RuntimePanel(SectionPanel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.matrix = RecordTable(MATRIX_COLUMNS, stretch=2, widths={3: 330}, sort=None, wrap=True)
        self.tabs.addTab(self.matrix, "Version matrix")
        self.targets = RecordTable(TARGET_COLUMNS, stretch=2, sort=None)
        self.conflicts = QListWidget()
        self.conflicts.setWordWrap(True)
        self.conflicts.setToolTip("Declarations that contradict each other or the code's needs")
        self.tabs.addTab(
            self.page((self.targets, 2), "Conflicts", (self.conflicts, 1)), "Declared versions"
        )
        self.dependencies = RecordTable(DEPENDENCY_COLUMNS, stretch=4)
        self.tabs.addTab(self.dependencies, "Dependencies")
        self.removed = RecordTable(REMOVED_COLUMNS, stretch=4)
        self.tabs.addTab(self.removed, "Removed modules")
        self.needs = RecordTable(NEEDS_COLUMNS, stretch=2, sort=(1, Qt.SortOrder.DescendingOrder))
        self.ignored = QLabel()
        self.ignored.setWordWrap(True)
        self.tabs.addTab(self.page((self.needs, 1), self.ignored), "Code needs")
        self.snapshot = QLabel()
        self.snapshot.setObjectName("SnapshotAttribution")
        self.snapshot.setWordWrap(True)
        self.frame.addWidget(self.snapshot)
        self.section: RuntimeSection | None = None

    def show_assessment(self, assessment: Assessment) -> None:
        section = assessment.runtime
        self.section = section
        if section is None:
            self.summary.setText("This assessment was made before runtime readiness was measured.")
            for table in (self.matrix, self.targets, self.dependencies, self.removed, self.needs):
                table.set_rows([])
            self.conflicts.clear()
            self.snapshot.clear()
            self.ignored.clear()
            return
        self.summary.setText(
            _delivery_text(assessment.repository.delivery_model, section) + self._summary(section)
        )
        self._show_matrix(section)
        self._show_targets(section)
        self._show_dependencies(section)
        self._show_removed(section)
        self._show_needs(section)
        snap = section.free_threading_snapshot
        self.snapshot.setText(
            f"Free-threading status from the {snap.get('source', 'free-threaded-wheels tracker')}"
            f", snapshot of {snap.get('date', '?')} ({snap.get('packages', 0)} most downloaded "
            f"binary packages; {snap.get('licence', '')}). A free-threaded wheel is not proof "
            "of thread safety."
        )

    def _summary(self, section: RuntimeSection) -> str:
        minimum = section.required_minimum
        parts = []
        if minimum.version:
            first = minimum.reasons[0] if minimum.reasons else None
            where = (
                f" ({escape(first.feature)}, {escape(first.path)}:{first.line})" if first else ""
            )
            parts.append(f"<b>The code needs Python {minimum.version}</b>{where}.")
        else:
            parts.append("<b>The code needs no Python 3 version beyond 3.0.</b>")
        pins = [t for t in section.targets if t.kind == "pin"]
        if pins and section.runs_on is None:  # an assessment made before runs_on
            parts.append(
                "Runs on "
                + ", ".join(f"{t.version} ({escape(t.location)})" for t in pins[:3])
                + "."
            )
        ready = [v for v, e in section.matrix.items() if e.status == READY and "t" not in v]
        if ready:
            parts.append(f"Newest version without blockers: <b>{ready[-1]}</b>.")
        threaded = section.matrix.get("3.13t")
        if threaded is not None:
            blockers = len(section.free_threading_blockers)
            parts.append(
                f"Free-threaded 3.13t: <b>{threaded.status}</b>"
                + (
                    f" ({blockers} package{'s re-enable' if blockers != 1 else ' re-enables'} "
                    "the GIL)"
                    if blockers
                    else ""
                )
                + "."
            )
        if section.conflicts:
            parts.append(
                f"<span style='color:{palette.hex_colour('bad')}'>{len(section.conflicts)} "
                "conflicting "
                "declarations.</span>"
            )
        return " ".join(parts)

    def _show_matrix(self, section: RuntimeSection) -> None:
        rows = []
        for version, entry in section.matrix.items():
            text, fg, bg = STATUS_STYLE.get(entry.status, (entry.status, None, None))
            first, full = _blocker_text(entry)
            rows.append(
                [
                    Cell(version, "free-threaded build" if version.endswith("t") else "", version),
                    Cell(
                        text,
                        full or "Nothing found blocks this version.",
                        entry.status,
                        foreground=fg,
                        background=bg,
                        bold=True,
                    ),
                    Cell(first, full),
                    Cell("\n".join(entry.notes), "\n".join(entry.notes)),
                ]
            )
        self.matrix.set_rows(rows)

    def _show_targets(self, section: RuntimeSection) -> None:
        self.targets.set_rows(
            [
                [cell(t.version), cell(t.kind), cell(t.source), cell(t.location)]
                for t in section.targets
            ]
        )
        self.conflicts.clear()
        self.conflicts.addItems([c.message for c in section.conflicts] or ["No conflicts."])

    def _show_dependencies(self, section: RuntimeSection) -> None:
        rows = []
        for dep in section.dependencies:
            text, colour = FREE_THREADING_TEXT.get(dep.free_threading, (dep.free_threading, None))
            version = ", ".join(dep.specifiers)
            if dep.locked_version:
                version = f"{version}  (locked {dep.locked_version})".strip()
            groups = ", ".join(dep.groups) or ("transitive (lock file)" if not dep.direct else "")
            rows.append(
                [
                    cell(dep.name, bold=dep in section.free_threading_blockers),
                    Cell(text, dep.evidence, text, foreground=colour),
                    cell(groups),
                    cell(version),
                    cell(", ".join(dep.declared_in[:2]), "\n".join(dep.declared_in)),
                ]
            )
        self.dependencies.set_rows(rows)

    def _show_removed(self, section: RuntimeSection) -> None:
        rows = []
        for item in section.removed_modules:
            fallback = (
                "guarded"
                if item.guarded
                else (f"{item.provided_by} declared" if item.provided_by else "")
            )
            rows.append(
                [
                    cell(item.module, item.text),
                    cell(item.removed_in),
                    cell(f"{item.path}:{item.line}"),
                    cell(fallback),
                    cell(item.replacement),
                ]
            )
        for api in section.removed_apis:
            rows.append(
                [
                    cell(api.api),
                    cell(api.removed_in),
                    cell(f"{api.path}:{api.line}"),
                    cell(""),
                    cell(api.replacement),
                ]
            )
        self.removed.set_rows(rows)

    def _show_needs(self, section: RuntimeSection) -> None:
        rows = []
        for need in section.required_minimum.files:
            reasons = "; ".join(f"{r.feature} (line {r.line})" for r in need.reasons)
            major, _, minor = need.version.partition(".")
            rows.append(
                [
                    cell(need.path),
                    Cell(need.version, "", int(major) * 100 + int(minor or 0)),
                    cell(
                        reasons[:200],
                        "\n".join(f"{r.feature} (line {r.line})" for r in need.reasons),
                    ),
                ]
            )
        self.needs.set_rows(rows)
        ignored = section.required_minimum.ignored
        self.ignored.setText(
            f"{len(ignored)} reasons vermin reports were set aside as known false positives "
            "(code under TYPE_CHECKING or a sys.version_info test, imports with a fallback, "
            "annotations never evaluated, the repository's own modules). Hover for the list."
            if ignored
            else "No vermin reasons were set aside."
        )
        self.ignored.setToolTip(
            literal_tooltip(
                "\n".join(
                    f"{n.path}:{n.line} {n.feature} ({n.version}): {n.why_ignored}"
                    for n in ignored[:40]
                )
                + (f"\n… and {len(ignored) - 40} more" if len(ignored) > 40 else "")
            )
        )
