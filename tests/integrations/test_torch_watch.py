"""lossdoctor.torch.watch: one added line in an unchanged plain loop (tests/integrations/_plain_loop.py) reports the
curve findings and the probe findings while training, on tiny real trainings."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("sklearn")
from torch import nn  # noqa: E402
from torch.nn import functional as F  # noqa: E402

from _plain_loop import plain_loop  # noqa: E402
from _training import MLP, digits  # noqa: E402
from lossdoctor.torch import watch  # noqa: E402

SRC = Path(__file__).resolve().parents[2] / "src"


def line(**kw):  # type: ignore[no-untyped-def]
    """The added line, with the test's options (silent, no exit handler, probes every 5 steps)."""
    kw.setdefault("every", 5)
    kw.setdefault("printer", None)
    kw.setdefault("at_exit", False)
    return lambda model, opt, loss_fn: watch(model, opt, loss_fn, **kw)


def seen(loop) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {a.finding.name: a for a in loop.watch.announced}


def test_healthy_run_is_silent_and_records_what_the_loop_measured() -> None:
    lines: list[str] = []
    loop = plain_loop(MLP(), line(printer=lines.append, train_accuracy=True), digits(), epochs=6)
    assert lines == []  # nothing announced while training
    rep = loop.watch.report()
    assert rep.verdict == "healthy", [f.message.en for f in rep.findings]
    assert len(lines) == 1 and "healthy" in lines[0] and "[pytorch]" in lines[0]  # the final report, printed once
    loop.watch.report()
    assert len(lines) == 1  # nothing printed twice
    run = rep.run
    np.testing.assert_allclose(run.get("val_loss").values, loop.val_losses, rtol=1e-5)  # 6 epochs, eval-mode pass
    np.testing.assert_allclose(run.get("val_accuracy").values, loop.val_accs, rtol=1e-6)
    np.testing.assert_allclose(run.get("loss_step").values, loop.train_losses, rtol=1e-6)
    steps_per_epoch = loop.steps // 6
    np.testing.assert_allclose(run.get("loss").values[1:],  # the mean of each epoch's step losses
                               np.array(loop.train_losses).reshape(6, steps_per_epoch).mean(1)[1:], rtol=1e-5)
    assert run.get("accuracy") is not None and 0.5 < run.get("accuracy").values[-1] <= 1.0
    assert run.get("accuracy").values[-1] > run.get("accuracy").values[0]  # counted per epoch, as it learns
    assert {"grad_norm/body.0", "dead_units/body.1", "update_ratio/head"} <= {s.key for s in run.series}
    loop.watch.close()


def test_huge_learning_rate_nan_names_the_first_bad_module_while_training() -> None:
    model = MLP()
    names = {n for n, _ in model.named_modules()}
    opt = torch.optim.SGD(model.parameters(), lr=300.0, momentum=0.9)
    loop = plain_loop(model, line(), digits(), optimizer=opt, epochs=2)
    found = seen(loop)
    where = found["nonfinite_activations"]
    assert where.finding.evidence["where"] in ("forward", "weights") and where.finding.evidence["module"] in names
    assert where.step is not None and where.step < loop.steps // 2  # announced during the first epoch
    assert found["nan_inf"].step < loop.steps // 2
    loop.watch.close()


def test_overfitting_on_fifty_samples_is_found_during_training() -> None:
    loop = plain_loop(MLP(width=256), line(), digits(n_train=50), epochs=60, batch=10)
    assert loop.watch.doctor.recorder.run().get("accuracy") is None  # training accuracy is opt-in
    over = seen(loop)["overfitting"]
    assert over.epoch is not None and over.epoch < 58  # announced while training, from the eval-mode losses
    e = int(over.epoch)
    # what the loop itself measured at that point shows it: validation rose above its best while training fell
    assert loop.val_losses[e] > min(loop.val_losses[: e + 1])
    assert np.mean(loop.train_losses[-5:]) < np.mean(loop.train_losses[:5])
    run = loop.watch.report().run
    np.testing.assert_allclose(run.get("val_loss").values, loop.val_losses, rtol=1e-5)
    loop.watch.close()


