"""NumPy-oracle comparisons shared by the helpers tests (take_along_axis & co)."""

import numpy as np
import pytest


def assert_same(actual, expected):
    """Same type (scalar vs array vs tuple), dtype, shape and values (NaN == NaN)."""
    if isinstance(expected, tuple):
        assert isinstance(actual, tuple), type(actual)
        assert len(actual) == len(expected)
        for a, e in zip(actual, expected):
            assert_same(a, e)
        return
    assert type(actual) is type(expected), (type(actual), type(expected))
    assert np.asarray(actual).dtype == np.asarray(expected).dtype
    assert np.shape(actual) == np.shape(expected)
    np.testing.assert_array_equal(actual, expected)


def assert_same_error(func, expected_func, *args, **kwargs):
    """Both raise, the same exception type (and message)."""
    with pytest.raises(Exception) as expected:
        expected_func(*args, **kwargs)
    with pytest.raises(type(expected.value)) as actual:
        func(*args, **kwargs)
    assert type(actual.value) is type(expected.value)
    assert str(actual.value) == str(expected.value)


def moved_reference(numpy_func, a, axes):
    """``numpy_func`` (np.argmax & co) over several axes: move them last, flatten, reduce."""
    a = np.asarray(a)
    kept = [ax for ax in range(a.ndim) if ax not in axes]
    moved = np.moveaxis(a, axes, range(a.ndim - len(axes), a.ndim))
    flat = moved.reshape([a.shape[ax] for ax in kept] + [-1])
    return numpy_func(flat, axis=-1)
