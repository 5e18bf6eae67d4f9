"""The twelfth generation of model families: tasks, models, training setups and writer combinations that v1-v11
(families.py, families_v2.py .. families_v11.py) did not use, for release 13's honest number.

The label rule, fixed and committed before any full-length run was generated, and never changed to fit a curve:

- ``expect`` is the symptom the injected fault produces by construction (one group; any name in it counts: the names a
  practitioner would accept for the same curve); ``allow`` lists what may also be true of such a run; ``causes`` is the
  injected cause (the top-3 cause metric); ``healthy`` runs must raise no warning at all.
- ``shows`` names the construction check (checks_v12.py), the plain test of the logged numbers a person would do to see
  the fault. A run that fails it did not show its fault: its injection (or, for a healthy run, its tuning) is fixed and
  it is regenerated; a run that still fails is left out of labels.json (labels_failed.json), never relabelled.
- ``context`` (labels.json) is what the person running it knows and could tell lossdoctor, in the schema of
  benchmarks/real_runs/score.py CONTEXT: the task and loss as they would name them, whether it is fine-tuning, whether
  the best checkpoint is restored at the end. It follows from the setup, never from the curve: the person classing
  gestures says cross-entropy (also the one whose softmax ran over the batch axis, and the one with R-Drop's term),
  the person fitting rating histograms says other / other (a squared earth mover's distance), the person fitting
  reaction rates says regression with another loss (log-cosh).
- lossdoctor's diagnosis was never run on these runs while they were written, tuned and generated; only its reader
  (``lossdoctor.read``) was, to check that every log is read whole.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios import _any, _g
from families_v11 import READER_FOR_V11

READER_FOR_V12 = dict(READER_FOR_V11)
TRAINERS_V12 = tuple(READER_FOR_V12)
STEP_LEVEL_V12 = {"torch_tb", "hf_state", "hf_stdout", "lightning_tb", "lightning_csv", "ignite", "wandb_csv"}

# What a user would say about each task (score.py CONTEXT's task and loss vocabularies).
_CONTEXT = {"gesture": ("classification", "cross_entropy"), "ratings": ("other", "other"),
            "kinetics": ("regression", "other")}


@dataclass(frozen=True)
class Family12:
    name: str
    fault: str
    data: str      # gesture | ratings | kinetics
    model: str     # seres | mingru | kan | ftt
    trainer: str   # one of TRAINERS_V12
    optimizer: str = "adam"   # adam | adamw | momentum | muon | ademamix
    lr: float = 1e-3
    weight_decay: float = 0.0
    schedule: str = "none"    # none | rex | poly | cyclic_exp | warmup
    warmup: int = 0           # warmup: LambdaLR(lambda s: min(1, s / warmup))
    warmup_cap: bool = True   # the fault when False: lambda s: s / warmup, no min(1, ...)
    cyclic_gamma: float = 0.99995  # CyclicLR(mode='exp_range'): the amplitude x gamma every step
    epochs: int = 15
    batch: int = 64
    n_train: int = 2000
    n_val: int = 400
    width: int = 32
    blocks: int = 2
    dropout: float = 0.0
    log_every: int = 10
    eval_every: int = 0          # validate every N steps instead of per epoch
    head_lr_mult: float = 1.0    # the head's LR as a multiple of the body's (discriminative fine-tuning)
    betas: tuple[float, float] = (0.9, 0.999)  # Adam / AdamW
    ademamix_alpha: float = 5.0
    ademamix_warmup: int = 500
    early_stop: int = 0          # patience in evaluations
    min_delta: float = 0.0       # an improvement smaller than this is none
    stop_on: str = "val_loss"    # val_loss | val_acc
    restore_best: bool = False
    train_smoothing: float = 0.0 # label smoothing in the training loss only
    pretrain: int = 0            # epochs of unlogged pre-training (closed vs open gestures), then a fresh head
    # ---- fault knobs -------------------------------------------------------------------------------------------
    split_swapped: bool = False        # random_split(ds, [n_val, n_train])
    labels_sorted: bool = False        # labels sorted by class, joined to features in file order
    copies: int = 0                    # every gesture copied this many times with jitter before the split
    val_xy_swapped: bool = False       # the validation export's columns in (y, x) order
    val_share_squared: bool = False    # validation = 10 % of the 10 % hold-out
    target_seconds: bool = False       # the target the half-life in seconds ...
    naive_logcosh: bool = False        # ... and log-cosh written torch.log(torch.cosh(e))
    pool_first: bool = False           # the minGRU's pooled state taken at time 0 (out[:, 0])
    loss_rewrapped: bool = False       # loss = torch.tensor(loss.item(), requires_grad=True) before backward
    reversed_epochs: tuple[int, ...] = ()  # in these epochs every other batch has its readings in reverse time order
    rdrop: float = 0.0                 # R-Drop's KL weight (in the logged training loss)
    softmax_dim0: bool = False         # nn.Softmax(dim=0) + log + NLLLoss: normalised over the batch
    label_noise_from: int = 0          # from this epoch a random relabelling rate of label_noise_step x (epochs since)
    label_noise_step: float = 0.0
    head_int8: bool = False            # the pre-trained head loaded from an int8 checkpoint without its scale
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
        return {"ratings": "squared_emd", "kinetics": "log_cosh"}.get(self.data, "ce")


def context(fam: Family12) -> dict[str, Any]:
    """What the user running this would know and say (score.py CONTEXT): task, loss, fine_tune, best_checkpoint."""
    task, loss = _CONTEXT[fam.data]
    return {"task": task, "loss": loss, "fine_tune": fam.fine_tune, "best_checkpoint": fam.restore_best}


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")
_OVERFIT = _any("overfitting", "generalization_gap")


def _healthy(name: str, fault: str, shows: str = "healthy", **kw: Any) -> Family12:
    return Family12(name, fault, healthy=True, allow=_BENIGN, shows=shows, **kw)


FAMILIES_V12: tuple[Family12, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h12_gesture_seres_muon_rex_fastai",
             "none: pen gestures classed by shape, a 1-D ResNet with squeeze-and-excitation blocks, Muon with an "
             "auxiliary AdamW, the REX schedule per step, fastai's printed table", data="gesture", model="seres",
             trainer="fastai", optimizer="muon", lr=2e-3, schedule="rex", epochs=12),
    _healthy("h12_gesture_mingru_ademamix_torch_tb",
             "none: noisy step-level logs: a stacked minGRU on the gestures with AdEMAMix (alpha 5 warmed up over "
             "500 steps), batch 32, SummaryWriter every 10th batch", data="gesture", model="mingru",
             trainer="torch_tb", optimizer="ademamix", lr=1e-3, batch=32, epochs=10),
    _healthy("h12_gesture_kan_adamw_polylr_kjson",
             "none: a Chebyshev KAN on the 80 coordinates with dropout 0.3, AdamW (weight decay 0.05, none on norms "
             "and biases), PolynomialLR per epoch, Keras History JSON", data="gesture", model="kan",
             trainer="keras_json", optimizer="adamw", lr=2e-3, weight_decay=0.05, dropout=0.3, schedule="poly",
             width=32, epochs=10),
    _healthy("h12_gesture_seres_adam_cyclic_exp_range_hfstdout",
             "none: the SE-ResNet with Adam under CyclicLR(mode='exp_range', gamma 0.99995 a step), HF-style "
             "printed dicts", data="gesture", model="seres", trainer="hf_stdout", lr=3e-3, schedule="cyclic_exp",
             epochs=12, log_every=8),
    _healthy("h12_gesture_seres_finetune_closed_vs_open_discriminative_mlflow",
             "none: fine-tuning: the SE-ResNet pre-trained (unlogged) on closed vs open strokes, a fresh 5-gesture "
             "head at 10x the body's LR (discriminative LRs), AdamW, MLflow", data="gesture", model="seres",
             trainer="mlflow_epoch", optimizer="adamw", lr=3e-4, head_lr_mult=10.0, pretrain=3, epochs=8,
             fine_tune=True, shows="healthy_finetune"),
    _healthy("h12_gesture_mingru_muon_rex_earlystop_acc_restore_wandbcsv",
             "none: the minGRU with Muon and REX, early stopping on the validation accuracy (patience 4, the run "
             "stops) restoring its best weights, the W&B history CSV", data="gesture", model="mingru",
             trainer="wandb_csv", optimizer="muon", lr=2e-3, schedule="rex", early_stop=4, stop_on="val_acc",
             restore_best=True, epochs=25),
    _healthy("h12_ratings_ftt_adamw_rex_earlystop_jsonl",
             "none: crowd rating histograms fitted by an FT-Transformer with the squared EMD, AdamW with weight "
             "decay off the token embeddings and norms, REX, early stopping (patience 3, the run stops, last "
             "weights kept), JSON lines", data="ratings", model="ftt", blocks=1, trainer="jsonl",
             optimizer="adamw", lr=1e-3, weight_decay=0.01, schedule="rex", early_stop=3, epochs=25,
             shows="healthy_floor"),
    _healthy("h12_ratings_kan_ademamix_polylr_kv",
             "none: the Chebyshev KAN on the rating histograms with AdEMAMix and PolynomialLR, key=value prints",
             data="ratings", model="kan", trainer="print_kv", optimizer="ademamix", lr=1e-3, schedule="poly",
             epochs=20, shows="healthy_floor"),
    _healthy("h12_ratings_ftt_muon_val_every_40_lcsv",
             "none: the FT-Transformer with Muon at a constant LR, validation every 40 steps, Lightning's CSVLogger",
             data="ratings", model="ftt", blocks=1, trainer="lightning_csv", optimizer="muon", lr=1e-3, eval_every=40,
             epochs=12, shows="healthy_floor"),
    _healthy("h12_ratings_kan_momentum_fullbatch_200ep_pandas_tsv",
             "none: a long converged run: the KAN with SGD momentum and REX, 200 full-batch epochs, a pandas TSV",
             data="ratings", model="kan", trainer="pandas_tsv", optimizer="momentum", lr=0.3, schedule="rex",
             epochs=200, batch=2000, shows="healthy_floor"),
    _healthy("h12_kinetics_seres_ademamix_rex_savetxt",
             "none: reaction rate constants from 24 timed readings (log-cosh on the standardised log rate), the "
             "SE-ResNet with AdEMAMix and REX, numpy.savetxt", data="kinetics", model="seres", trainer="savetxt",
             optimizer="ademamix", lr=1e-3, schedule="rex", epochs=15),
    _healthy("h12_kinetics_mingru_adam_polylr_kcsv",
             "none: the minGRU over the readings with Adam and PolynomialLR, Keras' CSVLogger", data="kinetics",
             model="mingru", blocks=1, trainer="keras_csv", lr=2e-3, schedule="poly", epochs=15),
    _healthy("h12_kinetics_kan_muon_cyclic_exp_range_bracket",
             "none: the KAN with Muon under CyclicLR(exp_range), a hand-written '[epoch 3/15] ...' print",
             data="kinetics", model="kan", trainer="bracket", optimizer="muon", lr=1e-3, schedule="cyclic_exp",
             epochs=16),
    _healthy("h12_kinetics_ftt_adamw_rex_ignite",
             "none: the FT-Transformer with AdamW and REX, Ignite's printed lines", data="kinetics", model="ftt",
             blocks=1, trainer="ignite", optimizer="adamw", lr=1e-3, weight_decay=0.01, schedule="rex", epochs=15,
             log_every=8),
    # ---- faults ----------------------------------------------------------------------------------------------------
    Family12("f12_overfit_random_split_lengths_swapped_gesture_kan_pipe",
             "random_split(ds, [n_val, n_train]): the lengths in the wrong order, so the KAN (128 wide) trains on "
             "the 200-gesture split and validates on the 1800, 80 epochs at batch 16: it memorises them ('|' "
             "prints)", data="gesture", model="kan", trainer="print_pipe", lr=2e-3, n_train=1800, n_val=200,
             split_swapped=True, width=128, epochs=80, batch=16, shows="overfitting", expect=(_OVERFIT,),
             allow=_g("noisy_validation", "plateau", "still_improving", "loss_spikes"),
             causes=_g("too_little_data", "model_too_large", "insufficient_regularization")),
    Family12("f12_underfit_mingru_pools_first_step_kfit",
             "the minGRU's output pooled at out[:, 0] (a batch_first mix-up, meant the last step): the head sees "
             "the state after the first point only (Keras fit() stdout)", data="gesture", model="mingru", blocks=1,
             trainer="keras_fit", lr=2e-3, pool_first=True, epochs=12, shows="underfitting",
             expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train"),
             causes=_g("training_step_bug", "model_too_small")),
    Family12("f12_chance_labels_sorted_apart_from_features_seres_logging",
             "the labels read from a file sorted by class and joined to the features in file order: almost every "
             "row has another gesture's label, validation stays at chance (the SE-ResNet; Python logging lines)",
             data="gesture", model="seres", trainer="print_logging", lr=1e-3, labels_sorted=True, width=16,
             epochs=12, shows="stuck_at_chance",
             expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting", "plateau"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "overfitting", "generalization_gap"),
             causes=_g("training_step_bug", "label_or_loss_misconfig")),
    Family12("f12_flat_loss_rewrapped_in_new_tensor_ftt_hfcard",
             "loss = torch.tensor(loss.item(), requires_grad=True) (the forum fix for 'element 0 of tensors does "
             "not require grad'): backward reaches no parameter, Adam never moves the FT-Transformer (the model "
             "card's results table)", data="ratings", model="ftt", blocks=1, trainer="hf_card", lr=1e-3,
             loss_rewrapped=True,
             epochs=10, log_every=8, shows="loss_not_decreasing",
             expect=(_any("loss_not_decreasing", "plateau", "underfitting"),),
             allow=_g("noisy_validation", "val_below_train", "stuck_at_chance"),
             causes=_g("training_step_bug",)),
    Family12("f12_nan_naive_logcosh_seconds_target_mingru_kv",
             "the target switched to the half-life in seconds (2-200) with log-cosh written as "
             "torch.log(torch.cosh(err)): cosh overflows float32 for errors above 89 s, the loss is inf and its "
             "gradient NaN in the first epoch (key=value prints)", data="kinetics", model="mingru", blocks=1,
             trainer="print_kv", lr=1e-3, target_seconds=True, naive_logcosh=True, epochs=10,
             shows="nan_inf", expect=(_any("nan_inf", "divergence"),),
             allow=_g("loss_spikes", "oscillation", "train_loss_rebound", "abnormal_initial_loss", "noisy_validation",
                      "plateau", "still_improving", "loss_not_decreasing"),
             causes=_g("label_or_loss_misconfig", "unnormalized_input", "training_step_bug")),
    Family12("f12_diverge_warmup_without_min_cap_kinetics_ftt_sgd_lightning_tb",
             "a 4-step warm-up written LambdaLR(lambda s: s / 4) without its min(1, ...): SGD momentum's LR never "
             "stops rising, from 1e-2 to ~1 by the end, and the loss climbs back up (Lightning TensorBoard)",
             data="kinetics", model="ftt", blocks=1, trainer="lightning_tb", optimizer="momentum", lr=1e-2,
             schedule="warmup", warmup=4, warmup_cap=False, epochs=20, log_every=8,
             shows="divergence", expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
             allow=_g("loss_spikes", "oscillation", "generalization_gap", "overfitting", "plateau", "noisy_validation",
                      "still_improving", "loss_not_decreasing", "underfitting"),
             causes=_g("lr_too_high", "training_step_bug")),
    Family12("f12_plateau_cyclic_exp_range_gamma_per_step_kan_hfstate",
             "CyclicLR(mode='exp_range', gamma=0.98) with gamma meant per cycle: it applies every step, the LR "
             "amplitude falls 100x within 8 epochs to the 1e-6 base and the loss stalls (trainer_state.json)",
             data="gesture", model="kan", trainer="hf_state", lr=1e-3, schedule="cyclic_exp", cyclic_gamma=0.98,
             width=48, epochs=20, shows="plateau",
             expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "stuck_at_chance"),
             causes=_g("lr_too_low", "training_step_bug")),
    Family12("f12_oscillate_lr_and_weight_decay_swapped_ftt_kinetics_lcsv",
             "the config's lr and weight_decay values swapped (lr 0.05, weight_decay 3e-4; meant the other way "
             "round): AdamW at 0.05 on the FT-Transformer jumps between epochs (Lightning CSV)", data="kinetics",
             model="ftt", blocks=1, trainer="lightning_csv", optimizer="adamw", lr=0.05, weight_decay=3e-4, epochs=20,
             shows="oscillation", expect=(_any("oscillation", "loss_spikes", "noisy_validation", "divergence"),),
             allow=_g("plateau", "still_improving", "generalization_gap", "overfitting", "val_below_train",
                      "train_loss_rebound", "loss_not_decreasing", "underfitting", "loss_metric_disagreement"),
             causes=_g("lr_too_high",)),
    Family12("f12_spikes_time_reversed_shard_kinetics_ftt_jsonl",
             "in the 5th, 10th and 15th epochs every other batch comes from a shard exported in descending time "
             "order: the readings run backwards and, divided by the first (now the last) reading, reach tens; the "
             "loss jumps in those epochs (JSON lines)", data="kinetics", model="ftt", blocks=1, trainer="jsonl",
             lr=1e-3,
             reversed_epochs=(4, 9, 14), epochs=18, shows="loss_spikes", expect=(_any("loss_spikes", "oscillation"),),
             allow=_g("noisy_validation", "train_loss_rebound", "still_improving", "plateau", "val_below_train",
                      "divergence"),
             causes=_g("label_or_loss_misconfig", "training_step_bug")),
    Family12("f12_leak_augmented_copies_before_split_kan_kcsv",
             "the augmentation (4 jittered copies of every gesture) run before train_test_split: nearly every "
             "validation gesture has copies in training; dropout 0.3 and label smoothing 0.02 in training only "
             "(the KAN; Keras CSVLogger)", data="gesture", model="kan", trainer="keras_csv", lr=2e-3,
             schedule="rex", copies=4, dropout=0.3, train_smoothing=0.02, width=48, epochs=30,
             shows="suspected_leakage", expect=(_any("suspected_leakage",),),
             allow=_g("val_below_train", "still_improving", "plateau", "noisy_validation"),
             causes=_g("data_leakage")),
    Family12("f12_init_int8_head_loaded_without_scale_seres_mlflow",
             "fine-tuning from a checkpoint whose head was saved int8-quantised and loaded with .int_repr() (its "
             "scale dropped): head weights up to 127, logits in the hundreds, a first cross-entropy many times "
             "ln 5 (MLflow)", data="gesture", model="seres", trainer="mlflow_epoch", lr=1e-3, pretrain=3,
             head_int8=True, epochs=10, fine_tune=True, shows="abnormal_initial_loss",
             expect=(_any("abnormal_initial_loss",),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "plateau", "loss_spikes",
                      "oscillation", "generalization_gap", "overfitting", "loss_metric_disagreement", "underfitting"),
             causes=_g("bad_initialization",)),
    Family12("f12_valbelow_rdrop_alpha_5_kan_gesture_ignite",
             "R-Drop's consistency weight typed 5 (meant 0.5) with dropout 0.3: the logged training loss holds 5x "
             "the KL between two dropout passes, validation (dropout off) does not (Ignite prints)",
             data="gesture", model="kan", trainer="ignite", lr=2e-3, rdrop=5.0, dropout=0.3, width=48, epochs=15,
             log_every=8, shows="val_below_train", expect=(_any("val_below_train",),),
             allow=_g("still_improving", "noisy_validation", "plateau"),
             causes=_g("regularization_only_in_training", "over_regularization")),
    Family12("f12_noisyval_val_share_squared_20_rows_mingru_lightning_tb",
             "the validation set carved as 10 % of the 10 % hold-out (meant 10 % of all rows): 20 validation "
             "gestures, the validation loss jumps (Lightning TensorBoard)", data="gesture", model="mingru",
             trainer="lightning_tb", lr=2e-3, n_train=1800, n_val=200, val_share_squared=True, epochs=15,
             log_every=8, shows="noisy_validation", expect=(_any("noisy_validation",),),
             allow=_g("still_improving", "val_below_train", "plateau", "loss_spikes", "oscillation",
                      "generalization_gap", "overfitting"),
             causes=_g("small_validation_set",)),
    Family12("f12_still_earlystop_min_delta_05_kinetics_kan_karpathy",
             "EarlyStopping(min_delta=0.5, patience=3) (meant 5e-4): no epoch improves the log-cosh by 0.5, so "
             "the run stops after 4 of 40 epochs while still learning (nanoGPT-style prints)",
             data="kinetics", model="kan", trainer="karpathy", lr=3e-4, early_stop=3, min_delta=0.5, epochs=40,
             log_every=8, shows="still_improving", expect=(_any("still_improving",),),
             allow=_g("noisy_validation", "val_below_train", "underfitting"), causes=_g("insufficient_training")),
    Family12("f12_disagree_softmax_over_batch_dim0_kan_bracket",
             "nn.Softmax(dim=0) before log and NLLLoss: probabilities normalised over the 64 rows of the batch, "
             "not the 5 classes; the loss cannot go below ~ln 13 (rows per class in a batch) while the row-wise "
             "argmax is right (the KAN; hand-written '[epoch ...]' prints)", data="gesture", model="kan", width=48,
             trainer="bracket", lr=2e-3, schedule="rex", softmax_dim0=True, epochs=25,
             shows="loss_metric_disagreement",
             expect=(_any("loss_metric_disagreement", "plateau", "underfitting", "stuck_at_chance"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "loss_not_decreasing",
                      "generalization_gap"),
             causes=_g("label_or_loss_misconfig",)),
    Family12("f12_gap_val_export_xy_swapped_kan_wandbcsv",
             "the validation export's coordinate columns in (y, x) order: every validation gesture mirrored "
             "about the diagonal (the W&B history CSV)", data="gesture", model="kan", trainer="wandb_csv",
             lr=2e-3, val_xy_swapped=True, width=48, epochs=12,
             shows="generalization_gap", expect=(_any("generalization_gap", "overfitting"),),
             allow=_g("noisy_validation", "plateau", "still_improving", "loss_metric_disagreement", "divergence",
                      "abnormal_initial_loss"),
             causes=_g("distribution_shift",)),
    Family12("f12_rebound_label_noise_ramp_01_per_epoch_seres_kjson",
             "a label-noise augmentation meant at a fixed 1 % written rate = 0.1 x (epochs since 6): from epoch 6 "
             "a growing share of training labels is random and the training loss climbs back (Keras History JSON)",
             data="gesture", model="seres", trainer="keras_json", lr=2e-3, label_noise_from=6,
             label_noise_step=0.1, epochs=16, shows="train_loss_rebound",
             expect=(_any("train_loss_rebound", "divergence", "loss_spikes", "oscillation"),),
             allow=_g("plateau", "noisy_validation", "still_improving", "generalization_gap", "overfitting",
                      "val_below_train", "underfitting", "loss_not_decreasing"),
             causes=_g("noisy_labels", "training_step_bug")),
)
