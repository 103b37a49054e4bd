"""A bare Streamlit page, the floor that benchmarks/browser.py compares the app's pages with.

    streamlit run benchmarks/bare_page.py

A title, five sliders (in the sidebar, as the app's settings) and one 40 x 40 heat map (one
neuron's output over the plane, from the sliders), 360 x 360 px, drawn by Vega on a canvas as
the app's charts are (the app's `ui.CANVAS`), with nothing else: what any Streamlit page with
a chart costs the browser.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

CELLS = 40  # a side of the heat map: 1,600 cells, about the app's decision surface (41 x 41)


def neuron_grid(w1: float, w2: float, bias: float, scale: float, steepness: float) -> pd.DataFrame:
    """One sigmoid neuron's output on a CELLS x CELLS grid over [-scale, scale]^2."""
    axis = np.linspace(-scale, scale, CELLS)
    x1, x2 = np.meshgrid(axis, axis)
    output = 1 / (1 + np.exp(-steepness * (w1 * x1 + w2 * x2 + bias)))
    return pd.DataFrame({"x1": x1.ravel(), "x2": x2.ravel(), "output": output.ravel()})


def heat_map_spec() -> dict[str, object]:
    """A Vega-Lite heat map of `neuron_grid`, on a canvas, without ARIA descriptions (as the
    app's charts are drawn: `ui.chart`)."""
    return {
        "mark": {"type": "rect"},
        "encoding": {
            "x": {"field": "x1", "type": "ordinal", "axis": None},
            "y": {"field": "x2", "type": "ordinal", "axis": None, "sort": "descending"},
            "color": {"field": "output", "type": "quantitative", "scale": {"domain": [0, 1]}},
        },
        "width": 360,
        "height": 360,
        "config": {"aria": False},
        "usermeta": {"embedOptions": {"renderer": "canvas"}},
    }


st.title("A bare Streamlit page")
weights = (  # in the sidebar, as the app's settings are, so the heat map is on the first screen
    st.sidebar.slider("w₁", -3.0, 3.0, 1.0),
    st.sidebar.slider("w₂", -3.0, 3.0, -1.0),
    st.sidebar.slider("bias", -3.0, 3.0, 0.0),
    st.sidebar.slider("scale", 0.5, 3.0, 1.0),
    st.sidebar.slider("steepness", 0.5, 5.0, 2.0),
)
st.vega_lite_chart(neuron_grid(*weights), heat_map_spec(), width="content")
