"""Numbers as students read them: fixed decimals at ordinary sizes, scientific notation for huge
or tiny ones (a diverging run's loss of 7e51 would otherwise print as 52 digits).

One helper for every page and for the diagnosis sentences; it lives in ann_core because the
diagnosis writes numbers too, and ann_core may not import the app.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

#: From this size on, numbers are written as 1.234e+05.
SCIENTIFIC_FROM = 1e4


def _scientific(value: float, decimals: int) -> bool:
    """Huge, or so small yet not zero that `decimals` decimals would show it as 0."""
    size = abs(value)
    return size >= SCIENTIFIC_FROM or 0 < size < 0.5 * 10.0**-decimals


def number(value: float, decimals: int = 4) -> str:
    """`value` with `decimals` decimals (12.3457), or as 1.235e+05 when huge or tiny."""
    value = float(value)
    return f"{value:.3e}" if _scientific(value, decimals) else f"{value:.{decimals}f}"


def column_format(values: Iterable[float], decimals: int) -> str:
    """A printf format (for st.column_config.NumberColumn) that shows every finite value of a
    column sensibly: "%.{decimals}f", or "%.3e" when any of them is huge."""
    values = np.asarray(list(values), dtype=float)
    finite = values[np.isfinite(values)]
    huge = finite.size and np.abs(finite).max() >= SCIENTIFIC_FROM
    return "%.3e" if huge else f"%.{decimals}f"
