"""`hbc mock` as users run it: the real binary serving bundles over HTTP on loopback."""

import json
import os
import pathlib
import re
import subprocess
import urllib.error
import urllib.request

import jsonschema
import pytest
import yaml

from cli_support import REPO, SHARED

BINARY = pathlib.Path(os.environ.get("HBC", REPO / ".build" / "debug" / "hbc"))
LISTENING = re.compile(r"hbc mock: serving (?P<name>\S+) at (?P<url>http://127\.0\.0\.1:\d+)")


class Mock:
    """A running `hbc mock` process and an HTTP client for it."""

    def __init__(self, bundle, *extra):
        self.bundle = bundle
        self.process = subprocess.Popen([str(BINARY), "mock", str(bundle), "--port", "0", *map(str, extra)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        line = self.process.stderr.readline()
        match = LISTENING.search(line)
        if not match:
            self.process.kill()
            raise AssertionError(f"no listening line: {line!r} {self.process.stderr.read()}")
        self.name, self.url = match["name"], match["url"]

    def call(self, method, target, body=None, headers=None):
        """(status, headers, parsed JSON body or raw text) of one request."""
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        headers = dict(headers or {})
        if body is not None and "Content-Type" not in headers:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.url + target, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, received, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, received, raw = error.code, error.headers, error.read()
        text = raw.decode()
        try:
            return status, received, json.loads(text) if text else None
        except json.JSONDecodeError:
            return status, received, text

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process.stderr.close()


def build(hbc, tmp_path_factory, *args):
    out = tmp_path_factory.mktemp("mock") / "bundle.hb"
    result = hbc("build", *args, "-o", out, "--embedder", "none")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def acme(hbc, tmp_path_factory):
    mock = Mock(build(hbc, tmp_path_factory, REPO / "handbooks" / "acme-analytics"))
    yield mock
    mock.stop()


@pytest.fixture(scope="module")
def acme_schemas():
    spec = yaml.safe_load((REPO / "handbooks" / "acme-analytics" / "openapi" / "acme-analytics.yaml").read_text())

    def validate(value, name):
        schema = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(value)

    return validate


def spec_mock(hbc, tmp_path_factory, name):
    path = SHARED / "specs" / name
    if not path.exists():
        pytest.skip(f"{path} is missing (set HBC_SHARED_DATA)")
    return Mock(build(hbc, tmp_path_factory, "--spec", path))


def required_fields(spec, name):
    """The required property names of a component schema, following allOf."""
    schema = spec["components"]["schemas"][name]
    names = list(schema.get("required", []))
    for part in schema.get("allOf", []):
        if "$ref" in part:
            names += required_fields(spec, part["$ref"].rsplit("/", 1)[1])
        names += part.get("required", [])
    return names


def test_help_teaches_the_command(hbc):
    result = hbc("mock", "--help")
    assert result.returncode == 0
    for text in ("hbc mock", "--port", "--host", "--api", "Prefer"):
        assert text in result.stdout


def test_usage_errors_exit_2(hbc, tmp_path):
    assert hbc("mock").returncode == 2
    assert hbc("mock", tmp_path / "x.hb", "--port", "70000").returncode == 2
    missing = hbc("mock", tmp_path / "missing.hb")
    assert missing.returncode == 1 and "error" in missing.stderr


def test_acme_valid_requests_get_schema_valid_deterministic_responses(acme, acme_schemas):
    assert acme.name == "acme-analytics"
    status, headers, body = acme.call("GET", "/customers/C00042")
    assert status == 200 and headers["Content-Type"] == "application/json"
    acme_schemas(body, "Customer")
    assert acme.call("GET", "/customers/C00042")[2] == body
    assert acme.call("GET", "/customers/C00043")[2] != body

    status, _, page = acme.call("GET", "/customers?limit=5&country=US&min_credit_limit=100", headers={"Prefer": "dynamic=true"})
    assert status == 200
    acme_schemas(page, "CustomerPage")
    status, _, order = acme.call("GET", "/orders/O000123")
    assert status == 200
    acme_schemas(order, "Order")

    status, _, updated = acme.call("PATCH", "/customers/C00001", {"credit_limit": 5000})
    assert status == 200
    acme_schemas(updated, "Customer")


def test_unknown_api_is_a_usage_error(hbc, acme):
    result = hbc("mock", acme.bundle, "--api", "nope")
    assert result.returncode == 2 and "acme" in result.stderr


def test_only_the_chosen_api_is_served(acme):
    mock = Mock(acme.bundle, "--api", "acme")
    try:
        assert mock.name == "acme"
        assert mock.call("GET", "/health")[0] == 200
    finally:
        mock.stop()


def test_acme_examples_and_prefer(acme):
    status, _, page = acme.call("GET", "/customers")
    assert status == 200 and page["items"][0]["id"] == "C00002"  # the documented example
    status, _, error = acme.call("GET", "/customers/C00001", headers={"Prefer": "code=404"})
    assert status == 404 and error["code"] == "not_found"


@pytest.mark.parametrize("method, target, body, pointer", [
    ("GET", "/customers/X123", None, "/path/customer_id"),
    ("GET", "/customers?limit=500", None, "/query/limit"),
    ("GET", "/customers?limit=five", None, "/query/limit"),
    ("PATCH", "/customers/C00001", b"{not json", "/body"),
    ("PATCH", "/customers/C00001", None, "/body"),
    ("PATCH", "/customers/C00001", {"credit_limit": -1}, "/body/credit_limit"),
    ("PATCH", "/customers/C00001", {"nickname": "x"}, "/body/nickname"),
])
def test_acme_invalid_requests_get_400_with_explanations(acme, method, target, body, pointer):
    status, headers, answer = acme.call(method, target, body)
    assert status == 400, answer
    assert headers["Content-Type"] == "application/json"
    assert answer["error"] == "invalid request"
    violations = answer["violations"]
    assert pointer in [v["path"] for v in violations], violations
    assert all(v["message"] for v in violations)


def test_acme_routing_errors(acme):
    status, _, answer = acme.call("GET", "/no/such/path")
    assert status == 404 and "/no/such/path" in answer["message"]
    status, headers, answer = acme.call("DELETE", "/customers/C00001")
    assert status == 405 and "GET" in headers["Allow"] and answer["allowed"]
    status, _, answer = acme.call("PATCH", "/customers/C00001", b"x=1", {"Content-Type": "text/plain"})
    assert status == 415 and "application/json" in answer["accepted"]


def test_github_responses_carry_the_documented_fields(hbc, tmp_path_factory):
    mock = spec_mock(hbc, tmp_path_factory, "github_ghes-3.6_3.0.3_via-jentic.json")
    try:
        spec = json.loads((SHARED / "specs" / "github_ghes-3.6_3.0.3_via-jentic.json").read_text())
        dynamic = {"Prefer": "dynamic=true"}  # generated from the schema rather than the documented example
        status, _, repository = mock.call("GET", "/repos/octo/hello-world", headers=dynamic)
        assert status == 200
        for field in required_fields(spec, "full-repository"):
            assert field in repository, field
        assert isinstance(repository["id"], int) and isinstance(repository["private"], bool)
        assert mock.call("GET", "/repos/octo/hello-world", headers=dynamic)[2] == repository
        assert mock.call("GET", "/api/v3/repos/octo/hello-world")[0] == 200  # the server's base path

        status, _, issues = mock.call("GET", "/repos/octo/hello-world/issues?per_page=2&state=open", headers=dynamic)
        assert status == 200 and isinstance(issues, list)
        for issue in issues:
            for field in required_fields(spec, "issue"):
                assert field in issue, field
        status, _, answer = mock.call("GET", "/repos/octo/hello-world/issues?state=sideways")
        assert status == 400 and answer["violations"][0]["path"] == "/query/state"
        status, _, answer = mock.call("POST", "/repos/octo/hello-world/issues", {"body": "no title"})
        assert status == 400 and "/body" in [v["path"] for v in answer["violations"]]
    finally:
        mock.stop()


def test_stripe_under_its_base_path(hbc, tmp_path_factory):
    mock = spec_mock(hbc, tmp_path_factory, "stripe_spec3_2023-09-12.yaml")
    try:
        spec = yaml.safe_load((SHARED / "specs" / "stripe_spec3_2023-09-12.yaml").read_text())
        status, _, customer = mock.call("GET", "/v1/customers/cus_123", headers={"Prefer": "dynamic=true"})
        assert status == 200
        for field in required_fields(spec, "customer"):
            assert field in customer, field
        assert customer["object"] == "customer"
        status, _, page = mock.call("GET", "/v1/customers?limit=3&expand[]=data.default_source")
        assert status == 200 and isinstance(page["data"], list) and page["object"] == "list"
        status, _, answer = mock.call("GET", "/v1/customers?limit=ten")
        assert status == 400 and answer["violations"][0]["path"] == "/query/limit"
        status, _, created = mock.call("POST", "/v1/customers", b"name=Jenny&metadata[plan]=gold",
                                       {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 200 and created["object"] == "customer"
    finally:
        mock.stop()
