"""Layering: the core runs without pygame, never touches global randomness or the clock,
and imports point down (the UI never imports the CLI, the curriculum never the records)."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "simulator"
UI = PACKAGE / "ui"
CURRICULUM = PACKAGE / "curriculum"
#: The shells, allowed to read the clock: the UI paces real time, records stamp attempts,
#: and CLI handlers (no logic) pass "now" into the core (e.g. the quiz's review deck).
CLOCK_ALLOWED = (UI, PACKAGE / "records", PACKAGE / "commands", PACKAGE / "cli.py",
                 PACKAGE / "__main__.py")

NO_PYGAME = """
import sys
sys.modules["pygame"] = None
sys.modules["pygame_gui"] = None
import simulator.engine.shift
import simulator.bots
from simulator.bots import make_bot
from simulator.engine import journal
from simulator.engine.expand import expand
from simulator.engine.runner import run_bot
from simulator.scenarios import load_scenario

x = expand(load_scenario("calm-morning"), 1)
shift, log = run_bot(x, make_bot("expert", 1))
assert shift.ended
text = journal.dumps(x, log, shift.outcome_hash(), len(shift.outcomes))
assert journal.replay(journal.loads(text)).outcome_hash() == shift.outcome_hash()
try:
    from simulator.scoring import score_shift
except ImportError:
    score_shift = None
if score_shift is not None:
    score_shift(shift)
import simulator.commands.simulate
loaded = sorted(m for m, mod in sys.modules.items() if m.startswith("pygame") and mod)
print("ok", len(log), loaded)
"""

#: Module-level functions of ``random`` that use the hidden global generator.
GLOBAL_RANDOM = {"random", "choice", "choices", "randint", "randrange", "shuffle", "sample",
                 "uniform", "gauss", "expovariate", "seed", "getrandbits", "triangular",
                 "betavariate", "normalvariate", "lognormvariate", "vonmisesvariate",
                 "gammavariate", "paretovariate", "weibullvariate", "binomialvariate"}
CLOCK_CALLS = {("time", "time"), ("time", "time_ns"), ("time", "monotonic"),
               ("time", "perf_counter"), ("time", "localtime"), ("time", "gmtime"),
               ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"),
               ("date", "today")}
GREP = re.compile(r"(?<![\w.\]])(random\.(random|choice)\(|time\.time\(|datetime\.now\()")


def _sources(exclude=()):
    for path in sorted(PACKAGE.rglob("*.py")):
        if not any(path.is_relative_to(e) for e in exclude):
            yield path, path.read_text(encoding="utf-8")


def _module_name(path: Path) -> str:
    """Dotted module name of a source file under ROOT (a package is its __init__)."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(text: str, module: str = "", is_package: bool = False) -> list[tuple[int, str]]:
    """(line, dotted name) of every import in a module: top level, lazy or TYPE_CHECKING.

    ``from a import b`` yields ``a`` and ``a.b``; relative imports are resolved against
    ``module``; ``importlib.import_module("x")`` with a literal name yields ``x``.
    """
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            if base:
                found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}" if base else alias.name)
                      for alias in node.names if alias.name != "*"]
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == \
                "import_module" and node.args and isinstance(node.args[0], ast.Constant):
            found.append((node.lineno, str(node.args[0].value)))
    return found


def _imports_of(folder: Path, forbidden: str) -> list[str]:
    """Imports of ``forbidden`` (or anything under it) by the modules under ``folder``."""
    offenders = []
    for path, text in _sources():
        if path.is_relative_to(folder):
            names = _imports(text, _module_name(path), path.name == "__init__.py")
            offenders += [f"{path.relative_to(ROOT)}:{line} {name}" for line, name in names
                          if name == forbidden or name.startswith(forbidden + ".")]
    return offenders


def _code_only(text: str) -> str:
    """Source with docstrings and comments removed (for the grep-style check)."""
    tree = ast.parse(text)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and \
                isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            body[0].value.value = ""
    return ast.unparse(tree)


def test_engine_and_bots_run_with_pygame_unavailable():
    """With pygame and pygame_gui blocked, the core imports and plays a whole shift."""
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    proc = subprocess.run([sys.executable, "-c", NO_PYGAME], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok ") and proc.stdout.rstrip().endswith("[]")


def test_only_the_ui_imports_pygame():
    """No module under simulator/ outside simulator/ui/ imports pygame or pygame_gui."""
    offenders = [f"{path.relative_to(ROOT)}:{line} {name}"
                 for path, text in _sources(exclude=(UI,))
                 for line, name in _imports(text)
                 if name.split(".")[0] in ("pygame", "pygame_gui")]
    assert not offenders


def test_the_ui_never_imports_the_cli_commands():
    """No module under simulator/ui/ imports simulator.commands, at the top or lazily."""
    assert not _imports_of(UI, "simulator.commands")


def test_the_curriculum_never_imports_the_records():
    """No module under simulator/curriculum/ imports simulator.records, even lazily."""
    assert not _imports_of(CURRICULUM, "simulator.records")


def test_the_import_check_sees_lazy_relative_and_dynamic_imports():
    """The import scan is not vacuous: it finds lazy, relative and import_module imports."""
    code = ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import simulator.records\n"
            "def f():\n    from ..records.store import Store\n"
            "    from .. import records\n"
            "    return importlib.import_module('simulator.records.deck')\n")
    names = {name for _, name in _imports(code, "simulator.curriculum.review")}
    assert {n for n in names if n.startswith("simulator.records")} == {
        "simulator.records", "simulator.records.store", "simulator.records.store.Store",
        "simulator.records.deck"}


def _impure_calls(text: str, label: str) -> list[str]:
    """Global-random and clock calls (and their from-imports) in one module's source."""
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom) and node.module == "random":
            found += [f"{label}:{node.lineno} from random import {a.name}"
                      for a in node.names if a.name != "Random"]
        if isinstance(node, ast.ImportFrom) and node.module in ("time", "datetime"):
            found += [f"{label}:{node.lineno} from {node.module} import {a.name}"
                      for a in node.names if (node.module, a.name) in CLOCK_CALLS]
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        owner_name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
        call = (owner_name, node.func.attr)
        if (owner_name == "random" and node.func.attr in GLOBAL_RANDOM) or call in CLOCK_CALLS:
            found.append(f"{label}:{node.lineno} {'.'.join(call)}()")
    return found


def test_core_never_uses_global_random_or_the_clock():
    """Outside the shells, no call to module-level random functions or clock reads."""
    offenders = [hit for path, text in _sources(exclude=CLOCK_ALLOWED)
                 for hit in _impure_calls(text, str(path.relative_to(ROOT)))]
    assert not offenders


def test_grep_finds_no_global_random_or_clock_calls():
    """The literal patterns random.random(, random.choice(, time.time(, datetime.now( are absent."""
    offenders = [f"{path.relative_to(ROOT)}: {m.group(0)}"
                 for path, text in _sources(exclude=CLOCK_ALLOWED)
                 for m in GREP.finditer(_code_only(text))]
    assert not offenders


def test_the_grep_would_catch_an_offender():
    """The checks above are not vacuous: they match the patterns they look for."""
    code = ("import random, time\nfrom datetime import datetime\nx = random.choice([1])\n"
            "y = time.time()\nz = rng.random()\nw = datetime.now()\n"
            "v = random.Random('1:x').random()\n")
    assert [m.group(0) for m in GREP.finditer(_code_only(code))] == \
        ["random.choice(", "time.time(", "datetime.now("]
    assert len(_impure_calls(code, "sample")) == 3
