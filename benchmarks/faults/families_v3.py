"""The third generation of model families: tasks, models, training setups and writers that neither the first
generation (families.py: multi-class CE on generated shapes/sines/tokens) nor the second (families_v2.py: scikit-learn
sets, multi-class/multi-label/standardised regression) used.

The label rule, fixed before any run was generated and never changed to fit a curve:

- ``expect`` is the symptom the injected fault produces by construction (one group; any name in it counts), plus the
  names a practitioner would accept for the same curve; ``allow`` lists what may also be true of such a run;
  ``causes`` is the injected cause (the top-3 cause metric); ``healthy`` runs must raise no warning at all.
- ``shows`` names the construction check (checks_v3.py), the plain test of the logged numbers a person would do to see
  the fault. A run that fails it did not show its fault: its injection (or, for a healthy run, its tuning) is fixed and
  it is regenerated; a run that still fails is left out of labels.json (labels_failed.json), never relabelled.
- lossdoctor's diagnosis was never run on these runs while they were written, tuned and generated; only its reader
  (``lossdoctor.read``) was, to check that every log is read whole.
"""
from __future__ import annotations

from dataclasses import dataclass

from scenarios import _any, _g

# The writers. Each run is trained by this framework's own loop and logged by its own logger.
TRAINERS_V3 = ("keras_csv", "keras_stdout", "keras_json", "lightning_csv", "lightning_tb", "lightning_mlflow", "hf",
               "hf_stdout", "torch_tb_scalars", "torch_wandb", "torch_jsonl", "torch_pandas", "print_tutorial",
               "print_nanogpt")
# The reader lossdoctor should pick for each (evaluate.py keeps only runs read by this reader).
READER_FOR_V3 = {"keras_csv": "keras_csv", "keras_stdout": "text", "keras_json": "keras_history",
                 "lightning_csv": "lightning_csv", "lightning_tb": "tensorboard", "lightning_mlflow": "mlflow",
                 "hf": "hf_trainer", "hf_stdout": "text", "torch_tb_scalars": "tensorboard", "torch_wandb": "wandb",
                 "torch_jsonl": "json_records", "torch_pandas": "table", "print_tutorial": "text",
                 "print_nanogpt": "text"}
# Writers that keep per-step training losses next to the per-epoch (or per-evaluation) ones.
STEP_LEVEL_V3 = {"lightning_csv", "lightning_tb", "lightning_mlflow", "hf", "hf_stdout", "torch_tb_scalars",
                 "torch_wandb", "print_tutorial", "print_nanogpt"}


