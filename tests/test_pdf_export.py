"""The PDF executive summary: its sections in order, text a reader can search, the page count,
charts as images, embedded fonts, A4 and Letter, an atomic write, pages rendered to PNG, and
the CLI writing one without a display."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from history_pair import assess_pair
from pdf_pages import render_pages
from pypdf import PdfReader
from PySide6.QtGui import QImage

from app.pdf import export_pdf
from app.pdf.application import needs_offscreen
from app.pdf.past_assessments import past_assessments_of
from app.store import open_store

SECTIONS = (
    "AI-READINESS ASSESSMENT",
    "Executive summary",
    "Delivery performance (DORA)",
    "Technical debt and hotspots",
    "Architecture and the strangler plan",
    "Runtime readiness",
    "AI adoption readiness (DORA AI capabilities)",
    "Before and after",
    "Appendix A. Methodology",
    "Appendix B. Sources",
    "Appendix C. Data provenance",
    "Appendix D. Tool and run",
)


def _words(text: str) -> str:
    """Qt writes words as separate runs; text extraction joins them with tabs or newlines."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pair_pdf(tmp_path_factory):
    """(PDF of the 'after' assessment with the 'before' one stored earlier, its pages' text)."""
    folder = tmp_path_factory.mktemp("pdf")
    _repo, before, after = assess_pair(folder / "repo")
    store = open_store(f"sqlite:///{folder / 'store.db'}")
    store.save(before)
    store.save(after)
    target = export_pdf(after, folder / "summary.pdf", "a4", past_assessments_of(store, after))
    store.close()
    reader = PdfReader(target)
    return target, [_words(page.extract_text()) for page in reader.pages], after


def test_sections_come_in_order_with_searchable_text(pair_pdf):
    _path, pages, _after = pair_pdf
    first_page = [next(i for i, text in enumerate(pages) if s in text) for s in SECTIONS]
    assert first_page == sorted(first_page), first_page
    assert first_page[:3] == [0, 1, 2]  # cover, one page of summary, then delivery
    cover = pages[0]
    assert "repo" in cover and "86/100" in cover and "grade A" in cover
    summary = pages[1]
    for part in ("Refactor or rewrite?", "More developers, or an architectural partner?",
                 "Top risks", "Money", "Keep and improve"):  # fmt: skip
        assert part in summary, part
    assert re.search(r"Page 2 of \d+", summary)
    assert "Page 1 of" not in cover  # no footer on the cover
    before_after = pages[first_page[SECTIONS.index("Before and after")]]
    assert "12.0 days 3.0 days -9.0 days (-75%)" in before_after
    assert "33.3% 0.0% -33.3 pp" in before_after
    provenance = " ".join(pages[first_page[SECTIONS.index("Appendix C. Data provenance")] :])
    assert "Measured from the repository" in provenance and "Defaults" in provenance
    everything = " ".join(pages)
    assert "files" in everything and "\ufb01" not in everything  # "fi", not the ligature glyph


def test_page_count_images_and_embedded_fonts(pair_pdf):
    path, _pages, _after = pair_pdf
    reader = PdfReader(path)
    # +2 pages: "Against the industry" in the delivery pages (chart and two tables);
    # +1: the AI adoption page
    assert 10 <= len(reader.pages) <= 27
    images = [len(page.images) for page in reader.pages]
    assert images[0] == 1  # the score gauge on the cover
    assert sum(images) >= 4  # gauge, DORA month by month, hotspot map, trend over assessments
    for page in reader.pages[:3]:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font["/FontDescriptor"]
            ).get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font


def test_a4_and_letter(pair_pdf, tmp_path):
    _path, _pages, after = pair_pdf
    a4 = PdfReader(export_pdf(after, tmp_path / "a4.pdf", "a4")).pages[0].mediabox
    letter = PdfReader(export_pdf(after, tmp_path / "letter.pdf", "letter")).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)  # 210 x 297 mm
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)  # 8.5 x 11 in
    with pytest.raises(ValueError, match="page size"):
        export_pdf(after, tmp_path / "x.pdf", "a3")


def test_no_previous_assessment_no_before_and_after(pair_pdf, tmp_path):
    _path, _pages, after = pair_pdf
    text = " ".join(_words(p.extract_text()) for p in PdfReader(
        export_pdf(after, tmp_path / "alone.pdf")).pages)  # fmt: skip
    assert "Before and after" not in text and "Appendix D. Tool and run" in text


