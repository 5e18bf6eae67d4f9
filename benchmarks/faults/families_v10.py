"""The tenth generation of model families: tasks, models, training setups and writers that v1-v9 (families.py,
families_v2.py .. families_v9.py) did not use, for release 11's honest number.

The label rule, fixed and committed before any full-length run was generated, and never changed to fit a curve:

- ``expect`` is the symptom the injected fault produces by construction (one group; any name in it counts: the names a
  practitioner would accept for the same curve); ``allow`` lists what may also be true of such a run; ``causes`` is the
  injected cause (the top-3 cause metric); ``healthy`` runs must raise no warning at all.
- ``shows`` names the construction check (checks_v10.py), the plain test of the logged numbers a person would do to see
  the fault. A run that fails it did not show its fault: its injection (or, for a healthy run, its tuning) is fixed and
  it is regenerated; a run that still fails is left out of labels.json (labels_failed.json), never relabelled.
- ``context`` (labels.json) is what the person running it knows and could tell lossdoctor, in the schema of
  benchmarks/real_runs/score.py CONTEXT: the task and loss as they would name them, whether it is fine-tuning, whether
  the best checkpoint is restored at the end. It follows from the setup, never from the curve: the person classifying
  sets says cross-entropy (also the one whose exported softmax was left before the loss), the person fitting the
  hypernetwork says regression with MSE, the person training a VQ-VAE says a generative model with another loss.
- lossdoctor's diagnosis was never run on these runs while they were written, tuned and generated; only its reader
  (``lossdoctor.read``) was, to check that every log is read whole.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios import _any, _g
from families_v9 import READER_FOR_V9

READER_FOR_V10 = dict(READER_FOR_V9)
TRAINERS_V10 = tuple(READER_FOR_V10)
STEP_LEVEL_V10 = {"torch_tb", "hf_state", "hf_stdout", "lightning_tb", "lightning_csv", "ignite"}

# What a user would say about each task (score.py CONTEXT's task and loss vocabularies).
_CONTEXT = {"sets": ("classification", "cross_entropy"), "hyper": ("regression", "mse"),
            "vq": ("generative", "other")}


@dataclass(frozen=True)
class Family10:
    name: str
    fault: str
    data: str      # sets | hyper | vq
    model: str     # deepsets | settf | hyper | vqvae
    trainer: str   # one of TRAINERS_V10
    optimizer: str = "adam"   # adam | nadamw | madgrad | novograd | momentum
    lr: float = 1e-3
    weight_decay: float = 0.0
    schedule: str = "none"    # none | cosine_tmax | constant | linear | int_warmup | exponential
    t_max: int = 0            # CosineAnnealingLR's T_max in epochs (0: the run's length)
    end_factor: float = 0.05  # LinearLR's last factor
    gamma: float = 0.95       # ExponentialLR's factor per epoch
    warmup_steps: int = 0     # int_warmup: LambdaLR min(1, step // warmup_steps)
    epochs: int = 15
    batch: int = 64
    batch_double_every: int = 0  # the batch size doubles every N epochs (0: fixed)
    n_train: int = 2000
    n_val: int = 500
    width: int = 64
    log_every: int = 10
    eval_every: int = 0
    clip: float = 0.0
    early_stop: int = 0
    restore_best: bool = False
    pretrain: int = 0         # epochs of unlogged pre-training on symmetric-vs-not sets, then a fresh head
    jitter: float = 0.0       # training-only Gaussian jitter on the standardised readings
    val_batches: int = 0      # limit_val_batches with a shuffled val loader (0: the whole validation set)
    val_batch: int = 16
    label_noise: float = 0.0  # share of training sets with a wrong label (validation clean)
    noise: float = 0.05       # hyper: measurement noise on the targets (train and val alike)
    # ---- fault knobs -------------------------------------------------------------------------------------------
    linear_phi: bool = False
    constant_sets: float = 0.0
    millivolts: bool = False
    class_header: bool = False
    val_amp: tuple[float, float] | None = None
    degree_epochs: tuple[int, ...] = ()
    softmax_twice: bool = False
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
        return {"sets": "ce", "hyper": "mse", "vq": "vqvae"}[self.data]


def context(fam: Family10) -> dict[str, Any]:
    """What the user running this would know and say (score.py CONTEXT): task, loss, fine_tune, best_checkpoint."""
    task, loss = _CONTEXT[fam.data]
    return {"task": task, "loss": loss, "fine_tune": fam.fine_tune, "best_checkpoint": fam.restore_best}


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")
_OVERFIT = _any("overfitting", "generalization_gap")


def _healthy(name: str, fault: str, shows: str = "healthy", **kw: Any) -> Family10:
    return Family10(name, fault, healthy=True, allow=_BENIGN, shows=shows, **kw)


FAMILIES_V10: tuple[Family10, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h10_sets_deepsets_adam_cosine_annealing_fastai",
             "none: sets of 48 sensor readings classed by their distribution, DeepSets (per-element MLP summed), "
             "Adam, CosineAnnealingLR over the run, fastai's printed table", data="sets", model="deepsets",
             trainer="fastai", lr=3e-3, schedule="cosine_tmax", epochs=12),
    _healthy("h10_sets_settf_nadamw_linearlr_ignite",
             "none: a Set Transformer (self-attention block, pooling by attention from a learned seed), NAdam with "
             "decoupled weight decay 1e-2, LinearLR (factor 1 -> 0.05), Ignite prints", data="sets",
             model="settf", trainer="ignite", optimizer="nadamw", lr=2e-3, weight_decay=1e-2, schedule="linear",
             epochs=10, width=32),
    _healthy("h10_sets_settf_madgrad_linearlr_jsonl",
             "none: the Set Transformer with a hand-written MADGRAD and LinearLR (factor 1 -> 0.05), JSON lines",
             data="sets", model="settf", trainer="jsonl", optimizer="madgrad", lr=3e-3, schedule="linear",
             epochs=12, width=32),
    _healthy("h10_sets_deepsets_finetune_symmetric_kcsv",
             "none: fine-tuning: DeepSets pre-trained (unlogged) on symmetric-light vs heavy-tailed sets, a fresh "
             "4-class head, Adam at 5e-4, Keras' CSVLogger", data="sets", model="deepsets", trainer="keras_csv",
             lr=5e-4, pretrain=4, epochs=8, fine_tune=True, shows="healthy_finetune"),
    _healthy("h10_sets_settf_adam_batch_ramp_lightning_csv",
             "none: the Set Transformer with a batch-size ramp (32, doubled every 4 epochs), Adam, Lightning's "
             "CSVLogger", data="sets", model="settf", trainer="lightning_csv", lr=2e-3, batch=32,
             batch_double_every=4, epochs=12, width=32, log_every=10),
    _healthy("h10_sets_settf_novograd_cosine_earlystop_restore_kv",
             "none: the Set Transformer with a hand-written NovoGrad (weight decay 1e-3), CosineAnnealingLR over 30 "
             "epochs, early stopping (patience 3) with best-checkpoint restore, key=value prints", data="sets",
             model="settf", trainer="print_kv", optimizer="novograd", lr=3e-3, weight_decay=1e-3,
             schedule="cosine_tmax", early_stop=3, restore_best=True, epochs=30, width=32),
    _healthy("h10_sets_settf_adam_batch8_lightning_tb",
             "none: noisy step-level logs: the Set Transformer at batch 8 with Adam, Lightning's TensorBoard logger "
             "(every 10 steps)", data="sets", model="settf", trainer="lightning_tb", lr=5e-4, batch=8, epochs=5,
             n_train=1200, width=32, log_every=10),
    _healthy("h10_hyper_adam_cosine_annealing_batch16_torch_tb",
             "none: noisy step-level logs: a hypernetwork (task code -> weights of a 1-16-1 tanh net) on a family "
             "of sine tasks, Adam at batch 16, CosineAnnealingLR, SummaryWriter every 5 steps", data="hyper",
             model="hyper", trainer="torch_tb", lr=2e-3, schedule="cosine_tmax", batch=16, epochs=8, log_every=5),
    _healthy("h10_hyper_madgrad_linearlr_kjson",
             "none: the hypernetwork with MADGRAD and LinearLR (factor 1 -> 0.05 over the run), Keras History JSON",
             data="hyper", model="hyper", trainer="keras_json", optimizer="madgrad", lr=1e-2, schedule="linear",
             epochs=15),
    _healthy("h10_hyper_nadamw_fullbatch_300ep_pipe",
             "none: a long converged run: the hypernetwork, 300 full-batch NAdamW epochs on 1000 rows, '|' rows",
             data="hyper", model="hyper", trainer="print_pipe", optimizer="nadamw", lr=3e-3, weight_decay=1e-4,
             epochs=300, batch=1000, n_train=1000, n_val=500),
    _healthy("h10_hyper_novograd_cosine_annealing_bracket",
             "none: the hypernetwork with NovoGrad and CosineAnnealingLR over 30 epochs, bracketed prints",
             data="hyper", model="hyper", trainer="bracket", optimizer="novograd", lr=1e-2, schedule="cosine_tmax",
             epochs=30),
    _healthy("h10_vq_vqvae_adam_mlflow",
             "none: a VQ-VAE (4 latent slots, a 16-code codebook, straight-through) on vectors from 8 prototypes, "
             "Adam, MLflow", data="vq", model="vqvae", trainer="mlflow_epoch", lr=2e-3, epochs=15,
             shows="healthy_floor"),
    _healthy("h10_vq_vqvae_madgrad_constantlr_hfstdout",
             "none: the VQ-VAE with MADGRAD and ConstantLR, the dicts HF Trainer prints (every 10 steps)", data="vq",
             model="vqvae", trainer="hf_stdout", optimizer="madgrad", lr=1e-2, schedule="constant", epochs=12,
             shows="healthy_floor"),
    _healthy("h10_vq_vqvae_nadamw_cosine_annealing_karpathy",
             "none: the VQ-VAE with NAdamW and CosineAnnealingLR, nanoGPT-style prints", data="vq", model="vqvae",
             trainer="karpathy", optimizer="nadamw", lr=3e-3, weight_decay=1e-2, schedule="cosine_tmax", epochs=15,
             shows="healthy_floor"),
    _healthy("h10_vq_vqvae_novograd_batch_ramp_savetxt",
             "none: the VQ-VAE with NovoGrad and a batch-size ramp (32, doubled every 5 epochs), numpy.savetxt",
             data="vq", model="vqvae", trainer="savetxt", optimizer="novograd", lr=1e-2, batch=32,
             batch_double_every=5, epochs=15, shows="healthy_floor"),
    # ---- faults ----------------------------------------------------------------------------------------------------
    Family10("f10_overfit_hyper_60_noisy_rows_wide_pandas_tsv",
             "60 training rows of noisy measurements (noise 0.3, validation alike), a 256-wide hypernetwork without "
             "regularisation, 400 epochs: it fits the noise and validation turns up (pandas TSV)", data="hyper",
             model="hyper", trainer="pandas_tsv", lr=1e-3, epochs=400, batch=16, n_train=60, n_val=500, width=256,
             noise=0.3, shows="overfitting",
             expect=(_OVERFIT,), allow=_g("noisy_validation", "plateau", "still_improving", "loss_spikes"),
             causes=_g("too_little_data", "model_too_large", "insufficient_regularization")),
    Family10("f10_underfit_nadamw_weight_decay_5_deepsets_kfit",
             "NAdamW with weight_decay=5 (meant 5e-4, the exponent lost): every step shrinks the weights by 1 %, "
             "DeepSets cannot hold what it learns (Keras fit() stdout)", data="sets", model="deepsets",
             trainer="keras_fit", optimizer="nadamw", lr=2e-3, weight_decay=5.0, epochs=12, shows="underfitting",
             expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train"),
             causes=_g("over_regularization", "model_too_small")),
    Family10("f10_chance_phi_relu_dropped_deepsets_logging",
             "DeepSets' per-element network lost its ReLU (an nn.Identity left from a refactor): a linear phi "
             "summed over a set sees only the set's sum, which per-set standardisation makes 0; every set looks "
             "the same, validation stays at chance (Python logging lines)", data="sets", model="deepsets",
             trainer="print_logging", lr=2e-3, linear_phi=True, epochs=12, shows="stuck_at_chance",
             expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting", "plateau"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train"),
             causes=_g("training_step_bug", "model_too_small")),
    Family10("f10_flat_integer_warmup_lambdalr_vq_fastai",
             "a linear warm-up written as LambdaLR(lambda s: min(1, s // 10000)) - integer division over the big "
             "run's 10000 warm-up steps: the LR factor is 0 for the whole run, the VQ-VAE never changes (fastai "
             "table)", data="vq", model="vqvae", trainer="fastai", lr=2e-3, schedule="int_warmup",
             warmup_steps=10000, epochs=12, shows="loss_not_decreasing",
             expect=(_any("loss_not_decreasing", "plateau", "underfitting"),),
             allow=_g("noisy_validation", "val_below_train", "stuck_at_chance"),
             causes=_g("training_step_bug", "lr_too_low")),
    Family10("f10_nan_stuck_sensor_sets_std0_settf_ignite",
             "1 % of the sets come from a stuck sensor (all readings equal): per-set standardisation divides 0 by "
             "0, NaN inputs make the loss NaN and then every weight (Ignite prints)", data="sets", model="settf",
             trainer="ignite", lr=2e-3, constant_sets=0.01, epochs=8, width=32, shows="nan_inf",
             expect=(_any("nan_inf", "divergence"),),
             allow=_g("loss_spikes", "oscillation", "train_loss_rebound", "abnormal_initial_loss", "noisy_validation",
                      "plateau", "still_improving", "loss_not_decreasing", "stuck_at_chance", "underfitting"),
             causes=_g("unnormalized_input", "training_step_bug")),
    Family10("f10_diverge_exponentiallr_gamma_135_hyper_savetxt",
             "ExponentialLR(gamma=1.35) meant 1/1.35 (the decay typed as its growth rate): the hypernetwork's LR "
             "grows 1.35x an epoch, 400x over the run, and the loss climbs (numpy.savetxt CSV)", data="hyper",
             model="hyper", trainer="savetxt", optimizer="momentum", lr=1e-2, schedule="exponential", gamma=1.35,
             epochs=20,
             shows="divergence", expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
             allow=_g("loss_spikes", "oscillation", "generalization_gap", "overfitting", "plateau", "noisy_validation",
                      "still_improving", "loss_not_decreasing", "abnormal_initial_loss", "underfitting"),
             causes=_g("lr_too_high", "training_step_bug")),
    Family10("f10_plateau_batch_doubled_every_epoch_deepsets_hfstate",
             "a batch-size ramp meant to double every 5 epochs doubles every epoch: from 4 to the whole 2000 rows "
             "by epoch 9, one step an epoch, the loss stalls far above what DeepSets reaches (trainer_state.json)",
             data="sets", model="deepsets", trainer="hf_state", lr=2e-4, batch=4, batch_double_every=1, epochs=20,
             log_every=5, shows="plateau", expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "stuck_at_chance"),
             causes=_g("batch_too_large", "training_step_bug")),
    Family10("f10_oscillate_novograd_lr_1_deepsets_lcsv",
             "NovoGrad's LR typed 1.0 (meant 1e-2): each layer moves by its whole normalised gradient per step, "
             "the loss jumps between epochs (Lightning CSV)", data="sets", model="deepsets", trainer="lightning_csv",
             optimizer="novograd", lr=1.0, epochs=20, shows="oscillation",
             expect=(_any("oscillation", "loss_spikes", "noisy_validation", "divergence"),),
             allow=_g("plateau", "still_improving", "generalization_gap", "overfitting", "val_below_train",
                      "train_loss_rebound", "loss_not_decreasing", "underfitting", "loss_metric_disagreement",
                      "stuck_at_chance", "nan_inf"),
             causes=_g("lr_too_high",)),
    Family10("f10_spikes_phase_in_degrees_hyper_kv",
             "in the 5th, 10th and 15th epochs every other batch comes from a shard whose phase column is in "
             "degrees (0-180) instead of scaled radians: the hypernetwork's MSE jumps in those epochs (key=value "
             "prints)", data="hyper", model="hyper", trainer="print_kv", lr=2e-3, degree_epochs=(4, 9, 14),
             clip=1.0, epochs=18, shows="loss_spikes", expect=(_any("loss_spikes", "oscillation"),),
             allow=_g("noisy_validation", "train_loss_rebound", "still_improving", "plateau", "val_below_train",
                      "divergence"),
             causes=_g("unnormalized_input", "training_step_bug")),
    Family10("f10_leak_class_header_element_deepsets_mlflow",
             "the exporter's header element (the class id x 10) left in every set, train and validation: one "
             "element of each set is its label (MLflow)", data="sets", model="deepsets", trainer="mlflow_epoch",
             lr=3e-3, class_header=True, jitter=0.0, epochs=15, shows="suspected_leakage",
             expect=(_any("suspected_leakage",),), allow=_g("val_below_train", "still_improving", "plateau",
                                                            "noisy_validation"),
             causes=_g("data_leakage",)),
    Family10("f10_init_millivolt_sets_unstandardised_jsonl",
             "readings exported in millivolts and the per-set standardisation flag off: inputs in the thousands "
             "give logits in the hundreds and a first cross-entropy many times ln 4 (JSON lines)", data="sets",
             model="deepsets", trainer="jsonl", lr=1e-4, millivolts=True, epochs=15, shows="abnormal_initial_loss",
             expect=(_any("abnormal_initial_loss",),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "plateau", "loss_spikes",
                      "oscillation", "generalization_gap", "overfitting", "loss_metric_disagreement", "underfitting",
                      "stuck_at_chance", "loss_not_decreasing"),
             causes=_g("unnormalized_input", "bad_initialization")),
    Family10("f10_valbelow_train_jitter_1_settf_kcsv",
             "the augmentation's jitter set to 1.0 (meant 0.1) on the standardised readings, in training only: the "
             "training sets are much harder than the clean validation sets, the validation loss sits below "
             "training (Keras CSVLogger)", data="sets", model="settf", trainer="keras_csv", lr=2e-3, jitter=1.0,
             epochs=12, width=32, shows="val_below_train", expect=(_any("val_below_train",),),
             allow=_g("still_improving", "noisy_validation", "plateau"),
             causes=_g("regularization_only_in_training", "over_regularization")),
    Family10("f10_noisyval_limit_val_batches_1_shuffled_deepsets_torch_tb",
             "limit_val_batches=1 with a shuffled validation loader of batch 16: each epoch validates a different "
             "16 sets, the validation loss jumps (SummaryWriter)", data="sets", model="deepsets", trainer="torch_tb",
             lr=2e-3, val_batches=1, val_batch=16, epochs=16, log_every=10, shows="noisy_validation",
             expect=(_any("noisy_validation",),),
             allow=_g("still_improving", "val_below_train", "plateau", "loss_spikes", "oscillation",
                      "generalization_gap", "overfitting"),
             causes=_g("small_validation_set",)),
    Family10("f10_still_max_time_hyper_hfcard",
             "Lightning's max_time from the smoke-test profile stopped the hypernetwork after 5 of 60 epochs, "
             "while it was still learning (the model card's results table)", data="hyper", model="hyper",
             trainer="hf_card", lr=1e-3, epochs=5, batch=64, n_train=6000, n_val=1000, log_every=8,
             shows="still_improving", expect=(_any("still_improving",),),
             allow=_g("noisy_validation", "val_below_train", "underfitting"), causes=_g("insufficient_training",)),
    Family10("f10_disagree_softmax_twice_settf_bracket",
             "the exported Set Transformer's softmax kept before CrossEntropyLoss: the 'logits' are probabilities, "
             "the loss cannot go below ln(1 + 3/e) = 0.74 while the accuracy is high (bracketed prints)",
             data="sets", model="settf", trainer="bracket", lr=2e-3, softmax_twice=True, epochs=20, width=32,
             shows="loss_metric_disagreement",
             expect=(_any("loss_metric_disagreement", "plateau", "underfitting", "stuck_at_chance"),),
             allow=_g("still_improving", "noisy_validation", "val_below_train", "loss_not_decreasing"),
             causes=_g("label_or_loss_misconfig",)),
    Family10("f10_gap_val_amplitudes_out_of_range_hyper_lightning_tb",
             "the validation tasks have amplitudes 2.5-3.5, outside the training tasks' 0.5-2: the hypernetwork "
             "must extrapolate, the validation MSE stays far above training (Lightning TensorBoard)", data="hyper",
             model="hyper", trainer="lightning_tb", lr=2e-3, val_amp=(2.5, 3.5), epochs=12, log_every=5,
             shows="generalization_gap", expect=(_any("generalization_gap", "overfitting"),),
             allow=_g("noisy_validation", "plateau", "still_improving", "divergence", "abnormal_initial_loss",
                      "val_below_train"),
             causes=_g("distribution_shift",)),
    Family10("f10_rebound_cosine_tmax_half_run_hyper_kjson",
             "CosineAnnealingLR with T_max=6 epochs in a 12-epoch run (meant the run's length) from Adam at 2e-2: "
             "torch's cosine is periodic, the LR climbs back to its peak over the last 6 epochs and the "
             "hypernetwork's training loss climbs back (Keras History JSON)", data="hyper", model="hyper",
             trainer="keras_json", lr=2e-2, schedule="cosine_tmax", t_max=6, epochs=12, n_train=6000, n_val=1000,
             shows="train_loss_rebound",
             expect=(_any("train_loss_rebound", "divergence", "loss_spikes", "oscillation"),),
             allow=_g("plateau", "noisy_validation", "still_improving", "generalization_gap", "overfitting",
                      "val_below_train", "underfitting", "loss_not_decreasing", "stuck_at_chance"),
             causes=_g("lr_too_high", "training_step_bug")),
)
