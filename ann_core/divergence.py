"""When training has diverged: the one rule the two engines, the descent paths of the Error
Surfaces page and the Backpropagation walk all apply.

A run has diverged in the first epoch after which
  1. the loss or a parameter is not finite (inf or nan), or
  2. a parameter's size |θ| is above WEIGHT_BOUND, or
  3. the epoch's loss is above LOSS_GROWTH times the first epoch's loss.
Training stops there and records that epoch (`Run.diverged_at`); the run keeps only the epochs
before it. A run also diverged, though it is kept whole, when
  4. its steps made it worse: the loss of its last weights is above WORSE_THAN_START times its
     initial weights' (`made_worse`).
A sigmoid output keeps the loss below 1 a sample however large the steps, so 1 to 3 never fire
on Classification: rate 100 on XOR throws the units into saturation in the first epoch, and the
loss per sample ends at 0.50 against the initial weights' 0.26, every point confidently wrong.
Rule 4 names that divergence too, so no page calls it a plateau.

A descent path or the walk has no epochs to compare, so a step of theirs breaks the
rule by 1 or 2 alone (`step_diverged`).

Why both a weight and a loss test: a sigmoid or tanh output keeps the loss small however far the
weights run off, so the loss test alone would miss weights on their way to 1e300 (4 ReLU units
with cross-entropy and momentum 0.99 on AND pass ±1e4 while their loss stays below 10 times
epoch 1's); and a linear output adds many moderate weights into a huge loss before any one weight
is large, so the weight test alone would show that loss (8 tanh units with momentum 0.9 on SIN
pass 1000 times epoch 1's loss two epochs before a weight passes the bound).

The loss is compared with the first epoch's rather than the lowest so far, because a loss near
zero may rise a thousandfold without anything being wrong (measured: 22-fold from a low of 0.04 on
CIRCLE with cross-entropy; 2e7-fold on Adam's path with linear units, whose error nearly reaches
0).

The bounds were chosen by measuring (every run trained to the end with no bound): every preset and
lesson run of ann_app/content/ (training_tables.py, lesson.py), the runs the lesson's questions
suggest (OR at rates 0.1 and 20, XOR with 1 to 3 units, RING annealed by 0.99, regression with 3 to
12 units, CIRCLE and SPIRAL variations) and the post's twelve runs in tests/data/post_runs.json
reach at most |θ| = 18 (OR at rate 20) and a loss at most 1.02 times the first epoch's. So
WEIGHT_BOUND is 550 times the largest weight and LOSS_GROWTH nearly 1000 times the largest growth
(the test tests/app/test_divergence_named.py keeps a margin of 100 on every preset, lesson and post
run). Every control of the training pages set alone to its extreme stays below |θ| = 53 and 1.11
times the first loss, except the settings that blow up (on regression: 16 units, linear hidden
units, rate 100, momentum 0.99); the sigmoid and tanh descent paths at the Error Surfaces page's
extremes stay below |w| = 485. On Classification, three extremes alone leave XOR at a loss per
sample of 0.50 against 0.25 to 0.26 at the start, which rule 4 names: rate 100, momentum 0.99
and a ReLU output; every offered run ends below its start.
"""

from __future__ import annotations

import math

import numpy as np

#: A parameter beyond ±WEIGHT_BOUND has left any sane range: the built-in data are of size 1, and
#: a sigmoid or tanh unit is saturated long before (at |z| = 40 its slope is below 1e-17).
WEIGHT_BOUND = 1e4
#: An epoch's loss above LOSS_GROWTH times the first epoch's has grown by orders of magnitude.
LOSS_GROWTH = 1e3
#: The rule in words, for the messages that name a divergence: of a run, and of a single step.
RULE_IN_WORDS = (
    f"a weight went past ±{WEIGHT_BOUND:,.0f}, the loss grew over {LOSS_GROWTH:,.0f}-fold from "
    "epoch 1, or a number became infinite"
)
#: A run whose last weights' loss is above this many times its initial weights' was made worse
#: by its steps (every preset, lesson and post run ends below 1.0 times: test_divergence_named).
WORSE_THAN_START = 1.5
STEP_RULE_IN_WORDS = f"a weight went past ±{WEIGHT_BOUND:,.0f}, or a number became infinite"


def epoch_diverged(
    largest_weight: float,
    loss: float,
    first_loss: float,
    weight_bound: float = WEIGHT_BOUND,
    loss_growth: float = LOSS_GROWTH,
) -> bool:
    """The rule for one epoch: `largest_weight` is max |θ| (nan if any θ is nan), `loss` the
    epoch's loss and `first_loss` epoch 1's. Written for numba too: the kernel compiles it."""
    sane = largest_weight <= weight_bound and loss <= loss_growth * first_loss and loss < math.inf
    return not sane  # a nan anywhere makes every comparison False, so it counts as diverged


def largest_size(theta: np.ndarray) -> float:
    """max |θ| over every parameter; nan when any is nan, so the rule catches it."""
    with np.errstate(all="ignore"):
        return float(np.max(np.abs(theta)))


def step_diverged(weights: np.ndarray, loss: float) -> bool:
    """The rule after one step of a descent path or of the walk: the weights' size, and a
    finite loss (compared with itself, as there is no first epoch to compare it with)."""
    return epoch_diverged(largest_size(weights), loss, loss)


def made_worse(initial_loss: float, final_loss: float) -> bool:
    """Rule 4: the loss of a run's last weights, `final_loss`, is above WORSE_THAN_START times
    its initial weights' `initial_loss` (or not finite): its steps took it away from a fit."""
    return not final_loss <= WORSE_THAN_START * initial_loss
