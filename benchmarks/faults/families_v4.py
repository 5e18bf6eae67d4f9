"""The fourth generation of model families: tasks, models, training setups and writers that none of v1 (families.py),
v2 (families_v2.py) or v3 (families_v3.py) used.

The label rule, fixed and committed before any run was generated, and never changed to fit a curve:

- ``expect`` is the symptom the injected fault produces by construction (one group; any name in it counts: the names a
  practitioner would accept for the same curve); ``allow`` lists what may also be true of such a run; ``causes`` is the
  injected cause (the top-3 cause metric); ``healthy`` runs must raise no warning at all.
- ``shows`` names the construction check (checks_v4.py), the plain test of the logged numbers a person would do to see
  the fault. A run that fails it did not show its fault: its injection (or, for a healthy run, its tuning) is fixed and
  it is regenerated; a run that still fails is left out of labels.json (labels_failed.json), never relabelled.
- lossdoctor's diagnosis was never run on these runs while they were written, tuned and generated; only its reader
  (``lossdoctor.read``) was, to check that every log is read whole.
"""
from __future__ import annotations

from dataclasses import dataclass

from scenarios import _any, _g

# The writers. Each run is trained by this framework's own loop and logged the way its users log it.
TRAINERS_V4 = ("keras_progbar", "keras_csv_resume", "lightning_bar", "hf_ckpt", "hf_tb", "tqdm_loop", "print_wordlm",
               "print_vae", "print_fastai", "print_logging", "torch_tb_tags", "torch_tsv")
# The reader lossdoctor should pick for each (evaluate.py keeps only runs read by this reader).
READER_FOR_V4 = {"keras_progbar": "text", "keras_csv_resume": "keras_csv", "lightning_bar": "text",
                 "hf_ckpt": "hf_trainer", "hf_tb": "tensorboard", "tqdm_loop": "text", "print_wordlm": "text",
                 "print_vae": "text", "print_fastai": "text", "print_logging": "text", "torch_tb_tags": "tensorboard",
                 "torch_tsv": "table"}
# Writers that keep per-step training losses next to the per-epoch (or per-evaluation) ones.
STEP_LEVEL_V4 = {"hf_ckpt", "hf_tb", "print_wordlm", "print_vae", "torch_tb_tags"}


@dataclass(frozen=True)
class Family4:
    name: str
    fault: str
    data: str          # sales | load | tags | fraud | protos | chars | sprites | quant | denoise | dots
    model: str         # widedeep | logreg | mlp | tcn | idcnn | attnpool | lstm_lm | vae | convnext1d | vit | convnext
    trainer: str       # one of TRAINERS_V4
    optimizer: str = "adam"   # sgd | nesterov | momentum | adam | adamw | nadam | radam | radamw | adamax | adadelta
    #                           | adafactor (HF)
    lr: float = 1e-3
    momentum: float = 0.9
    schedule: str = "none"    # none | multistep | invsqrt | warmup_const | plateau | anneal4 | cosine (HF)
    #                           | plateau_mode_max (the fault)
    milestones: tuple[int, ...] = ()
    gamma: float = 0.1
    patience: int = 1
    epochs: int = 20
    batch: int = 32
    n_train: int = 2000
    n_val: int = 500
    width: int = 32
    dropout: float = 0.0
    dropout_schedule: bool = False  # dropout decays linearly from `dropout` to 0 over the run
    weight_decay: float = 0.0
    clip_value: float = 0.0   # gradient clipping by value (0: none)
    clip_norm: float = 0.0    # gradient clipping by norm (0: none)
    log_every: int = 10       # step-level logging interval (steps)
    pos_weight: float = 1.0   # binary: weight of the positive class in the loss
    mixup: float = 0.0        # mixup alpha (0: none); the train loss is the mixed loss
    swa_start: int = 0        # SWA: average the weights from this epoch on (0: none), SWALR to swa_lr
    swa_lr: float = 0.0
    pretrain: int = 0         # epochs of unlogged pre-training of the backbone on clean data first
    freeze_epochs: int = 0    # fine-tuning: the backbone is frozen for these epochs, then unfrozen
    unfreeze_lr: float = 0.0  # the backbone's LR once unfrozen
    teacher_epochs: int = 0   # distillation: epochs the (unlogged) teacher is trained first
    # ---- fault knobs -------------------------------------------------------------------------------------------
    log_not_log1p: bool = False       # sales targets through np.log, not np.log1p: days with 0 sales give -inf
    reduction_sum: bool = False       # the training loss summed over the batch, with an LR chosen for the mean
    xy_shuffle_bug: bool = False      # inputs and labels shuffled with two different permutations every epoch
    stale_optimizer: bool = False     # backbone frozen, head replaced after the optimizer was built: nothing trains
    unscaled_shard_epochs: tuple[int, ...] = ()  # in these epochs a quarter of the batches come in raw units
    duplicates: int = 0               # each distinct example copied this many times before the random split
    cosine_scale: float = 0.0         # cosine-similarity head with this fixed logit scale (0: a plain linear head)
    tanh_head: bool = False           # logits squashed by tanh before the cross-entropy
    val_one_window: bool = False      # forecasting validated on the last window only
    val_regime_shift: bool = False    # validation period after a regime change of the series
    context: int = 1                  # tagger receptive field: 0 sees only the current token
    proto_noise: float = 1.8          # protos: noise of each observation (lower: an easier task)
    train_noise: float = 0.0          # Gaussian-noise augmentation of the training images only (HF runs)
    shows: str = ""                   # the construction check in checks_v4.py the raw numbers must pass
    expect: tuple[tuple[str, ...], ...] = ()
    allow: frozenset[str] = frozenset()
    causes: frozenset[str] = frozenset()
    healthy: bool = False
    note: str = ""


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")
_OVERFIT = _any("overfitting", "generalization_gap")


