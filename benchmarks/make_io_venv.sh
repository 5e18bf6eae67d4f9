#!/usr/bin/env bash
# A venv of its own (nothing shared) for what the reading and fleet benchmarks compare against and what the remote
# MLflow test needs beyond the shared venv: polars (bench_read.py) and the full `mlflow` 3.17.2 with its server
# (tests/readers/test_mlflow_server.py; the shared venv has only mlflow-skinny). numpy, scipy, rich, pytest and
# pyyaml let the tests run in it with PYTHONPATH=src.
#   bash benchmarks/make_io_venv.sh [/work/venvs/io]
set -euo pipefail
VENV=${1:-/work/venvs/io}
BASE=${BASE_VENV:-/work/main/.venv}
"$BASE/bin/python" -m venv "$VENV"
"$VENV/bin/pip" install --quiet polars "mlflow==3.17.2" "mlflow-skinny==3.17.2" "mlflow-tracing==3.17.2" \
    numpy scipy rich pytest pyyaml
"$VENV/bin/python" -c "import polars, mlflow.server; print('polars', polars.__version__, 'mlflow', mlflow.__version__)"
