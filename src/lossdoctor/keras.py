"""Live diagnosis for Keras 3: `model.fit(..., callbacks=[lossdoctor.keras.DoctorCallback()])`.

Importing this module imports Keras (install with `pip install lossdoctor[keras]`).
"""
from .integrations.keras import DoctorCallback

__all__ = ["DoctorCallback"]
