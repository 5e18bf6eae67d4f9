"""Live diagnosis for the Hugging Face Trainer: `Trainer(..., callbacks=[lossdoctor.hf.DoctorCallback()])`.

Importing this module imports transformers (install with `pip install lossdoctor[hf]`).
"""
from .integrations.hf import DoctorCallback

__all__ = ["DoctorCallback"]