def test_dead_relu_initialisation_is_announced_in_the_first_epochs() -> None:
    model = MLP()
    with torch.no_grad():
        model.body[0].bias.fill_(-20.0)
    loop = plain_loop(model, line(), digits(), epochs=3)
    dead = seen(loop)["dead_units"]
    assert dead.epoch is not None and dead.epoch <= 1
    assert dead.finding.evidence["layer"] == "body.1" and dead.finding.evidence["from_start"]
    loop.watch.close()


def test_a_layer_left_out_of_the_optimizer_is_frozen() -> None:
    model = MLP()
    opt = torch.optim.Adam([p for n, p in model.named_parameters() if not n.startswith("body.2")], lr=1e-3)
    loop = plain_loop(model, line(), digits(), optimizer=opt, epochs=3)
    frozen = seen(loop)["frozen_parameters"]
    assert frozen.epoch is not None and frozen.epoch <= 1 and frozen.finding.evidence["layers"] == ["body.2"]
    loop.watch.close()


def test_plain_function_criterion_through_the_returned_object_with_epoch_steps() -> None:
    loop = plain_loop(MLP(), line(epoch_steps=22, train_accuracy=True), digits(), loss_fn=F.cross_entropy, epochs=3, validate=False)
    run = loop.watch.report().run
    assert run.get("loss") is not None and len(run.get("loss")) == 3  # 3 epochs of 22 steps, no validation
    np.testing.assert_allclose(run.get("loss_step").values, loop.train_losses, rtol=1e-6)
    assert run.get("accuracy") is not None and run.get("val_loss") is None
    loop.watch.close()


def test_compile_adds_no_graph_break_or_recompile() -> None:
    from torch._dynamo.utils import counters

    def run(with_watch: bool):  # type: ignore[no-untyped-def]
        torch._dynamo.reset()
        counters.clear()
        model = MLP()
        with torch.no_grad():
            model.body[0].bias.fill_(-20.0)
        compiled = {}

        def added(m, opt, loss_fn):  # type: ignore[no-untyped-def]
            w = watch(m, opt, loss_fn, every=5, printer=None, at_exit=False) if with_watch else None
            compiled["fwd"] = torch.compile(m, backend="aot_eager")  # after the line, as documented
            return w

        fwd = lambda x: compiled["fwd"](x)  # noqa: E731
        loop = plain_loop(model, added, digits(), forward=fwd, epochs=2)
        return loop, dict(counters["graph_break"]), counters["stats"]["unique_graphs"]

    _, breaks0, graphs0 = run(False)
    loop, breaks, graphs = run(True)
    assert breaks == {} == breaks0 and graphs == graphs0
    assert seen(loop)["dead_units"].epoch is not None
    loop.watch.close()


SCRIPT = """
import torch
from torch import nn
import lossdoctor.torch
torch.manual_seed(0)
x = torch.randn(256, 8); y = (x[:, 0] > 0).long()
model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
loss_fn = nn.CrossEntropyLoss()
lossdoctor.torch.watch(model, opt, loss_fn, every=5, report_path={path!r})
for epoch in range(5):
    model.train()
    perm = torch.randperm(256)
    for i in range(0, 256, 32):
        b = perm[i:i + 32]
        opt.zero_grad(); loss = loss_fn(model(x[b]), y[b]); loss.backward(); opt.step()
    model.eval()
    with torch.no_grad():
        loss_fn(model(x), y)
"""


