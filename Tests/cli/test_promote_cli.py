"""`hbc promote`, `hbc releases` and `hbc test --record-to` as users run them, against real stores on disk."""

import hashlib
import json
import os
import sqlite3
import subprocess

import pytest

from cli_support import BINARY, REPO

SPEC = """openapi: 3.0.3
info: {title: Items, version: 1.0.0}
paths:
  /items:
    get:
      operationId: listItems
      summary: List items
      parameters:
        - {name: name, in: query, schema: {type: string}}
#LIST#
      responses:
        '200':
          description: The items
          content:
            application/json:
              schema:
                type: object
                required: [items]
                properties:
                  items:
                    type: array
                    items: {$ref: '#/components/schemas/Item'}
  /items/{item_id}:
    get:
      operationId: getItem
      summary: Get one item
      parameters:
        - {name: item_id, in: path, required: true, schema: {type: string}}
#GET#
      responses:
        '200':
          description: The item
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Item'}
components:
  schemas:
    Item:
      type: object
      required: [id, name]
      properties:
        id: {type: string}
        name: {type: string}
"""

TESTS = """suite: items
tests:
  - name: list items
    steps:
      - operation: listItems
        expect: {status: #STATUS#}
"""


def build(hbc, tmp_path, name, version="1.0.0", change=None, status=200, promotion=None):
    """Builds the items handbook (`change`: None, 'compatible' or 'breaking') into tmp_path/name.hb."""
    root = tmp_path / f"src-{name}"
    (root / "tests").mkdir(parents=True)
    manifest = (f"handbook: items\nversion: {version}\napis:\n  - id: items\n    spec: openapi.yaml\n"
                "    environments: {staging: 'http://127.0.0.1:9', production: 'http://127.0.0.1:9', qa: 'http://127.0.0.1:9'}\n")
    if promotion:
        manifest += f"promotion: [{', '.join(promotion)}]\n"
    (root / "handbook.yaml").write_text(manifest)
    spec = SPEC.replace("#LIST#", "        - {name: limit, in: query, schema: {type: integer}}" if change == "compatible" else "")
    spec = spec.replace("#GET#", "        - {name: reason, in: query, required: true, schema: {type: string}}" if change == "breaking" else "")
    (root / "openapi.yaml").write_text(spec)
    (root / "tests" / "items.yaml").write_text(TESTS.replace("#STATUS#", str(status)))
    out = tmp_path / f"{name}.hb"
    built = hbc("build", root, "-o", out)
    assert built.returncode == 0, built.stderr
    info = json.loads(hbc("inspect", out, "--json").stdout)
    return out, info["contentHash"]


def current(hbc, store):
    result = hbc("releases", "--store", store, "--json")
    assert result.returncode == 0, result.stderr
    return {row["environment"]: row["current"]["contentHash"] for row in json.loads(result.stdout)["environments"]
            if row["current"]}


def log(store):
    path = store / "log.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def green(hbc, bundle, store):
    """Records a passing run of the bundle's tests (against the in-process mock)."""
    result = hbc("test", bundle, "--mock", "--record-to", store)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "recorded 1 result(s)" in result.stdout


