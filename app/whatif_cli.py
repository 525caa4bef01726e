"""``readiness whatif ID --set KEY=VALUE ...``: a scenario played on a stored assessment, and
the saved scenarios of ``readiness report ID`` (issue 15, CLI parity with the Scenario panel).

The advice is :class:`analysis.decisions.advisor.Advisor` of the stored assessment, with the
repository's stored team profile and the settings' model (as the GUI's): the measured advice
and the scenario's come from the same model, so "before" and "after" differ only by the levers
set. Exit 2 with one line for an unknown input, a bad or out-of-range value, a lever that does
not apply to this kind of system, an unknown id, a taken name (unless ``--replace``), an
unusable database or an output file that cannot be written.
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import UTC

from analysis.assessment import Assessment
from analysis.decisions import TeamProfile
from analysis.decisions.advisor import Advisor, reweighting_notes
from analysis.decisions.result import Decisions
from analysis.decisions.scenario import (
    ARTICLE_NAME,
    LEVERS,
    Scenario,
    ScenarioError,
    check_setting,
    parse_setting,
)
from analysis.decisions.scenario_table import (
    LaterAssessment,
    ScenarioTable,
    article_targets,
    lever_text,
    scenario_table,
)
from app import output_files, preflight
from app.context import ApplicationContext
from app.settings import Settings, load_settings
from app.store import Store, StoreError
from app.store.scenarios import SavedScenario
from app.terminal import terminal_text

EXIT_OK, EXIT_BAD_INPUT = 0, 2
#: later assessments shown beside the scenarios (each is a full report to load)
MAX_LATER = 3
UNSAVED = "What-if"


def _error(message: str) -> None:
    print(f"readiness: {terminal_text(message)}", file=sys.stderr)


def add_command(commands) -> None:
    keys = ", ".join(LEVERS)
    whatif = commands.add_parser(
        "whatif",
        help="score, grade and both verdicts of a stored assessment with some inputs changed",
        description=f"Inputs (--set KEY=VALUE): {keys}.",
    )
    whatif.add_argument("assessment_id", type=int, metavar="ID", help="a stored assessment")
    whatif.add_argument(
        "--set", dest="settings", action="append", default=[], metavar="KEY=VALUE",
        help="change one input the team controls (repeatable), e.g. change_fail_rate=0.08",
    )  # fmt: skip
    whatif.add_argument(
        "--article", action="store_true",
        help="start from the article's targets (lead time 3 days, daily deploys, change fail "
        "rate under 10%%); --set values override them",
    )  # fmt: skip
    whatif.add_argument("--save", metavar="NAME", help="keep the scenario with the assessment")
    whatif.add_argument(
        "--replace", action="store_true", help="with --save: overwrite a scenario of that name"
    )
    whatif.add_argument("--note", default="", help="with --save: a note kept with the scenario")
    whatif.add_argument("--json", metavar="FILE", help="write the result as JSON ('-': stdout)")
    whatif.add_argument("--db", metavar="URL", help="SQLAlchemy database URL of the history")


# ----------------------------------------------------------------- the advice of a stored one
def model_of(settings: Settings):
    """The advice model as the settings shape it (the GUI's and ``assess``'s)."""
    return settings.decision_model()


def team_of(store: Store | None, assessment: Assessment) -> TeamProfile:
    """The repository's stored team profile (all defaults without a store)."""
    return store.team.load(assessment.repository.folder) if store is not None else TeamProfile()


def advisor_of(store: Store | None, assessment: Assessment, settings: Settings) -> Advisor:
    """The advisor of a stored assessment: its repository's team profile, the settings' model;
    no decision maps (the table and the CLI print none)."""
    model, problems = model_of(settings)
    team = team_of(store, assessment)
    return Advisor(assessment, team, model, model_problems=problems, maps=False)


