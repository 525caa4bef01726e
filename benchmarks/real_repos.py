"""The real-repository audit: each headline figure beside an independent computation.

    python benchmarks/real_repos.py CLONES [--repos flask,requests,...] [--workers 2]

CLONES is a folder holding clones of public repositories (by default flask, requests,
full-stack-fastapi-template, netbox and saleor; any partial clone works: blobs missing from it
are read as missing). For each repository the product's assessment runs once (no store), and
every figure below is printed beside a computation written for the audit in ``benchmarks/``,
which does not import the product's code for that figure:

* hotspots: the product's top ten with their roles, each checked by an independent rule of
  what is code (``audit_hotspots.py``), and the overlap with an independent ranking;
* production duplication against jscpd (``audit_duplication.py``; needs npm);
* truck factor (``audit_knowledge.py``, Avelino et al. from ``git log`` with aliases merged);
* the runtime it is deployed on and the delivery model (``audit_runtime.py``);
* the first carve-outs with their kind (``audit_components.py``, imports parsed with ``ast``);
* whether the result is partial, and why.

This is a tool for the team, not part of the test run; what it taught is kept as small
repositories built inside the tests.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from analysis.assessment import Options, run

DEFAULT_REPOS = ("flask", "requests", "full-stack-fastapi-template", "netbox", "saleor")


def _audit(module: str, path: str):
    """``module.audit(path)``, or the reason it could not run (one line)."""
    try:
        return importlib.import_module(module).audit(path), ""
    except Exception as exc:  # an audit's failure must not hide the others
        last = traceback.format_exception_only(exc)[-1].strip()
        return None, f"{module} failed: {last}"


def hotspot_rows(result, path: str) -> list[str]:
    independent, problem = _audit("audit_hotspots", path)
    if independent is None:
        return [f"  hotspots: {problem}"]
    classify = independent["classify"]
    product = [h for h in result.history.hotspots[:10]] if result.history else []
    wrong = [h.path for h in product if classify(h.path) != "code"]
    theirs = [row[0] for row in independent["top"]]
    overlap = len({h.path for h in product} & set(theirs))
    rows = [
        f"  hotspots          top 10: {sum(1 for h in product if h.role == 'production')} "
        f"production, {sum(1 for h in product if h.role == 'test')} test; not code by the "
        f"audit's rule: {len(wrong)} {wrong[:3]}; overlap with the independent top 10: "
        f"{overlap}/10",
    ]
    for h in product[:5]:
        rows.append(
            f"      {h.score:5.3f} {h.revisions:3d} changes cc {h.complexity:5d} {h.role:10s} "
            f"{h.path} [{classify(h.path)}]"
        )
    return rows


def duplication_rows(result, path: str) -> list[str]:
    audit, problem = _audit("audit_duplication", path)
    dup = result.duplication
    product = f"{dup.density:.1f}%" if dup and dup.density is not None else "n/a"
    raw = getattr(dup, "cpd_density", None) if dup else None
    raw_text = f", raw CPD-style {raw:.1f}%" if isinstance(raw, float) else ""
    tests = (dup.by_role.get("test") or {}).get("density") if dup else None
    tests_text = f", tests {tests:.1f}%" if tests is not None else ""
    if audit is None:
        return [f"  duplication       product {product}{raw_text}{tests_text}; {problem}"]

    def pair(role: str) -> str:
        part = audit[role]
        theirs, ours = part["jscpd"]["density"], part["product"]["density"]
        return (
            f"{role} ({part['files']} files by the audit's path rule): jscpd "
            f"{_pct(theirs)}, product on the same files {_pct(ours)}"
        )

    return [
        f"  duplication       product (production by role) {product}{raw_text}{tests_text}",
        f"                    {pair('production')}",
        f"                    {pair('test')}",
    ]


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def knowledge_rows(result, path: str) -> list[str]:
    audit, problem = _audit("audit_knowledge", path)
    truck = result.history.truck_factor if result.history else None
    product = (
        f"{truck.value} ({', '.join(truck.developers[:4])}) over {truck.files} files"
        if truck
        else "n/a"
    )
    without = getattr(truck, "without_tests", None) if truck else None
    if without is not None:
        product += f"; without tests {without.value} over {without.files} files"
    if audit is None:
        return [f"  truck factor      product {product}; {problem}"]
    theirs, theirs_production = audit["truck_factor"], audit["truck_factor_without_tests"]
    return [
        f"  truck factor      product {product}",
        f"                    independent {theirs['value']} ({', '.join(theirs['developers'][:4])})"
        f" over {theirs['files']} files; without tests {theirs_production['value']} over "
        f"{theirs_production['files']} files; {audit['identities']} identities -> "
        f"{audit['developers']} people",
    ]


def runtime_rows(result, path: str) -> list[str]:
    audit, problem = _audit("audit_runtime", path)
    runtime = result.runtime
    need = runtime.required_minimum if runtime else None
    product = f"requires {need.version}" if need and need.version else "requires n/a"
    if need and need.reasons:
        first = need.reasons[0]
        product += f" ({first.path}:{first.line} {first.feature})"
    model = result.repository.delivery_model
    runs = runtime.runs_on if runtime else None
    runs_text = (
        f"runs on {runs.version} ({runs.basis}: {runs.evidence[0] if runs.evidence else ''})"
        if runs is not None and runs.version
        else "runs on n/a"
    )
    rows = [
        f"  runtime           product: {model.kind if model else 'n/a'}; {runs_text}; {product}"
    ]
    matrix = runtime.matrix if runtime else {}
    rows.append(
        "                    matrix: "
        + ", ".join(f"{v} {e.status}" for v, e in matrix.items() if not v.endswith("t"))
    )
    if audit is None:
        rows.append(f"                    {problem}")
    else:
        run = audit["runtime"]
        rows.append(
            f"                    independent: {audit['delivery_model']['kind']}; runs on "
            f"{run['version']} ({run['basis']}: {run['lines'][0] if run['lines'] else ''}); "
            f"grammar needs {audit['grammar']['version']}"
        )
    return rows


def component_rows(result, path: str) -> list[str]:
    audit, problem = _audit("audit_components", path)
    plan = result.decisions.strangler_plan if result.decisions else []
    core = result.decisions.keep_in_core if result.decisions else []
    carve = (
        ", ".join(f"{c.component} ({getattr(c, 'kind', '') or 'domain'})" for c in plan[:3])
        or "none"
    )
    rows = [
        f"  carve-outs        product: {carve}; keep in core: "
        f"{', '.join(c.component for c in core[:5]) or 'none'}"
    ]
    if audit is None:
        rows.append(f"                    {problem}")
    else:
        rows.append(f"                    independent: {audit.get('summary', audit)}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clones", type=Path)
    parser.add_argument("--repos", default=",".join(DEFAULT_REPOS))
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    for name in args.repos.split(","):
        path = args.clones / name
        if not path.is_dir():
            print(f"{name}: no clone at {path}")
            continue
        started = time.monotonic()
        result = run(path, Options(workers=args.workers))
        seconds = time.monotonic() - started
        repo = result.repository
        print(f"== {name} ({repo.head[:10]}, assessed in {seconds:.1f} s)")
        print(
            f"  partial           {repo.partial} {repo.partial_figures}; "
            f"{len(repo.warnings)} warnings"
        )
        for rows in (
            hotspot_rows(result, str(path)),
            duplication_rows(result, str(path)),
            knowledge_rows(result, str(path)),
            runtime_rows(result, str(path)),
            component_rows(result, str(path)),
        ):
            for row in rows:
                print(row)
        print()


if __name__ == "__main__":
    main()
