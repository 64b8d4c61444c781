"""Generate the game's sound effects as small WAV files in assets/sounds/.

Run: python scripts/make_sounds.py. Pure standard library (math, array, wave), so anyone can
regenerate or tweak the sounds; the output is deterministic.
"""

from __future__ import annotations

import array
import math
import wave
from pathlib import Path

RATE = 22050
OUT = Path(__file__).resolve().parent.parent / "assets" / "sounds"


def tone(freqs: list[float], seconds: float, volume: float = 0.35,
         fade: float = 0.01) -> list[float]:
    """A sum of sine waves with short fades, as floats in -1..1."""
    n = int(RATE * seconds)
    edge = max(1, int(RATE * fade))
    out = []
    for i in range(n):
        value = sum(math.sin(2 * math.pi * f * i / RATE) for f in freqs) / len(freqs)
        env = min(1.0, i / edge, (n - i) / edge)
        out.append(value * volume * env)
    return out


def silence(seconds: float) -> list[float]:
    """Quiet samples."""
    return [0.0] * int(RATE * seconds)


def write(name: str, samples: list[float]) -> None:
    """Write 16-bit mono PCM."""
    data = array.array("h", (int(max(-1.0, min(1.0, s)) * 32000) for s in samples))
    with wave.open(str(OUT / f"{name}.wav"), "wb") as fh:
        fh.setnchannels(1)
        fh.setsampwidth(2)
        fh.setframerate(RATE)
        fh.writeframes(data.tobytes())


def main() -> None:
    """Write ring, alarm and notify."""
    OUT.mkdir(parents=True, exist_ok=True)
    # North American ring: 440 + 480 Hz, two short bursts.
    write("ring", tone([440, 480], 0.4) + silence(0.2) + tone([440, 480], 0.4) + silence(0.4))
    # Alarm: alternating high and low beeps.
    write("alarm", (tone([880], 0.18, 0.4) + tone([660], 0.18, 0.4)) * 3)
    # Notification: a soft rising two-note chime.
    write("notify", tone([660], 0.12, 0.25, 0.03) + tone([990], 0.22, 0.25, 0.05))
    print(f"wrote {', '.join(p.name for p in sorted(OUT.glob('*.wav')))} to {OUT}")


if __name__ == "__main__":
    main()
