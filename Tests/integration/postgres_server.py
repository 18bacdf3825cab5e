"""A PostgreSQL server for tests: the one `HBC_TEST_POSTGRES` names (a URL), else a throwaway cluster.

The throwaway cluster is created with `initdb` in a temporary directory and started with `pg_ctl` on a free loopback
port, trusting local connections (no password), with durability off (fsync) since its data is thrown away. PostgreSQL
refuses to run as root: as root, the cluster belongs to the `postgres` user (created by Debian's `postgresql`
package, which `.ci/run` installs) and its commands run through `runuser -u postgres --`.

Used by the pytest fixtures (`postgres_url`, `fresh_database`) and by the Swift tests, which run
`python3 Tests/integration/postgres_server.py --parent PID`: it prints the server's URL on one line, keeps the
server while process PID lives, then stops it and deletes its files.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from urllib.parse import urlsplit, urlunsplit


def _binary(name: str) -> str:
    """A PostgreSQL server program: on PATH, else in Debian's /usr/lib/postgresql/VERSION/bin (newest first)."""
    for candidate in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True):
        return candidate
    found = shutil.which(name)
    if found:
        return found
    raise RuntimeError(
        f"{name} not found: install PostgreSQL (Debian: apt-get install postgresql) or set HBC_TEST_POSTGRES to "
        "postgres://USER@HOST:PORT/DATABASE of a server the tests may create databases on"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayCluster:
    """A PostgreSQL cluster in a temporary directory, on a free loopback port, until `stop()`."""

    def __init__(self) -> None:
        self.directory = tempfile.mkdtemp(prefix="hbc-postgres-")
        self.data = os.path.join(self.directory, "data")
        self.port = _free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            os.chmod(self.directory, 0o755)
            shutil.chown(self.directory, "postgres", "postgres")

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        result = subprocess.run(prefix + list(command), capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")

    def start(self) -> str:
        self._run(_binary("initdb"), "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            _binary("pg_ctl"), "-D", self.data, "-o", options, "-l", os.path.join(self.directory, "log"), "-w",
            "-t", "60", "start",
        )
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            self._run(_binary("pg_ctl"), "-D", self.data, "-m", "immediate", "-w", "stop")
        except Exception:  # noqa: BLE001 - stopping is best effort; the directory goes anyway
            pass
        shutil.rmtree(self.directory, ignore_errors=True)


def create_database(server_url: str) -> str:
    """A new empty database on the server at `server_url`; returns its URL."""
    name = "hbc_test_" + uuid.uuid4().hex[:12]
    deadline = time.monotonic() + 30
    while True:
        result = subprocess.run(
            ["psql", server_url, "-v", "ON_ERROR_STOP=1", "-qc", f"CREATE DATABASE {name}"],
            capture_output=True, text=True, timeout=60,
        )
        if result.returncode == 0:
            break
        if time.monotonic() > deadline:
            raise RuntimeError(f"cannot create a test database: {result.stderr}")
        time.sleep(0.2)
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parent", type=int, required=True, help="stop the server when this process ends")
    arguments = parser.parse_args()
    cluster = ThrowawayCluster()
    try:
        url = cluster.start()
    except Exception as error:  # noqa: BLE001
        cluster.stop()
        print(f"error: {error}", file=sys.stderr, flush=True)
        sys.exit(1)
    print(url, flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while True:
            try:
                os.kill(arguments.parent, 0)
            except ProcessLookupError:
                break
            time.sleep(0.5)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second signal must not cut the clean-up short
        cluster.stop()


if __name__ == "__main__":
    main()
