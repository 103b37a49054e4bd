"""The Streamlit app layer of Gentle ANN: settings, chart builders, diagrams and cached calls.

Everything here turns results of the `ann_core` engine into things a student sees; the maths
itself lives in `ann_core`, once.
"""
