"""The PDF's body: delivery (DORA, :mod:`app.pdf.delivery_pages`), debt and hotspots,
architecture and the strangler plan, runtime readiness, and before/after against the previous
assessment."""

from __future__ import annotations

from analysis.assessment import Assessment
from analysis.comparison import BETTER, WORSE, Comparison, percent_text
from app.pdf.delivery_pages import delivery
from app.pdf.markup import (
    BAD,
    BAD_BG,
    GOOD,
    GOOD_BG,
    WARN,
    ChartSet,
    bullets,
    coloured,
    heading,
    muted,
    para,
    table,
    text,
)

__all__ = ["architecture", "before_after", "debt_and_hotspots", "delivery", "runtime"]
TOP_ROWS = 10
LAYER_COLOURS = {"present": GOOD, "partial": WARN, "missing": BAD}
RUNTIME_COLOURS = {"ready": GOOD, "blocked": BAD, "unverified": WARN}


def _debt_tables(debt) -> str:
    packages = sorted(debt.by_package, key=lambda p: -p.remediation_minutes)[:8]
    rows = [
        [text(p.name), f"{p.ncloc:,}", f"{p.remediation_minutes / 60:,.1f} h",
         percent_text(p.ratio), text(p.rating)]
        for p in packages
    ]  # fmt: skip
    parts = []
    if rows:
        parts.append("<h3>Where the debt is (by package)</h3>")
        parts.append(
            table(("Package", "Lines", "Remediation", "Ratio", "Rating"), rows,
                  widths=(44, 14, 16, 13, 13))
        )  # fmt: skip
    issues = sorted(debt.issues, key=lambda i: (-i.minutes, i.path, i.line))[:8]
    if issues:
        parts.append("<h3>Largest debt items</h3>")
        parts.append(
            table(
                ("Where", "Issue", "Minutes"),
                [[text(f"{i.path}:{i.line}"), text(i.message), str(i.minutes)] for i in issues],
                widths=(38, 50, 12),
            )
        )
    return "".join(parts)


def _tests_sentence(assessment: Assessment) -> str:
    """The tests, measured like production code and reported apart (SonarQube's way)."""
    tests = assessment.code.totals.by_role.get("test")
    if not tests or not tests.get("files"):
        return ""
    production = assessment.code.totals.sloc
    share = tests["sloc"] / (tests["sloc"] + production) if tests["sloc"] + production else 0
    words = [
        f"Tests, measured apart: {tests['files']:,} files, {tests['sloc']:,} lines of code "
        f"({share:.0%} of production and test code)"
    ]
    debt = assessment.debt.by_role.get("test") if assessment.debt is not None else None
    if debt:
        words.append(f"debt rating {text(debt['rating'])} ({percent_text(debt['ratio'])})")
    dup = (assessment.duplication.by_role.get("test") or {}) if assessment.duplication else {}
    if dup.get("density") is not None:
        words.append(f"duplicated lines {dup['density']:.1f}%")
    return "; ".join(words) + ". Migrations, generated, example and tooling files are not rated."


