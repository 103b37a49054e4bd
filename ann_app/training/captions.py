"""Sentences under the training pages' charts that name a run's numbers in words: its weight
penalty beside its data loss at the selected epoch, and what its input features compute."""

from __future__ import annotations

from collections.abc import Sequence

from ann_app.content.formulas import LOSS_TEXT, PENALTY_TEXT
from ann_core.features import FEATURES
from ann_core.formatting import number
from ann_core.regularization import is_active
from ann_core.run import Run


def penalty_sentence(run: Run, epoch: int, with_loss: bool = True) -> str:
    """The weight penalty Ω after `epoch` epochs (and, `with_loss`, the data loss per sample
    during it), and what each is, under the penalty of the segment that trained that epoch;
    "" without a penalty."""
    config = run.segments[int(run.segment_of([epoch])[0])].config
    if not is_active(config.regularization, config.reg_rate):
        return ""
    reported, objective = LOSS_TEXT[config.loss]
    when = "of the initial weights" if epoch == 0 else f"after epoch {epoch}"
    penalty = (
        f"weight penalty Ω = {PENALTY_TEXT[config.regularization]} = "
        f"{number(run.penalty[epoch], 4)} {when} (λ = {config.reg_rate:g}; biases do not count)"
    )
    if with_loss and epoch:
        loss = number(run.mean_loss[epoch - 1])
        numbers = f"Data loss per sample {loss} during epoch {epoch}, {penalty}."
    else:
        numbers = f"{penalty[0].upper()}{penalty[1:]}."
    return (
        f"{numbers} The data loss is the mean {reported} per sample; each step descends its "
        f"batch's mean {objective} plus Ω."
    )


def feature_formulas(names: Sequence[str]) -> str:
    """What each feature whose label is not its formula computes: "x₁² = (x₁ − 0.5)², ..."; ""
    when every label is its own formula."""
    shown = [FEATURES[n] for n in names if FEATURES[n].label != FEATURES[n].formula]
    return ", ".join(f"{f.label} = {f.formula}" for f in shown)


def edited_sentence(edited: Run, run: Run, epoch: int) -> str:
    """The edited network's numbers at `epoch` beside the run's there: its training accuracy
    (classification) and its training loss, both measured with the parameters after the epoch
    (`Run.loss_after`, per sample), untrained."""
    parts = []
    if edited.accuracy is not None and run.accuracy is not None:
        parts.append(
            f"training accuracy {edited.accuracy[epoch]:.1%} (unedited {run.accuracy[epoch]:.1%})"
        )
    new, old = (float(r.loss_after([epoch])[0]) / len(r.y) for r in (edited, run))
    parts.append(
        f"training loss per sample with these weights {number(new, 4)} (unedited {number(old, 4)})"
    )
    return f"With your edit at epoch {epoch}: {', '.join(parts)}."
