"""Pointing at a hidden unit draws it in the main chart, until the pointer leaves (as
TensorFlow Playground draws a neuron large), with no rerun.

The main surface chart (`training_plots.surface_chart` with `unit_grid`) draws the unit its
SHOWN_UNIT_PARAM holds, on a hidden text input; the unit maps and the network picture make the
unit under the pointer their HOVER_SELECTION, on a hidden input of their own. This component,
drawn in each of those sections with its units' maps at the epoch shown (`offer`), watches the
pointer in its section: on a unit, it puts that unit's text (`unit_texts`: a title, and its
shade at each cell) into the surface's input; off a unit, or out of the section, "" (the
network's output again). A scrub redraws the section, and a unit still under the pointer is
drawn at the new epoch. While Play runs, a unit is drawn at the slider's epoch, as its small map
is.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import streamlit as st

from ann_app import cached
from ann_app.charts.training_plots import (
    HOVER_INPUT,
    SHOWN_SEPARATOR,
    SHOWN_UNIT_PARAM,
    shades_text,
    unit_colour_domain,
)
from ann_app.content.labels import unit_name
from ann_app.training.player import slider_class
from ann_core.run import Run

SECTIONS = ("maps", "network")  # the sections that offer units: their components' keys


def component_key(section: str) -> str:
    """The key of the component drawn in `section` (one of SECTIONS)."""
    return f"unit_hover.{section}"


_HTML = '<span class="gentle-ann-unit-hover"></span>'
# Nothing to see: the component's element takes no room in its section.
_CSS = ", ".join(f".{slider_class(component_key(s))}" for s in SECTIONS) + " { display: none; }"
# A section's state lives on its element (as the player's on its root), so that a redraw (a new
# epoch's texts) keeps one set of listeners, which go with the section's element.
_JS = f"""
const CHART = '[data-testid="stVegaLiteChart"]';
const HOVER = 'input[name="{HOVER_INPUT}"]';
const SHOWN = 'input[name="{SHOWN_UNIT_PARAM}"]';
const show = (text) => {{
  for (const input of document.querySelectorAll(SHOWN)) {{
    if (input.value !== text) {{
      input.value = text;
      input.dispatchEvent(new Event('input'));
    }}
  }}
}};
const point = (state) => {{  // the unit the chart under the pointer has selected, if any
  const chart = state.target instanceof Element ? state.target.closest(CHART) : null;
  const input = chart ? chart.querySelector(HOVER) : null;
  const name = input ? input.value : '';
  show(Object.hasOwn(state.texts, name) ? String(state.texts[name]) : '');
}};
// Vega sets its input some time after the move (it sends no event): while the pointer is in
// the section, its selection is read on every displayed frame (one lookup).
const follow = (state) => {{
  if (!state.inside || !state.section.isConnected) return;
  point(state);
  state.frame = requestAnimationFrame(() => follow(state));
}};
export default function(component) {{
  const {{ parentElement, data }} = component;
  const section = parentElement.closest('[data-testid="stExpander"]') || document.body;
  let state = section.gentleAnnUnitHover;
  if (!state) {{
    state = section.gentleAnnUnitHover = {{ section, texts: {{}}, inside: false, frame: 0 }};
    section.addEventListener('pointermove', (event) => {{
      state.target = event.target;
      if (state.inside) return;
      state.inside = true;
      state.frame = requestAnimationFrame(() => follow(state));
    }}, {{ passive: true }});
    section.addEventListener('pointerleave', () => {{
      state.inside = false;
      cancelAnimationFrame(state.frame);
      show('');
    }});
  }}
  state.texts = (data && data.texts) || {{}};  // a new epoch's, drawn at the next frame
}}
"""
_HOVER = st.components.v2.component(
    "gentle_ann_unit_hover", html=_HTML, css=_CSS, js=_JS, isolate_styles=False
)


def unit_texts(
    names: Sequence[str], activations: np.ndarray, low: float, high: float
) -> dict[str, str]:
    """Each unit's SHOWN_UNIT_PARAM text, by name: the main chart's title while it is drawn,
    then its activations[:, unit] at the units' grid as `shades_text` (on [low, high])."""
    return {
        name: f"Hidden unit {name}: its activation (the unit maps' colours)"
        + SHOWN_SEPARATOR
        + shades_text(activations[:, unit], low, high)
        for unit, name in enumerate(names)
    }


def layer_texts(run: Run, epoch: int, square: tuple[float, float]) -> dict[str, str]:
    """`unit_texts` of every hidden unit of `run` after `epoch`, on the unit maps' grid over
    `square`, each layer on its own colour range (`unit_colour_domain`: the first layer's is
    its small maps')."""
    points = cached.grid_points(cached.MAP_GRID, square)
    layers = run.forward_epochs(points, [epoch]).a[:-1]
    texts: dict[str, str] = {}
    for layer, (values, activation) in enumerate(zip(layers, run.activations[:-1], strict=True)):
        outputs = values[0]
        names = [unit_name(layer + 1, unit) for unit in range(outputs.shape[1])]
        texts |= unit_texts(names, outputs, *unit_colour_domain(activation, outputs))
    return texts


def offer(section: str, texts: dict[str, str]) -> None:
    """Draw `section`'s component (one of SECTIONS), which draws the unit of `texts` under the
    pointer in the main chart while the pointer is on it."""
    _HOVER(key=component_key(section), data={"texts": texts})
