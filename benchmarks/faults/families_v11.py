"""The eleventh generation of model families: tasks, models, training setups and writers that v1-v10 (families.py,
families_v2.py .. families_v10.py) did not use, for release 12's honest number.

The label rule, fixed and committed before any full-length run was generated, and never changed to fit a curve:

- ``expect`` is the symptom the injected fault produces by construction (one group; any name in it counts: the names a
  practitioner would accept for the same curve); ``allow`` lists what may also be true of such a run; ``causes`` is the
  injected cause (the top-3 cause metric); ``healthy`` runs must raise no warning at all.
- ``shows`` names the construction check (checks_v11.py), the plain test of the logged numbers a person would do to see
  the fault. A run that fails it did not show its fault: its injection (or, for a healthy run, its tuning) is fixed and
  it is regenerated; a run that still fails is left out of labels.json (labels_failed.json), never relabelled.
- ``context`` (labels.json) is what the person running it knows and could tell lossdoctor, in the schema of
  benchmarks/real_runs/score.py CONTEXT: the task and loss as they would name them, whether it is fine-tuning, whether
  the best checkpoint is restored at the end. It follows from the setup, never from the curve: the person classifying
  rhythms says cross-entropy (also the one whose cosine classifier's scale was mistyped), the person fitting claim
  amounts says regression with another loss (Tweedie deviance), the person estimating a phase says regression with
  another loss (1 - cos of the angle error).
- lossdoctor's diagnosis was never run on these runs while they were written, tuned and generated; only its reader
  (``lossdoctor.read``) was, to check that every log is read whole.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios import _any, _g
from families_v9 import READER_FOR_V9

READER_FOR_V11 = {**READER_FOR_V9, "wandb_csv": "wandb_csv"}
TRAINERS_V11 = tuple(READER_FOR_V11)
STEP_LEVEL_V11 = {"torch_tb", "hf_state", "hf_stdout", "lightning_tb", "lightning_csv", "ignite", "wandb_csv"}

# What a user would say about each task (score.py CONTEXT's task and loss vocabularies).
_CONTEXT = {"rhythm": ("classification", "cross_entropy"), "claims": ("regression", "other"),
            "phase": ("regression", "other")}


@dataclass(frozen=True)
class Family11:
    name: str
    fault: str
    data: str      # rhythm | claims | phase
    model: str     # conv | lru | mish | nam
    trainer: str   # one of TRAINERS_V11
    optimizer: str = "adam"   # adam | adamw | momentum | qhadam | sfadamw
    lr: float = 1e-3
    weight_decay: float = 0.0
    schedule: str = "none"    # none | chained | linear_ramp | plateau_val_loss | plateau_val_acc_min
    warmup: int = 50          # chained: LinearLR warm-up steps (x0.1 -> x1), chained with a per-step ExponentialLR
    end_factor: float = 1.0   # linear_ramp: the LambdaLR ramp's factor at the end of the run
    epochs: int = 15
    batch: int = 64
    n_train: int = 2000
    n_val: int = 500
    width: int = 32
    blocks: int = 3
    dropout: float = 0.0
    cos_scale: float = 16.0   # the cosine classifier's logit scale
    log_every: int = 10
    eval_every: int = 0       # validate every N steps instead of per epoch
    clip: float = 0.0         # clip_grad_norm_
    clip_value: float = 0.0   # clip_grad_value_
    bf16: bool = False        # torch.autocast(cpu, bfloat16) forward passes
    imbalance: int = 0        # rhythm: the regular class this many times as frequent as each other one
    weighted_sampler: bool = False
    early_stop: int = 0
    restore_best: bool = False
    pretrain: int = 0         # epochs of unlogged pre-training on regular vs other rhythms, then a fresh head
    # ---- fault knobs -------------------------------------------------------------------------------------------
    max_steps: int = 0               # a smoke-test profile's step budget
    freeze_backbone: bool = False    # requires_grad=False on everything but the head, never undone
    wrong_column: bool = False       # the sampling-rate column read as the signal
    zero_head: bool = False
    head_std: float = 0.0            # the head's weights drawn with this std
    leak_onehot: bool = False        # the export's label columns left in the series
    train_jitter: float = 0.0        # training-only Gaussian noise on the inputs
    time_mask: int = 0               # training-only: a random window of this many samples zeroed
    negative_claims: bool = False    # refunds stored as negative claim amounts
    cents_epochs: tuple[int, ...] = ()  # in these epochs every other batch's amounts are in cents
    val_rate: float = 1.0            # validation series recorded at this multiple of the sampling rate
    val_frac: float = 0.0            # each evaluation on an unseeded random fraction of the validation set
    dropout_ramp_from: int = 0       # from this epoch the dropout rate rises linearly to dropout_ramp_to
    dropout_ramp_to: float = 0.0
    shows: str = ""
    expect: tuple[tuple[str, ...], ...] = ()
    allow: frozenset[str] = frozenset()
    causes: frozenset[str] = frozenset()
    healthy: bool = False
    fine_tune: bool = False
    note: str = ""

    @property
    def precision(self) -> str:
        return "bf16" if self.bf16 else "fp32"

    @property
    def loss(self) -> str:
        return {"claims": "tweedie_deviance", "phase": "cosine_angle"}.get(self.data, "ce")


def context(fam: Family11) -> dict[str, Any]:
    """What the user running this would know and say (score.py CONTEXT): task, loss, fine_tune, best_checkpoint."""
    task, loss = _CONTEXT[fam.data]
    return {"task": task, "loss": loss, "fine_tune": fam.fine_tune, "best_checkpoint": fam.restore_best}


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")
_OVERFIT = _any("overfitting", "generalization_gap")


def _healthy(name: str, fault: str, shows: str = "healthy", **kw: Any) -> Family11:
    return Family11(name, fault, healthy=True, allow=_BENIGN, shows=shows, **kw)


FAMILIES_V11: tuple[Family11, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h11_rhythm_conv_cosine_qhadam_chained_wandbcsv",
             "none: pulse trains classed by rhythm, a Conv1d net with GroupNorm and SiLU and a cosine classifier "
             "head (scale 16), a hand-written QHAdam, a ChainedScheduler (linear warm-up and per-step exponential "
             "decay together), the history exported from W&B as CSV", data="rhythm", model="conv",
             trainer="wandb_csv", optimizer="qhadam", lr=3e-3, schedule="chained", warmup=50, epochs=12),
    _healthy("h11_rhythm_conv_schedulefree_adamw_fastai",
             "none: the Conv1d cosine classifier with a hand-written schedule-free AdamW (evaluated at its averaged "
             "weights, no schedule), fastai's printed table", data="rhythm", model="conv",
             trainer="fastai", optimizer="sfadamw", lr=3e-3, epochs=12),
    _healthy("h11_rhythm_conv_bf16_autocast_adam_chained_ignite",
             "none: the Conv1d cosine classifier under bfloat16 autocast on the CPU, Adam with the chained warm-up "
             "and exponential decay, Ignite's printed lines", data="rhythm", model="conv", trainer="ignite", lr=3e-3,
             schedule="chained", warmup=50, bf16=True, epochs=12, log_every=8),
    _healthy("h11_rhythm_conv_imbalance_8_weighted_sampler_kcsv",
             "none: regular rhythms 8x as frequent as each other one, balanced by a WeightedRandomSampler, the "
             "Conv1d cosine classifier with Adam, Keras' CSVLogger", data="rhythm", model="conv",
             trainer="keras_csv", lr=2e-3, imbalance=8, weighted_sampler=True, epochs=12),
    _healthy("h11_rhythm_conv_finetune_regular_vs_not_hfcard",
             "none: fine-tuning: the Conv1d net pre-trained (unlogged) on regular vs other rhythms, a fresh 4-rhythm "
             "cosine head, Adam at 1e-3, the model card HF Trainer writes", data="rhythm", model="conv",
             trainer="hf_card", lr=1e-3, pretrain=4, epochs=8, log_every=8, fine_tune=True,
             shows="healthy_finetune"),
    _healthy("h11_rhythm_conv_momentum_clip_value_torch_tb",
             "none: noisy step-level logs: the Conv1d cosine classifier with SGD momentum at batch 16 and gradients "
             "clipped by value at 1.0, SummaryWriter logging every 10th batch", data="rhythm", model="conv",
             trainer="torch_tb", optimizer="momentum", lr=2e-2, clip_value=1.0, batch=16, epochs=10),
    _healthy("h11_claims_nam_adam_earlystop_restore_mlflow",
             "none: claim amounts (compound Poisson-gamma) fitted by a neural additive model with the Tweedie "
             "deviance (power 1.5, log link), Adam, early stopping (patience 4, the run stops) restoring its best "
             "weights, MLflow", data="claims", model="nam", trainer="mlflow_epoch", lr=3e-3, early_stop=4,
             restore_best=True, epochs=60, batch=128, n_train=4000, n_val=1000, width=16, shows="healthy_floor"),
    _healthy("h11_claims_mish_rmsnorm_qhadam_chained_jsonl",
             "none: a residual MLP with RMSNorm and Mish on the claims, QHAdam, the chained warm-up and exponential "
             "decay, JSON lines", data="claims", model="mish", trainer="jsonl", optimizer="qhadam", lr=2e-3,
             schedule="chained", warmup=60, epochs=15, n_train=4000, n_val=1000, shows="healthy_floor"),
    _healthy("h11_claims_nam_schedulefree_fullbatch_150ep_kv",
             "none: a long converged run: the neural additive model with schedule-free AdamW, 150 full-batch "
             "epochs, key=value prints", data="claims", model="nam", trainer="print_kv", optimizer="sfadamw",
             lr=2e-2, epochs=150, batch=4000, n_train=4000, n_val=1000, width=16, shows="healthy_floor"),
    _healthy("h11_claims_mish_momentum_plateau_on_val_loss_kjson",
             "none: the RMSNorm-Mish MLP with SGD momentum and ReduceLROnPlateau on the validation loss (x0.5, "
             "patience 2), Keras History JSON", data="claims", model="mish", trainer="keras_json",
             optimizer="momentum", lr=2e-3, schedule="plateau_val_loss", clip=5.0, epochs=20, n_train=4000,
             n_val=1000, shows="healthy_floor"),
    _healthy("h11_phase_conv_adam_chained_hfstate",
             "none: the phase of a noisy sinusoid (loss 1 - cos of the angle error), the Conv1d net with a linear "
             "(cos, sin) head, Adam with the chained schedule, trainer_state.json", data="phase", model="conv",
             trainer="hf_state", lr=3e-3, schedule="chained", warmup=50, epochs=12),
    _healthy("h11_phase_lru_qhadam_val_every_50_lcsv",
             "none: the linear recurrence on the phase with QHAdam, validation every 50 steps, Lightning's "
             "CSVLogger", data="phase", model="lru", trainer="lightning_csv", optimizer="qhadam", lr=3e-3,
             eval_every=50, epochs=10),
    _healthy("h11_phase_mish_schedulefree_wandbcsv",
             "none: the RMSNorm-Mish MLP on the 32 raw samples with schedule-free AdamW, the W&B history CSV",
             data="phase", model="mish", trainer="wandb_csv", optimizer="sfadamw", lr=2e-3, width=64, epochs=15),
    _healthy("h11_claims_nam_qhadam_earlystop_bracket",
             "none: the neural additive model on the claims with QHAdam, early stopping (patience 3, the run stops, "
             "last weights kept), a hand-written '[epoch 3/40] ...' print", data="claims", model="nam",
             trainer="bracket", optimizer="qhadam", lr=3e-3, early_stop=3, epochs=40, n_train=4000, n_val=1000,
             width=16, shows="healthy_floor"),
    # ---- faults ----------------------------------------------------------------------------------------------------
    Family11("f11_overfit_debug_subset_96_rhythm_mish_wide_pandas_tsv",
             "a debug flag left on: 96 training series, a 256-wide residual MLP on the raw samples without "
             "regularisation, 150 epochs: it memorises them and validation turns up (pandas TSV)", data="rhythm",
             model="mish", trainer="pandas_tsv", lr=1e-3, n_train=96, n_val=500, width=256, blocks=2, epochs=150,
             batch=16, shows="overfitting", expect=(_OVERFIT,),
             allow=_g("noisy_validation", "plateau", "still_improving", "loss_spikes"),
             causes=_g("too_little_data", "model_too_large", "insufficient_regularization")),
    Family11("f11_underfit_backbone_never_unfrozen_conv_kfit",
             "a fine-tuning script's freeze (requires_grad=False on the backbone) applied to a randomly initialised "
             "Conv1d net and never undone: only the cosine head learns, on random features (Keras fit() stdout)",
             data="rhythm", model="conv", trainer="keras_fit", lr=1e-3, freeze_backbone=True, width=8, epochs=15,
             shows="underfitting",
             expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train"),
             causes=_g("training_step_bug", "model_too_small")),
    Family11("f11_chance_sampling_rate_column_as_signal_mish_mlflow",
             "the loader reads the sampling-rate column (250 Hz on every row) as the signal: every series is the "
             "same constant, validation stays at chance (the RMSNorm-Mish MLP, zero-initialised head; MLflow)",
             data="rhythm", model="mish", trainer="mlflow_epoch", lr=2e-3, wrong_column=True, zero_head=True, epochs=12,
             shows="stuck_at_chance",
             expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting", "plateau"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "overfitting", "generalization_gap"),
             causes=_g("training_step_bug", "label_or_loss_misconfig")),
    Family11("f11_flat_clip_grad_value_eps_nam_fastai",
             "clip_grad_value_ given the optimizer's eps (1e-7) instead of the clip threshold: every gradient "
             "component is at most 1e-7, SGD momentum never moves the additive model (fastai table)",
             data="claims", model="nam", trainer="fastai", optimizer="momentum", lr=1e-2, clip_value=1e-7,
             epochs=12, n_train=4000, n_val=1000, width=16, shows="loss_not_decreasing",
             expect=(_any("loss_not_decreasing", "plateau", "underfitting"),),
             allow=_g("noisy_validation", "val_below_train", "stuck_at_chance"),
             causes=_g("training_step_bug", "lr_too_low")),
    Family11("f11_nan_refunds_negative_claims_mish_karpathy",
             "refunds stored as negative claim amounts in 0.5 % of the rows: the Tweedie deviance's sqrt(y) is NaN "
             "for them, so every epoch's train loss is NaN (its gradient does not involve sqrt(y): the weights stay "
             "finite; nanoGPT-style prints)", data="claims", model="mish",
             trainer="karpathy", lr=1e-3, negative_claims=True, epochs=10, n_train=4000, n_val=1000,
             shows="nan_inf", expect=(_any("nan_inf", "divergence"),),
             allow=_g("loss_spikes", "oscillation", "train_loss_rebound", "abnormal_initial_loss", "noisy_validation",
                      "plateau", "still_improving", "loss_not_decreasing", "stuck_at_chance"),
             causes=_g("label_or_loss_misconfig", "training_step_bug")),
    Family11("f11_diverge_lambdalr_ramp_end_100_claims_mish_savetxt",
             "a linear LR ramp written as LambdaLR(lambda s: 1 + (end - 1) * s / total) meant to decay to end=0.01, "
             "typed end=100: the LR grows linearly to 100x over the run until the log-link output blows up "
             "(numpy.savetxt CSV)", data="claims", model="mish",
             trainer="savetxt", lr=1e-3, schedule="linear_ramp", end_factor=100.0, epochs=20, n_train=4000,
             n_val=1000,
             shows="divergence", expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
             allow=_g("loss_spikes", "oscillation", "generalization_gap", "overfitting", "plateau", "noisy_validation",
                      "still_improving", "loss_not_decreasing", "underfitting"),
             causes=_g("lr_too_high", "training_step_bug")),
    Family11("f11_plateau_reduce_on_val_accuracy_mode_min_conv_hfstate",
             "ReduceLROnPlateau(mode='min', factor=0.1, patience=1) stepped with the validation accuracy: a rising "
             "accuracy counts as no improvement, the LR falls 10x every 2 epochs and the loss stalls "
             "(trainer_state.json)", data="rhythm", model="conv", trainer="hf_state", lr=1e-3,
             schedule="plateau_val_acc_min", epochs=15, shows="plateau",
             expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "stuck_at_chance"),
             causes=_g("lr_too_low", "training_step_bug")),
    Family11("f11_oscillate_qhadam_lr_003_mish_rhythm_lcsv",
             "QHAdam's LR typed 0.03 (meant 3e-4): the RMSNorm-Mish MLP's loss on the raw rhythm samples jumps "
             "between epochs (Lightning CSV)", data="rhythm", model="mish", trainer="lightning_csv",
             optimizer="qhadam", lr=0.03, width=64, epochs=20,
             shows="oscillation", expect=(_any("oscillation", "loss_spikes", "noisy_validation", "divergence"),),
             allow=_g("plateau", "still_improving", "generalization_gap", "overfitting", "val_below_train",
                      "train_loss_rebound", "loss_not_decreasing", "underfitting", "loss_metric_disagreement",
                      "stuck_at_chance"),
             causes=_g("lr_too_high",)),
    Family11("f11_spikes_claims_shard_in_cents_nam_logging",
             "in the 5th, 10th and 15th epochs every other batch comes from a shard re-exported in cents, not "
             "hundreds: the deviance jumps in those epochs (Python logging lines)", data="claims", model="nam",
             trainer="print_logging", lr=3e-3, cents_epochs=(4, 9, 14), clip=1.0, epochs=18, n_train=4000,
             n_val=1000, width=16, shows="loss_spikes", expect=(_any("loss_spikes", "oscillation"),),
             allow=_g("noisy_validation", "train_loss_rebound", "still_improving", "plateau", "val_below_train",
                      "divergence"),
             causes=_g("label_or_loss_misconfig", "training_step_bug")),
    Family11("f11_leak_label_columns_kept_rhythm_mish_kjson",
             "the export's one-hot label columns never dropped (df.drop without assignment): the last 4 samples of "
             "every series are its class, train and validation; training-only jitter 0.2 and dropout 0.3 (Keras "
             "History JSON)", data="rhythm", model="mish", trainer="keras_json", lr=1e-3, leak_onehot=True,
             train_jitter=0.2, dropout=0.3, width=64, epochs=30, shows="suspected_leakage",
             expect=(_any("suspected_leakage",),),
             allow=_g("val_below_train", "still_improving", "plateau", "noisy_validation"),
             causes=_g("data_leakage")),
    Family11("f11_init_head_std_5_mish_rhythm_hfstdout",
             "the output layer initialised with nn.init.normal_(std=5) (meant 5e-3): logits in the tens and a first "
             "cross-entropy many times ln 4 (HF-style printed dicts)", data="rhythm", model="mish",
             trainer="hf_stdout", lr=1e-3, head_std=5.0, width=64, epochs=15, log_every=8,
             shows="abnormal_initial_loss", expect=(_any("abnormal_initial_loss",),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "plateau", "loss_spikes",
                      "oscillation", "generalization_gap", "overfitting", "loss_metric_disagreement", "underfitting"),
             causes=_g("bad_initialization",)),
    Family11("f11_valbelow_time_mask_40_of_64_conv_pipe",
             "the training augmentation's time mask 40 samples wide (meant 4): five eighths of every training "
             "series zeroed, validation unmasked, the validation loss sits below training ('|'-separated prints)",
             data="rhythm", model="conv", trainer="print_pipe", lr=2e-3, time_mask=40, epochs=15,
             shows="val_below_train", expect=(_any("val_below_train",),),
             allow=_g("still_improving", "noisy_validation", "plateau"),
             causes=_g("regularization_only_in_training", "over_regularization")),
    Family11("f11_noisyval_val_sample_frac_002_unseeded_conv_lightning_tb",
             "each evaluation on val.sample(frac=0.02) without a seed: 30 different validation series every epoch, "
             "the validation loss jumps (Lightning TensorBoard)", data="rhythm", model="conv",
             trainer="lightning_tb", lr=3e-3, val_frac=0.02, n_val=1500, epochs=15, log_every=8,
             shows="noisy_validation", expect=(_any("noisy_validation",),),
             allow=_g("still_improving", "val_below_train", "plateau", "loss_spikes", "oscillation",
                      "generalization_gap", "overfitting"),
             causes=_g("small_validation_set",)),
    Family11("f11_still_max_steps_smoke_profile_phase_lru_hfcard",
             "a smoke-test profile's max_steps=160 stopped a 30-epoch run after 5 epochs, still learning (the model "
             "card's results table)", data="phase", model="lru", trainer="hf_card", lr=1e-3, max_steps=160,
             epochs=30, log_every=8, shows="still_improving", expect=(_any("still_improving",),),
             allow=_g("noisy_validation", "val_below_train", "underfitting"), causes=_g("insufficient_training")),
    Family11("f11_disagree_cosine_scale_05_conv_bracket",
             "the cosine classifier's scale typed 0.5 (meant 16): logits within +-0.5, the cross-entropy cannot go "
             "below ln(1 + 3/e) = 0.74 while the accuracy is high (hand-written '[epoch ...]' prints)",
             data="rhythm", model="conv", trainer="bracket", lr=3e-3, cos_scale=0.5, epochs=20,
             shows="loss_metric_disagreement",
             expect=(_any("loss_metric_disagreement", "plateau", "underfitting", "stuck_at_chance"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "loss_not_decreasing"),
             causes=_g("label_or_loss_misconfig",)),
    Family11("f11_gap_val_recorded_at_double_rate_conv_kcsv",
             "validation series recorded at twice the training sampling rate: every beat interval and width doubles "
             "(Keras CSVLogger)", data="rhythm", model="conv", trainer="keras_csv", lr=3e-3, val_rate=2.0,
             epochs=12,
             shows="generalization_gap", expect=(_any("generalization_gap", "overfitting"),),
             allow=_g("noisy_validation", "plateau", "still_improving", "loss_metric_disagreement", "divergence",
                      "abnormal_initial_loss"),
             causes=_g("distribution_shift",)),
    Family11("f11_rebound_dropout_ramp_to_09_phase_mish_wandbcsv",
             "a dropout schedule meant to reach 0.09 typed 0.9: from epoch 6 the dropout rises linearly to 0.9 and "
             "the training loss climbs back (W&B history CSV)", data="phase", model="mish", trainer="wandb_csv",
             lr=2e-3, width=64, dropout_ramp_from=6, dropout_ramp_to=0.9, epochs=16, shows="train_loss_rebound",
             expect=(_any("train_loss_rebound", "divergence", "loss_spikes", "oscillation"),),
             allow=_g("plateau", "noisy_validation", "still_improving", "generalization_gap", "overfitting",
                      "val_below_train", "underfitting", "loss_not_decreasing"),
             causes=_g("over_regularization", "training_step_bug")),
)