def _later(store: Store, assessment_id: int, settings: Settings) -> list[LaterAssessment]:
    """The real assessments of the same repository made after this one, oldest first (at most
    :data:`MAX_LATER`), each with its advisor (same team profile and model)."""
    this = store.summary(assessment_id)
    rows = [
        r for r in store.assessments(this.repository_path)
        if (r.analyzed_at, r.id) > (this.analyzed_at, this.id)
    ]  # fmt: skip
    later = []
    for row in sorted(rows, key=lambda r: (r.analyzed_at, r.id))[:MAX_LATER]:
        assessment = store.load(row.id)
        stamp = row.analyzed_at.replace(tzinfo=UTC).isoformat()
        later.append(LaterAssessment(advisor_of(store, assessment, settings), row.id, stamp))
    return later


def with_article(saved: list[Scenario], advisor: Advisor) -> list[Scenario]:
    """The saved scenarios, after the article's targets unless one of them already is."""
    if any(s.origin == "article" for s in saved):
        return saved
    return [article_targets(advisor), *saved]


def stored_scenario_table(
    store: Store, assessment_id: int, assessment: Assessment, settings: Settings
) -> tuple[ScenarioTable, list[SavedScenario]]:
    """The before/after table of a stored assessment: measured, the article's targets, every
    saved scenario that still reads, the later assessments; and the saved rows themselves
    (with their problem when they no longer read)."""
    advisor = advisor_of(store, assessment, settings)
    saved = store.scenarios.list(assessment_id)
    readable = [s.scenario() for s in saved if not s.problem]
    this = store.summary(assessment_id)
    table = scenario_table(
        advisor,
        with_article(readable, advisor),
        _later(store, assessment_id, settings),
        assessment_id,
        this.analyzed_at.replace(tzinfo=UTC).isoformat(),
    )
    return table, saved


# ----------------------------------------------------------------- text
def table_lines(table: ScenarioTable) -> list[list[str]]:
    """The before/after table as rows of cells (header first), each cell terminal-safe."""
    header = [""] + [c.title for c in table.columns]
    subtitles = [""] + [c.subtitle for c in table.columns]
    rows = [header, subtitles] if any(subtitles) else [header]
    for row in table.rows:
        rows.append([row.label] + [c.text for c in row.cells])
    return [[terminal_text(cell) for cell in row] for row in rows]


def plan_lines(table: ScenarioTable) -> list[str]:
    """Plan vs actual: each scenario's promised figures against the next assessment's."""
    from app.report_cli import format_table

    lines = []
    for plan in table.plan_vs_actual:
        lines.append(f"Plan vs actual: {plan.scenario} against {plan.assessment} "
                     f"({plan.summary})")  # fmt: skip
        rows = [["", "Promised", "Actual", "Difference", "Met"]]
        for check in plan.checks:
            met = "–" if check.met is None else "yes" if check.met else "no"
            rows.append([check.label, check.promised_text, check.actual_text,
                         check.difference_text, met])  # fmt: skip
        lines.extend("  " + line for line in format_table(
            [[terminal_text(c) for c in row] for row in rows]).splitlines())  # fmt: skip
    return [terminal_text(line) for line in lines]


def report_lines(table: ScenarioTable, saved: list[SavedScenario]) -> list[str]:
    """What ``readiness report ID`` adds: the saved scenarios, the table, plan vs actual."""
    from app.report_cli import format_table

    lines = ["", f"Scenarios ({len(saved)} saved; the article's targets shown beside them)"]
    for s in saved:
        sets = ", ".join(f"{k}={v:g}" for k, v in s.settings.items())
        problem = f"  [cannot be played: {s.problem}]" if s.problem else ""
        note = f"  ({s.note})" if s.note else ""
        lines.append(f"  {s.name} [{s.origin}]: {sets}{note}{problem}")
    lines.append("")
    lines.extend(format_table(table_lines(table)).splitlines())
    plans = plan_lines(table)
    if plans:
        lines.append("")
        lines.extend(plans)
    return [terminal_text(line) for line in lines]


