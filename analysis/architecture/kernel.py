"""The kernel: the components most of the system is built on, which a carve-out leaves in place.

A component's *importers* are the domain components with a module that imports one of its
modules at run time (layers, the root package and the Django project package are left out as
importers: they assemble or expose the domains, they do not build on them). Its *importer
share* is importers / the other domain components. The kernel is every component with an
importer share of at least one half and at least three importers:

- fan-in counted in components, not modules (Henry and Kafura's fan-in, 1981, at component
  granularity), so that a large importer does not outweigh many small ones;
- "depended upon by most of the system" is Martin's responsible, stable component (Stable
  Dependencies Principle, "Agile Software Development", 2002): every change to it ripples to
  most components, and moving it out of process would turn most of the system's calls to it
  into remote calls; Evans's "Shared Kernel" (Domain-Driven Design, 2003) names what stays;
- at least three importers (model choice): with two, a component is shared by a pair, not a
  kernel, and in a system of three domains any one import would otherwise make one.
"""

from __future__ import annotations

KERNEL_MIN_SHARE = 0.5
KERNEL_MIN_IMPORTERS = 3


def importers_of(
    names: list[str], domains: set[str], edges: dict[tuple[str, str], int]
) -> dict[str, set[str]]:
    """component -> the domain components importing it (run-time component edges)."""
    found: dict[str, set[str]] = {name: set() for name in names}
    for source, target in edges:
        if source != target and source in domains and target in found:
            found[target].add(source)
    return found


def importer_share(importers: int, is_domain: bool, domains: int) -> float | None:
    others = domains - (1 if is_domain else 0)
    return round(importers / others, 4) if others > 0 else None


def in_kernel(importers: int, share: float | None) -> bool:
    return share is not None and importers >= KERNEL_MIN_IMPORTERS and share >= KERNEL_MIN_SHARE
