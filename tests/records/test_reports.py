"""Cohort reports (HTML + CSV) and PDF certificates, through the real CLI and store."""

import csv
import importlib.util
import io
import re
import sqlite3

import pytest

from simulator.cli import main
from tests.records.reports_helpers import COHORT, cohort_template, copy_cohort

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="session")
def _cohort_template(tmp_path_factory):
    return cohort_template(tmp_path_factory)


@pytest.fixture
def cohort(_cohort_template, data_dir):
    """The recorded cohort in this test's data folder: attempts by trainee name."""
    return copy_cohort(_cohort_template, data_dir)


def run(*argv):
    return main(list(argv))


# -- cohort report ------------------------------------------------------------------------------


def test_html_report_lists_every_trainee(cohort, tmp_path):
    """The HTML report has a row for every trainee, with their verdict."""
    out = tmp_path / "report.html"
    assert run("report", "cohort", "--out", str(out)) == 0
    html = out.read_text(encoding="utf-8")
    for name in ("Ada", "Dương Thị Hà", "&lt;script&gt;alert(1)&lt;/script&gt;"):
        assert name in html
    assert "PASS" in html and "FAIL" in html
    assert "synthetic training data" in html


def test_html_report_escapes_a_script_name(cohort, tmp_path):
    """A trainee named <script>alert(1)</script> is printed as text, never as markup."""
    out = tmp_path / "report.html"
    assert run("report", "cohort", "--out", str(out)) == 0
    html = out.read_text(encoding="utf-8")
    assert SCRIPT not in html
    assert "<script" not in html.lower()


def test_html_report_is_self_contained(cohort, tmp_path):
    """No external stylesheet, script, image or font: CSS is inline and charts are SVG."""
    out = tmp_path / "report.html"
    assert run("report", "cohort", "--assessment", "quick", "--out", str(out)) == 0
    html = out.read_text(encoding="utf-8")
    assert "<style>" in html and html.count("<svg") == 5
    assert not re.search(r"<(link|script|img|iframe)\b", html, re.I)
    assert not re.search(r"(src|href)\s*=", html, re.I)
    assert re.findall(r"https?://[^\"' ]+", html) == ["http://www.w3.org/2000/svg"] * 5


def test_html_report_has_heatmap_and_item_analysis(cohort, tmp_path):
    """Competencies from the ScoreCards head the heatmap; feedback codes fill the analysis."""
    from simulator.records.store import Store

    out = tmp_path / "report.html"
    assert run("report", "cohort", "--out", str(out)) == 0
    html = out.read_text(encoding="utf-8")
    store = Store()
    try:
        card = store.attempt(cohort["Ada"]["attempt_id"])["scorecard"]
    finally:
        store.close()
    for competency in card["competencies"]:
        assert competency in html
    for item in card["feedback"]:
        assert item["code"] in html
    assert "Critical fails by rule" in html and "Moments that trip trainees most" in html


def test_csv_has_a_row_per_attempt(cohort, tmp_path):
    """The CSV has a header and one row per scored attempt, names intact."""
    out, table = tmp_path / "report.html", tmp_path / "attempts.csv"
    assert run("report", "cohort", "--out", str(out), "--csv", str(table)) == 0
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8-sig"))))
    assert len(rows) == len(COHORT)
    assert {r["attempt_id"] for r in rows} == {a["attempt_id"] for a in cohort.values()}
    assert {r["trainee"] for r in rows} == set(COHORT)
    ada = next(r for r in rows if r["trainee"] == "Ada")
    assert ada["passed"] == "no" and int(ada["overall"]) == cohort["Ada"]["overall"]


def test_csv_defuses_spreadsheet_formulas():
    """A text cell starting with '=' gets an apostrophe so a spreadsheet shows it as text."""
    from simulator.records.report import render_csv

    text = render_csv([{"attempt_id": "a" * 32, "trainee": "=HYPERLINK(1)", "overall": 5,
                        "passed": False, "dimensions": {}}])
    assert "'=HYPERLINK(1)" in text


