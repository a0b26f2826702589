"""Numerical helpers shared by the mechanisms: the compiler and small functions.

Each weekly stage runs as one numba-compiled pass over its agents. The populations of the default
scenario are small (6 managers, 60 professionals, 1,500 clients), so with whole-array NumPy
operations the per-call overhead of some 300 array operations a week dominated the arithmetic; one
compiled pass per stage removes it (``benchmarks/bench_model.py`` measures the effect). The kernels
are cached on disk after their first compilation. ``tests/reference.py`` implements every stage
again as plain Python loops, written from the equations in the docstrings, and the kernels must
agree with it to 1e-9.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numba

__all__ = ["coefficients", "jit", "logistic_scalar"]

jit = numba.njit(cache=True, nogil=True, error_model="numpy")
"""The compiler of every weekly kernel: no Python objects, cached on disk, NumPy's float semantics."""


@jit
def logistic_scalar(x: float) -> float:
    """The logistic function 1 / (1 + exp(-x)) for one number (exp overflow gives 0, not NaN)."""
    return 1.0 / (1.0 + math.exp(-x))


def coefficients[T: tuple](p: SimpleNamespace, cls: type[T]) -> T:
    """Pack the parameters named by the fields of the NamedTuple ``cls``, as floats, for a kernel.

    The packed tuple is kept on ``p`` (a model's parameters do not change during a run), so the
    weekly stages do not rebuild it.
    """
    cache: dict[type, tuple] = p.__dict__.setdefault("_kernel_coefficients", {})
    packed = cache.get(cls)
    if packed is None:
        fields: tuple[str, ...] = cls._fields  # type: ignore[attr-defined]
        packed = cache[cls] = cls._make(float(getattr(p, name)) for name in fields)  # type: ignore[attr-defined]
    return packed  # type: ignore[return-value]
