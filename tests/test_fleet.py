"""Many runs: a process pool gives the same results as one process, and JSON Lines streams the `runs` elements."""
from __future__ import annotations

import io
import json
import os
import sys
import time
from pathlib import Path

import pytest

from lossdoctor.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
PATHS = [str(FIXTURES / "keras"), str(FIXTURES / "lightning"), str(FIXTURES / "hf")]


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().out


def test_jsonl_is_the_json_runs_list_one_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = _run(["diagnose", *PATHS, "--format", "json", "-j", "1"], capsys)
    assert code == 0
    code, lines = _run(["diagnose", *PATHS, "--format", "jsonl", "-j", "1"], capsys)
    assert code == 0
    records = [json.loads(line) for line in lines.splitlines()]
    runs = json.loads(doc)["runs"]
    assert len(records) > 10
    # Streamed runs are never held together, so they keep their reader's name and copies are not merged (the full
    # report names each run by its shortest distinct path and diagnoses one training logged twice once).
    merged = {m for r in runs for m in r.get("also_from", [])}
    assert len(records) == len(runs) + len(merged)

    def same(r: dict) -> str:
        return json.dumps({k: v for k, v in r.items() if k not in ("name", "also_from")}, sort_keys=True)

    streamed = [same(r) for r in records]
    assert all(same(r) in streamed for r in runs if not r.get("also_from"))


def test_a_pool_gives_what_one_process_gives(capsys: pytest.CaptureFixture[str]) -> None:
    one = _run(["diagnose", *PATHS, "--format", "jsonl", "-j", "1"], capsys)
    two = _run(["diagnose", *PATHS, "--format", "jsonl", "-j", "2"], capsys)
    assert one == two
    text_one = _run(["diagnose", *PATHS, "-j", "1"], capsys)
    text_two = _run(["diagnose", *PATHS, "-j", "2"], capsys)
    assert text_one == text_two


def test_jsonl_fail_on_and_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagnose", str(FIXTURES / "hf"), "--format", "jsonl", "--fail-on", "info"]) == 1
    (tmp_path / "empty.log").write_text("")
    assert main(["diagnose", str(tmp_path / "empty.log"), "--format", "jsonl", "-j", "2"]) == 2
    assert main(["diagnose", str(FIXTURES / "hf"), "-j", "0"]) == 2
    capsys.readouterr()