def test_unknown_assessment_is_exit_2_and_writes_nothing(cohort, tmp_path, capsys):
    """--assessment naming nothing stored: exit 2, the flag named, no file."""
    out = tmp_path / "report.html"
    assert run("report", "cohort", "--assessment", "nope", "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert "--assessment" in err and "nope" in err and "quick" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_missing_output_folder_is_exit_2(cohort, tmp_path, capsys):
    """An --out in a folder that does not exist: exit 2 naming the file, nothing written."""
    out = tmp_path / "missing" / "report.html"
    assert run("report", "cohort", "--out", str(out)) == 2
    assert "report.html" in capsys.readouterr().err
    assert not out.parent.exists()


def test_no_database_is_exit_2(tmp_path, capsys):
    """With no records database yet, the report says so (exit 2) and creates none."""
    assert run("report", "cohort", "--out", str(tmp_path / "r.html")) == 2
    assert "no records database" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_report_keeps_the_old_file_when_writing_fails(cohort, tmp_path, monkeypatch):
    """A failed write leaves the previous report whole (atomic replace)."""
    import simulator.fileio as fileio

    out = tmp_path / "report.html"
    out.write_text("old report", encoding="utf-8")

    def boom(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "replace", boom)
    assert run("report", "cohort", "--out", str(out)) == 2
    assert out.read_text(encoding="utf-8") == "old report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


def test_progress_every_ten_percent_for_big_cohorts(capsys):
    """Big cohorts get a progress line per 10 % on stderr; small ones stay quiet."""
    from simulator.commands.reports import _Progress

    progress = _Progress("aggregated")
    for done in range(1, 2001):
        progress(done, 2000)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 10 and lines[-1].startswith("report: aggregated 100%")
    small = _Progress("aggregated")
    for done in range(1, 11):
        small(done, 10)
    assert capsys.readouterr().err == ""


def test_aggregate_counts_items_and_critical_fails():
    """Item analysis counts attempts per feedback code and critical fails per rule."""
    from simulator.records.report import aggregate

    def attempt(n, codes, rules):
        card = {"competencies": {"privacy.x": {"earned": n, "possible": 10, "percent": n * 10}},
                "feedback": [{"code": c, "dimension": "compliance", "competency": "privacy.x",
                              "count": 2, "critical": bool(rules), "task": "t1",
                              "clock": "09:00", "what": "w", "expert_move": "m"}
                             for c in codes],
                "critical_fails": [{"rule": r, "reason": "because", "task": "t1"}
                                   for r in rules], "pass_marks": {"overall": 70}}
        return {"attempt_id": f"a{n}", "trainee_id": f"t{n % 2}", "trainee": f"T{n % 2}",
                "sitting_id": f"s{n}", "overall": n * 10, "passed": n * 10 >= 70,
                "dimensions": {"compliance": n * 10}, "critical_fails": len(rules),
                "scenario": "calm", "seed": 1, "finished_at": "", "created_at": "",
                "scorecard": card}

    cohort = aggregate([attempt(3, ["privacy"], ["phi_disclosed"]), attempt(8, [], []),
                        attempt(5, ["privacy", "identity"], ["phi_disclosed"])])
    kinds = {m["code"]: m for m in cohort.mistakes}
    assert kinds["privacy"]["attempts"] == 2 and kinds["privacy"]["occurrences"] == 4
    assert kinds["identity"]["attempts"] == 1
    assert cohort.criticals[0]["rule"] == "phi_disclosed"
    assert cohort.criticals[0]["attempts"] == 2
    assert cohort.moments[0]["attempts"] == 2 and cohort.moments[0]["taken"] == 3
    assert [t.passed for t in cohort.trainees] == [True, False]
    assert cohort.overall_hist[3] == cohort.overall_hist[5] == cohort.overall_hist[8] == 1
    assert dict(cohort.heat)["T1"] == [(3 + 5) * 100 // 20]


# -- certificates -------------------------------------------------------------------------------


def test_certificate_for_a_vietnamese_name(cohort, tmp_path, capsys):
    """A passed, signed attempt gets a PDF; a name beyond Latin-1 prints (fonts embedded)."""
    out = tmp_path / "cert.pdf"
    attempt = cohort["Dương Thị Hà"]
    assert run("report", "certificate", attempt["attempt_id"], "--out", str(out)) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert b"NotoSans" in data
    assert f"frontdesk verify {attempt['attempt_id']}" in capsys.readouterr().out


def test_certificate_carries_the_signature(cohort, tmp_path):
    """The certificate's data holds the attempt id and its stored HMAC signature."""
    from simulator.records.certificate import certificate_data
    from simulator.records.store import Store

    attempt_id = cohort["Dương Thị Hà"]["attempt_id"]
    store = Store()
    try:
        data = certificate_data(store, attempt_id)
        signature = store.attempt_row(attempt_id)["signature"]
    finally:
        store.close()
    assert data.signature == signature and re.fullmatch(r"[0-9a-f]{64}", signature)
    assert data.name == "Dương Thị Hà" and data.passed and data.assessment_title


def test_certificate_for_a_chinese_name():
    """Letters Noto Sans lacks come from a fallback Noto font."""
    from simulator.records.certificate import CertificateData, render_pdf

    pdf = render_pdf(CertificateData(
        name="李小龍 Łukasz Żółć", attempt_id="a" * 32, signature="b" * 64, overall=90,
        passed=True, finished_at="2025-03-01T10:00:00+00:00", scenario_id="calm-morning",
        scenario_title="Calm morning", seed=3))
    assert pdf.startswith(b"%PDF") and b"NotoSansSC" in pdf


@pytest.mark.skipif(importlib.util.find_spec("uharfbuzz") is not None,
                    reason="with text shaping installed, Arabic names print")
def test_certificate_refuses_a_name_it_cannot_print():
    """Without text shaping, an Arabic name is refused with a clear message."""
    from simulator.errors import ContentError
    from simulator.records.certificate import CertificateData, render_pdf

    with pytest.raises(ContentError, match="uharfbuzz"):
        render_pdf(CertificateData(
            name="محمد", attempt_id="a" * 32, signature="b" * 64, overall=90, passed=True,
            finished_at="2025-03-01T10:00:00+00:00", scenario_id="calm-morning",
            scenario_title="Calm morning", seed=3))


def test_certificate_refused_for_a_failed_attempt(cohort, tmp_path, capsys):
    """A failed attempt gets no certificate: exit 1 with the reason, no file."""
    out = tmp_path / "cert.pdf"
    assert run("report", "certificate", cohort["Ada"]["attempt_id"], "--out", str(out)) == 1
    assert "did not pass" in capsys.readouterr().err
    assert not out.exists()


def test_certificate_refused_for_an_unsigned_attempt(cohort, data_dir, tmp_path, capsys):
    """An attempt without a signature gets no certificate: exit 1."""
    attempt_id = cohort["Dương Thị Hà"]["attempt_id"]
    db = sqlite3.connect(data_dir / "frontdesk.sqlite")
    db.execute("UPDATE attempts SET signature = NULL WHERE id = ?", (attempt_id,))
    db.commit()
    db.close()
    out = tmp_path / "cert.pdf"
    assert run("report", "certificate", attempt_id, "--out", str(out)) == 1
    assert "not signed" in capsys.readouterr().err
    assert not out.exists()


def test_certificate_refused_for_edited_records(cohort, data_dir, tmp_path, capsys):
    """An attempt whose stored score was edited does not verify: exit 1, no file."""
    attempt_id = cohort["Ada"]["attempt_id"]
    db = sqlite3.connect(data_dir / "frontdesk.sqlite")
    db.execute("UPDATE attempts SET passed = 1, overall = 95 WHERE id = ?", (attempt_id,))
    db.commit()
    db.close()
    out = tmp_path / "cert.pdf"
    assert run("report", "certificate", attempt_id, "--out", str(out)) == 1
    assert "does not verify" in capsys.readouterr().err
    assert not out.exists()


def test_certificate_for_an_unknown_attempt_is_exit_2(cohort, tmp_path, capsys):
    """An attempt id that is not stored, or not an id at all, is bad input: exit 2."""
    out = tmp_path / "cert.pdf"
    assert run("report", "certificate", "0" * 32, "--out", str(out)) == 2
    assert "no stored attempt" in capsys.readouterr().err
    assert run("report", "certificate", "nonsense", "--out", str(out)) == 2
    assert "ATTEMPT_ID" in capsys.readouterr().err
    assert not out.exists()
