"""The collectives the live integrations make under torch.distributed, written so that a communication thread never
frees a tensor of ours.

Why: a c10d backend runs each collective on a worker thread of its own (gloo: two per process group), and that
thread may drop its reference to the collective's tensors after the caller's `wait()` has returned. When it holds
the last one, it frees the tensor; a tensor made from Python then needs the GIL. If by then the main thread has
begun interpreter shutdown, CPython ends the worker thread (pthread_exit) inside a C++ destructor and the process
aborts with "terminate called without an active exception" (SIGABRT) after the script has finished
(docs/benchmarks.md, "DDP teardown abort (issue 8)"). `all_gather_object` and `broadcast_object_list` make such
tensors inside and drop them at once, so a Doctor's last exchange, just before a script exits, could abort it.

Here every tensor handed to a backend is kept until the backend has let go of it (its use count is back to 1), so
that the main thread is the one that frees it. On gloo (CPU) that is microseconds after the wait; other backends
release theirs from a watchdog thread later, so there nothing is waited for: what is still held is kept and
released by a later call.
"""
from __future__ import annotations

import pickle
import time
from typing import Any, Iterable

import torch
import torch.distributed as dist

SETTLE_SECONDS = 2.0  # the longest wait for a gloo worker to let go (it takes microseconds, more under heavy load)
_held: list[torch.Tensor] = []  # tensors a backend still held when we were done with them


def settle(tensors: Iterable[torch.Tensor], group: Any = None) -> None:
    """Return once no backend thread holds these tensors (gloo), or keep those still held for a later call."""
    pending = [t for t in [*_held, *tensors] if t._use_count() > 1]
    if pending and dist.get_backend(group) == "gloo":
        deadline = time.monotonic() + SETTLE_SECONDS
        while pending and time.monotonic() < deadline:
            time.sleep(0.0001)  # lets the worker thread run (a loaded machine may not schedule it at once)
            pending = [t for t in pending if t._use_count() > 1]
    _held[:] = pending


def _device(group: Any) -> torch.device:
    if dist.get_backend(group) == "nccl":
        return torch.device("cuda", torch.cuda.current_device())
    return torch.device("cpu")


def _encode(obj: Any, device: torch.device) -> torch.Tensor:
    data = pickle.dumps(obj)
    return torch.frombuffer(bytearray(data), dtype=torch.uint8).clone().to(device)  # owns its memory


def gather_objects(obj: Any, group: Any = None) -> list[Any]:
    """Every rank's `obj`, in rank order, on every rank (`all_gather_object` without tensors left to the backend)."""
    world = dist.get_world_size(group)
    device = _device(group)
    payload = _encode(obj, device)
    size = torch.tensor([payload.numel()], dtype=torch.long, device=device)
    sizes = [torch.zeros(1, dtype=torch.long, device=device) for _ in range(world)]
    dist.all_gather(sizes, size, group=group)
    lengths = [int(s) for s in sizes]
    buf = torch.zeros(max(lengths), dtype=torch.uint8, device=device)
    buf[: payload.numel()] = payload
    outs = [torch.empty(max(lengths), dtype=torch.uint8, device=device) for _ in range(world)]
    dist.all_gather(outs, buf, group=group)
    settle([size, *sizes, buf, *outs], group)
    return [pickle.loads(o[:n].cpu().numpy().tobytes()) for o, n in zip(outs, lengths)]


def broadcast_object(obj: Any, src: int = 0, group: Any = None) -> Any:
    """`src`'s `obj` on every rank (`broadcast_object_list` without tensors left to the backend)."""
    device = _device(group)
    mine = dist.get_rank() == src
    payload = _encode(obj, device) if mine else None
    size = torch.tensor([payload.numel() if payload is not None else 0], dtype=torch.long, device=device)
    dist.broadcast(size, src=src, group=group)
    buf = payload if payload is not None else torch.empty(int(size), dtype=torch.uint8, device=device)
    dist.broadcast(buf, src=src, group=group)
    settle([size, buf], group)
    return obj if mine else pickle.loads(buf.cpu().numpy().tobytes())


def all_reduce(tensor: torch.Tensor, op: Any = None, group: Any = None) -> torch.Tensor:
    """`dist.all_reduce` in place (sum by default); the backend works on a copy of ours (a tensor only we hold, so
    that its use count says when the backend let go). Returns `tensor`."""
    work = tensor.detach().clone()
    dist.all_reduce(work, op=op if op is not None else dist.ReduceOp.SUM, group=group)
    settle([work], group)
    tensor.detach().copy_(work)
    return tensor
