"""The ninth generation of model families: tasks, models, training setups and writers that v1-v8 (families.py,
families_v2.py .. families_v8.py) did not use, for release 10's honest number.

The label rule, fixed and committed before any full-length run was generated, and never changed to fit a curve:

- ``expect`` is the symptom the injected fault produces by construction (one group; any name in it counts: the names a
  practitioner would accept for the same curve); ``allow`` lists what may also be true of such a run; ``causes`` is the
  injected cause (the top-3 cause metric); ``healthy`` runs must raise no warning at all.
- ``shows`` names the construction check (checks_v9.py), the plain test of the logged numbers a person would do to see
  the fault. A run that fails it did not show its fault: its injection (or, for a healthy run, its tuning) is fixed and
  it is regenerated; a run that still fails is left out of labels.json (labels_failed.json), never relabelled.
- ``context`` (labels.json) is what the person running it knows and could tell lossdoctor, in the schema of
  benchmarks/real_runs/score.py CONTEXT: the task and loss as they would name them, whether it is fine-tuning, whether
  the best checkpoint is restored at the end. It follows from the setup, never from the curve: the person training a
  flow says its loss is a negative log-likelihood ('other'), the person with a mixture density network says regression
  with another loss; the person whose sigmoid was left on the last layer still believes the loss is cross-entropy.
- lossdoctor's diagnosis was never run on these runs while they were written, tuned and generated; only its reader
  (``lossdoctor.read``) was, to check that every log is read whole.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios import _any, _g
from families_v8 import READER_FOR_V8

READER_FOR_V9 = {**READER_FOR_V8, "fastai": "text", "ignite": "text", "hf_card": "text"}
TRAINERS_V9 = tuple(READER_FOR_V9)
STEP_LEVEL_V9 = {"torch_tb", "hf_state", "hf_stdout", "lightning_tb", "lightning_csv", "ignite"}

# What a user would say about each task (score.py CONTEXT's task and loss vocabularies).
_CONTEXT = {"clouds": ("classification", "cross_entropy"), "cancer": ("classification", "cross_entropy"),
            "moons": ("generative", "other"), "inverse": ("regression", "other"), "prices": ("regression", "mse")}


@dataclass(frozen=True)
class Family9:
    name: str
    fault: str
    data: str      # clouds | cancer | moons | inverse | prices
    model: str     # pointnet | gelu | sdres | realnvp | mdn
    trainer: str   # one of TRAINERS_V9
    optimizer: str = "adam"   # adam | adamw | sgd | momentum | adan | adabelief | yogi | signum
    lr: float = 1e-3
    weight_decay: float = 0.0
    schedule: str = "none"    # none | warmup_cosine | triangular2 | multiplicative | inv_time
    warmup: int = 50
    decay: float = 1e-3       # inv_time's k
    mult: float = 0.95        # multiplicative: the LR factor per epoch
    epochs: int = 15
    batch: int = 64
    accum: int = 1            # gradient accumulation: optimizer.step() every `accum` batches
    n_train: int = 2000
    n_val: int = 500
    points: int = 48          # points per training cloud
    val_points: int = 0       # points per validation cloud (0: as training)
    width: int = 64
    blocks: int = 4
    survival: float = 1.0     # stochastic depth: the last block's survival probability in training
    log_every: int = 10
    eval_every: int = 0       # validate every N steps instead of per epoch
    dropout: float = 0.0
    input_dropout: float = 0.0
    clip: float = 0.0
    label_smoothing: float = 0.0
    mixup: float = 0.0        # mixup's Beta(alpha, alpha); 0: none
    early_stop: int = 0
    restore_best: bool = False
    pretrain: int = 0         # epochs of unlogged pre-training on coarse labels (round vs edged shapes), fresh head
    # ---- fault knobs -------------------------------------------------------------------------------------------
    int8_coords: bool = False        # cloud coordinates cast to int8 after scaling into [-1, 1]
    zero_head: bool = False
    raw_inputs: bool = False         # the table's features left unscaled
    target_encoded_id: bool = False  # a unique row id target-encoded on all rows (its own label included)
    zero_prices: bool = False        # 1 % of prices stored as 0, then log
    raw_price_epochs: tuple[int, ...] = ()  # in these epochs every other batch holds prices not log-transformed
    sigmoid_before_ce: bool = False
    resume_epoch: int = 0            # resumed here with a fresh optimizer at the LR finder's last LR
    resume_lr: float = 0.0
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
        return {"moons": "flow_nll", "inverse": "mdn_nll", "prices": "mse_log_target"}.get(self.data, "ce")


def context(fam: Family9) -> dict[str, Any]:
    """What the user running this would know and say (score.py CONTEXT): task, loss, fine_tune, best_checkpoint."""
    task, loss = _CONTEXT[fam.data]
    return {"task": task, "loss": loss, "fine_tune": fam.fine_tune, "best_checkpoint": fam.restore_best}


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")
_OVERFIT = _any("overfitting", "generalization_gap")


def _healthy(name: str, fault: str, shows: str = "healthy", **kw: Any) -> Family9:
    return Family9(name, fault, healthy=True, allow=_BENIGN, shows=shows, **kw)


FAMILIES_V9: tuple[Family9, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h9_clouds_pointnet_adan_warmcos_fastai",
             "none: 3-D point clouds of four shapes, a PointNet (shared per-point MLP, max-pooled), a hand-written "
             "Adan, linear warm-up then cosine per step, fastai's printed Recorder table", data="clouds",
             model="pointnet", trainer="fastai", optimizer="adan", lr=3e-3, schedule="warmup_cosine", warmup=60,
             epochs=12),
    _healthy("h9_clouds_pointnet_finetune_coarse_ignite",
             "none: fine-tuning: the PointNet pre-trained (unlogged) on round vs edged shapes, a fresh 4-shape head, "
             "Adam at 5e-4, Ignite's printed 'Epoch[1] Iteration[10/32] Loss' and 'Validation Results' lines",
             data="clouds", model="pointnet", trainer="ignite", lr=5e-4, pretrain=4, epochs=8, fine_tune=True,
             shows="healthy_finetune"),
    _healthy("h9_clouds_pointnet_ls02_yogi_hfcard",
             "none: label smoothing 0.2 (train and val), a hand-written Yogi, the 'Training results' table of the "
             "model card HF Trainer writes (README.md)", data="clouds", model="pointnet", trainer="hf_card",
             optimizer="yogi", lr=3e-3, label_smoothing=0.2, epochs=12, log_every=8, shows="healthy_floor"),
    _healthy("h9_clouds_pointnet_triangular2_val_every_40_lcsv",
             "none: CyclicLR triangular2 (5e-4 .. 5e-2, halving amplitude) on SGD with momentum, validation every "
             "40 steps, Lightning's CSVLogger", data="clouds", model="pointnet", trainer="lightning_csv",
             optimizer="momentum", lr=5e-2, schedule="triangular2", epochs=12, eval_every=40),
    _healthy("h9_cancer_gelu_sgd_batch1_kcsv",
             "none: the breast-cancer table, a GELU MLP, plain SGD at batch size 1 (no momentum), Keras' CSVLogger",
             data="cancer", model="gelu", trainer="keras_csv", optimizer="sgd", lr=2e-3, batch=1, epochs=6,
             n_val=169, width=32, dropout=0.1),
    _healthy("h9_cancer_gelu_mixup_adamw_wd01_earlystop_restore_bracket",
             "none: the GELU MLP with mixup (alpha 0.2), AdamW with weight decay 0.1, early stopping (patience 3, "
             "the run stops) with best-checkpoint restore, a hand-written '[epoch 3/40] ...' print", data="cancer",
             model="gelu", trainer="bracket", optimizer="adamw", lr=1e-3, weight_decay=0.1, mixup=0.2,
             early_stop=3, restore_best=True, epochs=40, batch=32, n_val=169, width=32),
    _healthy("h9_moons_realnvp_adam_fullbatch_200ep_kv",
             "none: a long converged run: a RealNVP flow on two moons, 200 full-batch Adam epochs, key=value prints",
             data="moons", model="realnvp", trainer="print_kv", lr=5e-3, epochs=200, batch=2000, width=32,
             shows="healthy_floor"),
    _healthy("h9_moons_realnvp_adabelief_accum4_torch_tb",
             "none: noisy step-level logs: the flow with a hand-written AdaBelief, gradient accumulation over 4 "
             "micro-batches of 32, SummaryWriter logging every 5th micro-batch", data="moons", model="realnvp",
             trainer="torch_tb", optimizer="adabelief", lr=5e-3, accum=4, batch=32, epochs=25, n_train=4000, width=32,
             log_every=5, shows="healthy_floor"),
    _healthy("h9_inverse_mdn_adam_multiplicative_jsonl",
             "none: an inverse problem with several answers per input, a mixture density network (5 Gaussians), "
             "Adam with MultiplicativeLR x0.93 per epoch, JSON lines", data="inverse", model="mdn", trainer="jsonl",
             lr=3e-3, schedule="multiplicative", mult=0.93, epochs=20, width=64, shows="healthy_floor"),
    _healthy("h9_inverse_mdn_signum_warmcos_hfstate",
             "none: the mixture density network with a hand-written Signum (sign SGD with momentum), warm-up then "
             "cosine, trainer_state.json (loss every 10 steps)", data="inverse", model="mdn", trainer="hf_state",
             optimizer="signum", lr=2e-3, schedule="warmup_cosine", warmup=50, epochs=20, width=64,
             shows="healthy_floor"),
    _healthy("h9_prices_sdres_adamw_invtime_ignite",
             "none: prices over three orders of magnitude regressed on their standardised log, a residual MLP with "
             "stochastic depth (last block survives 0.9), AdamW, inverse-time decay, Ignite prints",
             data="prices", model="sdres", trainer="ignite", optimizer="adamw", lr=2e-3, weight_decay=1e-2,
             schedule="inv_time", decay=2e-3, survival=0.9, epochs=12, log_every=8),
    _healthy("h9_prices_sdres_adan_warmcos_fastai",
             "none: the stochastic-depth residual MLP with Adan, warm-up then cosine, fastai's printed table",
             data="prices", model="sdres", trainer="fastai", optimizer="adan", lr=2e-3, schedule="warmup_cosine",
             warmup=40, survival=0.9, epochs=12),
    _healthy("h9_prices_gelu_yogi_earlystop_pipe",
             "none: a GELU MLP on the log prices, Yogi, early stopping (patience 2, the run stops, last weights "
             "kept), '|'-separated prints", data="prices", model="gelu", trainer="print_pipe", optimizer="yogi",
             lr=3e-3, early_stop=2, epochs=40),
    _healthy("h9_cancer_sdres_adabelief_hfcard",
             "none: the stochastic-depth residual MLP on the breast-cancer table with AdaBelief, the model card's "
             "results table", data="cancer", model="sdres", trainer="hf_card", optimizer="adabelief", lr=1e-3,
             weight_decay=1e-2, survival=0.9, epochs=8, batch=32, n_val=169, width=32, log_every=6),
    _healthy("h9_clouds_pointnet_adam_batch8_hfstdout",
             "none: noisy step-level logs: the PointNet at batch 8 with Adam, the dicts HF Trainer prints (loss "
             "every 25 steps)", data="clouds", model="pointnet", trainer="hf_stdout", lr=5e-4, batch=8, epochs=8,
             n_train=1200, log_every=25),
    # ---- faults ----------------------------------------------------------------------------------------------------
    Family9("f9_overfit_pointnet_150clouds_wide_lightning_tb",
            "150 training clouds (5 % mislabelled), a 256-wide PointNet without regularisation, 80 epochs: it "
            "memorises the clouds and validation turns up (Lightning TensorBoard)", data="clouds", model="pointnet",
            trainer="lightning_tb", lr=2e-3, epochs=80, batch=16, n_train=150, n_val=600, width=256, log_every=5,
            shows="overfitting", expect=(_OVERFIT,),
            allow=_g("noisy_validation", "plateau", "still_improving", "loss_spikes"),
            causes=_g("too_little_data", "model_too_large", "insufficient_regularization")),
    Family9("f9_underfit_num_points_2_pointnet_kfit",
            "num_points=2 from a config meant for 2048 (the '048' lost): each cloud is two points, which hardly "
            "tell the shapes apart (Keras fit() stdout)", data="clouds", model="pointnet", trainer="keras_fit",
            lr=2e-3, points=2, epochs=15, shows="underfitting",
            expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train"),
            causes=_g("training_step_bug", "model_too_small", "label_or_loss_misconfig")),
    Family9("f9_chance_coords_int8_cast_pointnet_mlflow",
            "each cloud centred, scaled into the unit sphere and stored as int8 (meant float16): every coordinate "
            "truncates to 0, "
            "every cloud is the same input, validation stays at chance (zero-initialised head; MLflow)",
            data="clouds", model="pointnet", trainer="mlflow_epoch", lr=2e-3, int8_coords=True, zero_head=True,
            epochs=12, shows="stuck_at_chance",
            expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting", "plateau"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train", "overfitting", "generalization_gap"),
            causes=_g("training_step_bug", "unnormalized_input")),
    Family9("f9_flat_accum_steps_100000_flow_fastai",
            "gradient accumulation configured as 100000 steps (meant 4): optimizer.step() is never reached, the "
            "flow never changes (fastai table)", data="moons", model="realnvp", trainer="fastai", lr=3e-3,
            accum=100000, epochs=12, width=32, shows="loss_not_decreasing",
            expect=(_any("loss_not_decreasing", "plateau", "underfitting"),),
            allow=_g("noisy_validation", "val_below_train", "stuck_at_chance"),
            causes=_g("training_step_bug", "lr_too_low")),
    Family9("f9_nan_log_of_zero_prices_sdres_karpathy",
            "1 % of the prices are missing and stored as 0; the target is np.log(price) (meant log1p): -inf "
            "targets make the MSE inf, then the weights NaN (nanoGPT-style prints)", data="prices", model="sdres",
            trainer="karpathy", lr=2e-3, zero_prices=True, survival=0.9, epochs=10, shows="nan_inf",
            expect=(_any("nan_inf", "divergence"),),
            allow=_g("loss_spikes", "oscillation", "train_loss_rebound", "abnormal_initial_loss", "noisy_validation",
                     "plateau", "still_improving", "loss_not_decreasing", "stuck_at_chance"),
            causes=_g("label_or_loss_misconfig", "training_step_bug")),
    Family9("f9_diverge_invtime_negative_decay_prices_savetxt",
            "inverse-time decay 1/(1 + k t) with k = -1/997.5 (a sign typo): the LR grows, passes x1000 near "
            "step 997 and turns negative after it: the loss climbs (numpy.savetxt CSV)", data="prices",
            model="gelu", trainer="savetxt", optimizer="momentum", lr=5e-3, schedule="inv_time",
            decay=-1 / 997.5, epochs=20, batch=32, shows="divergence",
            expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
            allow=_g("loss_spikes", "oscillation", "generalization_gap", "overfitting", "plateau", "noisy_validation",
                     "still_improving", "loss_not_decreasing", "abnormal_initial_loss", "underfitting"),
            causes=_g("lr_too_high", "training_step_bug")),
    Family9("f9_plateau_multiplicative_lr_05_pointnet_hfstate",
            "MultiplicativeLR with factor 0.5 per epoch (meant 0.95): after a few epochs the LR is negligible and "
            "the loss stalls far above what the PointNet reaches (trainer_state.json)", data="clouds",
            model="pointnet", trainer="hf_state", lr=1e-3, schedule="multiplicative", mult=0.5, epochs=15,
            shows="plateau", expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train", "stuck_at_chance"),
            causes=_g("lr_too_low", "training_step_bug")),
    Family9("f9_oscillate_signum_lr_typo_cancer_ignite",
            "Signum's LR typed 0.05 (meant 5e-4): every weight moves by +-0.05 each step, the GELU MLP's loss "
            "jumps between epochs (Ignite prints)", data="cancer", model="gelu", trainer="ignite",
            optimizer="signum", lr=0.05, epochs=20, batch=32, n_val=169, width=32, log_every=4, shows="oscillation",
            expect=(_any("oscillation", "loss_spikes", "noisy_validation", "divergence"),),
            allow=_g("plateau", "still_improving", "generalization_gap", "overfitting", "val_below_train",
                     "train_loss_rebound", "loss_not_decreasing", "underfitting", "loss_metric_disagreement"),
            causes=_g("lr_too_high",)),
    Family9("f9_spikes_unlogged_price_shard_sdres_pandas_tsv",
            "in the 5th, 10th and 15th epochs every other batch comes from a cache whose prices (in thousands) "
            "were never log-transformed: the MSE jumps in those epochs (pandas TSV)", data="prices", model="sdres",
            trainer="pandas_tsv", lr=2e-3, raw_price_epochs=(4, 9, 14), survival=0.9, clip=1.0, epochs=18,
            shows="loss_spikes", expect=(_any("loss_spikes", "oscillation"),),
            allow=_g("noisy_validation", "train_loss_rebound", "still_improving", "plateau", "val_below_train",
                     "divergence"),
            causes=_g("label_or_loss_misconfig", "training_step_bug")),
    Family9("f9_leak_target_encoded_row_id_cancer_kjson",
            "two ids unique per row (patient, sample) target-encoded on the whole table, each row's own label "
            "included: both encoded columns are the diagnosis; input dropout 0.5 in training only (Keras History "
            "JSON)",
            data="cancer", model="gelu", trainer="keras_json", lr=3e-3, target_encoded_id=True, input_dropout=0.5,
            epochs=20, batch=32, n_val=169, width=32, shows="suspected_leakage",
            expect=(_any("suspected_leakage",),),
            allow=_g("val_below_train", "still_improving", "plateau", "noisy_validation"),
            causes=_g("data_leakage")),
    Family9("f9_init_unscaled_cancer_features_hfstdout",
            "the StandardScaler step dropped from the pipeline: raw features (areas in the thousands) give logits in "
            "the hundreds and a first cross-entropy many times ln 2 (HF-style printed dicts)", data="cancer",
            model="gelu", trainer="hf_stdout", lr=1e-4, raw_inputs=True, epochs=30, batch=64, n_val=169,
            width=32, log_every=4, shows="abnormal_initial_loss", expect=(_any("abnormal_initial_loss",),),
            allow=_g("still_improving", "noisy_validation", "val_below_train", "plateau", "loss_spikes",
                     "oscillation", "generalization_gap", "overfitting", "loss_metric_disagreement", "underfitting"),
            causes=_g("unnormalized_input", "bad_initialization")),
    Family9("f9_valbelow_stochastic_depth_02_prices_logging",
            "stochastic depth with survival 0.2 at the last block of 8 (meant 0.95): training drops half the blocks, "
            "validation uses all of them, the validation MSE sits below training (Python logging lines)",
            data="prices", model="sdres", trainer="print_logging", lr=2e-3, survival=0.2, blocks=8, epochs=15,
            n_train=4000,
            shows="val_below_train", expect=(_any("val_below_train",),),
            allow=_g("still_improving", "noisy_validation", "plateau"),
            causes=_g("regularization_only_in_training", "over_regularization")),
    Family9("f9_noisyval_test_size_int_30_cancer_batch1_torch_tb",
            "train_test_split(test_size=30) meant 30 % (an int is a row count): 30 validation rows under batch-1 "
            "SGD, each epoch's validation loss jumps (SummaryWriter)", data="cancer", model="gelu",
            trainer="torch_tb", optimizer="sgd", lr=1e-2, batch=1, epochs=15, n_val=30, width=32, log_every=50,
            shows="noisy_validation", expect=(_any("noisy_validation",),),
            allow=_g("still_improving", "val_below_train", "plateau", "loss_spikes", "oscillation",
                     "generalization_gap", "overfitting"),
            causes=_g("small_validation_set",)),
    Family9("f9_still_max_epochs_cli_default_4_flow_hfcard",
            "the CLI's default --max-epochs 4 overrode the config's 60: the flow stops while still learning (the "
            "model card's results table)", data="moons", model="realnvp", trainer="hf_card", lr=1e-3, epochs=4,
            batch=64, n_train=8000, n_val=2000, width=32, log_every=8, shows="still_improving",
            expect=(_any("still_improving",),),
            allow=_g("noisy_validation", "val_below_train", "underfitting"), causes=_g("insufficient_training")),
    Family9("f9_disagree_sigmoid_before_ce_pointnet_bracket",
            "a sigmoid left on the PointNet's last layer (from a multi-label model) before CrossEntropyLoss: the "
            "logits are in (0, 1), the loss cannot go below ln(1 + 3/e) = 0.74 while the accuracy is high "
            "(hand-written '[epoch ...]' prints)", data="clouds", model="pointnet", trainer="bracket", lr=3e-3,
            sigmoid_before_ce=True, epochs=20, shows="loss_metric_disagreement",
            expect=(_any("loss_metric_disagreement", "plateau", "underfitting", "stuck_at_chance"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train", "loss_not_decreasing"),
            causes=_g("label_or_loss_misconfig")),
    Family9("f9_gap_val_clouds_sparse_sensor_6pts_pointnet_kcsv",
            "validation clouds from a sparser sensor: 6 points each against 48 in training; the max-pooled features "
            "shift (Keras CSVLogger)", data="clouds", model="pointnet", trainer="keras_csv", lr=2e-3,
            val_points=6, epochs=12, shows="generalization_gap", expect=(_any("generalization_gap", "overfitting"),),
            allow=_g("noisy_validation", "plateau", "still_improving", "loss_metric_disagreement", "divergence",
                     "abnormal_initial_loss"),
            causes=_g("distribution_shift")),
    Family9("f9_rebound_resume_lr_finder_lr_pointnet_lcsv",
            "resumed at epoch 8 from a checkpoint without its optimizer state, at the LR finder's last probed LR "
            "(0.3, 300x the run's): the training loss climbs back (Lightning CSV)", data="clouds", model="pointnet",
            trainer="lightning_csv", lr=1e-3, resume_epoch=8, resume_lr=0.3, epochs=14,
            shows="train_loss_rebound", expect=(_any("train_loss_rebound", "divergence", "loss_spikes",
                                                     "oscillation"),),
            allow=_g("plateau", "noisy_validation", "still_improving", "generalization_gap", "overfitting",
                     "val_below_train", "underfitting", "loss_not_decreasing", "stuck_at_chance"),
            causes=_g("lr_too_high", "training_step_bug")),
)
