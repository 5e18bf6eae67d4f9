"""The seventh generation of model families: tasks, models, training setups and writers that v1-v6 (families.py,
families_v2.py .. families_v6.py) did not combine, for release 8's honest number.

The label rule, fixed and committed before any full-length run was generated, and never changed to fit a curve:

- ``expect`` is the symptom the injected fault produces by construction (one group; any name in it counts: the names a
  practitioner would accept for the same curve); ``allow`` lists what may also be true of such a run; ``causes`` is the
  injected cause (the top-3 cause metric); ``healthy`` runs must raise no warning at all.
- ``shows`` names the construction check (checks_v7.py), the plain test of the logged numbers a person would do to see
  the fault. A run that fails it did not show its fault: its injection (or, for a healthy run, its tuning) is fixed and
  it is regenerated; a run that still fails is left out of labels.json (labels_failed.json), never relabelled.
- ``context`` (labels.json) is what the person running it knows and could tell lossdoctor, in the schema of
  benchmarks/real_runs/score.py CONTEXT: the task and loss as they would name them, whether it is fine-tuning, whether
  the best checkpoint is restored at the end. It follows from the setup, never from the curve.
- lossdoctor's diagnosis was never run on these runs while they were written, tuned and generated; only its reader
  (``lossdoctor.read``) was, to check that every log is read whole.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios import _any, _g
from families_v6 import READER_FOR_V6

READER_FOR_V7 = {**READER_FOR_V6, "keras_fit": "text", "karpathy": "text", "pandas_tsv": "table"}
TRAINERS_V7 = tuple(READER_FOR_V7)
STEP_LEVEL_V7 = {"torch_tb", "hf_state", "hf_stdout", "lightning_tb", "lightning_csv"}

# What a user would say about each loss (score.py CONTEXT's task and loss vocabularies).
_CONTEXT = {"ce": ("classification", "cross_entropy"), "sqhinge": ("classification", "other"),
            "ce_moe": ("classification", "sum_of_terms"), "elbo": ("generative", "sum_of_terms"),
            "huber": ("regression", "other"), "poisson": ("regression", "other"),
            "poisson_raw_rate": ("regression", "other"), "margin_rank": ("other", "other")}


@dataclass(frozen=True)
class Family7:
    name: str
    fault: str
    data: str      # blobs | digits | vae | huber | counts | pairs | seqs | sets
    model: str     # wide | mlp | lstm | attnpool | moe | vae | siamese
    trainer: str   # one of TRAINERS_V7
    loss: str = "ce"  # ce | sqhinge | ce_moe | elbo | huber | poisson | margin_rank | (fault) poisson_raw_rate
    optimizer: str = "adam"   # adam | adamw | adamax | rmsprop | sgd | nesterov | asgd | rprop | adafactor
    lr: float = 1e-3
    weight_decay: float = 0.0
    schedule: str = "none"    # none | restarts | onecycle | linear | invsqrt | step | (faults) step_in_steps,
    #                           step_gamma_up
    warmup: int = 100
    restart_epochs: int = 4   # CosineAnnealingWarmRestarts: first cycle in epochs, T_mult 2
    step_epochs: int = 4      # StepLR x0.5 every this many epochs
    epochs: int = 15
    batch: int = 64
    n_train: int = 1500
    n_val: int = 500
    width: int = 64
    log_every: int = 10
    eval_every: int = 0       # (kept 0: every generation-7 run validates per epoch)
    dropout: float = 0.0
    clip: float = 0.0
    kl_weight: float = 1.0
    aux_coef: float = 0.01    # MoE load-balancing coefficient
    swa_start: int = 0        # SWA from this epoch (0: off); val on the averaged weights from then on
    swa_lr: float = 0.0
    early_stop: int = 0
    restore_best: bool = False
    pretrain: int = 0         # epochs of unlogged pre-training (even/odd digits, another head), then a fresh head
    label_noise: float = 0.0
    # ---- fault knobs -------------------------------------------------------------------------------------------
    xy_shuffled_apart: bool = False   # inputs and labels shuffled by two loaders, afresh every epoch
    leak_id: bool = False
    double_scaled: bool = False
    val_inverted: bool = False
    zero_grad_after_backward: bool = False
    curriculum_parity: bool = False   # even epochs: the easiest half of the rows, odd epochs: the hardest half
    unit_shard_epochs: tuple[int, ...] = ()  # in these epochs the targets come in thousandths (x1000)
    head_init_std: float = 0.0
    zero_head: bool = False   # the classifier head initialised at zero
    eval_mode_forgotten: bool = False  # model.eval() never called: dropout stays on in validation
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


def context(fam: Family7) -> dict[str, Any]:
    """What the user running this would know and say (score.py CONTEXT): task, loss, fine_tune, best_checkpoint."""
    task, loss = _CONTEXT[fam.loss]
    if fam.data == "seqs":
        task = "language_model"
    return {"task": task, "loss": loss, "fine_tune": fam.fine_tune, "best_checkpoint": fam.restore_best}


_BENIGN = _g("still_improving", "val_below_train", "noisy_validation", "plateau")
_OVERFIT = _any("overfitting", "generalization_gap")


def _healthy(name: str, fault: str, shows: str = "healthy", **kw: Any) -> Family7:
    return Family7(name, fault, healthy=True, allow=_BENIGN, shows=shows, **kw)


FAMILIES_V7: tuple[Family7, ...] = (
    # ---- healthy runs: well tuned, must raise no warning ---------------------------------------------------------
    _healthy("h7_blobs_sqhinge_wide_nesterov_restarts_kfit",
             "none: 5 overlapping blobs, a squared multi-class hinge (SVM-style) head on a wide shallow net (1024, "
             "dropout 0.2), SGD Nesterov with cosine warm restarts (4 then 8 epochs), Keras fit() stdout",
             data="blobs", model="wide", loss="sqhinge", trainer="keras_fit", optimizer="nesterov", lr=0.01,
             schedule="restarts", restart_epochs=4, epochs=12, width=1024, dropout=0.2, n_train=2000),
    _healthy("h7_huber_mlp_adamax_onecycle_karpathy",
             "none: heavy-tailed regression (Student-t noise) with the Huber loss, an MLP, Adamax with one-cycle, "
             "nanoGPT-style 'step N: train loss X, val loss Y' prints", data="huber", model="mlp", loss="huber",
             trainer="karpathy", optimizer="adamax", lr=3e-3, schedule="onecycle", epochs=15, shows="healthy_floor"),
    _healthy("h7_counts_poisson_mlp_rmsprop_step_mlflow",
             "none: Poisson counts (PyTorch's Poisson NLL on log rates, without the Stirling term: it goes "
             "negative), an MLP, RMSprop with StepLR x0.5 every 4 epochs, MLflow at step = epoch",
             data="counts", model="mlp", loss="poisson", trainer="mlflow_epoch", optimizer="rmsprop",
             lr=1e-3, schedule="step", step_epochs=4, epochs=16, shows="healthy_floor"),
    _healthy("h7_vae_elbo_digits_adam_hfstate",
             "none: a VAE on the 8x8 digits, the ELBO (summed BCE reconstruction + KL), Adam, trainer_state.json "
             "(loss every 5 steps)", data="vae", model="vae", loss="elbo", trainer="hf_state", lr=2e-3, epochs=30,
             batch=32, n_train=1397, n_val=400, width=128, log_every=5, shows="healthy_floor"),
    _healthy("h7_pairs_margin_siamese_adamw_linear_torch_tb",
             "none: pairwise ranking with a margin (1.0) through a siamese scorer, AdamW with linear decay, "
             "SummaryWriter (batch loss every 10 steps)", data="pairs", model="siamese", loss="margin_rank",
             trainer="torch_tb", optimizer="adamw", lr=2e-3, weight_decay=0.01, schedule="linear", epochs=15,
             n_train=3000, shows="healthy_floor"),
    _healthy("h7_seqs_lstm_lm_adam_clip_lcsv",
             "none: an LSTM language model on Markov token streams (the entropy is the floor), Adam, gradient "
             "clipping at 1.0, Lightning's CSVLogger", data="seqs", model="lstm", trainer="lightning_csv", lr=1e-3,
             clip=1.0, epochs=12, batch=32, n_train=1500, width=64, shows="healthy_floor"),
    _healthy("h7_sets_attnpool_adamw_invsqrt_jsonl",
             "none: sets of 12 points, an attention-pooling set net, AdamW with warm-up then 1/sqrt(step), JSON "
             "lines", data="sets", model="attnpool", trainer="jsonl", optimizer="adamw", lr=3e-3, weight_decay=0.01,
             schedule="invsqrt", warmup=100, epochs=20, n_train=2000),
    _healthy("h7_moe_blobs_aux001_adam_lightning_tb",
             "none: a top-1 mixture of 4 experts with the load-balancing loss at 0.01, Adam, Lightning's "
             "TensorBoardLogger", data="blobs", model="moe", loss="ce_moe", trainer="lightning_tb", lr=1e-3,
             epochs=15, n_train=2000),
    _healthy("h7_blobs_labelnoise20_mlp_adafactor_logging",
             "none: 20 % of the training labels random, a 64-wide MLP with dropout 0.3, Adafactor, Python logging "
             "lines", data="blobs", model="mlp", trainer="print_logging", optimizer="adafactor",
             lr=1e-3, label_noise=0.2, dropout=0.3, width=64, epochs=12, n_train=4000, shows="healthy_floor"),
    _healthy("h7_digits_wide_sgd_swa_kcsv",
             "none: the digits, a wide net, SGD with momentum, SWA from epoch 10 (SWALR to 0.01, the averaged "
             "weights validated), Keras' CSVLogger", data="digits", model="wide", trainer="keras_csv",
             optimizer="sgd", lr=0.05, swa_start=10, swa_lr=0.01, epochs=20, batch=32, n_train=1397, n_val=400,
             width=512, dropout=0.1),
    _healthy("h7_huber_mlp_earlystop_restore_pipe",
             "none: Huber regression on 1000 rows, Adam, early stopping (patience 3, the run stops) with "
             "best-checkpoint restore, '|'-separated prints", data="huber", model="mlp", loss="huber",
             trainer="print_pipe", lr=1e-3, early_stop=3, restore_best=True, epochs=60, n_train=1000,
             dropout=0.1, shows="healthy_floor"),
    _healthy("h7_counts_poisson_rprop_fullbatch_300ep_kv",
             "none: a long converged run: 300 full-batch epochs of Rprop on 400 rows of Poisson counts, key=value "
             "prints", data="counts", model="mlp", loss="poisson", trainer="print_kv", optimizer="rprop", lr=1e-3,
             epochs=300, batch=400, n_train=400, n_val=400, width=32, shows="healthy_floor"),
    _healthy("h7_digits_mlp_finetune_pretrained_hfstdout",
             "none: fine-tuning: an MLP pre-trained (unlogged) on even/odd digits, then a fresh 10-class head and "
             "all weights trained at 1e-3, the dicts HF Trainer prints", data="digits", model="mlp",
             trainer="hf_stdout", lr=1e-3, pretrain=3, epochs=10, batch=32, n_train=1397, n_val=400, width=128,
             log_every=10, fine_tune=True, shows="healthy_finetune"),
    _healthy("h7_sets_attnpool_batch8_asgd_torch_tb",
             "none: noisy step-level logs: the set net at batch 8, averaged SGD (ASGD), SummaryWriter logging every "
             "batch's loss", data="sets", model="attnpool", trainer="torch_tb", optimizer="asgd", lr=0.03,
             epochs=8, batch=8, n_train=1500, log_every=1),
    _healthy("h7_blobs_sqhinge_mlp_rmsprop_pandas_tsv",
             "none: the squared hinge on an MLP, RMSprop, a pandas DataFrame written as TSV at the end",
             data="blobs", model="mlp", loss="sqhinge", trainer="pandas_tsv", optimizer="rmsprop", lr=5e-4,
             epochs=15, n_train=2000),
    # ---- faults ----------------------------------------------------------------------------------------------------
    Family7("f7_overfit_noisy_labels_300rows_wide_adamax_kjson",
            "300 training rows with 20 % random labels, a 1024-wide net without dropout, Adamax, 80 epochs: it "
            "memorises the noise and validation turns up (Keras History JSON)", data="blobs", model="wide",
            trainer="keras_json", optimizer="adamax", lr=2e-3, label_noise=0.2, n_train=300, batch=30, epochs=80,
            width=1024, shows="overfitting", expect=(_OVERFIT,),
            allow=_g("noisy_validation", "plateau", "still_improving", "loss_spikes"),
            causes=_g("too_little_data", "model_too_large", "insufficient_regularization", "noisy_labels")),
    Family7("f7_underfit_pixels_div255_twice_sgd_logging",
            "digit pixels divided by 255 after they were already scaled to [0, 1]: inputs ~1e-3, SGD barely moves "
            "the weights (Python logging lines)", data="digits", model="mlp", trainer="print_logging",
            optimizer="sgd", lr=0.01, double_scaled=True, epochs=15, batch=32, n_train=1397, n_val=400,
            shows="underfitting", expect=(_any("underfitting", "plateau", "loss_not_decreasing", "stuck_at_chance"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train"),
            causes=_g("unnormalized_input", "lr_too_low")),
    Family7("f7_chance_inputs_labels_shuffled_apart_mlp_tsv",
            "inputs and labels served by two loaders that each shuffle (shuffle=True, separate generators): every "
            "epoch pairs each row with another row's label, nothing is learnable, validation stays at chance "
            "(zero-initialised head; pandas TSV)", data="blobs", model="mlp", trainer="pandas_tsv",
            lr=3e-4, xy_shuffled_apart=True, zero_head=True, batch=256, epochs=15, n_train=2000,
            shows="stuck_at_chance",
            expect=(_any("stuck_at_chance", "loss_not_decreasing", "underfitting", "plateau"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train", "overfitting", "generalization_gap"),
            causes=_g("label_or_loss_misconfig", "training_step_bug", "noisy_labels")),
    Family7("f7_flat_zero_grad_after_backward_lstm_lcsv",
            "optimizer.zero_grad() placed between backward() and step(): every step applies a zero gradient, the "
            "language model never changes (Lightning CSV)", data="seqs", model="lstm", trainer="lightning_csv",
            lr=3e-3, zero_grad_after_backward=True, epochs=10, batch=32, n_train=1500,
            shows="loss_not_decreasing",
            expect=(_any("loss_not_decreasing", "stuck_at_chance", "plateau", "underfitting"),),
            allow=_g("noisy_validation", "val_below_train"), causes=_g("training_step_bug", "lr_too_low")),
    Family7("f7_nan_poisson_raw_outputs_as_rates_kfit",
            "Poisson NLL with log_input=False on the raw linear outputs: negative 'rates', log of a negative "
            "number, NaN from the first step (Keras fit() stdout)", data="counts", model="mlp",
            loss="poisson_raw_rate", trainer="keras_fit", lr=1e-3, epochs=8, shows="nan_inf",
            expect=(_any("nan_inf", "divergence"),),
            allow=_g("loss_spikes", "oscillation", "train_loss_rebound", "abnormal_initial_loss", "noisy_validation",
                     "plateau", "still_improving", "loss_not_decreasing", "stuck_at_chance"),
            causes=_g("label_or_loss_misconfig", "training_step_bug")),
    Family7("f7_diverge_steplr_gamma10_huber_mlflow",
            "StepLR written with gamma=10 instead of 0.1: the LR grows x10 every 2 epochs and the Huber loss "
            "climbs (MLflow)", data="huber", model="mlp", loss="huber", trainer="mlflow_epoch", optimizer="sgd",
            lr=0.01, schedule="step_gamma_up", epochs=12, shows="divergence",
            expect=(_any("divergence", "nan_inf", "train_loss_rebound"),),
            allow=_g("loss_spikes", "oscillation", "generalization_gap", "overfitting", "plateau", "noisy_validation",
                     "still_improving", "loss_not_decreasing", "abnormal_initial_loss", "underfitting"),
            causes=_g("lr_too_high", "training_step_bug")),
    Family7("f7_plateau_steplr_stepped_per_batch_pairs_hfstate",
            "StepLR(step_size=60, gamma=0.1) stepped after every batch instead of every epoch: the LR is 1e-4 of "
            "its value by the fifth epoch and the ranking loss stalls (trainer_state.json)",
            data="pairs", model="siamese", loss="margin_rank", trainer="hf_state", lr=3e-3,
            schedule="step_in_steps", epochs=15, n_train=3000, log_every=10, shows="plateau",
            expect=(_any("plateau", "loss_not_decreasing", "underfitting"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train", "stuck_at_chance"),
            causes=_g("lr_too_low", "training_step_bug")),
    Family7("f7_oscillate_curriculum_epoch_parity_sqhinge_pipe",
            "a curriculum sampler indexed by epoch % 2: even epochs train on the easiest half of the rows, odd "
            "epochs on the hardest, so the epoch's hinge loss swings ('|'-separated prints)", data="blobs",
            model="mlp", loss="sqhinge", trainer="print_pipe", lr=1e-3, curriculum_parity=True, epochs=16,
            n_train=2000, shows="oscillation",
            expect=(_any("oscillation", "loss_spikes", "noisy_validation"),),
            allow=_g("plateau", "still_improving", "generalization_gap", "overfitting", "val_below_train",
                     "train_loss_rebound", "divergence"),
            causes=_g("training_step_bug", "unshuffled_data")),
    Family7("f7_spikes_shard_in_thousandths_huber_kcsv",
            "in the 5th, 10th and 15th epochs a shard exported in thousandths arrives (targets x1000): the Huber "
            "loss jumps in those epochs (Keras CSVLogger)", data="huber", model="mlp", loss="huber",
            trainer="keras_csv", lr=1e-3, unit_shard_epochs=(4, 9, 14), epochs=18, shows="loss_spikes",
            expect=(_any("loss_spikes", "oscillation"),),
            allow=_g("noisy_validation", "train_loss_rebound", "still_improving", "plateau", "val_below_train",
                     "divergence"),
            causes=_g("label_or_loss_misconfig", "noisy_labels", "training_step_bug")),
    Family7("f7_leak_branch_code_by_class_wide_dropout_jsonl",
            "a branch code (one-hot) that was assigned by class, in train and val alike: validation is "
            "perfect; dropout 0.5 on every layer in training only (JSON lines)", data="blobs", model="wide",
            trainer="jsonl", lr=1e-3, leak_id=True, dropout=0.5, width=1024, epochs=15, n_train=2000,
            shows="suspected_leakage", expect=(_any("suspected_leakage",),),
            allow=_g("val_below_train", "still_improving", "plateau", "noisy_validation"),
            causes=_g("data_leakage")),
    Family7("f7_init_head_std10_sqhinge_wide_kv",
            "the hinge head initialised with std 10 (another layer's init_std): scores in the hundreds, the "
            "first squared-hinge losses are thousands of times their chance value (key=value prints)",
            data="blobs", model="wide", loss="sqhinge", trainer="print_kv", lr=1e-3, head_init_std=10.0,
            width=1024, dropout=0.1, epochs=15, n_train=2000, shows="abnormal_initial_loss",
            expect=(_any("abnormal_initial_loss",),),
            allow=_g("still_improving", "noisy_validation", "val_below_train", "plateau", "loss_spikes",
                     "oscillation", "generalization_gap", "overfitting", "loss_metric_disagreement"),
            causes=_g("bad_initialization")),
    Family7("f7_valbelow_dropout05_everywhere_digits_kfit",
            "dropout 0.5 on the input and the hidden layer of a wide net: the training loss (dropout on) sits "
            "above the validation loss (dropout off) (Keras fit() stdout)", data="digits", model="wide",
            trainer="keras_fit", lr=1e-3, dropout=0.5, width=1024, epochs=15, batch=32, n_train=1397, n_val=400,
            shows="val_below_train", expect=(_any("val_below_train",),),
            allow=_g("still_improving", "noisy_validation", "plateau"),
            causes=_g("regularization_only_in_training")),
    Family7("f7_noisyval_eval_mode_forgotten_64rows_lightning_tb",
            "model.eval() never called before validation: dropout 0.5 stays on, on a 64-row validation set, so "
            "each validation loss is a fresh random draw (Lightning TensorBoard)", data="blobs", model="mlp",
            trainer="lightning_tb", lr=1e-3, dropout=0.5, eval_mode_forgotten=True, n_val=64, epochs=20,
            n_train=2000, shows="noisy_validation", expect=(_any("noisy_validation",),),
            allow=_g("still_improving", "val_below_train", "plateau", "loss_spikes", "oscillation",
                     "generalization_gap", "overfitting"),
            causes=_g("small_validation_set", "training_step_bug")),
    Family7("f7_still_debug_epochs4_lstm_karpathy",
            "epochs=4 left from a debug config: the LSTM language model stops while still learning (nanoGPT-style "
            "prints)", data="seqs", model="lstm", trainer="karpathy", lr=5e-4, epochs=4, batch=32, n_train=1500,
            shows="still_improving", expect=(_any("still_improving",),),
            allow=_g("noisy_validation", "val_below_train", "underfitting"), causes=_g("insufficient_training")),
    Family7("f7_disagree_moe_aux_coef1_summed_kjson",
            "the MoE load-balancing coefficient 1.0 instead of 0.01, and the summed loss logged: the auxiliary term "
            "(>= ~1) keeps the loss high while the accuracy is high (Keras History JSON)", data="blobs",
            model="moe", loss="ce_moe", trainer="keras_json", lr=1e-3, aux_coef=1.0, epochs=15, n_train=2000,
            shows="loss_metric_disagreement",
            expect=(_any("loss_metric_disagreement", "plateau", "underfitting", "stuck_at_chance"),),
            allow=_g("still_improving", "noisy_validation", "val_below_train", "loss_not_decreasing"),
            causes=_g("label_or_loss_misconfig")),
    Family7("f7_gap_inverted_val_scanner_digits_mlp_lcsv",
            "validation digits from a scanner that inverts intensity (1 - x): the model trained on the other "
            "polarity fails on them (Lightning CSV)", data="digits", model="mlp", trainer="lightning_csv", lr=1e-3,
            val_inverted=True, epochs=15, batch=32, n_train=1397, n_val=400, shows="generalization_gap",
            expect=(_any("generalization_gap", "overfitting"),),
            allow=_g("noisy_validation", "plateau", "still_improving", "loss_metric_disagreement", "divergence",
                     "stuck_at_chance", "abnormal_initial_loss"),
            causes=_g("distribution_shift")),
    Family7("f7_rebound_swa_lr_30x_digits_hfstdout",
            "SWA started at epoch 6 with swa_lr 0.3 (30x the SGD LR instead of a lower one): the training loss "
            "climbs back up (HF-style printed dicts)", data="digits", model="mlp", trainer="hf_stdout",
            optimizer="sgd", lr=0.01, swa_start=6, swa_lr=0.3, epochs=14, batch=32, n_train=1397, n_val=400,
            log_every=10, shows="train_loss_rebound",
            expect=(_any("train_loss_rebound", "divergence", "loss_spikes", "oscillation"),),
            allow=_g("plateau", "noisy_validation", "still_improving", "generalization_gap", "overfitting",
                     "val_below_train", "nan_inf"),
            causes=_g("lr_too_high")),
)