def _healthy(name: str, fault: str, shows: str = "healthy", **kw: object) -> Family4:
    return Family4(name, fault, healthy=True, allow=_BENIGN, shows=shows, **kw)  # type: ignore[arg-type]


FAMILIES_V4: tuple[Family4, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h4_sales_widedeep_nadam_kbar",
             "none: daily sales counts regressed on log1p scale (RMSLE-style MSE), wide-and-deep net with store and "
             "weekday embeddings, NAdam, the Keras fit(verbose=1) progress bar as a terminal shows it",
             data="sales", model="widedeep", trainer="keras_progbar", optimizer="nadam", lr=2e-3, epochs=20,
             batch=64, n_train=3000, width=32),
    _healthy("h4_fraud_logreg_200ep_fastai",
             "none: imbalanced binary classification (4 % positives) by logistic regression, AUC logged, SGD "
             "Nesterov for 200 epochs (a long converged run), a fastai-style results table of 200 rows",
             data="fraud", model="logreg", trainer="print_fastai", optimizer="nesterov", lr=0.05, epochs=200,
             batch=256, n_train=3000, n_val=1000, shows="healthy_auc"),
    _healthy("h4_load_tcn_nadam_kcsvresume",
             "none: load forecasting, Keras dilated causal TCN, NAdam, interrupted and resumed half way: Keras "
             "CSVLogger with append=True and fit(initial_epoch=...)",
             data="load", model="tcn", trainer="keras_csv_resume", optimizer="nadam", lr=7e-4, epochs=20, batch=64,
             width=24),
    _healthy("h4_load_tcn_radam_multistep_tqdm",
             "none: forecasting the next 8 hours of an electricity load from the last 48, dilated causal TCN, RAdam "
             "with MultiStepLR (x0.3 at epochs 10 and 15), tqdm bars with set_postfix and a tqdm.write summary",
             data="load", model="tcn", trainer="tqdm_loop", optimizer="radam", lr=2e-3, schedule="multistep",
             milestones=(10, 15), gamma=0.3, epochs=20, batch=64, width=24),
    _healthy("h4_tags_idcnn_adamax_invsqrt_hftb",
             "none: sequence tagging (a tag per token, from the token and its left neighbour), iterated dilated CNN "
             "tagger, Adamax with inverse-square-root schedule after warm-up, HF Trainer reporting to TensorBoard",
             data="tags", model="idcnn", trainer="hf_tb", optimizer="adamax", lr=4e-3, schedule="invsqrt", epochs=12,
             batch=32, width=48),
    _healthy("h4_protos_attnpool_adafactor_hfckpt",
             "none: 128-class identification from a set of 8 noisy observations, attention-pooling net, HF Trainer "
             "with Adafactor and cosine decay after warm-up; the log is the last checkpoint's trainer_state.json",
             data="protos", model="attnpool", trainer="hf_ckpt", optimizer="adafactor", lr=3e-3, schedule="cosine",
             epochs=15, batch=32, width=64, n_train=3840, n_val=640),
    _healthy("h4_chars_lstm_sgd20_wordlm",
             "none: next-character LM, 2-layer LSTM, plain SGD at LR 20 with gradient clipping 0.25 and the LR "
             "divided by 4 when validation does not improve: PyTorch's word_language_model example and its print",
             data="chars", model="lstm_lm", trainer="print_wordlm", optimizer="sgd", lr=20.0, clip_norm=0.25,
             schedule="anneal4", epochs=12, batch=20, width=64, n_train=1500, n_val=300, log_every=25,
             shows="healthy_lm"),
    _healthy("h4_sprites_vae_adam_vaeprint",
             "none: a VAE on generated 8x8 binary sprites, negative ELBO (summed BCE + KL) per sample, Adam: "
             "PyTorch's VAE example and its print ('====> Epoch: 3 Average loss: ...')",
             data="sprites", model="vae", trainer="print_vae", lr=3e-3, epochs=50, batch=64, width=128, log_every=10,
             shows="healthy_vae"),
    _healthy("h4_quant_distill_nesterov_fastai",
             "none: knowledge distillation (KL at T=4 x T^2 + CE) of a trained teacher MLP into a small student, "
             "Gaussian-quantile classes, SGD Nesterov with MultiStepLR, a fastai-style results table",
             data="quant", model="mlp", trainer="print_fastai", optimizer="nesterov", lr=0.05,
             schedule="multistep", milestones=(12, 16), gamma=0.2, epochs=20, batch=32, width=32, teacher_epochs=30),
    _healthy("h4_denoise_convnext1d_radamw_lbar",
             "none: denoising 1-D signals (MSE to the clean signal), ConvNeXt-style 1-D blocks (depthwise k7, "
             "LayerNorm, inverted bottleneck), RAdam with decoupled weight decay, Lightning's progress bar as printed",
             data="denoise", model="convnext1d", trainer="lightning_bar", optimizer="radamw", lr=2e-3,
             weight_decay=1e-2, epochs=12, batch=32, width=24, n_train=1500),
    _healthy("h4_dots_vit_warmup_everystep_tbtags",
             "none: counting dots (1-4) in 16x16 images, a small ViT on 4x4 patches, AdamW with one epoch of linear "
             "warm-up then inverse-square-root decay, batch 16, every step logged (a noisy step curve): "
             "SummaryWriter 'Loss/train'",
             data="dots", model="vit", trainer="torch_tb_tags", optimizer="adamw", lr=1e-3, schedule="invsqrt",
             epochs=10, batch=16, width=32, log_every=1, weight_decay=0.05, n_train=3000),
    _healthy("h4_dots_convnext_frozen_then_unfrozen_tsv",
             "none: fine-tuning: a ConvNeXt-like CNN pre-trained (unlogged) on clean dots gets a new head, trains "
             "the head with the backbone frozen for 6 epochs, then everything at a low LR; a TSV history",
             data="dots", model="convnext", trainer="torch_tsv", lr=2e-3, pretrain=3, freeze_epochs=6,
             unfreeze_lr=2e-4, epochs=12, batch=32, width=12, n_train=1200, n_val=300, shows="healthy_finetune"),
    _healthy("h4_sales_mlp_swa_logging",
             "none: sales (log1p target), MLP, Adam then stochastic weight averaging from epoch 15 (SWALR), the "
             "averaged model evaluated; Python logging lines with timestamps",
             data="sales", model="mlp", trainer="print_logging", lr=3e-3, swa_start=15, swa_lr=1e-3, epochs=20,
             batch=64, n_train=3000, width=64),
    _healthy("h4_tags_idcnn_dropsched_clipvalue_lbar",
             "none: sequence tagging, dilated CNN tagger with dropout decaying 0.5 -> 0 over the run, gradient "
             "clipping by value, Adam, Lightning's progress bar as printed",
             data="tags", model="idcnn", trainer="lightning_bar", lr=3e-3, dropout=0.5, dropout_schedule=True,
             clip_value=0.5, epochs=12, batch=32, width=48),
    _healthy("h4_protos_attnpool_plateau_logging",
             "none: 128-class sets, attention pooling, NAdam with ReduceLROnPlateau (x0.5, patience 1) on val loss, "
             "Python logging lines with timestamps",
             data="protos", model="attnpool", trainer="print_logging", optimizer="nadam", lr=2e-3,
             schedule="plateau", gamma=0.5, patience=1, epochs=18, batch=32, width=64, n_train=3840, n_val=640),
    _healthy("h4_fraud_mlp_posweight_adadelta_tqdm",
             "none: imbalanced binary classification, MLP, positive class weighted x2 in the loss, Adadelta (LR 1), "
             "AUC logged, tqdm bars", data="fraud", model="mlp", trainer="tqdm_loop", optimizer="adadelta", lr=1.0,
             pos_weight=2.0, epochs=8, batch=64, n_train=3000, n_val=1000, width=16, shows="healthy_auc"),
    # ---- faults ----------------------------------------------------------------------------------------------------
    Family4("f4_overfit_protos_two_per_class_hfckpt",
            "128-class sets with only 2 training sets per class, a wide attention-pooling net, 60 epochs, no "
            "regularisation (HF Trainer checkpoint trainer_state.json)", data="protos", model="attnpool",
            trainer="hf_ckpt", optimizer="adamw", lr=3e-3, epochs=60, batch=32, width=128, n_train=256, n_val=640,
            shows="overfitting", expect=(_OVERFIT,),
            allow=_g("loss_metric_disagreement", "noisy_validation", "plateau", "still_improving",
                     "train_loss_rebound", "loss_spikes"),
            causes=_g("too_little_data", "model_too_large", "insufficient_regularization")),
    Family4("f4_underfit_tagger_no_context_fastai",
            "the tagger's convolutions have kernel 1: it sees only the current token while the tag depends on the "
            "left neighbour too (fastai-style table)", data="tags", model="idcnn", trainer="print_fastai",
            context=0, lr=3e-3, epochs=10, batch=32, width=48, shows="underfitting",
            expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
            allow=_g("still_improving", "loss_metric_disagreement", "noisy_validation"),
            causes=_g("model_too_small")),
    Family4("f4_chance_xy_shuffled_apart_vit_tbtags",
            "inputs and labels shuffled with two different permutations every epoch (x[perm_a], y[perm_b]): the "
            "ViT sees random labels (SummaryWriter 'Loss/train')", data="dots", model="vit", trainer="torch_tb_tags",
            xy_shuffle_bug=True, optimizer="adamw", lr=1e-3, epochs=12, batch=32, width=32, log_every=5,
            shows="stuck_at_chance",
            expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting", "plateau"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train", "overfitting", "generalization_gap"),
            causes=_g("training_step_bug", "label_or_loss_misconfig", "noisy_labels")),
    Family4("f4_flat_stale_optimizer_finetune_tsv",
            "fine-tuning bug: the backbone is frozen and the head replaced after the optimizer was built, so the "
            "optimizer holds the old head and nothing trains (TSV history)", data="dots", model="convnext",
            trainer="torch_tsv", stale_optimizer=True, pretrain=3, lr=2e-3, epochs=10, batch=32, width=12,
            n_train=1200, n_val=300,
            shows="loss_not_decreasing",
            expect=(_any("loss_not_decreasing", "stuck_at_chance", "plateau", "underfitting"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train"),
            causes=_g("training_step_bug", "lr_too_low")),
    Family4("f4_nan_log_not_log1p_sales_kcsvresume",
            "sales targets transformed with np.log instead of np.log1p: days with 0 sales become -inf, the loss is "
            "inf/NaN (Keras CSVLogger, resumed)", data="sales", model="widedeep", trainer="keras_csv_resume",
            log_not_log1p=True, optimizer="nadam", lr=2e-3, epochs=12, batch=64, n_train=3000, width=32,
            shows="nan_inf", expect=(_any("nan_inf", "divergence"),),
            allow=_g("loss_spikes", "oscillation", "train_loss_rebound", "abnormal_initial_loss", "noisy_validation",
                     "plateau", "still_improving", "loss_not_decreasing", "stuck_at_chance"),
            causes=_g("label_or_loss_misconfig", "exploding_gradients")),
    Family4("f4_diverge_sum_reduction_sales_logging",
            "the training loss summed over the batch of 64 (reduction='sum') with an SGD LR chosen for the mean: "
            "the effective LR is 64x too high and the wide-and-deep net diverges (Python logging)", data="sales",
            model="widedeep", trainer="print_logging", optimizer="sgd", lr=8e-3, reduction_sum=True, epochs=15,
            batch=64, n_train=3000, width=32, shows="divergence",
            expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
            allow=_g("loss_spikes", "oscillation", "generalization_gap", "overfitting", "plateau", "noisy_validation",
                     "still_improving", "loss_not_decreasing", "abnormal_initial_loss"),
            causes=_g("lr_too_high", "exploding_gradients", "label_or_loss_misconfig")),
    Family4("f4_plateau_rop_mode_max_chars_lbar",
            "ReduceLROnPlateau(mode='max', patience=0) on the val loss: every improvement counts as a bad epoch, the "
            "LR is cut x0.1 after every epoch and the character LSTM stops learning early (Lightning progress bar)",
            data="chars", model="lstm_lm", trainer="lightning_bar", lr=3e-3, schedule="plateau_mode_max",
            gamma=0.1, patience=0, epochs=16, batch=32, width=64, n_train=1500, n_val=300, shows="plateau",
            expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
            allow=_g("stuck_at_chance", "still_improving", "noisy_validation"),
            causes=_g("lr_too_low", "insufficient_training")),
    Family4("f4_oscillate_momentum_logreg_fastai",
            "logistic regression with SGD momentum 0.99 and LR 2 on small batches: the weights ring and the loss "
            "goes up and down (fastai-style table)", data="fraud", model="logreg", trainer="print_fastai",
            optimizer="momentum", momentum=0.99, lr=2.0, epochs=20, batch=16, n_train=3000, n_val=1000,
            shows="oscillation",
            expect=(_any("oscillation", "loss_spikes", "divergence", "train_loss_rebound", "noisy_validation"),),
            allow=_g("abnormal_initial_loss", "generalization_gap", "overfitting", "plateau", "nan_inf",
                     "loss_metric_disagreement", "val_below_train", "stuck_at_chance", "loss_not_decreasing"),
            causes=_g("lr_too_high")),
    Family4("f4_spikes_unscaled_shard_sales_tqdm",
            "in epochs 5, 10 and 15 a quarter of the batches come from a shard whose numeric features were never "
            "standardised (raw units, x100 + 50) (tqdm bars)", data="sales", model="widedeep", trainer="tqdm_loop",
            lr=2e-3, unscaled_shard_epochs=(5, 10, 15), epochs=20, batch=64, n_train=3000, width=32,
            shows="loss_spikes", expect=(_any("loss_spikes", "oscillation"),),
            allow=_g("train_loss_rebound", "noisy_validation", "still_improving", "plateau", "val_below_train",
                     "abnormal_initial_loss", "generalization_gap"),
            causes=_g("unnormalized_input", "exploding_gradients")),
    Family4("f4_leak_duplicates_dots_hftb",
            "187 distinct images each copied 8 times before a random train/validation split: every validation image "
            "is also a training image (training batches get Gaussian-noise augmentation) (HF Trainer reporting to "
            "TensorBoard)", data="dots", model="convnext",
            trainer="hf_tb", optimizer="adamw", duplicates=8, train_noise=0.3, lr=3e-3, epochs=10, batch=32, width=12, n_train=1200,
            n_val=300, shows="suspected_leakage", expect=(_any("suspected_leakage"),),
            allow=_g("val_below_train", "still_improving", "plateau", "noisy_validation", "overfitting"),
            causes=_g("data_leakage")),
    Family4("f4_init_loss_cosine_scale1000_protos_tsv",
            "a cosine-similarity classifier head with its logit scale fixed at 1/0.001 (a temperature meant for a "
            "contrastive loss): the first loss is many times ln 128 (TSV history)", data="protos", model="attnpool",
            trainer="torch_tsv", cosine_scale=1000.0, lr=1e-3, epochs=12, batch=32, width=64, n_train=3840,
            n_val=640, shows="abnormal_initial_loss", expect=(_any("abnormal_initial_loss"),),
            allow=_g("oscillation", "loss_spikes", "noisy_validation", "generalization_gap", "overfitting",
                     "divergence", "train_loss_rebound", "plateau", "still_improving", "val_below_train",
                     "loss_metric_disagreement"),
            causes=_g("bad_initialization", "label_or_loss_misconfig")),
    Family4("f4_val_below_mixup_dots_tbtags",
            "mixup (alpha 1) on the training batches only: the training loss is measured on mixed images and labels, "
            "validation on clean ones (SummaryWriter 'Loss/train')", data="dots", model="convnext",
            trainer="torch_tb_tags", mixup=1.0, lr=2e-3, epochs=12, batch=32, width=12, log_every=5, n_train=1200,
            n_val=300,
            shows="val_below_train", expect=(_any("val_below_train"),),
            allow=_g("still_improving", "noisy_validation", "plateau"),
            causes=_g("regularization_only_in_training")),
    Family4("f4_noisy_val_one_window_load_kbar",
            "the forecaster validated on the last 8 hours only (one window) instead of a held-out period (Keras "
            "progress bar)", data="load", model="tcn", trainer="keras_progbar", val_one_window=True,
            optimizer="nadam", lr=2e-3, epochs=20, batch=64, width=24, shows="noisy_validation",
            expect=(_any("noisy_validation"),),
            allow=_g("val_below_train", "generalization_gap", "overfitting", "still_improving", "plateau",
                     "loss_spikes"),
            causes=_g("small_validation_set")),
    Family4("f4_still_3epoch_excerpt_chars_wordlm",
            "a 3-epoch run (a smoke-test config left in) of the character LSTM while it learns fast "
            "(word_language_model print)", data="chars", model="lstm_lm", trainer="print_wordlm", lr=3e-3,
            epochs=3, batch=20, width=64, n_train=1500, n_val=300, log_every=25, shows="still_improving",
            expect=(_any("still_improving"),), allow=_g("underfitting", "val_below_train"),
            causes=_g("insufficient_training")),
    Family4("f4_disagree_tanh_head_protos_tsv",
            "the 128-class logits squashed by tanh (a head copied from a bounded regression model) before the "
            "cross-entropy: the loss floors at ln(1 + 127/e^2) while accuracy is high (TSV history)", data="protos",
            model="attnpool", trainer="torch_tsv", tanh_head=True, proto_noise=0.8, lr=2e-3, epochs=15, batch=32, width=64,
            n_train=3840, n_val=640, shows="loss_metric_disagreement",
            expect=(_any("loss_metric_disagreement", "stuck_at_chance", "plateau", "underfitting"),),
            allow=_g("still_improving", "loss_not_decreasing"), causes=_g("label_or_loss_misconfig")),
    Family4("f4_gap_regime_shift_load_logging",
            "the forecaster validated on a period after a regime change (daily amplitude x2.5, level +1.5 sd) "
            "(Python logging)", data="load", model="tcn", trainer="print_logging", val_regime_shift=True,
            optimizer="radam", lr=2e-3, epochs=16, batch=64, width=24, shows="generalization_gap_regression",
            expect=(_OVERFIT,), allow=_g("still_improving", "noisy_validation", "plateau"),
            causes=_g("distribution_shift")),
    Family4("f4_rebound_unfreeze_high_lr_dots_lbar",
            "fine-tuning: after 7 epochs with the pre-trained backbone frozen it is unfrozen with LR 1.0 (Adam), "
            "which wrecks its features: the training loss climbs back (Lightning progress bar)", data="dots",
            model="convnext", trainer="lightning_bar", pretrain=3, freeze_epochs=7, unfreeze_lr=1.0, lr=2e-3,
            epochs=14, batch=32, width=12, n_train=1200, n_val=300, shows="train_loss_rebound",
            expect=(_any("train_loss_rebound", "divergence", "loss_spikes", "oscillation"),),
            allow=_g("overfitting", "generalization_gap", "noisy_validation", "plateau", "loss_metric_disagreement",
                     "stuck_at_chance", "loss_not_decreasing"),
            causes=_g("lr_too_high")),
)
