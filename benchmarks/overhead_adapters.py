"""The framework rows of the live-overhead benchmark (bench_overhead.py): the same small CNN and MLP trained by the
framework's own loop (Keras 3 `fit` on the torch backend, a Lightning `Trainer`, an HF `Trainer`), bare, with
lossdoctor's DoctorCallback, and with the framework's own comparable tool where one runs here.

Each configuration keeps its model and, per round, trains one chunk of `steps` batches (one Keras epoch, one
Lightning epoch, one HF `train()` call). The time of a chunk is the process's CPU time from the start of its first
batch to the end of the chunk's epoch (callbacks `Start`/`Stop` placed first and last), divided by its batches: the
framework's per-step cost with the callbacks' epoch-end work, without building the trainer. Self-timed: the CPU time
spent inside lossdoctor's callback methods and hooks in that window (nested calls counted once).
"""
from __future__ import annotations

import logging
import os
import tempfile
import warnings
from contextlib import ExitStack, contextmanager
from typing import Any, Callable, Iterator

import numpy as np
import torch
from torch import nn

CLOCK: Callable[[], float] = __import__("time").process_time

# the configurations, by framework: the first of each group is its baseline
GROUPS: dict[str, tuple[str, ...]] = {
    "keras": ("keras fit (bare)", "keras + lossdoctor DoctorCallback"),
    "lightning": ("lightning Trainer (bare)", "lightning + lossdoctor DoctorCallback",
                  "lightning + grad_norm every step"),
    "hf": ("hf Trainer (bare: clips and logs grad_norm)", "hf + lossdoctor DoctorCallback"),
}
CONFIGS = tuple(c for group in GROUPS.values() for c in group)
BASE = {c: group[0] for group in GROUPS.values() for c in group}


class Window:
    """The timed window of one chunk, and the CPU time spent inside lossdoctor in it."""

    def __init__(self) -> None:
        self.start: float | None = None
        self.stop: float | None = None
        self.open = False
        self.spent = 0.0
        self._depth = 0

    def begin(self) -> None:
        self.start, self.stop, self.open, self.spent = CLOCK(), None, True, 0.0

    def end(self) -> None:
        self.stop, self.open = CLOCK(), False

    def timed(self, f: Callable[..., Any]) -> Callable[..., Any]:
        window = self

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not window.open or window._depth:
                return f(*args, **kwargs)
            window._depth += 1
            t0 = CLOCK()
            try:
                return f(*args, **kwargs)
            finally:
                window.spent += CLOCK() - t0
                window._depth -= 1
        return wrapper


@contextmanager
def patched(window: Window, targets: list[tuple[Any, str]]) -> Iterator[None]:
    """Time these methods (class attributes) while the chunk runs; restored after."""
    saved = [(owner, name, owner.__dict__[name]) for owner, name in targets]
    try:
        for owner, name, f in saved:
            setattr(owner, name, window.timed(f))
        yield
    finally:
        for owner, name, f in saved:
            setattr(owner, name, f)


def _probe_targets() -> list[tuple[Any, str]]:
    from lossdoctor.integrations.probes import Probes
    from lossdoctor.integrations.torchprobes import ProbeFeed

    return [(Probes, "_pre_step"), (Probes, "_capture"), (ProbeFeed, "before_update"), (ProbeFeed, "after_update"),
            (ProbeFeed, "after_step")]


