"""HF Trainer under torch.distributed (gloo, 2 CPU processes): a healthy run announces nothing; rank 0 reports, a NaN
on one rank is reported with its rank and module, both ranks stop at the same step."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("transformers")

SCRIPT = textwrap.dedent('''
    import sys, warnings
    sys.path.insert(0, {tests!r})
    warnings.simplefilter("ignore")
    import torch
    from pathlib import Path
    from transformers import Trainer, TrainingArguments
    from test_hf_callback import DigitsConfig, DigitsMLP, _data
    from _training import Blowup
    from lossdoctor.hf import DoctorCallback

    from transformers import TrainerCallback

    class SwitchOnRank1(TrainerCallback):
        """From step 12 on, only rank 1's forward pass overflows (in net.2); rank 0's own batches stay finite."""

        def on_step_begin(self, args, state, control, model=None, **kw):
            model.net[2].on = torch.distributed.get_rank() == 1 and state.global_step >= 12

    def arguments(epochs):
        return TrainingArguments(output_dir="out", num_train_epochs=epochs, learning_rate=1e-2,
                                 per_device_train_batch_size=32, per_device_eval_batch_size=512, eval_strategy="epoch",
                                 logging_strategy="steps", logging_steps=5, save_strategy="no", report_to=[],
                                 use_cpu=True, disable_tqdm=True, seed=0, lr_scheduler_type="constant",
                                 max_grad_norm=0, ddp_backend="gloo")

    # first a healthy run in the same process group: nothing may be announced, by any rank
    torch.manual_seed(0)
    healthy = DoctorCallback(stop_on=("nan_inf", "divergence"), printer=lambda line: print("HEALTHY", line, flush=True),
                             probe_every=10)
    train, val = _data(1200)
    trainer = Trainer(model=DigitsMLP(DigitsConfig()), args=arguments(3), train_dataset=train, eval_dataset=val,
                      callbacks=[healthy])
    trainer.train()
    rank = torch.distributed.get_rank()
    with open(f"healthy{{rank}}.txt", "w") as fh:
        fh.write(f"{{trainer.state.global_step}} {{healthy.stopped is not None}} {{healthy.report().verdict}}")

    torch.manual_seed(0)
    doc = DoctorCallback(stop_on=("nan_inf",), printer=lambda line: print("LINE", line, flush=True), probe_every=5)
    args = TrainingArguments(output_dir="out", num_train_epochs=20, learning_rate=1e-2, per_device_train_batch_size=32,
                             per_device_eval_batch_size=512, eval_strategy="epoch", logging_strategy="steps",
                             logging_steps=5, save_strategy="no", report_to=[], use_cpu=True, disable_tqdm=True,
                             seed=0, lr_scheduler_type="constant", max_grad_norm=0, ddp_backend="gloo")
    train, val = _data(1200)
    model = DigitsMLP(DigitsConfig())
    model.net.insert(2, Blowup())
    trainer = Trainer(model=model, args=args, train_dataset=train, eval_dataset=val,
                      callbacks=[SwitchOnRank1(), doc])
    trainer.train()
    rank = torch.distributed.get_rank() if torch.distributed.is_initialized() else -1
    # each rank writes its own file: two processes sharing one stdout pipe can lose a line at teardown under load
    with open(f"rank{{rank}}.txt", "w") as fh:
        fh.write(f"RANK {{rank}} STEPS {{trainer.state.global_step}} STOPPED {{doc.stopped is not None}}")
    # the order PyTorch documents, made to hold (see _ddp_worker.teardown): the trainers hold the DDP model, which
    # holds the process group; collect them, then destroy the group, which joins its gloo threads before exit
    import gc
    del trainer, healthy, doc, model
    gc.collect()
    if torch.distributed.is_initialized():
        torch.distributed.destroy_process_group()
''')


def test_hf_two_processes_healthy_silent_then_rank0_reports_and_all_ranks_stop(tmp_path: Path) -> None:
    script = tmp_path / "hf_ddp_run.py"
    script.write_text(SCRIPT.format(tests=str(Path(__file__).parent)))
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    proc = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
                           str(script)], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout.splitlines()
    assert not [ln for ln in out if ln.startswith("HEALTHY")]  # the healthy run: nothing announced
    healthy = {p.stem[7:]: p.read_text().split() for p in tmp_path.glob("healthy*.txt")}
    assert healthy["0"] == [healthy["1"][0], "False", "healthy"] and healthy["1"][1] == "False"
    assert int(healthy["0"][0]) == 3 * 19  # every step of the 3 epochs ran (600 samples per rank, batch 32)
    lines = [ln for ln in out if ln.startswith("LINE")]
    assert sum("nan_inf" in ln for ln in lines) == 1  # printed once, by rank 0
    where = [ln for ln in lines if "nonfinite_activations" in ln]
    assert len(where) == 1 and "At step 13 on rank 1: net.2 produced NaN/inf in the forward pass" in where[0]
    ranks = {p.stem[4:]: p.read_text().split() for p in tmp_path.glob("rank*.txt")}
    assert set(ranks) == {"0", "1"}
    steps = {r: int(v[3]) for r, v in ranks.items()}
    assert steps["0"] == steps["1"] <= 15  # both stopped at the same step, at the first log after the NaN
    assert all(v[5] == "True" for v in ranks.values())
