"""The phase protocol and its scheduler: phases run side by side as their needs complete, a
failure or a cancel stops the others, and the engine's phases are declared once."""

from __future__ import annotations

import threading
import time

import pytest

from analysis.assessment import REUSE, run
from analysis.cache import NoCache
from analysis.errors import Cancelled
from analysis.findings import Finding
from analysis.options import Options
from analysis.phases import LABELS, PHASES
from analysis.phases.protocol import Phase, PhaseOutput
from analysis.phases.scheduler import PhaseGraphError, check_graph, run_phases
from analysis.progress import Progress
from app.assessment_job import PHASE_NAMES

WAIT = 10.0


def schedule(phases, progress=None, cancel=lambda: False, side_by_side=True):
    return run_phases(
        phases, ".", Options(), NoCache(), progress or (lambda p: None), cancel,
        side_by_side=side_by_side,
    )  # fmt: skip


def test_phases_whose_needs_are_ready_run_side_by_side():
    # a and b each wait for the other: only side by side can both finish
    a_started, b_started = threading.Event(), threading.Event()

    def a(given):
        a_started.set()
        assert b_started.wait(WAIT), "b never ran beside a"
        return PhaseOutput("A", [Finding("a", "from a")])

    def b(given):
        b_started.set()
        assert a_started.wait(WAIT), "a never ran beside b"
        return PhaseOutput("B")

    def c(given):  # needs both: sees their values
        return PhaseOutput(given.value("a") + given.value("b"), given.findings())

    outputs, seconds = schedule(
        [Phase("a", "A", (), a), Phase("b", "B", (), b), Phase("c", "C", ("a", "b"), c)]
    )
    assert outputs["c"].value == "AB"
    assert [f.message for f in outputs["c"].findings] == ["from a"]
    assert set(seconds) == {"a", "b", "c"}


def test_a_phase_starts_only_after_what_it_needs_and_reports_under_its_key():
    seen = []

    def first(given):
        time.sleep(0.05)
        return PhaseOutput(1)

    def second(given):
        return PhaseOutput(given.value("first") + 1)

    def named_inside(given):  # a phase's code may use another name: reported under its key
        given.progress(Progress("something else", 1, 2, "half"))
        return PhaseOutput(None)

    schedule(
        [
            Phase("first", "First", (), first),
            Phase("second", "Second", ("first",), second),
            Phase("third", "Third", (), named_inside),
        ],
        progress=seen.append,
    )
    order = [(p.phase, p.detail, p.ended) for p in seen]
    assert order.index(("first", "done", True)) < order.index(("second", "starting", False))
    assert ("third", "half", False) in order
    assert {p.phase for p in seen} == {"first", "second", "third"}


def test_reading_an_undeclared_phase_is_an_error():
    def sneaky(given):
        return PhaseOutput(given.value("a"))

    with pytest.raises(KeyError, match="without declaring"):
        schedule([Phase("a", "A", (), lambda g: PhaseOutput(1)), Phase("b", "B", (), sneaky)])


def test_a_failing_phase_stops_the_others_and_no_thread_outlives_the_run():
    stopped = threading.Event()
    before = threading.active_count()

    def long(given):
        while not given.cancel():
            time.sleep(0.01)
        stopped.set()
        raise Cancelled("stopped")

    def broken(given):
        time.sleep(0.05)
        raise ValueError("broken phase")

    with pytest.raises(ValueError, match="broken phase"):  # the real error, not the stop
        schedule([Phase("long", "L", (), long), Phase("broken", "B", (), broken)])
    assert stopped.is_set()
    assert threading.active_count() == before


def test_the_users_cancel_stops_every_phase_and_nothing_after_starts():
    asked = threading.Event()
    started = []

    def long(given):
        started.append("long")
        asked.set()
        while not given.cancel():
            time.sleep(0.01)
        raise Cancelled("stopped")

    def after(given):
        started.append("after")
        return PhaseOutput(None)

    with pytest.raises(Cancelled):
        schedule(
            [Phase("long", "L", (), long), Phase("after", "A", ("long",), after)],
            cancel=asked.is_set,
        )
    assert started == ["long"]


def test_a_value_not_kept_is_released_once_its_readers_finished():
    big = ["commits"] * 1000

    def reader(given):
        return PhaseOutput(len(given.value("read")))

    outputs, _ = schedule(
        [
            Phase("read", "R", (), lambda g: PhaseOutput(big, [Finding("r", "note")]), keep=False),
            Phase("use", "U", ("read",), reader),
        ]
    )
    assert outputs["use"].value == 1000
    assert outputs["read"].value is None and outputs["read"].findings[0].message == "note"


def test_declarations_are_checked():
    with pytest.raises(PhaseGraphError, match="declared after"):
        check_graph([Phase("b", "B", ("a",), lambda g: None), Phase("a", "A", (), lambda g: None)])
    with pytest.raises(PhaseGraphError, match="twice"):
        check_graph([Phase("a", "A", (), lambda g: None), Phase("a", "A", (), lambda g: None)])


def test_the_engines_phases_overlap_where_the_issue_asks_and_label_the_gui():
    check_graph(PHASES)
    needs = {phase.key: set(phase.needs) for phase in PHASES}
    # the history's git pass does not wait for the per-file code phase, nor DORA for history
    assert needs["commits"] == {"repository"}
    assert "history" not in needs["dora"] and "commits" in needs["dora"]
    assert needs["duplication"] == {"code"}  # beside the history and DORA
    # the GUI's progress labels are the declarations' (plus the check for a kept run, the save)
    assert list(PHASE_NAMES) == [REUSE, *LABELS, "saving"]
    assert all(PHASE_NAMES[key] == phase.label for key, phase in zip(LABELS, PHASES, strict=True))


def test_a_real_run_reads_the_commits_while_the_code_is_measured(git_repo):
    for index in range(6):
        git_repo.write(f"m{index}.py", f"def f{index}(x):\n    return x + {index}\n")
        git_repo.commit(f"m{index}")
    seen = []
    result = run(git_repo.root, Options(workers=1), progress=seen.append)
    order = [(p.phase, p.ended) for p in seen]
    # the commits phase starts before the code phase has ended (they overlap)
    assert order.index(("commits", False)) < order.index(("code", True))
    assert result.history is not None and result.history.commits == 6
    # one ended report per phase, and the times of every phase
    assert sorted(p.phase for p in seen if p.ended) == sorted(LABELS)
    assert set(result.repository.phase_seconds) == set(LABELS)
