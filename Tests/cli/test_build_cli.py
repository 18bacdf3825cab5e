"""`hbc build`, `hbc inspect` and `hbc init` as users run them."""

import json
import re

from cli_support import REPO, SHARED

DIAGNOSTIC = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning|note): \[(?P<rule>[a-z.-]+)\] ")


def test_build_prints_identity_and_inspect_verifies_it(hbc, tmp_path):
    out = tmp_path / "acme.hb"
    built = hbc("build", REPO / "handbooks" / "acme-analytics", "-o", out)
    assert built.returncode == 0, built.stderr
    content_hash = re.search(r"content hash (sha256:[0-9a-f]{64})", built.stdout).group(1)
    inspected = hbc("inspect", out, "--json", "--operations")
    assert inspected.returncode == 0, inspected.stderr
    info = json.loads(inspected.stdout)
    assert info["contentHash"] == content_hash
    assert info["name"] == "acme-analytics"
    assert info["counts"]["operations"] == len(info["operations"]) >= 10
    assert set(info["environments"]) >= {"staging", "production"}


def test_two_builds_are_byte_identical(hbc, tmp_path):
    first, second = tmp_path / "a.hb", tmp_path / "b.hb"
    assert hbc("build", REPO / "handbooks" / "acme-analytics", "-o", first).returncode == 0
    assert hbc("build", REPO / "handbooks" / "acme-analytics", "-o", second).returncode == 0
    assert first.read_bytes() == second.read_bytes()


def test_malformed_yaml_gives_file_line_and_no_output(hbc, acme_copy, tmp_path):
    spec = acme_copy / "openapi" / "acme-analytics.yaml"
    lines = spec.read_text().splitlines()
    lines[5] = lines[5] + " [unclosed"
    spec.write_text("\n".join(lines) + "\n")
    out = tmp_path / "broken.hb"
    result = hbc("build", acme_copy, "-o", out)
    assert result.returncode == 1
    errors = [m for m in map(DIAGNOSTIC.match, result.stderr.splitlines()) if m and m["severity"] == "error"]
    assert errors, result.stderr
    assert errors[0]["file"].endswith("openapi/acme-analytics.yaml")
    assert int(errors[0]["line"]) >= 6
    assert "Traceback" not in result.stderr and "Fatal error" not in result.stderr
    assert not out.exists()


