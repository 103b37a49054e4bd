"""The post's 3-D view of an error surface, drawn with matplotlib.

It uses the object-oriented `Figure` (not pyplot's global state), so concurrent sessions never
share a figure and nothing is left open to leak. The page shows it as cached PNG bytes: drawing
a 3-D surface costs about 0.3 s, far more than the rest of the page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from ann_app.content.labels import METHOD_LABELS, METHOD_STYLE, SURFACE_SCHEME
from ann_core.surfaces import DescentPath, ErrorGrid


def surface_figure(grid: ErrorGrid, paths: Sequence[DescentPath] = ()) -> Figure:
    """E(w1, w2) as a viridis 3-D surface seen from the post's angle, with 2-weight paths on it."""
    figure = Figure(figsize=(8.0, 5.2), layout="tight")
    axes = figure.add_subplot(projection="3d", computed_zorder=False)  # paths stay on top
    w1, w2 = np.meshgrid(grid.w1, grid.w2)
    axes.plot_surface(
        w1,
        w2,
        grid.error,
        cmap=SURFACE_SCHEME,
        edgecolor="#55555540",
        linewidth=0.2,
        rcount=60,
        ccount=60,
        alpha=0.9,
        zorder=1,
    )
    low, high = float(grid.w1[0]), float(grid.w1[-1])
    for path in paths:
        inside = np.all((path.weights >= low) & (path.weights <= high), axis=1)
        if path.weights.shape[1] != 2 or not inside.any():
            continue
        colour, dashes, _ = METHOD_STYLE[path.method]
        style = "-" if dashes == [1, 0] else (0, tuple(dashes))
        w = path.weights[inside]
        axes.plot(
            w[:, 0],
            w[:, 1],
            path.error[inside] + 0.02 * np.ptp(grid.error),
            color=colour,
            linestyle=style,
            linewidth=3,
            label=METHOD_LABELS[path.method],
            zorder=10,
        )
    if axes.get_legend_handles_labels()[0]:
        axes.legend(loc="upper left", fontsize=9)
    axes.view_init(elev=25, azim=45)  # the post's viewpoint: the valley of low error in front
    axes.set_xlabel("$w_1$")
    axes.set_ylabel("$w_2$")
    axes.set_zlabel("$E(w_1, w_2)$")
    return figure


def figure_png(figure: Figure, dpi: int = 130) -> bytes:
    """The figure as PNG bytes, cropped to its content: cheap to cache and to send again."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()
