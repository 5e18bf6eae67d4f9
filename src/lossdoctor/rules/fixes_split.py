"""Paste-ready fixes for generalisation and train/validation-split problems (Keras, PyTorch, Lightning, HF)."""
from __future__ import annotations

from ..findings import Fix
from ..i18n import Text


def stop_at_best(best: float, patience: int, min_delta: float, stop: float | None, wasted: int, unit_en: str,
                 unit_zh: str, monitor: str = "val_loss") -> Fix:
    """Early stopping at the measured best point, with the patience/min_delta that would have fired here."""
    when_en = (f"it would have stopped at {unit_en} {stop:g} and restored {unit_en} {best:g}, saving {wasted} "
               f"{unit_en}s" if stop is not None else f"restore {unit_en} {best:g}")
    when_zh = (f"它会在第 {stop:g} {unit_zh}停止并恢复第 {best:g} {unit_zh}的权重，省下 {wasted} {unit_zh}"
               if stop is not None else f"恢复第 {best:g} {unit_zh}的权重")
    evals = "evaluations" if unit_en == "step" else "epochs"
    return Fix(
        Text(f"Stop early and keep the best weights: best {unit_en} {best:g}; with patience={patience} "
             f"{evals} and min_delta={min_delta:.2g} {when_en}.",
             f"使用早停并恢复最佳权重：最佳为第 {best:g} {unit_zh}；patience={patience}、min_delta={min_delta:.2g} 时，"
             f"{when_zh}。"),
        {
            "keras": f"keras.callbacks.EarlyStopping(monitor='{monitor}', patience={patience}, "
                     f"min_delta={min_delta:.2g}, restore_best_weights=True)",
            "pytorch": (
                "best, wait = float('inf'), 0\n"
                "for epoch in range(epochs):\n"
                "    train_one_epoch(model)\n"
                "    val_loss = evaluate(model)\n"
                f"    if val_loss < best - {min_delta:.2g}:\n"
                "        best, wait = val_loss, 0\n"
                "        torch.save(model.state_dict(), 'best.pt')\n"
                "    else:\n"
                "        wait += 1\n"
                f"        if wait >= {patience}:\n"
                "            break\n"
                "model.load_state_dict(torch.load('best.pt'))"),
            "lightning": (f"callbacks=[EarlyStopping(monitor='{monitor}', patience={patience}, "
                          f"min_delta={min_delta:.2g}), ModelCheckpoint(monitor='{monitor}', save_top_k=1)]"),
            "hf": (f"TrainingArguments(..., eval_strategy='steps', load_best_model_at_end=True, "
                   f"metric_for_best_model='eval_loss', save_strategy='steps')\n"
                   f"trainer = Trainer(..., callbacks=[EarlyStoppingCallback(early_stopping_patience={patience}, "
                   f"early_stopping_threshold={min_delta:.2g})])"),
        },
    )


def regularize(weight_decay: float = 1e-4, dropout: float = 0.3) -> Fix:
    """Weight decay plus dropout in the 0.1-0.5 range (seed 003)."""
    return Fix(
        Text(f"Regularise: weight decay {weight_decay:g} and dropout {dropout:g} (try 0.1-0.5) between dense layers.",
             f"加入正则化：权重衰减 {weight_decay:g}，全连接层之间加 dropout {dropout:g}（可在 0.1-0.5 间尝试）。"),
        {
            "keras": ("keras.layers.Dense(256, activation='relu',\n"
                      f"                   kernel_regularizer=keras.regularizers.l2({weight_decay:g})),\n"
                      f"keras.layers.Dropout({dropout:g}),\n"
                      f"# or: optimizer=keras.optimizers.AdamW(learning_rate=1e-3, weight_decay={weight_decay:g})"),
            "pytorch": (f"nn.Sequential(nn.Linear(d_in, 256), nn.ReLU(), nn.Dropout({dropout:g}), "
                        "nn.Linear(256, n_out))\n"
                        f"optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay={weight_decay:g})"),
            "hf": (f"TrainingArguments(..., weight_decay={weight_decay:g})"
                   f"  # and config.hidden_dropout_prob={dropout:g}"),
        },
    )


