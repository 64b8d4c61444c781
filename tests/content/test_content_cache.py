"""The fast YAML path agrees with ruamel, and the content cache never hands out stale content."""

import contextlib
import os
import pickle
import random
import stat
from pathlib import Path

import pytest

from simulator import contentcache
from simulator.curriculum import load_curriculum
from simulator.errors import ContentError
from simulator.resources import data_dir
from simulator.scenarios import Scenario, load_scenario_file, shipped_scenarios
from simulator.validation import validate_data
from simulator.yamlio import parse_yaml_bytes, parse_yaml_fast

from .test_bad_input import BAD_INPUTS, MINIMAL
from .test_loader_fuzz import _mutate

CONTENT_FILES = sorted([*shipped_scenarios(), *data_dir("curriculum").rglob("*.yaml")])

TRICKY = [
    "a: yes\nb: no\nc: on\nd: off\n", "t: 08:30\nu: 1:30\n", "n: ~\nm: null\no:\n",
    "i: 0o17\nj: 0x1F\nk: 0b101\nl: 1_000\n", "f: .inf\ng: .nan\nh: -.5\ne: 1e3\n",
    "z: 007\nw: +5\nv: -0\n", "d: 2024-01-01\ns: 2024-01-01 10:00:00\n",
    'q: "\\u00e9\\t"\nr: \'it\'\'s\'\n', "b: |\n  one\n  two\nc: >\n  folded\n  text\n",
    "k: [1, 2, {a: b}]\n", "? complex\n: value\n", "1: one\n2.5: two\ntrue: three\n",
    "a: 12345678901234567890123\n", "a: 1.\nb: .5\nc: 1.5e-3\n", "a: TRUE\nb: False\n",
    "%YAML 1.2\n---\na: 1\n", "a: 1\n---\nb: 2\n", "a: !!str 1\n", "a: ! x\n",
    "<<: {a: 1}\n", "a: 'x'\n# comment\nb: \"y\" # trailing\n", "\ufeffa: 1\n",
    "a:\n  - b\n  -\n  - c: d\n", "a: \"\\/\"\n", "a: b: c\n", "a: [1, 2\n", "é: ü\n",
]


@pytest.fixture(autouse=True)
def _fresh_memory():
    """Each test starts with nothing cached in the process (the disk cache is per test)."""
    contentcache.clear_memory()
    yield
    contentcache.clear_memory()


def _same(left, right):
    """Equal data with equal types all the way down (True is not 1, 1.0 is not 1)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return list(left) == list(right) and all(_same(left[k], right[k]) for k in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(map(_same, left, right))
    return left == right


def _agree(raw: bytes) -> bool:
    """Check the contract: the fast path either declines or gives ruamel's exact data."""
    try:
        fast = parse_yaml_fast(raw, "f.yaml")
    except ContentError:
        fast = "refused"
    try:
        slow = parse_yaml_bytes(raw, "f.yaml")[0]
    except ContentError:
        slow = "refused"
    if fast is None:
        return True
    return _same(fast, slow)


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: p.name)
def test_fast_path_reads_every_shipped_file_as_ruamel_does(path):
    """Every shipped content file is read by the fast path, to ruamel's exact data."""
    raw = path.read_bytes()
    fast = parse_yaml_fast(raw, path.name)
    assert fast is not None, "the fast path declined a shipped file"
    assert _same(fast, parse_yaml_bytes(raw, path.name)[0])


@pytest.mark.parametrize("text", TRICKY)
def test_fast_path_declines_or_agrees_on_tricky_yaml(text):
    """YAML 1.1/1.2 differences, odd numbers, tags and errors: never a different answer."""
    assert _agree(text.encode())


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_fast_path_never_accepts_a_bad_input(name):
    """Aliases, tags, duplicate keys, deep nesting and syntax errors all go to ruamel."""
    assert _agree(BAD_INPUTS[name][: 2 * 1024 * 1024])


def test_fast_path_agrees_with_ruamel_on_mutated_scenarios():
    """Hundreds of mutated scenario files: the fast path declines or gives ruamel's data."""
    seeds = [MINIMAL.encode(), min((p.read_bytes() for p in shipped_scenarios()), key=len)]
    rng = random.Random("fast-path")
    accepted = 0
    for i in range(400):
        raw = _mutate(rng.choice(seeds), i, rng.randrange(1, 6))
        assert _agree(raw), f"mutation {i} read differently"
        with contextlib.suppress(ContentError):
            accepted += parse_yaml_fast(raw, "m.yaml") is not None
    assert accepted > 60, "the fast path declined almost everything"


def test_a_file_is_parsed_once_per_process(tmp_path, monkeypatch):
    """A second load of unchanged bytes is the same object, without reading YAML again."""
    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL)
    first = load_scenario_file(path)
    monkeypatch.setattr("simulator.yamlio.parse_yaml_fast", _refuse)
    monkeypatch.setattr("simulator.yamlio.parse_yaml_bytes", _refuse)
    assert load_scenario_file(path) is first


