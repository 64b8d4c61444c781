"""A small recorded cohort for the report, certificate and xAPI tests (built once, copied)."""

import os
import shutil
from pathlib import Path

from tests.records.quick import QUICK  # noqa: E402

#: Trainee -> bot. The names check escaping and fonts; the novice fails 'quick'.
COHORT = {"Ada": "novice", "<script>alert(1)</script>": "expert", "Dương Thị Hà": "expert"}


def build_cohort(folder: Path) -> Path:
    """Record one sitting of 'quick' per COHORT trainee in ``folder`` (its data folder)."""
    from simulator.cli import main

    (folder / "quick.yaml").write_text(QUICK, encoding="utf-8")
    old = os.environ.get("FRONTDESK_DATA_DIR")
    os.environ["FRONTDESK_DATA_DIR"] = str(folder)
    try:
        assert main(["assessment", "create", str(folder / "quick.yaml")]) == 0
        for name, bot in COHORT.items():
            assert main(["assessment", "run", "quick", "--trainee", name, "--bot", bot]) == 0
    finally:
        if old is None:
            del os.environ["FRONTDESK_DATA_DIR"]
        else:
            os.environ["FRONTDESK_DATA_DIR"] = old
    return folder


_BUILT: list[Path] = []


def cohort_template(tmp_path_factory) -> Path:
    """The recorded cohort, built once per test session and shared by the test files."""
    if not _BUILT:
        _BUILT.append(build_cohort(tmp_path_factory.mktemp("cohort")))
    return _BUILT[0]


def copy_cohort(template: Path, data_dir: Path) -> dict[str, dict]:
    """Copy the recorded cohort into a test's data folder; return its attempts by trainee."""
    for path in [*template.glob("frontdesk.sqlite*"), template / "signing.key"]:
        shutil.copy2(path, data_dir / path.name)
    from simulator.records.store import Store

    store = Store()
    try:
        return {row["trainee"]: row for row in store.attempts("quick")}
    finally:
        store.close()
