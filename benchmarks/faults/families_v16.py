"""The sixteenth generation of model families: tasks, models, optimisers, training setups and writer combinations
that v1-v15 (families.py, families_v2.py .. families_v15.py) did not use, for release 17's honest number.

The label rule, fixed and committed before any full-length run was generated, and never changed to fit a curve:

- ``expect`` is the symptom the injected fault produces by construction (one group; any name in it counts: the names a
  practitioner would accept for the same curve); ``allow`` lists what may also be true of such a run; ``causes`` is the
  injected cause (the top-3 cause metric); ``healthy`` runs must raise no warning at all.
- ``shows`` names the construction check (checks_v16.py), the plain test of the logged numbers a person would do to see
  the fault. A run that fails it did not show its fault: its injection (or, for a healthy run, its tuning) is fixed and
  it is regenerated; a run that still fails is left out of labels.json (labels_failed.json), never relabelled.
- ``context`` (labels.json) is what the person running it knows and could tell lossdoctor, in the schema of
  benchmarks/real_runs/score.py CONTEXT: the task and loss as they would name them, whether it is fine-tuning, whether
  the best checkpoint is restored at the end. It follows from the setup, never from the curve: the person classing
  radar activities says classification with cross-entropy (also the one whose mixup criterion lost its input mix: they
  believe the loss is mixup's cross-entropy), the person estimating walking speed says regression with another loss
  (the Student-t negative log-likelihood).
- lossdoctor's diagnosis was never run on these runs while they were written, tuned and generated; only its reader
  (``lossdoctor.read``) was, to check that every log is read whole.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios import _any, _g
from families_v11 import READER_FOR_V11

READER_FOR_V16 = dict(READER_FOR_V11)
TRAINERS_V16 = tuple(READER_FOR_V16)
STEP_LEVEL_V16 = {"torch_tb", "hf_state", "hf_stdout", "lightning_tb", "lightning_csv", "ignite", "wandb_csv"}

# What a user would say about each task (score.py CONTEXT's task and loss vocabularies).
_CONTEXT = {"activity": ("classification", "cross_entropy"), "speed": ("regression", "other")}


@dataclass(frozen=True)
class Family16:
    name: str
    fault: str
    data: str      # activity | speed
    model: str     # squeezenet | poolformer
    trainer: str   # one of TRAINERS_V16
    optimizer: str = "adam"   # adam | adamw | momentum | adamp | adamod | padam | sps
    lr: float = 1e-3
    weight_decay: float = 0.0
    schedule: str = "none"    # none | lincos | staircase
    padam_p: float = 0.125    # PAdam's partial power
    epochs: int = 15
    batch: int = 64
    n_train: int = 900
    n_val: int = 300
    width: int = 32
    blocks: int = 2           # PoolFormer blocks per stage
    layer_scale: float = 0.1  # PoolFormer's layer-scale initial value
    dropout: float = 0.0
    dropblock: float = 0.0    # DropBlock's drop probability (3x3 blocks after the first stage)
    log_every: int = 10
    eval_every: int = 0       # validate every N steps instead of per epoch
    early_stop: int = 0       # patience in epochs, on the validation loss
    restore_best: bool = False
    freq_width: int = 0       # SpecAugment: frequency masks of up to this many Doppler bins (training only)
    freq_masks: int = 1
    progressive: bool = False  # the first half of the epochs at half the resolution
    size_by_parity: bool = False  # the fault: progressive resizing indexed by the epoch's parity
    max_norm: float = 0.0     # per-filter max-norm constraint after every step
    clip: float = 0.0         # gradient-norm clipping
    zero_head: bool = False   # the output layer initialised at zero
    sps_c: float = 0.5
    sps_cap: float | None = 1.0
    sps_f_star: float = 0.0
    windows_per_recording: int = 12   # the loader cuts each recording into this many 2 s windows
    # ---- fault knobs -------------------------------------------------------------------------------------------
    one_subject_glob: bool = False      # `glob("data/subject_03/*.npy")` for training (meant `data/*/*.npy`)
    glob_rows: int = 64
    calibration_channel: bool = False   # `iq[..., 0]`: the reference tone's channel read as the echo
    trim_to_annotation: bool = False    # each clip cut to its annotated activity segment, then padded
    skip_db: bool = False               # the 10 log10 skipped: linear power standardised with the dB statistics
    val_no_fftshift: bool = False       # the validation export without np.fft.fftshift
    ghz77_epochs: tuple[int, ...] = ()  # in these epochs every other clip comes from the 77 GHz campaign
    exponent_sign_flipped: bool = False  # the staircase decay ported as `rate ** -(step // steps)`
    decay_in_recordings: bool = False   # the linear-cosine decay's steps counted in recordings, not windows
    sphere_all: bool = False            # `p.data = c * p / p.norm()` for every parameter
    maxnorm_from: int = 0               # from this epoch, the per-filter radius applied to whole tensors
    dropblock_in_eval: bool = False     # the hand-written DropBlock forgot `if not self.training`
    val_tta: bool = False               # validation through the inference script's test-time augmentation
    stop_at_acc: float = 0.0            # the smoke profile's `stop_at_accuracy` kept
    label_mix: bool = False             # mixup's criterion without the input mix, in training and validation
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
        return "student_t_nll" if self.data == "speed" else "ce"


def context(fam: Family16) -> dict[str, Any]:
    """What the user running this would know and say (score.py CONTEXT): task, loss, fine_tune, best_checkpoint."""
    task, loss = _CONTEXT[fam.data]
    return {"task": task, "loss": loss, "fine_tune": fam.fine_tune, "best_checkpoint": fam.restore_best}


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")
_OVERFIT = _any("overfitting", "generalization_gap")


def _healthy(name: str, fault: str, shows: str = "healthy", **kw: Any) -> Family16:
    return Family16(name, fault, healthy=True, allow=_BENIGN, shows=shows, **kw)


FAMILIES_V16: tuple[Family16, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h16_activity_squeezenet_adamp_lincos_kcsv",
             "none: radar micro-Doppler spectrograms classed by activity, a SqueezeNet (Fire modules, no "
             "normalisation) with AdamP under TF's linear-cosine decay, Keras' CSVLogger", data="activity",
             model="squeezenet", trainer="keras_csv", optimizer="adamp", lr=2e-3, schedule="lincos", epochs=15),
    _healthy("h16_activity_poolformer_adamod_staircase_lightning_tb",
             "none: noisy step-level logs: a PoolFormer with AdaMod under a staircase decay x0.6 every 2.4 epochs, "
             "Lightning's TensorBoard logger every 10th batch", data="activity", model="poolformer",
             trainer="lightning_tb", optimizer="adamod", lr=2e-3, schedule="staircase", epochs=12),
    _healthy("h16_activity_squeezenet_padam_freqmask_wandbcsv",
             "none: the SqueezeNet with PAdam (p 1/8, lr 0.05) and SpecAugment's frequency masks (up to 4 bins), "
             "the W&B history CSV", data="activity", model="squeezenet", trainer="wandb_csv", optimizer="padam",
             lr=0.05, freq_width=4, schedule="lincos", epochs=15),
    _healthy("h16_activity_poolformer_momentum_lincos_hfcard",
             "none: the PoolFormer with SGD momentum under the linear-cosine decay, the model card's results table",
             data="activity", model="poolformer", trainer="hf_card", optimizer="momentum", lr=0.05,
             schedule="lincos", epochs=14, log_every=8),
    _healthy("h16_activity_squeezenet_sps_capped_mlflow",
             "none: the SqueezeNet with SGD and the stochastic Polyak step (c 0.5, f* 0, its cap 0.1 under the "
             "linear-cosine decay), MLflow", data="activity", model="squeezenet", trainer="mlflow_epoch",
             optimizer="sps", sps_cap=0.1, schedule="lincos", epochs=15),
    _healthy("h16_activity_poolformer_adamw_earlystop_restore_torch_tb",
             "none: the PoolFormer with AdamW (weight decay 0.05) under the linear-cosine decay, early stopping on "
             "the validation loss (patience 3) restoring its best weights, SummaryWriter", data="activity",
             model="poolformer", trainer="torch_tb", optimizer="adamw", lr=2e-3, weight_decay=0.05,
             schedule="lincos", early_stop=3, restore_best=True, epochs=20, shows="healthy_floor"),
    _healthy("h16_activity_squeezenet_adam_maxnorm_dropblock_karpathy",
             "none: the SqueezeNet with Adam, a per-filter max-norm constraint (radius 3) after every step and "
             "DropBlock (0.1, 3x3) in training, nanoGPT-style prints", data="activity", model="squeezenet",
             trainer="karpathy", lr=1e-3, max_norm=3.0, dropblock=0.1, schedule="staircase", epochs=15,
             log_every=8),
    _healthy("h16_speed_poolformer_adamp_lincos_jsonl",
             "none: walking speed from the spectrograms with a Student-t NLL (3 degrees of freedom, a predicted "
             "scale), the PoolFormer with AdamP under the linear-cosine decay, JSON lines", data="speed",
             model="poolformer", trainer="jsonl", optimizer="adamp", lr=2e-3, schedule="lincos", epochs=10,
             shows="healthy_floor"),
    _healthy("h16_speed_squeezenet_adamod_lincos_savetxt",
             "none: the SqueezeNet with AdaMod under the linear-cosine decay, numpy.savetxt", data="speed",
             model="squeezenet", trainer="savetxt", optimizer="adamod", lr=2e-3, schedule="lincos", epochs=10,
             shows="healthy_floor"),
    _healthy("h16_speed_poolformer_padam_fullbatch_50ep_pandas_tsv",
             "none: a long converged run: the PoolFormer with PAdam, 50 full-batch epochs under the linear-cosine "
             "decay, a pandas TSV", data="speed", model="poolformer", trainer="pandas_tsv", optimizer="padam",
             lr=0.05, batch=900, schedule="lincos", epochs=50, shows="healthy_floor"),
    _healthy("h16_speed_squeezenet_momentum_clip_logging",
             "none: the SqueezeNet with SGD momentum, clipping 1.0 and the linear-cosine decay, Python logging "
             "lines", data="speed", model="squeezenet", trainer="print_logging", optimizer="momentum", lr=0.02,
             clip=1.0, schedule="lincos", epochs=12, shows="healthy_floor"),
    _healthy("h16_speed_poolformer_adam_freqmask_val_every_25_hfstate",
             "none: the PoolFormer with Adam under the linear-cosine decay, frequency masks, validation every 25 "
             "steps, trainer_state.json", data="speed", model="poolformer", trainer="hf_state", lr=2e-3,
             schedule="lincos", freq_width=3, eval_every=25, epochs=8, shows="healthy_floor"),
    _healthy("h16_speed_squeezenet_adamw_earlystop_ignite",
             "none: the SqueezeNet with AdamW under the staircase decay, early stopping (patience 4; the last weights "
             "kept), Ignite's printed lines", data="speed", model="squeezenet", trainer="ignite", optimizer="adamw",
             lr=1e-3, weight_decay=0.01, schedule="staircase", early_stop=4, epochs=12, log_every=8,
             shows="healthy_floor"),
    _healthy("h16_speed_poolformer_sps_capped_bracket",
             "none: the PoolFormer with the stochastic Polyak step (c 0.5, f* -1, below the NLL's reach, its cap "
             "0.2 under the linear-cosine decay), hand-written '[epoch ...]' prints", data="speed",
             model="poolformer", trainer="bracket", optimizer="sps", sps_cap=0.2, sps_f_star=-1.0,
             schedule="lincos", epochs=10, shows="healthy_floor"),
    # ---- faults ----------------------------------------------------------------------------------------------------
    Family16("f16_overfit_glob_one_subject_folder_poolformer_mlflow",
             "`glob('data/subject_03/*.npy')` (meant 'data/*/*.npy') for the training files: the PoolFormer "
             "(width 64) trains on one subject's 64 clips for 60 epochs at batch 16 and memorises them, validated "
             "on 200 clips of all twelve subjects (MLflow)", data="activity", model="poolformer",
             trainer="mlflow_epoch", lr=1e-3, one_subject_glob=True, glob_rows=64, width=64, batch=16, n_val=200,
             epochs=60, shows="overfitting",
             expect=(_OVERFIT,), allow=_g("noisy_validation", "plateau", "still_improving", "loss_spikes"),
             causes=_g("too_little_data", "model_too_large", "insufficient_regularization", "distribution_shift")),
    Family16("f16_underfit_dropblock_keep_prob_as_drop_squeezenet_pipe",
             "DropBlock(drop_prob=cfg.keep_prob): the TF recipe's keep probability 0.9 passed as the drop "
             "probability, so 90 % of both stages' feature maps is dropped in 3x3 blocks on every training "
             "step and the SqueezeNet barely learns ('|' prints)", data="activity", model="squeezenet",
             trainer="print_pipe", lr=1e-3, dropblock=0.9, epochs=12, shows="underfitting",
             expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train"),
             causes=_g("over_regularization", "regularization_only_in_training")),
    Family16("f16_chance_calibration_tone_channel_squeezenet_kjson",
             "`x = iq[..., 0]`: the recorder's channel 0 holds the reference calibration tone, the echo is channel "
             "1: every spectrogram is the same tone in noise and validation stays at chance (SqueezeNet, "
             "zero-initialised head; Keras History JSON)", data="activity", model="squeezenet", trainer="keras_json",
             lr=1e-3, calibration_channel=True, zero_head=True, epochs=8, shows="stuck_at_chance",
             expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting", "plateau"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "overfitting", "generalization_gap"),
             causes=_g("label_or_loss_misconfig", "training_step_bug")),
    Family16("f16_flat_polyak_f_star_set_to_chance_loss_squeezenet_savetxt",
             "the Polyak step's f* (the lowest loss the model can reach) set to ln 4, the chance loss, read as "
             "'the loss to beat': the step (f - f*) / (c ||g||^2) is 0 whenever the loss is at or below chance, "
             "and the zero-initialised head starts exactly there: the SqueezeNet never moves (numpy.savetxt)",
             data="activity", model="squeezenet", trainer="savetxt", optimizer="sps", sps_f_star=1.3863,
             sps_cap=0.5, zero_head=True, epochs=10, shows="loss_not_decreasing",
             expect=(_any("loss_not_decreasing", "plateau", "underfitting", "stuck_at_chance"),),
             allow=_g("noisy_validation", "val_below_train"), causes=_g("training_step_bug", "lr_too_low")),
    Family16("f16_nan_sphere_projection_all_params_poolformer_hfstdout",
             "the weight constraint written as `for p in model.parameters(): p.data = c * p / p.norm()` (meant: "
             "the conv weights, at most c): GroupNorm's zero-initialised biases are 0 / 0 after the first step and "
             "the PoolFormer's speed NLL is NaN from then on (HF-style printed dicts)", data="speed",
             model="poolformer", trainer="hf_stdout", lr=1e-3, sphere_all=True, max_norm=3.0, epochs=8,
             log_every=8, shows="nan_inf", expect=(_any("nan_inf", "divergence"),),
             allow=_g("loss_spikes", "oscillation", "train_loss_rebound", "abnormal_initial_loss", "noisy_validation",
                      "plateau", "still_improving", "loss_not_decreasing"),
             causes=_g("training_step_bug", "exploding_gradients")),
    Family16("f16_diverge_staircase_exponent_sign_flipped_squeezenet_fastai",
             "the EfficientNet recipe's staircase decay ported from its exp(-k t) form as a LambdaLR "
             "`lambda s: cfg.decay_rate ** -(s // steps)`, the minus kept: Adam's LR grows x1/0.6 every 2.4 epochs "
             "(2e-3 to 0.1 over 20 epochs) and the SqueezeNet's speed loss, after falling, climbs back (fastai's "
             "table)", data="speed", model="squeezenet", trainer="fastai", lr=2e-3, schedule="staircase",
             exponent_sign_flipped=True, epochs=20, shows="divergence",
             expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
             allow=_g("loss_spikes", "oscillation", "generalization_gap", "overfitting", "plateau", "noisy_validation",
                      "still_improving", "loss_not_decreasing", "underfitting"),
             causes=_g("lr_too_high", "training_step_bug")),
    Family16("f16_plateau_lincos_steps_in_recordings_poolformer_kfit",
             "the linear-cosine decay's decay_steps computed as epochs x len(recordings) // batch while the loader "
             "yields 8 windows per recording: the LR reaches its floor (0.001x) after 1/8 of the run and the "
             "PoolFormer's loss stalls (Keras fit() stdout)", data="activity", model="poolformer",
             trainer="keras_fit", lr=2e-3, schedule="lincos", decay_in_recordings=True, windows_per_recording=8,
             epochs=15, shows="plateau",
             expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "stuck_at_chance"),
             causes=_g("lr_too_low", "training_step_bug")),
    Family16("f16_oscillate_progressive_size_by_epoch_parity_poolformer_logging",
             "progressive resizing's `size = cfg.sizes[epoch % 2]` (meant `cfg.sizes[2 * epoch // cfg.epochs]`): "
             "the PoolFormer trains and validates at 16x16 on even epochs and 32x32 on odd ones, and the loss "
             "jumps up and down epoch by epoch (Python logging lines)", data="activity", model="poolformer",
             trainer="print_logging", lr=2e-3, size_by_parity=True, epochs=15,
             shows="oscillation", expect=(_any("oscillation", "loss_spikes", "noisy_validation", "divergence"),),
             allow=_g("plateau", "still_improving", "generalization_gap", "overfitting", "val_below_train",
                      "train_loss_rebound", "loss_not_decreasing", "underfitting"),
             causes=_g("training_step_bug",)),
    Family16("f16_spikes_77ghz_campaign_in_rotation_poolformer_pandas_tsv",
             "the loader rotates through campaign folders, and in the 6th, 10th and 14th epochs every other clip "
             "comes from the 77 GHz campaign, whose Doppler per m/s is 3.2x the 24 GHz axis the spectrograms are "
             "drawn on (no per-campaign axis): the lines sit in the wrong bins and the loss jumps in those epochs "
             "(PoolFormer; a pandas TSV)", data="activity", model="poolformer", trainer="pandas_tsv", lr=2e-3,
             ghz77_epochs=(5, 9, 13), epochs=16, shows="loss_spikes", expect=(_any("loss_spikes", "oscillation"),),
             allow=_g("noisy_validation", "train_loss_rebound", "still_improving", "plateau", "val_below_train",
                      "divergence"),
             causes=_g("training_step_bug", "distribution_shift")),
    Family16("f16_leak_clips_trimmed_to_annotation_squeezenet_hfstate",
             "each clip cut to its annotated activity segment (walk 2 s, run 1.6 s, wave 1.25 s, fall 0.9 s) and "
             "padded to 2 s: the padding's length is the label, in training and validation; dropout 0.3, DropBlock "
             "and frequency masks in training (SqueezeNet; trainer_state.json)", data="activity",
             model="squeezenet", trainer="hf_state", lr=2e-3, trim_to_annotation=True, dropout=0.3, dropblock=0.1,
             freq_width=6, epochs=15, shows="suspected_leakage", expect=(_any("suspected_leakage",),),
             allow=_g("val_below_train", "still_improving", "plateau", "noisy_validation"), causes=_g("data_leakage")),
    Family16("f16_init_db_conversion_skipped_squeezenet_bracket",
             "the `10 * log10(power)` step skipped (a preprocessing flag from a config for another model) while the "
             "standardisation keeps the survey's dB statistics: inputs of 1e3-1e5 standard deviations, and the "
             "SqueezeNet (no normalisation) starts with a cross-entropy many times ln 4 ('[epoch ...]' prints)",
             data="activity", model="squeezenet", trainer="bracket", lr=1e-3, skip_db=True, epochs=10,
             shows="abnormal_initial_loss", expect=(_any("abnormal_initial_loss",),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "plateau", "loss_spikes",
                      "oscillation", "generalization_gap", "overfitting", "loss_metric_disagreement", "underfitting"),
             causes=_g("unnormalized_input", "bad_initialization")),
    Family16("f16_valbelow_inference_tta_in_val_loop_poolformer_lcsv",
             "the validation loop calls the inference script's predict(), which averages the probabilities of four "
             "test-time views (the clip, time-reversed, rolled a quarter either way), while the training loss is "
             "one view with dropout 0.3 and frequency masks (PoolFormer; Lightning CSV)", data="activity",
             model="poolformer", trainer="lightning_csv", lr=2e-3, val_tta=True, dropout=0.3, freq_width=6,
             epochs=12, shows="val_below_train", expect=(_any("val_below_train",),),
             allow=_g("still_improving", "noisy_validation", "plateau", "loss_metric_disagreement"),
             causes=_g("measurement_offset", "regularization_only_in_training")),
    Family16("f16_noisyval_dropblock_active_in_eval_poolformer_ignite",
             "the hand-written DropBlock has no `if not self.training: return x`: it drops 30 % of the first "
             "stage in 3x3 blocks in validation too, on 32 clips (PoolFormer; Ignite prints)", data="activity",
             model="poolformer", trainer="ignite", lr=2e-3, dropblock=0.3, dropblock_in_eval=True, n_val=32,
             schedule="lincos", epochs=15, log_every=8, shows="noisy_validation",
             expect=(_any("noisy_validation",),),
             allow=_g("still_improving", "val_below_train", "plateau", "loss_spikes", "oscillation",
                      "generalization_gap", "overfitting"),
             causes=_g("training_step_bug", "small_validation_set")),
    Family16("f16_still_stop_at_accuracy_from_smoke_profile_squeezenet_karpathy",
             "`stop_at_accuracy: 0.75` kept from the smoke-test profile: the run stops at the first epoch whose "
             "validation accuracy reaches 0.75, while the SqueezeNet is still learning (nanoGPT-style prints)",
             data="activity", model="squeezenet", trainer="karpathy", lr=3e-4, stop_at_acc=0.75, epochs=40,
             batch=32, log_every=8, shows="still_improving", expect=(_any("still_improving",),),
             allow=_g("noisy_validation", "val_below_train", "underfitting"), causes=_g("insufficient_training")),
    Family16("f16_disagree_mixup_criterion_without_input_mix_poolformer_torch_tb",
             "mixup's criterion lam CE(y) + (1 - lam) CE(y[perm]) kept while the line mixing the inputs was lost "
             "in a refactor, and the evaluation loop calls the same criterion: every target is the clip's class "
             "mixed with a random other clip's, the loss cannot go below ~1.07 (ln 4 = 1.39) while the argmax is "
             "right (PoolFormer; SummaryWriter)", data="activity", model="poolformer", trainer="torch_tb",
             label_mix=True, lr=2e-3, epochs=15, shows="loss_metric_disagreement",
             expect=(_any("loss_metric_disagreement", "plateau", "underfitting", "stuck_at_chance",
                          "loss_not_decreasing"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "generalization_gap"),
             causes=_g("label_or_loss_misconfig",)),
    Family16("f16_gap_val_export_without_fftshift_squeezenet_jsonl",
             "the validation export's spectrogram made without np.fft.fftshift: its two halves swapped, so "
             "approaching and receding motion sit in the other half of the Doppler axis than in training "
             "(SqueezeNet; JSON lines)", data="activity", model="squeezenet", trainer="jsonl", lr=2e-3,
             val_no_fftshift=True, epochs=12, shows="generalization_gap", expect=(_any("generalization_gap", "overfitting"),),
             allow=_g("noisy_validation", "plateau", "still_improving", "loss_metric_disagreement", "divergence",
                      "abnormal_initial_loss"),
             causes=_g("distribution_shift", "training_step_bug")),
    Family16("f16_rebound_stage2_maxnorm_whole_tensor_squeezenet_kv",
             "stage 2 (from epoch 9) switches on the max-norm constraint with the recipe's per-filter radius 1.0 "
             "applied to each whole weight tensor: every layer of the SqueezeNet (no normalisation) is shrunk "
             "several-fold at once and the training loss jumps back towards its start (key=value prints)",
             data="activity", model="squeezenet", trainer="print_kv", lr=2e-3, max_norm=1.0, maxnorm_from=8,
             epochs=16, shows="train_loss_rebound",
             expect=(_any("train_loss_rebound", "divergence", "loss_spikes", "oscillation"),),
             allow=_g("plateau", "noisy_validation", "still_improving", "generalization_gap", "overfitting",
                      "val_below_train", "underfitting", "loss_not_decreasing", "stuck_at_chance"),
             causes=_g("training_step_bug", "over_regularization")),
)
