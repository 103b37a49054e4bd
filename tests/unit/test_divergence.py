"""The divergence rule and the number formatter, as plain functions."""

import math

import numpy as np
import pytest

from ann_core.divergence import (
    LOSS_GROWTH,
    WEIGHT_BOUND,
    epoch_diverged,
    largest_size,
    step_diverged,
)
from ann_core.formatting import column_format, number


@pytest.mark.parametrize(
    ("largest", "loss", "first", "diverged"),
    [
        (5.0, 10.0, 10.0, False),
        (WEIGHT_BOUND, LOSS_GROWTH * 10.0, 10.0, False),  # the bounds themselves are sane
        (WEIGHT_BOUND * 1.001, 10.0, 10.0, True),
        (5.0, LOSS_GROWTH * 10.0 * 1.001, 10.0, True),
        (5.0, 0.0, 0.0, False),  # a perfect first epoch, and still perfect
        (math.nan, 10.0, 10.0, True),
        (math.inf, 10.0, 10.0, True),
        (5.0, math.inf, math.inf, True),
        (5.0, math.nan, 10.0, True),
    ],
)
def test_the_rule(largest, loss, first, diverged):
    assert epoch_diverged(largest, loss, first) is diverged


def test_largest_size_keeps_a_nan():
    assert largest_size(np.array([1.0, -3.0, 2.0])) == 3.0
    assert math.isnan(largest_size(np.array([1.0, np.nan, np.inf])))


def test_a_step_breaks_the_rule_by_its_weights_or_an_infinite_loss():
    assert not step_diverged(np.array([3.0, -2.0]), 1e30)  # a step's loss has no first epoch
    assert step_diverged(np.array([3.0, -2e4]), 0.1)
    assert step_diverged(np.array([3.0, -2.0]), math.inf)


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1.23456, 4, "1.2346"),
        (-0.5, 3, "-0.500"),
        (0.0, 4, "0.0000"),
        (9999.5, 2, "9999.50"),
        (12345.678, 4, "1.235e+04"),
        (7.2e51, 4, "7.200e+51"),
        (-5.971e8, 2, "-5.971e+08"),
        (0.00003, 4, "3.000e-05"),  # would print as 0.0000
        (0.00006, 4, "0.0001"),
        (math.inf, 4, "inf"),
        (math.nan, 4, "nan"),
    ],
)
def test_numbers_read_plainly_or_in_scientific_notation(value, decimals, text):
    assert number(value, decimals) == text


def test_a_column_with_a_huge_value_is_formatted_scientific():
    assert column_format([0.5, -2.0, np.nan], 6) == "%.6f"
    assert column_format([0.5, 2e22, np.inf], 6) == "%.3e"
    assert column_format([], 3) == "%.3f"
