"""Journals and `frontdesk verify`: fresh ones pass, edited or foreign ones do not."""

import json

import pytest

from simulator.cli import main
from simulator.engine import journal
from simulator.records.journal_seal import sign_text
from simulator.records.keys import load_desk_key


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """One desk (data folder with its key and trust list) for the whole module."""
    return tmp_path_factory.mktemp("desk")


@pytest.fixture(autouse=True)
def _on_the_desk(desk, monkeypatch):
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(desk))


@pytest.fixture(scope="module")
def fresh(tmp_path_factory, desk):
    """A signed journal from `frontdesk simulate --journal` (calm-morning, expert, seed 1)."""
    path = tmp_path_factory.mktemp("journal") / "attempt.jsonl"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FRONTDESK_DATA_DIR", str(desk))
        code = main(["simulate", "--scenario", "calm-morning", "--bot", "expert", "--seed",
                     "1", "--journal", str(path)])
    assert code == 0
    return path


def _rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _write(path, rows):
    path.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in rows),
                    encoding="utf-8")


def test_verify_accepts_a_fresh_journal(fresh, capsys):
    """A journal straight from simulate verifies (exit 0)."""
    assert main(["verify", str(fresh)]) == 0
    assert "ok" in capsys.readouterr().out


def test_verify_rejects_a_journal_with_one_edited_command(fresh, tmp_path, capsys):
    """Changing a single command makes the replay disagree with the trailer (exit 1)."""
    rows = _rows(fresh)
    index = next(i for i, r in enumerate(rows)
                 if r["type"] == "command" and r["command"]["type"] == "check_identity")
    rows[index]["command"]["identifiers"] = ["name", "room_number"]
    edited = tmp_path / "edited.jsonl"
    _write(edited, rows)
    assert main(["verify", str(edited)]) == 1
    assert "MISMATCH" in capsys.readouterr().err


def test_verify_rejects_a_journal_with_an_edited_trailer(fresh, tmp_path):
    """A forged outcome hash does not verify (exit 1)."""
    rows = _rows(fresh)
    rows[-1]["outcome_hash"] = "0" * 64
    forged = tmp_path / "forged.jsonl"
    _write(forged, rows)
    assert main(["verify", str(forged)]) == 1


def test_verify_rejects_an_unfinished_journal(fresh, tmp_path, capsys):
    """A journal without its trailer has nothing to compare against (exit 1)."""
    rows = _rows(fresh)[:-1]
    cut = tmp_path / "cut.jsonl"
    _write(cut, rows)
    assert main(["verify", str(cut)]) == 1
    assert "no trailer" in capsys.readouterr().err


@pytest.mark.parametrize("content", [b"\x00\xff\xfe garbage \x81", b"hello, world\n",
                                     b'{"type": "command"}\n', b"[1, 2, 3]\n", b""])
