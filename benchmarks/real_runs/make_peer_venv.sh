#!/bin/sh
# The PyPI log linters the real-run corpus is scored against, in their own venv so they cannot touch ours.
#   sh benchmarks/real_runs/make_peer_venv.sh [DIR]     (default: benchmarks/_work/peer-venv, git-ignored)
# then: python benchmarks/real_runs/score.py --part dev --peers [--peer-python DIR/bin/python]
set -e
dir="${1:-$(dirname "$0")/../_work/peer-venv}"
python3 -m venv "$dir"
"$dir/bin/pip" install 'losslint[tb]==0.4.1' runmedic==0.1.1 gradsnitch==0.1.0 sk-autod==0.1.1 pandas
