"""The parts every training page shares, in the order the page shows them.

`setup` reads a newly opened link into the page's state (state.py), draws the sidebar
controls, the row of presets, a place for the page's main view (`Setup.main`: the scrubber
and its charts, so that they fit one screen under the presets), then the upload (and, on the
Classification page, the switch to draw the data: drawing.py) below it and the pin (pin.py),
and returns the trained run for the current settings, continued by the page's history
(history_view.py), and the pinned run to compare it with; `Setup.publish` writes the page's
link from its state, once a run (the scrubber calls it). `findings` explains in plain words a
run that diverged, stalled, saturated or overfitted (from `ann_core.diagnosis`).

A preset sets and matches the settings that shape the run (the data, the network, training),
never the view's. Choosing one writes its values into the widgets' session state in an
on_change callback, before the widgets are drawn; the picker itself is never written (see
`preset_key`). While the page trains on your own file or drawing, no preset matches and the
data set's controls say they are not used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, NoReturn

import pandas as pd
import streamlit as st

from ann_app.charts import training_plots
from ann_app.content.training_tables import Preset
from ann_app.settings.setting import Setting, check_value
from ann_app.settings.widgets import draw_settings, hidden_of, warn_ignored, widget_key
from ann_app.shell import ui
from ann_app.shell.shown_keys import shown_key
from ann_app.training import drawing, history_view, pin, state
from ann_app.training.config import config_from, matching_preset, preset_values, run_settings
from ann_app.training.upload import data_upload
from ann_core import TrainingConfig
from ann_core.continuation import Stage
from ann_core.diagnosis import diagnose, headline
from ann_core.run import Run

OWN_SETTINGS = "your own settings"  # the preset picker's entry when no preset matches
#: The preset picker's and its note's shares of the row: the note, beside the picker that names
#: the preset, shows whole in at most four lines at 1280 x 800 (test_layout measures it).
PRESET_ROW = (2, 5)
ICONS = {
    "diverged": "💥",
    "stalled": "🐌",
    "saturated": "🧊",
    "base_rate": "🎲",
    "overfitting": "📈",
}
#: In place of the loss chart when training diverged in its first epoch: no epoch to draw.
NO_EPOCH = "No epoch finished: training diverged in its first, so there is no loss to draw."
#: The settings that make the built-in data, which your own file or drawing replaces.
DATA_SETTINGS = ("data", "n", "noise")


@dataclass(frozen=True)
class Setup:
    """What a training page works with: its state, the config, uploaded bytes, the run."""

    state: state.PageState  # the settings' typed record, the drawing, the pin, the history
    settings: tuple[Setting, ...]
    page: str
    config: TrainingConfig
    csv: bytes | None
    run: Run  # continued by the history's segments, if any
    drawing: bool = False  # the data are drawn on the surface (its chart takes clicks)
    compare: pin.Pinned | None = None  # the pinned run, when it differs from this one
    history: history_view.History | None = None  # continue training, edit weights
    main: Any = None  # the container under the presets for the page's main view

    @property
    def values(self) -> Any:
        """The settings' typed record."""
        return self.state.values

    @property
    def stages(self) -> tuple[Stage, ...]:
        """The history's stages, for the cached calls that draw the run (cached.py)."""
        return self.history.stages if self.history is not None else ()

    @property
    def run_id(self) -> str:
        """A name for the run drawn (its settings, data and history): Play stops on another."""
        return f"{self.page}-{hash((self.config, self.csv, self.stages)):x}"

    def headline(self, epoch: int) -> None:
        """The one finding that matters at `epoch`, in a line (see `finding_line`)."""
        finding_line(self.run, epoch)

    def publish(self, epoch: int | None) -> None:
        """Write the page's link: its state at `epoch` (None: the run's last)."""
        state.write(self.page, self.settings, self.config.task, replace(self.state, epoch=epoch))


def setup(
    task: str,
    page: str,
    settings: Sequence[Setting],
    presets: Sequence[Preset],
    can_draw: bool = False,
    unused_with: Callable[[str], Mapping[str, str]] | None = None,
) -> Setup:
    """Controls, presets and upload (with `can_draw`, or drawn points); the (cached) run.
    `unused_with(data)` names the settings the built-in data set `data` does not use, each
    with why: greyed out, with the reason as their help.

    Stops the page on an invalid setting, and when drawn points cannot train yet (showing
    the square to draw on instead); its link is written first.
    """
    settings = tuple(settings)
    ignored = state.load(page, settings, task, can_draw)
    warn_ignored(ignored)
    row, main = st.container(), st.container()  # the presets' row is filled once data are known
    with st.expander(f"Your own data (CSV upload{' or drawing' if can_draw else ''})", icon="📄"):
        drawn = drawing.current(page) if can_draw else None
        drawn_on = drawn is not None and drawing.switch(page)
        csv = drawn.csv if drawn_on else data_upload(task, page)
    own = "your drawing" if drawn_on else ("your file" if csv is not None else None)
    why = f"Not used: the page trains on {own}." if own else None
    disabled = dict.fromkeys(DATA_SETTINGS, why) if why else {}
    if unused_with is not None and not own:
        disabled |= unused_with(_shown_value(page, settings, "data"))
    values = draw_settings(settings, page=page, disabled=disabled)
    page_state = state.PageState(
        values,
        points=drawn.link_points if drawn_on else None,
        pin=pin.code_of(page),
        history=history_view.segments_of(page),
        hidden=hidden_of(page),
    )
    preset = None if own else matching_preset(values, settings, presets)
    with row:
        picker, note = st.columns(PRESET_ROW, vertical_alignment="center")
        with picker:
            preset_picker(settings, page, presets, preset)
        if preset is not None and preset.note:  # whole: notes are short (NOTE_MAX_CHARS)
            note.info(preset.note, icon="📌")
        elif own:
            note.caption(f"Training on {own}: the presets use the built-in data sets.")

    def stop(message: str) -> NoReturn:
        state.write(page, settings, task, page_state)
        st.error(message, icon="🚫")
        st.stop()

    for s in settings:  # a widget can hold what a link cannot: no input feature at all
        try:
            check_value(s, getattr(values, s.name))
        except ValueError as error:
            stop(f"Set the {s.label}: {error}.")
    try:
        config = config_from(values, task, custom=csv is not None)
    except ValueError as error:
        stop(f"These settings cannot train: {error}")
    if drawn_on and csv is None:
        state.write(page, settings, task, page_state)
        drawing.canvas(page, drawn, main)  # fewer than 2 points, or one class: no training
    history, run = history_view.resolve(page, settings, values, config, csv)
    compare = pin.controls(page, settings, values, history.segments, config, csv)
    return Setup(
        page_state,
        settings,
        page,
        config,
        csv,
        run,
        drawing=drawn_on,
        compare=compare,
        history=history,
        main=main,
    )


