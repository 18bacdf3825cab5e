"""Build-time benchmark: compiles real specs with the release `hbc` several times and reports medians.

Run with `make bench`. Prints a table and writes bench/results/build.json.
"""

import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
SHARED = pathlib.Path(os.environ.get("HBC_SHARED_DATA", REPO.parent / "shared" / "data"))
HBC = os.environ.get("HBC", str(REPO / ".build" / "release" / "hbc"))
RUNS = int(os.environ.get("BENCH_RUNS", "7"))

CASES = [
    ("acme-analytics handbook", ["build", str(REPO / "handbooks" / "acme-analytics")]),
    ("GitHub GHES 3.6 (809 ops, JSON)", ["build", "--spec", str(SHARED / "specs" / "github_ghes-3.6_3.0.3_via-jentic.json")]),
    ("Stripe 2023 (YAML)", ["build", "--spec", str(SHARED / "specs" / "stripe_spec3_2023-09-12.yaml")]),
    ("Stripe 2022 (JSON)", ["build", "--spec", str(SHARED / "specs" / "stripe_spec3_2022-04-12.json")]),
    ("Kubernetes (Swagger 2.0)", ["build", "--spec", str(SHARED / "specs" / "kubernetes_swagger2.0.json")]),
    ("DigitalOcean (2,900 files)", ["build", "--spec", str(SHARED / "specs" / "digitalocean" / "specification" / "DigitalOcean-public.v2.yaml")]),
]


def measure(args, output):
    samples = []
    report = None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = subprocess.run([HBC, *args, "-o", output, "--format", "json"], capture_output=True, text=True)
        samples.append(time.perf_counter() - start)
        if result.returncode != 0:
            sys.exit(f"build failed: {' '.join(args)}\n{result.stdout}{result.stderr}")
        report = json.loads(result.stdout)
    return samples, report


def main():
    if not pathlib.Path(HBC).exists():
        sys.exit(f"{HBC} missing: run `swift build -c release` (make bench does)")
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for name, args in CASES:
            samples, report = measure(args, os.path.join(scratch, "bench.hb"))
            rows.append({
                "case": name,
                "operations": report["counts"]["operations"],
                "bundle_bytes": report["bytes"],
                "median_s": round(statistics.median(samples), 4),
                "min_s": round(min(samples), 4),
                "max_s": round(max(samples), 4),
                "runs": RUNS,
            })
    print(f"{'case':36} {'ops':>5} {'bundle':>10} {'median':>8} {'min':>8} {'max':>8}")
    for row in rows:
        print(f"{row['case']:36} {row['operations']:>5} {row['bundle_bytes']:>10} "
              f"{row['median_s']:>7.3f}s {row['min_s']:>7.3f}s {row['max_s']:>7.3f}s")
    results = REPO / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    payload = {"benchmark": "build", "hbc": HBC, "cpus": os.cpu_count(), "rows": rows}
    (results / "build.json").write_text(json.dumps(payload, indent=2) + "\n")
    print(f"written to {results / 'build.json'}")


if __name__ == "__main__":
    main()
