"""What a process's resident memory is made of, from /proc/PID/smaps: its own executable (code, read-only data,
written data), the Swift runtime and Foundation libraries, other libraries and mapped files (an embedding model, a
bundle), and anonymous memory (malloc arenas, the heap, thread stacks). Megabytes of RSS per part; the parts add up
to VmRSS.

File-backed pages (code, read-only data) are clean pages of the page cache, shared with every other process mapping
the same file; they count in RSS because the process touched them (the kernel maps 64 KB around each page fault).
Anonymous pages and written data pages are the process's own.

Usage as a script: python3 bench/rss_breakdown.py PID
"""

import collections
import os
import re
import sys

SWIFT_RUNTIME = re.compile(r"^lib(swift|Foundation|_Foundation|dispatch|BlocksRuntime|_CFURLSession|CoreFoundation)")


def breakdown(pid):
    """RSS in MB by part: `executable code`, `executable data` (read-only and written), `swift runtime libraries`,
    `other libraries and mapped files`, `anonymous` (heap, arenas, stacks), and `total`."""
    executable = os.path.realpath(f"/proc/{pid}/exe")
    parts = collections.Counter()
    part = None
    with open(f"/proc/{pid}/smaps") as smaps:
        for line in smaps:
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                fields = line.split(None, 5)
                permissions, path = fields[1], (fields[5].strip() if len(fields) > 5 else "")
                if path == executable:
                    part = "executable code" if "x" in permissions else "executable data"
                elif path.startswith("/"):
                    name = os.path.basename(path)
                    part = "swift runtime libraries" if SWIFT_RUNTIME.match(name) else "other libraries and mapped files"
                else:
                    part = "anonymous"
            elif line.startswith("Rss:") and part is not None:
                parts[part] += int(line.split()[1])
    result = {name: round(kilobytes / 1024, 1) for name, kilobytes in sorted(parts.items())}
    result["total"] = round(sum(parts.values()) / 1024, 1)
    return result


if __name__ == "__main__":
    for name, megabytes in breakdown(int(sys.argv[1])).items():
        print(f"{megabytes:8.1f} MB  {name}")
