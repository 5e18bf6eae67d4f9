"""One rank of the 2-process DDP test of `watch` (gloo, CPU): the unchanged plain loop over the DDP model, with the
one added line on every rank."""
from __future__ import annotations

import json
from pathlib import Path

import torch
import torch.distributed as dist
from torch import nn

from _ddp_worker import teardown


class LateBlowup(nn.Module):
    """Overflows float32 from its `at`-th training forward pass on (a fault of this rank's data or arithmetic)."""

    def __init__(self, at: int) -> None:
        super().__init__()
        self.at, self.calls = at, 0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.training and torch.is_grad_enabled():
            self.calls += 1
        return x * 1e30 * 1e30 if self.calls > self.at else x


def worker(rank: int, world: int, init_file: str, out_dir: str, scenarios: list[tuple[str, int, int]]) -> None:
    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"file://{init_file}", rank=rank, world_size=world)
    try:
        _scenarios(rank, world, out_dir, scenarios)
    finally:
        teardown()  # after the scenarios' models are gone with their frame


def _scenarios(rank: int, world: int, out_dir: str, scenarios: list[tuple[str, int, int]]) -> None:
    from _plain_loop import plain_loop
    from _training import MLP, digits

    from lossdoctor.torch import watch

    for name, blow_rank, blow_step in scenarios:
        out = Path(out_dir) / name
        out.mkdir(exist_ok=True)
        torch.manual_seed(0)
        model = MLP()
        model.body.insert(2, LateBlowup(blow_step if rank == blow_rank else 10**9))
        ddp = nn.parallel.DistributedDataParallel(model)
        xt, yt, xv, yv = digits()
        data = (xt[rank::world], yt[rank::world], xv, yv)  # each rank its own training shard
        line = lambda m, opt, loss_fn: watch(m, opt, loss_fn, every=5, printer=None, at_exit=False)  # noqa: E731
        loop = plain_loop(ddp, line, data, epochs=2, batch=32)
        rep = loop.watch.report(out / "report.json")  # on every rank: it ends the last epoch together
        seen = [{"name": a.finding.name, "epoch": a.epoch, "step": a.step, "evidence": dict(a.finding.evidence)}
                for a in loop.watch.announced]
        run = rep.run
        (out / f"rank{rank}.json").write_text(json.dumps({
            "local_losses": loop.train_losses, "val_losses": loop.val_losses, "announced": seen,
            "loss_step": run.get("loss_step").values.tolist() if run.get("loss_step") is not None else None,
            "val_loss": run.get("val_loss").values.tolist() if run.get("val_loss") is not None else None,
            "keys": [s.key for s in run.series]}, default=str))
        loop.watch.close()
