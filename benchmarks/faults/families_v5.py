"""The fifth generation of model families: tasks, models, training setups and writers that none of v1 (families.py),
v2, v3 or v4 (families_v2.py .. families_v4.py) used.

The label rule, fixed and committed before any full-length run was generated, and never changed to fit a curve:

- ``expect`` is the symptom the injected fault produces by construction (one group; any name in it counts: the names a
  practitioner would accept for the same curve); ``allow`` lists what may also be true of such a run; ``causes`` is the
  injected cause (the top-3 cause metric); ``healthy`` runs must raise no warning at all.
- ``shows`` names the construction check (checks_v5.py), the plain test of the logged numbers a person would do to see
  the fault. A run that fails it did not show its fault: its injection (or, for a healthy run, its tuning) is fixed and
  it is regenerated; a run that still fails is left out of labels.json (labels_failed.json), never relabelled.
- lossdoctor's diagnosis was never run on these runs while they were written, tuned and generated; only its reader
  (``lossdoctor.read``) was, to check that every log is read whole.
"""
from __future__ import annotations

from dataclasses import dataclass

from scenarios import _any, _g

# The writers. Each run is trained by a real loop (PyTorch, Lightning or Keras) and logged the way that tool's users log.
TRAINERS_V5 = ("tbx", "lightning_csv_steps", "mlflow_steps", "d2_json", "ignite_print", "fairseq_print",
               "megatron_print", "mmengine_log", "timm_csv", "cifar_print", "sentiment_print", "keras_multi_csv")
# The reader lossdoctor should pick for each (evaluate.py keeps only runs read by this reader).
READER_FOR_V5 = {"tbx": "tensorboard", "lightning_csv_steps": "lightning_csv", "mlflow_steps": "mlflow",
                 "d2_json": "json_records", "ignite_print": "text", "fairseq_print": "text",
                 "megatron_print": "text", "mmengine_log": "text", "timm_csv": "table", "cifar_print": "text",
                 "sentiment_print": "text", "keras_multi_csv": "keras_csv"}
# Writers that keep per-step (per-interval) training losses next to the per-epoch (or per-evaluation) ones.
STEP_LEVEL_V5 = {"tbx", "lightning_csv_steps", "mlflow_steps", "d2_json", "ignite_print", "megatron_print",
                 "mmengine_log", "cifar_print"}


@dataclass(frozen=True)
class Family5:
    name: str
    fault: str
    data: str          # embed | multitask | rank | boxes | counts | quantile | mtok | order | semi | anomaly | events
    model: str         # siamese | film | glu | resnet_gn | rbf | moe | mlm | mlm_cls | gru_attn | bag | perceiver
    #                    | tied_ae | unet1d
    trainer: str       # one of TRAINERS_V5
    optimizer: str = "adam"   # adam | adamw | sgd | momentum | lion (hand-written, models_v5.Lion)
    lr: float = 1e-3
    momentum: float = 0.9
    weight_decay: float = 0.0
    schedule: str = "none"    # none | linear_zero | warmup_cosine | warmup_linear | restarts | step
    warmup: int = 0           # warm-up steps
    step_size: int = 5        # StepLR: epochs per step
    gamma: float = 0.1
    restart_epochs: int = 4   # cosine with warm restarts: T_0 in epochs
    epochs: int = 20
    batch: int = 32
    n_train: int = 2000
    n_val: int = 500
    width: int = 32
    log_every: int = 10       # step-level logging interval (steps)
    accum: int = 1            # gradient accumulation (optimizer steps every `accum` batches)
    dropout: float = 0.0
    drop_path: float = 0.0    # stochastic depth of the residual blocks (training only)
    label_smoothing: float = 0.0
    input_noise: float = 0.0  # Gaussian-noise augmentation of the training inputs only
    balanced: bool = False    # class-balanced sampling (the data are imbalanced)
    pseudo_from: int = 0      # semi-supervised: pseudo-label the unlabelled pool from this epoch on (0: none)
    pseudo_threshold: float = 0.95
    pretrain: int = 0         # epochs of unlogged masked-token pre-training of the encoder first (fine-tuning)
    layer_decay: float = 1.0  # layer-wise LR decay in fine-tuning (1: none)
    router_noise: float = 0.0  # MoE: noisy top-1 gating, on in train mode only
    # ---- fault knobs -------------------------------------------------------------------------------------------
    decay_steps_one_epoch: bool = False  # linear decay to zero given one epoch's steps as the total: LR 0 after it
    accum_never_steps: bool = False      # accumulation counter reset each epoch and larger than an epoch: no step
    poisson_log_input_false: bool = False  # PoissonNLLLoss(log_input=False) on a raw linear output: log of < 0
    lion_sign_flip: bool = False         # hand-written Lion adds the update instead of subtracting it
    film_frozen_zero: bool = False       # FiLM as gamma*h + beta with a zero-initialised, frozen generator
    shard_vocab_epochs: tuple[int, ...] = ()  # in these epochs half the batches come tokenised with another vocabulary
    target_encode_id: bool = False       # a unique order id target-encoded on all rows before the split
    tied_sqrt_scale: bool = False        # tied output embedding (std 1) also scaled by sqrt(d) like the input
    eval_without_eval_mode: bool = False  # validation run in train mode (model.eval() forgotten)
    shuffled_aux_target: bool = False    # the auxiliary regression target joined on the wrong key (shuffled)
    val_night: bool = False              # validation images at night: low contrast, darker, noisier
    resume_epoch: int = 0                # resumed here from a checkpoint with optimizer and scheduler state but the
    #                                      model's weights never loaded (freshly initialised)
    max_steps: int = 0                   # training stops after this many optimizer steps (a debug config left in)
    shows: str = ""                      # the construction check in checks_v5.py the raw numbers must pass
    expect: tuple[tuple[str, ...], ...] = ()
    allow: frozenset[str] = frozenset()
    causes: frozenset[str] = frozenset()
    healthy: bool = False
    note: str = ""


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")
_OVERFIT = _any("overfitting", "generalization_gap")


