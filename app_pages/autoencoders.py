"""Autoencoders (issue 34): learning without targets. A bottleneck that squeezes points through
one unit, epoch by epoch; and pretraining a deep network's layers with autoencoders, against
random starts over many seeds."""

from functools import partial

import streamlit as st

from ann_app.autoencoders import bottleneck, starts_view, state
from ann_app.autoencoders.config import bottleneck_config, bottleneck_data
from ann_app.content.autoencoder_tables import AUTOENCODER_SETTINGS, COMPARE, EXAMPLES
from ann_app.settings.widgets import draw_settings, warn_ignored
from ann_app.shell import ui
from ann_core import autoencoder, start_trials

PAGE = "autoencoders"

st.title("Autoencoders")
st.markdown(
    "An **autoencoder** learns without targets: it is trained to give back its own input "
    "through a narrow layer, the **code**. Here each point goes through 2 → 8 → 1 → 8 → 2 (a "
    "code of one unit, set in the sidebar); scrub through the epochs, or press Play."
)
notice = st.container()
ignored = state.load(PAGE, AUTOENCODER_SETTINGS)
examples, main = st.container(), st.container()
st.header("Pretraining: learning a deep network's first weights without targets")
st.markdown(
    "Greedy layer-wise pretraining (Hinton and Salakhutdinov, 2006; Bengio et al., 2007) trains "
    "an autoencoder with one hidden layer on the inputs and keeps its encoder as the deep "
    "network's first layer; the next autoencoder learns from that layer's outputs, and so on up "
    "the network. The targets are used only afterwards, when the whole network trains as any "
    "other. Does it help? The network below is the Lesson's plateau (XOR through three sigmoid "
    "layers of 4), trained from many seeds, each from three starts: the post's random draws, "
    "pretrained layers, and the random draws scaled to the pretrained weights' sizes, which "
    "tells how much of any gain is the size of the weights alone."
)
switch, comparison = st.container(), st.container()
values = draw_settings(AUTOENCODER_SETTINGS, page=PAGE, containers={COMPARE: switch})
with notice:
    warn_ignored(ignored)
publish = partial(state.publish, PAGE, AUTOENCODER_SETTINGS, values)
try:
    data, config = bottleneck_data(values), bottleneck_config(values)
except ValueError as error:
    publish(None)
    st.error(f"These settings cannot train: {error}", icon="🚫")
    st.stop()

with examples:
    bottleneck.example_buttons(PAGE, AUTOENCODER_SETTINGS, EXAMPLES)
with main:
    bottleneck.section(PAGE, values, data, config, publish)
    st.markdown(
        "The network has two inputs, a layer of tanh units, a code of one unit, another layer "
        "and two linear outputs, and it is trained to give back the points: their classes are "
        "not used (the points are centred and scaled first). With one code value per point, "
        "every reconstruction lies on one curve, the decoder's outputs as the code runs over "
        "its values; the layers around the code can bend it to follow the points. With no "
        "layers around the code the decoder is one linear layer and the curve a straight "
        "line: at best the line **principal component analysis** (PCA) finds, the principal "
        "axis. Play the first example (the ring, the page's defaults): for about 30 epochs the "
        "reconstructions lie nearly on a straight line, about as far from the points as the "
        "best straight line; then the curve bends around the ring, and by epoch 60 the error "
        "is little more than half the line's."
    )
    ui.show_code(autoencoder.train_autoencoder, autoencoder.code_curve)
with comparison:
    if values.compare:
        starts_view.results(values)
        ui.show_code(start_trials.scaled_like, start_trials.compare_starts)
    else:
        st.caption(
            f"Switch it on to train {values.seeds} seeds three times each (a few seconds); "
            "the network is set in the sidebar, under Pretraining."
        )
