"""One rank of the 2-process DDP tests (gloo, CPU): trains the digits MLP with the Doctor attached."""
from __future__ import annotations

import json
import os
from pathlib import Path

import torch
import torch.distributed as dist
from torch import nn


def worker(rank: int, world: int, init_file: str, out_dir: str, scenarios: list[tuple[str, int, int]]) -> None:
    """Run each scenario (name, rank whose forward overflows, from which step) in one process group."""
    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"file://{init_file}", rank=rank, world_size=world)
    try:
        for name, blow_rank, blow_step in scenarios:
            out = Path(out_dir) / name
            out.mkdir(exist_ok=True)
            _train(rank, world, out, blow_rank, blow_step)
    finally:
        teardown()


def teardown() -> None:
    """The order PyTorch documents, made to hold: nothing may keep the process group alive past
    `destroy_process_group`, or its gloo threads outlive it (a DDP model is a reference cycle and keeps its process
    group until the cycle collector runs), and a thread still at work when the interpreter shuts down aborts the
    process ("terminate called without an active exception"; docs/benchmarks.md, "DDP teardown abort (issue 8)").
    So: collect the training's garbage (its DDP models), then destroy the group, which joins its threads."""
    import gc

    gc.collect()
    if dist.is_initialized():
        dist.destroy_process_group()


def _train(rank: int, world: int, out: Path, blow_rank: int, blow_step: int) -> None:
    from _training import MLP, Blowup, digits

    from lossdoctor.torch import Doctor

    torch.manual_seed(0)
    model = MLP()
    blow = Blowup()
    model.body.insert(2, blow)
    ddp = nn.parallel.DistributedDataParallel(model)
    doc = Doctor(ddp, every=5, printer=None, stop_on=("nan_inf", "nonfinite_activations"))
    opt = torch.optim.Adam(ddp.parameters(), lr=1e-3)
    xt, yt, xv, yv = digits()
    xt, yt = xt[rank::world], yt[rank::world]  # each rank its own shard
    loss_fn = nn.CrossEntropyLoss()
    local: list[float] = []
    step, stopped_at = 0, None
    for epoch in range(2):
        g = torch.Generator().manual_seed(epoch)
        perm = torch.randperm(len(xt), generator=g)
        for i in range(0, len(xt) - 31, 32):
            x, y = xt[perm[i:i + 32]], yt[perm[i:i + 32]]
            blow.on = rank == blow_rank and step >= blow_step
            opt.zero_grad()
            loss = loss_fn(ddp(x), y)
            loss.backward()
            opt.step()
            local.append(float(loss))
            if doc.step(loss=loss, optimizer=opt, replay=lambda: loss_fn(ddp(x), y)).stop:
                stopped_at = step
                break
            step += 1
        if stopped_at is not None:
            break
        with torch.no_grad():
            val = loss_fn(model(xv), yv)
        if doc.epoch(val_loss=val).stop:
            break
    doc.write_report(out / "report.json")
    run = doc.report().run
    seen = [{"name": a.finding.name, "epoch": a.epoch, "step": a.step, "evidence": dict(a.finding.evidence)}
            for a in doc.announced]
    (out / f"rank{rank}.json").write_text(json.dumps({
        "local_losses": local, "stopped_at": stopped_at, "announced": seen,
        "loss_step": run.get("loss_step").values.tolist() if run.get("loss_step") is not None else None,
        "keys": [s.key for s in run.series], "pid": os.getpid()}, default=str))
