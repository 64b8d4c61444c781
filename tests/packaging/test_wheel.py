"""`pip install .` into a fresh venv ships the data folders and the CLI finds them."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(cmd, **kw):
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900, **kw)
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout}\n{proc.stderr}"
    return proc


def test_wheel_ships_data_and_installed_cli_finds_it(tmp_path):
    """Build the wheel, install it in a fresh venv, run the CLI from elsewhere."""
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
          "-w", str(dist), str(ROOT)])
    wheel = next(dist.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "simulator/_data/curriculum/glossary.yaml" in names
    assert any(n.startswith("simulator/_data/assets/") for n in names)
    assert "simulator/scenarios/busy-monday.yaml" in names
    assert "simulator/scenarios/scenario.schema.json" in names
    # The records migrations and the packing dictionaries are package data too.
    assert "simulator/records/migrations/env.py" in names
    assert "simulator/records/migrations/versions/0003_compact_attempts.py" in names
    assert "simulator/records/dictionaries/scorecard-1.txt" in names

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    py = venv / "bin" / "python"
    _run([str(py), "-m", "pip", "install", "--quiet", str(wheel)])
    cli = venv / "bin" / "frontdesk"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = _run([str(cli), "curriculum", "list", "--json"], cwd=elsewhere).stdout
    assert len(json.loads(out)["glossary"]) >= 41
    out = _run([str(cli), "scenario", "list", "--json"], cwd=elsewhere).stdout
    assert {r["id"] for r in json.loads(out)} >= {"calm-morning", "busy-monday"}
    # A new records database is created and stamped by the shipped migrations.
    env = {**os.environ, "FRONTDESK_DATA_DIR": str(tmp_path / "records")}
    out = _run([str(cli), "assessment", "create", "go-live"], cwd=elsewhere, env=env).stdout
    assert "stored go-live" in out
    where = _run([str(py), "-c", "from simulator.resources import data_dir; "
                  "print(data_dir('curriculum'))"], cwd=elsewhere).stdout
    assert str(venv) in where
