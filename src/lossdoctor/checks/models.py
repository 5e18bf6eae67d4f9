"""The model under test: a PyTorch module with its loss and optimizer, or a compiled Keras model, behind one small
interface — a forward pass, the user's loss on a batch, and a trainer that trains a deep copy (the user's weights
are never touched)."""
from __future__ import annotations

import copy
import importlib.util
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from ..errors import UsageError

TORCH_LOSSES: dict[str, tuple[str, bool]] = {  # class or function name -> (kind, expects logits)
    "CrossEntropyLoss": ("cross_entropy", True), "cross_entropy": ("cross_entropy", True),
    "NLLLoss": ("nll", False), "nll_loss": ("nll", False),
    "BCEWithLogitsLoss": ("binary", True), "binary_cross_entropy_with_logits": ("binary", True),
    "BCELoss": ("binary", False), "binary_cross_entropy": ("binary", False),
    "MSELoss": ("regression", False), "mse_loss": ("regression", False), "L1Loss": ("regression", False),
    "l1_loss": ("regression", False), "SmoothL1Loss": ("regression", False), "smooth_l1_loss": ("regression", False),
    "HuberLoss": ("regression", False), "huber_loss": ("regression", False),
}
KERAS_LOSSES: dict[str, str] = {
    "binary_crossentropy": "binary", "binary_focal_crossentropy": "binary",
    "categorical_crossentropy": "categorical", "categorical_focal_crossentropy": "categorical",
    "sparse_categorical_crossentropy": "sparse_categorical",
    "mean_squared_error": "regression", "mse": "regression", "mean_absolute_error": "regression",
    "mae": "regression", "huber": "regression", "huber_loss": "regression", "log_cosh": "regression",
    "mean_squared_logarithmic_error": "regression", "msle": "regression",
}


@dataclass(frozen=True)
class LossInfo:
    """What the loss expects, read from the loss object: kind ('cross_entropy', 'nll', 'binary', 'categorical',
    'sparse_categorical', 'regression', 'unknown') and whether it takes logits (else probabilities)."""

    kind: str
    from_logits: bool
    label: str  # as the user wrote it: "nn.CrossEntropyLoss()", "'binary_crossentropy'"


