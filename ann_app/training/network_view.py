"""The trained network at an epoch, drawn for a training page: its diagram, each edge coloured
by its weight's sign and sized by its size, the input nodes named by the run's features."""

from __future__ import annotations

import streamlit as st

from ann_app.charts import diagrams
from ann_core.features import feature_labels
from ann_core.run import Run


def network_diagram(run: Run, epoch: int) -> None:
    """A heading, the diagram of `run`'s network after `epoch` epochs, and how to read it."""
    st.subheader("The network")
    st.graphviz_chart(
        diagrams.network_dot(
            run.sizes, run.parameters(epoch), run.activations, feature_labels(run.config.features)
        )
    )
    st.caption("Blue solid edges are positive weights, red dashed ones negative; width = size.")
