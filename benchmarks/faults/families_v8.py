"""The eighth generation of model families: tasks, models, training setups and writers that v1-v7 (families.py,
families_v2.py .. families_v7.py) did not use, for release 9's honest number.

The label rule, fixed and committed before any full-length run was generated, and never changed to fit a curve:

- ``expect`` is the symptom the injected fault produces by construction (one group; any name in it counts: the names a
  practitioner would accept for the same curve); ``allow`` lists what may also be true of such a run; ``causes`` is the
  injected cause (the top-3 cause metric); ``healthy`` runs must raise no warning at all.
- ``shows`` names the construction check (checks_v8.py), the plain test of the logged numbers a person would do to see
  the fault. A run that fails it did not show its fault: its injection (or, for a healthy run, its tuning) is fixed and
  it is regenerated; a run that still fails is left out of labels.json (labels_failed.json), never relabelled.
- ``context`` (labels.json) is what the person running it knows and could tell lossdoctor, in the schema of
  benchmarks/real_runs/score.py CONTEXT: the task and loss as they would name them, whether it is fine-tuning, whether
  the best checkpoint is restored at the end. It follows from the setup, never from the curve: the person who adds an
  L2 penalty to the training loss knows the loss is a sum of terms; the person with a Dice + BCE loss says so.
- lossdoctor's diagnosis was never run on these runs while they were written, tuned and generated; only its reader
  (``lossdoctor.read``) was, to check that every log is read whole.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios import _any, _g
from families_v7 import READER_FOR_V7

READER_FOR_V8 = {**READER_FOR_V7, "bracket": "text", "savetxt": "table"}
TRAINERS_V8 = tuple(READER_FOR_V8)
STEP_LEVEL_V8 = {"torch_tb", "hf_state", "hf_stdout", "lightning_tb", "lightning_csv"}

# What a user would say about each task and loss (score.py CONTEXT's task and loss vocabularies).
_CONTEXT = {"ce": ("classification", "cross_entropy"), "bce": ("classification", "binary_cross_entropy"),
            "ctc": ("speech", "ctc"), "mse": ("regression", "mse"), "gauss_nll": ("regression", "other"),
            "dice_bce": ("segmentation", "sum_of_terms")}


@dataclass(frozen=True)
class Family8:
    name: str
    fault: str
    data: str      # docs | phones | clicks | image | hetero | masks | spiral
    model: str     # fasttext | birnn | fm | siren | maxout | highway | selu | seg
    trainer: str   # one of TRAINERS_V8
    loss: str = "ce"  # ce | bce | ctc | mse | gauss_nll | dice_bce
    optimizer: str = "adam"   # adam | amsgrad | sgd | nesterov | sparse_adam | finetune_llrd | lamb | lookahead |
    #                           sam | lbfgs | (fault) adam_maximize
    lr: float = 1e-3
    weight_decay: float = 0.0
    schedule: str = "none"    # none | wsd | warm_exp | cosine_floor | rop | (faults) warmup_int_div, rop_rel_threshold
    warmup: int = 50
    gamma: float = 0.999      # warm_exp: the per-step exponential decay after the warm-up
    epochs: int = 15
    batch: int = 64
    n_train: int = 2000
    n_val: int = 500
    width: int = 64
    log_every: int = 10
    eval_every: int = 0       # (kept 0: every generation-8 run validates per epoch)
    dropout: float = 0.0
    word_dropout: float = 0.0  # fastText: tokens dropped (replaced by padding) in training
    clip: float = 0.0
    label_smoothing: float = 0.0
    pool: int = 1             # CTC model: max-pooling in time before the RNN
    fp64: bool = False
    rho: float = 0.05         # SAM's neighbourhood
    lookahead_k: int = 5
    lookahead_alpha: float = 0.5
    early_stop: int = 0
    restore_best: bool = False
    pretrain: int = 0         # epochs of unlogged pre-training (topic pairs, another head), then a fresh head
    l2_logged: float = 0.0    # an L2 penalty on the weights in the training loss (logged with it), not in validation
    # ---- fault knobs -------------------------------------------------------------------------------------------
    hash_buckets: int = 0     # the hashing trick with this many buckets
    unk_lookup: bool = False  # every token looked up as <unk>
    tag_leak: bool = False    # the category tag left in the text
    cased_val: bool = False   # validation text from a case-sensitive tokeniser
    inverted_shard_epochs: tuple[int, ...] = ()  # in these epochs every other batch's masks arrive inverted
    bias_init: float = 0.0    # the FM's output bias
    zero_head: bool = False
    val_batch: int = 0        # validation on one random batch of this many rows per epoch
    max_steps: int = 0        # training stops after this many steps
    decay_bug_from: int = 0   # from this epoch, every weight multiplied by 1 - weight_decay_bug after each step
    weight_decay_bug: float = 0.0
    shows: str = ""
    expect: tuple[tuple[str, ...], ...] = ()
    allow: frozenset[str] = frozenset()
    causes: frozenset[str] = frozenset()
    healthy: bool = False
    fine_tune: bool = False
    note: str = ""

    @property
    def precision(self) -> str:
        return "fp64" if self.fp64 else "fp32"


def context(fam: Family8) -> dict[str, Any]:
    """What the user running this would know and say (score.py CONTEXT): task, loss, fine_tune, best_checkpoint."""
    task, loss = _CONTEXT[fam.loss]
    if fam.l2_logged:  # they wrote the penalty into the training loss themselves
        loss = "sum_of_terms"
    return {"task": task, "loss": loss, "fine_tune": fam.fine_tune, "best_checkpoint": fam.restore_best}


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")
_OVERFIT = _any("overfitting", "generalization_gap")


def _healthy(name: str, fault: str, shows: str = "healthy", **kw: Any) -> Family8:
    return Family8(name, fault, healthy=True, allow=_BENIGN, shows=shows, **kw)


FAMILIES_V8: tuple[Family8, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h8_docs_fasttext_sparseadam_wsd_bracket",
             "none: bag-of-words documents of 4 topics, a fastText-style EmbeddingBag classifier with sparse "
             "gradients, SparseAdam + Adam, warm-up/stable/decay schedule, a hand-written '[epoch 3/12] ...' print",
             data="docs", model="fasttext", trainer="bracket", optimizer="sparse_adam", lr=3e-3, schedule="wsd",
             epochs=12, width=32, dropout=0.2),
    _healthy("h8_docs_fasttext_finetune_llrd_kcsv",
             "none: fine-tuning: the embedding pre-trained (unlogged) on topic pairs, a fresh 4-topic head, "
             "layer-wise LR decay (embedding at 0.3x), Keras' CSVLogger", data="docs", model="fasttext",
             trainer="keras_csv", optimizer="finetune_llrd", lr=2e-3, pretrain=3, epochs=8, width=32, dropout=0.1,
             fine_tune=True, shows="healthy_finetune"),
    _healthy("h8_phones_birnn_ctc_amsgrad_cosine_lcsv",
             "none: CTC on frames emitted by phone sequences, conv + bidirectional tanh RNN, Adam with AMSGrad, "
             "cosine decay to a floor, gradient clipping 1.0, Lightning's CSVLogger", data="phones", model="birnn",
             loss="ctc", trainer="lightning_csv", optimizer="amsgrad", lr=3e-3, schedule="cosine_floor", clip=1.0,
             epochs=15, batch=32, n_train=1200, n_val=300, width=48),
    _healthy("h8_clicks_fm_adam_earlystop_restore_logging",
             "none: click logs over 4 categorical fields, a factorisation machine (rank 8), BCE, Adam, early "
             "stopping (patience 3, the run stops) with best-checkpoint restore, Python logging lines",
             data="clicks", model="fm", loss="bce", trainer="print_logging", lr=3e-3, early_stop=3,
             restore_best=True, epochs=40, batch=128, n_train=6000, n_val=1500, width=8, shows="healthy_floor"),
    _healthy("h8_image_siren_lbfgs_fullbatch_savetxt",
             "none: a SIREN fitting one image's pixels (held-out pixels validate), full-batch L-BFGS with strong "
             "Wolfe line search, history saved with numpy.savetxt", data="image", model="siren", loss="mse",
             trainer="savetxt", optimizer="lbfgs", lr=1.0, epochs=30, n_train=1000, n_val=600, width=64),
    _healthy("h8_image_siren_adam_warmexp_torch_tb",
             "none: noisy step-level logs: the SIREN at batch 32 with Adam, SequentialLR (linear warm-up then "
             "exponential decay), SummaryWriter logging every 5th batch", data="image", model="siren", loss="mse",
             trainer="torch_tb", lr=1e-4, schedule="warm_exp", warmup=50, gamma=0.999, epochs=25, batch=32,
             n_train=1000, n_val=600, width=64, log_every=5),
    _healthy("h8_hetero_maxout_gaussnll_lamb_mlflow",
             "none: heteroscedastic regression with a predicted variance (Gaussian NLL), a maxout network, LAMB, "
             "MLflow at step = epoch", data="hetero", model="maxout", loss="gauss_nll", trainer="mlflow_epoch",
             optimizer="lamb", lr=2e-3, epochs=12, n_train=5000, width=64, dropout=0.1, shows="healthy_floor"),
    _healthy("h8_hetero_selu_gaussnll_fp64_hfstate",
             "none: the heteroscedastic regression in float64, a self-normalising SELU network (LeCun-normal init), "
             "Adam, trainer_state.json (loss every 10 steps)", data="hetero", model="selu", loss="gauss_nll",
             trainer="hf_state", lr=5e-4, fp64=True, epochs=12, n_train=5000, width=64, shows="healthy_floor"),
    _healthy("h8_masks_seg_dicebce_adam_rop_kjson",
             "none: 12x12 images with ellipses to segment, a dilated fully convolutional net, Dice + BCE, Adam "
             "with ReduceLROnPlateau (x0.5, patience 2), Keras History JSON", data="masks", model="seg",
             loss="dice_bce", trainer="keras_json", lr=3e-3, schedule="rop", epochs=15, batch=32, n_train=1000,
             n_val=300, width=16),
    _healthy("h8_masks_seg_dicebce_sam_pandas_tsv",
             "none: the segmentation net trained with sharpness-aware minimisation (SAM, rho 0.05) around SGD with "
             "momentum, a pandas TSV", data="masks", model="seg", loss="dice_bce", trainer="pandas_tsv",
             optimizer="sam", lr=0.05, rho=0.05, epochs=15, batch=32, n_train=1000, n_val=300, width=16),
    _healthy("h8_spiral_highway_lookahead_jsonl",
             "none: a 3-arm spiral in 10 dimensions, a 6-layer highway network, Lookahead (k 5, alpha 0.5) around "
             "Adam with L2 5e-3, cosine to a floor, JSON lines", data="spiral", model="highway", trainer="jsonl",
             optimizer="lookahead", lr=3e-3, weight_decay=5e-3, schedule="cosine_floor", epochs=10),
    _healthy("h8_spiral_selu_sgd_fullbatch_300ep_kv",
             "none: a long converged run: 300 full-batch epochs of plain SGD (no momentum) on a SELU network, "
             "key=value prints", data="spiral", model="selu", trainer="print_kv", optimizer="sgd", lr=0.2,
             epochs=300, batch=1000, n_train=1000, n_val=500),
    _healthy("h8_spiral_maxout_nesterov_wsd_batch16_hfstdout",
             "none: noisy step-level logs: a maxout network at batch 16, SGD Nesterov (weight decay 1e-3) with "
             "warm-up/stable/decay, the dicts HF Trainer prints (loss every 5 steps)", data="spiral", model="maxout",
             trainer="hf_stdout", optimizer="nesterov", lr=0.02, weight_decay=1e-3, schedule="wsd", epochs=10, batch=16, log_every=5),
    _healthy("h8_clicks_fm_lamb_batch1024_karpathy",
             "none: the factorisation machine with LAMB at batch 1024, nanoGPT-style prints", data="clicks",
             model="fm", loss="bce", trainer="karpathy", optimizer="lamb", lr=0.02, epochs=10, batch=1024,
             n_train=12000, n_val=2000, width=8, shows="healthy_floor"),
    _healthy("h8_phones_birnn_ctc_earlystop_kfit",
             "none: the CTC model with Adam and early stopping (patience 2, the run stops, last weights kept), "
             "Keras fit() stdout", data="phones", model="birnn", loss="ctc", trainer="keras_fit", lr=2e-3,
             early_stop=2, epochs=40, batch=32, n_train=1200, n_val=300, width=48, clip=1.0),
    # ---- faults ----------------------------------------------------------------------------------------------------
    Family8("f8_overfit_fm_rank64_400rows_hfstate",
            "a factorisation machine of rank 64 without any regularisation on 400 click rows, 60 epochs: it "
            "memorises the pairs and validation turns up (trainer_state.json)", data="clicks", model="fm",
            loss="bce", trainer="hf_state", lr=1e-2, epochs=60, batch=32, n_train=400, n_val=1500, width=64,
            shows="overfitting", expect=(_OVERFIT,),
            allow=_g("noisy_validation", "plateau", "still_improving", "loss_spikes"),
            causes=_g("too_little_data", "model_too_large", "insufficient_regularization")),
    Family8("f8_underfit_docs_hash_2_buckets_pipe",
            "the hashing trick configured with 2 buckets (meant 2**18): every word is one of two ids, the "
            "documents lose what tells the topics apart ('|'-separated prints)", data="docs", model="fasttext",
            trainer="print_pipe", lr=3e-3, hash_buckets=2, epochs=12, width=32, shows="underfitting",
            expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train"),
            causes=_g("training_step_bug", "model_too_small", "label_or_loss_misconfig")),
    Family8("f8_chance_docs_vocab_lookup_all_unk_lightning_tb",
            "the vocabulary looked up with the wrong key type: every token becomes <unk>, each document is the same "
            "input, validation stays at chance (zero-initialised head; Lightning TensorBoard)", data="docs",
            model="fasttext", trainer="lightning_tb", lr=3e-3, unk_lookup=True, zero_head=True, epochs=12,
            width=32, shows="stuck_at_chance",
            expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting", "plateau"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train", "overfitting", "generalization_gap"),
            causes=_g("training_step_bug", "label_or_loss_misconfig")),
    Family8("f8_flat_warmup_integer_division_highway_kfit",
            "a warm-up factor written step // warmup (integer division) with warmup 5000 steps, longer than the "
            "run: the LR is exactly 0 for every step and the highway network never changes (Keras fit() stdout)",
            data="spiral", model="highway", trainer="keras_fit", lr=1e-3, schedule="warmup_int_div", warmup=5000,
            epochs=12, shows="loss_not_decreasing",
            expect=(_any("loss_not_decreasing", "stuck_at_chance", "plateau", "underfitting"),),
            allow=_g("noisy_validation", "val_below_train"), causes=_g("training_step_bug", "lr_too_low")),
    Family8("f8_nan_ctc_stride8_pooling_karpathy",
            "max-pooling by 8 in time before the CTC head (meant 2): 4 output frames for label sequences of 3-6 "
            "phones, CTC has no valid alignment, the loss is inf (zero_infinity=False) and the weights NaN "
            "(nanoGPT-style prints)", data="phones", model="birnn", loss="ctc", trainer="karpathy", lr=2e-3,
            pool=8, epochs=8, batch=32, n_train=1200, n_val=300, width=48, shows="nan_inf",
            expect=(_any("nan_inf", "divergence"),),
            allow=_g("loss_spikes", "oscillation", "train_loss_rebound", "abnormal_initial_loss", "noisy_validation",
                     "plateau", "still_improving", "loss_not_decreasing", "stuck_at_chance"),
            causes=_g("label_or_loss_misconfig", "training_step_bug")),
    Family8("f8_diverge_adam_maximize_maxout_savetxt",
            "Adam(maximize=True) copied from a critic's config: gradient ascent on the cross-entropy, the loss "
            "climbs (numpy.savetxt CSV)", data="spiral", model="maxout", trainer="savetxt",
            optimizer="adam_maximize", lr=3e-3, epochs=15, shows="divergence",
            expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
            allow=_g("loss_spikes", "oscillation", "generalization_gap", "overfitting", "plateau", "noisy_validation",
                     "still_improving", "loss_not_decreasing", "abnormal_initial_loss", "underfitting",
                     "stuck_at_chance", "loss_metric_disagreement"),
            causes=_g("training_step_bug", "label_or_loss_misconfig")),
    Family8("f8_plateau_rop_relative_threshold_masks_logging",
            "ReduceLROnPlateau with threshold=0.5 in 'rel' mode (meant 5e-4) and patience 0: no epoch improves by "
            "half, so the LR is cut x0.1 after every epoch and the segmentation loss stalls (Python logging lines)",
            data="masks", model="seg", loss="dice_bce", trainer="print_logging", lr=2e-3, schedule="rop_rel_threshold",
            epochs=20, batch=32, n_train=1000, n_val=300, width=16, shows="plateau",
            expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train", "stuck_at_chance"),
            causes=_g("lr_too_low", "training_step_bug")),
    Family8("f8_oscillate_siren_adam_lr_typo_03_jsonl",
            "the SIREN's Adam LR typed 0.3 (3e-4 intended; sine networks need ~1e-4): the fit jumps between "
            "epochs (JSON lines)", data="image", model="siren", loss="mse", trainer="jsonl", lr=0.3, epochs=20,
            batch=32, n_train=1000, n_val=600, width=64, shows="oscillation",
            expect=(_any("oscillation", "loss_spikes", "noisy_validation", "divergence"),),
            allow=_g("plateau", "still_improving", "generalization_gap", "overfitting", "val_below_train",
                     "train_loss_rebound", "loss_not_decreasing", "underfitting"),
            causes=_g("lr_too_high",)),
    Family8("f8_spikes_inverted_mask_shard_mlflow",
            "in the 5th, 10th and 15th epochs the loader mixes in a shard whose masks were exported inverted "
            "(background 1; every other batch): the Dice + BCE loss jumps in those epochs (MLflow)", data="masks", model="seg", loss="dice_bce",
            trainer="mlflow_epoch", lr=3e-3, inverted_shard_epochs=(4, 9, 14), epochs=18, batch=32, n_train=1000,
            n_val=300, width=16, shows="loss_spikes", expect=(_any("loss_spikes", "oscillation"),),
            allow=_g("noisy_validation", "train_loss_rebound", "still_improving", "plateau", "val_below_train",
                     "divergence"),
            causes=_g("label_or_loss_misconfig", "noisy_labels", "training_step_bug")),
    Family8("f8_leak_docs_category_tag_token_kcsv",
            "the category tag ('[sports]') left as each document's first token, in train and val alike: "
            "validation is perfect; word dropout 0.5 (tokens dropped in training only) (Keras CSVLogger)",
            data="docs", model="fasttext", trainer="keras_csv", lr=1e-2, tag_leak=True, word_dropout=0.5, epochs=20,
            width=32, shows="suspected_leakage", expect=(_any("suspected_leakage",),),
            allow=_g("val_below_train", "still_improving", "plateau", "noisy_validation"),
            causes=_g("data_leakage")),
    Family8("f8_init_fm_bias_plus10_pandas_tsv",
            "the factorisation machine's output bias initialised to +10 (a log of impression counts, not the "
            "click log-odds): the first BCE values are many times ln 2 (pandas TSV)", data="clicks", model="fm",
            loss="bce", trainer="pandas_tsv", lr=3e-3, bias_init=10.0, epochs=25, batch=128, n_train=6000,
            n_val=1500, width=8, shows="abnormal_initial_loss", expect=(_any("abnormal_initial_loss",),),
            allow=_g("still_improving", "noisy_validation", "val_below_train", "plateau", "loss_spikes",
                     "oscillation", "generalization_gap", "overfitting", "loss_metric_disagreement"),
            causes=_g("bad_initialization")),
    Family8("f8_valbelow_l2_penalty_in_train_loss_highway_bracket",
            "an L2 penalty (2e-3 x the sum of squared weights) added to the training loss and logged with it, "
            "while validation logs the bare cross-entropy (hand-written '[epoch ...]' prints)", data="spiral",
            model="highway", trainer="bracket", lr=3e-3, l2_logged=2e-3, epochs=20,
            shows="val_below_train", expect=(_any("val_below_train",),),
            allow=_g("still_improving", "noisy_validation", "plateau"),
            causes=_g("regularization_only_in_training")),
    Family8("f8_noisyval_next_iter_val_loader_maxout_torch_tb",
            "validation on next(iter(val_loader)) with shuffle=True: one random batch of 16 rows per epoch, so "
            "each validation loss is a fresh draw (SummaryWriter)", data="spiral", model="maxout",
            trainer="torch_tb", lr=2e-3, val_batch=16, epochs=20, shows="noisy_validation",
            expect=(_any("noisy_validation",),),
            allow=_g("still_improving", "val_below_train", "plateau", "loss_spikes", "oscillation",
                     "generalization_gap", "overfitting"),
            causes=_g("small_validation_set", "training_step_bug")),
    Family8("f8_still_max_steps_smoke_test_siren_lcsv",
            "max_steps=160 left from a smoke test (epochs=50): the SIREN stops after 5 epochs while still "
            "learning (Lightning CSV)", data="image", model="siren", loss="mse", trainer="lightning_csv", lr=1e-4,
            max_steps=160, epochs=50, batch=32, n_train=1000, n_val=600, width=64, shows="still_improving",
            expect=(_any("still_improving",),),
            allow=_g("noisy_validation", "val_below_train", "underfitting"), causes=_g("insufficient_training")),
    Family8("f8_disagree_label_smoothing_09_docs_hfstdout",
            "label smoothing 0.9 (meant 0.1) in the loss, train and validation alike: the smoothed target is "
            "almost uniform, the loss stays near ln 4 while the accuracy is high (HF-style printed dicts)",
            data="docs", model="fasttext", trainer="hf_stdout", lr=3e-3, label_smoothing=0.9, epochs=12,
            width=32, shows="loss_metric_disagreement",
            expect=(_any("loss_metric_disagreement", "plateau", "underfitting", "stuck_at_chance"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train", "loss_not_decreasing"),
            causes=_g("label_or_loss_misconfig")),
    Family8("f8_gap_cased_val_tokeniser_docs_kjson",
            "validation documents from a pipeline whose tokeniser keeps case: 60 % of their words map to ids "
            "never seen in training (Keras History JSON)", data="docs", model="fasttext", trainer="keras_json",
            lr=3e-3, cased_val=True, epochs=15, width=32, shows="generalization_gap",
            expect=(_any("generalization_gap", "overfitting"),),
            allow=_g("noisy_validation", "plateau", "still_improving", "loss_metric_disagreement", "divergence",
                     "stuck_at_chance", "abnormal_initial_loss"),
            causes=_g("distribution_shift")),
    Family8("f8_rebound_decay_not_lr_scaled_selu_lightning_tb",
            "from epoch 8 a 'decoupled weight decay' callback multiplies every weight by 1 - 0.02 after each step "
            "(wd not scaled by the LR): the weights shrink and the training loss climbs back (Lightning "
            "TensorBoard)", data="spiral", model="selu", trainer="lightning_tb", lr=2e-3, decay_bug_from=8,
            weight_decay_bug=0.02, epochs=14, shows="train_loss_rebound",
            expect=(_any("train_loss_rebound", "divergence", "loss_spikes", "oscillation"),),
            allow=_g("plateau", "noisy_validation", "still_improving", "generalization_gap", "overfitting",
                     "val_below_train", "underfitting", "loss_not_decreasing"),
            causes=_g("over_regularization", "training_step_bug")),
)
