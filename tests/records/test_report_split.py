"""The cohort report read in two processes comes out exactly as one pass writes it."""

import os
import sys

import pytest

from simulator.cli import main
from simulator.records import report_split
from tests.records.reports_helpers import copy_cohort, sit_as_person

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the report forks its helper on Linux only")


@pytest.fixture
def cohort(cohort_template_dir, data_dir, tmp_path, monkeypatch):
    """The recorded cohort, two more trainees, a calibration run and an edited attempt."""
    monkeypatch.setenv("FRONTDESK_CACHE_DIR", str(tmp_path / "cache"))
    copy_cohort(cohort_template_dir, data_dir)
    sit_as_person("Zoë Ndiaye", "novice")
    sit_as_person("Björn Aaltonen", "expert")
    assert main(["assessment", "run", "quick", "--trainee", "Ada", "--bot", "expert"]) == 0
    from tests.records.conftest import Backend

    Backend("sqlite", None, data_dir).execute(
        "UPDATE attempts SET overall = 97 WHERE id = (SELECT a.id FROM attempts a JOIN "
        "trainees t ON t.id = a.trainee_id WHERE t.display_name = 'Zoë Ndiaye')")


def _report(tmp_path, capsys, name):
    out, table = tmp_path / f"{name}.html", tmp_path / f"{name}.csv"
    capsys.readouterr()
    assert main(["report", "cohort", "--assessment", "quick", "--out", str(out), "--csv",
                 str(table)]) == 0
    said = capsys.readouterr()
    assert "Traceback" not in said.err
    page = "\n".join(line for line in out.read_text(encoding="utf-8").splitlines()
                     if "Generated" not in line)
    return page, table.read_bytes(), said.out.replace(f"{name}.", "NAME.")


def _one_pass(monkeypatch):
    monkeypatch.setenv("FRONTDESK_REPORT_ONE_PROCESS", "1")


def _split(monkeypatch):
    monkeypatch.delenv("FRONTDESK_REPORT_ONE_PROCESS", raising=False)
    monkeypatch.setattr(report_split, "SPLIT_FROM", 0)
    monkeypatch.setattr(report_split.os, "cpu_count", lambda: 2)


def test_two_processes_write_the_report_one_pass_writes(cohort, tmp_path, capsys,
                                                        monkeypatch):
    _one_pass(monkeypatch)
    page, table, said = _report(tmp_path, capsys, "first")
    _split(monkeypatch)
    calls = []
    real = report_split.merge
    monkeypatch.setattr(report_split, "merge", lambda a, b: (calls.append(1), real(a, b)))
    assert (page, table, said) == _report(tmp_path, capsys, "second")
    assert calls == [1], "the helper's half was merged"
    assert b"UNVERIFIED" not in table and b",no,the attempt's overall is 97" in table
    assert said.endswith("4 trainee(s), 4 scored attempt(s), 1 calibration (bot) listed "
                         "apart, 1 unverified listed apart\n")


@pytest.mark.parametrize("how", ["crashes", "raises"])
def test_a_failed_helper_leaves_its_half_to_this_process(cohort, tmp_path, capsys,
                                                          monkeypatch, how):
    """The helper dies, or fails and says so: this process reads that half itself."""
    _one_pass(monkeypatch)
    expected = _report(tmp_path, capsys, "first")
    _split(monkeypatch)
    real = report_split._second_half

    def failing(*args):
        if how == "crashes":
            os._exit(3)
        send = args[-1]
        send.send("Traceback (most recent call last): ...")
        send.close()

    monkeypatch.setattr(report_split, "_second_half", failing)
    assert _report(tmp_path, capsys, "second") == expected
    assert real is not failing