def _healthy(name: str, fault: str, shows: str = "healthy", **kw: object) -> Family5:
    return Family5(name, fault, healthy=True, allow=_BENIGN, shows=shows, **kw)  # type: ignore[arg-type]


FAMILIES_V5: tuple[Family5, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h5_embed_siamese_triplet_lion_tbx",
             "none: metric learning, a Siamese MLP encoder trained with a triplet margin loss (margin 1) on random "
             "triplets of 12 identities, hand-written Lion with cosine decay, tensorboardX (per-step and per-epoch scalars)",
             data="embed", model="siamese", trainer="tbx", optimizer="lion", lr=3e-4, weight_decay=0.1,
             schedule="warmup_cosine", epochs=10, batch=64, width=64, log_every=5, shows="healthy_noacc"),
    _healthy("h5_multitask_film_linear0_lcsv",
             "none: multi-task (4-class CE + MSE of a second head, summed), a FiLM-conditioned MLP, AdamW with "
             "linear decay to zero, a Lightning Trainer whose CSVLogger keeps train_loss_step and train_loss_epoch",
             data="multitask", model="film", trainer="lightning_csv_steps", optimizer="adamw", lr=3e-3,
             weight_decay=0.01, schedule="linear_zero", epochs=15, batch=32, width=64, log_every=10),
    _healthy("h5_rank_glu_hinge_steplr_mlflow",
             "none: learning to rank, a pairwise hinge loss over the documents of each query, a gated-linear-unit "
             "MLP scorer, SGD momentum with StepLR (x0.3 every 6 epochs), MLflow metrics at the global step",
             data="rank", model="glu", trainer="mlflow_steps", optimizer="momentum", lr=0.05, schedule="step",
             step_size=6, gamma=0.3, epochs=18, batch=16, n_train=1000, width=64, log_every=10, shows="healthy_noacc"),
    _healthy("h5_boxes_resnetgn_warmcos_d2json",
             "none: one-object localisation (3-class CE + smooth-L1 on the box, summed), a tiny ResNet with "
             "GroupNorm, AdamW with linear warm-up then cosine, a detectron2-style metrics.json (one JSON line every "
             "20 iterations, validation_loss at each evaluation)",
             data="boxes", model="resnet_gn", trainer="d2_json", optimizer="adamw", lr=3e-3, weight_decay=0.05,
             schedule="warmup_cosine", warmup=60, epochs=12, batch=32, width=16, n_train=1920, log_every=20),
    _healthy("h5_counts_rbf_poisson_ignite",
             "none: count regression with a Poisson negative log-likelihood (log link), an RBF network (48 learned "
             "centres, default init), Adam, printed the way PyTorch-Ignite's example does (train loss measured in eval mode "
             "after each epoch)", data="counts", model="rbf", trainer="ignite_print", lr=2e-3, epochs=25,
             batch=64, width=48, log_every=10, shows="healthy_floor"),
    _healthy("h5_quantile_moe_pinball_mmengine",
             "none: quantile regression (pinball loss for the 0.1, 0.5 and 0.9 quantiles), a 4-expert MoE with a "
             "softmax router, Adam with StepLR, an mmengine-style log (Epoch(train) [e][i/n] ... loss, "
             "Epoch(val) ... loss)", data="quantile", model="moe", trainer="mmengine_log", lr=3e-3,
             schedule="step", step_size=8, gamma=0.3, epochs=20, batch=64, width=32, log_every=10,
             shows="healthy_floor"),
    _healthy("h5_mtok_mlm_warmlin_fairseq",
             "none: masked-token pre-training (15 % of tokens masked, tied embeddings scaled right), a 2-layer "
             "transformer, Adam with warm-up then linear decay, a fairseq-style log (loss in base 2, a running "
             "mean since the epoch start every 20 updates, one 'valid on' line per epoch)",
             data="mtok", model="mlm", trainer="fairseq_print", lr=3e-3, schedule="warmup_linear", warmup=100,
             epochs=25, batch=32, width=48, log_every=20, shows="healthy_lm"),
    _healthy("h5_mtok_finetune_layerdecay_sentiment",
             "none: fine-tuning: the masked-token pre-trained encoder (unlogged) gets a 3-class head, layer-wise LR "
             "decay 0.5, AdamW; printed like the pytorch-sentiment-analysis tutorial (Train Acc / Val. Acc in "
             "percent)", data="mtok", model="mlm_cls", trainer="sentiment_print", optimizer="adamw", lr=1e-3,
             pretrain=4, layer_decay=0.5, weight_decay=0.01, epochs=8, batch=32, width=48,
             shows="healthy_finetune"),
    _healthy("h5_semi_perceiver_pseudolabel_timm",
             "none: semi-supervised: 800 labelled rows, pseudo-labels (confidence >= 0.95) for an unlabelled pool "
             "from epoch 4, a Perceiver-like net (8 latents cross-attending to the features), AdamW with cosine "
             "decay, timm's summary.csv (eval_top1 in percent)", data="semi", model="perceiver", trainer="timm_csv",
             optimizer="adamw", lr=2e-3, weight_decay=0.05, schedule="warmup_cosine", pseudo_from=4, epochs=12,
             batch=32, width=32, n_train=800, n_val=1000),
    _healthy("h5_anomaly_tiedae_accum8_cifar",
             "none: a weight-tied autoencoder on normal data (reconstruction MSE, for anomaly scores), batch 8 with "
             "gradient accumulation x8, printed like the PyTorch CIFAR tutorial ('[1,   100] loss: 0.123', the "
             "mean of the last 100 mini-batches) with a validation line per epoch", data="anomaly",
             model="tied_ae", trainer="cifar_print", lr=3e-3, accum=8, epochs=12, batch=8, width=16,
             log_every=100, shows="healthy_noacc"),
    _healthy("h5_order_gruattn_balanced_sentiment",
             "none: which marker token comes first (3 classes, imbalanced 70/20/10), a GRU with attention pooling, "
             "class-balanced sampling, Adam; the pytorch-sentiment-analysis tutorial print (accuracy in percent)",
             data="order", model="gru_attn", trainer="sentiment_print", lr=3e-3, balanced=True, epochs=12,
             batch=32, width=32),
    _healthy("h5_events_unet1d_restarts_tbx",
             "none: per-position event detection in 1-D signals (BCE per position), a 1-D U-Net, AdamW with cosine "
             "warm restarts every 4 epochs (the LR logged), tensorboardX", data="events", model="unet1d",
             trainer="tbx", optimizer="adamw", lr=3e-3, schedule="restarts", restart_epochs=4, epochs=16,
             batch=32, width=16, log_every=10),
    _healthy("h5_multitask_keras_two_heads_kcsv",
             "none: multi-task in Keras, a model with two outputs (class softmax + regression) whose summed loss "
             "Keras logs next to each head's loss, Adam, CSVLogger", data="multitask", model="keras_two_heads",
             trainer="keras_multi_csv", lr=2e-3, epochs=20, batch=32, width=64),
    _healthy("h5_quantile_glu_sgd_batch1_megatron",
             "none: noisy steps: quantile regression, a GLU MLP, plain SGD (no momentum) at batch 1, printed like "
             "Megatron-LM ('iteration N/M | ... | lm loss: 1.234E+00 |', the mean of each 100-iteration interval, "
             "a validation block per epoch)", data="quantile", model="glu", trainer="megatron_print",
             optimizer="sgd", lr=1e-3, epochs=8, batch=1, n_train=1500, width=32, log_every=100,
             shows="healthy_floor"),
    _healthy("h5_order_perceiver_300ep_lcsv",
             "none: a long converged run: 300 epochs of a small Perceiver on 400 sequences with StepLR (x0.5 every "
             "60 epochs) and weight decay, Lightning CSVLogger with per-step and per-epoch train loss",
             data="order", model="perceiver_seq", trainer="lightning_csv_steps", optimizer="adamw", lr=2e-3,
             weight_decay=0.05, schedule="step", step_size=60, gamma=0.5, epochs=300, batch=100, n_train=400,
             n_val=400, width=24, log_every=2, dropout=0.1),
    # ---- faults ----------------------------------------------------------------------------------------------------
    Family5("f5_overfit_multitask_60rows_glu_400ep_timm",
            "60 training rows, a wide GLU MLP, 400 epochs, no regularisation: the summed multi-task loss on "
            "validation turns up (timm summary.csv)", data="multitask", model="glu", trainer="timm_csv", lr=1e-3,
            epochs=400, batch=30, n_train=60, n_val=500, width=256, shows="overfitting", expect=(_OVERFIT,),
            allow=_g("loss_metric_disagreement", "noisy_validation", "plateau", "still_improving", "loss_spikes"),
            causes=_g("too_little_data", "model_too_large", "insufficient_regularization")),
    Family5("f5_underfit_bag_of_tokens_order_sentiment",
            "the sequence is mean-pooled before anything else (a bag of tokens): the order that decides the class "
            "is gone (pytorch-sentiment-analysis print)", data="order", model="bag", trainer="sentiment_print",
            lr=3e-3, epochs=12, batch=32, width=32, shows="underfitting",
            expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
            allow=_g("still_improving", "loss_metric_disagreement", "noisy_validation", "val_below_train"),
            causes=_g("model_too_small")),
    Family5("f5_chance_film_frozen_zero_gamma_lcsv",
            "FiLM written as gamma * h + beta with a generator zero-initialised for (1 + gamma) * h and then frozen "
            "(loaded as pre-trained): every feature is multiplied by 0, the head sees constants (Lightning CSV)",
            data="multitask", model="film", trainer="lightning_csv_steps", film_frozen_zero=True, lr=3e-3,
            epochs=12, batch=32, width=64, log_every=10, shows="stuck_at_chance",
            expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting", "plateau"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train"),
            causes=_g("training_step_bug", "dead_relu", "vanishing_gradients")),
    Family5("f5_flat_accum_never_steps_counts_ignite",
            "gradient accumulation over 64 batches with the counter reset every epoch of 32 batches: "
            "optimizer.step() is never called (Ignite-style print)", data="counts", model="rbf",
            trainer="ignite_print", accum=64, accum_never_steps=True, lr=1e-2, epochs=12, batch=64, width=48,
            shows="loss_not_decreasing",
            expect=(_any("loss_not_decreasing", "stuck_at_chance", "plateau", "underfitting"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train"),
            causes=_g("training_step_bug", "lr_too_low")),
    Family5("f5_nan_poisson_log_input_false_mlflow",
            "PoissonNLLLoss(log_input=False) on the raw output of a linear head: once a predicted rate goes "
            "negative its log is NaN (MLflow)", data="counts", model="glu", trainer="mlflow_steps",
            poisson_log_input_false=True, lr=3e-3, epochs=12, batch=64, width=32, log_every=10, shows="nan_inf",
            expect=(_any("nan_inf", "divergence"),),
            allow=_g("loss_spikes", "oscillation", "train_loss_rebound", "abnormal_initial_loss", "noisy_validation",
                     "plateau", "still_improving", "loss_not_decreasing", "stuck_at_chance"),
            causes=_g("label_or_loss_misconfig", "exploding_gradients")),
    Family5("f5_diverge_lion_sign_flip_boxes_d2json",
            "a hand-written Lion that adds its sign update instead of subtracting it (gradient ascent): the "
            "localisation loss climbs (detectron2-style metrics.json)", data="boxes", model="resnet_gn",
            trainer="d2_json", optimizer="lion", lion_sign_flip=True, lr=1e-3, epochs=10, batch=32, width=16,
            n_train=1920, log_every=20, shows="divergence", expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
            allow=_g("loss_spikes", "oscillation", "generalization_gap", "overfitting", "plateau", "noisy_validation",
                     "still_improving", "loss_not_decreasing", "abnormal_initial_loss", "stuck_at_chance",
                     "underfitting"),
            causes=_g("training_step_bug", "lr_too_high")),
    Family5("f5_plateau_decay_one_epoch_mlm_fairseq",
            "linear decay to zero given one epoch's updates as the total (len(loader) instead of epochs x "
            "len(loader)): the LR is 0 from the second epoch, the masked-token loss freezes (fairseq-style log)",
            data="mtok", model="mlm", trainer="fairseq_print", lr=5e-3, schedule="linear_zero",
            decay_steps_one_epoch=True, epochs=10, batch=32, width=48, n_train=20000, log_every=20, shows="plateau",
            expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
            allow=_g("stuck_at_chance", "still_improving", "noisy_validation"),
            causes=_g("lr_too_low", "insufficient_training")),
    Family5("f5_oscillate_lion_high_lr_quantile_mmengine",
            "hand-written Lion at LR 0.1 (an Adam LR x100; Lion wants 3-10x less than Adam) on batches of 16: every "
            "weight moves by the full LR each step and the pinball loss swings (mmengine-style log)", data="quantile",
            model="moe", trainer="mmengine_log", optimizer="lion", lr=0.1, epochs=20, batch=16, width=32,
            log_every=10, shows="oscillation",
            expect=(_any("oscillation", "loss_spikes", "divergence", "train_loss_rebound", "noisy_validation"),),
            allow=_g("abnormal_initial_loss", "generalization_gap", "overfitting", "plateau", "nan_inf",
                     "val_below_train", "stuck_at_chance", "loss_not_decreasing", "underfitting"),
            causes=_g("lr_too_high")),
    Family5("f5_spikes_other_vocab_shard_order_tbx",
            "in epochs 5, 10 and 15 half of the batches come from a shard tokenised with another vocabulary "
            "(token ids permuted) (tensorboardX)", data="order", model="gru_attn", trainer="tbx", lr=3e-3,
            shard_vocab_epochs=(5, 10, 15), epochs=20, batch=32, width=32, log_every=10, shows="loss_spikes",
            expect=(_any("loss_spikes", "oscillation"),),
            allow=_g("train_loss_rebound", "noisy_validation", "still_improving", "plateau", "val_below_train",
                     "generalization_gap"),
            causes=_g("training_step_bug", "label_or_loss_misconfig", "unnormalized_input")),
    Family5("f5_leak_target_encoded_id_mmengine",
            "a unique row id target-encoded (mean of the one-hot class per id) on all rows before the "
            "train/validation split: the encoding is the label; the training inputs get Gaussian-noise "
            "augmentation (mmengine-style log)", data="semi", model="glu", trainer="mmengine_log", n_train=2000,
            n_val=1000,
            target_encode_id=True, input_noise=0.5, lr=2e-3, epochs=12, batch=32, width=64, log_every=10,
            shows="suspected_leakage", expect=(_any("suspected_leakage"),),
            allow=_g("val_below_train", "still_improving", "plateau", "noisy_validation", "overfitting"),
            causes=_g("data_leakage")),
    Family5("f5_init_loss_tied_sqrt_scale_mlm_megatron",
            "the tied output embedding (initialised with std 1) also multiplied by sqrt(d_model) like the input "
            "embedding: the first masked-token loss is many times ln V (Megatron-style print)", data="mtok",
            model="mlm", trainer="megatron_print", tied_sqrt_scale=True, lr=1e-3, epochs=10, batch=32, width=48,
            log_every=20, shows="abnormal_initial_loss", expect=(_any("abnormal_initial_loss"),),
            allow=_g("oscillation", "loss_spikes", "noisy_validation", "generalization_gap", "overfitting",
                     "divergence", "train_loss_rebound", "plateau", "still_improving", "val_below_train",
                     "loss_metric_disagreement"),
            causes=_g("bad_initialization", "label_or_loss_misconfig")),
    Family5("f5_val_below_droppath_boxes_timm",
            "stochastic depth 0.6 on the residual blocks (training only) and dropout 0.3 before the heads: the "
            "training loss is measured on a thinned net, validation on the whole one (timm summary.csv)",
            data="boxes", model="resnet_gn", trainer="timm_csv", optimizer="adamw", drop_path=0.6, dropout=0.3,
            lr=3e-3, epochs=12, batch=32, width=16, shows="val_below_train", expect=(_any("val_below_train"),),
            allow=_g("still_improving", "noisy_validation", "plateau"),
            causes=_g("regularization_only_in_training")),
    Family5("f5_noisy_val_no_eval_mode_moe_mlflow",
            "validation run without model.eval() on 48 rows: the MoE's noisy top-1 gating (noise sd 2) and dropout "
            "0.5 stay on (MLflow)", data="quantile", model="moe", trainer="mlflow_steps", eval_without_eval_mode=True,
            router_noise=2.0, dropout=0.5, lr=3e-3, epochs=20, batch=64, width=32, n_val=48, log_every=10,
            shows="noisy_validation", expect=(_any("noisy_validation"),),
            allow=_g("val_below_train", "generalization_gap", "overfitting", "still_improving", "plateau",
                     "loss_spikes"),
            causes=_g("small_validation_set", "training_step_bug")),
    Family5("f5_still_max_steps_debug_boxes_d2json",
            "max_iter=300 left from a debug config: the localisation run stops after 5 evaluation periods while it "
            "learns fast (detectron2-style metrics.json)", data="boxes", model="resnet_gn", trainer="d2_json",
            optimizer="adamw", lr=5e-4, max_steps=300, epochs=40, batch=32, width=16, n_train=1920, log_every=20,
            shows="still_improving", expect=(_any("still_improving"),), allow=_g("underfitting", "val_below_train"),
            causes=_g("insufficient_training")),
    Family5("f5_disagree_shuffled_aux_target_keras",
            "multi-task in Keras: the auxiliary regression target was joined on the wrong key (shuffled), so its "
            "MSE (~1) floors the summed loss while the class head is accurate (Keras CSVLogger)",
            data="multitask", model="keras_two_heads", trainer="keras_multi_csv", shuffled_aux_target=True,
            lr=2e-3, epochs=30, batch=32, width=64, shows="loss_metric_disagreement",
            expect=(_any("loss_metric_disagreement", "stuck_at_chance", "plateau", "underfitting"),),
            allow=_g("still_improving", "loss_not_decreasing", "val_below_train"),
            causes=_g("label_or_loss_misconfig")),
    Family5("f5_gap_night_val_boxes_cifar",
            "validation images taken 'at night' (contrast x0.35, darker, noise x2) while training saw only daylight "
            "(CIFAR-tutorial print)", data="boxes", model="resnet_gn", trainer="cifar_print", val_night=True,
            optimizer="adamw", lr=3e-3, epochs=12, batch=32, width=16, log_every=20, shows="generalization_gap",
            expect=(_OVERFIT,), allow=_g("still_improving", "noisy_validation", "plateau"),
            causes=_g("distribution_shift")),
    Family5("f5_rebound_resume_without_weights_semi_ignite",
            "resumed at epoch 12 from a checkpoint: optimizer and cosine schedule state restored, the model's "
            "load_state_dict forgotten (fresh weights at the late, small LR): the training loss jumps back "
            "(Ignite-style print)", data="semi", model="perceiver", trainer="ignite_print", lr=2e-3,
            schedule="warmup_cosine", resume_epoch=12, epochs=16, batch=32, width=32, n_train=1500, n_val=1000,
            log_every=10, shows="train_loss_rebound",
            expect=(_any("train_loss_rebound", "divergence", "loss_spikes", "oscillation"),),
            allow=_g("overfitting", "generalization_gap", "noisy_validation", "plateau", "still_improving",
                     "stuck_at_chance", "loss_not_decreasing", "underfitting"),
            causes=_g("training_step_bug", "bad_initialization")),
)
