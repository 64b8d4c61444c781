"""Record a sitting the way the desk window does, for tests (deterministic players)."""

from simulator.records.store import Store


def sit(assessment_id, trainee, players):
    """Record one sitting as a person at the desk would (no bot name); returns its id."""
    from simulator.bots import make_bot
    from simulator.engine.expand import expand
    from simulator.records.assessment import assessment_from_text
    from simulator.records.attempts import start
    from simulator.records.runner import play_bot
    from simulator.scenarios import load_scenario_file, resolve_scenario_path, scenario_digest

    store = Store()
    try:
        row = store.assessment(assessment_id)
        assessment = assessment_from_text(row["yaml"], assessment_id)
        sitting = None
        for index, (part, player) in enumerate(zip(assessment.scenarios, players,
                                                   strict=True)):
            path = resolve_scenario_path(part.scenario)
            shift = expand(load_scenario_file(path), part.seed)
            attempt = start(store, shift, trainee=trainee, scenario_sha256=scenario_digest(path),
                            assessment_id=assessment_id, assessment_sha256=row["sha256"],
                            overrides=assessment.overrides(), part=index, sitting_id=sitting)
            sitting = sitting or attempt.id
            play_bot(attempt, make_bot(player, part.seed))
            attempt.finish()
        return sitting
    finally:
        store.close()
