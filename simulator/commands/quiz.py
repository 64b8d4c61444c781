"""``frontdesk quiz``: the readiness quiz in a terminal (or the window), the bank, results."""

from __future__ import annotations

import argparse
import json
import secrets
import shlex
import sys
import textwrap
from datetime import UTC, datetime
from typing import Any, TextIO

from simulator.errors import ContentError


def quiz_bank(args: argparse.Namespace) -> int:
    """Print the bank: id, kind, competencies, terms, domain."""
    from simulator.curriculum.questions import load_bank

    bank, _ = load_bank()
    rows = [{"id": q.id, "kind": q.kind, "competencies": list(q.competencies),
             "terms": list(q.terms), "domain": q.domain.value} for q in bank]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for row in rows:
            print(f"{row['id']:<40} {row['kind']:<20} {row['domain']}")
    return 0


def quiz_results(args: argparse.Namespace) -> int:
    """Each trainee's quiz attempts: date, score, ready or not yet, and per domain."""
    from simulator.curriculum.models import NHA_TITLES
    from simulator.progress import ProgressStore

    results = ProgressStore().quiz_attempts(args.trainee)
    if args.json:
        print(json.dumps(results, indent=2, sort_keys=True))
        return 0
    if not results:
        who = f" for '{args.trainee}'" if args.trainee else ""
        print(f"No quiz attempts stored{who}.")
        return 0
    for name, attempts in results.items():
        print(f"{name}: {len(attempts)} attempt(s)")
        for a in attempts:
            when = a["at"][:16].replace("T", " ") + " UTC"
            call = "Ready" if a["ready"] else "Not yet"
            focus = f", focused on {a['focus']}" if a.get("focus") else ""
            print(f"  {when}  {a['score']:3d} % (cut {a['cut']} %)  {call:<7}  "
                  f"{a['answered']}/{a['asked']} answered, seed {a['seed']}{focus}")
            order = [d for d in NHA_TITLES if d in a["domains"]]
            parts = [f"{NHA_TITLES[d]} {a['domains'][d]['percent']} % "
                     f"({a['domains'][d]['items']})" for d in order]
            _indented(a.get("reason", "") + " By domain: " + "; ".join(parts) + ".")
            if a.get("self_check"):
                rated = ", ".join(f"{k} {v // 25 + 1}/5" for k, v in a["self_check"].items())
                _indented(f"Self-ratings (not scored): {rated}.")
    return 0


def _indented(text: str) -> None:
    print(textwrap.fill(text, 88, initial_indent="      ", subsequent_indent="      ",
                        break_on_hyphens=False))


def quiz(args: argparse.Namespace) -> int:
    """Run the quiz: in the terminal with --terminal, else in the window."""
    if args.action == "bank":
        return quiz_bank(args)
    if args.action == "results":
        return quiz_results(args)
    from simulator.curriculum.quiz import DEFAULT_COUNT, quiz_context

    args.count = DEFAULT_COUNT if args.count is None else args.count
    if args.count < 1:
        raise ContentError.single("<command line>", "--count must be 1 or more")
    if args.seed is None:
        args.seed = secrets.randbelow(1_000_000)  # a new run shuffles anew; printed to replay
    context = quiz_context()
    if args.competency and args.competency not in context.titles:
        raise ContentError.single("<command line>", f"no competency '{args.competency}'",
                                  hint="see: frontdesk curriculum list")
    if not args.terminal:
        from simulator.commands.play import NO_DISPLAY, _has_display

        if not _has_display():
            print(NO_DISPLAY.split("\n")[0] + "\nUse: frontdesk quiz --terminal",
                  file=sys.stderr)
            return 1
        from simulator.ui.app import App
        from simulator.ui.screens.quiz import QuizScreen

        app = App()
        app.push(QuizScreen(app, count=args.count, seed=args.seed, trainee=args.trainee,
                            competency=args.competency, review=args.review,
                            self_check=not args.no_self_check))
        app.run()
        return 0
    return run_terminal(args, context)


def run_terminal(args: argparse.Namespace, context: Any) -> int:
    """Numbered prompts on stdout, answers read line by line from stdin (scriptable).

    The scored items come first (blueprint-weighted), then the self-check ratings, which
    are reported apart and never scored or put in the review deck.
    """
    from simulator.curriculum.quiz import Answer, choose_items, domain_counts, self_check_items
    from simulator.records.deck import open_deck

    trainee = args.trainee or "local"
    now = datetime.now(UTC)
    deck = open_deck(now=now)
    due = deck.due(trainee, now) if args.review else []
    items = choose_items(context.bank, args.count, args.seed, competency=args.competency,
                         due_first=due)
    checks = [] if args.no_self_check else self_check_items(context.bank)
    out = sys.stdout
    _intro(out, items, checks, args, len(due), domain_counts(items))
    answers: list[Answer] = []
    for n, item in enumerate(items + checks, start=1):
        if n == len(items) + 1:
            out.write("\nSelf-check: rate yourself honestly. These ratings are reported "
                      "apart and do not count toward the score.\n")
        answer = _ask(out, item, n, len(items) + len(checks), args.seed)
        if answer is None:
            out.write("\nStopped early.\n")
            break
        answers.append(answer)
        if item.kind != "checklist":
            deck.review(trainee, item.id, answer.credit, now)  # self-ratings stay out
    deck.close()
    if not answers:
        out.write("No answers, so no report.\n")
        return 1
    _report(out, answers, context, args, asked=len(items), trainee=trainee, now=now)
    return 0


