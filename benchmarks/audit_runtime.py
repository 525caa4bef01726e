"""An independent reading of a repository's runtime and delivery model, for the real-repo audit.

    .venv/bin/python benchmarks/audit_runtime.py /work/repos/saleor /work/repos/flask ...

Written apart from the product (nothing from ``analysis`` is imported): it reads the tracked
files as plain text with line-oriented regular expressions, where the product parses YAML,
TOML and Dockerfiles into structures, so the two can disagree and the table shows it. It
prints, per repository:

- the delivery model (template / service / packaged application / library) with the lines
  that decide it, by the rules of issue 12 item 7;
- the Python it is deployed on (the last ``FROM`` of each shipped Dockerfile, runtime.txt,
  .python-version) with those lines; the versions its CI test jobs run; the requires-python
  range; and the runtime the kind reads (a library: the newest supported version);
- the newest grammar its code needs, from a text scan for PEP 695 ``type``/``class C[T]``/
  ``def f[T]``, PEP 758 ``except A, B:``, ``except*`` and f-strings that reuse their quote
  inside a replacement field (PEP 701).

``audit(path) -> dict`` is importable, so ``benchmarks/real_repos.py`` can put it beside the
product's figures. It never runs the repository's code.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet

RELEASED = [(3, m) for m in range(0, 15)]  # up to 3.14, the newest CPython released
FROM = re.compile(r"^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?", re.IGNORECASE)
ARG = re.compile(r"^\s*ARG\s+(\w+)=(\S+)", re.IGNORECASE)
PY_TAG = re.compile(r"(?:^|/)python:(\d+\.\d+)|python(\d+\.\d+)")
TEST_COMMAND = re.compile(
    r"\b(pytest|py\.test|tox( run| -e|$)|nox|manage\.py test|make (ci|test)|coverage run"
    r"|tests?[-_]\w*\.sh)"
)
VERSION_IN_LINE = re.compile(r"(?<![\w.-])['\"]?(3\.\d{1,2})t?['\"]?(?![\w.-])")
DEPLOY = re.compile(
    r"(name:.*\bdeploy|kubectl (apply|set image|rollout)|helm (upgrade|install)|fly deploy"
    r"|gcloud \w+ deploy|fastapi deploy|bobheadxi/deployments|amazon-ecs-deploy"
    r"|deploy-cloudrun|webapps-deploy|heroku-deploy)",
    re.IGNORECASE,
)
PAGES = re.compile(r"deploy-pages|gh-pages|mkdocs gh-deploy|deploy docs", re.IGNORECASE)
IMAGE_PUSH = re.compile(r"docker/build-push-action|docker push|build-push-image|push-to-registry")
PYPI = re.compile(r"pypa/gh-action-pypi-publish|twine upload|uv publish|poetry publish")
RELEASE_TAG = re.compile(r"^v?\d+(\.\d+){1,3}$")
GRAMMAR = (
    (
        re.compile(r"^\s*except\s+(?!\()[\w.]+\s*,\s*[A-Z][\w.]*(\s*,\s*[\w.]+)*\s*:"),
        (3, 14),
        "except A, B: (PEP 758)",
    ),
    (re.compile(r"^\s*type\s+\w+(\[.*\])?\s*="), (3, 12), "type statement (PEP 695)"),
    (
        re.compile(r"^\s*(class|def|async\s+def)\s+\w+\[[^\]]*\]\s*[(:]"),
        (3, 12),
        "type parameters (PEP 695)",
    ),
    (re.compile(r"^\s*except\s*\*"), (3, 11), "except* (PEP 654)"),
    # a quoted string inside a replacement field ({ not doubled) of an f-string quoted alike
    (
        re.compile(r"^.*(?<![\w'\"])[rR]?f'[^'\n]*(?<!\{)\{(?!\{)[^}'\n]*'[^'\n]*'[^'\n]*\}"),
        (3, 12),
        "f-string reusing its quote (PEP 701)",
    ),
    (
        re.compile(r'^.*(?<![\w\'"])[rR]?f"[^"\n]*(?<!\{)\{(?!\{)[^}"\n]*"[^"\n]*"[^"\n]*\}'),
        (3, 12),
        "f-string reusing its quote (PEP 701)",
    ),
)
PLATFORM = (
    "Procfile",
    "fly.toml",
    "render.yaml",
    "app.yaml",
    "Dockerrun.aws.json",
    "Chart.yaml",
    "kustomization.yaml",
    "serverless.yml",
)


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    return done.stdout.decode("utf-8", "replace")


def read(root: Path, path: str) -> str:
    try:
        return (root / path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def minor(text: str) -> tuple[int, int] | None:
    match = re.match(r"(\d+)\.(\d+)", text)
    return (int(match.group(1)), int(match.group(2))) if match else None


def show(minors) -> str:
    return ", ".join(f"{a}.{b}" for a, b in sorted(minors)) or "none"


def dockerfile_final(root: Path, path: str) -> tuple[tuple[int, int] | None, str] | None:
    """The Python of a Dockerfile's last FROM (stage names followed), with the line."""
    args, stages, last = {}, {}, None
    for number, line in enumerate(read(root, path).split("\n"), 1):
        arg = ARG.match(line)
        if arg and last is None:
            args[arg.group(1)] = arg.group(2).strip("\"'")
        found = FROM.match(line)
        if not found:
            continue
        image = re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m.group(1), m.group(0)), found[1])
        tag = PY_TAG.search(image)
        version = minor(tag.group(1) or tag.group(2)) if tag else None
        if image.lower() in stages:
            version = stages[image.lower()]
        if found.group(2):
            stages[found.group(2).lower()] = version
        last = (version, f"{path}:{number}: {line.strip()}")
    return last


