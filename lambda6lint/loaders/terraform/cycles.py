"""Freeing what the Terraform loaders leave in reference cycles, while a run pauses the collector.

A run pauses the cyclic collector (engine.py): a collection would scan everything the run keeps.
python-hcl2's trees are cyclic (each rule points at its parent) and so is a module's evaluation
(modules point at their parent and loader, the evaluator at them): without this, 400 small root
modules kept 380 MB to the end of the run. A collection of the young generations only scans what
was made since the last one, so a run scans each object a few times at most.
"""

from __future__ import annotations


def free_cycles(generation: int) -> None:
    """Collect generations up to `generation` when the collector is paused (else it runs on its own)."""
    import gc

    if not gc.isenabled():
        gc.collect(generation)
