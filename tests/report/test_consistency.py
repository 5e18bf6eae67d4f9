"""One source of truth: tables, headline and fixes never contradict the findings (property test over generated
curves; the 10,000-curve run is benchmarks/consistency.py, results in docs/benchmarks.md)."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from curve_gen import FAMILIES, make_run
from lossdoctor.consistency import contradictions, nothing_learned, restores_best
from lossdoctor.engine import diagnose_run
from lossdoctor.model import Axis, Kind, Run, Series, Split
from lossdoctor.report import html, markdown, terminal
from lossdoctor.rules.fixes import early_stopping
from lossdoctor.rules.fixes_training import train_longer

N_CURVES = 300


def _run(**cols: np.ndarray) -> Run:
    def kind(k: str) -> Kind:
        return Kind.ACCURACY if "acc" in k else Kind.LOSS

    n = len(next(iter(cols.values())))
    e = np.arange(1, n + 1, dtype=float)
    return Run("t", tuple(Series(k, Split.VAL if k.startswith("val") else Split.TRAIN, kind(k), Axis.EPOCH, e,
                                 np.asarray(v, float)) for k, v in cols.items()), source="t.csv", format="keras_csv")


def test_generated_curves_never_contradict_themselves() -> None:
    seen: set[str] = set()
    verdicts: set[str] = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for seed in range(N_CURVES):
            run = make_run(seed)
            seen.add(run.name.split("-", 2)[2])
            rep = diagnose_run(run)
            verdicts.add(rep.verdict)
            assert contradictions(rep) == [], (seed, run.name)
            if rep.verdict in ("warning", "error"):
                block = terminal.render([rep], "en", width=80).split("\n\n")[0].split("\n")
                assert len(block) <= terminal.BRIEF_MAX_LINES, (seed, run.name)
    assert seen == set(FAMILIES) and {"healthy", "warning", "error"} <= verdicts  # the generator covers them


def test_nan_run_is_never_read_as_a_bottleneck() -> None:
    """A loss that rises into NaN: the trend table marks a rising row and defers to the NaN finding."""
    loss = np.array([1.0, 0.8, 0.7, 0.65, 0.62, 0.6, 0.6, 0.62, 0.7, 0.85, 1.01, np.nan])
    rep = diagnose_run(_run(loss=loss, val_loss=loss * 1.1))
    trend = next(a for a in rep.analyses if a.name == "trend_table")
    marked = [r for r in trend.rows if r[-1]]
    assert len(marked) == 1 and marked[0][0] == "↑" and "LD108" in marked[0][-1].en
    assert "bottleneck" not in trend.conclusion.en.split("reads")[0]
    assert contradictions(rep) == []


def test_healthy_run_has_no_unconfirmed_problem_row() -> None:
    e = np.arange(40.0)
    rep = diagnose_run(_run(loss=2.3 * np.exp(-e / 6) + 0.3, val_loss=2.3 * np.exp(-e / 6) + 0.35))
    assert rep.verdict == "healthy"
    for a in rep.analyses:
        for row in a.rows:
            note = row[-1] if isinstance(row[-1], str) else row[-1].en
            assert "over-fitting" not in note and ("◀" not in note or a.name == "metric_cross_check" or
                                                    note == "◀ this run" or "not confirmed" in note)


def test_rises_are_never_described_as_falls() -> None:
    e = np.arange(20.0)
    rep = diagnose_run(_run(loss=0.5 + 0.02 * e, val_loss=0.6 + 0.03 * e, accuracy=0.9 - 0.01 * e,
                            val_accuracy=0.85 - 0.01 * e))
    cross = next(a for a in rep.analyses if a.name == "metric_cross_check")
    assert "Training loss rose" in cross.conclusion.en and "fell -" not in cross.conclusion.en


def test_explained_findings_show_no_fix_in_any_format() -> None:
    loss = np.array([1.0, 0.8, 0.7, 0.65, 0.62, 0.6, 0.6, 0.62, 0.7, 0.85, 1.01, np.nan])
    rep = diagnose_run(_run(loss=loss, val_loss=loss * 1.1))
    explained = [f for f in rep.findings if f.explained_by and f.fixes]
    assert explained  # the test needs an explained finding that has fixes of its own
    md = markdown.render([rep], "en")
    page = html.render([rep], "en")
    for f in explained:
        assert f"How to fix — `{f.code}`" not in md
        card = page.split(f'<b>{f.code} ', 1)[1].split('<div class="card', 1)[0].split("</section>", 1)[0]
        assert "How to fix" not in card and "codebox" not in card
    assert "How to fix — `LD108`" in md


def test_step_runs_get_step_arguments() -> None:
    fix = train_longer(1290, 600, "step")
    assert "max_steps=1890" in fix.code["hf"] and "num_train_epochs" not in fix.code["hf"]
    assert "max_steps=1890" in fix.code["lightning"] and "max_epochs" not in fix.code["lightning"]
    assert "epochs=1890" not in fix.code["keras"] and "math.ceil(1890 / steps_per_epoch)" in fix.code["keras"]
    assert "num_train_epochs=40" in train_longer(30, 10, "epoch").code["hf"]


def test_no_restore_best_when_nothing_was_learned() -> None:
    assert restores_best(early_stopping(3, 2, 0.01)) and not restores_best(train_longer(10, 5))
    flat = np.log(10) + np.array([0.0, 0.01, -0.004, 0.003, 0.0, 0.006, -0.002, 0.01, 0.02, 0.03])
    run = _run(loss=flat - 0.001 * np.arange(10), val_loss=flat)
    assert nothing_learned(run)
    assert not nothing_learned(_run(loss=np.linspace(2, 0.5, 10), val_loss=np.linspace(2.1, 0.7, 10)))
    rep = diagnose_run(run)
    assert not any(restores_best(x) for f in rep.findings for x in f.fixes)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_double_softmax_is_not_headed_stuck_at_chance(lang: str) -> None:
    e = np.arange(1, 31.0)
    fl = np.log(1 + 9 / np.e)
    rep = diagnose_run(_run(loss=fl + 0.01 + 0.8 * np.exp(-e / 3), val_loss=fl + 0.02 + 0.8 * np.exp(-e / 3),
                            accuracy=0.99 - 0.8 * np.exp(-e / 3), val_accuracy=0.985 - 0.8 * np.exp(-e / 3)))
    out = terminal.render([rep], lang, width=80)
    if rep.primary is not None and rep.primary.name == "stuck_at_chance":
        assert ("double softmax" if lang == "en" else "双重 softmax") in out.split("\n")[1]
        assert ("stuck at chance" if lang == "en" else "停留在随机水平") not in out
    assert contradictions(rep) == []


def test_a_learning_run_near_ln_c_is_not_stuck_at_chance() -> None:
    """The loss happens to level off near ln(9) while accuracy climbs to 0.74: the claim is refuted in place."""
    rep = diagnose_run(make_run(226))
    f = next((f for f in rep.findings if f.name == "stuck_at_chance"), None)
    assert f is None or (f.severity.label == "info" and "above chance" in f.message.en)
    assert contradictions(rep) == []
