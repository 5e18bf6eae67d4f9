"""The fourteenth generation of model families: tasks, models, optimisers, training setups and writer combinations
that v1-v13 (families.py, families_v2.py .. families_v13.py) did not use, for release 15's honest number.

The label rule, fixed and committed before any full-length run was generated, and never changed to fit a curve:

- ``expect`` is the symptom the injected fault produces by construction (one group; any name in it counts: the names a
  practitioner would accept for the same curve); ``allow`` lists what may also be true of such a run; ``causes`` is the
  injected cause (the top-3 cause metric); ``healthy`` runs must raise no warning at all.
- ``shows`` names the construction check (checks_v14.py), the plain test of the logged numbers a person would do to see
  the fault. A run that fails it did not show its fault: its injection (or, for a healthy run, its tuning) is fixed and
  it is regenerated; a run that still fails is left out of labels.json (labels_failed.json), never relabelled.
- ``context`` (labels.json) is what the person running it knows and could tell lossdoctor, in the schema of
  benchmarks/real_runs/score.py CONTEXT: the task and loss as they would name them, whether it is fine-tuning, whether
  the best checkpoint is restored at the end. It follows from the setup, never from the curve: the person classing
  bearing vibration says cross-entropy (also the one whose head still ends in the binary model's sigmoid: they
  believe the loss is cross-entropy), the person predicting battery life says regression with another loss (the
  Cauchy loss).
- lossdoctor's diagnosis was never run on these runs while they were written, tuned and generated; only its reader
  (``lossdoctor.read``) was, to check that every log is read whole.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios import _any, _g
from families_v11 import READER_FOR_V11

READER_FOR_V14 = dict(READER_FOR_V11)
TRAINERS_V14 = tuple(READER_FOR_V14)
STEP_LEVEL_V14 = {"torch_tb", "hf_state", "hf_stdout", "lightning_tb", "lightning_csv", "ignite", "wandb_csv"}

# What a user would say about each task (score.py CONTEXT's task and loss vocabularies).
_CONTEXT = {"bearing": ("classification", "cross_entropy"), "battery": ("regression", "other")}


@dataclass(frozen=True)
class Family14:
    name: str
    fault: str
    data: str      # bearing | battery
    model: str     # wavenet | densenet
    trainer: str   # one of TRAINERS_V14
    optimizer: str = "adam"   # adam | adamw | adamax | nesterov | ranger
    lr: float = 1e-3
    weight_decay: float = 0.0
    schedule: str = "none"    # none | trapezoid | inverse_time | exp_decay | restarts
    decay_rate: float = 0.5   # inverse_time: lr / (1 + rate x epochs)
    restart_epochs: int = 5   # restarts: SGDR's T_0 in epochs
    warmup: int = 0
    epochs: int = 15
    batch: int = 64
    n_train: int = 1200
    n_val: int = 400
    width: int = 32
    blocks: int = 4           # WaveNet: gated layers (dilations 1 .. 2^(blocks-1)); DenseNet: layers per block
    kernel: int = 3
    window: int = 256         # vibration samples per window
    dropout: float = 0.0
    log_every: int = 10
    eval_every: int = 0       # validate every N steps instead of per epoch
    early_stop: int = 0       # patience in epochs, on the validation loss
    restore_best: bool = False
    pretrain: int = 0
    max_steps: int = 0
    augment: bool = False     # vibration: random gain, polarity and circular shift, training only
    grad_centralise: bool = False
    clip: float = 0.0         # gradient-norm clipping
    zero_head: bool = False   # the output layer initialised at zero
    head_width: int = 0       # DenseNet's projection before the head (0: width)
    # ---- fault knobs -------------------------------------------------------------------------------------------
    augment_flag_string: bool = False   # `if cfg["augment"] is True` on the string "True": augmentation never on
    labels_sorted: bool = False         # y_train.sort() in place to print the class balance
    clip_value_zero: bool = False       # clip_grad_value_(params, cfg.clip) called with clip 0.0 meaning "off"
    dead_cells: bool = False            # cells dead in formation logged at life 0: log10(0) = -inf targets
    lr_scaled_twice: bool = False       # the linear-scaling rule (x batch / 32) applied to an LR already scaled
    decay_steps_as_steps: bool = False  # ExponentialDecay's decay_steps meant in epochs, counted in steps
    units_epochs: tuple[int, ...] = ()  # in these epochs every other window is from files in mm/s^2, not g
    code_channel: bool = False          # the file's condition code stacked as an input channel
    init_std_one: bool = False          # init_weights(): nn.init.normal_(m.weight) (std 1) on every Linear
    l2_in_loss: float = 0.0             # loss = ce + l2 x sum(w^2): the logged train loss holds the penalty
    bn_keras_momentum: bool = False     # BatchNorm1d(momentum=0.9): Keras' convention given to torch
    cli_epochs: int = 0                 # argparse's --epochs default overriding the config's epochs
    sigmoid_out: bool = False           # nn.Sigmoid kept at the end of the head (from the binary model)
    val_other_sensor: bool = False      # validation recorded by the fan-end sensor, training by the drive-end
    relabel_from: int = 0               # from this epoch half the batches use a label map with IR and OR swapped
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
        return "cauchy" if self.data == "battery" else "ce"


def context(fam: Family14) -> dict[str, Any]:
    """What the user running this would know and say (score.py CONTEXT): task, loss, fine_tune, best_checkpoint."""
    task, loss = _CONTEXT[fam.data]
    return {"task": task, "loss": loss, "fine_tune": fam.fine_tune, "best_checkpoint": fam.restore_best}


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")
_OVERFIT = _any("overfitting", "generalization_gap")


def _healthy(name: str, fault: str, shows: str = "healthy", **kw: Any) -> Family14:
    return Family14(name, fault, healthy=True, allow=_BENIGN, shows=shows, **kw)


FAMILIES_V14: tuple[Family14, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h14_bearing_wavenet_ranger_trapezoid_fastai",
             "none: bearing vibration windows classed by condition, a gated dilated WaveNet, Ranger (RAdam inside "
             "Lookahead) under a trapezoidal schedule, fastai's printed table", data="bearing", model="wavenet",
             trainer="fastai", optimizer="ranger", lr=1e-2, schedule="trapezoid", epochs=15),
    _healthy("h14_bearing_densenet_adamw_restarts_torch_tb",
             "none: noisy step-level logs: a 1-D DenseNet with AdamW (weight decay 0.01) under SGDR cosine restarts "
             "(one restart, half-way), batch 32, SummaryWriter every 10th batch", data="bearing", model="densenet",
             trainer="torch_tb", optimizer="adamw", lr=2e-3, weight_decay=0.01, schedule="restarts",
             restart_epochs=6, batch=32, epochs=12),
    _healthy("h14_bearing_wavenet_nesterov_gradcentral_inverse_time_kcsv",
             "none: the WaveNet with SGD Nesterov momentum and gradient centralisation, Keras' InverseTimeDecay "
             "(rate 0.3 per epoch), Keras' CSVLogger", data="bearing", model="wavenet", trainer="keras_csv",
             optimizer="nesterov", lr=0.05, grad_centralise=True, schedule="inverse_time", decay_rate=0.3, epochs=15),
    _healthy("h14_bearing_densenet_adamax_augment_hfstdout",
             "none: the DenseNet with Adamax under a trapezoid and training-only gain / polarity / shift "
             "augmentation, HF-style printed dicts", data="bearing", model="densenet", trainer="hf_stdout", optimizer="adamax", lr=3e-3,
             augment=True, schedule="trapezoid", epochs=12, log_every=8),
    _healthy("h14_bearing_wavenet_adam_earlystop_restore_wandbcsv",
             "none: the WaveNet with Adam, early stopping on the validation loss (patience 3) restoring its best "
             "weights, the W&B history CSV", data="bearing", model="wavenet", trainer="wandb_csv", lr=2e-3,
             early_stop=3, restore_best=True, epochs=20, shows="healthy_floor"),
    _healthy("h14_bearing_densenet_ranger_val_every_25_hfstate",
             "none: the DenseNet with Ranger, validation every 25 steps, trainer_state.json", data="bearing",
             model="densenet", trainer="hf_state", optimizer="ranger", lr=1e-2, schedule="trapezoid",
             eval_every=25, epochs=12),
    _healthy("h14_bearing_wavenet_adamw_clip_batch16_mlflow",
             "none: the WaveNet with AdamW at batch 16, gradient-norm clipping 1.0 and a trapezoid, MLflow",
             data="bearing", model="wavenet", trainer="mlflow_epoch", optimizer="adamw", lr=1e-3,
             weight_decay=0.01, clip=1.0, batch=16, schedule="trapezoid", epochs=10),
    _healthy("h14_bearing_densenet_nesterov_trapezoid_lcsv",
             "none: the DenseNet with SGD Nesterov momentum and weight decay 5e-4 under a trapezoid, Lightning's "
             "CSVLogger", data="bearing", model="densenet", trainer="lightning_csv", optimizer="nesterov", lr=0.05,
             weight_decay=5e-4, schedule="trapezoid", epochs=12),
    _healthy("h14_battery_wavenet_adam_trapezoid_jsonl",
             "none: battery cycle life (log10, standardised) from the first 40 cycles, the WaveNet with the Cauchy "
             "loss, Adam under a trapezoid, JSON lines", data="battery", model="wavenet", trainer="jsonl", lr=2e-3,
             schedule="trapezoid", blocks=3, epochs=15, shows="healthy_floor"),
    _healthy("h14_battery_densenet_ranger_inverse_time_kv",
             "none: the DenseNet with Ranger and InverseTimeDecay (rate 0.2 per epoch), key=value prints",
             data="battery", model="densenet", trainer="print_kv", optimizer="ranger", lr=3e-3,
             schedule="inverse_time", decay_rate=0.2, blocks=3, epochs=15, shows="healthy_floor"),
    _healthy("h14_battery_wavenet_adamax_fullbatch_120ep_pandas_tsv",
             "none: a long converged run: the WaveNet with Adamax, 120 full-batch epochs under a trapezoid, a pandas "
             "TSV", data="battery", model="wavenet", trainer="pandas_tsv", optimizer="adamax", lr=1e-2,
             schedule="trapezoid", batch=1200, blocks=3, epochs=120, shows="healthy_floor"),
    _healthy("h14_battery_densenet_adamw_gradcentral_restarts_savetxt",
             "none: the DenseNet with AdamW, gradient centralisation and SGDR restarts every 8 epochs, numpy.savetxt",
             data="battery", model="densenet", trainer="savetxt", optimizer="adamw", lr=2e-3, weight_decay=0.01,
             grad_centralise=True, schedule="restarts", restart_epochs=8, blocks=3, epochs=16, shows="healthy_floor"),
    _healthy("h14_battery_wavenet_nesterov_clip_kjson",
             "none: the WaveNet with SGD Nesterov momentum, clipping 1.0 and a trapezoid, Keras History JSON",
             data="battery", model="wavenet", trainer="keras_json", optimizer="nesterov", lr=0.02, clip=1.0,
             schedule="trapezoid", blocks=3, epochs=15, shows="healthy_floor"),
    _healthy("h14_battery_wavenet_adamw_trapezoid_earlystop_ignite",
             "none: the WaveNet with AdamW under a trapezoid, early stopping (patience 3, the run stops, last "
             "weights kept), Ignite's printed lines", data="battery", model="wavenet", trainer="ignite",
             optimizer="adamw", lr=2e-3, weight_decay=0.01, schedule="trapezoid", early_stop=3, blocks=3,
             epochs=20, log_every=8, shows="healthy_floor"),
    # ---- faults ----------------------------------------------------------------------------------------------------
    Family14("f14_overfit_augment_flag_string_densenet_pipe",
             "`if cfg['augment'] is True` where the command line gave the string 'True': the augmentation never "
             "runs; a 64-wide DenseNet on 64 windows, 60 epochs at batch 16, memorises them ('|' prints)",
             data="bearing", model="densenet", trainer="print_pipe", lr=2e-3, augment=True,
             augment_flag_string=True, n_train=64, n_val=600, width=64, batch=16, epochs=60, shows="overfitting",
             expect=(_OVERFIT,), allow=_g("noisy_validation", "plateau", "still_improving", "loss_spikes"),
             causes=_g("too_little_data", "model_too_large", "insufficient_regularization")),
    Family14("f14_underfit_window_ms_as_samples_wavenet_kfit",
             "the window length given in milliseconds (16 ms, meant 256 samples at 16 kHz) passed as a sample "
             "count: 16-sample windows hold at most one impulse, not its period (Keras fit() stdout)",
             data="bearing", model="wavenet", trainer="keras_fit", lr=2e-3, window=16, epochs=12,
             shows="underfitting",
             expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train"),
             causes=_g("training_step_bug", "label_or_loss_misconfig")),
    Family14("f14_chance_labels_sorted_in_place_densenet_logging",
             "y_train.sort() (in place) to print the class balance before training: the training labels are in "
             "class order, unrelated to the windows; validation stays at chance (DenseNet, zero-initialised head; "
             "Python logging lines)",
             data="bearing", model="densenet", trainer="print_logging", lr=5e-4, labels_sorted=True, zero_head=True,
             epochs=8,
             shows="stuck_at_chance",
             expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting", "plateau"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "overfitting", "generalization_gap"),
             causes=_g("label_or_loss_misconfig", "training_step_bug")),
    Family14("f14_flat_clip_grad_value_zero_wavenet_hfcard",
             "clip_grad_value_(model.parameters(), cfg.clip) called unconditionally with clip 0.0 meaning 'off': "
             "every gradient is clipped to zero and Adam never moves the WaveNet (the model card's results table)",
             data="bearing", model="wavenet", trainer="hf_card", lr=1e-3, clip_value_zero=True, epochs=10,
             log_every=8, shows="loss_not_decreasing",
             expect=(_any("loss_not_decreasing", "plateau", "underfitting", "stuck_at_chance"),),
             allow=_g("noisy_validation", "val_below_train"), causes=_g("training_step_bug",)),
    Family14("f14_nan_dead_cells_log10_zero_densenet_karpathy",
             "cells that died in formation logged with a cycle life of 0 and kept: log10(0) = -inf targets, the "
             "Cauchy loss is infinite from the first batch and the weights turn NaN (nanoGPT-style prints)",
             data="battery", model="densenet", trainer="karpathy", lr=1e-3, dead_cells=True, blocks=3, epochs=8,
             log_every=8, shows="nan_inf", expect=(_any("nan_inf", "divergence"),),
             allow=_g("loss_spikes", "oscillation", "train_loss_rebound", "abnormal_initial_loss", "noisy_validation",
                      "plateau", "still_improving", "loss_not_decreasing"),
             causes=_g("label_or_loss_misconfig", "training_step_bug")),
    Family14("f14_diverge_lr_scaled_twice_densenet_bracket",
             "the linear-scaling rule applied twice: the config's LR 0.2 was already scaled for batch 256, and the "
             "code multiplies it by 256 / 32 again: SGD Nesterov at 1.6 on the DenseNet, whose head's logits grow "
             "and whose cross-entropy climbs (hand-written '[epoch ...]' prints)", data="bearing", model="densenet",
             trainer="bracket", optimizer="nesterov", lr=0.2, lr_scaled_twice=True, batch=256,
             epochs=15,
             shows="divergence", expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
             allow=_g("loss_spikes", "oscillation", "generalization_gap", "overfitting", "plateau", "noisy_validation",
                      "still_improving", "loss_not_decreasing", "underfitting"),
             causes=_g("lr_too_high", "training_step_bug")),
    Family14("f14_plateau_exponential_decay_steps_in_steps_densenet_hfstate",
             "Keras-style ExponentialDecay(decay_steps=1, decay_rate=0.9) meant per epoch, counted in optimizer "
             "steps: the LR is lr x 0.9^t, a seventh of itself after one epoch, a ten-thousandth after five, and "
             "the loss stalls "
             "(trainer_state.json)", data="bearing", model="densenet", trainer="hf_state", lr=3e-2,
             schedule="exp_decay", decay_rate=0.9, decay_steps_as_steps=True, epochs=15, shows="plateau",
             expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "stuck_at_chance"),
             causes=_g("lr_too_low", "training_step_bug")),
    Family14("f14_oscillate_sgd_lr_kept_for_adam_restarts_wavenet_lcsv",
             "the SGD recipe's LR 0.1 kept when the optimizer was switched to Adam, under SGDR restarts every 2 "
             "epochs: each restart throws the WaveNet out of its minimum and each anneal brings it back (Lightning "
             "CSV)", data="bearing", model="wavenet", trainer="lightning_csv", lr=0.1, schedule="restarts",
             restart_epochs=2, epochs=16,
             shows="oscillation", expect=(_any("oscillation", "loss_spikes", "noisy_validation", "divergence"),),
             allow=_g("plateau", "still_improving", "generalization_gap", "overfitting", "val_below_train",
                      "train_loss_rebound", "loss_not_decreasing", "underfitting", "nan_inf"),
             causes=_g("lr_too_high", "training_step_bug")),
    Family14("f14_spikes_shard_in_mms2_not_g_densenet_jsonl",
             "in the 10th, 14th and 18th epochs the loader mixes in files exported in mm/s^2 instead of g (x 9810), "
             "every other window of every batch: the loud windows own the batch statistics of the BatchNorm, the "
             "others are squashed, and the loss jumps in those epochs (DenseNet; JSON lines)", data="bearing",
             model="densenet", trainer="jsonl", lr=1e-3, units_epochs=(9, 13, 17),
             epochs=20, shows="loss_spikes", expect=(_any("loss_spikes", "oscillation"),),
             allow=_g("noisy_validation", "train_loss_rebound", "still_improving", "plateau", "val_below_train",
                      "divergence"),
             causes=_g("unnormalized_input", "training_step_bug")),
    Family14("f14_leak_condition_code_channel_wavenet_kcsv",
             "the stacking code kept the file's condition code (N/OR/IR/B as 0-3, from the file name) as a second "
             "input channel, in training and validation; dropout 0.3 and augmentation in training (WaveNet; Keras "
             "CSVLogger)", data="bearing", model="wavenet", trainer="keras_csv", lr=2e-3, code_channel=True,
             dropout=0.3, augment=True, epochs=25, shows="suspected_leakage", expect=(_any("suspected_leakage",),),
             allow=_g("val_below_train", "still_improving", "plateau", "noisy_validation"), causes=_g("data_leakage")),
    Family14("f14_init_linear_normal_std_one_densenet_mlflow",
             "an init_weights() calling nn.init.normal_(m.weight) on every Linear (std 1, not 1/sqrt(fan_in)): "
             "the 256-wide projection before the head gives logits tens of units large, a first cross-entropy many times "
             "ln 4 (Adam at 3e-4; MLflow)", data="bearing", model="densenet", trainer="mlflow_epoch", lr=3e-4,
             init_std_one=True, head_width=256, epochs=10, shows="abnormal_initial_loss",
             expect=(_any("abnormal_initial_loss",),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "plateau", "loss_spikes",
                      "oscillation", "generalization_gap", "overfitting", "loss_metric_disagreement", "underfitting"),
             causes=_g("bad_initialization", "training_step_bug")),
    Family14("f14_valbelow_l2_sum_in_train_loss_densenet_kv",
             "an explicit L2 term 4e-3 x the sum of every weight's square added to the training loss (and so to "
             "the logged train loss), while validation logs the cross-entropy alone (key=value prints)",
             data="bearing", model="densenet", trainer="print_kv", lr=2e-3, l2_in_loss=4e-3, epochs=12,
             shows="val_below_train", expect=(_any("val_below_train",),),
             allow=_g("still_improving", "noisy_validation", "plateau", "abnormal_initial_loss",
                      "loss_metric_disagreement"),
             causes=_g("measurement_offset", "regularization_only_in_training")),
    Family14("f14_noisyval_batchnorm_keras_momentum_densenet_lightning_tb",
             "BatchNorm1d(momentum=0.9) copied from the Keras model (Keras weighs the old statistics 0.9, torch the "
             "new batch): the running statistics are those of the last few training batches, so every epoch's "
             "validation uses other ones (Lightning TensorBoard)", data="bearing", model="densenet",
             trainer="lightning_tb", lr=2e-3, bn_keras_momentum=True, batch=32, n_train=1000, epochs=15,
             log_every=8, shows="noisy_validation", expect=(_any("noisy_validation",),),
             allow=_g("still_improving", "val_below_train", "plateau", "loss_spikes", "oscillation",
                      "generalization_gap", "overfitting"),
             causes=_g("training_step_bug",)),
    Family14("f14_still_argparse_epochs_default_wavenet_wandbcsv",
             "cfg.update(vars(args)) after loading the YAML: argparse's --epochs default of 5 overrides the "
             "config's 40, and the WaveNet stops while learning (the W&B history CSV)", data="bearing",
             model="wavenet", trainer="wandb_csv", lr=3e-4, epochs=40, cli_epochs=5, batch=32,
             shows="still_improving", expect=(_any("still_improving",),),
             allow=_g("noisy_validation", "val_below_train", "underfitting"), causes=_g("insufficient_training")),
    Family14("f14_disagree_sigmoid_kept_on_head_densenet_karpathy",
             "the nn.Sigmoid() of the earlier healthy-vs-faulty model left at the end of the 4-way head: logits in "
             "(0, 1), the cross-entropy cannot go below ln(1 + 3/e) = 0.74 (ln 4 = 1.39) while the argmax is right "
             "(DenseNet; nanoGPT-style prints)", data="bearing", model="densenet", trainer="karpathy",
             sigmoid_out=True, lr=3e-3, epochs=15, log_every=8, shows="loss_metric_disagreement",
             expect=(_any("loss_metric_disagreement", "plateau", "underfitting", "stuck_at_chance"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "loss_not_decreasing",
                      "generalization_gap"),
             causes=_g("label_or_loss_misconfig",)),
    Family14("f14_gap_val_fan_end_sensor_densenet_ignite",
             "validation windows recorded by the fan-end accelerometer (a lower resonance, half the impulse "
             "amplitude), training by the drive-end one (DenseNet; Ignite prints)", data="bearing",
             model="densenet", trainer="ignite", lr=2e-3, val_other_sensor=True, epochs=12, log_every=8,
             shows="generalization_gap", expect=(_any("generalization_gap", "overfitting"),),
             allow=_g("noisy_validation", "plateau", "still_improving", "loss_metric_disagreement", "divergence",
                      "abnormal_initial_loss"),
             causes=_g("distribution_shift",)),
    Family14("f14_rebound_second_campaign_label_map_densenet_torch_tb",
             "from epoch 11 a second recording campaign is mixed in (every other batch) whose label map orders the "
             "inner and outer race the other way: the two classes contradict and the DenseNet's training loss "
             "climbs back (SummaryWriter)", data="bearing", model="densenet", trainer="torch_tb", lr=2e-3,
             relabel_from=10, epochs=18, shows="train_loss_rebound",
             expect=(_any("train_loss_rebound", "divergence", "loss_spikes", "oscillation"),),
             allow=_g("plateau", "noisy_validation", "still_improving", "generalization_gap", "overfitting",
                      "val_below_train", "underfitting", "loss_not_decreasing"),
             causes=_g("noisy_labels", "label_or_loss_misconfig")),
)
