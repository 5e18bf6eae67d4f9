"""Finding rows of one split in another: exact duplicates by hashing canonical contents, near-duplicates by
locality-sensitive hashing (random projections for numbers and images, MinHash for texts), every candidate
verified exactly. Pure functions on arrays."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

import numpy as np

CHUNK = 32768  # rows hashed at once
P1 = np.uint64(0x9E3779B97F4A7C15)
P2 = np.uint64(0xBF58476D1CE4E5B9)
P3 = np.uint64(0x94D049BB133111EB)


@dataclass(frozen=True)
class Matches:
    """For each query row that has a match in the reference: its index, and one matching reference index."""

    query: np.ndarray  # int64 indices into the query split
    ref: np.ndarray  # int64 indices into the reference split, aligned with `query`


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit affects every output bit."""
    h = (h ^ (h >> np.uint64(30))) * P2
    h = (h ^ (h >> np.uint64(27))) * P3
    return h ^ (h >> np.uint64(31))


def row_hash(x: np.ndarray, other: np.ndarray | None = None) -> np.ndarray:
    """A 64-bit hash of each row's canonical values (-0.0 as 0.0, one NaN) and of its non-numeric column hashes.

    Vectorised by row chunks: each value is multiplied by a constant of its column and folded, then mixed."""
    n = x.shape[0]
    x = x.reshape(n, -1)
    d = x.shape[1] + (0 if other is None else other.shape[1])
    salt = (np.arange(1, d + 1, dtype=np.uint64) * P1) | np.uint64(1)
    out = np.empty(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for lo in range(0, n, CHUNK):
            c = np.asarray(x[lo:lo + CHUNK], dtype=np.float64) + 0.0  # -0.0 + 0.0 == +0.0
            nan = np.isnan(c)
            if nan.any():
                c[nan] = np.nan
            u = c.view(np.uint64)
            if other is not None:
                u = np.concatenate([u, other[lo:lo + CHUNK].astype(np.uint64)], axis=1)
            u = (u ^ (u >> np.uint64(32))) * salt  # float bits live at the top: fold them down first
            u ^= u >> np.uint64(29)
            u *= P2
            out[lo:lo + CHUNK] = _mix(np.bitwise_xor.reduce(u, axis=1) + u.sum(axis=1, dtype=np.uint64))
    return out


def _same_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise exact equality (NaN equals NaN, -0.0 equals 0.0)."""
    return np.all((a == b) | (np.isnan(a) & np.isnan(b)), axis=1)


def exact_matches(query_hash: np.ndarray, ref_hash: np.ndarray,
                  same: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> Matches:
    """Query rows whose hash is in the reference, verified with `same(query_idx, ref_idx) -> bool array`.

    A hash collision (equal hashes, different rows) is tried against the next reference row with that hash."""
    order = np.argsort(ref_hash, kind="stable")
    sorted_ref = ref_hash[order]
    lo = np.searchsorted(sorted_ref, query_hash, side="left")
    hi = np.searchsorted(sorted_ref, query_hash, side="right")
    q = np.flatnonzero(hi > lo)
    found_q: list[np.ndarray] = []
    found_r: list[np.ndarray] = []
    pos = lo[q]
    while q.size:
        r = order[pos]
        ok = same(q, r)
        found_q.append(q[ok])
        found_r.append(r[ok])
        q, pos = q[~ok], pos[~ok] + 1
        keep = pos < hi[q]
        q, pos = q[keep], pos[keep]
    if not found_q:
        return Matches(np.zeros(0, np.int64), np.zeros(0, np.int64))
    qq, rr = np.concatenate(found_q), np.concatenate(found_r)
    s = np.argsort(qq)
    return Matches(qq[s].astype(np.int64), rr[s].astype(np.int64))


def exact_table_matches(qx: np.ndarray, rx: np.ndarray, qo: np.ndarray | None = None,
                        ro: np.ndarray | None = None, ref_hash: np.ndarray | None = None) -> Matches:
    """Exact duplicates of query rows in the reference (numbers canonicalised, other columns by their hashes)."""
    qc, rc = qx.reshape(qx.shape[0], -1), rx.reshape(rx.shape[0], -1)

    def same(i: np.ndarray, j: np.ndarray) -> np.ndarray:
        ok = _same_rows(qc[i].astype(np.float64), rc[j].astype(np.float64))
        if qo is not None and ro is not None:
            ok &= np.all(qo[i] == ro[j], axis=1)
        return ok

    return exact_matches(row_hash(qc, qo), row_hash(rc, ro) if ref_hash is None else ref_hash, same)


def near_matches(qz: np.ndarray, rz: np.ndarray, radius: float, metric: str = "linf", tables: int = 6,
                 per_table: int = 4, qkey: np.ndarray | None = None, rkey: np.ndarray | None = None,
                 max_pairs: int | None = None, seed: int = 0, center: np.ndarray | None = None,
                 scale: np.ndarray | None = None) -> Matches:
    """Query rows within `radius` of some reference row (metric 'linf' or 'l2' on the given, already scaled rows).

    Candidates come from E2LSH: `tables` hash tables, each keyed on `per_table` random projections quantised with
    width 4 x the largest L2 distance a true pair can have (so a true pair shares a key with probability >= 0.4 per
    table, >= 0.95 over 6 tables). A table whose key is too coarse for this data (more candidate pairs than
    `max_pairs`) takes two more projections until it is not. Every candidate is verified exactly; rows with unequal
    `qkey`/`rkey` (hashes of non-numeric columns) never match. With `center`/`scale`, distances are measured on
    (x - center) / scale without building that array: the projections absorb the scaling."""
    rng = np.random.default_rng(seed)
    n_q, d = qz.shape
    if n_q == 0 or rz.shape[0] == 0 or d == 0:
        return Matches(np.zeros(0, np.int64), np.zeros(0, np.int64))
    r2 = radius * np.sqrt(d) if metric == "linf" else radius
    width = 4.0 * max(r2, 1e-12)
    max_pairs = max_pairs or 20 * (n_q + rz.shape[0])
    center = np.zeros(d) if center is None else center
    scale = np.ones(d) if scale is None else scale

    def project(z: np.ndarray, p: np.ndarray, o: np.ndarray) -> np.ndarray:
        return _project(z, p / scale[:, None], o - (center / scale) @ p, width)

    proj = rng.standard_normal((d, tables * per_table))
    off = rng.uniform(0, width, tables * per_table)
    pq, pr = project(qz, proj, off), project(rz, proj, off)
    best = np.full(n_q, -1, dtype=np.int64)
    for t in range(tables):
        cq, cr = pq[:, t * per_table:(t + 1) * per_table], pr[:, t * per_table:(t + 1) * per_table]
        while True:
            order, skr = _sorted_keys(_bucket_key(cr, rkey))
            lo, count = _lookup(skr, _bucket_key(cq, qkey))
            if int(count.sum()) <= max_pairs or cq.shape[1] >= 4 * per_table:
                break
            more = rng.standard_normal((d, 2))
            more_off = rng.uniform(0, width, 2)
            cq = np.concatenate([cq, project(qz, more, more_off)], axis=1)
            cr = np.concatenate([cr, project(rz, more, more_off)], axis=1)
        todo = np.flatnonzero((count > 0) & (best < 0))
        counts = count[todo]
        if int(counts.sum()) > max_pairs:  # still too coarse at 4x the projections: verify the smallest buckets
            keep = np.argsort(counts, kind="stable")
            todo = np.sort(todo[keep[np.cumsum(counts[keep]) <= max_pairs]])
            counts = count[todo]
        if todo.size == 0:
            continue
        qi = np.repeat(todo, counts)
        within = np.arange(qi.size) - np.repeat(np.cumsum(counts) - counts, counts)
        ri = order[np.repeat(lo[todo], counts) + within]
        _verify(qz, rz, qi, ri, radius, metric, best, scale)
    q = np.flatnonzero(best >= 0)
    return Matches(q.astype(np.int64), best[q])


def _sorted_keys(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(order, sorted keys): the row index packed into the low bits and one plain sort, far faster than argsort.

    The keys lose their low bits, so distinct buckets may merge: that only adds candidates, which are verified."""
    bits = max(1, int(keys.size - 1).bit_length())
    low = np.uint64((1 << bits) - 1)
    packed = np.sort((keys & ~low) | np.arange(keys.size, dtype=np.uint64))
    return (packed & low).astype(np.int64), packed & ~low


def _lookup(sorted_keys: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each key: where its run starts in `sorted_keys` and how long it is (queries sorted first: a merge walk
    instead of a binary search per key)."""
    bits = max(1, int(sorted_keys.size - 1).bit_length())
    keys = keys & ~np.uint64((1 << bits) - 1)
    order = np.argsort(keys, kind="stable")
    sk = keys[order]
    lo = np.empty(keys.size, dtype=np.int64)
    count = np.empty(keys.size, dtype=np.int64)
    lo[order] = np.searchsorted(sorted_keys, sk, "left")
    count[order] = np.searchsorted(sorted_keys, sk, "right") - lo[order]
    return lo, count


def _project(z: np.ndarray, proj: np.ndarray, off: np.ndarray, width: float, chunk: int = 1 << 17) -> np.ndarray:
    """Quantised random projections (n, k) as int64 cells; NaN counts as 0 here (verification is exact)."""
    out = np.empty((z.shape[0], proj.shape[1]), dtype=np.int64)
    for lo in range(0, z.shape[0], chunk):
        p = (z[lo:lo + chunk] @ proj + off) / width
        p[np.isnan(p)] = 0.0
        out[lo:lo + chunk] = np.floor(p)
    return out


def _bucket_key(cells: np.ndarray, extra: np.ndarray | None) -> np.ndarray:
    h = np.full(cells.shape[0], np.uint64(cells.shape[1]), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for col in cells.T:
            h = _mix((h ^ col.view(np.uint64)) * P1)
        if extra is not None:
            h = _mix(h ^ extra)
    return h


def _verify(qz: np.ndarray, rz: np.ndarray, qi: np.ndarray, ri: np.ndarray, radius: float, metric: str,
            best: np.ndarray, scale: np.ndarray, chunk: int = 1 << 16) -> None:
    """Exact distance of each candidate pair; the first verified reference row per query row goes in `best`."""
    for lo in range(0, qi.size, chunk):
        a, b = qi[lo:lo + chunk], ri[lo:lo + chunk]
        diff = np.abs(qz[a] - rz[b]) / scale
        diff = np.where(np.isnan(qz[a]) & np.isnan(rz[b]), 0.0, diff)
        dist = np.nanmax(diff, axis=1) if metric == "linf" else np.sqrt(np.nansum(diff ** 2, axis=1))
        dist = np.where(np.isnan(diff).any(axis=1), np.inf, dist)  # a NaN against a number is no match
        ok = dist <= radius
        hit_q, hit_r = a[ok], b[ok]
        fresh = best[hit_q] < 0
        best[hit_q[fresh]] = hit_r[fresh]


# ---- images -------------------------------------------------------------------------------------------------

THUMB = 16  # images are compared as 16x16 grey thumbnails: small shifts in pixels, resizing and noise vanish


def thumbnails(images: np.ndarray) -> np.ndarray:
    """(n, H, W), (n, H, W, C) or (n, C, H, W) images as (n, THUMB*THUMB) zero-mean unit-norm grey thumbnails
    (brightness and contrast changes do not matter; a constant image becomes all zeros)."""
    x = np.asarray(images, dtype=np.float64)
    if x.ndim == 4:
        channel_axis = 3 if x.shape[3] in (1, 3, 4) else 1
        x = x.mean(axis=channel_axis)
    if x.ndim != 3:
        x = x.reshape(x.shape[0], -1, 1)
    n, h, w = x.shape
    th, tw = min(THUMB, h), min(THUMB, w)
    rows = np.add.reduceat(x, np.linspace(0, h, th, endpoint=False).astype(int), axis=1)
    cells = np.add.reduceat(rows, np.linspace(0, w, tw, endpoint=False).astype(int), axis=2)
    counts = np.outer(np.diff(np.r_[np.linspace(0, h, th, endpoint=False).astype(int), h]),
                      np.diff(np.r_[np.linspace(0, w, tw, endpoint=False).astype(int), w]))
    t = (cells / counts).reshape(n, -1)
    t = t - t.mean(axis=1, keepdims=True)
    norm = np.linalg.norm(t, axis=1, keepdims=True)
    return np.divide(t, norm, out=np.zeros_like(t), where=norm > 1e-12 * max(1.0, float(np.abs(x).max())))


# ---- texts --------------------------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
SHINGLE = 5  # characters per shingle: works for languages written without spaces too
MINHASH = 32  # hash functions; 8 bands of 4 rows: pairs with Jaccard 0.8 become candidates with p = 0.996
BANDS = 8
MERSENNE = (1 << 61) - 1


def canonical_text(t: str) -> str:
    """NFKC, lower case, whitespace collapsed: the same text typed or saved differently compares equal."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", t).lower()).strip()


