"""Restarts: the same settings trained from many seeds, to see how often a network learns."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TypeVar

import numpy as np

from . import _kernel
from .config import TrainingConfig
from .training import train, uses_kernel

#: Restarts wait at most this long (s) for a warm-up compiling the kernel.
WAIT_FOR_KERNEL = 60.0


@dataclass(frozen=True)
class Restarts:
    """The same configuration trained from seeds seed, seed + 1, ...: each run's final state.

    Accuracy arrays are None for regression; a diverged run keeps its values from before it
    diverged (a final loss of nan if it diverged in epoch 1).
    """

    seeds: np.ndarray
    final_loss: np.ndarray
    final_accuracy: np.ndarray | None
    final_test_loss: np.ndarray | None
    diverged: np.ndarray


Row = TypeVar("Row")


def over_seeds(work: Callable[[int], Row], seeds: Sequence[int], engine: str) -> list[Row]:
    """`work(seed)` for each of `seeds`, in their order, in threads that share the compiled
    kernel (one thread on the NumPy engine); a kernel still compiling is waited for first."""
    if engine == "auto" and _kernel.is_warming():  # bulk work: seconds of compiling beat
        _kernel.wait_until_ready(WAIT_FOR_KERNEL)  # minutes of NumPy
    workers = min(os.cpu_count() or 1, 4) if uses_kernel(engine) else 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(work, (int(seed) for seed in seeds)))


def restarts(config: TrainingConfig, n_restarts: int, engine: str = "auto") -> Restarts:
    """Train `config` from n_restarts consecutive seeds (threads share the compiled kernel)."""
    if not 1 <= int(n_restarts) <= 1000:
        raise ValueError(f"n_restarts must be in [1, 1000], got {n_restarts}")
    seeds = config.seed + np.arange(int(n_restarts))

    def final_state(seed: int) -> tuple[float, float, float, bool]:
        run = train(replace(config, seed=int(seed)), engine=engine)
        last = [run.epochs]  # only the final epoch is measured: restarts must be quick
        accuracy = run.accuracy_after(last)
        test_loss = run.test_loss_after(last)
        return (
            run.final_loss,
            np.nan if accuracy is None else float(accuracy[0]),
            np.nan if test_loss is None else float(test_loss[0]),
            run.diverged,
        )

    rows = over_seeds(final_state, seeds, engine)
    loss, accuracy, test_loss, diverged = (np.array(column) for column in zip(*rows, strict=True))
    return Restarts(
        seeds=seeds,
        final_loss=loss,
        final_accuracy=None if config.task != "classification" else accuracy,
        final_test_loss=None if config.test_fraction == 0 else test_loss,
        diverged=diverged.astype(bool),
    )
