"""A rule's page (docs/rules/<CODE>.md and `lossdoctor explain`): metadata, its docstring, its examples.

Examples are Keras History JSON files, `{"loss": [...], "val_loss": [...], ...}` with one value per epoch; a string
`"_source"` names where real numbers came from, and `"_num_classes"` gives the class count as `--num-classes` would
(for rules whose symptom cannot be seen without it). `bad*.json` must trigger the rule, `good*.json` must not.
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np

from ..config import Options
from ..i18n import Lang
from ..model import Axis, Run
from ..readers._base import Points, make_run
from ._rule import Context, Rule, option_infos

SPARK = "▁▂▃▄▅▆▇█"
# References to the project's source articles ("seed 002", "seed 003 §2.2") mean nothing to a reader: the pages
# say what the method is and drop where it came from.
_SEED_PAREN = re.compile(r"\s*\((?:see |cf\. )?seeds? \d{3}[^()]*\)")
_SEED_REF = re.compile(r"(?:seeds? \d{3}(?:(?:, | and )\d{3})*(?: §[\d.]+| case [\d.]+|, row \d| row \d)*(?:'s)?"
                       r"(?:[:,]| table| procedure)?\s*)")


_SEED_NAMED = (  # references that name a method: say the method instead
    (re.compile(r"seed 002's\s+row"), "the train/validation trend table's row"),
    (re.compile(r"seed 002 row"), "the train/validation trend table, row"),
    (re.compile(r"[Pp]atterns of seed 003 §3\.2"), "Patterns of the loss vs accuracy cross-check"),
    (re.compile(r"seed 003 §3\.1"), "the rate of change per phase"),
    (re.compile(r"peers\.md §[\d.]+'s\s+"), "a reported "),
)


def public(text: str) -> str:
    """A rule's page as users read it: without references to the source articles ("seed 002")."""
    for pattern, words in _SEED_NAMED:
        text = pattern.sub(words, text)
    return _SEED_REF.sub("", _SEED_PAREN.sub("", text))


def load_example(path: Path) -> tuple[Run, str]:
    """The example as a Run (epoch axis, 0-based like Keras) and its `_source` note ('' when absent)."""
    obj = json.loads(path.read_text(encoding="utf-8"))
    columns: dict[str, Points] = {}
    for key, values in obj.items():
        if not isinstance(values, list):
            continue
        p = columns.setdefault(key, Points())
        for epoch, x in enumerate(values):
            p.add(float(epoch), math.nan if x is None else float(x))
    source = obj.get("_source", "")
    return make_run(path.stem, path, "keras_history", columns, Axis.EPOCH), str(source)


def examples(examples_dir: Path, code: str) -> tuple[list[Path], list[Path]]:
    d = examples_dir / code
    return sorted(d.glob("bad*.json")), sorted(d.glob("good*.json"))


def example_options(path: Path) -> Options:
    """The options an example is diagnosed with: `--num-classes` from its `_num_classes` key, else the defaults."""
    c = json.loads(path.read_text(encoding="utf-8")).get("_num_classes")
    return Options(num_classes=int(c)) if c is not None else Options()


def fired(rule: Rule, run: Run, options: Options | None = None) -> list[str]:
    """The messages this one rule gives on the run (English), without the rest of the engine."""
    return [f.message.en for f in rule.func(Context(run, options or Options())) if f.code == rule.code]


def sparkline(values: np.ndarray) -> str:
    x = values[np.isfinite(values)]
    if x.size == 0:
        return ""
    lo, hi = float(x.min()), float(x.max())
    out = []
    for v in values:
        if not np.isfinite(v):
            out.append("×")
        elif hi == lo:
            out.append(SPARK[3])
        else:
            out.append(SPARK[min(7, int((v - lo) / (hi - lo) * 8))])
    return "".join(out)


