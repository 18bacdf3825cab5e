"""The container image (#15): docker/entrypoint.sh run directly (images cannot be built here) in each mode against
the acme handbook, the Dockerfile checked for sane instructions, and the Kubernetes example for probes that match the
server's endpoints."""

import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree

import pytest
import yaml

from serve_support import HBC, REPO, free_port

ENTRYPOINT = REPO / "docker" / "entrypoint.sh"
SERVER = pathlib.Path(os.environ.get("ACME_SERVER", HBC.parent / "acme-analytics-server"))
HANDBOOK = REPO / "handbooks" / "acme-analytics"


def entrypoint(*args, env=None, timeout=300):
    """Runs the entrypoint with POSIX sh (dash), as the slim image would, with hbc from $HBC."""
    environment = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "HBC": str(HBC),
                   "HBC_EMBEDDER": "none", **(env or {})}
    return subprocess.run(["dash", str(ENTRYPOINT), *args], capture_output=True, text=True, env=environment,
                          timeout=timeout)


def wait_for(url, deadline=20):
    end = time.time() + deadline
    while time.time() < end:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing answered at {url}")


@pytest.fixture(scope="module")
def acme_server():
    port = free_port()
    process = subprocess.Popen([str(SERVER), "--port", str(port), "--token", "container-token"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_for(url + "/health")
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_validate_builds_and_checks_the_handbook(tmp_path):
    result = entrypoint("validate", str(HANDBOOK), env={"HBC_WORK_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "acme-analytics.hb").is_file()
    assert "content hash    sha256:" in result.stdout and "(verified)" in result.stdout
    assert "11 operations" in result.stdout


def test_validate_fails_on_a_broken_handbook(tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(HANDBOOK, broken)
    (broken / "handbook.yaml").write_text((broken / "handbook.yaml").read_text().replace(
        "openapi/acme-analytics.yaml", "openapi/missing.yaml"))
    result = entrypoint("validate", str(broken), env={"HBC_WORK_DIR": str(tmp_path / "out")})
    assert result.returncode == 1
    assert "missing.yaml" in result.stderr + result.stdout


def test_test_runs_the_regression_suites_and_writes_junit(tmp_path, acme_server):
    junit = tmp_path / "reports" / "junit.xml"
    # The embedder chosen as in the image (MiniLM when the model is there): the suites check selection too.
    result = entrypoint("test", str(HANDBOOK), "--base-url", acme_server,
                        env={"HBC_WORK_DIR": str(tmp_path), "HBC_JUNIT": str(junit), "ACME_TOKEN": "container-token",
                             "HBC_EMBEDDER": ""})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    suites = ElementTree.parse(junit).getroot()
    cases = suites.findall(".//testcase")
    expected = {path.stem for path in (HANDBOOK / "tests").glob("*.yaml")}
    assert len(cases) >= 20 and {case.get("classname") for case in cases} == expected
    assert not suites.findall(".//failure") and not suites.findall(".//error")


def test_test_exits_1_when_a_test_fails(tmp_path, acme_server):
    # A wrong token: the API refuses the calls, so the assertions fail (and JUnit says which).
    junit = tmp_path / "junit.xml"
    result = entrypoint("test", str(HANDBOOK), "--base-url", acme_server, "--suite", "customers",
                        env={"HBC_WORK_DIR": str(tmp_path), "HBC_JUNIT": str(junit), "ACME_TOKEN": "wrong-token"})
    assert result.returncode == 1
    assert ElementTree.parse(junit).getroot().findall(".//failure")


def test_serve_listens_on_port_answers_probes_and_drains_on_sigterm(tmp_path):
    bundle = tmp_path / "acme.hb"
    assert entrypoint("validate", str(HANDBOOK), env={"HBC_BUNDLE_OUT": str(bundle)}).returncode == 0
    port = free_port()
    environment = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "HBC": str(HBC), "PORT": str(port),
                   "HBC_HOST": "127.0.0.1", "ACME_TOKEN": "container-token"}
    process = subprocess.Popen(["dash", str(ENTRYPOINT), "serve", str(bundle), "--state", str(tmp_path / "s.sqlite")],
                               env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        status, ready = wait_for(f"http://127.0.0.1:{port}/readyz")
        assert status == 200 and ready["handbook"] == "acme-analytics"
        # A Host that is not loopback (a Service's name) is accepted: HBC_ALLOW_ORIGINS defaults to "*".
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/mcp", method="POST", headers={
                "Host": "hbc-acme.default.svc:80", "Content-Type": "application/json",
                "Accept": "application/json, text/event-stream"},
            data=json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
                "protocolVersion": "2025-06-18", "capabilities": {},
                "clientInfo": {"name": "probe", "version": "1"}}}).encode())
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200 and response.headers["Mcp-Session-Id"]
        # exec: the entrypoint's process is hbc itself, so the orchestrator's SIGTERM reaches it.
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_bad_mode_missing_arguments_and_help():
    bad = entrypoint("deploy")
    assert bad.returncode == 2
    assert "unknown mode 'deploy'" in bad.stderr and "validate, test, serve" in bad.stderr
    nothing = entrypoint()
    assert nothing.returncode == 2 and "Usage: entrypoint.sh MODE" in nothing.stderr
    for mode in ("validate", "test", "serve"):
        missing = entrypoint(mode)
        assert missing.returncode == 2 and f"{mode} needs" in missing.stderr, missing.stderr
    absent = entrypoint("serve", "/nonexistent/acme.hb")
    assert absent.returncode == 2 and "no bundle or handbook directory" in absent.stderr
    helped = entrypoint("--help")
    assert helped.returncode == 0
    for mode in ("validate HANDBOOK_DIR", "test HANDBOOK_DIR|BUNDLE.hb", "serve BUNDLE.hb", "--store DIR --env ENV"):
        assert mode in helped.stdout


