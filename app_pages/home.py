"""Home: what one artificial neuron computes (Figure 1), how neurons stack (Figure 3), and links."""

import streamlit as st

from ann_app import cached
from ann_app.charts import diagrams
from ann_app.content import formulas, lesson
from ann_app.content.tables import HOME_SETTINGS, NEURON
from ann_app.settings.widgets import render_settings, warn_ignored
from ann_app.shell.navigation import PAGES
from ann_core.network import layer_sizes, n_parameters

st.title("Gentle ANN")
st.markdown(
    "Hands-on pages for the ideas in Dustin Stansbury's post *A Gentle Introduction to "
    "Artificial Neural Networks*: move a slider, watch the maths respond."
)

notice = st.container()  # a warning about the link goes above the first section
st.header("One artificial neuron")
controls, picture = st.columns([2, 3], gap="large")
values, ignored = render_settings(HOME_SETTINGS, page="home", containers={NEURON: controls})
with notice:
    warn_ignored(ignored)

inputs, weights = (values.a1, values.a2), (values.w1, values.w2)
z, a_out = cached.neuron(inputs, weights, values.b, values.g)
with picture:
    st.markdown(
        "A neuron multiplies each input by its own **weight**, adds them up together with a "
        "**bias** (a weight on an input that is always +1) to get the **pre-activation** z, "
        "then passes z through an **activation function** g. That is the whole unit."
    )
    st.latex(formulas.NEURON)
    st.graphviz_chart(diagrams.neuron_dot(inputs, weights, values.b, z, a_out, values.g))
    left, right = st.columns(2)
    left.metric("pre-activation z", f"{z:.3f}")
    right.metric(f"output a = {values.g}(z)", f"{a_out:.3f}")
    st.caption(
        "Try: make w₂ large and negative, or push z far from 0 with a sigmoid and watch the "
        "output stop changing. With a single unit the boundary between high and low outputs is "
        "always a straight line in the inputs."
    )

st.header("Stacking neurons into a network")
sizes = layer_sizes(
    values.inputs, (values.h1, values.h2) if values.h2 else (values.h1,), values.outputs
)
net_text, net_picture = st.columns([2, 3], gap="large")
with net_text:
    st.markdown(
        "One unit can only draw straight boundaries. Put a **hidden layer** of units between "
        "inputs and outputs, feed each unit's output forward as the next layer's input, and "
        "the network can bend its answer into any shape. We count layers by the sets of "
        "weights: one hidden layer makes a *2-layer* network."
    )
    st.markdown(
        f"This one has layer sizes **{sizes}**: {len(sizes) - 1} layers of weights and "
        f"**{n_parameters(sizes)}** weights and biases to learn (biases are not drawn)."
    )
with net_picture:
    st.latex(formulas.NETWORK)
    st.graphviz_chart(diagrams.network_dot(sizes))

st.header("Where to go next")
for page in PAGES[1:]:
    link, blurb = st.columns([1, 3], vertical_alignment="center")
    with link:
        st.page_link(page.path, label=page.title, icon=page.icon)
    # the Lesson's line counts its steps, which only the lesson's own table knows
    blurb.markdown(lesson.in_brief() if page.path == lesson.LESSON else page.blurb)
