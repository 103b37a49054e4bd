"""The Streamlit app layer of Gentle ANN: what a student sees, built on the `ann_core` engine.

The maths lives in `ann_core`, once; here it becomes pages. Each subpackage has one job:

    settings/   how a page declares its controls (a table of `Setting`s) and gets them back as
                widgets, URL parameters and a typed record of values
    content/    what the app says and offers: every page's settings table and presets, the
                lesson, the formulas, the CSV format of your own data, every label and colour
    charts/     pure builders: the DataFrames a page draws and the Altair, Graphviz and
                matplotlib pictures drawn from them (no Streamlit)
    training/   the Classification and Regression pages' machinery: setup and findings,
                the epoch scrubber, uploads, downloads, the widgets-to-TrainingConfig step
    backprop/   the Backpropagation page's walk (state) and its tables and diagram
    shell/      the frame around every page: navigation, presenter view, supported Pythons,
                small Streamlit helpers
    cached.py   every expensive call, behind `st.cache_data` with bounded entries

Imports run downwards: pages use any of these; training/ and backprop/ use charts/, content/,
settings/, shell/ and cached; cached.py uses charts/ and content/;
charts/ and content/ use only ann_core, content.labels and settings.setting; settings/ uses
shell.presenter (the URL keeps the presenter view).
"""
