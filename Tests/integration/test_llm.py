"""Language model providers, driven through `hbc run` against the real acme-analytics-server: loopback servers speak
the OpenAI chat completions and Anthropic Messages wire formats, and record what hbc sent them."""

import json
import os
import subprocess
import threading
import time

import pytest

from loopback import LoopbackServer, QuietHandler
from run_support import TOKEN, acme, acme_bundle, proxy  # noqa: F401
from serve_support import HBC

KEY = "sk-test-secret-key-0042"
# The planner is unsure between a lookup chain and other plans for these requests, so a model is asked.
SUMMARY = "how much has Globex spent with us"
WRITE = "Globex should have a 5000 credit limit"  # no verb: the planner cannot tell reading from writing
GOOD_PLAN = {"steps": [
    {"id": "find", "operation": "listCustomers", "arguments": {"name": "Globex"}},
    {"id": "summary", "operation": "getCustomerSummary",
     "arguments": {"customer_id": "$steps.find.response.body#/items/0/id"}},
]}


class FakeModel:
    """A provider on loopback: answers each POST with the next scripted reply (status, body, delay) and records the
    requests (path, headers, JSON body)."""

    def __init__(self, path):
        model = self
        self.path = path
        self.replies = []
        self.requests = []
        self.lock = threading.Lock()

        class Handler(QuietHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length))
                with model.lock:
                    model.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                    status, reply, delay = model.replies.pop(0) if model.replies else (500, {"error": "no reply"}, 0)
                time.sleep(delay)
                try:
                    self.send_body(status if self.path == model.path else 404, reply)
                except BrokenPipeError:
                    pass  # the client gave up waiting (the timeout test)

        self.server = LoopbackServer(Handler).start()
        self.url = self.server.url

    def reply(self, *replies):
        with self.lock:
            self.replies = list(replies)
            self.requests = []


def openai_answer(content):
    text = content if isinstance(content, str) else json.dumps(content)
    return {"id": "chatcmpl-1", "object": "chat.completion", "model": "test-model",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 812, "completion_tokens": 64, "total_tokens": 876}}


def anthropic_answer(content):
    return {"id": "msg_1", "type": "message", "role": "assistant", "model": "test-model",
            "content": [{"type": "text", "text": "Here is the plan:\n```json\n" + json.dumps(content) + "\n```"}],
            "stop_reason": "end_turn", "usage": {"input_tokens": 790, "output_tokens": 71}}


@pytest.fixture(scope="module")
def openai():
    fake = FakeModel("/v1/chat/completions")
    yield fake
    fake.server.stop()


@pytest.fixture(scope="module")
def anthropic():
    fake = FakeModel("/v1/messages")
    yield fake
    fake.server.stop()


def hbc_run(bundle, api, request, state, provider, base_url, **env):
    environment = dict(os.environ, ACME_TOKEN=TOKEN, HBC_LLM_PROVIDER=provider, HBC_LLM_BASE_URL=base_url,
                       HBC_LLM_MODEL="test-model", **env)
    environment.pop("OPENAI_API_KEY", None)
    environment.pop("ANTHROPIC_API_KEY", None)
    environment.update(env)
    completed = subprocess.run([str(HBC), "run", str(bundle), request, "--base-url", api, "--state", str(state),
                                "--json"], capture_output=True, text=True, env=environment, stdin=subprocess.DEVNULL,
                               timeout=60)
    assert KEY not in completed.stdout + completed.stderr, "the key never shows"
    assert completed.stdout, completed.stderr
    return completed, json.loads(completed.stdout)


def test_openai_plan_is_checked_run_learned_and_not_asked_for_again(acme_bundle, acme, openai, tmp_path):
    openai.reply((200, openai_answer(GOOD_PLAN), 0))
    state = tmp_path / "state.sqlite"
    completed, outcome = hbc_run(acme_bundle, acme, SUMMARY, state, "openai", openai.url + "/v1", OPENAI_API_KEY=KEY)
    assert completed.returncode == 0, completed.stdout
    [(path, headers, body)] = openai.requests
    assert path == "/v1/chat/completions"
    assert headers["authorization"] == f"Bearer {KEY}"
    assert headers["content-type"] == "application/json"
    assert body["model"] == "test-model" and body["temperature"] == 0
    assert [message["role"] for message in body["messages"]] == ["system", "user"]
    assert "JSON object" in body["messages"][0]["content"]
    prompt = body["messages"][1]["content"]
    assert f"Request: {SUMMARY}" in prompt and "getCustomerSummary: GET /customers/{customer_id}/summary" in prompt

    assert outcome["outcome"] == "succeeded"
    assert outcome["plan"]["source"] == "model"
    assert outcome["answer"]["customer_name"].startswith("Globex")
    [call] = outcome["transcript"]["modelCalls"]
    assert call["result"] == "accepted" and call["model"] == "openai test-model"
    assert (call["inputTokens"], call["outputTokens"]) == (812, 64)
    assert call["latencyMs"] >= 0
    assert outcome["learnedAs"].startswith("cached:")

    openai.reply()
    completed, again = hbc_run(acme_bundle, acme, SUMMARY, state, "openai", openai.url + "/v1", OPENAI_API_KEY=KEY)
    assert again["outcome"] == "succeeded", completed.stdout
    assert openai.requests == [], "the same intent is served from the learned plan"
    assert again["plan"]["source"] == "learned" and again["plan"]["id"] == outcome["learnedAs"]
    assert "modelCalls" not in again["transcript"]
    assert again["answer"] == outcome["answer"]


