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
    LAYERS,
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
    out, count = [], defaultdict(int)
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


def _names(items: list[StackItem]) -> list[str]:
    return [i.name for i in items]


def _used(item: StackItem) -> bool:
    """Evidence beyond a declared dependency: the code, settings or deployment use it."""
    return bool(item.kinds() - {DEPENDENCY})


def layer_statuses(items: list[StackItem]) -> list[LayerStatus]:
    """Present / partial / missing for each of the article's four layers, with the reason."""
    by_role: dict[str, list[StackItem]] = defaultdict(list)
    for item in items:
        by_role[item.role].append(item)
    frameworks, asyncs, ai = by_role["framework"], by_role["async"], by_role["ai"]
    brokers, queues = by_role["broker"], by_role["queue"]
    servers, local_data = by_role["server"], by_role["file"] + by_role["orm"]
    out: dict[str, LayerStatus] = {}
    core_items = [i for i in items if i.layer == CORE]
    used = [f for f in frameworks if _used(f)]
    if used:
        out[CORE] = LayerStatus(
            CORE,
            PRESENT,
            _names(core_items),
            f"{', '.join(_names(used))} carries the business logic",
        )
    elif frameworks or asyncs:
        reason = (
            f"{', '.join(_names(frameworks))} is declared but not imported"
            if frameworks
            else f"only {', '.join(_names(asyncs))}: one async service holds business "
            "logic and AI endpoints alike"
        )
        out[CORE] = LayerStatus(CORE, PARTIAL, _names(core_items + asyncs), reason)
    else:
        out[CORE] = LayerStatus(CORE, MISSING, [], "no Django or Flask application found")
    if asyncs and ai:
        out[AI] = LayerStatus(
            AI,
            PRESENT,
            _names(asyncs + ai),
            f"{', '.join(_names(asyncs))} with {', '.join(_names(ai))}",
        )
    elif asyncs or ai:
        reason = (
            f"{', '.join(_names(ai))} without an async service (FastAPI/Starlette) to host "
            "AI endpoints"
            if ai
            else f"{', '.join(_names(asyncs))} without ML/AI libraries"
        )
        out[AI] = LayerStatus(AI, PARTIAL, _names(asyncs + ai), reason)
    else:
        out[AI] = LayerStatus(AI, MISSING, [], "no async AI service and no ML/AI library found")
    broker_used = [b for b in brokers if IMPORT in b.kinds()]
    if brokers and (queues or broker_used):
        out[COMMUNICATION] = LayerStatus(
            COMMUNICATION,
            PRESENT,
            _names(brokers + queues),
            f"{', '.join(_names(brokers))} carried by "
            f"{', '.join(_names(queues) or _names(broker_used))}",
        )
    elif brokers or queues:
        reason = (
            f"{', '.join(_names(queues))} without a broker in the settings or deployment"
            if queues
            else f"{', '.join(_names(brokers))} found, but no code sends or "
            "consumes messages through it"
        )
        out[COMMUNICATION] = LayerStatus(COMMUNICATION, PARTIAL, _names(brokers + queues), reason)
    else:
        out[COMMUNICATION] = LayerStatus(
            COMMUNICATION, MISSING, [], "no Redis, RabbitMQ or Kafka and no task queue found"
        )
    if servers:
        out[DATA] = LayerStatus(
            DATA,
            PRESENT,
            _names(servers + local_data),
            f"{', '.join(_names(servers))} holds the state",
        )
    elif local_data:
        out[DATA] = LayerStatus(
            DATA,
            PARTIAL,
            _names(local_data),
            f"only {', '.join(_names(local_data))}: no database server found",
        )
    else:
        out[DATA] = LayerStatus(DATA, MISSING, [], "no database found")
    return [out[layer] for layer in LAYERS]