def augment() -> Fix:
    return Fix(
        Text("Augment the training data (random flips, crops, small rotations; noise for signals) so the model "
             "cannot memorise examples.",
             "对训练数据做增强（随机翻转、裁剪、小角度旋转；信号数据加噪声），让模型无法记住样本。"),
        {
            "keras": ("augment = keras.Sequential([keras.layers.RandomFlip('horizontal'), "
                      "keras.layers.RandomRotation(0.1), keras.layers.RandomZoom(0.1)])\n"
                      "inputs = keras.Input(shape); x = augment(inputs)  # active only in training"),
            "pytorch": ("from torchvision import transforms as T\n"
                        "train_tf = T.Compose([T.RandomResizedCrop(224), T.RandomHorizontalFlip(), T.ToTensor()])\n"
                        "val_tf = T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor()])"),
        },
    )


def check_split() -> Fix:
    """Split first, then fit every preprocessing step on the training part only; no duplicates across splits."""
    return Fix(
        Text("Split before any preprocessing, fit scalers/encoders on the training split only, and remove rows "
             "that appear in both splits.",
             "先划分数据再做任何预处理，标准化器/编码器只在训练集上 fit，并删除同时出现在两个划分中的样本。"),
        {
            "keras": ("from sklearn.model_selection import train_test_split\n"
                      "from sklearn.preprocessing import StandardScaler\n"
                      "x_tr, x_val, y_tr, y_val = train_test_split(x, y, test_size=0.2, stratify=y, random_state=0)\n"
                      "scaler = StandardScaler().fit(x_tr)          # train only\n"
                      "x_tr, x_val = scaler.transform(x_tr), scaler.transform(x_val)\n"
                      "model.fit(x_tr, y_tr, validation_data=(x_val, y_val))"),
            "pytorch": ("import hashlib, numpy as np\n"
                        "h = lambda a: {hashlib.sha1(np.ascontiguousarray(r).tobytes()).hexdigest() for r in a}\n"
                        "dup = h(x_train) & h(x_val)\n"
                        "print(len(dup), 'validation rows also in training')  # should be 0\n"
                        "mean, std = x_train.mean(0), x_train.std(0) + 1e-8      # statistics from train only\n"
                        "x_train, x_val = (x_train - mean) / std, (x_val - mean) / std"),
        },
    )


def representative_val_set() -> Fix:
    return Fix(
        Text("Use a larger, stratified validation split drawn from the same distribution as training "
             "(every class present), and evaluate on all of it each time.",
             "使用更大的分层验证集，与训练集同分布（每个类别都有），并每次在整个验证集上评估。"),
        {
            "keras": ("x_tr, x_val, y_tr, y_val = train_test_split(x, y, test_size=0.2, stratify=y, shuffle=True, "
                      "random_state=0)\nmodel.fit(x_tr, y_tr, validation_data=(x_val, y_val))"),
            "pytorch": ("from sklearn.model_selection import train_test_split\n"
                        "tr_idx, val_idx = train_test_split(np.arange(len(ds)), test_size=0.2, "
                        "stratify=labels, random_state=0)\n"
                        "val_loader = DataLoader(Subset(ds, val_idx), batch_size=256, shuffle=False)"),
            "hf": "TrainingArguments(..., eval_strategy='epoch')  # eval_dataset = the full stratified split",
        },
    )


def inspect_data() -> Fix:
    """Seed 000's procedure: look at samples and labels, then overfit a tiny subset."""
    return Fix(
        Text("Look at a few training samples with their labels, check the training loss is computed on the "
             "labels you think, then overfit 10-20 samples: the training loss must go to ~0.",
             "查看几个训练样本及其标签，确认训练损失用的是正确的标签，然后在 10-20 个样本上过拟合：训练损失应降到接近 0。"),
        {
            "keras": "small = (x_train[:16], y_train[:16])\nmodel.fit(*small, epochs=200, verbose=0)\n"
                     "print(model.evaluate(*small))  # loss should be ~0",
            "pytorch": ("xb, yb = next(iter(train_loader))\nfor _ in range(300):\n"
                        "    optimizer.zero_grad(); loss = loss_fn(model(xb), yb); loss.backward(); optimizer.step()\n"
                        "print(loss.item())  # should be ~0"),
        },
    )


