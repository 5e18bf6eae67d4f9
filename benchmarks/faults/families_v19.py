"""The nineteenth generation of model families: tasks, models, optimisers, training setups and writer combinations
that v1-v18 (families.py, families_v2.py .. families_v18.py) did not use, for release 20's honest number.

The label rule, fixed and committed before any full-length run was generated, and never changed to fit a curve:

- ``expect`` is the symptom the injected fault produces by construction (one group; any name in it counts: the names a
  practitioner would accept for the same curve); ``allow`` lists what may also be true of such a run; ``causes`` is the
  injected cause (the top-3 cause metric); ``healthy`` runs must raise no warning at all.
- ``shows`` names the construction check (checks_v19.py), the plain test of the logged numbers a person would do to see
  the fault. A run that fails it did not show its fault: its injection (or, for a healthy run, its tuning) is fixed and
  it is regenerated; a run that still fails is left out of labels.json (labels_failed.json), never relabelled.
- ``context`` (labels.json) is what the person running it knows and could tell lossdoctor, in the schema of
  benchmarks/real_runs/score.py CONTEXT: the task and loss as they would name them, whether it is fine-tuning, whether
  the best checkpoint is restored at the end. It follows from the setup, never from the curve: the person classing
  binding windows says classification with cross-entropy (also where the logits were clamped or the validation loss
  went through `nll_loss` on probabilities: they believe it is plain cross-entropy), the person predicting promoter
  strength says regression with another loss (Tukey's biweight); no run fine-tunes (fine_tune false) and none
  restores its best weights (best_checkpoint false).
- lossdoctor's diagnosis is never run on these runs while they are written, tuned and generated; only its reader
  (``lossdoctor.read``) is, to check that every log is read whole.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios import _any, _g
from families_v11 import READER_FOR_V11

READER_FOR_V19 = dict(READER_FOR_V11)
TRAINERS_V19 = tuple(READER_FOR_V19)
STEP_LEVEL_V19 = {"torch_tb", "hf_state", "hf_stdout", "lightning_tb", "lightning_csv", "ignite", "wandb_csv"}

# What a user would say about each task (score.py CONTEXT's task and loss vocabularies).
_CONTEXT = {"tf": ("classification", "cross_entropy"), "expr": ("regression", "other")}


@dataclass(frozen=True)
class Family19:
    name: str
    fault: str
    data: str      # tf | expr
    model: str     # qrnn | ghostnet
    trainer: str   # one of TRAINERS_V19
    optimizer: str = "adam"   # adam | adamw | momentum | adopt | shampoo
    lr: float = 1e-3
    weight_decay: float = 0.0
    schedule: str = "none"    # none | tristage | flatcos | exponential
    gamma: float = 1.0        # exponential: the per-epoch factor
    epochs: int = 15
    batch: int = 64
    n_train: int = 1500
    n_val: int = 400
    width: int = 32
    dropout: float = 0.0
    rc_augment: bool = False  # reverse-complement half of each batch (training only)
    base_mask: float = 0.0    # share of positions masked to N (training only)
    log_every: int = 10
    eval_every: int = 0       # validate every N steps instead of per epoch
    early_stop: int = 0
    restore_best: bool = False
    clip: float = 0.0         # gradient-norm clipping
    fine_tune: bool = False
    shampoo_refresh: int = 10
    # ---- fault knobs -------------------------------------------------------------------------------------------
    tiling_stride: int = 0              # `seqs = seqs[::cfg.stride]`: the tiling stride used as a list step
    lowercase: bool = False             # soft-masked lowercase sequences one-hot encoded with 'ACGT'.find -> -1
    shampoo_zero_roots: bool = False    # Shampoo's inverse roots start as zeros (meant the identity)
    empty_reads: float = 0.0            # share of adapter-only (empty) reads kept; masked mean pooling 0 / 0
    clip_before_backward: bool = False  # clip_grad_norm_ called between zero_grad() and backward()
    momentum_from_flag: bool = False    # `SGD(momentum=cfg.nesterov)`: True, i.e. momentum 1.0
    complement_epochs: tuple[int, ...] = ()  # the augmentation coin came up in these epochs: complemented windows
    adapters: bool = False              # each class's library adapter left untrimmed
    covariates: bool = False            # GC count and TSS distance (bases, bp; unscaled) appended at the head
    val_nll_on_probs: bool = False      # validation loss `F.nll_loss(probs, y)` on softmax probabilities
    chry_holdout: bool = False          # validation on the chrY windows only (24)
    grad_accum: int = 1                 # accumulation steps; with `epochs_div_accum` the epochs are divided by it
    epochs_div_accum: bool = False      # `range(cfg.epochs // cfg.grad_accum)`
    logit_clamp: float = 0.0            # `logits.clamp(-cfg.clip, cfg.clip)`
    val_actg: bool = False              # the validation export one-hot encoded in A/C/T/G order
    resume_at: int = 0                  # resumed here without the scheduler's state: the schedule restarts
    l1_sum: float = 0.0                 # an L1 penalty coefficient (meant for the mean) on the sum of |w|
    shows: str = ""
    expect: tuple[tuple[str, ...], ...] = ()
    allow: frozenset[str] = frozenset()
    causes: frozenset[str] = frozenset()
    healthy: bool = False
    note: str = ""

    @property
    def precision(self) -> str:
        return "fp32"

    @property
    def loss(self) -> str:
        return "tukey" if self.data == "expr" else "ce"


def context(fam: Family19) -> dict[str, Any]:
    """What the user running this would know and say (score.py CONTEXT): task, loss, fine_tune, best_checkpoint."""
    task, loss = _CONTEXT[fam.data]
    return {"task": task, "loss": loss, "fine_tune": fam.fine_tune, "best_checkpoint": fam.restore_best}


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")


def _healthy(name: str, fault: str, shows: str = "healthy", **kw: Any) -> Family19:
    return Family19(name, fault, healthy=True, allow=_BENIGN, shows=shows, **kw)


FAMILIES_V19: tuple[Family19, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h19_tf_ghostnet_adopt_tristage_kcsv",
             "none: DNA windows classed no site / GATA / E-box / SP1, a GhostNet-1D with ADOPT under fairseq's "
             "tri-stage schedule, Keras' CSVLogger", data="tf", model="ghostnet", trainer="keras_csv",
             optimizer="adopt", lr=2e-3, schedule="tristage", epochs=12),
    _healthy("h19_tf_qrnn_shampoo_flatcos_lightning_tb",
             "none: noisy step-level logs: a QRNN with Shampoo under fastai's flat-cos schedule, Lightning's "
             "TensorBoard logger every 10th batch", data="tf", model="qrnn", trainer="lightning_tb",
             optimizer="shampoo", lr=0.02, schedule="flatcos", epochs=12),
    _healthy("h19_tf_ghostnet_adamw_rc_augment_flatcos_wandbcsv",
             "none: the GhostNet with AdamW (weight decay 0.05), reverse-complement augmentation and the flat-cos "
             "schedule at batch 128, the W&B history CSV", data="tf", model="ghostnet", trainer="wandb_csv",
             optimizer="adamw", lr=3e-3, weight_decay=0.05, rc_augment=True, schedule="flatcos", batch=128,
             epochs=15, log_every=4),
    _healthy("h19_tf_qrnn_adam_tristage_hfcard",
             "none: the QRNN with Adam under the tri-stage schedule, the model card's results table", data="tf",
             model="qrnn", trainer="hf_card", lr=5e-3, schedule="tristage", epochs=12, log_every=8),
    _healthy("h19_tf_ghostnet_momentum_tristage_mlflow",
             "none: the GhostNet with SGD momentum under the tri-stage schedule, MLflow", data="tf",
             model="ghostnet", trainer="mlflow_epoch", optimizer="momentum", lr=0.05, schedule="tristage",
             epochs=12),
    _healthy("h19_tf_qrnn_adopt_base_mask_karpathy",
             "none: the QRNN with ADOPT and 5 % of the training positions masked to N, nanoGPT-style prints",
             data="tf", model="qrnn", trainer="karpathy", optimizer="adopt", lr=3e-3, base_mask=0.05,
             schedule="flatcos", epochs=12, log_every=8),
    _healthy("h19_tf_ghostnet_shampoo_tristage_val_every_20_hfstate",
             "none: the GhostNet with Shampoo under the tri-stage schedule, validation every 20 steps, "
             "trainer_state.json", data="tf", model="ghostnet", trainer="hf_state", optimizer="shampoo", lr=0.02,
             schedule="tristage", eval_every=20, epochs=10),
    _healthy("h19_expr_qrnn_adopt_flatcos_jsonl",
             "none: promoter strength (standardised log expression) with Tukey's biweight loss, the QRNN with "
             "ADOPT under the flat-cos schedule, JSON lines", data="expr", model="qrnn", trainer="jsonl",
             optimizer="adopt", lr=3e-3, schedule="flatcos", epochs=12, shows="healthy_floor"),
    _healthy("h19_expr_ghostnet_adam_tristage_savetxt",
             "none: the GhostNet with Adam under the tri-stage schedule, numpy.savetxt", data="expr",
             model="ghostnet", trainer="savetxt", lr=2e-3, schedule="tristage", epochs=12, shows="healthy_floor"),
    _healthy("h19_expr_ghostnet_adamw_rc_augment_batch128_40ep_pandas_tsv",
             "none: a long converged run: the GhostNet with AdamW and reverse-complement augmentation, 40 epochs at "
             "batch 128 under the tri-stage schedule, a pandas TSV", data="expr", model="ghostnet",
             trainer="pandas_tsv", optimizer="adamw", lr=2e-3, weight_decay=0.01, rc_augment=True, batch=128,
             schedule="tristage", epochs=40, shows="healthy_floor"),
    _healthy("h19_expr_qrnn_momentum_clip_logging",
             "none: the QRNN with SGD momentum, clipping 1.0 and the flat-cos schedule, Python logging lines",
             data="expr", model="qrnn", trainer="print_logging", optimizer="momentum", lr=0.2, clip=1.0,
             schedule="flatcos", epochs=12, shows="healthy_floor"),
    _healthy("h19_expr_ghostnet_shampoo_flatcos_ignite",
             "none: the GhostNet with Shampoo under the flat-cos schedule, Ignite's printed lines", data="expr",
             model="ghostnet", trainer="ignite", optimizer="shampoo", lr=5e-3, schedule="flatcos", epochs=12,
             log_every=8, shows="healthy_floor"),
    _healthy("h19_expr_qrnn_adam_tristage_batch32_bracket",
             "none: the QRNN with Adam under the tri-stage schedule at batch 32, hand-written '[epoch ...]' prints",
             data="expr", model="qrnn", trainer="bracket", lr=2e-3, schedule="tristage", batch=32, epochs=10,
             shows="healthy_floor"),
    _healthy("h19_tf_ghostnet_adopt_flatcos_torch_tb",
             "none: the GhostNet with ADOPT under the flat-cos schedule, SummaryWriter", data="tf", model="ghostnet",
             trainer="torch_tb", optimizer="adopt", lr=2e-3, schedule="flatcos", epochs=12),
    # ---- faults: one per curve finding ---------------------------------------------------------------------------
    Family19("f19_overfit_sequence_list_sliced_by_tiling_stride_ghostnet_kv",
             "`seqs = seqs[::cfg.stride]` where `stride: 10` is the tiling step in bases (meant for cutting "
             "windows from the genome): the GhostNet (width 64) trains on every 10th window, 150 of 1500, for 100 "
             "epochs at batch 8 and memorises them, validated on 400 (key=value prints)", data="tf",
             model="ghostnet", trainer="print_kv", tiling_stride=10, width=64, batch=8, lr=1e-2, epochs=100,
             shows="overfitting", expect=(_any("overfitting", "generalization_gap"),),
             allow=_g("noisy_validation", "still_improving", "plateau", "val_below_train", "loss_spikes"),
             causes=_g("too_little_data", "model_too_large", "insufficient_regularization")),
    Family19("f19_chance_lowercase_softmasked_find_minus_one_qrnn_fastai",
             "the windows come out of the soft-masked genome in lowercase and are one-hot encoded with "
             "`np.eye(4)['ACGT'.find(b)]`: `find` returns -1 for every lowercase base and `eye[-1]` is the 'T' "
             "row, so every window, in training and validation, is 100 T's (QRNN; fastai's table)", data="tf",
             model="qrnn", trainer="fastai", lowercase=True, lr=2e-3, epochs=12, shows="stuck_at_chance",
             expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting", "plateau"),),
             allow=_g("noisy_validation", "still_improving", "val_below_train", "generalization_gap"),
             causes=_g("label_or_loss_misconfig", "training_step_bug", "unnormalized_input")),
    Family19("f19_flat_shampoo_zero_roots_refresh_1000_ghostnet_hfstdout",
             "Shampoo's inverse roots initialised with `torch.zeros` (meant `torch.eye`) and refreshed every "
             "`precondition_frequency: 1000` steps (the large-model recipe's value) while the run takes 240: every "
             "update is 0 @ G @ 0 and the GhostNet never moves (HF-style printed dicts)", data="expr",
             model="ghostnet", trainer="hf_stdout", optimizer="shampoo", lr=0.02, shampoo_zero_roots=True,
             shampoo_refresh=1000, epochs=10, log_every=8, shows="loss_not_decreasing",
             expect=(_any("loss_not_decreasing", "plateau", "underfitting"),),
             allow=_g("noisy_validation", "val_below_train"), causes=_g("training_step_bug", "lr_too_low")),
    Family19("f19_nan_empty_trimmed_reads_masked_mean_qrnn_pipe",
             "reads that were all adapter are kept after trimming as empty windows (1 %), and the QRNN's masked "
             "mean pooling divides by the count of positions holding a base: 0 / 0 for an empty read, so the first "
             "batch holding one makes the loss and every weight NaN ('|' prints)", data="expr", model="qrnn",
             trainer="print_pipe", empty_reads=0.01, lr=2e-3, epochs=10, shows="nan_inf",
             expect=(_any("nan_inf", "divergence"),), allow=_g("loss_spikes", "still_improving"),
             causes=_g("training_step_bug", "label_or_loss_misconfig")),
    Family19("f19_diverge_clip_grad_before_backward_qrnn_lcsv",
             "`clip_grad_norm_(model.parameters(), 0.5)` written between `zero_grad()` and `backward()`: it clips "
             "gradients that are not there yet, so SGD momentum at the LR chosen for clipped steps (2.0) takes "
             "every step unclipped and the QRNN's loss climbs away (Lightning CSV)", data="tf",
             model="qrnn", trainer="lightning_csv", optimizer="momentum", lr=2.0, clip=0.5,
             clip_before_backward=True, epochs=10, shows="divergence",
             expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
             allow=_g("loss_spikes", "oscillation", "abnormal_initial_loss", "noisy_validation", "generalization_gap",
                      "overfitting", "stuck_at_chance", "underfitting", "plateau", "loss_not_decreasing"),
             causes=_g("lr_too_high", "exploding_gradients", "training_step_bug")),
    Family19("f19_plateau_steplr_gamma_kept_in_exponentiallr_qrnn_mlflow",
             "`StepLR(step_size=10, gamma=cfg.gamma)` swapped for `ExponentialLR(gamma=cfg.gamma)` with gamma 0.1 "
             "kept: the LR is cut tenfold after every epoch instead of every tenth, and the QRNN's loss stops "
             "where the second epoch left it (MLflow)", data="tf", model="qrnn", trainer="mlflow_epoch", lr=3e-2,
             batch=32, schedule="exponential", gamma=0.1, epochs=15, shows="plateau",
             expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "stuck_at_chance"),
             causes=_g("lr_too_low", "training_step_bug")),
    Family19("f19_oscillate_momentum_from_nesterov_flag_qrnn_kfit",
             "`SGD(params, lr=cfg.lr, momentum=cfg.nesterov)` (meant `momentum=0.9, nesterov=cfg.nesterov`): "
             "`nesterov: true` becomes momentum 1.0, a velocity with no friction, and the QRNN's weights swing "
             "through the minimum and back (Keras fit() stdout)", data="tf", model="qrnn", trainer="keras_fit",
             optimizer="momentum", lr=0.3, momentum_from_flag=True, batch=16, epochs=12, shows="oscillation",
             expect=(_any("oscillation", "loss_spikes", "noisy_validation", "divergence"),),
             allow=_g("plateau", "still_improving", "generalization_gap", "overfitting", "val_below_train",
                      "train_loss_rebound", "loss_not_decreasing", "underfitting", "stuck_at_chance", "nan_inf"),
             causes=_g("lr_too_high", "training_step_bug")),
    Family19("f19_spikes_complement_coin_once_per_epoch_ghostnet_hfstate",
             "the reverse-complement augmentation's coin (p 0.2) flipped above the batch loop, once per epoch, and "
             "its transform `x[:, ::-1]` flips only the base axis: in the epochs it came up (the 7th, 11th and "
             "15th) the GhostNet trains on complemented, unreversed windows, whose sites read as other sequences "
             "(trainer_state.json)", data="tf", model="ghostnet", trainer="hf_state", lr=3e-3,
             complement_epochs=(6, 10, 14), epochs=16, shows="loss_spikes",
             expect=(_any("loss_spikes", "oscillation"),),
             allow=_g("noisy_validation", "train_loss_rebound", "still_improving", "plateau", "val_below_train",
                      "divergence"),
             causes=_g("training_step_bug", "distribution_shift")),
    Family19("f19_leak_untrimmed_library_adapters_ghostnet_pandas_tsv",
             "each class's windows were sequenced as their own library with its own 3' adapter, and adapter "
             "trimming was skipped: the last 8 bases name the library, i.e. the label, in training and "
             "validation; dropout 0.3 and 10 % base masking in training (GhostNet; a pandas TSV)", data="tf",
             model="ghostnet", trainer="pandas_tsv", lr=3e-3, adapters=True, dropout=0.3, base_mask=0.1,
             schedule="tristage", epochs=15, shows="suspected_leakage", expect=(_any("suspected_leakage",),),
             allow=_g("val_below_train", "still_improving", "plateau", "noisy_validation"), causes=_g("data_leakage")),
    Family19("f19_init_unscaled_tss_distance_covariate_qrnn_torch_tb",
             "the window's GC count and its distance to the nearest transcription start (bp, 100 bp to 50 kb) "
             "appended to the QRNN's head as covariates, unscaled: the first logits are hundreds of units apart "
             "and the cross-entropy starts many times ln 4 (SummaryWriter)", data="tf", model="qrnn", trainer="torch_tb", covariates=True, lr=5e-4, epochs=10,
             shows="abnormal_initial_loss", expect=(_any("abnormal_initial_loss",),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "plateau", "loss_spikes",
                      "oscillation", "generalization_gap", "overfitting", "loss_metric_disagreement", "underfitting"),
             causes=_g("unnormalized_input", "bad_initialization")),
    Family19("f19_valbelow_nll_loss_on_probabilities_ghostnet_savetxt",
             "the validation loop calls the inference helper `predict_proba` (softmax inside) and then "
             "`F.nll_loss(probs, y)`, which expects log-probabilities: the logged val loss is minus the mean "
             "probability of the true class, between -1 and 0 (GhostNet; numpy.savetxt)", data="tf",
             model="ghostnet", trainer="savetxt", lr=2e-3, val_nll_on_probs=True, epochs=12,
             shows="val_below_train", expect=(_any("val_below_train",),),
             allow=_g("still_improving", "noisy_validation", "plateau", "loss_metric_disagreement",
                      "suspected_leakage"),
             causes=_g("measurement_offset", "training_step_bug", "label_or_loss_misconfig")),
    Family19("f19_noisyval_chry_holdout_qrnn_jsonl",
             "`val_chroms: [chrY]` kept from a sex-chromosome test (meant chr8): the validation set is chrY's 8 "
             "windows, so every epoch's val loss moves with a few windows (QRNN; JSON lines)", data="tf",
             model="qrnn", trainer="jsonl", lr=2e-3, chry_holdout=True, epochs=15,
             shows="noisy_validation", expect=(_any("noisy_validation",),),
             allow=_g("still_improving", "val_below_train", "plateau", "loss_spikes", "oscillation",
                      "generalization_gap", "overfitting"),
             causes=_g("small_validation_set",)),
    Family19("f19_still_epochs_divided_by_grad_accum_ghostnet_bracket",
             "gradient accumulation over 4 batches added, and the loop written `for epoch in range(cfg.epochs // "
             "cfg.grad_accum)` (the author thought of optimiser steps): 8 of the planned 32 epochs, stopped while "
             "the GhostNet is still learning ('[epoch ...]' prints)", data="tf", model="ghostnet",
             trainer="bracket", lr=1e-3, grad_accum=4, epochs_div_accum=True, epochs=32, batch=32, log_every=8,
             shows="still_improving", expect=(_any("still_improving",),),
             allow=_g("noisy_validation", "val_below_train", "underfitting"), causes=_g("insufficient_training",)),
    Family19("f19_disagree_logit_clamp_from_clip_key_qrnn_karpathy",
             "a 'stability' line `logits = logits.clamp(-cfg.clip, cfg.clip)` that reads the gradient-clip value "
             "(0.5): no logit can leave [-0.5, 0.5], so the cross-entropy cannot go below ln(1 + 3 / e) = 0.74 "
             "(ln 4 = 1.39) while the argmax is right (QRNN; nanoGPT-style prints)", data="tf", model="qrnn",
             trainer="karpathy", logit_clamp=0.5, lr=3e-3, batch=32, epochs=30, log_every=8,
             shows="loss_metric_disagreement",
             expect=(_any("loss_metric_disagreement", "plateau", "underfitting", "stuck_at_chance",
                          "loss_not_decreasing"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "generalization_gap"),
             causes=_g("label_or_loss_misconfig",)),
    Family19("f19_gap_val_one_hot_actg_order_ghostnet_ignite",
             "the validation windows were one-hot encoded by the other lab's tool, whose channel order is A, C, T, "
             "G: every G of a validation window sits in the T channel and every T in the G channel (GhostNet; "
             "Ignite prints)", data="tf", model="ghostnet", trainer="ignite", lr=2e-3, val_actg=True, epochs=12,
             log_every=8, shows="generalization_gap", expect=(_any("generalization_gap", "overfitting"),),
             allow=_g("noisy_validation", "plateau", "still_improving", "loss_metric_disagreement", "divergence",
                      "abnormal_initial_loss", "stuck_at_chance"),
             causes=_g("distribution_shift", "training_step_bug")),
    Family19("f19_rebound_resume_without_scheduler_state_qrnn_logging",
             "the run was resumed at epoch 12 to extend it, from a checkpoint holding the model and the optimiser "
             "but not the scheduler: the tri-stage schedule starts again at step 0, and the LR that had decayed to "
             "1/20 climbs back to its peak (Adam 5e-2) over the QRNN's converged weights (Python logging lines)",
             data="tf", model="qrnn", trainer="print_logging", lr=5e-2, schedule="tristage", resume_at=12,
             epochs=20, shows="train_loss_rebound",
             expect=(_any("train_loss_rebound", "divergence", "loss_spikes", "oscillation"),),
             allow=_g("plateau", "noisy_validation", "still_improving", "generalization_gap", "overfitting",
                      "val_below_train", "underfitting"),
             causes=_g("lr_too_high", "training_step_bug")),
    Family19("f19_underfit_l1_penalty_sum_not_mean_ghostnet_kjson",
             "an L1 penalty `cfg.l1 * sum(p.abs().sum() for p in params)` with l1 = 5e-2 tuned for the mean of "
             "abs(w): on the sum it is ~10^4 times stronger than meant and pins the GhostNet's weights near zero under SGD momentum; the logged "
             "training loss holds the penalty (Keras History JSON)", data="tf", model="ghostnet",
             trainer="keras_json", optimizer="momentum", l1_sum=5e-2, lr=0.05, epochs=12, shows="underfitting",
             expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
             allow=_g("noisy_validation", "val_below_train", "still_improving"),
             causes=_g("over_regularization",)),
)
