"""Rows edited into the wrong type (SQLite keeps whatever it is given): named, never a crash.

Each case is one the store fuzz (``test_store_fuzz.py``) found: ``verify`` reports it as a
difference (exit 1), the cohort report lists the attempt as unverified and goes on, and a
listing that cannot show the row stops with exit 2 and the reason.
"""

import sqlite3

import pytest

from simulator.cli import main


@pytest.fixture
def sql(finished, data_dir):
    """Raw SQL on the SQLite file holding ``finished`` (behind the program's back)."""
    def run(statement: str, *params):
        conn = sqlite3.connect(data_dir / "frontdesk.sqlite")
        try:
            conn.execute(statement, params)
            conn.commit()
        finally:
            conn.close()
    return run


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out + out.err


@pytest.mark.parametrize(("column", "value"), [
    ("scenario_id", b"calm-morning"), ("part", "first"), ("overall", 99.5),
    ("journal_header", b"{}"), ("seed", "three")])
def test_a_wrongly_typed_attempt_column_is_named_by_verify(finished, sql, capsys, column,
                                                           value):
    """Bytes for text, text for a number, a fraction for a score: exit 1, the column named."""
    sql(f"UPDATE attempts SET {column} = ?", value)
    code, out = _run(capsys, "verify", finished)
    assert code == 1 and "wrong type" in out and column in out, out


def test_a_wrongly_typed_row_is_unverified_in_the_report(finished, sql, capsys, tmp_path):
    """The report goes on: the attempt's CSV row says unverified, with the column."""
    sql("UPDATE attempts SET part = ?", "first")
    code, _ = _run(capsys, "report", "cohort", "--out", str(tmp_path / "report.html"),
                   "--csv", str(tmp_path / "report.csv"))
    assert code == 0
    csv = (tmp_path / "report.csv").read_text(encoding="utf-8")
    assert "wrong type in part" in csv and finished in csv


def test_a_listing_of_a_wrongly_typed_row_stops_with_the_reason(finished, sql, capsys):
    """``assessment results`` cannot show a part called "first": exit 2, never a traceback."""
    sql("UPDATE attempts SET part = ?", "first")
    code, out = _run(capsys, "assessment", "results", "quick")
    assert code == 2 and "wrong type in part" in out and "edited outside" in out


def test_assessment_text_stored_as_bytes_is_named(finished, sql, capsys):
    """The stored assessment file as bytes: verify says so instead of failing to read it."""
    sql("UPDATE assessments SET yaml = CAST(yaml AS BLOB)")
    code, out = _run(capsys, "verify", finished)
    assert code == 1 and "wrong type in yaml" in out


def test_a_trainee_name_stored_as_bytes_is_named(finished, sql, capsys):
    """A trainee's name as bytes: named, not a crash while comparing it with the seal."""
    sql("UPDATE trainees SET display_name = CAST(display_name AS BLOB)")
    code, out = _run(capsys, "verify", finished)
    assert code == 1 and "wrong type in display_name" in out


def test_a_chain_place_stored_as_text_is_named(finished, sql, capsys):
    """An attempt's place in the chain as text: named by the results and by verify."""
    sql("UPDATE attempts SET chain_seq = ?", "zero")
    code, out = _run(capsys, "verify", finished)
    assert code == 1 and "chain_seq" in out


def test_a_deleted_summary_is_named(finished, sql, capsys):
    """The signed report summary set to NULL: verify says it is missing (the report then
    reads and checks the ScoreCard instead, so its figures stay right)."""
    sql("UPDATE attempts SET summary = NULL")
    code, out = _run(capsys, "verify", finished)
    assert code == 1 and "the stored summary is missing" in out
