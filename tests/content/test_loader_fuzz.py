"""Hypothesis: nothing fed to the loader raises anything but the project's ContentError."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.errors import ContentError
from simulator.scenarios import load_scenario_file, shipped_scenarios

FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
LONG = settings(max_examples=3000, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

SEED_TEXT = b"".join(p.read_bytes() for p in shipped_scenarios()[:1]) or b"id: x\n"

MUTATIONS = [b":", b"-", b" ", b"\n", b"[", b"{", b"&a", b"*a", b"!!", b"'", b'"', b"\t",
             b"#", b"\xff", b"0", b"true", b"null", b"- ", b": ", b"\x00"]


def _mutate(data: bytes, seed: int, count: int) -> bytes:
    rng = random.Random(seed)
    buf = bytearray(data)
    for _ in range(count):
        op = rng.randrange(3)
        pos = rng.randrange(len(buf) + 1)
        if op == 0 and buf:
            del buf[pos: pos + rng.randrange(1, 8)]
        elif op == 1:
            buf[pos:pos] = rng.choice(MUTATIONS)
        elif buf:
            # Swap two lines: keeps the YAML shape mostly intact, moves keys around.
            lines = bytes(buf).split(b"\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            buf = bytearray(b"\n".join(lines))
    return bytes(buf)


def _check(tmp_path, data: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    try:
        load_scenario_file(path)
    except ContentError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file == str(path)


@FAST
@given(st.binary(max_size=2000))
def test_random_bytes_only_raise_content_error(tmp_path, data):
    """Random bytes never raise anything but ContentError."""
    _check(tmp_path, data)


@FAST
@given(st.integers(0, 2**32), st.integers(1, 12))
def test_mutated_scenarios_only_raise_content_error(tmp_path, seed, count):
    """Mutated valid scenarios never raise anything but ContentError."""
    _check(tmp_path, _mutate(SEED_TEXT, seed, count))


@pytest.mark.slow
@LONG
@given(st.integers(0, 2**32), st.integers(1, 40))
def test_mutated_scenarios_long_fuzz(tmp_path, seed, count):
    """Opt-in: a large fuzz of mutated scenarios."""
    _check(tmp_path, _mutate(SEED_TEXT, seed, count))


@pytest.mark.slow
@LONG
@given(st.binary(max_size=20000))
def test_random_bytes_long_fuzz(tmp_path, data):
    """Opt-in: a large fuzz of random bytes."""
    _check(tmp_path, data)
