"""Activations (Figure 2): g(z) and g'(z) side by side, a probe, and where each one saturates."""

import streamlit as st

from ann_app import cached
from ann_app.charts import frames, plots
from ann_app.content import formulas
from ann_app.content.tables import ACTIVATION_SETTINGS, PROBE
from ann_app.settings.widgets import render_settings, warn_ignored
from ann_app.shell import ui
from ann_core import activations

st.title("Activation functions")
st.markdown(
    "After summing its weighted inputs, every unit passes the total z through an activation "
    "function g. Its shape decides what the unit can express, and its **slope** g′ decides "
    "how fast the unit can learn: training moves each weight in proportion to that slope."
)
notice, probe_area = st.container(), st.container()  # the warning goes above the probe
values, ignored = render_settings(
    ACTIVATION_SETTINGS, page="activations", containers={PROBE: probe_area}
)
with notice:
    warn_ignored(ignored)

names = values.show
if not names:
    st.info("Pick at least one activation in the sidebar to draw its curve.", icon="👈")
else:
    threshold = values.thr if values.shade else None
    curves = cached.activation_curves(names, values.zmax, values.thr)
    probe = frames.probe_table(names, values.z0)
    marks = probe.rename(columns={"z₀": "z", "a = g(z₀)": "value", "g′(z₀)": "derivative"})
    bounded = {name for name in names if activations.get_activation(name).bounded}
    value_panel, slope_panel, formula_panel = st.columns([5, 5, 3], gap="medium")
    with value_panel:
        ui.chart(
            plots.activation_panel(
                curves,
                "value",
                "Activation g(z)",
                values.zmax,
                values.z0,
                marks,
                threshold,
                y_domain=(-1.2, 1.2) if bounded else None,
            )
        )
    with slope_panel:
        ui.chart(
            plots.activation_panel(
                curves, "derivative", "Slope g′(z)", values.zmax, values.z0, marks, threshold
            )
        )
    with formula_panel:
        st.markdown("**Formulas**, with a = g(z)")
        for name in names:
            value_tex, slope_tex = formulas.ACTIVATION_LATEX[name]
            st.caption(name)
            st.latex(rf"\begin{{aligned}}{value_tex}\\ {slope_tex}\end{{aligned}}")
    notes = []
    if bounded and set(names) - bounded:
        notes.append("linear and ReLU run off the top of the left panel, as in the post")
    if threshold is not None:
        notes.append(
            f"pale thick stretches mark where g′(z) < {values.thr:g} (saturated); the grey "
            "band on the right is that zone"
        )
    if notes:
        st.caption("; ".join(notes).capitalize() + ".")

    with probe_area:
        if abs(values.z0) > values.zmax:
            st.caption(f"The probe z₀ = {values.z0:g} lies outside the plotted range.")
    st.subheader(f"At the probe z₀ = {values.z0:g}")
    st.dataframe(
        probe,
        hide_index=True,
        column_order=["activation", "a = g(z₀)", "g′ written from a", "g′(z₀)"],
        column_config={
            "a = g(z₀)": st.column_config.NumberColumn(format="%.4f"),
            "g′(z₀)": st.column_config.NumberColumn(format="%.4f"),
        },
    )
    slow = probe.loc[probe["g′(z₀)"] < values.thr, ["activation", "g′(z₀)"]]
    if len(slow):
        listed = ", ".join(f"**{name}** (g′ = {slope:.4f})" for name, slope in slow.values)
        st.info(
            f"Saturated at z₀ = {values.z0:g}: {listed}, below {values.thr:g}. Almost no error "
            "signal passes back through such a unit, so the weights feeding it barely move.",
            icon="🐢",
        )

st.subheader("Why saturation matters")
st.markdown(
    "Sigmoid and tanh flatten out for large |z|: the output hardly changes however far z "
    "moves, so their slope falls towards 0. That is useful for a yes/no answer, but a unit "
    "stuck there passes almost no error back, and gradient descent crawls. ReLU has the same "
    "problem on its left half, where the slope is exactly 0; linear never saturates but can "
    "only draw straight lines. Note the derivatives on the right are written from the output "
    "alone (a(1 − a), 1 − a²): backpropagation reuses the activations it already computed on "
    "the way forward."
)
ui.show_code(activations.sigmoid, activations.Activation.derivative)
