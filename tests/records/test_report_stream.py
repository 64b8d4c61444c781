"""The streamed cohort report: the same figures as the whole-table path, and a seal cache
that makes a second report faster without ever hiding an edit."""

import csv
import io
import json
import os
import sqlite3

import pytest

from simulator.cli import main
from tests.records.reports_helpers import copy_cohort


@pytest.fixture
def cohort(cohort_template_dir, data_dir, tmp_path, monkeypatch):
    """The recorded cohort, with a seal cache of this test's own."""
    monkeypatch.setenv("FRONTDESK_CACHE_DIR", str(tmp_path / "cache"))
    return copy_cohort(cohort_template_dir, data_dir)


def _report(tmp_path, capsys):
    out, table = tmp_path / "r.html", tmp_path / "r.csv"
    capsys.readouterr()
    assert main(["report", "cohort", "--out", str(out), "--csv", str(table)]) == 0
    capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8-sig"))))
    return out.read_text(encoding="utf-8"), {r["trainee"]: r for r in rows}


def _sql(data_dir, query, *args):
    db = sqlite3.connect(data_dir / "frontdesk.sqlite")
    db.execute(query, args)
    db.commit()
    db.close()


def test_streamed_report_matches_the_whole_table_path(cohort, data_dir):
    """Streaming (summaries, one trainee at a time) gives the figures of aggregate()."""
    from simulator.records.report import CohortBuilder, build_cohort
    from simulator.records.report_read import read_cohort
    from simulator.records.seal_store import checked_attempts
    from simulator.records.store import Store

    store = Store()
    try:
        whole, _ = build_cohort(checked_attempts(store, "quick", scorecards=True),
                                store.assessment("quick"))
        builder = CohortBuilder(title=whole.title, parts_expected=1)
        read_cohort(store, builder, "quick")
        streamed = builder.finish(texts=lambda a: store.attempt(a)["scorecard"])
    finally:
        store.close()
    for field in ("attempts", "passed_attempts", "competencies", "heat", "overall_hist",
                  "dimension_hists", "pass_marks", "criticals", "mean_overall"):
        assert getattr(streamed, field) == getattr(whole, field), field
    assert streamed.mistakes == whole.mistakes and streamed.moments == whole.moments
    assert [(t.name, t.verdict, t.next) for t in streamed.trainees] == \
        [(t.name, t.verdict, t.next) for t in whole.trainees]
    assert whole.mistakes and all(m["expert_move"] for m in whole.mistakes)


def test_an_edit_after_a_cached_report_is_still_caught(cohort, data_dir, tmp_path, capsys):
    """The second report trusts what it checked before, and nothing edited since."""
    _, first = _report(tmp_path, capsys)
    assert first["Ada"]["verified"] == "yes"
    assert list((tmp_path / "cache" / "seals").iterdir())  # the checks were remembered
    _sql(data_dir, "UPDATE attempts SET overall = 99 WHERE trainee_id = "
         "(SELECT id FROM trainees WHERE display_name = 'Ada')")
    html, again = _report(tmp_path, capsys)
    assert again["Ada"]["verified"] == "no"
    assert "the attempt's overall is 99 but the result seal says" in again["Ada"][
        "verify_problem"]
    assert again["Dương Thị Hà"]["verified"] == "yes"


def test_an_edited_summary_after_a_cached_report_is_caught(cohort, data_dir, tmp_path,
                                                           capsys):
    """The summary the report counts is covered by the seal, cached or not."""
    _report(tmp_path, capsys)
    db = sqlite3.connect(data_dir / "frontdesk.sqlite")
    (text,) = db.execute("SELECT summary FROM attempts JOIN trainees ON trainees.id = "
                         "trainee_id WHERE display_name = 'Ada'").fetchone()
    db.close()
    summary = json.loads(text)
    summary["kinds"] = []
    _sql(data_dir, "UPDATE attempts SET summary = ? WHERE summary = ?",
         json.dumps(summary, sort_keys=True, separators=(",", ":")), text)
    _, again = _report(tmp_path, capsys)
    assert again["Ada"]["verified"] == "no"
    assert "summary differs from the signed one" in again["Ada"]["verify_problem"]


def test_a_key_no_longer_trusted_is_refused_despite_the_cache(cohort, data_dir, tmp_path,
                                                              capsys):
    """Dropping a desk from the trust list counts at once, whatever was cached."""
    _report(tmp_path, capsys)
    (data_dir / "trusted-desks.json").write_text('{"keys": {}}')
    _, again = _report(tmp_path, capsys)
    assert {r["verified"] for r in again.values()} == {"no"}


def test_a_cache_others_could_write_is_ignored(cohort, data_dir, tmp_path, capsys):
    """A seal cache in a folder other users can write to is not read (nor trusted)."""
    from simulator.records.sealcache import SealCache

    _report(tmp_path, capsys)
    folder = tmp_path / "cache" / "seals"
    assert SealCache.open().known
    os.chmod(folder, 0o777)
    try:
        assert not SealCache.open().known
    finally:
        os.chmod(folder, 0o700)


def test_no_cache_when_turned_off(cohort, data_dir, tmp_path, capsys, monkeypatch):
    """FRONTDESK_NO_CACHE=1: every seal verified, nothing written."""
    monkeypatch.setenv("FRONTDESK_NO_CACHE", "1")
    _, rows = _report(tmp_path, capsys)
    assert rows["Ada"]["verified"] == "yes"
    assert not (tmp_path / "cache").exists()


def test_report_on_each_backend(finished_any, tmp_path, capsys, monkeypatch):
    """The streamed read runs on SQLite and PostgreSQL alike (driver SQL, booleans)."""
    monkeypatch.setenv("FRONTDESK_CACHE_DIR", str(tmp_path / "cache"))
    attempt_id, _ = finished_any
    for _ in range(2):  # the second run reads the checks the first one remembered
        html, rows = _report(tmp_path, capsys)
        assert rows["Ada"]["attempt_id"] == attempt_id
        assert (rows["Ada"]["bot"], rows["Ada"]["verified"]) == ("novice", "yes")
        assert "calibration (novice bot)" in html
