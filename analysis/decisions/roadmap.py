"""The strangler-fig plan as a roadmap: measurable checkpoints per carve-out, each a scenario.

Each carve-out of :mod:`analysis.decisions.strangler` goes through the article's four steps
(keep, build beside, route incrementally, decompose only where needed); route is two
checkpoints, as its step text orders it: cut the cycle-breaking imports first, then replace
every import between the component and the core, so the component's code leaves the core.
Checkpoints are cumulative: checkpoint k holds the moves of checkpoints 1..k, carve-outs in
the plan's order.

What moves is computed from the architecture section, never guessed: components in dependency
cycles are the strongly connected components (Tarjan, 1972; :mod:`analysis.graph_cycles`) of
the component graph with the cut imports removed (an edge goes when every module import along it
is cut), imports crossing components drop by the edges removed, imports of another component's
data models drop by those of the carved-out component's models, and the file changes of the
window that the carved-out component takes out of the core are its production changes over all.
Delivery figures (lead time, deploys, change fail rate) cannot be derived from the code: the
last checkpoint takes the article's targets (:func:`article_scenario`), labelled as the
article's. Only levers (:data:`LEVERS`) enter a checkpoint's settings; the other figures are
shown, not scored. Each checkpoint's score, grade and verdicts come from ``project(settings)``
(``Advisor.decide``): the same model, no second one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from analysis.decisions.cut_graph import CutGraph
from analysis.decisions.inputs import format_value
from analysis.decisions.scenario import LEVERS, MAX_NAME, Scenario, article_scenario
from analysis.decisions.strangler import BUILD, DECOMPOSE, KEEP, ROUTE, CarveOut

CHECKPOINT = "checkpoint"
BREAKER = "cycle breaker"  # ImportToCut.why of grimp's nominated imports
#: the checkpoints of one carve-out, in order, and the article's step each belongs to
STAGES = ("keep", "build", "cut", "route", "tables")
_DONE = {
    "keep": "kept in the core",
    "build": "built beside",
    "cut": "cycle breakers cut",
    "route": "routed, out of the core",
    "tables": "tables moved",
}
_STEP_OF = {"keep": KEEP, "build": BUILD, "cut": ROUTE, "route": ROUTE, "tables": DECOMPOSE}
COMPUTED = "computed from the architecture section"
ARTICLE = "the article's target, not computed from the code"
#: delivery levers the article's before/after table names, in its order
ARTICLE_LEVERS = ("lead_time_days", "deploys_per_week", "releases_per_week", "change_fail_rate")
#: which way is better for each article lever (lower is better unless listed)


@dataclass
class Move:
    """One figure before and after a checkpoint; ``input`` is a lever key for a move."""

    input: str
    label: str
    before: float | None
    after: float | None
    source: str
    text: str = ""  # "26 -> 14": the two values as a CTO reads them

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "label": self.label,
            "from": self.before,
            "to": self.after,
            "source": self.source,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Move:
        return cls(
            data["input"], data["label"], data.get("from"), data.get("to"),
            data.get("source", ""), data.get("text", ""),
        )  # fmt: skip


@dataclass
class Projection:
    """The advice at a checkpoint, from the same ``decide`` the measured advice comes from."""

    score: int | None
    grade: str | None
    status: str
    refactor_vs_rewrite: str
    refactor_label: str
    staffing: str
    staffing_label: str
    #: the cap that holds the score down at this checkpoint ("" when none binds)
    capped_by: str = ""
    uncapped: float | None = None  # the weighted mean before the caps
    #: False when the verdict is only a leaning (confidence under the model's floor)
    refactor_clear: bool = True
    staffing_clear: bool = True


@dataclass
class Checkpoint:
    sequence: int  # 1.. over the whole roadmap
    carve_out: str
    rank: int  # the carve-out's rank in the plan
    step: str  # the article's step: keep | build beside | route incrementally | decompose ...
    title: str
    #: levers that move here (they enter ``settings``)
    moves: list[Move] = field(default_factory=list)
    #: computed figures that are no lever: shown, not scored
    figures: list[Move] = field(default_factory=list)
    settings: dict[str, float] = field(default_factory=dict)  # cumulative
    projected: Projection | None = None
    #: short name of the checkpoint on a chart's axis: keep | build | cut | route | tables
    stage: str = ""

    @property
    def name(self) -> str:
        """A scenario name (at most 80 characters): "Checkpoint 4: payments routed"."""
        done = _DONE.get(self.stage, self.step)
        name = f"Checkpoint {self.sequence}: {self.carve_out} {done}"
        return name if len(name) <= MAX_NAME else name[: MAX_NAME - 1] + "…"

    def scenario(self) -> Scenario:
        return Scenario(self.name, dict(self.settings), origin=CHECKPOINT, note=self.title)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sequence": self.sequence,
            "name": self.name,
            "carve_out": self.carve_out,
            "rank": self.rank,
            "step": self.step,
            "title": self.title,
            "moves": [m.to_dict() for m in self.moves],
            "figures": [m.to_dict() for m in self.figures],
            "settings": dict(self.settings),
            "projected": asdict(self.projected) if self.projected else None,
            "stage": self.stage,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Checkpoint:
        projected = data.get("projected")
        return cls(
            data["sequence"], data["carve_out"], data["rank"], data["step"], data["title"],
            [Move.from_dict(m) for m in data.get("moves", [])],
            [Move.from_dict(m) for m in data.get("figures", [])],
            dict(data.get("settings", {})),
            Projection(**projected) if projected else None,
            data.get("stage", ""),
        )  # fmt: skip


def checkpoints_of(decisions) -> list[Checkpoint]:
    """The roadmap of a :class:`Decisions` (stored as plain data) as checkpoints."""
    return [Checkpoint.from_dict(d) for d in getattr(decisions, "strangler_roadmap", []) or []]


# -- the roadmap ----------------------------------------------------------------------------


def _count(value: float | None) -> str:
    return "not measured" if value is None else f"{int(value):,}"


def _share(value: float | None) -> str:
    return "not measured" if value is None else format_value("cycle_share", value)


def _lever_move(key: str, before: float | None, after: float, source: str) -> Move:
    text = f"{format_value(key, before)} → {format_value(key, after)}"
    return Move(key, LEVERS[key].label, before, after, source, text)


def _figure(key: str, label: str, before, after, source: str, show=_count) -> Move:
    return Move(key, label, before, after, source, f"{show(before)} → {show(after)}")


def _binding_cap(readiness) -> str:
    """The reason of the cap the score sits at, when one holds it below its weighted mean."""
    if readiness.score is None or readiness.uncapped_score is None or not readiness.caps:
        return ""
    lowest = min(readiness.caps, key=lambda c: c.max_score)
    return lowest.reason if lowest.max_score < readiness.uncapped_score else ""


def _article_moves(current: Callable[[str], float | None], levers: set[str], kind: str):
    """The article's delivery targets where they improve on the value now."""
    targets = article_scenario(kind, current).settings
    return [
        _lever_move(key, current(key), targets[key], ARTICLE)
        for key in ARTICLE_LEVERS
        if key in targets and key in levers
    ]