def test_tracking_uri_runs_are_diagnosed_in_the_pool(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A tracking URI is read once in the parent and its runs spread over the workers: same records as -j 1."""
    import gzip

    db = tmp_path / "mlflow.db"
    db.write_bytes(gzip.decompress((FIXTURES / "mlflow" / "mlflow.db.gz").read_bytes()))
    uri = f"sqlite:///{db}"
    one = _run(["diagnose", uri, "--format", "jsonl", "-j", "1"], capsys)
    two = _run(["diagnose", uri, "--format", "jsonl", "-j", "2"], capsys)
    assert one == two and one[0] == 0
    assert len(one[1].splitlines()) >= 2


class _Terminal(io.StringIO):
    """A stderr that says it is a terminal (the progress bar is drawn only on one)."""

    def isatty(self) -> bool:
        return True


def _keras_logs(root: Path, n: int) -> None:
    for i in range(n):
        (root / f"run{i}").mkdir()
        rows = "".join(f"{e},{0.5 + e / 40},{2 / (e + 1) + 0.1 * i},{0.5 + e / 50},{2 / (e + 1) + 0.3}\n"
                       for e in range(12))
        (root / f"run{i}" / "training.log").write_text("epoch,accuracy,loss,val_accuracy,val_loss\n" + rows)


def test_jsonl_progress_bar_counts_the_logs_on_a_terminal_only(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _keras_logs(tmp_path, 3)
    term = _Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    assert main(["diagnose", str(tmp_path), "--format", "jsonl", "-j", "2"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
    drawn = term.getvalue()
    assert "diagnosing logs" in drawn and "/3" in drawn  # a bar with its total, not a bare spinner
    monkeypatch.undo()
    assert main(["diagnose", str(tmp_path), "--format", "jsonl", "-j", "2"]) == 0
    assert capsys.readouterr().err == ""  # not a terminal: nothing drawn


class _Page(list):
    token = None  # one page: no next page


class _FakeServer:
    """MlflowClient's reading side over runs held in memory: a tracking server without the network. Each process
    that reads it (the parent, each forked worker) builds its own, as from MlflowClient."""

    broken: set[str] = set()  # run ids whose history fetch fails

    def __init__(self, tracking_uri: str) -> None:
        from types import SimpleNamespace as NS

        self.ns = NS
        self.runs = [NS(info=NS(run_id=f"id{i:02d}", run_name=f"r{i:02d}"),
                        data=NS(metrics={"loss": 0.0, "val_loss": 0.0}, params={"lr": "0.01"})) for i in range(12)]

    def search_experiments(self, page_token: str | None = None) -> _Page:
        return _Page([self.ns(experiment_id="1", name="fleet")])

    def search_runs(self, ids: list[str], max_results: int, page_token: str | None = None) -> _Page:
        return _Page(self.runs)

    def get_metric_history(self, run_id: str, key: str) -> list:
        if run_id in self.broken:
            raise ConnectionError(f"Connection reset while reading {run_id}")
        i = int(run_id[2:])
        return [self.ns(step=e, value=2.0 * 0.8 ** e + (0.1 if key == "loss" else 0.2 + 0.01 * i), timestamp=1000 * e)
                for e in range(25)]


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> str:
    import lossdoctor.readers.mlflow as ml

    monkeypatch.setattr(ml, "_CLIENTS", {})
    monkeypatch.setattr(ml, "_client_class", lambda uri: _FakeServer)
    monkeypatch.setattr(_FakeServer, "broken", set())
    return "http://tracking.invalid:5000"


def test_a_server_run_that_cannot_be_fetched_is_one_warning_and_the_others_are_diagnosed(
        fake_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    _FakeServer.broken = {"id05"}
    got = []
    for jobs in ("1", "2"):
        assert main(["diagnose", fake_server, "--format", "jsonl", "-j", jobs]) == 0
        got.append(capsys.readouterr())
    assert got[0].out == got[1].out and got[0].err == got[1].err
    names = [json.loads(line)["name"] for line in got[0].out.splitlines()]
    assert names == [f"fleet/r{i:02d}" for i in range(12) if i != 5]  # the server's order, the broken run left out
    err = got[0].err.splitlines()
    assert len(err) == 1 and "fleet/r05 (id05) could not be read" in err[0] and "Connection reset" in err[0]
    assert err[0].startswith(f"lossdoctor: warning: {fake_server}: ")


def test_a_server_whose_every_run_fails_is_one_line_and_exit_2(fake_server: str,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    _FakeServer.broken = {f"id{i:02d}" for i in range(12)}
    assert main(["diagnose", fake_server, "--format", "jsonl", "-j", "2"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 13 and "no listed run of the MLflow tracking server could be read" in err[-1]


def _mark(item: tuple[str, int]) -> int:
    fd = os.open(item[0], os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    os.write(fd, b"x")
    os.close(fd)
    return item[1]


def test_the_pool_runs_only_a_few_chunks_ahead_of_what_was_consumed(tmp_path: Path) -> None:
    """A slow reader of the results (a full disk, a pipe) holds the pool back: what waits in the parent is bounded by
    AHEAD chunks per worker, not by the number of runs."""
    from lossdoctor.fleet import AHEAD, CHUNK, _map

    started = tmp_path / "started"
    items = [(str(started), i) for i in range(600)]
    it = _map(_mark, items, 2)
    first = [next(it) for _ in range(10)]
    time.sleep(1.0)  # an unbounded pool would finish every item meanwhile
    ahead = started.stat().st_size
    assert ahead <= 10 + (2 * AHEAD + 2) * CHUNK
    assert first + list(it) == list(range(600))  # then everything, in order
