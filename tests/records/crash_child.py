"""Child process for test_crash: a bot records an attempt, printing each committed seq.

Usage: python crash_child.py new|ATTEMPT_ID   (FRONTDESK_DATA_DIR picks the database)
Prints "attempt ID NEXT_SEQ", then one seq per line right after its commit, then "done".
"""

import sys

from simulator.bots import make_bot
from simulator.records.attempts import resume, start
from simulator.records.runner import play_bot
from simulator.records.store import Store

SCENARIO, SEED, BOT = "calm-morning", 7, "random"


def main(target: str) -> None:
    store = Store()
    if target == "new":
        from simulator.engine.expand import expand  # Faker: only for a new attempt
        from simulator.scenarios import load_scenario

        attempt = start(store, expand(load_scenario(SCENARIO), SEED), trainee="Crash",
                        mode="practice")
    else:
        attempt = resume(store, target)
    print("attempt", attempt.id, attempt.next_seq, flush=True)
    play_bot(attempt, make_bot(BOT, SEED), on_record=lambda seq: print(seq, flush=True))
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
