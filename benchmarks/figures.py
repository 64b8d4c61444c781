"""One way to print a benchmark figure: min and median over repeats, the target, the ratio.

Every script under ``benchmarks/`` prints its measurements through :func:`table`, so
``make bench`` reads as one report: each row names what was measured, its minimum and median
over the repeats, the target, the median's ratio to the target and a verdict, and every
table opens with the machine's load average, because a loaded 2-core machine measures slow.
Nothing here asserts: a benchmark prints, a person reads.
"""

from __future__ import annotations

import os
import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One measured figure.

    Attributes:
        name: What was measured, in words.
        values: The repeats, in ``unit``.
        target: The most the median may be (None: shown for context, no target).
        unit: ``ms``, ``s``, ``MB``, ``x`` (a ratio) or ``kB``.

    """

    name: str
    values: tuple[float, ...]
    target: float | None
    unit: str = "ms"

    @property
    def low(self) -> float:
        """The smallest repeat."""
        return min(self.values)

    @property
    def median(self) -> float:
        """The median repeat."""
        return statistics.median(self.values)

    @property
    def met(self) -> bool | None:
        """Whether the median is within the target (None without a target)."""
        return None if self.target is None else self.median <= self.target


def figure(name: str, values: list[float] | tuple[float, ...] | float,
           target: float | None, unit: str = "ms") -> Figure:
    """Build a :class:`Figure` from one value or a list of repeats."""
    vals = (values,) if isinstance(values, int | float) else tuple(values)
    return Figure(name, vals, target, unit)


def load_average() -> str:
    """The 1, 5 and 15 minute load averages and the core count, as one line."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "load average unknown"
    return (f"load average {one:.2f} {five:.2f} {fifteen:.2f} "
            f"on {os.cpu_count() or '?'} cores")


def _num(value: float) -> str:
    if abs(value) < 100:
        return f"{value:,.2f}"
    return f"{value:,.1f}" if abs(value) < 10_000 else f"{value:,.0f}"


def table(title: str, figures: list[Figure]) -> bool:
    """Print ``figures`` as a table under ``title``; True when every target is met."""
    print(f"{title}  ({load_average()})")
    width = max(len(f.name) for f in figures) if figures else 10
    print(f"  {'figure':<{width}}  {'n':>3}  {'min':>10}  {'median':>10}  {'target':>10}"
          f"  {'ratio':>6}  verdict")
    ok = True
    for f in figures:
        target = f"<= {_num(f.target)}" if f.target is not None else "-"
        ratio = f"{f.median / f.target:.2f}" if f.target else "-"
        verdict = {True: "met", False: "MISSED", None: ""}[f.met]
        ok = ok and f.met is not False
        print(f"  {f.name:<{width}}  {len(f.values):>3}  {_num(f.low):>8} {f.unit:<2}"
              f"{_num(f.median):>9} {f.unit:<2}{target:>11}  {ratio:>6}  {verdict}")
    print("all targets met" if ok else "SOME TARGETS MISSED")
    print()
    return ok