class ModelUnderTest:
    framework: str = ""
    loss: LossInfo

    def forward(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def loss_on(self, x: np.ndarray, y: np.ndarray) -> float:
        """The user's loss on this batch, with the labels as given (an exception here is evidence)."""
        raise NotImplementedError

    def trainer(self) -> "Trainer":
        raise NotImplementedError

    def current_lr(self) -> float | None:
        raise NotImplementedError


class Trainer:
    """Trains a deep copy: step(x, y) -> loss; set_lr(lr); moved() says whether any weight changed."""

    optimizer_name: str = "Adam"  # the class of the optimizer it trains with (the user's)

    def step(self, x: np.ndarray, y: np.ndarray) -> float:
        raise NotImplementedError

    def set_lr(self, lr: float) -> None:
        raise NotImplementedError

    def moved(self) -> bool:
        raise NotImplementedError


# ---- PyTorch --------------------------------------------------------------------------------------------------

class TorchModel(ModelUnderTest):
    framework = "pytorch"

    def __init__(self, model: Any, loss: Any, optimizer: Callable[..., Any] | Any | None) -> None:
        if loss is None:
            raise UsageError("model: a PyTorch module needs its loss (loss=nn.CrossEntropyLoss(), ...)")
        self.model, self.loss_fn = model, loss
        self.optimizer = optimizer
        name = type(loss).__name__ if not callable(loss) or hasattr(loss, "forward") else \
            getattr(loss, "__name__", type(loss).__name__)
        kind, logits = TORCH_LOSSES.get(name, ("unknown", True))
        self.loss = LossInfo(kind, logits, f"nn.{name}()" if hasattr(loss, "forward") else f"F.{name}")

    def _tensor(self, x: np.ndarray) -> Any:
        import torch

        p = next(self.model.parameters(), None)
        return torch.as_tensor(np.asarray(x, dtype=np.float32), device=p.device if p is not None else None)

    def forward(self, x: np.ndarray) -> np.ndarray:
        import torch

        was = self.model.training
        self.model.eval()
        try:
            with torch.no_grad():
                out = self.model(self._tensor(x))
        finally:
            self.model.train(was)
        out = getattr(out, "logits", out)
        return out.detach().cpu().float().numpy()

    def target(self, y: np.ndarray, out_shape: tuple[int, ...] | None = None) -> Any:
        import torch

        if self.loss.kind in ("cross_entropy", "nll") and y.dtype.kind in "iub":
            return torch.as_tensor(y.astype(np.int64))
        t = torch.as_tensor(np.asarray(y, dtype=np.float32))
        if out_shape is not None and self.loss.kind in ("binary", "regression") and t.ndim == 1 and \
                len(out_shape) == 2 and out_shape[1] == 1:
            t = t[:, None]  # what a correct training loop does: labels shaped like the (N, 1) output
        return t

    def loss_on(self, x: np.ndarray, y: np.ndarray) -> float:
        import torch

        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch warns about the broadcast LD304 reports
            was = self.model.training
            self.model.eval()
            try:
                out = self.model(self._tensor(x))
                out = getattr(out, "logits", out)
                return float(self.loss_fn(out, self.target(y)))
            finally:
                self.model.train(was)

    def _make_optimizer(self, params: Any) -> Any:
        import torch

        opt = self.optimizer
        if opt is None:
            return torch.optim.Adam(params, lr=1e-3)
        if isinstance(opt, torch.optim.Optimizer):  # an instance: same class, same settings, fresh state
            return type(opt)(params, **opt.defaults)
        return opt(params)

    def current_lr(self) -> float | None:
        import torch

        if isinstance(self.optimizer, torch.optim.Optimizer):
            return float(self.optimizer.param_groups[0]["lr"])
        if self.optimizer is None:
            return 1e-3
        try:
            probe = torch.nn.Parameter(torch.zeros(1))
            return float(self.optimizer([probe]).param_groups[0]["lr"])
        except Exception:  # noqa: BLE001 - a factory that needs the real parameters: unknown
            return None

    def trainer(self) -> Trainer:
        return _TorchTrainer(self)


class _TorchTrainer(Trainer):
    def __init__(self, mut: TorchModel) -> None:
        try:
            self.model = copy.deepcopy(mut.model)
        except Exception as exc:  # noqa: BLE001
            raise UsageError(f"model: cannot copy the module to train it safely ({type(exc).__name__}: {exc})") \
                from None
        self.model.train()
        self.mut = mut
        self.opt = mut._make_optimizer(self.model.parameters())
        self.optimizer_name = type(self.opt).__name__
        self.start = [p.detach().clone() for p in self.model.parameters()]

    def step(self, x: np.ndarray, y: np.ndarray) -> float:
        self.opt.zero_grad()
        out = self.model(self.mut._tensor(x))
        out = getattr(out, "logits", out)
        loss = self.mut.loss_fn(out, self.mut.target(y, tuple(out.shape)).to(out.device))
        loss.backward()
        self.opt.step()
        return float(loss.detach())

    def set_lr(self, lr: float) -> None:
        for g in self.opt.param_groups:
            g["lr"] = lr

    def moved(self) -> bool:
        import torch

        return any(not torch.equal(a, b.detach()) for a, b in zip(self.start, self.model.parameters()))


# ---- Keras ----------------------------------------------------------------------------------------------------

def _keras_loss_info(loss: Any) -> LossInfo:
    if isinstance(loss, str):
        return LossInfo(KERAS_LOSSES.get(loss, "unknown"), False, repr(loss))
    if callable(loss) and hasattr(loss, "get_config"):
        cfg = loss.get_config()
        name = str(cfg.get("name", type(loss).__name__))
        fn = getattr(loss, "fn", None)
        key = getattr(fn, "__name__", name)
        return LossInfo(KERAS_LOSSES.get(key, KERAS_LOSSES.get(name, "unknown")), bool(cfg.get("from_logits", False)),
                        f"keras.losses.{type(loss).__name__}(from_logits={bool(cfg.get('from_logits', False))})")
    name = getattr(loss, "__name__", str(loss))
    return LossInfo(KERAS_LOSSES.get(name, "unknown"), False, name)


class KerasModel(ModelUnderTest):
    framework = "keras"

    def __init__(self, model: Any) -> None:
        if getattr(model, "optimizer", None) is None or getattr(model, "loss", None) is None:
            raise UsageError("model: the Keras model is not compiled (call model.compile(optimizer=..., loss=...))")
        self.model = model
        self.loss = _keras_loss_info(model.loss)

    def forward(self, x: np.ndarray) -> np.ndarray:
        import keras

        out = self.model(keras.ops.convert_to_tensor(np.asarray(x, dtype=np.float32)), training=False)
        return np.asarray(keras.ops.convert_to_numpy(out),
                          dtype=np.float64)

    def loss_on(self, x: np.ndarray, y: np.ndarray) -> float:
        import keras

        fn = keras.losses.get(self.model.loss) if isinstance(self.model.loss, str) else self.model.loss
        out = self.model(keras.ops.convert_to_tensor(np.asarray(x, dtype=np.float32)), training=False)
        target = np.asarray(y, dtype=np.float32)
        if target.ndim + 1 == len(out.shape) and out.shape[-1] == 1:
            target = target[..., None]  # as model.fit does: labels (N,) against outputs (N, 1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Keras warns about the very mismatch LD304 reports
            val = fn(keras.ops.convert_to_tensor(target), out)
        return float(np.mean(keras.ops.convert_to_numpy(val)))

    def current_lr(self) -> float | None:
        try:
            return float(np.asarray(self.model.optimizer.learning_rate))
        except Exception:  # noqa: BLE001 - a schedule
            return None

    def trainer(self) -> Trainer:
        return _KerasTrainer(self.model)


class _KerasTrainer(Trainer):
    def __init__(self, model: Any) -> None:
        import keras

        try:
            self.model = keras.models.clone_model(model)
            self.model.set_weights(model.get_weights())
            opt = type(model.optimizer).from_config(model.optimizer.get_config())
        except Exception as exc:  # noqa: BLE001
            raise UsageError(f"model: cannot copy the Keras model to train it safely ({type(exc).__name__}: {exc})") \
                from None
        self.model.compile(optimizer=opt, loss=model.loss)
        self.optimizer_name = type(opt).__name__
        self.start = [np.array(w) for w in self.model.get_weights()]

    def step(self, x: np.ndarray, y: np.ndarray) -> float:
        out = self.model.train_on_batch(np.asarray(x, dtype=np.float32), np.asarray(y))
        return float(out[0] if isinstance(out, (list, tuple)) else out)

    def set_lr(self, lr: float) -> None:
        self.model.optimizer.learning_rate = lr

    def moved(self) -> bool:
        return any(not np.array_equal(a, b) for a, b in zip(self.start, self.model.get_weights()))


# ---- entry points ---------------------------------------------------------------------------------------------

def wrap_model(model: Any, loss: Any = None, optimizer: Any = None) -> ModelUnderTest:
    """A PyTorch module (with its loss and optimizer factory) or a compiled Keras model, ready for the checks."""
    if isinstance(model, ModelUnderTest):
        return model
    mod = type(model).__module__
    if mod.startswith("keras") or "keras" in {c.__module__.split(".")[0] for c in type(model).__mro__}:
        if loss is not None or optimizer is not None:
            raise UsageError("model: a Keras model brings its loss and optimizer from model.compile(); "
                             "do not pass loss= or optimizer=")
        return KerasModel(model)
    try:
        import torch
    except ImportError:
        torch = None  # type: ignore[assignment]
    if torch is not None and isinstance(model, torch.nn.Module):
        return TorchModel(model, loss, optimizer)
    raise UsageError(f"model: expected a torch.nn.Module or a compiled Keras model, got {type(model).__name__}")


def load_factory(spec: str) -> tuple[Any, Any, Any]:
    """`path/to/file.py:build` -> what build() returns, as (model, loss, optimizer): a compiled Keras model, a
    (model, loss) or (model, loss, optimizer_factory) tuple, or a dict with those keys."""
    path_s, _, func = spec.rpartition(":")
    if not path_s or not func:
        raise UsageError(f"--model {spec}: expected FILE.py:FUNCTION (for example model.py:build)")
    path = Path(path_s)
    if not path.is_file():
        raise UsageError(f"--model {spec}: no such file {path}")
    name = f"_lossdoctor_model_{abs(hash(str(path.resolve())))}"
    try:
        mspec = importlib.util.spec_from_file_location(name, path)
        assert mspec is not None and mspec.loader is not None
        module = importlib.util.module_from_spec(mspec)
        sys.modules[name] = module
        mspec.loader.exec_module(module)
        build = getattr(module, func)
    except AttributeError:
        raise UsageError(f"--model {spec}: {path} has no function {func!r}") from None
    except Exception as exc:  # noqa: BLE001 - the user's file failed to import: one line
        raise UsageError(f"--model {spec}: importing {path} failed: {type(exc).__name__}: {exc}") from None
    try:
        built = build()
    except Exception as exc:  # noqa: BLE001
        raise UsageError(f"--model {spec}: {func}() failed: {type(exc).__name__}: {exc}") from None
    if isinstance(built, dict):
        return built.get("model"), built.get("loss"), built.get("optimizer")
    if isinstance(built, (tuple, list)):
        parts = list(built) + [None] * (3 - len(built))
        return parts[0], parts[1], parts[2]
    return built, None, None
