"""`hbc serve`'s configuration files (`--access`, `--connections`) are checked before serving: every problem is
reported as `file:line:col: error: …` with what to do, all of them at once, and the server exits 1 without listening.
"""

import base64
import os
import subprocess

import pytest

from cli_support import BINARY, REPO

pytestmark = pytest.mark.skipif(not BINARY.exists(), reason=f"{BINARY} not built")

API_KEY = {"CI_KEY": "0123456789abcdefghij"}
ACCESS = "api_keys:\n  - {name: ci, env: CI_KEY, tenant: acme}\n"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle") / "acme.hb"
    built = subprocess.run([str(BINARY), "build", str(REPO / "handbooks" / "acme-analytics"), "-o", str(out),
                            "--embedder", "none"], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    return out


def serve(hbc, bundle, tmp_path, files, environment, *options):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    saved = dict(os.environ)
    os.environ.update(environment)
    try:
        return hbc("serve", bundle, "--http", "127.0.0.1:0", "--state", tmp_path / "state.sqlite", *options,
                   cwd=tmp_path)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_connections_file_problems_are_located_and_all_reported(hbc, bundle, tmp_path):
    connections = (
        "public_url: not a url\n"                        # 1
        "key_env: HBC_TEST_UNSET_CONNECTIONS_KEY\n"      # 2
        "groups:\n"                                      # 3
        "  acme-analytics:\n"                            # 4
        "    authorization_url: https://id.example.com/authorize\n"  # 5
        "    token_url_env: HBC_TEST_UNSET_TOKEN_URL\n"  # 6
        "    client_id: hbc\n"                           # 7
        "    scope: [customers.read]\n"                  # 8
    )
    result = serve(hbc, bundle, tmp_path, {"access.yaml": ACCESS, "connections.yaml": connections}, API_KEY,
                   "--access", "access.yaml", "--connections", "connections.yaml")
    assert result.returncode == 1, result.stderr
    assert "connections.yaml:1:13: error: public_url must be an absolute http(s) URL" in result.stderr
    assert "connections.yaml:2:10: error: set HBC_TEST_UNSET_CONNECTIONS_KEY to a 32-byte key" in result.stderr
    assert "connections.yaml:6:20: error: the environment variable HBC_TEST_UNSET_TOKEN_URL" in result.stderr
    assert "connections.yaml:8:12: error: unknown key 'scope' (known: " in result.stderr
    assert "serving MCP" not in result.stderr


def test_connections_file_as_json_with_no_groups(hbc, bundle, tmp_path):
    key = {"HBC_CONNECTIONS_KEY": base64.b64encode(os.urandom(32)).decode(), **API_KEY}
    result = serve(hbc, bundle, tmp_path, {"access.yaml": ACCESS, "connections.json": '{"groups": {}}'}, key,
                   "--access", "access.yaml", "--connections", "connections.json")
    assert result.returncode == 1
    assert "connections.json:1:12: error: groups must map each API id" in result.stderr


def test_connections_file_syntax_error_is_located(hbc, bundle, tmp_path):
    result = serve(hbc, bundle, tmp_path, {"access.yaml": ACCESS, "connections.json": '{"groups": {"a":\n'}, API_KEY,
                   "--access", "access.yaml", "--connections", "connections.json")
    assert result.returncode == 1
    assert "error: connections.json:2:" in result.stderr


def test_visibility_problems_point_at_the_key(hbc, bundle, tmp_path):
    access = ACCESS + (
        "visibility:\n"                      # 3
        "  default: deny\n"                  # 4
        "  rules:\n"                         # 5
        "    - tenants: [acme]\n"            # 6
        "      allow: {groupz: [x]}\n"       # 7
    )
    result = serve(hbc, bundle, tmp_path, {"access.yaml": access}, API_KEY, "--access", "access.yaml")
    assert result.returncode == 1
    assert ("access.yaml:7:23: error: visibility.rules[0].allow.groupz: unknown key; the keys here are "
            in result.stderr), result.stderr
    assert "docs/visibility.md" in result.stderr


def known_keys(stderr, file):
    """The key lists of the `unknown key` errors in `stderr`, by line of `file`: (known: a, b) or `a`, `b`."""
    lists = {}
    for line in stderr.splitlines():
        if not line.startswith(file + ":") or "unknown key" not in line:
            continue
        number = int(line.split(":")[1])
        if "(known: " in line:
            lists[number] = line.split("(known: ")[1].split(")")[0].split(", ")
        else:
            lists[number] = [part.split("`")[0] for part in line.split("the keys here are ")[1].split("`")[1::2]]
    return lists


def test_every_key_the_files_take_is_documented(hbc, bundle, tmp_path):
    """The keys the server accepts (as its `unknown key` errors list them) are the keys the guides explain."""
    access = (
        "auth: {issuer: https://a.example.com, jwks_url: https://a.example.com/jwks, bogus_auth: 1}\n"  # 1
        "api_keys:\n"                                                                                    # 2
        "  - {name: ci, env: CI_KEY, tenant: acme, bogus_key: 1}\n"                                       # 3
        "bogus_top: 1\n"                                                                                  # 4
    )
    result = serve(hbc, bundle, tmp_path, {"access.yaml": access}, API_KEY, "--access", "access.yaml")
    lists = known_keys(result.stderr, "access.yaml")
    assert sorted(lists) == [1, 3, 4], result.stderr
    guide = (REPO / "docs" / "access.md").read_text()
    for key in {key for keys in lists.values() for key in keys}:
        assert f"{key}:" in guide or f"`{key}`" in guide, f"docs/access.md does not explain the access file's {key}"

    visibility_guide = (REPO / "docs" / "visibility.md").read_text()
    for section in ["{default: deny, bogus: 1}", "{default: deny, rules: [{tenants: [acme], bogus: 1}]}",
                    "{default: deny, rules: [{allow: {bogus: [x]}}]}"]:
        result = serve(hbc, bundle, tmp_path, {"access.yaml": ACCESS + f"visibility: {section}\n"}, API_KEY,
                       "--access", "access.yaml")
        keys = [key for keys in known_keys(result.stderr, "access.yaml").values() for key in keys]
        assert keys, result.stderr
        for key in keys:
            assert f"{key}:" in visibility_guide or f"`{key}`" in visibility_guide, f"docs/visibility.md: {key}"

    connections = "groups: {acme-analytics: {bogus_group: 1}}\nbogus_top: 1\n"
    result = serve(hbc, bundle, tmp_path, {"access.yaml": ACCESS, "connections.yaml": connections}, API_KEY,
                   "--access", "access.yaml", "--connections", "connections.yaml")
    lists = known_keys(result.stderr, "connections.yaml")
    assert sorted(lists) == [1, 2], result.stderr
    connections_guide = (REPO / "docs" / "connections.md").read_text()
    for key in {key for keys in lists.values() for key in keys}:
        assert f'"{key}"' in connections_guide or f"`{key}`" in connections_guide, f"docs/connections.md: {key}"
