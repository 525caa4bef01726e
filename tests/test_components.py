"""Components an architect would recognise (issue 12, item 8): layers and their slices, the
kernel, what is never a component, and the strangler plan that follows from them.

Each repository is built here with fixed dates, and every expected figure is derived by hand in
the comments beside it.
"""

from __future__ import annotations

import pytest
from gitrepo import GitRepo

from analysis.assessment import Options, run
from analysis.decisions.component_facts import component_facts
from widgets.strangler_plan_view import StranglerPlanView

APPS = [
    "shop.orders",
    "shop.payments",
    "shop.catalog",
    "shop.accounts",
    "shop.core",
    "shop.graphql",
]
LAYERED = {
    "manage.py": "import os\n\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n",
    "conftest.py": "import pytest\n",
    "shop/__init__.py": "",
    "shop/settings.py": f"INSTALLED_APPS = {APPS!r}\n",
    "shop/urls.py": "from shop.graphql import schema\n\nurlpatterns = [schema]\n",
    # the shared layer, used by all four domains
    "shop/core/__init__.py": "",
    "shop/core/models.py": "class TimeStamped:\n    created = None\n",
    "shop/core/money.py": "class Money:\n    amount = 0\n",
    # accounts: imported by orders, payments and catalog (3 of the 3 other domains): the kernel
    "shop/accounts/__init__.py": "",
    "shop/accounts/models.py": "from shop.core.models import TimeStamped\n\n\n"
    "class User(TimeStamped):\n    name = ''\n",
    "shop/accounts/tests/__init__.py": "",
    # a test importing catalog: not a dependency of the system (it would make catalog the
    # third importer... of nothing; tests take no part in components)
    "shop/accounts/tests/test_users.py": "from shop.catalog.models import Product\n\n\n"
    "def test_user():\n    assert Product\n",
    "shop/catalog/__init__.py": "",
    "shop/catalog/models.py": "from shop.accounts.models import User\n"
    "from shop.core.models import TimeStamped\n\n\n"
    "class Product(TimeStamped):\n    owner = User\n",
    "shop/orders/__init__.py": "",
    "shop/orders/models.py": "from shop.accounts.models import User\n"
    "from shop.catalog.models import Product\nfrom shop.core.models import TimeStamped\n\n\n"
    "class Order(TimeStamped):\n    buyer = User\n    item = Product\n",
    "shop/orders/services.py": "from shop.orders.models import Order\n"
    "from shop.payments.gateway import charge\n\n\ndef place(order: Order):\n"
    "    return charge(order)\n",
    "shop/orders/migrations/__init__.py": "",
    "shop/orders/migrations/0001_initial.py": "from shop.payments.models import Payment\n\n"
    "operations = [Payment]\n",
    "shop/orders/tests/__init__.py": "",
    "shop/orders/tests/test_services.py": "from shop.catalog.models import Product\n"
    "from shop.orders.services import place\n\n\ndef test_place():\n    assert place\n"
    "    assert Product\n",
    "shop/payments/__init__.py": "",
    "shop/payments/models.py": "from shop.core.models import TimeStamped\n\n\n"
    "class Payment(TimeStamped):\n    total = 0\n",
    "shop/payments/gateway.py": "from shop.accounts.models import User\n"
    "from shop.core.money import Money\n\n\ndef charge(order):\n    return Money(), User\n",
    "shop/payments/tests/__init__.py": "",
    "shop/payments/tests/test_gateway.py": "from shop.catalog.models import Product\n"
    "from shop.payments.gateway import charge\n\n\ndef test_charge():\n    assert charge\n"
    "    assert Product\n",
    # the GraphQL layer: its own framework (core), a schema, one slice per domain it serves
    "shop/graphql/__init__.py": "",
    "shop/graphql/schema.py": "from shop.graphql.orders.types import OrderType\n"
    "from shop.graphql.payments.types import PaymentType\n\nTYPES = [OrderType, PaymentType]\n",
    "shop/graphql/core/__init__.py": "",
    "shop/graphql/core/types.py": "class BaseType:\n    pass\n",
    "shop/graphql/orders/__init__.py": "",
    "shop/graphql/orders/types.py": "from shop.graphql.core.types import BaseType\n"
    "from shop.orders.models import Order\n\n\nclass OrderType(BaseType):\n    model = Order\n",
    "shop/graphql/payments/__init__.py": "",
    "shop/graphql/payments/types.py": "from shop.graphql.core.types import BaseType\n"
    "from shop.payments.models import Payment\n\n\nclass PaymentType(BaseType):\n"
    "    model = Payment\n",
    "shop/graphql/orders/tests/__init__.py": "",
    "shop/graphql/orders/tests/test_types.py": "from shop.graphql.orders.types import OrderType\n"
    "\n\ndef test_type():\n    assert OrderType\n",
}
#: later commits, one file each (day 2 on): production changes decide the pressure, tests never
LATER = (
    ["shop/payments/gateway.py"] * 4
    + ["shop/graphql/payments/types.py"] * 2  # payments' slice: counted in payments
    + ["shop/catalog/models.py"] * 3
    + ["shop/graphql/orders/types.py"] * 1
    + ["shop/orders/tests/test_services.py"] * 8  # tests: no pressure on orders
    + ["shop/accounts/models.py"] * 6  # the kernel: busy, but never carved out
)


