"""Continuing a run from any of its epochs, with other training settings or edited parameters.

A run of E epochs is, to the bit on either engine, a run of k epochs continued to epoch E with
the same settings: the continuation starts from the `TrainingState` after epoch k (the
parameters, momentum's velocity, the rate of epoch k + 1 and epoch 1's loss, the divergence
rule's yardstick); the epochs draw no random numbers, so nothing else is needed. A run does not
record the velocity of every epoch (that would double its memory for a number needed only
here): `state_at` replays the run's training up to epoch k, which is deterministic, when
momentum was on; on the engine that trained the run it gives the very same bits.

The rate after a change: with the same learning_rate the schedule goes on, the rate of epoch
k + 1 being learning_rate · anneal^k (training's own repeated multiplication), then times the new
anneal each epoch; a new learning_rate is the rate of epoch k + 1, annealed from there by the
new anneal. The velocity carries over (zero after epochs without momentum, which keep none).
`rate_at` says that rate, as the run goes on or as a continuation with a learning_rate starts,
by the same rule and multiplications, without training again.
Only how to train may change (config.TRAINING_SETTINGS): a setting of the network or its data
is refused with a ValueError naming it. A `Stage` says one such continuation as data (from which
epoch, with which settings, after which edits), so a chain of them keys a cache.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .config import TrainingConfig, network_and_data_changes
from .run import Run, Segment
from .training import TrainingState, check_engine, fit


def state_at(run: Run, epoch: int, engine: str = "auto") -> TrainingState:
    """The state after `epoch` epochs of `run`, as its training left it for the next epoch."""
    check_engine(engine)
    return _state(run, run.epoch_index(epoch), engine)


def rate_at(run: Run, epoch: int, learning_rate: float | None = None) -> float:
    """The learning rate of epoch `epoch` + 1: as `run` goes on from `epoch` (the rate its
    segment started at, times its anneal once per epoch since), or, with `learning_rate`, as a
    continuation from `epoch` with that learning_rate starts (`continue_run`): the same when it
    is the learning_rate that trained `epoch`, else `learning_rate` itself. Arithmetic only,
    the very multiplications training does, nothing trained again (state_at's rate is this)."""
    epoch = run.epoch_index(epoch)
    index = _trained_by(run, epoch)
    segment = run.segments[index]
    if index == 0:
        rate = segment.config.learning_rate
    else:
        before = run.segments[index - 1].config
        rate = _rate_after(rate_at(run, segment.start), before, segment.config.learning_rate)
    for _ in range(epoch - segment.start):
        rate = rate * segment.config.anneal
    if learning_rate is None:
        return rate
    return _rate_after(rate, segment.config, learning_rate)


def _rate_after(rate: float, old: TrainingConfig, learning_rate: float) -> float:
    """The rate of the first epoch trained with `learning_rate` after epochs trained with `old`,
    whose schedule reached `rate`: the schedule goes on with the same learning_rate, a new one
    starts there."""
    return rate if learning_rate == old.learning_rate else learning_rate


def continue_run(
    run: Run,
    epoch: int,
    config: TrainingConfig,
    parameters: np.ndarray | None = None,
    engine: str = "auto",
) -> Run:
    """`run` up to `epoch`, then trained on up to epoch config.epochs with config's settings.

    `parameters` (a flat vector as network.pack lays them out, finite, of the run's size)
    replaces the parameters after `epoch`, a student's edit say; with config.epochs == epoch
    nothing is trained and the run ends with them. The new run's history and loss are the
    run's up to `epoch`, then the new epochs'; its segments the run's up to `epoch`, then
    (epoch, config); its config is `config`.
    """
    check_engine(engine)
    epoch = run.epoch_index(epoch)
    if changes := network_and_data_changes(run.config, config):
        raise ValueError("a continuation keeps the run's network and data: " + "; ".join(changes))
    if config.epochs < epoch:
        raise ValueError(f"epochs={config.epochs} must be at least the epoch to go from, {epoch}")
    state = state_at(run, epoch, engine)
    if parameters is not None:
        state = state.with_parameters(parameters)
    state = _carried(state, run.segments[_trained_by(run, epoch)].config, config)
    history, loss, _ = fit(config, run.X, run.y, state, engine)
    done = epoch + len(loss)
    kept = tuple(
        replace(segment, config=replace(segment.config, epochs=min(segment.end, epoch)))
        for segment in run.segments
        if segment.start < epoch
    )
    return Run(
        config=config,
        X=run.X,
        y=run.y,
        X_test=run.X_test,
        y_test=run.y_test,
        sizes=run.sizes,
        history=np.concatenate([run.history[:epoch], history]),
        loss=np.concatenate([run.loss[:epoch], loss]),
        diverged_at=None if done == config.epochs else done + 1,
        segments=(*kept, Segment(epoch, config)),
    )


def _trained_by(run: Run, epoch: int) -> int:
    """The index of the segment that trained epoch `epoch` (segment 0 for epoch 0)."""
    return max((i for i, segment in enumerate(run.segments) if segment.start < epoch), default=0)


def _carried(state: TrainingState, old: TrainingConfig, new: TrainingConfig) -> TrainingState:
    """The state to go on from with settings `new` after training with `old`: the same, at
    the rate `_rate_after` says."""
    return replace(state, rate=_rate_after(state.rate, old, new.learning_rate))


def _state(run: Run, epoch: int, engine: str) -> TrainingState:
    """The state after `epoch` epochs: the segment that trained it, replayed from its start."""
    index = _trained_by(run, epoch)
    segment, start = run.segments[index], _start_of(run, index, engine)
    if epoch == start.epoch:
        return start
    velocity = np.zeros_like(start.velocity)
    if segment.config.momentum:
        _, loss, velocity = fit(replace(segment.config, epochs=epoch), run.X, run.y, start, engine)
        if len(loss) < epoch - segment.start:
            raise ValueError(f"epoch={epoch}: training the run again diverges before it")
    return TrainingState(
        epoch, run.history[epoch], velocity, rate_at(run, epoch), float(run.loss[0])
    )


def _start_of(run: Run, index: int, engine: str) -> TrainingState:
    """The state segment `index` started from."""
    segment = run.segments[index]
    if index == 0:
        theta = run.history[0]
        return TrainingState(0, theta, np.zeros_like(theta), segment.config.learning_rate)
    before = _state(run, segment.start, engine)
    return _carried(before, run.segments[index - 1].config, segment.config)


@dataclass(frozen=True)
class Stage:
    """One continuation as data: from epoch `start`, the parameters at `edits` (index, value)
    set, then trained with `config` up to config.epochs."""

    start: int
    config: TrainingConfig
    edits: tuple[tuple[int, float], ...] = ()


def continued(run: Run, stage: Stage) -> Run:
    """`run` continued by `stage` (see `continue_run`)."""
    parameters = None
    if stage.edits:
        parameters = run.history[run.epoch_index(stage.start)].copy()
        for index, value in stage.edits:
            parameters[index] = value
    return continue_run(run, stage.start, stage.config, parameters=parameters)
