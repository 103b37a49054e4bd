"""The Classification page's first row under Play: the decision surface in its left column,
beside the loss (and, on a projector, the accuracy in a column of its own).

One place for the trained surface (app_pages/classification.py) and the square to draw on
before there is a network (drawing.canvas), so that the surface replaces the square in place:
the same column, the same height, the same spot on the page.
"""

from __future__ import annotations

from streamlit.delta_generator import DeltaGenerator

from ann_app.charts import training_plots
from ann_app.shell import presenter


def surface_height() -> int:
    """The surface's height in px: larger in the presenter view (see presenter.scaled)."""
    return presenter.scaled(training_plots.HEIGHT)


def column_widths() -> list[int]:
    """The row's column widths, which keep the surface's plot about square: on a projector's
    wide screen the loss and the accuracy each get a column beside a taller surface."""
    return [3, 2, 2] if presenter.is_on() else [3, 2]


def columns(container: DeltaGenerator) -> list[DeltaGenerator]:
    """The row's columns in `container`: the surface's first, then the loss's (and the
    accuracy's)."""
    return container.columns(column_widths(), gap="large")
