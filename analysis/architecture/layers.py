"""Horizontal layers among the components, and the slices of a layer that belong to a domain.

Code is organised either by feature (each Django app holds its models, views, API) or by layer
(one ``api/`` or ``graphql/`` package holds every domain's API, one sub-package per domain):
"package by layer vs package by feature" (Simon Brown, "Package by component and architecturally
aligned testing", 2013; Jimmy Bogard, "Vertical Slice Architecture", 2018). A carve-out takes
a domain with its slice of every layer, so where the code is organised by layer, a domain's
size, changes, debt and coupling include its slices.

Decided from the structure, as an architect reading the tree would:

- an *interface layer* is a component at least two of whose direct sub-packages, and at least
  half of them, carry the last name of a domain component (``saleor.graphql.order`` beside the
  app ``saleor.order``), whatever the layer is called (``api``, ``graphql``, ``rest`` ...);
  each such sub-package is a *slice* and its modules count in that domain. A name two domains
  share (``a.orders`` and ``b.orders``) maps nowhere. What is left of the layer (its own
  framework: ``graphql.core``, the schema) stays a component, marked ``interface``;
- a *shared layer* is a component named ``core``, ``common``, ``shared``, ``utils``, ``util``,
  ``utilities``, ``helpers`` or ``lib`` in a system with at least two other domain components:
  the cross-cutting code the domains are built on (Martin's "common reuse" packages). A lone
  ``core`` package beside one other is simply a domain.

Neither kind is a carve-out candidate: a layer goes with the domains it serves.
"""

from __future__ import annotations

from dataclasses import dataclass

INTERFACE = "interface"
SHARED = "shared"
SHARED_LAYER_NAMES = frozenset(
    {"core", "common", "shared", "utils", "util", "utilities", "helpers", "lib"}
)
#: a shared layer needs at least this many other domain components to be shared by
MIN_DOMAINS_FOR_SHARED = 2
MIN_MIRRORED = 2


@dataclass
class LayerSlice:
    package: str  # the layer's sub-package, e.g. "saleor.graphql.order"
    layer: str  # the layer component, e.g. "saleor.graphql"
    domain: str  # the domain it serves, e.g. "saleor.order"
    modules: int = 0
    sloc: int = 0


def _tail(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def shared_layers(domains: list[str]) -> set[str]:
    """The domains named as shared code (``core``, ``utils`` ...), when there are others."""
    named = {d for d in domains if _tail(d) in SHARED_LAYER_NAMES}
    if len(domains) - len(named) < MIN_DOMAINS_FOR_SHARED:
        return set()
    return named


def interface_layers(
    domains: list[str], subpackages: dict[str, list[str]]
) -> dict[str, dict[str, str]]:
    """layer component -> {its sub-package: the domain it mirrors}.

    ``domains`` are the candidate domain components (shared layers already left out);
    ``subpackages`` gives each component's direct sub-packages that hold production modules.
    """
    by_tail: dict[str, list[str]] = {}
    for name in domains:
        by_tail.setdefault(_tail(name), []).append(name)
    found: dict[str, dict[str, str]] = {}
    for name in domains:
        children = subpackages.get(name, [])
        mirrored = {}
        for child in children:
            owners = [d for d in by_tail.get(_tail(child), []) if d != name]
            if len(owners) == 1:
                mirrored[child] = owners[0]
        if len(mirrored) >= MIN_MIRRORED and 2 * len(mirrored) >= len(children):
            found[name] = mirrored
    return found
