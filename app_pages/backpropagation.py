"""Backpropagation (Figure 6): online training walked one sample, and one of four steps, at a time.

The walk's state lives in st.session_state (`ann_app.backprop.walk`); every number on the page
comes from `ann_core.training.backprop_step`, the call the training loop makes per sample.
"""

import streamlit as st

from ann_app.backprop import display
from ann_app.backprop import walk as walks
from ann_app.content.tables import BACKPROP_SETTINGS
from ann_app.settings.widgets import render_settings, warn_ignored
from ann_app.shell import ui
from ann_core import network, training
from ann_core.divergence import STEP_RULE_IN_WORDS
from ann_core.formatting import column_format, number

PAGE = "backpropagation"
STATE = f"{PAGE}.walk"

st.title("Backpropagation, one sample at a time")
st.markdown(
    "Training a network online means repeating four steps for every sample (the post's "
    "Figure 6): **I** push the input forward, **II** send the output's error back as a "
    "*delta* for every unit, **III** turn each delta into gradients, **IV** nudge every weight "
    "against its gradient. Press **Next step** to walk through them with real numbers; they "
    "are exactly the numbers the training on the other pages computes."
)
values, ignored = render_settings(BACKPROP_SETTINGS, page=PAGE)
warn_ignored(ignored)
config = walks.walk_config(values)
if config.loss != values.loss:
    st.info(
        "Cross-entropy needs a sigmoid output (it reads the output as a probability), so this "
        "walk uses the squared error. Choose a sigmoid output to use cross-entropy.",
        icon="ℹ️",
    )
dataset, initial = training.prepare(config)
n_samples = len(dataset.y)

walk = st.session_state.get(STATE)
if walk is None or walk.key != walks.walk_key(config):
    walk = walks.start(config, initial)  # a new network, data, penalty or seed: start over
stopped = walks.diverged(walk)
buttons = st.columns(4)
if buttons[0].button("Next step", type="primary", disabled=stopped, width="stretch"):
    walk = walks.next_step(walk, config, dataset)
if buttons[1].button("Next sample", disabled=stopped, width="stretch"):
    walk = walks.next_sample(walk, config, dataset)
if buttons[2].button("Next epoch", disabled=stopped, width="stretch"):
    walk = walks.next_epoch(walk, config, dataset)
if buttons[3].button("Reset walk", width="stretch"):
    walk = walks.start(config, initial)
st.session_state[STATE] = walk
if walks.diverged(walk) and not stopped:
    st.rerun()  # the buttons above were drawn before this step diverged: redraw them disabled

step = walks.current_step(walk, config, dataset)
x, t = dataset.X[walk.sample], dataset.y[walk.sample : walk.sample + 1]
done = walks.samples_done(walk, n_samples)
status = st.columns(5)
status[0].metric("epoch", walk.epoch + 1)
status[1].metric("sample", f"{walk.sample + 1} of {n_samples}")
status[2].metric("step", walks.STEPS[walk.step], help=" → ".join(walks.STEP_NAMES))
status[3].metric("learning rate η", f"{walk.rate:.4g}")
status[4].metric("this sample's loss", number(step.losses[0], 4))
if walks.diverged(walk):
    st.error(
        f"The walk diverged after {done} samples: {STEP_RULE_IN_WORDS}. The steps were too "
        f"large for this error surface: lower the learning rate η (now {walk.rate:.4g}) and "
        "press **Reset walk**.",
        icon="💥",
    )

inputs = ", ".join(f"{v:.3f}" for v in x)
st.markdown(
    f"The current sample is **x = ({inputs})** with target **t = {t[0]:g}** "
    f"({config.problem}, {done} samples trained on so far)."
)
picture, side = st.columns([2, 1], gap="large")
with picture:
    st.graphviz_chart(display.backprop_dot(step, t, config.activations, walk.step), width="stretch")
    st.caption(
        "Each unit shows its z and a (Step I) and, from Step II, its delta δ. Edge colour is the "
        "sign (blue +, red − and dashed) and width the size: of the weights in Steps I and II, "
        "of their gradients in Step III, of the new weights in Step IV. Biases are not drawn."
    )
