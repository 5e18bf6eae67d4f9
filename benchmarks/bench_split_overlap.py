"""Split-overlap speed and recall: lossdoctor's LD301 beside a pandas `merge` and deepchecks' Train Test Samples Mix.

One run, the same generated data for all three: a training split of 1,000,000 x 50 and a test split of 200,000 x 50
(Gaussian features rounded to 6 decimals, as a CSV would hold them), with 2% of the test rows planted as exact
copies of training rows and 1% as near copies (every feature moved by at most 0.1% of its standard deviation).

    bash benchmarks/checks_venv.sh            # once: /work/venvs/checks with deepchecks (outside the repository)
    /work/venvs/checks/bin/python benchmarks/bench_split_overlap.py [--rows 1000000] [--test-rows 200000]

Prints a Markdown table (docs/benchmarks.md, section "Split overlap"). lossdoctor runs from this checkout's src/.
"""
from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def make_data(rows: int, test_rows: int, cols: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                                             np.ndarray]:
    rng = np.random.default_rng(seed)
    train = np.round(rng.standard_normal((rows, cols)), 6)
    test = np.round(rng.standard_normal((test_rows, cols)), 6)
    n_exact, n_near = test_rows // 50, test_rows // 100
    exact_at = rng.choice(test_rows, n_exact + n_near, replace=False)
    near_at, exact_at = exact_at[n_exact:], exact_at[:n_exact]
    test[exact_at] = train[rng.choice(rows, n_exact, replace=False)]
    test[near_at] = train[rng.choice(rows, n_near, replace=False)] + rng.uniform(-1e-3, 1e-3, (n_near, cols))
    return train, test, np.sort(exact_at), np.sort(near_at)