def strangler_roadmap(
    plan: list[CarveOut],
    architecture,
    changes: dict[str, int | None],
    total_changes: int,
    project: Callable[[dict[str, float]], Any],
    current: Callable[[str], float | None],
    levers: set[str],
    delivery_kind: str,
    test_share: float | None = None,
) -> list[Checkpoint]:
    """The checkpoints of ``plan`` (carve-outs best first).

    ``changes`` maps a component to its production file changes in the window (None without
    history) and ``total_changes`` is all production file changes; ``project(settings)``
    returns the :class:`Decisions` of a scenario; ``current(key)`` a lever's value now;
    ``levers`` the lever keys that apply to this system.
    """
    if not plan or architecture is None:
        return []
    graph = CutGraph(architecture)
    cycles = graph.in_cycles()
    measured_cycles = current("components_in_cycles")
    crossing = graph.crossing()
    shared: dict[str, int] = {}  # a component may own several models modules
    for s in architecture.shared_models:
        shared[s.component] = shared.get(s.component, 0) + s.imports
    shared_total = sum(shared.values())
    left_in_core = 1.0 if total_changes else None
    settings: dict[str, float] = {}
    out: list[Checkpoint] = []
    cycles_now = measured_cycles if measured_cycles is not None else cycles
    done: set[tuple[str, str]] = set()  # (importer, imported) of the breakers cut so far

    def add(entry: CarveOut, stage: str, title: str, moves=(), figures=()) -> None:
        step = _STEP_OF[stage]
        for move in moves:
            settings[move.input] = move.after
        checkpoint = Checkpoint(
            len(out) + 1, entry.component, entry.rank, step, title, list(moves), list(figures),
            dict(settings), stage=stage,
        )  # fmt: skip
        d = project(dict(settings))
        checkpoint.projected = Projection(
            d.readiness.score, d.readiness.grade, d.readiness.status,
            d.refactor_vs_rewrite.verdict, d.refactor_vs_rewrite.label,
            d.staffing.verdict, d.staffing.label, _binding_cap(d.readiness),
            d.readiness.uncapped_score, d.refactor_vs_rewrite.clear, d.staffing.clear,
        )  # fmt: skip
        out.append(checkpoint)

    def cycle_move(after: int) -> list[Move]:
        nonlocal cycles_now
        if "components_in_cycles" not in levers or after == cycles_now:
            return []
        move = _lever_move("components_in_cycles", cycles_now, after, COMPUTED)
        cycles_now = after
        return [move]

    for number, entry in enumerate(plan):
        name = entry.component
        guard = (
            f"; pin its behaviour first with characterization tests (tests are "
            f"{format_value('test_share', test_share)} of the Python files)"
            if test_share is not None and test_share < 0.10
            else ""
        )
        add(entry, "keep", f"{name} keeps running in the core; nothing is switched off{guard}")
        add(
            entry, "build",
            f"new {name} endpoints built beside the core; the core's figures do not move",
        )  # fmt: skip
        breakers = [
            (c.from_component, c.to_component) for c in entry.imports_to_cut if c.why == BREAKER
        ]
        before = crossing
        cut = graph.cut_imports(breakers)
        done.update((c.importer, c.imported) for c in entry.imports_to_cut if c.why == BREAKER)
        if cut:  # none left when an earlier carve-out took the edges they sat on
            crossing = graph.crossing()
            after = graph.in_cycles()
            title = f"the {cut} cycle-breaking import(s) of {name} cut"
            if after == cycles_now and after:
                left = sum(
                    1 for b in architecture.cycle_breakers
                    if (b.importer, b.imported) not in done
                    and (b.from_component, b.to_component) in graph.edges
                )  # fmt: skip
                title += "; the cycle holds through other imports" + (
                    f" ({left} more cycle-breaking imports elsewhere)" if left else ""
                )
            add(
                entry, "cut", title,
                moves=cycle_move(after),
                figures=[_figure("cross_component_imports", "Imports crossing components",
                                 before, crossing, COMPUTED + " (not a lever: shown, not scored)")],
            )  # fmt: skip
        before = crossing
        graph.detach(name)
        crossing = graph.crossing()
        figures = []
        if crossing != before:
            figures.append(
                _figure("cross_component_imports", "Imports crossing components", before,
                        crossing, COMPUTED + " (not a lever: shown, not scored)")
            )  # fmt: skip
        own = shared.pop(name, 0)
        if own:
            figures.append(
                _figure(
                    "shared_model_imports", "Imports of another component's data models",
                    shared_total, shared_total - own,
                    f"{COMPUTED}: the imports of {name}'s models go (its own imports of other "
                    "models go too, not counted here); not a lever: shown, not scored",
                )
            )  # fmt: skip
            shared_total -= own
        moved = changes.get(name)
        if left_in_core is not None and moved is not None and total_changes:
            share = moved / total_changes
            figures.append(
                _figure(
                    "changes_in_core", "File changes of the window landing in the core",
                    left_in_core, max(0.0, left_in_core - share),
                    f"{COMPUTED} and the history: {name} had {moved:,} of {total_changes:,} "
                    "production file changes; not a lever: shown, not scored",
                    _share,
                )
            )  # fmt: skip
            left_in_core = max(0.0, left_in_core - share)
        add(
            entry, "route",
            f"all traffic of {name} routed to the new service; its code leaves the core",
            moves=cycle_move(graph.in_cycles()), figures=figures,
        )  # fmt: skip
        last = number == len(plan) - 1
        moves = _article_moves(current, levers, delivery_kind) if last else []
        tables = (
            f"the tables of {name} ({', '.join(entry.shared_models)}) move to the service "
            "once nothing else reads them"
            if entry.shared_models
            else f"the tables of {name} move with it"
        )
        add(
            entry,
            "tables",
            tables + ("; the article's delivery targets" if moves else ""),
            moves=moves,
        )
    return out


