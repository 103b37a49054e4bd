"""Pure picture builders: the DataFrames a page draws (`frames.py` for the Activations and Error
Surfaces pages, `training_frames.py` for the training pages, `landscape_frames.py` for the loss
landscape, `autoencoder_frames.py` for the Autoencoders page) and the charts drawn from them
(`plots.py`, `training_plots.py`, `landscape_plots.py`, `autoencoder_plots.py`: Altair;
`diagrams.py`: Graphviz; `surface3d.py`, `animation.py`: matplotlib). No Streamlit, so tests
build every chart directly. A new chart goes here; its colours and labels go in
content/labels.py.

Altair encodings are written as channel objects (`alt.X2("x1_end:Q")`, `alt.Tooltip("set:N")`,
`alt.ColorValue(...)`; an `alt.condition` ends in one), never as a shorthand string or a bare
`alt.value` dict: Altair builds those through `from_dict`, about 10 ms a call, on every rerun
(test_chart_options.py checks it)."""