def _change_words(before: Decisions, after: Decisions) -> list[str]:
    b, a = before.readiness, after.readiness
    if b.score is not None and a.score is not None:
        score = f"score {b.score} -> {a.score} ({a.score - b.score:+d})"
    else:
        score = f"score {b.score} -> {a.score}"
    words = [score, f"grade {b.grade or '–'} -> {a.grade or '–'}"]
    for title, key in (("refactor or rewrite", "refactor_vs_rewrite"), ("staffing", "staffing")):
        old, new = getattr(before, key), getattr(after, key)
        same = old.verdict == new.verdict and old.clear == new.clear
        words.append(f"{title} {'unchanged' if same else f'{old.headline} -> {new.headline}'}")
    return words


def whatif_text(table: ScenarioTable, before: Decisions, after: Decisions, where: str) -> str:
    from app.report_cli import format_table

    lines = [where, "", *format_table(table_lines(table)).splitlines(), ""]
    lines.append("Change: " + "; ".join(_change_words(before, after)))
    for cap in after.readiness.caps:
        lines.append(f"  still capped at {cap.max_score:g}: {cap.reason}")
    lines.extend(f"Note: {note}" for note in reweighting_notes(after))
    return "\n".join(terminal_text(line) for line in lines)


def outcome(decisions: Decisions) -> dict:
    """Score, grade and both verdicts, for the JSON."""
    r = decisions.readiness

    def verdict(v) -> dict:
        return {"verdict": v.verdict, "label": v.label, "headline": v.headline, "clear": v.clear,
                "confidence": v.confidence}  # fmt: skip

    return {
        "score": r.score, "grade": r.grade, "status": r.status,
        "caps": [{"max_score": c.max_score, "reason": c.reason} for c in r.caps],
        "refactor_vs_rewrite": verdict(decisions.refactor_vs_rewrite),
        "staffing": verdict(decisions.staffing),
    }  # fmt: skip


# ----------------------------------------------------------------- the command
def _settings_of(args: argparse.Namespace) -> dict[str, float]:
    given = {}
    for text in args.settings:
        key, value = parse_setting(text)
        given[key] = check_setting(key, value)
    return given


def whatif_command(args: argparse.Namespace) -> int:
    if args.replace and not args.save:
        _error("--replace needs --save NAME")
        return EXIT_BAD_INPUT
    given = _settings_of(args)
    if not given and not args.article:
        _error("nothing to play: give --set KEY=VALUE (inputs: " + ", ".join(LEVERS) + ") "
               "or --article")  # fmt: skip
        return EXIT_BAD_INPUT
    if args.json:
        output_files.check_writable(args.json, allow_stdout=True)
    from app.report_cli import existing_store  # report_cli imports this module

    context = existing_store(args)
    try:
        return _play(args, context, given)
    finally:
        context.close()


