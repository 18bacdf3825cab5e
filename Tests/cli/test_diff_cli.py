"""`hbc diff` as users run it: changelog, JSON, exit codes."""

import json
import shutil

from cli_support import REPO, SHARED

SPEC = """openapi: 3.0.3
info: {title: Shop, version: "1.0"}
paths:
  /customers/{id}:
    get:
      operationId: getCustomer
      summary: Get a customer
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: The customer
          content:
            application/json:
              schema:
                type: object
                properties:
                  name: {type: string}
                  email: {type: string}
"""


def build(hbc, tmp_path, name, spec):
    source = tmp_path / f"{name}.yaml"
    source.write_text(spec)
    out = tmp_path / f"{name}.hb"
    result = hbc("build", "--spec", source, "-o", out)
    assert result.returncode == 0, result.stderr
    return out


def test_breaking_change_is_listed_and_fails_on_request(hbc, tmp_path):
    old = build(hbc, tmp_path, "old", SPEC)
    new = build(hbc, tmp_path, "new", SPEC.replace("                  email: {type: string}\n", ""))
    text = hbc("diff", old, new)
    assert text.returncode == 0, text.stderr
    assert "Breaking" in text.stdout
    assert "getCustomer (GET /customers/{id})  response 200 body /email: response 200 body property `email` was removed  [response-property-removed]" in text.stdout
    assert hbc("diff", old, new, "--fail-on", "breaking").returncode == 1
    report = json.loads(hbc("diff", old, new, "--json").stdout)
    assert report["formatVersion"] == 1
    assert report["summary"]["breaking"] == 1
    assert report["summary"]["planTemplatesInvalidated"] == 0
    (operation,) = report["operations"]
    assert operation["operationID"] == "getCustomer" and operation["kind"] == "changed"
    assert operation["changes"] == [{
        "rule": "response-property-removed", "severity": "breaking", "location": "response 200 body /email",
        "message": "response 200 body property `email` was removed"}]


COLLECTION = """  /customers:
    get:
      operationId: listCustomers
      summary: List customers
      parameters:
        - {name: name, in: query, schema: {type: string}}
      responses:
        '200':
          description: The customers
          content:
            application/json:
              schema:
                type: array
                items:
                  type: object
                  properties:
                    id: {type: string}
                    name: {type: string}
"""


def test_invalidated_plan_templates_are_counted_apart(hbc, tmp_path):
    spec = SPEC.replace("paths:\n", "paths:\n" + COLLECTION)
    old = build(hbc, tmp_path, "old", spec)
    new = build(hbc, tmp_path, "new", spec.replace("                  email: {type: string}\n", ""))
    report = json.loads(hbc("diff", old, new, "--json").stdout)
    invalidated = [c for c in report["handbook"] if c["rule"] == "plan-template-invalidated"]
    assert [c["location"] for c in invalidated] == ["plan template `chain:listCustomers>getCustomer`"]
    # One operation change is one breaking change; the template it invalidates is counted apart.
    assert report["summary"]["breaking"] == 1
    assert report["summary"]["planTemplatesInvalidated"] == 1
    text = hbc("diff", old, new)
    assert "1 breaking · 0 compatible · 1 plan templates invalidated · operations: 0 added, 0 removed, 1 changed" in text.stdout
    assert hbc("diff", old, new, "--fail-on", "breaking").returncode == 1


def test_compatible_change_passes_the_gate(hbc, tmp_path):
    old = build(hbc, tmp_path, "old", SPEC)
    new = build(hbc, tmp_path, "new", SPEC.replace("summary: Get a customer", "summary: Fetch one customer")
                .replace("                  email: {type: string}\n",
                         "                  email: {type: string}\n                  phone: {type: string}\n"))
    result = hbc("diff", old, new, "--fail-on", "breaking", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    rules = sorted(change["rule"] for change in report["operations"][0]["changes"])
    assert rules == ["operation-documentation-changed", "response-property-added"]
    assert all(change["severity"] == "compatible" for change in report["operations"][0]["changes"])
    # Backwards, the added property is a removed one.
    assert hbc("diff", new, old, "--fail-on", "breaking").returncode == 1


def test_same_bundle_has_no_changes(hbc, tmp_path):
    out = tmp_path / "acme.hb"
    assert hbc("build", REPO / "handbooks" / "acme-analytics", "-o", out).returncode == 0
    result = hbc("diff", out, out, "--fail-on", "breaking")
    assert result.returncode == 0
    assert result.stdout.rstrip().endswith("No changes.")


def test_handbook_guardrail_changes_are_reported(hbc, acme_copy, tmp_path):
    old = tmp_path / "old.hb"
    assert hbc("build", REPO / "handbooks" / "acme-analytics", "-o", old).returncode == 0
    policies = acme_copy / "guardrails" / "policies.yaml"
    policies.write_text(policies.read_text().replace("    effect: deny\n", "    effect: confirm\n"))
    new = tmp_path / "new.hb"
    assert hbc("build", acme_copy, "-o", new).returncode == 0
    result = hbc("diff", old, new, "--fail-on", "breaking")
    assert result.returncode == 0, result.stdout
    assert "Handbook" in result.stdout
    assert "guardrail policy `no-deletes` effect changed from deny to confirm  [guardrail-loosened]" in result.stdout


def test_unopenable_bundles_are_usage_errors(hbc, tmp_path):
    old = build(hbc, tmp_path, "old", SPEC)
    missing = hbc("diff", old, tmp_path / "missing.hb")
    assert missing.returncode == 2
    assert "missing.hb" in missing.stderr
    damaged = tmp_path / "damaged.hb"
    damaged.write_bytes(old.read_bytes()[:-10])
    result = hbc("diff", damaged, old)
    assert result.returncode == 2
    assert "damaged.hb" in result.stderr
    assert hbc("diff", old).returncode == 2
    assert hbc("diff", old, old, "--fail-on", "everything").returncode == 2


def test_stripe_versions(hbc, tmp_path):
    specs = SHARED / "specs"
    old, new = tmp_path / "stripe-2022.hb", tmp_path / "stripe-2023.hb"
    assert hbc("build", "--spec", specs / "stripe_spec3_2022-04-12.json", "-o", old, "--embedder", "none").returncode == 0
    assert hbc("build", "--spec", specs / "stripe_spec3_2023-09-12.yaml", "-o", new, "--embedder", "none").returncode == 0
    result = hbc("diff", old, new, "--json", "--fail-on", "breaking")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    removed = {o["operationID"] for o in report["operations"] if o["kind"] == "removed"}
    assert "GetOrders" in removed
    assert report["summary"]["operationsAdded"] > 50
