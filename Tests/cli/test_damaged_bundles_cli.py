"""Damaged bundles (cut, bytes flipped, tables dropped or filled with junk, and re-sealed so the seal check passes)
make `hbc inspect`, `hbc diff` and `hbc serve` fail with a clear error (exit 1 or 2), never a crash, a Swift runtime
trap or a hang; `hbc search` never crashes, and fails clearly when the search tables themselves are damaged.
"""

import hashlib
import random
import sqlite3
import subprocess

import pytest

from cli_support import BINARY, REPO

SEAL = b"HBSEAL01"
INITIALIZE = (
    '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},'
    '"clientInfo":{"name":"t","version":"1"}}}\n{"jsonrpc":"2.0","method":"notifications/initialized"}\n'
    '{"jsonrpc":"2.0","id":2,"method":"tools/list"}\n'
)


def run(*args, stdin=""):
    return subprocess.run([str(BINARY), *map(str, args)], input=stdin, capture_output=True, text=True, timeout=60,
                          errors="replace")


def assert_clean_failure(done, what):
    assert done.returncode in (1, 2), f"{what}: exit {done.returncode}\n{done.stderr[-2000:]}"
    assert "Fatal error" not in done.stderr, f"{what}: {done.stderr[-2000:]}"
    assert done.stderr.strip(), f"{what}: no error message"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("damaged") / "acme.hb"
    done = run("build", REPO / "handbooks" / "acme-analytics", "-o", out)
    assert done.returncode == 0, done.stderr
    return out


def resealed(source, path, statements):
    """A copy of `source` with `statements` run on its database and a valid seal again."""
    body = source.read_bytes()
    assert body[-40:-32] == SEAL
    path.write_bytes(body[:-40])
    with sqlite3.connect(path) as database:
        for statement in statements:
            database.execute(statement)
    database.close()
    data = path.read_bytes()
    path.write_bytes(data + SEAL + hashlib.sha256(data).digest())
    return path


RESEALED = {
    "apis dropped": ["DROP TABLE apis"],
    "api descriptor not JSON": ["UPDATE apis SET descriptor = 'x'"],
    "api descriptor wrong type": ["UPDATE apis SET descriptor = '[]'"],
    "policies dropped": ["DROP TABLE policies"],
    "operation contract cut": ["UPDATE operations SET contract = substr(contract, 1, 10)"],
    "meta emptied": ["DELETE FROM meta"],
    "search vector not a vector": ["UPDATE search_vectors SET vector = 'x' WHERE ordinal = 3"],
    "search vectors missing": ["DELETE FROM search_vectors WHERE ordinal > 5"],
}


@pytest.mark.parametrize("damage", sorted(RESEALED))
def test_resealed_damage_is_a_clear_error_everywhere(damage, built, tmp_path):
    bundle = resealed(built, tmp_path / "damaged.hb", RESEALED[damage])
    assert_clean_failure(run("serve", bundle, "--state", "none", stdin=INITIALIZE), f"serve ({damage})")
    assert_clean_failure(run("inspect", bundle), f"inspect ({damage})")
    assert_clean_failure(run("diff", built, bundle), f"diff ({damage})")
    # `hbc search` reads only the search tables and does not recompute the content hash: it must not crash.
    searched = run("search", bundle, "customers")
    assert searched.returncode in (0, 1, 2) and "Fatal error" not in searched.stderr, searched.stderr[-2000:]
    if damage.startswith("search"):
        assert_clean_failure(searched, f"search ({damage})")


def test_cut_and_flipped_bundles_are_clear_errors(built, tmp_path):
    original = built.read_bytes()
    rng = random.Random(16)
    damaged = [original[: rng.randrange(len(original))] for _ in range(4)]
    for _ in range(4):
        data = bytearray(original)
        for _ in range(3):
            data[rng.randrange(len(data))] ^= rng.randrange(1, 256)
        damaged.append(bytes(data))
    path = tmp_path / "damaged.hb"
    for index, data in enumerate(damaged):
        path.write_bytes(data)
        assert_clean_failure(run("inspect", path), f"inspect #{index}")
        assert_clean_failure(run("serve", path, "--state", "none", stdin=INITIALIZE), f"serve #{index}")
