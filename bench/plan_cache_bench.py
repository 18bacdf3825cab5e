"""Learned-plan benchmark: does a plan learned for one request come back for other requests of the same intent, with
their values, and never for another intent?

For each API in bench/data/plan_cache_paraphrases.json it builds a bundle, starts `hbc mock` on it as the upstream and
`hbc serve` over stdio against the mock, runs each `learn` plan with its request through `execute` (so the server
caches it), then asks the `plan` tool for every `same` request (the learned plan must come first, with the request's
values as proposedInputs) and every `different` request (the plan learned for that intent must not be offered). Each API gets a fresh state
database.

Reports reuse (same-intent requests offered the learned plan), value accuracy (of those, proposedInputs equal to the
expected values) and false reuse (different-intent requests offered the plan learned for that intent), per API, for the
held-out sets (written by someone who had not read the matching code) and in all. Prints a report and writes
bench/results/plan_cache.json.
"""

import json
import os
import pathlib
import subprocess
import sys
import tempfile

from bench_support import HBC, REPO, SHARED, start_listening, stop

DATA = REPO / "bench" / "data" / "plan_cache_paraphrases.json"
RESULTS = REPO / "bench" / "results" / "plan_cache.json"
INITIALIZE = {"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
    "protocolVersion": "2025-06-18", "capabilities": {"elicitation": {}}, "clientInfo": {"name": "bench", "version": "1"}}}


class Server:
    """`hbc serve` over stdio, spoken to with raw JSON-RPC."""

    def __init__(self, bundle, base_url, state, env):
        self.process = subprocess.Popen(
            [HBC, "serve", bundle, "--base-url", base_url, "--state", state],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True, bufsize=1)
        self.next_id = 0
        self.request("initialize", INITIALIZE["params"])
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        self.request("tools/list", {})

    def send(self, message):
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("hbc serve exited")
            answer = json.loads(line)
            if answer.get("method") == "elicitation/create":
                # Guarded writes ask for confirmation: the bench confirms (the upstream is a mock).
                self.send({"jsonrpc": "2.0", "id": answer["id"],
                           "result": {"action": "accept", "content": {"confirm": True}}})
            elif answer.get("id") == self.next_id:
                return answer

    def tool(self, name, arguments):
        answer = self.request("tools/call", {"name": name, "arguments": arguments})
        result = answer.get("result", {})
        return result.get("structuredContent") or {}, result.get("isError", False)

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)


def build(api, folder):
    out = str(folder / f"{api['api']}.hb")
    source = [str(REPO / api["handbook"])] if "handbook" in api else ["--spec", str(SHARED / api["spec"])]
    result = subprocess.run([HBC, "build", *source, "-o", out], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"building {api['api']} failed:\n{result.stderr}")
    return out


def secrets(bundle):
    """Placeholder values for every credential variable the bundle's APIs read (the mock checks none)."""
    inspected = subprocess.run([HBC, "inspect", bundle, "--json"], capture_output=True, text=True)
    env = {}
    text = inspected.stdout
    for word in text.replace('"', " ").replace(",", " ").split():
        if word.isupper() and "_" in word and len(word) > 3:
            env[word] = "bench-placeholder-secret"
    return env


def measure(api, folder):
    bundle = build(api, folder)
    mock, port = start_listening([HBC, "mock", bundle, "--port", "{port}"])
    env = dict(os.environ, **secrets(bundle), ACME_TOKEN="bench-placeholder-secret")
    server = Server(bundle, f"http://127.0.0.1:{port}", str(folder / f"{api['api']}.state.sqlite"), env)
    figures = {"same": 0, "reused": 0, "values_right": 0, "different": 0, "false_reuse": 0, "learned": 0,
               "misses": [], "false": []}
    try:
        for intent in api["intents"]:
            learn = intent["learn"]
            stored, failed = server.tool("execute", {"plan": learn["plan"], "request": learn["request"]})
            if failed or "cachedAs" not in stored:
                figures["misses"].append({"learn": learn["request"], "error": stored.get("message") or stored.get("error")})
                continue
            figures["learned"] += 1
            learned = stored["cachedAs"]
            for case in intent["same"]:
                figures["same"] += 1
                plans, _ = server.tool("plan", {"request": case["request"]})
                first = (plans.get("plans") or [{}])[0]
                if first.get("planId") == learned:
                    figures["reused"] += 1
                    if first.get("proposedInputs") == case["inputs"]:
                        figures["values_right"] += 1
                    else:
                        figures["misses"].append({"request": case["request"], "proposed": first.get("proposedInputs")})
                else:
                    figures["misses"].append({"request": case["request"], "first": first.get("planId")})
            for request in intent["different"]:
                figures["different"] += 1
                plans, _ = server.tool("plan", {"request": request})
                if any(plan.get("planId") == learned for plan in plans.get("plans", [])):
                    figures["false_reuse"] += 1
                    figures["false"].append(request)
    finally:
        server.close()
        stop(mock)
    return figures


def main():
    if not pathlib.Path(HBC).exists():
        sys.exit(f"{HBC} does not exist; run `make release` first (make bench does)")
    data = json.loads(DATA.read_text())
    results = {}
    with tempfile.TemporaryDirectory(prefix="hbc-plan-cache-bench-") as scratch:
        for number, api in enumerate(data["apis"], 1):
            # Each API builds a bundle with embeddings and runs a server: say which one is under way.
            print(f"[{number}/{len(data['apis'])}] {api['api']}", file=sys.stderr, flush=True)
            results[api["api"]] = measure(api, pathlib.Path(scratch))
    total = {key: sum(r[key] for r in results.values())
             for key in ("learned", "same", "reused", "values_right", "different", "false_reuse")}
    # Sets written by someone who had not read the matching code: the honest measure (see each set's `written`).
    held_out = {key: sum(results[api["api"]][key] for api in data["apis"] if api.get("written", "").startswith("held out"))
                for key in total}
    print("learned-plan reuse (bench/data/plan_cache_paraphrases.json)")
    print(f"{'api':<12} {'learned':>7} {'reuse':>12} {'values right':>13} {'false reuse':>12}")
    for name, r in [*results.items(), ("held out", held_out), ("all", total)]:
        print(f"{name:<12} {r['learned']:>7} {r['reused']:>5}/{r['same']:<3} ({r['reused'] / max(1, r['same']):.0%})"
              f" {r['values_right']:>6}/{r['reused']:<3} {r['false_reuse']:>6}/{r['different']}")
    for name, r in results.items():
        for miss in r["misses"]:
            print(f"  {name} miss: {json.dumps(miss)}")
        for request in r["false"]:
            print(f"  {name} false reuse: {request}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"apis": results, "held_out": held_out, "all": total}, indent=2) + "\n")


if __name__ == "__main__":
    main()