def test_another_process_reads_the_disk_cache(tmp_path, monkeypatch):
    """With the in-process cache gone, the result comes from disk, equal, unparsed."""
    monkeypatch.setenv("FRONTDESK_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL)
    first = load_scenario_file(path)
    contentcache.clear_memory()
    monkeypatch.setattr("simulator.yamlio.parse_yaml_fast", _refuse)
    monkeypatch.setattr("simulator.yamlio.parse_yaml_bytes", _refuse)
    again = load_scenario_file(path)
    assert again == first and again is not first


def test_an_edited_file_is_read_again(tmp_path):
    """Changed bytes miss the cache: the new title shows."""
    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL)
    assert load_scenario_file(path).title == "Tiny"
    path.write_text(MINIMAL.replace("title: Tiny", "title: Tinier"))
    assert load_scenario_file(path).title == "Tinier"


def test_a_bad_file_fails_every_time_with_the_ruamel_message(tmp_path):
    """Failures are not cached, and the message is the located one of the strict reader."""
    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL.replace("difficulty: 1", "difficulty: 9"))
    data, positions = parse_yaml_bytes(path.read_bytes(), str(path))
    with pytest.raises(ContentError) as expected:
        validate_data(Scenario, data, positions)
    for _ in range(2):
        with pytest.raises(ContentError) as got:
            load_scenario_file(path)
        assert [str(p) for p in got.value.problems] == [
            str(p) for p in expected.value.problems]
        assert got.value.problems[0].line == 4


def _cache_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


@pytest.mark.parametrize("damage", ["truncate", "flip", "world-writable"])
def test_a_damaged_or_untrusted_cache_file_is_rebuilt(tmp_path, monkeypatch, damage):
    """A torn, altered or world-writable cache file is never unpickled; the file is read."""
    monkeypatch.setenv("FRONTDESK_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL)
    load_curriculum()  # the scenario's objectives are checked against it: cached first
    before = set(_cache_files(tmp_path / "cache"))
    first = load_scenario_file(path)
    (stored,) = set(_cache_files(tmp_path / "cache")) - before
    blob = stored.read_bytes()
    if damage == "truncate":
        stored.write_bytes(blob[: len(blob) // 2])
    elif damage == "flip":
        stored.write_bytes(blob[:-1] + bytes([blob[-1] ^ 1]))
    else:
        stored.chmod(stored.stat().st_mode | stat.S_IWOTH)
    damaged = stored.read_bytes()
    contentcache.clear_memory()
    loads = []
    real_loads = pickle.loads

    def recorded(body):
        loads.append(bytes(body))
        return real_loads(body)

    monkeypatch.setattr("pickle.loads", recorded)
    assert load_scenario_file(path) == first
    assert not any(body in damaged for body in loads), "an untrusted cache file was unpickled"


def test_the_cache_folder_is_private(tmp_path, monkeypatch):
    """Cache folders are 0700: nobody else can plant a file to be unpickled."""
    monkeypatch.setenv("FRONTDESK_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL)
    load_scenario_file(path)
    stored = _cache_files(tmp_path / "cache")
    assert stored and all(stat.S_IMODE(os.stat(p.parent).st_mode) == 0o700 for p in stored)


def test_no_cache_keeps_nothing_on_disk(tmp_path, monkeypatch):
    """FRONTDESK_NO_CACHE=1 leaves the cache folder untouched."""
    monkeypatch.setenv("FRONTDESK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("FRONTDESK_NO_CACHE", "1")
    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL)
    load_scenario_file(path)
    assert not (tmp_path / "cache").exists()


def _refuse(*_args, **_kwargs):
    raise AssertionError("the file was parsed again")


def test_a_cached_scenario_loads_without_a_yaml_parser(tmp_path):
    """From a warm disk cache, a new process loads a scenario without importing any parser."""
    import subprocess
    import sys

    code = ("import sys; from simulator.scenarios import load_scenario; "
            "load_scenario('busy-monday'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('ruamel', 'yaml')))")
    env = dict(os.environ, FRONTDESK_CACHE_DIR=str(tmp_path / "cache"))
    first = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                           capture_output=True, text=True)
    assert first.stdout.strip() != "[]"  # the cold load parsed the file
    warm = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                          capture_output=True, text=True)
    assert warm.stdout.strip() == "[]"


def test_a_cached_scenario_is_checked_again_when_the_competencies_change(tmp_path,
                                                                          monkeypatch):
    """Objectives are checked against the competencies: a cached "ok" does not outlive them."""
    import shutil

    import simulator.curriculum as curriculum
    import simulator.scenarios as scenarios

    folder = tmp_path / "curriculum"
    shutil.copytree(data_dir("curriculum"), folder)
    monkeypatch.setattr(scenarios, "data_dir", lambda name: tmp_path / name)
    monkeypatch.setattr(curriculum, "data_dir", lambda name: tmp_path / name)
    monkeypatch.setenv("FRONTDESK_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL)
    assert load_scenario_file(path).objectives == ["organization.scheduling"]
    competencies = folder / "competencies.yaml"
    competencies.write_text(competencies.read_text(encoding="utf-8").replace(
        "id: organization.scheduling", "id: organization.booking"), encoding="utf-8")
    contentcache.clear_memory()
    with pytest.raises(ContentError) as caught:
        load_scenario_file(path)
    assert "no competency with id 'organization.scheduling'" in str(caught.value)