def debt_and_hotspots(assessment: Assessment, charts: ChartSet) -> str:
    parts = [heading("Technical debt and hotspots", new_page=True)]
    debt, totals = assessment.debt, assessment.code.totals
    if debt is not None:
        money = f", about {debt.money:,.0f} {text(debt.currency)}" if debt.money else ""
        parts.append(
            para(
                f"Maintainability rating <b>{text(debt.rating)}</b>: debt ratio "
                f"<b>{percent_text(debt.ratio)}</b> (SonarQube's SQALE ratio: remediation time "
                f"over {debt.cost_per_line_minutes:g} minutes per line of code), "
                f"{debt.hours:,.1f} hours to fix {len(debt.issues):,} issues{money}, over "
                f"{debt.ncloc:,} lines of production code. Ratings: A &lt;= 5%, B &lt;= 10%, "
                "C &lt;= 20%, D &lt;= 50%."
            )
        )
    else:
        if not totals.files:
            why = "the repository has no production Python files."
        elif not totals.measured_files:
            why = (
                f"none of the {totals.files:,} production Python files could be measured "
                "(syntax errors, Python 2 or skipped files; the warnings name them)."
            )
        else:
            why = "this assessment has no debt figures."
        parts.append(para(f"Technical debt not rated: {why}"))
    facts = []
    if totals.mi_average is not None:
        facts.append(f"Maintainability Index {totals.mi_average:.1f} (radon, SLOC-weighted)")
    dup = assessment.duplication
    if dup is not None and dup.density is not None:
        facts.append(f"duplicated lines {dup.density:.1f}% (SonarQube CPD; gate 3%)")
    if facts:
        parts.append(para("Production code: " + "; ".join(facts) + "."))
    tests = _tests_sentence(assessment)
    if tests:
        parts.append(para(tests))
    if debt is not None:
        parts.append(_debt_tables(debt))
    history = assessment.history
    if history is not None and history.hotspots:
        parts.append("<h2>Hotspots</h2>")
        parts.append(charts.image("hotspots"))
        parts.append(
            para(
                "Files that change often and are complex cost the most: their debt is paid again "
                "on every change (CodeScene, 'Your Code as a Crime Scene'). Code only: "
                "translations, docs, data and generated files are never ranked. Last "
                f"{history.window.months} months, {history.window.commits:,} commits; point "
                "size: lines; colour: hotspot score."
            )
        )
        rows = [
            [text(h.path), text(h.role or "production"), str(h.revisions),
             f"{h.complexity:,} {'cyclomatic' if h.measure == 'cc' else 'lines'}",
             f"{h.score:.2f}"]
            for h in history.hotspots[:TOP_ROWS]
        ]  # fmt: skip
        parts.append(table(("File", "Role", "Changes", "Complexity", "Score"), rows,
                           widths=(50, 12, 10, 16, 12)))  # fmt: skip
        parts.append(_history_facts(history))
        if "history" in charts:
            parts.append("<h2>Rework and fixes, month by month</h2>" + charts.image("history"))
    return "".join(parts)


def _history_facts(history) -> str:
    facts = []
    if history.rework_share is not None:
        facts.append(
            f"rework share {percent_text(history.rework_share)} of changed lines (the article: "
            "30-40% of engineering time on rework means a constrained system)"
        )
    if history.truck_factor.value is not None:
        facts.append(f"truck factor {history.truck_factor.value} (Avelino et al.)")
    if history.knowledge_loss.share is not None:
        facts.append(
            f"{percent_text(history.knowledge_loss.share)} of files whose main developer made no "
            f"commit for {history.knowledge_loss.inactive_months} months"
        )
    return para("History: " + "; ".join(facts) + ".") if facts else ""


def architecture(assessment: Assessment) -> str:
    parts = [heading("Architecture and the strangler plan", new_page=True)]
    section = assessment.architecture
    if section is not None:
        m = section.modularity
        cross = (
            ""
            if m.cross_component_share is None
            else (f"; {percent_text(m.cross_component_share)} of internal imports cross components")
        )
        parts.append(
            para(f"{m.modules:,} modules in {m.components} components; "
                 f"{m.components_in_cycles} components in dependency cycles{cross}.")
        )  # fmt: skip
        rows = [
            [text(layer.layer), coloured(text(layer.status), LAYER_COLOURS.get(layer.status), True),
             text(", ".join(layer.items) or "–"), text(layer.reason)]
            for layer in section.layers
        ]  # fmt: skip
        parts.append("<h3>Stack against the article's four-layer target</h3>")
        parts.append(table(("Layer", "Status", "Found", "Why"), rows, widths=(16, 11, 27, 46)))
        parts.append(
            para(muted("Target: Django keeps the stable business logic, FastAPI hosts new async "
                       "AI endpoints, Redis or RabbitMQ carry events, PostgreSQL and pipelines "
                       "hold state."))
        )  # fmt: skip
    d = assessment.decisions
    if d is None:
        return "".join(parts)
    later = d.refactor_vs_rewrite.verdict in ("keep_and_improve", "full_rewrite")
    parts.append(
        "<h2>Strangler-fig plan" + (" (for later)" if later else "") + "</h2>"
        + para("Keep what works, build new services beside it, route traffic to them step by "
               "step; carve out first where change pressure and poor health meet and the "
               "extraction is easy.")
    )  # fmt: skip
    steps = []
    for entry in d.strangler_plan:
        why = "; ".join(entry.why[:3])
        boundary = f" Boundary: {text(entry.boundary)}." if entry.boundary else ""
        steps.append(f"<b>{text(entry.component)}</b> {muted(f'(value {entry.value:.2f})')}: "
                     f"{text(why)}.{boundary}")  # fmt: skip
    parts.append(
        bullets(steps, ordered=True) or para(text(d.strangler_note or "No component to carve out."))
    )
    if d.keep_in_core:
        parts.append("<h3>Keep in the core</h3>")
        parts.append(bullets(f"<b>{text(c.component)}</b>: {text(c.why)}" for c in d.keep_in_core))
    return "".join(parts)


