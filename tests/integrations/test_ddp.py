"""Two processes on gloo (CPU): ranks are averaged, rank 0 reports, a NaN on one rank is named with its rank and
every rank stops at the same step."""
from __future__ import annotations

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("sklearn")
if not torch.distributed.is_available():
    pytest.skip("torch.distributed is not available", allow_module_level=True)

import torch.multiprocessing as mp  # noqa: E402

from _ddp_worker import worker  # noqa: E402


@pytest.fixture(scope="module")
def ranks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    """Both scenarios in one pair of processes (starting a process that imports torch is the slow part)."""
    tmp = tmp_path_factory.mktemp("ddp")
    scenarios = [("healthy", -1, 10**9), ("nan_on_rank1", 1, 25)]
    mp.spawn(worker, args=(2, str(tmp / "init"), str(tmp), scenarios), nprocs=2, join=True)
    out = {name: [json.loads((tmp / name / f"rank{r}.json").read_text()) for r in (0, 1)] for name, _, _ in scenarios}
    out["_dir"] = tmp  # type: ignore[assignment]
    return out


def test_two_ranks_average_and_only_rank_zero_reports(ranks) -> None:  # type: ignore[no-untyped-def]
    r0, r1 = ranks["healthy"]
    assert r0["stopped_at"] is None and r1["stopped_at"] is None
    mean = (np.array(r0["local_losses"]) + np.array(r1["local_losses"])) / 2
    np.testing.assert_allclose(np.array(r0["loss_step"]), mean, rtol=1e-6)  # rank 0 logs the ranks' average
    assert r1["loss_step"] is None and r1["announced"] == []  # other ranks keep nothing and print nothing
    report = json.loads((ranks["_dir"] / "healthy" / "report.json").read_text())["runs"][0]
    assert report["verdict"] == "healthy", [f["message"] for f in report["findings"]]
    assert {"grad_norm/body.0", "dead_units/body.1", "update_ratio/head"} <= {s["key"] for s in report["series"]}


def test_a_nan_on_one_rank_is_named_with_its_rank_and_all_ranks_stop(ranks) -> None:  # type: ignore[no-untyped-def]
    r0, r1 = ranks["nan_on_rank1"]
    assert r0["stopped_at"] == r1["stopped_at"] == 25  # rank 0's decision reached rank 1 at the same step
    where = next(a for a in r0["announced"] if a["name"] == "nonfinite_activations")
    assert where["evidence"]["rank"] == 1 and where["evidence"]["module"] == "body.2"
    assert where["evidence"]["where"] == "forward" and where["step"] == 25
    assert any(k.endswith("@rank1") for k in r0["keys"])
