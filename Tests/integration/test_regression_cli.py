"""`hbc test` against the fake ACME API: exit codes, readable failures, JUnit XML that CI systems accept."""

import subprocess
import xml.etree.ElementTree as ElementTree

from serve_support import HBC, server_env


def run_tests(bundle, fake_api, *extra):
    return subprocess.run([str(HBC), "test", str(bundle), "--base-url", fake_api.url, *extra],
                          capture_output=True, text=True, env=server_env(), timeout=300)


def test_failures_exit_1_and_point_at_the_cause(bundle, fake_api, tmp_path):
    junit = tmp_path / "junit.xml"
    result = run_tests(bundle, fake_api, "--junit", junit)
    assert result.returncode == 1
    # The fake API has no /sales/query: those tests must fail and say which call answered what.
    assert "FAIL  orders-and-sales/revenue by year and country for 2024 and 2025" in result.stdout
    assert "should answer 200, but was upstream_error with status 404" in result.stdout
    assert "defined at tests/orders-and-sales.yaml:" in result.stdout
    root = ElementTree.parse(junit).getroot()
    cases = root.findall(".//testcase")
    failures = root.findall(".//testcase/failure")
    assert root.tag == "testsuites" and int(root.get("tests")) == len(cases) >= 25
    assert int(root.get("failures")) == len(failures) > 0
    assert sum(int(suite.get("tests")) for suite in root.findall("testsuite")) == len(cases)
    summary = result.stdout.strip().splitlines()[-1]
    assert summary == f"{len(cases) - len(failures)} passed, {len(failures)} failed"


def test_selected_passing_tests_exit_0(bundle, fake_api):
    result = run_tests(bundle, fake_api, "--test", "customers/get a customer by id", "--test", "service health",
                       "--suite", "customers", "--suite", "orders-and-sales")
    assert result.returncode == 0, result.stdout
    assert result.stdout.count("PASS") == 2


def test_guardrail_expectations_hold_without_sending(bundle, fake_api):
    before = len(fake_api.calls("PATCH"))
    result = run_tests(bundle, fake_api, "--filter", "over-limit credit raise is denied")
    assert result.returncode == 0, result.stdout
    assert len(fake_api.calls("PATCH")) == before


def test_usage_and_bundle_errors_exit_2(bundle, fake_api, tmp_path):
    assert run_tests(bundle, fake_api, "--filter", "no test has this name").returncode == 2
    broken = tmp_path / "broken.hb"
    broken.write_bytes(bundle.read_bytes()[:1000])
    result = subprocess.run([str(HBC), "test", str(broken), "--base-url", fake_api.url], capture_output=True, text=True)
    assert result.returncode == 2 and "bundle" in result.stderr
    assert subprocess.run([str(HBC), "test"], capture_output=True).returncode == 2


def test_mock_mode_runs_calls_against_the_spec(bundle):
    env = server_env()
    denied = subprocess.run([str(HBC), "test", str(bundle), "--mock", "--filter", "an over-limit credit raise is denied"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert denied.returncode == 0, denied.stdout + denied.stderr
    status_only = subprocess.run([str(HBC), "test", str(bundle), "--mock", "--test", "service health"],
                                 capture_output=True, text=True, env=env, timeout=120)
    assert status_only.returncode == 0, status_only.stdout
    data = subprocess.run([str(HBC), "test", str(bundle), "--mock", "--filter", "finding then over-raising"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert data.returncode == 1 and "should equal" in data.stdout
    assert subprocess.run([str(HBC), "test", str(bundle), "--mock", "--base-url", "http://127.0.0.1:1"],
                          capture_output=True).returncode == 2
