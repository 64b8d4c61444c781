"""Watch mode plays a whole shift headless and writes its screenshots."""

import os
import subprocess
import sys

from tests.ui.conftest import SHORT


def test_watch_until_end_writes_screenshots(tmp_path):
    """`frontdesk watch --until-end --screenshots DIR` finishes and leaves PNGs."""
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "FRONTDESK_CONFIG_DIR": str(tmp_path / "cfg")}
    shots = tmp_path / "shots"
    proc = subprocess.run(
        [sys.executable, "-m", "simulator", "watch", "--scenario", SHORT, "--speed", "20",
         "--until-end", "--screenshots", str(shots)],
        env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in shots.glob("*.png"))
    assert any(n.endswith("-desk.png") for n in names) and "99-debrief.png" in names
    assert any("dialogue" in n for n in names)


def test_watch_rejects_unknown_bot(capsys):
    """An unknown bot is bad input (exit 2)."""
    from simulator.cli import main

    assert main(["watch", "--scenario", "calm-morning", "--bot", "wizard"]) == 2
    assert "unknown bot" in capsys.readouterr().err
