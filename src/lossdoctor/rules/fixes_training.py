"""Paste-ready fixes for optimisation problems (loss-shape rules), in code for each framework."""
from __future__ import annotations

from ..findings import Fix
from ..i18n import Text


def reduce_lr_on_plateau(patience: int = 5, factor: float = 0.5) -> Fix:
    return Fix(
        Text(f"Cut the learning rate when the loss stops improving (factor={factor:g}, patience={patience} "
             "evaluations).",
             f"损失停止改善时降低学习率（factor={factor:g}，patience={patience} 次评估）。"),
        {
            "keras": f"keras.callbacks.ReduceLROnPlateau(monitor='val_loss', factor={factor:g}, "
                     f"patience={patience}, min_lr=1e-6)",
            "pytorch": f"scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode='min', "
                       f"factor={factor:g}, patience={patience})\n# after each evaluation:\nscheduler.step(val_loss)",
            "lightning": ("def configure_optimizers(self):\n"
                          "    opt = torch.optim.Adam(self.parameters(), lr=1e-3)\n"
                          f"    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor={factor:g}, "
                          f"patience={patience})\n"
                          "    return {'optimizer': opt, 'lr_scheduler': {'scheduler': sched, 'monitor': 'val_loss'}}"),
            "hf": "TrainingArguments(..., lr_scheduler_type='reduce_lr_on_plateau', eval_strategy='epoch')",
        },
    )


def lr_range_test() -> Fix:
    return Fix(
        Text("Run an LR range test: raise the LR exponentially from 1e-7 to 1 over ~100 batches and pick a value "
             "about 10x below the point where the loss is lowest (typical range 1e-5 to 1e-2).",
             "做一次学习率范围测试：在约 100 个批次内把学习率从 1e-7 指数增大到 1，选取损失最低点约 1/10 的值"
             "（常用范围 1e-5 到 1e-2）。"),
        {
            "pytorch": ("import math, copy\n"
                        "state = copy.deepcopy(model.state_dict())\n"
                        "lrs, losses, lr = [], [], 1e-7\n"
                        "mult = (1.0 / 1e-7) ** (1 / 100)\n"
                        "for i, (x, y) in zip(range(100), loader):\n"
                        "    for g in optimizer.param_groups: g['lr'] = lr\n"
                        "    optimizer.zero_grad(); loss = loss_fn(model(x), y); loss.backward(); optimizer.step()\n"
                        "    lrs.append(lr); losses.append(loss.item()); lr *= mult\n"
                        "    if not math.isfinite(loss.item()) or loss.item() > 4 * min(losses): break\n"
                        "model.load_state_dict(state)\n"
                        "print('pick lr ~', lrs[losses.index(min(losses))] / 10)"),
            "keras": ("lrs, losses = [], []\n"
                      "class LRFinder(keras.callbacks.Callback):\n"
                      "    def on_train_batch_begin(self, batch, logs=None):\n"
                      "        self.model.optimizer.learning_rate.assign(1e-7 * (1e7) ** (batch / 100))\n"
                      "    def on_train_batch_end(self, batch, logs=None):\n"
                      "        lrs.append(float(self.model.optimizer.learning_rate)); losses.append(logs['loss'])\n"
                      "        if batch >= 100: self.model.stop_training = True\n"
                      "model.fit(x, y, epochs=1, callbacks=[LRFinder()])  # on a copy of the model"),
            "lightning": "tuner = lightning.pytorch.tuner.Tuner(trainer)\nlr_finder = tuner.lr_find(model)\n"
                         "print(lr_finder.suggestion())",
        },
    )


def overfit_tiny_subset(n: int = 16) -> Fix:
    return Fix(
        Text(f"Debug by over-fitting {n} training samples (10-20 samples, no augmentation, no "
             "regularisation): the loss must reach ~0 within a few hundred steps. If it does not, the model, the "
             "loss or the labels are wrong, not the hyper-parameters.",
             f"调试：只用 {n} 个训练样本（10–20 个，关闭数据增强和正则化）让模型过拟合，几百步内损失应接近 0；"
             "若做不到，问题在模型、损失或标签，而不是超参数。"),
        {
            "pytorch": (f"xb, yb = next(iter(torch.utils.data.DataLoader(train_ds, batch_size={n}, shuffle=True)))\n"
                        "model.train()\n"
                        "for step in range(500):\n"
                        "    optimizer.zero_grad()\n"
                        "    loss = loss_fn(model(xb), yb)\n"
                        "    loss.backward(); optimizer.step()\n"
                        "print(loss.item())  # expect close to 0"),
            "keras": f"model.fit(x_train[:{n}], y_train[:{n}], epochs=300, batch_size={n}, verbose=0)\n"
                     f"print(model.evaluate(x_train[:{n}], y_train[:{n}]))  # expect loss close to 0",
            "lightning": "Trainer(overfit_batches=1, max_epochs=300)",
        },
    )