def _example_md(rule: Rule, path: Path, bad: bool) -> list[str]:
    run, source = load_example(path)
    kind = "Bad example (must trigger)" if bad else "Good example (must stay silent)"
    lines = [f"### {kind}: `{path.name}`", ""]
    if source:
        lines += [f"Source: {source}", ""]
    options = example_options(path)
    if options.num_classes:
        lines += [f"Diagnosed with `--num-classes {options.num_classes}`.", ""]
    lines += ["| series | curve | first | min | max | last |", "|---|---|---|---|---|---|"]
    for s in run.series:
        v = s.values
        f = v[np.isfinite(v)]
        if f.size == 0:
            continue
        lines.append(f"| `{s.key}` | `{sparkline(v)}` | {v[0]:.4g} | {f.min():.4g} | {f.max():.4g} | {v[-1]:.4g} |")
    lines.append("")
    msgs = fired(rule, run, options)
    if bad:
        lines += [f"lossdoctor: {m}" for m in msgs] or ["lossdoctor: (no finding - this example is broken)"]
    else:
        lines.append("lossdoctor: no finding." if not msgs else f"lossdoctor: UNEXPECTED: {msgs[0]}")
    lines.append("")
    return lines


def page(rule: Rule, lang: Lang = "en", examples_dir: Path | None = None) -> str:
    """The rule's page as Markdown: title, summary, severity, inputs, docstring, and its examples if given."""
    needs = ", ".join(r.describe().en.removeprefix("no ").removesuffix(" series") for r in rule.requires) or "—"
    lines = [f"# {rule.code} {rule.name}", "", f"**{rule.summary.get(lang)}**", ""]
    if lang != "en":
        lines += [rule.summary.en, ""]
    lines += [f"Severity: {severity_text(rule)} · Needs: {needs}", "", rule.doc, ""]
    lines += options_md(rule)
    if examples_dir is not None:
        bad, good = examples(examples_dir, rule.code)
        if bad or good:
            lines += ["## Examples", ""]
            for p in bad:
                lines += _example_md(rule, p, True)
            for p in good:
                lines += _example_md(rule, p, False)
    return public("\n".join(lines)).rstrip() + "\n"


def options_md(rule: Rule) -> list[str]:
    """The rule's options table (name, default, why), and how to override one in pyproject.toml (checks, which
    share these pages, have none)."""
    options = getattr(rule, "options", None)
    infos = option_infos(options) if options is not None else ()
    if not infos:
        return []
    lines = ["## Options", "", f"Override in `pyproject.toml` under `[tool.lossdoctor.rules.{rule.code}]` or in a "
             "`--config FILE` (see the catalogue page).", "", "| option | default | why |", "|---|---|---|"]
    for i in infos:
        lines.append(f"| `{i.name}` | `{i.default!r}` | {i.reason} |")
    return lines + [""]


def severity_text(rule: Rule, short: bool = False, lang: Lang = "en") -> str:
    """The severity a rule's findings get by default: its own, or info (a note) where the warning policy
    (rules/_policy.py) does not let it warn. `short`: the label alone."""
    if getattr(rule, "may_warn", True) or rule.severity.label == "info":
        return rule.severity.label
    if short:
        return "info"
    if lang == "zh":
        return f"info：默认为提示；设 `warn = true` 时为 {rule.severity.label}"
    return f"info: a note; {rule.severity.label} with `warn = true`"


