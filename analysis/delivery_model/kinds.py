"""The four ways a repository reaches the people who use it, and who said which it is.

- ``service``: the team deploys and runs it (a Dockerfile, compose, Kubernetes, a Procfile, a
  deploy job); its runtime is what deploys it, its delivery figures are deployments.
- ``packaged application``: released for others to install and run (release tags with
  published images, installers or an installation kit); its users run any version it supports.
- ``library``: a published package others import (a build backend and a publish job, no
  deployment of its own); it has no runtime of its own, its readiness is its supported range,
  its delivery figures are its release cadence, and carve-outs do not apply to one library.
- ``template/example``: copied by others to start a project (cookiecutter, copier, "use this
  template"); read as the service it generates.

``source`` says who decided: ``detected`` (the files, :mod:`analysis.delivery_model.detect`),
``team file`` (``delivery_model = "library"`` in ``--team team.toml``) or ``wizard``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SERVICE = "service"
PACKAGED_APPLICATION = "packaged application"
LIBRARY = "library"
TEMPLATE = "template/example"
KINDS = (SERVICE, PACKAGED_APPLICATION, LIBRARY, TEMPLATE)
DETECTED, TEAM_FILE, WIZARD = "detected", "team file", "wizard"
SOURCES = (DETECTED, TEAM_FILE, WIZARD)
#: what the advice says instead of a strangler plan for a library
CARVE_OUTS_DO_NOT_APPLY = "A single library: carve-outs do not apply."
_SPELLINGS = {
    "service": SERVICE,
    "packaged application": PACKAGED_APPLICATION,
    "packaged": PACKAGED_APPLICATION,
    "application": PACKAGED_APPLICATION,
    "library": LIBRARY,
    "template/example": TEMPLATE,
    "template": TEMPLATE,
    "example": TEMPLATE,
}


def parse_kind(text: Any) -> str | None:
    """A kind from how a person writes it ("library", "packaged_application", "Template"), or
    None when it names none of the four."""
    if not isinstance(text, str):
        return None
    key = " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
    return _SPELLINGS.get(key)


def carve_outs_apply(kind: str) -> bool:
    """False for a library: one published package is not split into services."""
    return kind != LIBRARY


def delivery_reads_as(kind: str) -> str:
    """What the delivery figures count: "deployments" (a service, a template's service) or
    "releases" (a library or a packaged application: others deploy it)."""
    return "releases" if kind in (LIBRARY, PACKAGED_APPLICATION) else "deployments"


@dataclass
class DeliveryModel:
    """The kind, the lines that show it, who decided, and what the files showed."""

    kind: str
    evidence: list[str] = field(default_factory=list)
    source: str = DETECTED
    detected: str = ""  # the kind the files show; differs from ``kind`` when a person set it

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> DeliveryModel | None:
        if not isinstance(data, dict) or parse_kind(data.get("kind")) is None:
            return None
        kind = parse_kind(data["kind"]) or SERVICE
        source = data.get("source")
        return cls(
            kind,
            [str(e) for e in data.get("evidence", [])],
            source if isinstance(source, str) and source in SOURCES else DETECTED,
            parse_kind(data.get("detected")) or kind,
        )


def with_override(detected: DeliveryModel, kind: str | None, source: str) -> DeliveryModel:
    """``detected``, or the kind a person set (``source``: team file or wizard) with the
    files' evidence kept below a line saying so."""
    found = detected.detected or detected.kind
    evidence = detected.evidence[1:] if detected.source != DETECTED else list(detected.evidence)
    if kind is None:
        return DeliveryModel(found, evidence, DETECTED, found)
    said = f"set to {kind} in the {source}; the files show a {found}"
    if kind == found:
        said = f"set to {kind} in the {source}, as the files show"
    return DeliveryModel(kind, [said, *evidence], source, found)
