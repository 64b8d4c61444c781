"""Every file that ever broke something is refused cleanly: exit 2, located, no traceback."""

from pathlib import Path

import pytest

from simulator.cli import main

CORPUS = Path(__file__).with_name("corpus")
FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".yaml", ".jsonl"))


def test_the_corpus_is_there():
    """The corpus holds scenarios and journals (a missing folder fails, not skips)."""
    assert {p.suffix for p in FILES} == {".yaml", ".jsonl"}


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_each_corpus_file_is_refused_with_its_place(path, capsys):
    """A scenario through `simulate`, a journal through `verify`: exit 2, file:line."""
    argv = (["simulate", "--scenario", str(path), "--bot", "expert"] if path.suffix == ".yaml"
            else ["verify", str(path)])
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith(f"{path}:")
