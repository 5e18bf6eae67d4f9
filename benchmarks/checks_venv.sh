#!/usr/bin/env bash
# The benchmark-only venv for bench_split_overlap.py: deepchecks (a peer we compare against) and pandas/pyarrow.
# Kept outside the repository so it never touches the project's own environment. Re-run to recreate it.
set -euo pipefail
VENV="${CHECKS_VENV:-/work/venvs/checks}"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
fi
# deepchecks 0.19 predates NumPy 2 (it uses np.Inf), scikit-learn 1.6 (its scorer table asks for the removed
# "max_error" name) and pandas 3.
"$VENV/bin/pip" install --quiet "numpy<2" "pandas<2.3" "scikit-learn<1.6" scipy rich deepchecks
"$VENV/bin/python" -c "import deepchecks, pandas, numpy; print('deepchecks', deepchecks.__version__, 'pandas', pandas.__version__, 'numpy', numpy.__version__)"
