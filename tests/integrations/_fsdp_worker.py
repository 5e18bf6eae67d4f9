"""One rank of the 2-process FSDP2 test (gloo, CPU): the digits MLP sharded with `fully_shard`, the Doctor attached
with its probes every 5 steps; the whole model's gradient norm is computed beside it by torch's own DTensor-aware
`get_total_norm` on every sampled step, to compare."""
from __future__ import annotations

import json
from pathlib import Path

import torch
import torch.distributed as dist
from torch import nn

from _ddp_worker import teardown


def worker(rank: int, world: int, init_file: str, out_dir: str, scenarios: list[tuple[str, int, int]]) -> None:
    """Run each scenario (name, rank whose forward overflows, from which step) in one process group."""
    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"file://{init_file}", rank=rank, world_size=world)
    try:
        _scenarios(rank, world, out_dir, scenarios)
    finally:
        teardown()  # after the scenarios' models are gone with their frame


def _scenarios(rank: int, world: int, out_dir: str, scenarios: list[tuple[str, int, int]]) -> None:
    from torch.distributed.device_mesh import init_device_mesh
    from torch.distributed.fsdp import fully_shard

    from _training import MLP, Blowup, digits

    from lossdoctor.torch import Doctor

    mesh = init_device_mesh("cpu", (world,))
    for name, blow_rank, blow_step in scenarios:
        out = Path(out_dir) / name
        out.mkdir(exist_ok=True)
        torch.manual_seed(0)
        model = MLP()
        blow = Blowup()
        model.body.insert(2, blow)
        for m in model.body:
            if isinstance(m, nn.Linear):
                fully_shard(m, mesh=mesh)
        fully_shard(model, mesh=mesh)
        sharded = type(next(model.parameters())).__name__
        doc = Doctor(model, every=5, printer=None, stop_on=("nan_inf",))
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        xt, yt, xv, yv = digits()
        xt, yt = xt[rank::world], yt[rank::world]  # each rank its own shard of the data
        loss_fn = nn.CrossEntropyLoss()
        local: list[float] = []
        reference: dict[int, float] = {}  # step -> torch's own total gradient norm over all shards
        step, stopped_at = 0, None
        for _ in range(2):
            for i in range(0, len(xt) - 31, 32):
                blow.on = rank == blow_rank and step >= blow_step
                opt.zero_grad()
                loss = loss_fn(model(xt[i:i + 32]), yt[i:i + 32])
                loss.backward()
                if (step + 1) % 5 == 0:
                    total = torch.nn.utils.get_total_norm([p.grad for p in model.parameters()])
                    reference[step] = float(total.full_tensor() if hasattr(total, "full_tensor") else total)
                opt.step()
                local.append(float(loss))
                if doc.step(loss=loss, optimizer=opt).stop:
                    stopped_at = step
                    break
                step += 1
            if stopped_at is not None:
                break
            with torch.no_grad():
                val = loss_fn(model(xv), yv)
            doc.epoch(val_loss=val)
        rep = doc.report()
        run = rep.run
        (out / f"rank{rank}.json").write_text(json.dumps({
            "sharded": sharded, "local_losses": local, "stopped_at": stopped_at, "verdict": rep.verdict,
            "announced": [a.finding.name for a in doc.announced],
            "loss_step": run.get("loss_step").values.tolist() if run.get("loss_step") is not None else None,
            "reference_norms": reference,
            "series": {s.key: [s.steps.tolist(), s.values.tolist()] for s in run.series}},
            default=str))
