"""Live integrations: a framework-free recorder (recorder.py), PyTorch probes (probes.py) and thin adapters.

Nothing here imports a framework at import time; each adapter imports its own framework when used.
"""
