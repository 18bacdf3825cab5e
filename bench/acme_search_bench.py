"""How the real embedding model ranks the acme handbook's operations for paraphrased requests (the cases that were a
Swift test needing the 90 MB model: `make test` runs without the model; this needs `make model`).

Builds handbooks/acme-analytics with all-MiniLM-L6-v2 and runs each request through `hbc search --queries` in every
mode, printing the operation ranked first, whether it is the expected one, and hits@1 per mode. Exit status 0 when
hybrid search ranks every expected operation first, 1 otherwise.

Usage: HBC=.build/release/hbc python3 bench/acme_search_bench.py [--json]
"""

import json
import os
import pathlib
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[1]
HBC = os.environ.get("HBC", str(REPO / ".build" / "release" / "hbc"))
MODES = ["lexical", "vector", "hybrid"]
# Request → the operation a person means (ids and paths, then paraphrases that share few words with the operation).
CASES = [
    ("updateCustomer", "updateCustomer"),
    ("getCustomerSummary", "getCustomerSummary"),
    ("/sales/query", "querySales"),
    ("PATCH /customers/{customer_id}", "updateCustomer"),
    ("GET /customers/{customer_id}", "getCustomer"),
    ("check whether the service is healthy", "getHealth"),
    ("get one order with all its lines", "getOrder"),
    ("list every product", "listProducts"),
    ("run a sales aggregation query", "querySales"),
    ("list the data sets and fields", "listFields"),
    ("search for customers", "listCustomers"),
    ("update a customer record", "updateCustomer"),
]


def run(*args):
    result = subprocess.run([HBC, *map(str, args)], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"hbc {' '.join(map(str, args))} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def main():
    with tempfile.TemporaryDirectory() as scratch:
        bundle = pathlib.Path(scratch) / "acme.hb"
        run("build", REPO / "handbooks" / "acme-analytics", "-o", bundle, "--embedder", "minilm", "--json")
        queries = pathlib.Path(scratch) / "queries.jsonl"
        queries.write_text("".join(json.dumps({"query": query}) + "\n" for query, _ in CASES))
        firsts = {}
        for mode in MODES:
            lines = run("search", bundle, "--queries", queries, "--kind", "operation", "--limit", "3", "--mode", mode,
                        "--json").splitlines()
            firsts[mode] = [(json.loads(line)["hits"] or [{}])[0].get("target") for line in lines]
    hits = {mode: sum(first == expected for first, (_, expected) in zip(firsts[mode], CASES)) for mode in MODES}
    results = {"cases": len(CASES), "hitsAt1": hits,
               "first": {mode: dict(zip([query for query, _ in CASES], firsts[mode])) for mode in MODES}}
    (REPO / "bench" / "results").mkdir(parents=True, exist_ok=True)
    (REPO / "bench" / "results" / "acme_search.json").write_text(json.dumps(results, indent=2) + "\n")
    if "--json" in sys.argv[1:]:
        print(json.dumps(results))
    else:
        print(f"{'request':40} {'expected':20} " + " ".join(f"{mode:20}" for mode in MODES))
        for index, (query, expected) in enumerate(CASES):
            marks = " ".join(f"{(firsts[mode][index] or '-') + ('' if firsts[mode][index] == expected else ' ✗'):20}"
                             for mode in MODES)
            print(f"{query:40} {expected:20} {marks}")
        print("hits@1: " + ", ".join(f"{mode} {hits[mode]}/{len(CASES)}" for mode in MODES))
    return 0 if hits["hybrid"] == len(CASES) else 1


if __name__ == "__main__":
    sys.exit(main())