@dataclass(frozen=True)
class Family3:
    name: str
    fault: str
    data: str          # prices | conc | scenes | blobs | glyphs | clusters | grammar | reverse | signals | textures
    #                    | ratings | checker | customers
    model: str         # mlp | linear | resnet_bn | depthwise | gru_seq2seq | gru | transformer_lm | mixer | unet
    #                    | autoencoder | cnn
    trainer: str       # one of TRAINERS_V3
    loss: str = "auto"            # auto | mse | huber | mae | infonce | infonce_naive (exp without max-shift)
    optimizer: str = "adam"       # sgd | sgdm | nesterov | adam | adamw | rmsprop
    lr: float = 1e-3
    schedule: str = "none"        # none | poly | warmup_linear | warmup_cosine | cosine_restarts | cyclic | lr_ramp
    #                               | step_per_batch_bug | negative_decay_bug
    max_lr: float = 0.0           # cyclic: the top of the cycle; lr_ramp: the factor per epoch
    epochs: int = 20
    batch: int = 32
    n_train: int = 1200
    n_val: int = 300
    width: int = 32
    depth: int = 2
    dropout: float = 0.0
    weight_decay: float = 0.0
    clip: float = 0.0             # gradient-norm clipping (0: none)
    label_smoothing: float = 0.0  # applied to the training loss only
    ema: float = 0.0              # evaluate an exponential moving average of the weights (decay)
    accumulate: int = 1           # gradient accumulation steps
    early_stop: str = ""          # "" | val_loss | val_accuracy_min (the misconfigured callback)
    patience: int = 3
    log_every: int = 5            # step-level logging interval (steps)
    pretrain: int = 0             # fine-tuning: epochs of unlogged pre-training on a related task first
    # ---- fault knobs -------------------------------------------------------------------------------------------
    zero_inputs: bool = False     # inputs normalised over an axis of length 1: every input becomes 0
    zero_grad_bug: bool = False   # optimizer.zero_grad() between backward() and step(): no update ever
    head_init: float = 0.0        # std of the output layer's weights at init (0: the framework's default)
    leak_label: bool = False      # the label, one-hot x3, appended to the features (train and validation)
    input_dropout: float = 0.0    # dropout on the inputs during training
    val_one_batch: int = 0        # validation on one random batch of this size, drawn anew each epoch
    val_gain: float = 1.0         # validation signals from another sensor: x * gain + offset
    val_offset: float = 0.0
    unit_bug_epochs: tuple[int, ...] = ()  # in these epochs one batch has its targets in the wrong unit (x1000)
    double_sigmoid: bool = False  # sigmoid outputs fed to a from-logits binary cross-entropy
    label_noise: float = 0.0      # share of training labels replaced by a random class
    shows: str = ""               # the construction check in checks_v3.py the raw numbers must pass
    expect: tuple[tuple[str, ...], ...] = ()
    allow: frozenset[str] = frozenset()
    causes: frozenset[str] = frozenset()
    healthy: bool = False
    note: str = ""


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")
_OVERFIT = _any("overfitting", "generalization_gap")


def _healthy(name: str, fault: str, shows: str = "healthy", **kw: object) -> Family3:
    return Family3(name, fault, healthy=True, allow=_BENIGN, shows=shows, **kw)  # type: ignore[arg-type]


