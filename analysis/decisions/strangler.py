"""The strangler-fig plan: which components to carve out first, how, and what to leave alone.

Candidates are domain components only (:mod:`analysis.architecture.components`): never the root
package, the Django project package, a horizontal layer (its slices go with their domains) or
the kernel, the components most of the domains import (:mod:`analysis.architecture.kernel`).
The kernel and the layers are what to keep in the core, before any stable and healthy domain
("do not touch what works"). A repository with fewer than two domain components has nothing to
carve out and says so.

Candidate value per component (model ``[strangler]``): pressure x (1 + unhealth) / difficulty,
where pressure is its file changes in the history window over the most-changed component's,
unhealth the mean of its debt (ratio / 50%, SonarQube E), MI ((100 - MI) / 100) and complex
function share (share / 25%), and difficulty 1 + 0.5 x Ca / largest Ca + 0.25 if it sits in a
cycle + 0.25 if other components import its models. Pressure leads on purpose: the article
carves out where the pain is, and the coupling that makes it hard is what the carve-out cuts.

Steps follow the article's Strangler Fig sequence: keep what works, build beside it, route
traffic incrementally, decompose only where performance or scale needs it. The boundary names a
FastAPI service and the broker the stack already has (RabbitMQ, else Redis, else Kafka; Redis
when none is found, the lighter of the article's two).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from analysis.decisions.component_facts import CODE, CONFIG, ROOT, ComponentFacts
from analysis.decisions.inputs import InputValue, format_value
from analysis.decisions.model import DecisionModel

if TYPE_CHECKING:  # the assessment is read, its module not imported (it imports this)
    from analysis.results import Assessment

KEEP, BUILD, ROUTE, DECOMPOSE = (
    "keep",
    "build beside",
    "route incrementally",
    "decompose only where needed",
)


@dataclass
class ImportToCut:
    from_component: str
    to_component: str
    imports: int  # module-level imports along this edge
    why: str  # "cycle breaker" | "depends on it" | "it depends on"
    importer: str = ""  # the module (cycle breakers name one import)
    imported: str = ""
    locations: list[str] = field(default_factory=list)


@dataclass
class Step:
    phase: str
    text: str


@dataclass
class CarveOut:
    rank: int
    component: str
    value: float
    pressure: float | None  # None without history
    unhealth: float | None
    difficulty: float
    changes: int | None
    debt_ratio: float | None
    mi: float | None
    complex_share: float | None
    ca: int
    in_cycle: bool
    why: list[str] = field(default_factory=list)
    imports_to_cut: list[ImportToCut] = field(default_factory=list)
    shared_models: list[str] = field(default_factory=list)
    boundary: str = ""
    messaging: str = ""
    steps: list[Step] = field(default_factory=list)
    hot_files: list[str] = field(default_factory=list)
    kind: str = ""  # the component's kind: django_app | package
    importers: int | None = None  # domain components importing it (None: not measured)
    importer_share: float | None = None
    slices: list[str] = field(default_factory=list)  # layer sub-packages that move with it


@dataclass
class CoreComponent:
    component: str
    why: str
    kind: str = ""  # kernel | layer | stable ("" in reports made before kinds)


CORE_KERNEL, CORE_LAYER, CORE_STABLE = "kernel", "layer", "stable"


def unhealth(c: ComponentFacts, model: DecisionModel) -> float | None:
    rule = model.strangler
    terms = []
    if c.debt_ratio is not None:
        terms.append(min(1.0, c.debt_ratio / rule.unhealthy_debt_ratio))
    if c.mi is not None:
        terms.append(min(1.0, max(0.0, (100 - c.mi) / 100)))
    if c.complex_share is not None:
        terms.append(min(1.0, c.complex_share / rule.unhealthy_complex_share))
    return round(sum(terms) / len(terms), 4) if terms else None


def difficulty(c: ComponentFacts, largest_ca: int, shared: set[str], model: DecisionModel) -> float:
    rule = model.strangler
    value = 1.0
    if largest_ca:
        value += rule.ca_weight * c.ca / largest_ca
    if c.in_cycle:
        value += rule.cycle_weight
    if c.name in shared:
        value += rule.shared_weight
    return round(value, 4)


def _messaging(stack: set[str]) -> str:
    for name in ("RabbitMQ", "Redis", "Kafka"):
        if name in stack:
            return f"{name} (already in the stack)"
    return "Redis (no broker found in the stack; Redis is the lighter of the article's two)"


def _core_name(stack: set[str]) -> str:
    return next((n for n in ("Django", "Flask") if n in stack), "the existing application")


def _cuts(name: str, architecture) -> list[ImportToCut]:
    cuts = []
    for b in architecture.cycle_breakers:
        if name in (b.from_component, b.to_component):
            cuts.append(
                ImportToCut(
                    b.from_component, b.to_component, 1, "cycle breaker", b.importer, b.imported,
                    list(b.locations),
                )
            )  # fmt: skip
    for edge in architecture.component_imports:
        if edge.target == name and edge.source != name:
            cuts.append(ImportToCut(edge.source, name, edge.imports, "depends on it"))
        elif edge.source == name and edge.target != name:
            cuts.append(ImportToCut(name, edge.target, edge.imports, "it depends on"))
    return cuts


def _why(c: ComponentFacts, total_changes: int, shared: list[str]) -> list[str]:
    out = []
    if c.changes:
        share = c.changes / total_changes if total_changes else 0
        files = ", ".join(p for p, _ in c.hot_files[:2])
        out.append(f"{c.changes} file changes in the window ({share:.0%} of all); hottest: {files}")
    if c.debt_ratio is not None:
        out.append(f"debt ratio {format_value('debt_ratio', c.debt_ratio)}")
    if c.mi is not None:
        out.append(f"maintainability index {c.mi:.1f}")
    if c.complex_share is not None and c.complex_share > 0:
        out.append(f"{c.complex_share:.0%} of its functions over complexity 15")
    if c.slices:
        out.append(f"with its slice of the layers: {', '.join(c.slices)}")
    if c.importer_share is not None:
        out.append(
            f"imported by {c.importers} of the other domain components "
            f"({c.importer_share:.0%}; the kernel starts at half)"
        )
    if c.ca:
        out.append(f"{c.ca} modules in other components import it (Ca)")
    if c.in_cycle:
        out.append("part of a dependency cycle")
    if shared:
        out.append(f"its models are imported elsewhere: {', '.join(shared)}")
    return out


def _steps(c: CarveOut, core: str, tests: InputValue) -> list[Step]:
    guard = ""
    if tests.value is not None and tests.value < 0.10:
        guard = (
            f" Test files are {format_value('test_share', tests.value)} of the Python files: "
            "first pin its behaviour with characterization tests at its interface."
        )
    breakers = sum(1 for cut in c.imports_to_cut if cut.why == "cycle breaker")
    dependents = sum(cut.imports for cut in c.imports_to_cut if cut.why == "depends on it")
    data = (
        f"Its models ({', '.join(c.shared_models)}) are used by other components: the service "
        "takes ownership of them and publishes changes as events before any table moves."
        if c.shared_models
        else "Its tables can move with it once nothing else reads them."
    )
    slices = (
        f" Its slice of the API layer ({', '.join(c.slices)}) is the first facade to re-point."
        if c.slices
        else ""
    )
    return [
        Step(
            KEEP,
            f"Keep {c.component} running inside {core} as it is; nothing is switched off." + guard,
        ),
        Step(
            BUILD,
            f"Build new {c.component} endpoints, and the AI features that need them, in "
            f"{c.boundary}; it talks to the core through {c.messaging} events and the core's API.",
        ),
        Step(
            ROUTE,
            f"Route the traffic of {c.component} to the new service one endpoint at a time behind "
            f"a facade; cut {breakers} cycle-breaking import(s) first, then replace the "
            f"{dependents} import(s) other components make into it with calls or events." + slices,
        ),
        Step(DECOMPOSE, data + " Split further only where performance or scale needs it."),
    ]


def _set_aside(architecture, limit: int = 8) -> str:
    """What is not a component, grouped by why: "tests, cliapp (only test files); manage (a
    single module, not a package)"."""
    groups: dict[str, list[str]] = {}
    for item in getattr(architecture, "not_components", []):
        groups.setdefault(item.reason, []).append(item.name)
    parts, shown = [], 0
    for reason, names in sorted(groups.items(), key=lambda pair: (-len(pair[1]), pair[0])):
        if shown >= limit:
            break
        head = names[: limit - shown]
        shown += len(head)
        more = f" and {len(names) - len(head)} more" if len(names) > len(head) else ""
        parts.append(f"{', '.join(head)}{more} ({reason})")
    return "; ".join(parts)


