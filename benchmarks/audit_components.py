"""An independent view of a repository's components, for the real-repository audit (issue 12).

Written apart from the product: it imports nothing from ``analysis`` and parses imports with
``ast`` itself, with its own plain rules, so that where it and the product agree the agreement
means something. It reads files only (``git ls-files`` and the working tree); it never imports
or runs the repository's code.

    .venv/bin/python benchmarks/audit_components.py PATH [PATH ...] [--json]

``audit(path) -> dict`` is the function the real-repository audit combines. Its rules:

- production Python files: tracked ``.py`` files outside hidden folders, outside test folders
  (``tests``, ``test``, ``testing``, ``fixtures``), migrations, and the top-level folders
  ``docs``, ``doc``, ``examples``, ``example``, ``samples``, ``scripts``, ``tools``,
  ``benchmarks``, ``bin``, ``contrib``, ``hooks``; not ``test_*.py``, ``*_test(s).py``,
  ``tests.py`` or ``conftest.py``;
- module names: relative to the folder above the topmost package (``__init__.py``) holding a
  file; a file outside packages is a loose module and belongs to no unit;
- units: the top-level packages; a top-level package whose sub-packages include Django apps
  (a package with ``apps.py`` or a ``migrations`` folder) is a project package, and its
  sub-packages are the units instead ("saleor.order"); its own modules are its root;
- layers: a unit named ``core``, ``utils``, ``utilities``, ``common``, ``shared``, ``lib`` or
  ``helpers`` is a shared layer; another unit at least two of whose sub-packages, and at least
  half, carry the name of a unit that is no shared layer is an interface layer (package by
  layer), and each such sub-package is that unit's slice;
- a unit holding a ``settings.py`` (or ``settings/``) is the Django project package: not a
  domain;
- imports: ``import`` and ``from ... import`` statements anywhere in a module (functions
  included), except in the body of ``if TYPE_CHECKING:``, which never runs;
- importers: for each unit, the domain units (slices counted with their domain; layers and
  project packages assemble the domains and are not counted as importers) with a production
  module importing one of its modules; the share is over the other domain units; the kernel
  is the units with a share of at least one half and at least three importers (the product's
  definition, analysis/architecture/kernel.py, computed here on this script's own parse).
  ``importers_any`` counts every other unit as an importer, for comparison.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import subprocess
import sys
import warnings
from collections import defaultdict

TEST_DIRS = {"tests", "test", "testing", "fixtures", "migrations"}
TOP_SKIP = {
    "docs", "doc", "examples", "example", "samples", "scripts", "tools", "benchmarks", "bin",
    "contrib", "hooks",
}  # fmt: skip
SHARED_NAMES = {"core", "utils", "utilities", "common", "shared", "lib", "helpers"}
KERNEL_SHARE = 0.5
KERNEL_MIN_IMPORTERS = 3


def tracked_python(path: str) -> list[str]:
    out = subprocess.run(
        ["git", "-C", path, "ls-files", "-z", "--", "*.py"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "replace")
    return [p for p in out.split("\0") if p and os.path.isfile(os.path.join(path, p))]


def is_production(rel: str) -> bool:
    parts = rel.split("/")
    folders, name = parts[:-1], parts[-1]
    if any(p.startswith(".") for p in parts):
        return False
    if folders and folders[0] in TOP_SKIP:
        return False
    if any(p in TEST_DIRS for p in folders):
        return False
    stem = name[:-3]
    return not (
        stem.startswith("test_")
        or stem.endswith(("_test", "_tests"))
        or stem in ("tests", "conftest")
    )


def module_names(paths: list[str]) -> dict[str, tuple[str, bool]]:
    """path -> (module name, in a package)."""
    inits = {os.path.dirname(p) for p in paths if os.path.basename(p) == "__init__.py"}
    out = {}
    for rel in paths:
        folder = os.path.dirname(rel)
        if folder not in inits:
            out[rel] = (os.path.splitext(os.path.basename(rel))[0], False)
            continue
        top = folder
        while os.path.dirname(top) in inits:
            top = os.path.dirname(top)
        root = os.path.dirname(top)
        inner = rel[len(root) + 1 :] if root else rel
        parts = inner[:-3].split("/")
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[rel] = (".".join(parts), True)
    return out


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _run_time_nodes(tree: ast.AST):
    """Every node, without the bodies of ``if TYPE_CHECKING:`` (imports that never run)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.If) and _type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def parse_imports(text: str, module: str, is_package: bool) -> list[str]:
    """Absolute dotted names a module imports at run time (``from a import b``: ``a.b``, ``a``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            return []
    package = module if is_package else module.rpartition(".")[0]
    names = []
    for node in _run_time_nodes(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".") if package else []
                if node.level - 1 > len(parts):
                    continue
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            if not base:
                continue
            names.append(base)
            names += [f"{base}.{alias.name}" for alias in node.names if alias.name != "*"]
    return names


def audit(path: str) -> dict:
    """Units, layers, importer counts and the kernel of the repository at ``path``."""
    every = tracked_python(path)
    production = [p for p in every if is_production(p)]
    named = module_names(production)
    packages = {name for rel, (name, packaged) in named.items() if packaged}
    modules = {name for name, _ in named.values()}
    folder_of = {}
    for rel, (name, packaged) in named.items():
        if packaged and rel.endswith("__init__.py"):
            folder_of[name] = os.path.dirname(rel)
    every_dirs = {os.path.dirname(p) for p in every}
    tops = sorted({n.split(".")[0] for n in packages if n.split(".")[0] in folder_of})

    def is_django_app(package: str) -> bool:
        folder = folder_of.get(package)
        if folder is None:
            return False
        return os.path.isfile(os.path.join(path, folder, "apps.py")) or any(
            d == f"{folder}/migrations" for d in every_dirs
        )

    units: list[str] = []
    project_roots = []
    for top in tops:
        children = sorted(n for n in folder_of if n.count(".") == 1 and n.startswith(top + "."))
        if any(is_django_app(c) for c in children):
            project_roots.append(top)
            units += children
        else:
            units.append(top)
    lines: dict[str, int] = defaultdict(int)
    texts: dict[str, str] = {}
    unit_of: dict[str, str] = {}
    for rel, (name, packaged) in named.items():
        with open(os.path.join(path, rel), encoding="utf-8", errors="replace") as handle:
            texts[rel] = handle.read()
        if not packaged:
            continue
        owner = next((u for u in units if name == u or name.startswith(u + ".")), None)
        if owner is not None:
            unit_of[name] = owner
            lines[owner] += sum(
                1
                for line in texts[rel].splitlines()
                if line.strip() and not line.lstrip().startswith("#")
            )
    units = [u for u in units if lines[u] > 0]
    shared = {u for u in units if u.rsplit(".", 1)[-1] in SHARED_NAMES}
    last = {u.rsplit(".", 1)[-1]: u for u in units if u not in shared}
    layers = [
        {"name": u, "kind": "shared", "mirrors": [], "subpackages": 0} for u in sorted(shared)
    ]
    slice_of: dict[str, str] = {}  # layer sub-package -> domain unit
    for unit in units:
        if unit in shared:
            continue
        children = sorted(
            n for n in folder_of if n.startswith(unit + ".") and n.count(".") == unit.count(".") + 1
        )
        mirrored = {
            c: last[c.rsplit(".", 1)[-1]]
            for c in children
            if c.rsplit(".", 1)[-1] in last and last[c.rsplit(".", 1)[-1]] != unit
        }
        if len(mirrored) >= 2 and len(mirrored) * 2 >= len(children):
            layers.append({"name": unit, "kind": "interface", "mirrors": sorted(mirrored.values()),
                           "subpackages": len(children)})  # fmt: skip
            slice_of.update(mirrored)

    projects = {u for u in units if f"{u}.settings" in modules and u not in layer_names_of(layers)}
    domains = {u for u in units if u not in layer_names_of(layers) and u not in projects}

    def merged(module: str) -> str | None:
        for prefix, domain in slice_of.items():
            if module == prefix or module.startswith(prefix + "."):
                return domain
        return unit_of.get(module)

    def resolve(dotted: str) -> str | None:
        parts = dotted.split(".")
        for end in range(len(parts), 0, -1):
            candidate = ".".join(parts[:end])
            if candidate in modules:
                return candidate
        return None

    importer_units: dict[str, set[str]] = defaultdict(set)  # any other unit
    importer_modules: dict[str, set[str]] = defaultdict(set)
    raw_units: dict[str, set[str]] = defaultdict(set)
    for rel, (name, packaged) in named.items():
        source = merged(name) if packaged else None
        raw_source = unit_of.get(name) if packaged else None
        if source is None:
            continue
        for dotted in parse_imports(texts[rel], name, rel.endswith("__init__.py")):
            target_module = resolve(dotted)
            if target_module is None:
                continue
            target = merged(target_module)
            if target is not None and target != source:
                importer_units[target].add(source)
                importer_modules[target].add(name)
            raw_target = unit_of.get(target_module)
            if raw_target is not None and raw_source is not None and raw_target != raw_source:
                raw_units[raw_target].add(raw_source)
    table = []
    layer_names = {layer["name"]: layer["kind"] for layer in layers}
    for unit in units:
        by_domains = importer_units[unit] & domains
        others = len(domains) - (1 if unit in domains else 0)
        share = len(by_domains) / others if others else None
        table.append(
            {
                "name": unit,
                "lines": lines[unit],
                "role": "layer"
                if unit in layer_names
                else "project"
                if unit in projects
                else "domain",
                "importers": len(by_domains),
                "importer_share": None if share is None else round(share, 3),
                "importers_any": len(importer_units[unit]),
                "importer_modules": len(importer_modules[unit]),
                "importers_without_slices": len(raw_units[unit] & domains),
                "layer": layer_names.get(unit, ""),
                "kernel": share is not None
                and len(by_domains) >= KERNEL_MIN_IMPORTERS
                and share >= KERNEL_SHARE,
            }
        )
    table.sort(key=lambda row: (-row["importers"], -row["importer_modules"], row["name"]))
    kernel = [row["name"] for row in table if row["kernel"]]
    domain_rows = [row for row in table if row["role"] == "domain" and not row["kernel"]]
    if len(domains) <= 1:
        summary = f"one component: {', '.join(sorted(domains)) or 'none'}"
    else:
        summary = (
            f"{len(domains)} domains; kernel: {', '.join(kernel) or 'none'}; layers: "
            + (", ".join(f"{x['name']} ({x['kind']})" for x in layers) or "none")
            + "; outside the kernel by importers: "
            + ", ".join(f"{r['name']} {r['importers']}" for r in domain_rows[:5])
        )
    return {
        "summary": summary,
        "path": os.path.abspath(path),
        "python_files": len(every),
        "production_files": len(production),
        "project_packages": project_roots,
        "units": table,
        "layers": layers,
        "slices": dict(sorted(slice_of.items())),
        "kernel": kernel,
        "domains": [row["name"] for row in table if row["role"] == "domain"],
        "one_component": len(domains) <= 1,
    }


def layer_names_of(layers: list[dict]) -> set[str]:
    return {layer["name"] for layer in layers}


def _print(report: dict) -> None:
    print(f"== {report['path']}: {report['production_files']} production of "
          f"{report['python_files']} Python files; project packages: "
          f"{', '.join(report['project_packages']) or '-'}")  # fmt: skip
    if report["one_component"]:
        print("   one component:", ", ".join(r["name"] for r in report["units"]) or "-")
    print(
        f"   {'unit':26} {'role':8} {'lines':>7} {'importers':>9} {'share':>6} {'any':>4} "
        f"{'modules':>7}  layer     kernel"
    )
    for row in report["units"]:
        share = "-" if row["importer_share"] is None else f"{row['importer_share']:.2f}"
        print(
            f"   {row['name']:26} {row['role']:8} {row['lines']:>7} {row['importers']:>9} "
            f"{share:>6} {row['importers_any']:>4} {row['importer_modules']:>7}  "
            f"{row['layer'] or '-':9} {'yes' if row['kernel'] else ''}"
        )
    for layer in report["layers"]:
        mirrors = ", ".join(layer["mirrors"]) if layer["mirrors"] else ""
        subpackages = f", {layer['subpackages']} sub-packages" if layer["subpackages"] else ""
        print(f"   layer {layer['name']} ({layer['kind']}{subpackages})"
              + (f": mirrors {mirrors}" if mirrors else ""))  # fmt: skip
    print("   kernel:", ", ".join(report["kernel"]) or "-")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--json", action="store_true", help="print the reports as JSON")
    args = parser.parse_args(argv)
    reports = []
    for path in args.paths:
        try:
            reports.append(audit(path))
        except (OSError, subprocess.CalledProcessError) as error:
            print(f"{path}: cannot read the repository ({error})", file=sys.stderr)
            return 2
    if args.json:
        print(json.dumps(reports, indent=1))
    else:
        for report in reports:
            _print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
