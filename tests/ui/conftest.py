"""UI test fixtures: a headless app with its own settings and data folders."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

SHORT = str(Path(__file__).with_name("short-shift.yaml"))


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "data"))
    from simulator.ui.app import App
    from simulator.ui.screens.title import TitleScreen
    from simulator.ui.settings import Settings

    application = App(Settings())
    application.push(TitleScreen(application))
    yield application
    import pygame

    pygame.quit()


@pytest.fixture
def pilot(app):
    from simulator.ui.pilot import Pilot

    p = Pilot(app)
    p.settle(2)
    return p
