"""Render PDF pages to PNG for tests and for looking at them, with whatever renderer this machine
has: Qt's own (QtPdf, in PySide6-Addons), else PDFium (pypdfium2, a test dependency), else
poppler's pdftoppm; none of them: the test is skipped with the reason."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QImage


def _qtpdf(pdf: Path, pages: int, out: Path) -> list[Path]:
    from PySide6.QtCore import QSize
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    document.load(str(pdf))
    paths = []
    for index in range(min(pages, document.pageCount())):
        size = document.pagePointSize(index).toSize() * 1.5
        path = out / f"page-{index + 1}.png"
        document.render(index, QSize(size.width(), size.height())).save(str(path))
        paths.append(path)
    return paths


def _pdfium(pdf: Path, pages: int, out: Path) -> list[Path]:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    paths = []
    for index in range(min(pages, len(document))):
        bitmap = document[index].render(scale=1.5, rev_byteorder=True)
        array = bitmap.to_numpy()
        height, width, channels = array.shape
        fmt = QImage.Format.Format_RGB888 if channels == 3 else QImage.Format.Format_RGBA8888
        image = QImage(array.tobytes(), width, height, width * channels, fmt)
        path = out / f"page-{index + 1}.png"
        image.save(str(path))
        paths.append(path)
    document.close()
    return paths


def _pdftoppm(pdf: Path, pages: int, out: Path) -> list[Path]:
    subprocess.run(
        ["pdftoppm", "-png", "-r", "108", "-f", "1", "-l", str(pages), str(pdf), str(out / "page")],
        check=True,
        capture_output=True,
    )
    return sorted(out.glob("page-*.png"))


def render_pages(pdf: Path, pages: int, out: Path) -> tuple[str, list[Path]]:
    """(renderer used, PNG files of the first ``pages`` pages)."""
    out.mkdir(parents=True, exist_ok=True)
    try:
        import PySide6.QtPdf  # noqa: F401

        return "QtPdf", _qtpdf(pdf, pages, out)
    except ImportError:
        pass
    try:
        import pypdfium2  # noqa: F401

        return "pypdfium2", _pdfium(pdf, pages, out)
    except ImportError:
        pass
    if shutil.which("pdftoppm"):
        return "pdftoppm", _pdftoppm(pdf, pages, out)
    pytest.skip(
        "no PDF renderer: PySide6.QtPdf (PySide6-Addons), pypdfium2 (pip install "
        "'.[test]') and pdftoppm (poppler-utils) are all missing"
    )
