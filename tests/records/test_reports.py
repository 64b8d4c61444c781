"""Cohort reports (HTML + CSV) and PDF certificates, through the real CLI and store."""

import csv
import io
import re

import pytest
from markupsafe import escape

from simulator.cli import main
from tests.records.reports_helpers import (
    COHORT,
    attempt,
    copy_cohort,
    feedback,
    reply,
)

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def cohort(cohort_template_dir, data_dir):
    """The recorded cohort in this test's data folder: attempts by trainee name."""
    return copy_cohort(cohort_template_dir, data_dir)


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
    """Competencies head the heatmap and mistakes fill the analysis, all by their names."""
    from simulator.records.report import is_mistake
    from simulator.records.report_labels import competency_label, mistake_label
    from simulator.records.store import Store

    out = tmp_path / "report.html"
    assert run("report", "cohort", "--out", str(out)) == 0
    html = out.read_text(encoding="utf-8")
    store = Store()
    try:
        card = store.attempt(cohort["Ada"]["attempt_id"])["scorecard"]
    finally:
        store.close()
    for competency, share in card["competencies"].items():
        if share["possible"]:
            assert escape(competency_label(competency)) in html
    mistakes = [item for item in card["feedback"] if is_mistake(item)]
    assert mistakes
    for item in mistakes:
        assert escape(mistake_label(item["code"])) in html
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

    def make(n, codes, rules):
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

    cohort = aggregate([make(3, ["privacy"], ["phi_disclosed"]), make(8, [], []),
                        make(5, ["privacy", "identity"], ["phi_disclosed"])])
    kinds = {m["code"]: m for m in cohort.mistakes}
    assert kinds["privacy"]["attempts"] == 2 and kinds["privacy"]["occurrences"] == 4
    assert kinds["identity"]["attempts"] == 1
    assert cohort.criticals[0]["rule"] == "phi_disclosed"
    assert cohort.criticals[0]["attempts"] == 2
    assert cohort.moments[0]["attempts"] == 2 and cohort.moments[0]["taken"] == 3
    assert [t.passed for t in cohort.trainees] == [True, False]
    assert cohort.overall_hist[3] == cohort.overall_hist[5] == cohort.overall_hist[8] == 1
    # The heatmap shows T1's latest sitting (s5), not the pool of both.
    assert dict(cohort.heat)["T1"] == [5 * 100 // 10]


# -- what the trainer reads (hand-built rows) ------------------------------------------------

BERLIN = "Europe/Berlin"


def html_of(rows, quiz=()):
    from zoneinfo import ZoneInfo

    from simulator.records.report import aggregate, render_html

    cohort = aggregate(rows, quiz_answers=quiz)
    return cohort, render_html(cohort, "2026-12-03T08:30:00+00:00", ZoneInfo(BERLIN))


def percents(html):
    """Every number the page prints in a "% ..." column or as "N%"."""
    cells = re.findall(r'<td class="n">(\d+(?:\.\d+)?)%?</td>', html)
    return [float(c) for c in cells]


def test_shares_are_of_attempts_never_of_items():
    """Three weak replies in one conversation are one attempt tripped: 50 %, not 150 %."""
    rows = [attempt(1, items=[reply("weak", "t7"), reply("harmful", "t7"), reply("weak", "t7"),
                              feedback("identity", count=5)]),
            attempt(2, trainee="Bo", items=[])]
    cohort, html = html_of(rows)
    kinds = {m["code"]: m for m in cohort.mistakes}
    assert kinds["reply"]["attempts"] == 1 and kinds["reply"]["share"] == 50.0
    assert kinds["identity"]["occurrences"] == 5 and kinds["identity"]["share"] == 50.0
    moment = next(m for m in cohort.moments if m["code"] == "reply")
    assert (moment["attempts"], moment["taken"], moment["share"]) == (1, 2, 50.0)
    assert all(m["share"] <= 100 for m in cohort.moments + cohort.mistakes + cohort.criticals)
    assert max(percents(html)) <= 100


def test_a_good_reply_is_no_trip_up():
    """A reply rated good (or an item that cost nothing) is not listed as a mistake."""
    rows = [attempt(1, items=[reply("good"), feedback("greeted", impact=0)]),
            attempt(2, items=[reply("weak"), feedback("copay", impact=0, critical=True)])]
    cohort, html = html_of(rows)
    kinds = {m["code"]: m for m in cohort.mistakes}
    assert kinds["reply"]["attempts"] == 1 and "greeted" not in kinds
    assert kinds["copay"]["critical"] == 1  # critical counts even without points
    assert [m["attempts"] for m in cohort.moments if m["code"] == "reply"] == [1]
    from simulator.records.report import is_mistake

    assert not is_mistake(reply("best")) and is_mistake(reply("harmful"))
    assert "Arrival not greeted" not in html


def test_heatmap_and_verdict_follow_the_latest_sitting():
    """Failed sittings then a pass: PASS, the heatmap shows the pass, history on demand."""
    comp = "privacy.identity-verification"
    rows = [attempt(1, sitting="s1", part=0, overall=30, shares={comp: (2, 10)},
                    finished_at="2026-12-01T08:00:00+00:00"),
            attempt(2, sitting="s1", part=1, overall=80, shares={comp: (4, 10)},
                    finished_at="2026-12-01T09:00:00+00:00"),
            attempt(3, sitting="s2", overall=90, shares={comp: (9, 10)},
                    finished_at="2026-12-02T08:00:00+00:00"),
            # Bo passed, then failed a retake: the latest result stands.
            attempt(4, trainee="Bo", sitting="b1", overall=95,
                    finished_at="2026-12-01T08:00:00+00:00"),
            attempt(5, trainee="Bo", sitting="b2", overall=40,
                    finished_at="2026-12-02T08:00:00+00:00")]
    cohort, html = html_of(rows)
    ada, bo = cohort.trainees
    assert (ada.passed, bo.passed) == (True, False)
    assert dict(cohort.heat)["Ada"] == [90]
    assert [s.sitting_id for s in ada.earlier] == ["s1"] and not ada.earlier[0].passed
    assert html.count("<details>") == 2 and "1 earlier" in html
    assert "1 Dec 2026, 10:00 CET" in html  # the earlier sitting's end, listed in its details


def test_labels_and_local_times_replace_codes_and_utc():
    """No code names or raw UTC on the page: labels, and local time with the zone's name."""
    rows = [attempt(1, items=[feedback("slow_response", competency="organization.prioritization",
                                       dimension="prioritization")],
                    shares={"organization.prioritization": (3, 10)}, fails=["phi_disclosed"])]
    _, html = html_of(rows)
    assert "Slow to respond" in html and "Do the most urgent thing first" in html
    assert "Health information disclosed" in html and "Prioritization" in html
    assert "3 Dec 2026, 09:30 CET" in html
    text = re.sub(r"<[^>]+>", " ", html)  # what the reader sees (attributes aside)
    text = re.sub(r"\(frontdesk [^)]*\)", "", text)  # commands to type name the id on purpose
    for code in ("slow_response", "phi_disclosed", "organization.prioritization",
                 "2026-12-03T08:30"):
        assert code not in text


def test_every_feedback_code_and_rule_has_a_label():
    """Each scoring code a ScoreCard can carry has a human name, not a humanized code."""
    from simulator.lifesafety import SAFETY_STEPS
    from simulator.records.report_labels import MISTAKE_LABELS, RULE_LABELS, mistake_label
    from simulator.scoring.critical import DEFAULT_RULES
    from simulator.scoring.feedback import CRITICAL_CODES
    from simulator.scoring.texts import TEXTS

    safety = {f"safety_{s.step}" for s in SAFETY_STEPS}
    assert set(TEXTS) - safety <= set(MISTAKE_LABELS)
    assert mistake_label("safety_meet_ems").startswith("Safety step missed: ")
    assert {r["rule"] for r in DEFAULT_RULES} | set(CRITICAL_CODES) <= set(RULE_LABELS)


def test_heat_colours_are_colour_blind_safe_with_numbers_and_legend():
    """Viridis cells with the number printed, a legend, and counts on histogram bars."""
    from simulator.records.report import histogram_svg
    from simulator.records.report_render import VIRIDIS

    rows = [attempt(1, shares={"privacy.identity-verification": (2, 10)}),
            attempt(2, trainee="Bo", shares={"privacy.identity-verification": (9, 10)})]
    _, html = html_of(rows)
    for red_green in ("#a50026", "#1a9850", "#d73027", "#66bd63"):
        assert red_green not in html
    assert f"background:{VIRIDIS[2]};color:#fff\">20</td>" in html
    assert f"background:{VIRIDIS[9]};color:#000\">90</td>" in html
    assert "Scale:" in html and html.count("background:#") >= 12  # 10 in the legend + cells
    svg = histogram_svg([0, 3, 0, 0, 0, 0, 0, 0, 0, 11], "Overall")
    assert re.findall(r'class="bc">(\d+)</text>', svg) == ["3", "11"]


def test_next_step_names_weakest_competency_scenario_and_quiz():
    """The weakest competency of the latest sitting, a scenario that trains it, the quiz."""
    from simulator.records.report_next import question_bank, shipped_scenarios

    weak = "privacy.minimum-necessary"
    rows = [attempt(1, sitting="old", shares={"organization.scheduling": (0, 10)},
                    finished_at="2026-12-01T08:00:00+00:00"),
            attempt(2, sitting="new", shares={weak: (3, 10), "organization.scheduling": (9, 10)})]
    cohort, html = html_of(rows)
    step = cohort.trainees[0].next
    assert step.competency == weak and step.percent == 30
    assert weak in step.scenario.objectives and step.scenario.practice
    assert step.scenario.id in {s.id for s in shipped_scenarios()}
    assert step.quiz_items == sum(weak in comps for _, comps, _ in question_bank()) > 0
    assert f"frontdesk quiz --competency {weak}" in html
    assert f"frontdesk play --scenario {step.scenario.id}" in html


def test_quiz_results_per_trainee_by_domain():
    """Quiz answers from the store: answered, share correct, and per domain."""
    from simulator.records.report_next import question_bank

    items = {}
    for item_id, _, domain in question_bank():
        items.setdefault(domain, item_id)
    (d1, i1), (d2, i2) = sorted(items.items())[:2]
    quiz = [{"trainee": "Ada", "trainee_id": "id-Ada", "item_id": i1, "credit": 100},
            {"trainee": "Ada", "trainee_id": "id-Ada", "item_id": i1, "credit": 50},
            {"trainee": "Ada", "trainee_id": "id-Ada", "item_id": i2, "credit": 100},
            {"trainee": "Bo", "trainee_id": "id-Bo", "item_id": i2, "credit": 0}]
    cohort, html = html_of([attempt(1), attempt(2, trainee="Bo")], quiz)
    ada, bo = cohort.trainees
    assert (ada.quiz.answered, ada.quiz.correct, ada.quiz.share) == (3, 2, 66)
    assert ada.quiz.domains == {d1: [2, 1], d2: [1, 1]}
    assert (bo.quiz.answered, bo.quiz.share) == (1, 0)
    assert "Quiz results" in html and '<td class="n">66%</td>' in html


def test_bots_and_unverified_attempts_are_kept_apart(tmp_path):
    """Calibration and unverified attempts are listed on their own and counted nowhere."""
    from simulator.records.report import render_csv

    rows = [attempt(1, overall=60),
            attempt(2, trainee="Expert", overall=99, bot="expert", verified=True),
            attempt(3, trainee="Cy", overall=95, verified=False,
                    verify_problem="the stored score does not match its signature")]
    cohort, html = html_of(rows)
    assert [t.name for t in cohort.trainees] == ["Ada"]
    assert cohort.attempts == 1 and cohort.passed_attempts == 0
    assert sum(cohort.overall_hist) == 1 and [n for n, _ in cohort.heat] == ["Ada"]
    assert "calibration (expert bot)" in html
    assert "unverified: the stored score does not match its signature" in html
    table = list(csv.DictReader(io.StringIO(render_csv(rows, _zone(BERLIN))[1:])))
    assert [(r["bot"], r["verified"]) for r in table] == [("", "yes"), ("expert", "yes"),
                                                          ("", "no")]
    assert table[2]["verify_problem"].startswith("the stored score")
    assert table[0]["finished_at"] == "2026-12-03 09:30:00" and table[0]["time_zone"] == \
        "CET +0100"


def _zone(name):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def test_calibration_sitting_from_the_cli_stays_out(cohort, tmp_path):
    """`assessment run --bot` sittings are calibration: listed apart, no trainee row."""
    assert run("assessment", "run", "quick", "--trainee", "Bot check", "--bot", "expert") == 0
    out = tmp_path / "report.html"
    assert run("report", "cohort", "--out", str(out)) == 0
    html = out.read_text(encoding="utf-8")
    assert "calibration (expert bot)" in html
    trainees = html[html.index('id="trainees"'):html.index('id="next"')]
    assert "Bot check" not in trainees and "Ada" in trainees


def test_report_files_get_normal_permissions(cohort, tmp_path):
    """The HTML and CSV are for colleagues: 0644 under umask 022 (not a private 0600)."""
    import os

    out, table = tmp_path / "report.html", tmp_path / "attempts.csv"
    old = os.umask(0o022)
    try:
        assert run("report", "cohort", "--out", str(out), "--csv", str(table)) == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644 and table.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "Asia/Kolkata", "America/St_Johns",
                                  "Australia/Lord_Howe", "America/Los_Angeles"])
def test_csv_times_read_as_strftime_writes_them(zone):
    """The CSV's hand-written time formats give strftime's text, in any zone and offset."""
    from datetime import UTC, datetime, timedelta, timezone
    from zoneinfo import ZoneInfo

    from simulator.records import report_labels as labels

    zones = [ZoneInfo(zone), timezone(timedelta(hours=-3, minutes=-30, seconds=-15))]
    moments = [datetime(2026, 12, 3, 9, 30, 5, 123456, tzinfo=UTC),
               datetime(2026, 7, 1, 23, 59, 59, tzinfo=UTC),
               datetime(2026, 3, 29, 1, 0, tzinfo=UTC), datetime(999, 1, 2, tzinfo=UTC)]
    for tz in zones:
        for moment in moments:
            local = moment.astimezone(tz)
            assert labels.stamp(local) == f"{local:%Y-%m-%d %H:%M:%S}"
            assert labels.offset_text(local) == local.strftime("%z")
            assert labels.zone_name(local) == (local.strftime("%Z") if local.strftime("%Z")[:1]
                                               not in "+-" else "UTC" + local.strftime("%z"))