@pytest.fixture(scope="module")
def layered(tmp_path_factory):
    repo = GitRepo.init(tmp_path_factory.mktemp("layered") / "repo")
    for path, text in LAYERED.items():
        repo.write(path, text)
    repo.commit("initial", date="2024-01-01T12:00:00+00:00")
    for day, path in enumerate(LATER, start=2):
        repo.write(path, LAYERED[path] + f"\nSTEP = {day}\n")
        repo.commit(f"change {day}", date=f"2024-02-{day:02d}T12:00:00+00:00")
    return run(repo.root, Options(workers=1))


def _by_name(assessment):
    return {c.name: c for c in assessment.architecture.components}


def test_layers_roles_and_slices(layered):
    components = _by_name(layered)
    roles = {n: (c.role, c.layer) for n, c in components.items()}
    assert roles == {
        "shop": ("root", ""),  # holds the apps (and the settings)
        "shop.core": ("layer", "shared"),  # named core, four other domains
        # graphql: 2 of its 3 production sub-packages (orders, payments; not core, whose
        # namesake is a layer) mirror domains: an interface layer
        "shop.graphql": ("layer", "interface"),
        "shop.orders": ("domain", ""),
        "shop.payments": ("domain", ""),
        "shop.catalog": ("domain", ""),
        "shop.accounts": ("domain", ""),
    }
    slices = {(s.package, s.layer, s.domain, s.modules) for s in layered.architecture.layer_slices}
    # each slice: its __init__ and types.py (its tests are not production)
    assert slices == {
        ("shop.graphql.orders", "shop.graphql", "shop.orders", 2),
        ("shop.graphql.payments", "shop.graphql", "shop.payments", 2),
    }
    assert components["shop.orders"].slices == ["shop.graphql.orders"]
    # orders: __init__, models, services + its slice (2) = 5 modules; tests and migrations out
    assert components["shop.orders"].modules == 5
    # the layer keeps its own framework: __init__, schema, core, core.types
    assert components["shop.graphql"].modules == 4


