"""The twenty-first generation of model families: tasks, models, optimisers, training setups and writer combinations
that v1-v20 (families.py, families_v2.py .. families_v20.py) did not use, for release 22's honest number.

The label rule, fixed and committed before any full-length run was generated, and never changed to fit a curve:

- ``expect`` is the symptom the injected fault produces by construction (one group; any name in it counts: the names a
  practitioner would accept for the same curve); ``allow`` lists what may also be true of such a run; ``causes`` is the
  injected cause (the top-3 cause metric); ``healthy`` runs must raise no warning at all.
- ``shows`` names the construction check (checks_v21.py), the plain test of the logged numbers a person would do to see
  the fault. A run that fails it did not show its fault: its injection (or, for a healthy run, its tuning) is fixed and
  it is regenerated; a run that still fails is left out of labels.json (labels_failed.json), never relabelled.
- ``context`` (labels.json) is what the person running it knows and could tell lossdoctor, in the schema of
  benchmarks/real_runs/score.py CONTEXT: the task and loss as they would name them, whether it is fine-tuning, whether
  the best checkpoint is restored at the end. It follows from the setup, never from the curve: the person classing
  seismic events says classification with cross-entropy (also where the targets were the automatic classifier's
  posteriors: they believe they train plain cross-entropy on the event types), the person regressing magnitude says
  regression with another loss (BerHu); no run fine-tunes and none restores its best weights.
- lossdoctor's diagnosis is never run on these runs while they are written, tuned and generated; only its reader
  (``lossdoctor.read``) is, to check that every log is read whole.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios import _any, _g
from families_v11 import READER_FOR_V11

READER_FOR_V21 = dict(READER_FOR_V11)
TRAINERS_V21 = tuple(READER_FOR_V21)
STEP_LEVEL_V21 = {"torch_tb", "hf_state", "hf_stdout", "lightning_tb", "lightning_csv", "ignite", "wandb_csv"}

# What a user would say about each task (score.py CONTEXT's task and loss vocabularies).
_CONTEXT = {"quake": ("classification", "cross_entropy"), "magnitude": ("regression", "other")}


@dataclass(frozen=True)
class Family21:
    name: str
    fault: str
    data: str      # quake | magnitude
    model: str     # cfc | mlstm
    trainer: str   # one of TRAINERS_V21
    optimizer: str = "adam"   # adam | adamw | momentum | adapnm | dog
    lr: float = 1e-3
    weight_decay: float = 0.0
    schedule: str = "none"    # none | infinite | rsqrt_cooldown
    warmup: int = 1           # warm-up epochs
    const_ratio: float = 0.3  # infinite: the constant phase's LR over the peak
    epochs: int = 15
    batch: int = 64
    n_train: int = 1500
    n_val: int = 400
    width: int = 32
    dropout: float = 0.0
    gain_aug: bool = False    # a random gain (+-0.3 in log10 amplitude) in training
    frame_dropout: float = 0.0  # share of 1 s frames zeroed per window (every channel), training only
    log_every: int = 10
    eval_every: int = 0       # validate every N steps instead of per epoch
    early_stop: int = 0
    restore_best: bool = False
    clip: float = 0.0         # gradient-norm clipping
    accum: int = 1            # gradient accumulation: micro-batches per optimiser step
    fine_tune: bool = False
    # ---- fault knobs -------------------------------------------------------------------------------------------
    completeness_cut: float = 0.0      # `catalog[catalog.mag >= cfg.mc]` left on the training selection
    local_time_cut: bool = False       # windows cut at UTC origin times on files stamped in local time: noise only
    dog_reset_x0: bool = False         # DoG's reference point x_0 overwritten by every step
    zero_sensitivity: float = 0.0      # share of windows from stations missing from the inventory: sensitivity 0.0
    mag_weights: bool = False          # per-window weights 10 ** magnitude (meant the magnitude)
    const_lr: float = 0.0              # the infinite schedule's constant LR given absolutely (the fault: 3e-7)
    pnm_noise_multiplied: bool = False  # AdaPNM's step multiplied by its noise norm (meant divided)
    gain_db: float = 0.0               # the round-robin list's gain augmentation: amplitude x 10 ** gain_db
    pick_count: bool = False           # the arrival table's pick count per window, one-hot, as constant channels
    fan_out_init: bool = False         # kaiming_normal_(mode='fan_out') on every Linear, the head included
    accum_logged_sum: bool = False     # the logged step loss is the sum of the micro-batch means
    one_day_val: int = 0               # validation = one day's windows (this many)
    killed_at: int = 0                 # the job killed at the cluster's time limit after this many epochs
    auto_posteriors: bool = False      # the automatic classifier's posterior columns as the targets
    geophone_val: bool = False         # validation from the 4.5 Hz geophone network
    auto_append_at: int = 0            # from this epoch the automatic catalogue is appended to the training set
    noise_frames: int = 0              # `x = x[..., :cfg.noise_frames]`: the SNR's pre-event slice kept as x
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
        return "berhu" if self.data == "magnitude" else "ce"

    @property
    def run_epochs(self) -> int:
        """The epochs the loop runs (fewer where the job was killed)."""
        return self.killed_at or self.epochs

    @property
    def gain_epochs(self) -> tuple[int, ...]:
        """The epochs whose round-robin augmentation is the gain (epoch % 4 == 3)."""
        if not self.gain_db:
            return ()
        return tuple(e for e in range(self.run_epochs) if e % 4 == 3)


def context(fam: Family21) -> dict[str, Any]:
    """What the user running this would know and say (score.py CONTEXT): task, loss, fine_tune, best_checkpoint."""
    task, loss = _CONTEXT[fam.data]
    return {"task": task, "loss": loss, "fine_tune": fam.fine_tune, "best_checkpoint": fam.restore_best}


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")


def _healthy(name: str, fault: str, shows: str = "healthy", **kw: Any) -> Family21:
    return Family21(name, fault, healthy=True, allow=_BENIGN, shows=shows, **kw)


FAMILIES_V21: tuple[Family21, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h21_quake_mlstm_adapnm_infinite_kcsv",
             "none: seismic event types (local, blast, regional, long-period) from 3-component band energies, an "
             "mLSTM with AdaPNM under the infinite schedule, Keras' CSVLogger", data="quake", model="mlstm",
             trainer="keras_csv", optimizer="adapnm", lr=2e-3, schedule="infinite", epochs=15),
    _healthy("h21_quake_cfc_dog_infinite_no_warmup_lightning_tb",
             "none: noisy step-level logs: a CfC with DoG under the infinite schedule without its warm-up (DoG sets "
             "its own first steps), Lightning's TensorBoard logger every 10th batch", data="quake", model="cfc",
             trainer="lightning_tb", optimizer="dog", lr=1.0, schedule="infinite", warmup=0, epochs=15),
    _healthy("h21_quake_mlstm_adamw_gain_aug_infinite_wandbcsv",
             "none: the mLSTM with AdamW (weight decay 0.05), a random gain in training and the infinite schedule "
             "at batch 128, the W&B history CSV", data="quake", model="mlstm", trainer="wandb_csv",
             optimizer="adamw", lr=3e-3, weight_decay=0.05, gain_aug=True, schedule="infinite", batch=128,
             epochs=15, log_every=4),
    _healthy("h21_quake_cfc_adam_rsqrt_cooldown_hfcard",
             "none: the CfC with Adam under the rsqrt schedule with a linear cooldown, the model card's results "
             "table", data="quake", model="cfc", trainer="hf_card", lr=3e-3, schedule="rsqrt_cooldown", epochs=12,
             log_every=8),
    _healthy("h21_quake_mlstm_momentum_rsqrt_cooldown_mlflow",
             "none: the mLSTM with SGD momentum under the rsqrt schedule with a linear cooldown, MLflow",
             data="quake", model="mlstm", trainer="mlflow_epoch", optimizer="momentum", lr=0.02, clip=1.0,
             schedule="rsqrt_cooldown", epochs=12),
    _healthy("h21_quake_cfc_adapnm_gain_aug_infinite_karpathy",
             "none: the CfC with AdaPNM and a random gain in training under the infinite schedule, nanoGPT-style "
             "prints", data="quake", model="cfc", trainer="karpathy", optimizer="adapnm", lr=3e-3, gain_aug=True,
             schedule="infinite", epochs=12, log_every=8),
    _healthy("h21_quake_mlstm_dog_val_every_20_hfstate",
             "none: the mLSTM with DoG, validation every 20 steps, trainer_state.json", data="quake", model="mlstm",
             trainer="hf_state", optimizer="dog", lr=1.0, eval_every=20, epochs=10),
    _healthy("h21_magnitude_cfc_adapnm_rsqrt_cooldown_jsonl",
             "none: local magnitude (standardised) with the BerHu loss, the CfC with AdaPNM under the rsqrt "
             "schedule with a linear cooldown, JSON lines", data="magnitude", model="cfc", trainer="jsonl",
             optimizer="adapnm", lr=3e-3, schedule="rsqrt_cooldown", epochs=12, shows="healthy_floor"),
    _healthy("h21_magnitude_mlstm_adam_infinite_savetxt",
             "none: the mLSTM with Adam under the infinite schedule, numpy.savetxt", data="magnitude",
             model="mlstm", trainer="savetxt", lr=2e-3, schedule="infinite", epochs=20, shows="healthy_floor"),
    _healthy("h21_magnitude_mlstm_adamw_batch128_40ep_pandas_tsv",
             "none: a long converged run: the mLSTM with AdamW (weight decay 0.01), 40 epochs at batch 128 under "
             "the infinite schedule, a pandas TSV", data="magnitude", model="mlstm", trainer="pandas_tsv",
             optimizer="adamw", lr=2e-3, weight_decay=0.01, batch=128, schedule="infinite",
             epochs=40, shows="healthy_floor"),
    _healthy("h21_magnitude_cfc_momentum_clip_logging",
             "none: the CfC with SGD momentum, clipping 1.0 and the rsqrt schedule with a linear cooldown, Python "
             "logging lines", data="magnitude", model="cfc", trainer="print_logging", optimizer="momentum",
             lr=0.05, clip=1.0, schedule="rsqrt_cooldown", epochs=12, shows="healthy_floor"),
    _healthy("h21_magnitude_mlstm_adapnm_infinite_batch32_ignite",
             "none: the mLSTM with AdaPNM under the infinite schedule at batch 32 for 20 epochs, Ignite's printed "
             "lines", data="magnitude", model="mlstm", trainer="ignite", optimizer="adapnm", lr=2e-3,
             schedule="infinite", batch=32, epochs=20, log_every=8,
             shows="healthy_floor"),
    _healthy("h21_magnitude_cfc_adam_accum2_batch32_bracket",
             "none: the CfC with Adam at batch 32 with gradient accumulation over 2 micro-batches, hand-written "
             "'[epoch ...]' prints", data="magnitude", model="cfc", trainer="bracket", lr=2e-3, batch=32, accum=2,
             epochs=10, shows="healthy_floor"),
    _healthy("h21_quake_mlstm_adapnm_rsqrt_cooldown_torch_tb",
             "none: the mLSTM with AdaPNM under the rsqrt schedule with a linear cooldown, SummaryWriter",
             data="quake", model="mlstm", trainer="torch_tb", optimizer="adapnm", lr=2e-3,
             schedule="rsqrt_cooldown", epochs=12),
    # ---- faults: one per curve finding ---------------------------------------------------------------------------
    Family21("f21_overfit_completeness_cut_on_training_catalogue_mlstm_kv",
             "the catalogue's completeness cut `catalog[catalog.mag >= cfg.mc]` (mc 1.9, meant for the "
             "Gutenberg-Richter plot) left on the training selection: magnitudes fall off tenfold per unit, so about "
             "1 in 8 windows (~190 of 1500) survive; the mLSTM (width 64) trains on them for 80 epochs at batch 8 "
             "and memorises them, validated on 400 of every magnitude (key=value prints)", data="quake",
             model="mlstm", trainer="print_kv", completeness_cut=1.9, width=64, batch=8, lr=2e-3, epochs=80,
             shows="overfitting", expect=(_any("overfitting", "generalization_gap"),),
             allow=_g("noisy_validation", "still_improving", "plateau", "val_below_train", "loss_spikes"),
             causes=_g("too_little_data", "model_too_large", "insufficient_regularization")),
    Family21("f21_chance_utc_origin_times_on_local_time_files_cfc_fastai",
             "the windows cut at the catalogue's UTC origin times from day files stamped in local time (UTC-8): "
             "every window lies eight hours away from its event and holds background noise only, in training and "
             "in validation, while the event types are right (CfC; fastai's table)", data="quake", model="cfc",
             trainer="fastai", local_time_cut=True, lr=2e-3, epochs=12, shows="stuck_at_chance",
             expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting", "plateau"),),
             allow=_g("noisy_validation", "still_improving", "val_below_train", "generalization_gap", "overfitting"),
             causes=_g("training_step_bug", "label_or_loss_misconfig")),
    Family21("f21_flat_dog_reference_point_reset_every_step_mlstm_hfstdout",
             "a hand-written DoG that stores `state['x0'] = p.clone()` inside the step loop (meant once, at the "
             "first step): the distance it scales the step by is one step's, never grows past r_eps = 1e-6 "
             "(1 + ||x0||), and the mLSTM barely moves (HF-style printed dicts)", data="quake",
             model="mlstm", trainer="hf_stdout", optimizer="dog", lr=1.0, dog_reset_x0=True, epochs=10, log_every=8,
             shows="loss_not_decreasing", expect=(_any("loss_not_decreasing", "plateau", "underfitting"),),
             allow=_g("noisy_validation", "val_below_train", "stuck_at_chance"),
             causes=_g("training_step_bug", "lr_too_low")),
    Family21("f21_nan_zero_sensitivity_missing_stations_cfc_pipe",
             "the counts divided by each station's sensitivity from the inventory, `inv.get(station, 0.0)`: windows "
             "from stations missing from the StationXML (0.5 %) are divided by 0, the band filter spreads the "
             "inf into NaN, and the first batch holding one makes the BerHu loss and every weight NaN ('|' prints)",
             data="magnitude", model="cfc", trainer="print_pipe", zero_sensitivity=0.005, lr=2e-3, epochs=10,
             shows="nan_inf", expect=(_any("nan_inf", "divergence"),), allow=_g("loss_spikes", "still_improving"),
             causes=_g("training_step_bug", "unnormalized_input")),
    Family21("f21_diverge_ten_to_the_magnitude_sample_weights_mlstm_lcsv",
             "per-window weights `10 ** mag` (meant `mag`, to weight large events up) on the BerHu loss: with "
             "Gutenberg-Richter magnitudes the weights run from 10 to 30 000, and SGD momentum at the LR tuned "
             "unweighted (0.02) blows the mLSTM's residual stream up within the first epoch: every logged loss is "
             "NaN (mLSTM; Lightning CSV)", data="magnitude", model="mlstm", trainer="lightning_csv",
             optimizer="momentum", lr=0.02, mag_weights=True, epochs=10, shows="divergence",
             expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
             allow=_g("loss_spikes", "oscillation", "abnormal_initial_loss", "noisy_validation", "generalization_gap",
                      "overfitting", "underfitting", "plateau", "loss_not_decreasing"),
             causes=_g("lr_too_high", "exploding_gradients", "training_step_bug")),
    Family21("f21_plateau_infinite_schedule_constant_lr_typo_mlstm_mlflow",
             "the infinite schedule's constant phase given `const_lr: 3e-7` (the min_lr's value pasted; meant 3e-4): "
             "after a one-epoch warm-up the cosine cool-down takes the LR to 3e-4 of the peak by epoch 5, "
             "and the mLSTM's loss stops where the cool-down left it (MLflow)", data="quake", model="mlstm",
             trainer="mlflow_epoch", lr=1e-3, schedule="infinite", const_lr=3e-7, batch=32, epochs=15,
             shows="plateau", expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "stuck_at_chance"),
             causes=_g("lr_too_low", "training_step_bug")),
    Family21("f21_oscillate_adapnm_noise_norm_multiplied_cfc_kfit",
             "a hand-written AdaPNM whose step is multiplied by its noise norm sqrt((1 + b0)^2 + b0^2) (meant "
             "divided): with b0 = 1 every step is 5x the intended one and the CfC's weights swing through the "
             "minimum and back (Keras fit() stdout)", data="quake", model="cfc", trainer="keras_fit",
             optimizer="adapnm", lr=2e-2, pnm_noise_multiplied=True, batch=16, epochs=12, shows="oscillation",
             expect=(_any("oscillation", "loss_spikes", "noisy_validation", "divergence"),),
             allow=_g("plateau", "still_improving", "generalization_gap", "overfitting", "val_below_train",
                      "train_loss_rebound", "loss_not_decreasing", "underfitting", "stuck_at_chance", "nan_inf"),
             causes=_g("lr_too_high", "training_step_bug")),
    Family21("f21_spikes_round_robin_gain_augmentation_in_db_mlstm_hfstate",
             "the augmentation list run round-robin, `augs[epoch % len(augs)]` (meant a random choice per window), "
             "and its gain written `x * 10 ** cfg.gain_db` (meant `10 ** (db / 20)`) with gain_db 3: in epochs 3, 7 "
             "and 11 every window's amplitude is 1000x, its log energies 6 decades up (trainer_state.json)",
             data="quake", model="mlstm", trainer="hf_state", lr=3e-3, gain_db=3.0, epochs=14, shows="loss_spikes",
             expect=(_any("loss_spikes", "oscillation"),),
             allow=_g("noisy_validation", "train_loss_rebound", "still_improving", "plateau", "val_below_train",
                      "divergence"),
             causes=_g("training_step_bug", "distribution_shift")),
    Family21("f21_leak_station_pick_count_follows_event_type_mlstm_pandas_tsv",
             "the arrival table's pick count at the station (`nass`, meant as a recording-quality feature) joined "
             "in one-hot as four constant channels, in training and validation, while the analysts pick by the "
             "event type they assign (local earthquakes P and S, regional ones Pn, Sn and Lg, blasts P only, "
             "long-period events none); AdamW (weight decay 0.1), dropout 0.5 and 30 % frame dropout in training "
             "(mLSTM; a pandas TSV)", data="quake", model="mlstm", trainer="pandas_tsv", optimizer="adamw", lr=3e-3,
             weight_decay=0.1, pick_count=True, dropout=0.5, frame_dropout=0.3,
             schedule="rsqrt_cooldown", epochs=15, shows="suspected_leakage", expect=(_any("suspected_leakage",),),
             allow=_g("val_below_train", "still_improving", "plateau", "noisy_validation"), causes=_g("data_leakage")),
    Family21("f21_init_kaiming_fan_out_on_every_linear_mlstm_torch_tb",
             "an `init_weights()` copied from a CNN recipe, `kaiming_normal_(w, mode='fan_out', "
             "nonlinearity='relu')` on every Linear: the head's fan_out is 4, its weights std 0.7 over 128 "
             "features of the residual stream, the first logits ~8 apart and the cross-entropy starts many times "
             "ln 4; Adam at 1e-4, batch 128 (mLSTM width 64; SummaryWriter)", data="quake", model="mlstm",
             trainer="torch_tb", fan_out_init=True, width=64, batch=128, lr=1e-4, epochs=10,
             shows="abnormal_initial_loss", expect=(_any("abnormal_initial_loss",),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "plateau", "loss_spikes",
                      "oscillation", "generalization_gap", "overfitting", "loss_metric_disagreement", "underfitting"),
             causes=_g("bad_initialization",)),
    Family21("f21_valbelow_accumulated_micro_batch_losses_summed_cfc_savetxt",
             "gradient accumulation over 4 micro-batches of 16 whose logged step loss is `step_loss += "
             "loss.item()` of the undivided micro-batch means: every logged training loss is 4x the batch's mean "
             "cross-entropy, while validation logs the mean (numpy.savetxt)", data="quake", model="cfc",
             trainer="savetxt", lr=2e-3, accum=4, accum_logged_sum=True, epochs=12, shows="val_below_train",
             expect=(_any("val_below_train",),),
             allow=_g("still_improving", "noisy_validation", "plateau", "loss_metric_disagreement",
                      "suspected_leakage"),
             causes=_g("measurement_offset", "training_step_bug")),
    Family21("f21_noisyval_one_day_of_windows_mlstm_jsonl",
             "the validation split taken as one day of the network, `df[df.time.dt.date == cfg.val_day]`: 12 "
             "windows, and every epoch's val loss moves with a few of them (mLSTM; JSON lines)", data="quake",
             model="mlstm", trainer="jsonl", lr=2e-3, one_day_val=12, epochs=15, shows="noisy_validation",
             expect=(_any("noisy_validation",),),
             allow=_g("still_improving", "val_below_train", "plateau", "loss_spikes", "oscillation",
                      "generalization_gap", "overfitting"),
             causes=_g("small_validation_set",)),
    Family21("f21_still_job_killed_at_time_limit_cfc_bracket",
             "the job killed at the cluster's time limit after epoch 6 of a planned 40 (the requeue never resumed "
             "it): the CfC stops while still learning ('[epoch ...]' prints)", data="quake", model="cfc",
             trainer="bracket", lr=3e-4, epochs=40, killed_at=6, batch=32, log_every=8, shows="still_improving",
             expect=(_any("still_improving",),), allow=_g("noisy_validation", "val_below_train", "underfitting"),
             causes=_g("insufficient_training",)),
    Family21("f21_disagree_automatic_classifier_posteriors_as_targets_mlstm_karpathy",
             "the targets read from the real-time classifier's posterior columns (`df[['p_eq', 'p_qb', 'p_reg', "
             "'p_lp']]`, never above ~0.6) instead of the analysts' event types: the cross-entropy, training and "
             "validation, keeps the posteriors' entropy as its floor while the argmax is right (mLSTM; nanoGPT-style "
             "prints)", data="quake", model="mlstm", trainer="karpathy", auto_posteriors=True, lr=2e-3, batch=32,
             epochs=15, log_every=8, shows="loss_metric_disagreement",
             expect=(_any("loss_metric_disagreement", "plateau", "underfitting", "stuck_at_chance",
                          "loss_not_decreasing"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "generalization_gap"),
             causes=_g("label_or_loss_misconfig",)),
    Family21("f21_gap_val_from_geophone_network_cfc_ignite",
             "validation windows from the short-period network's 4.5 Hz geophones while training saw only "
             "broadband stations: below 4.5 Hz the geophone's response falls with f^2, and the long-period and "
             "regional events' energy goes with it (CfC; Ignite prints)", data="quake", model="cfc", trainer="ignite",
             lr=1e-3, geophone_val=True, epochs=16, log_every=8, shows="generalization_gap",
             expect=(_any("generalization_gap", "overfitting"),),
             allow=_g("noisy_validation", "plateau", "still_improving", "loss_metric_disagreement", "divergence",
                      "abnormal_initial_loss", "stuck_at_chance"),
             causes=_g("distribution_shift",)),
    Family21("f21_rebound_automatic_catalogue_appended_mlstm_logging",
             "from epoch 10 of 16 the training set is `pd.concat([reviewed, automatic])`: the automatic catalogue's "
             "750 windows come with the real-time classifier's event types, 60 % of them wrong, and the converged "
             "mLSTM's training loss climbs back (Python logging lines)", data="quake", model="mlstm",
             trainer="print_logging", lr=2e-3, auto_append_at=10, epochs=16, shows="train_loss_rebound",
             expect=(_any("train_loss_rebound", "divergence", "loss_spikes", "oscillation"),),
             allow=_g("plateau", "noisy_validation", "still_improving", "generalization_gap", "overfitting",
                      "val_below_train", "underfitting"),
             causes=_g("noisy_labels", "training_step_bug")),
    Family21("f21_underfit_noise_window_slice_assigned_to_x_cfc_kjson",
             "the pre-event slice for the SNR estimate written `x = x[..., :cfg.noise_frames]` (meant `noise = "
             "...`): the CfC sees only the first 3 s of each window, before any P onset (3-6 s), where only what "
             "the band filters' ringing carries of each event is left to tell the event types apart (Keras History "
             "JSON)", data="quake",
             model="cfc", trainer="keras_json", noise_frames=3, lr=1e-3, epochs=12, shows="underfitting",
             expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
             allow=_g("noisy_validation", "val_below_train", "still_improving"),
             causes=_g("training_step_bug",)),
)
