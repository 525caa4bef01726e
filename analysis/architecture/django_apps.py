"""Django apps of a project: ``INSTALLED_APPS`` entries and ``AppConfig`` classes, read as syntax.

An entry is a dotted module path (``"polls"``) or an AppConfig class path
(``"polls.apps.PollsConfig"``, whose ``name`` attribute names the app's package), as Django's
``apps.populate`` reads them. Apps whose package is in the repository become components; the
others (``django.contrib.admin``, ``rest_framework``) are third-party and count as stack evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.architecture.modules import ModuleIndex


@dataclass
class DjangoApp:
    module: str  # the app's package, a module name of this repository
    label: str
    evidence: str  # "INSTALLED_APPS at path:line" or "AppConfig at path:line"


@dataclass
class InstalledEntry:
    app: str
    location: str


def installed_entries(index: ModuleIndex) -> list[InstalledEntry]:
    entries = []
    for module in index.modules.values():
        for line, app in (module.facts or {}).get("installed_apps", []):
            entries.append(InstalledEntry(app, f"{module.path}:{line}"))
    return entries


def _local(index: ModuleIndex, dotted: str) -> str | None:
    if dotted in index.modules:
        return dotted
    return index.suffix_match(dotted) if "." in dotted else None


def django_apps(index: ModuleIndex) -> list[DjangoApp]:
    configs: dict[str, tuple[str, str | None, str]] = {}  # class path -> (app, label, where)
    for module in index.modules.values():
        for line, cls, name, label in (module.facts or {}).get("app_configs", []):
            package = module.name.rsplit(".", 1)[0] if "." in module.name else module.name
            configs[f"{module.name}.{cls}"] = (name or package, label, f"{module.path}:{line}")
    apps: dict[str, DjangoApp] = {}
    for entry in installed_entries(index):
        target, label = entry.app, None
        if entry.app in configs:
            target, label, _ = configs[entry.app]
        elif entry.app.rsplit(".", 1)[-1][:1].isupper() and ".apps." in entry.app:
            target = entry.app.split(".apps.", 1)[0]  # an AppConfig path whose class we did not see
        local = _local(index, target)
        if local and local not in apps:
            apps[local] = DjangoApp(
                local, label or local.rsplit(".", 1)[-1], f"INSTALLED_APPS at {entry.location}"
            )
    for app, label, where in configs.values():
        local = _local(index, app)
        if local and local not in apps:
            apps[local] = DjangoApp(
                local, label or local.rsplit(".", 1)[-1], f"AppConfig at {where}"
            )
    return sorted(apps.values(), key=lambda a: a.module)
