"""The epoch scrubber and its Play button, shared by the Classification and Regression pages.

`epoch_scrubber(page, last_epoch, draw)` puts a Play button and a slider from 0 (the initial
weights) to the last epoch, and calls `draw(epoch, playing)` to draw everything that depends on
the epoch. Slider and charts live in one `st.fragment`: moving the slider reruns only the
fragment, from cached arrays. Play animates in the browser (player.py): while `playing`, the
page draws its main chart and loss curve as animations from `epoch` (every frame sent once,
training_plots.Animation), and the Play button becomes the player's Pause; when it stops, the
slider takes the epoch it reached.

The epoch is part of the page's link (`epoch=`, left out at the run's last epoch): a link opens
at its epoch, and the fragment writes the link (`publish`) each time it runs. At the last
epoch the slider follows the run's end when the run gets longer; it clamps when it gets shorter.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from ann_app.training.player import player, stopped_epoch

URL_KEY = "epoch"
MAX_EPOCH = 100_000  # larger than any run's epochs with its history (a link's bound)


def parse_epoch(raw: str) -> int:
    """A link's epoch: a whole number from 0; the page clamps it into its run."""
    text = raw.strip()
    if not text.isdigit() or not text.isascii():
        raise ValueError("not a whole number from 0")
    if int(text) > MAX_EPOCH:
        raise ValueError(f"larger than {MAX_EPOCH}")
    return int(text)


def encode_epoch(epoch: int | None) -> str | None:
    """The link's text for an epoch; None (the run's last) is left out."""
    return None if epoch is None else str(int(epoch))


def epoch_key(page: str) -> str:
    """Session-state key of the page's epoch slider."""
    return f"{page}.epoch"


def playing_key(page: str) -> str:
    """Session-state key that is True while the page is playing."""
    return f"{page}.playing"


def _end_key(page: str) -> str:
    return f"{page}.epoch.end"  # the last epoch of the run the slider was last drawn for


def load(page: str, epoch: int | None) -> None:
    """Put a link's epoch into the slider (None: the run's last epoch)."""
    st.session_state.pop(_end_key(page), None)
    if epoch is None:
        st.session_state.pop(epoch_key(page), None)
    else:
        st.session_state[epoch_key(page)] = epoch


def _plays_key(page: str) -> str:
    return f"{page}.plays"  # how many times Play was pressed: each Play is a new animation


def _play(page: str, last_epoch: int) -> None:
    st.session_state[playing_key(page)] = True
    st.session_state[_plays_key(page)] = st.session_state.get(_plays_key(page), 0) + 1
    if st.session_state.get(epoch_key(page), last_epoch) >= last_epoch:
        st.session_state[epoch_key(page)] = 0  # Play at the end starts again from the beginning


def _stop(page: str, last_epoch: int) -> None:
    """Pause, the end of the run or a moved slider: the slider keeps the epoch reached."""
    st.session_state[playing_key(page)] = False
    epoch = stopped_epoch(page)
    if epoch is not None:
        st.session_state[epoch_key(page)] = min(max(epoch, 0), last_epoch)


def _step(page: str, last_epoch: int) -> None:
    """Step: one epoch on from the one shown (or where Play had got to); Play stops there."""
    _stop(page, last_epoch)
    key = epoch_key(page)
    st.session_state[key] = min(int(st.session_state.get(key, last_epoch)) + 1, last_epoch)


def epoch_scrubber(
    page: str,
    last_epoch: int,
    draw: Callable[[int, bool], None],
    publish: Callable[[int | None], None],
    headline: Callable[[int, bool], None],
) -> int:
    """Draw `headline(epoch, playing)` (the run's finding at the epoch), Play, Step and the
    epoch slider, then `draw(epoch, playing)` and `publish(epoch)` (None at the last epoch: the page
    writes its link), inside one fragment; return the epoch (where Play starts, while it plays).

    The slider keeps its epoch across reruns: at the end of the run before, it moves to this
    run's end; elsewhere it is clamped into 0..last_epoch (a fresh run starts at its end).
    """
    key, playing = epoch_key(page), playing_key(page)
    end = st.session_state.get(_end_key(page))
    if key not in st.session_state or st.session_state[key] == end:
        st.session_state[key] = last_epoch
    else:
        st.session_state[key] = min(max(int(st.session_state[key]), 0), last_epoch)
    st.session_state[_end_key(page)] = last_epoch
    if last_epoch == 0:
        st.session_state[playing] = False

    @st.fragment
    def scrubber() -> None:
        epoch = int(st.session_state[key])
        is_playing = bool(st.session_state.get(playing, False)) and epoch < last_epoch
        headline(epoch, is_playing)
        button, step, slider = st.columns([4, 3, 21], vertical_alignment="bottom")
        step.button(
            "Step",
            key=f"{page}.step",
            on_click=_step,
            args=(page, last_epoch),
            disabled=epoch >= last_epoch and not is_playing,
            help="One epoch on: the slider and every chart follow.",
            width="stretch",
        )
        with button:
            if is_playing:
                player(
                    page,
                    epoch,
                    last_epoch,
                    st.session_state.get(_plays_key(page), 0),
                    on_stop=partial(_stop, page, last_epoch),
                )
            else:
                st.button(
                    "▶ Play",
                    key=f"{page}.play",
                    on_click=_play,
                    args=(page, last_epoch),
                    disabled=last_epoch == 0,
                    help="Animate the training, epoch by epoch (no retraining: every epoch is "
                    "stored).",
                    width="stretch",
                )
        slider.slider(
            "epoch (0 = the initial random weights)",
            min_value=0,
            max_value=max(last_epoch, 1),
            key=key,
            on_change=partial(_stop, page, last_epoch),
            disabled=last_epoch == 0,
        )
        draw(epoch, is_playing)
        publish(None if epoch == last_epoch else epoch)

    scrubber()
    return int(st.session_state[key])
