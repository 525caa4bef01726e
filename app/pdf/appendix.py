"""The PDF's appendix: methodology, sources, data provenance (what was measured, imported,
answered or assumed) and the tool and run that produced the figures."""

from __future__ import annotations

import re

from PySide6.QtGui import QTextDocument

from analysis.assessment import Assessment
from analysis.findings import group_lines, partial_note
from analysis.provenance import CATEGORIES, DEFAULT, MISSING, data_provenance
from analysis.report import SCHEMA_VERSION
from app.pdf.markup import WARN, bullets, coloured, heading, muted, para, table, text
from resources import resource_path

#: what each source is used for; the methodology and the metric docstrings cite the same
SOURCES = (
    ("The article this product is built on", "healthy vs high-debt delivery table, 30-40% "
     "rework as a constrained system, Strangler Fig as the default, four-layer AI target"),
    ("DORA (dora.dev), State of DevOps 2023-2024", "the five delivery metrics and Quick Check"),
    ("Apache DevLake", "DORA performance levels (Elite, High, Medium, Low) and deploy days"),
    ("Google fourkeys", "lead time as median commit-to-deploy; deployment frequency buckets"),
    ("SonarQube (SQALE, CPD, RSPEC rules)", "debt ratio and A-E rating, remediation minutes, "
     "duplication, cognitive complexity (G. Ann Campbell's white paper)"),
    ("radon 6.0.1", "raw metrics, cyclomatic complexity, Maintainability Index"),
    ("code-maat (Adam Tornhill)", "temporal coupling, sum of coupling, fragmentation"),
    ("CodeScene / 'Your Code as a Crime Scene'", "hotspots, knowledge loss"),
    ("Avelino et al., ICPC 2016", "truck factor and degree of authorship"),
    ("GitClear (2025); Pluralsight Flow", "rework / churn windows, AI-era duplication trends"),
    ("vermin; python.org release notes and PEP 594", "minimum Python versions, removed modules"),
    ("free-threaded-wheels tracker (BSD, Charlie Denton)", "free-threading status of packages"),
    ("Robert C. Martin", "instability, abstractness, acyclic dependencies"),
)  # fmt: skip


def _markdown_body(markdown: str) -> str:
    """The methodology page (Markdown) as HTML for the appendix, headings one level down."""
    shifted = re.sub(r"^(#+) ", r"#\1 ", markdown, flags=re.MULTILINE)
    document = QTextDocument()
    document.setMarkdown(shifted)
    html = document.toHtml()
    start = html.find(">", html.find("<body")) + 1
    end = html.rfind("</body>")
    return html[start:end]


def methodology() -> str:
    path = resource_path("methodology.md")
    return heading("Appendix A. Methodology", new_page=True) + _markdown_body(
        path.read_text(encoding="utf-8")
    )


def sources() -> str:
    rows = [[f"<b>{text(name)}</b>", text(use)] for name, use in SOURCES]
    return heading("Appendix B. Sources", new_page=True) + table(
        ("Source", "Used for"), rows, widths=(40, 60)
    )


def provenance(assessment: Assessment) -> str:
    parts = [
        heading("Appendix C. Data provenance", new_page=True),
        para("Where every figure of the advice came from. Defaults are assumptions of the model "
             "(resources/readiness_model.toml): replace them with your own figures (team "
             "profile) for advice about your organisation."),
    ]  # fmt: skip
    items = data_provenance(assessment)
    for category, title in CATEGORIES.items():
        rows = [
            [text(i.what), text(i.value), muted(text(i.source), "7.5pt")]
            for i in items
            if i.category == category
        ]
        if not rows:
            continue
        label = coloured(text(title), WARN) if category in (DEFAULT, MISSING) else text(title)
        parts.append(f"<h3>{label} ({len(rows)})</h3>")
        parts.append(table(("Figure", "Value", "Source"), rows, widths=(34, 22, 44), size="8pt"))
    return "".join(parts)


def run_details(assessment: Assessment) -> str:
    repo = assessment.repository
    rows = [
        ("Tool", f"Readiness Advisor {assessment.tool_version} ({assessment.tool_name})"),
        ("Report schema", f"version {SCHEMA_VERSION}"),
        ("Repository", repo.path + (f" (folder {repo.scope})" if repo.scope else "")),
        ("Commit", f"{repo.head} on {repo.branch or 'detached HEAD'}"),
        ("Analysed at", repo.analyzed_at),
        ("Duration", f"{assessment.duration_seconds:.1f} s"),
        ("Tracked files", f"{repo.tracked_files:,}"),
        ("Result", "partial: part of the input could not be measured" if repo.partial
         else "complete"),
    ]  # fmt: skip
    if assessment.decisions is not None:
        model = assessment.decisions.model
        overrides = ", ".join(model.overrides) or "none"
        rows.append(("Readiness model", f"{model.file}; settings overrides: {overrides}"))
    parts = [
        heading("Appendix D. Tool and run", new_page=True),
        table(None, [[f"<b>{text(k)}</b>", text(v)] for k, v in rows], widths=(22, 78)),
    ]
    if repo.warnings:
        note = partial_note(repo.partial_figures)
        parts.append(f"<h3>Warnings ({len(repo.warnings)}{'; ' + text(note) if note else ''})</h3>")
        parts.append(
            bullets(muted(text(line.strip()), "8pt") for line in group_lines(repo.warnings, 3))
        )
    return "".join(parts)


def appendix(assessment: Assessment) -> str:
    return methodology() + sources() + provenance(assessment) + run_details(assessment)
