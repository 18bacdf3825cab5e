"""Retrieval benchmark: recall@1/5/10 and MRR of `hbc search` on public tool-retrieval sets, per ranking mode.

- ToolAlpaca (eval_real + eval_simulated): each API's OpenAPI document becomes a bundle; each instruction is a query
  whose gold operations come from its golden answers.
- StableToolBench (G1/G2/G3 test queries): every API listed by the queries of one file becomes one operation of a
  single pooled spec (about a thousand operations per file); each query's relevant APIs are its gold operations.

Run with `make bench` (after the model is installed). Prints a table and writes bench/results/retrieval.json.
`--served` asks `hbc serve` instead (its `search` tool over Streamable HTTP, hybrid ranking, queries embedded as the
server embeds them) and writes bench/results/retrieval_served.json.
"""

import argparse
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile

from bench_support import listening, open_sessions, post

REPO = pathlib.Path(__file__).resolve().parents[1]
SHARED = pathlib.Path(os.environ.get("HBC_SHARED_DATA", REPO.parent / "shared" / "data"))
HBC = os.environ.get("HBC", str(REPO / ".build" / "release" / "hbc"))
MODES = ["lexical", "vector", "hybrid"]
KS = [1, 5, 10]


def run(*args):
    result = subprocess.run([HBC, *map(str, args)], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"hbc {' '.join(map(str, args))} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def search_all(bundle, queries, mode, scratch):
    query_file = pathlib.Path(scratch) / "queries.jsonl"
    query_file.write_text("\n".join(json.dumps({"query": q}) for q in queries) + "\n")
    lines = run("search", bundle, "--queries", query_file, "--kind", "operation", "--limit", "10", "--mode", mode).splitlines()
    return [json.loads(line) for line in lines]


def search_served(bundle, queries):
    """The operation ids `hbc serve` answers each query with (its search tool, first page of 10)."""
    answers = []
    with listening([HBC, "serve", str(bundle), "--http", "127.0.0.1:{port}"], dict(os.environ)) as (_, port):
        url = f"http://127.0.0.1:{port}/mcp"
        session = open_sessions(url, 1)[0]
        for index, query in enumerate(queries):
            arguments = {"query": query, "kind": "operation", "limit": 10, "detail": "names"}
            message = {"jsonrpc": "2.0", "id": index + 1, "method": "tools/call",
                       "params": {"name": "search", "arguments": arguments}}
            answer, _, _ = post(url, message, session)
            text = answer["result"]["content"][0]["text"]
            # Lines read "METHOD PATH  ID — title"; the paging and trace lines have no double space.
            answers.append([line.split("  ")[1].split(" ")[0] for line in text.splitlines() if "  " in line])
    return answers


def score(ranked, gold):
    """Recall@k (share of gold operations in the top k) and reciprocal rank of the first gold operation."""
    row = {f"recall@{k}": len(gold & set(ranked[:k])) / len(gold) for k in KS}
    row["rr"] = next((1 / (i + 1) for i, target in enumerate(ranked) if target in gold), 0.0)
    return row


def repair_dangling_schema_refs(document):
    """ToolAlpaca's documents sometimes $ref schemas they never define; hbc rightly refuses those, so the
    benchmark adds an empty schema for each missing one (the retrieval text does not depend on them)."""
    text = json.dumps(document)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name in set(re.findall(r'"#/components/schemas/([^"]+)"', text)):
        schemas.setdefault(name, {})
    return document


def toolalpaca_cases(scratch):
    cases = []
    for name in ("eval_real.json", "eval_simulated.json"):
        for api_index, api in enumerate(json.loads((SHARED / "tool-retrieval" / "toolalpaca" / name).read_text())):
            spec = pathlib.Path(scratch) / f"toolalpaca-{name[:-5]}-{api_index}.json"
            document = api["Documentation"]
            document = json.loads(document) if isinstance(document, str) else document
            spec.write_text(json.dumps(repair_dangling_schema_refs(document)))
            bundle = spec.with_suffix(".hb")
            run("build", "--spec", spec, "-o", bundle, "--format", "json")
            operations = json.loads(run("inspect", bundle, "--operations", "--json"))["operations"]
            by_route = {(op["path"], op["method"].lower()): op["id"] for op in operations}
            queries, golds = [], []
            for instruction, answer in zip(api["Instructions"], api["Golden_Answers"]):
                gold = set()
                for step in answer:
                    route = api["Function_Projection"].get(step["Action"])
                    if route and (route[0], route[1].lower()) in by_route:
                        gold.add(by_route[(route[0], route[1].lower())])
                if gold:
                    queries.append(instruction)
                    golds.append(gold)
            cases.append((bundle, queries, golds))
    return cases


def slug(text):
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_") or "x"


def stabletoolbench_cases(scratch):
    cases = []
    for path in sorted((SHARED / "tool-retrieval" / "stabletoolbench").glob("*.json")):
        items = json.loads(path.read_text())
        operations, queries, golds = {}, [], []
        for item in items:
            for api in item["api_list"]:
                op_id = f"{slug(api['tool_name'])}__{slug(api['api_name'])}"
                if op_id in operations:
                    continue
                parameters = [
                    {"name": p["name"], "in": "query", "required": required,
                     "description": p.get("description") or "", "schema": {"type": "string"}}
                    for required, group in ((True, api.get("required_parameters", [])), (False, api.get("optional_parameters", [])))
                    for p in group
                ]
                seen = set()
                parameters = [p for p in parameters if not (p["name"] in seen or seen.add(p["name"]))]
                operations[op_id] = {
                    "path": f"/{slug(api['tool_name'])}/{slug(api['api_name'])}",
                    "method": api.get("method", "GET").lower(),
                    "operation": {
                        "operationId": op_id,
                        "summary": api["api_name"],
                        "description": (api.get("api_description") or "").strip(),
                        "tags": [api["tool_name"], api.get("category_name", "")],
                        "parameters": parameters,
                        "responses": {"200": {"description": "ok"}},
                    },
                }
            gold = {f"{slug(tool)}__{slug(name)}" for tool, name in item["relevant APIs"]} & operations.keys()
            if gold:
                queries.append(item["query"])
                golds.append(gold)
        paths = {}
        for entry in operations.values():
            paths.setdefault(entry["path"], {})[entry["method"]] = entry["operation"]
        spec = pathlib.Path(scratch) / f"stabletoolbench-{path.stem}.json"
        spec.write_text(json.dumps({"openapi": "3.0.3", "info": {"title": path.stem, "version": "1"}, "paths": paths}))
        bundle = spec.with_suffix(".hb")
        run("build", "--spec", spec, "-o", bundle, "--format", "json")
        cases.append((bundle, queries, golds))
    return cases


def evaluate(name, cases, scratch):
    rows = {}
    latencies = []
    for mode in MODES:
        scores = []
        for bundle, queries, golds in cases:
            for answer, gold in zip(search_all(bundle, queries, mode, scratch), golds):
                ranked = [hit["target"] for hit in answer["hits"]]
                scores.append(score(ranked, gold))
                if mode == "hybrid":
                    latencies.append(answer["milliseconds"])
        rows[mode] = {key: round(statistics.mean(s[key] for s in scores), 4) for key in scores[0]}
        rows[mode]["queries"] = len(scores)
    operations = sum(json.loads(run("inspect", b, "--json"))["counts"]["operations"] for b, _, _ in cases)
    return {"dataset": name, "bundles": len(cases), "operations": operations, "modes": rows,
            "hybrid_latency_ms_p50": round(statistics.median(latencies), 2)}


def evaluate_served(name, cases):
    scores = []
    for bundle, queries, golds in cases:
        for ranked, gold in zip(search_served(bundle, queries), golds):
            scores.append(score(ranked, gold))
    row = {key: round(statistics.mean(s[key] for s in scores), 4) for key in scores[0]}
    row["queries"] = len(scores)
    operations = sum(json.loads(run("inspect", b, "--json"))["counts"]["operations"] for b, _, _ in cases)
    return {"dataset": name, "bundles": len(cases), "operations": operations, "modes": {"served": row}}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--served", action="store_true",
                        help="rank with `hbc serve`'s search tool (hybrid) instead of `hbc search` per mode")
    options = parser.parse_args()
    if not pathlib.Path(HBC).exists():
        sys.exit(f"{HBC} missing: run `make release` (make bench does)")
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        for name, cases in [("ToolAlpaca (real + simulated)", toolalpaca_cases),
                            ("StableToolBench (G1–G3, pooled per file)", stabletoolbench_cases)]:
            if options.served:
                results.append(evaluate_served(name, cases(scratch)))
            else:
                results.append(evaluate(name, cases(scratch), scratch))
    print(f"{'dataset':42} {'mode':8} {'R@1':>6} {'R@5':>6} {'R@10':>6} {'MRR':>6} {'queries':>8}")
    for result in results:
        for mode, row in result["modes"].items():
            print(f"{result['dataset']:42} {mode:8} {row['recall@1']:>6.3f} {row['recall@5']:>6.3f} "
                  f"{row['recall@10']:>6.3f} {row['rr']:>6.3f} {row['queries']:>8}")
        latency = (f", hybrid search p50 {result['hybrid_latency_ms_p50']} ms in-process"
                   if "hybrid_latency_ms_p50" in result else "")
        print(f"{'':42} ({result['operations']} operations in {result['bundles']} bundles{latency})")
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    name = "retrieval_served" if options.served else "retrieval"
    (out / f"{name}.json").write_text(json.dumps({"benchmark": name, "hbc": HBC, "results": results}, indent=2) + "\n")
    print(f"written to {out / name}.json")


if __name__ == "__main__":
    main()
