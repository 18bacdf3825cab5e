"""`hbc build` and `hbc init` on inputs that used to crash, hang, escape the handbook folder or fail unlocated."""

import re

from cli_support import SHARED

LOCATED = re.compile(r"^.+?:\d+:\d+: error: ", re.MULTILINE)

SPEC = """openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200": {$ref: "parts/ok.yaml"}
"""


def test_deep_yaml_is_a_located_error_not_a_crash(hbc, tmp_path):
    spec = tmp_path / "deep.yaml"
    spec.write_text("openapi: 3.1.0\nx: " + "[" * 100_000 + "]" * 100_000 + "\n")
    result = hbc("build", "--spec", spec, "-o", tmp_path / "deep.hb", "--embedder", "none")
    assert result.returncode == 1, result.stderr
    assert re.search(r"deep\.yaml:2:\d+: error: \[syntax\.invalid\] nesting deeper than 512", result.stderr)
    assert not (tmp_path / "deep.hb").exists()


def test_alias_bomb_is_refused_quickly_without_output(hbc, tmp_path):
    lines = ["openapi: 3.1.0", "x:", "  a0: &a0 [" + ", ".join(["lol"] * 10) + "]"]
    lines += [f"  a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 10)]
    spec = tmp_path / "bomb.yaml"
    spec.write_text("\n".join(lines) + "\n")
    result = hbc("build", "--spec", spec, "-o", tmp_path / "bomb.hb", "--embedder", "none")
    assert result.returncode == 1
    assert re.search(r"bomb\.yaml:7:\d+: error: \[syntax\.invalid\] aliases expand to more than", result.stderr)
    assert not (tmp_path / "bomb.hb").exists()


def test_spec_path_with_dot_dot_resolves_relative_refs(hbc, tmp_path):
    (tmp_path / "api" / "parts").mkdir(parents=True)
    (tmp_path / "other").mkdir()
    (tmp_path / "api" / "spec.yaml").write_text(SPEC)
    (tmp_path / "api" / "parts" / "ok.yaml").write_text("description: fine\n")
    path = f"{tmp_path}/other/../api/spec.yaml"
    result = hbc("build", "--spec", path, "-o", tmp_path / "out.hb", "--embedder", "none")
    assert result.returncode == 0, result.stderr


def test_ref_through_a_symlink_out_of_the_folder_is_refused(hbc, tmp_path):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "ok.yaml").write_text("description: private\n")
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "spec.yaml").write_text(SPEC)
    (tmp_path / "api" / "parts").symlink_to(tmp_path / "outside")
    result = hbc("build", "--spec", tmp_path / "api" / "spec.yaml", "-o", tmp_path / "out.hb", "--embedder", "none")
    assert result.returncode == 1
    assert re.search(r"spec\.yaml:8:\d+: error: \[spec\.ref-outside-folder\]", result.stderr), result.stderr
    assert "private" not in result.stderr and not (tmp_path / "out.hb").exists()


def test_init_from_a_spec_without_operations_builds(hbc, tmp_path):
    spec = SHARED / "specs" / "adyen_marketpay-notifications_3.1_webhooks-only.json"
    created = hbc("init", tmp_path / "hooks", "--from-openapi", spec)
    assert created.returncode == 0, created.stderr
    built = hbc("build", tmp_path / "hooks", "-o", tmp_path / "hooks.hb", "--embedder", "none")
    assert built.returncode == 0, built.stderr
    assert not LOCATED.search(built.stderr)


def test_missing_version_field_and_bad_bytes_are_located(hbc, tmp_path):
    spec = tmp_path / "plain.yaml"
    spec.write_text("# comment\ninfo: {title: t}\npaths: {}\n")
    result = hbc("build", "--spec", spec, "-o", tmp_path / "plain.hb", "--embedder", "none")
    assert result.returncode == 1
    assert re.search(r"plain\.yaml:2:1: error: \[spec\.unknown-format\]", result.stderr), result.stderr
    spec.write_bytes(b"openapi: 3.1.0\ninfo:\n  title: caf\xe9\n")
    result = hbc("build", "--spec", spec, "-o", tmp_path / "plain.hb", "--embedder", "none")
    assert result.returncode == 1
    assert re.search(r"plain\.yaml:3:13: error: \[syntax\.invalid-utf8\]", result.stderr), result.stderr

