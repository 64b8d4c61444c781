"""``frontdesk quiz``: the readiness quiz in a terminal (or the window), and the bank."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from datetime import UTC, datetime

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


def quiz(args: argparse.Namespace) -> int:
    """Run the quiz: in the terminal with --terminal, else in the window."""
    if args.action == "bank":
        return quiz_bank(args)
    if args.count < 1:
        raise ContentError.single("<command line>", "--count must be 1 or more")
    from simulator.curriculum.quiz import quiz_context

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
                            competency=args.competency, review=args.review))
        app.run()
        return 0
    return run_terminal(args, context.bank, context.titles, context.scenarios_for,
                        context.terms_for)


def run_terminal(args, bank, titles, scenarios_for, terms_for) -> int:
    """Numbered prompts on stdout, answers read line by line from stdin (scriptable)."""
    from simulator.curriculum.quiz import (
        KIND_LABEL,
        Answer,
        choose_items,
        readiness,
        shuffled_options,
    )
    from simulator.records.deck import open_deck

    trainee = args.trainee or "local"
    now = datetime.now(UTC)
    deck = open_deck(now=now)
    due = deck.due(trainee, now) if args.review else []
    items = choose_items(bank, args.count, args.seed, competency=args.competency,
                         due_first=due)
    out = sys.stdout
    out.write(f"Readiness quiz: {len(items)} items (seed {args.seed}"
              + (f", {len(due)} due for review" if args.review else "") + ").\n"
              "Type the number of your answer and press Enter; 'q' stops.\n")
    answers: list[Answer] = []
    for n, item in enumerate(items, start=1):
        order = shuffled_options(item, args.seed)
        out.write(f"\n[{n}/{len(items)}] {KIND_LABEL[item.kind]}\n")
        out.write(textwrap.fill(item.prompt, 88) + "\n")
        for shown, index in enumerate(order, start=1):
            out.write(textwrap.fill(f"  {shown}) {item.options[index].text}", 88,
                                    subsequent_indent="     ") + "\n")
        choice = _read_choice(len(order))
        if choice is None:
            out.write("\nStopped early.\n")
            break
        index = order[choice - 1]
        credit = item.credit(index)
        answers.append(Answer(item, index, credit))
        deck.review(trainee, item.id, credit, now)
        if item.kind == "checklist":
            out.write(f"  Noted. {textwrap.fill(item.explanation, 86)}\n")
            continue
        verdict = "Right" if credit == 100 else ("Partly right" if credit else "Not quite")
        best = order.index(item.best) + 1
        out.write(f"  {verdict} ({credit} %). Best answer: {best}.\n")
        out.write(textwrap.fill("  Why: " + item.explanation, 88, subsequent_indent="  ")
                  + "\n")
    deck.close()
    if not answers:
        out.write("No answers, so no report.\n")
        return 1
    comps, domains = readiness(answers, titles, scenarios_for, terms_for)
    overall = sum(a.credit for a in answers) // len(answers)
    out.write(f"\nReadiness report ({len(answers)} answers): overall {overall} %\n")
    out.write("By competency, weakest first:\n")
    for r in comps:
        tips = []
        if r.scenarios:
            tips.append("practise " + ", ".join(r.scenarios))
        if r.terms:
            tips.append("read " + ", ".join(r.terms))
        out.write(f"  {r.percent:3d} %  {r.title}" + (f"  ({'; '.join(tips)})" if tips and
                                                        r.percent < 100 else "") + "\n")
    out.write("By NHA CMAA domain, weakest first:\n")
    for r in domains:
        out.write(f"  {r.percent:3d} %  {r.title} ({r.items} item(s))\n")
    return 0


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
