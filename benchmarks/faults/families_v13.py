"""The thirteenth generation of model families: tasks, models, optimisers, training setups and writer combinations
that v1-v12 (families.py, families_v2.py .. families_v12.py) did not use, for release 14's honest number.

The label rule, fixed and committed before any full-length run was generated, and never changed to fit a curve:

- ``expect`` is the symptom the injected fault produces by construction (one group; any name in it counts: the names a
  practitioner would accept for the same curve); ``allow`` lists what may also be true of such a run; ``causes`` is the
  injected cause (the top-3 cause metric); ``healthy`` runs must raise no warning at all.
- ``shows`` names the construction check (checks_v13.py), the plain test of the logged numbers a person would do to see
  the fault. A run that fails it did not show its fault: its injection (or, for a healthy run, its tuning) is fixed and
  it is regenerated; a run that still fails is left out of labels.json (labels_failed.json), never relabelled.
- ``context`` (labels.json) is what the person running it knows and could tell lossdoctor, in the schema of
  benchmarks/real_runs/score.py CONTEXT: the task and loss as they would name them, whether it is fine-tuning, whether
  the best checkpoint is restored at the end. It follows from the setup, never from the curve: the person classing
  spectra says cross-entropy (also the one whose logits were L2-normalised: they believe the loss is cross-entropy),
  the person fitting rental counts says regression with another loss (a negative binomial NLL), the person training
  a PDE surrogate says regression with another loss (the relative L2 error).
- lossdoctor's diagnosis was never run on these runs while they were written, tuned and generated; only its reader
  (``lossdoctor.read``) was, to check that every log is read whole.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios import _any, _g
from families_v11 import READER_FOR_V11

READER_FOR_V13 = dict(READER_FOR_V11)
TRAINERS_V13 = tuple(READER_FOR_V13)
STEP_LEVEL_V13 = {"torch_tb", "hf_state", "hf_stdout", "lightning_tb", "lightning_csv", "ignite", "wandb_csv"}

# What a user would say about each task (score.py CONTEXT's task and loss vocabularies).
_CONTEXT = {"spectra": ("classification", "cross_entropy"), "bikes": ("regression", "other"),
            "burgers": ("regression", "other")}


@dataclass(frozen=True)
class Family13:
    name: str
    fault: str
    data: str      # spectra | bikes | burgers
    model: str     # inception | gmlp | dcn | fno
    trainer: str   # one of TRAINERS_V13
    optimizer: str = "adam"   # adam | adamw | momentum | prodigy | lars | cautious
    lr: float = 1e-3
    weight_decay: float = 0.0
    betas: tuple[float, float] = (0.9, 0.999)
    lars_eta: float = 1e-3    # LARS trust coefficient
    schedule: str = "none"    # none | cosine | cosine_minlr | wsd_sqrt | warmup_cosine | compound
    eta_min: float = 0.0      # cosine: torch's CosineAnnealingLR eta_min (absolute)
    min_lr_rate: float = 0.1  # cosine_minlr: the floor relative to the LR (HF's cosine_with_min_lr)
    warmup: int = 0           # warmup_cosine: linear warm-up steps
    epochs: int = 15
    batch: int = 64
    n_train: int = 2000
    n_val: int = 400
    width: int = 32
    blocks: int = 2
    dropout: float = 0.0
    log_every: int = 10
    eval_every: int = 0          # validate every N steps instead of per epoch
    early_stop: int = 0          # patience in epochs, on the validation loss
    restore_best: bool = False
    pretrain: int = 0            # epochs of unlogged pre-training (compounds 0-1 vs 2-4), then a fresh head
    gradual_unfreeze: bool = False
    fp16: bool = False           # float16 autocast on the CPU with a dynamic GradScaler
    agc: float = 0.0             # adaptive gradient clipping factor
    augment: bool = False        # spectra: a random roll of up to 3 channels and noise, training only
    cutmix: bool = False
    weight_norm: bool = False    # DCN's deep layers weight-normalised
    zero_head: bool = False      # the output layer initialised at zero
    # ---- fault knobs -------------------------------------------------------------------------------------------
    aug_seeded_by_index: bool = False   # np.random.seed(index) in __getitem__: the same augmentation every epoch
    act_unused: bool = False            # InceptionTime's self.act defined but never applied
    label_fold_column: bool = False     # y = df.iloc[:, -1]: the appended fold column (0-4), not the compound
    file_dummies: bool = False          # pd.get_dummies(df) one-hot encodes the source file column too
    val_offset: float = 0.0             # validation from an instrument with a calibration offset (channels)
    params_consumed: bool = False       # parameter groups as generators consumed by a count print: empty groups
    raw_dispersion: bool = False        # the NB dispersion head without its softplus
    transmittance_epochs: tuple[int, ...] = ()  # in these epochs every other batch is in transmittance
    sum_pool: bool = False              # gMLP's tokens summed, not averaged, before the head
    loss_per_batch_count: bool = False  # running += loss * batch_size, then / len(train_loader)
    val_last_batch: bool = False        # val_loss = criterion(...) in the loop: only the last shuffled batch
    max_steps: int = 0                  # epochs = max_steps // len(train_set) (rows, meant batches)
    logits_l2norm: bool = False         # F.normalize on the logits (from the embedding code)
    shift_ramp_from: int = 0            # from this epoch the augmentation's roll grows by shift_ramp x 128 channels
    shift_ramp: float = 0.0
    shows: str = ""
    expect: tuple[tuple[str, ...], ...] = ()
    allow: frozenset[str] = frozenset()
    causes: frozenset[str] = frozenset()
    healthy: bool = False
    fine_tune: bool = False
    note: str = ""

    @property
    def precision(self) -> str:
        return "fp16" if self.fp16 else "fp32"

    @property
    def loss(self) -> str:
        return {"bikes": "negative_binomial_nll", "burgers": "relative_l2"}.get(self.data, "ce")


def context(fam: Family13) -> dict[str, Any]:
    """What the user running this would know and say (score.py CONTEXT): task, loss, fine_tune, best_checkpoint."""
    task, loss = _CONTEXT[fam.data]
    return {"task": task, "loss": loss, "fine_tune": fam.fine_tune, "best_checkpoint": fam.restore_best}


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")
_OVERFIT = _any("overfitting", "generalization_gap")


def _healthy(name: str, fault: str, shows: str = "healthy", **kw: Any) -> Family13:
    return Family13(name, fault, healthy=True, allow=_BENIGN, shows=shows, **kw)


FAMILIES_V13: tuple[Family13, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h13_spectra_inception_prodigy_cosine_fastai",
             "none: absorbance spectra classed by their dominant compound, InceptionTime, Prodigy (LR 1.0, its step "
             "size estimated) under a per-step cosine, fastai's printed table", data="spectra", model="inception",
             trainer="fastai", optimizer="prodigy", lr=1.0, schedule="cosine", blocks=3, epochs=12),
    _healthy("h13_spectra_gmlp_cautious_adamw_wsd_sqrt_torch_tb",
             "none: noisy step-level logs: a gMLP over 16 patches of 8 channels with Cautious AdamW (weight decay 0.05 "
             "on matrices), warm-up, stable, then a 1-sqrt cooldown, batch 32, SummaryWriter every 10th batch",
             data="spectra", model="gmlp", trainer="torch_tb", optimizer="cautious", lr=2e-3, weight_decay=0.05,
             schedule="wsd_sqrt", batch=32, epochs=12),
    _healthy("h13_spectra_dcn_lars_batch512_warmup_cosine_kcsv",
             "none: DCN-v2 on the 128 channels as table columns, LARS (trust coefficient 1e-3) at batch 512 with "
             "a linear warm-up and cosine decay, 4000 spectra, Keras' CSVLogger", data="spectra", model="dcn",
             trainer="keras_csv", optimizer="lars", lr=4.0, weight_decay=1e-4, schedule="warmup_cosine", warmup=40,
             batch=512, n_train=4000, width=64, epochs=30, dropout=0.1),
    _healthy("h13_spectra_inception_adam_fp16_gradscaler_hfstdout",
             "none: InceptionTime under float16 autocast with a dynamic GradScaler, Adam with HF's cosine_with_min_lr "
             "(floor 0.1 of the LR), HF-style printed dicts", data="spectra", model="inception", trainer="hf_stdout",
             lr=1e-2, schedule="cosine_minlr", fp16=True, epochs=10, log_every=8),
    _healthy("h13_spectra_inception_finetune_gradual_unfreeze_mlflow",
             "none: fine-tuning: InceptionTime pre-trained (unlogged) on compounds 0-1 against 2-4, a fresh head, "
             "gradual unfreezing (the head first, one more module each epoch), AdamW, MLflow", data="spectra",
             model="inception", trainer="mlflow_epoch", optimizer="adamw", lr=1e-3, weight_decay=0.01, blocks=3,
             pretrain=3, gradual_unfreeze=True, epochs=8, fine_tune=True, shows="healthy_finetune"),
    _healthy("h13_spectra_gmlp_cutmix_agc_earlystop_restore_wandbcsv",
             "none: the gMLP with CutMix and a small roll augmentation, adaptive gradient clipping (0.02), AdamW with "
             "a cosine to 0, early stopping on the validation loss (patience 3) restoring its best weights, the W&B "
             "history CSV", data="spectra", model="gmlp", trainer="wandb_csv", optimizer="adamw", lr=2e-3,
             weight_decay=0.05, schedule="cosine", cutmix=True, augment=True, agc=0.02, early_stop=3,
             restore_best=True, epochs=20, shows="healthy_floor"),
    _healthy("h13_bikes_dcn_prodigy_warmup_cosine_jsonl",
             "none: hourly bike rentals fitted by DCN-v2 with a negative binomial NLL, Prodigy with a 100-step linear "
             "warm-up then cosine (as its authors advise), JSON lines", data="bikes", model="dcn", trainer="jsonl",
             optimizer="prodigy", lr=1.0, schedule="warmup_cosine", warmup=100, width=64, epochs=15, shows="healthy_floor"),
    _healthy("h13_bikes_gmlp_cautious_adamw_earlystop_kv",
             "none: a gMLP over the 9 feature tokens with Cautious AdamW and a cosine, early stopping (patience 3, "
             "the run stops, last weights kept), key=value prints", data="bikes", model="gmlp", trainer="print_kv",
             optimizer="cautious", lr=2e-3, schedule="cosine", early_stop=3, epochs=20, shows="healthy_floor"),
    _healthy("h13_bikes_dcn_weightnorm_momentum_agc_lcsv",
             "none: DCN-v2 with weight-normalised deep layers, SGD momentum with adaptive gradient clipping (0.01) "
             "and a 1-sqrt cooldown schedule, Lightning's CSVLogger", data="bikes", model="dcn",
             trainer="lightning_csv", optimizer="momentum", lr=0.02, weight_norm=True, agc=0.01, schedule="wsd_sqrt",
             width=64, epochs=15, shows="healthy_floor"),
    _healthy("h13_bikes_dcn_cautious_adamw_fullbatch_150ep_pandas_tsv",
             "none: a long converged run: DCN-v2 with Cautious AdamW, 150 full-batch epochs with HF's "
             "cosine_with_min_lr, a pandas TSV", data="bikes", model="dcn", trainer="pandas_tsv", optimizer="cautious",
             lr=1e-2, schedule="cosine_minlr", batch=3000, n_train=3000, width=64, epochs=150,
             shows="healthy_floor"),
    _healthy("h13_burgers_fno_adam_cosine_minlr_savetxt",
             "none: a Fourier neural operator mapping Burgers' initial field to t = 1, relative L2 loss, Adam with "
             "HF's cosine_with_min_lr, numpy.savetxt", data="burgers", model="fno", trainer="savetxt", lr=2e-3,
             schedule="cosine_minlr", blocks=3, epochs=15),
    _healthy("h13_burgers_gmlp_prodigy_cosine_kjson",
             "none: the gMLP over the 64 grid points (value and position) with Prodigy and a cosine, Keras History "
             "JSON", data="burgers", model="gmlp", trainer="keras_json", optimizer="prodigy", lr=1.0,
             schedule="cosine", epochs=15),
    _healthy("h13_burgers_fno_cautious_adamw_wsd_sqrt_ignite",
             "none: the FNO with Cautious AdamW and the 1-sqrt cooldown, Ignite's printed lines", data="burgers",
             model="fno", trainer="ignite", optimizer="cautious", lr=2e-3, schedule="wsd_sqrt", blocks=3, epochs=15,
             log_every=8),
    _healthy("h13_burgers_fno_lars_val_every_30_hfstate",
             "none: the FNO with LARS and warm-up + cosine, validation every 30 steps, trainer_state.json",
             data="burgers", model="fno", trainer="hf_state", optimizer="lars", lr=2.0, schedule="warmup_cosine",
             warmup=30, blocks=3, eval_every=30, epochs=12),
    # ---- faults ----------------------------------------------------------------------------------------------------
    Family13("f13_overfit_augment_seeded_by_index_gmlp_spectra_pipe",
             "np.random.seed(index) in the dataset's __getitem__ (for reproducibility): every spectrum gets the same "
             "roll and noise every epoch, so the augmentation adds nothing; a 128-wide gMLP on 150 spectra, 40 "
             "epochs at batch 16 memorises them ('|' prints)", data="spectra", model="gmlp", trainer="print_pipe",
             lr=2e-3, augment=True, aug_seeded_by_index=True, n_train=150, n_val=600, width=128, epochs=40, batch=16,
             shows="overfitting", expect=(_OVERFIT,),
             allow=_g("noisy_validation", "plateau", "still_improving", "loss_spikes"),
             causes=_g("too_little_data", "model_too_large", "insufficient_regularization")),
    Family13("f13_underfit_activation_unused_inception_kfit",
             "InceptionTime whose forward never applies the self.act = nn.ReLU() it defines: the convolutions stack "
             "linearly (only the max-pool branch bends), and global average pooling leaves almost nothing of where "
             "the bands are (Keras fit() stdout)", data="spectra", model="inception", trainer="keras_fit", lr=2e-3,
             act_unused=True, blocks=3, epochs=12, shows="underfitting",
             expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train"),
             causes=_g("training_step_bug", "model_too_small")),
    Family13("f13_chance_label_read_from_fold_column_dcn_logging",
             "the label read as df.iloc[:, -1] after a fold column (0-4) was appended for cross-validation: every "
             "spectrum's label is its fold, unrelated to it, and validation stays at chance (DCN-v2, zero-initialised "
             "head; Python logging lines)", data="spectra", model="dcn", trainer="print_logging", lr=1e-3,
             label_fold_column=True, zero_head=True, width=64, epochs=12, shows="stuck_at_chance",
             expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting", "plateau"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "overfitting", "generalization_gap"),
             causes=_g("label_or_loss_misconfig", "training_step_bug")),
    Family13("f13_flat_param_groups_generators_consumed_gmlp_hfcard",
             "the decay / no-decay parameter groups built as generators and counted by a print first: the optimizer "
             "receives two empty groups, no error, and AdamW never moves the gMLP (the model card's results table)",
             data="spectra", model="gmlp", trainer="hf_card", optimizer="adamw", lr=1e-3, weight_decay=0.05,
             params_consumed=True, epochs=10, log_every=8, shows="loss_not_decreasing",
             expect=(_any("loss_not_decreasing", "plateau", "underfitting", "stuck_at_chance"),),
             allow=_g("noisy_validation", "val_below_train"),
             causes=_g("training_step_bug",)),
    Family13("f13_nan_nb_dispersion_without_softplus_dcn_karpathy",
             "the negative binomial's dispersion head used raw (its softplus forgotten): r < 0 on about half the "
             "rows, log(r / (r + mu)) is NaN from the first batch and the weights turn NaN (nanoGPT-style prints)",
             data="bikes", model="dcn", trainer="karpathy", lr=1e-3, raw_dispersion=True, width=64, epochs=8,
             log_every=8, shows="nan_inf", expect=(_any("nan_inf", "divergence"),),
             allow=_g("loss_spikes", "oscillation", "train_loss_rebound", "abnormal_initial_loss", "noisy_validation",
                      "plateau", "still_improving", "loss_not_decreasing"),
             causes=_g("label_or_loss_misconfig", "training_step_bug")),
    Family13("f13_diverge_cosine_eta_min_absolute_fno_burgers_bracket",
             "CosineAnnealingLR(T_max, eta_min=0.5) where eta_min was meant relative (0.5 x the LR, as HF's "
             "min_lr_rate): torch's eta_min is absolute, so SGD momentum's LR anneals upwards from 1e-3 to 0.5 and "
             "the FNO's relative L2 error climbs back up until it overflows (hand-written '[epoch ...]' prints)",
             data="burgers", model="fno", trainer="bracket", optimizer="momentum", lr=1e-3, schedule="cosine",
             eta_min=0.5, blocks=3, epochs=15,
             shows="divergence", expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
             allow=_g("loss_spikes", "oscillation", "generalization_gap", "overfitting", "plateau", "noisy_validation",
                      "still_improving", "loss_not_decreasing", "underfitting"),
             causes=_g("lr_too_high", "training_step_bug")),
    Family13("f13_plateau_schedule_factor_compounded_inception_hfstate",
             "a hand-written cosine applied as lr = lr x factor(step) each step (meant base_lr x factor(step)): the "
             "factors compound, the LR is gone within the first third of the run and the loss stalls "
             "(trainer_state.json)", data="spectra", model="inception", trainer="hf_state", lr=1e-2,
             schedule="compound", blocks=3, epochs=15, shows="plateau",
             expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "stuck_at_chance"),
             causes=_g("lr_too_low", "training_step_bug")),
    Family13("f13_oscillate_adam_betas_swapped_dcn_spectra_lcsv",
             "Adam's betas given in the wrong order, (0.999, 0.9): a momentum with a thousand-step memory over a "
             "ten-step second moment; once DCN-v2 nears its minimum its loss jumps up and down by orders of "
             "magnitude between epochs (Lightning CSV)", data="spectra", model="dcn", trainer="lightning_csv", lr=2e-3, betas=(0.999, 0.9),
             width=64, epochs=20,
             shows="oscillation", expect=(_any("oscillation", "loss_spikes", "noisy_validation", "divergence"),),
             allow=_g("plateau", "still_improving", "generalization_gap", "overfitting", "val_below_train",
                      "train_loss_rebound", "loss_not_decreasing", "underfitting", "nan_inf"),
             causes=_g("lr_too_high", "training_step_bug")),
    Family13("f13_spikes_transmittance_shard_dcn_jsonl",
             "in the 5th, 10th and 15th epochs every other batch comes from a shard the instrument exported as "
             "transmittance (10^-A) instead of absorbance: the bands point down, the loss jumps in those epochs "
             "(DCN-v2; JSON lines)", data="spectra", model="dcn", trainer="jsonl", lr=1e-3, width=64,
             transmittance_epochs=(4, 9, 14), epochs=18, shows="loss_spikes",
             expect=(_any("loss_spikes", "oscillation"),),
             allow=_g("noisy_validation", "train_loss_rebound", "still_improving", "plateau", "val_below_train",
                      "divergence"),
             causes=_g("label_or_loss_misconfig", "training_step_bug")),
    Family13("f13_leak_get_dummies_source_file_column_dcn_kcsv",
             "pd.get_dummies(df) on the table built from one CSV file per compound, its source_file column included: "
             "five one-hot columns name the compound, in training and validation; dropout 0.3 in training (DCN-v2; "
             "Keras CSVLogger)", data="spectra", model="dcn", trainer="keras_csv", lr=2e-3,
             file_dummies=True, dropout=0.3, width=64, epochs=30, shows="suspected_leakage",
             expect=(_any("suspected_leakage",),),
             allow=_g("val_below_train", "still_improving", "plateau", "noisy_validation"),
             causes=_g("data_leakage")),
    Family13("f13_init_gmlp_tokens_summed_not_averaged_mlflow",
             "the gMLP's token pooling written h.sum(1) (meant h.mean(1)): 16 tokens summed before the head, logits "
             "16x their size, a first cross-entropy many times ln 5 (SGD momentum; MLflow)", data="spectra",
             model="gmlp", trainer="mlflow_epoch", optimizer="momentum", lr=5e-3, sum_pool=True, epochs=10,
             shows="abnormal_initial_loss", expect=(_any("abnormal_initial_loss",),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "plateau", "loss_spikes",
                      "oscillation", "generalization_gap", "overfitting", "loss_metric_disagreement", "underfitting"),
             causes=_g("bad_initialization", "training_step_bug")),
    Family13("f13_valbelow_epoch_loss_over_batch_count_inception_pipe",
             "the epoch's training loss accumulated as running += loss.item() x batch_size and divided by "
             "len(train_loader) (batches, not rows): the logged training loss is 64x what it is; validation is "
             "averaged right ('|' prints)", data="spectra", model="inception", trainer="print_pipe", lr=2e-3,
             loss_per_batch_count=True, epochs=12, shows="val_below_train", expect=(_any("val_below_train",),),
             allow=_g("still_improving", "noisy_validation", "plateau", "abnormal_initial_loss",
                      "loss_metric_disagreement"),
             causes=_g("training_step_bug", "measurement_offset")),
    Family13("f13_noisyval_val_loss_overwritten_last_batch_gmlp_lightning_tb",
             "val_loss = criterion(model(x), y) inside the validation loop (meant +=) over a shuffled loader of "
             "batch 64: the logged validation loss is the last batch's, 10 random spectra of 330 (Lightning "
             "TensorBoard)", data="spectra", model="gmlp", trainer="lightning_tb", lr=2e-3, n_val=330,
             val_last_batch=True, epochs=15, log_every=8, shows="noisy_validation",
             expect=(_any("noisy_validation",),),
             allow=_g("still_improving", "val_below_train", "plateau", "loss_spikes", "oscillation",
                      "generalization_gap", "overfitting"),
             causes=_g("small_validation_set", "training_step_bug")),
    Family13("f13_still_epochs_from_rows_not_batches_fno_wandbcsv",
             "the run's length computed as max_steps // len(train_set) (rows; meant len(train_loader), batches): "
             "10000 // 2000 = 5 epochs of the FNO instead of 160, stopped while learning (the W&B history CSV)",
             data="burgers", model="fno", trainer="wandb_csv", lr=5e-4, max_steps=10000, batch=32, blocks=3,
             shows="still_improving", expect=(_any("still_improving",),),
             allow=_g("noisy_validation", "val_below_train", "underfitting"), causes=_g("insufficient_training")),
    Family13("f13_disagree_logits_l2_normalised_dcn_bracket",
             "F.normalize(logits) left on the classifier's output (copied from the embedding code): unit-norm logits, "
             "the cross-entropy cannot go below 0.84 (ln 5 = 1.61) while the argmax is right (DCN-v2; hand-written "
             "'[epoch ...]' prints)", data="spectra", model="dcn", trainer="bracket", lr=2e-3,
             logits_l2norm=True, width=64, epochs=20, shows="loss_metric_disagreement",
             expect=(_any("loss_metric_disagreement", "plateau", "underfitting", "stuck_at_chance"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "loss_not_decreasing",
                      "generalization_gap"),
             causes=_g("label_or_loss_misconfig",)),
    Family13("f13_gap_val_instrument_calibration_offset_gmlp_ignite",
             "validation spectra from a second instrument whose wavelength calibration is off by 12 channels: every "
             "band sits elsewhere (the gMLP; Ignite prints)", data="spectra", model="gmlp", trainer="ignite",
             lr=2e-3, val_offset=12.0, epochs=12, log_every=8, shows="generalization_gap",
             expect=(_any("generalization_gap", "overfitting"),),
             allow=_g("noisy_validation", "plateau", "still_improving", "loss_metric_disagreement", "divergence",
                      "abnormal_initial_loss"),
             causes=_g("distribution_shift",)),
    Family13("f13_rebound_shift_ramp_in_channels_dcn_kjson",
             "an augmentation-strength ramp meant to widen the random roll by 0.05 x 8 channels an epoch, multiplied "
             "by the spectrum's 128 channels: from epoch 6 the spectra are rolled by up to 6, 13, 19 .. channels and "
             "DCN-v2's training loss climbs back (Keras History JSON)", data="spectra", model="dcn",
             trainer="keras_json", lr=2e-3, augment=True, shift_ramp_from=6, shift_ramp=0.05, width=64, epochs=16,
             shows="train_loss_rebound",
             expect=(_any("train_loss_rebound", "divergence", "loss_spikes", "oscillation"),),
             allow=_g("plateau", "noisy_validation", "still_improving", "generalization_gap", "overfitting",
                      "val_below_train", "underfitting", "loss_not_decreasing"),
             causes=_g("training_step_bug", "over_regularization")),
)
