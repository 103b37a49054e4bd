"""Pin a run and compare (issue 17): "📌 Pin this run" keeps the run on screen, the settings
that shape it (not the view's) and its history (segments and edits), in the session and in the
link (`pin=`, content/pin_code.py). While the current run differs from the pin, the loss and
accuracy charts draw the pinned run's training series too, and its small decision surface (or
fit) sits by the current one at the same epoch (`small_chart`, where the page has room for it
on one screen). The pinned run is `cached.train_run` of the pinned settings' config and stages:
it trains once.

Only runs on the built-in data sets are pinned: an uploaded file or a drawing is not in the
pin, so the page says so and compares nothing while the current run uses one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from ann_app import cached
from ann_app.charts import training_frames, training_plots
from ann_app.content.history import Continuation
from ann_app.content.pin_code import Pin, differences, encode_pin, parse_pin, shown
from ann_app.settings.setting import Setting, values_of
from ann_app.shell import ui
from ann_app.training.config import config_from, run_settings
from ann_app.training.continuation import stages
from ann_core import TrainingConfig
from ann_core.continuation import Stage
from ann_core.formatting import number
from ann_core.run import Run

TITLE_LINES = 3  # differences named in the small chart's title; the rest are counted


@dataclass(frozen=True)
class Pinned:
    """A pinned run that differs from the current one: its config and history's stages, its
    run, and each difference as `label = pinned value` (or the history's)."""

    config: TrainingConfig
    stages: tuple[Stage, ...]
    run: Run
    differs: tuple[str, ...]

    def title(self, epoch: int) -> list[str]:
        """The small chart's title lines: the pinned run, the epoch shown, what differs."""
        named = list(self.differs[:TITLE_LINES])
        if len(self.differs) > TITLE_LINES:
            named.append(f"and {len(self.differs) - TITLE_LINES} more")
        return [f"pinned run, epoch {epoch}", *named]


def key(page: str) -> str:
    """The session-state key of `page`'s pin (its link value, or None)."""
    return f"{page}.pin"


def _pinned(settings: Sequence[Setting], code: str, task: str) -> tuple[Pin, Any, tuple]:
    """The pin `code` holds, its TrainingConfig and its history's stages; ValueError if any is
    bad."""
    ours = run_settings(settings)
    pin = parse_pin(ours, code)
    try:
        values = values_of(ours, pin.values)
        return pin, config_from(values, task), stages(values, pin.history, task)
    except ValueError as error:
        raise ValueError(f"these settings cannot train: {error}") from None


def checked(settings: Sequence[Setting], task: str, raw: str) -> str:
    """A link's pin, written as this app writes it, if it can train; else a ValueError saying
    why (malformed, or settings that cannot train)."""
    pin, _, _ = _pinned(settings, raw, task)
    return encode_pin(run_settings(settings), pin)


def load(page: str, code: str | None) -> None:
    """Put a link's pin into the session (None: no pin)."""
    st.session_state[key(page)] = code


def code_of(page: str) -> str | None:
    """The page's pin in this session (its link value), or None."""
    return st.session_state.get(key(page))


def controls(
    page: str,
    settings: Sequence[Setting],
    values: Any,
    history: tuple[Continuation, ...],
    config: TrainingConfig,
    csv: bytes | None,
) -> Pinned | None:
    """ "📌 Pin this run" and "Unpin", and a line on what the pin compares; the pinned run when
    the current one (its settings and `history`) differs from it (on built-in data), else
    None."""
    ours = run_settings(settings)
    current = {s.name: getattr(values, s.name) for s in ours}
    code, pinned_code = encode_pin(ours, Pin(current, history)), code_of(page)
    pin, unpin, note = st.columns([2, 1, 5], vertical_alignment="center")
    pin.button(
        "📌 Pin this run",
        key=f"{page}.pin.button",
        on_click=load,
        args=(page, code),
        disabled=csv is not None or code == pinned_code,
        help="Keep this run, its settings and any continued training or edited weights (in "
        "the link too), then change any setting: the loss and accuracy charts and a small "
        "surface beside the big one compare the two runs.",
        width="stretch",
    )
    unpin.button(
        "Unpin",
        key=f"{page}.pin.unpin",
        on_click=load,
        args=(page, None),
        disabled=pinned_code is None,
        width="stretch",
    )
    if csv is not None:
        note.caption(
            "Only runs on the built-in data sets can be pinned: this one uses your file or "
            "drawing" + (", so the pinned run is not compared." if pinned_code else ".")
        )
        return None
    if pinned_code is None:
        note.caption("Pin this run, then change any setting to compare the two runs.")
        return None
    pinned, pinned_config, pinned_stages = _pinned(settings, pinned_code, config.task)
    if (pinned_config, pinned_stages) == (config, stages(values, history, config.task)):
        note.caption("📌 The current run is the pinned one: change a setting to compare.")
        return None
    differs = tuple(
        shown(s, pinned.values[s.name]) for s in differences(ours, pinned.values, current)
    )
    if pinned.history != history:
        differs += (_history_words(pinned.history),)
    note.caption("📌 Compared with the pinned run: " + "; ".join(differs) + ".")
    run = cached.train_run(pinned_config, None, pinned_stages)
    return Pinned(pinned_config, pinned_stages, run, differs)


def _history_words(history: tuple[Continuation, ...]) -> str:
    """How the small chart and the note name a pinned history."""
    if not history:
        return "not continued"
    count = len(history)
    return f"continued in {count} segment{'s' if count > 1 else ''} to epoch {history[-1].end}"


def losses(compare: Pinned | None) -> pd.DataFrame | None:
    """The pinned run's training loss for the loss chart (`loss_chart`'s `pinned`), or None."""
    if compare is None:
        return None
    return training_frames.pinned_frame(training_frames.loss_frame(compare.run))


def accuracy(compare: Pinned | None) -> pd.DataFrame | None:
    """The pinned run's training accuracy for the accuracy chart, or None."""
    if compare is None:
        return None
    return training_frames.pinned_frame(training_frames.accuracy_frame(compare.run))


def small_chart(compare: Pinned | None, epoch: int, discrete: bool = False) -> None:
    """The pinned run's small surface over two inputs (in half the column: under the current
    surface, where the taller loss and accuracy column leaves room) or fit (across the
    column), at `epoch` clamped to the pinned run's last (a diverged run stops early, a shorter
    one ends sooner); nothing without a comparison."""
    if compare is None:
        return
    shown_epoch = min(epoch, compare.run.epochs)
    title = compare.title(shown_epoch)
    points = training_frames.points_frame(compare.run)
    if compare.config.n_inputs == 2:  # a classifier, or a regression over (x₁, x₂)
        out = cached.surface(compare.config, None, shown_epoch, stages=compare.stages)
        regression = compare.config.task == "regression"
        figure = training_plots.pinned_surface_chart(
            training_frames.cells_frame(out.points, out.outputs),
            points,
            cached.input_square(compare.config),
            title,
            discrete,
            training_frames.target_extent(compare.run) if regression else None,
        )
        place, words = st.columns(2, vertical_alignment="center")
    else:
        line = cached.curve(compare.config, None, shown_epoch, compare.stages)
        frame = training_frames.curve_frame(line.points[:, 0], line.outputs)
        figure = training_plots.pinned_fit_chart(frame, points, title)
        place = words = st.container()
    with place:
        ui.chart(figure)
    words.caption(sentence(compare.run, shown_epoch))


def sentence(run: Run, epoch: int) -> str:
    """What the pinned run reached at `epoch`: its training accuracy (classification) or its
    training loss per sample (regression), as the page's own caption says them."""
    if run.accuracy is not None:
        accuracy = run.accuracy[epoch]
        return f"📌 After epoch {epoch}, the pinned run's training accuracy is {accuracy:.1%}."
    if not epoch:
        return "📌 The pinned run at epoch 0: its initial random weights."
    return (
        f"📌 After epoch {epoch}, the pinned run's training loss per sample is "
        f"{number(run.mean_loss[epoch - 1])}."
    )
