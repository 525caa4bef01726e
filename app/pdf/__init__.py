"""The PDF executive summary (Qt: QTextDocument laid out on QPdfWriter pages)."""

from app.pdf.export import ReportHistory, build_document, export_pdf
from app.pdf.layout import PAGE_SIZES

__all__ = ["PAGE_SIZES", "ReportHistory", "build_document", "export_pdf"]
