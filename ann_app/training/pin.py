"""Pin a run and compare (issue 17): "📌 Pin this run" keeps the settings that shape the current
run (not the view's) in the session and in the link (`pin=`, settings/pin_code.py). While the
settings differ from the pin, the loss and accuracy charts draw the pinned run's training
series too, and its small decision surface (or fit) sits by the current one at the same epoch
(`small_chart`, where the page has room for it on one screen). The pinned run is
`cached.train_run` of the pinned settings' config: it trains once.

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
from ann_app.content.training_tables import VIEW
from ann_app.settings.pin_code import URL_KEY, differences, encode, parse, shown
from ann_app.settings.setting import Ignored, Setting, values_of
from ann_app.shell import ui
from ann_app.training import links
from ann_app.training.config import config_from
from ann_core import TrainingConfig
from ann_core.formatting import number
from ann_core.run import Run

TITLE_LINES = 3  # differences named in the small chart's title; the rest are counted


@dataclass(frozen=True)
class PinLink:
    """The pin this run starts from (its link value, or None), and a link value not used."""

    code: str | None
    ignored: tuple[Ignored, ...] = ()

    @property
    def url_params(self) -> dict[str, str]:
        """What the page's link carries of the pin: nothing without one."""
        return {} if self.code is None else {URL_KEY: self.code}


@dataclass(frozen=True)
class Pinned:
    """A pinned run that differs from the current one: its config, its run, and each setting
    that differs as `label = pinned value`."""

    config: TrainingConfig
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


def run_settings(settings: Sequence[Setting]) -> tuple[Setting, ...]:
    """The settings that shape the run, which a pin keeps (not the view's)."""
    return tuple(s for s in settings if s.section != VIEW)


def _pinned(settings: Sequence[Setting], code: str, task: str) -> tuple[dict[str, Any], Any]:
    """The pinned values of `settings` and their TrainingConfig; ValueError if either is bad."""
    values = parse(settings, code)
    try:
        return values, config_from(values_of(settings, values), task)
    except ValueError as error:
        raise ValueError(f"these settings cannot train: {error}") from None


def read(page: str, settings: Sequence[Setting], task: str) -> PinLink:
    """The pin for this run. Call it before the settings rewrite the URL.

    A newly opened link decides (see `links.opened`): its `pin` pins those settings, and no
    `pin` unpins; a bad `pin` (malformed, or settings that cannot train) is reported and
    dropped. Otherwise the session's pin stays.
    """
    link, ignored = links.opened(page), ()
    if link is not None:
        st.session_state[key(page)] = None
        raw = link.get(URL_KEY)
        if raw is not None:
            ours = run_settings(settings)
            try:
                st.session_state[key(page)] = encode(ours, _pinned(ours, raw, task)[0])
            except ValueError as error:
                ignored = (Ignored(URL_KEY, links.quoted(raw), str(error), "(no pin)"),)
    return PinLink(st.session_state.get(key(page)), ignored)


def controls(
    page: str,
    settings: Sequence[Setting],
    values: Any,
    config: TrainingConfig,
    csv: bytes | None,
) -> Pinned | None:
    """ "📌 Pin this run" and "Unpin", and a line on what the pin compares; the pinned run when
    the current one differs from it (on built-in data), else None."""
    ours = run_settings(settings)
    current = {s.name: getattr(values, s.name) for s in ours}
    code, pinned_code = encode(ours, current), st.session_state.get(key(page))
    pin, unpin, note = st.columns([2, 1, 5], vertical_alignment="center")
    pin.button(
        "📌 Pin this run",
        key=f"{page}.pin.button",
        on_click=_set,
        args=(page, code),
        disabled=csv is not None or code == pinned_code,
        help="Keep this run's settings (in the link too), then change any setting: the loss "
        "and accuracy charts and a small surface beside the big one compare the two runs.",
        width="stretch",
    )
    unpin.button(
        "Unpin",
        key=f"{page}.pin.unpin",
        on_click=_set,
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
    pinned_values, pinned_config = _pinned(ours, pinned_code, config.task)
    if pinned_config == config:
        note.caption("📌 The current run is the pinned one: change a setting to compare.")
        return None
    differs = tuple(
        shown(s, pinned_values[s.name]) for s in differences(ours, pinned_values, current)
    )
    note.caption("📌 Compared with the pinned run: " + "; ".join(differs) + ".")
    return Pinned(pinned_config, cached.train_run(pinned_config), differs)


def _set(page: str, code: str | None) -> None:
    st.session_state[key(page)] = code


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
    """The pinned run's small surface (in half the column: under the current surface, where
    the taller loss and accuracy column leaves room) or fit (across the column), at `epoch`
    clamped to the pinned run's last (a diverged run stops early, a shorter one ends sooner);
    nothing without a comparison."""
    if compare is None:
        return
    shown_epoch = min(epoch, compare.run.epochs)
    title = compare.title(shown_epoch)
    points = training_frames.points_frame(compare.run)
    if compare.config.task == "classification":
        out = cached.surface(compare.config, None, shown_epoch)
        figure = training_plots.pinned_surface_chart(
            training_frames.cells_frame(out.points, out.outputs),
            points,
            cached.classifier_square(compare.config),
            title,
            discrete,
        )
        place, words = st.columns(2, vertical_alignment="center")
    else:
        line = cached.curve(compare.config, None, shown_epoch)
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
        f"{number(run.loss[epoch - 1] / len(run.y), 4)}."
    )
