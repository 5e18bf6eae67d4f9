"""The fault catalogue, as data: what each scenario trains, which fault it injects and what it is labelled.

Labels describe what the curves SHOW, not only what was injected (see README.md "How the labels were set").

- ``expect``: groups of finding names; each group is one symptom the run must be flagged with, and any name in
  the group counts (e.g. Adam at LR 0.5 may show as ``divergence``, ``nan_inf`` or ``oscillation``). A group
  that nothing satisfied counts as a miss of its first name.
- ``allow``: names that are also true of the run and are neither required nor false positives
  (e.g. ``still_improving`` on a healthy run that is still improving at the end).
- ``causes``: cause names (contract vocabulary) of which one must be among the report's top-3 ranked causes.
- ``healthy``: the run must get no warning or error finding at all.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

FORMATS = ("tensorboard", "keras_csv", "lightning_csv", "hf_trainer", "keras_history", "mlflow")


@dataclass(frozen=True)
class Scenario:
    name: str
    fault: str                       # one-line description of what was injected
    dataset: str = "digits"          # digits | breast_cancer | wine | blobs | moons | classification
    hidden: tuple[int, ...] = (64,)
    activation: str = "relu"         # relu | sigmoid | tanh
    optimizer: str = "adam"          # adam | sgd | sgdm
    lr: float = 1e-3
    epochs: int = 40
    batch: int = 64
    weight_decay: float = 0.0
    dropout: float = 0.0
    schedule: str = "none"           # none | step | warmup_cosine
    init: str = "default"            # default | dead_relu | large
    head: str = "linear"             # linear | softmax (double softmax) | sigmoid (C sigmoids + BCE, binary acc)
    n_train: Optional[int] = None    # subsample the training split
    n_val: Optional[int] = None      # subsample the validation split
    label_noise: float = 0.0         # share of training labels replaced by random ones
    scale_inputs: bool = True        # False: raw features x1000 + 500 (unnormalised)
    leak_val: bool = False           # validation rows copied into training
    shift_val: bool = False          # validation split taken from a shifted distribution
    imbalance: float = 0.0           # share of the minority class (binary), 0 = natural
    sorted_data: bool = False        # training rows sorted by label and never shuffled
    step_log: bool = False           # also log the per-step training loss
    expect: tuple[tuple[str, ...], ...] = ()
    allow: frozenset[str] = frozenset()
    causes: frozenset[str] = frozenset()
    healthy: bool = False
    num_classes_given: bool = False  # evaluate as `lossdoctor --num-classes C` (the fault is invisible otherwise)
    note: str = ""


def _g(*names: str) -> frozenset[str]:
    return frozenset(names)


def _any(*names: str) -> tuple[str, ...]:
    """One expected symptom: any of these names counts; a miss is charged to the first (the primary name)."""
    return names


# Names that are true of almost any run that learns and are never false alarms by themselves.
_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")

SCENARIOS: tuple[Scenario, ...] = (
    # ---- healthy baselines: must raise no warning -------------------------------------------------------
    Scenario("healthy_adam_digits", "none: MLP 64-64-10, Adam 1e-3, weight decay, 30 epochs",
             hidden=(64,), epochs=30, weight_decay=1e-4, healthy=True, allow=_BENIGN),
    Scenario("healthy_sgdm_wine", "none: SGD momentum 0.9, lr 0.01 on wine",
             dataset="wine", hidden=(32,), optimizer="sgdm", lr=0.01, epochs=40, batch=16,
             healthy=True, allow=_BENIGN),
    Scenario("healthy_tanh_cancer", "none: tanh MLP, Adam on breast_cancer",
             dataset="breast_cancer", hidden=(32, 16), activation="tanh", lr=5e-4, epochs=25,
             healthy=True, allow=_BENIGN),
    Scenario("healthy_step_lr", "none: SGD momentum with a x0.1 LR step at 50% of the run (step-level log)",
             hidden=(128,), optimizer="sgdm", lr=0.05, epochs=30, schedule="step", step_log=True,
             healthy=True, allow=_BENIGN),
    Scenario("healthy_warmup_cosine", "none: Adam with 5-epoch linear warm-up then cosine decay (step-level log)",
             hidden=(128, 64), lr=2e-3, epochs=30, schedule="warmup_cosine", step_log=True,
             healthy=True, allow=_BENIGN),
    Scenario("healthy_blobs", "none: easy blobs, SGD",
             dataset="blobs", hidden=(16,), optimizer="sgd", lr=0.05, epochs=30, healthy=True, allow=_BENIGN),
    Scenario("healthy_moons", "none: moons, Adam, small MLP",
             dataset="moons", hidden=(32, 32), lr=3e-3, epochs=40, healthy=True, allow=_BENIGN),

    # ---- faults ----------------------------------------------------------------------------------------------
    Scenario("overfit_small_data", "150 training rows, 512-512 MLP, no regularisation, 80 epochs",
             hidden=(512, 512), n_train=150, epochs=80, batch=32,
             expect=(_any("overfitting", "generalization_gap"),),
             allow=_g("loss_metric_disagreement", "plateau", "train_loss_rebound", "noisy_validation"),
             note="val loss has its minimum near epoch 10-20 and then rises by 2-15% depending on the seed, while "
                  "train loss goes to 3e-4: a widening gap is always visible, a clear val-loss rise not in every seed",
             causes=_g("too_little_data", "model_too_large", "insufficient_regularization")),
    Scenario("label_noise", "40% of training labels replaced at random; 256-256 MLP, 60 epochs",
             hidden=(256, 256), label_noise=0.4, epochs=60,
             expect=(_any("overfitting", "generalization_gap"),),
             allow=_g("val_below_train", "loss_metric_disagreement", "still_improving", "noisy_validation"),
             causes=_g("noisy_labels", "insufficient_regularization", "model_too_large")),
    Scenario("random_labels", "every training label random; 256 MLP, 60 epochs",
             hidden=(256,), label_noise=1.0, epochs=60,
             expect=(_any("overfitting", "generalization_gap"), _any("stuck_at_chance")),
             allow=_g("loss_metric_disagreement", "loss_not_decreasing", "underfitting", "noisy_validation",
                      "still_improving"),
             note="train accuracy climbs to ~0.75 by memorising; val accuracy stays at 1/C and val loss rises from "
                  "epoch 1",
             causes=_g("noisy_labels", "label_or_loss_misconfig")),
    Scenario("lr_too_high_adam", "Adam at LR 0.5", lr=0.5, epochs=30,
             expect=(_any("oscillation", "divergence", "loss_spikes", "abnormal_initial_loss",
                          "loss_metric_disagreement", "nan_inf"),),
             allow=_g("overfitting", "generalization_gap", "noisy_validation", "train_loss_rebound", "plateau",
                      "underfitting"),
             causes=_g("lr_too_high"),
             note="train loss jumps between 0.3 and 35 while train accuracy reaches 0.99 (over-confident logits); "
                  "val loss climbs from ~40 to ~100-250 with val accuracy ~0.95"),
    Scenario("lr_too_high_sgd", "plain SGD at LR 3 (step-level log)", optimizer="sgd", lr=3.0, epochs=30,
             step_log=True,
             expect=(_any("nan_inf", "divergence"),),
             allow=_g("abnormal_initial_loss", "stuck_at_chance", "loss_spikes", "oscillation", "plateau",
                      "loss_not_decreasing", "underfitting", "noisy_validation", "train_loss_rebound"),
             causes=_g("lr_too_high"),
             note="loss grows x1e4 per epoch to 1e35, then NaN from about epoch 10; accuracy then pinned at "
                  "class 0's share"),
    Scenario("lr_too_low", "plain SGD at LR 1e-4", optimizer="sgd", lr=1e-4, epochs=30,
             expect=(_any("loss_not_decreasing", "underfitting", "plateau", "still_improving"),),
             allow=_g("stuck_at_chance"), causes=_g("lr_too_low", "insufficient_training")),
    Scenario("unnormalized_inputs", "raw features x1000 + 500, no standardisation",
             scale_inputs=False, epochs=30,
             expect=(_any("abnormal_initial_loss"),),
             allow=_g("oscillation", "loss_spikes", "noisy_validation", "generalization_gap", "overfitting",
                      "divergence", "train_loss_rebound", "plateau"),
             causes=_g("unnormalized_input")),
    Scenario("val_copied_into_train", "validation rows copied into the training set; 256 MLP, 40 epochs",
             hidden=(256,), leak_val=True, epochs=40,
             expect=(_any("suspected_leakage"),), allow=_g("val_below_train", "still_improving", "plateau"),
             note="val loss equals train loss to 2-3 digits from epoch 5 on and val accuracy reaches 1.0",
             causes=_g("data_leakage")),
    Scenario("dead_relu_init", "hidden biases initialised to -10: every ReLU dead from step 0",
             hidden=(64, 64), init="dead_relu", epochs=30,
             expect=(_any("stuck_at_chance", "loss_not_decreasing"),), allow=_g("plateau", "underfitting"),
             causes=_g("dead_relu", "bad_initialization")),
    Scenario("double_softmax", "softmax output layer fed to CrossEntropyLoss (softmax applied twice)",
             hidden=(64,), head="softmax", epochs=40,
             expect=(_any("loss_metric_disagreement", "stuck_at_chance", "plateau", "underfitting"),),
             allow=_g("still_improving", "loss_not_decreasing"),
             note="loss floors at 1.47 = ln(1 + 9/e), the double-softmax floor for 10 classes, while accuracy "
                  "reaches 0.97-0.99",
             causes=_g("label_or_loss_misconfig")),
    Scenario("sigmoid_bce_multiclass", "10 sigmoid units + BCE on one-hot labels (digits); Keras-style binary "
             "accuracy logged", head="sigmoid", hidden=(64,), epochs=30,
             expect=(_any("suspected_leakage", "loss_metric_disagreement", "abnormal_initial_loss"),),
             allow=_g("plateau", "still_improving", "val_below_train", "noisy_validation"),
             causes=_g("label_or_loss_misconfig"), num_classes_given=True,
             note="the loss curves look healthy; the fault shows only against the class count: a first loss of "
                  "0.6 where ln(10) = 2.30 is expected, and an accuracy of ~0.91 = 1 - 1/C at epoch 1 while the loss "
                  "is still 0.4-0.5; evaluated with num_classes=10 as a user would pass --num-classes 10"),
    Scenario("exploding_deep_large_init", "8 hidden layers, weights N(0, 1) (5x He), SGD 0.01",
             hidden=(64,) * 8, init="large", optimizer="sgd", lr=0.01, epochs=20,
             expect=(_any("nan_inf", "divergence", "abnormal_initial_loss"),),
             allow=_g("loss_spikes", "oscillation", "stuck_at_chance", "loss_not_decreasing", "plateau"),
             causes=_g("exploding_gradients", "bad_initialization", "lr_too_high")),
    Scenario("vanishing_deep_sigmoid", "10 sigmoid hidden layers, plain SGD 0.05",
             hidden=(32,) * 10, activation="sigmoid", optimizer="sgd", lr=0.05, epochs=30,
             expect=(_any("stuck_at_chance", "loss_not_decreasing"),), allow=_g("plateau", "underfitting"),
             causes=_g("vanishing_gradients", "lr_too_low", "bad_initialization")),
    Scenario("class_imbalance", "binary task with a 4% minority class, slow SGD",
             dataset="classification", imbalance=0.04, hidden=(16,), optimizer="sgd", lr=0.01, epochs=30,
             expect=(_any("stuck_at_chance", "loss_metric_disagreement"),),
             allow=_g("plateau", "loss_not_decreasing", "underfitting", "still_improving"),
             note="accuracy pinned at the majority share (0.95) from epoch 2 while the loss keeps falling",
             causes=_g("class_imbalance")),
    Scenario("over_regularization", "weight decay 0.5 (L2 in Adam)", weight_decay=0.5, epochs=30,
             expect=(_any("underfitting", "stuck_at_chance", "loss_not_decreasing", "plateau"),),
             allow=_g("loss_metric_disagreement", "train_loss_rebound"), causes=_g("over_regularization"),
             note="loss never leaves ~2.2-2.3 (ln 10 = 2.30); accuracy rises to 0.6 then decays back to 0.2"),
    Scenario("too_small_model", "one hidden layer of 2 tanh units on 10-class digits",
             hidden=(2,), activation="tanh", lr=3e-3, epochs=40,
             expect=(_any("underfitting", "plateau"),), allow=_g("still_improving", "loss_not_decreasing"),
             causes=_g("model_too_small")),
    Scenario("too_few_epochs", "plain SGD 0.02, stopped after 8 epochs",
             optimizer="sgd", lr=0.02, epochs=8,
             expect=(_any("still_improving"),), allow=_g("underfitting", "val_below_train"),
             causes=_g("insufficient_training")),
    Scenario("heavy_dropout", "dropout 0.6 after every layer of a 256-256 MLP",
             hidden=(256, 256), dropout=0.6, epochs=30,
             expect=(_any("val_below_train"),), allow=_g("still_improving", "plateau"),
             causes=_g("regularization_only_in_training")),
    Scenario("shifted_val", "validation = the 30% of rows furthest along a random direction (covariate shift)",
             hidden=(64,), epochs=30, shift_val=True,
             expect=(_any("generalization_gap", "overfitting"),),
             allow=_g("noisy_validation", "plateau", "loss_metric_disagreement"),
             note="val loss 0.44-0.77 vs train 0.04 and val accuracy 0.87 vs 0.99; the gap is there from epoch 0 "
                  "(val accuracy 0.18-0.30 vs train 0.29-0.38) and in two seeds val loss also rises late",
             causes=_g("distribution_shift")),
    Scenario("tiny_validation_set", "validation split cut to 20 rows (moons, Adam)",
             dataset="moons", hidden=(32, 32), lr=3e-3, epochs=40, batch=32, n_val=20,
             expect=(_any("noisy_validation"),),
             allow=_g("still_improving", "val_below_train", "plateau", "generalization_gap", "overfitting",
                      "suspected_leakage"),
             causes=_g("small_validation_set"),
             note="val accuracy moves in steps of 1/20 = 0.05 and val loss jumps by 20-50% between epochs while "
                  "the train loss is smooth; depending on the seed the 20 rows are easier (val below train) or "
                  "harder (a gap) than the training set"),
    Scenario("unshuffled_sorted", "training rows sorted by label, never shuffled; SGD momentum (step-level log)",
             optimizer="sgdm", lr=0.02, epochs=30, sorted_data=True, step_log=True,
             expect=(_any("oscillation", "loss_spikes", "noisy_validation"),),
             note="epoch-level curves look healthy; the per-step loss has an epoch-periodic sawtooth (lowest at "
                  "each epoch's start, 5-10x higher at its end, where the last classes are fed); only the "
                  "step-level series shows the fault",
             allow=_g("generalization_gap", "underfitting", "plateau", "loss_metric_disagreement",
                      "stuck_at_chance"),
             causes=_g("unshuffled_data")),
    Scenario("lr_high_no_decay", "Adam at LR 0.05 held constant for 40 epochs (no decay)", hidden=(128,), lr=0.05,
             epochs=40,
             expect=(_any("train_loss_rebound", "oscillation", "divergence", "loss_spikes"),),
             allow=_g("overfitting", "generalization_gap", "loss_metric_disagreement", "noisy_validation",
                      "plateau"),
             causes=_g("lr_too_high"),
             note="train loss reaches ~0.04 within 15 epochs, then climbs back to 0.3-1.2 in jumps; val loss grows "
                  "from ~0.6 to 4-7"),
)
