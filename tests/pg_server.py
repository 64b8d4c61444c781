"""A throwaway PostgreSQL server for the test suite, started on first need, removed at the end.

The records tests run their PostgreSQL variants against a fresh cluster made with ``initdb``
in a new temporary folder. The server listens only on a Unix socket in that folder (no TCP
port at all), lets its own socket in without a password (``trust``, local only) and runs with
durability switched off, since the data is thrown away. Nothing outside the folder changes:
no existing cluster is touched, no password is set, nothing is left running. The session
fixture's finalizer stops the server and deletes the folder, also after a failure, Ctrl-C or
SIGTERM (turned into KeyboardInterrupt); an ``atexit`` hook is the second line of defence,
and ``setpriv --pdeathsig`` stops the server even when pytest itself is killed (the folder
then stays behind in the temporary directory).

``initdb`` refuses to run as root, so under root the cluster belongs to ``nobody`` and both
``initdb`` and ``postgres`` are started through ``setpriv`` (or ``runuser``), which never
prompt. Every child gets a closed stdin, so nothing can wait for a password.

The server binaries are found on PATH or under Debian's ``/usr/lib/postgresql/*/bin``. When
they are missing the PostgreSQL tests are skipped with the reason (``make test`` installs
Debian's ``postgresql`` first when it runs as root, as on a fresh CI machine; see
``scripts/postgres_for_tests.sh``). ``FRONTDESK_TEST_POSTGRES`` names an existing server
instead (its user must be allowed to create databases). The terminal summary says whether the
PostgreSQL tests ran and on what, or why they were skipped.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

ENV = "FRONTDESK_TEST_POSTGRES"
#: Debian keeps each major version's server binaries here, off PATH.
DEBIAN_BINARIES = "/usr/lib/postgresql/*/bin"
#: The owner of the throwaway cluster when the tests run as root.
UNPRIVILEGED_USER = "nobody"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0

#: What happened, for the terminal summary: None until a test asks for PostgreSQL.
_outcome: dict[str, str] = {}
_current: dict[str, str] = {}


class Unavailable(Exception):
    """No PostgreSQL server can be started here; the message says why."""


def find_binaries() -> Path | None:
    """Return the folder holding ``initdb``, ``postgres`` and ``pg_ctl``, or None.

    PATH first (a packaged or hand-built server the developer chose), then the newest major
    version under Debian's ``/usr/lib/postgresql``.
    """
    folders = []
    on_path = shutil.which("initdb")
    if on_path:
        folders.append(Path(on_path).resolve().parent)
    versions = []
    for folder in Path("/").glob(DEBIAN_BINARIES.lstrip("/")):
        match = re.fullmatch(r"\d+(\.\d+)?", folder.parent.name)
        if match:
            versions.append((float(folder.parent.name), folder))
    folders += [folder for _, folder in sorted(versions, reverse=True)]
    for folder in folders:
        if all(os.access(folder / name, os.X_OK) for name in ("initdb", "postgres")):
            return folder
    return None


#: setpriv's parent-death signal stops the server (fast shutdown) if pytest itself is killed,
#: which no finalizer can cover. One setpriv call: changing the uid afterwards would clear it.
_ORPHAN_GUARD = ["--pdeathsig", "INT"]


def _as_owner() -> tuple[list[str], int | None, int | None]:
    """The command prefix, uid and gid that run the server as an unprivileged user.

    Not root: only the orphan guard (when setpriv exists) and None ids.
    """
    if os.geteuid() != 0:
        return (["setpriv", *_ORPHAN_GUARD, "--"] if shutil.which("setpriv") else []), None, None
    try:
        owner = pwd.getpwnam(UNPRIVILEGED_USER)
    except KeyError:
        raise Unavailable(f"running as root and there is no '{UNPRIVILEGED_USER}' user to own "
                          "the throwaway cluster (initdb refuses root)") from None
    if shutil.which("setpriv"):
        # setpriv execs the server itself, so signals reach postgres, not a wrapper.
        prefix = ["setpriv", f"--reuid={owner.pw_uid}", f"--regid={owner.pw_gid}",
                  "--clear-groups", *_ORPHAN_GUARD, "--"]
    elif shutil.which("runuser"):
        prefix = ["runuser", "-u", UNPRIVILEGED_USER, "--"]
    else:
        raise Unavailable("running as root without setpriv or runuser to drop to an "
                          "unprivileged user (initdb refuses root)")
    return prefix, owner.pw_uid, owner.pw_gid


def _child_env() -> dict[str, str]:
    """The environment for initdb and postgres: ours without PG* variables (PGDATA, PGPORT)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C"
    return env


