"""The twenty-third generation of model families: tasks, models, optimisers, training setups and writer combinations
that v1-v22 (families.py, families_v2.py .. families_v22.py) did not use, for release 24's honest number.

The label rule, fixed and committed before any full-length run was generated, and never changed to fit a curve:

- ``expect`` is the symptom the injected fault produces by construction (one group; any name in it counts: the names a
  practitioner would accept for the same curve); ``allow`` lists what may also be true of such a run; ``causes`` is the
  injected cause (the top-3 cause metric); ``healthy`` runs must raise no warning at all.
- ``shows`` names the construction check (checks_v23.py), the plain test of the logged numbers a person would do to see
  the fault. A run that fails it did not show its fault: its injection (or, for a healthy run, its tuning) is fixed and
  it is regenerated; a run that still fails is left out of labels.json (labels_failed.json), never relabelled.
- ``context`` (labels.json) is what the person running it knows and could tell lossdoctor, in the schema of
  benchmarks/real_runs/score.py CONTEXT: the task and loss as they would name them, whether it is fine-tuning, whether
  the best checkpoint is restored at the end. It follows from the setup, never from the curve: the person tagging jets
  says classification with cross-entropy (also where the loss's labels came from a loose truth match or the logits
  were divided by a temperature: they believe they train plain cross-entropy on the truth labels), the person
  regressing the jet mass says regression with another loss (Fair); no run fine-tunes and none restores its best
  weights.
- lossdoctor's diagnosis is never run on these runs while they are written, tuned and generated; only its reader
  (``lossdoctor.read``) is, to check that every log is read whole.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios import _any, _g
from families_v11 import READER_FOR_V11

READER_FOR_V23 = dict(READER_FOR_V11)
TRAINERS_V23 = tuple(READER_FOR_V23)
STEP_LEVEL_V23 = {"torch_tb", "hf_state", "hf_stdout", "lightning_tb", "lightning_csv", "ignite", "wandb_csv"}

# What a user would say about each task (score.py CONTEXT's task and loss vocabularies).
_CONTEXT = {"jets": ("classification", "cross_entropy"), "mass": ("regression", "other")}


@dataclass(frozen=True)
class Family23:
    name: str
    fault: str
    data: str      # jets | mass
    model: str     # edgeconv | performer
    trainer: str   # one of TRAINERS_V23
    optimizer: str = "adam"   # adam | adamw | momentum | atan2 | adagrad_norm
    lr: float = 1e-3
    weight_decay: float = 0.0
    schedule: str = "none"    # none | power | ds_log_warmup
    warmup: int = 0           # unused: both schedules warm up over one epoch
    power_b: float = 0.51     # the Power scheduler's exponent
    decay_frac: float = 0.1   # the Power scheduler's final decay: its share of the run
    epochs: int = 15
    batch: int = 64
    n_train: int = 1500
    n_val: int = 400
    width: int = 32
    dropout: float = 0.0
    rotate: bool = False      # jet-axis rotation, training only
    pu_overlay: int = 0       # the softest slots of each training jet replaced by pile-up particles (this many)
    log_every: int = 10
    eval_every: int = 0       # validate every N steps instead of per epoch
    early_stop: int = 0
    restore_best: bool = False
    clip: float = 0.0         # gradient-norm clipping
    accum: int = 1            # gradient accumulation: micro-batches per optimiser step
    fine_tune: bool = False
    temperature: float = 1.0  # the logits divided by this (the fault: a calibration temperature left in)
    hard_share: float = 0.1   # hard-example mining: the share of the jets mined
    # ---- fault knobs -------------------------------------------------------------------------------------------
    max_events: int = 0            # a debugging `max_events` cap left on the training set
    sort_axis0: bool = False       # `np.sort(parts, axis=0)`: the constituents sorted over the jets
    ds_in_epochs: bool = False     # DeepSpeed's warmup_num_steps and total_num_steps given in epochs
    zero_energy: float = 0.0       # share of jets with a zero-suppressed constituent (E = 0) under np.log
    agn_stale: bool = False        # AdaGrad-Norm's accumulator never written back
    decay_slip: bool = False       # the Power scheduler's decay started at decay_frac of the run (meant 1 - it)
    atan2_no_sqrt: bool = False    # Adam-atan2 with v_hat where sqrt(v_hat) is meant
    hard_mining: bool = False      # every 4th epoch trained on the mined hard jets alone
    truth_flavour: bool = False    # the truth flavour column among the constituent features
    val_one_batch: bool = False    # validation on `next(iter(val_loader))`: 16 random jets an epoch
    n_gpus: int = 1                # `epochs = cfg.epochs // cfg.n_gpus` from a multi-GPU config
    loose_match: float = 0.0       # share of the loss's labels from a random parton (truth match with R = 0.8)
    highpt_val: bool = False       # validation jets from the 1.0-1.3 TeV slice
    stage2_at: int = 0             # from this epoch the second stage's jets appended, class order reversed
    feature_cut: int = 0           # only the first k features of every constituent (the pT-only feature list)
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
        return "fair" if self.data == "mass" else "ce"

    @property
    def run_epochs(self) -> int:
        """The epochs the loop runs (fewer where the epochs were divided by the GPU count)."""
        return self.epochs // self.n_gpus

    @property
    def spike_epochs(self) -> tuple[int, ...]:
        """The hard-example mining epochs (epoch % 4 == 3)."""
        if not self.hard_mining:
            return ()
        return tuple(e for e in range(self.run_epochs) if e % 4 == 3)


def context(fam: Family23) -> dict[str, Any]:
    """What the user running this would know and say (score.py CONTEXT): task, loss, fine_tune, best_checkpoint."""
    task, loss = _CONTEXT[fam.data]
    return {"task": task, "loss": loss, "fine_tune": fam.fine_tune, "best_checkpoint": fam.restore_best}


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")


def _healthy(name: str, fault: str, shows: str = "healthy", **kw: Any) -> Family23:
    return Family23(name, fault, healthy=True, allow=_BENIGN, shows=shows, **kw)


FAMILIES_V23: tuple[Family23, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h23_jets_edgeconv_atan2_power_kcsv",
             "none: boosted jets (light quark, gluon, W, top) from their 30 hardest constituents, EdgeConv with "
             "Adam-atan2 under the Power scheduler, Keras' CSVLogger",
             data="jets", model="edgeconv", trainer="keras_csv", optimizer="atan2", lr=2e-3, schedule="power",
             epochs=15),
    _healthy("h23_jets_performer_adagrad_norm_ds_log_warmup_lightning_tb",
             "none: noisy step-level logs: the Performer with AdaGrad-Norm under DeepSpeed's log warm-up and linear "
             "decay, Lightning's TensorBoard logger every 10th batch", data="jets", model="performer",
             trainer="lightning_tb", optimizer="adagrad_norm", lr=1.0, schedule="ds_log_warmup", epochs=12),
    _healthy("h23_jets_edgeconv_adamw_rotate_power_wandbcsv",
             "none: EdgeConv with AdamW (weight decay 0.05), jet-axis rotation in training and the Power scheduler "
             "at batch 128, the W&B history CSV", data="jets", model="edgeconv", trainer="wandb_csv",
             optimizer="adamw", lr=3e-3, weight_decay=0.05, rotate=True, schedule="power", batch=128,
             epochs=15, log_every=4),
    _healthy("h23_jets_performer_adam_pileup_overlay_hfcard",
             "none: the Performer with Adam under the Power scheduler and a light pile-up overlay (up to 2 slots) in "
             "training, the model card's results table", data="jets", model="performer", trainer="hf_card", lr=1e-3,
             schedule="power", pu_overlay=2, epochs=12, log_every=8),
    _healthy("h23_jets_edgeconv_momentum_ds_log_warmup_mlflow",
             "none: EdgeConv with SGD momentum and clipping 1.0 under DeepSpeed's log warm-up and linear decay, "
             "MLflow", data="jets", model="edgeconv", trainer="mlflow_epoch", optimizer="momentum", lr=0.03,
             clip=1.0, schedule="ds_log_warmup", epochs=12),
    _healthy("h23_jets_performer_atan2_rotate_karpathy",
             "none: the Performer with Adam-atan2 under the Power scheduler and jet-axis rotation in training, "
             "nanoGPT-style prints",
             data="jets", model="performer", trainer="karpathy", optimizer="atan2", lr=1e-3, rotate=True,
             schedule="power", epochs=12, log_every=8),
    _healthy("h23_jets_edgeconv_adagrad_norm_val_every_20_hfstate",
             "none: EdgeConv with AdaGrad-Norm, validation every 20 steps, trainer_state.json", data="jets",
             model="edgeconv", trainer="hf_state", optimizer="adagrad_norm", lr=0.5, eval_every=20, epochs=12),
    _healthy("h23_jets_performer_atan2_ds_log_warmup_torch_tb",
             "none: the Performer with Adam-atan2 under DeepSpeed's log warm-up and linear decay, SummaryWriter",
             data="jets", model="performer", trainer="torch_tb", optimizer="atan2", lr=2e-3,
             schedule="ds_log_warmup", epochs=12),
    _healthy("h23_mass_edgeconv_atan2_ds_log_warmup_jsonl",
             "none: the jets' particle-level mass (standardised) with the Fair loss, EdgeConv with Adam-atan2 under "
             "DeepSpeed's log warm-up and linear decay, JSON lines", data="mass", model="edgeconv", trainer="jsonl",
             optimizer="atan2", lr=2e-3, schedule="ds_log_warmup", epochs=12, shows="healthy_floor"),
    _healthy("h23_mass_performer_adam_power_savetxt",
             "none: the Performer with Adam under the Power scheduler, numpy.savetxt", data="mass",
             model="performer", trainer="savetxt", lr=1e-3, schedule="power", epochs=15, shows="healthy_floor"),
    _healthy("h23_mass_edgeconv_adamw_batch128_40ep_pandas_tsv",
             "none: a long converged run: EdgeConv with AdamW (weight decay 0.01), 40 epochs at batch 128 under "
             "the Power scheduler, a pandas TSV", data="mass", model="edgeconv", trainer="pandas_tsv",
             optimizer="adamw", lr=2e-3, weight_decay=0.01, batch=128, schedule="power", epochs=40, n_train=600,
             shows="healthy_floor"),
    _healthy("h23_mass_performer_momentum_clip_logging",
             "none: the Performer with SGD momentum, clipping 1.0 and DeepSpeed's log warm-up and linear decay, "
             "Python logging lines", data="mass", model="performer", trainer="print_logging", optimizer="momentum",
             lr=0.01, clip=1.0, schedule="ds_log_warmup", epochs=12, shows="healthy_floor"),
    _healthy("h23_mass_edgeconv_adagrad_norm_batch32_ignite",
             "none: EdgeConv with AdaGrad-Norm (eta 0.5) at batch 32 for 15 epochs under DeepSpeed's log warm-up and "
             "linear decay, Ignite's printed lines", data="mass", model="edgeconv", trainer="ignite",
             optimizer="adagrad_norm", lr=0.5, schedule="ds_log_warmup", batch=32, epochs=15,
             log_every=8, shows="healthy_floor"),
    _healthy("h23_mass_performer_adam_accum2_batch32_bracket",
             "none: the Performer with Adam at batch 32 with gradient accumulation over 2 micro-batches under the "
             "Power scheduler, hand-written '[epoch ...]' prints", data="mass", model="performer",
             trainer="bracket", lr=1e-3, schedule="power", batch=32, accum=2, epochs=10, shows="healthy_floor"),
    # ---- faults: one per curve finding ---------------------------------------------------------------------------
    Family23("f23_overfit_debug_max_events_left_in_config_edgeconv_kv",
             "the training config's `max_events: 200` (set to debug the data loader on a laptop) left in: 200 "
             "jets of the 1500 reach the training set; EdgeConv (width 64) trains on them for 45 epochs at batch "
             "8 and memorises them, validated on 400 (key=value prints)", data="jets", model="edgeconv",
             trainer="print_kv", max_events=200, width=64, batch=8, lr=2e-3, epochs=45, shows="overfitting",
             expect=(_any("overfitting", "generalization_gap"),),
             allow=_g("noisy_validation", "still_improving", "plateau", "val_below_train", "loss_spikes"),
             causes=_g("too_little_data", "model_too_large", "insufficient_regularization")),
    Family23("f23_chance_constituents_sorted_over_jets_axis0_performer_fastai",
             "the constituents ordered with `np.sort(parts, axis=0)` (meant to sort each jet's particles by pT, "
             "`axis=1`): on the (jets, slots, features) array axis 0 is the jets, so every slot's every feature is "
             "sorted over the whole sample and no jet keeps its own particles, in training and validation, while "
             "the labels stay in order (the Performer; fastai's table)", data="jets", model="performer",
             trainer="fastai", sort_axis0=True, lr=1e-3, epochs=12, shows="stuck_at_chance",
             expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting", "plateau"),),
             allow=_g("noisy_validation", "still_improving", "val_below_train", "generalization_gap", "overfitting"),
             causes=_g("training_step_bug", "label_or_loss_misconfig")),
    Family23("f23_flat_deepspeed_warmup_decay_steps_in_epochs_edgeconv_hfstdout",
             "DeepSpeed's WarmupDecayLR configured with `warmup_num_steps: 1` and `total_num_steps: 10` copied "
             "from the epochs (meant steps): the log warm-up ends at step 1 and the linear decay reaches 0 at step "
             "10 of 240, so from then on every step is taken at LR 0 and EdgeConv (Adam-atan2) never moves "
             "(HF-style printed dicts)", data="jets", model="edgeconv", trainer="hf_stdout", optimizer="atan2",
             schedule="ds_log_warmup", ds_in_epochs=True, lr=1e-3, epochs=10, log_every=8,
             shows="loss_not_decreasing", expect=(_any("loss_not_decreasing", "plateau", "underfitting"),),
             allow=_g("noisy_validation", "val_below_train", "stuck_at_chance"),
             causes=_g("training_step_bug", "lr_too_low")),
    Family23("f23_nan_zero_energy_constituent_under_log_performer_pipe",
             "the constituent features computed as `np.log(energy)` where the calorimeter's zero suppression set a "
             "few constituents' energy to 0 but kept their slot (0.5 % of jets): their log E is -inf, the "
             "standardisation with the reference sample's statistics keeps it, and the first batch holding one "
             "makes the Fair loss and every weight NaN ('|' prints)", data="mass", model="performer",
             trainer="print_pipe", zero_energy=0.005, lr=1e-3, epochs=10, shows="nan_inf",
             expect=(_any("nan_inf", "divergence"),), allow=_g("loss_spikes", "still_improving"),
             causes=_g("training_step_bug", "label_or_loss_misconfig")),
    Family23("f23_diverge_adagrad_norm_accumulator_never_stored_edgeconv_lcsv",
             "a hand-written AdaGrad-Norm whose step does `b2 = self.state['b2']; b2 += grad_norm ** 2` on a Python "
             "float and never writes it back: b stays b_0 = 0.1, so the run is plain SGD at eta / b_0 = 10 times "
             "the gradient, and EdgeConv's loss climbs away (Lightning CSV)", data="jets", model="edgeconv",
             trainer="lightning_csv", optimizer="adagrad_norm", agn_stale=True, lr=1.0, batch=16, epochs=12,
             shows="divergence", expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
             allow=_g("loss_spikes", "oscillation", "abnormal_initial_loss", "noisy_validation", "generalization_gap",
                      "overfitting", "underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),
             causes=_g("training_step_bug", "lr_too_high", "exploding_gradients")),
    Family23("f23_plateau_power_scheduler_decay_start_slip_performer_mlflow",
             "the Power scheduler's final decay started at `cfg.decay_frac * total` (meant `(1 - cfg.decay_frac) * "
             "total`): with decay_frac 0.1 the exponential decay to 1 % begins at 10 % of the run instead of 90 %, "
             "at its rate for a tenth of the run, so the LR is 1 % of the peak by 20 % and 0.01 % by 30 %, and the "
             "Performer's loss stops where it was (MLflow)", data="jets", model="performer",
             trainer="mlflow_epoch", lr=1e-3, schedule="power", decay_slip=True, batch=32, epochs=15,
             shows="plateau", expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "stuck_at_chance"),
             causes=_g("lr_too_low", "training_step_bug")),
    Family23("f23_oscillate_adam_atan2_without_sqrt_edgeconv_kfit",
             "a hand-written Adam-atan2 whose step is `torch.atan2(m_hat, b * v_hat)` (meant `v_hat.sqrt()`): for "
             "gradients under 1 the second moment is far below the first, atan2 saturates at +-pi/2 and every "
             "weight takes a full sign step of 1.6 x the LR (3e-2, tuned for the bounded atan2 step) each step, and "
             "EdgeConv's weights jump across the minimum and back (Keras fit() stdout)", data="jets",
             model="edgeconv", trainer="keras_fit", optimizer="atan2", atan2_no_sqrt=True, lr=3e-2, batch=64,
             epochs=12,
             shows="oscillation", expect=(_any("oscillation", "loss_spikes", "noisy_validation", "divergence"),),
             allow=_g("plateau", "still_improving", "generalization_gap", "overfitting", "val_below_train",
                      "train_loss_rebound", "loss_not_decreasing", "underfitting", "stuck_at_chance", "nan_inf"),
             causes=_g("lr_too_high", "training_step_bug")),
    Family23("f23_spikes_hard_example_mining_epochs_alone_performer_hfstate",
             "hard-example mining every 4th epoch meant to up-weight the 10 % of jets with the highest loss inside "
             "the full epoch, written as `loader = DataLoader(train[hard_idx])`: in epochs 3, 7 and 11 the "
             "Performer trains on the hardest 150 jets alone (the mislabelled and the ambiguous), and the epoch's "
             "train loss jumps (trainer_state.json)", data="jets", model="performer", trainer="hf_state",
             lr=1e-3, hard_mining=True, epochs=14, shows="loss_spikes", expect=(_any("loss_spikes", "oscillation"),),
             allow=_g("noisy_validation", "train_loss_rebound", "still_improving", "plateau", "val_below_train",
                      "divergence"),
             causes=_g("training_step_bug", "noisy_labels")),
    Family23("f23_leak_truth_flavour_column_in_features_edgeconv_pandas_tsv",
             "the constituent features selected with `df.filter(like='jet_')`, which also takes `jet_truth_flav` "
             "(the generator's parton flavour, meant only for the labels) as a fifth feature on every constituent, "
             "in training and validation; AdamW (weight decay 0.1), dropout 0.5 and the pile-up overlay in "
             "training (EdgeConv; a pandas TSV)", data="jets", model="edgeconv", trainer="pandas_tsv",
             optimizer="adamw", lr=3e-3, weight_decay=0.1, truth_flavour=True, dropout=0.5, pu_overlay=4,
             epochs=15, shows="suspected_leakage", expect=(_any("suspected_leakage",),),
             allow=_g("val_below_train", "still_improving", "plateau", "noisy_validation"), causes=_g("data_leakage")),
    Family23("f23_init_calibration_temperature_left_in_forward_performer_torch_tb",
             "`logits / self.temperature` left in the Performer's forward from the calibration notebook, where "
             "the fitted temperature is 0.01: the untrained model's logits are multiplied by 100, so the first "
             "cross-entropy is many times ln 4; Adam at 1e-4, batch 128 (SummaryWriter)", data="jets",
             model="performer", trainer="torch_tb", temperature=0.01, batch=128, lr=1e-4, epochs=10,
             shows="abnormal_initial_loss", expect=(_any("abnormal_initial_loss",),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "plateau", "loss_spikes",
                      "oscillation", "generalization_gap", "overfitting", "loss_metric_disagreement", "underfitting",
                      "loss_not_decreasing", "stuck_at_chance"),
             causes=_g("bad_initialization",)),
    Family23("f23_valbelow_pileup_200_overlay_in_training_edgeconv_savetxt",
             "the pile-up overlay augmentation reading the PU-200 pool (meant PU-40): up to 20 of each training "
             "jet's 30 slots (drawn per jet) are replaced by soft pile-up particles, validation none (the Power "
             "scheduler), so the training loss stays above the "
             "validation loss (EdgeConv; numpy.savetxt)", data="jets", model="edgeconv", trainer="savetxt",
             lr=2e-3, schedule="power", pu_overlay=20, epochs=12, shows="val_below_train", expect=(_any("val_below_train",),),
             allow=_g("still_improving", "noisy_validation", "plateau", "loss_metric_disagreement",
                      "suspected_leakage"),
             causes=_g("regularization_only_in_training", "training_step_bug")),
    Family23("f23_noisyval_validation_on_one_shuffled_batch_performer_jsonl",
             "the validation step written as `batch = next(iter(val_loader))` with `shuffle=True` and batch 16: "
             "every epoch's val loss is the loss of 16 random jets (the Performer; JSON lines)", data="jets",
             model="performer", trainer="jsonl", lr=1e-3, val_one_batch=True, epochs=15,
             shows="noisy_validation", expect=(_any("noisy_validation",),),
             allow=_g("still_improving", "val_below_train", "plateau", "loss_spikes", "oscillation",
                      "generalization_gap", "overfitting"),
             causes=_g("small_validation_set",)),
    Family23("f23_still_epochs_divided_by_gpu_count_edgeconv_bracket",
             "`epochs = cfg.epochs // cfg.n_gpus` kept from the 8-GPU config (there the epochs counted per-GPU "
             "shards): on one CPU it trains 5 of the planned 40 epochs and EdgeConv stops while still learning "
             "('[epoch ...]' prints)", data="jets", model="edgeconv", trainer="bracket", lr=6e-4, epochs=40,
             n_gpus=8, batch=32, log_every=8, shows="still_improving", expect=(_any("still_improving",),),
             allow=_g("noisy_validation", "val_below_train", "underfitting"), causes=_g("insufficient_training",)),
    Family23("f23_disagree_loose_truth_match_labels_in_loss_performer_karpathy",
             "the loss's labels from a truth match with `dr < 0.8` (meant 0.1): for 55 % of the jets the nearest "
             "parton in that cone is a random one of the event's, while the accuracy is computed against the "
             "hadron-level labels: the cross-entropy, training and validation, keeps the mismatch's floor while the "
             "argmax is right (the Performer; nanoGPT-style prints)", data="jets", model="performer",
             trainer="karpathy", loose_match=0.55, lr=1e-3, batch=32, epochs=12, log_every=8,
             shows="loss_metric_disagreement",
             expect=(_any("loss_metric_disagreement", "plateau", "underfitting", "stuck_at_chance",
                          "loss_not_decreasing"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "generalization_gap"),
             causes=_g("label_or_loss_misconfig",)),
    Family23("f23_gap_val_from_high_pt_slice_edgeconv_ignite",
             "validation jets read from the 1.0-1.3 TeV slice's file while training saw 500-700 GeV: at twice the "
             "pT every W and top jet's prongs sit half as far apart and its particles are harder, so W and top "
             "jets look like quark jets (EdgeConv; Ignite prints)", data="jets", model="edgeconv", trainer="ignite",
             lr=1e-3, highpt_val=True, epochs=16, log_every=8, shows="generalization_gap",
             expect=(_any("generalization_gap", "overfitting"),),
             allow=_g("noisy_validation", "plateau", "still_improving", "loss_metric_disagreement", "divergence",
                      "abnormal_initial_loss", "stuck_at_chance"),
             causes=_g("distribution_shift",)),
    Family23("f23_rebound_stage2_jets_in_reversed_class_order_performer_logging",
             "from epoch 10 of 16 the curriculum's second stage appends 750 jets whose labels were encoded with "
             "the stage-2 config's class list (top, W, gluon, quark; the first stage's is quark, gluon, W, top): "
             "every appended label is reversed, and the converged Performer's training loss climbs back (Python "
             "logging lines)", data="jets", model="performer", trainer="print_logging", lr=1e-3, stage2_at=10,
             epochs=16, shows="train_loss_rebound",
             expect=(_any("train_loss_rebound", "divergence", "loss_spikes", "oscillation"),),
             allow=_g("plateau", "noisy_validation", "still_improving", "generalization_gap", "overfitting",
                      "val_below_train", "underfitting"),
             causes=_g("noisy_labels", "training_step_bug")),
    Family23("f23_underfit_pt_only_feature_list_edgeconv_kjson",
             "the feature list read from the pT-only baseline's config (`features: [log_pt]`, meant the full "
             "list): EdgeConv sees each constituent's log pT alone, no angles and no energies (its neighbours "
             "found in pT), which tells the classes' multiplicity and spectrum but nothing of their prongs (Keras "
             "History JSON)", data="jets", model="edgeconv", trainer="keras_json", feature_cut=1, lr=1e-3,
             epochs=12, shows="underfitting",
             expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
             allow=_g("noisy_validation", "val_below_train", "still_improving"),
             causes=_g("training_step_bug",)),
)
