"""Train the model-family runs (families.py) with their real frameworks and record the labels.

    nice -n 10 python benchmarks/faults/generate_families.py                 # -> benchmarks/_work/families/
    python benchmarks/faults/evaluate.py --data benchmarks/_work/families --no-peers -v
    nice -n 15 python benchmarks/faults/generate_families.py --set v2 --jobs 1 --out /work/data/families2
    python benchmarks/faults/check_families_v2.py /work/data/families2     # reader + construction checks only
    nice -n 15 python benchmarks/faults/generate_families.py --set v3 --jobs 1 --out /work/data/families3
    python benchmarks/faults/check_families_v3.py /work/data/families3     # reader + construction checks only
    nice -n 15 python benchmarks/faults/generate_families.py --set v4 --jobs 1 --out /work/data/families4
    python benchmarks/faults/check_families_v4.py /work/data/families4     # reader + construction checks only
    nice -n 15 python benchmarks/faults/generate_families.py --set v5 --jobs 1 --out /work/data/families5
    python benchmarks/faults/check_families_v5.py /work/data/families5     # reader + construction checks only
    nice -n 15 python benchmarks/faults/generate_families.py --set v6 --jobs 1 --out /work/data/families6
    python benchmarks/faults/check_families_v6.py /work/data/families6     # reader + construction checks only
    nice -n 15 python benchmarks/faults/generate_families.py --set v7 --jobs 1 --out /work/data/families7
    python benchmarks/faults/check_families_v7.py /work/data/families7     # reader + construction checks only
    nice -n 15 python benchmarks/faults/generate_families.py --set v8 --jobs 1 --out /work/data/families8
    python benchmarks/faults/check_families_v8.py /work/data/families8     # reader + construction checks only
    nice -n 15 python benchmarks/faults/generate_families.py --set v9 --jobs 1 --out /work/data/families9
    python benchmarks/faults/check_families_v9.py /work/data/families9     # reader + construction checks only
    nice -n 15 python benchmarks/faults/generate_families.py --set v10 --jobs 1 --out /work/data/families10
    python benchmarks/faults/check_families_v10.py /work/data/families10   # reader + construction checks only
    nice -n 15 python benchmarks/faults/generate_families.py --set v11 --jobs 1 --out /work/data/families11
    python benchmarks/faults/check_families_v11.py /work/data/families11   # reader + construction checks only
    nice -n 15 python benchmarks/faults/generate_families.py --set v12 --jobs 1 --out /work/data/families12
    python benchmarks/faults/check_families_v12.py /work/data/families12   # reader + construction checks only
    nice -n 15 python benchmarks/faults/generate_families.py --set v13 --jobs 1 --out /work/data/families13
    python benchmarks/faults/check_families_v13.py /work/data/families13   # reader + construction checks only
    nice -n 15 python benchmarks/faults/generate_families.py --set v14 --jobs 1 --out /work/data/families14
    python benchmarks/faults/check_families_v14.py /work/data/families14   # reader + construction checks only
    nice -n 15 python benchmarks/faults/generate_families.py --set v15 --jobs 1 --out /work/data/families15
    python benchmarks/faults/check_families_v15.py /work/data/families15   # reader + construction checks only
    nice -n 15 python benchmarks/faults/generate_families.py --set v16 --jobs 1 --out /work/data/families16
    python benchmarks/faults/check_families_v16.py /work/data/families16   # reader + construction checks only
    nice -n 15 python benchmarks/faults/generate_families.py --set v17 --jobs 1 --out /work/data/families17
    python benchmarks/faults/check_families_v17.py /work/data/families17   # reader + construction checks only
    nice -n 15 python benchmarks/faults/generate_families.py --set v18 --jobs 1 --out /work/data/families18
    python benchmarks/faults/check_families_v18.py /work/data/families18   # reader + construction checks only
    nice -n 15 python benchmarks/faults/generate_families.py --set v19 --jobs 1 --out /work/data/families19
    python benchmarks/faults/check_families_v19.py /work/data/families19   # reader + construction checks only
    nice -n 15 python benchmarks/faults/generate_families.py --set v20 --jobs 1 --out /work/data/families20
    python benchmarks/faults/check_families_v20.py /work/data/families20   # reader + construction checks only
    nice -n 15 python benchmarks/faults/generate_families.py --set v21 --jobs 1 --out /work/data/families21
    python benchmarks/faults/check_families_v21.py /work/data/families21   # reader + construction checks only
    nice -n 15 python benchmarks/faults/generate_families.py --set v22 --jobs 1 --out /work/data/families22
    python benchmarks/faults/check_families_v22.py /work/data/families22   # reader + construction checks only
    nice -n 15 python benchmarks/faults/generate_families.py --set v23 --jobs 1 --out /work/data/families23
    python benchmarks/faults/check_families_v23.py /work/data/families23   # reader + construction checks only

Same layout as generate.py (runs/<id>/log/..., runs/<id>/history.json, labels.json), so evaluate.py scores it.
"""
from __future__ import annotations