def shingles(t: str) -> set[str]:
    return {t[i:i + SHINGLE] for i in range(max(1, len(t) - SHINGLE + 1))}


def minhash(texts: list[str], seed: int = 0) -> tuple[np.ndarray, list[set[str]]]:
    """MinHash signatures (n, MINHASH) of each canonical text's character shingles, and the shingle sets."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, MERSENNE, MINHASH, dtype=np.uint64)
    b = rng.integers(0, MERSENNE, MINHASH, dtype=np.uint64)
    sets = [shingles(t) for t in texts]
    sig = np.empty((len(texts), MINHASH), dtype=np.uint64)
    mask = np.uint64(MERSENNE)
    with np.errstate(over="ignore"):
        for i, s in enumerate(sets):
            hs = np.fromiter((hash(x) for x in s), dtype=np.int64, count=len(s)).view(np.uint64) & mask
            sig[i] = ((hs[:, None] * a[None, :] + b[None, :]) & mask).min(axis=0)
    return sig, sets


def near_text_matches(query: list[str], ref: list[str], threshold: float = 0.8) -> Matches:
    """Query texts whose shingle Jaccard similarity with some reference text is >= threshold (MinHash LSH
    candidates, verified with the exact Jaccard of the shingle sets)."""
    if not query or not ref:
        return Matches(np.zeros(0, np.int64), np.zeros(0, np.int64))
    sq, setq = minhash(query)
    sr, setr = minhash(ref)
    rows = MINHASH // BANDS
    best = np.full(len(query), -1, dtype=np.int64)
    for band in range(BANDS):
        kq = row_hash(sq[:, band * rows:(band + 1) * rows].view(np.float64))
        kr = row_hash(sr[:, band * rows:(band + 1) * rows].view(np.float64))
        order = np.argsort(kr, kind="stable")
        skr = kr[order]
        lo = np.searchsorted(skr, kq, "left")
        hi = np.searchsorted(skr, kq, "right")
        for i in np.flatnonzero((hi > lo) & (best < 0)):
            for j in order[lo[i]:hi[i]][:50]:
                inter = len(setq[i] & setr[j])
                if inter / (len(setq[i]) + len(setr[j]) - inter) >= threshold:
                    best[i] = j
                    break
    q = np.flatnonzero(best >= 0)
    return Matches(q.astype(np.int64), best[q])
