"""Authoring mistakes `scenario validate` and `curriculum check` catch (DOMAIN.md section 9).

Real-looking phone numbers, SSNs and e-mail addresses are refused with their file and line;
an objective naming no competency is refused; a file named unlike its id is warned about.
"""

import pytest

from simulator.cli import main
from simulator.resources import scenarios_dir
from simulator.scenarios.synthetic import real_looking


@pytest.mark.parametrize("text", [
    "Call me back on (617) 253-1000.", "my cell is 617-253-1000", "555-1234 after six",
    "SSN 123-45-6789 on the form", "write to jane.doe@gmail.com", "+1 617.253.1000"])
def test_real_looking_personal_data_is_found(text):
    assert real_looking(text)


@pytest.mark.parametrize("text", [
    "Call me back on (617) 555-0173.", "555-0142", "member ID NWH-3900-7267, group G-9405",
    "born 1975-02-05, seen 2026-01-05 at 08:40", "reply to frontdesk@example.org",
    "four payments of $103"])
def test_synthetic_data_passes(text):
    assert real_looking(text) == []


def _scenario(tmp_path, name: str, replace: tuple[str, str]):
    source = (scenarios_dir() / "calm-morning.yaml").read_text(encoding="utf-8")
    assert replace[0] in source
    path = tmp_path / name
    path.write_text(source.replace(*replace, 1), encoding="utf-8")
    return path


def test_a_real_phone_number_in_a_scenario_is_refused_at_its_line(tmp_path, capsys):
    # A phone number inside the briefing, which authors write by hand.
    path = _scenario(tmp_path, "calm-morning.yaml",
                     ("briefing: >-\n", "briefing: >-\n  Call (617) 253-1000 first.\n"))
    text = path.read_text(encoding="utf-8")
    assert main(["scenario", "validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "(617) 253-1000" in err and "looks like a real phone number" in err
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "briefing:" in ln)
    assert f"calm-morning.yaml:{line}" in err or f":{line}:" in err


def test_an_objective_naming_no_competency_is_refused(tmp_path, capsys):
    path = _scenario(tmp_path, "calm-morning.yaml",
                     ("  - communication.deescalation", "  - communication.telepathy"))
    assert main(["scenario", "validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "no competency with id 'communication.telepathy'" in err


def test_a_file_named_unlike_its_id_is_warned_about(tmp_path, capsys):
    path = _scenario(tmp_path, "my-morning.yaml", ("id: calm-morning", "id: calm-morning"))
    assert main(["scenario", "validate", str(path)]) == 0
    captured = capsys.readouterr()
    assert "warning" in captured.err and "calm-morning.yaml" in captured.err
    assert ": ok" in captured.out


def test_the_shipped_pack_and_quiz_bank_hold_only_synthetic_data(capsys):
    assert main(["curriculum", "check"]) == 0