import argparse
import importlib
import json
import multiprocessing as mp
import shutil
import sys
import time
import warnings
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from families import FAMILIES, READER_FOR  # noqa: E402
from generate import save_labels  # noqa: E402

SETS = tuple(f"v{n}" for n in range(1, 24))  # v1: families.py; vN: families_vN.py


def default_out(which: str) -> Path:
    """benchmarks/_work/families for v1, families2 .. families17 for the later generations (git-ignored)."""
    return HERE.parent / "_work" / ("families" if which == "v1" else f"families{which[1:]}")


def _families(which: str) -> tuple[Any, ...]:
    """The family set: v1 (families.py) or a later generation's FAMILIES_VN (families_vN.py)."""
    if which == "v1":
        return FAMILIES
    return getattr(importlib.import_module(f"families_{which}"), f"FAMILIES_{which.upper()}")


def _label(fam: Any) -> dict[str, Any]:
    return {"expect": [list(g) for g in fam.expect], "allow": sorted(fam.allow), "causes": sorted(fam.causes),
            "healthy": fam.healthy, "note": fam.note}


def relabel(out: Path, which: str = "v1") -> int:
    """Rewrite labels.json from families.py without retraining (after a label was corrected from the curves)."""
    by_name = {f.name: f for f in _families(which)}
    path = out / "labels.json"
    records = json.loads(path.read_text())
    for r in records:
        r.update(_label(by_name[r["scenario"]]))
    path.write_text(json.dumps(records, indent=1))
    print(f"relabelled {len(records)} runs in {path}")
    return 0


def _quiet() -> None:
    """Before a worker imports a framework: its warnings and log lines are not the run's log."""
    import logging

    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)


def _train(run: Any, fam: Any, seed: int, out: str) -> tuple[Path, Path, Any, int, float]:
    """Train one run into out/runs/<family>-s<seed>/ and save its raw history: (run dir, log, history, classes,
    seconds)."""
    import contextlib
    import io

    run_dir = Path(out) / "runs" / f"{fam.name}-s{seed}"
    shutil.rmtree(run_dir, ignore_errors=True)
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # HF prints every log dict; the log file is what counts
        log, hist, n_classes = run(fam, seed, run_dir / "log")
    (run_dir / "history.json").write_text(json.dumps(hist))
    return run_dir, log, hist, n_classes, round(time.perf_counter() - t0, 1)


def _one(job: tuple[int, int, str, str]) -> dict[str, Any]:
    index, seed, out, which = job
    if which != "v1":
        return _one_checked(which, index, seed, out)
    _quiet()
    from family_trainers import run

    fam = FAMILIES[index]
    run_dir, log, hist, n_classes, seconds = _train(run, fam, seed, out)
    return {"id": f"{fam.name}-s{seed}", "scenario": fam.name, "seed": seed, "fault": fam.fault,
            "format": READER_FOR[fam.trainer], "trainer": fam.trainer, "model": fam.model,
            "optimizer": fam.optimizer, "schedule": fam.schedule, "precision": fam.precision,
            "log": str(log.relative_to(run_dir)), "history": "history.json", "n_classes": n_classes,
            "step_level": fam.trainer in ("lightning", "hf", "torch_tb"), "num_classes_given": False,
            "train_seconds": seconds, **_label(fam)}


