"""A fused optimizer under GradScaler (torch's AMP recipe with `fused=True`, the Trainer's default AdamW): the scaler
calls its step on every step, skipped ones included, with the gradients still scaled, and the optimizer unscales and
skips inside its fused kernel. The probes must read those gradients as the update will: unscaled, and not at all on
a step the optimizer skips (inf gradients from loss scaling are normal AMP, not a non-finite finding)."""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("sklearn")

from _training import MLP, train  # noqa: E402
from lossdoctor.torch import Doctor  # noqa: E402


def _run(fused: bool):  # type: ignore[no-untyped-def]
    model = MLP()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, fused=fused)
    scaler = torch.amp.GradScaler("cpu", init_scale=2.0 ** 30)
    r = train(model, lambda m: Doctor(m, every=5, printer=None), optimizer=opt, epochs=3, scaler=scaler,
              autocast=torch.autocast("cpu", dtype=torch.float16))
    return r, scaler


def test_fused_adamw_skipped_steps_and_scaled_gradients() -> None:
    fused, scaler = _run(True)
    plain, _ = _run(False)  # the scaler unscales before stepping a plain optimizer: the reference
    assert scaler.get_scale() < 2.0 ** 30  # steps were skipped for inf gradients
    rep = fused.doctor.report()
    assert fused.doctor.announced == () and rep.verdict == "healthy", [f.message.en for f in rep.findings]
    assert float(rep.run.get("nonfinite").values.max()) == 0.0
    got, ref = rep.run.get("grad_norm"), plain.doctor.report().run.get("grad_norm")
    assert np.isfinite(got.values).all() and len(got) == len(ref)
    # the unscaled norm, as the update sees it (the two runs drift apart a little: fused and plain AdamW round
    # differently; still scaled, the norms would be the scale, 2**16 and more, times too large)
    np.testing.assert_allclose(got.values, ref.values, rtol=0.5)
