"""Reproduce the intermittent abort of a 2-process gloo DDP run at process exit (issue 8,
"terminate called without an active exception"), and measure how often it happens.

Each trial is a fresh pair of processes (torch.multiprocessing.spawn, as the tests do) running one MODE:

    doctor      the tests' worker (tests/integrations/_ddp_worker.py): the Doctor on a DDP model, a healthy
                run then a NaN on rank 1 (replayed on that rank), destroy_process_group at the end
    plain       the same training loop over the same DDP model without lossdoctor
    collectives the Doctor's collectives only (all_gather_object / broadcast_object_list) without a model

Usage (from the repository root; `--burn K` runs K busy-looping processes at nice 19 beside it, killed after):

    PYTHONPATH=$PWD/src python scripts/ddp_teardown_repro.py doctor plain --trials 30 --burn 2

A trial fails when either rank exits with a non-zero code; the first lines of its stderr are kept.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests" / "integrations"


def _plain_worker(rank: int, world: int, init_file: str, out_dir: str) -> None:
    import torch
    import torch.distributed as dist
    from torch import nn

    from _training import MLP, Blowup, digits

    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"file://{init_file}", rank=rank, world_size=world)
    try:
        for blow_rank in (-1, 1):
            torch.manual_seed(0)
            model = MLP()
            blow = Blowup()
            model.body.insert(2, blow)
            ddp = nn.parallel.DistributedDataParallel(model)
            opt = torch.optim.Adam(ddp.parameters(), lr=1e-3)
            xt, yt, xv, yv = digits()
            xt, yt = xt[rank::world], yt[rank::world]
            loss_fn = nn.CrossEntropyLoss()
            step = 0
            for epoch in range(2):
                perm = torch.randperm(len(xt), generator=torch.Generator().manual_seed(epoch))
                for i in range(0, len(xt) - 31, 32):
                    x, y = xt[perm[i:i + 32]], yt[perm[i:i + 32]]
                    blow.on = rank == blow_rank and step >= 25
                    opt.zero_grad()
                    loss = loss_fn(ddp(x), y)
                    loss.backward()
                    opt.step()
                    float(loss.detach())
                    step += 1
                    if blow_rank >= 0 and step > 25:  # every rank stops at the same step (as the Doctor does)
                        break
                if blow_rank >= 0 and step > 25:
                    break
                with torch.no_grad():
                    loss_fn(model(xv), yv)
        Path(out_dir, f"rank{rank}.done").write_text("ok")
    finally:
        dist.destroy_process_group()


def _collectives_worker(rank: int, world: int, init_file: str, out_dir: str) -> None:
    import torch
    import torch.distributed as dist

    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"file://{init_file}", rank=rank, world_size=world)
    try:
        for i in range(60):
            got: list = [None] * world
            dist.all_gather_object(got, ([float(i)], {}, None, 0))
            box = [("decision", i) if rank == 0 else None]
            dist.broadcast_object_list(box, src=0)
        Path(out_dir, f"rank{rank}.done").write_text("ok")
    finally:
        dist.destroy_process_group()


def _doctor_worker(rank: int, world: int, init_file: str, out_dir: str) -> None:
    from _ddp_worker import worker

    worker(rank, world, init_file, out_dir, [("healthy", -1, 10**9), ("nan_on_rank1", 1, 25)])
    Path(out_dir, f"rank{rank}.done").write_text("ok")


WORKERS = {"doctor": _doctor_worker, "plain": _plain_worker, "collectives": _collectives_worker}


def _run(mode: str, rank: int, world: int, init_file: str, out_dir: str) -> None:
    """A rank: Python stacks of every thread and torch's C++ stack printed on a fatal signal (SIGABRT)."""
    import faulthandler

    import torch

    faulthandler.enable(all_threads=True)
    torch._C._set_print_stack_traces_on_fatal_signal(True)
    WORKERS[mode](rank, world, init_file, out_dir)


def trial(mode: str) -> None:
    """One pair of processes (run in a child interpreter by `main`)."""
    import torch.multiprocessing as mp

    sys.path.insert(0, str(TESTS))
    with tempfile.TemporaryDirectory() as tmp:
        ctx = mp.get_context("spawn")
        procs = [ctx.Process(target=_run, args=(mode, r, 2, str(Path(tmp) / "init"), tmp)) for r in range(2)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(300)
        codes = [p.exitcode for p in procs]
        done = sorted(f.name for f in Path(tmp).glob("rank*.done"))
    print(json.dumps({"codes": codes, "done": done}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("modes", nargs="+", choices=sorted(WORKERS))
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--burn", type=int, default=0, help="busy-looping processes at nice 19 beside the trials")
    ap.add_argument("--trial", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--show", type=int, default=40, help="stderr lines kept per failed trial")
    args = ap.parse_args()
    if args.trial:
        trial(args.modes[0])
        return
    burners = [subprocess.Popen(["nice", "-n", "19", sys.executable, "-c", "while 1: pass"])
               for _ in range(args.burn)]
    results: dict[str, dict] = {m: {"runs": 0, "failed": 0, "abort": 0, "examples": []} for m in args.modes}
    try:
        for i in range(args.trials):
            for mode in args.modes:  # interleaved: every mode sees the same load
                t0 = time.time()
                proc = subprocess.run([sys.executable, __file__, mode, "--trial"], capture_output=True, text=True,
                                      env={**os.environ, "OMP_NUM_THREADS": "1"}, timeout=900)
                r = results[mode]
                r["runs"] += 1
                line = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else "{}"
                info = json.loads(line) if line.startswith("{") else {}
                codes = info.get("codes", [proc.returncode])
                bad = proc.returncode != 0 or any(c != 0 for c in codes)
                abort = "terminate called" in proc.stderr or -6 in codes
                r["failed"] += bad
                r["abort"] += abort
                if bad or abort:
                    tail = [ln for ln in proc.stderr.splitlines() if ln.strip()][:args.show]
                    r["examples"].append({"trial": i, "codes": codes, "done": info.get("done"), "stderr": tail})
                print(f"{mode:12s} trial {i:3d} codes={codes} {time.time() - t0:5.1f}s"
                      f"{'  ABORT' if abort else ''}", flush=True)
    finally:
        for b in burners:
            b.kill()
            b.wait()
    for mode, r in results.items():
        print(f"{mode}: {r['abort']}/{r['runs']} aborted, {r['failed']}/{r['runs']} failed")
        for e in r["examples"][:5]:
            print("   ", e)


if __name__ == "__main__":
    main()
