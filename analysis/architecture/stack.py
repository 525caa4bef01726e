"""The stack a system runs on, each item with its evidence, mapped onto the article's layers.

Evidence kinds: ``dependency`` (declared or locked), ``import`` (first-party code imports it),
``settings`` (Django INSTALLED_APPS, ENGINE/BACKEND paths, service URLs in code, settings or
``.env`` files; passwords in URLs are masked), ``config`` (Dockerfiles, compose services and
their images and commands, Kubernetes manifests).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from analysis.architecture.deployment import Deployment
from analysis.architecture.django_apps import InstalledEntry
from analysis.architecture.stack_rules import (
    AI,
    COMMUNICATION,
    COMPOSE,
    CORE,
    DATA,
    DEPLOYMENT,
    DOCKERFILE,
    KUBERNETES,
    RULES,
    StackRule,
    image_name,
)
from analysis.runtime.declarations import Declaration
from analysis.runtime.lockfiles import LockedPackage

DEPENDENCY, IMPORT, SETTINGS, CONFIG = "dependency", "import", "settings", "config"
PRESENT, PARTIAL, MISSING = "present", "partial", "missing"
_PER_KIND = 5
_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@/\s]+@")


@dataclass
class Evidence:
    kind: str
    location: str
    detail: str


@dataclass
class StackItem:
    name: str
    layer: str
    evidence: list[Evidence] = field(default_factory=list)
    role: str = ""

    def kinds(self) -> set[str]:
        return {e.kind for e in self.evidence}


@dataclass
class LayerStatus:
    layer: str
    status: str
    items: list[str]
    reason: str


@dataclass
class ImportSite:
    location: str
    text: str


def mask(url: str) -> str:
    return _PASSWORD.sub(r"\1***@", url)


def _matches(name: str, exact: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    return name in exact or any(
        name == p or name.startswith(p + "-") or name.startswith(p + "_") for p in prefixes
    )


def _scheme(url: str) -> str:
    return url.split("://", 1)[0].split("+", 1)[0].lower()


def _capped(evidence: list[Evidence]) -> list[Evidence]:
    out: list[Evidence] = []
    count: defaultdict[str, int] = defaultdict(int)
    for item in evidence:
        count[item.kind] += 1
        if count[item.kind] <= _PER_KIND:
            out.append(item)
    for kind, total in count.items():
        if total > _PER_KIND:
            out.append(Evidence(kind, "", f"and {total - _PER_KIND:,} more"))
    return out


def _rule_evidence(
    rule: StackRule,
    declarations: list[Declaration],
    locked: list[LockedPackage],
    imports: dict[str, list[ImportSite]],
    strings: list[tuple[str, str]],
    installed: list[InstalledEntry],
    deploy: Deployment,
) -> list[Evidence]:
    found: list[Evidence] = []
    declared = set()
    for d in declarations:
        if _matches(d.name, rule.packages, rule.package_prefixes) and not d.constraint:
            declared.add(d.name)
            found.append(Evidence(DEPENDENCY, d.location, f"{d.name} {d.specifier}".strip()))
    for package in locked:
        if package.name not in declared and _matches(
            package.name, rule.packages, rule.package_prefixes
        ):
            declared.add(package.name)
            found.append(
                Evidence(DEPENDENCY, package.location, f"{package.name} {package.version} (locked)")
            )
    for top in sorted(imports):
        if _matches(top, rule.imports, rule.import_prefixes):
            sites = imports[top]
            for site in sites[:3]:
                found.append(
                    Evidence(
                        IMPORT, site.location, f"{site.text} ({len(sites):,} importing modules)"
                    )
                )
    for entry in installed:
        if entry.app in rule.apps or entry.app.split(".")[0] in rule.apps:
            found.append(Evidence(SETTINGS, entry.location, f"INSTALLED_APPS has {entry.app!r}"))
    for location, value in strings:
        if "://" in value and _scheme(value) in rule.schemes:
            found.append(Evidence(SETTINGS, location, f"URL {mask(value)}"))
        elif rule.backends and value.startswith(rule.backends):
            found.append(Evidence(SETTINGS, location, f"backend {value}"))
    for service in deploy.services:
        if service.image and image_name(service.image) in rule.images:
            found.append(
                Evidence(
                    CONFIG, service.location, f"compose service {service.name}: {service.image}"
                )
            )
        command = service.command.strip()
        if command and any(word in command for word in rule.commands):
            found.append(
                Evidence(CONFIG, service.location, f"compose service {service.name} runs {command}")
            )
        for location, url in service.urls:
            if _scheme(url) in rule.schemes:
                found.append(Evidence(SETTINGS, location, f"URL {mask(url)}"))
    for location, url in deploy.env_urls:
        if _scheme(url) in rule.schemes:
            found.append(Evidence(SETTINGS, location, f"URL {mask(url)}"))
    for manifest in deploy.manifests:
        for location, image in manifest.images:
            if image_name(image) in rule.images:
                found.append(Evidence(CONFIG, location, f"Kubernetes image {image}"))
    return found


def detect_stack(
    declarations: list[Declaration],
    locked: list[LockedPackage],
    imports: dict[str, list[ImportSite]],
    strings: list[tuple[str, str]],
    installed: list[InstalledEntry],
    deploy: Deployment,
    manage_py: list[str],
) -> list[StackItem]:
    items = []
    for rule in RULES:
        evidence = _rule_evidence(rule, declarations, locked, imports, strings, installed, deploy)
        if rule.name == "Django":
            evidence += [Evidence(CONFIG, f"{p}:1", "Django management script") for p in manage_py]
        if evidence:
            items.append(StackItem(rule.name, rule.layer, _capped(evidence), rule.role))
    if deploy.dockerfiles:
        items.append(
            StackItem(
                DOCKERFILE,
                DEPLOYMENT,
                _capped([Evidence(CONFIG, f"{p}:1", "Dockerfile") for p in deploy.dockerfiles]),
                "deployment",
            )
        )
    if deploy.services:
        evidence = [
            Evidence(
                CONFIG,
                s.location,
                f"service {s.name}: " + (s.image or ("built from source" if s.build else "")),
            )
            for s in deploy.services
        ]
        items.append(StackItem(COMPOSE, DEPLOYMENT, _capped(evidence), "deployment"))
    if deploy.manifests:
        evidence = [Evidence(CONFIG, m.location, ", ".join(m.kinds)) for m in deploy.manifests]
        items.append(StackItem(KUBERNETES, DEPLOYMENT, _capped(evidence), "deployment"))
    return items


def _used(item: StackItem) -> bool:
    """Evidence beyond a declared dependency: the code, settings or deployment use it."""
    return bool(item.kinds() - {DEPENDENCY})


def layer_statuses(items: list[StackItem]) -> list[LayerStatus]:
    """Present / partial / missing for each of the article's four layers, with the reason:
    the first rule of a layer whose condition holds decides."""
    role: dict[str, list[StackItem]] = defaultdict(list)
    for item in items:
        role[item.role].append(item)
    frameworks, asyncs, ai = role["framework"], role["async"], role["ai"]
    brokers, queues = role["broker"], role["queue"]
    servers, local_data = role["server"], role["file"] + role["orm"]
    core = [i for i in items if i.layer == CORE]
    used = [f for f in frameworks if _used(f)]
    carriers = queues or [b for b in brokers if IMPORT in b.kinds()]

    def names(group: list[StackItem]) -> str:
        return ", ".join(i.name for i in group)

    decisions = [
        (CORE, core if used else core + asyncs, "no Django or Flask application found", [
            (used, PRESENT, f"{names(used)} carries the business logic"),
            (frameworks, PARTIAL, f"{names(frameworks)} is declared but not imported"),
            (asyncs, PARTIAL, f"only {names(asyncs)}: one async service holds business logic "
                              "and AI endpoints alike"),
        ]),
        (AI, asyncs + ai, "no async AI service and no ML/AI library found", [
            (asyncs and ai, PRESENT, f"{names(asyncs)} with {names(ai)}"),
            (ai, PARTIAL, f"{names(ai)} without an async service (FastAPI/Starlette) to host "
                          "AI endpoints"),
            (asyncs, PARTIAL, f"{names(asyncs)} without ML/AI libraries"),
        ]),
        (COMMUNICATION, brokers + queues, "no Redis, RabbitMQ or Kafka and no task queue found", [
            (brokers and carriers, PRESENT, f"{names(brokers)} carried by {names(carriers)}"),
            (queues, PARTIAL, f"{names(queues)} without a broker in the settings or deployment"),
            (brokers, PARTIAL, f"{names(brokers)} found, but no code sends or consumes "
                               "messages through it"),
        ]),
        (DATA, servers + local_data, "no database found", [
            (servers, PRESENT, f"{names(servers)} holds the state"),
            (local_data, PARTIAL, f"only {names(local_data)}: no database server found"),
        ]),
    ]  # fmt: skip
    statuses = []
    for layer, members, missing, rules in decisions:
        decided = next((rule for rule in rules if rule[0]), None)
        if decided is None:
            statuses.append(LayerStatus(layer, MISSING, [], missing))
        else:
            statuses.append(LayerStatus(layer, decided[1], [i.name for i in members], decided[2]))
    return statuses
