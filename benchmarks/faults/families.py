"""Model families the curve rules were never written against: CNNs on generated images, GRU/LSTM on sequences,
a small transformer on token sequences; several optimisers, schedules, batch sizes and mixed precision; each run
trained AND logged by a real framework (Keras ``fit`` + CSVLogger or its printed output, a Lightning ``Trainer``
with its CSVLogger, a Hugging Face ``Trainer`` saving ``trainer_state.json``, a plain PyTorch loop with
TensorBoard's ``SummaryWriter``).

These are the honest number of the fault benchmark: they were generated after the rules were frozen and scored once.
Labels follow the same scheme as ``scenarios.py`` (``expect`` groups, ``allow``, ``causes``, ``healthy``) and say
what the curves show (checked on each run's ``history.json`` before lossdoctor was run on them).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from scenarios import _any, _g

# The real writers: each trains the model with that framework's own loop and logger.
TRAINERS = ("keras_fit_csv", "keras_fit_stdout", "lightning", "hf", "torch_tb")
# The reader lossdoctor should pick for each (evaluate.py checks the reader name).
READER_FOR = {"keras_fit_csv": "keras_csv", "keras_fit_stdout": "text", "lightning": "lightning_csv",
              "hf": "hf_trainer", "torch_tb": "tensorboard"}


@dataclass(frozen=True)
class Family:
    name: str
    fault: str
    model: str                    # cnn | gru | lstm | transformer
    trainer: str                  # one of TRAINERS
    optimizer: str = "adam"       # sgd | sgdm | adam | adamw | rmsprop
    lr: float = 1e-3
    schedule: str = "none"        # none | step | cosine | warmup_linear | onecycle
    epochs: int = 20
    batch: int = 32
    n_train: int = 1200
    n_val: int = 400
    width: int = 16               # channels / hidden size / model dim
    dropout: float = 0.0
    weight_decay: float = 0.0
    precision: str = "32"         # 32 | bf16 (autocast)
    init: str = "default"         # default | dead_relu | large
    head: str = "logits"          # logits | softmax (softmax fed to a from-logits loss: double softmax)
    label_noise: float = 0.0
    leak_val: bool = False
    unnormalized: bool = False    # inputs on a 0-255 pixel scale, never divided
    imbalance: float = 0.0        # share of the minority class (binary task); 0 = balanced
    clip: Optional[float] = None
    expect: tuple[tuple[str, ...], ...] = ()
    allow: frozenset[str] = frozenset()
    causes: frozenset[str] = frozenset()
    healthy: bool = False
    note: str = ""


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")
_OVERFIT = _any("overfitting", "generalization_gap")

FAMILIES: tuple[Family, ...] = (
    # ---- healthy runs: must raise no warning ---------------------------------------------------------------
    Family("cnn_adam_cosine_keras", "none: small CNN, Adam with cosine decay, Keras fit + CSVLogger",
           model="cnn", trainer="keras_fit_csv", schedule="cosine", epochs=15, healthy=True, allow=_BENIGN),
    Family("gru_sgdm_step_lightning", "none: GRU, SGD momentum, x0.1 step at half the run, Lightning Trainer",
           model="gru", trainer="lightning", optimizer="sgdm", lr=0.05, schedule="step", epochs=20,
           healthy=True, allow=_BENIGN),
    Family("transformer_adamw_warmup_hf", "none: 2-layer transformer, AdamW + linear warm-up/decay, HF Trainer",
           model="transformer", trainer="hf", optimizer="adamw", lr=2e-3, schedule="warmup_linear", epochs=12,
           weight_decay=0.01, healthy=True, allow=_BENIGN),
    Family("cnn_sgd_onecycle_tb", "none: CNN, SGD with one-cycle LR, PyTorch loop + SummaryWriter",
           model="cnn", trainer="torch_tb", optimizer="sgdm", lr=0.1, schedule="onecycle", epochs=15, batch=64,
           healthy=True, allow=_BENIGN),
    Family("lstm_rmsprop_keras_stdout", "none: LSTM, RMSprop, the text Keras fit(verbose=2) prints",
           model="lstm", trainer="keras_fit_stdout", optimizer="rmsprop", lr=3e-3, epochs=15,
           healthy=True, allow=_BENIGN),
    Family("cnn_bf16_lightning", "none: CNN under bf16 mixed precision (autocast), batch 128, Lightning",
           model="cnn", trainer="lightning", precision="bf16", batch=128, lr=3e-3, epochs=20,
           healthy=True, allow=_BENIGN),
    # ---- faults ----------------------------------------------------------------------------------------------
    Family("cnn_overfit_tiny_keras", "120 training images, wide CNN, no regularisation, 60 epochs (Keras)",
           model="cnn", trainer="keras_fit_csv", n_train=120, width=48, epochs=60, batch=16,
           expect=(_OVERFIT,), allow=_g("loss_metric_disagreement", "noisy_validation", "plateau",
                                         "train_loss_rebound", "still_improving"),
           causes=_g("too_little_data", "model_too_large", "insufficient_regularization")),
    Family("transformer_overfit_noise_hf", "30% label noise, 200 sequences, transformer for 40 epochs (HF Trainer)",
           model="transformer", trainer="hf", n_train=200, label_noise=0.3, width=48, epochs=40, lr=2e-3,
           expect=(_OVERFIT,), allow=_g("loss_metric_disagreement", "noisy_validation", "plateau",
                                         "still_improving", "val_below_train", "train_loss_rebound"),
           causes=_g("noisy_labels", "too_little_data", "model_too_large", "insufficient_regularization")),
    Family("cnn_sgd_lr5_lightning", "plain SGD at LR 5 on a CNN (Lightning): blows up",
           model="cnn", trainer="lightning", optimizer="sgd", lr=5.0, epochs=12,
           expect=(_any("nan_inf", "divergence", "stuck_at_chance", "loss_not_decreasing", "oscillation"),),
           allow=_g("abnormal_initial_loss", "loss_spikes", "plateau", "underfitting", "noisy_validation",
                    "train_loss_rebound", "loss_metric_disagreement"),
           causes=_g("lr_too_high", "exploding_gradients")),
    Family("gru_adam_lr_high_tb", "Adam at LR 0.2 on a GRU (PyTorch loop)",
           model="gru", trainer="torch_tb", lr=0.2, epochs=20,
           expect=(_any("oscillation", "divergence", "loss_spikes", "stuck_at_chance", "loss_not_decreasing",
                        "train_loss_rebound", "nan_inf"),),
           allow=_g("plateau", "underfitting", "noisy_validation", "abnormal_initial_loss",
                    "loss_metric_disagreement", "generalization_gap", "overfitting"),
           causes=_g("lr_too_high")),
    Family("lstm_sgd_lr_tiny_keras", "plain SGD at LR 1e-5 on an LSTM (Keras fit + CSVLogger)",
           model="lstm", trainer="keras_fit_csv", optimizer="sgd", lr=1e-5, epochs=15,
           expect=(_any("loss_not_decreasing", "stuck_at_chance", "plateau", "underfitting"),),
           allow=_g("still_improving"), causes=_g("lr_too_low", "insufficient_training")),
    Family("cnn_dead_relu_tb", "every conv and dense bias set to -10: all ReLUs dead (PyTorch loop)",
           model="cnn", trainer="torch_tb", init="dead_relu", epochs=12,
           expect=(_any("stuck_at_chance", "loss_not_decreasing"),), allow=_g("plateau", "underfitting"),
           causes=_g("dead_relu", "bad_initialization")),
    Family("transformer_random_labels_lightning", "every training label random (Lightning)",
           model="transformer", trainer="lightning", label_noise=1.0, epochs=25, width=48, n_train=400, lr=2e-3,
           expect=(_OVERFIT, _any("stuck_at_chance")),
           allow=_g("loss_metric_disagreement", "loss_not_decreasing", "underfitting", "noisy_validation",
                    "still_improving", "plateau"),
           note="train loss falls from ln 3 to 0.6 by memorising while val loss rises from 1.1 to 1.5-1.9 and val "
                "accuracy stays at 1/3",
           causes=_g("noisy_labels", "label_or_loss_misconfig")),
    Family("gru_val_in_train_hf", "validation sequences copied into the training set (HF Trainer)",
           model="gru", trainer="hf", leak_val=True, epochs=25, width=48, lr=3e-3,
           allow=_BENIGN | _g("suspected_leakage"),
           note="labelled from the curves, not the fault: the task is easy enough that validation tracks training "
                "without the leak too (val loss neither equal to train loss nor ~0), so the curves cannot show the "
                "leak; the run must only not be called anything else"),
    Family("cnn_double_softmax_keras", "Dense(C, softmax) fed to a from_logits=True loss (Keras)",
           model="cnn", trainer="keras_fit_stdout", head="softmax", epochs=20,
           expect=(_any("loss_metric_disagreement", "stuck_at_chance", "plateau", "underfitting"),),
           allow=_g("still_improving", "loss_not_decreasing"), causes=_g("label_or_loss_misconfig")),
    Family("cnn_pixels_0_255_keras", "images on the 0-255 pixel scale, never divided by 255 (Keras)",
           model="cnn", trainer="keras_fit_csv", unnormalized=True, epochs=15,
           expect=(_any("abnormal_initial_loss"),),
           allow=_g("oscillation", "loss_spikes", "noisy_validation", "generalization_gap", "overfitting",
                    "divergence", "train_loss_rebound", "plateau", "still_improving"),
           causes=_g("unnormalized_input")),
    Family("lstm_heavy_dropout_lightning", "dropout 0.6 on the LSTM's output and hidden layer (Lightning)",
           model="lstm", trainer="lightning", dropout=0.6, width=48, epochs=20, lr=3e-3, healthy=True,
           allow=_BENIGN,
           note="labelled from the curves: dropout on the LSTM's last output only puts validation below training "
                "on some epochs; both converge to 0.05-0.14, so the run reads as healthy"),
    Family("transformer_few_epochs_hf", "a transformer stopped after 4 epochs while learning fast (HF Trainer)",
           model="transformer", trainer="hf", epochs=4, lr=1e-3,
           expect=(_any("still_improving"),), allow=_g("underfitting", "val_below_train"),
           causes=_g("insufficient_training")),
    Family("gru_large_init_no_clip_tb", "GRU with N(0, 3) weights, SGD 0.5, no gradient clipping (PyTorch loop)",
           model="gru", trainer="torch_tb", init="large", optimizer="sgd", lr=0.5, epochs=15,
           expect=(_any("nan_inf", "divergence", "oscillation", "loss_spikes", "abnormal_initial_loss",
                        "stuck_at_chance", "loss_not_decreasing"),),
           allow=_g("plateau", "underfitting", "noisy_validation", "train_loss_rebound", "generalization_gap",
                    "loss_metric_disagreement"),
           causes=_g("exploding_gradients", "bad_initialization", "lr_too_high")),
    Family("cnn_imbalanced_lightning", "binary task with a 5% minority class, SGD 0.01 (Lightning)",
           model="cnn", trainer="lightning", imbalance=0.05, optimizer="sgd", lr=0.01, epochs=15,
           expect=(_any("stuck_at_chance", "loss_metric_disagreement"),),
           allow=_g("plateau", "loss_not_decreasing", "underfitting", "still_improving"),
           causes=_g("class_imbalance")),
)


# ---- data ---------------------------------------------------------------------------------------------------------

def make_images(n: int, rng: np.random.Generator, minority: float = 0.0, size: int = 12
                ) -> tuple[np.ndarray, np.ndarray]:
    """Noisy 1 x size x size images of four shapes at random places: a horizontal bar, a vertical bar, a cross,
    a hollow square. Pixel values in [0, 1]. With `minority` > 0: a binary task (bar vs cross), class 1 that rare."""
    y = (rng.random(n) < minority).astype(np.int64) * 2 if minority else rng.integers(0, 4, n)
    x = rng.normal(0.0, 0.35, (n, 1, size, size))
    for i, c in enumerate(y):
        r, q = rng.integers(2, size - 3, 2)
        if c == 0:
            x[i, 0, r, q - 2:q + 3] += 1.0
        elif c == 1:
            x[i, 0, r - 2:r + 3, q] += 1.0
        elif c == 2:
            x[i, 0, r, q - 1:q + 2] += 1.0
            x[i, 0, r - 1:r + 2, q] += 1.0
        else:
            x[i, 0, r - 1:r + 2, q - 1] += 1.0
            x[i, 0, r - 1:r + 2, q + 1] += 1.0
            x[i, 0, r - 1, q] += 1.0
            x[i, 0, r + 1, q] += 1.0
    return np.clip(x, 0.0, 1.5).astype(np.float32) / 1.5, (y // 2 if minority else y)


def make_sequences(n: int, rng: np.random.Generator, n_classes: int = 3, length: int = 24
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Noisy sine waves whose frequency band is the class: (n, length, 1) floats."""
    y = rng.integers(0, n_classes, n)
    t = np.arange(length)
    freq = 0.15 + 0.22 * y + rng.uniform(-0.06, 0.06, n)
    phase = rng.uniform(0, 2 * np.pi, n)
    x = np.sin(freq[:, None] * t[None, :] + phase[:, None]) + rng.normal(0, 0.6, (n, length))
    return x[..., None].astype(np.float32), y


def make_tokens(n: int, rng: np.random.Generator, vocab: int = 12, length: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """Token sequences over a vocabulary of `vocab`; the class says which of tokens 1, 2, 3 occurs most often."""
    x = rng.integers(4, vocab, (n, length))
    y = rng.integers(0, 3, n)
    for i, c in enumerate(y):
        counts = rng.integers(1, 4, 3)                  # 1-3 copies of each of tokens 1, 2, 3
        counts[c] = counts.max() + rng.integers(1, 3)   # the class's token occurs most often
        pos = rng.permutation(length)[: counts.sum()]
        x[i, pos] = np.repeat(np.arange(1, 4), counts)
    return x.astype(np.int64), y
