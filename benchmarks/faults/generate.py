"""Train every scenario x seed, write each run's log in its native format, and record the labels.

    nice -n 10 python benchmarks/faults/generate.py            # full set -> benchmarks/_work/faults/
    python benchmarks/faults/generate.py --only healthy --seeds 0

Layout: <out>/runs/<scenario>-s<seed>/log/...   the native log (what lossdoctor is given)
        <out>/runs/<scenario>-s<seed>/history.json   the same epochs as a Keras History dict (reader fallback)
        <out>/labels.json                            one record per run (see scenarios.py for the fields)
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import shutil
import sys
import time
import warnings
from collections.abc import Collection
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from scenarios import FORMATS, SCENARIOS, Scenario  # noqa: E402

STEP_FORMATS = ("tensorboard", "lightning_csv", "hf_trainer", "mlflow")  # formats that hold per-step values
DEFAULT_OUT = HERE.parent / "_work" / "faults"
DEFAULT_SEEDS = (0, 1, 2)
FIXTURES_OUT = HERE.parents[1] / "tests" / "fixtures" / "faults"
# The committed regression subset: seed 0 of these (every format appears; see tests/test_fault_regression.py).
FIXTURE_SCENARIOS = (
    "healthy_adam_digits", "healthy_sgdm_wine", "healthy_step_lr", "healthy_warmup_cosine", "healthy_moons",
    "overfit_small_data", "label_noise", "random_labels", "lr_too_high_adam", "lr_too_high_sgd", "lr_too_low",
    "unnormalized_inputs", "val_copied_into_train", "dead_relu_init", "double_softmax", "sigmoid_bce_multiclass",
    "exploding_deep_large_init", "vanishing_deep_sigmoid", "class_imbalance", "over_regularization",
    "too_small_model", "too_few_epochs", "heavy_dropout", "shifted_val", "tiny_validation_set", "unshuffled_sorted",
    "lr_high_no_decay",
)


def format_for(index: int, sc: Scenario, seed: int) -> str:
    """Rotate formats over scenarios and seeds; step-level scenarios only get formats that keep steps."""
    fmts = STEP_FORMATS if sc.step_log else FORMATS
    return fmts[(index + seed) % len(fmts)]


def label_record(sc: Scenario, seed: int, fmt: str, log_path: str, n_classes: int) -> dict[str, Any]:
    return {"id": f"{sc.name}-s{seed}", "scenario": sc.name, "seed": seed, "fault": sc.fault, "format": fmt,
            "log": log_path, "history": "history.json", "n_classes": n_classes,
            "expect": [list(g) for g in sc.expect], "allow": sorted(sc.allow), "causes": sorted(sc.causes),
            "healthy": sc.healthy, "step_level": sc.step_log, "note": sc.note,
            "num_classes_given": sc.num_classes_given}


def _one(job: tuple[int, int, int, str]) -> dict[str, Any]:
    index, seed, _, out = job
    warnings.filterwarnings("ignore")
    from train import train
    from writers import WRITERS, keras_history_dict

    sc = SCENARIOS[index]
    t0 = time.perf_counter()
    hist = train(sc, seed)
    secs = time.perf_counter() - t0
    fmt = format_for(index, sc, seed)
    run_dir = Path(out) / "runs" / f"{sc.name}-s{seed}"
    shutil.rmtree(run_dir, ignore_errors=True)
    log = WRITERS[fmt](hist, run_dir / "log")
    (run_dir / "history.json").write_text(json.dumps(keras_history_dict(hist)))
    rec = label_record(sc, seed, fmt, str(log.relative_to(run_dir)), hist["n_classes"])
    rec["train_seconds"] = round(secs, 2)
    return rec


def relabel(out: Path) -> int:
    path = out / "labels.json"
    by_name = {sc.name: sc for sc in SCENARIOS}
    records = json.loads(path.read_text())
    fresh = []
    for r in records:
        sc = by_name[r["scenario"]]
        new = label_record(sc, r["seed"], r["format"], r["log"], r["n_classes"])
        new["train_seconds"] = r.get("train_seconds")
        fresh.append(new)
    path.write_text(json.dumps(fresh, indent=1))
    print(f"relabelled {len(fresh)} runs in {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--seeds", type=int, nargs="+", default=list(DEFAULT_SEEDS))
    ap.add_argument("--only", nargs="*", default=[], help="scenario name substrings")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--fixtures", action="store_true",
                    help="write the committed regression subset (seed 0) to tests/fixtures/faults/")
    ap.add_argument("--relabel", action="store_true",
                    help="rewrite labels.json from scenarios.py without retraining (after a label change)")
    args = ap.parse_args(argv)
    if args.relabel:
        return relabel(args.out)
    if args.fixtures:
        args.out, args.seeds, args.only = FIXTURES_OUT, [0], []
        shutil.rmtree(FIXTURES_OUT / "runs", ignore_errors=True)
    jobs = [(i, seed, 0, str(args.out)) for i, sc in enumerate(SCENARIOS)
            if (not args.only or any(o in sc.name for o in args.only))
            and (not args.fixtures or sc.name in FIXTURE_SCENARIOS) for seed in args.seeds]
    args.out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    ctx = mp.get_context("spawn")
    with ctx.Pool(args.jobs) as pool:
        records = pool.map(_one, jobs, chunksize=1)
    save_labels(args.out, records, merge=bool(args.only) and not args.fixtures, seconds=time.perf_counter() - t0)
    return 0


def save_labels(out: Path, records: list[dict[str, Any]], merge: bool, seconds: float,
                drop: Collection[str] = ()) -> None:
    """Write labels.json (merged into the existing one when only some runs were regenerated) and say how long the
    training took. `drop` names runs regenerated this time that are no labelled example any more (their construction
    check failed): a merge must not keep their earlier record."""
    path = out / "labels.json"
    keep = {r["id"]: r for r in (json.loads(path.read_text()) if merge and path.exists() else [])}
    for run_id in drop:
        keep.pop(run_id, None)
    keep.update({r["id"]: r for r in records})
    path.write_text(json.dumps(sorted(keep.values(), key=lambda r: r["id"]), indent=1))
    if not records:
        print(f"no run passed -> {out} ({seconds:.0f} s; labels.json holds {len(keep)} runs)")
        return
    slowest = max(records, key=lambda r: r["train_seconds"])
    print(f"{len(records)} runs in {seconds:.0f} s -> {out} "
          f"(slowest training: {slowest['id']} {slowest['train_seconds']} s)")

if __name__ == "__main__":
    raise SystemExit(main())
