"""From a page's history (content/history.py) to what the engine continues a run with: each
continuation becomes an `ann_core.continuation.Stage`, its start, the TrainingConfig it trains
with (the sidebar's settings changed by it and every one before it, ending at start + epochs)
and its edits. Pure (no Streamlit), so the pages, the pin and the tests share one rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ann_app.content.history import Continuation, values_at
from ann_app.training.config import config_from
from ann_core.continuation import Stage
from ann_core.run import Run


def stages(
    values: Any, history: Sequence[Continuation], task: str, custom: bool = False
) -> tuple[Stage, ...]:
    """The stages of `history` after the run the sidebar's `values` describe; a ValueError (the
    engine's message) when a continuation's settings cannot train together."""
    result = []
    for index, part in enumerate(history):
        config = config_from(values_at(values, history, index), task, custom)
        result.append(Stage(part.start, replace(config, epochs=part.end), part.edits))
    return tuple(result)


def edited(run: Run, epoch: int, edits: dict[int, float]) -> Stage:
    """The stage that sets `edits` at `epoch` of `run` and trains no further, with the settings
    that trained that epoch: what a pending edit in the weights table shows."""
    config = run.segments[int(run.segment_of([epoch])[0])].config
    return Stage(epoch, replace(config, epochs=epoch), tuple(sorted(edits.items())))
