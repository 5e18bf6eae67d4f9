"""How fast can a CSV of numbers be parsed with numpy alone? The floor of lossdoctor's numpy path, beside pandas.

    nice -n 5 python benchmarks/bench_csv_floor.py FILE.csv [--repeat 3]

FILE is a CSV of plain numbers under a one-line header (bench_read.py writes one: history_<N>.csv). Every parser
runs in this one process on the same file, --repeat times round-robin, and the best CPU time (time.process_time)
of each is printed with its ratio to pandas' `read_csv` (the C tokenizer lossdoctor is compared against). The
numpy candidates are the C-level ways numpy offers to turn text into float64 (each gives Python's correctly
rounded value): `np.loadtxt` on the file (numpy's C reader), a cast of fixed-width byte strings to float64 after
cutting the cells out with vectorised index arithmetic, `np.fromstring(sep=",")`, `float` over `bytes.split`,
and one pass of `np.frombuffer` that only finds the separators (the first step of any vectorised tokenizer).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Callable

import numpy as np


def _cells(body: np.ndarray, width: int = 24) -> np.ndarray:
    """Every cell as a fixed-width byte string (shorter cells NUL-padded), cut out by vectorised indexing."""
    ends = np.flatnonzero((body == ord(",")) | (body == ord("\n")))
    starts = np.empty_like(ends)
    starts[0], starts[1:] = 0, ends[:-1] + 1
    idx = np.minimum(starts[:, None] + np.arange(width), body.size - 1)
    grid = body[idx]
    grid[np.arange(width)[None, :] >= (ends - starts)[:, None]] = 0
    return grid.view(f"S{width}").ravel()


def candidates(path: Path) -> dict[str, Callable[[], object]]:
    raw = path.read_bytes()
    text = raw[raw.index(b"\n") + 1:]
    body = np.frombuffer(text, dtype=np.uint8)
    flat = text.replace(b"\n", b",")[:-1]
    import pandas as pd

    return {
        "pandas.read_csv (reference)": lambda: pd.read_csv(path),
        "np.loadtxt(file, delimiter=',')": lambda: np.loadtxt(path, delimiter=",", skiprows=1),
        "cells cut by index + astype(float64)": lambda: _cells(body).astype(np.float64),
        "np.fromstring(text, sep=',')": lambda: np.fromstring(flat.decode(), sep=","),
        "float() over bytes.split": lambda: np.fromiter(map(float, flat.split(b",")), np.float64),
        "np.frombuffer: find separators only": lambda: np.flatnonzero((body == ord(",")) | (body == ord("\n"))),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    runs = candidates(args.path)
    best = {name: float("inf") for name in runs}
    for _ in range(args.repeat):
        for name, f in runs.items():
            c0 = time.process_time()
            f()
            best[name] = min(best[name], time.process_time() - c0)
    ref = best["pandas.read_csv (reference)"]
    with open(args.path, "rb") as fh:
        n_cols = fh.readline().count(b",") + 1
        cells = n_cols * sum(1 for _ in fh)
    print(f"# {args.path.name}: {args.path.stat().st_size:,} bytes; best of {args.repeat}, CPU seconds\n")
    print("| parser | CPU s | ns per cell | x pandas |")
    print("|---|---|---|---|")
    for name, s in best.items():
        print(f"| {name} | {s:.3f} | {s / cells * 1e9:.0f} | {s / ref:.2f}x |")


if __name__ == "__main__":
    main()
