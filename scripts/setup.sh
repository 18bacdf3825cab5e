#!/usr/bin/env bash
# Installs what building and testing hbc needs on a Debian machine with Swift: system libraries and the Python
# packages the integration tests use. Idempotent: installs only what is missing.
set -euo pipefail

readonly APT_PACKAGES=(libyaml-dev libsqlite3-dev libxml2-dev libopenblas-dev libjq-dev pkg-config postgresql)

missing=()
for package in "${APT_PACKAGES[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "installing system packages: ${missing[*]}"
    SUDO=""
    [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi

if ! python3 -c "import pytest, mcp, anyio, jsonschema, yaml, pexpect, fastmcp, joserfc, opentelemetry.proto" >/dev/null 2>&1; then
    echo "installing Python test packages"
    python3 -m pip install --quiet -r "$(dirname "$0")/../Tests/requirements.txt"
fi