def test_kernel_is_what_most_domains_import(layered):
    components = _by_name(layered)
    got = {n: (c.importers, c.importer_share, c.kernel) for n, c in components.items()}
    # domains: orders, payments, catalog, accounts (4). Run-time imports between them:
    #   orders -> accounts, catalog, payments; payments -> accounts; catalog -> accounts;
    #   the graphql slices (orders, payments) -> shop.graphql (graphql.core); every domain ->
    #   shop.core. Tests (payments and accounts import catalog) and the migration (orders
    #   imports payments.models) do not count; nor do layers and the root as importers
    #   (shop.graphql's schema imports the slices, shop.urls imports the schema).
    assert got == {
        "shop.accounts": (3, 1.0, True),  # 3 of the 3 other domains
        "shop.core": (4, 1.0, True),  # 4 of the 4 domains
        "shop.graphql": (2, 0.5, False),  # half, but two importers are a pair, not a kernel
        "shop.catalog": (1, 0.3333, False),  # orders only (the tests' imports are not counted)
        "shop.payments": (1, 0.3333, False),  # orders.services
        "shop.orders": (0, 0.0, False),
        "shop": (0, 0.0, False),
    }


def test_carve_outs_are_domains_outside_the_kernel(layered):
    facts = {c.name: c for c in component_facts(layered)}
    # production file changes in the window: the initial commit touches every file once.
    # payments: __init__, models, gateway, graphql/payments/__init__, types = 5, + 4 + 2 = 11;
    # catalog: __init__, models = 2, + 3 = 5; orders: __init__, models, services,
    # graphql/orders/__init__, types = 5, + 1 = 6 (its 8 test changes do not count);
    # accounts: 2 + 6 = 8
    assert {n: facts[n].changes for n in LAYERED_DOMAINS} == {
        "shop.payments": 11,
        "shop.orders": 6,
        "shop.catalog": 5,
        "shop.accounts": 8,
    }
    # the busiest component in a cycle (payments <-> graphql: the schema imports its slice,
    # the slice imports graphql.core) over all production changes: the 24 production files
    # once, then 4 + 2 + 3 + 1 + 6 production changes = 40; 11 / 40
    hot = layered.decisions.inputs["hot_component_pressure"]
    assert (hot.value, hot.detail) == (0.275, "Component shop.payments")
    plan = layered.decisions.strangler_plan
    # pressure over the busiest code component (payments, 11): payments 1.0, orders 6/11,
    # catalog 5/11; accounts (the kernel), core and graphql (layers) are never candidates
    assert [(c.component, c.kind) for c in plan] == [
        ("shop.payments", "django_app"),
        ("shop.orders", "django_app"),
        ("shop.catalog", "django_app"),
    ]
    assert plan[0].slices == ["shop.graphql.payments"]
    assert plan[0].importers == 1 and plan[0].importer_share == pytest.approx(1 / 3, abs=1e-4)
    assert any("shop.graphql.payments" in step.text for step in plan[0].steps)
    core = [(c.component, c.kind) for c in layered.decisions.keep_in_core]
    # the kernel, most imported first (core 100% of the 4 domains, accounts 100% of the 3
    # others: by name), then the layer outside it
    assert core[:3] == [
        ("shop.accounts", "kernel"),
        ("shop.core", "kernel"),
        ("shop.graphql", "layer"),
    ]


LAYERED_DOMAINS = ("shop.payments", "shop.orders", "shop.catalog", "shop.accounts")


def test_single_modules_and_test_folders_are_never_components(layered):
    names = {c.name for c in layered.architecture.components}
    assert not {"manage", "conftest", ""} & names
    reasons = {n.name: n.reason for n in layered.architecture.not_components}
    assert reasons["manage"] == "no production code: only tooling files"
    assert reasons["conftest"] == "no production code: only test files"