# ---- Keras 3 (torch backend) -----------------------------------------------------------------------------------
def _keras_model(kind: str) -> Any:
    import keras

    keras.utils.set_random_seed(0)
    if kind == "MLP":
        layers = [keras.Input((784,)), keras.layers.Dense(256, activation="relu"),
                  keras.layers.Dense(256, activation="relu"), keras.layers.Dense(10)]
    else:
        layers = [keras.Input((32, 32, 3)), keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
                  keras.layers.MaxPooling2D(2), keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
                  keras.layers.MaxPooling2D(2), keras.layers.Flatten(), keras.layers.Dense(128, activation="relu"),
                  keras.layers.Dense(10)]
    model = keras.Sequential(layers)
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def keras_runner(config: str, kind: str, data: list[tuple[torch.Tensor, torch.Tensor]], steps: int, tmp: str
                 ) -> Callable[[], tuple[float, int, float]]:
    import keras

    from lossdoctor.integrations import keras as lk

    model = _keras_model(kind)
    x = torch.cat([b[0] for b in data]).numpy()
    if x.ndim == 4:
        x = np.ascontiguousarray(x.transpose(0, 2, 3, 1))  # channels last
    y = torch.cat([b[1] for b in data]).numpy()
    batch = data[0][0].shape[0]
    reps = -(-steps * batch // len(x))
    x, y = np.concatenate([x] * reps)[: steps * batch], np.concatenate([y] * reps)[: steps * batch]
    window = Window()

    class Start(keras.callbacks.Callback):
        def on_train_batch_begin(self, batch: int, logs: Any = None) -> None:
            if batch == 0:
                window.begin()

    class Stop(keras.callbacks.Callback):
        def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
            window.end()

    extra = [lk.DoctorCallback(printer=None)] if "lossdoctor" in config else []
    targets = ([(lk.DoctorCallback, n) for n in ("on_train_batch_end", "on_epoch_end", "on_epoch_begin")]
               + _probe_targets()) if extra else []

    def run() -> tuple[float, int, float]:
        with patched(window, targets), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(x, y, batch_size=batch, epochs=1, shuffle=False, verbose=0, callbacks=[Start(), *extra, Stop()])
        assert window.start is not None and window.stop is not None
        return window.stop - window.start, steps, window.spent
    return run


# ---- Lightning ---------------------------------------------------------------------------------------------------
def lightning_runner(config: str, make: Callable[[], nn.Module], data: list[tuple[torch.Tensor, torch.Tensor]],
                     steps: int, tmp: str) -> Callable[[], tuple[float, int, float]]:
    import lightning.pytorch as pl
    from lightning.pytorch.utilities import grad_norm

    for name in ("lightning.pytorch", "lightning.fabric"):  # its per-Trainer banner lines
        logging.getLogger(name).setLevel(logging.ERROR)

    from lossdoctor.integrations import lightning as ll

    torch.manual_seed(0)
    net = make()
    log_norms = "grad_norm" in config

    class Module(pl.LightningModule):
        def __init__(self) -> None:
            super().__init__()
            self.net = net

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.net(x)

        def training_step(self, batch: Any, batch_idx: int) -> torch.Tensor:
            x, y = batch
            loss = nn.functional.cross_entropy(self(x), y)
            self.log("train_loss", loss, on_step=False, on_epoch=True)
            return loss

        def on_before_optimizer_step(self, optimizer: Any) -> None:
            if log_norms:  # as Lightning's docs show it
                self.log_dict(grad_norm(self, norm_type=2))

        def configure_optimizers(self) -> Any:
            return torch.optim.Adam(self.parameters(), lr=1e-3)

    module = Module()
    x = torch.cat([b[0] for b in data])
    y = torch.cat([b[1] for b in data])
    batch = data[0][0].shape[0]
    reps = -(-steps * batch // len(x))
    ds = torch.utils.data.TensorDataset(torch.cat([x] * reps)[: steps * batch], torch.cat([y] * reps)[: steps * batch])
    loader = torch.utils.data.DataLoader(ds, batch_size=batch, shuffle=False)
    window = Window()

    class Start(pl.Callback):
        def on_train_batch_start(self, trainer: Any, pl_module: Any, batch: Any, batch_idx: int) -> None:
            if batch_idx == 0:
                window.begin()

    class Stop(pl.Callback):
        def on_train_epoch_end(self, trainer: Any, pl_module: Any) -> None:
            window.end()

    extra = [ll.DoctorCallback(printer=None)] if "lossdoctor" in config else []
    targets = ([(ll.DoctorCallback, n) for n in ("on_before_optimizer_step", "on_train_batch_end",
                                                  "on_train_epoch_end")] + _probe_targets()) if extra else []

    def run() -> tuple[float, int, float]:
        trainer = pl.Trainer(max_epochs=1, accelerator="cpu", devices=1, logger=False, enable_checkpointing=False,
                             enable_progress_bar=False, enable_model_summary=False, num_sanity_val_steps=0,
                             callbacks=[Start(), *extra, Stop()], default_root_dir=tmp)
        with patched(window, targets), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            trainer.fit(module, loader)
        assert window.start is not None and window.stop is not None
        return window.stop - window.start, steps, window.spent
    return run


# ---- Hugging Face Trainer ----------------------------------------------------------------------------------------
class _Rows(torch.utils.data.Dataset):
    def __init__(self, x: torch.Tensor, y: torch.Tensor) -> None:
        self.x, self.y = x, y

    def __len__(self) -> int:
        return len(self.y)

    def __getitem__(self, i: int) -> dict[str, torch.Tensor]:
        return {"x": self.x[i], "labels": self.y[i]}


class _WithLoss(nn.Module):
    def __init__(self, net: nn.Module) -> None:
        super().__init__()
        self.net = net

    def forward(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> dict[str, torch.Tensor]:
        logits = self.net(x)
        out = {"logits": logits}
        if labels is not None:
            out["loss"] = nn.functional.cross_entropy(logits, labels)
        return out


def hf_runner(config: str, make: Callable[[], nn.Module], data: list[tuple[torch.Tensor, torch.Tensor]],
              steps: int, tmp: str) -> Callable[[], tuple[float, int, float]]:
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    from transformers import PrinterCallback, Trainer, TrainerCallback, TrainingArguments

    from lossdoctor.integrations import hf as lh

    torch.manual_seed(0)
    model = _WithLoss(make())
    x = torch.cat([b[0] for b in data])
    y = torch.cat([b[1] for b in data])
    batch = data[0][0].shape[0]
    reps = -(-steps * batch // len(x))
    ds = _Rows(torch.cat([x] * reps)[: steps * batch], torch.cat([y] * reps)[: steps * batch])
    window = Window()

    class Start(TrainerCallback):
        def on_step_begin(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
            if not window.open and window.stop is None:
                window.begin()

    class Stop(TrainerCallback):
        def on_train_end(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
            window.end()

    extra = [lh.DoctorCallback(printer=None)] if "lossdoctor" in config else []
    targets = ([(lh.DoctorCallback, n) for n in ("on_step_end", "on_log", "_watch_loss")]
               + _probe_targets()) if extra else []
    out = tempfile.mkdtemp(dir=tmp)

    def run() -> tuple[float, int, float]:
        window.stop = None
        args = TrainingArguments(output_dir=out, max_steps=steps, per_device_train_batch_size=batch,
                                 learning_rate=1e-3, lr_scheduler_type="constant", logging_strategy="steps",
                                 logging_steps=50, save_strategy="no", report_to=[], use_cpu=True, disable_tqdm=True,
                                 dataloader_num_workers=0, remove_unused_columns=False, seed=0)
        with ExitStack() as stack:
            stack.enter_context(patched(window, targets))
            stack.enter_context(warnings.catch_warnings())
            warnings.simplefilter("ignore")
            trainer = Trainer(model=model, args=args, train_dataset=ds, callbacks=[Start(), *extra, Stop()])
            trainer.remove_callback(PrinterCallback)  # its end-of-training print, not part of the loop
            trainer.train()
        assert window.start is not None and window.stop is not None
        return window.stop - window.start, steps, window.spent
    return run


def runner(config: str, model_name: str, make: Callable[[], nn.Module],
           data: list[tuple[torch.Tensor, torch.Tensor]], steps: int, tmp: str
           ) -> Callable[[], tuple[float, int, float]]:
    """A callable training one chunk under the configuration: (CPU seconds, steps, seconds inside lossdoctor)."""
    if config.startswith("keras"):
        return keras_runner(config, model_name, data, steps, tmp)
    if config.startswith("lightning"):
        return lightning_runner(config, make, data, steps, tmp)
    return hf_runner(config, make, data, steps, tmp)


def available(config: str) -> str | None:
    """None when the framework imports here, else why not."""
    mod = {"keras": "keras", "lightning": "lightning", "hf": "transformers"}[config.split()[0]]
    try:
        if mod == "keras":
            os.environ.setdefault("KERAS_BACKEND", "torch")
            import keras

            if keras.backend.backend() != "torch":
                return f"Keras runs on the {keras.backend.backend()} backend (the probes need torch)"
        else:
            __import__(mod)
    except Exception as exc:  # noqa: BLE001 - a framework that does not import is reported, not fatal
        return f"{type(exc).__name__}: {exc}"
    return None
