"""One developer per person, and knowledge figures over source files (issue 12, items 4-5).

Every expected figure is derived by hand in the comments from a history built here.
"""

from __future__ import annotations

import json

from gitrepo import git
from history_builder import ALICE, BOB, CAROL, HistoryBuilder, day, lines

from analysis.history.identities import merge_identities
from analysis.history.mining import mine_history
from analysis.history.options import HistoryOptions
from analysis.history.privacy import pseudonymize_report
from analysis.roles.model import FileRoles, RoleDecision
from analysis.scan import open_repository

NOW = day(2000)

IGA_WORK = "IKarbowiak <iga.karbowiak@work.example.org>"
IGA_NOREPLY = "Iga Karbowiak <40886528+IKarbowiak@users.noreply.github.com>"
IGA_OLD_NOREPLY = "ikarbowiak <ikarbowiak@users.noreply.github.com>"


def _roles(given) -> FileRoles | None:
    """File roles from a function or a mapping (paths it does not name are production)."""
    if given is None:
        return None
    role_of = given if callable(given) else (lambda path: given.get(path, "production"))
    return FileRoles(fallback=lambda path: RoleDecision(role_of(path), "test"))


def _mine(repo, roles=None, **options):
    return mine_history(
        open_repository(repo.root), HistoryOptions(**options), now=NOW, roles=_roles(roles)
    ).section


def _split(who: str) -> tuple[str, str]:
    name, _, email = who.partition(" <")
    return name, email.rstrip(">")


def _merge(*people: tuple[str, int]):
    return merge_identities({_split(who): count for who, count in people})


# ---------------------------------------------------------------------------- the rules
def test_two_names_with_one_email_are_one_developer():
    merged = _merge(
        ("IKarbowiak <iga@work.example.org>", 30), ("Iga Karbowiak <iga@work.example.org>", 10)
    )
    assert set(merged.developer.values()) == {"Iga Karbowiak"}  # the full name stands
    (group,) = merged.groups
    assert (group.developer, group.commits) == ("Iga Karbowiak", 40)
    assert [(a.name, a.rule, a.commits) for a in group.aliases] == [("IKarbowiak", "email", 30)]


def test_github_noreply_logins_join_the_login_name_and_each_other():
    merged = _merge((IGA_WORK, 100), (IGA_NOREPLY, 50), (IGA_OLD_NOREPLY, 2))
    assert len(set(merged.developer.values())) == 1
    (group,) = merged.groups
    assert group.developer == "Iga Karbowiak" and group.commits == 152
    rules = {(a.name, a.email): a.rule for a in group.aliases}
    # the name "IKarbowiak" is the login of both no-reply addresses (case-insensitive)
    assert rules == {_split(IGA_WORK): "github_login", _split(IGA_OLD_NOREPLY): "github_login"}


def test_login_matches_an_email_local_part_and_the_account_id():
    merged = _merge(
        ("Sam Doe <sdoe@personal.example.net>", 5),
        ("sam <1234+sdoe@users.noreply.github.com>", 3),
        ("Samuel <1234+sdoe-renamed@users.noreply.github.com>", 1),  # same account, renamed
    )
    assert len(set(merged.developer.values())) == 1
    assert {a.rule for a in merged.groups[0].aliases} == {"github_login"}


def test_merges_are_transitive():
    # A and B share an e-mail, B and C a full name, C is the login of D's no-reply address
    merged = _merge(
        ("jdoe <jd@one.example.org>", 1),
        ("Jane Doe <jd@one.example.org>", 1),
        ("Jane Doe <jane@two.example.org>", 1),
        ("someone <77+jdoe@users.noreply.github.com>", 1),
    )
    assert len(set(merged.developer.values())) == 1
    assert sorted(a.rule for a in merged.groups[0].aliases) == ["email", "github_login", "name"]


def test_generic_emails_and_names_never_merge_different_people():
    merged = _merge(
        ("Alice Archer <noreply@github.com>", 1),  # GitHub's web-flow address
        ("Bob Baker <noreply@github.com>", 1),
        ("Carol Cole <root@localhost>", 1),
        ("Dan Drake <root@localhost>", 1),
        ("Eve Early <you@example.com>", 1),  # the address git's own hint suggests
        ("Fay Frost <you@example.com>", 1),
        ("Gus Grant <>", 1),  # no e-mail at all
        ("Hal Hart <>", 1),
        ("Ivy Inge <unknown>", 1),
        ("Jon Jury <unknown>", 1),
        ("root <root@build-1.example.org>", 1),  # whoever had root on two machines
        ("root <root@build-2.example.org>", 1),
        ("Your Name <yn1@example.org>", 1),
        ("Your Name <yn2@example.org>", 1),
        ("Jakub <jakub.one@example.org>", 1),  # a first name alone: two people in saleor
        ("Jakub <jakub.two@example.org>", 1),
    )
    assert len(set(merged.developer.values())) == 16
    assert merged.groups == []
    # two people named alike stay apart and can be told apart
    assert (
        merged.developer[("root", "root@build-1.example.org")] == "root <root@build-1.example.org>"
    )


