"""The compiled kernel's integer codes must name the same activations and losses as the tables."""

from ann_core import _kernel
from ann_core.activations import ACTIVATION_CODES
from ann_core.losses import LOSS_CODES


def test_kernel_codes_match_the_tables():
    assert ACTIVATION_CODES == {
        "linear": _kernel.LINEAR,
        "sigmoid": _kernel.SIGMOID,
        "tanh": _kernel.TANH,
        "relu": _kernel.RELU,
        "leaky_relu": _kernel.LEAKY_RELU,
        "elu": _kernel.ELU,
        "softplus": _kernel.SOFTPLUS,
    }
    # the codes are stable: links and saved runs name activations, the kernel numbers them
    assert list(ACTIVATION_CODES.values()) == list(range(7))
    assert LOSS_CODES == {"sse": _kernel.SSE, "cross_entropy": _kernel.CROSS_ENTROPY}


def test_numpys_own_loops_are_in_use_on_this_machine():
    # If this fails, NumPy changed its ufunc layout: the kernel still trains correctly with
    # the C library's exp and tanh, but no longer bit for bit like the NumPy engine.
    import numpy as np

    from ann_core._numpy_loops import numpy_loop

    assert all(numpy_loop(ufunc) is not None for ufunc in (np.exp, np.tanh, np.log1p))
