"""Writes bench/hbc-serve.order: the functions and data of the release `hbc` in the order `hbc serve` first touches
them (start-up, then searches, describe, execute, plan, groups over HTTP), for the release link's
`--symbol-ordering-file` (Package.swift). The kernel maps code 64 KB around each page fault, so code used while
serving but spread across the binary makes most of the executable resident; laid out together it is a few MB.

Each round links the release objects with the order file so far (the link command of `.build/release.yaml`), runs
`hbc serve` on the GHES bundle under `perf record` (page faults with their addresses, and CPU samples) while a
client makes the calls, and appends every symbol a fault or a sample fell in that the file does not list yet. A
round shows the first touch of each 64 KB still outside the ordered part, so the rounds go on until few symbols are
new. At the end `.build/release/hbc` is linked again with the result.

Page faults miss what runs inside a 64 KB already touched, so the rounds never find every function start-up runs.
Last, the functions `hbc serve` runs from start until it has answered a first call of each tool (what the
benchmarks measure as idle) are moved to the front, found exactly by valgrind's callgrind, which records every
function run: the code an idle server keeps resident is then laid out together (GHES, idle: −1.6 MB).

Run after `swift build -c release --product hbc`, when the code of the serving path changed a lot (a stale file
still works: symbols it no longer names are skipped and new ones are laid out after it). Needs perf, valgrind and
objcopy. Usage: python3 bench/link_order.py [--rounds 20] [--fresh]
"""

import argparse
import bisect
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

from bench_support import GHES_SPEC, REPO, post, open_sessions, start_listening, stop, wait_for_port, free_port

ORDER = REPO / "bench" / "hbc-serve.order"
SPEC = GHES_SPEC
QUERIES = ["list pull requests of a repository", "create an issue", "get the authenticated user", "delete a branch",
           "add a label to an issue", "merge a pull request", "list workflow runs", "search code"]


def link_command():
    """The release link of `hbc` as SwiftPM runs it (from .build/release.yaml), and the binary it writes."""
    plan = REPO / ".build" / "release.yaml"
    if not plan.exists():
        sys.exit("no release build plan: run `swift build -c release --product hbc` first")
    text = plan.read_text()
    # The link command's key names the target triple (x86_64-unknown-linux-gnu, aarch64-unknown-linux-gnu, …).
    found = re.search(r'"C\.hbc-[^"]*-release\.exe":', text)
    if not found:
        sys.exit(f"{plan}: no link command for hbc; run `swift build -c release --product hbc` first")
    start = found.start()
    args_line = next(line for line in text[start:].splitlines() if line.strip().startswith("args:"))
    args = json.loads(args_line.split("args:", 1)[1])
    return args, args[args.index("-o") + 1]