def test_untested_refused_then_green_accepted_and_rollback_restores(hbc, tmp_path):
    store = tmp_path / "store"
    v1, h1 = build(hbc, tmp_path, "v1")
    staged = hbc("promote", v1, "--to", "staging", "--store", store)
    assert staged.returncode == 0, staged.stderr
    assert h1 in staged.stdout

    refused = hbc("promote", v1, "--to", "production", "--store", store)
    assert refused.returncode == 1
    assert "never run" in refused.stderr and "--record-to" in refused.stderr
    assert "production" not in current(hbc, store)

    green(hbc, v1, store)
    record = json.loads((store / "test-runs" / f"{h1.split(':')[1]}.json").read_text())
    assert record["results"]["items/list items"]["passed"] is True
    assert record["runs"][-1]["mock"] is True

    accepted = hbc("promote", v1, "--to", "production", "--store", store, "--json")
    assert accepted.returncode == 0, accepted.stderr
    outcome = json.loads(accepted.stdout)
    assert outcome["promoted"] is True and outcome["release"]["contentHash"] == h1
    assert any("regression tests passed" in check for check in outcome["checks"])
    assert current(hbc, store) == {"staging": h1, "production": h1}

    v2, h2 = build(hbc, tmp_path, "v2", version="1.1.0", change="compatible")
    assert hbc("promote", v2, "--to", "staging", "--store", store).returncode == 0
    green(hbc, v2, store)
    compatible = hbc("promote", v2, "--to", "production", "--store", store)
    assert compatible.returncode == 0, compatible.stderr
    assert "no breaking change" in compatible.stdout
    assert current(hbc, store)["production"] == h2

    back = hbc("promote", "--rollback", "--env", "production", "--store", store, "--reason", "error rate up")
    assert back.returncode == 0, back.stderr
    assert current(hbc, store)["production"] == h1
    last = log(store)[-1]
    assert last["action"] == "rollback" and last["contentHash"] == h1 and last["previousHash"] == h2
    assert last["reason"] == "error rate up"
    # The restored bundle is the store's immutable copy, intact.
    pointer = json.loads((store / "environments" / "production.json").read_text())
    inspected = hbc("inspect", pointer["bundlePath"], "--json")
    assert inspected.returncode == 0 and json.loads(inspected.stdout)["contentHash"] == h1

    again = hbc("promote", "--rollback", "--env", "production", "--store", store)
    assert again.returncode == 1
    assert "first release" in again.stderr

    history = hbc("releases", "--store", store, "--history")
    assert history.returncode == 0
    assert history.stdout.index("staging") < history.stdout.index("production")
    assert "rollback" in history.stdout and "error rate up" in history.stdout


def test_breaking_and_failed_bundles_are_refused_with_every_reason(hbc, tmp_path):
    store = tmp_path / "store"
    v1, h1 = build(hbc, tmp_path, "v1")
    assert hbc("promote", v1, "--to", "staging", "--store", store).returncode == 0
    green(hbc, v1, store)
    assert hbc("promote", v1, "--to", "production", "--store", store).returncode == 0

    breaking, hb = build(hbc, tmp_path, "breaking", version="2.0.0", change="breaking")
    direct = hbc("promote", breaking, "--to", "production", "--store", store, "--json")
    assert direct.returncode == 1
    reasons = json.loads(direct.stdout)["reasons"]
    assert len(reasons) == 3, reasons
    assert any("never in staging" in r for r in reasons)
    assert any("never run" in r for r in reasons)
    assert any("breaking change" in r and "getItem" in r for r in reasons)

    assert hbc("promote", breaking, "--to", "staging", "--store", store).returncode == 0
    green(hbc, breaking, store)
    only_breaking = hbc("promote", breaking, "--to", "production", "--store", store)
    assert only_breaking.returncode == 1
    assert "breaking change" in only_breaking.stderr and "--allow-breaking" in only_breaking.stderr
    assert current(hbc, store)["production"] == h1

    no_reason = hbc("promote", breaking, "--to", "production", "--store", store, "--allow-breaking")
    assert no_reason.returncode == 2
    assert "--reason" in no_reason.stderr
    forced = hbc("promote", breaking, "--to", "production", "--store", store, "--allow-breaking",
                 "--reason", "all clients send a reason now")
    assert forced.returncode == 0, forced.stderr
    assert current(hbc, store)["production"] == hb
    last = log(store)[-1]
    assert last["overrides"] and last["overrides"][0].startswith("allow-breaking")
    assert last["reason"] == "all clients send a reason now"

    failing, hf = build(hbc, tmp_path, "failing", version="1.0.1", status=404)
    assert hbc("promote", failing, "--to", "staging", "--store", store).returncode == 0
    ran = hbc("test", failing, "--mock", "--record-to", store)
    assert ran.returncode == 1
    assert "recorded 1 result(s)" in ran.stdout
    refused = hbc("promote", failing, "--to", "production", "--store", store)
    assert refused.returncode == 1
    assert "failed" in refused.stderr and "items/list items" in refused.stderr
    assert current(hbc, store)["production"] == hb


