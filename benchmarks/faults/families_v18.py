"""The eighteenth generation of model families: tasks, models, optimisers, training setups and writer combinations
that v1-v17 (families.py, families_v2.py .. families_v17.py) did not use, for release 19's honest number.

The label rule, fixed and committed before any full-length run was generated, and never changed to fit a curve:

- ``expect`` is the symptom the injected fault produces by construction (one group; any name in it counts: the names a
  practitioner would accept for the same curve); ``allow`` lists what may also be true of such a run; ``causes`` is the
  injected cause (the top-3 cause metric); ``healthy`` runs must raise no warning at all.
- ``shows`` names the construction check (checks_v18.py), the plain test of the logged numbers a person would do to see
  the fault. A run that fails it did not show its fault: its injection (or, for a healthy run, its tuning) is fixed and
  it is regenerated; a run that still fails is left out of labels.json (labels_failed.json), never relabelled.
- ``context`` (labels.json) is what the person running it knows and could tell lossdoctor, in the schema of
  benchmarks/real_runs/score.py CONTEXT: the task and loss as they would name them, whether it is fine-tuning, whether
  the best checkpoint is restored at the end. It follows from the setup, never from the curve: the person classing
  beats says classification with cross-entropy (also where label smoothing or a temperature sneaked in: they believe
  it is plain cross-entropy), the person measuring QT intervals says regression with another loss (Charbonnier);
  the run whose gradual unfreezing is inverted is a fine-tuning run in its user's eyes (fine_tune true).
- lossdoctor's diagnosis is never run on these runs while they are written, tuned and generated; only its reader
  (``lossdoctor.read``) is, to check that every log is read whole.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios import _any, _g
from families_v11 import READER_FOR_V11

READER_FOR_V18 = dict(READER_FOR_V11)
TRAINERS_V18 = tuple(READER_FOR_V18)
STEP_LEVEL_V18 = {"torch_tb", "hf_state", "hf_stdout", "lightning_tb", "lightning_csv", "ignite", "wandb_csv"}

# What a user would say about each task (score.py CONTEXT's task and loss vocabularies).
_CONTEXT = {"ecg": ("classification", "cross_entropy"), "qt": ("regression", "other")}


@dataclass(frozen=True)
class Family18:
    name: str
    fault: str
    data: str      # ecg | qt
    model: str     # resnext | ecanet
    trainer: str   # one of TRAINERS_V18
    optimizer: str = "adam"   # adam | adamw | momentum | nero | sm3
    lr: float = 1e-3
    weight_decay: float = 0.0
    schedule: str = "none"    # none | stlr | sigmoid
    epochs: int = 15
    batch: int = 64
    n_train: int = 900
    n_val: int = 300
    width: int = 32
    dropout: float = 0.0
    jitter: float = 0.0       # training-only Gaussian noise (mV)
    log_every: int = 10
    eval_every: int = 0       # validate every N steps instead of per epoch
    early_stop: int = 0       # patience in epochs, on the validation loss
    min_delta: float = 0.0    # the smallest val-loss fall that counts as an improvement
    restore_best: bool = False
    clip: float = 0.0         # gradient-norm clipping
    label_smoothing: float = 0.0
    temperature: float = 1.0  # logits divided by this
    fine_tune: bool = False
    # ---- fault knobs -------------------------------------------------------------------------------------------
    one_per_patient: bool = False       # `df.drop_duplicates("patient_id")` meant `("beat_id")`
    unseeded_split: bool = False        # X and y split by two train_test_split calls without a random_state
    model_built_twice: bool = False     # the optimiser holds the parameters of a model built before the one trained
    log_target: bool = False            # the QT target log-transformed, missing intervals exported as 0
    missing_qt: float = 0.0
    sum_reduction: bool = False         # reduction="sum" with an LR tuned for the mean
    freeze_from: int = 0                # gradual unfreezing inverted: every layer frozen from this epoch on
    polarity_epochs: bool = False       # odd epochs read the second device's files, its lead wired inverted
    raw_epochs: tuple[int, ...] = ()    # the cache rebuilt from raw ADC counts, unfiltered, in these epochs
    template_channel: bool = False      # the annotated class's template as a second input channel
    val_double_mean: bool = False       # the validation batch mean divided by the batch size again
    val_subsample: int = 0              # validation on this many beats re-drawn every epoch
    val_125hz: bool = False             # validation beats from a 125 Hz device read as 250 Hz
    resume_at: int = 0                  # resumed here; `model.apply(weights_init)` runs after the load
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
        return "charbonnier" if self.data == "qt" else "ce"


def context(fam: Family18) -> dict[str, Any]:
    """What the user running this would know and say (score.py CONTEXT): task, loss, fine_tune, best_checkpoint."""
    task, loss = _CONTEXT[fam.data]
    return {"task": task, "loss": loss, "fine_tune": fam.fine_tune, "best_checkpoint": fam.restore_best}


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")


def _healthy(name: str, fault: str, shows: str = "healthy", **kw: Any) -> Family18:
    return Family18(name, fault, healthy=True, allow=_BENIGN, shows=shows, **kw)


FAMILIES_V18: tuple[Family18, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h18_ecg_resnext_nero_stlr_kcsv",
             "none: Holter beats classed N / PVC / LBBB / RBBB, a ResNeXt-1D (cardinality 8) with Nero (lr 0.01) "
             "under the slanted triangular schedule, Keras' CSVLogger", data="ecg", model="resnext",
             trainer="keras_csv", optimizer="nero", lr=0.01, schedule="stlr", epochs=12),
    _healthy("h18_ecg_ecanet_sm3_sigmoid_lightning_tb",
             "none: noisy step-level logs: an ECA-Net-1D with SM3 under the logistic decay, Lightning's TensorBoard "
             "logger every 10th batch", data="ecg", model="ecanet", trainer="lightning_tb", optimizer="sm3",
             lr=0.02, schedule="sigmoid", epochs=12),
    _healthy("h18_ecg_resnext_adamw_sigmoid_batch128_wandbcsv",
             "none: the ResNeXt with AdamW (weight decay 0.05) under the logistic decay at batch 128, the W&B history "
             "CSV", data="ecg", model="resnext", trainer="wandb_csv", optimizer="adamw", lr=3e-3, weight_decay=0.05,
             schedule="sigmoid", batch=128, epochs=15, log_every=4),
    _healthy("h18_ecg_ecanet_momentum_stlr_hfcard",
             "none: the ECA-Net with SGD momentum under the slanted triangular schedule, the model card's results "
             "table", data="ecg", model="ecanet", trainer="hf_card", optimizer="momentum", lr=0.05, schedule="stlr",
             epochs=15, log_every=8),
    _healthy("h18_ecg_resnext_adam_earlystop_mindelta_mlflow",
             "none: the ResNeXt with Adam, early stopping on the validation loss (patience 3, min_delta 0.001), "
             "MLflow", data="ecg", model="resnext", trainer="mlflow_epoch", lr=1e-3, early_stop=3,
             min_delta=0.001, schedule="sigmoid", epochs=20, shows="healthy_floor"),
    _healthy("h18_ecg_ecanet_adam_jitter_karpathy",
             "none: the ECA-Net with Adam and training-only Gaussian noise (0.05 mV), nanoGPT-style prints",
             data="ecg", model="ecanet", trainer="karpathy", lr=2e-3, jitter=0.05, schedule="stlr", epochs=12,
             log_every=8),
    _healthy("h18_ecg_resnext_sm3_stlr_val_every_20_hfstate",
             "none: the ResNeXt with SM3 under the slanted triangular schedule, validation every 20 steps, "
             "trainer_state.json", data="ecg", model="resnext", trainer="hf_state", optimizer="sm3", lr=0.02,
             schedule="stlr", eval_every=20, epochs=10),
    _healthy("h18_qt_resnext_nero_sigmoid_jsonl",
             "none: QT intervals (ms) from normal beats with the Charbonnier loss, the ResNeXt with Nero under the "
             "logistic decay, JSON lines", data="qt", model="resnext", trainer="jsonl", optimizer="nero", lr=0.03,
             schedule="sigmoid", epochs=15, shows="healthy_floor"),
    _healthy("h18_qt_resnext_adam_stlr_savetxt",
             "none: the ResNeXt with Adam under the slanted triangular schedule, numpy.savetxt", data="qt",
             model="resnext", trainer="savetxt", lr=2e-3, schedule="stlr", epochs=12, shows="healthy_floor"),
    _healthy("h18_qt_ecanet_adam_batch128_40ep_pandas_tsv",
             "none: a long converged run: the ECA-Net with Adam, 40 epochs at batch 128 under the logistic decay, a "
             "pandas TSV", data="qt", model="ecanet", trainer="pandas_tsv", lr=2e-3, batch=128, schedule="sigmoid",
             epochs=40, shows="healthy_floor"),
    _healthy("h18_qt_resnext_momentum_clip_logging",
             "none: the ResNeXt with SGD momentum, clipping 1.0 and the slanted triangular schedule, Python logging "
             "lines", data="qt", model="resnext", trainer="print_logging", optimizer="momentum", lr=0.01, clip=1.0,
             schedule="stlr", epochs=12, shows="healthy_floor"),
    _healthy("h18_qt_resnext_adamw_earlystop_ignite",
             "none: the ResNeXt with AdamW under the logistic decay, early stopping (patience 4, the last weights "
             "kept), Ignite's printed lines", data="qt", model="resnext", trainer="ignite", optimizer="adamw",
             lr=2e-3, weight_decay=0.01, schedule="sigmoid", early_stop=4, epochs=20, log_every=8,
             shows="healthy_floor"),
    _healthy("h18_qt_ecanet_sm3_stlr_batch32_bracket",
             "none: the ECA-Net with SM3 under the slanted triangular schedule at batch 32, hand-written "
             "'[epoch ...]' prints", data="qt", model="ecanet", trainer="bracket", optimizer="sm3", lr=0.01,
             schedule="stlr", batch=32, epochs=10, shows="healthy_floor"),
    _healthy("h18_ecg_ecanet_nero_sigmoid_torch_tb",
             "none: the ECA-Net with Nero under the logistic decay, SummaryWriter", data="ecg", model="ecanet",
             trainer="torch_tb", optimizer="nero", lr=0.03, schedule="sigmoid", epochs=12),
    # ---- faults: one per curve finding ---------------------------------------------------------------------------
    Family18("f18_overfit_drop_duplicates_patient_id_resnext_kv",
             "`df.drop_duplicates('patient_id')` (meant 'beat_id') in the training table keeps one beat per "
             "patient: the ResNeXt (width 64) trains on 30 beats for 60 epochs at batch 8 and memorises them, "
             "validated on 300 beats of other patients (key=value prints)", data="ecg", model="resnext",
             trainer="print_kv", one_per_patient=True, width=64, batch=8, lr=2e-3, epochs=60, shows="overfitting",
             expect=(_any("overfitting", "generalization_gap"),),
             allow=_g("noisy_validation", "still_improving", "plateau", "val_below_train", "loss_spikes"),
             causes=_g("too_little_data", "model_too_large", "insufficient_regularization")),
    Family18("f18_chance_unseeded_separate_train_test_split_ecanet_fastai",
             "`X_tr, X_va = train_test_split(X, test_size=0.25)` and `y_tr, y_va = train_test_split(y, "
             "test_size=0.25)` as two calls without a random_state: every beat carries another beat's label, in "
             "training and validation (ECA-Net; fastai's table)", data="ecg", model="ecanet", trainer="fastai",
             unseeded_split=True, lr=1e-3, epochs=12, shows="stuck_at_chance",
             expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting", "plateau"),),
             allow=_g("overfitting", "generalization_gap", "noisy_validation", "still_improving", "val_below_train"),
             causes=_g("label_or_loss_misconfig", "noisy_labels", "training_step_bug")),
    Family18("f18_flat_optimizer_on_model_built_before_rebuild_ecanet_hfstdout",
             "the optimiser is built on `model`, then `model = build_model(cfg)` runs again after the summary "
             "printout: the optimiser holds the first model's parameters and the trained ECA-Net never moves "
             "(HF-style printed dicts)", data="qt", model="ecanet", trainer="hf_stdout", lr=2e-3,
             model_built_twice=True, epochs=10, log_every=8, shows="loss_not_decreasing",
             expect=(_any("loss_not_decreasing", "plateau", "underfitting"),),
             allow=_g("noisy_validation", "val_below_train"), causes=_g("training_step_bug", "lr_too_low")),
    Family18("f18_nan_missing_qt_zero_log_target_resnext_pipe",
             "missing QT intervals exported as 0 and the target log-transformed: log(0) = -inf for 2 % of the "
             "training beats, and the first batch holding one makes the ResNeXt's loss and weights NaN "
             "('|' prints)", data="qt", model="resnext", trainer="print_pipe", log_target=True, missing_qt=0.02, lr=2e-3,
             epochs=10, shows="nan_inf", expect=(_any("nan_inf", "divergence"),),
             allow=_g("loss_spikes", "still_improving"), causes=_g("training_step_bug", "label_or_loss_misconfig")),
    Family18("f18_diverge_sum_reduction_with_mean_lr_ecanet_lcsv",
             "the loss changed to `reduction='sum'` (to weight by batch size) while SGD momentum keeps the LR tuned "
             "for the mean (0.04): every step is 64 times too long and the ECA-Net's loss climbs away (Lightning "
             "CSV)", data="ecg", model="ecanet", trainer="lightning_csv", optimizer="momentum", lr=0.04,
             sum_reduction=True, epochs=10, shows="divergence",
             expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
             allow=_g("loss_spikes", "oscillation", "abnormal_initial_loss", "noisy_validation", "generalization_gap",
                      "overfitting", "stuck_at_chance", "underfitting", "plateau", "loss_not_decreasing"),
             causes=_g("lr_too_high", "training_step_bug")),
    Family18("f18_plateau_gradual_unfreezing_condition_inverted_ecanet_mlflow",
             "gradual unfreezing written as `p.requires_grad = epoch < cfg.unfreeze_epoch` (meant >=): every layer "
             "of the ECA-Net trains for 3 epochs and is frozen from the 4th on, and the loss stops where it was "
             "(MLflow)", data="ecg", model="ecanet", trainer="mlflow_epoch", lr=2e-3, freeze_from=3, epochs=15,
             fine_tune=True, shows="plateau", expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "stuck_at_chance"),
             causes=_g("training_step_bug", "lr_too_low")),
    Family18("f18_oscillate_second_device_inverted_lead_odd_epochs_ecanet_kfit",
             "the loader globs `dirs[epoch % 2]`, alternating two Holter devices' exports, and the second device's "
             "lead is wired the other way round (every beat inverted): the ECA-Net is pulled between the two "
             "polarities and the epoch's loss jumps up and down (Keras fit() stdout)", data="ecg", model="ecanet",
             trainer="keras_fit", lr=1e-2, batch=32, polarity_epochs=True, epochs=15, shows="oscillation",
             expect=(_any("oscillation", "loss_spikes", "noisy_validation", "divergence"),),
             allow=_g("plateau", "still_improving", "generalization_gap", "overfitting", "val_below_train",
                      "train_loss_rebound", "loss_not_decreasing", "underfitting"),
             causes=_g("distribution_shift", "training_step_bug")),
    Family18("f18_spikes_cache_rebuilt_from_raw_counts_ecanet_hfstate",
             "the feature cache is rebuilt every 4th epoch (`if epoch % 4 == 0 and epoch: cache = load_raw()`), and "
             "the rebuild path skips the baseline filter and the ADC-count-to-mV conversion: in the 5th, 9th and "
             "13th epochs the ECA-Net sees unfiltered beats at twice the scale with their electrode offsets "
             "(trainer_state.json)", data="ecg", model="ecanet", trainer="hf_state", lr=2e-3,
             raw_epochs=(4, 8, 12), epochs=16, shows="loss_spikes", expect=(_any("loss_spikes", "oscillation"),),
             allow=_g("noisy_validation", "train_loss_rebound", "still_improving", "plateau", "val_below_train",
                      "divergence"),
             causes=_g("unnormalized_input", "training_step_bug")),
    Family18("f18_leak_annotated_class_template_channel_resnext_pandas_tsv",
             "the template-correlation feature is built against the template of the beat's annotated class (the "
             "label) instead of the best-matching one, and enters as a second input channel in training and "
             "validation; dropout 0.3 and jitter in training, the logistic decay (ResNeXt; a pandas TSV)", data="ecg", model="resnext",
             trainer="pandas_tsv", lr=5e-3, template_channel=True, dropout=0.3, jitter=0.1, schedule="sigmoid",
             epochs=20,
             shows="suspected_leakage", expect=(_any("suspected_leakage",),),
             allow=_g("val_below_train", "still_improving", "plateau", "noisy_validation"), causes=_g("data_leakage")),
    Family18("f18_init_contrastive_temperature_on_logits_resnext_torch_tb",
             "`logits / cfg.temperature` with temperature 0.01 inherited from the contrastive pre-training config: "
             "the ResNeXt's first logits are 100 times too large and the cross-entropy starts many times ln 4 "
             "(SummaryWriter)", data="ecg", model="resnext", trainer="torch_tb", lr=1e-3, temperature=0.01,
             epochs=10, shows="abnormal_initial_loss", expect=(_any("abnormal_initial_loss",),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "plateau", "loss_spikes",
                      "oscillation", "generalization_gap", "overfitting", "loss_metric_disagreement", "underfitting"),
             causes=_g("bad_initialization", "label_or_loss_misconfig")),
    Family18("f18_valbelow_val_loss_divided_by_batch_twice_resnext_savetxt",
             "the validation loop adds `loss.item() / len(batch)` (the batch mean divided again) and then divides "
             "by the set's size: the logged val loss is 64 times too small (ResNeXt; numpy.savetxt)", data="ecg",
             model="resnext", trainer="savetxt", lr=2e-3, val_double_mean=True, epochs=12, shows="val_below_train",
             expect=(_any("val_below_train",),),
             allow=_g("still_improving", "noisy_validation", "plateau", "loss_metric_disagreement",
                      "suspected_leakage"),
             causes=_g("training_step_bug", "measurement_offset")),
    Family18("f18_noisyval_random_16_beat_subsample_each_epoch_resnext_jsonl",
             "`val = random.sample(val_beats, 16)` inside the epoch loop, to make validation fast: every epoch "
             "is scored on 16 other beats (ResNeXt; JSON lines)", data="ecg", model="resnext", trainer="jsonl",
             lr=2e-3, val_subsample=16, schedule="sigmoid", epochs=15, shows="noisy_validation",
             expect=(_any("noisy_validation",),),
             allow=_g("still_improving", "val_below_train", "plateau", "loss_spikes", "oscillation",
                      "generalization_gap", "overfitting"),
             causes=_g("small_validation_set", "training_step_bug")),
    Family18("f18_still_earlystop_absolute_min_delta_ecanet_bracket",
             "`EarlyStopping(min_delta=0.05, patience=2)` copied from a run whose loss was 10 times larger: the "
             "ECA-Net's validation loss (0.1-0.3 at the end) falls by less than 0.05 an epoch, no fall counts "
             "as an improvement, and training stops while it is still learning ('[epoch ...]' prints)", data="ecg", model="ecanet",
             trainer="bracket", lr=1e-3, early_stop=2, min_delta=0.05, epochs=40, log_every=8,
             shows="still_improving", expect=(_any("still_improving",),),
             allow=_g("noisy_validation", "val_below_train", "underfitting"), causes=_g("insufficient_training",)),
    Family18("f18_disagree_label_smoothing_mixup_key_swap_resnext_karpathy",
             "the config's keys swapped (`label_smoothing: 0.6`, `mixup_alpha: 0.1`): the cross-entropy against "
             "targets of 0.55 / 0.15 cannot go below their entropy (~1.18, ln 4 = 1.39) while the argmax is right "
             "(ResNeXt; nanoGPT-style prints)", data="ecg", model="resnext", trainer="karpathy",
             label_smoothing=0.6, lr=2e-3, epochs=15, log_every=8, shows="loss_metric_disagreement",
             expect=(_any("loss_metric_disagreement", "plateau", "underfitting", "stuck_at_chance",
                          "loss_not_decreasing"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "generalization_gap"),
             causes=_g("label_or_loss_misconfig",)),
    Family18("f18_gap_val_125hz_device_not_resampled_ecanet_ignite",
             "the validation beats come from the second hospital's 125 Hz recorder and are read as 250 Hz without "
             "resampling: every validation beat is half as wide as the training beats (ECA-Net; Ignite prints)",
             data="ecg", model="ecanet", trainer="ignite", lr=2e-3, val_125hz=True, epochs=12, log_every=8,
             shows="generalization_gap", expect=(_any("generalization_gap", "overfitting"),),
             allow=_g("noisy_validation", "plateau", "still_improving", "loss_metric_disagreement", "divergence",
                      "abnormal_initial_loss", "stuck_at_chance"),
             causes=_g("distribution_shift", "training_step_bug")),
    Family18("f18_rebound_weights_init_after_checkpoint_load_ecanet_logging",
             "the run resumed at epoch 10: `model.load_state_dict(ckpt)` then `model.apply(weights_init)` (the "
             "build function's order), so the ECA-Net goes on from fresh He-initialised weights under the logistic "
             "decay's small LR (Python logging lines)", data="ecg", model="ecanet", trainer="print_logging",
             lr=2e-3, schedule="sigmoid", resume_at=10, epochs=15, shows="train_loss_rebound",
             expect=(_any("train_loss_rebound", "divergence", "loss_spikes", "oscillation"),),
             allow=_g("plateau", "noisy_validation", "still_improving", "generalization_gap", "overfitting",
                      "val_below_train", "underfitting", "loss_not_decreasing", "stuck_at_chance"),
             causes=_g("training_step_bug", "bad_initialization")),
    Family18("f18_underfit_dropout_keep_prob_ported_as_p_resnext_kjson",
             "a TF1 model's `keep_prob=0.1` (meant: drop 10 %) ported to `nn.Dropout(p=0.9)` before the head: the ResNeXt (width 16) barely learns through it (Keras History JSON)",
             data="ecg", model="resnext", trainer="keras_json", dropout=0.9, width=16, lr=5e-4, epochs=12,
             shows="underfitting",
             expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
             allow=_g("noisy_validation", "val_below_train", "still_improving"),
             causes=_g("over_regularization",)),
)