def symbols(binary):
    """(address, size, name) of the defined symbols, by address."""
    table = []
    out = subprocess.run(["nm", "-S", "--defined-only", binary], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 4 and int(fields[1], 16) > 0:
            table.append((int(fields[0], 16), int(fields[1], 16), fields[3]))
    return sorted(table)


def touched(binary, data):
    """Names of the binary's symbols that the recorded faults (data address or instruction) and samples fell in,
    first touch first."""
    table = symbols(binary)
    starts = [entry[0] for entry in table]
    real = os.path.realpath(binary)
    base, names, seen = None, [], set()
    out = subprocess.run(["perf", "script", "-i", data, "-F", "ip,addr", "--show-mmap-events"],
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        if "PERF_RECORD_MMAP" in line:
            if base is None and real in line and "@ 0 " in line:
                base = int(re.search(r"\[(0x[0-9a-f]+)\(", line).group(1), 16)
            continue
        if base is None:
            continue
        for field in line.split():
            try:
                address = int(field, 16) - base
            except ValueError:
                continue
            index = bisect.bisect_right(starts, address) - 1
            if index >= 0 and address < table[index][0] + table[index][1] and table[index][2] not in seen:
                seen.add(table[index][2])
                names.append(table[index][2])
    return names


def workload(url, rounds=4):
    """The calls of a serving session: tools/list, new lexical searches at each detail level, describe, execute,
    plan, groups, resources."""
    sessions = open_sessions(url, 2)
    for round_index in range(rounds):
        def call(name, arguments):
            post(url, {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                       "params": {"name": name, "arguments": arguments}}, sessions[round_index % 2])
        post(url, {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, sessions[round_index % 2])
        for index, query in enumerate(QUERIES):
            for detail in ["names", "summary", "detailed"]:
                call("search", {"query": f"{query} w{round_index}x{index}", "detail": detail})
        call("describe", {"operations": ["repos/create-or-update-file-contents", "pulls/list"]})
        call("execute", {"operation": "meta/root", "arguments": {}})
        call("plan", {"request": "list the open pull requests of a repository"})
        call("groups", {})
        post(url, {"jsonrpc": "2.0", "id": 1, "method": "resources/list"}, sessions[0])


def run_at_start(binary, bundle, mock_port, environment, scratch):
    """Names of the binary's functions `hbc serve` runs from start until it has answered a first call of each tool,
    most run first (callgrind; on a copy without debug information, whose DWARF 5 valgrind 3.19 cannot read)."""
    stripped, out = os.path.join(scratch, "hbc-stripped"), os.path.join(scratch, "callgrind.out")
    subprocess.run(["objcopy", "--strip-debug", binary, stripped], check=True)
    port = free_port()
    server = subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--dump-instr=no", "--demangle=no", f"--callgrind-out-file={out}", stripped,
         "serve", bundle, "--http", f"127.0.0.1:{port}", "--base-url", f"http://127.0.0.1:{mock_port}"],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, server, seconds=300)
        url = f"http://127.0.0.1:{port}/mcp"
        session = open_sessions(url, 1)[0]
        post(url, {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, session)
        for name, arguments in [("search", {"query": QUERIES[0], "detail": "summary"}),
                                ("search", {"query": QUERIES[1], "detail": "names"}),
                                ("describe", {"operations": ["repos/create-or-update-file-contents"]}),
                                ("execute", {"operation": "meta/root", "arguments": {}})]:
            post(url, {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                       "params": {"name": name, "arguments": arguments}}, session)
        subprocess.run(["callgrind_control", "--dump=start", str(server.pid)], check=True, capture_output=True)
    finally:
        server.send_signal(2)
        server.wait(timeout=120)
    cost, names, objects, current = {}, {}, {}, (None, None)
    for line in open(out + ".1", errors="replace"):
        found = re.match(r"^(ob|fn|cob|cfn)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if found:
            kind, key, text = found.groups()
            table = objects if kind in ("ob", "cob") else names
            if text is not None:
                table[key] = text
            if kind == "ob":
                current = (table[key], current[1])
            elif kind == "fn":
                current = (current[0], table[key])
                if current[0] == stripped:
                    cost.setdefault(current[1], 0)
        elif line[:1].isdigit() and current[0] == stripped and current[1] in cost:
            cost[current[1]] += int(line.split()[1]) if len(line.split()) > 1 else 0
    return sorted(cost, key=lambda name: -cost[name])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20, help="link-record rounds (default 20)")
    parser.add_argument("--fresh", action="store_true", help="start from an empty order file")
    args = parser.parse_args()
    command, release_binary = link_command()
    if not any("--symbol-ordering-file" in part for part in command):
        sys.exit("the release link in .build/release.yaml has no --symbol-ordering-file (Package.swift)")
    order = [] if args.fresh or not ORDER.exists() else ORDER.read_text().split()
    environment = dict(os.environ, GITHUB_TOKEN="bench")
    with tempfile.TemporaryDirectory() as scratch:
        binary = os.path.join(scratch, "hbc")
        bundle = os.path.join(scratch, "ghes.hb")
        subprocess.run([release_binary, "build", "--spec", str(SPEC), "-o", bundle, "--embedder", "none"],
                       check=True, capture_output=True)
        mock, mock_port = start_listening([release_binary, "mock", bundle, "--port", "{port}"])
        try:
            for round_index in range(args.rounds):
                ORDER.write_text("".join(name + "\n" for name in order))
                linked = command[:]
                linked[linked.index("-o") + 1] = binary
                subprocess.run(linked, check=True, capture_output=True, cwd=REPO)
                port = free_port()
                data = os.path.join(scratch, "run.data")
                server = subprocess.Popen(
                    ["perf", "record", "-q", "-e", "page-faults/period=1/", "-e", "cpu-clock/freq=4000/", "-d",
                     "-o", data, "--", binary, "serve", bundle, "--http", f"127.0.0.1:{port}",
                     "--base-url", f"http://127.0.0.1:{mock_port}"],
                    env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                wait_for_port(port, server)
                workload(f"http://127.0.0.1:{port}/mcp")
                time.sleep(0.5)
                server.send_signal(2)  # perf passes SIGINT on to hbc, which shuts down; perf then writes its data
                server.wait(timeout=60)
                known = set(order)
                new = [name for name in touched(binary, data) if name not in known]
                order += new
                print(f"round {round_index + 1}: {len(new)} new symbols, {len(order)} in the order", flush=True)
                if len(new) < 50:
                    break
            # The last round's binary lays out the order so far: start-up's functions move to the front, in the order
            # the rounds found them, then the ones only callgrind saw.
            at_start = run_at_start(binary, bundle, mock_port, environment, scratch)
            position = {name: index for index, name in enumerate(order)}
            first = sorted((name for name in at_start if name in position), key=position.get)
            first += [name for name in at_start if name not in position]
            moved = set(first)
            order = first + [name for name in order if name not in moved]
            print(f"{len(first)} functions run at start moved to the front", flush=True)
        finally:
            stop(mock)
        ORDER.write_text("".join(name + "\n" for name in order))
        order = first_per_section(order, command, scratch)
    ORDER.write_text("".join(name + "\n" for name in order))
    subprocess.run(command, check=True, capture_output=True, cwd=REPO)
    print(f"written {ORDER} ({len(order)} symbols); relinked {shlex.quote(release_binary)}")


def first_per_section(order, command, scratch):
    """The order with one symbol per input section (the linker moves whole sections, each by its first listed
    symbol), from the link map of a link with the full order: the same layout from a shorter file."""
    linked, link_map = command[:], os.path.join(scratch, "hbc.map")
    linked[linked.index("-o") + 1] = os.path.join(scratch, "hbc")
    subprocess.run(linked + ["-Xlinker", f"-Map={link_map}"], check=True, capture_output=True, cwd=REPO)
    listed = set(order)
    section_of, section = {}, None
    with open(link_map) as lines:
        for line in lines:
            fields = line.split()
            if len(fields) >= 5 and ":(" in fields[4]:
                section = fields[4]
            elif len(fields) == 5 and section and fields[4] in listed:
                section_of.setdefault(fields[4], section)
    kept, seen = [], set()
    for name in order:
        if name in section_of and section_of[name] not in seen:
            seen.add(section_of[name])
            kept.append(name)
    return kept


if __name__ == "__main__":
    main()
