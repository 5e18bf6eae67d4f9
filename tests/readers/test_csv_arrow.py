"""pyarrow's CSV reader (used for large files when installed) gives exactly the table the numpy path gives: the
same numbers to the bit, the same present/missing cells, the same warnings; anything it cannot read the same way
(a repeated header, a cut row, '%', text) is left to the numpy path."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lossdoctor.readers import table
from lossdoctor.readers.table import read_table

pytest.importorskip("pyarrow")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CSV_LIKE = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix in (".csv", ".tsv", ".log", ".tab"))

CASES = {
    "plain": "epoch,loss,val_loss\n0,1.5,2.5\n1,1.25,2.0\n",
    "sparse": "epoch,step,train_loss,val_loss\n0,0,1.5,\n0,1,,2.5\n1,2,1.25,\n1,3,,\n",
    "na_and_nan": "epoch,loss,val_loss\n0,NA,nan\n1,N/A,-inf\n2,null,inf\n3,None,NaN\n",
    "quoted": 'epoch,"loss",val_loss\n0,"1.5",""\n1,"2",3\n',
    "no_final_newline": "epoch,loss\n0,1.5\n1,1.25",
    "cut_last_row": "epoch,loss,val_loss\n0,1.5,2.5\n1,1.25",
    "repeated_header": "epoch,loss\n0,1.5\n1,1.25\nepoch,loss\n0,1.4\n",
    "percent": "epoch,acc\n0,81.5%\n1,82%\n",
    "huge": "epoch,loss\n0,1e400\n1," + "9" * 400 + "\n2,-1.7976931348623157e308\n3,5e-324\n",
    "odd_numbers": "epoch,loss\n0,+1.5\n1,-0.0\n2,1_0\n3,Infinity\n4,-nan\n5,0x10\n",
    "padded": "epoch, loss, val_loss\n0, 1.5, 2.5\n1, 1.25, 2.0\n",
    "semicolon": "epoch;loss;val_loss\n0;1.5;2.5\n1;1,25;2.0\n",
    "tabs_crlf": "epoch\tloss\r\n0\t1.5\r\n1\t1.25\r\n",
    "blank_lines": "epoch,loss\n\n0,1.5\n\n1,1.25\n   \n",
    "bom": "\ufeffepoch,loss\n0,1.5\n1,1.25\n",
    "ragged_long": "epoch,loss\n0,1.5,7\n1,1.25\n",
    "header_only": "epoch,loss\n",
    "text_cell": "epoch,loss\n0,1.5\n1,oops\n",
    "numeric_header": "0,1\n2,3\n4,5\n",
    "empty_column": "epoch,step,loss,val_loss\n0,0,1.5,\n0,1,1.4,\n",
    "nan_steps": "epoch,step,loss\nnan,0,1.5\n0,nan,1.4\n,1,NA\n",
}


def _both(path: Path, monkeypatch: pytest.MonkeyPatch, **kw: object) -> tuple[object, object]:
    """(numpy path's result, arrow path's result): a Table, or the error's text."""
    out = []
    for limit in (1 << 62, 0):
        monkeypatch.setattr(table, "ARROW_MIN_BYTES", limit)
        try:
            out.append(read_table(path, **kw))  # type: ignore[arg-type]
        except Exception as exc:  # noqa: BLE001 - the same error on both paths is what is compared
            out.append(f"{type(exc).__name__}: {exc}")
    return out[0], out[1]


def _same(a: object, b: object) -> None:
    if isinstance(a, str) or isinstance(b, str):
        assert a == b
        return
    assert isinstance(a, table.Table) and isinstance(b, table.Table)
    assert (a.header, a.sep, a.segments, a.warnings) == (b.header, b.sep, b.segments, b.warnings)
    assert a.values.shape == b.values.shape
    assert np.array_equal(a.present, b.present)
    assert a.values.tobytes() == b.values.tobytes()  # to the bit, NaN included


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("ends_rows", [False, True])
def test_arrow_and_numpy_paths_agree(name: str, ends_rows: bool, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / f"{name}.csv"
    p.write_text(CASES[name], encoding="utf-8", newline="")
    _same(*_both(p, monkeypatch, writer_ends_rows=ends_rows))


@pytest.mark.parametrize("path", CSV_LIKE, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_arrow_and_numpy_paths_agree_on_every_fixture(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _same(*_both(path, monkeypatch, writer_ends_rows=True))


def test_arrow_and_numpy_paths_agree_across_arrow_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file of several MB reaches pyarrow as many chunks (1 MB blocks), each with its own validity bitmap: the
    columns filled chunk by chunk equal the numpy path's, missing cells included, across every chunk boundary."""
    rng = np.random.default_rng(1)
    lines = ["epoch,lr-Adam,step,train_loss,val_loss"]
    for i in range(60_000):
        v = repr(float(rng.normal() * 10.0 ** rng.integers(-20, 20)))
        lines.append(f"{i // 900},,{i},{v}," if i % 3 else f"{i // 900},{i * 1e-6!r},{i},,{v}")
    p = tmp_path / "metrics.csv"
    p.write_text("\n".join(lines) + "\n")
    a, b = _both(p, monkeypatch, writer_ends_rows=True)
    _same(a, b)
    assert isinstance(b, table.Table) and b.n_rows == 60_000 and b.present[1].sum() == 20_000
    with p.open("rb") as fh:
        assert table._arrow_rows(fh, p, None) is not None  # pyarrow read it (3 chunks here), no fallback


def test_arrow_path_is_taken_for_plain_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The accelerator really runs (not every case falling back): plain and sparse files go through it."""
    p = tmp_path / "m.csv"
    p.write_text(CASES["sparse"])
    with p.open("rb") as fh:
        rows = table._arrow_rows(fh, p, None)
    assert rows is not None and rows.n_rows == 4
    p.write_text(CASES["repeated_header"])
    with p.open("rb") as fh:
        assert table._arrow_rows(fh, p, None) is None
