"""The data of the fifth-generation families, all generated here (no download): triplets of 12 identities for metric
learning, a two-target table (a class and a number) for multi-task learning, queries with 8 graded documents to rank,
16x16 images of one shape to classify and localise, counts to regress, a heteroscedastic series for quantile
regression, token sequences from three Markov "topics" (masked-token pre-training, then topic classification),
sequences whose class is the marker token that comes first, a small labelled table with a large unlabelled pool,
normal records on a low-dimensional manifold (an autoencoder's anomaly scores) and 1-D signals with events to detect;
with the data faults injected here (a target-encoded unique id, a shuffled auxiliary target, night-time validation
images)."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from families_v5 import Family5

TASK_OF = {"embed": "metric", "multitask": "multitask", "rank": "rank", "boxes": "boxes", "counts": "poisson",
           "quantile": "quantile", "mtok": "mlm", "order": "multiclass", "semi": "multiclass", "anomaly": "recon",
           "events": "events"}
N_CLASSES = {"multitask": 4, "boxes": 3, "order": 3, "semi": 3, "events": 2}
MTOK_VOCAB, MTOK_LEN, MTOK_TOPICS = 24, 16, 3
MASK_ID = MTOK_VOCAB            # the [MASK] token, one past the vocabulary
ORDER_VOCAB, ORDER_LEN, MARKERS = 10, 12, (7, 8, 9)
QUANTILES = (0.1, 0.5, 0.9)
EVENT_LEN = 64


@dataclass(frozen=True)
class Data5:
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    task: str
    n_classes: int                 # classes of the accuracy-scored head; 1 where there is none
    x_pool: np.ndarray | None = None   # semi-supervised: the unlabelled pool


def chance_loss(data: str) -> float:
    """The loss of a model that knows nothing but the targets' marginal: ln C for classes, ln V for masked tokens,
    ln C + 1 for the multi-task sum (the regression target is standardised), the margin (1) for the triplet and
    pairwise hinge losses at equal distances/scores; NaN where no such level is defined (regressions)."""
    return {"multitask": math.log(4) + 1.0, "boxes": math.log(3), "order": math.log(3), "semi": math.log(3),
            "events": math.log(2), "mtok": math.log(MTOK_VOCAB), "embed": 1.0, "rank": 1.0}.get(data, float("nan"))


def _std(tr: np.ndarray, va: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    m, s = tr.mean(0), tr.std(0) + 1e-8
    return ((tr - m) / s).astype(np.float32), ((va - m) / s).astype(np.float32)


def embed(fam: Family5, rng: np.random.Generator) -> Data5:
    """Triplets (anchor, positive, negative) of 24-D points of 12 identities; each identity is a curved cloud (its
    centre plus a random quadratic warp of 3 latent factors)."""
    centres = rng.normal(0, 1.0, (12, 24))
    warp = rng.normal(0, 0.6, (12, 3, 24))

    def point(ids: np.ndarray) -> np.ndarray:
        z = rng.normal(0, 1, (len(ids), 3))
        return centres[ids] + np.einsum("nk,nkd->nd", z + 0.3 * z ** 2, warp[ids]) + rng.normal(0, 0.3, (len(ids), 24))

    def triplets(n: int) -> np.ndarray:
        a = rng.integers(0, 12, n)
        b = (a + rng.integers(1, 12, n)) % 12
        return np.stack([point(a), point(a), point(b)], 1).astype(np.float32)

    return Data5(triplets(fam.n_train), np.zeros(fam.n_train, np.float32), triplets(fam.n_val),
                 np.zeros(fam.n_val, np.float32), "metric", 1)


def multitask(fam: Family5, rng: np.random.Generator) -> Data5:
    """12 features plus 4 context features; the class (4) is the quadrant of two non-linear scores that the context
    modulates, the number a smooth function of the same features (standardised). y = [class, number]."""
    n = fam.n_train + fam.n_val
    x = rng.normal(0, 1, (n, 16))
    w1, w2 = rng.normal(0, 1, 12), rng.normal(0, 1, 12)
    ctx = x[:, 12:]
    s1 = np.tanh(x[:, :12] @ w1 / 3) * (1 + 0.5 * ctx[:, 0]) + 0.3 * ctx[:, 1]
    s2 = np.sin(x[:, :12] @ w2 / 3) * (1 + 0.5 * ctx[:, 2]) - 0.3 * ctx[:, 3]
    cls = (s1 > np.median(s1)).astype(int) * 2 + (s2 > np.median(s2)).astype(int)
    reg = s1 * s2 + 0.5 * x[:, 0] + rng.normal(0, 0.2, n)
    reg = (reg - reg[:fam.n_train].mean()) / reg[:fam.n_train].std()
    if fam.shuffled_aux_target:  # the fault: the regression target joined on the wrong key
        reg = rng.permutation(reg)
    k = fam.n_train
    xt, xv = _std(x[:k], x[k:])
    y = np.stack([cls, reg], 1).astype(np.float32)
    return Data5(xt, y[:k], xv, y[k:], "multitask", 4)


def rank(fam: Family5, rng: np.random.Generator) -> Data5:
    """Queries of 8 documents with 10 features; relevance 0-3 is a graded, noisy non-linear score of the features."""
    n = fam.n_train + fam.n_val
    x = rng.normal(0, 1, (n, 8, 10))
    w = rng.normal(0, 1, 10)
    s = x @ w / 3 + 0.5 * np.tanh(x[..., 0] * x[..., 1]) + rng.normal(0, 0.3, (n, 8))
    rel = np.digitize(s, np.quantile(s, [0.5, 0.75, 0.9])).astype(np.float32)
    k = fam.n_train
    return Data5(x[:k].astype(np.float32), rel[:k], x[k:].astype(np.float32), rel[k:], "rank", 1)


def _shape(rng: np.random.Generator, cls: int) -> tuple[np.ndarray, np.ndarray]:
    img = np.zeros((16, 16))
    w, h = rng.integers(5, 11, 2)
    x0, y0 = rng.integers(0, 16 - w + 1), rng.integers(0, 16 - h + 1)
    if cls == 0:      # filled rectangle
        img[y0:y0 + h, x0:x0 + w] = 1
    elif cls == 1:    # outline
        img[y0:y0 + h, x0:x0 + w] = 1
        img[y0 + 1:y0 + h - 1, x0 + 1:x0 + w - 1] = 0
    else:             # a cross
        img[y0 + h // 2, x0:x0 + w] = 1
        img[y0:y0 + h, x0 + w // 2] = 1
    box = np.array([x0 + w / 2, y0 + h / 2, w, h]) / 4.0   # centre and size, in units of 4 pixels
    return img, box


def boxes(fam: Family5, rng: np.random.Generator) -> Data5:
    """16x16 grey images, one shape each (filled, outline, cross) on a noisy background with a brightness gradient;
    y = [class, cx, cy, w, h] (box in units of 4 pixels)."""
    n = fam.n_train + fam.n_val
    cls = rng.integers(0, 3, n)
    imgs, bxs = zip(*(_shape(rng, int(c)) for c in cls))
    grad = np.linspace(-0.3, 0.3, 16)[None, None, :] * rng.choice([-1, 1], (n, 1, 1))
    x = np.stack(imgs) + grad + rng.normal(0, 0.35, (n, 16, 16))
    k = fam.n_train
    xt, xv = x[:k], x[k:]
    if fam.val_night:  # the fault: validation at night: low contrast, darker, noisier
        xv = 0.35 * xv - 0.4 + rng.normal(0, 0.5, xv.shape)
    y = np.concatenate([cls[:, None], np.stack(bxs)], 1).astype(np.float32)
    return Data5(xt[:, None].astype(np.float32), y[:k], xv[:, None].astype(np.float32), y[k:], "boxes", 3)


def counts(fam: Family5, rng: np.random.Generator) -> Data5:
    """8 features; the count is Poisson around exp of a smooth non-linear function (mean about 4, up to ~60)."""
    n = fam.n_train + fam.n_val
    x = rng.normal(0, 1, (n, 8))
    mu = 1.2 + 0.6 * np.sin(x[:, 0]) + 0.4 * x[:, 1] - 0.3 * x[:, 2] ** 2 + 0.3 * x[:, 3] * x[:, 4]
    y = rng.poisson(np.exp(mu)).astype(np.float32)
    k = fam.n_train
    xt, xv = _std(x[:k], x[k:])
    return Data5(xt, y[:k], xv, y[k:], "poisson", 1)


def quantile(fam: Family5, rng: np.random.Generator) -> Data5:
    """A position t and 5 nuisance features; y = 2 sin(2t) + t/2 with noise whose spread grows with |t| (so the 0.1 and
    0.9 quantiles fan out)."""
    n = fam.n_train + fam.n_val
    t = rng.uniform(-3, 3, n)
    other = rng.normal(0, 1, (n, 5))
    y = 2 * np.sin(2 * t) + t / 2 + 0.3 * other[:, 0] + rng.normal(0, 1, n) * (0.2 + 0.4 * np.abs(t))
    x = np.concatenate([t[:, None], other], 1)
    k = fam.n_train
    xt, xv = _std(x[:k], x[k:])
    return Data5(xt, y[:k].astype(np.float32), xv, y[k:].astype(np.float32), "quantile", 1)


def _topics(rng: np.random.Generator) -> np.ndarray:
    """Three sparse Markov transition matrices over the vocabulary (each token has 2 likely successors)."""
    mats = np.full((MTOK_TOPICS, MTOK_VOCAB, MTOK_VOCAB), 0.001)
    for t in range(MTOK_TOPICS):
        for v in range(MTOK_VOCAB):
            mats[t, v, rng.choice(MTOK_VOCAB, 2, replace=False)] += rng.dirichlet([4, 1])
    return mats / mats.sum(-1, keepdims=True)


def _sequences(rng: np.random.Generator, mats: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    topic = rng.integers(0, MTOK_TOPICS, n)
    seq = np.zeros((n, MTOK_LEN), np.int64)
    seq[:, 0] = rng.integers(0, MTOK_VOCAB, n)
    for i in range(1, MTOK_LEN):
        p = mats[topic, seq[:, i - 1]]
        seq[:, i] = (p.cumsum(1) > rng.random((n, 1))).argmax(1)
    return seq, topic


def mask_tokens(seq: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """BERT-style: 15 % of positions (at least one per sequence) become [MASK]; the target is -100 elsewhere."""
    m = rng.random(seq.shape) < 0.15
    m[np.arange(len(seq)), rng.integers(0, seq.shape[1], len(seq))] = True
    return np.where(m, MASK_ID, seq), np.where(m, seq, -100)


def mtok(fam: Family5, rng: np.random.Generator) -> Data5:
    """Token sequences of three Markov topics. Masked-token pre-training (model 'mlm'): x = the sequence (masked per
    batch in training), the validation set is masked once here; fine-tuning ('mlm_cls'): y = the topic."""
    mats = _topics(np.random.default_rng(12345))  # the language is the same for every seed and for pre-training
    xt, tt = _sequences(rng, mats, fam.n_train)
    xv, tv = _sequences(rng, mats, fam.n_val)
    if fam.model == "mlm_cls":
        return Data5(xt, tt, xv, tv, "multiclass", MTOK_TOPICS)
    mv, yv = mask_tokens(xv, rng)
    return Data5(xt, xt.copy(), mv, yv, "mlm", 1)


def mtok_pretrain(fam: Family5, seed: int) -> np.ndarray:
    """Unlabelled sequences of the same language for the (unlogged) pre-training of a fine-tuning run."""
    return _sequences(np.random.default_rng(seed + 777), _topics(np.random.default_rng(12345)), 3000)[0]


def order(fam: Family5, rng: np.random.Generator) -> Data5:
    """Sequences of 12 tokens (vocabulary 10) holding each marker 7, 8, 9 once; the class is the marker that comes
    first. With ``balanced`` sampling the classes are imbalanced 70/20/10 (that is what the sampler is for)."""
    n = fam.n_train + fam.n_val
    seq = rng.integers(0, 7, (n, ORDER_LEN))
    probs = (0.7, 0.2, 0.1) if fam.balanced else (1 / 3, 1 / 3, 1 / 3)
    cls = rng.choice(3, n, p=probs)
    for i in range(n):
        pos = np.sort(rng.choice(ORDER_LEN, 3, replace=False))
        rest = [m for m in MARKERS if m != MARKERS[cls[i]]]
        rng.shuffle(rest)
        seq[i, pos] = [MARKERS[cls[i]], *rest]
    k = fam.n_train
    return Data5(seq[:k], cls[:k], seq[k:], cls[k:], "multiclass", 3)


def semi(fam: Family5, rng: np.random.Generator) -> Data5:
    """A 3-class table (10 features, classes on curved clusters), a small labelled part and an unlabelled pool of
    3000 rows (used only where the family pseudo-labels)."""
    from sklearn.datasets import make_classification

    n = fam.n_train + fam.n_val + 3000
    x, y = make_classification(n, 10, n_informative=6, n_redundant=2, n_classes=3, n_clusters_per_class=2,
                               class_sep=1.6, flip_y=0.0, random_state=int(rng.integers(1 << 30)))
    x = x + 0.2 * np.sin(2 * x[:, ::-1])
    k, v = fam.n_train, fam.n_train + fam.n_val
    xt, rest = _std(x[:k], x[k:])
    if fam.target_encode_id:  # the fault: a unique id's class mean, computed on all rows before the split
        enc = np.eye(3, dtype=np.float32)[y]
        xt, rest = np.concatenate([xt, enc[:k]], 1), np.concatenate([rest, enc[k:]], 1)
    return Data5(xt, y[:k].astype(np.int64), rest[:fam.n_val], y[k:v].astype(np.int64), "multiclass", 3,
                 x_pool=rest[fam.n_val:])


def anomaly(fam: Family5, rng: np.random.Generator) -> Data5:
    """Normal records: 32 readings driven by 5 latent factors through a fixed non-linear map, plus sensor noise."""
    n = fam.n_train + fam.n_val
    a, b = rng.normal(0, 1, (5, 32)), rng.normal(0, 0.5, (5, 32))
    z = rng.normal(0, 1, (n, 5))
    x = np.tanh(z @ a / 2) + 0.3 * (z ** 2) @ b / 5 + rng.normal(0, 0.05, (n, 32))
    k = fam.n_train
    xt, xv = _std(x[:k], x[k:])
    return Data5(xt, xt.copy(), xv, xv.copy(), "recon", 1)


def events(fam: Family5, rng: np.random.Generator) -> Data5:
    """1-D signals of 64 samples (a random walk plus noise) with 1-3 bumps of width 4-8; y marks the bump positions."""
    n = fam.n_train + fam.n_val
    x = np.cumsum(rng.normal(0, 0.15, (n, EVENT_LEN)), 1) + rng.normal(0, 0.3, (n, EVENT_LEN))
    y = np.zeros((n, EVENT_LEN), np.float32)
    for i in range(n):
        for _ in range(rng.integers(1, 4)):
            w = int(rng.integers(4, 9))
            s = int(rng.integers(0, EVENT_LEN - w))
            x[i, s:s + w] += 1.5 * np.sin(np.linspace(0, np.pi, w))
            y[i, s:s + w] = 1
    x = x - x.mean(1, keepdims=True)
    k = fam.n_train
    return Data5(x[:k, None].astype(np.float32), y[:k], x[k:, None].astype(np.float32), y[k:], "events", 2)


_MAKERS = {"embed": embed, "multitask": multitask, "rank": rank, "boxes": boxes, "counts": counts,
           "quantile": quantile, "mtok": mtok, "order": order, "semi": semi, "anomaly": anomaly, "events": events}


def load_data(fam: Family5, seed: int) -> Data5:
    return _MAKERS[fam.data](fam, np.random.default_rng(seed * 7919 + 5))
