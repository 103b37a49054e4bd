"""The epoch in the browser: Play, and every chart following the epoch slider without a rerun.

A training page's main charts carry every epoch's values (see `training_plots.Animation`:
their Vega-Lite parameter EPOCH_PARAM picks the epoch drawn, bound to a hidden range input).
This component's script keeps those inputs on the epoch the page shows:
- the epoch slider's, read from its thumb as the student drags it or steps it, so a scrub
  moves the charts at once and the rerun that follows leaves them as they are (their specs do
  not depend on the epoch);
- while Play runs, its own: Play starts in the browser (no rerun: the frames are there), one
  epoch every FRAME_MS on the browser's animation frames, none skipped; Pause, the run's end
  or a touch of the slider stops it, and the epoch reached goes back to Python once (a trigger
  value), where `on_stop` puts it on the slider.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import streamlit as st

from ann_app.charts.training_plots import EPOCH_PARAM, HOVER_INPUT, SHOWN_UNIT_PARAM

FRAME_MS = 16  # one epoch per displayed frame (60 a second) when the browser keeps up

PLAY, PAUSE = "▶ Play", "⏸ Pause"
_HTML = '<div class="gentle-ann-player"><button type="button"></button></div>'
# The charts' own inputs are scripts' handles, not controls to show (this one's, and those of
# unit_hover.py's, which is not always on the page). The button looks like Streamlit's secondary
# buttons beside it (Step).
_HANDLES = ", ".join(
    f'input[name="{name}"]' for name in (EPOCH_PARAM, SHOWN_UNIT_PARAM, HOVER_INPUT)
)
_CSS = f"""
.vega-bindings:has({_HANDLES}) {{ display: none; }}
.gentle-ann-player button {{ font: inherit; padding: 0.25rem 0.75rem; min-height: 2.5rem;
  border-radius: 0.5rem; border: 1px solid rgba(49, 51, 63, 0.2); background: #fff;
  cursor: pointer; width: 100%; white-space: nowrap; color: inherit; }}
.gentle-ann-player button:hover:enabled {{ border-color: #ff4b4b; color: #ff4b4b; }}
.gentle-ann-player button:disabled {{ cursor: not-allowed; opacity: 0.4; }}
"""
# State lives on the component's root element, so that a re-render with new data (a new run)
# keeps a running Play and the watchers; they go when the root leaves the page.
_JS = f"""
const INPUTS = 'input[name="{EPOCH_PARAM}"]';
export default function(component) {{
  const {{ parentElement, data, setTriggerValue }} = component;
  const root = parentElement.querySelector('.gentle-ann-player');
  const button = root.querySelector('button');
  const player = root.player || (root.player = {{ playing: false, epoch: 0, frame: 0 }});
  player.data = data;
  const thumb = () => {{
    const box = document.getElementsByClassName(player.data.slider)[0];
    return box ? box.querySelector('input[type="range"]') : null;
  }};
  const sliderEpoch = () => {{  // the thumb's value as the student drags it, before the rerun
    const knob = thumb();
    return knob ? Number(knob.value) : player.data.epoch;
  }};
  // After a stop, the charts hold the epoch reached until the slider leaves the epoch it had
  // (the rerun that puts the epoch reached on it, or the student's own move).
  const shown = () => {{
    if (player.playing) return player.epoch;
    if (player.held && sliderEpoch() === player.held.slider) return player.held.epoch;
    player.held = null;
    return sliderEpoch();
  }};
  const sync = () => {{
    const epoch = String(shown());
    root.dataset.epoch = epoch;
    for (const input of document.querySelectorAll(INPUTS)) {{
      if (input.value !== epoch) {{
        input.value = epoch;
        input.dispatchEvent(new Event('input'));
      }}
    }}
  }};
  const label = () => {{
    button.textContent = player.playing ? `{PAUSE} (epoch ${{player.epoch}})` : '{PLAY}';
    button.disabled = Boolean(player.data.disabled) && !player.playing;
  }};
  const stop = (send) => {{
    if (!player.playing) return;
    player.playing = false;
    cancelAnimationFrame(player.frame);
    player.held = send ? {{ epoch: player.epoch, slider: sliderEpoch() }} : null;
    label();
    if (send) setTriggerValue('stopped', player.epoch);
  }};
  const tick = (now) => {{
    if (!player.playing) return;
    if (now - player.last >= player.data.ms) {{  // one epoch per step, however late the frame
      player.last = Math.max(player.last + player.data.ms, now - player.data.ms);
      player.epoch += 1;
      sync();
      label();
      if (player.epoch >= player.data.last) return stop(true);
    }}
    player.frame = requestAnimationFrame(tick);
  }};
  const start = () => {{
    const from = shown();  // the slider's epoch, or the one a Pause left the charts at
    player.epoch = from >= player.data.last ? 0 : from;  // at the end: again from the start
    player.playing = true;
    player.from = sliderEpoch();
    player.last = performance.now();
    sync();
    label();
    player.frame = requestAnimationFrame(tick);
  }};
  button.onclick = () => (player.playing ? stop(true) : start());
  if (!player.watcher) {{
    let queued = false;
    player.watcher = new MutationObserver(() => {{
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {{
        queued = false;
        if (!root.isConnected) return player.watcher.disconnect();
        if (player.playing && sliderEpoch() !== player.from) stop(false);  // the student scrubbed
        sync();
      }});
    }});
    player.watcher.observe(document.body, {{
      subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuetext'],
    }});
  }}
  if (data.id !== player.id) {{  // another run: Play ends, nothing held
    stop(false);
    player.held = null;
  }}
  player.id = data.id;
  label();
  sync();
  return () => setTimeout(() => {{
    if (!root.isConnected) {{ stop(false); player.watcher && player.watcher.disconnect(); }}
  }});
}}
"""
_PLAYER = st.components.v2.component(
    "gentle_ann_player", html=_HTML, css=_CSS, js=_JS, isolate_styles=False
)


def player_key(page: str) -> str:
    """Session-state key of the page's player component."""
    return f"{page}.player"


def slider_class(slider_key: str) -> str:
    """The CSS class Streamlit's frontend gives the element of the widget with key `slider_key`
    (its characters other than letters, digits, _ and - made -)."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", slider_key.strip())


def stopped_epoch(page: str) -> int | None:
    """The epoch the player stopped at (its trigger value in this rerun), if it just stopped."""
    result = st.session_state.get(player_key(page))
    value = getattr(result, "stopped", None) if result is not None else None
    if value is None and isinstance(result, dict):
        value = result.get("stopped")
    return None if value is None else int(value)


def player(
    page: str,
    run_id: str,
    epoch: int,
    last: int,
    slider_key: str,
    on_stop: Callable[[], None],
    disabled: bool = False,
) -> None:
    """Play (and Pause) for the run `run_id` of `last` epochs, keeping every chart bound to
    EPOCH_PARAM on the epoch slider's epoch (`epoch` until its thumb is found); `on_stop`
    runs (before the rerun) when Play stops, see `stopped_epoch`."""
    _PLAYER(
        key=player_key(page),
        data={
            "epoch": epoch,
            "last": last,
            "ms": FRAME_MS,
            "id": run_id,
            "slider": slider_class(slider_key),
            "disabled": disabled,
        },
        on_stopped_change=on_stop,
    )
