"""The second generation of model families: runs the curve rules were never written against, different from the
first generation (families.py) on every axis: data, models, optimisers, schedules, batch sizes, precision and the
writer that logged the run.

Each family has one injected fault (or none) and its labels, written before any run was generated: ``expect`` /
``allow`` / ``causes`` / ``healthy`` as in scenarios.py, and ``shows``, the construction check (checks_v2.py) that the
raw logged numbers must pass for the run to show its fault. A run that fails its check had its injection fixed, never
its label. lossdoctor's diagnosis was never run on these runs while they were being written and generated.
"""
from __future__ import annotations

from dataclasses import dataclass

from scenarios import _any, _g

# The writers: each run is trained and logged by this framework's own loop and logger.
TRAINERS_V2 = ("keras_csv", "keras_stdout", "lightning_csv", "lightning_tb", "hf", "torch_tb", "torch_mlflow",
               "torch_print")
# The reader lossdoctor should pick for each (evaluate.py keeps only runs read by this reader).
READER_FOR_V2 = {"keras_csv": "keras_csv", "keras_stdout": "text", "lightning_csv": "lightning_csv",
                 "lightning_tb": "tensorboard", "hf": "hf_trainer", "torch_tb": "tensorboard",
                 "torch_mlflow": "mlflow", "torch_print": "text"}
# Writers that keep per-step training losses next to the per-epoch ones.
STEP_LEVEL_V2 = {"lightning_csv", "lightning_tb", "hf", "torch_tb", "torch_mlflow"}


@dataclass(frozen=True)
class Family2:
    name: str
    fault: str
    data: str                     # wine | breast_cancer | digits | gratings | trends | tokens | friedman | diabetes | multilabel
    model: str                    # mlp | cnn_bn | resnet | cnn1d | bilstm | bigru | transformer
    trainer: str                  # one of TRAINERS_V2
    optimizer: str = "adam"       # sgd | sgdm | nesterov | adam | adamw | rmsprop | adagrad
    lr: float = 1e-3
    schedule: str = "none"        # none | step | cosine | exponential | warmup_cosine | onecycle | plateau
    epochs: int = 20
    batch: int = 32
    n_train: int = 0              # 0: the data set's own size (minus n_val)
    n_val: int = 0                # 0: a quarter of the rows
    width: int = 32
    depth: int = 2                # hidden layers (MLP) / blocks (CNN, residual net)
    dropout: float = 0.0
    weight_decay: float = 0.0
    precision: str = "32"         # 32 | bf16 (autocast on CPU)
    # ---- fault knobs -------------------------------------------------------------------------------------------
    loss: str = "auto"            # auto (CE / BCE-with-logits / MSE) | manual_log (log of softmax/sigmoid: log 0)
    head: str = "logits"          # logits | softmax (a softmax fed to a from-logits loss: double softmax)
    init_scale: float = 1.0       # multiplies every weight at init
    label_shuffle: bool = False   # every label permuted over the rows: labels carry no information
    val_from_train: bool = False  # the validation set is a subset of the training rows
    shift_val: float = 0.0        # validation inputs shifted by this many standard deviations along one direction
    unscaled: bool = False        # raw features, never standardised
    corrupt_epochs: tuple[int, ...] = ()   # in these epochs one batch has every label replaced by the next class
    restart_epoch: int = 0        # from this epoch the LR is restarted at restart_lr
    restart_lr: float = 0.0
    lr_decay_per_epoch: float = 1.0        # exponential fault: LR x this each epoch (0.3: training freezes early)
    shows: str = ""               # the construction check in checks_v2.py the raw numbers must pass
    expect: tuple[tuple[str, ...], ...] = ()
    allow: frozenset[str] = frozenset()
    causes: frozenset[str] = frozenset()
    healthy: bool = False
    note: str = ""


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")
_OVERFIT = _any("overfitting", "generalization_gap")


def _healthy(name: str, fault: str, **kw: object) -> Family2:
    return Family2(name, fault, healthy=True, allow=_BENIGN, shows="healthy", **kw)  # type: ignore[arg-type]


