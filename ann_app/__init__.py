"""The Streamlit app layer of Gentle ANN: what a student sees, built on the `ann_core` engine.

The maths lives in `ann_core`, once; here it becomes pages. Each subpackage has one job:

    settings/   how a page declares its controls (a table of `Setting`s) and its link, and
                gets them back as widgets, URL parameters and a typed record of values
    content/    what the app says and offers: every page's settings table and presets, the
                lesson, the formulas, the CSV and link formats of your own data, a history
                and a pin, every label and colour
    charts/     pure builders: the DataFrames a page draws and the Altair, Graphviz and
                matplotlib pictures drawn from them (no Streamlit)
    training/   the Classification and Regression pages' machinery: their state and link,
                setup and findings, the epoch scrubber, continue, pin, draw, uploads, downloads
    backprop/   the Backpropagation page's walk (state) and its tables and diagram
    autoencoders/  the Autoencoders page's link, its bottleneck under the epoch slider and
                its comparison of random and pretrained starts
    shell/      the frame around every page: navigation, presenter view, supported Pythons,
                small Streamlit helpers
    cached.py   every expensive call, behind `st.cache_data` with bounded entries

Imports run downwards, each layer using only the ones below it (and itself):

    Layers, lowest first: shell < settings < content < charts < cached < training, backprop,
    autoencoders

pages (app_pages/) use any of these; no module imports another's private (_) name.
tests/unit/test_layers.py checks both from the source, and that each subpackage's docstring
names its modules as they are.
"""
