"""A fixed report built by hand (so it does not move when rules change) that exercises every annotation kind:
a shaded span with a best-epoch marker, a list of spike positions, a first non-finite point, an explained
finding, ranked causes, an analysis table and skipped rules. Plus snapshot helpers."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from lossdoctor.differential import RankedCause
from lossdoctor.engine import Report
from lossdoctor.findings import Analysis, Cause, Finding, Fix, Mark, Severity, Skipped, Span
from lossdoctor.i18n import Text
from lossdoctor.model import Axis, Kind, Run, Series, Split

SNAPSHOTS = Path(__file__).parent / "snapshots"


def series(key: str, split: Split, kind: Kind, values: list[float], axis: Axis = Axis.EPOCH) -> Series:
    v = np.array(values, dtype=np.float64)
    return Series(key, split, kind, axis, np.arange(v.size, dtype=np.float64), v)


def fixed_run() -> Run:
    train = [2.0, 1.5, 1.1, 0.8, 0.6, 0.45, 0.35, 0.28, 0.22, 0.18, 0.15, 0.12]
    val = [2.1, 1.6, 1.25, 1.05, 0.95, 0.92, 0.95, 1.3, 1.08, 1.15, float("nan"), float("inf")]
    acc = [0.3, 0.45, 0.55, 0.62, 0.66, 0.68, 0.67, 0.66, 0.66, 0.65, 0.64, 0.64]
    return Run("fixed-run", (series("loss", Split.TRAIN, Kind.LOSS, train), series("val_loss", Split.VAL, Kind.LOSS, val),
                             series("val_accuracy", Split.VAL, Kind.ACCURACY, acc)),
               source="runs/fixed/history.json", format="keras_history")


def fixed_findings() -> tuple[Finding, ...]:
    fix = Fix(Text("Stop early at the best epoch.", "在最佳轮次提前停止。"),
              {"keras": "keras.callbacks.EarlyStopping(monitor='val_loss', patience=2, restore_best_weights=True)",
               "pytorch": "if wait >= 2:\n    break"})
    nan = Finding("LD108", "nan_inf", Severity.ERROR,
                  Text("val_loss became nan at epoch 10 (last finite value 1.15).",
                       "val_loss 在第 10 轮变成 nan（之前最后一个有限值 1.15）。"),
                  span=Span("epoch", 10, 11), evidence={"series": "val_loss", "first_nonfinite_step": 10.0,
                                                         "last_finite_value": 1.15},
                  marks=(Mark("first_nonfinite_step", (10.0,)),),
                  causes=(Cause("lr_too_high", 0.5, Text("the usual cause", "常见原因")),),
                  fixes=(Fix(Text("Lower the learning rate 10x.", "把学习率降低 10 倍。"),
                             {"pytorch": "optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)"}),),
                  series=("val_loss",))
    over = Finding("LD101", "overfitting", Severity.WARNING,
                   Text("val_loss was best at epoch 5 (0.92) and rose to 1.15 by epoch 9.",
                        "val_loss 在第 5 轮最佳（0.92），到第 9 轮升至 1.15。"),
                   span=Span("epoch", 5, 9), evidence={"best_epoch": 5.0, "val_loss_at_best": 0.92, "gap_at_end": 0.97},
                   marks=(Mark("best_epoch", (5.0,)),),
                   causes=(Cause("model_too_large", 0.4, Text("capacity beyond the data", "容量超出数据所需"),
                                 Text("the model is small", "模型很小")),),
                   fixes=(fix,), series=("loss", "val_loss"),
                   experiment=Text("Retrain with dropout.", "加入 dropout 重新训练。"))
    spikes = Finding("LD109", "loss_spikes", Severity.INFO, Text("val_loss jumped 2 times (x1.4 at epoch 7).",
                                                                 "val_loss 跳升 2 次（第 7 轮 1.4 倍）。"),
                     evidence={"spike_epochs": [7.0, 9.0], "largest_jump": 1.4}, series=("val_loss",),
                     marks=(Mark("spike_epochs", (7.0, 9.0), many=True),),
                     explained_by="nan_inf")
    return nan, over, spikes


def fixed_report() -> Report:
    causes = (RankedCause("lr_too_high", 0.5, ("nan_inf",)), RankedCause("model_too_large", 0.32, ("overfitting",)))
    analysis = Analysis("rate_of_change", Text("Rate of change", "变化率"),
                        (Text("series", "序列"), Text("mean Δ/epoch", "平均每轮变化")),
                        (("loss", "-0.17"), ("val_loss", "+0.04")),
                        Text("validation stopped improving", "验证已停止改善"))
    skipped = (Skipped("LD111", "loss_metric_disagreement", Text("no training accuracy", "没有训练准确率")),
               Skipped("LD116", "noisy_validation", Text("no training accuracy", "没有训练准确率")))
    return Report(fixed_run(), fixed_findings(), skipped, causes, False, (analysis,))


def healthy_report() -> Report:
    run = Run("healthy-run", (series("loss", Split.TRAIN, Kind.LOSS, [1.0, 0.8, 0.6, 0.5]),
                              series("val_loss", Split.VAL, Kind.LOSS, [1.1, 0.9, 0.7, 0.6])), format="keras_csv")
    return Report(run, ())


def assert_snapshot(name: str, text: str) -> None:
    """Compare with tests/report/snapshots/<name>; LOSSDOCTOR_UPDATE_SNAPSHOTS=1 rewrites it."""
    path = SNAPSHOTS / name
    if os.environ.get("LOSSDOCTOR_UPDATE_SNAPSHOTS") == "1" or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if os.environ.get("LOSSDOCTOR_UPDATE_SNAPSHOTS") != "1":
            pytest.fail(f"snapshot {name} was missing and has been written; review it and rerun")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; rerun with LOSSDOCTOR_UPDATE_SNAPSHOTS=1 " \
                                                    f"if the change is intended"
