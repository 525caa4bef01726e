"""Dependencies from every manifest and lock file, and their free-threading status."""

from __future__ import annotations

from readiness_repos import assess_in_process, project_files

from analysis.runtime.declarations import all_declarations
from analysis.runtime.free_threading import snapshot
from analysis.runtime.lockfiles import locked_packages
from analysis.runtime.manifests import load_manifests


def _declared(git_repo, files: dict[str, str]):
    for path, text in files.items():
        git_repo.write(path, text)
    git_repo.commit()
    project = project_files(git_repo)
    manifests = load_manifests(project)
    declarations, problems = all_declarations(project, manifests)
    return {
        (d.name, d.specifier, d.group, d.location, d.constraint) for d in declarations
    }, problems


def test_requirements_follow_includes_and_constraints(git_repo):
    found, problems = _declared(
        git_repo,
        {
            "requirements.txt": "# main\nDjango>=4.2,<5  # web\n-r requirements/dev.txt\n"
            "-c constraints.txt\nrequests[socks]==2.32.3 \\\n    --hash=sha256:abc\n"
            "-e git+https://example.com/x.git#egg=Private_Lib\n--index-url https://x\n"
            "numpy; python_version >= '3.10'\n./local/pkg\n-r ../outside.txt\n",
            "requirements/dev.txt": "pytest>=8\n-r ../requirements.txt\n",
            "constraints.txt": "django==4.2.11\n",
        },
    )
    assert found == {
        ("django", "<5,>=4.2", "main", "requirements.txt:2", False),
        ("requests", "==2.32.3", "main", "requirements.txt:5", False),
        ("private-lib", "", "main", "requirements.txt:7", False),
        ("numpy", "", "main", "requirements.txt:9", False),
        ("pytest", ">=8", "dev", "requirements/dev.txt:1", False),
        ("django", "==4.2.11", "constraints", "constraints.txt:1", True),
    }
    assert problems == [("requirements.txt", "line 11: ../outside.txt is outside the repository")]


def test_manifests(git_repo):
    found, problems = _declared(
        git_repo,
        {
            "pyproject.toml": '[project]\nname = "x"\ndependencies = ["fastapi>=0.110", "redis"]\n'
            '\n[project.optional-dependencies]\nml = ["torch==2.3.0"]\n\n[dependency-groups]\n'
            'test = ["pytest", {include-group = "lint"}]\nlint = ["ruff"]\n\n'
            '[tool.poetry.dependencies]\npython = "^3.11"\ncelery = {version = "^5.3", '
            'extras = ["redis"]}\n\n[tool.poetry.group.docs.dependencies]\nmkdocs = "*"\n',
            "Pipfile": '[packages]\nflask = "*"\nsqlalchemy = {version = ">=2"}\n\n'
            '[dev-packages]\nblack = "==24.1.0"\n',
            "setup.cfg": "[options]\ninstall_requires =\n    pika>=1.3\n    kombu\n\n"
            "[options.extras_require]\nkafka = confluent-kafka\n",
            "setup.py": "from setuptools import setup\nBASE = ['anthropic']\n"
            "setup(install_requires=BASE + ['openai>=1'],\n"
            "      extras_require={'ai': ['transformers']})\n",
        },
    )
    names = {(name, spec, group) for name, spec, group, _loc, _c in found}
    assert names == {
        ("fastapi", ">=0.110", "main"),
        ("redis", "", "main"),
        ("torch", "==2.3.0", "extra ml"),
        ("pytest", "", "group test"),
        ("ruff", "", "group lint"),
        ("celery", "^5.3", "main"),
        ("mkdocs", "", "docs"),
        ("flask", "", "main"),
        ("sqlalchemy", ">=2", "main"),
        ("black", "==24.1.0", "dev"),
        ("pika", ">=1.3", "main"),
        ("kombu", "", "main"),
        ("confluent-kafka", "", "extra kafka"),
        ("anthropic", "", "main"),
        ("openai", ">=1", "main"),
        ("transformers", "", "extra ai"),
    }
    locations = {name: loc for name, _s, _g, loc, _c in found}
    assert locations["torch"] == "pyproject.toml:6"
    assert locations["celery"] == "pyproject.toml:14"
    assert locations["black"] == "Pipfile:6"
    assert locations["kombu"] == "setup.cfg:4"
    assert problems == []


POETRY_LOCK = """
[[package]]
name = "numpy"
version = "1.24.4"
files = [
    {file = "numpy-1.24.4-cp311-cp311-manylinux_2_17_x86_64.whl", hash = "sha256:a"},
    {file = "numpy-1.24.4.tar.gz", hash = "sha256:b"},
]

[[package]]
name = "six"
version = "1.16.0"
files = [{file = "six-1.16.0-py2.py3-none-any.whl", hash = "sha256:c"}]
"""

UV_LOCK = """
version = 1
requires-python = ">=3.11"

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }

[[package]]
name = "orjson"
version = "3.10.0"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files/orjson-3.10.0.tar.gz" }
wheels = [
    { url = "https://files/orjson-3.10.0-cp313-cp313t-manylinux_2_17_x86_64.whl" },
    { url = "https://files/orjson-3.10.0-cp312-cp312-manylinux_2_17_x86_64.whl" },
]

[[package]]
name = "cryptography"
version = "42.0.0"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://files/cryptography-42.0.0-cp39-abi3-manylinux_2_28_x86_64.whl" }]
"""

