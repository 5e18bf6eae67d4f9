"""The seventeenth generation of model families: tasks, models, optimisers, training setups and writer combinations
that v1-v16 (families.py, families_v2.py .. families_v16.py) did not use, for release 18's honest number.

The label rule, fixed and committed before any full-length run was generated, and never changed to fit a curve:

- ``expect`` is the symptom the injected fault produces by construction (one group; any name in it counts: the names a
  practitioner would accept for the same curve); ``allow`` lists what may also be true of such a run; ``causes`` is the
  injected cause (the top-3 cause metric); ``healthy`` runs must raise no warning at all.
- ``shows`` names the construction check (checks_v17.py), the plain test of the logged numbers a person would do to see
  the fault. A run that fails it did not show its fault: its injection (or, for a healthy run, its tuning) is fixed and
  it is regenerated; a run that still fails is left out of labels.json (labels_failed.json), never relabelled.
- ``context`` (labels.json) is what the person running it knows and could tell lossdoctor, in the schema of
  benchmarks/real_runs/score.py CONTEXT: the task and loss as they would name them, whether it is fine-tuning, whether
  the best checkpoint is restored at the end. It follows from the setup, never from the curve: the person classing
  fault records says classification with cross-entropy (also the one whose targets are the relay's soft
  probabilities: they believe the targets are the confirmed fault types), the person locating faults says regression
  with another loss (the Cauchy loss).
- lossdoctor's diagnosis is never run on these runs while they are written, tuned and generated; only its reader
  (``lossdoctor.read``) is, to check that every log is read whole.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios import _any, _g
from families_v11 import READER_FOR_V11

READER_FOR_V17 = dict(READER_FOR_V11)
TRAINERS_V17 = tuple(READER_FOR_V17)
STEP_LEVEL_V17 = {"torch_tb", "hf_state", "hf_stdout", "lightning_tb", "lightning_csv", "ignite", "wandb_csv"}

# What a user would say about each task (score.py CONTEXT's task and loss vocabularies).
_CONTEXT = {"grid": ("classification", "cross_entropy"), "distance": ("regression", "other")}


@dataclass(frozen=True)
class Family17:
    name: str
    fault: str
    data: str      # grid | distance
    model: str     # res2net | sincnet
    trainer: str   # one of TRAINERS_V17
    optimizer: str = "adam"   # adam | adamw | momentum | qhm | fromage | tiger
    lr: float = 1e-3
    weight_decay: float = 0.0
    schedule: str = "none"    # none | knee | cos2
    explore: float = 0.5      # the knee schedule's explore share of the run
    qhm_beta: float = 0.999
    epochs: int = 15
    batch: int = 64
    val_batch: int = 0        # validation batch size (0: the training batch size)
    n_train: int = 900
    n_val: int = 300
    width: int = 32
    dropout: float = 0.0
    jitter: float = 0.0       # training-only Gaussian jitter (standardised units)
    time_shift: int = 0       # training-only random circular shift of up to this many samples
    per_record_norm: bool = False   # each record divided by its own standard deviation
    log_every: int = 10
    eval_every: int = 0       # validate every N steps instead of per epoch
    early_stop: int = 0       # patience in epochs, on the validation loss
    restore_best: bool = False
    clip: float = 0.0         # gradient-norm clipping
    zero_head: bool = False   # the output layer initialised at zero
    # ---- fault knobs -------------------------------------------------------------------------------------------
    one_site: bool = False              # `records[records.substation == "S07"]` left from debugging (training)
    site_rows: int = 64
    wd_per_sample: bool = False         # an L2 coefficient per sample, multiplied by n_train into AdamW's decay
    label_order_mismatch: bool = False  # labels in `os.listdir` order joined to waveforms in `sorted(glob)` order
    step_before_backward: bool = False  # `optimizer.step()` written above `loss.backward()`
    dead_records: float = 0.0           # share of all-zero (open CT circuit) records, normalised without an eps
    qhm_unnormalised: bool = False      # QHM with PyTorch SGD's buffer `buf = beta buf + g`
    knee_decay_in_epochs: bool = False  # the knee's decay span in epochs while the scheduler steps per batch
    unreviewed_epochs: tuple[int, ...] = ()  # in these epochs every other record comes with the default label 0
    relay_flags: bool = False           # the relay's fault-type flags kept as a fourth input channel
    primary_amperes: bool = False       # the export in primary amperes (x2000), secondary statistics
    shuffle_parity: bool = False        # `shuffle=(epoch % 2 == 0)`: odd epochs in the archive's stored order
    confirmed_val: bool = False         # validation from the confirmed-events table: bolted faults only
    eval_mode_forgotten: bool = False   # the validation loop without model.eval() (BatchNorm on batch statistics)
    max_steps: int = 0                  # a step budget computed from the archive's size before the import
    soft_relay_targets: bool = False    # targets: the relay's fault-type probabilities (meant: the confirmed type)
    val_kiloamperes: bool = False       # the validation export in kA (training in A)
    resume_at: int = 0                  # resumed here from a 'module.'-prefixed checkpoint with strict=False
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
        return "cauchy" if self.data == "distance" else "ce"


def context(fam: Family17) -> dict[str, Any]:
    """What the user running this would know and say (score.py CONTEXT): task, loss, fine_tune, best_checkpoint."""
    task, loss = _CONTEXT[fam.data]
    return {"task": task, "loss": loss, "fine_tune": fam.fine_tune, "best_checkpoint": fam.restore_best}


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")


def _healthy(name: str, fault: str, shows: str = "healthy", **kw: Any) -> Family17:
    return Family17(name, fault, healthy=True, allow=_BENIGN, shows=shows, **kw)


FAMILIES_V17: tuple[Family17, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h17_grid_res2net_qhm_knee_kcsv",
             "none: fault-recorder records classed by fault type, a Res2Net-1D with QHM (nu 0.7, beta 0.999, lr 0.3) "
             "under the knee schedule, Keras' CSVLogger", data="grid", model="res2net", trainer="keras_csv",
             optimizer="qhm", lr=0.3, schedule="knee", epochs=15),
    _healthy("h17_grid_sincnet_tiger_cos2_lightning_tb",
             "none: noisy step-level logs: a SincNet with Tiger under cosine-squared annealing, Lightning's "
             "TensorBoard logger every 10th batch", data="grid", model="sincnet", trainer="lightning_tb",
             optimizer="tiger", lr=4e-3, schedule="cos2", epochs=15),
    _healthy("h17_grid_res2net_fromage_cos2_wandbcsv",
             "none: the Res2Net with Fromage (lr 0.01) under cosine-squared annealing at batch 128, the W&B history "
             "CSV", data="grid", model="res2net", trainer="wandb_csv", optimizer="fromage", lr=0.01, schedule="cos2",
             batch=128, epochs=15, log_every=4),
    _healthy("h17_grid_sincnet_momentum_knee_hfcard",
             "none: the SincNet with SGD momentum under the knee schedule, the model card's results table",
             data="grid", model="sincnet", trainer="hf_card", optimizer="momentum", lr=0.1, schedule="knee",
             epochs=15, log_every=8),
    _healthy("h17_grid_res2net_adamw_earlystop_restore_mlflow",
             "none: the Res2Net with AdamW (weight decay 0.05) under cosine-squared annealing, early stopping on the "
             "validation loss (patience 3) restoring its best weights, MLflow", data="grid", model="res2net",
             trainer="mlflow_epoch", optimizer="adamw", lr=2e-3, weight_decay=0.05, schedule="cos2", early_stop=3,
             restore_best=True, epochs=20, shows="healthy_floor"),
    _healthy("h17_grid_sincnet_adam_jitter_shift_recordnorm_karpathy",
             "none: the SincNet with Adam, each record divided by its own standard deviation (with an eps), "
             "training-only jitter (0.05) and circular shifts (up to 8 samples), nanoGPT-style prints", data="grid",
             model="sincnet", trainer="karpathy", lr=2e-3, per_record_norm=True, jitter=0.05, time_shift=8,
             schedule="knee", epochs=15, log_every=8),
    _healthy("h17_grid_res2net_tiger_knee_val_every_20_hfstate",
             "none: the Res2Net with Tiger under the knee schedule, validation every 20 steps, trainer_state.json",
             data="grid", model="res2net", trainer="hf_state", optimizer="tiger", lr=1e-3, schedule="knee",
             eval_every=20, epochs=10),
    _healthy("h17_distance_res2net_tiger_cos2_jsonl",
             "none: fault location (km) from the records with the Cauchy loss (c 0.1), the Res2Net with Tiger under "
             "cosine-squared annealing, JSON lines", data="distance", model="res2net", trainer="jsonl",
             optimizer="tiger", lr=1e-3, schedule="cos2", epochs=12, shows="healthy_floor"),
    _healthy("h17_distance_res2net_adam_knee_savetxt",
             "none: the Res2Net with Adam under the knee schedule, numpy.savetxt", data="distance", model="res2net",
             trainer="savetxt", lr=2e-3, schedule="knee", epochs=12, shows="healthy_floor"),
    _healthy("h17_distance_sincnet_fromage_batch128_40ep_pandas_tsv",
             "none: a long converged run: the SincNet with Fromage, 40 epochs at batch 128 under cosine-squared "
             "annealing, a pandas TSV", data="distance", model="sincnet", trainer="pandas_tsv", optimizer="fromage",
             lr=0.02, batch=128, schedule="cos2", epochs=40, shows="healthy_floor"),
    _healthy("h17_distance_res2net_momentum_clip_logging",
             "none: the Res2Net with SGD momentum, clipping 1.0 and the knee schedule, Python logging lines",
             data="distance", model="res2net", trainer="print_logging", optimizer="momentum", lr=0.01, clip=1.0,
             schedule="knee", epochs=12, shows="healthy_floor"),
    _healthy("h17_distance_res2net_adamw_earlystop_ignite",
             "none: the Res2Net with AdamW under cosine-squared annealing, early stopping (patience 4; the last "
             "weights kept), Ignite's printed lines", data="distance", model="res2net", trainer="ignite",
             optimizer="adamw", lr=2e-3, weight_decay=0.01, schedule="cos2", early_stop=4, epochs=20, log_every=8,
             shows="healthy_floor"),
    _healthy("h17_distance_res2net_qhm_knee_batch32_bracket",
             "none: the Res2Net with QHM (lr 0.5) under the knee schedule at batch 32, hand-written '[epoch ...]' "
             "prints", data="distance", model="res2net", trainer="bracket", optimizer="qhm", lr=0.5,
             schedule="knee", batch=32, epochs=10, shows="healthy_floor"),
    _healthy("h17_grid_sincnet_tiger_knee_torch_tb",
             "none: the SincNet with Tiger (weight decay 0.01) under the knee schedule, SummaryWriter",
             data="grid", model="sincnet", trainer="torch_tb", optimizer="tiger", lr=2e-3, weight_decay=0.01,
             schedule="knee", epochs=12),
    # ---- faults: one per curve finding ---------------------------------------------------------------------------
    Family17("f17_overfit_site_filter_left_from_debugging_res2net_kv",
             "`records = records[records.substation == 'S07']` left in the data module from debugging one site: "
             "the Res2Net (width 64) trains on that substation's 64 records for 60 epochs at batch 16 and "
             "memorises them, validated on 200 records of all eight (key=value prints)", data="grid",
             model="res2net", trainer="print_kv", one_site=True, site_rows=64, width=64, n_val=200, batch=16,
             lr=2e-3, epochs=60, shows="overfitting", expect=(_any("overfitting", "generalization_gap"),),
             allow=_g("noisy_validation", "still_improving", "plateau", "val_below_train", "loss_spikes"),
             causes=_g("distribution_shift", "insufficient_regularization", "model_too_large", "too_little_data")),
    Family17("f17_underfit_l2_per_sample_times_n_as_adamw_decay_sincnet_kjson",
             "the old script's L2 coefficient 0.05 was per sample of a summed loss; the port to AdamW multiplied it "
             "by the 900 training records into weight_decay 45: every step shrinks the SincNet's weights by 4.5 % "
             "and it barely learns (Keras History JSON)", data="grid", model="sincnet", trainer="keras_json",
             optimizer="adamw", lr=1e-3, weight_decay=0.05, wd_per_sample=True, epochs=15, shows="underfitting",
             expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
             allow=_g("noisy_validation", "val_below_train", "still_improving"),
             causes=_g("over_regularization",)),
    Family17("f17_chance_labels_listdir_order_vs_sorted_glob_res2net_fastai",
             "the label CSV's rows read in `os.listdir` order and joined by position to the waveforms loaded in "
             "`sorted(glob(...))` order: every record carries another record's fault type, in training and "
             "validation; the zero-initialised head starts at ln 4 (Res2Net; fastai's table)", data="grid",
             model="res2net", trainer="fastai", label_order_mismatch=True, zero_head=True, lr=1e-3, epochs=12,
             shows="stuck_at_chance",
             expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting", "plateau"),),
             allow=_g("overfitting", "generalization_gap", "noisy_validation", "still_improving", "val_below_train"),
             causes=_g("label_or_loss_misconfig", "noisy_labels", "training_step_bug")),
    Family17("f17_flat_optimizer_step_above_backward_sincnet_hfstdout",
             "`optimizer.zero_grad(); optimizer.step(); loss.backward()`: the step always sees the gradients just "
             "zeroed, so Adam never moves the SincNet and the fault-distance loss stays where it started "
             "(HF-style printed dicts)", data="distance", model="sincnet", trainer="hf_stdout", lr=2e-3,
             step_before_backward=True, epochs=10, log_every=8, shows="loss_not_decreasing",
             expect=(_any("loss_not_decreasing", "plateau", "underfitting"),),
             allow=_g("noisy_validation", "val_below_train"), causes=_g("training_step_bug", "lr_too_low")),
    Family17("f17_nan_dead_ct_records_normalised_without_eps_res2net_pipe",
             "each record divided by its own standard deviation with no eps, while 1 % of the archive's records come "
             "from recorders whose CT circuit was open (all zeros): 0 / 0 is NaN, and the first batch holding one "
             "makes the Res2Net's loss and weights NaN ('|' prints)", data="grid", model="res2net",
             trainer="print_pipe", per_record_norm=True, dead_records=0.01, lr=2e-3, epochs=8, shows="nan_inf",
             expect=(_any("nan_inf", "divergence"),),
             allow=_g("loss_spikes", "oscillation", "train_loss_rebound", "abnormal_initial_loss", "noisy_validation",
                      "plateau", "still_improving", "loss_not_decreasing"),
             causes=_g("training_step_bug", "unnormalized_input")),
    Family17("f17_diverge_qhm_unnormalised_momentum_buffer_sincnet_lcsv",
             "QHM ported onto PyTorch SGD's momentum buffer `buf = beta * buf + g` (the paper's is normalised, "
             "`(1 - beta) * g`) while lr 0.1 and beta 0.999 come from the paper: the buffer grows towards 1000 "
             "gradients and the SincNet's loss, after falling, climbs away (Lightning CSV)", data="grid",
             model="sincnet", trainer="lightning_csv", optimizer="qhm", lr=0.1, qhm_unnormalised=True, epochs=12,
             shows="divergence", expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
             allow=_g("loss_spikes", "oscillation", "generalization_gap", "overfitting", "plateau", "noisy_validation",
                      "still_improving", "loss_not_decreasing", "underfitting", "stuck_at_chance"),
             causes=_g("lr_too_high", "training_step_bug")),
    Family17("f17_plateau_knee_decay_span_in_epochs_sincnet_mlflow",
             "the knee schedule's decay span written as `cfg.epochs - explore_epochs` (epochs) while the LambdaLR "
             "steps every batch: after the explore phase (35 % of the run) the LR reaches 0 within 10 steps and the "
             "SincNet's loss stops where it was (MLflow)", data="grid", model="sincnet", trainer="mlflow_epoch",
             lr=3e-3, schedule="knee", explore=0.35, knee_decay_in_epochs=True, epochs=15, shows="plateau",
             expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "stuck_at_chance"),
             causes=_g("lr_too_low", "training_step_bug")),
    Family17("f17_oscillate_shuffle_tied_to_epoch_parity_sincnet_kfit",
             "the DataLoader rebuilt every epoch with `shuffle=(epoch % 2 == 0)`, a line copied from a snippet that "
             "made every other epoch's pass deterministic: odd epochs walk the archive in its stored order, exported "
             "fault type by fault type, so the SincNet is pulled to one class after another and the epoch's loss "
             "jumps up on odd epochs and back down on even ones (Keras fit() stdout)", data="grid", model="sincnet",
             trainer="keras_fit", lr=5e-3, batch=16, shuffle_parity=True, epochs=15, shows="oscillation",
             expect=(_any("oscillation", "loss_spikes", "noisy_validation", "divergence"),),
             allow=_g("plateau", "still_improving", "generalization_gap", "overfitting", "val_below_train",
                      "train_loss_rebound", "loss_not_decreasing", "underfitting"),
             causes=_g("unshuffled_data", "training_step_bug")),
    Family17("f17_spikes_unreviewed_month_default_labels_res2net_hfstate",
             "the archive concatenates monthly exports, and the loader's rotation puts the not-yet-reviewed month "
             "(its label column the default 0, 'normal') into every other record of the 6th, 10th and 14th epochs: "
             "the Res2Net is told confident faults are normal and the loss jumps in those epochs "
             "(trainer_state.json)", data="grid", model="res2net", trainer="hf_state", lr=2e-3,
             unreviewed_epochs=(5, 9, 13), epochs=16, shows="loss_spikes", expect=(_any("loss_spikes", "oscillation"),),
             allow=_g("noisy_validation", "train_loss_rebound", "still_improving", "plateau", "val_below_train",
                      "divergence"),
             causes=_g("noisy_labels", "training_step_bug")),
    Family17("f17_leak_relay_fault_type_flags_as_channel_res2net_pandas_tsv",
             "the COMTRADE reader keeps every channel, and the relay's digital fault-type flags (its own call, the "
             "same as the confirmed label) become a fourth input channel, in training and validation; dropout 0.3, "
             "jitter and shifts in training (Res2Net; a pandas TSV)", data="grid", model="res2net",
             trainer="pandas_tsv", lr=2e-3, relay_flags=True, dropout=0.3, jitter=0.3, time_shift=8, epochs=15,
             shows="suspected_leakage", expect=(_any("suspected_leakage",),),
             allow=_g("val_below_train", "still_improving", "plateau", "noisy_validation"), causes=_g("data_leakage")),
    Family17("f17_init_primary_ampere_export_sincnet_torch_tb",
             "the archive exported in primary amperes (CT 2000:1, x2000) and standardised with the secondary "
             "currents' scale: inputs thousands of times too large, and the SincNet (no normalisation) starts with a "
             "cross-entropy many times ln 4 (SummaryWriter)", data="grid", model="sincnet", trainer="torch_tb",
             lr=1e-3, primary_amperes=True, epochs=10, shows="abnormal_initial_loss",
             expect=(_any("abnormal_initial_loss",),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "plateau", "loss_spikes",
                      "oscillation", "generalization_gap", "overfitting", "loss_metric_disagreement", "underfitting"),
             causes=_g("unnormalized_input", "bad_initialization")),
    Family17("f17_valbelow_confirmed_bolted_faults_only_val_res2net_savetxt",
             "the validation set drawn from the confirmed-events table, which only holds bolted faults (no fault "
             "resistance) and normal records, while training holds the high-impedance faults too; dropout 0.2 in "
             "training (Res2Net; numpy.savetxt)", data="grid", model="res2net", trainer="savetxt", lr=2e-3,
             confirmed_val=True, dropout=0.2, epochs=12, shows="val_below_train", expect=(_any("val_below_train",),),
             allow=_g("still_improving", "noisy_validation", "plateau", "loss_metric_disagreement"),
             causes=_g("distribution_shift", "measurement_offset")),
    Family17("f17_noisyval_eval_mode_forgotten_res2net_jsonl",
             "the validation loop has no `model.eval()`: the Res2Net's BatchNorm normalises each validation batch "
             "of 4 by its own statistics (and updates its running ones) and its dropout (0.5) stays on, on 16 "
             "records (JSON lines)", data="grid",
             model="res2net", trainer="jsonl", lr=2e-3, eval_mode_forgotten=True, val_batch=4, n_val=16, dropout=0.5,
             schedule="cos2", epochs=15, shows="noisy_validation", expect=(_any("noisy_validation",),),
             allow=_g("still_improving", "val_below_train", "plateau", "loss_spikes", "oscillation",
                      "generalization_gap", "overfitting"),
             causes=_g("training_step_bug", "small_validation_set")),
    Family17("f17_still_max_steps_from_archive_before_import_sincnet_bracket",
             "`max_steps = cfg.epochs * 192 // cfg.batch` from the archive's size before the last import (192 "
             "records, now 900): the run stops after 120 steps, 8 of the planned 40 epochs, while the SincNet "
             "is still learning ('[epoch ...]' prints)", data="grid", model="sincnet", trainer="bracket",
             lr=2e-3, max_steps=120, epochs=40, log_every=8, shows="still_improving",
             expect=(_any("still_improving",),), allow=_g("noisy_validation", "val_below_train", "underfitting"),
             causes=_g("insufficient_training",)),
    Family17("f17_disagree_relay_soft_probabilities_as_targets_res2net_karpathy",
             "`y = df['relay_probs']` (meant df['confirmed']): the targets are the relay's own fault-type "
             "probabilities (its call at 0.4-0.7, the rest spread), in training and validation: the cross-entropy "
             "cannot go below their entropy (~1.0, ln 4 = 1.39) while the argmax is right (Res2Net; nanoGPT-style "
             "prints)", data="grid", model="res2net", trainer="karpathy", soft_relay_targets=True, lr=2e-3,
             epochs=15, log_every=8, shows="loss_metric_disagreement",
             expect=(_any("loss_metric_disagreement", "plateau", "underfitting", "stuck_at_chance",
                          "loss_not_decreasing"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "generalization_gap"),
             causes=_g("label_or_loss_misconfig",)),
    Family17("f17_gap_val_export_in_kiloamperes_sincnet_ignite",
             "the validation records exported in kA while training's are in A: every validation current is 1000x "
             "smaller, and the SincNet (no normalisation) sees near-silent records (Ignite prints)", data="grid",
             model="sincnet", trainer="ignite", lr=2e-3, val_kiloamperes=True, epochs=12, log_every=8,
             shows="generalization_gap", expect=(_any("generalization_gap", "overfitting"),),
             allow=_g("noisy_validation", "plateau", "still_improving", "loss_metric_disagreement", "divergence",
                      "abnormal_initial_loss", "stuck_at_chance"),
             causes=_g("distribution_shift", "training_step_bug")),
    Family17("f17_rebound_resume_strict_false_module_prefix_res2net_logging",
             "the run resumed at epoch 10 from a checkpoint saved under DataParallel ('module.'-prefixed keys) with "
             "`load_state_dict(ckpt, strict=False)`: no key matches, nothing is loaded, and the Res2Net goes on "
             "from fresh initial weights under the knee schedule's decaying LR (Python logging lines)", data="grid",
             model="res2net", trainer="print_logging", lr=2e-3, schedule="knee", resume_at=10, epochs=15,
             shows="train_loss_rebound",
             expect=(_any("train_loss_rebound", "divergence", "loss_spikes", "oscillation"),),
             allow=_g("plateau", "noisy_validation", "still_improving", "generalization_gap", "overfitting",
                      "val_below_train", "underfitting", "loss_not_decreasing", "stuck_at_chance"),
             causes=_g("training_step_bug", "bad_initialization")),
)