with side:
    st.markdown("**Loss of each sample so far**")
    if walk.losses:
        ui.chart(display.walk_loss_chart(display.walk_loss_frame(walk.losses, n_samples, done)))
    else:
        st.caption("Finish a sample (Next sample, or Next step after Step IV) to plot its loss.")
    with st.expander("The weights and biases before this sample"):
        st.dataframe(
            display.parameter_frame(walk.params),
            hide_index=True,
            column_config={
                "value": st.column_config.NumberColumn(format=column_format(walk.theta, 6))
            },
        )

labels = [
    f"{'▶ ' if k == walk.step else ''}Step {name} · {walks.STEP_NAMES[k]}"
    for k, name in enumerate(walks.STEPS)
]
tabs = st.tabs(labels, default=labels[walk.step])
tables = (
    (display.forward_frame(step, config.activations), ["Σ aᵢ·wᵢⱼ + bⱼ"], ["z", "a = g(z)"]),
    (
        display.backward_frame(step, t, config.activations, config.loss),
        ["sources", "a − t  or  Σₖ δₖ·wⱼₖ", "g′(z)"],
        ["δ"],
    ),
    (display.gradient_frame(step), *display.gradient_tints(step)),
    (display.update_frame(step, walk.rate), ["w (old)", "−η·∂E/∂w"], ["w (new)"]),
)
notes = (
    "Each unit adds up its inputs times its weights plus its bias (the blue column spells the "
    "products out), giving z, and passes z through its activation g to give a.",
    "The output's delta is its error a − t times the slope g′(z); a hidden unit's delta is the "
    "deltas of the layer above, weighted by the weights out of the unit (blue: δₖ·wⱼₖ), times "
    "its own slope g′(z). That is how blame flows backwards. With cross-entropy and a sigmoid "
    "output the slope cancels and δ = a − t.",
    "Every weight's gradient is the signal coming into it (a_prev, from Step I) times the delta "
    "of the unit it feeds (from Step II); a bias sees a constant input of 1. Here E is "
    "½(a − t)² for squared error; the loss plotted is (a − t)², as the post reports it.",
    f"Every parameter moves against its gradient, by the learning rate η = {walk.rate:.4g}. "
    "The new values are where the next sample starts.",
)
penalty = display.active_penalty(step)
if penalty != "none":
    notes = (
        *notes[:2],
        f"{notes[2]} {display.penalty_note(penalty, config.reg_rate)}",
        f"{notes[3]} The gradient ∂E/∂w here is Step III's total: the data's share plus the "
        "penalty's.",
    )
for k, (tab, (frame, sources, results)) in enumerate(zip(tabs, tables, strict=True)):
    with tab:
        if k > walk.step:
            st.info(f"Press **Next step** to reveal Step {walks.STEPS[k]}.", icon="👆")
            continue
        st.latex(display.equations(config.loss, penalty)[k])
        st.dataframe(display.styled(frame, sources, results), hide_index=True)
        st.caption(notes[k])

st.header("Gradient check")
check = walks.check_gradients(walk, config, dataset)
st.markdown(
    "Backprop is a fast way to get every gradient at once (here: this sample's, with the "
    "weights before its update). A slow way checks it: nudge one "
    "parameter up and down by h = 10⁻⁶ and see how much the loss changes, "
    "(E(w + h) − E(w − h)) / 2h. The two columns should agree to about seven digits."
    + (" Here E includes the penalty Ω, so its share is checked too." if penalty != "none" else "")
)
st.metric("largest relative difference", f"{check.max_relative_difference:.1e}")
if not check.max_relative_difference < 1e-4:
    st.caption(
        "They disagree here because the loss is huge (or infinite): a nudge of 10⁻⁶ is lost "
        "in the rounding of such large numbers, so the finite differences are noise."
    )
gradients = display.gradient_check_frame(check, walk.sizes)
st.dataframe(
    gradients,
    hide_index=True,
    column_config={
        **{
            column: st.column_config.NumberColumn(format=column_format(gradients[column], 8))
            for column in ("backprop", "finite differences")
        },
        "relative difference": st.column_config.NumberColumn(format="%.1e"),
    },
)
ui.show_code(
    network.forward,
    network.backward,
    network.gradients,
    network.update,
    training.backprop_step,
    label="Show the code behind the four steps",
)
