"""Shared fixtures for the command-line tests: they run the real `hbc` binary."""

import os
import pathlib
import shutil
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
SHARED = pathlib.Path(os.environ.get("HBC_SHARED_DATA", REPO.parent / "shared" / "data"))
# Absolute, so tests may run it from other working directories (make test passes a relative HBC).
BINARY = pathlib.Path(os.environ.get("HBC", REPO / ".build" / "debug" / "hbc")).resolve()


@pytest.fixture(scope="session")
def hbc():
    binary = BINARY
    if not binary.exists():
        pytest.fail(f"{binary} does not exist; run `swift build` first (make test does)")

    def run(*args, cwd=None):
        return subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300,
                              env=dict(os.environ))

    return run


@pytest.fixture()
def acme_copy(tmp_path):
    destination = tmp_path / "acme-analytics"
    shutil.copytree(REPO / "handbooks" / "acme-analytics", destination)
    return destination
