"""Lightning DDP (gloo, 2 CPU processes): a healthy run announces nothing; every rank records, rank 0 prints, a NaN
on one rank is reported with its rank and module, and all ranks stop together."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("lightning.pytorch")

SCRIPT = textwrap.dedent('''
    import sys, warnings
    sys.path.insert(0, {tests!r})
    warnings.simplefilter("ignore")
    import lightning.pytorch as pl
    import torch
    from test_lightning_callback import Net, _loaders
    from _training import Blowup
    from lossdoctor.lightning import DoctorCallback

    class OneRankBlowsUp(Net):
        """From step 12 on, only rank 1's forward pass overflows (in net.2); rank 0's own batches stay finite."""

        def __init__(self):
            super().__init__(lr=1e-2)
            self.net.insert(2, Blowup())

        def on_train_batch_start(self, batch, batch_idx):
            self.net[2].on = self.global_rank == 1 and self.global_step >= 12

    def fit(module, doc, epochs):
        trainer = pl.Trainer(max_epochs=epochs, callbacks=[doc], logger=False, enable_checkpointing=False,
                             enable_progress_bar=False, enable_model_summary=False, accelerator="cpu", devices=2,
                             strategy="ddp", num_sanity_val_steps=0)
        trainer.fit(module, *_loaders(1200))
        return trainer

    # first a healthy run in the same process group: nothing may be announced, by any rank
    pl.seed_everything(0, verbose=False)
    healthy = DoctorCallback(stop_on=("nan_inf", "divergence"), printer=lambda line: print("HEALTHY", line, flush=True),
                             check_every=5, probe_every=5)
    trainer = fit(Net(lr=1e-2), healthy, 4)
    with open(f"healthy{{trainer.global_rank}}.txt", "w") as fh:
        fh.write(f"{{trainer.current_epoch}} {{healthy.stopped is not None}} {{healthy.report().verdict}} "
                 f"{{len(healthy.recorder.run().series)}}")

    pl.seed_everything(0, verbose=False)
    doc = DoctorCallback(stop_on=("nan_inf",), printer=lambda line: print("LINE", line, flush=True), check_every=5,
                         probe_every=5)
    trainer = fit(OneRankBlowsUp(), doc, 20)
    # each rank writes its own file: two processes sharing one stdout pipe can lose a line at teardown under load
    with open(f"rank{{trainer.global_rank}}.txt", "w") as fh:
        fh.write(f"RANK {{trainer.global_rank}} STEPS {{trainer.global_step}} STOPPED {{doc.stopped is not None}}")
    # the order PyTorch documents, made to hold (see _ddp_worker.teardown): the trainers hold the DDP model, which
    # holds the process group; collect them, then destroy the group, which joins its gloo threads before exit
    import gc
    del trainer, healthy, doc
    gc.collect()
    if torch.distributed.is_initialized():
        torch.distributed.destroy_process_group()
''')


def test_ddp_two_processes_healthy_silent_then_rank0_reports_and_all_ranks_stop(tmp_path: Path) -> None:
    script = tmp_path / "ddp_run.py"
    script.write_text(SCRIPT.format(tests=str(Path(__file__).parent)))
    env = {**os.environ, "PL_TORCH_DISTRIBUTED_BACKEND": "gloo", "OMP_NUM_THREADS": "1"}
    proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout.splitlines()
    assert not [ln for ln in out if ln.startswith("HEALTHY")]  # the healthy run: nothing announced
    healthy = {p.stem[7:]: p.read_text().split() for p in tmp_path.glob("healthy*.txt")}
    assert healthy["0"][:3] == ["4", "False", "healthy"] and healthy["1"][:2] == ["4", "False"]  # all epochs ran
    assert int(healthy["0"][3]) > 10  # the probes' series were recorded
    lines = [ln for ln in out if ln.startswith("LINE")]
    assert sum("nan_inf" in ln for ln in lines) == 1  # printed once, by rank 0
    where = [ln for ln in lines if "nonfinite_activations" in ln]
    assert len(where) == 1 and "At step 13 on rank 1: net.2 produced NaN/inf in the forward pass" in where[0]
    ranks = {p.stem[4:]: p.read_text().split() for p in tmp_path.glob("rank*.txt")}
    assert set(ranks) == {"0", "1"}
    steps = {r: int(v[3]) for r, v in ranks.items()}
    assert steps["0"] == steps["1"] <= 15  # both ranks stopped at the same step, at the first meeting after the NaN
    assert all(v[5] == "True" for v in ranks.values())