def roadmap_of(advisor) -> list[Checkpoint]:
    """The roadmap of an :class:`analysis.decisions.advisor.Advisor`'s plan, each checkpoint
    projected by ``advisor.decide`` (without its decision maps: only the score and verdicts are
    read, and a map is a grid of decisions)."""
    assessment = advisor.assessment
    if not advisor.plan:
        return []
    history = assessment.history
    total = (
        sum(h.revisions for h in history.hotspots if h.role in ("", "production"))
        if history is not None
        else 0
    )
    maps, advisor.maps = advisor.maps, False
    try:
        return strangler_roadmap(
            advisor.plan,
            assessment.architecture,
            {c.name: c.changes for c in advisor.components},
            total,
            advisor.decide,
            advisor.current,
            {lever.key for lever in advisor.levers()},
            advisor.delivery.kind,
            advisor.inputs["test_share"].value,
        )
    finally:
        advisor.maps = maps


#: verdicts in a few words, for a table cell (the model's labels are sentences)
SHORT_VERDICTS = {
    "keep_and_improve": "keep and improve",
    "strangler_refactor": "strangler refactor",
    "targeted_rewrite": "targeted rewrite",
    "full_rewrite": "full rewrite",
    "staff_augmentation": "staff augmentation",
    "architectural_partner": "architectural partner",
}


