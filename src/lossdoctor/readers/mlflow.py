"""TODO reader: mlflow."""
from __future__ import annotations

from pathlib import Path

from ..errors import ReadError
from ..model import Run


class MlflowReader:
    name = "mlflow"

    def can_read(self, path: Path) -> bool:
        return False

    def read(self, path: Path) -> list[Run]:
        raise ReadError(path, "not implemented")


def read_tracking_uri(uri: str) -> list[Run]:
    """Every run of a remote MLflow tracking server, through MLflow's own client (the `mlflow` extra)."""
    raise ReadError(uri, "remote MLflow tracking URIs are not supported yet")
