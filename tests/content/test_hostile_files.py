"""Inputs that are not what they seem, and outputs that must not be replaced: a clear
message and exit 2, never a traceback, a hang or a clobbered file."""

import os
import stat

import pytest

from simulator.cli import main
from simulator.scenarios import resolve_scenario_path


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out + out.err


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def test_a_number_of_5001_digits_is_refused_with_its_place(tmp_path, capsys):
    """int() is never called on thousands of digits: file, line, column and the limit."""
    text = resolve_scenario_path("calm-morning").read_text(encoding="utf-8")
    assert "difficulty: 1" in text
    path = tmp_path / "big.yaml"
    path.write_text(text.replace("difficulty: 1", "difficulty: " + "9" * 5001, 1),
                    encoding="utf-8")
    code, out = _run(capsys, "simulate", "--scenario", str(path), "--bot", "expert")
    assert code == 2
    assert f"{path}:" in out and "difficulty" in out
    assert "a number 5001 characters long is too long" in out


def test_a_fifo_as_scenario_is_refused_at_once(fifo):
    """A named pipe given as --scenario: refused, not waited on forever (a separate
    process, so a regression fails on its time limit instead of hanging the suite)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "simulator", "simulate", "--scenario",
                           str(fifo), "--bot", "expert"], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "is a FIFO (named pipe), not a content file" in done.stderr


def test_a_device_is_never_read_as_a_journal(capsys):
    """verify /dev/zero: refused by its kind, nothing read."""
    code, out = _run(capsys, "verify", "/dev/zero")
    assert code == 2 and "not a journal: it is a device" in out


def test_an_oversized_journal_is_refused(tmp_path, capsys):
    """A journal over the limit is refused before it is read whole."""
    from simulator.engine.journal import MAX_JOURNAL_BYTES

    path = tmp_path / "huge.jsonl"
    with path.open("wb") as fh:
        fh.truncate(MAX_JOURNAL_BYTES + 10)
    code, out = _run(capsys, "verify", str(path))
    assert code == 2 and "larger than any journal" in out


def test_output_onto_a_fifo_is_refused_and_left_alone(fifo, capsys):
    """--journal onto a FIFO: refused, and the FIFO is still a FIFO."""
    code, out = _run(capsys, "simulate", "--scenario", "calm-morning", "--bot", "expert",
                     "--journal", str(fifo))
    assert code == 2 and "it is a FIFO (named pipe), not a regular file" in out
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_read_only_output_is_not_replaced(tmp_path, capsys):
    """A read-only file given as --journal or --out is left exactly as it was."""
    target = tmp_path / "keep.jsonl"
    target.write_text("mine\n")
    target.chmod(0o444)
    code, out = _run(capsys, "simulate", "--scenario", "calm-morning", "--bot", "expert",
                     "--journal", str(target))
    assert code == 2 and "read-only" in out
    assert target.read_text() == "mine\n"
    code, out = _run(capsys, "report", "cohort", "--out", str(target))
    assert code == 2 and "read-only" in out and target.read_text() == "mine\n"


def test_a_folder_as_scenario_is_named_as_such(tmp_path, capsys):
    """A folder given as a file: the message says it is a directory."""
    code, out = _run(capsys, "simulate", "--scenario", str(tmp_path), "--bot", "expert")
    assert code == 2 and "is a directory" in out


def _scaled(tmp_path, rate, name="busy.yaml"):
    """go-live-check with every arrival rate set to ``rate`` an hour, as a file."""
    from ruamel.yaml import YAML

    yaml = YAML()
    data = yaml.load(resolve_scenario_path("go-live-check").read_text(encoding="utf-8"))
    arrivals = data["arrivals"]
    arrivals["walk_ins_per_hour"] = rate
    for group in ("calls_per_hour", "inbox_per_hour"):
        for key in arrivals.get(group, {}):
            arrivals[group][key] = rate
    path = tmp_path / name
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)
    return path


def test_a_shift_too_large_to_play_is_refused_with_its_size(tmp_path, capsys):
    """Every rate at the schema's maximum: exit 2 with the estimate, nothing expanded."""
    path = _scaled(tmp_path, 120)
    code, out = _run(capsys, "simulate", "--scenario", str(path), "--bot", "expert")
    assert code == 2 and "tasks; a shift holds at most 5,000" in out
    assert f"{path}:" in out and "arrivals" in out


