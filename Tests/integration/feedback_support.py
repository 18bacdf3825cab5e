"""Helpers of the feedback tests: a small generated API handbook, and planning many requests in one `hbc plan` run."""

import json
import pathlib
import subprocess

from serve_support import HBC

RESOURCES = ["author", "book", "shelf", "member", "loan", "review", "branch", "event"]


def library_spec():
    """An OpenAPI 3.0 spec with list, get, create and delete operations for each of RESOURCES (ids `listBooks`…)."""
    paths = {}
    schemas = {}
    for name in RESOURCES:
        title = name.capitalize()
        plural = "shelves" if name == "shelf" else name + "s"
        schemas[title] = {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}
        item = {"$ref": f"#/components/schemas/{title}"}
        listing = {"type": "object", "properties": {"items": {"type": "array", "items": item}}}
        paths[f"/{plural}"] = {
            "get": {"operationId": f"list{title}s", "summary": f"List {plural}",
                    "parameters": [{"name": "name", "in": "query", "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": listing}}}}},
            "post": {"operationId": f"create{title}", "summary": f"Create a {name}",
                     "requestBody": {"content": {"application/json": {"schema": item}}},
                     "responses": {"201": {"description": "created",
                                           "content": {"application/json": {"schema": item}}}}},
        }
        paths[f"/{plural}/{{{name}_id}}"] = {
            "parameters": [{"name": f"{name}_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {"operationId": f"get{title}", "summary": f"Get a {name}",
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": item}}}}},
            "delete": {"operationId": f"delete{title}", "summary": f"Delete a {name}",
                       "responses": {"204": {"description": "deleted"}}},
        }
    return {"openapi": "3.0.3", "info": {"title": "Library", "version": "1.0.0"}, "paths": paths,
            "components": {"schemas": schemas}}


def requests(value_of):
    """Requests about every resource; `value_of(resource, index)` gives the value each states."""
    asked = []
    for index, name in enumerate(RESOURCES):
        plural = "shelves" if name == "shelf" else name + "s"
        asked += [
            f"show me all {plural}",
            f"get the {name} {value_of(name, index)}",
            f"remove the {name} {value_of(name, index)} for good",
            f"add a new {name} called '{value_of(name, index)}'",
        ]
    return asked


def write_library(root, feedback=None):
    """Writes the library handbook to `root` (with `feedback` as its feedback/review.yaml text); returns `root`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "handbook.yaml").write_text(
        "handbook: library\nversion: 1.0.0\napis:\n  - id: library\n    spec: openapi.json\n"
        "    environments: { staging: \"http://127.0.0.1:9\" }\n")
    (root / "openapi.json").write_text(json.dumps(library_spec()))
    if feedback is not None:
        (root / "feedback").mkdir(exist_ok=True)
        (root / "feedback" / "review.yaml").write_text(feedback)
    return root


def build(root, out, *options):
    built = subprocess.run([str(HBC), "build", str(root), "-o", str(out), *options], capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    return out


def first_plans(bundle, queries, scratch):
    """The operations of the first proposal for each query (one `hbc plan --queries` run)."""
    query_file = pathlib.Path(scratch) / "queries.jsonl"
    query_file.write_text("".join(json.dumps({"query": query}) + "\n" for query in queries))
    planned = subprocess.run([str(HBC), "plan", str(bundle), "--queries", str(query_file), "--limit", "3"],
                             capture_output=True, text=True, check=True)
    return [[p["operations"] for p in json.loads(line)["plans"]] for line in planned.stdout.splitlines()]
