"""A version-1 records database: upgraded on open, its HMAC-sealed attempts re-sealed."""

import hashlib
import hmac
import json
import sqlite3

import pytest

from simulator.cli import main
from simulator.records.keys import canonical

from .oldschema import to_version_1

OLD_KEY = b"k" * 32


def _make_version_1(data_dir, *, tamper=None):
    """Turn the finished fixture's database into what version 1 left behind."""
    to_version_1(data_dir / "frontdesk.sqlite")
    db = sqlite3.connect(data_dir / "frontdesk.sqlite")
    header, card, count, digest, attempt_id = db.execute(
        "SELECT journal_header, scorecard, outcome_count, outcome_hash, id FROM attempts"
    ).fetchone()
    commands = [{"seq": s, "tick": t, "command": json.loads(c)} for s, t, c in db.execute(
        "SELECT seq, tick, command FROM attempt_commands ORDER BY seq")]
    document = {"journal": {"header": json.loads(header), "commands": commands,
                            "trailer": {"outcomes": count, "outcome_hash": digest}},
                "scorecard": json.loads(card)}
    mac = hmac.new(OLD_KEY, canonical(document), hashlib.sha256).hexdigest()
    db.execute("UPDATE attempts SET signature = ?", (mac,))
    if tamper == "column":
        db.execute("UPDATE attempts SET overall = 99, passed = 1")
    elif tamper == "scorecard":
        db.execute("UPDATE attempts SET scorecard = replace(scorecard, '\"passed\":false', "
                   "'\"passed\":true')")
    db.commit()
    db.close()
    (data_dir / "signing.key").write_text(OLD_KEY.hex() + "\n")
    return attempt_id


def _results(capsys):
    capsys.readouterr()
    assert main(["assessment", "results", "quick", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_version_1_database_is_upgraded_and_resealed(finished, data_dir, capsys):
    attempt_id = _make_version_1(data_dir)
    (row,) = _results(capsys)  # opening the store upgrades it
    version = sqlite3.connect(data_dir / "frontdesk.sqlite").execute(
        "SELECT value FROM records_meta WHERE key = 'schema_version'").fetchone()[0]
    assert version == "3"
    assert row["verified"] is False and "older version" in row["verify_problem"]
    assert main(["verify", attempt_id]) == 1
    capsys.readouterr()
    assert main(["desk", "reseal-legacy"]) == 0
    assert "re-sealed 1 attempt(s)" in capsys.readouterr().out
    (row,) = _results(capsys)
    assert row["verified"] is True and row["bot"] == "novice"
    assert main(["verify", attempt_id]) == 0


@pytest.mark.parametrize(("tamper", "said"), [
    ("column", "the replay no longer gives the stored result"),
    ("scorecard", "its old seal does not match")])
def test_an_edited_version_1_attempt_is_not_resealed(finished, data_dir, capsys, tamper, said):
    _make_version_1(data_dir, tamper=tamper)
    _results(capsys)
    assert main(["desk", "reseal-legacy"]) == 1
    assert said in capsys.readouterr().out
    (row,) = _results(capsys)
    assert row["verified"] is False
