"""create -> list -> run -> results through the CLI, and the plain dicts reports read."""

import json

from simulator.bots import make_bot
from simulator.cli import main
from simulator.engine.expand import expand
from simulator.engine.runner import run_bot
from simulator.records.store import Store
from simulator.scenarios import load_scenario


def _json(capsys, argv):
    capsys.readouterr()
    assert main(argv) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_create_list_run_results_round_trip(quick_file, capsys, backend):
    """A stored assessment is listed, run by a bot, and its result read back as JSON."""
    assert main(["assessment", "create", str(quick_file)]) == 0
    (listed,) = _json(capsys, ["assessment", "list", "--json"])
    assert listed["id"] == "quick" and listed["title"] == "Quick check"
    assert listed["scenarios"] == [{"scenario": "calm-morning", "seed": 3}]
    assert listed["sittings"] == 0 and listed["attempts_allowed"] == 3
    ran = _json(capsys, ["assessment", "run", "quick", "--trainee", "Ada", "--bot", "expert",
                         "--json"])
    (result,) = _json(capsys, ["assessment", "results", "quick", "--json"])
    assert ran == [result]
    assert {"attempt_id", "trainee", "passed", "overall"} <= set(result)
    assert result["trainee"] == "Ada" and result["passed"] is True
    assert result["status"] == "finished" and result["commands"] > 50
    assert set(result["dimensions"]) == {"prioritization", "accuracy", "deescalation",
                                         "compliance"}
    (listed,) = _json(capsys, ["assessment", "list", "--json"])
    assert listed["sittings"] == 1 and listed["attempts"] == 1


def test_human_output(quick_file, capsys):
    """Without --json the commands print short readable lines."""
    main(["assessment", "create", str(quick_file)])
    assert main(["assessment", "run", "quick", "--trainee", "Bo", "--bot", "novice"]) == 0
    out = capsys.readouterr().out
    assert "part 1: calm-morning seed 3:" in out and "Bo " in out
    assert main(["assessment", "results", "quick"]) == 0
    assert "Bo" in capsys.readouterr().out


def test_recorded_run_matches_an_unrecorded_bot_run(quick_file, capsys, backend):
    """Recording through the attempt changes nothing: same outcome hash as run_bot."""
    main(["assessment", "create", str(quick_file)])
    (result,) = _json(capsys, ["assessment", "run", "quick", "--trainee", "Ada", "--bot",
                               "random", "--json"])
    shift, log = run_bot(expand(load_scenario("calm-morning"), 3), make_bot("random", 3))
    store = Store()
    row = store.attempt(result["attempt_id"])
    assert row["outcome_hash"] == shift.outcome_hash()
    assert row["commands"] == len(log)


def test_store_gives_reports_plain_dicts(finished_any):
    """Store.attempts returns plain dicts with the trainee name and, on request, scorecards."""
    finished, _ = finished_any
    store = Store()
    (row,) = store.attempts(assessment_id="quick", scorecards=True)
    assert row["attempt_id"] == finished and row["trainee"] == "Ada"
    assert len(row["trainee_id"]) == 32 and row["registration"].count("-") == 4
    assert row["scorecard"]["overall"] == row["overall"]
    assert "scorecard" not in store.attempts()[0]
    assert store.attempts(trainee="nobody") == []
    assert store.attempt("f" * 32) is None


def test_attempts_allowed_is_enforced(quick_file, capsys, backend):
    """Past attempts_allowed (people's sittings), run exits 2 and writes nothing."""
    from tests.records.sittings import sit

    quick_file.write_text(quick_file.read_text().replace("attempts_allowed: 3",
                                                         "attempts_allowed: 1"))
    main(["assessment", "create", str(quick_file)])
    sit("quick", "Ada", ["expert"])  # her own sitting, as at the desk
    capsys.readouterr()
    assert main(["assessment", "run", "quick", "--trainee", "Ada", "--bot", "expert"]) == 2
    assert "Ada has used 1 of 1 attempts at 'quick'" in capsys.readouterr().err
    assert len(Store().attempts()) == 1
    assert main(["assessment", "run", "quick", "--trainee", "Bo", "--bot", "expert"]) == 0
    # Calibration runs use up none of Bo's attempts.
    assert main(["assessment", "run", "quick", "--trainee", "Bo", "--bot", "expert"]) == 0


def test_bad_run_input_exits_2_and_writes_nothing(quick_file, capsys, backend):
    """Unknown bot, unknown assessment, blank trainee: exit 2, no trainee or attempt rows."""
    main(["assessment", "create", str(quick_file)])
    for argv, words in (
        (["run", "quick", "--trainee", "Ada", "--bot", "genius"], "unknown bot 'genius'"),
        (["run", "nope", "--trainee", "Ada", "--bot", "expert"], "no stored assessment 'nope'"),
        (["run", "quick", "--trainee", "  ", "--bot", "expert"], "--trainee: a trainee name"),
        (["results", "nope"], "no stored assessment 'nope' (stored: quick)"),
    ):
        capsys.readouterr()
        assert main(["assessment", *argv]) == 2
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err
    store = Store()
    assert store.trainees() == [] and store.attempts() == []


def test_usage_errors_exit_2(capsys):
    """Missing required options are usage errors (exit 2)."""
    try:
        main(["assessment", "run", "quick", "--bot", "expert"])
    except SystemExit as exc:
        assert exc.code == 2
    assert "--trainee" in capsys.readouterr().err
