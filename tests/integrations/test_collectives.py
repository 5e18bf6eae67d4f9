"""The integrations' collectives (gloo, 2 CPU processes): the same results as torch's object collectives, and no
tensor of ours is ever left for gloo's worker thread to free (the cause of an abort at interpreter exit: see
integrations/collectives.py)."""
from __future__ import annotations

import json

import pytest

torch = pytest.importorskip("torch")
if not torch.distributed.is_available():
    pytest.skip("torch.distributed is not available", allow_module_level=True)

import torch.multiprocessing as mp  # noqa: E402

from _collectives_worker import worker  # noqa: E402

ROUNDS = 60


@pytest.fixture(scope="module")
def ranks(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    tmp = tmp_path_factory.mktemp("collectives")
    mp.spawn(worker, args=(2, str(tmp / "init"), str(tmp), ROUNDS), nprocs=2, join=True)
    return [json.loads((tmp / f"rank{r}.json").read_text()) for r in (0, 1)]


def test_every_rank_gets_every_rank_object_and_rank_zero_decision(ranks) -> None:  # type: ignore[no-untyped-def]
    for r in ranks:
        for i, got in enumerate(r["gathered"]):
            assert got == [{"rank": q, "i": i, "pad": "x" * (q * 50 + i)} for q in (0, 1)]  # sizes differ by rank
        assert r["broadcast"] == [["decision", i] for i in range(ROUNDS)]
        assert r["reduced"] == [[float(1 + i), 1.0] for i in range(ROUNDS)]  # MAX over ranks, in place


def test_no_tensor_is_left_to_the_backend_thread(ranks) -> None:  # type: ignore[no-untyped-def]
    for r in ranks:
        assert len(r["counts"]) >= ROUNDS * 9  # sizes, payloads and outputs of each call were all checked
        assert set(r["counts"]) == {1}  # only our reference left: the main thread frees each of them
        assert r["held"] == 0