def audit(path: str | Path) -> dict:
    root = Path(path)
    files = [f for f in git(root, "ls-files").split("\n") if f]
    names = {f.rsplit("/", 1)[-1] for f in files}
    workflows = [
        f for f in files if f.startswith(".github/workflows/") and f.endswith(("yml", "yaml"))
    ]
    if ".gitlab-ci.yml" in files:
        workflows.append(".gitlab-ci.yml")
    texts = {w: read(root, w) for w in workflows}

    # --- versions -------------------------------------------------------------------------
    deployed, deployed_lines = [], []
    dockerfiles = [
        f
        for f in files
        if re.search(r"(^|/)(Dockerfile|Containerfile)$", f) and not f.startswith(".devcontainer/")
    ]
    for dockerfile in sorted(dockerfiles, key=lambda f: ("/" in f, f)):
        final = dockerfile_final(root, dockerfile)
        if final and final[0]:
            deployed.append(final[0])
            deployed_lines.append(final[1] + " (last FROM)")
    for pin in ("runtime.txt",):
        for number, line in enumerate(read(root, pin).split("\n"), 1) if pin in files else []:
            if line.startswith("python-"):
                deployed.append(minor(line[7:]))
                deployed_lines.append(f"{pin}:{number}: {line}")
    pinned = []
    if ".python-version" in files:
        first = read(root, ".python-version").split("\n")[0].strip()
        if minor(first):
            pinned.append((minor(first), f".python-version:1: {first}"))
    tested, tested_lines = set(), []
    for name, text in texts.items():
        if not TEST_COMMAND.search(text):
            continue
        for number, line in enumerate(text.split("\n"), 1):
            if "python" not in line.lower():
                continue
            for version in VERSION_IN_LINE.findall(line):
                if minor(version) and minor(version) not in tested:
                    tested.add(minor(version))
                    tested_lines.append(f"{name}:{number}: {line.strip()}")
            if "python-version-file: .python-version" in line and pinned:
                tested.add(pinned[0][0])
                tested_lines.append(f"{name}:{number}: {line.strip()} -> {pinned[0][1]}")
    requires, requires_line = None, ""
    pyprojects = sorted(
        (f for f in files if f.endswith("pyproject.toml")), key=lambda f: f.count("/")
    )
    for pyproject in pyprojects:
        for number, line in enumerate(read(root, pyproject).split("\n"), 1):
            match = re.match(r"\s*requires-python\s*=\s*[\"']([^\"']+)", line)
            if match and requires is None:
                requires, requires_line = match.group(1), f"{pyproject}:{number}: {line.strip()}"
    admitted = set(RELEASED)
    if requires:
        try:
            spec = SpecifierSet(requires)
            admitted = {m for m in RELEASED if any(f"{m[0]}.{m[1]}.{p}" in spec for p in range(20))}
        except InvalidSpecifier:
            pass
    supported = (tested & admitted) if tested else (admitted if requires else set())

    # --- delivery model --------------------------------------------------------------------
    tags = [t for t in git(root, "tag", "-l").split("\n") if RELEASE_TAG.match(t)]
    template = [
        f"{f}: generator file"
        for f in files
        if f in ("copier.yml", "copier.yaml", "cookiecutter.json")
        or re.match(r"hooks/(pre|post)_gen_project\.py$", f)
    ]
    for readme in ("README.md", "README.rst"):
        for number, line in enumerate(read(root, readme).split("\n"), 1):
            if "use this template" in line.lower():
                template.append(f"{readme}:{number}: {line.strip()[:80]}")
    deploys, images, pypi = [], [], []
    for name, text in texts.items():
        skipped = "github.repository !=" in text
        for number, line in enumerate(text.split("\n"), 1):
            where = f"{name}:{number}: {line.strip()[:70]}"
            if "github.repository !=" in line:
                template.append(where)
            if DEPLOY.search(line) and not PAGES.search(line) and not skipped:
                deploys.append(where)
            if IMAGE_PUSH.search(line):
                images.append(where)
            if PYPI.search(line):
                pypi.append(where)
    platform = [f"{f}: platform file" for f in files if f.rsplit("/", 1)[-1] in PLATFORM]
    containers = [f"{f}: Dockerfile" for f in dockerfiles if not re.search(r"\.(dev|test)", f)]
    containers += [
        f"{f}: compose"
        for f in files
        if re.search(r"(^|/)(docker-)?compose[\w.-]*\.ya?ml$", f)
        and not f.startswith(".devcontainer/")
    ]
    kit = [
        f"{f}: systemd unit"
        for f in files
        if f.endswith(".service") and "[Service]" in read(root, f)
    ]
    kit += [
        f"{f}: install script"
        for f in files
        if f.rsplit("/", 1)[-1] in ("install.sh", "upgrade.sh") and f.count("/") <= 1
    ]
    kit += [
        f"{f}: Django manage.py"
        for f in files
        if f.rsplit("/", 1)[-1] == "manage.py"
        and f.count("/") <= 1
        and "DJANGO_SETTINGS_MODULE" in read(root, f)
    ]
    backend = [
        f"pyproject.toml: {line.strip()}"
        for line in read(root, "pyproject.toml").split("\n")
        if line.strip().startswith("build-backend")
    ] or (["setup.py"] if "setup.py" in names else [])
    tag_line = [f"{len(tags)} release tags"] if tags else []
    if template:
        kind, evidence = "template/example", template
    elif deploys or platform:
        kind, evidence = "service", (deploys[:3] + platform + containers[:2] + tag_line)
    elif containers and not (tags and images):
        kind, evidence = "service", containers[:3]
    elif tags and (images or kit):
        kind, evidence = "packaged application", tag_line + images[:2] + kit[:4] + pypi[:1]
    elif backend and (pypi or tags):
        kind, evidence = "library", backend + pypi[:2] + tag_line
    else:
        kind, evidence = "service", ["nothing to go on: default"]

    # --- runtime for the kind --------------------------------------------------------------
    if kind == "library":
        version = max(supported) if supported else None
        basis, lines = "newest supported", [requires_line, *tested_lines[:6]]
    elif deployed:
        version, basis, lines = deployed[0], "deployed", deployed_lines
    elif kind == "packaged application" and supported:
        version, basis, lines = min(supported), "lowest supported", [requires_line]
    elif pinned:
        version, basis, lines = pinned[0][0], "pinned", [pinned[0][1]]
    elif len(tested) == 1:
        version, basis, lines = next(iter(tested)), "tested", tested_lines
    else:
        version = min(supported) if supported else None
        basis, lines = "lowest supported", [requires_line]

    # --- grammar ---------------------------------------------------------------------------
    grammar, grammar_lines = None, []
    for name in files:
        if not name.endswith(".py"):
            continue
        for number, line in enumerate(read(root, name).split("\n"), 1):
            for pattern, needs, what in GRAMMAR:
                if pattern.match(line):
                    if grammar is None or needs > grammar:
                        grammar, grammar_lines = needs, []
                    if needs == grammar and len(grammar_lines) < 5:
                        grammar_lines.append(f"{name}:{number}: {what}")
    return {
        "repository": root.name,
        "delivery_model": {"kind": kind, "evidence": evidence},
        "runtime": {
            "version": show([version]) if version else None,
            "basis": basis,
            "lines": [x for x in lines if x],
        },
        "deployed": {"versions": [show([v]) for v in deployed], "lines": deployed_lines},
        "tested": {"versions": show(tested), "lines": tested_lines},
        "requires_python": {"range": requires, "line": requires_line},
        "supported": show(supported),
        "grammar": {"version": show([grammar]) if grammar else None, "lines": grammar_lines},
    }


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    if argv[0] == "--json":
        print(json.dumps([audit(p) for p in argv[1:]], indent=2))
        return 0
    for path in argv:
        found = audit(path)
        model, runtime = found["delivery_model"], found["runtime"]
        print(f"== {found['repository']}: {model['kind']}")
        for line in model["evidence"]:
            print(f"     {line}")
        print(f"   runs on {runtime['version']} ({runtime['basis']})")
        for line in runtime["lines"]:
            print(f"     {line}")
        print(
            f"   tested in CI: {found['tested']['versions']}; requires-python "
            f"{found['requires_python']['range']}; supported {found['supported']}"
        )
        print(f"   grammar needs {found['grammar']['version']}")
        for line in found["grammar"]["lines"]:
            print(f"     {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