PIPFILE_LOCK = '{"_meta": {}, "default": {"gevent": {"version": "==24.2.1"}}, "develop": {}}'


def test_lock_files_and_free_threading(git_repo):
    git_repo.write("poetry.lock", POETRY_LOCK)
    git_repo.write("uv.lock", UV_LOCK)
    git_repo.write("Pipfile.lock", PIPFILE_LOCK)
    git_repo.write("requirements.txt", "numpy\nsix\norjson\ncryptography\nprotobuf\nleftpad\n")
    git_repo.write("requirements-test.txt", "grpcio\n")
    git_repo.write("app.py", "x = 1\n")
    git_repo.commit()
    project = project_files(git_repo)
    locked = {(p.name, p.version, p.location) for p in locked_packages(project, [])}
    assert locked == {
        ("numpy", "1.24.4", "poetry.lock:3"),
        ("six", "1.16.0", "poetry.lock:11"),
        ("orjson", "3.10.0", "uv.lock:11"),
        ("cryptography", "42.0.0", "uv.lock:21"),
        ("gevent", "24.2.1", "Pipfile.lock:1"),
    }
    runtime, _, _ = assess_in_process(git_repo)
    status = {d.name: d.free_threading for d in runtime.dependencies}
    assert status == {
        "numpy": "gil",  # locked 1.24.4: cp311 wheels only (the snapshot's newer numpy has one)
        "six": "fine",  # a py3-none-any wheel
        "orjson": "free_threaded_wheel",  # the lock lists a cp313t wheel (the snapshot says no)
        "cryptography": "gil",  # abi3 wheels only: not for free-threaded builds
        "protobuf": "fine",  # snapshot: pure-py
        "leftpad": "unknown",
        "gevent": "gil",  # snapshot (Pipfile.lock lists no wheels)
        "grpcio": "gil",  # snapshot, but a test-only dependency
    }
    assert snapshot().packages["orjson"] == "warning"
    blockers = [d.name for d in runtime.free_threading_blockers]
    assert blockers == ["cryptography", "gevent", "numpy"]  # grpcio is development-only
    gevent = next(d for d in runtime.dependencies if d.name == "gevent")
    assert gevent.direct is False and gevent.locked_version == "24.2.1"
    # by hand: numpy 1.24.4 is locked with a cp311 wheel only, orjson with cp312 and cp313t
    # wheels only, cryptography with a cp39-abi3 wheel (3.9+), six with a pure wheel
    no_wheel = {
        v: sorted(b.message.split(" ")[0] for b in e.blockers if b.kind == "no_wheel")
        for v, e in runtime.matrix.items()
        if not v.endswith("t")
    }
    assert no_wheel == {
        "3.10": ["numpy", "orjson"],
        "3.11": ["orjson"],
        "3.12": ["numpy"],
        "3.13": ["numpy", "orjson"],
        "3.14": ["numpy", "orjson"],
    }
    assert any("grpcio (development only)" in n for n in runtime.matrix["3.13t"].notes)
    assert runtime.free_threading_snapshot["date"] == "2026-06-14"


def test_markers_limit_where_a_dependency_applies(git_repo):
    git_repo.write("requirements.txt", "psycopg2-binary; python_version < '3.8'\n")
    git_repo.write("app.py", "x = 1\n")
    git_repo.commit()
    runtime, _, _ = assess_in_process(git_repo)
    assert runtime.free_threading_blockers == []
    assert runtime.matrix["3.13t"].status == "ready"


def test_malformed_configuration_is_reported_never_a_crash(git_repo):
    bomb = "a: &a [1, 2]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(20)
    )
    files = {
        "pyproject.toml": '[project]\ndependencies = "django"\nrequires-python = 3\n'
        "[tool.poetry]\ndependencies = [1, 2]\n",
        "Pipfile": "[packages]\nrequests = [1]\n[requires]\npython_version = 3\n",
        "setup.cfg": "[options\ninstall_requires = x\n",
        "setup.py": "def broken(:\n",
        "requirements.txt": "django>=>4\n-r missing.txt\n",
        ".github/workflows/ci.yml": "jobs: [unclosed\n",
        ".gitlab-ci.yml": bomb,  # an alias "bomb": 2**20 items if expanded
        "environment.yml": "dependencies: python=3.10\n",
        "tox.ini": "[tox\nenvlist = py39\n",
        "uv.lock": "package = 3\n",
        "poetry.lock": '[[package]]\nname = "x"\nfiles = "nope"\n',
        "Pipfile.lock": "{not json",
        "Dockerfile": "FROM\n",
        "docker-compose.yml": "services: [1, 2]\n",
        "app.py": "x = 1\n",
    }
    for path, text in files.items():
        git_repo.write(path, text)
    git_repo.write("k8s/blob.yaml", b"apiVersion: v1\x00\x01binary")
    git_repo.commit()
    runtime, architecture, problems = assess_in_process(git_repo)
    reported = {path for _code, _message, path in problems}
    assert {
        "setup.cfg",
        "setup.py",
        "requirements.txt",
        ".github/workflows/ci.yml",
        "tox.ini",
        "Pipfile.lock",
        "k8s/blob.yaml",
    } <= reported
    assert runtime.matrix and architecture.modularity.modules == 2  # app.py and setup.py
    assert architecture.modularity.unparsed_modules == 1
