"""Feedback benchmark: does adding feedback entries fix their requests without breaking the others?

For one API of the planning dev set (`../shared/data/planning/`, see bench/planning_bench.py), the spec is built as a
handbook without feedback, every request is planned (`hbc plan --queries`), and the first N requests whose first
proposal is wrong get a `feedback/dev.yaml` entry with their gold plan (operation ids in order). The handbook is built
again with the entries and every request planned again. Printed:
- fixed: how many of the N requests' first proposal is now the gold path (CP@1 on them, before → after);
- others: CP@1, CP@3 and R@5 on the other requests, before → after, and how many of them changed their first proposal
  (the promise is zero);
- paraphrased: the N requests with their values replaced (another number, another name), to show entries steer
  requests about other things too (before → after CP@1 against the same gold path).

Run: `HBC=.build/debug/hbc python3 bench/feedback_bench.py [--api github] [--entries 5] [--minilm]`. Writes
bench/results/feedback.json (one row per API, bundle kind and entry count).
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

import planning_bench as planning

REPO = planning.REPO
SHARED = planning.SHARED
HBC = planning.HBC


def run(*args):
    result = subprocess.run([HBC, *map(str, args)], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"hbc {' '.join(map(str, args))} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return result.stdout


def handbook(folder, api, entries):
    """A one-API handbook around the shared spec, with `entries` as its feedback file."""
    spec = (SHARED / planning.APIS[api]).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    relative = os.path.relpath(spec, folder)
    (folder / "handbook.yaml").write_text(
        f"handbook: feedback-bench-{api}\nversion: 1.0.0\n"
        f"allowed_ref_folders: [{json.dumps(os.path.dirname(relative))}]\n"
        f"apis:\n  - id: {api}\n    spec: {json.dumps(relative)}\n")
    if entries:
        lines = ["feedback:"]
        for request, plan in entries:
            lines.append(f"  - request: {json.dumps(request)}")
            lines.append(f"    plan: {json.dumps(plan)}")
            lines.append("    source: bench/feedback_bench.py")
        (folder / "feedback").mkdir(exist_ok=True)
        (folder / "feedback" / "dev.yaml").write_text("\n".join(lines) + "\n")
    return folder


def build(folder, minilm):
    bundle = folder / "bundle.hb"
    run("build", folder, "-o", bundle, *([] if minilm else ["--embedder", "none"]))
    return bundle


def plans_and_hits(bundle, queries, scratch):
    query_file = scratch / "queries.jsonl"
    query_file.write_text("\n".join(json.dumps({"query": q}) for q in queries) + "\n")
    plans = [json.loads(line) for line in run("plan", bundle, "--queries", query_file, "--limit", "3").splitlines()]
    searches = [json.loads(line) for line in
                run("search", bundle, "--queries", query_file, "--kind", "operation", "--limit", "5").splitlines()]
    return plans, searches


def score(entries, plans, searches, label):
    rows = []
    for entry, plan, search in zip(entries, plans, searches):
        gold = entry["solution"]
        proposed = [[label.get(op, op) for op in p["operations"]] for p in plan["plans"]]
        top5 = {f"{h['method']} {h['path']}" for h in search["hits"]}
        rows.append({
            "cp1": bool(proposed) and planning.same_path(proposed[0], gold),
            "cp3": any(planning.same_path(p, gold) for p in proposed[:3]),
            "r5": len(set(gold) & top5) / len(set(gold)),
            "first": proposed[0] if proposed else [],
        })
    return rows


def mean(rows, key):
    return round(statistics.mean(r[key] for r in rows), 3) if rows else 0.0


def paraphrase(request):
    """The request about other things: numbers changed, quoted and `owner/repo` values renamed."""
    request = re.sub(r"\d+", lambda m: str(int(m.group()) + 7), request)
    request = re.sub(r"\b([\w.-]+)/([\w.-]+)\b", r"acme-labs/widget-\2", request)
    return re.sub(r"(?<!\w)'([^']+)'(?!\w)|\"([^\"]+)\"", "'Initech Ltd'", request)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--api", default="github", choices=sorted(planning.APIS))
    parser.add_argument("--entries", type=int, default=5, help="how many failing requests get an entry")
    parser.add_argument("--minilm", action="store_true", help="build with MiniLM embeddings (model required)")
    arguments = parser.parse_args()
    if not pathlib.Path(HBC).exists():
        sys.exit(f"{HBC} missing: build hbc first")
    entries = json.loads((SHARED / "planning" / f"{arguments.api}.json").read_text())
    queries = [e["query"] for e in entries]
    with tempfile.TemporaryDirectory(prefix="hbc-feedbackbench-") as scratch:
        scratch = pathlib.Path(scratch)
        before_bundle = build(handbook(scratch / "before", arguments.api, []), arguments.minilm)
        operations = json.loads(run("inspect", before_bundle, "--operations", "--json"))["operations"]
        label = {op["id"]: f"{op['method']} {op['path']}" for op in operations}
        by_label = {v: k for k, v in label.items()}
        before = score(entries, *plans_and_hits(before_bundle, queries, scratch), label)
        failing = [i for i, row in enumerate(before) if not row["cp1"]
                   and all(step in by_label for step in entries[i]["solution"])][:arguments.entries]
        feedback = [(queries[i], [by_label[step] for step in entries[i]["solution"]]) for i in failing]
        after_bundle = build(handbook(scratch / "after", arguments.api, feedback), arguments.minilm)
        after = score(entries, *plans_and_hits(after_bundle, queries, scratch), label)
        paraphrased = [dict(entries[i], query=paraphrase(queries[i])) for i in failing]
        para_queries = [e["query"] for e in paraphrased]
        para_before = score(paraphrased, *plans_and_hits(before_bundle, para_queries, scratch), label)
        para_after = score(paraphrased, *plans_and_hits(after_bundle, para_queries, scratch), label)
    others = [i for i in range(len(entries)) if i not in failing]
    changed = [i for i in others if before[i]["first"] != after[i]["first"]]
    result = {
        "api": arguments.api, "bundle": "minilm" if arguments.minilm else "lexical", "requests": len(entries),
        "entries": len(failing),
        "fixed CP@1": [mean([before[i] for i in failing], "cp1"), mean([after[i] for i in failing], "cp1")],
        "paraphrased CP@1": [mean(para_before, "cp1"), mean(para_after, "cp1")],
        "others CP@1": [mean([before[i] for i in others], "cp1"), mean([after[i] for i in others], "cp1")],
        "others CP@3": [mean([before[i] for i in others], "cp3"), mean([after[i] for i in others], "cp3")],
        "others R@5": [mean([before[i] for i in others], "r5"), mean([after[i] for i in others], "r5")],
        "others whose first proposal changed": len(changed),
        "all CP@1": [mean(before, "cp1"), mean(after, "cp1")],
    }
    print(f"{arguments.api} ({result['bundle']}), {len(entries)} requests, {len(failing)} feedback entries")
    for key in ["fixed CP@1", "paraphrased CP@1", "others CP@1", "others CP@3", "others R@5", "all CP@1"]:
        print(f"  {key:<18}{result[key][0]:.3f} → {result[key][1]:.3f}")
    for i in failing:
        if not after[i]["cp1"]:
            print(f"  not fixed: {queries[i]}\n      gold {entries[i]['solution']}\n      got  {after[i]['first']}")
    for row, entry in zip(para_after, paraphrased):
        if not row["cp1"]:
            print(f"  other values not steered: {entry['query']}\n      got  {row['first']}")
    print(f"  others whose first proposal changed: {len(changed)}")
    for i in changed:
        print(f"    {queries[i]}\n      {before[i]['first']} → {after[i]['first']}")
    out = REPO / "bench" / "results" / "feedback.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    results = json.loads(out.read_text()) if out.exists() else {}
    results = results if "api" not in results else {}
    results[f"{arguments.api}-{result['bundle']}-{len(failing)}"] = result
    out.write_text(json.dumps(dict(sorted(results.items())), indent=2) + "\n")


if __name__ == "__main__":
    main()
