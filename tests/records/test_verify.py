"""frontdesk verify ATTEMPT_ID: exit 0 untouched, 1 for any tampering, 2 for unknown."""

import json
import os
import stat

import pytest

from simulator.cli import main
from simulator.records import signing


@pytest.fixture
def finished(finished_any):
    """The finished attempt's id, on SQLite and (when configured) on PostgreSQL."""
    return finished_any[0]


@pytest.fixture
def db(finished_any):
    """Raw SQL on the database holding ``finished``."""
    return finished_any[1]


def _verify(capsys, attempt_id, *extra):
    code = main(["verify", attempt_id, *extra])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out + out.err


def test_untouched_attempt_verifies(finished, capsys):
    """An untouched attempt: exit 0, replay, score and signature all match."""
    code, text = _verify(capsys, finished)
    assert code == 0, text
    assert f"attempt {finished}: ok:" in text and "signature valid" in text


def test_db_option_is_accepted(finished, db, data_dir, capsys):
    """verify --db URL reads that database."""
    url = db.url or f"sqlite:///{data_dir / 'frontdesk.sqlite'}"
    code, _ = _verify(capsys, finished, "--db", url)
    assert code == 0


def test_edited_score_is_detected(finished, db, capsys):
    """Raising the stored score: signature and re-scoring both disagree."""
    card = json.loads(db.execute("SELECT scorecard FROM attempts")[0][0])
    assert card["passed"] is False
    card["overall"], card["passed"] = 95, True
    db.execute("UPDATE attempts SET scorecard = :card, overall = 95, passed = true",
               card=json.dumps(card, sort_keys=True, separators=(",", ":")))
    code, text = _verify(capsys, finished)
    assert code == 1
    assert "signature does not match" in text
    assert "the stored scorecard says overall 95, re-scoring gives" in text


def test_edited_summary_column_is_detected(finished, db, capsys):
    """Flipping only the 'passed' column a report reads is caught too."""
    db.execute("UPDATE attempts SET passed = NOT passed")
    code, text = _verify(capsys, finished)
    assert code == 1 and "the attempt row's passed is" in text


def test_edited_command_is_detected(finished, db, capsys):
    """Changing one stored command: replay and signature disagree."""
    seq, text = db.execute("SELECT seq, command FROM attempt_commands "
                           "WHERE command LIKE '%check_identity%' ORDER BY seq")[0]
    command = json.loads(text)
    command["type"] = "acknowledge"
    command = {k: v for k, v in command.items() if k in ("type", "task")}
    db.execute("UPDATE attempt_commands SET command = :command WHERE seq = :seq",
               command=json.dumps(command), seq=seq)
    code, out = _verify(capsys, finished)
    assert code == 1
    assert "signature does not match" in out and "a command was edited" in out


def test_edited_tick_is_detected(finished, db, capsys):
    """Moving a command in time (still in order) changes the replay."""
    db.execute("UPDATE attempt_commands SET tick = tick + 1 WHERE seq = "
                          "(SELECT MAX(seq) FROM attempt_commands)")
    code, out = _verify(capsys, finished)
    assert code == 1 and "signature does not match" in out


@pytest.mark.parametrize("which", ["MAX", "MIN"])
def test_deleted_command_row_is_detected(finished, db, capsys, which):
    """Deleting the last (or first) command row is reported with the counts."""
    db.execute(f"DELETE FROM attempt_commands WHERE seq = "
                          f"(SELECT {which}(seq) FROM attempt_commands)")
    code, out = _verify(capsys, finished)
    assert code == 1
    assert "command rows are stored (a row was deleted or added)" in out
    assert "signature does not match" in out
    if which == "MIN":
        assert "command row 0 is missing" in out


def test_bad_signature_is_detected(finished, db, capsys):
    """A changed signature alone: exit 1, only the signature line."""
    db.execute("UPDATE attempts SET signature = :sig", sig="0" * 64)
    code, out = _verify(capsys, finished)
    assert code == 1
    assert out.count("  - ") == 1 and "signature does not match" in out