def test_literal_secret_is_refused_without_echoing_it(hbc, acme_copy, tmp_path):
    manifest = acme_copy / "handbook.yaml"
    manifest.write_text(manifest.read_text().replace("${ACME_TOKEN}", "tok_live_9f8e7d6c"))
    out = tmp_path / "x.hb"
    result = hbc("build", acme_copy, "-o", out, "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    secret = [d for d in report["diagnostics"] if d["rule"] == "manifest.literal-secret"]
    assert secret and secret[0]["file"].endswith("handbook.yaml") and secret[0]["line"] > 0
    assert "tok_live_9f8e7d6c" not in result.stdout + result.stderr
    assert not out.exists()


def test_warnings_as_errors_fails_a_build_with_warnings(hbc, tmp_path):
    spec = SHARED / "specs" / "small" / "v2.0_uber.json"  # has operations without operationId
    out = tmp_path / "uber.hb"
    assert hbc("build", "--spec", spec, "-o", out).returncode == 0
    out.unlink()
    strict = hbc("build", "--spec", spec, "-o", out, "--warnings-as-errors")
    assert strict.returncode == 1
    assert "operation.missing-id" in strict.stderr
    assert not out.exists()


def test_inspect_refuses_flipped_and_truncated_bundles(hbc, tmp_path):
    out = tmp_path / "acme.hb"
    assert hbc("build", REPO / "handbooks" / "acme-analytics", "-o", out).returncode == 0
    original = out.read_bytes()
    for position in (50, len(original) // 2, len(original) - 3):
        damaged = bytearray(original)
        damaged[position] ^= 0x40
        out.write_bytes(bytes(damaged))
        result = hbc("inspect", out)
        assert result.returncode == 1
        assert "corrupted" in result.stderr or "not an hbc bundle" in result.stderr
    out.write_bytes(original[: len(original) // 3])
    assert hbc("inspect", out).returncode == 1
    out.write_bytes(original)
    assert hbc("inspect", out).returncode == 0


def test_usage_errors_exit_2(hbc):
    assert hbc("build", "--no-such-flag").returncode == 2
    assert hbc("inspect").returncode == 2


def test_init_then_build(hbc, tmp_path):
    spec = SHARED / "specs" / "small" / "v3.0_petstore.yaml"
    created = hbc("init", tmp_path / "petstore", "--from-openapi", spec)
    assert created.returncode == 0, created.stderr
    built = hbc("build", tmp_path / "petstore", "-o", tmp_path / "petstore.hb")
    assert built.returncode == 0, built.stderr
    assert "error" not in built.stderr
    again = hbc("init", tmp_path / "petstore")
    assert again.returncode == 1 and "already exists" in again.stderr


def test_search_ranks_exact_ids_first_and_prints_json(hbc, tmp_path):
    out = tmp_path / "acme.hb"
    assert hbc("build", REPO / "handbooks" / "acme-analytics", "-o", out).returncode == 0
    result = hbc("search", out, "updateCustomer", "--json", "--limit", "3")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["mode"] == "hybrid"
    first = answer["hits"][0]
    assert (first["target"], first["method"], first["path"], first["exact"]) == (
        "updateCustomer", "PATCH", "/customers/{customer_id}", True)
    docs = json.loads(hbc("search", out, "credit limit rules", "--kind", "doc", "--json").stdout)
    assert docs["hits"] and all(hit["kind"] == "doc" for hit in docs["hits"])
    text = hbc("search", out, "revenue by country")
    assert text.returncode == 0 and "querySales" in text.stdout


def test_build_without_model_explains_how_to_get_it(hbc, tmp_path, monkeypatch):
    monkeypatch.setenv("HBC_MODEL_DIR", str(tmp_path / "no-model-here"))
    out = tmp_path / "acme.hb"
    result = hbc("build", REPO / "handbooks" / "acme-analytics", "-o", out)
    assert result.returncode == 1
    assert "make model" in result.stderr and "--embedder none" in result.stderr
    assert not out.exists()
    lexical = hbc("build", REPO / "handbooks" / "acme-analytics", "-o", out, "--embedder", "none")
    assert lexical.returncode == 0
    assert json.loads(hbc("search", out, "customer by id", "--json").stdout)["mode"] == "lexical"


def test_plans_refuses_a_bundle_and_leaves_it_intact(hbc, tmp_path):
    bundle = tmp_path / "acme.hb"
    assert hbc("build", REPO / "handbooks" / "acme-analytics", "-o", bundle).returncode == 0
    before = bundle.read_bytes()
    listed = hbc("plans", "list", "--state", bundle)
    assert listed.returncode == 2
    assert "is a bundle, not a state database" in listed.stderr and "acme.hb.state.sqlite" in listed.stderr
    assert bundle.read_bytes() == before
    assert hbc("inspect", bundle).returncode == 0


def test_a_missing_manifest_is_explained_with_the_commands_that_help(hbc, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = hbc("build", empty, "-o", tmp_path / "none.hb")
    assert result.returncode == 1 and not (tmp_path / "none.hb").exists()
    line = next(line for line in result.stderr.splitlines() if "[manifest.not-found]" in line)
    # The compiler says what to do; the command line adds its own commands for it.
    assert "create the manifest" in line and "hbc init DIR" in line and "hbc build --spec FILE" in line
    report = json.loads(hbc("build", empty, "-o", tmp_path / "none.hb", "--json").stdout)
    hint = next(d["hint"] for d in report["diagnostics"] if d["rule"] == "manifest.not-found")
    assert "hbc init DIR" in hint
