"""Palettes, fonts and the pygame_gui theme, all derived from the player's settings.

Two palettes: the default, and a colour-blind-safe one (Okabe-Ito hues). Mood and urgency
are never colour alone: every state also has a shape or a word. Every text/background pair
used here is checked for WCAG AA contrast (4.5:1) by a test.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

Colour = tuple[int, int, int]


@lru_cache(maxsize=512)
def hex_rgb(value: str) -> Colour:
    """Convert "#rrggbb" to an (r, g, b) tuple."""
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


@dataclass(frozen=True)
class Palette:
    """Named colours of one palette (hex strings)."""

    bg: str
    panel: str
    panel_edge: str
    text: str
    muted: str
    accent: str
    focus: str
    emergency: str
    urgent: str
    routine: str
    low: str
    good: str
    warn: str
    bad: str
    button: str
    button_hover: str
    button_text: str
    button_disabled: str
    button_disabled_text: str


PALETTES: dict[str, Palette] = {
    "default": Palette(
        bg="#161b22", panel="#1f2631", panel_edge="#3a4556", text="#e8edf3", muted="#a9b4c2",
        accent="#7cb7ff", focus="#ffd75e", emergency="#ff7b72", urgent="#ffb454",
        routine="#7cb7ff", low="#b8c2cf", good="#6fdc8c", warn="#ffb454", bad="#ff7b72",
        button="#2a3a52", button_hover="#36507a", button_text="#f4f7fb",
        button_disabled="#232b37", button_disabled_text="#8f9bab"),
    # Okabe-Ito derived: distinguishable with the common colour-vision deficiencies.
    "colour-blind": Palette(
        bg="#111111", panel="#1e1e1e", panel_edge="#4d4d4d", text="#f5f5f5", muted="#bdbdbd",
        accent="#56b4e9", focus="#f0e442", emergency="#e69f00", urgent="#f0e442",
        routine="#56b4e9", low="#cccccc", good="#44c4a1", warn="#f0e442", bad="#e69f00",
        button="#263645", button_hover="#33526b", button_text="#ffffff",
        button_disabled="#222222", button_disabled_text="#9a9a9a"),
}


def font_path(bold: bool = False) -> Path:
    """Path of the Noto Sans TTF shipped with pygame_gui (covers accented Latin names)."""
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    return Path(str(resources.files("pygame_gui.data") / name))


def gui_theme(palette: Palette, scale: float) -> dict:
    """The pygame_gui theme as a dict (font sizes must be strings: a pygame_gui trap)."""
    def size(px: int) -> str:
        return str(round(px * scale))

    button_colours = {
        "normal_bg": palette.button, "hovered_bg": palette.button_hover,
        "selected_bg": palette.button_hover, "active_bg": palette.accent,
        "disabled_bg": palette.button_disabled, "normal_text": palette.button_text,
        "hovered_text": palette.button_text, "selected_text": palette.button_text,
        "active_text": palette.bg, "disabled_text": palette.button_disabled_text,
        "normal_border": palette.panel_edge, "hovered_border": palette.focus,
        "selected_border": palette.focus, "active_border": palette.focus,
        "disabled_border": palette.panel_edge,
    }
    font = {"name": "noto_sans", "size": size(15), "bold": "0"}
    return {
        "defaults": {"colours": {"normal_text": palette.text, "dark_bg": palette.panel,
                                 "normal_bg": palette.panel}},
        "button": {"colours": button_colours, "font": font,
                   "misc": {"shape": "rounded_rectangle", "shape_corner_radius": "4",
                            "border_width": "1", "text_horiz_alignment_padding": "6"}},
        "@primary": {"colours": {**button_colours, "normal_bg": palette.accent,
                                 "normal_text": palette.bg, "hovered_text": palette.bg,
                                 "hovered_bg": palette.focus},
                     "font": {"name": "noto_sans", "size": size(16), "bold": "1"}},
        "@danger": {"colours": {**button_colours, "normal_bg": "#5c1f1f",
                                "hovered_bg": "#7a2727", "normal_text": "#ffffff"}},
        "text_entry_line": {"colours": {"dark_bg": "#0f141a", "normal_text": palette.text,
                                        "selected_bg": palette.accent,
                                        "selected_text": palette.bg,
                                        "normal_border": palette.panel_edge},
                            "font": font},
        "horizontal_slider": {"colours": {"dark_bg": "#0f141a", "normal_bg": palette.button}},
        "label": {"colours": {"normal_text": palette.text}, "font": font},
    }
