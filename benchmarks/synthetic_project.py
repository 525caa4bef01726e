"""Generate a synthetic Django-style project of ~4,000 modules for benchmarks.

Twenty apps of ~200 modules each (models, services, views, serializers, tasks, migrations), with
realistic imports between them (absolute and relative, some inside ``if TYPE_CHECKING:`` and
functions), classes (some abstract), dataclasses, f-strings, comprehensions, ``match``
statements, settings with INSTALLED_APPS and DATABASES, requirements, a Dockerfile and a
compose file. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from pathlib import Path

APPS = 20
MODULES_PER_APP = 199  # + settings/manage/... ~= 4,000 modules

THIRD_PARTY = [
    "django.db.models",
    "django.conf",
    "rest_framework.serializers",
    "celery",
    "redis",
    "requests",
    "numpy",
    "pydantic",
]
STDLIB = [
    "os",
    "json",
    "logging",
    "datetime",
    "collections",
    "itertools",
    "functools",
    "typing",
    "pathlib",
    "re",
    "uuid",
    "decimal",
]


def _function(rng: random.Random, name: str, indent: str) -> list[str]:
    lines = [f"{indent}def {name}(self, items, limit=10, *, verbose=False):"]
    body = indent + "    "
    lines.append(f'{body}"""Process items for {name}."""')
    lines.append(f"{body}result = []")
    lines.append(f"{body}for index, item in enumerate(items):")
    lines.append(f"{body}    if index >= limit:")
    lines.append(f"{body}        break")
    lines.append(f"{body}    if item is None or not getattr(item, 'active', True):")
    lines.append(f"{body}        continue")
    lines.append(f"{body}    value = {{key: val for key, val in vars(item).items() if key}}")
    lines.append(f"{body}    result.append((index, value))")
    if rng.random() < 0.3:
        lines.append(f"{body}match len(result):")
        lines.append(f"{body}    case 0:")
        lines.append(f"{body}        return []")
        lines.append(f"{body}    case _:")
        lines.append(f"{body}        pass")
    lines.append(f"{body}try:")
    lines.append(f"{body}    total = sum(len(v) for _, v in result)")
    lines.append(f"{body}except (TypeError, ValueError) as exc:")
    lines.append(f'{body}    logger.warning(f"{name} failed: {{exc!r}}")')
    lines.append(f"{body}    total = 0")
    lines.append(f"{body}if verbose:")
    lines.append(f'{body}    logger.info(f"{name}: {{total=}} over {{len(result)}} items")')
    lines.append(f"{body}return [r for r in result if r[0] % 2 == 0 or total > limit]")
    lines.append("")
    return lines


def _module(rng: random.Random, app: int, index: int, kind: str) -> str:
    lines = ['"""Synthetic module."""', "", "from __future__ import annotations", "", "import abc"]
    for name in rng.sample(STDLIB, 4):
        lines.append(f"import {name}")
    lines.append("from dataclasses import dataclass, field")
    lines.append("from typing import TYPE_CHECKING")
    lines.append(f"from {rng.choice(THIRD_PARTY)} import *  # noqa")
    lines.append("")
    other = rng.randrange(APPS)
    lines.append(f"from app_{other:02d}.services import services_{rng.randrange(30):03d}")
    lines.append(f"from .{kind}_{(index + 1) % 30:03d} import Model{(index + 1) % 30}")
    lines.append("if TYPE_CHECKING:")
    lines.append(
        f"    from app_{rng.randrange(APPS):02d}.models import models_{rng.randrange(30):03d}"
    )
    lines.append("")
    lines.append("logger = logging.getLogger(__name__)")
    lines.append("")
    for number in range(3):
        abstract = number == 0 and rng.random() < 0.3
        base = "abc.ABC" if abstract else "object"
        lines.append("@dataclass")
        lines.append(f"class Model{index}{'Base' if abstract else ''}{number}({base}):")
        lines.append(f'    """A {kind} of app {app}."""')
        lines.append("    name: str = ''")
        lines.append("    tags: list[str] = field(default_factory=list)")
        lines.append("    count: int = 0")
        lines.append("")
        for method in range(3):
            lines.extend(_function(rng, f"step_{method}", "    "))
    lines.append(f"Model{index} = Model{index}0")
    lines.append("")
    lines.append("def lazy_helper():")
    view = rng.randrange(30)
    lines.append(f"    from app_{rng.randrange(APPS):02d}.views import views_{view:03d}")
    lines.append(f"    return views_{view:03d}")
    return "\n".join(lines) + "\n"


def generate(root: Path, seed: int = 6) -> int:
    """Write the project under ``root``; returns the number of Python modules."""
    rng = random.Random(seed)
    count = 0

    def write(path: str, text: str) -> None:
        nonlocal count
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        if path.endswith(".py"):
            count += 1

    apps = [f"app_{n:02d}" for n in range(APPS)]
    write(
        "manage.py",
        "import os\nimport sys\n\nfrom django.core.management import "
        "execute_from_command_line\n\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        "'project.settings')\nexecute_from_command_line(sys.argv)\n",
    )
    write("project/__init__.py", "")
    write(
        "project/settings.py",
        "INSTALLED_APPS = [\n    'django.contrib.admin',\n"
        "    'rest_framework',\n" + "".join(f"    '{a}',\n" for a in apps) + "]\n"
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql'}}\n"
        "CELERY_BROKER_URL = 'redis://localhost:6379/0'\n",
    )
    write(
        "requirements.txt",
        "django>=4.2,<5\ndjangorestframework==3.15.1\ncelery==5.4.0\n"
        "redis==5.0.4\npsycopg2-binary==2.9.9\nnumpy==1.26.4\nrequests==2.32.3\n"
        "pydantic==2.7.1\n",
    )
    write("Dockerfile", "FROM python:3.11-slim\nCOPY . /app\n")
    write(
        "docker-compose.yml",
        "services:\n  web:\n    build: .\n  db:\n    image: postgres:16\n"
        "  redis:\n    image: redis:7\n  worker:\n    build: .\n"
        "    command: celery -A project worker\n",
    )
    for app in apps:
        write(f"{app}/__init__.py", "")
        write(
            f"{app}/apps.py",
            "from django.apps import AppConfig\n\n\nclass Config(AppConfig):\n"
            f"    name = '{app}'\n",
        )
        per_kind = MODULES_PER_APP // 6
        for kind in ("models", "services", "views", "serializers", "tasks", "migrations"):
            write(f"{app}/{kind}/__init__.py", "")
            for index in range(per_kind - 1):
                write(
                    f"{app}/{kind}/{kind}_{index:03d}.py",
                    _module(rng, apps.index(app), index, kind),
                )
    return count
