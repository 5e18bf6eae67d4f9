"""Which of a run's losses are the two players of an adversarial game (a GAN), read from their keys.

One recogniser for every reader of it: `divergence` (a slow climb from the start is the game, not a run going the
wrong way) and the consistency pass (a broken-run claim on a game's losses becomes a note). A run is a game only when
it logs both players - a discriminator (or critic) loss and a generator loss: one key alone ('adv_loss' of
adversarial-robustness training, a '3d_loss', a critic trained by itself) names no game.
"""
from __future__ import annotations

import re

from ..model import Kind, Run

# words naming the two players in a loss's key (d_loss, Loss_D, errD, D_real_loss, critic, "discriminator loss";
# g_loss, G_gan1_loss, adv_loss, "adversarial loss"); 'dis' beside 'gen' is the UNIT/MUNIT spelling (loss_dis_total,
# loss_gen_total; a LiDAR GAN's losses_dis / losses_gen), a game only when a generator key is logged too
DISCRIMINATOR: frozenset[str] = frozenset({"d", "dis", "disc", "discriminator", "critic", "errd", "dloss"})
GENERATOR: frozenset[str] = frozenset({"g", "gen", "generator", "adv", "adversarial", "errg", "gloss"})
_KEY_WORDS = re.compile(r"[^A-Za-z]+|(?<=[a-z])(?=[A-Z])")


def key_words(key: str) -> frozenset[str]:
    """The lower-case words of a key, split at non-letters and at a lower-to-upper case change ('errD' -> err, d)."""
    return frozenset(w.lower() for w in _KEY_WORDS.split(key) if w)


def players(run: Run) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(discriminator loss keys, generator loss keys) when the run logs both players, else ((), ())."""
    keys = [s.key for s in run.series if s.kind is Kind.LOSS]
    words = {k: key_words(k) for k in keys}
    d = tuple(k for k in keys if words[k] & DISCRIMINATOR)
    g = tuple(k for k in keys if words[k] & GENERATOR and k not in d)
    return (d, g) if d and g else ((), ())


def pair(run: Run) -> tuple[str, str] | None:
    """(discriminator loss, generator loss): the first key of each player, when the run logs both."""
    d, g = players(run)
    return (d[0], g[0]) if d else None


def in_game(run: Run, key: str) -> bool:
    """Whether `key` is one player's loss in a game the run logs (both players present)."""
    d, g = players(run)
    return key in d or key in g
