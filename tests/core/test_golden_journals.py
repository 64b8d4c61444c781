"""Golden journals: checked-in attempts that must keep replaying to their recorded outcomes.

Each file in tests/golden/ is a whole journal (header with the expanded shift, the bot's
commands, and a trailer with the outcome hash). Replaying needs no Faker, so only a change
to the rules can break one. They are rewritten only by ``pytest --update-golden``.
"""

from pathlib import Path

import pytest

from simulator.engine import journal
from simulator.scenarios import resolve_scenario_path, scenario_digest
from tests.core.shifts import expanded

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
CASES = [("calm-morning", "expert", 1), ("busy-monday", "novice", 2),
         ("busy-monday", "random", 3), ("registration-morning", "expert", 1)]
REFRESH = "pytest tests/core/test_golden_journals.py --update-golden"


def _path(scenario_id: str, bot: str, seed: int) -> Path:
    return GOLDEN / f"{scenario_id}-{bot}-{seed}.jsonl"


def _record(scenario_id: str, bot: str, seed: int) -> str:
    from simulator.bots import make_bot
    from simulator.engine.runner import run_bot

    x = expanded(scenario_id, seed)
    shift, log = run_bot(x, make_bot(bot, seed))
    return journal.dumps(x, log, shift.outcome_hash(), len(shift.outcomes),
                         scenario_sha256=scenario_digest(resolve_scenario_path(scenario_id)),
                         meta={"bot": bot})


@pytest.mark.parametrize(("scenario_id", "bot", "seed"), CASES,
                         ids=[f"{s}-{b}-{n}" for s, b, n in CASES])
def test_golden_journal_replays_to_its_recorded_outcomes(request, scenario_id, bot, seed):
    """A checked-in journal replays to exactly the outcome count and hash in its trailer."""
    path = _path(scenario_id, bot, seed)
    if request.config.getoption("--update-golden"):
        GOLDEN.mkdir(exist_ok=True)
        journal.write(path, _record(scenario_id, bot, seed))
    assert path.is_file(), f"{path.name} is missing; create it with: {REFRESH}"
    parsed = journal.load(path)
    assert parsed.trailer is not None, f"{path.name} has no trailer; refresh with: {REFRESH}"
    shift = journal.replay(parsed)
    recorded = (parsed.trailer["outcomes"], parsed.trailer["outcome_hash"])
    replayed = (len(shift.outcomes), shift.outcome_hash())
    assert replayed == recorded, (
        f"{path.name} no longer replays to its recorded outcomes: recorded "
        f"{recorded[0]} outcomes ({recorded[1][:12]}), replay gives {replayed[0]} "
        f"({replayed[1][:12]}). A rule change altered old attempts: if that is intended, bump "
        f"the engine version where needed and refresh the baselines with: {REFRESH}")
    assert shift.ended and len(parsed.commands) > 0


def test_golden_journals_are_small():
    """Each golden journal stays a reviewable size (the expanded shift is most of it)."""
    for scenario_id, bot, seed in CASES:
        path = _path(scenario_id, bot, seed)
        if path.is_file():
            assert path.stat().st_size < 400_000, path.name