def _one_component(domains: list[ComponentFacts], architecture) -> str:
    rest = _set_aside(architecture)
    rest = f" Not components: {rest}." if rest else ""
    if not domains:
        return "No domain component: nothing to carve out." + rest
    only = domains[0]
    return (
        f"One component: {only.name} ({only.sloc:,} lines of production code). A strangler-fig "
        "carve-out needs at least two domain components: improve it in place." + rest
    )


def _core_entries(components: list[ComponentFacts]) -> list[CoreComponent]:
    """The kernel (the root and project packages too when in it), most imported first, then
    the layers outside it."""
    code = [c for c in components if c.role == CODE]
    kernel = sorted(
        (c for c in components if c.kernel), key=lambda c: (-(c.importer_share or 0), c.name)
    )
    out = [
        CoreComponent(
            c.name,
            f"the kernel: imported by {c.importers} domain components "
            f"({c.importer_share or 0:.0%})"
            + (f"; the {c.layer} layer" if c.layer else "")
            + ("; the root package" if c.role == ROOT else "")
            + ("; the project package (settings)" if c.role == CONFIG else "")
            + ": it stays, the carve-outs call it",
            CORE_KERNEL,
        )
        for c in kernel
    ]
    for c in sorted((c for c in code if c.layer and not c.kernel), key=lambda c: c.name):
        out.append(
            CoreComponent(
                c.name,
                f"a horizontal {c.layer} layer: it serves the domains and goes with them, "
                "never out on its own",
                CORE_LAYER,
            )
        )
    return out


