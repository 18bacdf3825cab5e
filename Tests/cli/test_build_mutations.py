"""`hbc build` on a few hundred mutated handbooks: every run ends (exit 0 or 1, never a signal or a hang), every error
names `file:line:col`, a failed build leaves no bundle, and no file outside the handbook folder is ever read.

The mutations are deterministic (fixed seed): truncations, byte flips, invalid UTF-8, deep nesting, alias bombs,
duplicate keys and hostile `$ref`s, applied to a small multi-file YAML spec, a JSON spec and the manifest.
"""

import json
import os
from concurrent.futures import ThreadPoolExecutor
import random
import re
import subprocess

import pytest

from cli_support import BINARY

SEED = 16
CASES = 270
WORKERS = 2
TIMEOUT_SECONDS = 20
LOCATED_ERROR = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): error: \[[\w.-]+\] ")
SECRET_MARKER = "hbc-mutation-secret-7f3a"

MANIFEST = """handbook: mutant
version: 1.0.0
apis:
  - id: yamlapi
    spec: openapi/spec.yaml
    environments: {staging: "http://127.0.0.1:9"}
  - id: jsonapi
    spec: openapi/spec.json
    operation_id_prefix: j_
docs: ["docs/*.md"]
guardrails: ["guardrails/*.yaml"]
tests: ["tests/*.yaml"]
"""

YAML_SPEC = """openapi: 3.0.3
info:
  title: Mutant API
  version: "1.0"
  x-logo: {url: "https://example.com/logo.png"}
paths:
  /items:
    get:
      operationId: listItems
      summary: List the items
      parameters:
        - $ref: "parts/common.yaml#/components/parameters/Limit"
      responses:
        "200":
          description: A page of items.
          content:
            application/json:
              schema:
                type: array
                items: {$ref: "#/components/schemas/Item"}
    post:
      operationId: createItem
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Item"}
      responses:
        "201": &created
          description: Created.
        "202": *created
components:
  schemas:
    Item:
      type: object
      required: [name]
      properties:
        name: {type: string, maxLength: 40}
        tags: {type: array, items: {type: string}}
        owner: {$ref: "parts/common.yaml#/components/schemas/Owner"}
"""

COMMON_YAML = """components:
  parameters:
    Limit: {name: limit, in: query, schema: {type: integer, minimum: 1}}
  schemas:
    Owner:
      type: object
      properties:
        id: {type: string}
        parent: {$ref: "#/components/schemas/Owner"}
"""

JSON_SPEC = {
    "swagger": "2.0",
    "info": {"title": "Mutant JSON", "version": "1"},
    "paths": {
        "/things/{id}": {
            "get": {
                "operationId": "getThing",
                "parameters": [{"name": "id", "in": "path", "required": True, "type": "string"}],
                "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Thing"}}},
            }
        }
    },
    "definitions": {"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}},
}

DOC = """---
title: Items
operations: [listItems]
---
# Items

Call `listItems` to list them.
"""

GUARDRAILS = """read_only: false
policies:
  - id: confirm-writes
    match: { methods: [POST] }
    effect: confirm
"""

TESTS = """suite: smoke
tests:
  - name: the list is found
    request: "list the items"
    expect:
      operations: [listItems]
"""

FILES = {
    "handbook.yaml": MANIFEST,
    "openapi/spec.yaml": YAML_SPEC,
    "openapi/parts/common.yaml": COMMON_YAML,
    "openapi/spec.json": json.dumps(JSON_SPEC, indent=2) + "\n",
    "docs/items.md": DOC,
    "guardrails/policies.yaml": GUARDRAILS,
    "tests/smoke.yaml": TESTS,
}
MUTATED_FILES = ["handbook.yaml", "openapi/spec.yaml", "openapi/parts/common.yaml", "openapi/spec.json",
                 "guardrails/policies.yaml", "tests/smoke.yaml", "docs/items.md"]


def truncate(data, rng, _):
    return data[: rng.randrange(len(data))]


def flip_bytes(data, rng, _):
    mutated = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        mutated[rng.randrange(len(mutated))] = rng.randrange(256)
    return bytes(mutated)


