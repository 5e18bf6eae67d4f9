"""The fifteenth generation of model families: tasks, models, optimisers, training setups and writer combinations
that v1-v14 (families.py, families_v2.py .. families_v14.py) did not use, for release 16's honest number.

The label rule, fixed and committed before any full-length run was generated, and never changed to fit a curve:

- ``expect`` is the symptom the injected fault produces by construction (one group; any name in it counts: the names a
  practitioner would accept for the same curve); ``allow`` lists what may also be true of such a run; ``causes`` is the
  injected cause (the top-3 cause metric); ``healthy`` runs must raise no warning at all.
- ``shows`` names the construction check (checks_v15.py), the plain test of the logged numbers a person would do to see
  the fault. A run that fails it did not show its fault: its injection (or, for a healthy run, its tuning) is fixed and
  it is regenerated; a run that still fails is left out of labels.json (labels_failed.json), never relabelled.
- ``context`` (labels.json) is what the person running it knows and could tell lossdoctor, in the schema of
  benchmarks/real_runs/score.py CONTEXT: the task and loss as they would name them, whether it is fine-tuning, whether
  the best checkpoint is restored at the end. It follows from the setup, never from the curve: the person classing
  galaxy morphologies says classification with cross-entropy (also the one whose smoothing is 0.9 and the one whose
  logits are divided by a temperature: they believe the loss is cross-entropy), the person estimating redshifts says
  regression with another loss (the Laplace negative log-likelihood).
- lossdoctor's diagnosis was never run on these runs while they were written, tuned and generated; only its reader
  (``lossdoctor.read``) was, to check that every log is read whole.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios import _any, _g
from families_v11 import READER_FOR_V11

READER_FOR_V15 = dict(READER_FOR_V11)
TRAINERS_V15 = tuple(READER_FOR_V15)
STEP_LEVEL_V15 = {"torch_tb", "hf_state", "hf_stdout", "lightning_tb", "lightning_csv", "ignite", "wandb_csv"}

# What a user would say about each task (score.py CONTEXT's task and loss vocabularies).
_CONTEXT = {"galaxy": ("classification", "cross_entropy"), "redshift": ("regression", "other")}


@dataclass(frozen=True)
class Family15:
    name: str
    fault: str
    data: str      # galaxy | redshift
    model: str     # convmixer | mobilenet
    trainer: str   # one of TRAINERS_V15
    optimizer: str = "adam"   # adam | adamw | nesterov | adabound | diffgrad | aggmo | laprop
    lr: float = 1e-3
    weight_decay: float = 0.0
    final_lr: float = 0.1     # AdaBound: the SGD rate its bounds close on
    schedule: str = "none"    # none | htd | piecewise
    piece_bounds: tuple[float, ...] = (0.5, 0.75)       # PiecewiseConstantDecay boundaries, fractions of the steps
    piece_values: tuple[float, ...] = (1.0, 0.1, 0.01)  # .. and its values, as factors of the LR
    epochs: int = 15
    batch: int = 64
    n_train: int = 1200
    n_val: int = 400
    width: int = 32
    blocks: int = 4           # ConvMixer: depth; MobileNetV2: 2 x the inverted residuals per stage
    kernel: int = 5           # ConvMixer's depthwise kernel
    patch: int = 2            # ConvMixer's patch size
    dropout: float = 0.0
    log_every: int = 10
    eval_every: int = 0       # validate every N steps instead of per epoch
    early_stop: int = 0       # patience in epochs, on the validation loss
    restore_best: bool = False
    augment: bool = False     # random 90-degree turns and flips (+ Cutout when `cutout`), training only
    cutout: int = 0           # Cutout's square side in pixels
    cutout_p: float = 0.5
    grad_noise: float = 0.0   # eta of the annealed gradient noise N(0, eta / (1 + t)^0.55)
    clip: float = 0.0         # gradient-norm clipping
    zero_head: bool = False   # the output layer initialised at zero
    ema_decay: float = 0.9999
    plateau_patience: int = 10
    plateau_factor: float = 0.5
    # ---- fault knobs -------------------------------------------------------------------------------------------
    debug_rows: int = 0                 # `train = train[:cfg.debug_rows]` left in from debugging
    adam_eps: float = 1e-8              # the fault: Adam's eps 1.0 from the TF Inception recipe
    catalogue_join: bool = False        # labels from a catalogue sorted by RA, joined by row to images sorted by id
    stale_optimizer: bool = False       # the model built again after the optimizer took the first one's parameters
    raw_scale: bool = False             # Laplace scale b = s, the softplus forgotten
    rlrop_per_batch: bool = False       # ReduceLROnPlateau stepped every batch on the batch loss
    augment_toggle: bool = False        # `ds.augment = not ds.augment` each epoch
    raw_epochs: tuple[int, ...] = ()    # in these epochs every other cutout comes from the 8-bit previews (x 255)
    mask_class_channel: bool = False    # the detection mask's value is the class index + 1
    temperature: float = 1.0            # logits / temperature (the fault: a contrastive tau 0.01)
    stretch_train_only: bool = False    # validation images in linear flux, training asinh-stretched
    val_train_transform: bool = False   # validation through the training transform (turns, flips, Cutout)
    env_epochs: int = 0                 # EPOCHS exported in the shell overriding the config's epochs
    label_smoothing: float = 0.0        # the fault: the target's confidence 0.9 passed as label_smoothing
    ema_load_epoch: int = 0             # stage 2 from this epoch starts from the EMA weights at LR / 10
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
        return "laplace_nll" if self.data == "redshift" else "ce"


def context(fam: Family15) -> dict[str, Any]:
    """What the user running this would know and say (score.py CONTEXT): task, loss, fine_tune, best_checkpoint."""
    task, loss = _CONTEXT[fam.data]
    return {"task": task, "loss": loss, "fine_tune": fam.fine_tune, "best_checkpoint": fam.restore_best}


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")
_OVERFIT = _any("overfitting", "generalization_gap")


def _healthy(name: str, fault: str, shows: str = "healthy", **kw: Any) -> Family15:
    return Family15(name, fault, healthy=True, allow=_BENIGN, shows=shows, **kw)


FAMILIES_V15: tuple[Family15, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h15_galaxy_convmixer_adabound_htd_fastai",
             "none: galaxy cutouts classed by morphology, a ConvMixer (patch 2, depth 4, kernel 5), AdaBound under a "
             "hyperbolic-tangent decay, fastai's printed table", data="galaxy", model="convmixer", trainer="fastai",
             optimizer="adabound", lr=3e-3, schedule="htd", epochs=15),
    _healthy("h15_galaxy_mobilenet_diffgrad_piecewise_torch_tb",
             "none: noisy step-level logs: a small MobileNetV2 with DiffGrad under Keras' PiecewiseConstantDecay "
             "(x0.1 at half, x0.01 at three quarters of the steps), SummaryWriter every 10th batch",
             data="galaxy", model="mobilenet", trainer="torch_tb", optimizer="diffgrad", lr=3e-3,
             schedule="piecewise", epochs=12),
    _healthy("h15_galaxy_convmixer_aggmo_turns_kcsv",
             "none: the ConvMixer with aggregated momentum (betas 0, 0.9, 0.99) and random 90-degree turns and flips, "
             "Keras' CSVLogger", data="galaxy", model="convmixer", trainer="keras_csv", optimizer="aggmo", lr=0.05,
             augment=True, schedule="htd", epochs=15),
    _healthy("h15_galaxy_mobilenet_laprop_cutout_hfstdout",
             "none: the MobileNetV2 with LaProp under HTD, turns, flips and a 4-pixel Cutout at p 0.5, HF-style "
             "printed dicts", data="galaxy", model="mobilenet", trainer="hf_stdout", optimizer="laprop", lr=2e-3,
             augment=True, cutout=4, schedule="htd", epochs=12, log_every=8),
    _healthy("h15_galaxy_convmixer_adam_earlystop_restore_wandbcsv",
             "none: the ConvMixer with Adam under HTD, early stopping on the validation loss (patience 3) restoring "
             "its best weights, the W&B history CSV", data="galaxy", model="convmixer", trainer="wandb_csv", lr=2e-3,
             schedule="htd", early_stop=3, restore_best=True, epochs=20, shows="healthy_floor"),
    _healthy("h15_galaxy_mobilenet_adamw_val_every_25_hfstate",
             "none: the MobileNetV2 with AdamW (weight decay 0.05) under HTD, validation every 25 steps, "
             "trainer_state.json", data="galaxy", model="mobilenet", trainer="hf_state", optimizer="adamw", lr=2e-3,
             weight_decay=0.05, schedule="htd", eval_every=25, epochs=10),
    _healthy("h15_galaxy_convmixer_nesterov_gradnoise_lcsv",
             "none: the ConvMixer with SGD Nesterov momentum, annealed gradient noise (eta 0.01) and HTD, Lightning's "
             "CSVLogger", data="galaxy", model="convmixer", trainer="lightning_csv", optimizer="nesterov", lr=0.05,
             grad_noise=0.01, schedule="htd", epochs=15),
    _healthy("h15_redshift_convmixer_adam_htd_jsonl",
             "none: photometric redshift from the cutouts with a Laplace NLL (predicted scale), the ConvMixer with Adam "
             "under HTD, random turns and flips, JSON lines", data="redshift", model="convmixer", trainer="jsonl",
             lr=2e-3, schedule="htd", augment=True, epochs=8, shows="healthy_floor"),
    _healthy("h15_redshift_mobilenet_adabound_piecewise_kv",
             "none: the MobileNetV2 with AdaBound under PiecewiseConstantDecay, random turns and flips, key=value "
             "prints", data="redshift", model="mobilenet", trainer="print_kv", optimizer="adabound", lr=2e-3,
             schedule="piecewise", augment=True, epochs=8, shows="healthy_floor"),
    _healthy("h15_redshift_convmixer_laprop_fullbatch_60ep_pandas_tsv",
             "none: a long converged run: the ConvMixer with LaProp, 60 full-batch epochs under HTD with random "
             "turns and flips, a pandas TSV", data="redshift", model="convmixer", trainer="pandas_tsv",
             optimizer="laprop", lr=3e-3, batch=1200, schedule="htd", augment=True, epochs=60, shows="healthy_floor"),
    _healthy("h15_redshift_mobilenet_diffgrad_turns_savetxt",
             "none: the MobileNetV2 with DiffGrad (weight decay 1e-4), random turns and flips, HTD, numpy.savetxt",
             data="redshift", model="mobilenet", trainer="savetxt", optimizer="diffgrad", lr=2e-3,
             weight_decay=1e-4, augment=True, schedule="htd", epochs=8, shows="healthy_floor"),
    _healthy("h15_redshift_convmixer_aggmo_clip_kjson",
             "none: the ConvMixer with aggregated momentum, clipping 1.0, PiecewiseConstantDecay, random turns and "
             "flips, Keras History JSON", data="redshift", model="convmixer", trainer="keras_json", optimizer="aggmo",
             lr=0.02, clip=1.0, schedule="piecewise", augment=True, epochs=8, shows="healthy_floor"),
    _healthy("h15_redshift_convmixer_adamw_htd_earlystop_ignite",
             "none: the ConvMixer with AdamW under HTD, early stopping (patience 4; the last weights kept), random "
             "turns and flips, Ignite's printed lines", data="redshift", model="convmixer",
             trainer="ignite", optimizer="adamw", lr=1e-3, weight_decay=0.01, schedule="htd", augment=True,
             early_stop=4, epochs=12, log_every=8,
             shows="healthy_floor"),
    _healthy("h15_redshift_convmixer_nesterov_gradnoise_lightning_tb",
             "none: the ConvMixer with SGD Nesterov momentum, annealed gradient noise (eta 0.01), clipping 1.0 and "
             "HTD, random turns and flips, Lightning's TensorBoard logger", data="redshift", model="convmixer",
             trainer="lightning_tb", optimizer="nesterov", lr=0.02, grad_noise=0.01, clip=1.0, schedule="htd",
             augment=True, epochs=8, log_every=8,
             shows="healthy_floor"),
    # ---- faults ----------------------------------------------------------------------------------------------------
    Family15("f15_overfit_debug_rows_left_convmixer_pipe",
             "`train = train[:cfg.debug_rows]` with debug_rows 64 left in from debugging: the ConvMixer (width 64) "
             "trains on 64 galaxies for 80 epochs at batch 16 and memorises them (validated on 200; '|' prints)",
             data="galaxy", model="convmixer", trainer="print_pipe", lr=1e-3, debug_rows=64, width=64, batch=16,
             n_val=200, epochs=80, shows="overfitting",
             expect=(_OVERFIT,), allow=_g("noisy_validation", "plateau", "still_improving", "loss_spikes"),
             causes=_g("too_little_data", "model_too_large", "insufficient_regularization")),
    Family15("f15_underfit_adam_eps_one_from_inception_recipe_convmixer_kfit",
             "Adam(eps=1.0) copied from the TF Inception recipe (where it stabilised RMSProp-style steps): with "
             "gradients far below 1 the step is lr x m instead of lr x m / sqrt(v), thousands of times too small, "
             "and the ConvMixer barely learns (Keras fit() stdout)",
             data="galaxy", model="convmixer", trainer="keras_fit", lr=1e-3, adam_eps=1.0, epochs=12,
             shows="underfitting",
             expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train"),
             causes=_g("model_too_small", "training_step_bug")),
    Family15("f15_chance_catalogue_sorted_by_ra_mobilenet_logging",
             "the label catalogue sorted by RA joined by row to cutouts sorted by object id: every training label "
             "belongs to another galaxy; validation (joined on id) stays at chance (MobileNetV2, zero-initialised "
             "head; Python logging lines)",
             data="galaxy", model="mobilenet", trainer="print_logging", lr=5e-4, catalogue_join=True, zero_head=True,
             epochs=8, shows="stuck_at_chance",
             expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting", "plateau"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "overfitting", "generalization_gap"),
             causes=_g("label_or_loss_misconfig", "training_step_bug")),
    Family15("f15_flat_optimizer_on_first_model_mobilenet_hfcard",
             "the optimizer built on the model, then `model = build_model(cfg)` again after the config was reloaded: "
             "Adam steps the first instance's parameters and the model that is trained and logged never moves (the "
             "model card's results table)",
             data="galaxy", model="mobilenet", trainer="hf_card", lr=1e-3, stale_optimizer=True, epochs=10,
             log_every=8, shows="loss_not_decreasing",
             expect=(_any("loss_not_decreasing", "plateau", "underfitting", "stuck_at_chance"),),
             allow=_g("noisy_validation", "val_below_train"), causes=_g("training_step_bug",)),
    Family15("f15_nan_laplace_scale_no_softplus_mobilenet_karpathy",
             "the Laplace NLL's scale taken as the raw head output (the softplus forgotten): log(2b) of a negative "
             "b is NaN, so the batch mean is NaN from the first batch on (MobileNetV2 on redshifts; nanoGPT-style "
             "prints)",
             data="redshift", model="mobilenet", trainer="karpathy", lr=1e-3, raw_scale=True, epochs=8,
             log_every=8, shows="nan_inf", expect=(_any("nan_inf", "divergence"),),
             allow=_g("loss_spikes", "oscillation", "train_loss_rebound", "abnormal_initial_loss", "noisy_validation",
                      "plateau", "still_improving", "loss_not_decreasing"),
             causes=_g("label_or_loss_misconfig", "training_step_bug")),
    Family15("f15_diverge_piecewise_values_ascending_convmixer_bracket",
             "PiecewiseConstantDecay's values built as [lr * 2 ** i for i in range(12)] (meant 0.5 ** i) with a "
             "boundary at every epoch from the fifth: Adam's LR doubles every epoch, from 1e-3 to 2.0, and the "
             "ConvMixer's redshift loss climbs (hand-written '[epoch ...]' prints)", data="redshift",
             model="convmixer", trainer="bracket", lr=1e-3, schedule="piecewise",
             piece_bounds=tuple(e / 15 for e in range(4, 15)), piece_values=tuple(2.0 ** i for i in range(12)),
             epochs=15, shows="divergence",
             expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
             allow=_g("loss_spikes", "oscillation", "generalization_gap", "overfitting", "plateau", "noisy_validation",
                      "still_improving", "loss_not_decreasing", "underfitting"),
             causes=_g("lr_too_high", "training_step_bug")),
    Family15("f15_plateau_rlrop_stepped_per_batch_mobilenet_hfstate",
             "ReduceLROnPlateau(patience=2) (torch's factor 0.1), patience meant in epochs, stepped inside the batch "
             "loop on the batch's loss: patience is counted in noisy batches, the LR falls tenfold every few steps "
             "and the loss stalls in the first epochs (trainer_state.json)", data="galaxy", model="mobilenet",
             trainer="hf_state", lr=5e-4, rlrop_per_batch=True, plateau_patience=2, plateau_factor=0.1, epochs=15,
             shows="plateau",
             expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "stuck_at_chance"),
             causes=_g("lr_too_low", "training_step_bug")),
    Family15("f15_oscillate_augment_toggled_each_epoch_convmixer_lcsv",
             "`train_ds.augment = not train_ds.augment` at the top of the epoch loop (meant: switch it on after the "
             "warm-up): turns, flips and a 10-pixel Cutout on every other epoch only, so the training loss jumps up "
             "and down epoch by epoch (Lightning CSV)", data="galaxy", model="convmixer", trainer="lightning_csv",
             lr=2e-3, augment_toggle=True, cutout=10, cutout_p=1.0, epochs=16,
             shows="oscillation", expect=(_any("oscillation", "loss_spikes", "noisy_validation", "divergence"),),
             allow=_g("plateau", "still_improving", "generalization_gap", "overfitting", "val_below_train",
                      "train_loss_rebound", "loss_not_decreasing", "underfitting"),
             causes=_g("training_step_bug",)),
    Family15("f15_spikes_uint8_previews_not_scaled_mobilenet_jsonl",
             "in the 8th, 12th and 16th epochs the loader's cache was being rebuilt and served every other cutout "
             "from the 8-bit preview files without the / 255 (x 255): the loud cutouts own the batch statistics of "
             "the BatchNorm, the others are squashed, and the loss jumps in those epochs (MobileNetV2; JSON lines)",
             data="galaxy", model="mobilenet", trainer="jsonl", lr=2e-3, raw_epochs=(7, 11, 15), epochs=18,
             shows="loss_spikes", expect=(_any("loss_spikes", "oscillation"),),
             allow=_g("noisy_validation", "train_loss_rebound", "still_improving", "plateau", "val_below_train",
                      "divergence"),
             causes=_g("training_step_bug",)),
    Family15("f15_leak_mask_value_is_class_convmixer_kcsv",
             "the detection step wrote the segmentation mask with the class index + 1 as its value (meant 1), and "
             "the mask is stacked as a fourth channel, in training and validation; dropout 0.3, turns and a 6-pixel "
             "Cutout in training (ConvMixer; Keras CSVLogger)", data="galaxy", model="convmixer", trainer="keras_csv", lr=2e-3,
             mask_class_channel=True, dropout=0.3, augment=True, cutout=6, epochs=20, shows="suspected_leakage",
             expect=(_any("suspected_leakage",),),
             allow=_g("val_below_train", "still_improving", "plateau", "noisy_validation"), causes=_g("data_leakage")),
    Family15("f15_init_contrastive_tau_on_logits_mobilenet_mlflow",
             "the classifier's logits divided by the contrastive pre-training config's temperature 0.01 (kept in "
             "the shared config): logits 100x their size, a first cross-entropy many times ln 4 (MLflow)",
             data="galaxy", model="mobilenet", trainer="mlflow_epoch", lr=1e-3, temperature=0.01, epochs=10,
             shows="abnormal_initial_loss", expect=(_any("abnormal_initial_loss",),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "plateau", "loss_spikes",
                      "oscillation", "generalization_gap", "overfitting", "loss_metric_disagreement", "underfitting"),
             causes=_g("bad_initialization", "label_or_loss_misconfig", "training_step_bug")),
    Family15("f15_valbelow_cutout_size_from_64px_recipe_convmixer_kv",
             "Cutout's size 12 copied from a recipe for 64-pixel images onto 20-pixel cutouts, at p 1: every training "
             "image loses up to 36 % of its pixels, often the galaxy's centre, while validation sees them whole "
             "(key=value prints)", data="galaxy", model="convmixer", trainer="print_kv", lr=2e-3, augment=True,
             cutout=12, cutout_p=1.0, epochs=12, shows="val_below_train", expect=(_any("val_below_train",),),
             allow=_g("still_improving", "noisy_validation", "plateau", "loss_metric_disagreement"),
             causes=_g("regularization_only_in_training", "measurement_offset")),
    Family15("f15_noisyval_val_uses_train_transform_mobilenet_lightning_tb",
             "the validation Dataset built with the training transform (random turns, flips and a 6-pixel Cutout at "
             "p 1) on 100 galaxies: every epoch validates other random crops of the same images (HTD; Lightning "
             "TensorBoard)", data="galaxy", model="mobilenet", trainer="lightning_tb", lr=2e-3, augment=True,
             cutout=6, cutout_p=1.0, val_train_transform=True, n_val=100, schedule="htd", epochs=15, log_every=8,
             shows="noisy_validation", expect=(_any("noisy_validation",),),
             allow=_g("still_improving", "val_below_train", "plateau", "loss_spikes", "oscillation",
                      "generalization_gap", "overfitting"),
             causes=_g("training_step_bug", "small_validation_set")),
    Family15("f15_still_env_epochs_from_smoke_test_convmixer_wandbcsv",
             "`epochs = int(os.environ.get('EPOCHS', cfg.epochs))` with EPOCHS=4 still exported from a smoke test: "
             "the ConvMixer stops after 4 of the config's 40 epochs while learning (the W&B history CSV)",
             data="galaxy", model="convmixer", trainer="wandb_csv", lr=3e-4, epochs=40, env_epochs=4, batch=32,
             shows="still_improving", expect=(_any("still_improving",),),
             allow=_g("noisy_validation", "val_below_train", "underfitting"), causes=_g("insufficient_training")),
    Family15("f15_disagree_confidence_as_label_smoothing_convmixer_karpathy",
             "CrossEntropyLoss(label_smoothing=cfg.confidence): the target's confidence 0.9 passed as the smoothing, "
             "so the target puts 0.325 on the right class and 0.225 on each other one: the loss cannot go below "
             "1.37 (ln 4 = 1.39) while the argmax is right (ConvMixer; nanoGPT-style prints)", data="galaxy",
             model="convmixer", trainer="karpathy", label_smoothing=0.9, lr=3e-3, epochs=15, log_every=8,
             shows="loss_metric_disagreement",
             expect=(_any("loss_metric_disagreement", "plateau", "underfitting", "stuck_at_chance",
                          "loss_not_decreasing"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "generalization_gap"),
             causes=_g("label_or_loss_misconfig",)),
    Family15("f15_gap_val_in_linear_flux_mobilenet_ignite",
             "the asinh stretch applied in the training Dataset only: validation cutouts reach the model in linear "
             "flux, standardised with the stretched training images' statistics (MobileNetV2; Ignite prints)",
             data="galaxy", model="mobilenet", trainer="ignite", lr=2e-3, stretch_train_only=True, epochs=12,
             log_every=8, shows="generalization_gap", expect=(_any("generalization_gap", "overfitting"),),
             allow=_g("noisy_validation", "plateau", "still_improving", "loss_metric_disagreement", "divergence",
                      "abnormal_initial_loss"),
             causes=_g("distribution_shift", "training_step_bug")),
    Family15("f15_rebound_ema_decay_9999_loaded_mobilenet_torch_tb",
             "stage 2 (from epoch 11, at a tenth of the LR) starts from the EMA of the weights, whose decay 0.9999 "
             "(from a 100k-step recipe) after 190 steps still holds 98 % of the initial weights: the training "
             "loss jumps back towards its start (MobileNetV2; SummaryWriter)", data="galaxy", model="mobilenet",
             trainer="torch_tb", lr=2e-3, ema_load_epoch=10, epochs=18, shows="train_loss_rebound",
             expect=(_any("train_loss_rebound", "divergence", "loss_spikes", "oscillation"),),
             allow=_g("plateau", "noisy_validation", "still_improving", "generalization_gap", "overfitting",
                      "val_below_train", "underfitting", "loss_not_decreasing"),
             causes=_g("training_step_bug",)),
)
