"""Options that change what the engine runs and how it judges, and reading them from TOML.

Thresholds live with each rule (its options dataclass); a user overrides them per rule code:

    [tool.lossdoctor]                 # in pyproject.toml (found from the working directory upwards)
    num_classes = 10                  # optional, like --num-classes
    task = "classification"           # optional context the log does not hold, like --task, --loss,
    loss = "cross_entropy"            # --fine-tune, --best-checkpoint (values: TASKS, LOSSES below)
    fine_tune = true
    best_checkpoint = true
    select = ["LD1"]                  # optional, like --select / --ignore
    ignore = ["LD109"]

    [tool.lossdoctor.rules.LD101]     # one table per rule code
    min_best_share = 0.05
    warn = true                       # optional: this rule warns whenever it judges so (rules/_policy.py)

A file given with `--config FILE` has the same keys at its top level (`num_classes`, `select`, `ignore`, `task`,
`loss`, `fine_tune`, `best_checkpoint`, `[rules.LD101]`), or a `[tool.lossdoctor]` table when it is a pyproject.toml.
An unknown key, rule code or option, or a value of the wrong type, is a one-line error (exit 2).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, TypeVar

from .errors import UsageError

T = TypeVar("T")
WARN_KEY = "warn"  # a per-rule key beside the thresholds: may this rule's findings be warnings (rules/_policy.py)
RuleOverrides = tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]


class ConfigError(UsageError):
    """A configuration file or value lossdoctor cannot use."""


def _freeze(rules: Mapping[str, Mapping[str, Any]] | RuleOverrides) -> RuleOverrides:
    items = rules.items() if isinstance(rules, Mapping) else rules
    out = []
    for code, opts in items:
        pairs = opts.items() if isinstance(opts, Mapping) else opts
        out.append((str(code).upper(), tuple((str(k), v) for k, v in pairs)))
    return tuple(out)


# What the user can state about a run that its log does not hold (the same values as the real-run corpus's
# meta.json "context"). None is "not stated": the rules then judge exactly as without it.
TASKS = ("classification", "multilabel", "regression", "detection", "segmentation", "language_model", "seq2seq",
         "speech", "generative", "metric_learning", "other")
LOSSES = ("cross_entropy", "binary_cross_entropy", "mse", "mae", "ctc", "sum_of_terms", "other")
CONTEXT_KEYS = ("task", "loss", "fine_tune", "best_checkpoint")


def check_context(key: str, value: Any, where: str = "options") -> Any:
    """`value` when it is a valid stated `key` (None = not stated), else a one-line ConfigError."""
    if value is None:
        return None
    if key in ("fine_tune", "best_checkpoint"):
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: {key} must be true or false, got {value!r}")
        return value
    allowed = TASKS if key == "task" else LOSSES
    if not isinstance(value, str) or value not in allowed:
        raise ConfigError(f"{where}: unknown {key} {value!r} (one of: {', '.join(allowed)})")
    return value


def selected(code: str, name: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    """--select / --ignore: a pattern is a code prefix (LD1, LD104) or an exact name; ignore wins."""
    def hit(patterns: tuple[str, ...]) -> bool:
        return any(code.startswith(p) or name == p for p in patterns)

    if select and not hit(select):
        return False
    return not hit(ignore)


@dataclass(frozen=True)
class Options:
    """Diagnosis options shared by the CLI, the API and the integrations.

    num_classes: the number of classes, when known; otherwise rules infer it from an accuracy floor.
    select / ignore: rule codes or code prefixes ("LD1", "LD104") or names ("overfitting").
    rules: per-rule threshold overrides, {"LD101": {"min_best_share": 0.05}} (a mapping or pairs).
    task / loss / fine_tune / best_checkpoint: what the user states about the run that the log does not hold
    (TASKS, LOSSES, booleans; None = not stated, judged as before). Rules that need them say so in the evidence.
    """

    num_classes: int | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rules: RuleOverrides = field(default=())
    task: str | None = None
    loss: str | None = None
    fine_tune: bool | None = None
    best_checkpoint: bool | None = None

    def __post_init__(self) -> None:
        for key in CONTEXT_KEYS:
            check_context(key, getattr(self, key))
        object.__setattr__(self, "rules", _freeze(self.rules))  # accept a dict from the API, keep it hashable
        object.__setattr__(self, "select", tuple(self.select))
        object.__setattr__(self, "ignore", tuple(self.ignore))

    def wants(self, code: str, name: str) -> bool:
        return selected(code, name, self.select, self.ignore)

    def for_rule(self, code: str, cls: type[T]) -> T:
        """The rule's options dataclass with this run's overrides applied (checked: unknown keys are errors)."""
        given = dict(next((pairs for c, pairs in self.rules if c == code), ()))
        given.pop(WARN_KEY, None)
        return make_rule_options(code, cls, given)

    def warn(self, code: str) -> bool | None:
        """The user's `warn = true/false` for this rule (which findings may warn: rules/_policy.py); None if unset."""
        return dict(next((pairs for c, pairs in self.rules if c == code), ())).get(WARN_KEY)


