"""The ``frontdesk`` command line: argument parsing and dispatch only, no logic.

Exit codes (DESIGN.md): 0 success, 1 a check failed, 2 bad input or usage. Bad input never
produces a traceback: every :class:`~simulator.errors.ContentError` is printed as
``FILE:LINE:COL: field: problem (hint)`` lines on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from simulator import __version__
from simulator.errors import ContentError
from simulator.startup import no_plugin_discovery, quiet_collector

Handler = Callable[[argparse.Namespace], int]
DB_HELP = "records database URL (default: FRONTDESK_DB, else SQLite in the data folder)"
BOT_SPEED_HELP = ("human-expert only: how slow the person is (1.0 a typical competent person, "
                  "1.5 half again as slow, 0.75 quick; 0.25-4)")


class _Parser(argparse.ArgumentParser):
    """argparse with exit code 2 and a pointer to --help on every usage error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n(see '{self.prog} --help')\n")


def _lazy(module: str, name: str) -> Handler:
    """Import a handler only when its command runs, so ``--help`` and startup stay fast."""

    def run(args: argparse.Namespace) -> int:
        import importlib

        return getattr(importlib.import_module(f"simulator.commands.{module}"), name)(args)

    return run


def build_parser() -> argparse.ArgumentParser:
    """Build the full ``frontdesk`` argument parser."""
    parser = _Parser(prog="frontdesk",
                     description="Front Desk Simulator: train and assess healthcare "
                                 "front-desk staff on simulated shifts.")
    parser.add_argument("--version", action="version", version=f"frontdesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    play = sub.add_parser("play", help="play a shift at the desk (the default command)")
    play.add_argument("--scenario", help="scenario id or path")
    play.add_argument("--seed", type=int, default=None)
    play.add_argument("--mode", choices=["practice", "assessment"], default="practice")
    play.add_argument("--trainee", help="trainee name for stored results")
    play.add_argument("--assessment", metavar="ID",
                      help="sit a stored assessment (needs --trainee; resumes after a crash)")
    play.add_argument("--db", metavar="URL", help="records database (default: local SQLite)")
    play.add_argument("--endless", action="store_true",
                      help="a fresh generated shift mixing situations")
    play.add_argument("--difficulty", type=int, default=3, choices=range(1, 6),
                      metavar="1-5", help="endless practice difficulty (default 3)")
    play.set_defaults(handler=_lazy("play", "play"))

    wat = sub.add_parser("watch", help="watch a bot play in the real desk UI")
    wat.add_argument("--scenario", required=True, help="scenario id or path")
    wat.add_argument("--bot", default="human-expert",
                     help="random, novice, expert or human-expert (default: the expert at a "
                          "person's pace, so each narrated step can be followed)")
    wat.add_argument("--bot-speed", type=float, default=1.0, metavar="X",
                     help=BOT_SPEED_HELP)
    wat.add_argument("--seed", type=int, default=1)
    wat.add_argument("--speed", type=float, default=1.0,
                     help="multiple of the scenario's own pace (default 1; + and - change "
                          "it while watching, Space pauses, N steps)")
    wat.add_argument("--screenshots", metavar="DIR", help="save PNGs at key moments")
    wat.add_argument("--until-end", action="store_true", help="exit after the debrief")
    wat.set_defaults(handler=_lazy("play", "watch"))

    sim = sub.add_parser("simulate", help="play shifts headless with a bot")
    sim.add_argument("--scenario", required=True, help="scenario id or path")
    sim.add_argument("--bot", required=True, help="random, novice, expert or human-expert")
    sim.add_argument("--bot-speed", type=float, default=1.0, metavar="X", help=BOT_SPEED_HELP)
    sim.add_argument("--seed", type=int, default=1, help="first seed (default 1)")
    sim.add_argument("--runs", type=int, default=1, help="seeds seed .. seed+runs-1")
    sim.add_argument("--json", action="store_true", help="print JSON (deterministic)")
    sim.add_argument("--journal", metavar="FILE", help="write the run's journal to FILE")
    sim.set_defaults(handler=_lazy("simulate", "simulate"))

    ver = sub.add_parser("verify", help="check a journal, a stored attempt or sitting, or a "
                         "certificate's verification code")
    ver.add_argument("target", metavar="JOURNAL_OR_ATTEMPT_OR_CODE",
                     help="a journal file, an attempt or sitting id, or the code printed on "
                     "a certificate (FDS1-...)")
    ver.add_argument("--db", metavar="URL", help=DB_HELP)
    ver.add_argument("--scenario", metavar="ID_OR_PATH",
                     help="re-derive a journal's header from this scenario file (default: "
                     "the shipped scenario it names)")
    ver.set_defaults(handler=_lazy("simulate", "verify"))

    asm = sub.add_parser("assessment", help="store assessments, run them, read results")
    asm_sub = asm.add_subparsers(dest="action", metavar="ACTION", required=True,
                                 parser_class=_Parser)
    p = asm_sub.add_parser("create", help="validate an assessment file and store it")
    p.add_argument("file", metavar="FILE", help="assessment YAML (or a shipped id)")
    p.add_argument("--db", metavar="URL", help=DB_HELP)
    p.set_defaults(handler=_lazy("records", "assessment_create"))
    p = asm_sub.add_parser("list", help="list the stored assessments")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--db", metavar="URL", help=DB_HELP)
    p.set_defaults(handler=_lazy("records", "assessment_list"))
    p = asm_sub.add_parser("results", help="every attempt at one assessment")
    p.add_argument("id", metavar="ID")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--db", metavar="URL", help=DB_HELP)
    p.set_defaults(handler=_lazy("records", "assessment_results"))
    p = asm_sub.add_parser("open", help="attempts left open (a crash, or a sitting under way)")
    p.add_argument("--trainee", metavar="NAME", help="only this trainee's")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--db", metavar="URL", help=DB_HELP)
    p.set_defaults(handler=_lazy("records", "assessment_open"))
    p = asm_sub.add_parser("run", help="a bot sits an assessment headless (recorded)")
    p.add_argument("id", metavar="ID")
    p.add_argument("--trainee", required=True, help="trainee name for the records")
    p.add_argument("--bot", required=True, help="random, novice, expert or human-expert")
    p.add_argument("--bot-speed", type=float, default=1.0, metavar="X", help=BOT_SPEED_HELP)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--db", metavar="URL", help=DB_HELP)
    p.set_defaults(handler=_lazy("records", "assessment_run"))

    rep = sub.add_parser("report", help="cohort reports (HTML, CSV) and PDF certificates")
    rep_sub = rep.add_subparsers(dest="action", metavar="ACTION", required=True,
                                 parser_class=_Parser)
    p = rep_sub.add_parser("cohort", help="a self-contained HTML report of a cohort's attempts")
    p.add_argument("--assessment", metavar="ID", help="only this assessment (default: all)")
    p.add_argument("--out", metavar="FILE", required=True, help="the HTML file to write")
    p.add_argument("--csv", metavar="FILE", help="also write one CSV row per attempt")
    p.add_argument("--db", metavar="URL", help=DB_HELP)
    p.set_defaults(handler=_lazy("reports", "report_cohort"))
    p = rep_sub.add_parser("certificate", help="the PDF certificate of a sitting that passed "
                           "every part and verifies")
    p.add_argument("sitting", metavar="SITTING_ID",
                   help="the sitting id (or the id of any of its attempts)")
    p.add_argument("--out", metavar="FILE", required=True, help="the PDF file to write")
    p.add_argument("--db", metavar="URL", help=DB_HELP)
    p.set_defaults(handler=_lazy("reports", "report_certificate"))

    desk = sub.add_parser("desk", help="this desk's signing key and the desks it trusts")
    desk_sub = desk.add_subparsers(dest="action", metavar="ACTION", required=True,
                                   parser_class=_Parser)
    p = desk_sub.add_parser("show", help="this desk's key id and public key (registered in "
                            "the records so other desks can trust it)")
    p.add_argument("--db", metavar="URL", help=DB_HELP)
    p.set_defaults(handler=_lazy("desk", "desk_show"))
    p = desk_sub.add_parser("list", help="every desk key in the records, and which are trusted")
    p.add_argument("--db", metavar="URL", help=DB_HELP)
    p.set_defaults(handler=_lazy("desk", "desk_list"))
    p = desk_sub.add_parser("trust", help="trust another desk's key (its results then count)")
    p.add_argument("key_id", metavar="KEY_ID", nargs="?",
                   help="the key id (or its first 8+ digits) as 'desk list' shows it")
    p.add_argument("--public-key", metavar="HEX", help="trust this public key (offline)")
    p.add_argument("--label", metavar="TEXT", help="a name for the desk")
    p.add_argument("--db", metavar="URL", help=DB_HELP)
    p.set_defaults(handler=_lazy("desk", "desk_trust"))
    p = desk_sub.add_parser("untrust", help="stop trusting a desk key")
    p.add_argument("key_id", metavar="KEY_ID")
    p.set_defaults(handler=_lazy("desk", "desk_untrust"))
    p = desk_sub.add_parser("new-key", help="start a new key when this desk's key is lost")
    p.add_argument("--db", metavar="URL", help=DB_HELP)
    p.set_defaults(handler=_lazy("desk", "desk_new_key"))
    p = desk_sub.add_parser("reseal-legacy", help="re-seal attempts recorded by version 1 "
                            "(shared-key HMAC) with this desk's key, after checking them")
    p.add_argument("--legacy-key", metavar="PATH",
                   help="version 1's signing.key (default: signing.key beside the database)")
    p.add_argument("--db", metavar="URL", help=DB_HELP)
    p.set_defaults(handler=_lazy("desk", "desk_reseal_legacy"))

    exp = sub.add_parser("export", help="export learning records (xAPI)")
    exp_sub = exp.add_subparsers(dest="action", metavar="ACTION", required=True,
                                 parser_class=_Parser)
    p = exp_sub.add_parser("xapi", help="write xAPI statements to a file or send them to an LRS")
    p.add_argument("--out", metavar="FILE", help="write every statement as a JSON array")
    p.add_argument("--lrs", metavar="URL", help="send queued statements to this xAPI endpoint")
    p.add_argument("--user", help="LRS user (default: FRONTDESK_LRS_USER)")
    p.add_argument("--password", help="LRS password (default: FRONTDESK_LRS_PASSWORD)")
    p.add_argument("--accounts", metavar="FILE",
                   help="CSV mapping trainees to LMS accounts, header 'trainee,homePage,name' "
                        "(trainee: recorded name or pseudonymous id; default: "
                        "FRONTDESK_XAPI_ACCOUNTS); others get FRONTDESK_XAPI_HOMEPAGE, else "
                        "the placeholder https://frontdesk-simulator.invalid, with their "
                        "pseudonymous id")
    p.add_argument("--include-calibration", action="store_true",
                   help="also export sittings a bot played, marked as calibration "
                        "(left out by default)")
    p.add_argument("--db", metavar="URL", help=DB_HELP)
    p.set_defaults(handler=_lazy("reports", "export_xapi"))

    scn = sub.add_parser("scenario", help="list, validate, show scenarios; export the schema")
    scn_sub = scn.add_subparsers(dest="action", metavar="ACTION", required=True,
                                 parser_class=_Parser)
    p = scn_sub.add_parser("list", help="list the shipped scenarios")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_lazy("listing", "scenario_list"))
    p = scn_sub.add_parser("validate", help="check scenario files; report every problem")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.set_defaults(handler=_lazy("content", "scenario_validate"))
    p = scn_sub.add_parser("schema", help="print or write the scenario JSON Schema")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(handler=_lazy("content", "scenario_schema"))
    p = scn_sub.add_parser("new", help="write a commented template that validates")
    p.add_argument("id", metavar="ID")
    p.add_argument("--out", metavar="FILE", help="where to write (default ID.yaml)")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(handler=_lazy("authoring", "scenario_new"))
    p = scn_sub.add_parser("preview", help="the expanded timeline with hidden truths")
    p.add_argument("scenario", metavar="ID", help="scenario id or path")
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(handler=_lazy("authoring", "scenario_preview"))
    p = scn_sub.add_parser("show", help="describe one scenario in plain words")
    p.add_argument("scenario", metavar="ID", help="scenario id or path")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_lazy("content", "scenario_show"))

    qz = sub.add_parser("quiz", help="the readiness quiz (window, or --terminal); 'bank', "
                        "'results'")
    qz.add_argument("action", nargs="?", choices=["bank", "results"],
                    help="'bank' prints the item bank; 'results' each trainee's attempts")
    qz.add_argument("--terminal", action="store_true", help="plain terminal quiz (stdin)")
    qz.add_argument("--count", type=int, default=None,
                    help="scored items, drawn by the NHA CMAA blueprint (default 20)")
    qz.add_argument("--seed", type=int, default=None,
                    help="replay a run's items and option order (default: a new seed)")
    qz.add_argument("--trainee", help="whose deck and results (default: local)")
    qz.add_argument("--competency", metavar="ID", help="focus on one competency")
    qz.add_argument("--review", action="store_true", help="serve items due for review first")
    qz.add_argument("--no-self-check", action="store_true",
                    help="skip the unscored self-check ratings")
    qz.add_argument("--json", action="store_true", help="with 'bank' or 'results': JSON")
    qz.set_defaults(handler=_lazy("quiz", "quiz"))

    pth = sub.add_parser("path", help="the progression path and a trainee's progress")
    pth_sub = pth.add_subparsers(dest="action", metavar="ACTION", required=True,
                                 parser_class=_Parser)
    p = pth_sub.add_parser("show", help="tiers, what unlocks them, and progress")
    p.add_argument("--trainee", help="trainee name (default: this computer's player)")
    p.add_argument("--db", metavar="URL", help=DB_HELP)
    p.set_defaults(handler=_lazy("progress", "path_show"))
    p = pth_sub.add_parser("unlock", help="a trainer opens a tier for a trainee")
    p.add_argument("tier", metavar="TIER")
    p.add_argument("--trainee", help="trainee name (default: this computer's player)")
    p.add_argument("--db", metavar="URL", help=DB_HELP)
    p.set_defaults(handler=_lazy("progress", "path_unlock"))

    cur = sub.add_parser("curriculum", help="check or list the curriculum")
    cur_sub = cur.add_subparsers(dest="action", metavar="ACTION", required=True,
                                 parser_class=_Parser)
    p = cur_sub.add_parser("check", help="lint curriculum cross-references")
    p.set_defaults(handler=_lazy("content", "curriculum_check"))
    p = cur_sub.add_parser("list", help="print glossary, checklist and competencies")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_lazy("content", "curriculum_list"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``frontdesk`` command line and return its exit code."""
    quiet_collector()  # a long-running command (the desk) settles it once it has loaded
    no_plugin_discovery()
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0].startswith("--") and args[0] not in ("--help", "--version"):
        args = ["play", *args]
    parsed = build_parser().parse_args(args)
    try:
        return parsed.handler(parsed)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
