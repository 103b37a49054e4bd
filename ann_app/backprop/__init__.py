"""The Backpropagation page's pieces: `walk.py`, where the walk through online training stands
(plain state for st.session_state, no Streamlit), and `display.py`, the tables, equations,
diagram and loss chart of one step (no Streamlit)."""
