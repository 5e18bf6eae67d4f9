"""LD205: large update ratios are a warning when the loss does not profit from them, a note when it clearly falls."""
from __future__ import annotations

import json
from pathlib import Path

from lossdoctor.findings import Severity
from lossdoctor.rules import RULES
from lossdoctor.rules._rule import Context, Options
from lossdoctor.rules.docs import load_example

BAD = Path(__file__).parent / "examples" / "LD205" / "bad_sgd_lr_1.json"
LD205 = next(r for r in RULES if r.code == "LD205")


def _severities(path: Path) -> list[Severity]:
    run, _ = load_example(path)
    return [f.severity for f in LD205.func(Context(run, Options())) if f.code == "LD205"]


def test_large_steps_while_the_loss_climbs_and_stalls_warn() -> None:
    """SGD at lr 1: the loss jumps from 1.2 to 4.5 and stalls at 2.3 while the steps rewrite a third of a layer."""
    assert _severities(BAD) and min(_severities(BAD)) >= Severity.WARNING


def test_the_same_ratios_beside_a_clearly_falling_loss_are_a_note(tmp_path: Path) -> None:
    """Adam's first steps on small initial weights: as large, but the loss falls far beyond its noise."""
    data = json.loads(BAD.read_text(encoding="utf-8"))
    n = len(data["loss"])
    data["loss"] = [2.3 * 0.8 ** i + 0.01 * (-1) ** i for i in range(n)]
    p = tmp_path / "falling.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    assert _severities(p) == [Severity.INFO]