def runtime(assessment: Assessment) -> str:
    parts = [heading("Runtime readiness", new_page=True)]
    section = assessment.runtime
    if section is None:
        return "".join(parts) + para("No runtime section in this assessment.")
    targets = ", ".join(f"{t.version} ({t.source})" for t in section.targets) or "none declared"
    minimum = section.required_minimum.version or "3.0"
    parts.append(para(f"Declared Python versions: {text(targets)}. The code needs at least "
                      f"<b>Python {text(minimum)}</b> (vermin)."))  # fmt: skip
    rows = []
    for version, entry in section.matrix.items():
        why = "; ".join(b.message for b in entry.blockers[:2]) or "; ".join(entry.notes[:1])
        more = f" (+{len(entry.blockers) - 2} more)" if len(entry.blockers) > 2 else ""
        rows.append([text(version),
                     coloured(text(entry.status), RUNTIME_COLOURS.get(entry.status), True),
                     text(why + more) or "–"])  # fmt: skip
    parts.append(table(("Python", "Status", "Why"), rows, widths=(12, 14, 74)))
    if section.removed_modules:
        parts.append("<h3>Imports of modules removed from the standard library</h3>")
        parts.append(
            table(("Module", "Removed in", "Where", "Replacement"),
                  [[text(r.module), text(r.removed_in), text(f"{r.path}:{r.line}"),
                    text(r.replacement)] for r in section.removed_modules[:TOP_ROWS]],
                  widths=(16, 12, 40, 32))
        )  # fmt: skip
    snap = section.free_threading_snapshot
    if snap:
        parts.append(para(muted(f"Free-threading: {text(snap.get('source', ''))}, snapshot of "
                                f"{text(snap.get('date', ''))} ({text(snap.get('licence', ''))})."))
                     )  # fmt: skip
    return "".join(parts)


def comparison_table(comparison: Comparison) -> str:
    rows, backgrounds = [], []
    for m in comparison.metrics:
        style = {BETTER: (GOOD, GOOD_BG), WORSE: (BAD, BAD_BG)}.get(m.direction)
        delta = (
            coloured(text(m.delta_text), style[0], bold=True)
            if style
            else muted(text(m.delta_text), "8.5pt")
        )
        rows.append([text(m.label), text(m.before_text), text(m.after_text), delta,
                     muted(text(m.article))])  # fmt: skip
        backgrounds.append([None, None, None, style[1] if style else None, None])
    for v in comparison.verdicts:
        rows.append([text(v.label), text(v.before or "–"), text(v.after or "–"),
                     "<b>changed</b>" if v.changed else muted("same"), ""])  # fmt: skip
        backgrounds.append([None] * 5)
    return table(("Measure", "Before", "After", "Change", "Healthy target"), rows,
                 widths=(25, 19, 19, 17, 20), backgrounds=backgrounds)  # fmt: skip


def before_after(comparison: Comparison, charts: ChartSet, before_label: str) -> str:
    parts = [heading("Before and after", new_page=True)]
    parts.append(para(f"Against the previous assessment of this repository ({text(before_label)}). "
                      "Green: moved the right way for that measure; red: the wrong way. "
                      "Percentages change in percentage points (pp)."))  # fmt: skip
    parts.append(comparison_table(comparison))
    if comparison.notes:
        parts.append(para(coloured(" ".join(text(n) for n in comparison.notes), WARN)))
    if "trends" in charts:
        parts.append("<h2>Over all assessments</h2>" + charts.image("trends"))
        caption = (
            "One point per assessment, oldest on the left; the two compared are ringed; dashed: "
            "the healthy bound (the article's; SonarQube's rating A for the debt ratio)."
        )
        parts.append(para(muted(caption, "8pt")))
    return "".join(parts)
