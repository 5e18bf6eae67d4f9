"""Paste-ready fixes shared by several rules, in code for each framework."""
from __future__ import annotations

from ..findings import Fix
from ..i18n import Text


def early_stopping(best_epoch: int, patience: int, min_delta: float) -> Fix:
    """Stop at the measured best epoch, with a patience that would have fired on this curve."""
    return Fix(
        Text(f"Stop early and keep the best weights (best epoch {best_epoch}; patience={patience}, "
             f"min_delta={min_delta:.3g} would have stopped this run).",
             f"使用早停并恢复最佳权重（最佳轮次 {best_epoch}；patience={patience}、min_delta={min_delta:.3g} "
             f"即可在本次训练中触发）。"),
        {
            "keras": f"keras.callbacks.EarlyStopping(monitor='val_loss', patience={patience}, "
                     f"min_delta={min_delta:.3g}, restore_best_weights=True)",
            "pytorch": (
                f"best, wait = float('inf'), 0\n"
                f"for epoch in range(epochs):\n"
                f"    train_one_epoch(model); val_loss = evaluate(model)\n"
                f"    if val_loss < best - {min_delta:.3g}:\n"
                f"        best, wait = val_loss, 0\n"
                f"        torch.save(model.state_dict(), 'best.pt')\n"
                f"    else:\n"
                f"        wait += 1\n"
                f"        if wait >= {patience}:\n"
                f"            break\n"
                f"model.load_state_dict(torch.load('best.pt'))"),
            "lightning": f"EarlyStopping(monitor='val_loss', patience={patience}, min_delta={min_delta:.3g})",
            "hf": f"EarlyStoppingCallback(early_stopping_patience={patience}, early_stopping_threshold={min_delta:.3g})"
                  "  # with load_best_model_at_end=True, metric_for_best_model='eval_loss'",
        },
    )


def gradient_clipping(max_norm: float = 1.0) -> Fix:
    return Fix(
        Text(f"Clip the gradient norm (max_norm={max_norm:g}).", f"裁剪梯度范数（max_norm={max_norm:g}）。"),
        {
            "keras": f"optimizer = keras.optimizers.Adam(learning_rate=1e-3, clipnorm={max_norm:g})",
            "pytorch": f"loss.backward()\ntorch.nn.utils.clip_grad_norm_(model.parameters(), max_norm={max_norm:g})\n"
                       "optimizer.step()",
            "lightning": f"Trainer(gradient_clip_val={max_norm:g})",
            "hf": f"TrainingArguments(..., max_grad_norm={max_norm:g})",
        },
    )


def lower_lr(factor: float = 10.0) -> Fix:
    return Fix(
        Text(f"Lower the learning rate about {factor:g}x (typical range 1e-5 to 1e-2).",
             f"把学习率降低约 {factor:g} 倍（常用范围 1e-5 到 1e-2）。"),
        {
            "keras": "model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-4), loss=..., metrics=[...])",
            "pytorch": "optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)",
            "hf": "TrainingArguments(..., learning_rate=2e-5)",
        },
    )
