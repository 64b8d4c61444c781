"""Every kind of bad scenario file ends in exit code 2 and one located message."""

import re
import subprocess
import sys

import pytest

from simulator.cli import main

LOCATED = re.compile(r"^(?P<file>[^\n]+?):(?P<line>\d+):(?P<col>\d+): ")

MINIMAL = """\
id: tiny
title: Tiny
briefing: A very small clinic.
difficulty: 1
clinic:
  appointment_types: [{id: visit, name: Visit, minutes: 15}]
  providers: [{id: dr-a, title: Dr. A}]
  payers: [{id: northwind, name: Northwind Health, member_prefix: NWH}]
objectives: [organization.scheduling]
"""


def _bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


BAD_INPUTS = {
    "empty": b"",
    "top-level-list": b"- id: x\n- title: y\n",
    "random-binary": bytes(range(256)) * 8,
    "latin-1": "id: caf\u00e9\ntitle: Caf\u00e9 clinic\n".encode("latin-1"),
    "syntax-error": b"id: x\ntitle: [unclosed\nbriefing: y\n",
    "duplicate-keys": MINIMAL.encode() + b"title: Again\n",
    "alias-bomb": _bomb().encode(),
    "deep-nesting": b"a: " + b"[" * 3000 + b"]" * 3000 + b"\n",
    "too-big": b"# padding\n" + b"x" * (5 * 1024 * 1024) + b"\n",
    "python-tag": b"id: !!python/object/apply:os.system ['touch /tmp/frontdesk-pwned']\n",
    "misspelled-keys": (
        b"idd: x\ntitel: y\nbrefing: z\ndifficulty: 1\nclinc: {}\nobjectivs: []\n"
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_a_located_message(name, tmp_path, capsys):
    """Each bad input gets exit code 2 and messages that name the file and line."""
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(BAD_INPUTS[name])
    code = main(["scenario", "validate", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    first = err.splitlines()[0]
    match = LOCATED.match(first)
    assert match, first
    assert match["file"] == str(path)
    assert int(match["line"]) >= 1
    assert "Traceback" not in err


def test_python_tag_never_runs(tmp_path, capsys):
    """A !!python tag is refused before anything is constructed."""
    marker = tmp_path / "pwned"
    path = tmp_path / "tag.yaml"
    path.write_text(f"id: !!python/object/apply:os.system ['touch {marker}']\n")
    assert main(["scenario", "validate", str(path)]) == 2
    assert not marker.exists()
    assert "tag" in capsys.readouterr().err


def test_misspelled_keys_all_reported_with_suggestions(tmp_path, capsys):
    """Every misspelled key is reported, each with a did-you-mean."""
    path = tmp_path / "typos.yaml"
    path.write_bytes(BAD_INPUTS["misspelled-keys"])
    main(["scenario", "validate", str(path)])
    err = capsys.readouterr().err
    for wrong, right in [("idd", "id"), ("titel", "title"), ("brefing", "briefing"),
                         ("clinc", "clinic"), ("objectivs", "objectives")]:
        assert f"unknown field '{wrong}' (did you mean '{right}'?)" in err


def test_duplicate_key_names_both_lines(tmp_path, capsys):
    """A duplicate key points at the second use and names the first."""
    path = tmp_path / "dup.yaml"
    path.write_bytes(BAD_INPUTS["duplicate-keys"])
    main(["scenario", "validate", str(path)])
    err = capsys.readouterr().err
    assert f"{path}:10:1: title: duplicate key 'title'" in err
    assert "line 2" in err


def test_nested_errors_point_at_their_line(tmp_path, capsys):
    """A bad value deep inside an event is reported at its own line and field path."""
    text = MINIMAL + ('events:\n  - {at: "09:40", kind: ehr_outage}\n'
                      '  - {at: "25:00", kind: ehr_outage, minutes: 5}\n')
    path = tmp_path / "events.yaml"
    path.write_text(text)
    main(["scenario", "validate", str(path)])
    err = capsys.readouterr().err
    assert f"{path}:11:5: events[0].minutes: required field is missing" in err
    assert f"{path}:12:10: events[1].at: '25:00' is not a clock time" in err


def test_cross_reference_errors_suggest_the_known_id(tmp_path, capsys):
    """A reference to an unknown provider names the close match."""
    text = MINIMAL + 'events:\n  - {at: "09:00", kind: clinician_callout, provider: dr-b}\n'
    path = tmp_path / "ref.yaml"
    path.write_text(text)
    assert main(["scenario", "validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "events[0].provider: no provider with id 'dr-b'" in err
    assert "did you mean 'dr-a'?" in err


def test_minimal_scenario_is_valid(tmp_path, capsys):
    """The smallest complete scenario validates."""
    path = tmp_path / "ok.yaml"
    path.write_text(MINIMAL)
    assert main(["scenario", "validate", str(path)]) == 0
    assert "ok (tiny" in capsys.readouterr().out


def test_missing_file_is_a_clear_error(tmp_path, capsys):
    """A path that does not exist is bad input, not a crash."""
    assert main(["scenario", "validate", str(tmp_path / "nope.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_real_process_prints_no_traceback(tmp_path):
    """Through a real process, a bad file gives exit 2 and no traceback."""
    path = tmp_path / "bin.yaml"
    path.write_bytes(BAD_INPUTS["random-binary"])
    proc = subprocess.run([sys.executable, "-m", "simulator", "scenario", "validate", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "not valid UTF-8" in proc.stderr


def test_unknown_command_is_usage_error(capsys):
    """An unknown subcommand exits 2 with usage."""
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_an_objective_naming_no_competency_is_refused_as_the_file_loads(tmp_path, capsys):
    """Not only ``scenario validate``: ``simulate`` refuses it too, at the objective's line."""
    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL.replace("objectives: [organization.scheduling]",
                                    "objectives: [organization.scheduling, organization.nope]"),
                    encoding="utf-8")
    code = main(["simulate", "--scenario", str(path), "--bot", "expert"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    match = LOCATED.match(err.splitlines()[0])
    assert match and match["file"] == str(path)
    assert "objectives[1]: no competency with id 'organization.nope'" in err
