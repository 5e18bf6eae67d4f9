"""Live overhead: training-step time with lossdoctor against no instrumentation and the alternatives, in the same
process and run (CPU, one thread).

    nice -n 10 /work/venvs/live-core/bin/python benchmarks/bench_overhead.py [--steps 100] [--rounds 4] [--write-docs]

(`bash benchmarks/make_overhead_venv.sh` makes that venv: the shared venv plus Cockpit; with the shared venv's
python the Cockpit rows are skipped.) Two models: a small CNN (2 conv layers, 3x32x32 inputs, batch 64) and an MLP
(784-256-256-10, batch 128), Adam, cross-entropy, synthetic data drawn once. Each configuration trains a fresh copy
from the same seed and keeps training it; after a warm-up, configurations take turns, each running a chunk of
`--steps` steps per round (100: one full probe period at the default setting), so a change in machine load hits
all of them alike; each round's time is divided by its baseline's time in the same round. Reported: the median over
rounds of that ratio with its quartiles, and the median step time. Time is the process's CPU time (one torch
thread): on a shared machine wall time follows the other jobs' load. (Cockpit tracking every step takes seconds per
step here: it runs 2 steps a round.)

Configurations, plain loop: "empty hooks (floor)", the same hooks as lossdoctor's (a root forward pre-hook, an
optimizer step pre-hook, one call per step) doing nothing, self-timed the same way: what merely running Python at
those points costs; lossdoctor `Doctor(model)` with defaults (probes every 100 steps), every 50 and every step; the
one-line form `lossdoctor.torch.watch(model, opt, loss_fn)` with defaults (criterion forward hook, optimizer step
hooks); the Doctor on a `torch.compile`d model (hooks registered before compiling) against the same model compiled
without it; `wandb.watch(model, log="gradients")` in offline mode at its default log_freq=1000 and at 50;
Lightning's `grad_norm(model, norm_type=2)` utility called every step and every 50 steps; Cockpit's "economy"
configuration tracking every step and every 50 steps (BackPACK-extended model). For lossdoctor the CPU time spent
inside it is also self-timed, a second, less noisy measure. Framework loops (overhead_adapters.py): Keras 3 `fit`
(torch backend), a Lightning Trainer and an HF Trainer, each bare and with lossdoctor's DoctorCallback, and
Lightning with its `grad_norm` logged in `on_before_optimizer_step`.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shlex
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import torch
from torch import nn

os.environ.setdefault("KERAS_BACKEND", "torch")  # the Keras rows: the backend whose layers torch can probe
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import overhead_adapters as adapters  # noqa: E402
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Live overhead"
# CPU time of this process (torch runs one thread): on a machine shared with other jobs, wall time swings by tens
# of percent from one chunk to the next with their load, CPU time measures the work each configuration adds.
CLOCK = time.process_time
BASE = {"lossdoctor default, compiled": "baseline, compiled", **adapters.BASE}  # a row's own baseline if not "baseline"
Step = Callable[[int, torch.Tensor, torch.Tensor], None]


def cnn() -> nn.Module:
    return nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(32 * 8 * 8, 128), nn.ReLU(), nn.Linear(128, 10))


def mlp() -> nn.Module:
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(),
                         nn.Linear(256, 10))


MODELS: dict[str, tuple[Callable[[], nn.Module], tuple[int, ...], int]] = {
    "small CNN": (cnn, (3, 32, 32), 64),
    "MLP": (mlp, (784,), 128),
}


def batches(shape: tuple[int, ...], batch: int, n: int) -> list[tuple[torch.Tensor, torch.Tensor]]:
    g = torch.Generator().manual_seed(0)
    return [(torch.randn(batch, *shape, generator=g), torch.randint(0, 10, (batch,), generator=g)) for _ in range(n)]


LOAD: list[float] = []  # the machine's 1-minute load average at the start and at the end of the run
SHARE: dict[str, dict[str, float]] = {}  # model -> config -> share of the step's CPU time spent inside lossdoctor
SELF_TIME: dict[str, list[float]] = {}  # CPU seconds spent inside lossdoctor (Doctor.step and its optimizer hooks)


def _timed(f: Callable[..., Any], spent: list[float]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = CLOCK()
        try:
            return f(*args, **kwargs)
        finally:
            spent[0] += CLOCK() - t0
    return wrapper


def make_step(config: str, make_model: Callable[[], nn.Module], tmp: str) -> Step:
    """A closure running one training step under the configuration (model, optimizer and tools set up here)."""
    torch.manual_seed(0)
    model = make_model()
    loss_fn = nn.CrossEntropyLoss()
    data: list[tuple[torch.Tensor, torch.Tensor]] = []
    extra: Callable[[int, torch.Tensor, Any], None] = lambda i, loss, opt: None  # noqa: E731
    backward: Callable[[int, torch.Tensor, torch.Tensor, Any], None] = (
        lambda i, loss, out, opt: loss.backward())  # noqa: E731

    from lossdoctor.torch import Doctor

    if config.startswith("lossdoctor") and "compiled" not in config and "one line" not in config:
        doc = Doctor(model, printer=None, **({"every": 1} if "every step" in config else
                                             {"every": 50} if "every 50" in config else {}))
        spent = SELF_TIME.setdefault(config, [0.0])
        assert doc.probes is not None
        for name in ("_pre_step",):  # before attach: the optimizer hook is this wrapper (the rest runs in step)
            setattr(doc.probes, name, _timed(getattr(doc.probes, name), spent))
        timed_step = _timed(doc.step, spent)
        extra = lambda i, loss, opt: timed_step(loss=loss, optimizer=opt)  # noqa: E731
    elif config.startswith("empty hooks"):
        spent = SELF_TIME.setdefault(config, [0.0])
        model.register_forward_pre_hook(lambda m, a, k: None, with_kwargs=True)
        timed_noop = _timed(lambda **kw: None, spent)
        extra = lambda i, loss, opt: timed_noop(loss=loss, optimizer=opt)  # noqa: E731
    elif config.startswith("wandb"):
        import wandb

        os.environ.setdefault("WANDB_SILENT", "true")
        if wandb.run is None:
            wandb.init(mode="offline", dir=tmp, project="overhead")
        wandb.watch(model, log="gradients", log_freq=50 if "50" in config else 1000)
    elif config.startswith("lightning"):
        from lightning.pytorch.utilities import grad_norm

        every = 50 if "50" in config else 1
        sink: list[Any] = []

        def backward(i: int, loss: torch.Tensor, out: torch.Tensor, opt: Any) -> None:  # noqa: F811
            loss.backward()
            if i % every == 0:
                sink.append(grad_norm(model, norm_type=2))
    elif config.startswith("cockpit"):
        from backpack import extend
        from cockpit import Cockpit
        from cockpit.utils import schedules
        from cockpit.utils.configuration import configuration

        model = extend(model)
        loss_fn = extend(nn.CrossEntropyLoss())
        per_sample = nn.CrossEntropyLoss(reduction="none")
        schedule = schedules.linear(interval=50 if "50" in config else 1, offset=0)
        ck = Cockpit(model.parameters(), quantities=configuration("economy", track_schedule=schedule))

        def backward(i: int, loss: torch.Tensor, out: torch.Tensor, opt: Any) -> None:  # noqa: F811
            info = {"batch_size": out.shape[0], "individual_losses": per_sample(out, data[0][1]), "loss": loss,
                    "optimizer": opt}
            with ck(i, info=info):
                loss.backward(create_graph=ck.create_graph(i))

    forward: Callable[[torch.Tensor], torch.Tensor] = model
    if "compiled" in config:
        if config.startswith("lossdoctor"):
            doc = Doctor(model, printer=None)  # before compiling, as documented (its hooks are traced once)
            spent = SELF_TIME.setdefault(config, [0.0])
            assert doc.probes is not None
            doc.probes._pre_step = _timed(doc.probes._pre_step, spent)  # type: ignore[method-assign]
            timed_step = _timed(doc.step, spent)
            extra = lambda i, loss, opt: timed_step(loss=loss, optimizer=opt)  # noqa: E731
        forward = torch.compile(model)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    if config.startswith("lossdoctor one line"):
        from lossdoctor.torch import watch

        watch(model, opt, loss_fn, printer=None, at_exit=False)  # the loop below is left as it is
        spent = SELF_TIME.setdefault(config, [0.0])
        for hooks in (opt._optimizer_step_pre_hooks, opt._optimizer_step_post_hooks, loss_fn._forward_hooks):
            for k, hook in list(hooks.items()):  # time every hook it added, in place (same order, same flags)
                hooks[k] = _timed(hook, spent)
    if config.startswith("empty hooks"):
        opt.register_step_pre_hook(_timed(lambda o, a, k: None, SELF_TIME[config]))

    def step(i: int, x: torch.Tensor, y: torch.Tensor) -> None:
        data[:] = [(x, y)]
        opt.zero_grad(set_to_none=True)
        out = forward(x)
        loss = loss_fn(out, y)
        backward(i, loss, out, opt)
        opt.step()
        extra(i, loss, opt)

    return step  # type: ignore[return-value]


def available(config: str) -> str | None:
    """None when the configuration can run here, else why not."""
    if config in adapters.CONFIGS:
        return adapters.available(config)
    mod = {"wandb": "wandb", "lightning": "lightning", "cockpit": "cockpit"}.get(config.split()[0])
    if mod is None:
        return None
    try:
        __import__(mod)
        if mod == "cockpit":
            __import__("backpack")
    except Exception as exc:  # noqa: BLE001 - a peer that does not import is reported, not fatal
        return f"{type(exc).__name__}: {exc}"
    return None


CONFIGS = ("baseline", "empty hooks (floor)", "lossdoctor default (every 100)", "lossdoctor one line (watch)",
           "lossdoctor every 50", "lossdoctor every step", "baseline, compiled", "lossdoctor default, compiled",
           "wandb.watch gradients (1000)",
           "wandb.watch gradients (50)", "lightning grad_norm every step", "lightning grad_norm every 50",
           "cockpit economy every step", "cockpit economy every 50")


def measure(steps: int, rounds: int, only: tuple[str, ...] = (), models: tuple[str, ...] = ()
            ) -> tuple[dict[str, dict[str, tuple[float, ...]]], dict[str, str]]:
    """{model: {config: (median ratio to its baseline, its lower and upper quartile, median step seconds)}},
    {config: why skipped}.

    Every configuration keeps its own model and trains on; round by round each one runs a chunk of `steps` steps
    (one full probe period at the default 100), so the configurations of one round see the same machine load. The
    framework rows (overhead_adapters.py) run a chunk through the framework's own loop in the same rounds."""
    every = CONFIGS + adapters.CONFIGS
    skipped = {c: why for c in every if (why := available(c)) is not None}
    chosen = [c for c in every if c not in skipped and (not only or c.startswith(only))]
    configs = [c for c in every if c in chosen or c in {BASE.get(x, "baseline") for x in chosen}]
    configs = [c for c in configs if c not in skipped]
    plain = [c for c in configs if c in CONFIGS]
    framework = [c for c in configs if c in adapters.CONFIGS]
    results: dict[str, dict[str, tuple[float, ...]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (make, shape, batch) in MODELS.items():
            if models and name not in models:
                continue
            data = batches(shape, batch, 16)
            SELF_TIME.clear()
            steppers = {c: make_step(c, make, tmp) for c in plain}
            runners = {}
            for c in framework:
                try:
                    runners[c] = adapters.runner(c, name, make, data, steps, tmp)
                    runners[c]()  # warm-up chunk (builds the train function, compiles nothing)
                except Exception as exc:  # noqa: BLE001 - a framework that fails here is reported, not fatal
                    skipped[c] = f"{type(exc).__name__}: {exc}"
                    runners.pop(c, None)
            done = {c: 0 for c in plain}
            times: dict[str, list[float]] = {c: [] for c in plain + list(runners)}
            for c in plain:  # warm-up (a compiled model compiles here)
                for _ in range(3 if c == "cockpit economy every step" else 10):
                    steppers[c](done[c], *data[done[c] % len(data)])
                    done[c] += 1
            for spent in SELF_TIME.values():
                spent[0] = 0.0  # count the timed rounds only
            total = {c: 0.0 for c in times}
            inside = {c: 0.0 for c in runners}
            for r in range(rounds):
                for c in plain:
                    n = 2 if c == "cockpit economy every step" else steps  # seconds per step: 2 steps a round
                    t0 = CLOCK()
                    for _ in range(n):
                        steppers[c](done[c], *data[done[c] % len(data)])
                        done[c] += 1
                    total[c] += CLOCK() - t0
                    times[c].append((CLOCK() - t0) / n)
                for c, run in runners.items():
                    seconds, n, spent_inside = run()
                    total[c] += seconds
                    inside[c] += spent_inside
                    times[c].append(seconds / n)
                print(f"{name} round {r + 1}/{rounds}: " + ", ".join(f"{c} {times[c][-1] * 1e3:.2f} ms"
                                                                    for c in times), flush=True)
            results[name] = {}
            SHARE[name] = {c: spent[0] / total[c] for c, spent in SELF_TIME.items() if total.get(c)}
            SHARE[name].update({c: inside[c] / total[c] for c in runners if "lossdoctor" in c})
            for c in times:
                base = times[BASE.get(c, "baseline")]
                ratios = sorted(t / b for t, b in zip(times[c], base))
                q1, _, q3 = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else (ratios[0],) * 3
                results[name][c] = (statistics.median(ratios), q1, q3, statistics.median(times[c]))
    try:
        import wandb

        if wandb.run is not None:
            wandb.finish()
    except ImportError:
        pass
    return results, skipped


def _cells(results: dict[str, dict[str, tuple[float, ...]]], models: list[str], c: str, share: bool) -> list[str]:
    cells: list[str] = []
    for m in models:
        if c not in results[m]:
            cells += ["", ""] + ([""] if share else [])
            continue
        ratio, q1, q3, sec = results[m][c]
        cells += [f"{ratio:.2f}x ({q1:.2f}-{q3:.2f})", f"{sec * 1e3:.2f}"]
        if share:
            cells.append(f"{SHARE[m][c]:.1%}" if c in SHARE.get(m, {}) else "")
    return cells


def table(results: dict[str, dict[str, tuple[float, ...]]], skipped: dict[str, str], steps: int, rounds: int,
          argv: list[str]) -> str:
    models = list(results)
    shown = [c for c in CONFIGS if any(c in results[m] for m in models)]
    lines = [SECTION, "",
             "Training-step cost on CPU with each kind of live instrumentation, relative to the same loop without it, "
             "measured in the same rounds: the median over rounds, with the quartiles of the rounds in brackets (their "
             "spread is the measurement's noise); lower is better, 1.00x is free. Time is the CPU time of the process "
             "with one torch thread: wall time on this shared machine swings with other jobs' load. wandb's own "
             "service process does its writing: its CPU time is not counted. The compiled row is relative to the "
             "same model compiled without lossdoctor (`torch.compile`, default inductor backend; lossdoctor's hooks "
             "registered before compiling).", "",
             "Command (the venv adds Cockpit to the shared venv; with the shared venv's python the Cockpit rows are "
             "skipped):", "", "```",
             "bash benchmarks/make_overhead_venv.sh && nice -n 10 /work/venvs/live-core/bin/python "
             "benchmarks/bench_overhead.py " + shlex.join(argv), "```", "",
             "| configuration | " + " | ".join(f"{m}: x baseline | {m}: CPU ms/step" for m in models) + " |",
             "|---|" + "---|---|" * len(models)]
    for c in shown:
        lines.append(f"| {c} | " + " | ".join(_cells(results, models, c, False)) + " |")
    timed = [c for c in shown if any(c in SHARE.get(m, {}) for m in models)]
    lines += ["", "Self-timed: the share of the training step's CPU time spent inside lossdoctor (`Doctor.step` and "
              "its optimizer hook; for the one-line form every hook `watch` adds), measured in the same runs. The "
              "difference of two noisy totals above cannot resolve a few percent; this can. The floor row is what "
              "the same hooks cost doing nothing, timed the same way (the hooks' dispatch and the timer itself).", "",
              "| configuration | " + " | ".join(f"{m}: inside lossdoctor" for m in models) + " |",
              "|---|" + "---|" * len(models)]
    for c in timed:
        lines.append(f"| {c} | " + " | ".join(f"{SHARE[m][c]:.1%}" if c in SHARE.get(m, {}) else ""
                                               for m in models) + " |")
    framework = [c for c in adapters.CONFIGS if any(c in results[m] for m in models)]
    if framework:
        lines += ["", "Through the frameworks' own loops (same models, data and optimizer; Keras 3 on the torch "
                  "backend): per-step CPU time from the start of a chunk's first batch to the end of its epoch "
                  "(the callbacks' epoch-end work included, building the trainer not), relative to the same framework "
                  "without the callback, and the share of it spent inside lossdoctor's callback and hooks. HF's bare "
                  "Trainer already clips the gradients and logs their norm (every 50 steps here, as for lossdoctor's "
                  "reading of its logs).", "",
                  "| configuration | " + " | ".join(f"{m}: x bare | {m}: CPU ms/step | {m}: inside lossdoctor"
                                                    for m in models) + " |",
                  "|---|" + "---|---|---|" * len(models)]
        for c in framework:
            lines.append(f"| {c} | " + " | ".join(_cells(results, models, c, True)) + " |")
    load = ", ".join(f"{a:.1f}" for a in LOAD)
    lines += ["", f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores shared with other "
              f"jobs (load average {load} at the start and at the end of the run), torch {torch.__version__}, "
              f"chunks of {steps} steps per configuration and round, {rounds} rounds. No GPU was available for this "
              "measurement: the issue's GPU budget (<= 1% of the step) is unmeasured.", ""]
    for c, why in skipped.items():
        lines.append(f"- {c}: not measured ({why}).")
    lines += ["", "What lossdoctor does per step by default: in the optimizer's step pre-hook, one read of whether "
              "the sums of the gradients of the first and the last layer's smallest tensor are finite (a trip is "
              "confirmed on all gradients), a reference to the batch kept by a root forward pre-hook, and the loss "
              "(read at once on the CPU; kept as a tensor on an accelerator, read back every 100 steps). Every 100 "
              "steps: one `torch._foreach_norm` over all gradients (total and per-layer norms, one vector), one weight "
              "copy for the update ratio, one eager no-grad forward pass on 32 samples with temporary hooks for the "
              "activation probes, a single read-back of all of it, and the cheap rules on the run so far (within "
              "0.2% of the CPU time; at once after a non-finite value).", ""]
    return "\n".join(lines) + "\n"


def write_docs(text: str) -> None:
    doc = DOC.read_text(encoding="utf-8")
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    doc = pattern.sub(text, doc) if pattern.search(doc) else doc.rstrip("\n") + "\n\n" + text
    DOC.write_text(doc, encoding="utf-8")


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--rounds", type=int, default=6)
    p.add_argument("--write-docs", action="store_true")
    p.add_argument("--only", nargs="*", default=(), help="configurations starting with these words (and baseline)")
    p.add_argument("--models", nargs="*", default=(), help="a subset of: " + ", ".join(MODELS))
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    LOAD.append(os.getloadavg()[0])
    results, skipped = measure(a.steps, a.rounds, tuple(a.only), tuple(a.models))
    LOAD.append(os.getloadavg()[0])
    text = table(results, skipped, a.steps, a.rounds, argv)
    print(text)
    if a.write_docs:
        write_docs(text)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main(sys.argv[1:]))
