"""FSDP2 (`torch.distributed.fsdp.fully_shard`, DTensor parameters), two processes on gloo (CPU): the Doctor's curves
(losses averaged over the ranks, rank 0 reports, a NaN on one rank stops every rank at the same step) and its probes
(each rank measures its shards, one all-reduce per sampled step gives the whole model's norms)."""
from __future__ import annotations

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("sklearn")
if not torch.distributed.is_available():
    pytest.skip("torch.distributed is not available", allow_module_level=True)

import torch.multiprocessing as mp  # noqa: E402

from _fsdp_worker import worker  # noqa: E402


@pytest.fixture(scope="module")
def ranks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    tmp = tmp_path_factory.mktemp("fsdp")
    scenarios = [("healthy", -1, 10**9), ("nan_on_rank1", 1, 25)]
    mp.spawn(worker, args=(2, str(tmp / "init"), str(tmp), scenarios), nprocs=2, join=True)
    return {name: [json.loads((tmp / name / f"rank{r}.json").read_text()) for r in (0, 1)] for name, _, _ in scenarios}


def test_sharded_ranks_average_and_rank_zero_reports_a_healthy_run(ranks) -> None:  # type: ignore[no-untyped-def]
    r0, r1 = ranks["healthy"]
    assert r0["sharded"] == r1["sharded"] == "DTensor"  # the parameters really are sharded
    assert r0["stopped_at"] is None and r0["verdict"] == "healthy" and r0["announced"] == []
    mean = (np.array(r0["local_losses"]) + np.array(r1["local_losses"])) / 2
    np.testing.assert_allclose(np.array(r0["loss_step"]), mean, rtol=1e-6)
    assert r1["loss_step"] is None  # other ranks keep nothing


def test_a_nan_on_one_sharded_rank_stops_every_rank_at_that_step(ranks) -> None:  # type: ignore[no-untyped-def]
    r0, r1 = ranks["nan_on_rank1"]
    # the losses are read back every `every` (5) steps: every rank stops at the same read-back
    assert r0["stopped_at"] == r1["stopped_at"] and 25 <= r0["stopped_at"] < 30
    assert "nan_inf" in r0["announced"]


def test_probes_sum_the_shards_into_the_whole_model_norms(ranks) -> None:  # type: ignore[no-untyped-def]
    """The sampled gradient norm equals torch's own DTensor-aware total norm of the same step's gradients, and the
    per-layer series are there (update ratios from the summed shards)."""
    r0, _ = ranks["healthy"]
    steps, values = r0["series"]["grad_norm"]
    ours = dict(zip(steps, values))
    reference = {int(k): v for k, v in r0["reference_norms"].items()}
    shared = sorted(set(ours) & set(reference))
    assert len(shared) >= 5
    np.testing.assert_allclose([ours[s] for s in shared], [reference[s] for s in shared], rtol=1e-4)
    assert {"grad_norm/body.0", "update_ratio/head", "weight_norm/body.0"} <= set(r0["series"])
    ratios = np.array(r0["series"]["update_ratio/head"][1])
    assert np.all(np.isfinite(ratios)) and 1e-6 < np.median(ratios) < 1  # Adam 1e-3: small but real steps
