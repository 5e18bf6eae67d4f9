"""Live diagnosis for Lightning 2: `Trainer(callbacks=[lossdoctor.lightning.DoctorCallback()])`.

Importing this module imports Lightning (install with `pip install lossdoctor[lightning]`).
"""
from .integrations.lightning import DoctorCallback

__all__ = ["DoctorCallback"]
