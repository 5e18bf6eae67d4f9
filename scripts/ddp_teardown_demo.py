"""The mechanism of the DDP teardown abort (issue 8), shown on two gloo ranks without any model.

    python scripts/ddp_teardown_demo.py freed   [N]   # how often gloo's worker thread, not the caller, frees a tensor
                                                      # handed to a synchronous all_reduce (torch's, then ours)
    python scripts/ddp_teardown_demo.py abort         # a late worker-side free during interpreter shutdown aborts
    python scripts/ddp_teardown_demo.py teardown      # the same, with the documented teardown first: exit code 0

`abort` makes the rare timing certain: the tensor's finalizer sleeps when it runs on the worker thread (as a thread
starved by a loaded machine would be late) while the main thread returns and the interpreter shuts down. The rank
whose tensor was freed late stops at once (a further collective would wait for the worker: gloo frees a finished
work under the lock that the next collective takes), so the other rank then fails on the closed connection.
"""
from __future__ import annotations

import sys
import tempfile
import threading
import time
import weakref
from pathlib import Path

import torch
import torch.distributed as dist
import torch.multiprocessing as mp

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def _freed(rank: int, init: str, n: int) -> None:
    from lossdoctor.integrations import collectives

    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"file://{init}", rank=rank, world_size=2)
    main = threading.get_ident()
    on_worker = [0]

    def rec() -> None:
        on_worker[0] += threading.get_ident() != main

    for i in range(n):
        t = torch.ones(10)
        weakref.finalize(t, rec)
        dist.all_reduce(t)
        del t
    held = [0]
    settle = collectives.settle

    def watched(tensors, group=None):  # type: ignore[no-untyped-def]
        tensors = list(tensors)
        settle(tensors, group)
        held[0] += sum(t._use_count() > 1 for t in tensors)

    collectives.settle = watched  # type: ignore[assignment]
    for i in range(n):
        collectives.all_reduce(torch.ones(10))
    print(f"rank {rank}: torch all_reduce: {on_worker[0]}/{n} tensors freed by gloo's worker thread; "
          f"lossdoctor all_reduce: {held[0]}/{n} still held by gloo when it returned", flush=True)
    dist.destroy_process_group()


def _late(rank: int, init: str, teardown: bool) -> None:
    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"file://{init}", rank=rank, world_size=2)
    main = threading.get_ident()
    late = torch.zeros(1)

    def slow() -> None:
        if threading.get_ident() != main:
            late[0] = 1
            time.sleep(1.0)  # a starved worker thread: the main thread goes on meanwhile

    for i in range(5000):
        t = torch.ones(10)
        weakref.finalize(t, slow)
        dist.all_reduce(t)
        del t
        if late.item():  # this rank stops here (another collective first would wait for the worker: see below)
            break
    print(f"rank {rank}: a tensor was freed on gloo's thread after {i + 1} all_reduces; returning", flush=True)
    if teardown:
        dist.destroy_process_group()  # nothing else holds the group: its destructor joins the worker threads


def main() -> None:
    what = sys.argv[1]
    init = str(Path(tempfile.mkdtemp()) / "init")
    if what == "freed":
        mp.spawn(_freed, args=(init, int(sys.argv[2]) if len(sys.argv) > 2 else 500), nprocs=2)
        return
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_late, args=(r, init, what == "teardown")) for r in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    print("exit codes:", [p.exitcode for p in procs], "(-6: SIGABRT)")


if __name__ == "__main__":
    main()