FAMILIES_V2: tuple[Family2, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h_wine_mlp_adagrad_kcsv", "none: wine MLP, Adagrad, batch 8, Keras fit + CSVLogger",
             data="wine", model="mlp", trainer="keras_csv", optimizer="adagrad", lr=0.03, batch=8, epochs=12),
    _healthy("h_cancer_mlp_nesterov_expdecay_kstdout",
             "none: breast_cancer MLP, SGD Nesterov with exponential decay, the text Keras fit(verbose=2) prints",
             data="breast_cancer", model="mlp", trainer="keras_stdout", optimizer="nesterov", lr=0.02,
             schedule="exponential", epochs=25, batch=32),
    _healthy("h_digits_cnnbn_sgdm_step_lcsv",
             "none: digits deep CNN with BatchNorm, SGD momentum, x0.1 step, batch 64, Lightning CSVLogger",
             data="digits", model="cnn_bn", trainer="lightning_csv", optimizer="sgdm", lr=0.02, schedule="step",
             epochs=12, batch=64, width=16, depth=3, weight_decay=5e-4),
    _healthy("h_gratings_resnet_adamw_cosine_bf16_ltb",
             "none: residual net on generated grating images, AdamW + cosine, bf16 autocast, Lightning "
             "TensorBoardLogger", data="gratings", model="resnet", trainer="lightning_tb", optimizer="adamw",
             lr=3e-3, schedule="cosine", epochs=14, batch=64, width=12, weight_decay=1e-2, precision="bf16"),
    _healthy("h_trends_cnn1d_rmsprop_plateau_tb",
             "none: 1D CNN on trend sequences, RMSprop with ReduceLROnPlateau, PyTorch loop + SummaryWriter",
             data="trends", model="cnn1d", trainer="torch_tb", optimizer="rmsprop", lr=2e-3, schedule="plateau",
             epochs=20, batch=32, width=24),
    _healthy("h_trends_bigru_adamw_warmup_hf",
             "none: bidirectional GRU, AdamW with warm-up + cosine decay, HF Trainer",
             data="trends", model="bigru", trainer="hf", optimizer="adamw", lr=4e-3, schedule="warmup_cosine",
             epochs=12, batch=32, width=24, weight_decay=0.01),
    _healthy("h_tokens_transformer_onecycle_mlflow",
             "none: transformer encoder on token sequences, Adam one-cycle, MLflow file store",
             data="tokens", model="transformer", trainer="torch_mlflow", optimizer="adam", lr=3e-3,
             schedule="onecycle", epochs=14, batch=32, width=32),
    _healthy("h_friedman_mlpreg_adam_step_print",
             "none: MLP regression (MSE) on Friedman #1, Adam with a step schedule, a plain print log",
             data="friedman", model="mlp", trainer="torch_print", optimizer="adam", lr=3e-3, schedule="step",
             epochs=30, batch=32, width=64),
    _healthy("h_multilabel_mlp_adam_kcsv",
             "none: multi-label MLP (5 sigmoid outputs + binary cross-entropy), Adam, Keras CSVLogger",
             data="multilabel", model="mlp", trainer="keras_csv", optimizer="adam", lr=1e-3, epochs=12,
             batch=32, width=32, dropout=0.2),
    _healthy("h_trends_bilstm_adam_plateau_kstdout",
             "none: bidirectional LSTM, Adam with Keras ReduceLROnPlateau, Keras fit(verbose=2) text",
             data="trends", model="bilstm", trainer="keras_stdout", optimizer="adam", lr=4e-3, schedule="plateau",
             epochs=16, batch=32, width=16),
    _healthy("h_digits_mlp_sgdm_hf", "none: digits MLP, SGD momentum passed to the HF Trainer, batch 16",
             data="digits", model="mlp", trainer="hf", optimizer="sgdm", lr=0.02, epochs=12, batch=16, width=64),
    _healthy("h_cancer_mlp_bf16_cosine_print",
             "none: breast_cancer MLP under bf16 autocast, AdamW + cosine, a plain print log",
             data="breast_cancer", model="mlp", trainer="torch_print", optimizer="adamw", lr=2e-3,
             schedule="cosine", epochs=12, batch=16, precision="bf16", weight_decay=0.05),
    _healthy("h_friedman_mlpreg_rmsprop_exp_lcsv",
             "none: MLP regression on Friedman #1, RMSprop with exponential decay, Lightning CSVLogger",
             data="friedman", model="mlp", trainer="lightning_csv", optimizer="rmsprop", lr=1e-3,
             schedule="exponential", epochs=20, batch=16, width=32),
    # ---- faults ----------------------------------------------------------------------------------------------------
    Family2("f_overfit_gratings_tiny_mlp_ltb",
            "120 grating images, a 256-256 MLP on their pixels, no regularisation, Adam for 25 epochs (Lightning "
            "TensorBoard)", data="gratings", model="mlp", trainer="lightning_tb", n_train=120, n_val=400, width=256,
            depth=2, epochs=25, batch=16, lr=3e-3, shows="overfitting",
            expect=(_OVERFIT,), allow=_g("loss_metric_disagreement", "noisy_validation", "plateau", "still_improving",
                                         "train_loss_rebound", "loss_spikes"),
            causes=_g("too_little_data", "model_too_large", "insufficient_regularization")),
    Family2("f_underfit_digits_overreg_tb",
            "digits MLP of 2 hidden units under weight decay 0.3 (AdamW): cannot fit (PyTorch loop + SummaryWriter)",
            data="digits", model="mlp", trainer="torch_tb", optimizer="adam", width=2, depth=1, lr=3e-3,
            weight_decay=0.3, epochs=25, batch=64, shows="underfitting",
            expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
            allow=_g("still_improving", "loss_metric_disagreement"),
            causes=_g("model_too_small", "over_regularization")),
    Family2("f_chance_shuffled_labels_lcsv",
            "digits with every label permuted over the rows, a small MLP, RMSprop + step (Lightning CSVLogger)",
            data="digits", model="mlp", trainer="lightning_csv", label_shuffle=True, width=16, depth=1,
            optimizer="rmsprop", schedule="step", epochs=20, batch=64, lr=2e-3, shows="stuck_at_chance",
            expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting"),),
            allow=_g("overfitting", "generalization_gap", "plateau", "loss_metric_disagreement", "noisy_validation",
                     "still_improving"),
            causes=_g("noisy_labels", "label_or_loss_misconfig")),
    Family2("f_flat_lr_1e7_bilstm_hf", "bidirectional LSTM at learning rate 1e-7 (AdamW, HF Trainer): nothing moves",
            data="trends", model="bilstm", trainer="hf", optimizer="adamw", lr=1e-7, epochs=10, batch=32, width=16,
            shows="loss_not_decreasing",
            expect=(_any("loss_not_decreasing", "stuck_at_chance", "plateau", "underfitting"),),
            allow=_g("still_improving"), causes=_g("lr_too_low", "training_step_bug")),
    Family2("f_nan_log0_multilabel_print",
            "multi-label MLP trained on a hand-written BCE, log(sigmoid): the log of 0 once sigmoid saturates "
            "(Adam 3e-3, plain print log)", data="multilabel", model="mlp", trainer="torch_print", loss="manual_log",
            lr=3e-3, epochs=20, batch=32, width=64, shows="nan_inf",
            expect=(_any("nan_inf", "divergence"),),
            allow=_g("loss_spikes", "oscillation", "train_loss_rebound", "abnormal_initial_loss", "overfitting",
                     "generalization_gap", "noisy_validation"),
            causes=_g("label_or_loss_misconfig", "lr_too_high", "exploding_gradients")),
    Family2("f_nan_huge_lr_linreg_kcsv", "linear regression on diabetes, plain SGD at LR 8 (Keras CSVLogger): inf, "
            "then NaN", data="diabetes", model="mlp", depth=0, trainer="keras_csv", optimizer="sgd", lr=8.0,
            epochs=12, batch=16, shows="nan_inf",
            expect=(_any("nan_inf", "divergence"),),
            allow=_g("loss_spikes", "oscillation", "abnormal_initial_loss", "stuck_at_chance", "loss_not_decreasing",
                     "plateau", "train_loss_rebound"),
            causes=_g("lr_too_high", "exploding_gradients")),
    Family2("f_diverge_friedman_sgd_mlflow",
            "linear regression on Friedman #1, plain SGD just above the stable learning rate, no clipping "
            "(MLflow): the loss grows every epoch", data="friedman", model="mlp", trainer="torch_mlflow",
            optimizer="sgd", lr=1.05, epochs=20, batch=256, depth=0, shows="divergence",
            expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
            allow=_g("loss_spikes", "oscillation", "abnormal_initial_loss", "generalization_gap", "overfitting",
                     "loss_not_decreasing", "plateau"),
            causes=_g("lr_too_high", "exploding_gradients")),
    Family2("f_plateau_lr_collapse_resnet_lcsv",
            "residual net on gratings whose LR is multiplied by 0.2 every epoch: learning freezes half way, then 20 "
            "flat epochs (Lightning CSVLogger)", data="gratings", model="resnet", trainer="lightning_csv",
            optimizer="sgdm", lr=0.02, lr_decay_per_epoch=0.2, epochs=24, batch=64, width=8, shows="plateau",
            expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
            allow=_g("stuck_at_chance", "still_improving"),
            causes=_g("lr_too_low", "insufficient_training")),
    Family2("f_oscillate_sgd_high_digits_kstdout",
            "digits MLP, plain SGD at LR 1 (too high for SGD, Keras fit text)", data="digits",
            model="mlp", trainer="keras_stdout", optimizer="sgd", lr=1.0, epochs=20, batch=32, width=32,
            shows="oscillation",
            expect=(_any("oscillation", "loss_spikes", "divergence", "train_loss_rebound", "noisy_validation"),),
            allow=_g("abnormal_initial_loss", "generalization_gap", "overfitting", "plateau", "nan_inf",
                     "loss_metric_disagreement", "val_below_train", "stuck_at_chance", "loss_not_decreasing"),
            causes=_g("lr_too_high")),
    Family2("f_spikes_corrupt_batches_cnnbn_tb",
            "digits CNN with BatchNorm, SGD momentum; in epochs 6, 12 and 18 one batch has all its labels wrong "
            "(PyTorch loop + SummaryWriter)", data="digits", model="cnn_bn", trainer="torch_tb", optimizer="sgdm",
            lr=0.03, epochs=24, batch=32, width=12, depth=2, corrupt_epochs=(6, 12, 18), shows="loss_spikes",
            expect=(_any("loss_spikes", "oscillation"),),
            allow=_g("train_loss_rebound", "noisy_validation", "still_improving", "plateau", "val_below_train"),
            causes=_g("noisy_labels", "lr_too_high", "exploding_gradients", "unnormalized_input")),
    Family2("f_leak_val_is_train_digits_mlflow",
            "digits MLP, Adagrad, whose validation set is 300 of its own training rows (MLflow file store)", data="digits",
            model="mlp", trainer="torch_mlflow", val_from_train=True, n_val=300, width=128, epochs=30, batch=32,
            optimizer="adagrad", lr=0.05, shows="suspected_leakage",
            expect=(_any("suspected_leakage"),),
            allow=_g("val_below_train", "still_improving", "plateau", "noisy_validation"),
            causes=_g("data_leakage")),
    Family2("f_init_loss_raw_cancer_kcsv",
            "breast_cancer features left raw (areas in the thousands), Adam (Keras CSVLogger)", data="breast_cancer",
            model="mlp", trainer="keras_csv", unscaled=True, epochs=20, batch=32, width=32, lr=1e-3,
            shows="abnormal_initial_loss",
            expect=(_any("abnormal_initial_loss"),),
            allow=_g("oscillation", "loss_spikes", "noisy_validation", "generalization_gap", "overfitting",
                     "divergence", "train_loss_rebound", "plateau", "still_improving", "val_below_train",
                     "loss_metric_disagreement"),
            causes=_g("unnormalized_input")),
    Family2("f_init_loss_huge_init_gratings_ltb",
            "residual net with every weight x25 at init (Lightning TensorBoardLogger)", data="gratings",
            model="resnet", trainer="lightning_tb", init_scale=25.0, epochs=12, batch=64, width=8, lr=1e-3,
            shows="abnormal_initial_loss",
            expect=(_any("abnormal_initial_loss"),),
            allow=_g("oscillation", "loss_spikes", "noisy_validation", "generalization_gap", "overfitting",
                     "divergence", "train_loss_rebound", "plateau", "still_improving", "val_below_train",
                     "loss_metric_disagreement"),
            causes=_g("bad_initialization", "exploding_gradients")),
    Family2("f_dropout_val_below_wine_print",
            "wine MLP, RMSprop, dropout 0.7 on every hidden layer (a plain print log)", data="wine", model="mlp",
            trainer="torch_print", dropout=0.7, width=64, epochs=30, batch=16, optimizer="rmsprop", lr=1e-3, shows="val_below_train",
            expect=(_any("val_below_train"),),
            allow=_g("still_improving", "noisy_validation", "plateau"),
            causes=_g("regularization_only_in_training")),
    Family2("f_tiny_val_bigru_lcsv", "bidirectional GRU, SGD Nesterov one-cycle, validated on 16 sequences (Lightning CSVLogger)",
            data="trends", model="bigru", trainer="lightning_csv", n_val=16, epochs=20, batch=32, width=16,
            optimizer="nesterov", lr=0.05, schedule="onecycle", shows="noisy_validation",
            expect=(_any("noisy_validation"),),
            allow=_g("val_below_train", "generalization_gap", "overfitting", "still_improving", "plateau",
                     "loss_spikes"),
            causes=_g("small_validation_set")),
    Family2("f_stopped_early_transformer_print",
            "transformer encoder stopped after 5 epochs while learning fast (PyTorch loop, plain print log)",
            data="tokens", model="transformer", trainer="torch_print", optimizer="adam", lr=5e-4, epochs=5,
            batch=32, width=32, shows="still_improving",
            expect=(_any("still_improving"),), allow=_g("underfitting", "val_below_train"),
            causes=_g("insufficient_training")),
    Family2("f_double_softmax_digits_hf",
            "digits MLP ending in softmax, fed to HF's cross-entropy on logits: double softmax (HF Trainer)",
            data="digits", model="mlp", trainer="hf", head="softmax", optimizer="adam", lr=3e-3, epochs=20,
            batch=32, width=64, shows="loss_metric_disagreement",
            expect=(_any("loss_metric_disagreement", "stuck_at_chance", "plateau", "underfitting"),),
            allow=_g("still_improving", "loss_not_decreasing"), causes=_g("label_or_loss_misconfig")),
    Family2("f_shifted_val_wine_tb",
            "wine MLP whose validation rows are shifted by 1.5 standard deviations along one direction "
            "(PyTorch loop + SummaryWriter)", data="wine", model="mlp", trainer="torch_tb", shift_val=1.5,
            optimizer="nesterov", lr=0.02, epochs=30, batch=16, width=32, shows="generalization_gap",
            expect=(_OVERFIT,), allow=_g("still_improving", "noisy_validation", "plateau", "loss_metric_disagreement"),
            causes=_g("distribution_shift")),
    Family2("f_rebound_lr_restart_cnn1d_mlflow",
            "1D CNN, Adam 1e-3 for 12 epochs, then a warm restart at LR 0.08 (MLflow file store)", data="trends",
            model="cnn1d", trainer="torch_mlflow", lr=1e-3, restart_epoch=12, restart_lr=0.08, epochs=24, batch=32,
            width=24, shows="train_loss_rebound",
            expect=(_any("train_loss_rebound", "loss_spikes", "divergence", "oscillation"),),
            allow=_g("overfitting", "generalization_gap", "noisy_validation", "plateau", "abnormal_initial_loss",
                     "loss_metric_disagreement", "stuck_at_chance", "loss_not_decreasing"),
            causes=_g("lr_too_high")),
)
