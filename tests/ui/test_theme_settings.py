"""Theme contrast (WCAG AA), settings persistence, and the no-display message."""

import json
import os
import subprocess
import sys

import pygame_gui
import pytest

from simulator.ui.theme import PALETTES, gui_theme, hex_rgb


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in hex_rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _pairs(name: str):
    """Every text colour the game draws, with the background it is drawn on."""
    pal = PALETTES[name]
    theme = gui_theme(pal, 1.0)
    text_on_bg = [(pal.text, pal.bg), (pal.text, pal.panel), (pal.muted, pal.panel),
                  (pal.muted, pal.bg)]
    for colour in (pal.emergency, pal.urgent, pal.routine, pal.low, pal.good, pal.warn,
                   pal.bad, pal.accent):
        text_on_bg.append((colour, pal.panel))
        text_on_bg.append((colour, pal.bg))
    for block in ("button", "@primary", "@danger"):
        colours = theme[block]["colours"]
        for state in ("normal", "hovered", "disabled"):
            text_on_bg.append((colours[f"{state}_text"], colours[f"{state}_bg"]))
    text_on_bg.append((theme["text_entry_line"]["colours"]["normal_text"],
                       theme["text_entry_line"]["colours"]["dark_bg"]))
    return text_on_bg


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_every_text_colour_has_aa_contrast(name):
    """Every text/background pair in both palettes reaches 4.5:1."""
    for fg, bg in _pairs(name):
        assert contrast(fg, bg) >= 4.5, (name, fg, bg, round(contrast(fg, bg), 2))


def test_theme_font_sizes_are_strings():
    """pygame_gui needs font sizes as strings (a known trap)."""
    theme = gui_theme(PALETTES["default"], 1.5)
    assert theme["button"]["font"]["size"] == "22"


def test_settings_persist(tmp_path, monkeypatch):
    """Settings round-trip through the config folder, clamped to range."""
    monkeypatch.setenv("FRONTDESK_CONFIG_DIR", str(tmp_path))
    from simulator.ui.settings import Settings, load_settings, save_settings

    save_settings(Settings(text_scale=175, palette="colour-blind", untimed=True, volume=30))
    back = load_settings()
    assert (back.text_scale, back.palette, back.untimed, back.volume) == (
        175, "colour-blind", True, 30)
    (tmp_path / "settings.json").write_text(json.dumps({"text_scale": 900, "volume": -5}))
    back = load_settings()
    assert back.text_scale == 200 and back.volume == 0
    (tmp_path / "settings.json").write_text("{not json")
    assert load_settings() == Settings()


def test_text_scale_and_palette_rebuild_the_screens(pilot, app):
    """Changing text size and palette from Settings rebuilds every screen, no crash."""
    import pygame

    pilot.tab_to("title-settings")
    pilot.press(pygame.K_RETURN)
    pilot.click("set-scale-up")
    pilot.click("set-scale-up")
    pilot.click("set-palette")
    assert app.settings.text_scale == 150 and app.settings.palette == "colour-blind"
    assert "set-back" in app.top.buttons


def test_play_without_display_explains(tmp_path):
    """With no display, `frontdesk play` suggests watch mode with the dummy driver."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    proc = subprocess.run([sys.executable, "-m", "simulator", "play"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "frontdesk watch" in proc.stderr and "SDL_VIDEODRIVER=dummy" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_settings_from_the_pause_menu_leave_no_ghosts(pilot, app):
    """Text size changed over the desk: only the settings screen's buttons are live and
    visible, the focus stays on the pressed button, and the desk comes back in the new size."""
    import pygame

    from simulator.session import Session
    from simulator.ui.screens.desk import DeskScreen

    app.push(DeskScreen(app, Session("calm-morning", 1)))
    pilot.settle(2)
    desk = app.top
    pilot.press(pygame.K_ESCAPE)  # the pause menu
    pilot.tab_to("pause-settings")
    pilot.press(pygame.K_RETURN)
    settings = app.top
    pilot.tab_to("set-scale-up")
    for _ in range(3):
        pilot.press(pygame.K_RETURN)
        assert pilot.focused() == "set-scale-up"  # the ring stays on the pressed button
    assert app.settings.text_scale == 175
    visible = [e for e in app.manager.get_sprite_group().sprites() if getattr(e, "visible", False)
               and isinstance(e, pygame_gui.elements.UIButton)]
    assert visible and all(e in settings.elements for e in visible)  # no buttons from below
    pilot.press(pygame.K_ESCAPE)  # back to the pause menu
    pilot.press(pygame.K_ESCAPE)  # back to the desk
    pilot.settle(2)
    assert app.top is desk and not desk.stale
    assert desk.buttons and all(b.ui_manager is app.manager for b in desk.buttons.values())
