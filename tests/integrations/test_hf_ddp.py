"""HF Trainer under torch.distributed (gloo, 2 CPU processes): rank 0 reports, both ranks stop at the same step."""
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
    from lossdoctor.hf import DoctorCallback

    torch.manual_seed(0)
    doc = DoctorCallback(stop_on=("nan_inf",), printer=lambda line: print("LINE", line, flush=True))
    args = TrainingArguments(output_dir="out", num_train_epochs=20, learning_rate=0.1, per_device_train_batch_size=32,
                             per_device_eval_batch_size=512, eval_strategy="epoch", logging_strategy="steps",
                             logging_steps=5, save_strategy="no", report_to=[], use_cpu=True, disable_tqdm=True,
                             seed=0, lr_scheduler_type="constant", optim="sgd", max_grad_norm=0, ddp_backend="gloo")
    train, val = _data(1200, scale=1.0)
    trainer = Trainer(model=DigitsMLP(DigitsConfig(num_labels=1, act="none")), args=args, train_dataset=train,
                      eval_dataset=val, callbacks=[doc])
    trainer.train()
    rank = torch.distributed.get_rank() if torch.distributed.is_initialized() else -1
    # each rank writes its own file: two processes sharing one stdout pipe can lose a line at teardown under load
    with open(f"rank{{rank}}.txt", "w") as fh:
        fh.write(f"RANK {{rank}} STEPS {{trainer.state.global_step}} STOPPED {{doc.stopped is not None}}")
''')


def test_hf_two_processes_rank0_reports_and_all_ranks_stop(tmp_path: Path) -> None:
    script = tmp_path / "hf_ddp_run.py"
    script.write_text(SCRIPT.format(tests=str(Path(__file__).parent)))
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    proc = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
                           str(script)], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout.splitlines()
    assert sum("nan_inf" in ln for ln in out if ln.startswith("LINE")) == 1  # printed once, by rank 0
    ranks = {p.stem[4:]: p.read_text().split() for p in tmp_path.glob("rank*.txt")}
    assert set(ranks) == {"0", "1"}
    steps = {r: int(v[3]) for r, v in ranks.items()}
    assert steps["0"] == steps["1"] < 20 * 19  # both stopped at the same step, long before the end
    assert all(v[5] == "True" for v in ranks.values())
