"""The documents say what the command line is.

- docs/cli.md, the command-line reference, is what the binary describes (`hbc --experimental-dump-help`): every
  command with its abstract, arguments and options (with their defaults and allowed values), exit status and examples.
  When a command changes, regenerate it: `HBC=.build/debug/hbc python3 Tests/cli/test_cli_documentation.py --write`.
- Every `hbc …` command line in README.md and docs/*.md (code spans and code blocks) names a command that exists and
  only options that command declares.
"""

import difflib
import json
import re
import shlex
import subprocess
import sys

import pytest

from cli_support import BINARY, REPO

pytestmark = pytest.mark.skipif(not BINARY.exists(), reason=f"{BINARY} not built")

REFERENCE = REPO / "docs" / "cli.md"
WRITE_COMMAND = "HBC=.build/debug/hbc python3 Tests/cli/test_cli_documentation.py --write"


def tool_info(binary=BINARY):
    result = subprocess.run([str(binary), "--experimental-dump-help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["command"]


def commands(node, path=()):
    """(path, command) for the root and every subcommand but `help`, depth first in declaration order."""
    yield path, node
    for sub in node.get("subcommands", []):
        if sub["commandName"] != "help":
            yield from commands(sub, path + (sub["commandName"],))


def shown(node):
    """The arguments `--help` shows, without `--help` and `--version`."""
    return [argument for argument in node.get("arguments", [])
            if argument.get("shouldDisplay", True)
            and argument.get("preferredName", {}).get("name") not in ("help", "version")]


def spelling(argument):
    """How an argument is written: `<name>`, `--flag`, `-o, --output <output>`."""
    if argument["kind"] == "positional":
        return f"<{argument['valueName']}>" + (" …" if argument.get("isRepeating") else "")
    names = ", ".join(("--" if name["kind"] == "long" else "-") + name["name"] for name in argument["names"])
    return names if argument["kind"] == "flag" else f"{names} <{argument['valueName']}>"


def cell(text):
    return " ".join(text.split()).replace("|", "\\|")


def discussion_parts(node):
    """The exit-status paragraph and the example lines of a command's discussion."""
    paragraphs = node.get("discussion", "").split("\n\n")
    status = next((" ".join(p.split()) for p in paragraphs if p.startswith("Exit status")), None)
    examples = [line.strip() for line in node.get("discussion", "").split("\n")
                if line.startswith("  ") and line.strip().startswith("hbc ")]
    return status, examples


def render(root):
    """docs/cli.md for the tool info `root`."""
    lines = [
        "# Command-line reference",
        "",
        "Every `hbc` command with its arguments and options, as `hbc COMMAND --help` prints them (which also explains",
        "each command). Generated from the binary's own description; `make test` fails when this page and the",
        f"commands differ. After changing a command: `{WRITE_COMMAND}`.",
        "",
        "Exit status 2 is a usage error for every command.",
    ]
    for path, node in commands(root):
        if not path:
            continue
        name = "hbc " + " ".join(path)
        lines += ["", f"## {name}", "", cell(node.get("abstract", ""))]
        subcommands = [sub["commandName"] for sub in node.get("subcommands", []) if sub["commandName"] != "help"]
        if subcommands:
            lines += ["", "Subcommands: " + ", ".join(f"`{name} {sub}`" for sub in subcommands) + "."]
        arguments = shown(node)
        if arguments:
            lines += ["", "| argument or option | meaning | default |", "| --- | --- | --- |"]
            for argument in arguments:
                meaning = cell(argument.get("abstract", ""))
                if argument.get("allValues") and argument["kind"] == "option":
                    meaning += " One of: " + ", ".join(f"`{value}`" for value in argument["allValues"]) + "."
                default = argument.get("defaultValue")
                lines.append(f"| `{spelling(argument)}` | {meaning} | {f'`{default}`' if default else ''} |")
        status, examples = discussion_parts(node)
        if status:
            lines += ["", status]
        if examples:
            lines += ["", "```sh", *examples, "```"]
    return "\n".join(lines) + "\n"


def code_spans(line):
    """The text of each `code span` of a Markdown line."""
    return line.split("`")[1::2]


def invocations(text):
    """(line number, command line) of every `hbc …` command in a Markdown text: code spans that start with `hbc `,
    and lines of fenced code blocks that run `hbc` (after environment assignments). `a|b` alternatives of a
    subcommand (`hbc plans list|show|clear`) give one command line each."""
    found, fenced = [], False
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip().startswith("```"):
            fenced = not fenced
            continue
        candidates = [line.strip().removeprefix("$ ")] if fenced else []
        candidates += code_spans(line)
        for candidate in candidates:
            words = candidate.replace("\\|", "|").split()
            while words and re.fullmatch(r"[A-Z_][A-Z0-9_]*=\S*", words[0]):
                words = words[1:]
            if len(words) < 2 or words[0] != "hbc" or not re.match(r"[a-z]", words[1]):
                continue
            command = " ".join(words)
            alternatives = re.match(r"(hbc [a-z]+ )([a-z]+(?:[|/][a-z]+)+)(.*)", command)
            if alternatives:
                head, names, tail = alternatives.groups()
                found += [(number, head + name + tail) for name in re.split(r"[|/]", names)]
            else:
                found.append((number, command))
    return found


def problems_of(root, command):
    """What is wrong with one documented command line: an unknown command, an option it does not declare, or more
    positional arguments than it takes (optional `[…]` parts aside)."""
    command = re.sub(r"(?<!\S)(…|\.\.\.)(?!\S)", " ", command)  # a lone … stands for more of the line
    try:
        words = shlex.split(command.replace("…", "x"), comments=True)[1:]
    except ValueError:
        words = command.split()[1:]
    node, path = root, []
    while words and any(sub["commandName"] == words[0] for sub in node.get("subcommands", [])):
        node = next(sub for sub in node["subcommands"] if sub["commandName"] == words[0])
        path.append(words[0])
        words = words[1:]
    if not path:
        return [f"no command {words[0] if words else ''!r}"]
    if node.get("subcommands") and words and not words[0].startswith("-"):
        return [f"hbc {' '.join(path)} has no subcommand {words[0]!r}"]
    arguments = {("--" if name["kind"] == "long" else "-") + name["name"]: argument
                 for argument in node.get("arguments", []) for name in argument.get("names", [])}
    problems = [f"hbc {' '.join(path)} has no option {option}" for option in options_in(words)
                if option not in arguments]
    positionals = [argument for argument in node.get("arguments", []) if argument["kind"] == "positional"]
    given = positional_words(words, arguments)
    if len(given) > len(positionals) and not any(argument.get("isRepeating") for argument in positionals):
        problems.append(f"hbc {' '.join(path)} takes {len(positionals)} positional argument(s), "
                        f"not {len(given)} ({' '.join(given)})")
    return problems


def options_in(words):
    """The option names of a command line's words (`[--flag]`, `--flag]` and `--name=value` read as the name)."""
    words = [word.lstrip("[(").split("=")[0].rstrip("]),.;") for word in words]
    return [word for word in words if re.fullmatch(r"--?[a-zA-Z][a-zA-Z0-9-]*", word)]


def positional_words(words, arguments):
    """The words of a command line that are positional arguments: not options, not an option's value, not inside
    an optional `[…]` part, not a `|` between alternatives."""
    given, depth, index = [], 0, 0
    while index < len(words):
        word = words[index]
        index += 1
        opening = len(word) - len(word.lstrip("["))
        inside = depth > 0 or opening > 0
        depth += opening - (len(word) - len(word.rstrip("]")))
        name = word.lstrip("[(").split("=")[0].rstrip("]),.;")
        if re.fullmatch(r"--?[a-zA-Z][a-zA-Z0-9-]*", name):
            argument = arguments.get(name)
            takes_value = argument is not None and argument["kind"] == "option" and "=" not in word
            if takes_value and not word.rstrip().endswith("]") and index < len(words):
                closing = words[index].endswith("]")
                depth -= closing and depth > 0
                index += 1
            continue
        if not inside and word not in ("|", "...", "…"):
            given.append(word)
    return given


def documents():
    return [REPO / "README.md"] + sorted((REPO / "docs").glob("*.md"))


ROOT = tool_info() if BINARY.exists() else {}


def test_reference_is_what_the_binary_describes():
    assert REFERENCE.exists(), f"docs/cli.md is missing: {WRITE_COMMAND}"
    written, expected = REFERENCE.read_text(), render(ROOT)
    if written != expected:
        difference = difflib.unified_diff(written.splitlines(), expected.splitlines(), "docs/cli.md", "the commands",
                                          lineterm="", n=1)
        pytest.fail(f"docs/cli.md differs from the commands; regenerate it: {WRITE_COMMAND}\n"
                    + "\n".join(list(difference)[:30]))


def test_reference_names_every_command_and_option():
    text = REFERENCE.read_text()
    for path, node in commands(ROOT):
        if path:
            assert f"## hbc {' '.join(path)}\n" in text
            for argument in shown(node):
                assert f"`{spelling(argument)}`" in text, f"hbc {' '.join(path)}: {spelling(argument)}"


def test_documented_command_lines_name_real_commands_and_options():
    problems = []
    checked = 0
    for document in documents():
        for number, command in invocations(document.read_text()):
            checked += 1
            problems += [f"{document.relative_to(REPO)}:{number}: `{command}`: {problem}"
                         for problem in problems_of(ROOT, command)]
    assert checked > 100, f"only {checked} command lines found: did the documents' form change?"
    assert problems == []


def test_every_command_is_in_the_readme_or_a_guide():
    named = {command for document in documents() if document != REFERENCE
             for _, command in invocations(document.read_text())}
    missing = [" ".join(path) for path, node in commands(ROOT)
               if path and not node.get("subcommands")
               and not any(command == "hbc " + " ".join(path) or command.startswith("hbc " + " ".join(path) + " ")
                           for command in named)]
    assert missing == [], "commands no guide or the README shows"


@pytest.mark.parametrize("command,problem", [
    ("hbc build dir --bogus", "no option --bogus"),
    ("hbc frobnicate x", "no command"),
    ("hbc plans frob state.sqlite", "no subcommand"),
    ("hbc plans list --state state.sqlite --json", None),
    ("hbc plans list state.sqlite", "positional"),
    ("hbc serve a.hb --http=127.0.0.1:8080", None),
])
def test_problems_are_found(command, problem):
    found = problems_of(ROOT, command)
    assert (found == []) if problem is None else any(problem in text for text in found), found


def test_alternatives_and_environment_assignments_are_read():
    text = "Run `hbc plans list\\|show STATE`.\n```sh\nACME_TOKEN=x hbc serve a.hb --env prod\ndocker run hbc x\n```\n"
    assert invocations(text) == [(1, "hbc plans list STATE"), (1, "hbc plans show STATE"),
                                 (3, "hbc serve a.hb --env prod")]


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(f"usage: {WRITE_COMMAND}")
    REFERENCE.write_text(render(tool_info()))
    print(f"wrote {REFERENCE.relative_to(REPO)}")