def test_verify_rejects_an_unreadable_file_as_bad_input(tmp_path, capsys, content):
    """Garbage, non-UTF-8 or non-journal files are bad input (exit 2), never a traceback."""
    path = tmp_path / "garbage.jsonl"
    path.write_bytes(content)
    assert main(["verify", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "Traceback" not in err


def test_verify_rejects_a_missing_file(tmp_path, capsys):
    """A path that does not exist is bad input (exit 2)."""
    assert main(["verify", str(tmp_path / "nope.jsonl")]) == 2
    assert "nope.jsonl" in capsys.readouterr().err


def test_verify_refuses_a_different_engine_major_version(fresh, tmp_path, capsys):
    """A journal from another engine major version is refused as incompatible (exit 2)."""
    rows = _rows(fresh)
    major = int(journal.ENGINE_VERSION.split(".")[0])
    rows[0]["engine"] = f"{major + 1}.0"
    foreign = tmp_path / "foreign.jsonl"
    _write(foreign, rows)
    assert main(["verify", str(foreign)]) == 2
    assert "incompatible" in capsys.readouterr().err


def test_verify_accepts_a_different_engine_minor_version(fresh, tmp_path):
    """Only the major part of the engine version decides compatibility."""
    rows = _rows(fresh)
    rows[0]["engine"] = journal.ENGINE_VERSION.split(".")[0] + ".99"
    minor = tmp_path / "minor.jsonl"
    _write(minor, rows)
    # Signed as a later build of the same engine would sign it.
    minor.write_text(sign_text(minor.read_text(), load_desk_key()))
    assert main(["verify", str(minor)]) == 0


def test_ticks_going_backwards_are_bad_input(fresh, tmp_path, capsys):
    """A command whose tick is earlier than the one before is rejected (exit 2)."""
    rows = _rows(fresh)
    commands = [i for i, r in enumerate(rows) if r["type"] == "command"]
    rows[commands[5]]["tick"] = rows[commands[4]]["tick"] - 1
    bad = tmp_path / "backwards.jsonl"
    _write(bad, rows)
    assert main(["verify", str(bad)]) == 2
    assert "never go backwards" in capsys.readouterr().err


def test_simulate_journal_with_several_runs_is_a_usage_error(tmp_path, capsys):
    """--journal records one run, so --runs 2 with it is refused (exit 2)."""
    path = tmp_path / "two.jsonl"
    assert main(["simulate", "--scenario", "calm-morning", "--bot", "expert", "--runs", "2",
                 "--journal", str(path)]) == 2
    assert "--journal" in capsys.readouterr().err
    assert not path.exists()


def test_journal_round_trips_its_commands(fresh):
    """dumps(loads(text)) gives back the same text."""
    text = fresh.read_text(encoding="utf-8")
    parsed = journal.loads(text)
    again = journal.dumps(parsed.shift, parsed.commands, parsed.trailer["outcome_hash"],
                          parsed.trailer["outcomes"],
                          scenario_sha256=parsed.header["scenario_sha256"],
                          meta={"bot": parsed.header["bot"]})
    assert sign_text(again, load_desk_key()) == text  # the signature is deterministic


# -- tampering with a signed journal: each is caught by the signature, and where the header
# can be re-derived from the shipped scenario, the changed field is named.

def _tampered(fresh, tmp_path, edit):
    rows = _rows(fresh)
    edit(rows)
    path = tmp_path / "tampered.jsonl"
    _write(path, rows)
    return path


def _recompute_trailer(rows):
    """What a forger would do: replay the edited journal and write the matching hash."""
    text = "".join(json.dumps(r, sort_keys=True) + "\n" for r in rows)
    shift = journal.replay(journal.loads(text))
    rows[-1]["outcomes"], rows[-1]["outcome_hash"] = len(shift.outcomes), shift.outcome_hash()


def _rename_patient(rows):
    rows[0]["shift"]["patients"][0]["name"] = "Someone Else"


def _card_date(rows):
    rows[0]["shift"]["patients"][0]["card_dob"] = "1999-01-01"


def _add_patient(rows):
    patients = rows[0]["shift"]["patients"]
    patients.append({**patients[0], "id": "p999"})


def _pass_mark(rows):
    rows[0]["shift"]["scoring"]["pass_marks"]["overall"] = 1


def _weights(rows):
    rows[0]["shift"]["scoring"]["weights"]["accuracy"] = 5


def _remove_command(rows):
    index = next(i for i, r in enumerate(rows) if r["type"] == "command")
    del rows[index]
    _recompute_trailer(rows)


@pytest.mark.parametrize(("edit", "named"), [
    (lambda rows: rows[0].update(seed=rows[0]["seed"] + 1), "seed"),
    (lambda rows: rows[0].update(scenario_id="busy-monday"), "scenario_id"),
    (lambda rows: rows[0].update(scenario_sha256="0" * 64), "scenario_sha256"),
    (_rename_patient, "shift.patients[0].name"),
    (_card_date, "shift.patients[0].card_dob"),
    (_add_patient, "shift.patients"),
    (_pass_mark, "shift.scoring.pass_marks.overall"),
    (_weights, "shift.scoring.weights"),
    (_remove_command, None),
], ids=["seed", "scenario-id", "scenario-digest", "patient-name", "card-date",
        "added-patient", "pass-mark", "weights", "command-removed-hash-recomputed"])
def test_every_tampering_of_a_signed_journal_is_caught(fresh, tmp_path, capsys, edit, named):
    """The signature covers the whole journal; re-deriving the header names the field."""
    path = _tampered(fresh, tmp_path, edit)
    assert main(["verify", str(path)]) == 1
    err = capsys.readouterr().err
    assert "the journal's signature does not count" in err and "edited" in err
    if named:
        assert f"the header's {named}" in err, err


def test_a_journal_from_an_untrusted_desk_does_not_verify(fresh, desk, tmp_path,
                                                          monkeypatch, capsys):
    """Another desk's journal counts only once that desk is trusted here (no secret copied)."""
    (entry,) = json.loads((desk / "trusted-desks.json").read_text())["keys"].values()
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "other-desk"))
    assert main(["verify", str(fresh)]) == 1
    assert "does not trust" in capsys.readouterr().err
    assert main(["desk", "trust", "--public-key", entry["public_key"]]) == 0
    assert main(["verify", str(fresh)]) == 0
