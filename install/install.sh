#!/usr/bin/env bash
# Install gatekeeper into a virtualenv from this checkout, with every dependency taken from the
# hash-pinned lock beside this script: nothing unpinned, nothing by bare name from an index.
#
#   install/install.sh VENV            # then VENV/bin/gatekeeper
#
# 1. the lock, `pip install --require-hashes --only-binary :all:`: each file's sha256 must be one the
#    lock lists, every dependency must be in it (pip refuses one that is not), and nothing is
#    built from source (no compiler, no unpinned build dependency);
# 2. gatekeeper itself from this checkout, `--no-deps --no-build-isolation --no-index`: built by
#    the build backend step 1 installed from the lock, with no index consulted.
# pip's cache is used as usual (PIP_CACHE_DIR: a CI cache keyed by the lock's sha256 makes a rerun
# download nothing). PYTHON picks the interpreter (default python3, 3.10 or newer).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${1:?usage: install.sh VENV}"
python="${PYTHON:-python3}"

"$python" -m venv "$venv"
pip=("$venv/bin/python" -m pip --disable-pip-version-check --quiet)
"${pip[@]}" install --require-hashes --only-binary :all: --requirement "$here/requirements.lock.txt"
"${pip[@]}" install --no-deps --no-build-isolation --no-index "$(dirname "$here")"
"$venv/bin/gatekeeper" --version
