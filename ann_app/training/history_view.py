"""Continue training and edit the weights, on a training page: the history of segments
(content/history.py) in session state and in the link (`hist=`), the run it makes, and the
controls under the charts that add to it.

The sidebar's settings describe the first segment (the base run); each segment goes on from an
epoch with some training settings changed and some parameters edited. A link that is opened
decides the history (state.py reads it, `load` puts it in the session); changing the network
or the data in the sidebar clears it. A change in the weights table (or of the parameter picked on
the small picture of the network above it, weight_picker.py) is shown at once, from the edited
parameters without training (a step of 0 epochs, continuation.edited); "Continue training"
adds it, with the epochs to train, to the history.

The learning rate of the form starts at the rate in force at the selected epoch (the annealed
rate, ann_core.continuation.rate_at: 2 × 0.95⁵⁰ ≈ 0.154 at epoch 50 of the post's runs), not at
the learning_rate the schedule started from, so that a "lower" rate typed in is lower than the
one the run would go on with; a caption names both. Left as it started, the field is recorded
as no change at all: the new segment keeps its learning_rate, and the engine goes on with the
schedule, the very multiplications of the run that was not stopped (continuing from epoch 50 is
the straight 100-epoch run to the bit). Writing the rate in force into the segment instead
(``lr:0.1538899506``) would lengthen the link, and would not hold to the bit: the link keeps
10 digits, so the run a reopened link gives would differ from the session's in its last bits,
and a rate annealed below the field's lowest (0.00001) could not be written at all. So the link
stays as short as it was (``50,50``), and a segment holds ``lr:`` only when the student typed a
new rate (not the segment's own learning_rate either, which the engine reads as no change).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NoReturn

import streamlit as st

from ann_app import cached
from ann_app.charts.training_frames import edits_of, parameters_frame
from ann_app.content.history import (
    CHANGEABLE,
    MAX_EDIT,
    MAX_EPOCHS,
    URL_KEY,
    Continuation,
    appended,
    check,
    check_sizes,
    encode,
    label,
    segment,
    values_at,
)
from ann_app.content.labels import SUPERSCRIPTS
from ann_app.settings.link import quoted
from ann_app.settings.setting import Ignored, Setting
from ann_app.settings.widgets import draw_widget, warn_ignored
from ann_app.training import weight_picker
from ann_app.training.continuation import edited, stages
from ann_app.training.scrubber import epoch_key
from ann_core import TrainingConfig
from ann_core.config import network_and_data_changes
from ann_core.continuation import Stage, rate_at
from ann_core.features import feature_labels
from ann_core.formatting import rate_text
from ann_core.network import n_parameters
from ann_core.run import Run, stretch_of


@dataclass(frozen=True)
class History:
    """The page's history for this run: its segments, the engine's stages, and each segment's
    (start, what it changed) for the charts."""

    settings: tuple[Setting, ...]
    values: Any
    task: str
    custom: bool
    segments: tuple[Continuation, ...] = ()
    stages: tuple[Stage, ...] = ()
    marks: tuple[tuple[int, str], ...] = field(default=())


@dataclass(frozen=True)
class Shown:
    """What the charts at the selected epoch draw: the stages to pass to the cached calls (the
    history's, and a pending edit's), their run, and whether an edit is pending."""

    stages: tuple[Stage, ...]
    run: Run
    edited: bool = False


def key(page: str, part: str) -> str:
    """The session-state key of one part of `page`'s history (segments, url, base...)."""
    return f"{page}.history.{part}"


def segments_of(page: str) -> tuple[Continuation, ...]:
    """The page's history in this session."""
    return tuple(st.session_state.get(key(page, "segments"), ()))


def load(page: str, segments: tuple[Continuation, ...]) -> None:
    """Put a link's history into the session (the link's settings are its base run)."""
    st.session_state[key(page, "segments")] = segments
    st.session_state[key(page, "undo_stack")] = []
    st.session_state[key(page, "from_link")] = bool(segments)
    st.session_state.pop(key(page, "base"), None)


def _ignored(raw: str, reason: str) -> Ignored:
    return Ignored(URL_KEY, quoted(raw), reason, "(no history)")


