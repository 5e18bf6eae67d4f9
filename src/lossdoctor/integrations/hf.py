"""Hugging Face Trainer adapter: `Trainer(..., callbacks=[DoctorCallback()])` diagnoses the run while it trains.

Training logs (`loss`, `grad_norm`, `learning_rate`) feed the cheap step check; each evaluation gets the full
diagnosis, with the mean training loss since the previous evaluation beside the eval metrics. The Trainer
replaces a NaN/inf loss by the running average in its logs (`logging_nan_inf_filter`), so the callback watches
the loss itself: a forward hook folds `isfinite(loss)` into a flag on the device (no sync per step), read back at
each log; a non-finite loss in the interval is recorded as such, as an unfiltered mean would be. The callback
acts through `TrainerControl` (`should_training_stop`); restoring the best weights and cutting the learning
rate use the model, optimizer and scheduler the Trainer passes to callbacks. The torch probes (`torchprobes.py`)
watch the model's gradients, updates and activations every `probe_every` optimizer steps (`probes=False`: off).
Under torch.distributed, what a rank's probes found non-finite is gathered to rank 0 at each log and reported with
its rank (`adapter.RankEvidence`).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import torch
from transformers import TrainerCallback, TrainerControl, TrainerState, TrainingArguments

from ..findings import Severity
from ..i18n import Lang
from .adapter import RankEvidence, TorchWeights, numbers, scale_torch_lr, settings
from .context_fill import hf_context
from .collectives import all_reduce, broadcast_object
from .torchprobes import ProbeFeed
from .recorder import Decision, Printer, Recorder, Report, stderr_printer

def _world() -> int:
    dist = torch.distributed
    return dist.get_world_size() if dist.is_available() and dist.is_initialized() else 1


_SUMMARY = ("train_runtime", "train_samples_per_second", "train_steps_per_second", "total_flos", "train_loss")


class DoctorCallback(TrainerCallback):
    """Live diagnosis for `transformers.Trainer`.

    Args: as `lossdoctor.keras.DoctorCallback` (name, stop_on, stop_on_overfitting, reduce_lr_on_plateau,
    report_path, report_format, printer, lang, check_every, announce_at, and diagnosis options), plus
    probes: probe the model's gradients, updates and activations (default True), every `probe_every` steps.
    `load_best_model_at_end` fills `best_checkpoint`, and a model loaded with `from_pretrained` (its `name_or_path`
    set) fills `fine_tune` (context_fill.py), unless given.
    """

    def __init__(self, name: str | None = None, *, stop_on: Iterable[str] = (), stop_on_overfitting: bool = False,
                 reduce_lr_on_plateau: float | None = None, report_path: str | Path | None = None,
                 report_format: str | None = None, printer: Printer | None = stderr_printer,
                 lang: Lang | None = None, check_every: int = 1, announce_at: Severity | str = Severity.WARNING,
                 probes: bool = True, probe_every: int = 100, **options: Any) -> None:
        self.use_probes, self.probe_every = probes, probe_every
        self.probes: ProbeFeed | None = None
        self.settings = settings(name, stop_on, stop_on_overfitting, reduce_lr_on_plateau, report_path,
                                 report_format, printer, lang, check_every, announce_at, options)
        self.recorder: Recorder | None = None
        self.stopped: Decision | None = None
        self.stopped_step: int | None = None
        self.restored_epoch: float | None = None
        self._weights = TorchWeights()
        self._hook: Any = None
        self._losses: torch.Tensor | None = None  # sum of the losses since the last log: non-finite iff one was
        self._world = 1
        self._train_losses: list[float] = []
        self._held: Decision | None = None
        self._evidence = RankEvidence()

    # ---- Trainer events --------------------------------------------------------------------------------
    def on_train_begin(self, args: TrainingArguments, state: TrainerState, control: TrainerControl,
                       model: Any = None, **kwargs: Any) -> None:
        name = self.settings.name or Path(args.output_dir or "hf").name
        self.recorder = self.settings.recorder(name, 0 if state.is_world_process_zero else 1, "hf_trainer",
                                               hf_context(args, model))
        self.recorder.set_hparams(lr=args.learning_rate, batch_size=args.per_device_train_batch_size)
        self.stopped = self.stopped_step = self.restored_epoch = None
        self._weights = TorchWeights()
        self._train_losses = []
        self._world = _world()
        if model is not None and self._hook is None:
            device = next((p.device for p in model.parameters()), torch.device("cpu"))
            wide = torch.float32 if device.type == "mps" else torch.float64  # MPS has no float64
            self._losses = torch.zeros((), dtype=wide, device=device)  # made once: the hook only adds to it
            # the Trainer's torch_compile calls hooks as frames of their own: run this one eagerly (no graph for it)
            self._hook = model.register_forward_hook(torch.compiler.disable(self._watch_loss))
        if self.use_probes and model is not None and self.probes is None:
            opt = kwargs.get("optimizer")
            self.probes = ProbeFeed(model, [opt] if opt is not None else [], self.probe_every)

    def on_step_end(self, args: TrainingArguments, state: TrainerState, control: TrainerControl,
                    **kwargs: Any) -> None:
        if self.probes is not None:
            values = self.probes.after_step()
            if self._world > 1:
                values = self._evidence.keep(state.global_step, values)
            if values:
                assert self.recorder is not None
                self._act(state, control, self._agree(self.recorder.step_end(state.global_step, values), False),
                          kwargs)

    def on_log(self, args: TrainingArguments, state: TrainerState, control: TrainerControl,
               logs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        assert self.recorder is not None
        values = numbers(logs or {})
        if any(k.startswith("eval_") for k in values) or any(k in values for k in _SUMMARY):
            return  # evaluations come through on_evaluate; the end-of-training summary is no point
        values.pop("epoch", None)
        if self._nonfinite_since_last_log():
            values["loss"] = float("nan")
        if "loss" in values:
            self._train_losses.append(values["loss"])
        self._act(state, control, self._agree(self.recorder.step_end(state.global_step, values), True), kwargs)

    def on_evaluate(self, args: TrainingArguments, state: TrainerState, control: TrainerControl,
                    metrics: dict[str, Any] | None = None, **kwargs: Any) -> None:
        assert self.recorder is not None
        values = {k: v for k, v in numbers(metrics or {}).items() if k != "epoch"}
        if self._train_losses:
            values["loss"] = sum(self._train_losses) / len(self._train_losses)
            self._train_losses = []
        epoch = round(float(state.epoch or 0.0), 4)
        self._act(state, control, self._agree(self.recorder.epoch_end(epoch, values), True), kwargs)

    def on_train_end(self, args: TrainingArguments, state: TrainerState, control: TrainerControl,
                     **kwargs: Any) -> None:
        if self._hook is not None:
            self._hook.remove()
            self._hook = None
        if self.probes is not None:
            self.probes.close()
            self.probes = None
        if self.recorder is not None and self.settings.report_path is not None:
            self.recorder.write_report(self.settings.report_path, self.settings.report_format)

    # ---- the loss as computed, before the Trainer's NaN filter -------------------------------------------
    def _watch_loss(self, module: Any, inputs: Any, output: Any) -> None:
        """One in-place add to a sum made before training (NaN or inf in any loss makes it non-finite), no branch on
        state that changes while training (a hook that Dynamo traced would otherwise recompile when it changes)."""
        if not module.training or self._losses is None:
            return
        loss = getattr(output, "loss", None)
        if loss is None and isinstance(output, dict):
            loss = output.get("loss")
        if isinstance(loss, torch.Tensor) and loss.numel() == 1:
            self._losses.add_(loss.detach().reshape(()))

    def _nonfinite_since_last_log(self) -> bool:
        """Whether any rank's loss was non-finite since the last log: one read-back (and one all-reduce under
        torch.distributed) per log, not per step."""
        if self._losses is None:
            bad = torch.zeros((), dtype=torch.bool)
        else:
            bad = ~torch.isfinite(self._losses)
            self._losses.zero_()
        if self._world > 1:
            flag = bad.to(torch.int32).reshape(1)
            if torch.distributed.get_backend() == "nccl":
                flag = flag.cuda()
            all_reduce(flag, op=torch.distributed.ReduceOp.MAX)
            return bool(flag.item())
        return bool(bad)

    # ---- decisions -------------------------------------------------------------------------------------
    def _agree(self, d: Decision, scheduled: bool) -> Decision:
        """Rank 0's decision on every rank. Logs and evaluations happen on all ranks at the same steps (scheduled);
        a decision made between them (a probe) is held until the next one, so that no rank stops alone."""
        if self._world == 1:
            return d
        if (d.stop or d.lr_factor is not None or d.snapshot_best) and self._held is None:
            self._held = d
        if not scheduled:
            return Decision()
        rank = torch.distributed.get_rank()
        if self._evidence.gather(self.recorder, rank, self._world) and self.stopped is None:  # type: ignore[arg-type]
            late = self.recorder.check(full=False)  # type: ignore[union-attr]  # rank 0: the ranks' evidence
            if (late.stop or late.lr_factor is not None) and self._held is None:
                self._held = late
        mine, self._held = self._held or d, None
        return broadcast_object(mine, src=0)

    def _act(self, state: TrainerState, control: TrainerControl, d: Decision, kw: dict[str, Any]) -> None:
        model = kw.get("model")
        if model is not None and (d.snapshot_best or (d.restore_best and self.stopped is None)):
            if self._weights.apply(model, d, float(state.epoch or 0.0)):
                self.restored_epoch = self._weights.epoch
        if d.lr_factor is not None and kw.get("optimizer") is not None:
            sched = kw.get("lr_scheduler")
            scale_torch_lr([kw["optimizer"]], d.lr_factor, [sched] if sched is not None else [])
        if d.stop and self.stopped is None:
            self.stopped, self.stopped_step = d, state.global_step
            control.should_training_stop = True

    def report(self) -> Report:
        """The diagnosis of everything recorded (the same Report as `lossdoctor.diagnose`)."""
        if self.recorder is None:
            raise RuntimeError("DoctorCallback.report(): training has not started")
        return self.recorder.report()
