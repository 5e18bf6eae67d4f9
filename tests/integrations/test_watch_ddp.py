"""`watch` under DDP, two processes on gloo (CPU): the same one added line on every rank; rank 0 reports the ranks'
average, validation from each rank's eval-mode pass, and a NaN on one rank named with its rank and module."""
from __future__ import annotations

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("sklearn")
if not torch.distributed.is_available():
    pytest.skip("torch.distributed is not available", allow_module_level=True)

import torch.multiprocessing as mp  # noqa: E402

from _ddp_watch_worker import worker  # noqa: E402


@pytest.fixture(scope="module")
def ranks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    tmp = tmp_path_factory.mktemp("ddp_watch")
    scenarios = [("healthy", -1, 0), ("nan_on_rank1", 1, 25)]
    mp.spawn(worker, args=(2, str(tmp / "init"), str(tmp), scenarios), nprocs=2, join=True)
    out = {name: [json.loads((tmp / name / f"rank{r}.json").read_text()) for r in (0, 1)] for name, _, _ in scenarios}
    out["_dir"] = tmp  # type: ignore[assignment]
    return out


def test_rank_zero_reports_the_ranks_average_and_both_epochs(ranks) -> None:  # type: ignore[no-untyped-def]
    r0, r1 = ranks["healthy"]
    mean = (np.array(r0["local_losses"]) + np.array(r1["local_losses"])) / 2
    np.testing.assert_allclose(np.array(r0["loss_step"]), mean, rtol=1e-5)
    val = (np.array(r0["val_losses"]) + np.array(r1["val_losses"])) / 2
    np.testing.assert_allclose(np.array(r0["val_loss"]), val, rtol=1e-5)  # 2 epochs, the last ended by report()
    assert r1["loss_step"] is None and r1["announced"] == []
    report = json.loads((ranks["_dir"] / "healthy" / "report.json").read_text())["runs"][0]
    assert report["verdict"] == "healthy", [f["message"] for f in report["findings"]]


def test_a_nan_on_rank_one_is_named_with_its_rank(ranks) -> None:  # type: ignore[no-untyped-def]
    r0, _ = ranks["nan_on_rank1"]
    where = next(a for a in r0["announced"] if a["name"] == "nonfinite_activations")
    assert where["evidence"]["rank"] == 1 and where["evidence"]["module"] == "body.2"
    assert where["evidence"]["where"] == "forward" and where["step"] == 25