def resolve(
    page: str,
    settings: Sequence[Setting],
    values: Any,
    config: TrainingConfig,
    csv: bytes | None,
) -> tuple[History, Run]:
    """The history and the run it makes after the run the sidebar describes. Clears the
    history, and reruns the page without it, when the network or the data changed since it
    was made, or when it cannot continue this run (the reason then shown)."""
    segments = segments_of(page)
    from_link = st.session_state.pop(key(page, "from_link"), False)
    if (select := st.session_state.pop(key(page, "select"), None)) is not None:
        st.session_state[epoch_key(page)] = select  # a new segment's last epoch
    digest = None if csv is None else hashlib.sha256(csv).hexdigest()
    before = st.session_state.get(key(page, "base"))
    st.session_state[key(page, "base")] = (config, digest)
    history = History(tuple(settings), values, config.task, csv is not None)
    if note := st.session_state.pop(key(page, "note"), None):
        if isinstance(note, Ignored):
            warn_ignored((note,))
        else:
            st.caption(f"🧹 {note}")
    if not segments:
        return history, cached.train_run(config, csv)
    if before is not None and (
        (changes := network_and_data_changes(before[0], config)) or before[1] != digest
    ):
        what = "; ".join(changes) if changes else "the data changed"
        _clear(page, f"The training history was cleared: the network or data changed ({what}).")
    try:
        base = cached.train_run(config, csv)
        check_sizes(segments, n_parameters(config.sizes), base.epochs)
        made = stages(values, segments, config.task, csv is not None)
        run = cached.train_run(config, csv, made)
    except ValueError as error:
        if from_link:  # a link's history that cannot continue its run: report the link value
            _clear(page, _ignored(encode(segments, settings), str(error)))
        _clear(page, f"The training history was cleared: it cannot continue this run ({error}).")
    marks = tuple(
        (
            part.start,
            label(
                values_at(values, segments, i - 1) if i else values,
                part,
                settings,
                rate_at(run, min(part.start, run.epochs)),
            ),
        )
        for i, part in enumerate(segments)
    )
    return History(
        tuple(settings), values, config.task, csv is not None, segments, made, marks
    ), run


def _clear(page: str, note: str | Ignored) -> NoReturn:
    """Empty the history, keep `note` to show, and rerun the page (its link then without it)."""
    st.session_state[key(page, "segments")] = ()
    st.session_state[key(page, "note")] = note
    st.rerun()


# ---- the controls inside the scrubber's fragment -----------------------------------------------


def controls(
    page: str, history: History, config: TrainingConfig, csv: bytes | None, epoch: int
) -> Shown:
    """ "Continue training" from `epoch`, Undo and Clear, and the weights table at `epoch`;
    returns what the charts draw (with a pending edit, if the table holds one)."""
    run = cached.train_run(config, csv, history.stages)
    index = int(stretch_of([part.start for part in history.segments], [epoch])[0])
    current = values_at(history.values, history.segments, index) if index >= 0 else history.values
    shown = Shown(history.stages, run)
    # Drawn only when open: closed, its table, picture and form would still be sent and laid
    # out (hidden) on every visit and rerun, the heaviest part of a training page's first paint.
    box = st.expander(
        "Continue training, or edit the weights",
        icon="⏭️",
        key=open_key(page),
        on_change="rerun",
    )
    if box.open:
        with box:
            shown = _edit_and_continue(page, history, config, csv, epoch, run, current, shown)
    elif box.open:
        box.caption("Pause to continue the training or edit the weights.")
    else:
        st.session_state.pop(key(page, "continue.source"), None)  # refill the form on open
    if history.segments:
        _history_buttons(page, history)
    return shown


def _edit_and_continue(
    page: str,
    history: History,
    config: TrainingConfig,
    csv: bytes | None,
    epoch: int,
    run: Run,
    current: Any,
    shown: Shown,
) -> Shown:
    """The open expander: the weights at `epoch` to edit, and the form that continues; what the
    charts draw (with the pending edits, if any)."""
    edits = _weights_table(page, history, run, epoch)
    if edits:
        stage = edited(run, epoch, edits)
        stages_ = (*history.stages, stage)
        shown = Shown(stages_, cached.train_run(config, csv, stages_), edited=True)
    _continue_group(page, history, run, current, epoch, edits)
    return shown


def open_key(page: str) -> str:
    """The session-state key of the expander's open state (True: open)."""
    return key(page, "open")


