"""The twentieth generation of model families: tasks, models, optimisers, training setups and writer combinations
that v1-v19 (families.py, families_v2.py .. families_v19.py) did not use, for release 21's honest number.

The label rule, fixed and committed before any full-length run was generated, and never changed to fit a curve:

- ``expect`` is the symptom the injected fault produces by construction (one group; any name in it counts: the names a
  practitioner would accept for the same curve); ``allow`` lists what may also be true of such a run; ``causes`` is the
  injected cause (the top-3 cause metric); ``healthy`` runs must raise no warning at all.
- ``shows`` names the construction check (checks_v20.py), the plain test of the logged numbers a person would do to see
  the fault. A run that fails it did not show its fault: its injection (or, for a healthy run, its tuning) is fixed and
  it is regenerated; a run that still fails is left out of labels.json (labels_failed.json), never relabelled.
- ``context`` (labels.json) is what the person running it knows and could tell lossdoctor, in the schema of
  benchmarks/real_runs/score.py CONTEXT: the task and loss as they would name them, whether it is fine-tuning, whether
  the best checkpoint is restored at the end. It follows from the setup, never from the curve: the person classing
  crop types says classification with cross-entropy (also where the hard-label term took distillation's T^2 and
  1/T or an auxiliary loss went into the logged loss: they believe it is plain cross-entropy), the person predicting
  yield says regression with another loss (LINEX); no run fine-tunes (fine_tune false: the rebound run's second phase
  continues its own training) and none restores its best weights (best_checkpoint false).
- lossdoctor's diagnosis is never run on these runs while they are written, tuned and generated; only its reader
  (``lossdoctor.read``) is, to check that every log is read whole.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios import _any, _g
from families_v11 import READER_FOR_V11

READER_FOR_V20 = dict(READER_FOR_V11)
TRAINERS_V20 = tuple(READER_FOR_V20)
STEP_LEVEL_V20 = {"torch_tb", "hf_state", "hf_stdout", "lightning_tb", "lightning_csv", "ignite", "wandb_csv"}

# What a user would say about each task (score.py CONTEXT's task and loss vocabularies).
_CONTEXT = {"crop": ("classification", "cross_entropy"), "yield": ("regression", "other")}


@dataclass(frozen=True)
class Family20:
    name: str
    fault: str
    data: str      # crop | yield
    model: str     # ltae | indrnn
    trainer: str   # one of TRAINERS_V20
    optimizer: str = "adam"   # adam | adamw | momentum | adai | swats
    lr: float = 1e-3
    weight_decay: float = 0.0
    schedule: str = "none"    # none | warmup_multistep | kdecay
    warmup: int = 2           # warmup_multistep: warm-up epochs
    k: float = 2.0            # kdecay: the power on the progress
    epochs: int = 15
    batch: int = 64
    n_train: int = 1500
    n_val: int = 400
    width: int = 32
    dropout: float = 0.0
    date_dropout: float = 0.0  # share of acquisitions dropped (zeroed) per parcel (training only)
    band_noise: float = 0.0    # Gaussian reflectance noise added in training
    log_every: int = 10
    eval_every: int = 0        # validate every N steps instead of per epoch
    early_stop: int = 0
    restore_best: bool = False
    clip: float = 0.0          # gradient-norm clipping
    fine_tune: bool = False
    switch_eps: float = 1e-5   # SWATS' switch test
    # ---- fault knobs -------------------------------------------------------------------------------------------
    float_id_join: bool = False        # labels joined on parcel ids stored as float32: 1 in 8 survives the join
    sorted_apart: bool = False         # features sorted by parcel area, labels left in file order
    no_grad_step: bool = False         # `@torch.no_grad()` on train_step, `loss.requires_grad_()` to silence backward
    nodata_dates: float = 0.0          # share of no-data dates (0 in every band) under an unguarded NDVI band
    pixel_scaling: int = 0             # the linear scaling rule fed pixels per batch (batch x this) instead of parcels
    min_lr_after_warmup: float = 0.0   # warm-up's else branch returns cfg.min_lr (meant cfg.lr) x gamma^k
    swats_drop_beta: bool = False      # SWATS' SGD phase without its (1 - beta1)
    cloud_every: int = 0               # synthetic clouds in epochs where `epoch % cfg.cloud_every == 0` (meant //)
    declared_crop: bool = False        # the farmer's declared crop as an input channel
    bias_from_counts: bool = False     # the head's bias set to the class counts (meant log priors)
    aux_weight: float = 0.0            # deep-supervision loss added to the logged training loss only
    int_test_size: bool = False        # `train_test_split(test_size=10)`: ten validation parcels
    debug_epochs: int = 0              # `{**full, **debug}`: the debug profile's epochs win
    temperature: float = 1.0           # the hard-label loss as T^2 CE(logits / T, y), the distillation term's form
    val_sowing_shift: float = 0.0      # validation from a season sown this many days later, dates by index
    phase2_at: int = 0                 # a second phase from here, a fresh optimiser
    phase2_lr: float = 0.0             # ... built with `cfg.lr_peak` (meant `cfg.lr_phase2`)
    double_scaled: bool = False        # reflectances divided by 10 000 twice
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
        return "linex" if self.data == "yield" else "ce"

    @property
    def run_epochs(self) -> int:
        """The epochs the loop runs (the debug profile's where its merge won)."""
        return self.debug_epochs or self.epochs

    @property
    def cloud_epochs(self) -> tuple[int, ...]:
        """The epochs after the first that the `%` curriculum clouds."""
        if not self.cloud_every:
            return ()
        return tuple(e for e in range(1, self.run_epochs) if e % self.cloud_every == 0)


def context(fam: Family20) -> dict[str, Any]:
    """What the user running this would know and say (score.py CONTEXT): task, loss, fine_tune, best_checkpoint."""
    task, loss = _CONTEXT[fam.data]
    return {"task": task, "loss": loss, "fine_tune": fam.fine_tune, "best_checkpoint": fam.restore_best}


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")


def _healthy(name: str, fault: str, shows: str = "healthy", **kw: Any) -> Family20:
    return Family20(name, fault, healthy=True, allow=_BENIGN, shows=shows, **kw)


FAMILIES_V20: tuple[Family20, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h20_crop_ltae_adai_warmup_multistep_kcsv",
             "none: crop types from 12-date, 10-band parcel time series, an L-TAE with Adai under Goyal's warm-up "
             "and multi-step decay, clipping 1.0, Keras' CSVLogger", data="crop", model="ltae", trainer="keras_csv",
             optimizer="adai", lr=0.3, clip=1.0, schedule="warmup_multistep", epochs=20),
    _healthy("h20_crop_indrnn_swats_kdecay_lightning_tb",
             "none: noisy step-level logs: an IndRNN with SWATS under the k-decay cosine, Lightning's TensorBoard "
             "logger every 10th batch", data="crop", model="indrnn", trainer="lightning_tb", optimizer="swats",
             lr=3e-3, schedule="kdecay", epochs=12),
    _healthy("h20_crop_ltae_adamw_date_dropout_kdecay_wandbcsv",
             "none: the L-TAE with AdamW (weight decay 0.05), 20 % of the dates dropped in training and the k-decay "
             "cosine at batch 128, the W&B history CSV", data="crop", model="ltae", trainer="wandb_csv",
             optimizer="adamw", lr=3e-3, weight_decay=0.05, date_dropout=0.2, schedule="kdecay", batch=128,
             epochs=15, log_every=4),
    _healthy("h20_crop_indrnn_adam_warmup_multistep_hfcard",
             "none: the IndRNN with Adam under the warm-up multi-step schedule, the model card's results table",
             data="crop", model="indrnn", trainer="hf_card", lr=3e-3, schedule="warmup_multistep", epochs=12,
             log_every=8),
    _healthy("h20_crop_ltae_momentum_kdecay_mlflow",
             "none: the L-TAE with SGD momentum under the k-decay cosine, MLflow", data="crop", model="ltae",
             trainer="mlflow_epoch", optimizer="momentum", lr=0.05, schedule="kdecay", epochs=12),
    _healthy("h20_crop_indrnn_adai_band_noise_karpathy",
             "none: the IndRNN with Adai and reflectance noise (0.01) in training, nanoGPT-style prints",
             data="crop", model="indrnn", trainer="karpathy", optimizer="adai", lr=0.3, band_noise=0.01,
             schedule="kdecay", epochs=12, log_every=8),
    _healthy("h20_crop_ltae_swats_warmup_multistep_val_every_20_hfstate",
             "none: the L-TAE with SWATS under the warm-up multi-step schedule, validation every 20 steps, "
             "trainer_state.json", data="crop", model="ltae", trainer="hf_state", optimizer="swats", lr=3e-3,
             schedule="warmup_multistep", eval_every=20, epochs=10),
    _healthy("h20_yield_indrnn_adai_kdecay_jsonl",
             "none: parcel yield (standardised) with the LINEX loss, the IndRNN with Adai under the k-decay cosine, "
             "JSON lines", data="yield", model="indrnn", trainer="jsonl", optimizer="adai", lr=0.1,
             schedule="kdecay", epochs=12, shows="healthy_floor"),
    _healthy("h20_yield_ltae_adam_warmup_multistep_savetxt",
             "none: the L-TAE with Adam under the warm-up multi-step schedule, numpy.savetxt", data="yield",
             model="ltae", trainer="savetxt", lr=2e-3, schedule="warmup_multistep", epochs=12,
             shows="healthy_floor"),
    _healthy("h20_yield_ltae_adamw_date_dropout_batch128_40ep_pandas_tsv",
             "none: a long converged run: the L-TAE with AdamW and date dropout, 40 epochs at batch 128 under the "
             "k-decay cosine, a pandas TSV", data="yield", model="ltae", trainer="pandas_tsv", optimizer="adamw",
             lr=2e-3, weight_decay=0.01, date_dropout=0.1, batch=128, schedule="kdecay", epochs=40,
             shows="healthy_floor"),
    _healthy("h20_yield_indrnn_momentum_clip_logging",
             "none: the IndRNN with SGD momentum, clipping 1.0 and the warm-up multi-step schedule, Python logging "
             "lines", data="yield", model="indrnn", trainer="print_logging", optimizer="momentum", lr=0.05, clip=1.0,
             schedule="warmup_multistep", epochs=12, shows="healthy_floor"),
    _healthy("h20_yield_ltae_swats_kdecay_ignite",
             "none: the L-TAE with SWATS under the k-decay cosine, Ignite's printed lines", data="yield",
             model="ltae", trainer="ignite", optimizer="swats", lr=2e-3, schedule="kdecay", epochs=12, log_every=8,
             shows="healthy_floor"),
    _healthy("h20_yield_indrnn_adam_warmup_multistep_batch32_bracket",
             "none: the IndRNN with Adam under the warm-up multi-step schedule at batch 32, hand-written "
             "'[epoch ...]' prints", data="yield", model="indrnn", trainer="bracket", lr=2e-3,
             schedule="warmup_multistep", batch=32, epochs=10, shows="healthy_floor"),
    _healthy("h20_crop_ltae_adai_kdecay_torch_tb",
             "none: the L-TAE with Adai under the k-decay cosine, SummaryWriter", data="crop", model="ltae",
             trainer="torch_tb", optimizer="adai", lr=0.3, schedule="kdecay", epochs=12),
    # ---- faults: one per curve finding ---------------------------------------------------------------------------
    Family20("f20_overfit_float32_parcel_id_inner_join_ltae_kv",
             "the survey labels joined to the parcels on `parcel_id`, which the label table stored as float32: ids "
             "between 2^26 and 2^27 keep only multiples of 8 exactly, so the inner join keeps about 1 in 8 parcels "
             "(~190 of 1500); the L-TAE (width 64) trains on them for 100 epochs at batch 8 and memorises them, "
             "validated on 400 (key=value prints)", data="crop", model="ltae", trainer="print_kv",
             float_id_join=True, width=64, batch=8, lr=3e-3, epochs=100, shows="overfitting",
             expect=(_any("overfitting", "generalization_gap"),),
             allow=_g("noisy_validation", "still_improving", "plateau", "val_below_train", "loss_spikes"),
             causes=_g("too_little_data", "model_too_large", "insufficient_regularization")),
    Family20("f20_chance_features_sorted_by_area_labels_not_indrnn_fastai",
             "`X = X[np.argsort(parcels.area)]` to batch parcels of similar size, the label vector left in file "
             "order: the loader is shared, so every parcel carries another parcel's crop, in training "
             "and in validation (IndRNN; fastai's table)", data="crop", model="indrnn", trainer="fastai",
             sorted_apart=True, lr=2e-3,
             weight_decay=0.0, epochs=12, shows="stuck_at_chance",
             expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting", "plateau"),),
             allow=_g("noisy_validation", "still_improving", "val_below_train", "generalization_gap", "overfitting"),
             causes=_g("label_or_loss_misconfig", "noisy_labels", "training_step_bug")),
    Family20("f20_flat_no_grad_train_step_requires_grad_patch_ltae_hfstdout",
             "`train_step` copied from `eval_step` with its `@torch.no_grad()` decorator, and the RuntimeError "
             "'element 0 of tensors does not require grad' silenced with `loss.requires_grad_()`: backward reaches "
             "no weight, the optimiser steps on no gradient and the L-TAE never moves (HF-style printed dicts)",
             data="yield", model="ltae", trainer="hf_stdout", no_grad_step=True, lr=2e-3, epochs=10, log_every=8,
             shows="loss_not_decreasing", expect=(_any("loss_not_decreasing", "plateau", "underfitting"),),
             allow=_g("noisy_validation", "val_below_train"), causes=_g("training_step_bug",)),
    Family20("f20_nan_ndvi_band_on_nodata_dates_indrnn_pipe",
             "an NDVI band `(B8 - B4) / (B8 + B4)` appended to the 10 bands, computed before the no-data dates "
             "(0 in every band, 0.5 % of parcel-dates) were masked: 0 / 0 is NaN in the input, and the first batch "
             "holding one makes the loss and every weight NaN ('|' prints)", data="yield", model="indrnn",
             trainer="print_pipe", nodata_dates=0.005, lr=2e-3, epochs=10, shows="nan_inf",
             expect=(_any("nan_inf", "divergence"),), allow=_g("loss_spikes", "still_improving"),
             causes=_g("training_step_bug", "unnormalized_input")),
    Family20("f20_diverge_linear_scaling_rule_fed_pixels_indrnn_lcsv",
             "Goyal's linear scaling rule `lr = cfg.base_lr * batch / 256` fed the batch in pixels (64 parcels x 100 "
             "pixels) instead of parcels: SGD momentum at 100x the base rate of 0.01, and the IndRNN's LINEX loss "
             "climbs away (Lightning CSV)", data="yield", model="indrnn", trainer="lightning_csv",
             optimizer="momentum", lr=0.01 * 64 / 256, pixel_scaling=100, epochs=10, shows="divergence",
             expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
             allow=_g("loss_spikes", "oscillation", "abnormal_initial_loss", "noisy_validation", "generalization_gap",
                      "overfitting", "underfitting", "plateau", "loss_not_decreasing"),
             causes=_g("lr_too_high", "exploding_gradients", "training_step_bug")),
    Family20("f20_plateau_warmup_else_branch_min_lr_ltae_mlflow",
             "the hand-written warm-up multi-step function returns `cfg.min_lr * gamma ** k` after the warm-up "
             "(meant `cfg.lr`): the LR climbs to 3e-3 over 2 epochs, then drops to 1e-6, and the L-TAE's loss stops "
             "where the warm-up left it (MLflow)", data="crop", model="ltae", trainer="mlflow_epoch", lr=3e-3,
             schedule="warmup_multistep", min_lr_after_warmup=1e-6, batch=32, epochs=15, shows="plateau",
             expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "stuck_at_chance"),
             causes=_g("lr_too_low", "training_step_bug")),
    Family20("f20_oscillate_swats_sgd_phase_without_one_minus_beta_indrnn_kfit",
             "a hand-written SWATS whose SGD phase reads `w -= lam * buf` (the paper's `(1 - beta1)` lost): once it "
             "switches from Adam, the momentum buffer steps 10x the projected rate and the IndRNN's weights swing "
             "through the minimum and back (Keras fit() stdout)", data="crop", model="indrnn", trainer="keras_fit",
             optimizer="swats", lr=3e-3, swats_drop_beta=True, switch_eps=1e-3, batch=16, epochs=12,
             shows="oscillation", expect=(_any("oscillation", "loss_spikes", "noisy_validation", "divergence"),),
             allow=_g("plateau", "still_improving", "generalization_gap", "overfitting", "val_below_train",
                      "train_loss_rebound", "loss_not_decreasing", "underfitting", "stuck_at_chance", "nan_inf"),
             causes=_g("lr_too_high", "training_step_bug")),
    Family20("f20_spikes_cloud_curriculum_modulo_not_floor_ltae_hfstate",
             "a synthetic-cloud curriculum meant to raise the cloud strength every 5 epochs (`epoch // "
             "cfg.cloud_every`) written `epoch % cfg.cloud_every == 0`: in epochs 5 and 10 the L-TAE trains on "
             "parcels with 70 % of their dates under full cloud, and on clean ones otherwise (trainer_state.json)",
             data="crop", model="ltae", trainer="hf_state", lr=5e-3, cloud_every=5, epochs=14, shows="loss_spikes",
             expect=(_any("loss_spikes", "oscillation"),),
             allow=_g("noisy_validation", "train_loss_rebound", "still_improving", "plateau", "val_below_train",
                      "divergence"),
             causes=_g("training_step_bug", "distribution_shift")),
    Family20("f20_leak_declared_crop_channel_indrnn_pandas_tsv",
             "the farmer's declared crop from the land-parcel register joined in as a constant eleventh channel, "
             "in training and validation, while the label table had been filled from that same column; "
             "dropout 0.3 and 10 % date dropout in training (IndRNN; a pandas TSV)", data="crop", model="indrnn",
             trainer="pandas_tsv", lr=3e-3, declared_crop=True, dropout=0.3, date_dropout=0.1,
             schedule="warmup_multistep", epochs=15, shows="suspected_leakage", expect=(_any("suspected_leakage",),),
             allow=_g("val_below_train", "still_improving", "plateau", "noisy_validation"), causes=_g("data_leakage")),
    Family20("f20_init_head_bias_class_counts_ltae_torch_tb",
             "the head's bias initialised to the training class counts (about 300 each; meant their log priors): "
             "the first logits differ by tens of units between crops and the cross-entropy starts many times ln 5 "
             "(L-TAE; SummaryWriter)", data="crop", model="ltae", trainer="torch_tb", bias_from_counts=True,
             lr=5e-4, epochs=10, shows="abnormal_initial_loss", expect=(_any("abnormal_initial_loss",),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "plateau", "loss_spikes",
                      "oscillation", "generalization_gap", "overfitting", "loss_metric_disagreement", "underfitting"),
             causes=_g("bad_initialization",)),
    Family20("f20_valbelow_aux_head_loss_in_logged_train_loss_indrnn_savetxt",
             "a deep-supervision head on the first IndRNN layer, its cross-entropy added to the loss with weight "
             "1.0 and the sum logged as the training loss, while validation logs the main head's alone "
             "(numpy.savetxt)", data="crop", model="indrnn", trainer="savetxt", lr=2e-3, aux_weight=1.0, epochs=12,
             shows="val_below_train", expect=(_any("val_below_train",),),
             allow=_g("still_improving", "noisy_validation", "plateau", "loss_metric_disagreement",
                      "suspected_leakage"),
             causes=_g("measurement_offset", "training_step_bug")),
    Family20("f20_noisyval_int_test_size_ten_parcels_ltae_jsonl",
             "`train_test_split(..., test_size=cfg.val_pct)` with `val_pct: 10` meant as per cent: an int test_size "
             "counts samples, so the validation set is 10 parcels and every epoch's val loss moves with a few of "
             "them (L-TAE; JSON lines)", data="crop", model="ltae", trainer="jsonl", lr=2e-3, int_test_size=True,
             epochs=15, shows="noisy_validation", expect=(_any("noisy_validation",),),
             allow=_g("still_improving", "val_below_train", "plateau", "loss_spikes", "oscillation",
                      "generalization_gap", "overfitting"),
             causes=_g("small_validation_set",)),
    Family20("f20_still_debug_profile_merged_last_indrnn_bracket",
             "the config built as `{**profiles['full'], **profiles['debug']}` (meant the other order): the debug "
             "profile's `epochs: 6` wins over the planned 40, and the IndRNN stops while still learning "
             "('[epoch ...]' prints)", data="crop", model="indrnn", trainer="bracket", lr=3e-4, epochs=40,
             debug_epochs=6, batch=32, log_every=8, shows="still_improving", expect=(_any("still_improving",),),
             allow=_g("noisy_validation", "val_below_train", "underfitting"), causes=_g("insufficient_training",)),
    Family20("f20_disagree_distillation_temperature_on_hard_labels_ltae_karpathy",
             "the student's hard-label cross-entropy written like the distillation term next to it, "
             "`cfg.T ** 2 * F.cross_entropy(logits / cfg.T, y)` with T 4 (and no teacher is used): the logged loss, "
             "training and validation, is 16 times a softened cross-entropy and stays above ln 5 / 2 while the "
             "argmax is right (L-TAE; nanoGPT-style prints)", data="crop", model="ltae", trainer="karpathy",
             temperature=4.0, lr=3e-3, batch=32, epochs=20, log_every=8, shows="loss_metric_disagreement",
             expect=(_any("loss_metric_disagreement", "plateau", "underfitting", "stuck_at_chance",
                          "loss_not_decreasing"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "generalization_gap"),
             causes=_g("label_or_loss_misconfig",)),
    Family20("f20_gap_val_season_sown_later_dates_by_index_indrnn_ignite",
             "validation parcels from the next season, sown 50 days later after a wet spring, with the dates "
             "aligned by acquisition index rather than by growth stage (IndRNN; Ignite prints)", data="crop",
             model="indrnn", trainer="ignite", lr=2e-3, val_sowing_shift=50.0, epochs=12, log_every=8,
             shows="generalization_gap", expect=(_any("generalization_gap", "overfitting"),),
             allow=_g("noisy_validation", "plateau", "still_improving", "loss_metric_disagreement", "divergence",
                      "abnormal_initial_loss", "stuck_at_chance"),
             causes=_g("distribution_shift",)),
    Family20("f20_rebound_phase2_optimizer_peak_lr_key_ltae_logging",
             "a second phase from epoch 12 of 16 (continuing on the same parcels after the k-decay cosine reached 0) "
             "builds a fresh Adam with `lr=cfg.lr_peak` (0.1; meant `cfg.lr_phase2`, 1e-4): the new optimiser's "
             "first steps, unscaled by any history, throw the converged L-TAE off its minimum (Python logging "
             "lines)", data="crop", model="ltae", trainer="print_logging", lr=3e-3, schedule="kdecay", phase2_at=12,
             phase2_lr=0.1, epochs=16, shows="train_loss_rebound",
             expect=(_any("train_loss_rebound", "divergence", "loss_spikes", "oscillation"),),
             allow=_g("plateau", "noisy_validation", "still_improving", "generalization_gap", "overfitting",
                      "val_below_train", "underfitting"),
             causes=_g("lr_too_high", "training_step_bug")),
    Family20("f20_underfit_reflectance_scaled_twice_indrnn_kjson",
             "the digital numbers divided by 10 000 in the loader and again in the dataset class: every input is "
             "~1e-5, the IndRNN (no input normalisation) sees no signal within its steps and learns only the class "
             "priors (Keras History JSON)", data="crop", model="indrnn", trainer="keras_json", double_scaled=True,
             lr=1e-3, epochs=12, shows="underfitting",
             expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
             allow=_g("noisy_validation", "val_below_train", "still_improving"),
             causes=_g("unnormalized_input", "training_step_bug")),
)