def _one_checked(which: str, index: int, seed: int, out: str) -> dict[str, Any]:
    """One run of a later generation (v2, v3), with the construction check of its raw history (no diagnosis)."""
    _quiet()
    checks = importlib.import_module(f"checks_{which}")
    families = importlib.import_module(f"families_{which}")
    trainers = importlib.import_module(f"trainers_{which}")
    tag = which.upper()
    fam = getattr(families, f"FAMILIES_{tag}")[index]
    run_dir, log, hist, n_classes, seconds = _train(trainers.run, fam, seed, out)
    ok, evidence = checks.shows(fam, hist, n_classes)
    extra = {k: getattr(fam, k) for k in ("loss", "precision") if hasattr(fam, k)}
    if hasattr(families, "context"):  # v6 on: what the user would know and say (real_runs/score.py CONTEXT)
        extra["context"] = families.context(fam)
    return {"id": f"{fam.name}-s{seed}", "scenario": fam.name, "seed": seed, "fault": fam.fault,
            "format": getattr(families, f"READER_FOR_{tag}")[fam.trainer], "trainer": fam.trainer,
            "model": fam.model, "data": fam.data, **extra, "optimizer": fam.optimizer, "schedule": fam.schedule,
            "batch": fam.batch, "log": str(log.relative_to(run_dir)), "history": "history.json",
            "n_classes": n_classes, "step_level": fam.trainer in getattr(families, f"STEP_LEVEL_{tag}"),
            "num_classes_given": False, "train_seconds": seconds,
            "construction": {"check": fam.shows, "ok": bool(ok), "evidence": evidence}, **_label(fam)}


def save(out: Path, records: list[dict[str, Any]], checked: bool, merge: bool, seconds: float) -> None:
    """Write labels.json and (for a checked generation) labels_failed.json. A run whose logged numbers do not show its
    fault is no labelled example of it: it goes to labels_failed.json. With `merge` (--only) the runs not regenerated
    keep their records in both files, and a regenerated run lives in exactly one of them: the one its new check says."""
    failed: list[dict[str, Any]] = []
    if checked:
        failed = [r for r in records if not r["construction"]["ok"]]
        records = [r for r in records if r["construction"]["ok"]]
        failed_path = out / "labels_failed.json"
        redone = {r["id"] for r in records} | {r["id"] for r in failed}
        earlier = json.loads(failed_path.read_text()) if merge and failed_path.exists() else []
        failed_path.write_text(json.dumps([r for r in earlier if r["id"] not in redone] + failed, indent=1))
        for r in failed:
            print(f"construction check failed, left out of labels.json: {r['id']}: {r['construction']['evidence']}")
    save_labels(out, records, merge=merge, seconds=seconds, drop=[r["id"] for r in failed])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", dest="which", default="v1",
                    choices=SETS,
                    help="v1: families.py; v2: the second generation, families_v2.py; v3: the third, families_v3.py; "
                         "v4: the fourth, families_v4.py; v5: the fifth, families_v5.py; v6: the sixth, families_v6.py; "
                         "v7: the seventh, families_v7.py; v8: the eighth, families_v8.py; "
                         "v9: the ninth, families_v9.py; v10: the tenth, families_v10.py; "
                         "v11: the eleventh, families_v11.py; v12: the twelfth, families_v12.py; "
                         "v13: the thirteenth, families_v13.py; v14: the fourteenth, families_v14.py; "
                         "v15: the fifteenth, families_v15.py; v16: the sixteenth, families_v16.py; v17: the seventeenth, families_v17.py; "
                         "v18: the eighteenth, families_v18.py; v19: the nineteenth, families_v19.py; "
                         "v20: the twentieth, families_v20.py; v21: the twenty-first, families_v21.py; "
                         "v22: the twenty-second, families_v22.py; v23: the twenty-third, families_v23.py")
    ap.add_argument("--out", type=Path, default=None,
                    help="default benchmarks/_work/families (v2: families2, ..., v23: families23)")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    ap.add_argument("--only", nargs="*", default=[], help="family name substrings")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--relabel", action="store_true", help="rewrite labels.json from families.py, no retraining")
    args = ap.parse_args(argv)
    if args.out is None:
        args.out = default_out(args.which)
    if args.relabel:
        return relabel(args.out, args.which)
    jobs = [(i, seed, str(args.out), args.which) for i, fam in enumerate(_families(args.which))
            if not args.only or any(o in fam.name for o in args.only) for seed in args.seeds]
    args.out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with mp.get_context("spawn").Pool(args.jobs, maxtasksperchild=1) as pool:
        records = pool.map(_one, jobs, chunksize=1)
    save(args.out, records, checked=args.which != "v1", merge=bool(args.only), seconds=time.perf_counter() - t0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
