#!/usr/bin/env bash
# The overhead benchmark's own venv for a peer the product does not use (Cockpit, with BackPACK): it sees the
# shared venv's packages (torch 2.13 CPU, wandb, lightning) through a .pth file and installs only the peers,
# without dependencies that would replace an installed package.
#   bash benchmarks/make_overhead_venv.sh [/work/venvs/live-core]
set -euo pipefail
VENV=${1:-/work/venvs/live-core}
BASE=${BASE_VENV:-/work/main/.venv}
"$BASE/bin/python" -m venv "$VENV"
site() { "$1" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'; }
site "$BASE/bin/python" > "$(site "$VENV/bin/python")/_shared_venv.pth"
# Cockpit's pinned extras that the shared venv lacks; --no-deps keeps torch/numpy/matplotlib as they are.
"$VENV/bin/pip" install --quiet --no-deps cockpit-for-pytorch backpack-for-pytorch einops unfoldNd json-tricks seaborn
"$VENV/bin/python" -c "import cockpit, backpack; print('cockpit', cockpit.__version__ if hasattr(cockpit, '__version__') else 'ok')"