def calibrate() -> Fix:
    return Fix(
        Text("Monitor the metric you care about for early stopping, and soften over-confident predictions "
             "(label smoothing 0.1).",
             "早停时监控真正关心的指标，并用标签平滑（0.1）缓解过度自信。"),
        {
            "keras": ("loss = keras.losses.CategoricalCrossentropy(label_smoothing=0.1)\n"
                      "keras.callbacks.EarlyStopping(monitor='val_accuracy', mode='max', restore_best_weights=True)"),
            "pytorch": "loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=0.1)",
            "hf": "TrainingArguments(..., label_smoothing_factor=0.1, metric_for_best_model='accuracy')",
        },
    )


def check_loss_pairing() -> Fix:
    return Fix(
        Text("Check the output layer, loss and label format belong together: softmax + categorical cross-entropy "
             "with one-hot labels (or sparse with integer labels), sigmoid + binary cross-entropy with 0/1 labels.",
             "检查输出层、损失和标签格式是否匹配：softmax + categorical_crossentropy 配 one-hot 标签（或 sparse 配整数标签），"
             "sigmoid + binary_crossentropy 配 0/1 标签。"),
        {
            "keras": ("keras.layers.Dense(n_classes, activation='softmax')\n"
                      "model.compile(loss='sparse_categorical_crossentropy', metrics=['accuracy'])  # integer labels"),
            "pytorch": ("logits = model(x)                    # no softmax in the model\n"
                        "loss = torch.nn.functional.cross_entropy(logits, y)  # y: int64 class ids\n"
                        "acc = (logits.argmax(1) == y).float().mean()"),
        },
    )


def lower_lr_and_check_step() -> Fix:
    return Fix(
        Text("Lower the learning rate 10x and check the training step: `optimizer.zero_grad()` every step, "
             "the loss is minimised (not maximised), and the optimiser holds the model's parameters.",
             "把学习率降低 10 倍并检查训练步骤：每步调用 `optimizer.zero_grad()`，损失是被最小化（而不是最大化），"
             "优化器持有的是模型的参数。"),
        {
            "keras": "model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-4), loss=..., metrics=[...])",
            "pytorch": ("optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)\n"
                        "for xb, yb in loader:\n"
                        "    optimizer.zero_grad()\n"
                        "    loss = loss_fn(model(xb), yb)\n"
                        "    loss.backward()\n"
                        "    optimizer.step()"),
            "hf": "TrainingArguments(..., learning_rate=2e-5)",
        },
    )


def class_weights() -> Fix:
    """Weight the loss by inverse class frequency so the minority classes count."""
    return Fix(
        Text("Weight the classes by inverse frequency (or oversample the minority) so predicting the majority "
             "class stops paying off; report per-class recall or balanced accuracy.",
             "按类别频率的倒数加权（或对少数类过采样），让只预测多数类不再划算；并报告各类召回率或平衡准确率。"),
        {
            "keras": ("from sklearn.utils.class_weight import compute_class_weight\n"
                      "w = compute_class_weight('balanced', classes=np.unique(y_train), y=y_train)\n"
                      "model.fit(x_train, y_train, class_weight=dict(enumerate(w)), ...)"),
            "pytorch": ("counts = torch.bincount(y_train)\n"
                        "weight = counts.sum() / (len(counts) * counts.float())\n"
                        "loss_fn = torch.nn.CrossEntropyLoss(weight=weight)"),
            "hf": "# subclass Trainer.compute_loss and use CrossEntropyLoss(weight=weight)",
        },
    )
