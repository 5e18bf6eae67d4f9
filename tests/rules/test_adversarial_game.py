"""A GAN's losses are two players' scores in a game, not learning curves: a discriminator loss near ln 2 is the
balance the game aims for, and one loss rising while the other falls is the game moving. A broken-run claim read
from their shape (stuck at chance, divergence, a loss that never decreased) is a note saying so; a NaN still is an
error. The same numbers under ordinary loss names still warn: the principle is what the run trains, read from its
keys. Real log from the opened corpus (tests/fixtures/opened_runs/SOURCES.md), with synthetic pairs beside it."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Severity
from lossdoctor.model import Axis, Kind, Run, Series, Split
from lossdoctor.readers import read
from lossdoctor.rules import _adversarial

OPENED = Path(__file__).parents[1] / "fixtures" / "opened_runs"


def _run(d_key: str, g_key: str, d: np.ndarray, g: np.ndarray) -> Run:
    steps = np.arange(d.size, dtype=float)
    return Run(name="game", series=(
        Series(d_key, Split.TRAIN, Kind.LOSS, Axis.STEP, steps, d),
        Series(g_key, Split.TRAIN, Kind.LOSS, Axis.STEP, steps, g)))


def test_a_dcgan_whose_discriminator_sits_near_ln2_gets_no_warning() -> None:
    """Deep Learning with Python's DCGAN: the discriminator loss stays around 0.69 for 10,000 steps, which a
    loss curve would call stuck at chance over 2 classes; the book presents the generated frogs as the result."""
    run = read(OPENED / "nb-dlwp1-8-5-dcgan-frogs-d-and-adversarial-loss.log")[0]
    assert _adversarial.pair(run) == ("discriminator loss", "adversarial loss")
    rep = diagnose_run(run, Options())
    assert not [f for f in rep.findings if f.severity >= Severity.WARNING]


def test_the_same_numbers_under_ordinary_loss_names_still_warn() -> None:
    run = read(OPENED / "nb-dlwp1-8-5-dcgan-frogs-d-and-adversarial-loss.log")[0]
    renamed = Run(name="renamed", series=tuple(
        Series("loss" if s.key == "discriminator loss" else "aux_loss", s.split, s.kind, s.axis, s.steps, s.values)
        for s in run.series))
    assert _adversarial.pair(renamed) is None
    rep = diagnose_run(renamed, Options())
    assert any(f.name == "stuck_at_chance" and f.severity >= Severity.WARNING for f in rep.findings)


def test_a_generator_loss_climbing_against_a_falling_discriminator_is_no_divergence_warning() -> None:
    rng = np.random.default_rng(0)
    n = 300
    d = 1.2 * np.exp(-np.arange(n) / 60) + 0.1 + 0.02 * rng.standard_normal(n)
    g = 0.8 + 3.0 * (1 - np.exp(-np.arange(n) / 60)) + 0.05 * rng.standard_normal(n)
    plain = diagnose_run(_run("loss", "aux_loss", g, d), Options())  # the rising curve under a plain name
    assert any(f.name == "divergence" and f.severity >= Severity.WARNING for f in plain.findings)
    for gk, dk in (("g_loss", "d_loss"), ("Loss_G", "Loss_D"), ("errG", "errD")):
        run = _run(gk, dk, g, d)
        assert _adversarial.pair(run) == (dk, gk)
        rep = diagnose_run(run, Options())
        assert not [f for f in rep.findings if f.severity >= Severity.WARNING], gk
        note = next(f for f in rep.findings if f.name == "divergence")  # still said, as a note saying why
        assert note.severity is Severity.INFO and "generator against a discriminator" in note.message.en
        assert "生成器与判别器" in note.message.zh


def test_a_nan_in_a_gan_is_still_an_error() -> None:
    d = np.full(40, 0.69)
    g = np.linspace(0.7, 2.0, 40)
    d[30:] = np.nan
    rep = diagnose_run(_run("d_loss", "g_loss", d, g), Options())
    assert any(f.name == "nan_inf" and f.severity >= Severity.ERROR for f in rep.findings)


def test_one_player_alone_is_no_game() -> None:
    """A discriminator-only or generator-only key (a critic trained alone, a 3d_loss) is not a pair."""
    x = np.linspace(1, 0.1, 20)
    assert _adversarial.pair(_run("disc_loss", "loss", x, x)) is None
    assert _adversarial.pair(_run("3d_loss", "aux", x, x)) is None


def test_one_recogniser_serves_divergence_and_the_note_on_a_game() -> None:
    """Both readers of a GAN's keys ask one recogniser (rules/_adversarial.py): names only one of them knew before -
    a WGAN 'critic', DCGAN's errD / errG, a 'D_real_loss' beside 'G_gan1_loss', an 'adv_loss' generator term - are a game
    for both, so divergence does not read the critic's slow climb from the start as a run going the wrong way (before,
    it warned and the consistency pass turned the warning into a note). One player alone is no game for either."""
    rng = np.random.default_rng(0)
    n = 40
    up = 1.09 + np.linspace(0.0, 0.25, n) + rng.normal(0.0, 0.03, n)  # 1.09 -> 1.32: worse from the start, slowly
    down = 2.6 - np.linspace(0.0, 0.4, n) + rng.normal(0.0, 0.05, n)
    plain = diagnose_run(_run("loss", "aux_loss", up, down), Options())  # the reading exists for a minimised loss
    assert any(f.name == "divergence" and f.severity >= Severity.WARNING for f in plain.findings)
    for dk, gk in (("critic", "generator"), ("errD", "errG"), ("D_real_loss", "G_gan1_loss"), ("d_loss", "adv_loss")):
        run = _run(dk, gk, up, down)
        assert _adversarial.pair(run) == (dk, gk)
        assert _adversarial.in_game(run, dk) and _adversarial.in_game(run, gk)
        rep = diagnose_run(run, Options())
        assert not [f for f in rep.findings if f.name == "divergence"], dk
    lone = _run("adv_loss", "clean_loss", up, down)  # adversarial-robustness training: no discriminator
    assert _adversarial.pair(lone) is None and not _adversarial.in_game(lone, "adv_loss")
