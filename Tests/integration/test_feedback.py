"""Feedback: handbook entries steer planning (their requests fixed, others untouched), and the runtime `feedback`
tool keeps callers' feedback that `hbc feedback export` turns into a feedback file `hbc build` accepts as is."""

import json
import subprocess

import pytest

from feedback_support import build, first_plans, requests, write_library
from serve_support import HBC, build_handbook, copy_acme, stdio_session

pytestmark = pytest.mark.anyio


def test_adding_entries_fixes_their_requests_without_changing_the_others(tmp_path):
    asked = requests(lambda name, index: f"{name.upper()}-{100 + index}")
    before_bundle = build(write_library(tmp_path / "before"), tmp_path / "before.hb")
    before = first_plans(before_bundle, asked, tmp_path)
    # For a few requests the reviewers want another plan than the planner's first: its second proposal.
    chosen = [index for index in range(0, len(asked), 5) if len(before[index]) > 1][:4]
    assert len(chosen) >= 3
    right = {index: before[index][1] for index in chosen}
    entries = "feedback:\n" + "".join(
        f"  - request: {json.dumps(asked[index])}\n    plan: {json.dumps(right[index])}\n"
        f"    wrong: {json.dumps([op for op in before[index][0] if op not in right[index]])}\n"
        for index in chosen)
    after_bundle = build(write_library(tmp_path / "after", entries), tmp_path / "after.hb")
    after = first_plans(after_bundle, asked, tmp_path)
    for index in chosen:
        assert after[index][0] == right[index], asked[index]
    for index in set(range(len(asked))) - set(chosen):
        assert after[index] == before[index], asked[index]
    # The same requests about other things are steered too; requests with other words are not.
    other_values = requests(lambda name, index: f"{name[:2].upper()}{7 * index + 3}")
    steered = first_plans(after_bundle, [other_values[index] for index in chosen], tmp_path)
    assert [plans[0] for plans in steered] == [right[index] for index in chosen]


def test_entries_also_steer_search(tmp_path):
    entries = 'feedback:\n  - request: "which readers borrowed the most"\n    operations: [listLoans]\n'
    bundle = build(write_library(tmp_path / "hb", entries), tmp_path / "hb.hb")

    def top(query):
        found = subprocess.run([str(HBC), "search", str(bundle), query, "--kind", "operation", "--json"],
                               capture_output=True, text=True, check=True)
        return [hit["target"] for hit in json.loads(found.stdout)["hits"]]

    assert top("Which readers borrowed the most?")[0] == "listLoans"
    assert top("delete the shelf S-3")[0] != "listLoans"


async def test_feedback_tool_export_and_rebuild_round_trip(tmp_path, fake_api):
    root = tmp_path / "acme-analytics"
    copy_acme(root, fake_api.url)
    bundle = build_handbook(root, tmp_path / "acme.hb")
    state = tmp_path / "acme.state.sqlite"
    request = "how much did the customer Globex order in total"
    async with stdio_session(bundle, "--state", str(state)) as session:
        names = [tool.name for tool in (await session.list_tools()).tools]
        assert "feedback" not in names, "feedback is opt-in"
    async with stdio_session(bundle, "--state", str(state), "--feedback") as session:
        names = [tool.name for tool in (await session.list_tools()).tools]
        assert "feedback" in names
        planned = await session.call_tool("plan", {"request": request})
        assert not planned.is_error
        trace = planned.structured_content["traceId"]
        answered = planned.structured_content["plans"][0]["operations"]
        right_plan = ["listCustomers", "getCustomerSummary"]
        assert answered != right_plan, "the test needs a request the planner gets wrong"
        given = await session.call_tool(
            "feedback", {"trace": trace, "right": False, "plan": right_plan, "comment": "the summary has the totals"})
        assert not given.is_error, given.content
        assert given.structured_content["request"] == request
        assert given.structured_content["answered"] == answered
        unknown = await session.call_tool("feedback", {"trace": "no-such-trace", "right": True})
        assert unknown.is_error and "request" in unknown.content[0].text
        typo = await session.call_tool("feedback", {"trace": trace, "right": False, "plan": ["listCustomer"]})
        assert typo.is_error and "listCustomer" in typo.content[0].text
        direct = await session.call_tool(
            "feedback", {"trace": "from-a-chat", "right": True, "request": "is the service up", "plan": ["getHealth"]})
        assert not direct.is_error
    exported = root / "feedback" / "from-users.yaml"
    listed = subprocess.run([str(HBC), "feedback", "export", "--state", str(state), "-o", str(exported), "--json"],
                            capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    report = json.loads(listed.stdout)
    assert [entry["request"] for entry in report["entries"]] == [request, "is the service up"]
    first = report["entries"][0]
    assert [step["operation"] for step in first["plan"]] == right_plan
    assert set(first["wrong"]) == set(answered) - set(right_plan)
    assert first["trace"] == trace and first["source"] == "default/local"
    assert first["comment"] == "the summary has the totals"
    text = exported.read_text()
    assert text.startswith("#") and "feedback:" in text
    rebuilt = build_handbook(root, tmp_path / "acme-with-feedback.hb")
    plans = subprocess.run([str(HBC), "plan", str(rebuilt), "How much did the customer Initech order in total?",
                            "--json"], capture_output=True, text=True, check=True)
    assert json.loads(plans.stdout)[0]["operations"] == right_plan
    again = subprocess.run([str(HBC), "build", str(root), "-o", str(tmp_path / "again.hb"), "--json"],
                           capture_output=True, text=True)
    assert again.returncode == 0
    hashes = [json.loads(subprocess.run([str(HBC), "inspect", str(path), "--json"], capture_output=True, text=True,
                                        check=True).stdout)["contentHash"] for path in (rebuilt, tmp_path / "again.hb")]
    assert hashes[0] == hashes[1]


def test_export_refuses_a_bundle_and_a_missing_database(tmp_path, bundle):
    missing = subprocess.run([str(HBC), "feedback", "export", "--state", str(tmp_path / "none.sqlite")],
                             capture_output=True, text=True)
    assert missing.returncode == 1 and "no state database" in missing.stderr
    refused = subprocess.run([str(HBC), "feedback", "export", "--state", str(bundle)], capture_output=True, text=True)
    assert refused.returncode == 2 and "is a bundle" in refused.stderr
