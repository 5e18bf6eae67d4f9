"""Paste-ready fixes for what the probes see (gradients, units, updates), in code for each framework."""
from __future__ import annotations

from ..findings import Fix
from ..i18n import Text


def normalise_deep_net() -> Fix:
    return Fix(
        Text("Keep the gradient alive through depth: normalisation layers (BatchNorm / LayerNorm), residual "
             "connections, and an initialisation matched to the activation (He for ReLU, Xavier for tanh).",
             "让梯度穿过深层网络：加入归一化层（BatchNorm / LayerNorm）、残差连接，并使用与激活函数匹配的初始化"
             "（ReLU 用 He，tanh 用 Xavier）。"),
        {
            "keras": ("x = keras.layers.Dense(256, kernel_initializer='he_normal')(inputs)\n"
                      "x = keras.layers.BatchNormalization()(x)\n"
                      "x = keras.layers.Activation('relu')(x)\n"
                      "x = keras.layers.Add()([x, inputs])  # a residual connection (same width)"),
            "pytorch": ("class Block(nn.Module):\n"
                        "    def __init__(self, d):\n"
                        "        super().__init__(); self.fc = nn.Linear(d, d); self.norm = nn.LayerNorm(d)\n"
                        "        nn.init.kaiming_normal_(self.fc.weight, nonlinearity='relu')\n"
                        "    def forward(self, x):\n"
                        "        return x + torch.relu(self.fc(self.norm(x)))  # residual + normalisation"),
            "lightning": "# in your LightningModule.__init__: build the network from residual, normalised blocks\n"
                         "self.net = nn.Sequential(*[Block(256) for _ in range(depth)])",
            "hf": "config = AutoConfig.from_pretrained(name)  # transformer blocks are already residual + LayerNorm;\n"
                  "model = AutoModel.from_config(config)  # keep config.initializer_range (0.02), do not scale it up",
        },
    )


def non_saturating_activation() -> Fix:
    return Fix(
        Text("Use a non-saturating activation in hidden layers (ReLU, GELU); keep sigmoid only for a binary output. "
             "If tanh/sigmoid must stay, normalise the inputs and use Xavier initialisation.",
             "隐藏层改用不饱和的激活函数（ReLU、GELU），sigmoid 只留给二分类输出；若必须保留 tanh/sigmoid，"
             "请归一化输入并使用 Xavier 初始化。"),
        {
            "keras": "keras.layers.Dense(128, activation='relu', kernel_initializer='he_normal')",
            "pytorch": "nn.Sequential(nn.Linear(d_in, 128), nn.GELU())  # instead of nn.Sigmoid() / nn.Tanh()\n"
                       "# keeping tanh: nn.init.xavier_uniform_(layer.weight, gain=nn.init.calculate_gain('tanh'))",
            "lightning": "self.net = nn.Sequential(nn.Linear(d_in, 128), nn.GELU(), nn.Linear(128, n_out))",
            "hf": "config.hidden_act = 'gelu'  # before AutoModel.from_config(config)",
        },
    )


def update_every_parameter() -> Fix:
    return Fix(
        Text("Give every trainable parameter to the optimizer and let gradients reach it: build the optimizer "
             "after changing the model, from model.parameters(); no .detach() or torch.no_grad() on the path; "
             "freeze on purpose with requires_grad=False.",
             "把所有可训练参数交给优化器，并让梯度能到达它们：修改模型之后再创建优化器，使用 model.parameters()；"
             "前向路径上不要 .detach() 或 torch.no_grad()；有意冻结请设 requires_grad=False。"),
        {
            "pytorch": ("optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)  # after any change to the model\n"
                        "in_opt = {id(p) for g in optimizer.param_groups for p in g['params']}\n"
                        "print([n for n, p in model.named_parameters() if p.requires_grad and id(p) not in in_opt])"),
            "keras": ("layer.trainable = True\n"
                      "model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=..., metrics=[...])"
                      "  # recompile after changing trainable"),
            "lightning": ("def configure_optimizers(self):\n"
                          "    return torch.optim.AdamW(self.parameters(), lr=1e-3)  # all of them, not a submodule"),
            "hf": ("print([n for n, p in model.named_parameters() if not p.requires_grad])  # frozen on purpose?\n"
                   "trainer = Trainer(model=model, args=args)  # the Trainer's optimizer takes parameters that "
                   "require grad"),
        },
    )


def find_nonfinite_source() -> Fix:
    return Fix(
        Text("Guard the numbers at their source: check the batch (torch.isfinite(x).all()), compute the loss from "
             "logits with the fused loss, clip gradients, and lower the learning rate of the layer named.",
             "在源头检查数值：检查批数据（torch.isfinite(x).all()），用 logits 加融合的损失函数计算损失，"
             "裁剪梯度，并降低所指出层的学习率。"),
        {
            "pytorch": ("assert torch.isfinite(x).all(), 'NaN/inf in the batch'\n"
                        "loss = nn.functional.cross_entropy(logits, y)  # not log(softmax(...)) by hand\n"
                        "torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)"),
            "keras": ("loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)\n"
                      "optimizer = keras.optimizers.Adam(1e-4, clipnorm=1.0)\n"
                      "callbacks = [keras.callbacks.TerminateOnNaN()]"),
            "lightning": "Trainer(gradient_clip_val=1.0, detect_anomaly=True)  # detect_anomaly for one debugging run",
            "hf": "TrainingArguments(..., max_grad_norm=1.0, learning_rate=2e-5, debug='underflow_overflow')",
        },
    )
