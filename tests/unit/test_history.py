"""The training history as link text (content/history.py): the round trip, every malformed
value refused with its reason, the bounds, how a new segment joins the history and what a
chart's mark says; the weights table's rows and edits; a history's steps continue a run as
`ann_core.continue_run` does."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

from ann_app.charts import training_frames, training_plots
from ann_app.content.history import (
    MAX_EDITS,
    MAX_EPOCHS,
    MAX_SEGMENTS,
    Continuation,
    appended,
    check_sizes,
    encode,
    label,
    parse,
    segment,
    values_at,
)
from ann_app.content.training_tables import CLASSIFICATION_SETTINGS
from ann_app.settings.setting import values_of
from ann_app.training.config import config_from
from ann_app.training.continuation import edited, stages
from ann_core import TrainingConfig, continue_run, train
from ann_core.continuation import continued
from ann_core.network import unpack

SETTINGS = CLASSIFICATION_SETTINGS
DEFAULTS = values_of(SETTINGS, {s.name: s.default for s in SETTINGS})

HISTORY = (
    segment(50, 50, {"lr": 0.5, "batching": "mini-batch", "batch": 7}),
    segment(100, 20, {"loss": "cross_entropy", "reg": "l2", "reg_rate": 1e-05}, {3: -1.25}),
    segment(120, 0, edits={0: 0.1, 12: 250.0}),
)
TEXT = (
    "v1~50,50,lr:0.5,batching:mini-batch,batch:7"
    "~100,20,loss:cross_entropy,reg:l2,reg_rate:1e-05,p3:-1.25~120,0,p0:0.1,p12:250"
)


def test_a_history_round_trips_through_its_link_text():
    assert encode(HISTORY, SETTINGS) == TEXT
    assert parse(TEXT, SETTINGS) == HISTORY
    assert encode((), SETTINGS) == ""
    # any order of a segment's parts reads the same; the link is written in one order
    assert parse("v1~0,5,p2:1,lr:3,p1:0", SETTINGS) == (segment(0, 5, {"lr": 3.0}, {1: 0, 2: 1}),)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "does not start with the version"),
        ("50,50", "does not start with the version"),
        ("v2~50,50", "unknown version 'v2'"),
        ("v1", "holds no segment"),
        ("v1~", "does not start with start,epochs"),
        ("v1~50", "does not start with start,epochs"),
        ("v1~50,x", "does not start with start,epochs"),
        ("v1~-5,50", "does not start with start,epochs"),
        ("v1~05,50", "does not start with start,epochs"),
        ("v1~50,5.5", "does not start with start,epochs"),
        ("v1~50,50,lr", "'lr' is not name:value"),
        ("v1~50,50,lr:abc", "lr='abc' is not a number"),
        ("v1~50,50,lr:1000", "lr='1000' is outside the range"),
        ("v1~50,50,lr:nan", "lr='nan' is not a finite number"),
        ("v1~50,50,anneal:0.1", "outside the range"),
        ("v1~50,50,loss:mae", "not one of sse, cross_entropy"),
        ("v1~50,50,batching:sometimes", "not one of online"),
        ("v1~50,50,lr:1,lr:2", "sets lr twice"),
        ("v1~50,50,p3:1,p3:2", "sets p3 twice"),
        ("v1~50,50,epochs:10", "'epochs' is not a training setting"),
        ("v1~50,50,layers:2", "'layers' is not a training setting"),
        ("v1~50,50,p:1", "'p' is not a training setting"),
        ("v1~50,50,p03:1", "'p03' is not a training setting"),
        ("v1~50,50,p10000:1", "'p10000' is not a training setting"),
        ("v1~50,50,p3:abc", "p3='abc' is not a number"),
        ("v1~50,50,p3:inf", "p3='inf' is not a number"),
        ("v1~50,50,p3:1e+5", "p3='1e+5' is not a number"),
        ("v1~50,50,p3:1001", "p3=1001 is outside ±1000"),
        ("v1~50,50~90,10", "segment 2 starts at epoch 90, not where segment 1 ends (100)"),
        ("v1~50,0,p1:1~50,10", "segment 1 has 0 epochs"),
        ("v1~50,0", "segment 1 has 0 epochs"),
        ("v1~0,0,p1:1", "segment 1 has 0 epochs"),
        ("v1" + "~0,1" * (MAX_SEGMENTS + 1), f"a link holds at most {MAX_SEGMENTS}"),
        (f"v1~0,{MAX_EPOCHS + 1}", f"a link holds at most {MAX_EPOCHS}"),
        (
            "v1~0,1," + ",".join(f"p{i}:1" for i in range(MAX_EDITS + 1)),
            f"a link holds at most {MAX_EDITS}",
        ),
    ],
)
def test_a_malformed_link_is_refused_with_its_reason(text, reason):
    with pytest.raises(ValueError, match=re.escape(reason)):
        parse(text, SETTINGS)


def test_the_bounds_hold_exactly_at_their_limits():
    assert len(parse("v1" + "~0,1" * 0 + "".join(f"~{i},1" for i in range(10)), SETTINGS)) == 10
    assert parse(f"v1~0,{MAX_EPOCHS}", SETTINGS)[0].epochs == MAX_EPOCHS
    edits = ",".join(f"p{i}:1" for i in range(MAX_EDITS))
    assert len(parse(f"v1~0,1,{edits}", SETTINGS)[0].edits) == MAX_EDITS


def test_a_network_and_a_base_run_must_hold_the_history():
    check_sizes(HISTORY, n_parameters=13, epochs=50)
    with pytest.raises(ValueError, match="edits p12; the network has 12 parameters"):
        check_sizes(HISTORY, n_parameters=12, epochs=50)
    with pytest.raises(ValueError, match="starts at epoch 50, after the run's last \\(40\\)"):
        check_sizes(HISTORY, n_parameters=13, epochs=40)


def test_a_new_segment_cuts_the_one_it_starts_in_and_joins_an_edit_kept_there():
    assert appended(HISTORY[:2], segment(80, 10)) == (
        dataclasses.replace(HISTORY[0], epochs=30),
        segment(80, 10),
    )
    # before the first segment: it replaces them all
    assert appended(HISTORY, segment(20, 10)) == (segment(20, 10),)
    # at the end of a kept edit: one segment with the kept edits and the new ones
    joined = appended(HISTORY, segment(120, 30, {"lr": 1.0}, {12: 3.0, 5: 2.0}))
    assert joined[-1] == segment(120, 30, {"lr": 1.0}, {0: 0.1, 5: 2.0, 12: 3.0})
    assert joined[:2] == HISTORY[:2]


def test_a_mark_says_what_a_segment_changed_from_the_settings_before_it():
    before = values_at(DEFAULTS, HISTORY, 0)
    assert label(DEFAULTS, HISTORY[0], SETTINGS) == (
        "η 2 → 0.5; online (one sample) → mini-batch; batch 10 → 7"
    )
    assert label(before, HISTORY[1], SETTINGS) == (
        "loss squared error (SSE) → cross-entropy; penalty none → L2; λ 0 → 1e-05; "
        "1 parameter edited"
    )
    assert label(DEFAULTS, segment(0, 5, {"lr": 2.0}), SETTINGS) == "same settings"
    assert label(DEFAULTS, HISTORY[2], SETTINGS) == "2 parameters edited"


def test_the_weights_table_lists_the_parameters_as_pack_lays_them_out():
    sizes, theta = (2, 3, 1), np.arange(13.0)
    frame = training_frames.parameters_frame(sizes, ("x₁", "x₂"), theta)
    (w1, b1), (w2, b2) = unpack(theta, sizes)
    row = frame.set_index("p")
    assert row.loc[5, ["layer", "from", "to", "value"]].tolist() == [
        "inputs → hidden 1",
        "x₂",
        "h¹₃",
        w1[1, 2],
    ]
    assert row.loc[7, ["from", "to", "value"]].tolist() == ["h¹₂", "ŷ", w2[1, 0]]
    assert row.loc[11, ["from", "to", "value"]].tolist() == ["bias", "h¹₃", b1[2]]
    assert row.loc[12, ["layer", "from", "to", "value"]].tolist() == [
        "hidden 1 → output",
        "bias",
        "ŷ",
        b2[0],
    ]
    changed = frame.assign(value=frame["value"].where(frame["p"] != 4, -7.5))
    changed.loc[2, "value"] = np.nan  # an emptied cell
    assert training_frames.edits_of(frame, changed) == {4: -7.5}
    assert training_frames.edits_of(frame, frame.copy()) == {}


def test_the_marks_go_on_a_chart_as_rules_with_their_notes():
    run = train(TrainingConfig(epochs=5))
    marks = training_frames.marks_frame([(3, "η 2 → 0.5")])
    chart = training_plots.with_marks(
        training_plots.loss_chart(training_frames.loss_frame(run), 2), marks
    )
    spec = chart.to_dict()
    assert {"epoch": 3, "change": "η 2 → 0.5"} in [
        row for rows in spec["datasets"].values() for row in rows
    ]
    assert [layer["mark"]["type"] for layer in spec["layer"]][-2:] == ["rule", "text"]
    plain = training_plots.loss_chart(training_frames.loss_frame(run), 2)
    assert training_plots.with_marks(plain, training_frames.marks_frame([])) is plain


def test_a_history_continues_the_sidebar_run_as_continue_run_does():
    values = dataclasses.replace(DEFAULTS, epochs=20, n=10)
    config = config_from(values, "classification")
    history = (segment(10, 15, {"lr": 0.5}, {2: 3.0}), segment(25, 5, {"momentum": 0.5}))
    made = stages(values, history, "classification")
    first = dataclasses.replace(config, learning_rate=0.5, epochs=25)
    assert made[0].config == first and made[0].edits == ((2, 3.0),)
    assert made[1].config == dataclasses.replace(first, momentum=0.5, epochs=30)
    run = train(config)
    theta = run.history[10].copy()
    theta[2] = 3.0
    by_hand = continue_run(continue_run(run, 10, first, parameters=theta), 25, made[1].config)
    ours = continued(continued(run, made[0]), made[1])
    assert np.array_equal(ours.history, by_hand.history)
    assert np.array_equal(ours.loss, by_hand.loss)
    assert ours.segments == by_hand.segments
    # a pending edit: the run up to the epoch, the edited parameters there, nothing trained
    pending = continued(ours, edited(ours, 12, {0: 9.0}))
    assert pending.epochs == 12 and pending.history[12, 0] == 9.0
    assert np.array_equal(pending.history[12, 1:], ours.history[12, 1:])
    assert pending.segments[-1].config == dataclasses.replace(first, epochs=12)
    with pytest.raises(ValueError, match="loss='cross_entropy' needs output_activation"):
        stages(
            dataclasses.replace(values, output="tanh"),
            (segment(5, 5, {"loss": "cross_entropy"}),),
            "classification",
        )


def test_a_segment_is_its_canonical_form():
    assert segment(1, 2, {"reg": "l1", "lr": 1.0}, {5: 1, 2: 0}) == Continuation(
        1, 2, (("lr", 1.0), ("reg", "l1")), ((2, 0.0), (5, 1.0))
    )
    with pytest.raises(ValueError, match="epochs cannot change"):
        segment(1, 2, {"epochs": 5})