def test_another_key_is_detected(finished, data_dir, capsys):
    """A different key file (a forger's, or the wrong one): the signature fails."""
    key = data_dir / "signing.key"
    key.write_text("ab" * 32 + "\n")
    code, out = _verify(capsys, finished)
    assert code == 1 and "signed with another key" in out


def test_row_swapped_to_another_trainee_is_detected(finished, db, capsys):
    """Moving the attempt to another trainee disagrees with the signed header."""
    db.execute("INSERT INTO trainees SELECT 'ffffffffffffffffffffffffffffffff', 'Mallory', "
               "created_at FROM trainees")
    db.execute("UPDATE attempts SET trainee_id = 'ffffffffffffffffffffffffffffffff'")
    code, out = _verify(capsys, finished)
    assert code == 1 and "the attempt row's trainee_id is" in out


def test_changed_assessment_is_detected(finished, db, capsys):
    """Lowering the stored assessment's pass marks afterwards is reported."""
    db.execute("UPDATE assessments SET yaml = replace(yaml, 'overall: 70', "
                          "'overall: 10')")
    code, out = _verify(capsys, finished)
    assert code == 1 and "assessment 'quick' was changed after this attempt" in out


def test_unknown_attempt_exits_2(finished, capsys):
    """An id that is not stored: exit 2."""
    code, out = _verify(capsys, "0" * 32)
    assert code == 2 and "no stored attempt" in out


def test_not_an_id_nor_a_file_exits_2(capsys):
    """A target that is neither a journal file nor an attempt id: exit 2."""
    code, out = _verify(capsys, "missing.jsonl")
    assert code == 2 and "no such journal file" in out


def test_missing_key_exits_2(finished, data_dir, capsys):
    """Without the key the signature cannot be checked: exit 2, and no new key is made."""
    (data_dir / "signing.key").unlink()
    code, out = _verify(capsys, finished)
    assert code == 2 and "no signing key" in out
    assert not (data_dir / "signing.key").exists()


def test_key_file_is_created_with_mode_0600(tmp_path):
    """The key is created with 0600 even under a permissive umask."""
    old = os.umask(0)
    try:
        key = signing.load_key(tmp_path / "k" / "signing.key")
    finally:
        os.umask(old)
    path = tmp_path / "k" / "signing.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(key) == 32 and signing.load_key(path, create=False) == key
    assert [p.name for p in path.parent.iterdir()] == ["signing.key"]  # no temp file left


def test_finished_attempt_key_is_0600_next_to_the_db(finished, data_dir):
    """The default key sits next to the database, mode 0600."""
    assert stat.S_IMODE((data_dir / "signing.key").stat().st_mode) == 0o600


def test_key_file_env_override(tmp_path, monkeypatch):
    """FRONTDESK_KEY_FILE selects the key file."""
    from simulator.records.store import Store

    monkeypatch.setenv("FRONTDESK_KEY_FILE", str(tmp_path / "elsewhere.key"))
    assert Store().key_path == tmp_path / "elsewhere.key"


def test_key_readable_by_others_is_refused(tmp_path):
    """A key file other users can read is refused, with the chmod to run."""
    path = tmp_path / "signing.key"
    signing.load_key(path)
    path.chmod(0o644)
    with pytest.raises(signing.ContentError, match="chmod 600"):
        signing.load_key(path)


def test_signature_is_hmac_over_canonical_json():
    """The HMAC covers canonical JSON: key order does not matter, content does."""
    key = b"k" * 32
    a = signing.payload({"b": 1, "a": 2}, [], {"outcomes": 0, "outcome_hash": ""}, {"x": 1})
    b = signing.payload({"a": 2, "b": 1}, [], {"outcomes": 0, "outcome_hash": ""}, {"x": 1})
    assert signing.sign(key, a) == signing.sign(key, b)
    assert signing.canonical({"b": 1, "a": [1, 2]}) == b'{"a":[1,2],"b":1}'
    b["scorecard"]["x"] = 2
    assert not signing.check(key, b, signing.sign(key, a))
