"""The L1/L2 penalty's two controls, `reg` and `reg_rate`, declared once for every page that
trains a network (Classification, Regression and Backpropagation), so their names, labels and
meaning cannot drift apart; a page may only choose their section and the rate's range."""

from __future__ import annotations

from ann_app.content.labels import REGULARIZATION_LABELS
from ann_app.settings.setting import Setting
from ann_core.config import interval_of
from ann_core.regularization import REGULARIZATIONS

#: The engine's rates λ (ann_core.config.CONSTRAINTS): the widget's range is this or narrower.
RATES = interval_of("reg_rate")


def penalty_settings(
    section: str, max_rate: float = RATES.high, default_rate: float = 0.0
) -> tuple[Setting, Setting]:
    """The regularisation choice (none, L1, L2) and its rate λ, in `section`, λ from the
    engine's least rate to `max_rate` (default `default_rate`)."""
    return (
        Setting(
            "reg",
            "regularisation",
            "choice",
            "none",
            options=REGULARIZATIONS,
            labels=REGULARIZATION_LABELS,
            section=section,
            widget="segmented",
            help="A penalty on the weights' size (not the biases'): L1 pushes weights to exactly "
            "0, L2 shrinks them all. Both fight overfitting.",
        ),
        Setting(
            "reg_rate",
            "regularisation rate λ",
            "float",
            default_rate,
            RATES.low,
            max_rate,
            section=section,
            widget="number",
            format="%.4f",
            step=0.001,
        ),
    )
