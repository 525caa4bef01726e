"""Time the PDF executive summary and the loading of a long assessment history.

    .venv/bin/python benchmarks/pdf_export.py [PATH] [--commits 6000] [--files 4000] [--history 50]

Qt runs offscreen when there is no display (as the CLI does).
Without PATH, a synthetic repository is generated with ``make_synthetic_history.py`` (a few
thousand Python files, a realistic history with merges, so DORA, hotspots and trends all have
data). The repository is assessed once (not timed), then, in one run:

1. **PDF**: ``export_pdf`` of that assessment, with the trend over the stored history
   (charts, layout, fonts, atomic write), against the baseline ``json.dumps(to_report(a))``
   of the same assessment; median of ``--repeat`` runs. Target: under 3 s.
2. **History**: the assessment is stored ``--history`` (50) times (copied row by row in SQL,
   as a long history would be), then ``Store.assessments`` reads the summaries with their
   headline figures for the trend, against the baseline of parsing every stored report
   (what the history would cost without the headline column), and the Assessments tab shows
   them (model, comparison, six trend charts).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import assessment as engine
from analysis.headline import headline
from analysis.report import to_report
from app.pdf import PastAssessments, export_pdf
from app.pdf.application import ensure_application
from app.store import open_store
from app.store.report_blob import unpack_report

ROOT = Path(__file__).resolve().parents[1]


def timed(function, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def make_repository(folder: Path, commits: int, files: int) -> Path:
    target = folder / "synthetic"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "make_synthetic_history.py"), str(target),
         "--commits", str(commits), "--files", str(files)],
        check=True,
    )  # fmt: skip
    return target


def copy_rows(database: Path, assessment_id: int, copies: int) -> None:
    """``copies`` more rows like ``assessment_id``, one day apart (a long history)."""
    with sqlite3.connect(database) as db:
        columns = [r[1] for r in db.execute("pragma table_info(assessments)") if r[1] != "id"]
        names = ", ".join(columns)
        picked = ", ".join(
            "datetime(analyzed_at, '-{days} days')" if c == "analyzed_at" else c for c in columns
        )
        for day in range(1, copies + 1):
            db.execute(
                f"insert into assessments ({names}) select {picked.format(days=day)} "
                "from assessments where id = ?",
                (assessment_id,),
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, help="a repository (default: synthetic)")
    parser.add_argument("--commits", type=int, default=6000)
    parser.add_argument("--files", type=int, default=4000)
    parser.add_argument("--history", type=int, default=50, help="stored assessments")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as scratch:
        folder = Path(scratch)
        path = args.path or make_repository(folder, args.commits, args.files)
        database = folder / "store.db"
        store = open_store(f"sqlite:///{database}")
        print(f"assessing {path} (not timed) ...", flush=True)
        started = time.perf_counter()
        result = engine.run(path, engine.Options(), cache=store.cache)
        print(f"  assessed in {time.perf_counter() - started:.1f} s: "
              f"{result.code.totals.files:,} Python files, {result.code.totals.sloc:,} SLOC, "
              f"{result.history.commits if result.history else 0:,} commits")  # fmt: skip
        first = store.save(result)
        copy_rows(database, first, args.history - 1)
        report_mb = len(json.dumps(to_report(result))) / 1e6

        baseline, _ = timed(lambda: json.dumps(to_report(result)), args.repeat)
        ensure_application()
        rows = store.assessments(str(result.repository.path))
        history = PastAssessments(
            rows[1].headline, "previous", [r.headline for r in reversed(rows)]
        )
        target = folder / "summary.pdf"
        pdf, _ = timed(lambda: export_pdf(result, target, "a4", history), args.repeat)
        print(f"\nPDF export ({report_mb:.1f} MB JSON report, {args.repeat} runs, median)")
        print(f"  baseline json.dumps(to_report)   {baseline:7.3f} s")
        print(f"  export_pdf                        {pdf:7.3f} s  ({pdf / baseline:.2f}x baseline;"
              f" target < 3 s: {'met' if pdf < 3 else 'NOT met'})")  # fmt: skip
        print(f"  PDF size {target.stat().st_size / 1e6:.2f} MB")

        def parse_reports():
            with sqlite3.connect(database) as db:
                rows = db.execute(
                    "select report_zlib, report from assessments order by analyzed_at desc"
                )
                return [headline(unpack_report(packed, text)) for packed, text in rows]

        parsed, _ = timed(parse_reports, 1)
        listed, listing = timed(lambda: store.assessments(str(result.repository.path)), 3)
        from widgets.past_assessments_view import PastAssessmentsView

        view = PastAssessmentsView()
        shown, _ = timed(lambda: view.set_rows(listing), 3)
        print(f"\nHistory of {len(listing)} stored assessments")
        print(f"  baseline: parse every report      {parsed:7.3f} s")
        print(f"  Store.assessments (headlines)     {listed:7.3f} s  ({listed / parsed:.3f}x)")
        print(f"  Assessments tab set_rows          {shown:7.3f} s")
        store.close()


if __name__ == "__main__":
    main()
