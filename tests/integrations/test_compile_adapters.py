"""torch.compile through the adapters: the same run with and without lossdoctor compiles the same graphs (no graph
break, no recompile caused by the probes or the callbacks, counted by torch._dynamo), and the probes still find a
dead-ReLU initialisation while training. Graph breaks and recompiles are Dynamo's, whatever the backend: the
"eager" backend keeps these runs short. (The torch Doctor and watch with a `torch.compile(model)` wrapper are in
test_torch_live.py and test_torch_watch.py.)"""
from __future__ import annotations

import os
import warnings
from typing import Any, Callable

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("sklearn")
from torch._dynamo.utils import counters  # noqa: E402


def _compiled_counts(run: Callable[[], Any]) -> tuple[Any, dict[str, int], int]:
    """Run once from a clean Dynamo cache: (what run returned, graph breaks by reason, graphs compiled)."""
    torch._dynamo.reset()
    counters.clear()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = run()
    return out, dict(counters["graph_break"]), int(counters["stats"]["unique_graphs"])


def _dead(module: torch.nn.Module) -> None:
    with torch.no_grad():
        module.bias.fill_(-20.0)  # every ReLU after it starts (and stays) at zero


def test_torch_doctor_on_a_model_compiled_in_place() -> None:
    """`model.compile()` compiles the module's own call: the probes' side passes call it too, and must run eagerly."""
    from _training import MLP, train

    from lossdoctor.integrations.recorder import CARRY_ON
    from lossdoctor.torch import Doctor

    class Plain:
        def step(self, **kw: Any) -> Any:
            return CARRY_ON

        epoch = step

    def run(with_doctor: bool) -> Any:
        model = MLP()
        _dead(model.body[0])
        doc = Doctor(model, every=5, printer=None) if with_doctor else Plain()
        model.compile(backend="eager")
        return train(model, lambda m: doc, epochs=2).doctor

    _, breaks0, graphs0 = _compiled_counts(lambda: run(False))
    doc, breaks, graphs = _compiled_counts(lambda: run(True))
    assert breaks == breaks0 == {} and graphs == graphs0
    dead = doc.recorder.first_seen("dead_units")
    assert dead is not None and dead.epoch == 0 and dead.finding.evidence["layer"] == "body.1"


def test_lightning_compiled_module() -> None:
    pl = pytest.importorskip("lightning.pytorch")
    from test_lightning_callback import Net, _loaders

    from lossdoctor.lightning import DoctorCallback

    class Quiet(Net):
        """Logs nothing in its steps: Lightning's `self.log` inside a compiled step breaks the graph by itself."""

        def training_step(self, batch: tuple, batch_idx: int) -> torch.Tensor:
            return self._loss(batch)[0]

    def run(with_doctor: bool) -> Any:
        pl.seed_everything(0, verbose=False)
        module = Quiet(lr=1e-2)
        _dead(module.net[0])
        doc = DoctorCallback(printer=None, probe_every=3) if with_doctor else pl.Callback()
        trainer = pl.Trainer(max_epochs=2, callbacks=[doc], logger=False, enable_checkpointing=False,
                             enable_progress_bar=False, enable_model_summary=False, accelerator="cpu", devices=1,
                             num_sanity_val_steps=0, limit_val_batches=0)
        trainer.fit(torch.compile(module, backend="eager"), _loaders(1200, batch=128)[0])
        assert module._compiler_ctx is not None  # Lightning ran the compiled steps
        return doc

    _, breaks0, graphs0 = _compiled_counts(lambda: run(False))
    doc, breaks, graphs = _compiled_counts(lambda: run(True))
    assert breaks == breaks0 and graphs == graphs0
    dead = doc.recorder.first_seen("dead_units")
    assert dead is not None and dead.epoch == 0 and dead.finding.evidence["layer"] == "net.1"


def test_hf_trainer_torch_compile(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("transformers")
    from test_hf_callback import DigitsConfig, DigitsMLP, _data
    from transformers import Trainer, TrainerCallback, TrainingArguments

    from lossdoctor.hf import DoctorCallback

    def run(with_doctor: bool) -> Any:
        torch.manual_seed(0)
        model = DigitsMLP(DigitsConfig())
        _dead(model.net[0])
        doc = DoctorCallback(printer=None, probe_every=5) if with_doctor else TrainerCallback()
        args = TrainingArguments(output_dir=str(tmp_path / "out"), num_train_epochs=2, learning_rate=1e-2,
                                 per_device_train_batch_size=128, per_device_eval_batch_size=512,
                                 eval_strategy="epoch", logging_strategy="steps", logging_steps=5,
                                 save_strategy="no", report_to=[], use_cpu=True, disable_tqdm=True, seed=0,
                                 torch_compile=True, torch_compile_backend="eager")
        train, val = _data(1200)
        trainer = Trainer(model=model, args=args, train_dataset=train, eval_dataset=val, callbacks=[doc])
        trainer.train()
        assert type(trainer.model_wrapped).__name__ == "OptimizedModule"  # the Trainer compiled the model
        return doc

    _, breaks0, graphs0 = _compiled_counts(lambda: run(False))
    doc, breaks, graphs = _compiled_counts(lambda: run(True))
    assert breaks == breaks0 == {} and graphs == graphs0
    dead = doc.recorder.first_seen("dead_units")
    assert dead is not None and dead.finding.evidence["layer"] == "net.1"
