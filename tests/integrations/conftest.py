"""Live-integration tests train tiny models on CPU: one thread each (two threads on a busy 2-core machine are
twenty times slower, and nothing here is big enough to gain from more)."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _one_thread() -> None:
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