def verdicts_text(p: Projection | None) -> str:
    """ "strangler refactor; architectural partner": both verdicts of a projection."""
    if p is None:
        return ""
    refactor = SHORT_VERDICTS.get(p.refactor_vs_rewrite, p.refactor_label)
    staffing = SHORT_VERDICTS.get(p.staffing, p.staffing_label)
    leaning = " (leaning)"
    return (
        f"{refactor}{'' if p.refactor_clear else leaning}; "
        f"{staffing}{'' if p.staffing_clear else leaning}"
    )


def _score(c: Checkpoint) -> str:
    p = c.projected
    return "not enough data" if p is None or p.score is None else f"{p.score} ({p.grade})"


def roadmap_summary(checkpoints: list[Checkpoint], components: int | None = None) -> str:
    """One paragraph a CTO reads first: where the score goes with the code moves alone, why
    (components in cycles, the cap that holds), and with the article's delivery targets."""
    if not checkpoints:
        return ""
    first = checkpoints[0]
    article = [c for c in checkpoints if any(m.source == ARTICLE for m in c.moves)]
    code = [c for c in checkpoints if c not in article] or [first]
    end = code[-1]
    cycles = [m for c in checkpoints for m in c.moves if m.input == "components_in_cycles"]
    of = f" of {components}" if components else ""
    if cycles:
        why = f"components in dependency cycles {cycles[0].before:g} → {cycles[-1].after:g}{of}"
    else:
        why = "the carve-outs leave the components in dependency cycles as they are"
    text = (
        f"With the code moves alone the projected score goes from {_score(first)} to "
        f"{_score(end)}: {why}."
    )
    if end.projected is not None and end.projected.capped_by:
        text += f" Held down by a cap: {end.projected.capped_by}"
    if article:
        last = article[-1].projected
        held = f", still held down: {last.capped_by}" if last and last.capped_by else "."
        text += (
            f" With the article's delivery targets as well (not computed from the code): "
            f"{_score(article[-1])}{held}"
        )
    before, after = verdicts_text(first.projected), verdicts_text(checkpoints[-1].projected)
    if before != after:
        text += f" Verdicts: {before} → {after}."
    return text
