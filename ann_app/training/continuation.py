"""From a page's history (content/history.py) to what the engine continues a run with, and the
continuing itself: pure (no Streamlit), so cached.py and the tests share one rule.

Each segment becomes a `Step`: its start, the TrainingConfig it trains with (the sidebar's
settings changed by it and every segment before it, ending at start + epochs) and its edits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import ann_core
from ann_app.content.history import Segment, values_at
from ann_app.training.config import config_from
from ann_core import TrainingConfig
from ann_core.run import Run


@dataclass(frozen=True)
class Step:
    """One segment as the engine takes it: from epoch `start`, the parameters set at `edits`
    (index, value), trained with `config` up to config.epochs."""

    start: int
    config: TrainingConfig
    edits: tuple[tuple[int, float], ...] = ()


def steps(
    values: Any, history: Sequence[Segment], task: str, custom: bool = False
) -> tuple[Step, ...]:
    """The steps of `history` after the run the sidebar's `values` describe; a ValueError (the
    engine's message) when a segment's settings cannot train together."""
    result = []
    for index, part in enumerate(history):
        config = config_from(values_at(values, history, index), task, custom)
        result.append(Step(part.start, replace(config, epochs=part.end), part.edits))
    return tuple(result)


def continued(run: Run, step: Step) -> Run:
    """`run` continued by `step` (`ann_core.continue_run`, looked up at call time)."""
    parameters = None
    if step.edits:
        parameters = run.history[run.epoch_index(step.start)].copy()
        for index, value in step.edits:
            parameters[index] = value
    return ann_core.continue_run(run, step.start, step.config, parameters=parameters)


def edited(run: Run, epoch: int, edits: dict[int, float]) -> Step:
    """The step that sets `edits` at `epoch` of `run` and trains no further, with the settings
    that trained that epoch: what a pending edit in the weights table shows."""
    config = next(s.config for s in reversed(run.segments) if s.start < epoch or s.start == 0)
    return Step(epoch, replace(config, epochs=epoch), tuple(sorted(edits.items())))
