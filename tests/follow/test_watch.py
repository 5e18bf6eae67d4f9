"""`lossdoctor watch`: real writers append while the watcher follows; findings print once, in order, on time."""
from __future__ import annotations

import io
import math
import re
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from lossdoctor.cli import main
from lossdoctor.findings import Severity
from lossdoctor.watch import Watcher, WatchSettings


def _watcher(path: Path, **kw: object) -> tuple[Watcher, io.StringIO]:
    out = io.StringIO()
    return Watcher(path, WatchSettings(**kw), out=out), out  # type: ignore[arg-type]


def _named(lines: list[str], name: str) -> list[str]:
    return [ln for ln in lines if f" {name} (" in ln]


def _curves(epochs: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Training loss falling; validation loss best near epoch 10, then rising (overfitting)."""
    rng = np.random.default_rng(seed)
    e = np.arange(epochs)
    train = 2.0 * np.exp(-e / 5) + 0.05 + rng.normal(0, 0.005, epochs)
    val = 2.0 * np.exp(-e / 5) + 0.3 + np.maximum(e - 8, 0) * 0.06 + rng.normal(0, 0.005, epochs)
    return train, val


def test_lightning_csvlogger_overfitting_then_nan_printed_once_in_order_while_training(tmp_path: Path) -> None:
    from lightning.pytorch.loggers import CSVLogger

    logger = CSVLogger(str(tmp_path), name="lightning_logs")
    watcher, out = _watcher(tmp_path)
    train, val = _curves(30)
    nan_epoch, steps_per_epoch = 24, 8
    seen: dict[str, int] = {}
    parsed_before = size_before = 0
    for epoch in range(30):
        for k in range(steps_per_epoch):
            step = epoch * steps_per_epoch + k
            loss = float("nan") if epoch >= nan_epoch else float(train[epoch] * (1.02 - 0.004 * k))
            logger.log_metrics({"train_loss_step": loss, "epoch": epoch}, step=step)
        last = epoch * steps_per_epoch + steps_per_epoch - 1
        t = float("nan") if epoch >= nan_epoch else float(train[epoch])
        logger.log_metrics({"val_loss": float(val[epoch]), "epoch": epoch}, step=last)
        logger.log_metrics({"train_loss_epoch": t, "epoch": epoch}, step=last)
        logger.save()
        resets = watcher.sources.followers and next(iter(watcher.sources.followers.values())).follower.tail.resets
        for line in watcher.poll():
            seen.setdefault(line.split(" (")[0].rsplit(" ", 1)[-1], epoch)
        f = Path(logger.log_dir) / "metrics.csv"
        if epoch >= 2 and resets == next(iter(watcher.sources.followers.values())).follower.tail.resets:
            # once the header is stable, each poll parses exactly the bytes appended since the last one
            assert watcher.sources.parsed - parsed_before == f.stat().st_size - size_before
        parsed_before, size_before = watcher.sources.parsed, f.stat().st_size
    lines = out.getvalue().splitlines()
    assert len(_named(lines, "overfitting")) == 1 and len(_named(lines, "nan_inf")) == 1
    assert np.argmin(val) < seen["overfitting"] < nan_epoch  # seen while training, a few epochs after the best
    assert seen["nan_inf"] == nan_epoch  # the poll right after the first NaN epoch was flushed
    assert lines.index(_named(lines, "overfitting")[0]) < lines.index(_named(lines, "nan_inf")[0])
    assert re.search(rf"(best|lowest) at epoch {int(np.argmin(val))}\b", _named(lines, "overfitting")[0])


def test_tensorboard_writer_stuck_at_chance_found_before_the_writer_closes(tmp_path: Path) -> None:
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(str(tmp_path / "run"))
    watcher, out = _watcher(tmp_path)
    rng = np.random.default_rng(1)
    found_at = None
    for epoch in range(25):
        for k in range(10):
            writer.add_scalar("train/loss", math.log(10) + rng.normal(0, 0.003), epoch * 10 + k)
        writer.add_scalar("val/loss", math.log(10) + rng.normal(0, 0.002), epoch * 10 + 9)
        writer.add_scalar("val/accuracy", 0.1 + rng.normal(0, 0.004), epoch * 10 + 9)
        writer.flush()
        if watcher.poll() and found_at is None and _named(out.getvalue().splitlines(), "stuck_at_chance"):
            found_at = epoch
    writer.close()
    watcher.poll()
    lines = out.getvalue().splitlines()
    assert found_at is not None and found_at < 20
    assert len(_named(lines, "stuck_at_chance")) == 1
    files = list((tmp_path / "run").glob("events.out.tfevents*"))
    assert watcher.sources.parsed == sum(f.stat().st_size for f in files)  # every byte parsed exactly once


def _grow(src: Path, dst: Path, pieces: int, watcher: Watcher) -> None:
    """Copy `src` into `dst` in `pieces` slices cut at arbitrary bytes (mid-line, mid-record), polling each time."""
    files = [p for p in sorted(src.rglob("*")) if p.is_file()]
    data = {p: p.read_bytes() for p in files}
    for i in range(1, pieces + 1):
        for p, d in data.items():
            t = dst / p.relative_to(src)
            t.parent.mkdir(parents=True, exist_ok=True)
            with t.open("ab") as fh:
                fh.write(d[len(d) * (i - 1) // pieces:len(d) * i // pieces])
        watcher.poll()


@pytest.mark.parametrize("fixture", [
    "tensorboard/torch_simple", "tensorboard/keras_layout", "tensorboard/torch_add_scalars", "tensorboard/restart",
    "lightning/lightning_logs", "keras/training.log", "keras/appended.csv", "tables/results.csv",
    "text/keras3_verbose1.log", "text/torch_tqdm.log", "text/hf_trainer_stdout.log",
    "resumed/tb_two_files", "resumed/tb_one_file", "resumed/keras_append.csv", "resumed/lightning/lightning_logs",
])
def test_followed_log_reads_like_the_whole_file_and_parses_each_byte_once(fixtures: Path, tmp_path: Path,
                                                                         fixture: str) -> None:
    import lossdoctor

    src = fixtures / fixture
    dst = tmp_path / "live"
    if src.is_file():
        dst.mkdir()
        dst = dst / src.name
        dst.touch()
        root = src.parent
        files = [src]
    else:
        dst.mkdir()
        root = src
        files = [p for p in src.rglob("*") if p.is_file()]
    watcher, _ = _watcher(dst if dst.is_dir() else dst)
    if src.is_file():
        data = src.read_bytes()
        for i in range(1, 14):
            with dst.open("ab") as fh:
                fh.write(data[len(data) * (i - 1) // 13:len(data) * i // 13])
            watcher.poll()
    else:
        _grow(src, dst, 13, watcher)
    followed = {r.name: r for r in watcher.sources.runs()}
    expected = lossdoctor.read(dst)
    assert {r.name for r in expected} == set(followed)
    for run in expected:
        assert followed[run.name].series == run.series, run.name
    incremental = sum(f.stat().st_size for f in files if f.suffix != ".yaml")
    assert watcher.sources.parsed == incremental, (watcher.sources.parsed, incremental, root)


def test_healthy_run_followed_prints_nothing(fixtures: Path, tmp_path: Path) -> None:
    watcher, out = _watcher(tmp_path)
    _grow(fixtures / "faults" / "runs" / "healthy_adam_digits-s0" / "log", tmp_path, 20, watcher)
    watcher.finish("end")
    assert out.getvalue().splitlines()[1:] == [f"[{tmp_path.name}] healthy: 0 finding(s), 150 points read"]


def test_rewritten_trainer_state_is_read_again(fixtures: Path, tmp_path: Path) -> None:
    """HF rewrites trainer_state.json at every checkpoint; its final summary is the end-of-training marker."""
    import json

    state = json.loads((fixtures / "hf" / "run" / "trainer_state.json").read_text())
    history = state["log_history"]
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    watcher, _ = _watcher(out_dir, until_done=True, idle=1e9)
    for n in (len(history) // 3, len(history) - 1, len(history)):
        (out_dir / "trainer_state.json").write_text(json.dumps({**state, "log_history": history[:n]}))
        assert watcher.poll() is not None
        assert watcher.done() is None if n < len(history) else watcher.done() is not None
    steps = max(len(s) for r in watcher.sources.runs() for s in r.series)
    assert steps > len(history) // 3  # the rewrite was read, not appended to a stale offset


def _tb_writer_thread(logdir: Path, nan_at: int, epochs: int, delay: float) -> threading.Thread:
    def write() -> None:
        from torch.utils.tensorboard import SummaryWriter

        w = SummaryWriter(str(logdir))
        train, val = _curves(epochs, seed=3)
        for e in range(epochs):
            w.add_scalar("loss/train", float("nan") if e >= nan_at else float(train[e]), e)
            w.add_scalar("loss/val", float("nan") if e >= nan_at else float(val[e]), e)
            w.flush()
            time.sleep(delay)
        w.close()

    return threading.Thread(target=write, daemon=True)


def test_cli_watch_fail_on_exits_1_at_the_nan_before_the_writer_finishes(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    thread = _tb_writer_thread(tmp_path, nan_at=6, epochs=40, delay=0.05)
    thread.start()
    code = main(["watch", str(tmp_path), "--interval", "0.02", "--until-done", "--idle", "5", "--fail-on", "error"])
    still_writing = thread.is_alive()
    thread.join()
    out = capsys.readouterr().out
    assert code == 1
    assert still_writing  # the watch stopped at the NaN, long before epoch 40
    assert len(_named(out.splitlines(), "nan_inf")) == 1


def test_cli_watch_until_done_ends_when_the_log_stops_growing(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                              ) -> None:
    thread = _tb_writer_thread(tmp_path, nan_at=10**6, epochs=20, delay=0.01)
    thread.start()
    report = tmp_path.parent / f"{tmp_path.name}-report.json"
    code = main(["watch", str(tmp_path), "--interval", "0.05", "--until-done", "--idle", "1.0",
                 "-o", str(report), "--format", "json"])
    thread.join()
    out = capsys.readouterr().out
    assert code == 0
    assert "no new data for 1 s" in out
    assert _named(out.splitlines(), "overfitting")
    import json

    doc = json.loads(report.read_text())
    assert doc["runs"][0]["series"][0]["points"] == 20  # the final report holds the whole run


def test_ctrl_c_ends_the_watch_cleanly(tmp_path: Path) -> None:
    watcher, out = _watcher(tmp_path)

    def interrupt(_: float) -> None:
        raise KeyboardInterrupt

    assert watcher.loop(sleep=interrupt) == []
    assert "stopped" in out.getvalue()


def test_watch_bad_usage_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["watch", str(tmp_path / "missing")]) == 2
    assert main(["watch", str(tmp_path), "--interval", "0"]) == 2
    assert main(["watch", str(tmp_path), "-o", str(tmp_path / "report.html")]) == 2
    err = capsys.readouterr().err
    assert err.count("lossdoctor: error:") == 3 and "Traceback" not in err


def test_fail_on_counts_findings_below_the_shown_level(tmp_path: Path) -> None:
    watcher, _ = _watcher(tmp_path, fail_on=Severity.WARNING, show=Severity.ERROR)
    assert not watcher.failed


def test_a_lightning_trainer_metrics_csv_is_followed_while_it_trains(tmp_path: Path) -> None:
    """A real Trainer with a CSVLogger overfits 50 samples; a watcher polled between epochs (as `lossdoctor watch`
    would in another process) prints the overfitting while the Trainer still runs, from what the logger wrote."""
    pl = pytest.importorskip("lightning.pytorch")
    torch = pytest.importorskip("torch")
    from lightning.pytorch.loggers import CSVLogger
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    idx = np.random.default_rng(0).permutation(len(x))
    xt, yt = torch.tensor(x[idx] / 16, dtype=torch.float32), torch.tensor(y[idx])
    train = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(xt[:50], yt[:50]), batch_size=25,
                                        shuffle=True, generator=torch.Generator().manual_seed(0))
    val = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(xt[1400:], yt[1400:]), batch_size=512)

    class Net(pl.LightningModule):
        def __init__(self) -> None:
            super().__init__()
            self.net = torch.nn.Sequential(torch.nn.Linear(64, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))

        def training_step(self, batch: tuple, i: int) -> torch.Tensor:
            loss = torch.nn.functional.cross_entropy(self.net(batch[0]), batch[1])
            self.log("train_loss", loss, on_step=True, on_epoch=True)
            return loss

        def validation_step(self, batch: tuple, i: int) -> None:
            self.log("val_loss", torch.nn.functional.cross_entropy(self.net(batch[0]), batch[1]))

        def configure_optimizers(self) -> torch.optim.Optimizer:
            return torch.optim.Adam(self.parameters(), lr=1e-2)

    watcher, out = _watcher(tmp_path)
    seen: dict[str, int] = {}

    class Poll(pl.Callback):  # the watcher's poll between epochs; it reads only the files on disk
        def on_train_epoch_start(self, trainer: object, module: object) -> None:
            for line in watcher.poll():
                seen.setdefault(line.split(" (")[0].rsplit(" ", 1)[-1], module.current_epoch)  # type: ignore

    torch.manual_seed(0)
    epochs = 60
    trainer = pl.Trainer(max_epochs=epochs, logger=CSVLogger(str(tmp_path), name="lightning_logs",
                                                             flush_logs_every_n_steps=1),
                         log_every_n_steps=1, callbacks=[Poll()], enable_checkpointing=False,
                         enable_progress_bar=False, enable_model_summary=False, accelerator="cpu", devices=1,
                         num_sanity_val_steps=0)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trainer.fit(Net(), train, val)
    import csv

    rows = list(csv.DictReader((tmp_path / "lightning_logs" / "version_0" / "metrics.csv").open()))
    val_loss = [float(r["val_loss"]) for r in rows if r.get("val_loss")]
    assert len(val_loss) == epochs
    assert "overfitting" in seen and int(np.argmin(val_loss)) < seen["overfitting"] < epochs - 1  # while training
    assert len(_named(out.getvalue().splitlines(), "overfitting")) == 1
