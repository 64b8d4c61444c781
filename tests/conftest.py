"""Shared test setup: headless SDL, the opt-in --runslow flag, and --update-golden."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
# The content cache of this run lives in a temporary folder (removed at exit), never in the
# user's cache folder; subprocesses the tests start inherit it.
_CACHE = tempfile.mkdtemp(prefix="frontdesk-test-cache-")
os.environ["FRONTDESK_CACHE_DIR"] = _CACHE
os.environ.pop("FRONTDESK_NO_CACHE", None)
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

import pytest  # noqa: E402


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", help="run the long opt-in checks")
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite golden journals and screenshots instead of comparing")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="opt-in: run with --runslow (make test-slow)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _private_data_folder(tmp_path, monkeypatch):
    """Every test gets its own data folder (desk key, trust list, journals, progress).

    Nothing a test does lands in the real user data folder; the records tests set their own.
    """
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "frontdesk-data"))
    for name in ("FRONTDESK_KEY_FILE", "FRONTDESK_TRUST_FILE", "FRONTDESK_DB"):
        monkeypatch.delenv(name, raising=False)
