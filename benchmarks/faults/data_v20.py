"""Generated data of the twentieth-generation families (numpy only; nothing is downloaded).

Tasks none of v1-v19 generated: **crop types from satellite image time series** (one field parcel's mean surface
reflectance in 10 Sentinel-2-like bands (B2 B3 B4 B5 B6 B7 B8 B8A B11 B12) on 12 cloud-free-or-not acquisition dates
of one season, (n, 10, 12); five crops told apart by their phenology: winter wheat (green early, harvested in July),
maize (late), rapeseed (early, a yellow flowering bump in the visible bands), sugar beet (late and long), grassland
(green all season, mown twice); each parcel with its own sowing shift, vigour and soil brightness; 10 % of the dates
cloudy; 2 % of the survey labels wrong), and **yield** (winter-wheat-like parcels: the target the standardised yield,
grown by the season's integrated green cover and its peak, cut by late-season water stress (the SWIR bands), Student-t
(3 d.o.f.) noise from the combine's yield monitor).
The data faults (labels joined on float32 parcel ids, features sorted by parcel area apart from their labels, an NDVI
band computed on no-data dates, the farmer's declared crop as a feature, the reflectances scaled twice, a validation
season with a later sowing, an int `test_size`, synthetic-cloud epochs) are built here; the loop's in trainers_v20.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

BANDS = 10
DATES = 12
DOY = np.linspace(70, 320, DATES)          # acquisition days of year
CLASSES = 5                                 # wheat, maize, rapeseed, sugar beet, grassland
LABEL_NOISE = 0.02
CLOUDY = 0.10
DN_SCALE = 10_000.0                         # L2A digital numbers per unit reflectance
SOIL = np.array([0.08, 0.11, 0.14, 0.17, 0.19, 0.21, 0.23, 0.24, 0.30, 0.26])
VEG = np.array([0.03, 0.07, 0.04, 0.12, 0.30, 0.38, 0.42, 0.44, 0.20, 0.10])
FLOWER = np.array([0.02, 0.10, 0.12, 0.05, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])   # rapeseed's yellow petals
CLOUD = np.array([0.45, 0.44, 0.45, 0.46, 0.47, 0.47, 0.48, 0.48, 0.35, 0.25])
# (green-up day, senescence day, sharpness) of each crop's cover curve
PHENOLOGY = ((100, 190, 0.08), (160, 260, 0.10), (90, 175, 0.09), (150, 290, 0.07), (80, 310, 0.05))
YIELD_MEAN, YIELD_STD = 2.9, 0.55           # the raw yield score's mean and spread (fixed: every split shares them)
TEST_SIZE_INT = 10                          # `train_test_split(test_size=10)`: ten parcels, not 10 %


@dataclass(frozen=True)
class Data20:
    task: str
    x_train: np.ndarray   # (n, BANDS(+1), DATES) reflectance, float32
    y_train: np.ndarray   # class ids or standardised yield
    x_val: np.ndarray
    y_val: np.ndarray
    n_classes: int        # classes for the accuracy (1: no accuracy)
    x_train_clouded: np.ndarray | None = None   # the synthetic-cloud curriculum's version of the training set
    class_counts: np.ndarray | None = None      # training labels per class (the head-bias fault reads them)


def cover(kind: int, shift: float, vigour: float) -> np.ndarray:
    """Green cover (0-1) on the acquisition dates of one parcel of crop `kind`, sowing shifted by `shift` days."""
    up, down, k = PHENOLOGY[kind]
    t = DOY - shift
    c = 1 / (1 + np.exp(-k * (t - up))) - 1 / (1 + np.exp(-k * (t - down)))
    if kind == 4:  # grassland: mown around day 150 and 220
        c = 0.8 - 0.35 * np.exp(-((t - 150) / 12) ** 2) - 0.35 * np.exp(-((t - 220) / 12) ** 2)
    return np.clip(vigour * c, 0, 1)


def parcel(kind: int, rng: np.random.Generator, shift: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """(BANDS, DATES) reflectance of one parcel and its cover curve."""
    f = cover(kind, shift + rng.normal(0, 8), rng.uniform(0.65, 0.95))
    soil = SOIL * rng.uniform(0.8, 1.25)
    x = f[None] * VEG[:, None] + (1 - f[None]) * soil[:, None]
    if kind == 2:  # rapeseed flowers around day 120
        x = x + FLOWER[:, None] * np.exp(-((DOY - shift - 120) / 15) ** 2)[None]
    cloudy = rng.random(DATES) < CLOUDY
    mix = rng.uniform(0.5, 1.0, DATES) * cloudy
    x = (1 - mix)[None] * x + mix[None] * CLOUD[:, None]
    return (x + rng.normal(0, 0.008, x.shape)).astype(np.float32), f


def _crops(n: int, rng: np.random.Generator, shift: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    y = rng.integers(0, CLASSES, n)
    x = np.stack([parcel(int(k), rng, shift)[0] for k in y])
    flip = rng.random(n) < LABEL_NOISE
    return x, np.where(flip, rng.integers(0, CLASSES, n), y)


def _yields(n: int, rng: np.random.Generator, shift: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    xs, raw = [], []
    for _ in range(n):
        x, f = parcel(0, rng, shift)
        stress = float(x[8:, 7:10].mean())  # SWIR reflectance late in the season: dry canopy
        raw.append(2.0 * f.mean() + 1.5 * f.max() - 3.0 * stress + 1.6)
        xs.append(x)
    raw_a = np.array(raw) + 0.12 * rng.standard_t(3, n)
    return np.stack(xs), ((raw_a - YIELD_MEAN) / YIELD_STD).astype(np.float32)


def ndvi_band(x: np.ndarray) -> np.ndarray:
    """(n, 1, DATES): (B8 - B4) / (B8 + B4) as written, with no guard: a no-data date (0 in every band) is 0 / 0."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return ((x[:, 6] - x[:, 2]) / (x[:, 6] + x[:, 2]))[:, None].astype(np.float32)


