#!/bin/sh
# The hbc container's entrypoint: validate a handbook, run its regression tests, or serve it over MCP (HTTP).
# Run `entrypoint.sh --help` for the modes. POSIX sh (the runtime image has no bash).
set -eu

HBC="${HBC:-hbc}"
PORT="${PORT:-8080}"
HOST="${HBC_HOST:-0.0.0.0}"
WORK="${HBC_WORK_DIR:-${TMPDIR:-/tmp}}"

usage() {
    cat <<'USAGE'
Usage: entrypoint.sh MODE [ARGUMENTS...]

Modes:
  validate HANDBOOK_DIR [hbc build options]
      Build the handbook and check the bundle (integrity, content hash, counts). The bundle is written to
      $HBC_BUNDLE_OUT (default $HBC_WORK_DIR/NAME.hb). Exit 1 on build errors (add --warnings-as-errors to fail on
      warnings too).
  test HANDBOOK_DIR|BUNDLE.hb [hbc test options]
      Run the handbook's regression suites (building it first when given a directory), JUnit XML to
      $HBC_JUNIT (default $HBC_WORK_DIR/junit.xml). Default target: --mock (the bundle's own mock); pass
      --env NAME or --base-url URL to test a real API. Exit 1 when a test fails.
  serve BUNDLE.hb|HANDBOOK_DIR [hbc serve options]
  serve --store DIR --env ENV [hbc serve options]
      Serve MCP over Streamable HTTP on $HBC_HOST:$PORT (default 0.0.0.0:8080): /mcp, /healthz (live),
      /readyz (ready; 503 while draining). SIGTERM drains: in-flight calls finish within --shutdown-grace
      (default 25 s), then exit 0. A handbook directory is built first.

Environment:
  PORT, HBC_HOST          where serve listens (8080, 0.0.0.0)
  HBC_ALLOW_ORIGINS       space-separated origins (and hosts) clients reach the server by, e.g.
                          "https://mcp.example.com"; default "*" (Host/Origin checks off: in a cluster the Host is
                          the Service's or the Ingress's name, not loopback)
  HBC_EMBEDDER            minilm or none for validate/test/serve of a directory (default: minilm when the model
                          is present in $HBC_MODEL_DIR or ~/.cache/hbc/models, else none)
  HBC_WORK_DIR            where built bundles and the JUnit report go (default $TMPDIR or /tmp)
  HBC_JUNIT, HBC_BUNDLE_OUT  override the two paths above
  API credentials (e.g. ACME_TOKEN) are read by hbc from the environment, never from files in the image.

Exit status: 0 success, 1 failure (build errors, failed tests, the server could not start), 2 usage error.

Examples:
  docker run --rm -v "$PWD/handbooks/acme-analytics:/handbook:ro" hbc validate /handbook
  docker run --rm -v "$PWD/handbooks/acme-analytics:/handbook:ro" -v "$PWD/out:/out" -e HBC_JUNIT=/out/junit.xml \
      hbc test /handbook
  docker run --rm -p 8080:8080 -e ACME_TOKEN -v "$PWD/out:/bundles:ro" hbc serve /bundles/acme-analytics.hb
USAGE
}

fail_usage() {
    echo "entrypoint: $1" >&2
    echo "Run 'entrypoint.sh --help' for the modes (validate, test, serve)." >&2
    exit 2
}

# The embedder for builds: $HBC_EMBEDDER, else minilm when the model is there, else none.
embedder() {
    if [ -n "${HBC_EMBEDDER:-}" ]; then
        echo "$HBC_EMBEDDER"
        return
    fi
    model="${HBC_MODEL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hbc/models/all-MiniLM-L6-v2}"
    if [ -f "$model/model.safetensors" ]; then echo minilm; else echo none; fi
}

# Builds the handbook directory $1 into $2 with the remaining arguments passed to hbc build.
build() {
    directory="$1"
    bundle="$2"
    shift 2
    mkdir -p "$(dirname "$bundle")"
    "$HBC" build "$directory" -o "$bundle" --embedder "$(embedder)" "$@"
}

# The bundle path for a handbook directory: $HBC_BUNDLE_OUT, else WORK/NAME.hb.
bundle_path() {
    if [ -n "${HBC_BUNDLE_OUT:-}" ]; then
        echo "$HBC_BUNDLE_OUT"
    else
        echo "$WORK/$(basename "$(cd "$1" && pwd)").hb"
    fi
}

mode_validate() {
    [ $# -ge 1 ] || fail_usage "validate needs a handbook directory (validate HANDBOOK_DIR)"
    directory="$1"
    shift
    [ -d "$directory" ] || fail_usage "validate: $directory is not a handbook directory"
    bundle="$(bundle_path "$directory")"
    build "$directory" "$bundle" "$@"
    "$HBC" inspect "$bundle"
}

# bundle_for MODE TARGET: prints the bundle TARGET is, building it first (output to stderr) when TARGET is a handbook
# directory; a usage error naming MODE when it is neither.
bundle_for() {
    if [ -d "$2" ]; then
        bundle="$(bundle_path "$2")"
        build "$2" "$bundle" >&2 || exit
        printf '%s\n' "$bundle"
    elif [ -f "$2" ]; then
        printf '%s\n' "$2"
    else
        fail_usage "$1: no bundle or handbook directory at $2"
    fi
}

mode_test() {
    [ $# -ge 1 ] || fail_usage "test needs a handbook directory or a bundle (test HANDBOOK_DIR|BUNDLE.hb)"
    bundle="$(bundle_for test "$1")" || exit
    shift
    junit="${HBC_JUNIT:-$WORK/junit.xml}"
    mkdir -p "$(dirname "$junit")"
    case " $* " in
    *" --env "* | *" --base-url "* | *" --mock "* | *" --env="* | *" --base-url="*) ;;
    *) set -- --mock "$@" ;;
    esac
    "$HBC" test "$bundle" --junit "$junit" "$@"
}

mode_serve() {
    [ $# -ge 1 ] || fail_usage "serve needs a bundle, a handbook directory, or --store DIR --env ENV"
    origins="${HBC_ALLOW_ORIGINS-*}"
    set -f  # origins are split on spaces and never globbed (also where $origin_options is expanded below)
    origin_options=""
    for origin in $origins; do origin_options="$origin_options --allow-origin $origin"; done
    case "$1" in
    --store | --store=*)
        # shellcheck disable=SC2086
        exec "$HBC" serve "$@" --http "$HOST:$PORT" $origin_options
        ;;
    -*) fail_usage "serve: give a bundle, a handbook directory, or --store DIR --env ENV first (got $1)" ;;
    esac
    bundle="$(bundle_for serve "$1")" || exit
    shift
    # exec: hbc gets SIGTERM itself and drains (the image runs it under tini, which forwards signals).
    # shellcheck disable=SC2086
    exec "$HBC" serve "$bundle" "$@" --http "$HOST:$PORT" $origin_options
}

[ $# -ge 1 ] || { usage >&2; exit 2; }
mode="$1"
shift
case "$mode" in
validate) mode_validate "$@" ;;
test) mode_test "$@" ;;
serve) mode_serve "$@" ;;
-h | --help | help) usage ;;
*) fail_usage "unknown mode '$mode'" ;;
esac
