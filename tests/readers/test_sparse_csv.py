"""The sparse-block CSV path gives exactly what the cell-by-cell path gives."""
from __future__ import annotations

import numpy as np

from lossdoctor.readers.table import column_floats, sparse_block


def test_sparse_block_matches_cell_by_cell() -> None:
    rng = np.random.default_rng(0)
    vals = [repr(float(x)) for x in rng.normal(size=3000) * 10.0 ** rng.integers(-30, 30, 3000)]
    lines = [f"{i},{v},," if i % 7 else f"{i},,{v},nan" for i, v in enumerate(vals)]
    values, present = sparse_block(lines, ",", ["step", "train_loss", "val_loss", "val_acc"])
    cols = list(zip(*[ln.split(",") for ln in lines]))
    for j in range(4):
        v, p = column_floats(list(cols[j]))
        assert np.array_equal(v, values[j], equal_nan=True) and np.array_equal(p, present[j])
    assert present[3].sum() == len([ln for ln in lines if ln.endswith("nan")])  # a logged nan is present


def test_sparse_block_leaves_odd_blocks_to_the_row_path() -> None:
    header = ["epoch", "loss", "val_loss"]
    assert sparse_block(["1,0.5,", "2,0.4"], ",", header) is None  # a short row
    assert sparse_block(["1,0.5,", 'epoch,loss,val_loss'], ",", header) is None  # a repeated header
    assert sparse_block(['1,"0.5",'], ",", header) is None  # a quoted cell