FAMILIES_V3: tuple[Family3, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h3_prices_mlp_huber_poly_kcsv",
             "none: house prices in the thousands (targets never standardised; the model ends in a rescaling "
             "layer), Huber loss, Adam with polynomial decay, Keras fit + CSVLogger",
             data="prices", model="mlp", trainer="keras_csv", loss="huber", lr=3e-3, schedule="poly", epochs=25,
             batch=64, width=64),
    _healthy("h3_conc_depthwise_mae_warmup_lmlflow",
             "none: concentrations around 1e-3 regressed from 3-channel signals, MAE loss, depthwise 1D CNN, AdamW "
             "with linear warm-up then decay, gradient clipping, Lightning MLFlowLogger",
             data="conc", model="depthwise", trainer="lightning_mlflow", loss="mae", optimizer="adamw", lr=3e-3,
             schedule="warmup_linear", epochs=16, batch=32, width=24, weight_decay=1e-2, clip=1.0),
    _healthy("h3_scenes_resnet_multilabel_restarts_ema_tbs",
             "none: multi-label scenes (which of 4 shapes are in a colour image), residual net with BatchNorm, SGD "
             "momentum with cosine warm restarts (2, 4, 8 epochs), EMA weights evaluated, SummaryWriter.add_scalars",
             data="scenes", model="resnet_bn", trainer="torch_tb_scalars", optimizer="sgdm", lr=0.05,
             schedule="cosine_restarts", epochs=14, batch=32, width=16, ema=0.9, weight_decay=5e-4),
    _healthy("h3_grammar_lm_transformer_nanogpt",
             "none: next-token loss of a causal transformer on a generated sum grammar ('3+4=7;'), AdamW warm-up + "
             "cosine, clipping at 1.0, nanoGPT-style print log (iter lines every 5 steps, step lines at each eval)",
             data="grammar", model="transformer_lm", trainer="print_nanogpt", optimizer="adamw", lr=3e-3,
             schedule="warmup_cosine", epochs=16, batch=32, width=48, clip=1.0, weight_decay=0.01, n_train=800,
             shows="healthy_lm"),
    _healthy("h3_reverse_gru_seq2seq_hf",
             "none: GRU encoder-decoder reversing digit strings (teacher forcing), HF Trainer evaluating every "
             "half epoch, gradient accumulation 2, linear warm-up + decay",
             data="reverse", model="gru_seq2seq", trainer="hf", optimizer="adamw", lr=5e-3,
             schedule="warmup_linear", epochs=12, batch=16, accumulate=2, width=48),
    _healthy("h3_blobs_unet_seg_earlystop_lcsv",
             "none: per-pixel segmentation of generated blobs, tiny U-Net, BCE per pixel, EarlyStopping on val "
             "loss, Lightning CSVLogger every 5 steps",
             data="blobs", model="unet", trainer="lightning_csv", lr=3e-3, epochs=16, batch=32, width=12,
             early_stop="val_loss", patience=3, n_train=600),
    _healthy("h3_glyphs_autoencoder_earlystop_kjson",
             "none: dense autoencoder on generated stroke glyphs, reconstruction MSE, EarlyStopping with "
             "restore_best_weights, Keras History saved as JSON",
             data="glyphs", model="autoencoder", trainer="keras_json", lr=2e-3, epochs=25, batch=32, width=128,
             early_stop="val_loss", patience=4),
    _healthy("h3_clusters_contrastive_wandb",
             "none: contrastive InfoNCE (temperature 0.2) between two noisy views of each point, MLP encoder, Adam "
             "+ cosine, W&B offline run",
             data="clusters", model="mlp", trainer="torch_wandb", loss="infonce", lr=2e-3, schedule="warmup_cosine",
             epochs=14, batch=64, width=64),
    _healthy("h3_textures_mixer_smoothing_clip_jsonl",
             "none: MLP-mixer on generated texture images, label smoothing 0.1 (training loss), AdamW, clipping, "
             "one JSON line per epoch",
             data="textures", model="mixer", trainer="torch_jsonl", optimizer="adamw", lr=2e-3, epochs=14,
             batch=32, width=32, label_smoothing=0.1, clip=1.0, weight_decay=0.05),
    _healthy("h3_ratings_ordinal_nesterov_poly_pandas",
             "none: ordinal ratings (5 levels) as 4 cumulative binary targets, MLP, SGD Nesterov with polynomial "
             "decay, history written by pandas DataFrame.to_csv",
             data="ratings", model="mlp", trainer="torch_pandas", optimizer="nesterov", lr=0.05, schedule="poly",
             epochs=20, batch=32, width=32),
    _healthy("h3_textures_resnet_finetune_hfstdout",
             "none: fine-tuning: a residual net pre-trained (unlogged) on clean textures gets a new head and is "
             "fine-tuned on noisier ones at LR 3e-4; the log is the dict lines the HF Trainer prints",
             data="textures", model="resnet_bn", trainer="hf_stdout", optimizer="adamw", lr=3e-4,
             schedule="warmup_linear", epochs=8, batch=32, width=16, pretrain=4, shows="healthy_finetune"),
    _healthy("h3_signals_depthwise_batch8_ltb",
             "none: depthwise 1D CNN on 6-channel signals, batch 8, every step logged (a noisy step curve), "
             "Lightning TensorBoardLogger",
             data="signals", model="depthwise", trainer="lightning_tb", lr=1e-3, epochs=10, batch=8, width=24,
             log_every=1, n_train=600),
    _healthy("h3_signals_gru_warmup_clip_tutorial",
             "none: GRU classifier on signals, SGD momentum with linear warm-up then decay, clipping, printed in "
             "the PyTorch-tutorial style 'Epoch [1/20], Step [10/38], Loss: 0.6931'",
             data="signals", model="gru", trainer="print_tutorial", optimizer="sgdm", lr=0.05,
             schedule="warmup_linear", epochs=20, batch=32, width=32, clip=1.0),
    _healthy("h3_customers_mlp_dropout_kstdout",
             "none: 6-class tabular customers, MLP with dropout, Adam, Keras fit(verbose=2) text",
             data="customers", model="mlp", trainer="keras_stdout", lr=1e-3, epochs=16, batch=32, width=64,
             dropout=0.2),
    # ---- faults ----------------------------------------------------------------------------------------------------
    Family3("f3_overfit_noisy_textures_mixer_wandb",
            "150 texture images with 30 % of their labels wrong, a wide MLP-mixer, no regularisation, Adam for 40 "
            "epochs (W&B offline)", data="textures", model="mixer", trainer="torch_wandb", n_train=150, n_val=300,
            label_noise=0.3, width=64, depth=3, epochs=40, batch=16, lr=2e-3, shows="overfitting",
            expect=(_OVERFIT,), allow=_g("loss_metric_disagreement", "noisy_validation", "plateau", "still_improving",
                                         "train_loss_rebound", "loss_spikes"),
            causes=_g("noisy_labels", "too_little_data", "model_too_large", "insufficient_regularization")),
    Family3("f3_underfit_checker_linear_kstdout",
            "a linear classifier (no hidden layer) on a 2-D checkerboard: it cannot separate the classes (Keras "
            "fit text)", data="checker", model="linear", trainer="keras_stdout", lr=1e-2, epochs=20, batch=32,
            shows="underfitting",
            expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
            allow=_g("still_improving", "loss_metric_disagreement", "noisy_validation"),
            causes=_g("model_too_small")),
    Family3("f3_chance_zeroed_inputs_depthwise_lcsv",
            "signals normalised over an axis of length 1, so every input is 0: the depthwise CNN sees nothing "
            "(Lightning CSVLogger)", data="signals", model="depthwise", trainer="lightning_csv", zero_inputs=True,
            lr=1e-3, epochs=12, batch=32, width=24, shows="stuck_at_chance",
            expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting", "plateau"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train"),
            causes=_g("training_step_bug", "label_or_loss_misconfig")),
    Family3("f3_flat_zero_grad_bug_unet_tutorial",
            "optimizer.zero_grad() called between backward() and step(): the U-Net never updates (PyTorch-tutorial "
            "print log)", data="blobs", model="unet", trainer="print_tutorial", optimizer="sgdm", lr=0.05,
            zero_grad_bug=True, epochs=10, batch=32, width=12, n_train=600, shows="loss_not_decreasing",
            expect=(_any("loss_not_decreasing", "stuck_at_chance", "plateau", "underfitting"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train"),
            causes=_g("training_step_bug", "lr_too_low")),
    Family3("f3_nan_naive_infonce_tbs",
            "hand-written CLIP-style InfoNCE: a learned logit scale (from 1/0.02) never clamped, and exp(scale x "
            "cosine) without the max-shift: as the scale grows exp overflows to inf, inf / inf = NaN "
            "(SummaryWriter.add_scalars)", data="clusters", model="mlp",
            trainer="torch_tb_scalars", loss="infonce_naive", lr=1e-2, epochs=20, batch=64, width=64,
            shows="nan_inf_midrun",
            expect=(_any("nan_inf", "divergence"),),
            allow=_g("loss_spikes", "oscillation", "train_loss_rebound", "abnormal_initial_loss", "noisy_validation",
                     "plateau", "still_improving"),
            causes=_g("label_or_loss_misconfig", "exploding_gradients", "lr_too_high")),
    Family3("f3_diverge_lr_ramp_conc_kcsv",
            "an LR range-test ramp left in as the schedule (Adam, LR x1.8 every epoch from 1e-4 to 7): the loss "
            "falls, then grows (Keras LearningRateScheduler + CSVLogger)", data="conc", model="cnn",
            trainer="keras_csv", loss="mse", lr=1e-4, schedule="lr_ramp", max_lr=1.8, epochs=20, batch=32, width=16,
            shows="divergence",
            expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
            allow=_g("loss_spikes", "oscillation", "generalization_gap", "overfitting", "plateau",
                     "noisy_validation", "still_improving", "loss_not_decreasing"),
            causes=_g("lr_too_high", "exploding_gradients")),
    Family3("f3_plateau_steplr_per_batch_lm_hf",
            "a StepLR(step_size=5, gamma=0.87) written for epochs, handed to the HF Trainer, which steps it every "
            "batch: the LR halves every epoch instead of every 25 and the LM stops learning (trainer_state.json)",
            data="grammar", model="transformer_lm", trainer="hf", optimizer="adamw", lr=3e-3,
            schedule="step_per_batch_bug", epochs=12, batch=32, width=48, n_train=800, shows="plateau",
            expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
            allow=_g("stuck_at_chance", "still_improving", "noisy_validation"),
            causes=_g("lr_too_low", "insufficient_training")),
    Family3("f3_oscillate_cyclic_lr_ordinal_ltb",
            "Adam with a cyclic LR (one epoch up, one down) whose top is 0.2, far too high: the ordinal MLP's loss "
            "goes up and down every epoch (Lightning TensorBoardLogger)", data="ratings", model="mlp",
            trainer="lightning_tb", lr=1e-4, schedule="cyclic", max_lr=0.2, epochs=20, batch=32, width=64,
            shows="oscillation",
            expect=(_any("oscillation", "loss_spikes", "divergence", "train_loss_rebound", "noisy_validation"),),
            allow=_g("abnormal_initial_loss", "generalization_gap", "overfitting", "plateau", "nan_inf",
                     "loss_metric_disagreement", "val_below_train", "stuck_at_chance", "loss_not_decreasing"),
            causes=_g("lr_too_high")),
    Family3("f3_spikes_unit_bug_prices_lmlflow",
            "house prices: in epochs 5, 10 and 15 one batch has its targets in the wrong unit (x1000), MSE, "
            "Lightning MLFlowLogger", data="prices", model="mlp", trainer="lightning_mlflow", loss="mse", lr=3e-3,
            epochs=20, batch=32, width=64, unit_bug_epochs=(5, 10, 15), shows="loss_spikes",
            expect=(_any("loss_spikes", "oscillation"),),
            allow=_g("train_loss_rebound", "noisy_validation", "still_improving", "plateau", "val_below_train",
                     "abnormal_initial_loss", "generalization_gap"),
            causes=_g("noisy_labels", "unnormalized_input", "exploding_gradients", "lr_too_high")),
    Family3("f3_leak_label_feature_customers_hf",
            "the label, one-hot, left among the features (train and validation) while input dropout 0.5 hides it "
            "in training only: validation is perfect, training is not (HF Trainer)", data="customers", model="mlp",
            trainer="hf", leak_label=True, input_dropout=0.5, lr=2e-3, epochs=12, batch=32, width=64,
            shows="suspected_leakage",
            expect=(_any("suspected_leakage"),),
            allow=_g("val_below_train", "still_improving", "plateau", "noisy_validation"),
            causes=_g("data_leakage")),
    Family3("f3_init_loss_big_head_lm_nanogpt",
            "the LM's output layer initialised with std 4 instead of ~0.02: the first loss is many times ln V "
            "(nanoGPT-style print log)", data="grammar", model="transformer_lm", trainer="print_nanogpt",
            optimizer="adamw", lr=1e-3, head_init=4.0, epochs=12, batch=32, width=48, n_train=800,
            shows="abnormal_initial_loss",
            expect=(_any("abnormal_initial_loss"),),
            allow=_g("oscillation", "loss_spikes", "noisy_validation", "generalization_gap", "overfitting",
                     "divergence", "train_loss_rebound", "plateau", "still_improving", "val_below_train",
                     "loss_metric_disagreement"),
            causes=_g("bad_initialization")),
    Family3("f3_val_below_smoothing_mixer_tbs",
            "label smoothing 0.4 in the training loss only, validation scored with plain cross-entropy "
            "(SummaryWriter.add_scalars)", data="textures", model="mixer", trainer="torch_tb_scalars", lr=2e-3,
            label_smoothing=0.4, epochs=14, batch=32, width=32, shows="val_below_train",
            expect=(_any("val_below_train"),),
            allow=_g("still_improving", "noisy_validation", "plateau"),
            causes=_g("regularization_only_in_training")),
    Family3("f3_noisy_val_one_batch_scenes_pandas",
            "validation scored on one random batch of 8 scenes, drawn anew each epoch (next(iter(val_loader))) "
            "(pandas CSV)", data="scenes", model="resnet_bn", trainer="torch_pandas", val_one_batch=8, lr=2e-3,
            epochs=16, batch=32, width=16, shows="noisy_validation",
            expect=(_any("noisy_validation"),),
            allow=_g("val_below_train", "generalization_gap", "overfitting", "still_improving", "plateau",
                     "loss_spikes"),
            causes=_g("small_validation_set")),
    Family3("f3_stopped_early_wrong_mode_kjson",
            "EarlyStopping(monitor='val_accuracy', mode='min', patience=3) stops the textures CNN while it improves "
            "(Keras History JSON)", data="textures", model="cnn", trainer="keras_json", optimizer="sgdm", lr=0.01,
            early_stop="val_accuracy_min", patience=3, epochs=40, batch=32, width=16, shows="still_improving",
            expect=(_any("still_improving"),), allow=_g("underfitting", "val_below_train"),
            causes=_g("insufficient_training")),
    Family3("f3_double_sigmoid_scenes_resnet_wandb",
            "the residual net ends in nn.Sigmoid() and is trained with BCEWithLogitsLoss: the multi-label loss floors "
            "while per-label accuracy is high (W&B offline)", data="scenes", model="resnet_bn", trainer="torch_wandb",
            double_sigmoid=True, lr=2e-3, epochs=14, batch=32, width=16, shows="loss_metric_disagreement",
            expect=(_any("loss_metric_disagreement", "stuck_at_chance", "plateau", "underfitting"),),
            allow=_g("still_improving", "loss_not_decreasing"), causes=_g("label_or_loss_misconfig")),
    Family3("f3_gap_other_sensor_signals_jsonl",
            "validation signals from another sensor (gain x0.6, offset +0.8) than the training ones (one JSON line "
            "per epoch)", data="signals", model="depthwise", trainer="torch_jsonl", val_gain=0.6, val_offset=0.8,
            lr=2e-3, epochs=14, batch=32, width=24, shows="generalization_gap",
            expect=(_OVERFIT,), allow=_g("still_improving", "noisy_validation", "plateau", "loss_metric_disagreement"),
            causes=_g("distribution_shift")),
    Family3("f3_rebound_negative_lr_seq2seq_tutorial",
            "a hand-written linear decay 1 - step / (half the steps), never clamped at 0: from mid-run the LR is "
            "negative and the GRU seq2seq climbs its own loss (PyTorch-tutorial print log)", data="reverse",
            model="gru_seq2seq", trainer="print_tutorial", lr=3e-3, schedule="negative_decay_bug", epochs=16,
            batch=32, width=48, shows="train_loss_rebound",
            expect=(_any("train_loss_rebound", "divergence", "loss_spikes", "oscillation"),),
            allow=_g("overfitting", "generalization_gap", "noisy_validation", "plateau", "loss_metric_disagreement",
                     "stuck_at_chance", "loss_not_decreasing", "nan_inf"),
            causes=_g("lr_too_high", "training_step_bug")),
)
