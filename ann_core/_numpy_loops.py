"""NumPy's own float64 exp, tanh and log1p, callable from compiled code, for bit-identical results.

NumPy computes exp and tanh with its own SIMD routines, which differ from the C library's in
the last bit for a good share of inputs (log1p may too, depending on the build). Usually
harmless, but some of the post's runs are chaotic: the regression of |x| (Figure 14) turns a
last-bit difference in one tanh into a difference of 0.1 in the weights within ten epochs. So
the compiled kernel calls NumPy's own inner loops, found through the ufunc object; each is
checked against the ufunc at import, and any mismatch falls back to the C library (correct,
but no longer bit-identical).
"""

from __future__ import annotations

import ctypes

import numpy as np

#: The C signature of a NumPy ufunc inner loop: (char **args, npy_intp *dims, steps, data).
LOOP_TYPE = ctypes.CFUNCTYPE(
    None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p
)

# Offsets in PyUFuncObject (numpy/ufuncobject.h, stable since NumPy 1.x): after PyObject_HEAD
# (16 bytes) come four ints, then the `functions` array of inner-loop pointers.
_FUNCTIONS_OFFSET = 32
_DATA_OFFSET = 40


def _call(loop, data: int | None, x: np.ndarray) -> np.ndarray:
    out = np.empty_like(x)
    args = (ctypes.c_void_p * 2)(x.ctypes.data, out.ctypes.data)
    dims = (ctypes.c_ssize_t * 1)(x.size)
    steps = (ctypes.c_ssize_t * 2)(8, 8)
    loop(ctypes.addressof(args), ctypes.addressof(dims), ctypes.addressof(steps), data)
    return out


def numpy_loop(ufunc: np.ufunc):
    """The float64 inner loop of a unary ufunc as a ctypes function, or None if it cannot be
    found or does not reproduce the ufunc exactly on a test vector."""
    if ctypes.sizeof(ctypes.c_void_p) != 8 or "d->d" not in ufunc.types:
        return None
    try:
        index = ufunc.types.index("d->d")
        functions = ctypes.c_void_p.from_address(id(ufunc) + _FUNCTIONS_OFFSET).value
        data = ctypes.c_void_p.from_address(id(ufunc) + _DATA_OFFSET).value
        if not functions:
            return None
        address = ctypes.c_void_p.from_address(functions + 8 * index).value
        data_item = ctypes.c_void_p.from_address(data + 8 * index).value if data else None
        if not address or data_item:  # a loop that needs its data pointer is not for us
            return None
        loop = LOOP_TYPE(address)
        probe = np.linspace(-30.0, 30.0, 1001)
        with np.errstate(all="ignore"):  # log1p is nan below -1: nan must match nan there
            if not np.array_equal(_call(loop, None, probe), ufunc(probe), equal_nan=True):
                return None
            for x in probe[::20]:  # one element at a time, as the kernel calls it
                one = np.array([x])
                if not np.array_equal(_call(loop, None, one), ufunc(one), equal_nan=True):
                    return None
        return loop
    except (ValueError, TypeError, OSError):
        return None