def make_rule_options(code: str, cls: type[T], given: Mapping[str, Any], where: str = "options") -> T:
    """`cls(**given)` after checking every key exists and every value has the default's type."""
    known = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    if WARN_KEY in given:
        if not isinstance(given[WARN_KEY], bool):
            raise ConfigError(f"{where}: rule {code} option {WARN_KEY!r} must be true or false, "
                              f"got {given[WARN_KEY]!r}")
        given = {k: v for k, v in given.items() if k != WARN_KEY}
    for key, value in given.items():
        if key not in known:
            names = ", ".join(sorted(known)) or "none"
            raise ConfigError(f"{where}: rule {code} has no option {key!r} (its options: {names})")
        default = known[key].default
        if isinstance(default, tuple) and isinstance(value, list):
            value = tuple(value)
        ok = (isinstance(value, bool) if isinstance(default, bool) else
              isinstance(value, (int, float)) and not isinstance(value, bool) if isinstance(default, float) else
              isinstance(value, int) and not isinstance(value, bool) if isinstance(default, int) else
              isinstance(value, type(default)))
        if not ok:
            raise ConfigError(f"{where}: rule {code} option {key!r} must be a {type(default).__name__}, "
                              f"got {value!r}")
    values = {k: (float(v) if isinstance(known[k].default, float) else
                  tuple(v) if isinstance(known[k].default, tuple) else v) for k, v in given.items()}
    return cls(**values)


def _toml_load(path: Path) -> dict[str, Any]:
    try:
        import tomllib  # Python >= 3.11
    except ImportError:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ImportError:
            raise ConfigError(f"{path}: reading TOML needs Python 3.11 or the 'tomli' package "
                              "(pip install tomli)") from None
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None


TOP_KEYS = ("num_classes", "select", "ignore", "rules", *CONTEXT_KEYS)


def options_from_table(table: Mapping[str, Any], where: str) -> dict[str, Any]:
    """The Options fields a `[tool.lossdoctor]` table sets, every key and rule option checked."""
    from .rules import RULES

    out: dict[str, Any] = {}
    for key, value in table.items():
        if key not in TOP_KEYS:
            raise ConfigError(f"{where}: unknown key {key!r} (known: {', '.join(TOP_KEYS)})")
    if "num_classes" in table:
        c = table["num_classes"]
        if not isinstance(c, int) or isinstance(c, bool) or c < 2:
            raise ConfigError(f"{where}: num_classes must be an integer >= 2, got {c!r}")
        out["num_classes"] = c
    for key in CONTEXT_KEYS:
        if key in table:
            out[key] = check_context(key, table[key], where)
    for key in ("select", "ignore"):
        if key in table:
            v = table[key]
            if isinstance(v, str):
                v = [v]
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise ConfigError(f"{where}: {key} must be a list of rule codes or names, got {v!r}")
            out[key] = tuple(v)
    rules = table.get("rules", {})
    if not isinstance(rules, Mapping):
        raise ConfigError(f"{where}: 'rules' must be a table of rule codes, e.g. [tool.lossdoctor.rules.LD101]")
    by_code = {r.code: r for r in RULES}
    frozen = []
    for code, opts in rules.items():
        r = by_code.get(str(code).upper())
        if r is None:
            raise ConfigError(f"{where}: unknown rule code {code!r} in 'rules' (`lossdoctor rules` lists them)")
        if not isinstance(opts, Mapping):
            raise ConfigError(f"{where}: rules.{code} must be a table of options")
        make_rule_options(r.code, r.options, opts, where)
        frozen.append((r.code, tuple(opts.items())))
    if frozen:
        out["rules"] = tuple(frozen)
    return out


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start` that has a [tool.lossdoctor] table."""
    for d in (start, *start.parents):
        p = d / "pyproject.toml"
        if p.is_file():
            try:
                text = p.read_text(encoding="utf-8", errors="replace")
            except OSError:
                return None
            return p if "[tool.lossdoctor" in text else None  # the nearest pyproject.toml decides, like ruff
    return None


def load(config: Path | None, cwd: Path | None = None) -> dict[str, Any]:
    """Options fields from `--config FILE`, else from the nearest pyproject.toml's [tool.lossdoctor] ({} if none)."""
    if config is not None:
        data = _toml_load(config)
        if config.name == "pyproject.toml" or "tool" in data:
            table = data.get("tool", {}).get("lossdoctor")
            if table is None:
                raise ConfigError(f"{config}: no [tool.lossdoctor] table")
            return options_from_table(table, f"{config} [tool.lossdoctor]")
        return options_from_table(data, str(config))
    found = find_pyproject(cwd or Path.cwd())
    if found is None:
        return {}
    table = _toml_load(found).get("tool", {}).get("lossdoctor", {})
    return options_from_table(table, f"{found} [tool.lossdoctor]")