# ---------------------------------------------------------------------------- end to end
def test_aliases_are_merged_before_every_per_author_figure(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    b.commit({"app.py": lines(10), "util.py": lines(5)}, author=IGA_WORK, when=day(0))
    b.commit({"app.py": lines(12)}, author=IGA_NOREPLY, when=day(1))
    b.commit({"util.py": lines(7)}, author=IGA_OLD_NOREPLY, when=day(2))
    b.commit({"other.py": lines(3)}, author=BOB, when=day(3))
    app_bot = "latest-changes[bot] <313495250+latest-changes[bot]@users.noreply.github.com>"
    b.commit({"app.py": lines(13)}, author=app_bot, when=day(4))  # a GitHub App: a bot
    section = _mine(b.finish())
    assert section.bot_commits == 1
    files = {f.path: f for f in section.files}
    # one person under three identities: one author, main developer with all added lines
    assert files["app.py"].authors == 1 and files["app.py"].main_developer == "Iga Karbowiak"
    assert files["app.py"].ownership == 1.0 and files["app.py"].fragmentation == 0.0
    assert files["util.py"].authors == 1
    # truck factor: Iga authors app.py and util.py, Bob other.py: 3 files; removing Iga
    # leaves 1/3 < 50%: 1. Split in three, each identity's DOA would count apart.
    assert section.truck_factor.value == 1
    assert section.truck_factor.developers == ["Iga Karbowiak"]
    assert section.monthly[0].active_authors == 2  # January 2024: Iga and Bob
    (group,) = section.identities
    assert group.developer == "Iga Karbowiak" and group.commits == 3
    assert {a.rule for a in group.aliases} == {"github_login"}


def test_mailmap_at_head_is_applied_and_listed(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    mailmap = "Alice Archer <alice@example.com> Ali <ali@old.example.org>\n"
    b.commit({"a.py": lines(10), ".mailmap": mailmap}, author="Ali <ali@old.example.org>")
    b.commit({"a.py": lines(11)}, author=ALICE)
    section = _mine(b.finish())
    files = {f.path: f for f in section.files}
    assert files["a.py"].authors == 1 and files["a.py"].main_developer == "Alice Archer"
    (group,) = section.identities
    assert group.developer == "Alice Archer"
    assert [(a.name, a.email, a.commits, a.rule) for a in group.aliases] == [
        ("Ali", "ali@old.example.org", 1, "mailmap")
    ]


def test_a_mailmap_named_by_the_repository_config_is_not_read(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    b.commit({"a.py": lines(10)}, author=ALICE)
    b.commit({"a.py": lines(11)}, author=BOB)
    repo = b.finish()
    outside = tmp_path / "outside.mailmap"
    outside.write_text("Alice Archer <alice@example.com> Bob Baker <bob@example.com>\n")
    repo.git("config", "mailmap.file", str(outside))
    assert "Alice Archer" in git(repo.root, "log", "-1", "--format=%aN")  # plain git reads it
    section = _mine(repo)
    assert {f.path: f.authors for f in section.files} == {"a.py": 2}
    assert section.identities == []


def test_translators_and_docs_do_not_count_for_truck_factor_or_knowledge_loss(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    b.commit({"app/core.py": lines(20), "app/views.py": lines(10)}, author=ALICE, when=day(0))
    b.commit({"app/models.py": lines(20)}, author=BOB, when=day(1))
    translations = {f"locale/{lang}/LC_MESSAGES/django.po": lines(50) for lang in "abcdefgh"}
    b.commit(translations, author=CAROL, when=day(2))
    for n in range(3):  # Carol syncs the catalogues again and again
        b.commit({p: lines(50 + n + 1) for p in translations}, author=CAROL, when=day(3 + n))
    b.commit({"docs/index.md": lines(5)}, author=CAROL, when=day(6))
    b.commit({"app/models.py": lines(21)}, author=BOB, when=day(300))
    repo = b.finish()

    def role(path: str) -> str:
        if path.endswith(".po"):
            return "translation"
        return "docs" if path.startswith("docs/") else "production"

    # every file counted: Carol authors 9 of 12 files; removing her leaves 3/12: 1, Carol
    everything = _mine(repo)
    assert (everything.truck_factor.value, everything.truck_factor.developers) == (
        1,
        ["Carol Cole"],
    )
    # source only: Alice 2 files, Bob 1 of 3; removing Alice leaves 1/3 < 50%: 1, Alice
    section = _mine(repo, roles=role)
    truck = section.truck_factor
    assert (truck.value, truck.developers, truck.files) == (1, ["Alice Archer"], 3)
    assert truck.roles == ["production", "test"]
    assert [(o.developer, o.count) for o in truck.orphaned] == [("Alice Archer", 2)]
    # knowledge loss: end day 300, cutoff day 117.4: Alice (day 0) is inactive, Carol too
    # (day 6) but her files are not source: 2 of 3 source files lost
    loss = section.knowledge_loss
    assert [f.path for f in loss.files] == ["app/core.py", "app/views.py"]
    assert (loss.share, loss.considered) == (round(2 / 3, 4), 3)
    # only code takes part in the history figures: the file table lists the 3 source files
    assert sorted(f.path for f in section.files) == ["app/core.py", "app/models.py", "app/views.py"]
    assert len(everything.files) == 12
    # a mapping works as well as a function (paths it does not name are production)
    mapped = _mine(repo, roles={p: "translation" for p in translations} | {"docs/index.md": "docs"})
    assert mapped.truck_factor.developers == ["Alice Archer"]


def test_truck_factor_with_and_without_tests_and_the_files_each_developer_orphans(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    b.commit({"src/p1.py": "1\n", "src/p2.py": "2\n", "src/p3.py": "3\n"}, author=ALICE)
    b.commit({"src/p3.py": "3 again\n"}, author=ALICE)  # p3: 2 changes, listed first
    b.commit({"src/p4.py": "4\n"}, author=CAROL)
    b.commit({f"tests/t{i}.py": f"{i}\n" for i in range(1, 5)}, author=BOB)
    repo = b.finish()
    roles = {f"tests/t{i}.py": "test" for i in range(1, 5)}
    truck = _mine(repo, roles=roles).truck_factor
    # with tests, 8 files: Bob authors 4, Alice 3, Carol 1. Remove Bob: 4/8 = 50% still
    # covered (not below half) -> remove Alice: 1/8 -> stop. 2: Bob, Alice.
    assert (truck.value, truck.developers, truck.files) == (2, ["Bob Baker", "Alice Archer"], 8)
    assert [(o.developer, o.count, o.files) for o in truck.orphaned] == [
        ("Bob Baker", 4, ["tests/t1.py", "tests/t2.py", "tests/t3.py", "tests/t4.py"]),
        ("Alice Archer", 3, ["src/p3.py", "src/p1.py", "src/p2.py"]),
    ]
    # without tests, 4 files: Alice 3, Carol 1. Remove Alice: 1/4 -> stop. 1: Alice.
    alone = truck.without_tests
    assert (alone.value, alone.developers, alone.files, alone.roles) == (
        1,
        ["Alice Archer"],
        4,
        ["production"],
    )
    assert [(o.developer, o.count) for o in alone.orphaned] == [("Alice Archer", 3)]


def test_the_report_round_trips_and_pseudonymized_exports_name_nobody(tmp_path):
    b = HistoryBuilder(tmp_path / "repo")
    b.commit({"app.py": lines(10)}, author=IGA_WORK)
    b.commit({"app.py": lines(12)}, author=IGA_NOREPLY)
    b.commit({"tests/test_app.py": lines(3)}, author=BOB)
    section = _mine(b.finish(), roles={"tests/test_app.py": "test"})
    data = section.to_dict()
    assert type(section).from_dict(json.loads(json.dumps(data))) == section
    exported = json.dumps(pseudonymize_report({"history": data}))
    for private in ("Karbowiak", "IKarbowiak", "iga.karbowiak", "noreply", "Bob Baker", "bob@"):
        assert private not in exported
    history = json.loads(exported)["history"]
    group = history["identities"][0]
    assert group["developer"].startswith("Developer ") and group["aliases"][0]["rule"]
    assert history["truck_factor"]["without_tests"]["developers"][0].startswith("Developer ")


def test_history_panel_lists_the_merges_and_both_truck_factors(qtbot, tmp_path):
    from widgets.history_panel import HistoryPanel

    b = HistoryBuilder(tmp_path / "repo")
    b.commit({"app.py": lines(10), "lib.py": lines(4)}, author=IGA_WORK)
    b.commit({"app.py": lines(12)}, author=IGA_NOREPLY)
    b.commit({"tests/test_a.py": lines(3), "tests/test_b.py": lines(3)}, author=BOB)
    b.commit({"tests/test_c.py": lines(3)}, author=BOB)
    section = _mine(b.finish(), roles=lambda p: "test" if p.startswith("tests/") else "production")
    panel = HistoryPanel()
    qtbot.addWidget(panel)
    panel.show_history(section)
    model = panel.identity_model
    assert model.rowCount() == 1
    row = model.row_object(0)
    assert (row.developer, row.name, row.rule) == ("Iga Karbowiak", "IKarbowiak", "github_login")
    assert model.data(model.index(0, 4)) == "GitHub login"
    # with tests, 5 files: Bob 3, Iga 2. Remove Bob: 2/5 < 50%: 1. Without tests: Iga, 1.
    text = panel.truck_label.text()
    assert "Truck factor 1 over 5 source files: Bob Baker." in text
    assert "Without tests 1 over 2 files: Iga Karbowiak." in text
    assert "Bob Baker leaving (after those before) orphans 3 files" in text
    assert panel.cards["truck"].value() == "1"
    assert panel.cards["truck"].caption_label.text() == "over 5 source files · 1 without tests"
