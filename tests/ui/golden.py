"""Golden-image comparison with a tolerance and a side-by-side diff on failure.

Baselines live in tests/ui/golden/ and change only with ``pytest --update-golden``.
"""

from pathlib import Path

import numpy as np
import pygame

GOLDEN = Path(__file__).with_name("golden")
FAILURES = Path(__file__).with_name("_failures")
#: A pixel counts as different past this per-channel distance; the image fails past
#: this share of different pixels (fonts and anti-aliasing may shift a little).
PIXEL_TOLERANCE = 48
SHARE_TOLERANCE = 0.004


def compare(surface: pygame.Surface, name: str, update: bool) -> None:
    """Assert ``surface`` matches the baseline ``name``.png (or write it when updating)."""
    GOLDEN.mkdir(exist_ok=True)
    baseline = GOLDEN / f"{name}.png"
    if update or not baseline.exists():
        pygame.image.save(surface, str(baseline))
        if not update:
            raise AssertionError(f"no baseline for {name}: wrote {baseline}; check it in")
        return
    expected = pygame.surfarray.array3d(pygame.image.load(str(baseline))).astype(np.int16)
    actual = pygame.surfarray.array3d(surface).astype(np.int16)
    if expected.shape != actual.shape:
        _write_diff(name, expected, actual)
        raise AssertionError(f"{name}: size {actual.shape[:2]} != {expected.shape[:2]}")
    delta = np.abs(expected - actual).max(axis=2)
    share = float((delta > PIXEL_TOLERANCE).mean())
    if share > SHARE_TOLERANCE:
        path = _write_diff(name, expected, actual)
        raise AssertionError(
            f"{name}: {share:.2%} of pixels differ (limit {SHARE_TOLERANCE:.2%}); "
            f"side-by-side diff in {path}; if the change is intended, run "
            f"pytest tests/ui --update-golden")


def _write_diff(name: str, expected: np.ndarray, actual: np.ndarray) -> Path:
    FAILURES.mkdir(exist_ok=True)
    h = max(expected.shape[1], actual.shape[1])
    w = expected.shape[0]
    canvas = np.zeros((w * 3, h, 3), dtype=np.uint8)
    canvas[:w, : expected.shape[1]] = expected.clip(0, 255)
    canvas[w: w + actual.shape[0], : actual.shape[1]] = actual.clip(0, 255)
    if expected.shape == actual.shape:
        canvas[2 * w:, :] = (np.abs(expected - actual) * 4).clip(0, 255)
    path = FAILURES / f"{name}-expected-actual-diff.png"
    pygame.image.save(pygame.surfarray.make_surface(canvas), str(path))
    return path