def timed(fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def bench_lossdoctor(train: np.ndarray, test: np.ndarray) -> tuple[float, set[int], set[int]]:
    from lossdoctor.checks.api import check

    sec, rep = timed(lambda: check(train, test=test, select=("LD301",)))
    ev = rep.findings[0].evidence if rep.findings else {}
    from lossdoctor.checks.split_overlap import overlap
    from lossdoctor.checks.data import load

    exact, near = overlap(load(test, "test"), load(train, "train"))  # the full id lists (the report shows 20)
    assert ev.get("contaminated", 0) == exact.query.size + near.query.size
    return sec, set(exact.query.tolist()), set(near.query.tolist())


def bench_lossdoctor_all(train: np.ndarray, test: np.ndarray) -> tuple[float, list[str]]:
    """Every check that needs no model, with labels, as `lossdoctor check --train --test --label` runs them."""
    from lossdoctor.checks.api import check

    rng = np.random.default_rng(1)
    sec, rep = timed(lambda: check((train, rng.integers(0, 2, len(train))), test=(test, rng.integers(0, 2, len(test)))))
    return sec, [f.code for f in rep.findings]


def bench_lossdoctor_exact(train: np.ndarray, test: np.ndarray) -> tuple[float, set[int]]:
    from lossdoctor.checks.duplicates import exact_table_matches

    sec, m = timed(lambda: exact_table_matches(test, train))
    return sec, set(m.query.tolist())


def bench_pandas(train: np.ndarray, test: np.ndarray) -> tuple[float, set[int]]:
    import pandas as pd

    cols = [f"f{j}" for j in range(train.shape[1])]
    tr, te = pd.DataFrame(train, columns=cols), pd.DataFrame(test, columns=cols)

    def run() -> set[int]:
        m = te.reset_index().merge(tr.drop_duplicates(), on=cols, how="inner")
        return set(m["index"].tolist())

    return timed(run)


def bench_deepchecks(train: np.ndarray, test: np.ndarray) -> tuple[float, float | None, str]:
    """deepchecks' Train Test Samples Mix in this process (called in a child with a memory and time limit)."""
    try:
        import pandas as pd
        from deepchecks.tabular import Dataset
        from deepchecks.tabular.checks import TrainTestSamplesMix
    except Exception as exc:  # noqa: BLE001
        return float("nan"), None, f"not run: {type(exc).__name__}: {exc}"
    cols = [f"f{j}" for j in range(train.shape[1])]
    tr, te = pd.DataFrame(train, columns=cols), pd.DataFrame(test, columns=cols)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")

        def run() -> float:
            ds_tr = Dataset(tr, cat_features=[])
            ds_te = Dataset(te, cat_features=[])
            res = TrainTestSamplesMix(n_samples=10_000_000).run(ds_tr, ds_te, with_display=False)
            return float(res.value["ratio"])

        sec, ratio = timed(run)
    import deepchecks

    return sec, ratio, f"deepchecks {deepchecks.__version__}"


def deepchecks_limited(rows: int, test_rows: int, cols: int, timeout: int, memory_gb: float) -> dict:
    """Run deepchecks in a child process capped at `memory_gb` of address space and `timeout` seconds (the
    machine is shared: a peer that grows without bound must not take it down)."""
    import json
    import resource
    import subprocess

    def limit() -> None:
        cap = int(memory_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    cmd = [sys.executable, __file__, "--deepchecks-child", "--rows", str(rows), "--test-rows", str(test_rows),
           "--cols", str(cols)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, preexec_fn=limit)
    except subprocess.TimeoutExpired:
        return {"note": f"did not finish in {timeout} s (stopped)"}
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    if out.returncode != 0 or not lines:
        err = (out.stderr.strip().splitlines() or ["no output"])[-1]
        return {"note": f"failed under a {memory_gb:g} GiB cap: {err[:160]}"}
    return json.loads(lines[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--test-rows", type=int, default=200_000)
    ap.add_argument("--cols", type=int, default=50)
    ap.add_argument("--small-rows", type=int, default=100_000, help="a second, smaller size where deepchecks fits")
    ap.add_argument("--small-test-rows", type=int, default=20_000)
    ap.add_argument("--deepchecks-timeout", type=int, default=600)
    ap.add_argument("--deepchecks-memory-gb", type=float, default=6.0)
    ap.add_argument("--deepchecks-child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.deepchecks_child:
        import json

        train, test, _, _ = make_data(args.rows, args.test_rows, args.cols)
        sec, ratio, note = bench_deepchecks(train, test)
        print(json.dumps({"sec": sec, "ratio": ratio, "note": note}))
        return
    print(f"numpy {np.__version__}; deepchecks capped at {args.deepchecks_memory_gb:g} GiB and "
          f"{args.deepchecks_timeout} s\n")
    print("| data | tool | what it finds | seconds | vs lossdoctor LD301 | exact recall | near recall | "
          "false matches |")
    print("|---|---|---|---|---|---|---|---|")
    for rows, test_rows, everything in ((args.rows, args.test_rows, True),
                                        (args.small_rows, args.small_test_rows, False)):
        one_size(rows, test_rows, args.cols, everything, args)


def one_size(rows: int, test_rows: int, cols: int, everything: bool, args: argparse.Namespace) -> None:
    train, test, exact_at, near_at = make_data(rows, test_rows, cols)
    planted_exact, planted_near = set(exact_at.tolist()), set(near_at.tolist())
    size = f"{rows:,} + {test_rows:,} x {cols}"

    def recall(found: set[int], planted: set[int]) -> str:
        return f"{len(found & planted) / len(planted):.3f}"

    ld_sec, ld_exact, ld_near = bench_lossdoctor(train, test)
    ld_false = len((ld_exact | ld_near) - planted_exact - planted_near)
    print(f"| {size} | lossdoctor LD301 (`check(train, test=test)`) | exact + near | {ld_sec:.2f} | 1.0x | "
          f"{recall(ld_exact, planted_exact)} | {recall(ld_near, planted_near)} | {ld_false} |", flush=True)
    if everything:
        all_sec, all_codes = bench_lossdoctor_all(train, test)
        print(f"| {size} | lossdoctor, every check without a model (LD301-303, LD305-307; with labels) | "
              f"{', '.join(all_codes)} | {all_sec:.2f} | {all_sec / ld_sec:.2f}x | - | - | - |", flush=True)
        lx_sec, lx_exact = bench_lossdoctor_exact(train, test)
        print(f"| {size} | lossdoctor, exact hashing only | exact | {lx_sec:.2f} | {lx_sec / ld_sec:.2f}x | "
              f"{recall(lx_exact, planted_exact)} | - | {len(lx_exact - planted_exact)} |", flush=True)
    pd_sec, pd_exact = bench_pandas(train, test)
    print(f"| {size} | pandas `merge` on all columns | exact | {pd_sec:.2f} | {pd_sec / ld_sec:.2f}x | "
          f"{recall(pd_exact, planted_exact)} | 0.000 | {len(pd_exact - planted_exact)} |", flush=True)
    del train, test
    dc = deepchecks_limited(rows, test_rows, cols, args.deepchecks_timeout, args.deepchecks_memory_gb)
    if dc.get("ratio") is None:
        print(f"| {size} | deepchecks Train Test Samples Mix | exact | - | - | {dc['note']} | - | - |", flush=True)
    else:
        print(f"| {size} | deepchecks Train Test Samples Mix ({dc['note']}) | exact (a share, no ids) | "
              f"{dc['sec']:.2f} | {dc['sec'] / ld_sec:.2f}x | reports {dc['ratio']:.4f} of test rows (planted exact "
              f"{len(planted_exact) / test_rows:.4f}) | 0.000 | - |", flush=True)


if __name__ == "__main__":
    main()