def invalid_utf8(data, rng, _):
    at = rng.randrange(len(data))
    return data[:at] + rng.choice([b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xc0\xaf", b"\x80"]) + data[at:]


def deep_nesting(data, rng, _):
    depth = rng.choice([600, 3000, 20000])
    if rng.random() < 0.5:
        value = b"[" * depth + b"]" * depth
    else:
        value = b"{a: " * depth + b"1" + b"}" * depth
    if data.lstrip().startswith(b"{"):
        return data.replace(b"{", b'{"x-deep": ' + value.replace(b"a:", b'"a":') + b",", 1)
    return data + b"\nx-deep: " + value + b"\n"


def block_nesting(data, rng, _):
    depth = rng.choice([520, 600])
    lines = b"".join(b" " * level + b"k:\n" for level in range(depth))
    return data + b"\nx-deep:\n" + b"".join(b" " + line for line in lines.splitlines(keepends=True))


def alias_bomb(data, rng, _):
    width = rng.choice([9, 10, 20])
    bomb = [b"x-bomb:", b"  l0: &l0 [" + b", ".join([b"lol"] * width) + b"]"]
    for level in range(1, rng.choice([6, 9, 12])):
        bomb.append(b"  l%d: &l%d [" % (level, level) + b", ".join([b"*l%d" % (level - 1)] * width) + b"]")
    return data + b"\n" + b"\n".join(bomb) + b"\n"


def duplicate_key(data, rng, _):
    lines = data.split(b"\n")
    top = [index for index, line in enumerate(lines) if line[:1].isalpha() and b":" in line]
    if not top:
        return data + b"\n" + data
    chosen = lines[rng.choice(top)]
    return data + b"\n" + chosen.split(b":", 1)[0] + b": {}\n"


def duplicate_line(data, rng, _):
    lines = data.split(b"\n")
    at = rng.randrange(len(lines))
    return b"\n".join(lines[:at] + [lines[at]] + lines[at:])


def hostile_ref(data, rng, context):
    target = rng.choice(context["hostile_refs"])
    matches = list(re.finditer(rb'\$ref"?: *"[^"]*"', data))
    if not matches:
        return data + b'\nx-probe: {$ref: "' + target.encode() + b'"}\n'
    match = rng.choice(matches)
    return data[: match.start()] + b'$ref": "' + target.encode() + b'"' + data[match.end():] \
        if data.lstrip().startswith(b"{") else \
        data[: match.start()] + b'$ref: "' + target.encode() + b'"' + data[match.end():]


MUTATIONS = [truncate, flip_bytes, invalid_utf8, deep_nesting, block_nesting, alias_bomb, duplicate_key,
             duplicate_line, hostile_ref]


def cases(count):
    rng = random.Random(SEED)
    for index in range(count):
        mutation = MUTATIONS[index % len(MUTATIONS)]
        candidates = ["openapi/spec.yaml", "openapi/spec.json", "openapi/parts/common.yaml"] \
            if mutation is hostile_ref else MUTATED_FILES
        yield index, mutation, rng.choice(candidates), random.Random(rng.getrandbits(64))


def write_handbook(root):
    for path, text in FILES.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def build(root, output):
    """Runs `hbc build`; `None` when it does not finish in time."""
    try:
        return subprocess.run([str(BINARY), "build", str(root), "-o", str(output), "--embedder", "none"],
                              capture_output=True, timeout=TIMEOUT_SECONDS, env=dict(os.environ))
    except subprocess.TimeoutExpired:
        return None


def test_the_unmutated_handbook_builds(tmp_path):
    root = tmp_path / "handbook"
    write_handbook(root)
    result = build(root, tmp_path / "out.hb")
    assert result is not None and result.returncode == 0, result and result.stderr.decode()


def test_mutated_handbooks_fail_cleanly_and_never_read_outside(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.yaml"
    secret.write_text(f"components:\n  schemas:\n    Leak: {{type: string, description: {SECRET_MARKER}}}\n")
    context = {"hostile_refs": [
        f"{secret}#/components/schemas/Leak",
        "../../outside/secret.yaml#/components/schemas/Leak",
        "../../../outside/secret.yaml#/components/schemas/Leak",
        "%2E%2E/%2E%2E/outside/secret.yaml#/components/schemas/Leak",
        "escape/secret.yaml#/components/schemas/Leak",
        "http://127.0.0.1:9/secret.yaml#/components/schemas/Leak",
        f"file://{secret}#/components/schemas/Leak",
        "/dev/zero#/x",
        "parts#/x",
        "missing.yaml#/components/schemas/Leak",
    ]}

    def run_case(case):
        index, mutation, path, rng = case
        root = tmp_path / f"case{index}"
        write_handbook(root)
        (root / "openapi" / "escape").symlink_to(outside)
        target = root / path
        mutated = mutation(target.read_bytes(), rng, context)
        target.write_bytes(mutated)
        output = tmp_path / f"case{index}.hb"
        return case, output, build(root, output)

    failures = []
    outcomes = {0: 0, 1: 0}
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(run_case, cases(CASES)))
    for (index, mutation, path, _), output, result in results:
        label = f"case {index} ({mutation.__name__} of {path})"
        if result is None:
            failures.append(f"{label}: did not finish in {TIMEOUT_SECONDS} s")
            continue
        stderr = result.stderr.decode("utf-8", "replace")
        if result.returncode not in (0, 1):
            failures.append(f"{label}: exit {result.returncode}\n{stderr[-2000:]}")
            continue
        outcomes[result.returncode] += 1
        for line in stderr.splitlines():
            if "error:" in line and not LOCATED_ERROR.match(line):
                failures.append(f"{label}: unlocated error line: {line[:300]}")
        if result.returncode == 1 and output.exists():
            failures.append(f"{label}: failed build left {output.name} behind")
        if result.returncode == 0:
            if SECRET_MARKER.encode() in output.read_bytes():
                failures.append(f"{label}: the bundle holds the content of a file outside the handbook")
            if mutation is hostile_ref:
                failures.append(f"{label}: a hostile $ref built")
        if SECRET_MARKER in stderr or SECRET_MARKER in result.stdout.decode("utf-8", "replace"):
            failures.append(f"{label}: the output repeats the content of a file outside the handbook")
    assert not failures, "\n".join(failures[:40])
    assert outcomes[1] > CASES // 2, outcomes
