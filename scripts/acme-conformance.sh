#!/usr/bin/env bash
# Conformance of acme-analytics-server to its OpenAPI contract: starts the built server on a free loopback port with
# a random bearer token, runs schemathesis against handbooks/acme-analytics/openapi/acme-analytics.yaml (settings in
# scripts/acme-conformance.toml), stops the server. Exit status is schemathesis'.
#
#   scripts/acme-conformance.sh                   # 30 examples per operation, every check
#   MAX_EXAMPLES=100 scripts/acme-conformance.sh  # more examples
#   scripts/acme-conformance.sh --seed 1          # extra arguments go to `schemathesis run`
#
# Environment: ACME_SERVER (server binary; default .build/debug/acme-analytics-server, built if missing),
# MAX_EXAMPLES (default 30), CHECKS (default all).
set -euo pipefail

cd "$(dirname "$0")/.."
readonly SPEC=handbooks/acme-analytics/openapi/acme-analytics.yaml
readonly CONFIG=scripts/acme-conformance.toml
readonly SERVER=${ACME_SERVER:-.build/debug/acme-analytics-server}
readonly MAX_EXAMPLES=${MAX_EXAMPLES:-30}
readonly CHECKS=${CHECKS:-all}

if ! command -v schemathesis >/dev/null 2>&1; then
    echo "installing schemathesis"
    python3 -m pip install --quiet schemathesis
fi
if [[ ! -x $SERVER ]]; then
    echo "building acme-analytics-server"
    swift build --product acme-analytics-server
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
token=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')
log=$(mktemp -t acme-conformance-server.XXXXXX.log)

"$SERVER" --host 127.0.0.1 --port "$port" --token "$token" >"$log" 2>&1 &
server_pid=$!
stop_server() {
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    rm -f "$log"
}
trap stop_server EXIT

for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "acme-analytics-server did not start:" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.1
done
echo "acme-analytics-server is up on port $port (pid $server_pid)"

status=0
schemathesis --config-file "$CONFIG" run "$SPEC" \
    --url "http://127.0.0.1:$port" \
    --header "Authorization: Bearer $token" \
    --checks "$CHECKS" \
    --max-examples "$MAX_EXAMPLES" \
    --generation-database none \
    --no-color \
    "$@" || status=$?
exit "$status"
