"""Desk frame time, launch time and memory (prints figures; asserts nothing).

Targets (DESIGN.md): desk frame p99 <= 4 ms at 1280x720 with 40 people waiting and every
line busy; launch to the first interactive frame <= 1.0 s; peak memory <= 200 MB.
Run: python benchmarks/frame.py
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

FRAMES = 900


def crowded_session():
    """Busy Monday with 40 walk-ins waiting and a caller on every line."""
    from simulator.engine.shift import Shift
    from simulator.session import Session

    session = Session("busy-monday", 7)
    x = session.expanded
    walk = next(t for t in x.tasks if t.kind == "walk_in")
    call = next(t for t in x.tasks if t.kind == "call" and not t.truth.get("red_flag"))
    extra = [walk.model_copy(update={"id": f"w{i:03d}", "at": i, "patience": 10**6})
             for i in range(40)]
    extra += [call.model_copy(update={"id": f"c{i}", "at": 40 + i, "patience": 10**6})
              for i in range(x.phone_lines)]
    crowded = x.model_copy(update={"tasks": tuple(extra) + x.tasks})
    session.expanded = crowded
    session.shift = Shift(crowded)
    session.shift.advance(60)
    return session


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q / 100))]


def desk_frames() -> tuple[list[float], list[float]]:
    """Frame times (ms) of the crowded desk and of an empty pygame_gui frame."""
    import pygame
    import pygame_gui

    from simulator.ui.app import App
    from simulator.ui.screens.desk import DeskScreen
    from simulator.ui.settings import Settings

    app = App(Settings())
    session = crowded_session()
    desk = DeskScreen(app, session)
    app.push(desk)
    waiting = sum(1 for t in session.view().tasks if t.channel == "desk")
    busy = sum(1 for ln in session.view().lines if ln.status != "idle")
    desk.select(next(t.id for t in session.view().tasks if t.kind == "walk_in"))
    for _ in range(60):
        app.frame(1 / 60, events=[])
    times = []
    for _ in range(FRAMES):
        start = time.perf_counter()
        app.frame(1 / 60, events=[])
        times.append((time.perf_counter() - start) * 1000)
    print(f"  crowded desk: {waiting} people waiting, {busy} of {len(session.view().lines)}"
          " lines busy")
    manager = pygame_gui.UIManager(app.size)
    window = app.window
    empty = []
    for _ in range(FRAMES):
        start = time.perf_counter()
        manager.update(1 / 60)
        window.fill((0, 0, 0))
        manager.draw_ui(window)
        pygame.display.flip()
        empty.append((time.perf_counter() - start) * 1000)
    return times, empty


LAUNCH = """
import time, os
t = time.perf_counter()
from simulator.ui.app import App
from simulator.ui.screens.title import TitleScreen
from simulator.ui.settings import Settings
app = App(Settings())
app.push(TitleScreen(app))
app.frame(0, events=[])
print("ready", flush=True)
"""
IMPORTS = "import pygame, pygame_gui\nprint('ready', flush=True)\n"


def time_child(code: str, runs: int = 5) -> float:
    """Median seconds from process start to its 'ready' line."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("ready"):
                samples.append(time.perf_counter() - start)
                break
        proc.wait()
    return statistics.median(samples)


def main() -> None:
    """Print every figure with its target."""
    print("Desk frame (1280x720)")
    times, empty = desk_frames()
    mean, p99 = statistics.fmean(times), percentile(times, 99)
    e_mean, e_p99 = statistics.fmean(empty), percentile(empty, 99)
    print(f"  desk frame: mean {mean:.2f} ms, p99 {p99:.2f} ms (target p99 <= 4 ms)")
    print(f"  empty pygame_gui frame: mean {e_mean:.2f} ms, p99 {e_p99:.2f} ms")
    print(f"  ratio desk/empty: mean {mean / e_mean:.1f}x, p99 {p99 / e_p99:.1f}x")
    launch, imports = time_child(LAUNCH), time_child(IMPORTS)
    print("Launch")
    print(f"  to first interactive frame: {launch:.2f} s (target <= 1.0 s)")
    print(f"  import pygame, pygame_gui alone: {imports:.2f} s; ratio {launch / imports:.1f}x")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak memory (this process, crowded desk): {peak:.0f} MB (target <= 200 MB)")


if __name__ == "__main__":
    main()