def test_shipped_shifts_are_far_inside_the_bound():
    """The estimate is an upper bound: every shipped shift holds fewer tasks than it says,
    and is far below the limit."""
    from simulator.engine.expand import expand
    from simulator.scenarios import load_scenario, shipped_scenarios
    from simulator.scenarios.bounds import MAX_TASKS, expected_tasks

    for path in shipped_scenarios():
        scenario = load_scenario(path)
        estimate = expected_tasks(scenario)
        assert len(expand(scenario, 1).tasks) <= estimate < MAX_TASKS // 10, path.name


def test_a_large_shift_inside_the_bound_simulates(tmp_path, capsys):
    """Ten arrivals an hour of every kind (about a thousand tasks) still plays."""
    path = _scaled(tmp_path, 10)
    code, out = _run(capsys, "simulate", "--scenario", str(path), "--bot", "expert")
    assert code == 0, out


def test_a_journal_naming_a_missing_patient_is_reported(tmp_path, capsys):
    """A task pointing at a patient the shift does not hold: named, exit 2, no KeyError."""
    import json

    journal = tmp_path / "j.jsonl"
    code, _ = _run(capsys, "simulate", "--scenario", "calm-morning", "--bot", "expert",
                   "--journal", str(journal))
    assert code == 0
    lines = journal.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    task = next(t for t in header["shift"]["tasks"] if t.get("patient_id"))
    task["patient_id"] = "p-missing"
    lines[0] = json.dumps(header, sort_keys=True, separators=(",", ":"))
    journal.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = _run(capsys, "verify", str(journal))
    assert code == 2
    assert f"task {task['id']} names patient p-missing, which it does not have" in out


def test_every_shipped_shift_is_whole():
    """No shipped scenario expands to a shift with a dangling reference."""
    from simulator.engine.expand import expand
    from simulator.engine.journal import dangling
    from simulator.scenarios import load_scenario, shipped_scenarios

    for path in shipped_scenarios():
        for seed in (1, 2):
            assert dangling(expand(load_scenario(path), seed)) is None, path.name


def test_a_long_offending_value_is_quoted_cut(tmp_path, capsys):
    """A message names the field and quotes at most the start of the bad value."""
    path = tmp_path / "long.yaml"
    path.write_text('id: x\ndifficulty: "' + "secret" * 100 + '"\n', encoding="utf-8")
    code, out = _run(capsys, "scenario", "validate", str(path))
    assert code == 2
    line = next(x for x in out.splitlines() if "difficulty" in x)
    assert "(602 characters)" in line and "secret" * 20 not in line


def _with_dialogue(tmp_path, beats):
    """calm-morning with one more dialogue made of ``beats``, as a file."""
    from ruamel.yaml import YAML

    yaml = YAML()
    data = yaml.load(resolve_scenario_path("calm-morning").read_text(encoding="utf-8"))

    def choice(**extra):
        return {"text": "I hear you.", "fits": ["anxiety"], "agitation": -5,
                "meaning": "good", "why": "It acknowledges them.", **extra}

    data.setdefault("dialogues", []).append({
        "id": "round-and-round", "speaker": "patient", "beats": [
            {"id": beat_id, "says": "Again?", "choices": [choice(**c) for c in choices]}
            for beat_id, choices in beats]})
    path = tmp_path / "dialogue.yaml"
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)
    return path


def test_a_dialogue_with_no_way_out_is_refused(tmp_path, capsys):
    """Two beats whose replies only lead to each other: named with their place."""
    path = _with_dialogue(tmp_path, [("one", [{"next": "two"}, {"next": "two"}]),
                                     ("two", [{"next": "one"}, {"next": "one"}])])
    code, out = _run(capsys, "scenario", "validate", str(path))
    assert code == 2
    assert "from beat 'one' of dialogue 'round-and-round' no reply ever ends" in out
    assert "from beat 'two'" in out


def test_an_unreachable_beat_is_refused(tmp_path, capsys):
    """A beat no reply leads to is content nobody meets."""
    path = _with_dialogue(tmp_path, [("one", [{"then": "resolved"}, {"then": "resolved"}]),
                                     ("lost", [{}, {}])])
    code, out = _run(capsys, "scenario", "validate", str(path))
    assert code == 2 and "beat 'lost' of dialogue 'round-and-round' can never be reached" in out


def _edited(tmp_path, scenario, edit, name="edited.yaml"):
    """A shipped scenario changed by ``edit(data)`` (ruamel, keeping lines), as a file."""
    from ruamel.yaml import YAML

    yaml = YAML()
    data = yaml.load(resolve_scenario_path(scenario).read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / name
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)
    return path


