"""The PDF executive summary (Qt: QTextDocument laid out on QPdfWriter pages)."""

from app.pdf.export import PastAssessments, build_document, export_pdf
from app.pdf.layout import PAGE_SIZES

__all__ = ["PAGE_SIZES", "PastAssessments", "build_document", "export_pdf"]