def catalogue(rules: tuple[Rule, ...]) -> str:
    """docs/rules/README.md: one row per rule."""
    lines = ["# Rules", "", "Generated by `scripts/gen_rule_docs.py` from the rules' docstrings and their examples "
             "(`tests/rules/examples/<CODE>/`). Do not edit by hand.", "",
             "| code | name | severity | what it detects | 中文 |", "|---|---|---|---|---|"]
    for r in rules:
        lines.append(f"| [{r.code}]({r.code}.md) | `{r.name}` | {severity_text(r)} | {r.summary.en} | {r.summary.zh} |")
    lines += ["", "## What a warning means", "",
              "A warning says the run has a problem to act on, backed by strong evidence: a NaN or inf, a divergence, "
              "a loss frozen at chance or never decreasing, a clear over-fit turn, or what the probes measure in the "
              "model itself (LD2xx). Every other finding read from a curve's shape is a note "
              "(info) with the same numbers, confidence, causes and fixes: a shape worth knowing. `--fail-on info` "
              "fails on notes too. `warn = true` in a rule's table lets that rule warn again, `warn = false` keeps "
              "it a note:", "", "```toml", "[tool.lossdoctor.rules.LD109]   # loss_spikes", "warn = true", "```",
              "", "## Confidence", "",
              "Every finding carries a `confidence` between 0 and 1 (`rules/_confidence.py`): how far the effect stands "
              "above the curve's own noise, and how many points it rests on.", "",
              "    strength   = 1 - 0.25 ** (z / z_threshold)     z: the effect in noise units",
              "    coverage   = 1 - exp(-points / 4)             points: evaluations the effect rests on",
              "    confidence = clip(strength * coverage, 0.05, 0.99)", "",
              "An effect at the rule's threshold has strength 0.75, twice the threshold 0.94; 3 points give coverage "
              "0.53, 5 give 0.71, 10 give 0.92. Exact observations (a NaN, a loss constant to 7 digits) have strength 1. "
              "A finding on fewer than 10 points also says how many more would settle it.", "",
              "## Options", "",
              "Every threshold is an option of its rule, with its default and the reason for it (each rule's page). "
              "Override them in `pyproject.toml` (found from the working directory upwards):", "",
              "```toml", "[tool.lossdoctor]", "num_classes = 10          # like --num-classes",
              "ignore = [\"LD109\"]         # like --ignore (select works too)", "",
              "[tool.lossdoctor.rules.LD101]", "min_best_share = 0.05", "```", "",
              "or in a file given with `lossdoctor diagnose --config FILE` (the same keys at its top level: "
              "`num_classes`, `select`, `ignore`, `[rules.LD101]`). Command-line flags win over the file. An unknown "
              "key, rule code or option, or a value of the wrong type, is a one-line error (exit 2).", "",
              "## Analyses", "",
              "Besides findings, every report carries three tables (`Report.analyses`, `lossdoctor/analyses.py`):", "",
              "| name | what it shows |", "|---|---|",
              "| `trend_table` | train/validation trend table: train ↓/→/↑ × validation ↓/→/↑ over the second half "
              "of the run, what each "
              "combination means, this run's row marked and checked against the findings |",
              "| `rate_of_change` | rate of change per phase: mean change per epoch in each third of the run, "
              "relative to the "
              "curve's own scale: still learning, stopped (≈0), or too large (learning rate too high?) |",
              "| `metric_cross_check` | loss vs accuracy cross-check: loss and accuracy read together (both high / "
              "train low val "
              "high / oscillating together), and whether they agree |"]
    return "\n".join(lines) + "\n"


SECTION_ZH = {"What it detects": "检测内容", "Why it matters": "为什么重要", "How to fix": "如何修复",
              "Thresholds": "阈值"}


def terminal_page(rule: Rule, lang: Lang = "en") -> str:
    """The page for `lossdoctor explain`: plain text, headings underlined, Chinese summary and headings in zh."""
    needs = ", ".join(r.describe().get(lang).removeprefix("no ").removesuffix(" series").removeprefix("没有")
                      .removesuffix("曲线") for r in rule.requires) or "—"
    title = f"{rule.code} {rule.name}  ({severity_text(rule, lang=lang)})"
    lines = [title, "═" * _width(title), "", rule.summary.get(lang)]
    if lang != "en":
        lines.append(rule.summary.en)
    lines += ["", ("需要：" if lang == "zh" else "Needs: ") + needs, ""]
    for line in public(rule.doc).splitlines():
        if line.startswith("## "):
            head = line[3:].strip()
            if lang == "zh" and head in SECTION_ZH:
                head = f"{SECTION_ZH[head]} · {head}"
            lines += [head, "─" * _width(head)]
        else:
            lines.append(line)
    lines += ["", f"docs/rules/{rule.code}.md has the rule's bad and good examples."
              if lang == "en" else f"docs/rules/{rule.code}.md 中有该规则的正反示例。"]
    return "\n".join(lines).rstrip() + "\n"


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if ord(c) >= 0x2E80 else 1 for c in text)


def write_pages(pages: dict[Path, str], argv: list[str], root: Path) -> int:
    """The doc generators' command line: write the pages, or with --check list the stale ones (exit 1)."""
    stale = [p for p, text in pages.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    if "--check" in argv:
        for p in stale:
            print(f"out of date: {p.relative_to(root)}")
        return 1 if stale else 0
    for p, text in pages.items():
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    print(f"wrote {len(pages)} files to {next(iter(pages)).parent.relative_to(root)} ({len(stale)} changed)")
    return 0