def test_usage_errors_and_unknown_environments_exit_2(hbc, tmp_path):
    store = tmp_path / "store"
    v1, _ = build(hbc, tmp_path, "v1", promotion=["qa", "production"])
    unknown = hbc("promote", v1, "--to", "staging", "--store", store)
    assert unknown.returncode == 2
    assert "qa → production" in unknown.stderr
    assert hbc("promote", v1, "--store", store).returncode == 2
    assert hbc("promote", "--rollback", "--store", store).returncode == 2
    assert hbc("promote", v1, "--to", "qa", "--rollback", "--env", "qa", "--store", store).returncode == 2
    missing = hbc("promote", tmp_path / "nope.hb", "--to", "qa", "--store", store)
    assert missing.returncode == 2 and "nope.hb" in missing.stderr
    nothing = hbc("promote", "--rollback", "--env", "qa", "--store", store)
    assert nothing.returncode == 1 and "nothing was ever promoted" in nothing.stderr
    assert hbc("promote", v1, "--to", "qa", "--store", store).returncode == 0
    skipped = hbc("promote", v1, "--to", "production", "--store", store)
    assert skipped.returncode == 1 and "never run" in skipped.stderr
    helped = hbc("promote", "--help")
    assert helped.returncode == 0 and "--allow-breaking" in helped.stdout and "Examples:" in helped.stdout