def test_fixtures_hidden_folders_and_single_modules(git_repo):
    files = {
        ".semgrep/rules/no-print.py": "print('x')\n",
        ".semgrep/rules/no-print.fixed.py": "import logging\n",
        "manage.py": "import os\n",
        "conftest.py": "import pytest\n",
        "generate_secret_key.py": "import secrets\n\nprint(secrets.token_hex())\n",
        "billing/__init__.py": "",
        "billing/invoices.py": "from catalog.items import Item\n\n\ndef bill():\n    return Item\n",
        "catalog/__init__.py": "",
        "catalog/items.py": "class Item:\n    pass\n",
        "tests/__init__.py": "",
        "tests/fixtures/__init__.py": "",
        "tests/fixtures/sample.py": "DATA = [1, 2, 3]\n",
        "docs/conf.py": "project = 'x'\n",
    }
    for path, text in files.items():
        git_repo.write(path, text)
    git_repo.commit()
    assessment = run(git_repo.root, Options(workers=1))
    architecture = assessment.architecture
    assert sorted(c.name for c in architecture.components) == ["billing", "catalog"]
    reasons = {n.name: n.reason for n in architecture.not_components}
    assert reasons[".semgrep"] == "not an importable package name (a hidden or dashed folder)"
    assert reasons["generate_secret_key"] == "a single module, not a package"
    assert reasons["manage"].startswith("no production code")
    assert reasons["conftest"] == "no production code: only test files"
    assert reasons["docs"] == "no production code: only docs files"
    assert reasons["tests"] == "no production code: only test files"
    assert all(c.name and "." not in c.name[:1] for c in architecture.components)


LIBRARY = {
    "pyproject.toml": "[project]\nname = 'mylib'\nversion = '1.0'\n",
    "src/mylib/__init__.py": "from mylib.core import run\n",
    "src/mylib/core.py": "from mylib import helpers\n\n\ndef run():\n    return helpers.VALUE\n",
    "src/mylib/helpers.py": "VALUE = 1\n",
    "examples/tutorial/blog/__init__.py": "from mylib import run\n",
    "examples/tutorial/blog/views.py": "from mylib import run\n\n\ndef index():\n"
    "    return run()\n",
    "examples/todo/todo_app/__init__.py": "import mylib\n",
    "tests/__init__.py": "",
    "tests/test_core.py": "from mylib import run\n\n\ndef test_run():\n    assert run()\n",
    "docs/conf.py": "project = 'mylib'\n",
}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    repo = GitRepo.init(tmp_path_factory.mktemp("library") / "repo")
    for day in range(1, 4):
        for path, text in LIBRARY.items():
            repo.write(path, text + f"# {day}\n")
        repo.commit(f"release {day}", date=f"2024-03-{day:02d}T12:00:00+00:00")
    return repo


def test_a_library_with_examples_is_one_component(library, qtbot):
    assessment = run(library.root, Options(workers=1))
    assert [(c.name, c.role) for c in assessment.architecture.components] == [("mylib", "domain")]
    reasons = {n.name: n.reason for n in assessment.architecture.not_components}
    assert reasons["blog"] == "no production code: only example files"
    assert reasons["todo_app"] == "no production code: only example files"
    d = assessment.decisions
    assert d.strangler_plan == [] and d.keep_in_core == []
    # src/mylib: __init__ 1 + core 3 + helpers 1 = 5 lines of code (the "# 3" comments aside)
    assert d.strangler_note.startswith("One component: mylib (5 lines of production code).")
    assert "blog, todo_app (no production code: only example files)" in d.strangler_note
    assert d.strangler_note in d.notes
    # the PDF and the plan's tab say it too
    assert "One component: mylib" in pdf_architecture(assessment)
    view = StranglerPlanView()
    qtbot.addWidget(view)
    view.show_plan(d)
    assert view.step.toPlainText().startswith("One component: mylib")


def pdf_architecture(assessment) -> str:
    from app.pdf.section_pages import architecture

    return architecture(assessment)


def test_the_cli_says_one_component(library, capsys):
    from app.cli import main as cli_main

    assert cli_main(["assess", str(library.root), "--no-save", "-q", "--workers", "1"]) == 0
    printed = capsys.readouterr().out
    assert "Carve-outs       One component: mylib" in printed
    assert "Carve out first" not in printed
