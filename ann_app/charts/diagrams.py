"""Network diagrams as Graphviz DOT text, drawn in the browser by `st.graphviz_chart`.

`network_dot` draws any fully connected network from its layer sizes (Figure 3; a trained
network is drawn by Vega, training_plots.network_chart). `chain_dot` draws the post's tiny networks
of Figures 4 and 5, and `neuron_dot` a single unit with live numbers (Figure 1).
"""

from __future__ import annotations

from collections.abc import Sequence

from ann_app.content.labels import NEGATIVE, POSITIVE, SUBSCRIPTS, unit_name

_GRAPH = (
    'graph [rankdir=LR, bgcolor="transparent", nodesep=0.25, ranksep=0.9, '
    'fontname="Helvetica"];\n'
    'node [shape=circle, style=filled, fillcolor="#f0f3f7", color="#333333", '
    'fontname="Helvetica", fontsize=12, width=0.55, fixedsize=true];\n'
    'edge [color="#555555", arrowsize=0.6, fontname="Helvetica", fontsize=11];\n'
)


def _sub(symbol: str, index: str | int) -> str:
    """symbol with a subscript in Unicode: a₁, aₒᵤₜ."""
    return symbol + str(index).translate(SUBSCRIPTS)


def network_dot(sizes: Sequence[int]) -> str:
    """A layered network, its units named by `unit_name` as every page names them: inputs x₁,
    hidden units h¹₁ (layer over unit), one or more outputs ŷ; biases not drawn."""
    if len(sizes) < 2 or any(int(n) < 1 for n in sizes):
        raise ValueError(f"need at least two layers of at least one unit, got {tuple(sizes)}")
    lines = ["digraph network {", _GRAPH]
    last = len(sizes) - 1
    for layer, n in enumerate(sizes):
        if layer == 0:
            name, fill = "input", "#ffffff"
        elif layer == last:
            name, fill = "output", "#dde8f5"
        else:
            name, fill = f"hidden {layer}", "#f0f3f7"
        # One rank per layer: a caption on top, then the units, held in order by an invisible
        # chain (Graphviz would otherwise shuffle them to reduce crossings).
        units = [f"n{layer}_{unit}" for unit in range(int(n))]
        lines.append(
            f'{{ rank=same; L{layer} [shape=plaintext, fixedsize=false, style="", '
            f'fontsize=11, label="{name}"];'
        )
        for unit, node in enumerate(units):
            size = ", shape=ellipse, fixedsize=false" if layer == 0 else ""
            label = unit_name(layer, unit, sizes)
            lines.append(f'  {node} [label=<{label}>, fillcolor="{fill}"{size}];')
        lines.append(f"  {' -> '.join([f'L{layer}', *units])} [style=invis]; }}")
    for layer in range(last):
        for i in range(int(sizes[layer])):
            for j in range(int(sizes[layer + 1])):
                lines.append(f"n{layer}_{i} -> n{layer + 1}_{j};")
    lines.append("}")
    return "\n".join(lines)


def chain_dot(n_weights: int, activation: str, weights: Sequence[float] | None = None) -> str:
    """The post's tiny networks: a0 -> a_out (one weight) or a0 -> a1 -> a_out (two weights)."""
    if n_weights not in (1, 2):
        raise ValueError(f"the tiny networks have one or two weights, got {n_weights}")
    nodes = [_sub("a", 0)] + ([_sub("a", 1)] if n_weights == 2 else []) + [_sub("a", "out")]
    lines = ["digraph chain {", _GRAPH, "graph [ranksep=0.25];"]
    for k, label in enumerate(nodes):
        fill = "#ffffff" if k == 0 else "#dde8f5"
        lines.append(f'u{k} [label="{label}", fillcolor="{fill}"];')
    for k in range(n_weights):
        value = f" = {weights[k]:.2f}" if weights is not None else ""
        lines.append(f'u{k} -> u{k + 1} [label="{_sub("w", k + 1)}{value}"];')
    lines.append(f'label="g = {activation}, no biases"; labelloc=b; fontsize=11;')
    lines.append("}")
    return "\n".join(lines)


def neuron_dot(
    inputs: Sequence[float],
    weights: Sequence[float],
    bias: float,
    z: float,
    output: float,
    activation: str,
) -> str:
    """Figure 1 with live numbers: inputs and a +1 bias input, weighted into z, then g(z).

    Narrow on purpose: Streamlit draws all Graphviz text at one small size (0.6 rem) and shrinks
    a drawing to its column, so each label is a name over its value (an edge's in the edge's
    colour), and the drawing is scaled up to 4 inches wide where there is room. Plain labels,
    not HTML-like ones, as Graphviz centres their lines whatever font draws them.
    """
    if len(inputs) != len(weights):
        raise ValueError("one weight per input")
    lines = ["digraph neuron {", _GRAPH]
    lines.append('graph [nodesep=0.25, ranksep=0.12, size="4,4!"];')
    # laid out for text of 12 points: room for the presenter view's larger 0.6 rem
    lines.append("node [fontsize=12, fixedsize=false, width=0.5, margin=0.02];")
    lines.append("edge [fontsize=12];")
    for i, a in enumerate(inputs):
        lines.append(f'in{i} [label="{_sub("a", i + 1)}\\n{a:.2f}", fillcolor="#ffffff"];')
    lines.append('bias [label="+1", fillcolor="#ffffff"];')
    lines.append(f'sum [label="z\\n{z:.2f}", fillcolor="#f0f3f7"];')
    lines.append(
        f'out [label="{_sub("a", "out")}\\n{output:.3f}", shape=box, style="rounded,filled", '
        f'fillcolor="#dde8f5"];'
    )
    edges = [(f"in{i}", _sub("w", i + 1), w) for i, w in enumerate(weights)] + [("bias", "b", bias)]
    for node, name, w in edges:
        colour, dash = (POSITIVE, "solid") if w >= 0 else (NEGATIVE, "dashed")
        width = 0.8 + min(abs(w), 5.0) * 0.6
        lines.append(
            f'{node} -> sum [label="{name}\\n{w:.2f}", color="{colour}", fontcolor="{colour}", '
            f"penwidth={width:.2f}, style={dash}];"
        )
    lines.append(f'sum -> out [label="{activation}"];')
    lines.append("}")
    return "\n".join(lines)
