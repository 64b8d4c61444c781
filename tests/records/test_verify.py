"""frontdesk verify ATTEMPT_ID: exit 0 untouched, 1 for any tampering, 2 for unknown."""

import json
import os
import stat

import pytest

from simulator.cli import main
from simulator.records import keys
from simulator.records.packing import (
    canonical_text,
    pack,
    pack_commands,
    shift_digest,
    unpack,
    unpack_commands,
)


@pytest.fixture
def finished(finished_any):
    """The finished attempt's id, on SQLite and (when configured) on PostgreSQL."""
    return finished_any[0]


@pytest.fixture
def db(finished_any):
    """Raw SQL on the database holding ``finished``."""
    return finished_any[1]


def _card(db):
    """The stored ScoreCard (kept packed)."""
    return json.loads(unpack(db.execute("SELECT scorecard_packed FROM attempts")[0][0]))


def _commands(db):
    """The stored command rows of the finished attempt (kept packed)."""
    return unpack_commands(db.execute("SELECT commands_packed FROM attempts")[0][0])


def _store_commands(db, rows):
    db.execute("UPDATE attempts SET commands_packed = :p", p=pack_commands(rows))


def _refile_shift(db, edit):
    """Store an edited copy of the attempt's shift under its own digest and point at it
    (what someone who knows the layout would do)."""
    ((data, scenario, sha, seed, engine, at),) = db.execute(
        "SELECT data, scenario_id, scenario_sha256, seed, engine, created_at FROM shifts")
    shift = json.loads(unpack(data))
    edit(shift)
    text = canonical_text(shift)
    db.execute("INSERT INTO shifts VALUES (:d, :s, :sha, :seed, :e, :data, :at)",
               d=shift_digest(text), s=scenario, sha=sha, seed=seed, e=engine, data=pack(text),
               at=at)
    db.execute("UPDATE attempts SET shift_digest = :d", d=shift_digest(text))


def _verify(capsys, attempt_id, *extra):
    code = main(["verify", attempt_id, *extra])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out + out.err


def test_untouched_attempt_verifies(finished, capsys):
    """An untouched attempt: exit 0, seals, chain, replay and score all match."""
    code, text = _verify(capsys, finished)
    assert code == 0, text
    assert f"attempt {finished}: ok:" in text and "seals valid" in text


def test_db_option_is_accepted(finished, db, data_dir, capsys):
    """verify --db URL reads that database."""
    url = db.url or f"sqlite:///{data_dir / 'frontdesk.sqlite'}"
    code, _ = _verify(capsys, finished, "--db", url)
    assert code == 0


def test_edited_score_is_detected(finished, db, capsys):
    """Raising the stored score: the seal names the columns, re-scoring disagrees too."""
    card = _card(db)
    assert card["passed"] is False
    card["overall"], card["passed"] = 95, True
    db.execute("UPDATE attempts SET scorecard_packed = :card, overall = 95, passed = true",
               card=pack(canonical_text(card)))
    code, text = _verify(capsys, finished)
    assert code == 1
    assert "the attempt's overall is 95 but the result seal says" in text
    assert "the attempt's passed is True but the result seal says False" in text
    assert "the stored scorecard differs from the signed one" in text
    assert "the stored scorecard says overall 95, re-scoring gives" in text


def test_edited_summary_column_is_detected(finished, db, capsys):
    """Flipping only the 'passed' column a report reads is caught too."""
    db.execute("UPDATE attempts SET passed = NOT passed")
    code, text = _verify(capsys, finished)
    assert code == 1 and "the attempt's passed is" in text


def test_edited_command_is_detected(finished, db, capsys):
    """Changing one stored command: the commands digest and the replay disagree."""
    rows = _commands(db)
    row = next(r for r in rows if "check_identity" in r["command"])
    command = json.loads(row["command"])
    command["type"] = "acknowledge"
    row["command"] = json.dumps({k: v for k, v in command.items() if k in ("type", "task")})
    _store_commands(db, rows)
    code, out = _verify(capsys, finished)
    assert code == 1
    assert "the stored commands differs from the signed one" in out
    assert "a command was edited" in out


def test_edited_tick_is_detected(finished, db, capsys):
    """Moving a command in time (still in order) breaks the commands digest."""
    rows = _commands(db)
    rows[-1]["tick"] += 1
    _store_commands(db, rows)
    code, out = _verify(capsys, finished)
    assert code == 1 and "the stored commands differs from the signed one" in out


@pytest.mark.parametrize("which", ["MAX", "MIN"])
def test_deleted_command_row_is_detected(finished, db, capsys, which):
    """Deleting the last (or first) command row is reported with the counts."""
    rows = _commands(db)
    del rows[-1 if which == "MAX" else 0]
    _store_commands(db, rows)
    code, out = _verify(capsys, finished)
    assert code == 1
    assert "command rows are stored (a row was deleted or added)" in out
    assert "the stored commands differs from the signed one" in out
    if which == "MIN":
        assert "command row 0 is missing" in out


