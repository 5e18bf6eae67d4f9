"""`watch`: the one-line form of `Doctor` for a plain PyTorch loop that is otherwise left unchanged.

    loss_fn = nn.CrossEntropyLoss()
    lossdoctor.torch.watch(model, opt, loss_fn)      # the one added line (before torch.compile(model))

Where the values come from (no other call is needed):

- Training loss: a forward hook on the criterion when it is an `nn.Module` (the loop keeps calling it as before);
  a plain function (`F.cross_entropy`) cannot be hooked, so rebind it to the returned object, which calls it:
  `loss_fn = lossdoctor.torch.watch(model, opt, F.cross_entropy)`. A loss computed while the model is in train mode
  and gradients are enabled is a training loss; several before one optimizer step (gradient accumulation) are
  averaged.
- Steps: the optimizer's step post-hook ends each training step (beside the probes' step pre-hook). A step that
  GradScaler skips (inf gradients) never calls `optimizer.step()`: its loss is averaged into the next step's.
- Validation: a loss computed while the model is in eval mode (`model.training` False) or under `torch.no_grad()` /
  `torch.inference_mode()` is a validation loss; the batch losses of one pass are averaged, weighted by batch size.
- Epochs: an epoch ends when a training loss is computed after validation losses (the model went back to training
  after an evaluation pass), or after `epoch_steps` optimizer steps when that is given; the end is recorded at
  that point, before the new step. The last epoch ends at `report()` (or at exit) when its validation pass is
  pending or `epoch_steps` were taken. With no validation and no `epoch_steps` there are no epochs: the per-step
  curve and the probes are diagnosed. Override by passing `epoch_steps=len(loader)`.
- Accuracy (per epoch): counted by the criterion hook for `CrossEntropyLoss`/`NLLLoss` (and `F.cross_entropy`,
  `F.nll_loss`) with class-index targets (ignore_index left out) and `BCEWithLogitsLoss` (logit > 0 against
  target > 0.5), kept as tensors on the model's device and read back once per epoch. Validation accuracy always;
  training accuracy with `train_accuracy=True` (its few kernels per step measured 2% of a 3 ms CPU step, most of
  the one-line form's cost). Other criteria: no accuracy.
- Output: each new finding is printed once when it first appears (by the recorder); the final report is printed
  (text, on stderr) by `report()` or, if it has not been printed since the last step, when the interpreter exits;
  `report_path` also writes it there (format from the suffix or `report_format`).

Overhead: a training loss on the CPU is read in the criterion hook (half a microsecond there); on an accelerator it
stays on the device and is read back with the probes every `every` steps; the optimizer step post-hook only counts
the step (and ends an epoch when one is due). The criterion runs outside a compiled model, so the hook adds no
graph break. Under DDP every rank attaches the same line; rank 0 reports. The one-line form never stops training:
`stop_on`, `stop_on_overfitting` and `reduce_lr_on_plateau` need the explicit `Doctor` API (`doc.step(...).stop`).
"""
from __future__ import annotations

import atexit
import sys
from pathlib import Path
from typing import Any, Callable

import torch
from torch import nn
from torch.nn import functional as F

from ..engine import Report
from ..i18n import Lang
from .recorder import Printer, stderr_printer
from .torch import Doctor

_ACCURACY_FUNCTIONS = {F.cross_entropy: "index", F.nll_loss: "index", F.binary_cross_entropy_with_logits: "binary"}


def _accuracy_kind(criterion: Any) -> str | None:
    if isinstance(criterion, (nn.CrossEntropyLoss, nn.NLLLoss)):
        return "index"
    if isinstance(criterion, nn.BCEWithLogitsLoss):
        return "binary"
    return _ACCURACY_FUNCTIONS.get(criterion)


def count_correct(kind: str | None, output: Any, target: Any, ignore_index: int = -100
                  ) -> tuple[torch.Tensor, torch.Tensor | None, int] | None:
    """(correct, ignored, size): device tensors of the correct and the ignored targets (None: none can be) and the
    number of targets, or None when accuracy is not unambiguous for these tensors. A few kernels, no read-back."""
    if kind is None or not isinstance(output, torch.Tensor) or not isinstance(target, torch.Tensor):
        return None
    if kind == "index":
        if target.is_floating_point() or output.dim() < 1 or output.dim() != target.dim() + 1:
            return None  # class probabilities as targets, or shapes this rule does not read
        if output.dim() > 1 and output.shape[0] != target.shape[0]:
            return None
        hit = output.argmax(1 if output.dim() > 1 else 0) == target
        if ignore_index >= 0:  # a class index could equal it: mask it out (a negative one never matches argmax)
            hit &= target != ignore_index
        return hit.sum(), (target == ignore_index).sum(), target.numel()
    if output.shape != target.shape:
        return None
    return ((output > 0) == (target > 0.5)).sum(), None, target.numel()


