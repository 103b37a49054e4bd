"""Regression: a placeholder until the page is built."""

from ann_app.ui import coming_soon

coming_soon(
    "Regression",
    "a few tanh units added together to fit a noisy curve, such as sin(x) + 2.5 or |x|.",
)
