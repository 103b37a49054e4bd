"""The epoch scrubber and its Play button, shared by the Classification and Regression pages.

`epoch_scrubber(page, last_epoch, draw)` puts a Play/Pause button and a slider from 0 (the
initial weights) to the last epoch, and calls `draw(epoch)` to draw everything that depends on
the epoch. Slider and charts live in one `st.fragment`: moving the slider reruns only the
fragment, from cached arrays. While playing, the fragment reruns itself every FRAME_SECONDS
(`run_every`), advancing the epoch in session state; no sleeping in app code. Play and Pause
rerun the whole page once, which turns the timer on or off.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

FRAME_SECONDS = 0.25
PLAY_FRAMES = 25  # Play goes from epoch 0 to the end in about this many frames


def epoch_key(page: str) -> str:
    """Session-state key of the page's epoch slider."""
    return f"{page}.epoch"


def playing_key(page: str) -> str:
    """Session-state key that is True while the page is playing."""
    return f"{page}.playing"


def play_step(last_epoch: int) -> int:
    """Epochs advanced per frame, so Play covers any run in about PLAY_FRAMES frames."""
    return max(1, round(last_epoch / PLAY_FRAMES))


def _toggle(page: str, last_epoch: int) -> None:
    playing = not st.session_state.get(playing_key(page), False)
    st.session_state[playing_key(page)] = playing
    if playing and st.session_state.get(epoch_key(page), last_epoch) >= last_epoch:
        st.session_state[epoch_key(page)] = 0  # Play at the end starts again from the beginning


def epoch_scrubber(page: str, last_epoch: int, draw: Callable[[int], None]) -> int:
    """Draw Play and the epoch slider, then `draw(epoch)`, inside one fragment; return the epoch.

    The slider keeps its epoch across reruns, clamped into 0..last_epoch when the run changes
    (a fresh run starts at its last epoch).
    """
    key, playing = epoch_key(page), playing_key(page)
    if key in st.session_state:
        st.session_state[key] = min(max(int(st.session_state[key]), 0), last_epoch)
    else:
        st.session_state[key] = last_epoch
    if last_epoch == 0:
        st.session_state[playing] = False
    is_playing = bool(st.session_state.get(playing, False))

    @st.fragment(run_every=FRAME_SECONDS if is_playing else None)
    def scrubber() -> None:
        if st.session_state.get(playing, False):
            st.session_state[key] = min(st.session_state[key] + play_step(last_epoch), last_epoch)
        button, slider = st.columns([1, 7], vertical_alignment="bottom")
        clicked = button.button(
            "⏸ Pause" if st.session_state.get(playing, False) else "▶ Play",
            key=f"{page}.play",
            on_click=_toggle,
            args=(page, last_epoch),
            disabled=last_epoch == 0,
            help="Animate the training, epoch by epoch (no retraining: every epoch is stored).",
            width="stretch",
        )
        if clicked:
            st.rerun(scope="app")  # start or stop the fragment's timer
        slider.slider(
            "epoch (0 = the initial random weights)",
            min_value=0,
            max_value=max(last_epoch, 1),
            key=key,
            disabled=last_epoch == 0,
        )
        draw(int(st.session_state[key]))
        if st.session_state.get(playing, False) and st.session_state[key] >= last_epoch:
            st.session_state[playing] = False
            st.rerun(scope="app")  # stop the timer

    scrubber()
    return int(st.session_state[key])
