"""The loader catches everyday-desk events that name what the clinic does not have."""

from __future__ import annotations

import pytest

from simulator.cli import main
from simulator.resources import scenarios_dir

SOURCE = (scenarios_dir() / "registration-morning.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("edit", "message"), [
    (("visit: follow-up", "visit: brain-surgery"),
     "events[1].visit: no appointment type with id 'brain-surgery'"),
    (("    registration: changed_address\n", "    registration: changed_address\n"
      "    insurance: medicare\n"), "needs a Medicare payer"),
    (("    registration: changed_address\n", "    registration: changed_address\n"
      "    patient: child\n"), "a child or teen comes with someone: set guardian"),
])
def test_bad_everyday_events_are_refused_with_file_and_line(tmp_path, capsys, edit, message):
    """Exit 2 and a located message, never a traceback at build time."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(SOURCE.replace(*edit, 1), encoding="utf-8")
    assert main(["scenario", "validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert message in err and f"{bad}:" in err
