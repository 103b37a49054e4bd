"""Numbers as students read them: fixed decimals at ordinary sizes, scientific notation for huge
or tiny ones (a diverging run's loss of 7e51 would otherwise print as 52 digits).

One helper for every page and for the diagnosis sentences; it lives in ann_core because the
diagnosis writes numbers too, and ann_core may not import the app. Learning rates have their
own, `rate_text`: a rate runs from 100 down to 0.00001, and annealed far below.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

#: From this size on, numbers are written as 1.234e+05.
SCIENTIFIC_FROM = 1e4
#: A learning rate is written with at most this many decimals (0.000015), in scientific notation
#: when it needs more (4.1e-07): every rate a student can type, from 0.00001, reads in decimals.
RATE_DECIMALS = 6


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


def rate_text(rate: float) -> str:
    """A learning rate as every page writes it: as typed if RATE_DECIMALS decimals hold it (2,
    0.0125, 0.00002), else to 3 decimals or 2 significant digits (0.154, 0.012), 4.2e-07 beyond."""
    rate = float(rate)
    if rate == 0 or not math.isfinite(rate):
        return f"{rate:g}"
    if round(rate, RATE_DECIMALS) == rate:
        decimals = RATE_DECIMALS
    else:  # 3 decimals, or enough for 2 significant digits (of 9.99e-06 rounded: 0.00001)
        rounded = float(f"{rate:.2g}")
        decimals = max(3, 1 - math.floor(math.log10(abs(rounded))))
        if decimals > RATE_DECIMALS:
            return f"{rate:.2g}"
    return f"{rate:.{decimals}f}".rstrip("0").rstrip(".")