def _play(args: argparse.Namespace, context: ApplicationContext, given: dict[str, float]) -> int:
    store = context.store
    this = store.summary(args.assessment_id)
    if args.save:
        from app.store.scenarios import ScenarioExists, check_name

        name = check_name(args.save)
        if not args.replace and any(s.name == name for s in store.scenarios.list(this.id)):
            raise ScenarioExists(f"assessment #{this.id} already has a scenario named {name!r} "
                                 "(--replace to overwrite it, or choose another name)")  # fmt: skip
    assessment = store.load(this.id)
    advisor = advisor_of(store, assessment, context.settings)
    try:
        advisor.check(given)
    except ScenarioError as exc:  # an input of another kind of system: say which do apply
        if "does not apply" not in str(exc):
            raise
        others = ", ".join(lever.key for lever in advisor.levers())
        raise ScenarioError(f"{exc} (inputs that do: {others})") from None
    settings, origin, note = dict(given), "team", args.note
    if args.article:
        article = article_targets(advisor)
        settings = {**article.settings, **given}
        if not given:  # the article's own: labelled so, with what this system already meets
            origin, note = "article", args.note or article.note
    name = args.save or (ARTICLE_NAME if args.article and not given else UNSAVED)
    scenario = Scenario(name, settings, origin, note)
    after = advisor.decide(settings, name)
    stamp = this.analyzed_at.replace(tzinfo=UTC).isoformat()
    table = scenario_table(advisor, [scenario], (), this.id, stamp)
    where = (f"What-if on assessment #{this.id}: {this.repository_path} "
             f"({this.branch or 'detached HEAD'} @ {this.head[:10]}), "
             f"assessed {this.analyzed_at:%Y-%m-%d %H:%M} UTC")  # fmt: skip
    out = sys.stderr if output_files.goes_to_standard_output(args.json) else sys.stdout
    print(whatif_text(table, advisor.base, after, where), file=out)
    if scenario.note:
        print(terminal_text(f"Note: {scenario.note}"), file=out)
    saved = None
    if args.save:
        saved = store.scenarios.save(this.id, scenario, replace=args.replace)
        print(terminal_text(f"Saved as scenario {saved.name!r} of assessment #{this.id}"),
              file=out)  # fmt: skip
    if args.json:
        data = {
            "assessment_id": this.id,
            "repository": this.repository_path,
            "scenario": scenario.to_dict(),
            "saved": saved is not None,
            "before": outcome(advisor.base),
            "after": outcome(after),
            "levers": {k: {"measured": advisor.current(k), "scenario": v,
                           "text": lever_text(LEVERS[k], v)} for k, v in settings.items()},
            "table": table.to_dict(),
        }  # fmt: skip
        target = output_files.write_json_report(data, args.json, allow_stdout=True)
        if target.kind != "stdout":
            print(f"  JSON             {target}", file=out)
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    """``readiness whatif``; every bad input is exit 2 with one line on stderr."""
    from app.report_cli import reading_the_store  # report_cli imports this module

    return reading_the_store(lambda: whatif_command(args), args, (ScenarioError,))


# ----------------------------------------------------------------- readiness report ID
def scenarios_json(table: ScenarioTable, saved: list[SavedScenario]) -> dict:
    """The report's ``scenarios``: the saved ones as stored, and the before/after table."""
    return {
        "saved": [
            {"name": s.name, "settings": s.settings, "origin": s.origin, "note": s.note,
             "created_at": s.created_at.replace(tzinfo=UTC).isoformat(), "problem": s.problem}
            for s in saved
        ],
        "table": table.to_dict(),
    }  # fmt: skip


def report_scenarios(
    store: Store, assessment_id: int, assessment: Assessment, settings: Settings
) -> tuple[list[str], dict | None]:
    """The lines and the JSON ``scenarios`` of ``readiness report``; a store that cannot
    read them (a damaged file opened read-only) gives one line instead, not a failed report."""
    try:
        table, saved = stored_scenario_table(store, assessment_id, assessment, settings)
    except (StoreError, *preflight.DATABASE_ERRORS) as exc:
        return ["", terminal_text(f"Scenarios: cannot be read ({preflight.one_line(exc)})")], None
    return report_lines(table, saved), scenarios_json(table, saved)


def pdf_scenario_table(
    store: Store | None,
    assessment_id: int | None,
    assessment: Assessment,
    settings: Settings | None = None,
) -> ScenarioTable | None:
    """The PDF's scenarios page: the stored assessment's table, or for one not stored the
    measured state beside the article's targets; None when there is no advice or the store
    cannot be read (the PDF is written without the page, and the log says why)."""
    if assessment.decisions is None:
        return None
    settings = settings or load_settings()
    try:
        if store is not None and assessment_id is not None:
            return stored_scenario_table(store, assessment_id, assessment, settings)[0]
        advisor = advisor_of(store, assessment, settings)
        return scenario_table(advisor, [article_targets(advisor)])
    except (StoreError, ScenarioError, *preflight.DATABASE_ERRORS) as exc:
        logging.getLogger("readiness").warning("PDF without the scenarios page: %s", exc)
        return None