def test_bad_seal_is_detected(finished, db, capsys):
    """A changed signature alone: the result seal no longer matches."""
    db.execute("UPDATE attempts SET seal = :sig", sig="0" * 128)
    code, out = _verify(capsys, finished)
    assert code == 1 and "the result seal does not count: the signature does not match" in out


def test_edited_seal_document_is_detected(finished, db, capsys):
    """Editing the signed text itself to match an edited column breaks the signature."""
    db.execute("UPDATE attempts SET sealed = replace(sealed, :old, :new), passed = true",
               old='"passed":false', new='"passed":true')
    code, out = _verify(capsys, finished)
    assert code == 1 and "the signature does not match" in out


def test_a_desk_that_does_not_trust_the_signer_refuses(finished, data_dir, capsys):
    """Signed by a key this desk does not trust (a forger's own key): not verified."""
    (data_dir / "trusted-desks.json").write_text('{"keys": {}}')
    code, out = _verify(capsys, finished)
    assert code == 1 and "which this desk does not trust" in out


def test_row_moved_to_another_trainee_is_detected(finished, db, capsys):
    """Moving the attempt to another trainee disagrees with both seals."""
    db.execute("INSERT INTO trainees SELECT 'ffffffffffffffffffffffffffffffff', 'Mallory', "
               "created_at FROM trainees")
    db.execute("UPDATE attempts SET trainee_id = 'ffffffffffffffffffffffffffffffff'")
    code, out = _verify(capsys, finished)
    assert code == 1 and "the attempt's trainee_id is" in out


def test_renamed_trainee_is_detected(finished, db, capsys):
    """Renaming the trainee (a certificate would print the new name) is caught."""
    db.execute("UPDATE trainees SET display_name = 'Eve'")
    code, out = _verify(capsys, finished)
    assert code == 1
    assert "the trainee's name is 'Eve' but the start seal says 'Ada'" in out


@pytest.mark.parametrize(("column", "value"), [
    ("finished_at", "2020-01-01T09:00:00+00:00"),
    ("created_at", "2020-01-01T08:00:00+00:00"),
    ("deadline_at", "2099-01-01T00:00:00+00:00"),
    ("status", "expired"),
    ("seed", 99),
    ("scenario_id", "busy-monday"),
    ("part", 1),
    ("sitting_id", "0" * 32),
    ("mode", "practice"),
    ("bot", None),
])
def test_every_signed_column_is_named_when_edited(finished, db, capsys, column, value):
    """Backdating, a longer deadline, another status, removing the bot's name...: named."""
    db.execute(f"UPDATE attempts SET {column} = :value", value=value)
    code, out = _verify(capsys, finished)
    assert code == 1 and f"the attempt's {column} is {value!r}" in out, out


def test_edited_journal_header_is_detected(finished, db, capsys):
    """A changed patient in the stored header: the digest and the re-derivation name it."""
    def rename(shift):
        shift["patients"][0]["name"] = "Someone Else"

    _refile_shift(db, rename)
    code, out = _verify(capsys, finished)
    assert code == 1
    assert "the stored journal header differs from the signed one" in out
    assert "shift.patients[0].name" in out


def test_shift_edited_in_place_is_detected(finished, db, capsys):
    """The shared shift rewritten under its old digest: the header reads as damaged."""
    shift = json.loads(unpack(db.execute("SELECT data FROM shifts")[0][0]))
    shift["patients"][0]["name"] = "Someone Else"
    db.execute("UPDATE shifts SET data = :data", data=pack(canonical_text(shift)))
    code, out = _verify(capsys, finished)
    assert code == 1 and "the stored journal header differs from the signed one" in out


def test_damaged_packed_columns_are_reported(finished, db, capsys):
    """Bytes that are not a packed text: reported as edited, never a traceback."""
    db.execute("UPDATE attempts SET scorecard_packed = :x, commands_packed = :x", x=b"junk")
    code, out = _verify(capsys, finished)
    assert code == 1
    assert "the stored scorecard differs from the signed one" in out
    assert "the stored commands differs from the signed one" in out


def test_changed_assessment_is_detected(finished, db, capsys):
    """Lowering the stored assessment's pass marks afterwards is reported."""
    db.execute("UPDATE assessments SET yaml = replace(yaml, 'overall: 70', 'overall: 10')")
    code, out = _verify(capsys, finished)
    assert code == 1 and "assessment 'quick' was changed after this attempt" in out