def strangler_plan(
    assessment: Assessment,
    components: list[ComponentFacts],
    inputs: dict[str, InputValue],
    model: DecisionModel,
) -> tuple[list[CarveOut], list[CoreComponent], list[str]]:
    """(carve-out candidates best first, components to keep in the core, notes)."""
    architecture = assessment.architecture
    if architecture is None or not components:
        return [], [], ["No architecture section: no components to plan a carve-out from."]
    code = [c for c in components if c.role == CODE]
    domains = [c for c in code if not c.layer]
    if len(domains) < 2:
        core = _core_entries(components) if domains else []
        return [], core, [_one_component(domains, architecture)]
    rule = model.strangler
    notes = []
    history = assessment.history is not None
    most = max((c.changes or 0) for c in code)
    total_changes = (
        sum(h.revisions for h in assessment.history.hotspots if h.role in ("", "production"))
        if assessment.history is not None
        else 0
    )
    if not history:
        notes.append("No history: change pressure is unknown; ranked by health and difficulty.")
    largest_ca = max(c.ca for c in components)
    owners: dict[str, list[str]] = {}
    for s in architecture.shared_models:
        owners.setdefault(s.component, []).append(s.module)
    stack = {item.name for item in architecture.stack}
    boundary = (
        "a FastAPI service (FastAPI is already in the stack)"
        if "FastAPI" in stack
        else f"a new FastAPI service beside {_core_name(stack)}"
    )
    scored = []
    core = _core_entries(components)
    code_sloc = sum(c.sloc for c in code) or 1
    for c in domains:
        if c.kernel:
            continue
        pressure = None if not history else round((c.changes or 0) / most, 4) if most else 0.0
        sick = unhealth(c, model)
        hard = difficulty(c, largest_ca, set(owners), model)
        small = c.sloc / code_sloc < rule.min_size_share
        if (
            pressure is not None
            and not c.in_cycle
            and pressure <= rule.keep_max_pressure
            and c.debt_ratio is not None
            and c.debt_ratio <= rule.keep_max_debt_ratio
        ):
            if not small:  # the smallest leftovers are not worth naming
                core.append(
                    CoreComponent(
                        c.name,
                        f"{c.changes or 0} file changes in the window, debt ratio "
                        f"{format_value('debt_ratio', c.debt_ratio)}: stable and healthy, "
                        "leave it",
                        CORE_STABLE,
                    )
                )
            continue
        if pressure == 0 or small:
            continue
        value = round((1.0 if pressure is None else pressure) * (1 + (sick or 0.0)) / hard, 4)
        scored.append((value, c, pressure, sick, hard))
    scored.sort(key=lambda item: (-item[0], item[1].name))
    plan = []
    for rank, (value, c, pressure, sick, hard) in enumerate(scored[: int(rule.candidates)], 1):
        entry = CarveOut(
            rank=rank,
            component=c.name,
            value=value,
            pressure=pressure,
            unhealth=sick,
            difficulty=hard,
            changes=c.changes,
            debt_ratio=c.debt_ratio,
            mi=c.mi,
            complex_share=c.complex_share,
            ca=c.ca,
            in_cycle=c.in_cycle,
            why=_why(c, total_changes, owners.get(c.name, [])),
            imports_to_cut=_cuts(c.name, architecture),
            shared_models=owners.get(c.name, []),
            boundary=boundary,
            messaging=_messaging(stack),
            hot_files=[p for p, _ in c.hot_files],
            kind=c.kind,
            importers=c.importers if c.importer_share is not None else None,
            importer_share=c.importer_share,
            slices=list(c.slices),
        )
        entry.steps = _steps(entry, _core_name(stack), inputs["test_share"])
        plan.append(entry)
    if not plan:
        notes.append("No domain component is under change pressure outside the kernel.")
    return plan, core, notes