def test_the_final_report_is_printed_once_at_exit_and_written(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    script = tmp_path / "train.py"
    script.write_text(textwrap.dedent(SCRIPT.format(path=str(out))))
    env = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1"}
    p = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    assert p.stderr.count("[pytorch]") == 1, p.stderr  # the final report, printed once
    import json
    runs = json.loads(out.read_text())["runs"]
    keys = {s["key"] for s in runs[0]["series"]}
    assert {"val_loss", "val_accuracy", "loss"} <= keys
    val = next(s for s in runs[0]["series"] if s["key"] == "val_loss")
    assert val["points"] == 5  # the last epoch's validation ended at exit


def test_count_correct_leaves_out_ignored_targets_and_ambiguous_shapes() -> None:
    from lossdoctor.integrations.torchwatch import _accuracy, count_correct

    logits = torch.tensor([[2.0, 0.0], [0.0, 2.0], [2.0, 0.0], [0.0, 2.0]])
    target = torch.tensor([0, 0, -100, 1])  # right, wrong, ignored, right
    assert _accuracy([count_correct("index", logits, target)]) == pytest.approx(2 / 3)
    assert _accuracy([count_correct("index", logits, torch.tensor([0, 0, 1, 1]), ignore_index=1)]) == 0.5
    assert count_correct("index", logits, torch.softmax(logits, 1)) is None  # soft targets: no accuracy
    assert _accuracy([count_correct("binary", torch.tensor([1.5, -0.5, 0.2]), torch.tensor([1.0, 0.0, 0.0]))]
                     ) == pytest.approx(2 / 3)


def test_grad_scaler_skipped_steps_are_not_reported_under_fp16_autocast() -> None:
    """A plain AMP loop (fp16 autocast, GradScaler from a huge scale: the first steps overflow and are skipped, which
    is normal) with the one added line: silent, and every loss is still recorded (a skipped step's loss is folded
    into the next step's)."""
    torch.manual_seed(0)
    xt, yt, xv, yv = digits()
    model = MLP()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    scaler = torch.amp.GradScaler("cpu", init_scale=2.0 ** 40)
    w = watch(model, opt, loss_fn, every=5, printer=None, at_exit=False)  # the added line
    for epoch in range(3):
        model.train()
        for i in range(0, len(xt), 64):
            opt.zero_grad()
            with torch.autocast("cpu", dtype=torch.float16):
                loss = loss_fn(model(xt[i:i + 64]), yt[i:i + 64])
            scaler.scale(loss).backward()
            scaler.step(opt)
            scaler.update()
        model.eval()
        with torch.no_grad(), torch.autocast("cpu", dtype=torch.float16):
            loss_fn(model(xv), yv)
    assert scaler.get_scale() < 2.0 ** 40  # steps were skipped for inf gradients
    rep = w.report()
    assert w.announced == () and rep.verdict == "healthy", [f.message.en for f in rep.findings]
    assert len(rep.run.get("val_loss")) == 3 and float(rep.run.get("nonfinite").values.max()) == 0.0
    w.close()


def test_gradient_accumulation_records_the_mean_of_the_step_losses() -> None:
    """Two backward passes per optimizer step: the step's loss is the mean of its two losses, each read on the CPU in
    the criterion hook (no tensor kept until the step)."""
    torch.manual_seed(0)
    xt, yt, xv, yv = digits()
    model = MLP()
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    loss_fn = nn.CrossEntropyLoss()
    w = watch(model, opt, loss_fn, every=4, printer=None, at_exit=False)
    expected = []
    for i in range(0, 12 * 64, 64):
        opt.zero_grad()
        parts = []
        for j in (0, 32):
            loss = loss_fn(model(xt[i + j:i + j + 32]), yt[i + j:i + j + 32])
            (loss / 2).backward()
            parts.append(loss.item())
        opt.step()
        expected.append(sum(parts) / 2)
    loss_fn(model(xt[:32]), yt[:32])  # a training loss not yet followed by a step: kept as a number
    assert len(w._train_losses) == 1 and isinstance(w._train_losses[0], float)
    w._train_losses.clear()
    run = w.report().run
    np.testing.assert_allclose(run.get("loss").values, expected, rtol=1e-6)
    np.testing.assert_array_equal(run.get("loss").steps, np.arange(12))
    w.close()
