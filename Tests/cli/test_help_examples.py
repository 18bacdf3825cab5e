"""Every example command line in `hbc … --help` is a valid invocation of the command it names.

The examples are the indented `hbc …` lines of each command's discussion (as `--help` prints it). Each is checked
against the argument tree the binary itself describes (`hbc --experimental-dump-help`, ArgumentParser's tool info):
the subcommand exists, every option and flag is one the command declares, options get a value (one of the allowed
values when the option lists them), flags get none, required positional arguments are there and there are no more
positional arguments than the command takes.
"""

import json
import shlex
import subprocess

import pytest

from cli_support import BINARY

pytestmark = pytest.mark.skipif(not BINARY.exists(), reason=f"{BINARY} not built")


def tool_info():
    result = subprocess.run([str(BINARY), "--experimental-dump-help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["command"]


def commands(node, path=()):
    """(path, command) for the root and every subcommand."""
    yield path, node
    for sub in node.get("subcommands", []):
        yield from commands(sub, path + (sub["commandName"],))


def examples(node):
    """The example command lines of a command's discussion: indented lines that run `hbc`."""
    found = []
    for line in node.get("discussion", "").split("\n"):
        if not line.startswith("  "):
            continue
        words = shlex.split(line, comments=True)
        while words and "=" in words[0] and not words[0].startswith("-"):
            words = words[1:]  # environment assignments: ACME_TOKEN=... hbc …
        if words and words[0] == "hbc":
            found.append((line.strip(), words[1:]))
    return found


def check(root, words):
    """The problems of one invocation (`words` without `hbc`), or an empty list."""
    node = root
    while words and any(sub["commandName"] == words[0] for sub in node.get("subcommands", [])):
        node = next(sub for sub in node["subcommands"] if sub["commandName"] == words[0])
        words = words[1:]
    if node is root and words and not words[0].startswith("-"):
        return [f"no subcommand {words[0]!r}"]
    arguments = node.get("arguments", [])
    named = {}
    for argument in arguments:
        for name in argument.get("names", []):
            prefix = "--" if name["kind"] == "long" else "-"
            named[prefix + name["name"]] = argument
    positionals = [argument for argument in arguments if argument["kind"] == "positional"]
    problems, given = [], []
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if word.startswith("-") and len(word) > 1:
            name, _, inline = word.partition("=")
            argument = named.get(name)
            if argument is None:
                problems.append(f"unknown option {name}")
                continue
            if argument["kind"] == "flag":
                if inline:
                    problems.append(f"flag {name} takes no value")
                continue
            value = inline
            if not inline:
                if index >= len(words):
                    problems.append(f"option {name} needs a value")
                    continue
                value = words[index]
                index += 1
            allowed = argument.get("allValues")
            if allowed and value not in allowed:
                problems.append(f"{name} {value!r} is not one of {allowed}")
        else:
            given.append(word)
    repeating = any(argument.get("isRepeating") for argument in positionals)
    if len(given) > len(positionals) and not repeating:
        problems.append(f"{len(given)} positional arguments, the command takes {len(positionals)}")
    required = [argument for argument in positionals if not argument.get("isOptional")]
    if len(given) < len(required):
        problems.append(f"missing {required[len(given)].get('valueName', 'an argument')}")
    return problems


ROOT = tool_info() if BINARY.exists() else {}
EXAMPLES = [(" ".join(("hbc",) + path), line, words)
            for path, node in commands(ROOT) for line, words in examples(node)]


@pytest.mark.parametrize("command,line,words", EXAMPLES, ids=[line for _, line, _ in EXAMPLES])
def test_example_is_a_valid_invocation(command, line, words):
    assert check(ROOT, words) == [], f"`{line}` in `{command} --help`"


def test_examples_are_shown_by_help(hbc):
    for path, node in commands(ROOT):
        if not path or path == ("help",):
            continue
        help_text = hbc(*path, "--help").stdout
        for line, _ in examples(node):
            # ArgumentParser may wrap long lines; every word of the example is printed, in order.
            words = line.split()
            assert all(word in help_text for word in words), f"`{line}` not in `hbc {' '.join(path)} --help`"


def test_every_command_has_an_example():
    top_level = [sub for sub in ROOT["subcommands"] if sub["commandName"] != "help"]
    missing = [sub["commandName"] for sub in top_level if not examples(sub)]
    assert missing == []


def test_every_command_that_runs_shows_its_own_exit_status_and_examples(hbc):
    """`hbc plans show --help` teaches as much as `hbc plans --help`: exit status and examples of itself."""
    for path, node in commands(ROOT):
        if not path or path == ("help",) or node.get("subcommands"):
            continue
        name = "hbc " + " ".join(path)
        assert "Exit status:" in node.get("discussion", ""), f"`{name} --help` does not say its exit status"
        own = [line for line, _ in examples(node) if line == name or line.startswith(name + " ")]
        assert own, f"`{name} --help` has no example of {name}"
        assert "Exit status:" in hbc(*path, "--help").stdout


@pytest.mark.parametrize("words,problem", [
    (["build", "--bogus"], "unknown option --bogus"),
    (["search", "acme.hb", "q", "--mode", "fuzzy"], "--mode 'fuzzy' is not one of"),
    (["diff", "old.hb"], "missing"),
    (["inspect", "a.hb", "b.hb"], "positional arguments"),
    (["plans", "clear", "--state", "state.sqlite", "--json"], "unknown option --json"),
    (["plans", "list", "state.sqlite"], "positional arguments"),
    (["frobnicate"], "no subcommand"),
])
def test_invalid_invocations_are_caught(words, problem):
    assert any(problem in found for found in check(ROOT, words)), check(ROOT, words)