def test_anthropic_messages_wire_format(acme_bundle, acme, anthropic, tmp_path):
    anthropic.reply((200, anthropic_answer(GOOD_PLAN), 0))
    completed, outcome = hbc_run(acme_bundle, acme, SUMMARY, tmp_path / "state.sqlite", "anthropic", anthropic.url,
                                 HBC_LLM_KEY_ENV="MY_ANTHROPIC_KEY", MY_ANTHROPIC_KEY=KEY)
    [(path, headers, body)] = anthropic.requests
    assert path == "/v1/messages"
    assert headers["x-api-key"] == KEY and headers["anthropic-version"] == "2023-06-01"
    assert "authorization" not in headers
    assert body["model"] == "test-model" and body["max_tokens"] > 0
    assert "JSON object" in body["system"]
    assert [message["role"] for message in body["messages"]] == ["user"]
    assert outcome["outcome"] == "succeeded", completed.stdout
    assert outcome["plan"]["source"] == "model"
    [call] = outcome["transcript"]["modelCalls"]
    assert (call["inputTokens"], call["outputTokens"]) == (790, 71)


def test_an_invalid_plan_is_refused_and_the_model_told_why_once(acme_bundle, proxy, openai, tmp_path):
    over_the_cap = {"steps": [{"id": "s1", "operation": "updateCustomer",
                               "arguments": {"customer_id": "C00002", "body": {"credit_limit": 900000}}}]}
    dangling = {"steps": [{"id": "s1", "operation": "updateCustomer", "arguments": {
        "customer_id": "$steps.lookup.response.body#/items/0/id", "body": {"credit_limit": 5000}}}]}
    openai.reply((200, openai_answer(over_the_cap), 0), (200, openai_answer(dangling), 0),
                 (200, openai_answer(GOOD_PLAN), 0))
    before = len(proxy.requests())
    completed, outcome = hbc_run(acme_bundle, proxy.url, WRITE, tmp_path / "state.sqlite", "openai",
                                 openai.url + "/v1", OPENAI_API_KEY=KEY)
    assert len(openai.requests) == 2, "a refused plan is sent back once, not more"
    retry = openai.requests[1][2]["messages"]
    assert [message["role"] for message in retry] == ["system", "user", "assistant", "user"]
    assert "refused" in retry[3]["content"] and "credit-limit-cap" in retry[3]["content"]
    results = [call["result"] for call in outcome["transcript"]["modelCalls"]]
    assert results[0].startswith("refused") and "credit-limit-cap" in results[0]
    assert results[1].startswith("refused") and "names no earlier step" in results[1]
    assert outcome["plan"]["source"] != "model", "the planner's plan runs instead"
    assert "PATCH" not in [method for method, _ in proxy.requests()[before:]], "nothing the model planned was sent"


def test_a_provider_error_is_recorded_and_the_planner_answers(acme_bundle, acme, openai, tmp_path):
    openai.reply((401, {"error": {"message": f"Incorrect API key provided: {KEY}", "type": "invalid_request_error"}}, 0))
    completed, outcome = hbc_run(acme_bundle, acme, SUMMARY, tmp_path / "state.sqlite", "openai", openai.url + "/v1",
                                 OPENAI_API_KEY=KEY)
    assert outcome["outcome"] == "succeeded", completed.stdout
    [call] = outcome["transcript"]["modelCalls"]
    assert call["result"].startswith("error: the model's server answered 401")
    assert "***" in call["result"], "the key the provider echoed is masked"
    assert outcome["plan"]["source"] != "model"


def test_a_slow_provider_times_out_and_the_planner_answers(acme_bundle, acme, openai, tmp_path):
    openai.reply((200, openai_answer(GOOD_PLAN), 3))
    started = time.monotonic()
    completed, outcome = hbc_run(acme_bundle, acme, SUMMARY, tmp_path / "state.sqlite", "openai", openai.url + "/v1",
                                 OPENAI_API_KEY=KEY, HBC_LLM_TIMEOUT="1")
    assert time.monotonic() - started < 3, "the run does not wait for the slow model"
    assert outcome["outcome"] == "succeeded", completed.stdout
    [call] = outcome["transcript"]["modelCalls"]
    assert call["result"] == "error: the model did not answer within 1 s"


def test_a_missing_key_is_named_before_anything_runs(acme_bundle, acme, tmp_path):
    environment = dict(os.environ, ACME_TOKEN=TOKEN, HBC_LLM_PROVIDER="anthropic")
    environment.pop("ANTHROPIC_API_KEY", None)
    completed = subprocess.run([str(HBC), "run", str(acme_bundle), SUMMARY, "--base-url", acme, "--state", "none"],
                               capture_output=True, text=True, env=environment, stdin=subprocess.DEVNULL)
    assert completed.returncode == 2
    assert "ANTHROPIC_API_KEY" in completed.stderr
