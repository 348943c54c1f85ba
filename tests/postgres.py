"""A throwaway PostgreSQL server for one test run, and a fresh database on it for each test.

``make test`` runs pytest inside this wrapper:

    python -m tests.postgres python -m pytest [ARGS]

It starts Debian's PostgreSQL (``/usr/lib/postgresql/<newest version>/bin``; ``make postgresql`` installs it)
with its data and its unix socket in a new temporary directory, listening on a free port of 127.0.0.1 with a
random password, exports the address as ``OMAVALVONTA_TEST_POSTGRES`` and runs the command; afterwards it stops
the server and removes the directory, whatever the tests did, and exits with the command's status. PostgreSQL
refuses to run as root, so as root the server runs as the ``postgres`` user (which then owns the directory).
One server serves the whole run: pytest workers share it, each test gets a database of its own
(``fresh_database``), named by a uuid and dropped after.

The tests use PostgreSQL where ``OMAVALVONTA_TEST_POSTGRES`` holds an address; without one they are skipped,
unless ``OMAVALVONTA_TEST_POSTGRES_REQUIRED`` is set (``make test`` sets it): then they fail.
"""
from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ADDRESS_ENV = "OMAVALVONTA_TEST_POSTGRES"
REQUIRED_ENV = "OMAVALVONTA_TEST_POSTGRES_REQUIRED"
USER = "omavalvonta"
PREFIX = "omavalvonta_test_"


# the tests' side ---------------------------------------------------------------------------------------------
def server_address() -> str | None:
    """The test server's address (its maintenance database), or None when the tests run without one: pytest
    skips the PostgreSQL variant then, or fails it when PostgreSQL is required."""
    import pytest

    address = os.environ.get(ADDRESS_ENV)
    if address:
        return address
    if os.environ.get(REQUIRED_ENV):
        pytest.fail(f"{REQUIRED_ENV} is set but {ADDRESS_ENV} is not: run the tests with `make test` "
                    "(or `python -m tests.postgres python -m pytest …`), which starts a PostgreSQL server")
    pytest.skip(f"no PostgreSQL server: run `make test`, or set {ADDRESS_ENV}=postgresql+psycopg://… to include it")


@contextlib.contextmanager
def fresh_database(address: str):
    """A new, empty database on the server at ``address``; yields its SQLAlchemy address; drops it after (with
    any connections still open to it), so that tests running at the same time never see each other's data."""
    import sqlalchemy as sa

    server = sa.engine.make_url(address)
    name = f"{PREFIX}{uuid.uuid4().hex}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


# the server's side -------------------------------------------------------------------------------------------
def binaries() -> Path:
    """The bin folder of the newest PostgreSQL that Debian's packages installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
                   key=lambda p: [int(n) if n.isdigit() else 0 for n in p.parent.parent.name.split(".")])
    if not found:
        sys.exit("PostgreSQL is not installed: `make postgresql` (or `apt-get install postgresql`) installs it")
    return found[-1].parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A PostgreSQL cluster in a temporary directory; ``start`` and ``stop`` it."""

    def __init__(self):
        self.bin = binaries()
        self.account = pwd.getpwnam("postgres") if os.geteuid() == 0 else None  # PostgreSQL will not run as root
        # in /tmp, not $TMPDIR: the postgres user must reach it, and a socket's path is at most 107 bytes long
        self.root = Path(tempfile.mkdtemp(prefix="omavalvonta-pg-", dir="/tmp" if os.path.isdir("/tmp") else None))
        if self.account is not None:
            os.chown(self.root, self.account.pw_uid, self.account.pw_gid)
        self.data, self.log = self.root / "data", self.root / "server.log"
        self.password = secrets.token_hex(16)
        self.port = 0

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.account is not None:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, cwd=self.root, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                env={**os.environ, "LC_ALL": "C.UTF-8", "TZ": "UTC"})
        if check and result.returncode != 0:
            raise RuntimeError(f"{args[0]} failed ({result.returncode}):\n{result.stdout}{result.stderr}"
                               f"{self._log_tail()}")
        return result

    def _log_tail(self) -> str:
        try:
            return "\nserver log:\n" + "".join(self.log.read_text(errors="replace").splitlines(True)[-20:])
        except OSError:
            return ""

    def start(self, timeout: float = 60) -> str:
        """initdb, then the server on a free port (another if that one was taken meanwhile); returns the
        address of its maintenance database once it accepts connections."""
        pwfile = self.root / "pwfile"
        pwfile.write_text(self.password + "\n")
        if self.account is not None:
            os.chown(pwfile, self.account.pw_uid, self.account.pw_gid)
        pwfile.chmod(0o600)
        self._run("initdb", "--pgdata", str(self.data), "--username", USER, "--pwfile", str(pwfile),
                  "--auth-local", "scram-sha-256", "--auth-host", "scram-sha-256", "--encoding", "UTF8",
                  "--locale", "C.UTF-8", "--no-instructions")
        pwfile.unlink()
        for attempt in range(3):
            self.port = _free_port()
            options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=300 "
                       "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")  # a throwaway server
            started = self._run("pg_ctl", "start", "--pgdata", str(self.data), "--log", str(self.log), "--wait",
                                "--timeout", str(int(timeout)), "--options", options, check=attempt == 2)
            if started.returncode == 0:
                break
        address = f"postgresql+psycopg://{USER}:{self.password}@127.0.0.1:{self.port}/postgres"
        self._wait_ready(address, timeout)
        return address

    def _wait_ready(self, address: str, timeout: float) -> None:
        import sqlalchemy as sa

        engine = sa.create_engine(address, poolclass=sa.pool.NullPool)
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    with engine.connect() as connection:
                        connection.execute(sa.text("SELECT 1"))
                    return
                except sa.exc.OperationalError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"PostgreSQL did not accept connections in {timeout:.0f} s"
                                           f"{self._log_tail()}") from None
                    time.sleep(0.2)
        finally:
            engine.dispose()

    def stop(self) -> None:
        """Stop the server (if it runs) and remove its directory."""
        try:
            if (self.data / "postmaster.pid").exists():
                stopped = self._run("pg_ctl", "stop", "--pgdata", str(self.data), "--mode", "fast", "--wait",
                                    "--timeout", "30", check=False)
                if stopped.returncode != 0:
                    _kill_postmaster(self.data / "postmaster.pid")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _kill_postmaster(pidfile: Path) -> None:
    with contextlib.suppress(OSError, ValueError, IndexError):
        os.kill(int(pidfile.read_text().split()[0]), signal.SIGKILL)


def _terminated(signum, _frame):
    raise SystemExit(128 + signum)


def main(command: list[str]) -> int:
    """Run ``command`` with a PostgreSQL server of its own; the command's exit status."""
    if not command:
        sys.exit("usage: python -m tests.postgres COMMAND [ARGS…]   (e.g. python -m pytest)")
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _terminated)
    server = Server()
    try:
        try:
            address = server.start()
        except RuntimeError as exc:
            print(f"tests.postgres: the PostgreSQL server did not start: {exc}", file=sys.stderr)
            return 1
        return subprocess.call(command, env={**os.environ, ADDRESS_ENV: address})
    except KeyboardInterrupt:
        return 130
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