def _weights_table(page: str, history: History, run: Run, epoch: int) -> dict[int, float]:
    """The weights and biases after `epoch`: a picture of the network to pick one from
    (weight_picker.py) and an editable table of them all; the edits (index: value)."""
    st.markdown(f"**Edit the weights at epoch {epoch}**")
    if epoch == 0:
        st.caption("Move the epoch past 0 to edit the weights (the initial ones train as drawn).")
        return {}
    frame = parameters_frame(run.sizes, feature_labels(run.config.features), run.history[epoch])
    table_key = editor_key(page, history, epoch)
    picked = weight_picker.picker(page, run, epoch, frame, table_key)
    table = st.data_editor(
        frame,
        key=table_key,
        hide_index=True,
        disabled=("p", "layer", "from", "to"),
        column_config={
            "p": st.column_config.NumberColumn("p", help="Its index in the link (p3: 3)"),
            "value": st.column_config.NumberColumn(
                "value", min_value=-MAX_EDIT, max_value=MAX_EDIT, format="%.4f"
            ),
        },
        height=240,
    )
    edits = edits_of(frame, table)
    # The picked parameter's number input shows its value at this epoch, not the table's edit
    # of it: when both changed that p, the number input's change (the later one to show) wins.
    edits.update(picked)
    if edits:
        st.caption(
            f"{len(edits)} edited: the charts show the network with them, untrained. "
            "Continue training to keep them."
        )
    return edits


def editor_key(page: str, history: History, epoch: int) -> str:
    """The weights table's key: a fresh table (no edits) at each epoch of each history."""
    text = "~".join(f"{s.start},{s.epochs},{s.changes},{s.edits}" for s in history.segments)
    return f"{page}.history.weights.{epoch}.{hashlib.sha256(text.encode()).hexdigest()[:12]}"


def _continue_group(
    page: str, history: History, run: Run, current: Any, epoch: int, edits: dict[int, float]
) -> None:
    """The epochs to add, the training settings to change (the current segment's to start
    with, the learning rate at the rate in force at `epoch`: see the module), a caption of
    the rate now and the rate these epochs start at, and the button that adds the segment."""
    source = key(page, "continue.source")
    table = {s.name: s for s in history.settings if s.name in CHANGEABLE}
    defaults = {name: getattr(current, name) for name in table}
    now = rate_at(run, epoch)
    starts = {**defaults, "lr": _field_rate(table["lr"], now)}
    lr_key, lr_start = key(page, "continue.lr"), key(page, "continue.lr_start")
    if st.session_state.get(source) != defaults:
        for name, value in starts.items():
            st.session_state[key(page, f"continue.{name}")] = value
        st.session_state[source] = defaults
    elif st.session_state.get(lr_key) == st.session_state.get(lr_start):
        st.session_state[lr_key] = starts["lr"]  # untouched: it follows the epoch's rate
    st.session_state[lr_start] = starts["lr"]
    st.markdown(f"**Continue training from epoch {epoch}**")
    more_key = key(page, "continue.epochs")
    st.session_state.setdefault(more_key, 50)
    more = st.number_input(
        "more epochs (0 keeps an edit without training)",
        min_value=0,
        max_value=_most_epochs(history.settings),
        key=more_key,
    )
    with st.popover("Training settings for these epochs", width="stretch"):
        for name, setting in table.items():
            draw_widget(setting, key(page, f"continue.{name}"))
    typed = {name: st.session_state[key(page, f"continue.{name}")] for name in table}
    st.caption(_rate_caption(run, epoch, typed, starts, defaults))
    error = key(page, "continue.error")
    if st.button(
        f"⏭️ Train {int(more)} more epochs from epoch {epoch}"
        + (" with the edits" if edits else ""),
        key=key(page, "continue.button"),
        type="primary",
        disabled=int(more) == 0 and not edits,
        on_click=_add,
        args=(page, history, epoch, starts, defaults, edits),
        width="stretch",
    ) and not st.session_state.get(error):
        st.rerun(scope="app")  # train the new segment: the whole page draws the new run
    if st.session_state.get(error):
        st.error(f"Cannot continue: {st.session_state[error]}", icon="🚫")


def _most_epochs(settings: Sequence[Setting]) -> int:
    """The epochs one continuation adds at most: as many as the sidebar's epochs allow."""
    return int(next(s.max for s in settings if s.name == "epochs"))


def _field_rate(setting: Setting, rate: float) -> float:
    """The learning-rate field's start: `rate`, within the field's bounds (a rate annealed
    below its lowest, 0.00001, starts it there; left so, the schedule still goes on)."""
    return min(max(rate, setting.min), setting.max)


