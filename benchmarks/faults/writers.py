"""Write one trained history in a native log format, through the real writer of each framework.

Every writer is imported lazily: generating one format never needs the others installed.
Each function writes under ``out`` (a directory it may create) and returns the path to give lossdoctor.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable

History = dict[str, Any]


def _epochs(h: History) -> list[dict[str, float]]:
    e = h["epoch"]
    return [{k: e[k][i] for k in e} for i in range(len(e["train_loss"]))]


def _epoch_end_step(h: History, i: int) -> int:
    return (i + 1) * int(h["steps_per_epoch"])


def write_tensorboard(h: History, out: Path) -> Path:
    """torch.utils.tensorboard.SummaryWriter; epoch scalars at step=epoch, per-step loss at the global step."""
    from torch.utils.tensorboard import SummaryWriter

    out.mkdir(parents=True, exist_ok=True)
    w = SummaryWriter(log_dir=str(out))
    for i, row in enumerate(_epochs(h)):
        w.add_scalar("Loss/train", row["train_loss"], i)
        w.add_scalar("Loss/val", row["val_loss"], i)
        w.add_scalar("Accuracy/train", row["train_acc"], i)
        w.add_scalar("Accuracy/val", row["val_acc"], i)
        w.add_scalar("lr", row["lr"], i)
    if h["step"]:
        for s, v in zip(h["step"]["step"], h["step"]["train_loss"]):
            w.add_scalar("Loss/train_step", v, s)
    w.close()
    return out


def write_keras_csv(h: History, out: Path) -> Path:
    """The real keras.callbacks.CSVLogger, fed the logs dict Keras' fit() would give it."""
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    out.mkdir(parents=True, exist_ok=True)
    path = out / "training.log"
    cb = keras.callbacks.CSVLogger(str(path))
    cb.on_train_begin()
    for i, row in enumerate(_epochs(h)):
        cb.on_epoch_end(i, {"loss": row["train_loss"], "accuracy": row["train_acc"], "val_loss": row["val_loss"],
                            "val_accuracy": row["val_acc"], "learning_rate": row["lr"]})
    cb.on_train_end()
    return path


def write_lightning_csv(h: History, out: Path) -> Path:
    """lightning.pytorch.loggers.CSVLogger.log_metrics, as self.log(on_step, on_epoch) produces them."""
    from lightning.pytorch.loggers import CSVLogger

    logger = CSVLogger(save_dir=str(out), name="lightning_logs", version=0)
    if h["step"]:
        for s, v in zip(h["step"]["step"], h["step"]["train_loss"]):
            if s % 5 == 0:  # Lightning's default log_every_n_steps is 50; 5 keeps short runs step-resolved
                logger.log_metrics({"train_loss_step": v, "epoch": (s - 1) // h["steps_per_epoch"]}, step=s - 1)
    for i, row in enumerate(_epochs(h)):
        step = _epoch_end_step(h, i) - 1
        logger.log_metrics({"val_loss": row["val_loss"], "val_acc": row["val_acc"], "epoch": i}, step=step)
        logger.log_metrics({"train_loss_epoch": row["train_loss"], "train_acc_epoch": row["train_acc"],
                            f"lr-{h['optimizer']}": row["lr"], "epoch": i}, step=step)  # LearningRateMonitor
    logger.save()
    logger.finalize("success")
    return Path(logger.log_dir) / "metrics.csv"


def write_hf_trainer(h: History, out: Path) -> Path:
    """transformers.TrainerState.save_to_json, with log_history entries as Trainer.log() writes them."""
    from transformers import TrainerState

    spe = int(h["steps_per_epoch"])
    logs: list[dict[str, Any]] = []
    rows = _epochs(h)
    for i, row in enumerate(rows):
        if h["step"]:
            for s in range(i * spe + 1, (i + 1) * spe + 1):
                if s % 5 == 0:
                    logs.append({"epoch": round(s / spe, 4), "grad_norm": None, "learning_rate": row["lr"],
                                 "loss": round(h["step"]["train_loss"][s - 1], 4), "step": s})
        else:
            logs.append({"epoch": float(i + 1), "learning_rate": row["lr"], "loss": round(row["train_loss"], 4),
                         "train_accuracy": row["train_acc"], "step": (i + 1) * spe})
        logs.append({"epoch": float(i + 1), "eval_loss": row["val_loss"], "eval_accuracy": row["val_acc"],
                     "eval_runtime": 0.01, "eval_samples_per_second": 1000.0, "eval_steps_per_second": 50.0,
                     "step": (i + 1) * spe})
    for e in logs:
        if e.get("grad_norm", 0) is None:
            del e["grad_norm"]
    # Trainer.train() ends log_history with a run summary whose train_loss is the mean over the whole run.
    total = len(rows) * spe
    logs.append({"epoch": float(len(rows)), "step": total, "total_flos": 0.0,
                 "train_loss": sum(r["train_loss"] for r in rows) / len(rows), "train_runtime": 1.0,
                 "train_samples_per_second": 1000.0, "train_steps_per_second": float(total)})
    state = TrainerState(epoch=float(len(rows)), global_step=len(rows) * spe, max_steps=len(rows) * spe,
                         num_train_epochs=len(rows), logging_steps=5 if h["step"] else spe, eval_steps=spe,
                         log_history=logs)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "trainer_state.json"
    state.save_to_json(str(path))
    return path


def write_keras_history(h: History, out: Path) -> Path:
    """json.dump(model.fit(...).history): the Keras History dict."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "history.json"
    path.write_text(json.dumps(keras_history_dict(h)))
    return path


def keras_history_dict(h: History) -> dict[str, list[float]]:
    e = h["epoch"]
    return {"loss": e["train_loss"], "accuracy": e["train_acc"], "val_loss": e["val_loss"],
            "val_accuracy": e["val_acc"], "learning_rate": e["lr"]}


def write_mlflow(h: History, out: Path) -> Path:
    """An MLflow file store written by MlflowClient.log_batch (what mlflow.log_metric(step=...) produces)."""
    os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")  # mlflow 3 keeps the file store behind this flag
    from mlflow.entities import Metric
    from mlflow.tracking import MlflowClient

    out.mkdir(parents=True, exist_ok=True)
    client = MlflowClient(tracking_uri=out.resolve().as_uri())
    exp = client.create_experiment("faults")
    run = client.create_run(exp, run_name="run")
    rid = run.info.run_id
    t0 = 1_700_000_000_000
    metrics: list[Metric] = []
    for i, row in enumerate(_epochs(h)):
        for k in ("train_loss", "val_loss", "train_acc", "val_acc", "lr"):
            metrics.append(Metric(k, float(row[k]), t0 + i * 1000, i))
    if h["step"]:
        for s, v in zip(h["step"]["step"], h["step"]["train_loss"]):
            metrics.append(Metric("train_loss_step", float(v), t0 + s, s))
    for j in range(0, len(metrics), 900):
        client.log_batch(rid, metrics=metrics[j:j + 900])
    client.set_terminated(rid)
    return out


WRITERS: dict[str, Callable[[History, Path], Path]] = {
    "tensorboard": write_tensorboard,
    "keras_csv": write_keras_csv,
    "lightning_csv": write_lightning_csv,
    "hf_trainer": write_hf_trainer,
    "keras_history": write_keras_history,
    "mlflow": write_mlflow,
}