def test_the_entrypoint_is_posix_sh():
    assert subprocess.run(["dash", "-n", str(ENTRYPOINT)]).returncode == 0
    assert ENTRYPOINT.read_text().startswith("#!/bin/sh\n")
    assert os.access(ENTRYPOINT, os.X_OK)


def dockerfile_instructions():
    """(instruction, arguments) of the Dockerfile, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", (REPO / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "") for line in lines]


def excluded(path, patterns):
    """Whether .dockerignore's patterns leave `path` out of the build context: the last pattern naming it or a folder
    above it decides, a `!` pattern bringing it back."""
    verdict = False
    for pattern in patterns:
        keep = pattern.startswith("!")
        name = pattern.lstrip("!").rstrip("/")
        if path == name or path.startswith(name + "/"):
            verdict = not keep
    return verdict


def test_the_dockerfile_is_sane():
    instructions = dockerfile_instructions()
    ignored = [line.strip() for line in (REPO / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")]
    stages = []
    declared = set()
    for instruction, arguments in instructions:
        if instruction == "ARG":
            declared.add(arguments.split("=")[0])
        if instruction == "FROM":
            for variable in re.findall(r"\$\{(\w+)\}", arguments):
                assert variable in declared, f"FROM uses ${variable} before an ARG declares it"
            stages.append(arguments.split()[-1] if " AS " in arguments.upper() else arguments)
        if instruction == "COPY":
            words = arguments.split()
            options = [w for w in words if w.startswith("--")]
            paths = [w for w in words if not w.startswith("--")]
            if any(o.startswith("--from=") for o in options):
                source_stage = next(o for o in options if o.startswith("--from=")).split("=", 1)[1]
                assert source_stage in stages, f"COPY --from={source_stage}: no such earlier stage"
                continue
            for source in paths[:-1]:
                assert (REPO / source).exists(), f"COPY source {source} does not exist"
                assert not excluded(source.rstrip("/"), ignored), f"COPY source {source} is excluded by .dockerignore"
    assert len(stages) >= 2, "multi-stage"
    runs = " ".join(arguments for instruction, arguments in instructions if instruction == "RUN")
    assert "--static-swift-stdlib" in runs
    assert runs.count("apt-get install") == runs.count("--no-install-recommends")
    assert runs.count("apt-get install") == runs.count("rm -rf /var/lib/apt/lists/*")
    users = [arguments for instruction, arguments in instructions if instruction == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0"), "the runtime runs as a non-root user"
    entry = next(arguments for instruction, arguments in instructions if instruction == "ENTRYPOINT")
    assert json.loads(entry)[-1] == "/usr/local/bin/hbc-entrypoint", "exec form, the entrypoint script"
    assert "tini" in entry, "an init as PID 1 forwards SIGTERM and reaps children"


def test_the_runtime_stage_installs_every_shared_library_hbc_links():
    linked = subprocess.run(["ldd", str(HBC)], capture_output=True, text=True).stdout
    runtime = dockerfile_instructions()
    start = max(i for i, (instruction, _) in enumerate(runtime) if instruction == "FROM")
    packages = " ".join(arguments for instruction, arguments in runtime[start:] if instruction == "RUN")
    # The system libraries hbc's own modules link (the Swift runtime and Foundation are static in the image).
    for library, package in [("libsqlite3.so", "libsqlite3-0"), ("libyaml-0.so", "libyaml-0-2"), ("libjq.so", "libjq1")]:
        assert library in linked, f"hbc no longer links {library}: drop {package} from the image"
        assert package in packages, f"the runtime stage lacks {package} for {library}"
    # OpenBLAS: loaded when the embedding model first multiplies matrices (Sources/COpenBLASOnDemand).
    assert b"libopenblas.so.0" in HBC.read_bytes(), "hbc no longer loads OpenBLAS: drop libopenblas0 from the image"
    assert "libopenblas0" in packages, "the runtime stage lacks libopenblas0, which the embedding model loads on demand"
    # libcurl: linked through Foundation's shared libraries (debug) or loaded when first called (release,
    # Sources/CLibcurlOnDemand); either way the image needs it.
    assert "libcurl.so" in linked or b"libcurl.so.4" in HBC.read_bytes(), "hbc neither links nor loads libcurl"
    assert "libcurl4" in packages, "the runtime stage lacks libcurl4, which Foundation's networking loads on demand"


def test_the_kubernetes_example_probes_the_servers_endpoints():
    documents = {}
    for path in (REPO / "deploy" / "kubernetes").glob("*.yaml"):
        for document in yaml.safe_load_all(path.read_text()):
            documents[document["kind"]] = document
    assert {"Deployment", "Service", "ConfigMap", "Secret", "Kustomization"} <= set(documents)
    pod = documents["Deployment"]["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["args"][0] in ("validate", "test", "serve")
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    port_names = {port["name"] for port in container["ports"]}
    assert container["readinessProbe"]["httpGet"]["port"] in port_names
    grace = next(float(a.split("=", 1)[1]) for a in container["args"] if a.startswith("--shutdown-grace="))
    pre_stop = container["lifecycle"]["preStop"]["sleep"]["seconds"]
    assert pod["terminationGracePeriodSeconds"] > grace + pre_stop, "SIGKILL must not cut the drain short"
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert documents["Service"]["spec"]["ports"][0]["targetPort"] in port_names
    assert any(ref.get("secretRef") for ref in container["envFrom"]), "credentials come from a Secret"
    # Every option the example passes to hbc serve exists.
    help_text = subprocess.run([str(HBC), "serve", "--help"], capture_output=True, text=True).stdout
    for argument in container["args"][2:]:
        assert argument.split("=")[0] in help_text, argument