class ThrowawayServer:
    """One PostgreSQL cluster in a temporary folder, reachable only through its socket."""

    def __init__(self, binaries: Path):
        self.binaries = binaries
        self.folder: Path | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.version = "PostgreSQL"

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the ``postgres`` database (superuser ``postgres``)."""
        return f"postgresql+psycopg://postgres@/postgres?host={self.folder}"

    def start(self) -> str:
        """Create the cluster, start the server and wait until it accepts connections.

        Returns:
            The server's URL.

        Raises:
            Unavailable: If initdb or the server fails; the message carries its log's tail.
        """
        prefix, uid, gid = _as_owner()
        # mkdtemp, not pytest's tmp_path: pytest's base folder is private to the current user,
        # and under root the cluster's owner must be able to reach its folder. The path stays
        # short because a Unix socket path is limited to about 100 bytes.
        self.folder = Path(tempfile.mkdtemp(prefix="frontdesk-pg-"))
        if uid is not None:
            os.chown(self.folder, uid, gid)
        data = self.folder / "data"
        env = _child_env()
        initdb = subprocess.run(
            [*prefix, str(self.binaries / "initdb"), "-D", str(data), "-U", "postgres",
             "--auth-local=trust", "--auth-host=reject", "-E", "UTF8", "--no-locale",
             "--no-sync"],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, timeout=120,
            check=False)
        if initdb.returncode != 0:
            raise Unavailable(f"initdb failed: {(initdb.stderr or initdb.stdout).strip()[-500:]}")
        version_file = data / "PG_VERSION"
        with contextlib.suppress(OSError):
            self.version = f"PostgreSQL {version_file.read_text().strip()}"
        log_path = self.folder / "server.log"
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(
                [*prefix, str(self.binaries / "postgres"), "-D", str(data),
                 "-k", str(self.folder), "-c", "listen_addresses=",
                 # Throwaway data: no disk flushes.
                 "-c", "fsync=off", "-c", "synchronous_commit=off",
                 "-c", "full_page_writes=off"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env)
        self._wait_ready(log_path)
        return self.url

    def _wait_ready(self, log_path: Path) -> None:
        import psycopg

        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert self.process is not None
            if self.process.poll() is not None:
                raise Unavailable(f"the server exited at start: {self._tail(log_path)}")
            try:
                psycopg.connect(host=str(self.folder), user="postgres", dbname="postgres",
                                connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise Unavailable(f"the server did not accept connections within "
                                      f"{START_TIMEOUT:.0f} s: {self._tail(log_path)}") from None
                time.sleep(0.1)

    @staticmethod
    def _tail(log_path: Path) -> str:
        try:
            return log_path.read_text(errors="replace").strip()[-500:]
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        """Stop the server (fast shutdown, then kill) and delete its folder; safe to repeat."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            # SIGINT is PostgreSQL's "fast" shutdown: disconnect clients, stop at once.
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_TIMEOUT)
        folder, self.folder = self.folder, None
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def _start(request: pytest.FixtureRequest) -> str:
    """Start a throwaway server for this session; returns its URL or raises Unavailable."""
    if importlib.util.find_spec("psycopg") is None:
        raise Unavailable("psycopg is not installed (pip install -e '.[postgres]')")
    binaries = find_binaries()
    if binaries is None:
        raise Unavailable("no PostgreSQL server binaries (initdb, postgres) on PATH or under "
                          f"{DEBIAN_BINARIES}; install Debian's postgresql, or set {ENV} to "
                          "a server URL")
    server = ThrowawayServer(binaries)
    # Registered before start, so a half-started server is cleaned up too.
    request.addfinalizer(server.stop)
    atexit.register(server.stop)
    _stop_on_sigterm()
    try:
        url = server.start()
    except Exception:
        server.stop()
        raise
    _outcome["ran"] = (f"ran on a throwaway {server.version} cluster in a temporary folder "
                       f"({binaries}), stopped and removed at the end")
    return url


def _stop_on_sigterm() -> None:
    """Turn SIGTERM (a CI timeout, ``kill``) into KeyboardInterrupt, so finalizers run."""
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        def interrupt(signum: int, frame: object) -> None:
            raise KeyboardInterrupt(f"signal {signum}")

        with contextlib.suppress(ValueError):  # not the main thread: leave it alone
            signal.signal(signal.SIGTERM, interrupt)


@pytest.fixture(scope="session")
def pg_server(request: pytest.FixtureRequest) -> str:
    """The URL of a PostgreSQL server whose user may create databases; skips without one.

    ``FRONTDESK_TEST_POSTGRES`` when set, otherwise a throwaway server for this session.
    """
    given = os.environ.get(ENV)
    if given:
        _outcome["ran"] = f"ran on the server named by {ENV}"
        url = given
    else:
        try:
            url = _start(request)
        except (Unavailable, OSError, subprocess.SubprocessError) as exc:
            _outcome["skipped"] = str(exc)
            pytest.skip(f"PostgreSQL unavailable: {exc}")
    _current["url"] = url
    return url


def current_url() -> str:
    """The URL the ``pg_server`` fixture provided (request that fixture first)."""
    try:
        return _current["url"]
    except KeyError:
        raise RuntimeError("request the pg_server fixture before using the database") from None


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say plainly whether the PostgreSQL tests ran, and on what, or why they were skipped."""
    if "ran" in _outcome:
        line, colour = f"PostgreSQL tests: {_outcome['ran']}", {"green": True}
    elif "skipped" in _outcome:
        line, colour = f"PostgreSQL tests: SKIPPED: {_outcome['skipped']}", {"yellow": True}
    else:
        line, colour = "PostgreSQL tests: none selected", {}
    terminalreporter.write_line(line, **colour)
