"""Planning benchmark: does `hbc plan` propose the right call path for multi-step requests?

Data: the public dev set `../shared/data/planning/` (GitHub GHES 3.6, Stripe 2023-09-12, DigitalOcean), each entry
`{"query": "…", "solution": ["METHOD /path", …]}`. Each spec becomes a bundle (`hbc build --spec … --embedder none`,
and with MiniLM embeddings when the model is installed), cached in bench/.cache by the spec and the hbc binary.

Metrics per API and bundle kind:
- CP@1: the first proposal's operations, as `METHOD /path`, equal the gold path;
- CP@3: one of the first three proposals does;
- R@5: share of the gold operations (distinct) among the search's top five operations.
Equivalent lookups count as equal: at one position, two GET operations without a trailing path parameter whose paths
name the same collection, one of them through a `search` segment (`GET /v1/customers/search` and `GET /v1/customers`,
`GET /search/issues` and `GET /repos/{owner}/{repo}/issues`). Nothing else is swapped.

Run with `make bench`, or alone: `HBC=.build/release/hbc python3 bench/planning_bench.py [--lexical-only]
[--api github] [--show-failures]`. Writes bench/results/planning.json.
"""

import argparse
import hashlib
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[1]
SHARED = pathlib.Path(os.environ.get("HBC_SHARED_DATA", REPO.parent / "shared" / "data"))
HBC = os.environ.get("HBC", str(REPO / ".build" / "release" / "hbc"))
CACHE = REPO / "bench" / ".cache"
APIS = {
    "github": "specs/github_ghes-3.6_3.0.3_via-jentic.json",
    "stripe": "specs/stripe_spec3_2023-09-12.yaml",
    "digitalocean": "specs/digitalocean/specification/DigitalOcean-public.v2.yaml",
}


def run(*args):
    result = subprocess.run([HBC, *map(str, args)], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"hbc {' '.join(map(str, args))} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return result.stdout


def model_installed():
    directory = pathlib.Path(os.environ.get("HBC_MODEL_DIR", pathlib.Path.home() / ".cache/hbc/models/all-MiniLM-L6-v2"))
    return (directory / "model.safetensors").exists()


def bundle_for(api, embedded):
    """The cached bundle of an API's spec, rebuilt when the spec or the hbc binary changes."""
    spec = SHARED / APIS[api]
    binary = pathlib.Path(HBC).resolve()
    key = hashlib.sha256(f"{spec}:{spec.stat().st_mtime}:{binary.stat().st_mtime}:{binary.stat().st_size}".encode()).hexdigest()[:12]
    CACHE.mkdir(parents=True, exist_ok=True)
    bundle = CACHE / f"{api}-{'minilm' if embedded else 'lexical'}-{key}.hb"
    if not bundle.exists():
        for stale in CACHE.glob(f"{api}-{'minilm' if embedded else 'lexical'}-*.hb"):
            stale.unlink()
        args = ["build", "--spec", spec, "-o", bundle, "--format", "json"]
        if not embedded:
            args += ["--embedder", "none"]
        run(*args)
    return bundle


def last_collection(path):
    """The collection a lookup path names: its last static segment other than `search`."""
    segments = [s for s in path.split("/") if s and not s.startswith("{") and s != "search"]
    return segments[-1] if segments else ""


def equivalent(predicted, gold):
    if predicted == gold:
        return True
    (pm, pp), (gm, gg) = predicted.split(" ", 1), gold.split(" ", 1)
    if pm != "GET" or gm != "GET" or pp.endswith("}") or gg.endswith("}"):
        return False
    through_search = ("/search" in pp) != ("/search" in gg)
    return through_search and last_collection(pp) == last_collection(gg)


def same_path(predicted, gold):
    return len(predicted) == len(gold) and all(equivalent(p, g) for p, g in zip(predicted, gold))


def evaluate(api, embedded, show_failures):
    entries = json.loads((SHARED / "planning" / f"{api}.json").read_text())
    bundle = bundle_for(api, embedded)
    operations = json.loads(run("inspect", bundle, "--operations", "--json"))["operations"]
    label = {op["id"]: f"{op['method']} {op['path']}" for op in operations}
    with tempfile.TemporaryDirectory(prefix="hbc-planbench-") as scratch:
        query_file = pathlib.Path(scratch) / "queries.jsonl"
        query_file.write_text("\n".join(json.dumps({"query": e["query"]}) for e in entries) + "\n")
        plans = [json.loads(line) for line in run("plan", bundle, "--queries", query_file, "--limit", "3").splitlines()]
        searches = [json.loads(line) for line in
                    run("search", bundle, "--queries", query_file, "--kind", "operation", "--limit", "5").splitlines()]
    rows = []
    for entry, plan, search in zip(entries, plans, searches):
        gold = entry["solution"]
        proposed = [[label.get(op, op) for op in p["operations"]] for p in plan["plans"]]
        top5 = {f"{h['method']} {h['path']}" for h in search["hits"]}
        rows.append({
            "cp1": bool(proposed) and same_path(proposed[0], gold),
            "cp3": any(same_path(p, gold) for p in proposed[:3]),
            "r5": len(set(gold) & top5) / len(set(gold)),
            "ms": plan["milliseconds"],
            "steps": len(gold),
        })
        if show_failures and not rows[-1]["cp1"]:
            print(f"  ✗ {entry['query']}\n      gold {gold}\n      got  {proposed[0] if proposed else []}")
    times = sorted(r["ms"] for r in rows)
    by_steps = {}
    for r in rows:
        by_steps.setdefault(r["steps"], []).append(r["cp1"])
    return {
        "requests": len(rows),
        "CP@1": round(statistics.mean(r["cp1"] for r in rows), 3),
        "CP@3": round(statistics.mean(r["cp3"] for r in rows), 3),
        "R@5": round(statistics.mean(r["r5"] for r in rows), 3),
        "CP@1 by steps": {str(k): round(statistics.mean(v), 3) for k, v in sorted(by_steps.items())},
        "plan ms p50": round(statistics.median(times), 2),
        "plan ms p99": round(times[min(len(times) - 1, int(len(times) * 0.99))], 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lexical-only", action="store_true", help="skip the MiniLM bundles")
    parser.add_argument("--api", action="append", choices=sorted(APIS), help="only these APIs (repeatable)")
    parser.add_argument("--show-failures", action="store_true", help="print each request whose first plan is wrong")
    arguments = parser.parse_args()
    if not pathlib.Path(HBC).exists():
        sys.exit(f"{HBC} missing: run `make release` (make bench does)")
    kinds = [False] + ([True] if model_installed() and not arguments.lexical_only else [])
    results = {}
    print(f"{'api':<14}{'bundle':<9}{'n':>4}{'CP@1':>7}{'CP@3':>7}{'R@5':>7}{'p50 ms':>9}{'p99 ms':>9}")
    for api in arguments.api or APIS:
        for embedded in kinds:
            kind = "minilm" if embedded else "lexical"
            row = evaluate(api, embedded, arguments.show_failures)
            results.setdefault(api, {})[kind] = row
            print(f"{api:<14}{kind:<9}{row['requests']:>4}{row['CP@1']:>7.3f}{row['CP@3']:>7.3f}{row['R@5']:>7.3f}"
                  f"{row['plan ms p50']:>9.2f}{row['plan ms p99']:>9.2f}")
    out = REPO / "bench" / "results" / "planning.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
