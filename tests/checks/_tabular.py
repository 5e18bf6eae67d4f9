"""The scaled training split of scikit-learn's bundled wine and breast_cancer sets, shared by the model checks' tests."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
from sklearn.datasets import load_breast_cancer, load_wine
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler


def scaled_train_split(loader: Callable[..., Any]) -> tuple[np.ndarray, np.ndarray]:
    """70% of the rows (stratified, seed 0), standardised: what a careful user feeds the model."""
    x, y = loader(return_X_y=True)
    xtr, _, ytr, _ = train_test_split(x, y, test_size=0.3, random_state=0, stratify=y)
    return StandardScaler().fit_transform(xtr), ytr


WINE = scaled_train_split(load_wine)
CANCER = scaled_train_split(load_breast_cancer)
