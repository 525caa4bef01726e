"""File › Export PDF… in the main window: where to write it (A4 or US Letter), then the export
with the previous assessment from the store, a busy cursor while it renders, and one line in
the status bar or the banner."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from analysis.assessment import Assessment
from app.pdf import export_pdf
from app.pdf.past_assessments import past_assessments_of
from app.store import StoreError

FILTERS = {"a4": "PDF, A4 (*.pdf)", "letter": "PDF, US Letter (*.pdf)"}
#: territories whose paper is US Letter (ISO 216 A4 elsewhere)
LETTER_TERRITORIES = {
    QLocale.Country.UnitedStates, QLocale.Country.Canada, QLocale.Country.Mexico,
    QLocale.Country.Philippines, QLocale.Country.Chile, QLocale.Country.Colombia,
}  # fmt: skip


def default_page_size(locale: QLocale | None = None) -> str:
    territory = (locale or QLocale.system()).territory()
    return "letter" if territory in LETTER_TERRITORIES else "a4"


def choose_pdf_target(parent, repository_name: str) -> tuple[str | None, str]:
    """Ask where to write the PDF; the chosen filter says A4 or US Letter."""
    size = default_page_size()
    suggested = str(Path.home() / f"{repository_name}-readiness.pdf")
    target, chosen = QFileDialog.getSaveFileName(
        parent, "Export PDF executive summary", suggested,
        ";;".join(FILTERS.values()), FILTERS[size],
    )  # fmt: skip
    if not target:
        return None, size
    if not target.lower().endswith(".pdf"):
        target += ".pdf"
    size = next((key for key, text in FILTERS.items() if text == chosen), size)
    return target, size


def export_shown_assessment(window, result: Assessment, target: str, page_size: str | None):
    """Export ``result`` (shown in ``window``); returns the path written, or None on error."""
    try:
        store = window.context.store
    except StoreError:
        store = None  # no before/after, but the PDF is still written
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    window.statusBar().showMessage("Writing the PDF…")
    try:
        written = export_pdf(
            result, target, page_size or default_page_size(), past_assessments_of(store, result)
        )
    except OSError as exc:
        window.banner.show_message(f"Cannot write {target}: {exc.strerror or exc}", "error")
        return None
    finally:
        QGuiApplication.restoreOverrideCursor()
    window.statusBar().showMessage(f"PDF written to {written}", 8000)
    return str(written)


def export_portfolio(window, target: str | None = None, page_size: str | None = None):
    """File › Export Portfolio PDF…: ask where (unless ``target``), read the store on the
    window's task runner, then write the page (Qt draws on the GUI thread). Returns the task
    (its ``succeeded`` carries the rows); the status bar says where the PDF went."""
    from app.pdf.portfolio import export_portfolio_pdf
    from app.portfolio_window import read_portfolio
    from widgets.background import Task

    if target is None:
        size = default_page_size()
        suggested = str(Path.home() / "portfolio-readiness.pdf")
        target, chosen = QFileDialog.getSaveFileName(
            window, "Export portfolio PDF", suggested, ";;".join(FILTERS.values()), FILTERS[size]
        )
        if not target:
            return None
        if not target.lower().endswith(".pdf"):
            target += ".pdf"
        page_size = next((key for key, text in FILTERS.items() if text == chosen), size)
    try:
        store = window.context.store
    except StoreError as exc:
        window.banner.show_message(str(exc), "error")
        return None
    size = page_size or default_page_size()

    def write(result) -> None:
        rows, trend = result
        try:
            written = export_portfolio_pdf(store, target, size, rows=rows, trend=trend)
        except OSError as exc:
            window.banner.show_message(f"Cannot write {target}: {exc.strerror or exc}", "error")
            return
        window.statusBar().showMessage(f"Portfolio PDF written to {written}", 8000)

    window.statusBar().showMessage("Reading the portfolio…")
    task = Task(read_portfolio, store)
    task.signals.succeeded.connect(write)
    task.signals.failed.connect(lambda message: window.banner.show_message(message, "error"))
    return window.runner.start(task)
