"""``frontdesk simulate`` and ``frontdesk verify``: headless bot runs and journal replays."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from simulator.errors import ContentError


def _progress(done: int, total: int) -> None:
    """A one-line progress bar on stderr (a line per 10 % when stderr is not a terminal)."""
    width = 30
    filled = width * done // total
    bar = "#" * filled + "-" * (width - filled)
    if sys.stderr.isatty():
        end = "\n" if done == total else ""
        print(f"\r[{bar}] {done}/{total} runs", end=end, file=sys.stderr, flush=True)
    elif done == total or done % max(1, total // 10) == 0:
        print(f"[{bar}] {done}/{total} runs", file=sys.stderr, flush=True)


def run_once(scenario, scenario_sha: str, bot_name: str, seed: int,
             bot_speed: float = 1.0) -> tuple[dict, str]:
    """Play one shift with a bot; return its summary and journal text."""
    from simulator.bots import make_bot
    from simulator.engine import journal
    from simulator.engine.expand import expand
    from simulator.engine.runner import run_bot

    expanded = expand(scenario, seed)
    shift, log = run_bot(expanded, make_bot(bot_name, seed, bot_speed))
    meta: dict[str, Any] = {"bot": bot_name}
    if bot_speed != 1.0:
        meta["bot_speed"] = bot_speed
    text = journal.dumps(expanded, log, shift.outcome_hash(), len(shift.outcomes),
                         scenario_sha256=scenario_sha, meta=meta)
    return summarize(shift, bot_name, len(log)), text


def summarize(shift, bot_name: str, commands: int) -> dict[str, Any]:
    """A deterministic summary of a finished shift (no wall-clock fields)."""
    kinds = Counter(o["kind"] for o in shift.outcomes)
    ends = Counter(o["kind"] for o in shift.outcomes
                   if o["kind"] in ("TaskResolved", "TaskAbandoned", "TaskEscalated"))
    summary: dict[str, Any] = {
        "scenario": shift.x.scenario_id, "seed": shift.x.seed, "bot": bot_name,
        "tasks": len(shift.x.tasks), "arrived": len(shift.tasks), "commands": commands,
        "rejected": kinds.get("CommandRejected", 0),
        "resolved": ends.get("TaskResolved", 0), "abandoned": ends.get("TaskAbandoned", 0),
        "escalated": ends.get("TaskEscalated", 0),
        "outcomes": len(shift.outcomes), "outcome_hash": shift.outcome_hash(),
        "real_minutes": round(shift.real_seconds / 60, 1),
    }
    scorer = _scorer()
    if scorer is not None:
        summary["scorecard"] = scorer(shift).model_dump(mode="json")
    return summary


def _scorer():
    """The scoring function, once the scoring package exists."""
    try:
        from simulator.scoring import score_shift
    except ImportError:
        return None
    return score_shift


def simulate(args: argparse.Namespace) -> int:
    """Run bots headless over one or more seeds."""
    from simulator.bots import bot_problem
    from simulator.scenarios import load_scenario_file, resolve_scenario_path, scenario_digest

    problem = bot_problem(args.bot, args.bot_speed)
    if problem:
        raise ContentError.single("<command line>", problem)
    if args.runs < 1:
        raise ContentError.single("<command line>", "--runs must be 1 or more")
    if args.journal and args.runs > 1:
        raise ContentError.single("<command line>", "--journal records one run",
                                  hint="drop --runs or --journal")
    path = resolve_scenario_path(args.scenario)
    scenario = load_scenario_file(path)
    sha = scenario_digest(path)
    key = None
    if args.journal:
        from simulator.records.keys import load_desk_key

        key = load_desk_key()  # the journal is signed by this desk (see records.keys)
    results = []
    show = args.runs >= 5
    for i in range(args.runs):
        summary, text = run_once(scenario, sha, args.bot, args.seed + i, args.bot_speed)
        results.append(summary)
        if show:
            _progress(i + 1, args.runs)
        if args.journal:
            from simulator.engine import journal
            from simulator.records.journal_seal import sign_text

            text = sign_text(text, key)
            try:
                journal.write(args.journal, text)
            except OSError as exc:
                raise ContentError.single(str(args.journal), f"cannot write the journal "
                                          f"({exc.strerror})") from None
    if args.runs == 1:
        out: Any = results[0]
    else:
        out = aggregate(results)
    if args.json:
        print(json.dumps(out, indent=2, sort_keys=True))
    else:
        _print_human(out, args.runs)
    return 0


def aggregate(results: list[dict]) -> dict[str, Any]:
    """Combine several runs: means, standard deviations and pass rate when scored."""
    out: dict[str, Any] = {"runs": len(results)}
    cards = [r["scorecard"] for r in results if "scorecard" in r]
    if cards:
        from simulator.scoring.aggregate import aggregate_cards

        out.update(aggregate_cards(cards))
    out["seeds"] = [r["seed"] for r in results]
    out["real_minutes"] = round(sum(r["real_minutes"] for r in results) / len(results), 1)
    return out


def _print_human(out: dict, runs: int) -> None:
    if runs == 1:
        print(f"{out['scenario']} seed {out['seed']} with the {out['bot']} bot: "
              f"{out['arrived']} tasks arrived, {out['resolved']} resolved, "
              f"{out['escalated']} escalated, {out['abandoned']} abandoned; "
              f"{out['commands']} commands ({out['rejected']} rejected); "
              f"{out['real_minutes']} real minutes on the desk's clock")
        card = out.get("scorecard")
        if card:
            from simulator.scoring.card import shown

            dims = ", ".join(f"{k} {shown(v)}" for k, v in card["dimensions"].items())
            verdict = "PASS" if card["passed"] else "FAIL"
            print(f"score {card['overall']} ({dims}) -> {verdict}")
            for gap in card.get("gaps", []):
                print(f"  below the {card['competency_floor']}% floor: {gap['code']} "
                      f"({gap['competency']}): done in full {gap['met']} of {gap['owed']} "
                      f"times, {gap['percent']}% of its points")
            for fail in card["critical_fails"]:
                print(f"  critical at {fail['clock']}: {fail['reason']}")
        print(f"outcome hash {out['outcome_hash']}")
        return
    print(f"{runs} runs, {out['real_minutes']} real minutes each on average")
    if "mean" in out:
        for key, value in out["mean"].items():
            print(f"  {key:<15} mean {value:6.1f}  sd {out['sd'][key]:5.1f}")
        print(f"  pass rate {out['pass_rate'] * 100:.0f} %")


def verify(args: argparse.Namespace) -> int:
    """Check a journal file, a stored attempt or sitting, or a certificate code."""
    from simulator.engine import journal
    from simulator.records.codes import looks_like_code

    if looks_like_code(str(args.target)):
        from simulator.records.codes import verify_code

        return verify_code(str(args.target))
    target = Path(args.target)
    if not target.exists():
        from simulator.records.verify import verify_attempt

        return verify_attempt(args)
    parsed = journal.load(target)
    if parsed.trailer is None:
        print(f"{target}: no trailer: the attempt never finished, nothing to compare",
              file=sys.stderr)
        return 1
    return _verify_journal(target, parsed, getattr(args, "scenario", None))


def _verify_journal(target: Path, parsed: Any, scenario: str | None) -> int:
    from simulator.engine import journal
    from simulator.records.journal_seal import rederive, signature_problems
    from simulator.records.keys import Trust

    problems = signature_problems(parsed, Trust.load())
    against, diffs = rederive(parsed.header, scenario)
    problems += [f"the header's {d} (re-derived from {against})" for d in diffs]
    shift = journal.replay(parsed)
    expected = str(parsed.trailer.get("outcome_hash"))
    if shift.outcome_hash() != expected or len(shift.outcomes) != parsed.trailer.get(
            "outcomes"):
        problems.append(f"replay gives {len(shift.outcomes)} outcomes with hash "
                        f"{shift.outcome_hash()[:12]}, the journal records "
                        f"{parsed.trailer.get('outcomes')} with hash {expected[:12]}; the "
                        "journal was edited or the engine differs")
    if problems:
        print(f"{target}: MISMATCH:", file=sys.stderr)
        for line in problems:
            print(f"  - {line}", file=sys.stderr)
        return 1
    key_id = str(parsed.trailer.get("key_id"))
    header = against if against.endswith("not re-derived") else f"header matches {against}"
    print(f"{target}: ok: {len(parsed.commands)} commands replay to the recorded "
          f"{len(shift.outcomes)} outcomes ({expected[:12]}); signed by desk {key_id[:12]}; "
          f"{header}")
    return 0
