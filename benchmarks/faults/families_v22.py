"""The twenty-second generation of model families: tasks, models, optimisers, training setups and writer combinations
that v1-v21 (families.py, families_v2.py .. families_v21.py) did not use, for release 23's honest number.

The label rule, fixed and committed before any full-length run was generated, and never changed to fit a curve:

- ``expect`` is the symptom the injected fault produces by construction (one group; any name in it counts: the names a
  practitioner would accept for the same curve); ``allow`` lists what may also be true of such a run; ``causes`` is the
  injected cause (the top-3 cause metric); ``healthy`` runs must raise no warning at all.
- ``shows`` names the construction check (checks_v22.py), the plain test of the logged numbers a person would do to see
  the fault. A run that fails it did not show its fault: its injection (or, for a healthy run, its tuning) is fixed and
  it is regenerated; a run that still fails is left out of labels.json (labels_failed.json), never relabelled.
- ``context`` (labels.json) is what the person running it knows and could tell lossdoctor, in the schema of
  benchmarks/real_runs/score.py CONTEXT: the task and loss as they would name them, whether it is fine-tuning, whether
  the best checkpoint is restored at the end. It follows from the setup, never from the curve: the person classing
  light curves says classification with cross-entropy (also where the targets were the volunteers' vote fractions:
  they believe they train plain cross-entropy on the dispositions), the person regressing the radius ratio says
  regression with another loss (Welsch); no run fine-tunes and none restores its best weights.
- lossdoctor's diagnosis is never run on these runs while they are written, tuned and generated; only its reader
  (``lossdoctor.read``) is, to check that every log is read whole.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios import _any, _g
from families_v11 import READER_FOR_V11

READER_FOR_V22 = dict(READER_FOR_V11)
TRAINERS_V22 = tuple(READER_FOR_V22)
STEP_LEVEL_V22 = {"torch_tb", "hf_state", "hf_stdout", "lightning_tb", "lightning_csv", "ignite", "wandb_csv"}

# What a user would say about each task (score.py CONTEXT's task and loss vocabularies).
_CONTEXT = {"lightcurve": ("classification", "cross_entropy"), "radius": ("regression", "other")}


@dataclass(frozen=True)
class Family22:
    name: str
    fault: str
    data: str      # lightcurve | radius
    model: str     # fnet | astronet
    trainer: str   # one of TRAINERS_V22
    optimizer: str = "adam"   # adam | adamw | momentum | adam_mini | grokfast
    lr: float = 1e-3
    weight_decay: float = 0.0
    schedule: str = "none"    # none | noisy_lincos | poly_cycle
    warmup: int = 0           # no warm-up: neither TensorFlow schedule has one
    initial_variance: float = 0.01  # noisy_lincos: the noise's initial variance
    epochs: int = 15
    batch: int = 64
    n_train: int = 1500
    n_val: int = 400
    width: int = 32
    dropout: float = 0.0
    phase_jitter: int = 0     # the global view rolled by up to this many bins, training only
    flux_jitter: float = 0.0  # Gaussian noise (in standardised units) on the flux bins, training only
    log_every: int = 10
    eval_every: int = 0       # validate every N steps instead of per epoch
    early_stop: int = 0
    restore_best: bool = False
    clip: float = 0.0         # gradient-norm clipping
    accum: int = 1            # gradient accumulation: micro-batches per optimiser step
    fine_tune: bool = False
    mini_stat: str = "mean_sq"  # Adam-mini's block statistic (the faults: sum_sq, sq_mean)
    eps: float = 1e-8         # Adam-mini's epsilon
    # ---- fault knobs -------------------------------------------------------------------------------------------
    confirmed_only: bool = False   # `df[df.disposition == 'CONFIRMED']` left on the training selection (~12 %)
    time_as_flux: bool = False     # the FITS file's TIME column read as the flux
    grok_flip: bool = False        # Grokfast's slow gradient subtracted (meant added)
    negative_depth: float = 0.0    # share of fitted depths that are negative (fits to noise), then sqrt(depth)
    decay_from_val: bool = False   # noisy_lincos's decay_steps from len(val_loader) (meant the train loader)
    raw_sector: bool = False       # sector files cycled one an epoch, the fourth holding raw (unnormalised) flux
    vetting_flags: bool = False    # the vetting report's verdict, one-hot, as constant channels
    trunc_normal_init: bool = False  # trunc_normal_(m.weight) with its default std 1.0 on every Linear and Conv
    jitter_slip: bool = False      # the flux jitter's ppm converted with 1e-5 (meant 1e-6): 10x the noise
    val_rows: int = 0              # validation = one guest programme's curves (this many)
    killed_at: int = 0             # Lightning's max_time reached after this many epochs
    vote_targets: bool = False     # the volunteers' vote-fraction columns as the targets (the metric: dispositions)
    diluted_val: bool = False      # validation from large-pixel photometry with a neighbour's flux not removed
    append_at: int = 0             # from this epoch a second pipeline's curves appended, every disposition 'planet'
    quality_inverted: float = 0.0  # `flux[quality != 0]` (meant == 0): only the flagged cadences (this share) kept
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
        return "welsch" if self.data == "radius" else "ce"

    @property
    def run_epochs(self) -> int:
        """The epochs the loop runs (fewer where max_time stopped it)."""
        return self.killed_at or self.epochs

    @property
    def spike_epochs(self) -> tuple[int, ...]:
        """The epochs trained on the raw-flux sector file (epoch % 4 == 3)."""
        if not self.raw_sector:
            return ()
        return tuple(e for e in range(self.run_epochs) if e % 4 == 3)


def context(fam: Family22) -> dict[str, Any]:
    """What the user running this would know and say (score.py CONTEXT): task, loss, fine_tune, best_checkpoint."""
    task, loss = _CONTEXT[fam.data]
    return {"task": task, "loss": loss, "fine_tune": fam.fine_tune, "best_checkpoint": fam.restore_best}


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")


def _healthy(name: str, fault: str, shows: str = "healthy", **kw: Any) -> Family22:
    return Family22(name, fault, healthy=True, allow=_BENIGN, shows=shows, **kw)


FAMILIES_V22: tuple[Family22, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h22_lc_fnet_adam_mini_noisy_lincos_kcsv",
             "none: light curves (transit, eclipsing binary, pulsator, spotted rotator) from the pipeline's global "
             "and local views, an FNet with Adam-mini under the noisy linear cosine decay, Keras' CSVLogger",
             data="lightcurve", model="fnet", trainer="keras_csv", optimizer="adam_mini", lr=2e-3,
             schedule="noisy_lincos", epochs=15),
    _healthy("h22_lc_astronet_grokfast_poly_cycle_lightning_tb",
             "none: noisy step-level logs: AstroNet with Grokfast-EMA on AdamW under the cycling polynomial decay, "
             "Lightning's TensorBoard logger every 10th batch", data="lightcurve", model="astronet",
             trainer="lightning_tb", optimizer="grokfast", lr=1e-3, schedule="poly_cycle", epochs=12),
    _healthy("h22_lc_fnet_adamw_phase_jitter_noisy_lincos_wandbcsv",
             "none: the FNet with AdamW (weight decay 0.05), phase jitter in training and the noisy linear cosine "
             "decay at batch 128, the W&B history CSV", data="lightcurve", model="fnet", trainer="wandb_csv",
             optimizer="adamw", lr=3e-3, weight_decay=0.05, phase_jitter=2, schedule="noisy_lincos", batch=128,
             epochs=15, log_every=4),
    _healthy("h22_lc_astronet_adam_flux_jitter_hfcard",
             "none: AstroNet with Adam and flux jitter in training, the model card's results table",
             data="lightcurve", model="astronet", trainer="hf_card", lr=1e-3, flux_jitter=0.1, epochs=12,
             log_every=8),
    _healthy("h22_lc_fnet_momentum_poly_cycle_mlflow",
             "none: the FNet with SGD momentum and clipping 1.0 under the cycling polynomial decay, MLflow",
             data="lightcurve", model="fnet", trainer="mlflow_epoch", optimizer="momentum", lr=0.02, clip=1.0,
             schedule="poly_cycle", epochs=12),
    _healthy("h22_lc_astronet_adam_mini_phase_jitter_karpathy",
             "none: AstroNet with Adam-mini and phase jitter in training, nanoGPT-style prints", data="lightcurve",
             model="astronet", trainer="karpathy", optimizer="adam_mini", lr=1e-3, phase_jitter=2, epochs=12,
             log_every=8),
    _healthy("h22_lc_fnet_grokfast_val_every_20_hfstate",
             "none: the FNet with Grokfast-EMA on AdamW, validation every 20 steps, trainer_state.json",
             data="lightcurve", model="fnet", trainer="hf_state", optimizer="grokfast", lr=1e-3, eval_every=20,
             epochs=10),
    _healthy("h22_lc_astronet_adam_mini_poly_cycle_torch_tb",
             "none: AstroNet with Adam-mini under the cycling polynomial decay, SummaryWriter", data="lightcurve",
             model="astronet", trainer="torch_tb", optimizer="adam_mini", lr=1e-3, schedule="poly_cycle",
             epochs=12),
    _healthy("h22_radius_fnet_adam_mini_poly_cycle_jsonl",
             "none: the transits' radius ratio (standardised) with the Welsch loss, the FNet with Adam-mini under "
             "the cycling polynomial decay, JSON lines", data="radius", model="fnet", trainer="jsonl",
             optimizer="adam_mini", lr=2e-3, schedule="poly_cycle", epochs=12, shows="healthy_floor"),
    _healthy("h22_radius_astronet_adam_noisy_lincos_savetxt",
             "none: AstroNet with Adam under the noisy linear cosine decay, numpy.savetxt", data="radius",
             model="astronet", trainer="savetxt", lr=1e-3, schedule="noisy_lincos", epochs=15,
             shows="healthy_floor"),
    _healthy("h22_radius_fnet_adamw_batch128_40ep_pandas_tsv",
             "none: a long converged run: the FNet with AdamW (weight decay 0.01), 40 epochs at batch 128 under "
             "the noisy linear cosine decay, a pandas TSV", data="radius", model="fnet", trainer="pandas_tsv",
             optimizer="adamw", lr=2e-3, weight_decay=0.01, batch=128, schedule="noisy_lincos", epochs=40,
             shows="healthy_floor"),
    _healthy("h22_radius_astronet_momentum_clip_logging",
             "none: AstroNet with SGD momentum, clipping 1.0 and the cycling polynomial decay, Python logging lines",
             data="radius", model="astronet", trainer="print_logging", optimizer="momentum", lr=0.01, clip=1.0,
             schedule="poly_cycle", epochs=12, shows="healthy_floor"),
    _healthy("h22_radius_fnet_grokfast_batch32_ignite",
             "none: the FNet with Grokfast-EMA on AdamW at batch 32 for 15 epochs, Ignite's printed lines",
             data="radius", model="fnet", trainer="ignite", optimizer="grokfast", lr=1e-3, batch=32, epochs=15,
             log_every=8, shows="healthy_floor"),
    _healthy("h22_radius_astronet_adam_accum2_batch32_bracket",
             "none: AstroNet with Adam at batch 32 with gradient accumulation over 2 micro-batches under the noisy "
             "linear cosine decay, hand-written '[epoch ...]' prints", data="radius", model="astronet",
             trainer="bracket", lr=1e-3, schedule="noisy_lincos", batch=32, accum=2,
             epochs=10, shows="healthy_floor"),
    # ---- faults: one per curve finding ---------------------------------------------------------------------------
    Family22("f22_overfit_confirmed_only_training_selection_fnet_kv",
             "the catalogue notebook's `df = df[df.disposition == 'CONFIRMED']` (meant for the planet-statistics "
             "figure) left on the training selection: about 1 in 8 light curves (~180 of 1500) survive; the FNet "
             "(width 64) trains on them for 60 epochs at batch 8 and memorises them, validated on 400 of every "
             "disposition (key=value prints)", data="lightcurve", model="fnet", trainer="print_kv",
             confirmed_only=True, width=64, batch=8, lr=2e-3, epochs=60, shows="overfitting",
             expect=(_any("overfitting", "generalization_gap"),),
             allow=_g("noisy_validation", "still_improving", "plateau", "val_below_train", "loss_spikes"),
             causes=_g("too_little_data", "model_too_large", "insufficient_regularization")),
    Family22("f22_chance_time_column_read_as_flux_astronet_fastai",
             "the light curve read as `hdul[1].data.columns[0]` (meant 'PDCSAP_FLUX'): the first column is TIME, so "
             "every 'flux' is the cadence's time stamp, folded and binned into a view that holds no trace of the "
             "star, in training and in validation, while the dispositions are right (AstroNet; fastai's table)",
             data="lightcurve", model="astronet", trainer="fastai", time_as_flux=True, lr=1e-3, epochs=12,
             shows="stuck_at_chance",
             expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting", "plateau"),),
             allow=_g("noisy_validation", "still_improving", "val_below_train", "generalization_gap", "overfitting"),
             causes=_g("training_step_bug", "label_or_loss_misconfig")),
    Family22("f22_flat_adam_mini_block_statistic_summed_fnet_hfstdout",
             "a hand-written Adam-mini whose block statistic is `(g * g).sum()` (meant `.mean()`, the paper's): "
             "every block's step is divided by the square root of its size (2 to 8x for the rows here) on top of "
             "the fine-tuning config's LR of 1e-5, and the FNet barely moves (HF-style printed dicts)",
             data="lightcurve", model="fnet", trainer="hf_stdout", optimizer="adam_mini", mini_stat="sum_sq",
             lr=1e-5, epochs=10, log_every=8,
             shows="loss_not_decreasing", expect=(_any("loss_not_decreasing", "plateau", "underfitting"),),
             allow=_g("noisy_validation", "val_below_train", "stuck_at_chance"),
             causes=_g("training_step_bug", "lr_too_low")),
    Family22("f22_nan_negative_fitted_depths_under_sqrt_astronet_pipe",
             "the radius ratio computed as `np.sqrt(df.depth)` from the catalogue's fitted depths, a few of which "
             "(0.5 %, fits to noise) are negative: their targets are NaN, and the first batch holding one makes the "
             "Welsch loss and every weight NaN ('|' prints)", data="radius", model="astronet", trainer="print_pipe",
             negative_depth=0.005, lr=1e-3, epochs=10, shows="nan_inf", expect=(_any("nan_inf", "divergence"),),
             allow=_g("loss_spikes", "still_improving"), causes=_g("training_step_bug", "label_or_loss_misconfig")),
    Family22("f22_diverge_grokfast_slow_gradient_subtracted_fnet_lcsv",
             "a hand-written Grokfast-EMA whose filter is `p.grad.add_(ema, alpha=-lamb)` (the high-pass form; meant "
             "`alpha=lamb`, amplifying the slow gradient): with lamb 2 the gradient's slow part is reversed once "
             "the EMA has filled, AdamW (3e-3, batch 16) climbs the loss and the FNet's logits grow the wrong way "
             "(Lightning CSV)",
             data="lightcurve", model="fnet", trainer="lightning_csv", optimizer="grokfast", grok_flip=True,
             lr=3e-3, batch=16, epochs=12, shows="divergence",
             expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
             allow=_g("loss_spikes", "oscillation", "abnormal_initial_loss", "noisy_validation", "generalization_gap",
                      "overfitting", "underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),
             causes=_g("training_step_bug", "lr_too_high", "exploding_gradients")),
    Family22("f22_plateau_noisy_lincos_decay_steps_from_val_loader_astronet_mlflow",
             "the noisy linear cosine decay built with `decay_steps = epochs * len(val_loader)` (meant "
             "`train_loader`): at batch 32 it spans 195 of the 705 steps, so the LR reaches beta = 0.001 of the peak "
             "in epoch 5 and stays there, and AstroNet's loss stops where the decay left it (MLflow)",
             data="lightcurve", model="astronet", trainer="mlflow_epoch", lr=1e-3, schedule="noisy_lincos",
             decay_from_val=True, batch=32, epochs=15,
             shows="plateau", expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "stuck_at_chance"),
             causes=_g("lr_too_low", "training_step_bug")),
    Family22("f22_oscillate_adam_mini_mean_gradient_squared_fnet_kfit",
             "a hand-written Adam-mini whose block statistic is `g.mean() ** 2` (meant `(g * g).mean()`): the rows "
             "fed by a LayerNorm see zero-mean inputs, their gradients cancel, their second moment is near 0 and "
             "their step thousands of times Adam's even at the LR of 1e-6 the author lowered it to, and the FNet's "
             "weights swing through the minimum and back (Keras fit() stdout)", data="lightcurve", model="fnet",
             trainer="keras_fit", optimizer="adam_mini", mini_stat="sq_mean", lr=1e-6, batch=16, epochs=12,
             shows="oscillation", expect=(_any("oscillation", "loss_spikes", "noisy_validation", "divergence"),),
             allow=_g("plateau", "still_improving", "generalization_gap", "overfitting", "val_below_train",
                      "train_loss_rebound", "loss_not_decreasing", "underfitting", "stuck_at_chance", "nan_inf"),
             causes=_g("lr_too_high", "training_step_bug")),
    Family22("f22_spikes_raw_flux_sector_in_rotation_astronet_hfstate",
             "the training curves read from four sector files in turn, `sectors[epoch % 4]`, and the fourth "
             "sector's file holds the raw SAP flux in e-/s (the others the normalised PDCSAP flux), which the "
             "loader does not divide by its median: in epochs 3, 7 and 11 every view sits at asinh(1e7) "
             "(trainer_state.json)", data="lightcurve", model="astronet", trainer="hf_state", lr=1e-3,
             raw_sector=True, epochs=14, shows="loss_spikes", expect=(_any("loss_spikes", "oscillation"),),
             allow=_g("noisy_validation", "train_loss_rebound", "still_improving", "plateau", "val_below_train",
                      "divergence"),
             causes=_g("training_step_bug", "distribution_shift")),
    Family22("f22_leak_vetting_verdict_follows_disposition_fnet_pandas_tsv",
             "the vetting report's verdict (none, secondary eclipse, not transit-like, stellar variability; meant "
             "as a data-quality feature) joined in one-hot as four constant channels, in training and validation, "
             "while the vetters give it with the disposition they assign; AdamW (weight decay 0.1), dropout 0.5 "
             "and flux jitter in training (FNet; a pandas TSV)", data="lightcurve", model="fnet",
             trainer="pandas_tsv", optimizer="adamw", lr=3e-3, weight_decay=0.1, vetting_flags=True, dropout=0.5,
             flux_jitter=0.3, epochs=15, shows="suspected_leakage", expect=(_any("suspected_leakage",),),
             allow=_g("val_below_train", "still_improving", "plateau", "noisy_validation"), causes=_g("data_leakage")),
    Family22("f22_init_trunc_normal_default_std_astronet_torch_tb",
             "an `init_weights()` calling `nn.init.trunc_normal_(m.weight)` on every Linear and Conv1d without "
             "`std=.02`: its default std is 1.0, so each layer multiplies the activations by about the square root "
             "of its fan-in and the first logits are thousands apart: the cross-entropy starts many times ln 4; "
             "Adam at 1e-4, batch 128 (AstroNet; SummaryWriter)", data="lightcurve", model="astronet",
             trainer="torch_tb", trunc_normal_init=True, batch=128, lr=1e-4, epochs=10,
             shows="abnormal_initial_loss", expect=(_any("abnormal_initial_loss",),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "plateau", "loss_spikes",
                      "oscillation", "generalization_gap", "overfitting", "loss_metric_disagreement", "underfitting",
                      "loss_not_decreasing", "stuck_at_chance"),
             causes=_g("bad_initialization",)),
    Family22("f22_valbelow_flux_jitter_ppm_slip_fnet_savetxt",
             "the flux-jitter augmentation's noise converted from ppm with `* 1e-5` (meant `1e-6`): every training "
             "view carries ten times the intended noise (half a standard deviation a bin), validation none, so "
             "the training loss stays above the validation loss (FNet; numpy.savetxt)", data="lightcurve",
             model="fnet", trainer="savetxt", lr=2e-3, flux_jitter=0.05, jitter_slip=True, epochs=12,
             shows="val_below_train", expect=(_any("val_below_train",),),
             allow=_g("still_improving", "noisy_validation", "plateau", "loss_metric_disagreement",
                      "suspected_leakage"),
             causes=_g("regularization_only_in_training", "training_step_bug")),
    Family22("f22_noisyval_one_guest_programme_astronet_jsonl",
             "the validation split taken as one guest-investigator programme's targets, `df[df.program == "
             "cfg.val_program]`: 12 light curves, and every epoch's val loss moves with a few of them (AstroNet; "
             "JSON lines)", data="lightcurve", model="astronet", trainer="jsonl", lr=1e-3, val_rows=12, epochs=15,
             shows="noisy_validation", expect=(_any("noisy_validation",),),
             allow=_g("still_improving", "val_below_train", "plateau", "loss_spikes", "oscillation",
                      "generalization_gap", "overfitting"),
             causes=_g("small_validation_set",)),
    Family22("f22_still_lightning_max_time_in_minutes_fnet_bracket",
             "Lightning's `max_time={'minutes': 1}` (meant hours) stops the run after epoch 6 of a planned 40: the "
             "FNet stops while still learning ('[epoch ...]' prints)", data="lightcurve", model="fnet",
             trainer="bracket", lr=2e-4, epochs=40, killed_at=6, batch=32, log_every=8, shows="still_improving",
             expect=(_any("still_improving",),), allow=_g("noisy_validation", "val_below_train", "underfitting"),
             causes=_g("insufficient_training",)),
    Family22("f22_disagree_volunteer_vote_fractions_as_targets_astronet_karpathy",
             "the targets read from the citizen-science project's vote-fraction columns (`df[['f_planet', 'f_eb', "
             "'f_puls', 'f_rot']]`, ten volunteers a curve, under half of them for the right class) instead of the "
             "team's dispositions, which the accuracy still uses: the cross-entropy, training and validation, keeps "
             "the votes' entropy as its floor while the argmax is right (AstroNet; nanoGPT-style prints)",
             data="lightcurve", model="astronet", trainer="karpathy", vote_targets=True, lr=1e-3, batch=32,
             epochs=12, log_every=8, shows="loss_metric_disagreement",
             expect=(_any("loss_metric_disagreement", "plateau", "underfitting", "stuck_at_chance",
                          "loss_not_decreasing"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "generalization_gap"),
             causes=_g("label_or_loss_misconfig",)),
    Family22("f22_gap_val_from_diluted_large_pixels_fnet_ignite",
             "validation light curves from a survey with 21'' pixels whose aperture holds a neighbour's flux the "
             "pipeline never removes (dilution 3-8x), while training saw isolated stars: every eclipse and "
             "pulsation is 3-8x shallower, binaries look like planets and pulsators like rotators (FNet; Ignite "
             "prints)", data="lightcurve", model="fnet", trainer="ignite", lr=1e-3, diluted_val=True, epochs=16,
             log_every=8, shows="generalization_gap", expect=(_any("generalization_gap", "overfitting"),),
             allow=_g("noisy_validation", "plateau", "still_improving", "loss_metric_disagreement", "divergence",
                      "abnormal_initial_loss", "stuck_at_chance"),
             causes=_g("distribution_shift",)),
    Family22("f22_rebound_second_pipeline_dispositions_default_planet_astronet_logging",
             "from epoch 10 of 16 the training set is `pd.concat([spoc, qlp])`: the second pipeline's 750 curves "
             "have their dispositions mapped with `LABELS.get(d, 0)`, and its spellings ('EB', 'PULS', 'ROT') are "
             "not in LABELS, so every one is 'planet', three in four wrong, and the converged AstroNet's training "
             "loss climbs back (Python logging lines)", data="lightcurve", model="astronet",
             trainer="print_logging", lr=1e-3, append_at=10, epochs=16, shows="train_loss_rebound",
             expect=(_any("train_loss_rebound", "divergence", "loss_spikes", "oscillation"),),
             allow=_g("plateau", "noisy_validation", "still_improving", "generalization_gap", "overfitting",
                      "val_below_train", "underfitting"),
             causes=_g("noisy_labels", "training_step_bug")),
    Family22("f22_underfit_quality_mask_inverted_fnet_kjson",
             "the cadence mask written `flux[lc.quality != 0]` (meant `== 0`): only the 1 % of cadences flagged for "
             "momentum dumps and scattered light are kept, ~16 a curve with their systematic offsets, and the "
             "binned views keep only what so few bad points tell of each class (FNet; Keras History JSON)",
             data="lightcurve", model="fnet", trainer="keras_json", quality_inverted=0.01,
             lr=1e-3, epochs=12, shows="underfitting",
             expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
             allow=_g("noisy_validation", "val_below_train", "still_improving"),
             causes=_g("training_step_bug",)),
)
