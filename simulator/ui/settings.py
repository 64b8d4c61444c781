"""Player settings, persisted as JSON in the platform's config folder (platformdirs)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from platformdirs import user_config_dir

from simulator.fileio import atomic_write_text

#: Default key for each action; shown on screen and rebindable in Settings.
DEFAULT_KEYS: dict[str, str] = {
    "answer": "a", "hold": "h", "end_call": "e", "transfer": "t", "identity": "1",
    "matches": "m", "flag": "d", "copay": "c", "check_in": "i", "schedule": "s",
    "emergency_script": "9", "call_code": "0", "alarm": "f12", "paper": "p",
    "next_task": "down", "prev_task": "up", "wait": "w", "pause": "escape",
    "settings": "f10", "reference": "r", "greet": "g", "schedule_slot": "l",
}

#: What each action does, in the words the briefing and the how-to screen use.
KEY_WORDS: dict[str, str] = {
    "answer": "answer the ringing line", "hold": "put the call on hold",
    "end_call": "end the call", "transfer": "transfer the call",
    "identity": "check two identifiers", "matches": "card matches the record",
    "flag": "flag a difference", "copay": "collect the copay", "check_in": "check in",
    "schedule": "book a visit", "emergency_script": "read the 911 script",
    "call_code": "call the medical code", "alarm": "silent alarm", "paper": "paper mode",
    "next_task": "next task", "prev_task": "previous task",
    "wait": "wait for the next thing to happen", "pause": "pause (practice)",
    "settings": "settings", "reference": "reference card",
    "greet": "greet and give a wait time",
    "schedule_slot": "look at the schedule, slot by slot",
}
#: Names pygame gives some keys, as they are printed on a keyboard.
_KEY_CAPS = {"escape": "Esc", "down": "Down", "up": "Up", "return": "Enter",
             "space": "Space", "tab": "Tab", "backspace": "Backspace"}


def key_label(name: str) -> str:
    """A key as a person reads it on the keyboard ("escape" -> "Esc", "f12" -> "F12")."""
    return _KEY_CAPS.get(name, name.upper() if len(name) <= 3 else name.capitalize())


@dataclass
class Settings:
    """What the player can change; every field has a sensible default."""

    text_scale: int = 100
    palette: str = "default"
    untimed: bool = False
    volume: int = 70
    captions: bool = True
    keys: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_KEYS))

    def clamp(self) -> Settings:
        """Bring every value back into range (a hand-edited file may be off)."""
        self.text_scale = max(100, min(200, int(self.text_scale)))
        self.volume = max(0, min(100, int(self.volume)))
        if self.palette not in ("default", "colour-blind"):
            self.palette = "default"
        self.keys = {**DEFAULT_KEYS, **{k: str(v) for k, v in self.keys.items()
                                        if k in DEFAULT_KEYS}}
        return self


def settings_path() -> Path:
    """Where settings live (FRONTDESK_CONFIG_DIR overrides, for tests)."""
    import os

    base = os.environ.get("FRONTDESK_CONFIG_DIR") or user_config_dir("frontdesk-simulator")
    return Path(base) / "settings.json"


def load_settings() -> Settings:
    """Read settings; a missing or unreadable file gives the defaults."""
    path = settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        known = {k: v for k, v in data.items() if k in Settings.__dataclass_fields__}
        return Settings(**known).clamp()
    except (OSError, ValueError, TypeError):
        return Settings()


def save_settings(settings: Settings) -> None:
    """Write settings atomically (errors are ignored: settings are a convenience)."""
    path = settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps(asdict(settings.clamp()), indent=2))
    except OSError:
        pass
