"""CPU backend: NumPy arrays reduced by the Numba kernels in :mod:`._kernels`."""

from ._reduce import argreduce

__all__ = ["argreduce"]