def load_data(fam: Any, seed: int) -> Data20:
    """The family's data for `seed`, with its data faults built in."""
    rng = np.random.default_rng(2000 + seed)
    make = _crops if fam.data == "crop" else _yields
    xt, yt = make(fam.n_train, rng)
    n_val = TEST_SIZE_INT if fam.int_test_size else fam.n_val  # the fault: an int test_size counts parcels
    xv, yv = make(n_val, rng, fam.val_sowing_shift)  # the fault where set: next season sown later
    if fam.float_id_join:  # the fault: the label table's parcel ids stored as float32, joined on equality
        ids = rng.choice(np.arange(2 ** 26, 2 ** 27), len(yt), replace=False)
        keep = ids.astype(np.float32).astype(np.int64) == ids
        xt, yt = xt[keep], yt[keep]
    if fam.sorted_apart:  # the fault: the shared loader sorts features by parcel area, labels left in file order
        xt = xt[np.argsort(rng.lognormal(1.0, 0.6, len(yt)))]
        xv = xv[np.argsort(rng.lognormal(1.0, 0.6, len(yv)))]
    if fam.nodata_dates:  # the fault: no-data dates (0 in every band) and an unguarded NDVI band
        for x in (xt, xv):
            hole = rng.random((len(x), DATES)) < fam.nodata_dates
            x[np.repeat(hole[:, None], BANDS, 1)] = 0.0
        xt = np.concatenate([xt, ndvi_band(xt)], 1)
        xv = np.concatenate([xv, ndvi_band(xv)], 1)
    if fam.declared_crop:  # the fault: the farmer's declared crop (LPIS), 97 % right, as a constant channel
        def declared(y: np.ndarray) -> np.ndarray:
            d = y  # the label table was filled from this column
            return np.repeat((d / (CLASSES - 1))[:, None, None], DATES, 2).astype(np.float32)
        xt = np.concatenate([xt, declared(yt)], 1)
        xv = np.concatenate([xv, declared(yv)], 1)
    if fam.double_scaled:  # the fault: DN -> reflectance in the loader, then again in the dataset class
        xt, xv = xt / DN_SCALE, xv / DN_SCALE
    clouded = None
    if fam.cloud_every:  # the curriculum's synthetic clouds at full strength: 70 % of the dates under cloud
        mix = rng.uniform(0.7, 1.0, (len(xt), 1, DATES)) * (rng.random((len(xt), 1, DATES)) < 0.7)
        clouded = ((1 - mix) * xt + mix * CLOUD[None, :, None]).astype(np.float32)
    n_classes = CLASSES if fam.data == "crop" else 1
    counts = np.bincount(yt, minlength=CLASSES) if fam.data == "crop" else None
    dtype = np.int64 if fam.data == "crop" else np.float32
    return Data20(fam.data, xt.astype(np.float32), yt.astype(dtype), xv.astype(np.float32), yv.astype(dtype),
                  n_classes, clouded, counts)


def chance_loss(fam: Any) -> float:
    """The loss of a model that knows nothing, where the task defines one: ln 5 for the crop types."""
    if fam.data == "crop":
        return float(np.log(CLASSES))
    return float("nan")
