"""patch_numpy / unpatch_numpy / patched: reversible, counted, thread-safe, no self-recursion."""

import threading

import numpy as np
import pytest

import numba_argmax as nam
from numba_argmax import _originals, _patch

NAMES = ["argmax", "argmin", "nanargmax", "nanargmin", "take_along_axis", "unravel_index"]


@pytest.fixture(autouse=True)
def _restore_numpy():
    yield
    while nam.is_patched():
        nam.unpatch_numpy()
    for name in NAMES:
        assert getattr(np, name) is getattr(_originals, "NUMPY_" + name.upper())


def test_patch_and_unpatch_replace_and_restore():
    originals = {name: getattr(np, name) for name in NAMES}
    nam.patch_numpy()
    for name in NAMES:
        assert getattr(np, name) is getattr(nam, name)
    nam.unpatch_numpy()
    for name in NAMES:
        assert getattr(np, name) is originals[name]


def test_nesting_is_counted():
    with nam.patched():
        with nam.patched():
            assert np.argmax is nam.argmax
        assert np.argmax is nam.argmax  # the outer block still holds the patch
    assert np.argmax is _originals.NUMPY_ARGMAX


def test_restored_when_block_raises():
    with pytest.raises(KeyError), nam.patched():
        raise KeyError("boom")
    assert not nam.is_patched()
    assert np.unravel_index is _originals.NUMPY_UNRAVEL_INDEX


def test_unbalanced_unpatch_raises():
    with pytest.raises(RuntimeError, match="without a matching"):
        nam.unpatch_numpy()


def test_third_party_replacement_is_kept():
    def other(*args, **kwargs):
        return "other"

    nam.patch_numpy()
    np.argmin = other
    try:
        nam.unpatch_numpy()
        assert np.argmin is other
    finally:
        np.argmin = _originals.NUMPY_ARGMIN


def test_patched_results_match_numpy_and_fallbacks_do_not_recurse():
    a = np.array([[3.0, np.nan, 1.0], [2.0, 5.0, 0.0]])
    objects = np.array([[3, 1], [2, 5]], dtype=object)  # a dtype the kernels hand to NumPy
    masked = np.ma.masked_array([1, 9, 4], mask=[0, 1, 0])
    expected = [
        _originals.NUMPY_NANARGMAX(a, axis=1),
        _originals.NUMPY_ARGMAX(objects, axis=0),
        _originals.NUMPY_NANARGMIN(objects, axis=1),
        _originals.NUMPY_ARGMAX(masked),
        _originals.NUMPY_TAKE_ALONG_AXIS(objects, np.array([[1], [0]]), 1),
        _originals.NUMPY_UNRAVEL_INDEX(np.array([4, 1]), (2, 3)),
    ]
    with nam.patched():
        got = [
            np.nanargmax(a, axis=1),
            np.argmax(objects, axis=0),
            np.nanargmin(objects, axis=1),
            np.argmax(masked),
            np.take_along_axis(objects, np.array([[1], [0]]), 1),
            np.unravel_index(np.array([4, 1]), (2, 3)),
        ]
        with pytest.raises(ValueError, match="All-NaN"):
            np.nanargmax(np.array([np.nan]))
        with pytest.raises(ValueError, match="out of bounds"):
            np.unravel_index(6, (2, 3))
    for g, e in zip(got, expected):
        np.testing.assert_array_equal(g, e)


def test_numpy_internals_calling_argmax_still_work_when_patched():
    a = np.array([[1.0, np.nan], [4.0, 2.0]])
    with nam.patched():
        # np.nanargmax's own implementation calls np.argmax (now ours).
        assert _originals.NUMPY_NANARGMAX(a, axis=1).tolist() == [0, 0]
        assert np.ma.masked_array([1, 9, 4], mask=[0, 1, 0]).argmax() == 2


def test_threads_patch_concurrently():
    barrier = threading.Barrier(8)
    errors = []

    def worker():
        try:
            barrier.wait()
            for _ in range(50):
                with nam.patched():
                    assert np.argmax is nam.argmax
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert _patch._depth == 0
    assert np.argmax is _originals.NUMPY_ARGMAX