def _intro(out: TextIO, items: list[Any], checks: list[Any], args: argparse.Namespace, due: int,
           counts: dict[str, int]) -> None:
    from simulator.curriculum.models import NHA_TITLES

    out.write(f"Readiness quiz: {len(items)} scored items"
              + (f" and {len(checks)} self-check ratings" if checks else "")
              + f" (seed {args.seed}; repeat with --seed {args.seed}"
              + (f"; {due} due for review" if args.review else "") + ").\n")
    if args.competency:
        out.write(f"Focused on {args.competency}: practice, not a readiness check.\n")
    else:
        out.write("Items per NHA CMAA domain (blueprint-weighted): "
                  + ", ".join(f"{NHA_TITLES[d]} {n}" for d, n in counts.items()) + ".\n")
    out.write("Type the number of your answer and press Enter; 'q' stops.\n")


def _ask(out: TextIO, item: Any, n: int, total: int, seed: int) -> Any:
    """Show one item, read the answer, give feedback; None when the trainee stops."""
    from simulator.curriculum.quiz import KIND_LABEL, Answer, shuffled_options

    order = shuffled_options(item, seed)
    out.write(f"\n[{n}/{total}] {KIND_LABEL[item.kind]}\n")
    out.write(textwrap.fill(item.prompt, 88) + "\n")
    for shown, index in enumerate(order, start=1):
        out.write(textwrap.fill(f"  {shown}) {item.options[index].text}", 88,
                                subsequent_indent="     ") + "\n")
    choice = _read_choice(len(order))
    if choice is None:
        return None
    index = order[choice - 1]
    credit = item.credit(index)
    if item.kind == "checklist":
        out.write(f"  Noted (not scored). {textwrap.fill(item.explanation, 86)}\n")
        return Answer(item, index, credit)
    verdict = "Right" if credit == 100 else ("Partly right" if credit else "Not quite")
    out.write(f"  {verdict} ({credit} %). Best answer: {order.index(item.best) + 1}.\n")
    out.write(textwrap.fill("  Why: " + item.explanation, 88, subsequent_indent="  ") + "\n")
    return Answer(item, index, credit)


def _report(out: TextIO, answers: list[Any], context: Any, args: argparse.Namespace, *,
            asked: int, trainee: str, now: datetime) -> None:
    """The readiness report, the Ready / Not yet line, the self-ratings; the attempt stored."""
    from simulator.curriculum.quiz import attempt_record, readiness, self_ratings, verdict
    from simulator.progress import ProgressStore

    comps, domains = readiness(answers, context.titles, context.scenarios_for,
                               context.terms_for)
    call = verdict(answers, focused=args.competency is not None)
    if call.items:
        out.write(f"\nReadiness report ({call.items} scored answers): overall {call.score} %\n")
        out.write(call.line + "\n")
        out.write("By competency, weakest first:\n")
        for r in comps:
            tips = []
            if r.scenarios:
                tips.append("practice " + ", ".join(r.scenarios))
            if r.terms:
                tips.append("read " + ", ".join(r.terms))
            out.write(f"  {r.percent:3d} %  {r.title}" + (f"  ({'; '.join(tips)})" if tips
                                                            and r.percent < 100 else "") + "\n")
        out.write("By NHA CMAA domain, weakest first:\n")
        for r in domains:
            out.write(f"  {r.percent:3d} %  {r.title} ({r.items} item(s))\n")
    rated = self_ratings(answers)
    if rated:
        out.write("\nSelf-check ratings (your own view, reported apart, not in the score):\n")
        statements = {c.id: c.statement for c in context.curriculum.checklist}
        for item, words in rated:
            out.write(textwrap.fill(f"  {words}: {statements.get(item.checklist, item.checklist)}",
                                    88, subsequent_indent="      ") + "\n")
    record = attempt_record(answers, at=now.isoformat(timespec="seconds"), seed=args.seed,
                            asked=asked, focus=args.competency)
    ProgressStore().record_quiz(trainee, record)
    out.write(f"\nSaved for {trainee}; a trainer sees it with: frontdesk quiz results "
              f"--trainee {shlex.quote(trainee)}\n")


def _read_choice(options: int) -> int | None:
    """Read a valid option number; None at end of input or on 'q'."""
    while True:
        sys.stdout.write("answer> ")
        sys.stdout.flush()
        line = sys.stdin.readline()
        if not line:
            return None
        text = line.strip().lower()
        if text in ("q", "quit"):
            return None
        if text.isdigit() and 1 <= int(text) <= options:
            return int(text)
        sys.stdout.write(f"  Please type a number from 1 to {options} (or q to stop).\n")