def _changes(
    typed: dict[str, Any], starts: dict[str, Any], defaults: dict[str, Any]
) -> dict[str, Any]:
    """The settings a new segment records: those the student changed (`typed` is not what the
    field started at, `starts`) to another value than the segment at the epoch trained with
    (`defaults`). A learning rate typed back to that segment's own is left out: the engine
    reads it as no change (the schedule goes on), so recording it would only lengthen the link."""
    return {
        name: value
        for name, value in typed.items()
        if value != starts[name] and value != defaults[name]
    }


def _rate_caption(
    run: Run,
    epoch: int,
    typed: dict[str, Any],
    starts: dict[str, Any],
    defaults: dict[str, Any],
) -> str:
    """The rate in force after `epoch` and how it came about, and the rate the new epochs start
    at with the form's values `typed` (what `_changes` records, by the engine's rule,
    ann_core.continuation.rate_at) and their annealing."""
    now, trained = rate_at(run, epoch), defaults["lr"]
    changes = _changes(typed, starts, defaults)
    text = f"⏱️ Rate now {rate_text(now)}{_schedule(run, epoch)}; these epochs start at "
    if "lr" in changes:
        text += rate_text(rate_at(run, epoch, changes["lr"]))
    else:
        text += f"{rate_text(now)}, as the run would go on"
        if typed["lr"] != starts["lr"]:  # typed back to the schedule's own learning rate
            text += (
                f" ({rate_text(trained)} is the learning rate its schedule started "
                "from, and with it the schedule goes on)"
            )
        elif starts["lr"] != now:
            text += f" (the field shows its lowest, {rate_text(starts['lr'])})"
    anneal = typed["anneal"]
    return text + (f", then × {anneal:g} each epoch." if anneal != 1 else ", not annealed.")


def _schedule(run: Run, epoch: int) -> str:
    """How the rate after `epoch` came about, " (2 × 0.95⁵⁰)", from the segment that last set
    a learning rate ("" for a rate not annealed)."""
    last = int(run.segment_of([epoch])[0])
    terms: list[str] = []
    since = 0
    for index, part in enumerate(run.segments[: last + 1]):
        rate, anneal = part.config.learning_rate, part.config.anneal
        if not index or rate != run.segments[index - 1].config.learning_rate:
            terms, since = [rate_text(rate)], part.start
        count = (epoch if index == last else run.segments[index + 1].start) - part.start
        if count and anneal != 1:
            terms.append(f"{anneal:g}{str(count).translate(SUPERSCRIPTS)}")
    if len(terms) == 1:
        return ""
    return f" ({' × '.join(terms)}{f', from epoch {since}' if since else ''})"


def _add(
    page: str,
    history: History,
    epoch: int,
    starts: dict[str, Any],
    defaults: dict[str, Any],
    edits: dict[int, float],
) -> None:
    """Button callback: add the segment the controls describe (their values now, the settings
    `_changes` keeps) to the history if it can train, and select its last epoch; else keep
    why not, to show."""
    typed = {name: st.session_state[key(page, f"continue.{name}")] for name in defaults}
    changes = _changes(typed, starts, defaults)
    new = segment(epoch, int(st.session_state[key(page, "continue.epochs")]), changes, edits)
    segments = appended(history.segments, new)
    try:
        check(segments)
        stages(history.values, segments, history.task, history.custom)
    except ValueError as error:
        st.session_state[key(page, "continue.error")] = str(error)
        return
    st.session_state[key(page, "continue.error")] = None
    stack = st.session_state.setdefault(key(page, "undo_stack"), [])
    stack.append(history.segments)  # what Undo goes back to
    st.session_state[key(page, "segments")] = segments
    st.session_state[key(page, "select")] = new.end  # set by `resolve`, before the slider


def _history_buttons(page: str, history: History) -> None:
    """Undo the last Continue (the history before it; without one, as a link gave it, the last
    segment goes), or clear them all."""
    total = sum(s.epochs for s in history.segments)
    st.caption(
        f"History: {len(history.segments)} segment(s) after the sidebar's run, {total} epochs "
        f"(at most {MAX_EPOCHS}). Changing the network or data in the sidebar clears it."
    )
    undo, clear = st.columns(2)
    if undo.button("↩️ Undo last segment", key=key(page, "undo"), width="stretch"):
        stack = st.session_state.get(key(page, "undo_stack")) or [history.segments[:-1]]
        st.session_state[key(page, "segments")] = stack.pop()
        st.rerun(scope="app")
    if clear.button("🧹 Clear history", key=key(page, "clear"), width="stretch"):
        st.session_state[key(page, "segments")] = ()
        st.rerun(scope="app")