def _shown_value(page: str, settings: Sequence[Setting], name: str) -> Any:
    """The value the widget of setting `name` holds before the page draws it (its session
    state, else its default): what it will show."""
    setting = next(s for s in settings if s.name == name)
    return st.session_state.get(widget_key(page, setting), setting.default)


#: The finding line's colour by kind (Streamlit's Markdown colours): one line, not a box, so
#: the main chart and the loss stay on the first screen under it.
LINE_COLOURS = {"diverged": "red", "stalled": "orange", "overfitting": "orange", "learned": "green"}


def finding_line(run: Run, epoch: int) -> None:
    """The run's headline at `epoch` (`ann_core.diagnosis.headline`) in one coloured line, first
    in the page's main view."""
    finding = headline(run, epoch)
    icon = ICONS.get(finding.kind, "✅" if finding.kind == "learned" else "🎬")
    colour = LINE_COLOURS.get(finding.kind)
    st.markdown(f"{icon} :{colour}[{finding.message}]" if colour else f"{icon} {finding.message}")


def thinned_note(play: training_plots.Animation | None) -> None:
    """Under a main chart whose frames are thinned (a long run): which epochs it holds, so that
    a scrub between two is not taken for that epoch's picture."""
    if play is not None and play.stride > 1:
        st.caption(
            f"This long run's chart keeps one frame every {play.stride} epochs, and the last: "
            "between two it shows the earlier. The finding, the captions and the loss are "
            "every epoch's."
        )


def loss_panel(
    run: Run,
    losses: pd.DataFrame,
    epoch: int,
    compare: pin.Pinned | None,
    play: training_plots.Animation | None,
    marks: pd.DataFrame,
    height: int,
) -> None:
    """The loss chart at `epoch` (with the pinned run's, Play's animation and the history's
    marks), `height` px high; NO_EPOCH in its place when training diverged in its first epoch."""
    if not run.epochs:
        st.info(NO_EPOCH, icon="💥")
        return
    chart = training_plots.loss_chart(losses, epoch, pin.losses(compare), play, height)
    ui.chart(training_plots.with_marks(chart, marks))


def findings(run: Run) -> None:
    """Each diagnosis as its own box: an error for divergence, a warning or a note otherwise."""
    for finding in diagnose(run):
        icon = ICONS.get(finding.kind, "ℹ️")
        if finding.kind == "diverged":
            st.error(finding.message, icon=icon)
        elif finding.kind in ("stalled", "saturated", "base_rate"):
            st.warning(finding.message, icon=icon)
        else:
            st.info(finding.message, icon=icon)


def apply_preset(settings: Sequence[Setting], page: str, preset: Preset) -> None:
    """Set every widget of the run's settings to its value under the preset (see
    `preset_values`); the view's settings keep theirs.

    Meant as an on_click callback: it runs before the widgets are drawn on the next run.
    """
    ours = run_settings(settings)
    values = preset_values(ours, preset)
    for s in ours:
        st.session_state[widget_key(page, s)] = values[s.name]


def preset_key(page: str, shown: str) -> str:
    """Session-state key of the page's preset picker while it shows `shown` (a preset's label or
    OWN_SETTINGS): one widget per shown value, see `shown_keys`."""
    return shown_key(f"{page}.preset", shown)


def _chosen(settings: Sequence[Setting], page: str, presets: Sequence[Preset], key: str) -> None:
    by_label = {preset.label: preset for preset in presets}
    chosen = by_label.get(st.session_state.get(key))
    if chosen is not None:
        apply_preset(settings, page, chosen)


def preset_picker(
    settings: Sequence[Setting], page: str, presets: Sequence[Preset], current: Preset | None
) -> None:
    """One row: a select box of the presets showing the one the widgets match now (or
    OWN_SETTINGS); choosing one applies it (see `apply_preset`)."""
    labels = [OWN_SETTINGS, *(preset.label for preset in presets)]
    shown = current.label if current is not None else OWN_SETTINGS
    key = preset_key(page, shown)
    st.selectbox(
        "Start from a preset (sets the data, network and training)",
        labels,
        index=labels.index(shown),
        key=key,
        on_change=_chosen,
        args=(tuple(settings), page, tuple(presets), key),
    )
