"""`hbc chat` driven in a pseudo-terminal (pexpect) against the real acme-analytics-server: a read shown as a table,
a guarded write confirmed at the terminal, a guarded write refused there, and the history with trace ids."""

import os
import re
import subprocess
import sys

import pexpect

from cli_support import BINARY, REPO

# The real ACME API on a free port and the acme bundle, shared with the integration tests of `run`.
sys.path.insert(0, str(REPO / "Tests" / "integration"))
from run_support import TOKEN, acme, acme_bundle, api_get  # noqa: E402,F401


def customer(acme, name):
    return api_get(acme, f"/customers?name={name}")["items"][0]


def test_chat_reads_confirms_and_refuses_at_the_terminal(acme_bundle, acme, tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("HBC_LLM")}
    env.update(ACME_TOKEN=TOKEN, TERM="dumb")
    chat = pexpect.spawn(str(BINARY), ["chat", str(acme_bundle), "--base-url", acme, "--state", str(tmp_path / "state")],
                         env=env, encoding="utf-8", timeout=60, dimensions=(50, 200))
    chat.expect("No language model is configured")  # the first thing said: how to pick a provider
    chat.expect("HBC_LLM_PROVIDER")
    chat.expect("> ")

    chat.sendline("show customer C00042")
    chat.expect(r"succeeded: ")
    chat.expect(r"name\s+Soylent Holdings")  # the answer as a field/value table
    chat.expect(r"trace ([0-9a-f-]{36})")
    read_trace = chat.match.group(1)
    chat.expect("> ")

    globex = customer(acme, "Globex")
    chat.sendline("set the credit limit of Globex to 4500")
    chat.expect("plan chain:listCustomers>updateCustomer")  # the plan is shown before anything changes
    chat.expect("confirm updateCustomer")
    chat.expect(re.escape("send it? [y/N] "))
    chat.sendline("y")
    chat.expect("succeeded: ")
    chat.expect(r"credit_limit\s+4500")
    chat.expect("> ")
    assert customer(acme, "Globex")["credit_limit"] == 4500 != globex["credit_limit"]

    initech = customer(acme, "Initech")
    chat.sendline("set the credit limit of Initech to 6000")
    chat.expect(re.escape("send it? [y/N] "))
    chat.sendline("n")
    chat.expect("refused: updateCustomer: the call was not confirmed, so it was not sent")
    chat.expect("> ")
    assert customer(acme, "Initech")["credit_limit"] == initech["credit_limit"]

    chat.sendline("history")
    chat.expect(rf"1\. show customer C00042 → succeeded\s+trace {read_trace}")
    chat.expect(r"2\. set the credit limit of Globex to 4500 → succeeded\s+trace [0-9a-f-]{36}")
    chat.expect(r"3\. set the credit limit of Initech to 6000 → refused\s+trace [0-9a-f-]{36}")
    chat.expect("> ")
    chat.sendline("quit")
    chat.expect(pexpect.EOF)
    chat.close()
    assert chat.exitstatus == 0


def test_chat_without_a_terminal_never_sends_a_guarded_write(acme_bundle, acme):
    initech = customer(acme, "Initech")
    env = {key: value for key, value in os.environ.items() if not key.startswith("HBC_LLM")}
    env["ACME_TOKEN"] = TOKEN
    result = subprocess.run([str(BINARY), "chat", str(acme_bundle), "--base-url", acme, "--state", "none"],
                            input="set the credit limit of Initech to 6500\n", capture_output=True, text=True, env=env,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "refused: updateCustomer: the call was not confirmed" in result.stdout
    assert "standard input is not a terminal" in result.stderr
    assert customer(acme, "Initech")["credit_limit"] == initech["credit_limit"]


def test_the_confirmation_masks_the_apis_secrets(acme_bundle, acme, tmp_path):
    """What the terminal shows of a call to confirm is masked like a result: a known secret (here the API token,
    which the request happens to repeat) never appears."""
    secret = "7777"  # the token the runtime knows; the request repeats it as the new credit limit
    env = {key: value for key, value in os.environ.items() if not key.startswith("HBC_LLM")}
    env.update(ACME_TOKEN=secret, TERM="dumb")
    chat = pexpect.spawn(str(BINARY), ["chat", str(acme_bundle), "--base-url", acme, "--state", "none"],
                         env=env, encoding="utf-8", timeout=60, dimensions=(50, 200))
    chat.expect("> ")
    chat.sendline(f"set the credit limit of customer C00002 to {secret}")
    chat.expect("confirm updateCustomer")
    chat.expect(re.escape("send it? [y/N] "))
    shown = chat.before
    assert "credit_limit" in shown and "***" in shown and secret not in shown, shown
    chat.sendline("n")
    chat.expect("> ")
    chat.sendline("quit")
    chat.expect(pexpect.EOF)