def test_written_atomically_or_not_at_all(pair_pdf, tmp_path, monkeypatch):
    _path, _pages, after = pair_pdf
    target = tmp_path / "summary.pdf"
    target.write_bytes(b"the previous export")

    def broken(*_args, **_kwargs):
        raise RuntimeError("renderer failed half way")

    monkeypatch.setattr("app.pdf.export.render_pdf", broken)
    with pytest.raises(RuntimeError):
        export_pdf(after, target)
    assert target.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.pdf"]  # no temporary left
    monkeypatch.undo()

    def full_disk(handle, *_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("app.output_files.os.fsync", full_disk)
    with pytest.raises(OSError):
        export_pdf(after, target)
    assert target.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.pdf"]


def test_first_two_pages_render_to_png(pair_pdf, tmp_path):
    path, _pages, _after = pair_pdf
    renderer, pngs = render_pages(path, 2, tmp_path / "png")
    assert len(pngs) == 2, renderer
    for png in pngs:
        image = QImage(str(png))
        assert image.width() > 500 and image.height() > image.width()  # portrait
        colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 7)
                   for y in range(0, image.height(), 7)}  # fmt: skip
        assert len(colours) > 10  # text and a chart, not a blank page


def test_offscreen_only_without_a_display():
    assert needs_offscreen({}, "linux")
    assert not needs_offscreen({"DISPLAY": ":0"}, "linux")
    assert not needs_offscreen({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not needs_offscreen({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not needs_offscreen({}, "darwin") and not needs_offscreen({}, "win32")


@pytest.mark.slow
def test_cli_writes_a_pdf_without_a_display(git_repo, tmp_path):
    git_repo.write("app/main.py", "def main():\n    return 1\n")
    git_repo.commit()
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}  # fmt: skip
    target = tmp_path / "out" / "summary.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "assess", str(git_repo.root), "--no-save", "-q",
         "--pdf", str(target), "--page-size", "letter"],
        env=env, capture_output=True, text=True, timeout=300, cwd=Path(__file__).parent.parent,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"PDF summary      {target}" in done.stdout
    assert round(float(PdfReader(target).pages[0].mediabox.width)) == 612


def test_an_old_report_without_the_later_sections(pair_pdf, tmp_path):
    """A report stored before delivery, history, runtime, architecture and the advice existed
    still gives a PDF that says what is missing."""
    from dataclasses import replace

    _path, _pages, after = pair_pdf
    old = replace(after, dora=None, history=None, runtime=None, architecture=None,
                  decisions=None, debt=None, duplication=None)  # fmt: skip
    reader = PdfReader(export_pdf(old, tmp_path / "old.pdf"))
    text = " ".join(_words(p.extract_text()) for p in reader.pages)
    assert "AI-readiness score: not enough data" in text
    assert "The advice was not computed for this assessment." in text
    assert "No delivery figures in this assessment." in text
    assert "No runtime section in this assessment." in text
    assert sum(len(p.images) for p in reader.pages) == 0  # no chart without data
    assert "Technical debt not rated: this assessment has no debt figures." in text


def test_charts_are_printed_light_even_in_the_dark_theme(pair_pdf, qapp):
    """The PDF is white paper: charts use the light colours whatever the window's theme."""
    from app.pdf.charts import render_charts
    from widgets import palette

    _target, _pages, after = pair_pdf
    palette.apply_theme("dark")
    try:
        assert palette.is_dark()
        images = render_charts(after, [], 600)
    finally:
        palette.apply_theme("light")
    assert images, "the pair has DORA and hotspot charts"
    for name, image in images.items():
        corner = image.pixelColor(3, 3)  # the background, top left
        assert corner.lightness() > 200, (name, corner.name())


def test_no_rated_python_file_says_why_debt_is_not_rated(git_repo, tmp_path):
    from analysis.assessment import Options, run

    git_repo.write("broken.py", "def broken(:\n    pass\n")
    git_repo.write("legacy.py", "print 'hello'\n")
    git_repo.commit()
    reader = PdfReader(export_pdf(run(git_repo.root, Options(workers=1)), tmp_path / "s.pdf"))
    text = " ".join(_words(p.extract_text()) for p in reader.pages)
    assert (
        "Technical debt not rated: none of the 2 production Python files could be measured" in text
    )
    assert "Maintainability rating" not in text