def test_renamed_assessment_title_is_detected(finished, db, capsys):
    """The title a certificate prints must be the one in the signed assessment file."""
    db.execute("UPDATE assessments SET title = 'Advanced certification'")
    code, out = _verify(capsys, finished)
    assert code == 1 and "titled 'Advanced certification' in the records" in out


def test_deleted_chain_head_is_detected(finished, db, capsys):
    """Deleting the record of how many attempts were made shows."""
    db.execute("DELETE FROM chains")
    code, out = _verify(capsys, finished)
    assert code == 1 and "chain head) was deleted" in out


def test_unknown_attempt_exits_2(finished, capsys):
    """An id that is not stored: exit 2."""
    code, out = _verify(capsys, "0" * 32)
    assert code == 2 and "no stored attempt" in out


def test_not_an_id_nor_a_file_exits_2(capsys):
    """A target that is neither a journal file nor an attempt id: exit 2."""
    code, out = _verify(capsys, "missing.jsonl")
    assert code == 2 and "no such journal file" in out


def test_verify_needs_no_private_key(finished, data_dir, capsys):
    """Checking uses public keys only: without desk.key an attempt still verifies."""
    (data_dir / "desk.key").unlink()
    code, out = _verify(capsys, finished)
    assert code == 0, out
    assert not (data_dir / "desk.key").exists()


def test_deleted_key_is_an_error_with_instructions_never_replaced(finished, data_dir, capsys):
    """A lost key stops the next sitting (exit 2) and is not silently replaced."""
    (data_dir / "desk.key").unlink()
    code = main(["assessment", "run", "quick", "--trainee", "Bea", "--bot", "expert"])
    err = capsys.readouterr().err
    assert code == 2 and "signing key is missing" in err and "desk new-key" in err
    assert not (data_dir / "desk.key").exists()
    assert main(["assessment", "results", "quick", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["trainee"] for r in rows] == ["Ada"]  # nothing was stored for Bea
    assert main(["desk", "new-key"]) == 0
    assert (data_dir / "desk.key").exists()
    assert _verify(capsys, finished)[0] == 0  # the old key's results still verify


def test_key_file_is_created_with_mode_0600(tmp_path, monkeypatch):
    """The key is created with 0600 even under a permissive umask, and trusted."""
    monkeypatch.setenv("FRONTDESK_KEY_FILE", str(tmp_path / "k" / "desk.key"))
    old = os.umask(0)
    try:
        key = keys.load_desk_key()
    finally:
        os.umask(old)
    path = tmp_path / "k" / "desk.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert keys.load_desk_key(create=False).key_id == key.key_id
    assert [p.name for p in path.parent.iterdir()] == ["desk.key"]  # no temp file left
    assert keys.Trust.load().keys[key.key_id]["own"] is True


def test_key_file_env_override(tmp_path, monkeypatch):
    """FRONTDESK_KEY_FILE and FRONTDESK_TRUST_FILE select the files."""
    monkeypatch.setenv("FRONTDESK_KEY_FILE", str(tmp_path / "elsewhere.key"))
    monkeypatch.setenv("FRONTDESK_TRUST_FILE", str(tmp_path / "trust.json"))
    assert keys.key_path() == tmp_path / "elsewhere.key"
    assert keys.trust_path() == tmp_path / "trust.json"


def test_key_readable_by_others_is_refused_before_the_sitting(finished, data_dir, capsys):
    """A key file other users can read stops a sitting before anything is stored."""
    (data_dir / "desk.key").chmod(0o644)
    code = main(["assessment", "run", "quick", "--trainee", "Bea", "--bot", "expert"])
    err = capsys.readouterr().err
    assert code == 2 and "chmod 600" in err
    assert main(["assessment", "results", "quick", "--json"]) == 0
    assert "Bea" not in capsys.readouterr().out


def test_signatures_cover_canonical_json(tmp_path, monkeypatch):
    """Key order does not matter, content does."""
    monkeypatch.setenv("FRONTDESK_KEY_FILE", str(tmp_path / "desk.key"))
    key = keys.load_desk_key()
    trust = keys.Trust.load()
    sig = key.sign({"b": 1, "a": 2})
    assert trust.check(key.key_id, {"a": 2, "b": 1}, sig) is None
    assert keys.canonical({"b": 1, "a": [1, 2]}) == b'{"a":[1,2],"b":1}'
    assert "edited" in trust.check(key.key_id, {"a": 2, "b": 2}, sig)


def test_a_stored_shift_naming_a_missing_patient_is_reported(finished, db, capsys):
    """An attempt whose (re-filed) shift has a task naming a missing patient: exit 1."""
    def lose_patient(shift):
        next(t for t in shift["tasks"] if t.get("patient_id"))["patient_id"] = "p-missing"

    _refile_shift(db, lose_patient)
    code, out = _verify(capsys, finished)
    assert code == 1
    assert "names patient p-missing, which it does not have" in out