def test_all_weights_zero_is_refused(tmp_path, capsys):
    """A rubric where every dimension weighs 0 could compute no score."""
    def zero(data):
        data["scoring"] = {"weights": {d: 0 for d in ("prioritization", "accuracy",
                                                       "deescalation", "compliance")}}

    code, out = _run(capsys, "scenario", "validate", str(_edited(tmp_path, "calm-morning",
                                                                 zero)))
    assert code == 2 and "every dimension weighs 0" in out


def test_a_weight_out_of_range_is_refused_by_loader_and_schema(tmp_path, capsys):
    """Weights run 0-10: the loader refuses 11, and the exported schema says so too."""
    import json

    from simulator.scenarios import scenario_json_schema

    def heavy(data):
        data["scoring"] = {"weights": {"accuracy": 11}}

    code, out = _run(capsys, "scenario", "validate", str(_edited(tmp_path, "calm-morning",
                                                                 heavy)))
    assert code == 2 and "scoring.weights.accuracy" in out
    schema = json.loads(scenario_json_schema())
    weights = schema["$defs"]["ScoringOverrides"]["properties"]["weights"]
    assert weights["additionalProperties"] == {"maximum": 10, "minimum": 0, "type": "integer"}


def test_a_preauth_rule_for_a_visit_nobody_offers_is_warned_about(tmp_path, capsys):
    """A payer's pre-authorization list naming a type no provider books: a warning."""
    def unused(data):
        data["clinic"]["appointment_types"].append(
            {"id": "mri", "name": "MRI", "minutes": 30, "self_pay_price": 900})
        data["clinic"]["payers"][0]["preauth_required"] = ["mri"]
        for provider in data["clinic"]["providers"]:
            provider["appointment_types"] = [t["id"] for t in
                                             data["clinic"]["appointment_types"][:1]]

    code, out = _run(capsys, "scenario", "validate", str(_edited(tmp_path, "calm-morning",
                                                                 unused)))
    assert code == 0, out
    assert "no provider offers 'mri'" in out and "(warning)" in out


def test_probable_mistakes_are_warned_about_and_accepted(tmp_path, capsys):
    """Hours and busy periods outside the shift, an outage outlasting it, an unused
    dialogue: each a warning at its line; the file still validates."""
    def odd(data):
        data["clinic"]["providers"][0]["hours"] = "19:00-20:00"
        data["arrivals"]["profile"] = [{"between": "20:00-21:00", "factor": 2.0}]
        data["events"].append({"id": "long-outage", "at": "11:00", "kind": "ehr_outage",
                               "minutes": 600})
        data["dialogues"].append({**json.loads(json.dumps(data["dialogues"][0])),
                                  "id": "spare"})

    import json

    path = _edited(tmp_path, "calm-morning", odd)
    code, out = _run(capsys, "scenario", "validate", str(path))
    assert code == 0, out
    assert "wholly outside the shift" in out and "the factor never applies" in out
    assert "lasts past the end of the shift" in out
    assert "no event uses dialogue 'spare'" in out and "(warning)" in out


def test_events_that_cannot_happen_are_warned_about_and_accepted(tmp_path, capsys):
    """A referral when no clinician works, a cover whose day is over, an outage during the
    same outage, a clinician calling out twice: each a warning at its line."""
    def impossible(data):
        for provider in data["clinic"]["providers"]:
            provider["hours"] = "08:00-10:00"
        data["events"] += [
            {"id": "late-referral", "at": "10:30", "kind": "referral_conflict",
             "medication": "warfarin", "conflict": "a planned procedure",
             "specialty": "cardiology"},
            {"id": "out-1", "at": "08:30", "kind": "clinician_callout",
             "provider": "dr-mbeki", "coverage": "pa-ferreira"},
            {"id": "out-2", "at": "10:15", "kind": "clinician_callout",
             "provider": "dr-mbeki", "coverage": "pa-ferreira"},
            {"id": "down-1", "at": "09:00", "kind": "ehr_outage", "minutes": 30},
            {"id": "down-2", "at": "09:10", "kind": "ehr_outage", "minutes": 10}]

    code, out = _run(capsys, "scenario", "validate",
                     str(_edited(tmp_path, "calm-morning", impossible)))
    assert code == 0, out
    assert "no clinician is working at 10:30 to take the referral's conflict" in out
    assert "pa-ferreira's day (08:00-10:00) is over by 10:15" in out
    assert "this ehr outage starts at 09:10, while the one from 09:00 is still on" in out
    assert "dr-mbeki already called out earlier in the shift" in out
    assert out.count("(warning)") >= 4
