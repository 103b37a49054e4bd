"""The epoch scrubber, Play and Step, shared by the Classification and Regression pages.

`epoch_scrubber` puts Play, Step and a slider from 0 (the initial weights) to the last epoch,
and calls `draw(epoch)` to draw everything that depends on the epoch. Slider and charts live in
one `st.fragment`: moving the slider reruns only the fragment, from cached arrays. The main
charts carry every epoch's frame (training_plots.Animation), and the player (player.py) moves
them with the slider's thumb in the browser, before the rerun, and plays them without one;
when Play stops, the slider takes the epoch it reached.

The epoch is part of the page's link (`epoch=`, left out at the run's last epoch): a link opens
at its epoch, and the fragment writes the link (`publish`) each time it runs. At the last
epoch the slider follows the run's end when the run gets longer; it clamps when it gets shorter.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from ann_app.settings import link
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


def link_part() -> link.Part:
    """The epoch's part of a page's link (`epoch=`; none: the run's last epoch)."""
    return link.Part(URL_KEY, None, parse_epoch, encode_epoch, "(the last epoch)")


def epoch_key(page: str) -> str:
    """Session-state key of the page's epoch slider."""
    return f"{page}.epoch"


def _end_key(page: str) -> str:
    return f"{page}.epoch.end"  # the last epoch of the run the slider was last drawn for


def load(page: str, epoch: int | None) -> None:
    """Put a link's epoch into the slider (None: the run's last epoch)."""
    st.session_state.pop(_end_key(page), None)
    if epoch is None:
        st.session_state.pop(epoch_key(page), None)
    else:
        st.session_state[epoch_key(page)] = epoch


def _stop(page: str, last_epoch: int) -> None:
    """Play stopped (Pause, or the run's end): the slider takes the epoch it reached."""
    epoch = stopped_epoch(page)
    if epoch is not None:
        st.session_state[epoch_key(page)] = min(max(epoch, 0), last_epoch)


def _step(page: str, last_epoch: int) -> None:
    """Step: one epoch on from the slider's (a running Play stops when the slider moves)."""
    key = epoch_key(page)
    st.session_state[key] = min(int(st.session_state.get(key, last_epoch)) + 1, last_epoch)


def epoch_scrubber(
    page: str,
    run_id: str,
    last_epoch: int,
    draw: Callable[[int], bool],
    publish: Callable[[int | None], None],
    headline: Callable[[int], None],
) -> int:
    """Draw `headline(epoch)` (the run's finding at the epoch), Play, Step and the epoch slider,
    then `draw(epoch)` (True when its charts follow the epoch in the browser, so that Play can
    animate them) and `publish(epoch)` (None at the last epoch: the page writes its link),
    inside one fragment; return the epoch. `run_id` names the run (Play stops on another).

    The slider keeps its epoch across reruns: at the end of the run before, it moves to this
    run's end; elsewhere it is clamped into 0..last_epoch (a fresh run starts at its end).
    """
    key = epoch_key(page)
    end = st.session_state.get(_end_key(page))
    if key not in st.session_state or st.session_state[key] == end:
        st.session_state[key] = last_epoch
    else:
        st.session_state[key] = min(max(int(st.session_state[key]), 0), last_epoch)
    st.session_state[_end_key(page)] = last_epoch

    @st.fragment
    def scrubber() -> None:
        epoch = int(st.session_state[key])
        headline(epoch)
        button, step, slider = st.columns([4, 3, 21], vertical_alignment="bottom")
        step.button(
            "Step",
            key=f"{page}.step",
            on_click=_step,
            args=(page, last_epoch),
            disabled=epoch >= last_epoch,
            help="One epoch on: the slider and every chart follow.",
            width="stretch",
        )
        slider.slider(
            "epoch (0 = the initial random weights)",
            min_value=0,
            max_value=max(last_epoch, 1),
            key=key,
            disabled=last_epoch == 0,
        )
        follows = draw(epoch)
        with button:  # drawn last, into its place: Play needs charts that follow the epoch
            player(
                page,
                run_id,
                epoch,
                last_epoch,
                key,
                on_stop=partial(_stop, page, last_epoch),
                disabled=last_epoch == 0 or not follows,
            )
        publish(None if epoch == last_epoch else epoch)

    scrubber()
    return int(st.session_state[key])
