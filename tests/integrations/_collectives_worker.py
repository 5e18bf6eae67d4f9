"""One rank of the 2-process test of integrations/collectives.py (gloo, CPU)."""
from __future__ import annotations

import json
from pathlib import Path

import torch
import torch.distributed as dist

from _ddp_worker import teardown


def worker(rank: int, world: int, init_file: str, out_dir: str, rounds: int) -> None:
    from lossdoctor.integrations import collectives

    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"file://{init_file}", rank=rank, world_size=world)
    counts: list[int] = []  # the use count of every tensor we handed to gloo, when we were done with it
    settle = collectives.settle

    def watched(tensors, group=None):  # type: ignore[no-untyped-def]
        tensors = list(tensors)
        settle(tensors, group)
        counts.extend(t._use_count() for t in tensors)

    collectives.settle = watched  # type: ignore[assignment]
    try:
        gathered, broadcast, reduced = [], [], []
        for i in range(rounds):
            gathered.append(collectives.gather_objects({"rank": rank, "i": i, "pad": "x" * (rank * 50 + i)}))
            broadcast.append(collectives.broadcast_object(("decision", i) if rank == 0 else None, src=0))
            t = torch.tensor([float(rank + i), 1.0])
            reduced.append(collectives.all_reduce(t, op=dist.ReduceOp.MAX).tolist())
        (Path(out_dir) / f"rank{rank}.json").write_text(json.dumps({
            "gathered": gathered, "broadcast": broadcast, "reduced": reduced, "counts": counts,
            "held": len(collectives._held)}))
    finally:
        collectives.settle = settle  # type: ignore[assignment]
        teardown()