def _fold(parts: list[tuple[torch.Tensor, torch.Tensor | None, int]]) -> tuple[torch.Tensor, torch.Tensor | None, int]:
    """Many counts as one, on the device (bounded memory over a long epoch)."""
    ignored = [p[1] for p in parts if p[1] is not None]
    return (torch.stack([p[0] for p in parts]).sum(), torch.stack(ignored).sum() if ignored else None,
            sum(p[2] for p in parts))


def _accuracy(parts: list[tuple[torch.Tensor, torch.Tensor | None, int]]) -> float | None:
    """The share correct over the parts (one read-back)."""
    size = sum(p[2] for p in parts)
    correct = torch.stack([p[0] for p in parts]).sum()
    ignored = [p[1] for p in parts if p[1] is not None]
    counted = size - (int(torch.stack(ignored).sum()) if ignored else 0)
    return int(correct) / counted if counted else None


def _batch_size(target: Any, loss: torch.Tensor) -> int:
    if isinstance(target, torch.Tensor) and target.dim() > 0:
        return int(target.shape[0])
    return 1


class Watch:
    """A `Doctor` fed by hooks: see the module docstring for where each value comes from.

    Args:
        model, optimizer: the model (before `torch.compile`; a DDP wrapper is fine) and its optimizer.
        criterion: the loss function (an `nn.Module` is hooked; a plain function is called through this object).
        epoch_steps: close an epoch every this many optimizer steps (default: at each validation pass only).
        train_accuracy: also count the training accuracy, every step (validation accuracy is always counted).
        report_path, report_format: also write the final report there (format from the suffix or given).
        at_exit: print (and write) the final report when the interpreter exits, unless `report()` already did.
        printer: where new findings and the final report go (stderr; None is silent).
        every, probes, name, options, num_classes, lang, announce_at: as for `Doctor`.
    """

    def __init__(self, model: nn.Module, optimizer: torch.optim.Optimizer, criterion: Callable[..., Any], *,
                 epoch_steps: int | None = None, train_accuracy: bool = False, report_path: str | Path | None = None,
                 report_format: str | None = None, at_exit: bool = True,
                 printer: Printer | None = stderr_printer, lang: Lang | None = None, **doctor: Any) -> None:
        if epoch_steps is not None and epoch_steps < 1:
            raise ValueError(f"epoch_steps={epoch_steps}: must be at least 1")
        self.doctor = Doctor(model, optimizer=optimizer, printer=printer, lang=lang, **doctor)
        self.criterion = criterion
        self.epoch_steps = epoch_steps
        self.report_path = Path(report_path) if report_path is not None else None
        self.report_format = report_format
        self._printer = printer if self.doctor.rank == 0 else None
        self._lang = lang
        self._root = self.doctor.probes.root if self.doctor.probes is not None else model
        self._kind = _accuracy_kind(criterion)
        self._train_kind = self._kind if train_accuracy else None
        self._ignore = int(getattr(criterion, "ignore_index", -100))
        self._train_losses: list[torch.Tensor | float] = []
        self._train_correct: list[tuple[torch.Tensor, torch.Tensor | None, int]] = []
        self._val_sum: torch.Tensor | float = 0.0
        self._val_n = 0
        self._val_correct: list[tuple[torch.Tensor, torch.Tensor | None, int]] = []
        self._steps_in_epoch = 0
        self._steps = 0
        self._close_pending = False
        self._boundary = 0
        self._printed_at: int | None = None
        self._handles: list[Any] = [optimizer.register_step_post_hook(self._after_step)]
        if isinstance(criterion, nn.Module):
            self._handles.append(criterion.register_forward_hook(self._on_loss, with_kwargs=True))
        self._at_exit = at_exit
        if at_exit:
            atexit.register(self._exit)

    # ---- the criterion -------------------------------------------------------------------------------------
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Call the criterion (for a plain-function criterion, rebind the loop's name to this object)."""
        out = self.criterion(*args, **kwargs)
        if not isinstance(self.criterion, nn.Module):
            self._on_loss(None, args, kwargs, out)
        return out

    def _on_loss(self, module: Any, args: tuple[Any, ...], kwargs: dict[str, Any], out: Any) -> None:
        if not isinstance(out, torch.Tensor) or not out.is_floating_point():
            return
        if self._root.training and torch.is_grad_enabled():
            # a training loss: kept as it is until the optimizer step reads it (nothing else done here per step)
            if self._val_n and not self._close_pending:
                self._close_pending = True  # ended at the next optimizer step, not inside this forward pass
                self._boundary = len(self._train_correct)  # what came after belongs to the next epoch
            # on the CPU its value now (half a microsecond here, where the code is warm, instead of the first
            # tensor access after the optimizer's kernels); on an accelerator kept on the device, read back later
            cpu = out.is_cpu and out.numel() == 1 and not torch.compiler.is_compiling()
            self._train_losses.append(out.item() if cpu else out)
            if self._train_kind is not None:
                self._count_train(args, kwargs)
            return
        output = args[0] if args else kwargs.get("input")
        target = args[1] if len(args) > 1 else kwargs.get("target")
        loss = out.detach()
        if loss.numel() != 1:
            loss = loss.float().mean()
        acc = count_correct(self._kind, output, target, self._ignore)
        n = _batch_size(target, loss)
        self._val_sum = self._val_sum + loss.float() * n
        self._val_n += n
        if acc is not None:
            self._val_correct.append(acc)
            if len(self._val_correct) >= 64:
                self._val_correct = [_fold(self._val_correct)]

    def _count_train(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        output = args[0] if args else kwargs.get("input")
        target = args[1] if len(args) > 1 else kwargs.get("target")
        acc = count_correct(self._train_kind, output, target, self._ignore)
        if acc is not None:
            self._train_correct.append(acc)
            if len(self._train_correct) >= 64 + self._boundary:  # a long epoch: fold the counts (no read)
                self._train_correct[self._boundary:] = [_fold(self._train_correct[self._boundary:])]

    # ---- the optimizer's step post-hook --------------------------------------------------------------------
    def _after_step(self, optimizer: Any, args: Any, kwargs: Any) -> None:
        if self._close_pending or (self.epoch_steps is not None and self._steps_in_epoch >= self.epoch_steps):
            self._close_epoch()
        losses = self._train_losses
        loss = None
        if losses:
            self._train_losses = []
            if len(losses) == 1:
                loss = losses[0]
            elif all(isinstance(x, float) for x in losses):  # gradient accumulation: the mean of the losses
                loss = sum(losses) / len(losses)
            else:
                loss = torch.stack([torch.as_tensor(x).detach().float().mean() for x in losses]).mean()
        self.doctor.step(loss)  # on the CPU the loss is read now (cheaper than keeping it); else kept on the device
        self._steps += 1
        self._steps_in_epoch += 1

    def _close_epoch(self) -> None:
        values: dict[str, Any] = {}
        cut = self._boundary if self._close_pending else len(self._train_correct)
        train, self._train_correct = self._train_correct[:cut], self._train_correct[cut:]
        if self._val_n:
            values["val_loss"] = float(self._val_sum) / self._val_n
        for key, parts in (("acc", train), ("val_acc", self._val_correct)):
            if parts:
                values[key] = _accuracy(parts)
        self._val_sum, self._val_n, self._val_correct = 0.0, 0, []
        self._close_pending = False
        self._steps_in_epoch = 0
        self.doctor.epoch(**values)

    def _epoch_due(self) -> bool:
        return bool(self._val_n) or (self.epoch_steps is not None and self._steps_in_epoch >= self.epoch_steps
                                     and self._steps_in_epoch > 0)

    # ---- results -------------------------------------------------------------------------------------------
    def report(self, path: str | Path | None = None, fmt: str | None = None) -> Report:
        """End the pending epoch (if its validation pass ran or `epoch_steps` were taken), print the final report
        once (text, on the printer's stream) and write it to `path` (or `report_path`). Returns the `Report`.
        Under torch.distributed call it on every rank (ending the epoch gathers the ranks' values)."""
        if self._epoch_due():
            self._close_epoch()
        rep = self.doctor.report()
        self._emit(rep, path, fmt)
        return rep

    @property
    def announced(self):  # type: ignore[no-untyped-def]
        return self.doctor.announced

    def close(self) -> None:
        """Remove the hooks and the exit handler (the report stays available)."""
        for h in self._handles:
            h.remove()
        self._handles = []
        self.doctor.close()
        if self._at_exit:
            atexit.unregister(self._exit)
            self._at_exit = False

    def _emit(self, rep: Report, path: str | Path | None, fmt: str | None) -> None:
        if self.doctor.rank != 0:
            return
        target = path if path is not None else self.report_path
        if target is not None:
            self.doctor.write_report(target, fmt or self.report_format, self._lang)
        if self._printer is not None and self._printed_at != self._steps:
            from ..report import render

            self._printed_at = self._steps
            self._printer(str(render([rep], "text", self.doctor.recorder.lang)).rstrip("\n"))

    def _exit(self) -> None:
        """At interpreter exit: the final report, unless `report()` printed it after the last step. No collective
        call here (other ranks may be gone): under DDP the last epoch is ended only by an explicit `report()`."""
        if self._printed_at == self._steps or self.doctor.rank != 0:
            return
        try:
            if self.doctor.world == 1:
                if self._epoch_due():
                    self._close_epoch()
                rep = self.doctor.report()  # reads back what is still on the device
            else:
                rep = self.doctor.recorder.report()
            self._emit(rep, None, None)
        except Exception as e:  # never a traceback at exit: one line
            print(f"lossdoctor: could not write the final report: {e}", file=sys.stderr)


def watch(model: nn.Module, optimizer: torch.optim.Optimizer, criterion: Callable[..., Any], **kwargs: Any
          ) -> Watch:
    """Diagnose a plain PyTorch loop with one added line; see `Watch` for the options and the module docstring
    for how steps, validation and epochs are inferred. Returns the `Watch` (call `.report()` for the `Report`)."""
    return Watch(model, optimizer, criterion, **kwargs)