def fix_dead_units() -> Fix:
    return Fix(
        Text("Keep units alive: He (Kaiming) initialisation for ReLU layers, LeakyReLU instead of ReLU, "
             "BatchNorm between layers.",
             "防止神经元失活：ReLU 层用 He（Kaiming）初始化，用 LeakyReLU 替代 ReLU，层间加入 BatchNorm。"),
        {
            "keras": ("keras.layers.Dense(256, kernel_initializer='he_normal'),\n"
                      "keras.layers.BatchNormalization(),\n"
                      "keras.layers.LeakyReLU(negative_slope=0.01),"),
            "pytorch": ("layer = torch.nn.Linear(d_in, 256)\n"
                        "torch.nn.init.kaiming_normal_(layer.weight, nonlinearity='leaky_relu'); "
                        "torch.nn.init.zeros_(layer.bias)\n"
                        "block = torch.nn.Sequential(layer, torch.nn.BatchNorm1d(256), torch.nn.LeakyReLU(0.01))"),
        },
    )


def normalize_inputs() -> Fix:
    return Fix(
        Text("Standardise the inputs (zero mean, unit variance per feature; fit the scaler on the training split "
             "only).",
             "标准化输入（每个特征零均值、单位方差；只在训练集上拟合标准化器）。"),
        {
            "keras": ("norm = keras.layers.Normalization()\nnorm.adapt(x_train)  # training split only\n"
                      "model = keras.Sequential([keras.Input(x_train.shape[1:]), norm, ...])"),
            "pytorch": ("mean, std = x_train.mean(0, keepdim=True), x_train.std(0, keepdim=True) + 1e-8\n"
                        "x_train, x_val = (x_train - mean) / std, (x_val - mean) / std"),
            "sklearn": "scaler = StandardScaler().fit(X_train)\nX_train, X_val = scaler.transform(X_train), "
                       "scaler.transform(X_val)",
        },
    )


def check_output_head(num_classes: int | None) -> Fix:
    c = num_classes or 10
    return Fix(
        Text(f"Check the output layer against the loss: raw logits into CrossEntropyLoss (no softmax before it), "
             f"or Dense({c}, softmax) with categorical_crossentropy and one-hot labels; for 2 classes "
             "Dense(1, sigmoid) with binary_crossentropy and 0/1 labels.",
             f"检查输出层与损失是否匹配：CrossEntropyLoss 的输入应是原始 logits（之前不要 softmax），"
             f"或 Dense({c}, softmax) 配 categorical_crossentropy 和 one-hot 标签；二分类用 Dense(1, sigmoid) "
             "配 binary_crossentropy 和 0/1 标签。"),
        {
            "pytorch": (f"model = torch.nn.Sequential(..., torch.nn.Linear(hidden, {c}))  # logits, no Softmax\n"
                        "loss_fn = torch.nn.CrossEntropyLoss()  # applies log-softmax itself; labels = class ids"),
            "keras": (f"keras.layers.Dense({c}, activation='softmax')\n"
                      "model.compile(loss='sparse_categorical_crossentropy', ...)  # integer labels\n"
                      "# or Dense(C) + keras.losses.SparseCategoricalCrossentropy(from_logits=True)"),
        },
    )