def test_default_store_and_user_come_from_the_environment(tmp_path):
    binary = str(BINARY)

    def run(*args, cwd, **env):
        return subprocess.run([binary, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300,
                              env={**os.environ, **env})

    work = tmp_path / "work"
    work.mkdir()
    built = run("build", REPO / "handbooks" / "acme-analytics", "-o", work / "acme.hb", cwd=work)
    assert built.returncode == 0, built.stderr
    env = {k: v for k, v in os.environ.items() if k != "HBC_STORE"}
    local = subprocess.run([binary, "promote", "acme.hb", "--to", "staging"], capture_output=True, text=True,
                           cwd=work, env={**env, "HBC_USER": "erin"})
    assert local.returncode == 0, local.stderr
    assert (work / ".hbc" / "store" / "environments" / "staging.json").exists()
    assert log(work / ".hbc" / "store")[0]["who"] == "erin"

    elsewhere = tmp_path / "elsewhere"
    promoted = run("promote", "acme.hb", "--to", "staging", cwd=work, HBC_STORE=str(elsewhere), HBC_USER="frank")
    assert promoted.returncode == 0, promoted.stderr
    assert log(elsewhere)[0]["who"] == "frank"
    listed = run("releases", cwd=work, HBC_STORE=str(elsewhere))
    assert "acme-analytics 1.0.0" in listed.stdout and "frank" in listed.stdout


def test_concurrent_promotions_from_separate_processes_are_serialized(hbc, tmp_path):
    store = tmp_path / "store"
    bundles = [build(hbc, tmp_path, f"v{i}", version=f"1.0.{i}")[0] for i in range(4)]
    binary = str(BINARY)
    processes = [subprocess.Popen([binary, "promote", str(b), "--to", "staging", "--store", str(store)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for b in bundles]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    events = log(store)
    assert len(events) == 4
    for earlier, later in zip(events, events[1:]):
        assert later["previousHash"] == earlier["contentHash"]
    assert current(hbc, store)["staging"] == events[-1]["contentHash"]


@pytest.mark.parametrize("secret_url", ["http://user:hunter2@127.0.0.1:9/?token=hunter2"])
def test_recorded_runs_keep_no_credentials(hbc, tmp_path, secret_url):
    store = tmp_path / "store"
    v1, h1 = build(hbc, tmp_path, "v1")
    ran = hbc("test", v1, "--base-url", secret_url, "--record-to", store, "--request-timeout", "2")
    assert ran.returncode == 1  # nothing listens there
    text = (store / "test-runs" / f"{h1.split(':')[1]}.json").read_text()
    assert "hunter2" not in text
    assert json.loads(text)["runs"][-1]["baseURL"] == "http://127.0.0.1:9/"


def test_the_store_pins_the_promotion_order_a_bundle_cannot_choose_its_own(hbc, tmp_path):
    store = tmp_path / "store"
    v1, h1 = build(hbc, tmp_path, "v1")
    assert hbc("promote", v1, "--to", "staging", "--store", store).returncode == 0
    pinned = json.loads((store / "promotion.json").read_text())
    assert pinned["environments"] == ["staging", "production"] and h1 in pinned["source"]

    sneaky, hs = build(hbc, tmp_path, "sneaky", version="9.0.0", change="breaking", promotion=["production"])
    refused = hbc("promote", sneaky, "--to", "production", "--store", store)
    assert refused.returncode == 1, refused.stderr
    assert "declares the promotion order production" in refused.stderr
    assert "staging → production" in refused.stderr and "--set-order production" in refused.stderr
    assert "production" not in current(hbc, store)

    listed = hbc("releases", "--store", store)
    assert "Promotion order staging → production" in listed.stdout
    assert json.loads(hbc("releases", "--store", store, "--json").stdout)["promotionOrder"]["environments"] == [
        "staging", "production"]

    assert hbc("promote", "--set-order", "production", sneaky, "--store", store).returncode == 2
    changed = hbc("promote", "--set-order", "production", "--reason", "one environment", "--store", store)
    assert changed.returncode == 0, changed.stderr
    assert json.loads((store / "promotion.json").read_text())["reason"] == "one environment"
    accepted = hbc("promote", sneaky, "--to", "production", "--store", store)
    assert accepted.returncode == 0, accepted.stderr
    assert current(hbc, store)["production"] == hs


def test_a_bundle_rolled_back_out_of_staging_is_not_promoted(hbc, tmp_path):
    store = tmp_path / "store"
    v1, _ = build(hbc, tmp_path, "v1")
    v2, _ = build(hbc, tmp_path, "v2", version="1.1.0", change="compatible")
    assert hbc("promote", v1, "--to", "staging", "--store", store).returncode == 0
    assert hbc("promote", v2, "--to", "staging", "--store", store).returncode == 0
    green(hbc, v2, store)
    assert hbc("promote", "--rollback", "--env", "staging", "--store", store).returncode == 0
    refused = hbc("promote", v2, "--to", "production", "--store", store)
    assert refused.returncode == 1
    assert "rolled back out of staging" in refused.stderr


def test_read_only_commands_do_not_create_a_store(hbc, tmp_path):
    typo = tmp_path / "typo" / "store"
    rollback = hbc("promote", "--rollback", "--env", "production", "--store", typo)
    assert rollback.returncode == 2
    assert "no release store" in rollback.stderr
    listed = hbc("releases", "--store", typo)
    assert listed.returncode == 2 and "no release store" in listed.stderr
    assert not (tmp_path / "typo").exists()


def forge_content_hash(bundle, out, content_hash):
    """A copy of `bundle` that claims `content_hash`, sealed again (the seal is a plain SHA-256 of the bytes)."""
    out.write_bytes(bundle.read_bytes()[:-40])
    connection = sqlite3.connect(out)
    connection.execute("UPDATE meta SET value = ? WHERE key = 'content_hash'", (content_hash,))
    connection.commit()
    connection.close()
    body = out.read_bytes()
    out.write_bytes(body + b"HBSEAL01" + hashlib.sha256(body).digest())


def test_record_to_files_results_under_the_verified_hash(hbc, tmp_path):
    store = tmp_path / "store"
    v1, h1 = build(hbc, tmp_path, "v1")
    other, _ = build(hbc, tmp_path, "other", version="1.0.1")
    forged = tmp_path / "forged.hb"
    forge_content_hash(other, forged, h1)
    # It opens (the seal holds) and claims v1's hash; `hbc inspect` recomputes it and refuses it, naming that check.
    assert "content hash check failed" in hbc("inspect", forged).stderr
    ran = hbc("test", forged, "--mock", "--record-to", store)
    assert ran.returncode == 2, ran.stdout + ran.stderr
    assert "content hash" in ran.stderr
    assert not (store / "test-runs" / f"{h1.split(':')[1]}.json").exists()
