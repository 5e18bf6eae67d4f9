"""A fleet scan of a remote MLflow tracking server: a real `mlflow server` (its own process, SQLite backend in a
temporary directory, a free port) gets runs logged through MlflowClient, and `lossdoctor diagnose http://...`
reads them through the client and diagnoses them in the parent (-j 1) and in a pool (-j 2) with the same result;
in the pool the parent lists the runs and each worker fetches the histories of its own runs through its own client.

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


@pytest.fixture(scope="module")
def logged(server: str) -> str:
    """The three named runs of `_log_runs` in experiment "digits", and FLEET more in experiment "fleet"."""
    _log_runs(server)
    client = MlflowClient(tracking_uri=server)
    exp = client.create_experiment("fleet")
    for i in range(FLEET):
        run = client.create_run(exp, run_name=f"r{i:02d}")
        client.log_batch(run.info.run_id, metrics=[
            Metric(key, 2.0 * math.exp(-e / (4 + i % 5)) + (0.1 if key == "loss" else 0.15), 1000 * e, e)
            for e in range(20) for key in ("loss", "val_loss")])
        client.set_terminated(run.info.run_id)
    return server


FLEET = 20  # enough runs for both workers to get chunks of their own


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
        logged: str, capsys: pytest.CaptureFixture[str]) -> None:
    server = logged
    capsys.readouterr()  # MLflow's client prints a "View run" line when a run ends
    outputs = []
    for jobs in ("1", "2"):
        assert main(["diagnose", server, "--format", "jsonl", "-j", jobs]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    every = [r["name"] for r in map(json.loads, outputs[0].splitlines())]
    assert sorted(every) == sorted([f"fleet/r{i:02d}" for i in range(FLEET)] + ["digits/healthy", "digits/overfit",
                                                                              "digits/diverged"])
    records = {r["name"].split("/")[-1]: r for r in map(json.loads, outputs[0].splitlines())
               if r["name"].startswith("digits/")}
    assert set(records) == {"healthy", "overfit", "diverged"}
    assert all(r["source"] == server and r["format"] == "mlflow" for r in records.values())
    found = {name: {f["name"] for f in r["findings"]} for name, r in records.items()}
    assert "overfitting" in found["overfit"]
    assert "nan_inf" in found["diverged"] and records["diverged"]["verdict"] == "error"
    assert records["healthy"]["verdict"] == "healthy", records["healthy"]["findings"]
    points = {s["key"]: s["points"] for s in records["overfit"]["series"]}
    assert points == {"loss": 30, "val_loss": 30}  # every point of each metric's history


def test_in_a_pool_the_workers_fetch_the_histories_each_through_one_client(
        logged: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The parent lists the runs and fetches only the one it diagnoses before the pool starts; every other run's
    history is fetched in a worker, and each process makes one client for the server, however many runs it gets."""
    import lossdoctor.fleet as fleet
    import lossdoctor.readers.mlflow as ml

    trace = tmp_path / "trace"
    fd = os.open(trace, os.O_WRONLY | os.O_CREAT | os.O_APPEND)  # inherited by the forked workers

    def note(what: str) -> None:
        os.write(fd, f"{os.getpid()} {what}\n".encode())

    fetch, client_class = ml.fetch_remote_run, ml._client_class
    monkeypatch.setattr(ml, "_CLIENTS", {})
    monkeypatch.setattr(ml, "_client_class", lambda uri: (note("client"), client_class(uri))[1])
    monkeypatch.setattr(fleet, "fetch_remote_run", lambda ref: (note(f"fetch {ref.name}"), fetch(ref))[1])
    monkeypatch.setattr(fleet, "list_remote_runs", lambda uri: (note("list"), ml.list_remote_runs(uri))[1])
    try:
        assert main(["diagnose", logged, "--format", "jsonl", "-j", "2"]) == 0
    finally:
        os.close(fd)
    assert len(capsys.readouterr().out.splitlines()) == FLEET + 3
    events = [line.split(" ", 1) for line in trace.read_text().splitlines()]
    parent = str(os.getpid())
    assert [w for pid, w in events if pid == parent] == ["list", "client", events[2][1]]  # the first run only
    fetched = [(pid, w) for pid, w in events if w.startswith("fetch ")]
    assert len(fetched) == FLEET + 3 and len({w for _, w in fetched}) == FLEET + 3  # each run once
    workers = {pid for pid, _ in fetched} - {parent}
    assert 1 <= len(workers) <= 2 and sum(pid in workers for pid, _ in fetched) == FLEET + 2
    for pid in workers:
        assert [w for p, w in events if p == pid].count("client") == 1


def test_an_unreachable_server_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    assert main(["diagnose", url, "-j", "2"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and url in err and "Traceback" not in err
