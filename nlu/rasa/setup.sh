#!/usr/bin/env bash
# Build the Rasa 3.6 virtualenv, validate the NLU data, train an NLU model, and optionally serve it.
#
# Rasa pins its own TensorFlow and SQLAlchemy<2, so it lives in its own venv (.rasa-venv),
# apart from the bot's .venv. Idempotent: each step is skipped when its result is current.
#
# Usage: nlu/rasa/setup.sh [install|validate|train|serve|all]   (default: all = install+validate+train)
# Env:   RASA_VENV (default <repo>/.rasa-venv), RASA_HOST (127.0.0.1), RASA_PORT (5005),
#        RASA_DATA (<repo>/nlu/data),
#        RASA_MODELS (<repo>/var/rasa/models), PYTHON310 (a python3.10 interpreter).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="${RASA_VENV:-$ROOT/.rasa-venv}"
DATA="${RASA_DATA:-$ROOT/nlu/data}"
MODELS="${RASA_MODELS:-$ROOT/var/rasa/models}"
PORT="${RASA_PORT:-5005}"
RASA_VERSION="3.6.21"
WORK="$ROOT/var/rasa"
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1

find_python310() {
    # A plain python3.10 on PATH, else a pyenv-managed 3.10 (its shim refuses when 3.10 is not global).
    if [[ -n "${PYTHON310:-}" ]]; then echo "$PYTHON310"; return; fi
    if command -v python3.10 >/dev/null && python3.10 --version >/dev/null 2>&1; then
        command -v python3.10; return
    fi
    local candidate
    for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10; do
        if [[ -x "$candidate" ]]; then echo "$candidate"; return; fi
    done
    echo "setup.sh: no python3.10 found (install it, or set PYTHON310)" >&2
    exit 1
}

install() {
    if [[ -x "$VENV/bin/rasa" ]] && "$VENV/bin/pip" show rasa 2>/dev/null | grep -q "^Version: $RASA_VERSION$"; then
        echo "rasa $RASA_VERSION already installed in $VENV"
        return
    fi
    [[ -x "$VENV/bin/python" ]] || "$(find_python310)" -m venv "$VENV"
    "$VENV/bin/pip" install --upgrade "pip<24.1" "setuptools<70" wheel
    "$VENV/bin/pip" install "rasa==$RASA_VERSION"
}

# Rasa reads one training-data folder; ours keeps one sub-folder per language plus common/.
# The NLU-only project has no stories; Rasa refuses to validate against an empty domain, so
# the domain lists just the intents and entities of nlu/types.py (the code's source of truth).
prepare_project() {
    mkdir -p "$WORK" "$MODELS"
    (cd "$ROOT" && "$VENV/bin/python" - > "$WORK/domain.yml") <<'PY'
from nlu.types import ENTITIES, INTENTS
print('version: "3.1"')
print("intents:\n" + "".join(f"  - {name}\n" for name in INTENTS), end="")
print("entities:\n" + "".join(f"  - {name}\n" for name in ENTITIES), end="")
PY
}

validate() {
    prepare_project
    "$VENV/bin/rasa" data validate --data "$DATA" --domain "$WORK/domain.yml" \
        --config "$HERE/config.yml"
}

data_stamp() {
    # Same files, same stamp: lets train() skip when neither data nor config changed.
    find "$DATA" "$HERE/config.yml" -type f \( -name '*.yml' -o -name '*.yaml' -o -name '*.txt' \) \
        -print0 | sort -z | xargs -0 cat | sha256sum | cut -c1-16
}

train() {
    prepare_project
    local stamp; stamp="$(data_stamp)"
    if [[ -f "$MODELS/nlu-$stamp.tar.gz" ]]; then
        echo "model current: $MODELS/nlu-$stamp.tar.gz"
    else
        # Run in var/rasa so Rasa's training cache (.rasa/) stays out of the work tree.
        (cd "$WORK" && "$VENV/bin/rasa" train nlu --nlu "$DATA" --config "$HERE/config.yml" \
            --out "$MODELS" --fixed-model-name "nlu-$stamp")
    fi
    ln -sfn "nlu-$stamp.tar.gz" "$MODELS/current.tar.gz"
}

serve() {
    [[ -e "$MODELS/current.tar.gz" ]] || train
    # The server saves models trained over its API (nlu eval --backend rasa) in ./models.
    cd "$WORK"
    exec "$VENV/bin/rasa" run --enable-api -p "$PORT" -i "${RASA_HOST:-127.0.0.1}" \
        -m "$(readlink -f "$MODELS/current.tar.gz")"
}

case "${1:-all}" in
    install) install ;;
    validate) validate ;;
    train) train ;;
    serve) install; serve ;;
    all) install; validate; train ;;
    *) echo "usage: $0 [install|validate|train|serve|all]" >&2; exit 2 ;;
esac