def train_longer(epochs_now: int, extra: int, unit: str = "epoch") -> Fix:
    """Train longer; the snippets use the unit the log was counted in (an optimizer-step count goes to max_steps,
    never to an epoch argument)."""
    total = epochs_now + extra
    es = "callbacks=[keras.callbacks.EarlyStopping(monitor='val_loss', patience=10, min_delta=1e-3, " \
         "restore_best_weights=True)]"
    if unit == "epoch":
        code = {
            "keras": f"model.fit(..., epochs={total}, {es})",
            "pytorch": f"for epoch in range({total}):  # resume from the last checkpoint to save time\n    ...",
            "lightning": f"Trainer(max_epochs={total}, callbacks=[EarlyStopping(monitor='val_loss', patience=10)])",
            "hf": f"TrainingArguments(..., num_train_epochs={total}, load_best_model_at_end=True)",
        }
    else:
        code = {
            "keras": f"steps_per_epoch = len(train_dataset)  # batches per epoch\n"
                     f"model.fit(..., epochs=math.ceil({total} / steps_per_epoch), {es})",
            "pytorch": f"for step in range({total}):  # optimizer steps; resume from the last checkpoint\n    ...",
            "lightning": f"Trainer(max_steps={total}, callbacks=[EarlyStopping(monitor='val_loss', patience=10)])",
            "hf": f"TrainingArguments(..., max_steps={total}, load_best_model_at_end=True)",
        }
    return Fix(
        Text(f"Train longer: about {extra} more {unit}s ({total} in all), with early stopping to stop when it "
             "levels off.",
             f"延长训练：再训练约 {extra} 个{'轮' if unit == 'epoch' else '步'}（共 {total}），并用早停在收敛时停止。"),
        code,
    )


def raise_lr(factor: float = 10.0) -> Fix:
    return Fix(
        Text(f"Raise the learning rate about {factor:g}x (search 1e-5 to 1e-2 on a log scale).",
             f"把学习率提高约 {factor:g} 倍（在 1e-5 到 1e-2 之间按对数尺度搜索）。"),
        {
            "keras": "model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss=..., metrics=[...])",
            "pytorch": "optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)",
            "hf": "TrainingArguments(..., learning_rate=5e-5)",
        },
    )


def bigger_model() -> Fix:
    return Fix(
        Text("Give the model more capacity: more units or layers (e.g. 2-3 hidden layers of 128-256 units).",
             "增加模型容量：更多神经元或层（例如 2–3 个 128–256 单元的隐藏层）。"),
        {
            "keras": ("model = keras.Sequential([keras.Input((d,)),\n"
                      "    keras.layers.Dense(256, activation='relu'), keras.layers.Dense(256, activation='relu'),\n"
                      "    keras.layers.Dense(C, activation='softmax')])"),
            "pytorch": ("model = torch.nn.Sequential(torch.nn.Linear(d, 256), torch.nn.ReLU(),\n"
                        "                            torch.nn.Linear(256, 256), torch.nn.ReLU(), "
                        "torch.nn.Linear(256, C))"),
        },
    )


def less_regularization() -> Fix:
    return Fix(
        Text("Regularise less: dropout 0.1-0.3 instead of more, weight decay 1e-5 to 1e-4, and add it back only "
             "once the model can over-fit.",
             "减少正则化：dropout 用 0.1–0.3，权重衰减 1e-5 到 1e-4；等模型能过拟合后再逐步加回。"),
        {
            "keras": "keras.layers.Dropout(0.2)\nkeras.layers.Dense(256, kernel_regularizer=keras.regularizers.l2(1e-5))",
            "pytorch": "torch.nn.Dropout(p=0.2)\noptimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, "
                       "weight_decay=1e-4)",
        },
    )


def stabilise_batches() -> Fix:
    return Fix(
        Text("Reduce gradient noise: shuffle every epoch, use a larger batch (16-256), or add momentum.",
             "降低梯度噪声：每轮打乱数据，增大批量（16–256），或使用动量。"),
        {
            "keras": "model.fit(x, y, batch_size=128, shuffle=True, ...)",
            "pytorch": "loader = torch.utils.data.DataLoader(train_ds, batch_size=128, shuffle=True)\n"
                       "optimizer = torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)",
        },
    )


def lr_warmup() -> Fix:
    return Fix(
        Text("Warm the learning rate up over the first ~5% of steps so early updates stay small.",
             "在前约 5% 的步数内对学习率做预热，让早期更新保持较小。"),
        {
            "pytorch": ("warmup = max(1, int(0.05 * total_steps))\n"
                        "scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / warmup))"
                        "\n# call scheduler.step() after every optimizer.step()"),
            "keras": "lr = keras.optimizers.schedules.CosineDecay(0.0, decay_steps=total_steps, "
                     "warmup_target=1e-3, warmup_steps=int(0.05 * total_steps))",
            "hf": "TrainingArguments(..., warmup_ratio=0.05)",
        },
    )
