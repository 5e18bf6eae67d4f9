"""The sixth generation of model families: tasks, models, training setups and writers that v1-v5 (families.py,
families_v2.py .. families_v5.py) did not combine, for release 6's honest number.

The label rule, fixed and committed before any full-length run was generated, and never changed to fit a curve:

- ``expect`` is the symptom the injected fault produces by construction (one group; any name in it counts: the names a
  practitioner would accept for the same curve); ``allow`` lists what may also be true of such a run; ``causes`` is the
  injected cause (the top-3 cause metric); ``healthy`` runs must raise no warning at all.
- ``shows`` names the construction check (checks_v6.py), the plain test of the logged numbers a person would do to see
  the fault. A run that fails it did not show its fault: its injection (or, for a healthy run, its tuning) is fixed and
  it is regenerated; a run that still fails is left out of labels.json (labels_failed.json), never relabelled.
- ``context`` (labels.json) is what the person running it knows and could tell lossdoctor, in the schema of
  benchmarks/real_runs/score.py CONTEXT: the task and loss as they would name them, whether it is fine-tuning, whether
  the best checkpoint is restored at the end; null where they would not know or say it. It follows from the setup,
  never from the curve.
- lossdoctor's diagnosis was never run on these runs while they were written, tuned and generated; only its reader
  (``lossdoctor.read``) was, to check that every log is read whole.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios import _any, _g

TRAINERS_V6 = ("torch_tb", "hf_state", "hf_stdout", "keras_csv", "keras_json", "lightning_tb", "lightning_csv",
               "mlflow_epoch", "jsonl", "print_pipe", "print_kv", "print_logging")
READER_FOR_V6 = {"torch_tb": "tensorboard", "hf_state": "hf_trainer", "hf_stdout": "text", "keras_csv": "keras_csv",
                 "keras_json": "keras_history", "lightning_tb": "tensorboard", "lightning_csv": "lightning_csv",
                 "mlflow_epoch": "mlflow", "jsonl": "json_records", "print_pipe": "text", "print_kv": "text",
                 "print_logging": "text"}
# Writers that keep per-step (per-interval) training losses next to the per-epoch (or per-evaluation) ones.
STEP_LEVEL_V6 = {"torch_tb", "hf_state", "hf_stdout", "lightning_tb", "lightning_csv"}

# What a user would say about each task (score.py CONTEXT's task and loss vocabularies).
_CONTEXT_TASK = {"patches": "classification", "graphs": "classification", "multilabel": "multilabel",
                 "ordinal": "classification", "survival": "other", "tags": "classification", "denoise": "generative",
                 "contrastive": "metric_learning", "distill": "classification", "focal": "classification",
                 "bigreg": "regression", "tinyreg": "regression", "forecast": "regression"}
_CONTEXT_LOSS = {"patches": "cross_entropy", "graphs": "cross_entropy", "multilabel": "binary_cross_entropy",
                 "ordinal": "binary_cross_entropy", "survival": "other", "tags": "cross_entropy", "denoise": "mse",
                 "contrastive": "other", "distill": "sum_of_terms", "focal": "other", "bigreg": "mse",
                 "tinyreg": "mse", "forecast": "other"}


@dataclass(frozen=True)
class Family6:
    name: str
    fault: str
    data: str      # patches | graphs | multilabel | ordinal | survival | tags | denoise | contrastive | distill | focal
    #                | bigreg | tinyreg | forecast
    model: str     # mlp | ws_mlp | resmlp30 | dwsep | ws_cnn | mixer | vit | tcn | gcn
    trainer: str   # one of TRAINERS_V6
    optimizer: str = "adam"   # adam | adamw | nadam | radam | adagrad | adadelta | nesterov
    lr: float = 1e-3
    weight_decay: float = 0.0
    adagrad_eps: float = 1e-10
    schedule: str = "none"    # none | poly | expwarm | plateau | (faults) expwarm_unbounded | cyclic_epoch_units
    warmup: int = 100
    plateau_mode: str = "min"
    plateau_factor: float = 0.5
    plateau_patience: int = 2
    cyclic_max_mult: float = 1.0
    epochs: int = 20          # evaluation periods (epochs, or eval_every steps)
    eval_every: int = 0       # validate every N steps instead of every epoch (0: per epoch)
    batch: int = 32
    n_train: int = 2000
    n_val: int = 500
    width: int = 32
    log_every: int = 10
    dropout: float = 0.0
    label_smoothing: float = 0.0  # in the training loss only
    zero_head: bool = False   # the classifier head initialised at zero
    clip: float = 0.0         # gradient-norm clipping (0: off)
    temperature: float = 0.1  # InfoNCE
    ema_decay: float = 0.0    # EMA of the weights, evaluated on val
    early_stop: int = 0       # early-stopping patience in epochs (0: off); the run stops
    restore_best: bool = False  # best-checkpoint restore at the end
    freeze_epochs: int = 0    # fine-tuning: backbone frozen for these epochs, then unfrozen
    unfreeze_lr_mult: float = 0.1
    pretrain: int = 0         # epochs of unlogged pre-training of the backbone (fine-tuning)
    loss_scale: float = 1.0   # static loss scaling of the backward pass (the logged loss is unscaled)
    val_rows: int = 0         # validate on this many rows drawn afresh each time (0: the whole val set)
    # ---- fault knobs -------------------------------------------------------------------------------------------
    val_rotated: bool = False        # validation images from a camera mounted sideways (rotated 90 degrees)
    tag_in_token: bool = False       # the gold tag encoded into each token id
    dead_sensor: bool = False        # a feature column that is always 0
    teacher_untrained: bool = False  # distillation from the teacher's initial (untrained) checkpoint
    prefetch_offbyone: bool = False  # each batch paired with the previous batch's labels
    opt_on_ema_copy: bool = False    # the optimizer built on the EMA copy's parameters
    logit_temperature: float = 1.0   # logits divided by this in training and evaluation (calibration left on)
    label_shard_epochs: tuple[int, ...] = ()  # in these epochs the label columns come in another order
    shows: str = ""
    expect: tuple[tuple[str, ...], ...] = ()
    allow: frozenset[str] = frozenset()
    causes: frozenset[str] = frozenset()
    healthy: bool = False
    fine_tune: bool = False
    note: str = ""

    @property
    def precision(self) -> str:
        return "fp32"

    @property
    def loss(self) -> str:
        return _CONTEXT_LOSS[self.data]


def context(fam: Family6) -> dict[str, Any]:
    """What the user running this would know and say (score.py CONTEXT): task, loss, fine_tune, best_checkpoint."""
    return {"task": _CONTEXT_TASK[fam.data], "loss": _CONTEXT_LOSS[fam.data], "fine_tune": fam.fine_tune,
            "best_checkpoint": fam.restore_best}


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")
_OVERFIT = _any("overfitting", "generalization_gap")


def _healthy(name: str, fault: str, shows: str = "healthy", **kw: Any) -> Family6:
    return Family6(name, fault, healthy=True, allow=_BENIGN, shows=shows, **kw)


FAMILIES_V6: tuple[Family6, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h6_multilabel20_resmlp30_radam_hfstate",
             "none: 20-label multi-label BCE, a deep narrow MLP (30 residual blocks of width 32), RAdam, "
             "transformers' trainer_state.json (loss every 10 steps, eval every epoch)",
             data="multilabel", model="resmlp30", trainer="hf_state", optimizer="radam", lr=1e-3, epochs=12,
             batch=32, width=32, log_every=10, shows="healthy_floor"),
    _healthy("h6_patches_vit_nadam_poly_lightning_tb",
             "none: oriented bars in 10x10 images, a tiny ViT (2x2 patch embedding, 2 layers), NAdam with polynomial "
             "decay (power 2) to zero, Lightning's TensorBoardLogger (train_loss_step, train_loss_epoch, val_loss)",
             data="patches", model="vit", trainer="lightning_tb", optimizer="nadam", lr=2e-3, schedule="poly",
             epochs=12, batch=32, n_train=2000, width=32, log_every=10),
    _healthy("h6_patches_wscnn_nesterov_plateau_pipe",
             "none: oriented bars, a BatchNorm-free CNN with weight standardisation, SGD with Nesterov momentum "
             "(weight decay 5e-3) and ReduceLROnPlateau (x0.5, patience 1; the LR drops are in the log), a "
             "'|'-separated print per epoch",
             data="patches", model="ws_cnn", trainer="print_pipe", optimizer="nesterov", lr=0.02, weight_decay=5e-3,
             schedule="plateau", plateau_patience=1, epochs=8, batch=32, n_train=3000, n_val=2000, width=24),
    _healthy("h6_tags_tcn_padmask_adamw_expwarm_jsonl",
             "none: sequence labelling (5 tags, the tag depends on the previous token), a causal TCN, token CE "
             "with the padding masked out, AdamW with exponential warm-up, JSON lines per epoch",
             data="tags", model="tcn", trainer="jsonl", optimizer="adamw", lr=3e-3, weight_decay=0.01,
             schedule="expwarm", warmup=150, epochs=12, batch=32, n_train=2000, width=48),
    _healthy("h6_graphs_gcn_adagrad_kcsv",
             "none: graph classification (4 kinds of random graph, dense adjacency), a 3-layer GCN, Adagrad, "
             "Keras' CSVLogger", data="graphs", model="gcn", trainer="keras_csv", optimizer="adagrad", lr=0.03,
             epochs=20, batch=32, n_train=1500, width=32),
    _healthy("h6_ordinal_coral_mlp_adadelta_mlflow",
             "none: ordinal regression (5 grades, CORAL: one BCE per threshold), an MLP, Adadelta (lr 0.5), MLflow "
             "metrics at step = epoch", data="ordinal", model="mlp", trainer="mlflow_epoch", optimizer="adadelta",
             lr=0.5, epochs=12, batch=32, n_train=4000, n_val=1000, width=64),
    _healthy("h6_survival_cox_mlp_earlystop_restore_logging",
             "none: survival with right-censoring (Cox partial likelihood), an MLP with dropout, Adam, early "
             "stopping (patience 4, the run stops) with best-checkpoint restore, Python logging lines",
             data="survival", model="mlp", trainer="print_logging", lr=1e-3, epochs=40, batch=64, n_train=2000,
             width=32, dropout=0.1, early_stop=4, restore_best=True, shows="healthy_cox"),
    _healthy("h6_denoise_scorematch_mlp_ema_torch_tb",
             "none: denoising score matching (predict the noise, MSE) on a mixture of 8 clusters, an MLP, Adam, "
             "an EMA of the weights (0.99) evaluated on val, torch's SummaryWriter with per-step batch losses",
             data="denoise", model="mlp", trainer="torch_tb", lr=2e-3, ema_decay=0.99, epochs=15, batch=64,
             width=128, log_every=5, shows="healthy_floor"),
    _healthy("h6_contrastive_infonce_mlp_clip_kjson",
             "none: instance-contrastive learning (InfoNCE, temperature 0.05, batch 128, two augmented views), "
             "an MLP encoder, "
             "AdamW with gradient clipping at 1.0, the Keras History dict dumped as JSON",
             data="contrastive", model="mlp", trainer="keras_json", optimizer="adamw", lr=2e-3, weight_decay=0.01,
             clip=1.0, temperature=0.05, epochs=15, batch=128, n_train=2048, n_val=512, width=128,
             shows="healthy_noacc"),
    _healthy("h6_distill_kl_ce_mlp_hfstdout",
             "none: knowledge distillation (CE on the hard label + T^2 KL to a good teacher at T=2, summed), an "
             "MLP student, Adam, the dicts HF Trainer prints (loss every 20 steps, eval each epoch)",
             data="distill", model="mlp", trainer="hf_stdout", lr=2e-3, epochs=12, batch=32, width=64,
             log_every=20),
    _healthy("h6_focal_imbalanced_wsmlp_lightning_csv",
             "none: focal loss (gamma 2) on 3 classes at 85/10/5 %, a BatchNorm-free MLP with weight "
             "standardisation, Adam, Lightning's CSVLogger", data="focal", model="ws_mlp",
             trainer="lightning_csv", lr=1e-3, epochs=10, batch=64, n_val=1000, width=64, log_every=5),
    _healthy("h6_bigreg_1e4_units_nesterov_clip_kv",
             "none: regression in original units (~5e4 +- 1e4, MSE in units^2 ~1e8), an MLP with a fixed "
             "de-standardising output layer, SGD Nesterov with gradient clipping, key=value prints",
             data="bigreg", model="mlp", trainer="print_kv", optimizer="nesterov", lr=0.01, clip=5.0, epochs=20,
             batch=32, width=64, shows="healthy_noacc"),
    _healthy("h6_tinyreg_1e-4_units_1000ep_kcsv",
             "none: a long converged run: regression in units of ~1e-4 (MSE ~1e-10), 1000 full-batch epochs of a "
             "small MLP on 300 rows, AdamW with polynomial decay and static loss scaling (x1e9, so the "
             "gradients are not lost under Adam's eps), Keras' CSVLogger",
             data="tinyreg", model="mlp", trainer="keras_csv", optimizer="adamw", lr=3e-3, weight_decay=0.01,
             schedule="poly", loss_scale=1e9, epochs=1000, batch=300, n_train=300, n_val=300, width=32,
             shows="healthy_noacc"),
    _healthy("h6_forecast_tcn_mase_freeze_unfreeze_mlflow",
             "none: fine-tuning a forecaster: a TCN pre-trained (unlogged) on other series, head only for 3 epochs, "
             "then the backbone unfrozen at 1/10 of the LR; MASE-scaled MAE; MLflow at step = epoch",
             data="forecast", model="tcn", trainer="mlflow_epoch", lr=2e-3, pretrain=3, freeze_epochs=3,
             unfreeze_lr_mult=0.1, epochs=12, batch=64, n_train=1500, width=32, fine_tune=True,
             shows="healthy_finetune"),
    _healthy("h6_patches_mixer_adamw_valsteps_hfstate",
             "none: noisy step-level logs: an MLP-Mixer at batch 16, AdamW, validation every 50 steps "
             "(trainer_state.json, loss every 5 steps)", data="patches", model="mixer", trainer="hf_state",
             optimizer="adamw", lr=1e-3, weight_decay=0.05, eval_every=50, epochs=40, batch=16, n_train=4000,
             width=32, log_every=5),
    # ---- faults ----------------------------------------------------------------------------------------------------
    Family6("f6_overfit_multilabel_100rows_wide_kjson",
            "100 training rows for 20 labels, a 512-wide MLP, 150 epochs, no regularisation: validation BCE turns "
            "up (Keras History JSON)", data="multilabel", model="mlp", trainer="keras_json", lr=1e-3, epochs=150,
            batch=25, n_train=100, n_val=500, width=512, shows="overfitting", expect=(_OVERFIT,),
            allow=_g("noisy_validation", "plateau", "still_improving", "loss_spikes"),
            causes=_g("too_little_data", "model_too_large", "insufficient_regularization")),
    Family6("f6_underfit_adadelta_adam_lr_wscnn_logging",
            "Adadelta given Adam's LR (1e-3 instead of 1.0): the updates are ~1e-6, the CNN barely moves "
            "(Python logging lines)", data="patches", model="ws_cnn", trainer="print_logging", optimizer="adadelta",
            lr=1e-3, epochs=15, batch=32, width=24, shows="underfitting",
            expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train"), causes=_g("lr_too_low")),
    Family6("f6_chance_prefetch_offbyone_labels_gcn_lcsv",
            "a prefetching loader pairs each batch of graphs with the previous batch's labels: nothing to learn, "
            "validation at chance (zero-initialised head; Lightning CSV)", data="graphs", model="gcn",
            trainer="lightning_csv", lr=3e-4,
            zero_head=True, prefetch_offbyone=True, epochs=15, batch=64, n_train=1500, width=32, log_every=10,
            shows="stuck_at_chance",
            expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting", "plateau"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train", "overfitting", "generalization_gap"),
            causes=_g("label_or_loss_misconfig", "training_step_bug", "noisy_labels")),
    Family6("f6_flat_optimizer_on_ema_copy_distill_torch_tb",
            "the optimizer is built on the EMA copy's parameters, which get no gradient: the live model never "
            "changes, the loss is flat (SummaryWriter)", data="distill", model="mlp", trainer="torch_tb", lr=2e-3,
            ema_decay=0.999, opt_on_ema_copy=True, epochs=12, batch=32, width=64, log_every=10,
            shows="loss_not_decreasing",
            expect=(_any("loss_not_decreasing", "stuck_at_chance", "plateau", "underfitting"),),
            allow=_g("noisy_validation", "val_below_train"), causes=_g("training_step_bug", "lr_too_low")),
    Family6("f6_nan_adagrad_eps0_dead_sensor_cox_hfstdout",
            "Adagrad with eps=0 and a sensor column that is always 0: its weights' gradient and accumulator are 0, "
            "0/0 is NaN at the first step and spreads (HF-style printed dicts)", data="survival", model="mlp",
            trainer="hf_stdout", optimizer="adagrad", adagrad_eps=0.0, dead_sensor=True, lr=0.01, epochs=10,
            batch=64, width=32, log_every=10, shows="nan_inf", expect=(_any("nan_inf", "divergence"),),
            allow=_g("loss_spikes", "oscillation", "train_loss_rebound", "abnormal_initial_loss", "noisy_validation",
                     "plateau", "still_improving", "loss_not_decreasing", "stuck_at_chance"),
            causes=_g("training_step_bug", "exploding_gradients", "label_or_loss_misconfig")),
    Family6("f6_diverge_expwarmup_unbounded_tcn_kcsv",
            "exponential warm-up written without its cap: the LR keeps growing x10 every 50 steps past the "
            "base LR, the tagging loss climbs (Keras CSVLogger)", data="tags", model="tcn", trainer="keras_csv",
            optimizer="nesterov", lr=0.02, schedule="expwarm_unbounded", warmup=150, epochs=10, batch=32,
            n_train=2000, width=48, shows="divergence", expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
            allow=_g("loss_spikes", "oscillation", "generalization_gap", "overfitting", "plateau", "noisy_validation",
                     "still_improving", "loss_not_decreasing", "abnormal_initial_loss", "stuck_at_chance",
                     "underfitting"),
            causes=_g("lr_too_high", "training_step_bug")),
    Family6("f6_plateau_reduce_on_plateau_mode_max_wscnn_pipe",
            "ReduceLROnPlateau(mode='max') on the validation loss: every time the loss falls for 2 epochs the LR "
            "is cut x0.1, so it collapses while learning ('|'-separated print with the LR)", data="patches",
            model="ws_cnn", trainer="print_pipe", optimizer="adam", lr=3e-4, schedule="plateau", plateau_mode="max",
            plateau_factor=0.1, plateau_patience=1, epochs=20, batch=32, width=24, shows="plateau",
            expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train", "stuck_at_chance"),
            causes=_g("lr_too_low", "insufficient_training")),
    Family6("f6_oscillate_cyclic_lr_epoch_units_vit_lightning_tb",
            "a cyclic LR meant to swing between 1e-3 and 3e-3 over 2000 steps, configured in epochs and with max "
            "x60: the LR jumps 1e-3 <-> 6e-2 every epoch and the loss swings with it (Lightning TensorBoard)",
            data="patches", model="vit", trainer="lightning_tb", lr=1e-3, schedule="cyclic_epoch_units",
            cyclic_max_mult=60.0, epochs=16, batch=32, width=32, log_every=10, shows="oscillation",
            expect=(_any("oscillation", "loss_spikes", "divergence", "train_loss_rebound", "noisy_validation"),),
            allow=_g("plateau", "still_improving", "generalization_gap", "overfitting", "val_below_train",
                     "underfitting", "stuck_at_chance", "loss_not_decreasing"),
            causes=_g("lr_too_high")),
    Family6("f6_spikes_label_columns_reordered_shard_jsonl",
            "in epochs 5, 10 and 15 the shard's 20 label columns come in another order (a different export): "
            "the multi-label BCE jumps in those epochs (JSON lines)", data="multilabel", model="mlp",
            trainer="jsonl", lr=1e-3, label_shard_epochs=(5, 10, 15), epochs=20, batch=32, width=128,
            shows="loss_spikes", expect=(_any("loss_spikes", "oscillation"),),
            allow=_g("noisy_validation", "train_loss_rebound", "still_improving", "plateau", "val_below_train",
                     "divergence"),
            causes=_g("label_or_loss_misconfig", "noisy_labels", "training_step_bug")),
    Family6("f6_leak_tag_in_token_id_tcn_mlflow",
            "the annotated corpus' tokeniser encodes the gold tag into each token id (train and val alike): "
            "validation tagging is perfect; embedding dropout 0.3 in training only (MLflow)", data="tags",
            model="tcn", trainer="mlflow_epoch", lr=3e-3, tag_in_token=True, dropout=0.3, epochs=12, batch=32,
            width=48, shows="suspected_leakage", expect=(_any("suspected_leakage",),),
            allow=_g("val_below_train", "still_improving", "plateau", "noisy_validation"),
            causes=_g("data_leakage")),
    Family6("f6_init_temperature_0001_in_classifier_gcn_kv",
            "a temperature of 0.001 (a contrastive config's value) left in the graph classifier's forward: "
            "logits x1000, the first losses are many times ln C (validated every 10 steps; key=value prints)",
            data="graphs", model="gcn",
            trainer="print_kv", lr=3e-4, logit_temperature=0.001, eval_every=10, epochs=40, batch=32, n_train=1500,
            width=32,
            shows="abnormal_initial_loss", expect=(_any("abnormal_initial_loss",),),
            allow=_g("still_improving", "noisy_validation", "val_below_train", "plateau", "loss_spikes",
                     "oscillation", "generalization_gap", "overfitting", "loss_metric_disagreement"),
            causes=_g("bad_initialization", "label_or_loss_misconfig")),
    Family6("f6_valbelow_label_smoothing_train_only_gcn_hfstdout",
            "label smoothing 0.2 in the training loss only: the training CE has a "
            "floor the unsmoothed validation CE does not (HF-style printed dicts)", data="graphs", model="gcn",
            trainer="hf_stdout", optimizer="adagrad", lr=0.03, label_smoothing=0.2, epochs=15,
            batch=32, n_train=1500, width=32, log_every=20, shows="val_below_train", expect=(_any("val_below_train",),),
            allow=_g("still_improving", "noisy_validation", "plateau", "loss_metric_disagreement"),
            causes=_g("regularization_only_in_training")),
    Family6("f6_noisyval_32rows_every25steps_mixer_hfstate",
            "validation every 25 steps on 32 rows drawn afresh each time (trainer_state.json)", data="patches",
            model="mixer", trainer="hf_state", lr=1e-3, eval_every=25, val_rows=32, epochs=30, batch=32,
            width=32, log_every=5, shows="noisy_validation", expect=(_any("noisy_validation",),),
            allow=_g("still_improving", "val_below_train", "plateau", "loss_spikes", "oscillation",
                     "generalization_gap", "overfitting"),
            causes=_g("small_validation_set")),
    Family6("f6_still_3epoch_excerpt_vit_kcsv",
            "a 3-epoch excerpt (epochs=3 left from a smoke test) of a ViT still learning fast (Keras CSVLogger)",
            data="patches", model="vit", trainer="keras_csv", optimizer="nadam", lr=2e-3, epochs=3, batch=32,
            width=32, shows="still_improving", expect=(_any("still_improving",),),
            allow=_g("noisy_validation", "val_below_train", "underfitting"), causes=_g("insufficient_training")),
    Family6("f6_disagree_untrained_teacher_distill_lcsv",
            "distillation from the teacher's initial checkpoint (near-uniform outputs): the T^2 KL term keeps "
            "the student's logits tiny, so the summed loss stays near ln C while the accuracy is high "
            "(Lightning CSV)", data="distill", model="mlp", trainer="lightning_csv", lr=2e-3,
            teacher_untrained=True, epochs=20, batch=32, n_train=3000, width=64, log_every=10,
            shows="loss_metric_disagreement",
            expect=(_any("loss_metric_disagreement", "plateau", "underfitting", "stuck_at_chance"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train", "loss_not_decreasing"),
            causes=_g("label_or_loss_misconfig")),
    Family6("f6_gap_rotated_camera_val_dwsep_torch_tb",
            "validation images from a camera mounted sideways (rotated 90 degrees): horizontal bars look vertical "
            "(SummaryWriter)", data="patches", model="dwsep", trainer="torch_tb", lr=2e-3, val_rotated=True,
            epochs=12, batch=32, width=24, log_every=10, shows="generalization_gap",
            expect=(_any("generalization_gap", "overfitting"),),
            allow=_g("noisy_validation", "plateau", "still_improving", "loss_metric_disagreement", "divergence",
                     "stuck_at_chance", "abnormal_initial_loss"),
            causes=_g("distribution_shift")),
    Family6("f6_rebound_unfreeze_lr_x1000_forecast_tcn_logging",
            "fine-tuning a pre-trained TCN forecaster: at unfreezing (epoch 4) the backbone's parameter group gets "
            "1000x the head's LR instead of 1/10: the training loss jumps back up (Python logging lines)",
            data="forecast", model="tcn", trainer="print_logging", lr=2e-3, pretrain=3, freeze_epochs=4,
            unfreeze_lr_mult=1000.0, epochs=14, batch=64, n_train=1500, width=32, fine_tune=True,
            shows="train_loss_rebound",
            expect=(_any("train_loss_rebound", "divergence", "loss_spikes", "oscillation"),),
            allow=_g("plateau", "noisy_validation", "still_improving", "generalization_gap", "overfitting",
                     "val_below_train"),
            causes=_g("lr_too_high", "training_step_bug")),
)
