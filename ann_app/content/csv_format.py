"""Your own data as a CSV file: its columns per task, a template to start from, and `parse_csv`,
pure (bytes in, arrays out, or a ValueError that says what is wrong in plain words), so every
malformed case is tested without a browser."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from ann_core.datasets import MAX_ROWS, check_user_data

MAX_BYTES = 1_000_000  # 1 MB: far more than MAX_ROWS rows of three numbers
COLUMNS = {"classification": ("x1", "x2", "label"), "regression": ("x", "y")}


def template_csv(task: str) -> bytes:
    """A small valid CSV for `task`, to download, edit and upload back."""
    if task == "classification":
        x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]] * 2, dtype=float)
        x[4:] += 0.1
        frame = pd.DataFrame({"x1": x[:, 0], "x2": x[:, 1], "label": [0, 1, 1, 0] * 2})
    else:
        xs = np.linspace(-5.0, 5.0, 21)
        frame = pd.DataFrame({"x": xs, "y": np.round(np.sin(xs) + 2.5, 4)})
    return frame.to_csv(index=False).encode()


def parse_csv(raw: bytes, task: str) -> tuple[np.ndarray, np.ndarray]:
    """The (X, y) in a CSV for `task`, or a ValueError naming the problem in plain words."""
    columns = COLUMNS[task]
    if len(raw) > MAX_BYTES:
        raise ValueError(
            f"the file is {len(raw) / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:g} MB"
        )
    if not raw.strip():
        raise ValueError("the file is empty")
    try:
        frame = pd.read_csv(io.BytesIO(raw), skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise ValueError(f"this is not a readable CSV file ({str(error).strip()[:80]})") from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"missing column(s) {', '.join(missing)}: the first line must name the columns "
            f"{', '.join(columns)} (found {', '.join(frame.columns[:6]) or 'none'})"
        )
    if frame.empty:
        raise ValueError("the file has a header but no rows of data")
    if len(frame) > MAX_ROWS:
        raise ValueError(f"at most {MAX_ROWS:,} rows are allowed, got {len(frame):,}")
    numbers = frame[list(columns)].apply(pd.to_numeric, errors="coerce")
    text = numbers.isna() & frame[list(columns)].notna()
    if text.any().any():
        row, column = next(zip(*np.nonzero(text.to_numpy()), strict=True))
        raise ValueError(
            f"row {row + 1}, column {columns[column]} is not a number: "
            f"{frame[columns[column]].iloc[row]!r}"
        )
    if numbers.isna().any().any():
        raise ValueError("some cells are empty or NaN: every row needs a number in each column")
    values = numbers.to_numpy(dtype=float)
    return check_user_data(values[:, :-1], values[:, -1], task=task)
