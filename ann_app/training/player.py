"""Play in the browser: every epoch's frame is sent once, and a small script steps through them.

A server rerun per frame cannot keep up with 20 frames a second, so while Play is on, the
animated charts carry every epoch (see `training_plots`, whose Vega-Lite parameter EPOCH_PARAM
picks the epoch drawn, bound to a hidden range input) and this component's script moves that
input one epoch every FRAME_MS, on the browser's animation frames, so no epoch is skipped (it starts
once the animated charts are drawn).
Pause, or the last epoch, sends the epoch reached back to Python once (a trigger value), where
`on_stop` puts it on the page's epoch slider.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

EPOCH_PARAM = "play_epoch"  # the Vega-Lite parameter every animated chart draws its epoch from
FRAME_MS = 30  # 33 epochs a second when the browser keeps up (one epoch a frame at most)

_HTML = '<div class="gentle-ann-player"><span></span><button type="button"></button></div>'
# The charts' own range inputs are the script's handles, not controls to show.
_CSS = f"""
.vega-bindings:has(input[name="{EPOCH_PARAM}"]) {{ display: none; }}
.gentle-ann-player {{ display: flex; flex-direction: column; gap: 0.25rem; }}
.gentle-ann-player button {{ font: inherit; padding: 0.25rem 0.75rem; min-height: 2.5rem;
  border-radius: 0.5rem; border: 1px solid rgba(49, 51, 63, 0.2); background: #fff;
  cursor: pointer; width: 100%; }}
.gentle-ann-player span {{ font-size: 0.875rem; white-space: nowrap;
  font-variant-numeric: tabular-nums; }}
"""
_JS = f"""
const SETTLE_MS = 300;
export default function(component) {{
  const {{ parentElement, data, setTriggerValue }} = component;
  const root = parentElement.querySelector('.gentle-ann-player');
  const button = root.querySelector('button');
  const label = root.querySelector('span');
  if (root.dataset.play === data.id) return;  // this Play is already running
  root.dataset.play = data.id;
  let epoch = data.start, last = performance.now(), stopped = false, frame = 0;
  const show = () => {{
    label.textContent = `epoch ${{epoch}}`;
    root.dataset.epoch = String(epoch);
    for (const input of document.querySelectorAll('input[name="{EPOCH_PARAM}"]')) {{
      if (input.value !== String(epoch)) {{
        input.value = String(epoch);
        input.dispatchEvent(new Event('input'));
      }}
    }}
  }};
  const stop = () => {{
    if (stopped) return;
    stopped = true;
    cancelAnimationFrame(frame);
    button.disabled = true;
    setTriggerValue('stopped', epoch);
  }};
  let charts = 0, settled = null;  // the animated charts appear after the player
  const tick = (now) => {{
    if (stopped) return;
    const count = document.querySelectorAll('input[name="{EPOCH_PARAM}"]').length;
    if (count !== charts || settled === null) {{
      charts = count;
      settled = count ? now : null;
      last = now;
      show();
    }} else if (now - settled < SETTLE_MS) {{
      last = now;  // wait until no new chart has come for a while: then start
    }} else if (now - last >= data.ms) {{  // one epoch per step, however late the frame
      last = Math.max(last + data.ms, now - data.ms);
      epoch += 1;
      show();
      if (epoch >= data.last) return stop();
    }}
    frame = requestAnimationFrame(tick);
  }};
  button.textContent = '⏸ Pause';
  button.disabled = false;
  button.onclick = stop;
  show();
  frame = requestAnimationFrame(tick);
  return () => {{ stopped = true; cancelAnimationFrame(frame); }};
}}
"""
_PLAYER = st.components.v2.component(
    "gentle_ann_player", html=_HTML, css=_CSS, js=_JS, isolate_styles=False
)


def player_key(page: str) -> str:
    """Session-state key of the page's player component."""
    return f"{page}.player"


def stopped_epoch(page: str) -> int | None:
    """The epoch the player stopped at (its trigger value in this rerun), if it just stopped."""
    result = st.session_state.get(player_key(page))
    value = getattr(result, "stopped", None) if result is not None else None
    if value is None and isinstance(result, dict):
        value = result.get("stopped")
    return None if value is None else int(value)


def player(page: str, start: int, last: int, play_id: int, on_stop: Callable[[], None]) -> None:
    """The Pause button and the epoch shown, animating every chart bound to EPOCH_PARAM from
    `start` to `last`; `on_stop` runs (before the rerun) when it stops, see `stopped_epoch`."""
    _PLAYER(
        key=player_key(page),
        data={"start": start, "last": last, "ms": FRAME_MS, "id": f"{page}-{play_id}"},
        on_stopped_change=on_stop,
    )
