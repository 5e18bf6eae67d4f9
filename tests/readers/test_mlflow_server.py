"""A fleet scan of a remote MLflow tracking server: a real `mlflow server` (its own process, SQLite backend in a
temporary directory, a free port) gets runs logged through MlflowClient, and `lossdoctor diagnose http://...`
reads them through the client and diagnoses them in the parent (-j 1) and in a pool (-j 2) with the same result.

Needs the full `mlflow` package (the server); mlflow-skinny alone has no `mlflow.server`, and then the test is
skipped. benchmarks/make_io_venv.sh makes a venv with it:
`PYTHONPATH=src /work/venvs/io/bin/python -m pytest tests/readers/test_mlflow_server.py`."""
from __future__ import annotations

import json
import math
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from lossdoctor.cli import main

try:
    import mlflow.server  # noqa: F401
except ImportError as exc:  # mlflow-skinny: a client, no server
    pytest.skip(f"`mlflow server` is not installed (mlflow.server cannot be imported: {exc}); "
                "pip install 'mlflow==3.17.2' (benchmarks/make_io_venv.sh)", allow_module_level=True)

from mlflow.entities import Metric  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402

START_TIMEOUT = 240  # seconds: the server imports a lot, and this machine is shared


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("mlflow-server")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = (root / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "mlflow", "server", "--backend-store-uri",
                             f"sqlite:///{root / 'mlflow.db'}", "--default-artifact-root", str(root / "artifacts"),
                             "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
                            stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, MLFLOW_TRACKING_URI=""))
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail(f"mlflow server did not start: {(root / 'server.log').read_text()[-2000:]}")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _log_runs(url: str) -> dict[str, str]:
    """Three runs logged the way a training script logs them (one batch per epoch); returns name -> run id."""
    client = MlflowClient(tracking_uri=url)
    exp = client.create_experiment("digits")
    curves = {
        "healthy": lambda e: (2.0 * math.exp(-e / 6) + 0.10, 2.0 * math.exp(-e / 6) + 0.16),
        "overfit": lambda e: (2.0 * math.exp(-e / 5) + 0.05, 1.2 * math.exp(-e / 4) + 0.5 + 0.05 * max(0, e - 10)),
        "diverged": lambda e: (1.5 - 0.05 * e if e < 8 else math.nan, 1.6 - 0.04 * e if e < 8 else math.nan),
    }
    ids = {}
    t0 = int(time.time() * 1000)
    for name, curve in curves.items():
        run = client.create_run(exp, run_name=name)
        metrics = []
        for e in range(30 if name != "diverged" else 12):
            loss, val = curve(e)
            metrics += [Metric("loss", loss, t0 + 1000 * e, e), Metric("val_loss", val, t0 + 1000 * e, e)]
        client.log_batch(run.info.run_id, metrics=metrics)
        client.set_terminated(run.info.run_id)
        ids[name] = run.info.run_id
    return ids


def test_a_remote_server_is_diagnosed_the_same_in_one_process_and_in_a_pool(
        server: str, capsys: pytest.CaptureFixture[str]) -> None:
    _log_runs(server)
    capsys.readouterr()  # MLflow's client prints a "View run" line when a run ends
    outputs = []
    for jobs in ("1", "2"):
        assert main(["diagnose", server, "--format", "jsonl", "-j", jobs]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    records = {r["name"].split("/")[-1]: r for r in map(json.loads, outputs[0].splitlines())}
    assert set(records) == {"healthy", "overfit", "diverged"}
    assert all(r["source"] == server and r["format"] == "mlflow" for r in records.values())
    found = {name: {f["name"] for f in r["findings"]} for name, r in records.items()}
    assert "overfitting" in found["overfit"]
    assert "nan_inf" in found["diverged"] and records["diverged"]["verdict"] == "error"
    assert records["healthy"]["verdict"] == "healthy", records["healthy"]["findings"]
    points = {s["key"]: s["points"] for s in records["overfit"]["series"]}
    assert points == {"loss": 30, "val_loss": 30}  # every point of each metric's history


def test_an_unreachable_server_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    assert main(["diagnose", url, "-j", "2"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and url in err and "Traceback" not in err
