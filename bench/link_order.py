"""Writes bench/hbc-serve.order: the functions of the release `hbc` in the order `hbc serve` runs them, for the
release link's `--symbol-ordering-file` (Package.swift). The kernel maps code at least 64 KB around each page fault
(a whole large folio of the page cache where it holds one), so code used while serving but spread across the binary
makes most of the executable resident; laid out together it is a few MB.

valgrind's callgrind records every function `hbc serve` runs (on a copy without debug information, whose DWARF 5
valgrind cannot read), on the GHES bundle over HTTP, in two parts: from start until it has answered a first call of
each tool (what the benchmarks measure as idle), then a serving workload from three clients at once (new searches at
each detail level, describe, execute, plan, groups, resources, task searches). The order lists the first part's
functions, most run first, then the second part's, then what the previous order file listed besides (data symbols a
page-fault recording found in earlier versions), kept to one symbol per input section.

The layout moves whole input sections: the release build compiles with function sections (the Makefile's
`RELEASE_FLAGS`), or a Swift file whose one function runs brings all its code along. The toolchain's static
libraries (Foundation, the concurrency runtime) come as one section per object file either way.

Run after `make release`, when the code of the serving path changed a lot (a stale file still links: symbols it no
longer names are skipped and new ones are laid out after it). Needs valgrind and objcopy. At the end
`.build/release/hbc` is linked again with the result. Usage: python3 bench/link_order.py [--fresh]
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import threading

from bench_support import GHES_SPEC, REPO, post, open_sessions, start_listening, stop, wait_for_port, free_port

ORDER = REPO / "bench" / "hbc-serve.order"
SPEC = GHES_SPEC
QUERIES = ["list pull requests of a repository", "create an issue", "get the authenticated user", "delete a branch",
           "add a label to an issue", "merge a pull request", "list workflow runs", "search code"]
TASKS = ["list the open pull requests of octocat/hello-world and comment on the first one",
         "delete the branch feature/x of acme/web"]


def link_command():
    """The release link of `hbc` as SwiftPM runs it (from .build/release.yaml), and the binary it writes."""
    plan = REPO / ".build" / "release.yaml"
    if not plan.exists():
        sys.exit("no release build plan: run `make release` first")
    text = plan.read_text()
    # The link command's key names the target triple (x86_64-unknown-linux-gnu, aarch64-unknown-linux-gnu, …).
    found = re.search(r'"C\.hbc-[^"]*-release\.exe":', text)
    if not found:
        sys.exit(f"{plan}: no link command for hbc; run `make release` first")
    start = found.start()
    args_line = next(line for line in text[start:].splitlines() if line.strip().startswith("args:"))
    args = json.loads(args_line.split("args:", 1)[1])
    return args, args[args.index("-o") + 1]


def call_tool(url, session, name, arguments):
    post(url, {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": name, "arguments": arguments}},
         session, timeout=600)


def workload(url, rounds=2):
    """The calls of a serving session: tools/list, new lexical searches at each detail level, describe, execute,
    plan, groups, resources."""
    sessions = open_sessions(url, 2)
    for round_index in range(rounds):
        session = sessions[round_index % 2]
        post(url, {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, session, timeout=600)
        for index, query in enumerate(QUERIES):
            for detail in ["names", "summary", "detailed"]:
                call_tool(url, session, "search", {"query": f"{query} w{round_index}x{index}", "detail": detail})
        call_tool(url, session, "describe", {"operations": ["repos/create-or-update-file-contents", "pulls/list"]})
        call_tool(url, session, "execute", {"operation": "meta/root", "arguments": {}})
        call_tool(url, session, "plan", {"request": "list the open pull requests of a repository"})
        call_tool(url, session, "groups", {})
        post(url, {"jsonrpc": "2.0", "id": 1, "method": "resources/list"}, sessions[0], timeout=600)


def functions_by_cost(path, binary):
    """The names of `binary`'s functions in a callgrind output file, most instructions first."""
    cost, names, objects, current = {}, {}, {}, (None, None)
    for line in open(path, errors="replace"):
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
                if current[0] == binary:
                    cost.setdefault(current[1], 0)
        elif line[:1].isdigit() and current[0] == binary and current[1] in cost:
            cost[current[1]] += int(line.split()[1]) if len(line.split()) > 1 else 0
    return sorted(cost, key=lambda name: -cost[name])


def recorded(binary, bundle, mock_port, environment, scratch):
    """The functions `hbc serve` runs until it has answered a first call of each tool, most run first, and then
    those it runs serving the workload, each list as callgrind saw them."""
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
        post(url, {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, session, timeout=600)
        for name, arguments in [("search", {"query": QUERIES[0], "detail": "summary"}),
                                ("search", {"query": QUERIES[1], "detail": "names"}),
                                ("describe", {"operations": ["repos/create-or-update-file-contents"]}),
                                ("execute", {"operation": "meta/root", "arguments": {}})]:
            call_tool(url, session, name, arguments)
        subprocess.run(["callgrind_control", "--dump=start", str(server.pid)], check=True, capture_output=True)
        clients = [threading.Thread(target=workload, args=(url,)) for _ in range(3)]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        for task in TASKS:
            call_tool(url, session, "search", {"query": task, "detail": "summary"})
            call_tool(url, session, "plan", {"request": task})
    finally:
        server.send_signal(2)
        server.wait(timeout=300)
    return functions_by_cost(out + ".1", stripped), functions_by_cost(out, stripped)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fresh", action="store_true", help="keep nothing of the previous order file")
    args = parser.parse_args()
    command, release_binary = link_command()
    if not any("--symbol-ordering-file" in part for part in command):
        sys.exit("the release link in .build/release.yaml has no --symbol-ordering-file (Package.swift)")
    previous = [] if args.fresh or not ORDER.exists() else ORDER.read_text().split()
    environment = dict(os.environ, GITHUB_TOKEN="bench")
    with tempfile.TemporaryDirectory() as scratch:
        bundle = os.path.join(scratch, "ghes.hb")
        print("building the GHES lexical bundle", flush=True)
        subprocess.run([release_binary, "build", "--spec", str(SPEC), "-o", bundle, "--embedder", "none"],
                       check=True, capture_output=True)
        mock, mock_port = start_listening([release_binary, "mock", bundle, "--port", "{port}"])
        print("recording hbc serve under callgrind (about a minute)", flush=True)
        try:
            at_start, serving = recorded(release_binary, bundle, mock_port, environment, scratch)
        finally:
            stop(mock)
        order, seen = [], set()
        for name in at_start + serving + previous:
            if name not in seen:
                seen.add(name)
                order.append(name)
        print(f"{len(at_start)} functions run at start, {len(serving)} serving, {len(order)} symbols with the "
              "previous order's", flush=True)
        print("linking with the full order to keep one symbol per section", flush=True)
        order = first_per_section(order, command, scratch)
    ORDER.write_text("".join(name + "\n" for name in order))
    subprocess.run(command, check=True, capture_output=True, cwd=REPO)
    print(f"written {ORDER} ({len(order)} symbols); relinked {shlex.quote(release_binary)}")


def first_per_section(order, command, scratch):
    """The order with one symbol per input section (the linker moves whole sections, each by its first listed
    symbol), from the link map of a link with the full order: the same layout from a shorter file."""
    full = os.path.join(scratch, "full.order")
    with open(full, "w") as file:
        file.write("".join(name + "\n" for name in order))
    linked, link_map = [part.replace(str(ORDER), full) for part in command], os.path.join(scratch, "hbc.map")
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
