"""tinytorch.datasets.toy: shapes, dtypes, labels and reproducibility."""

import math

import numpy as np
import pytest

import tinytorch
from tinytorch.datasets import toy

CLASSIFICATION = [toy.make_blobs, toy.make_circles, toy.make_moons, toy.make_xor,
                  toy.make_spirals]


@pytest.mark.parametrize("make", CLASSIFICATION, ids=lambda f: f.__name__)
def test_classification_sets_shapes_dtypes_and_reproducibility(make):
    X, y = make(n_samples=101, noise=0.1, random_state=3)
    assert X.shape == (101, 2) and X.dtype == tinytorch.float32
    assert y.shape == (101,) and y.dtype == tinytorch.int64
    X2, y2 = make(n_samples=101, noise=0.1, random_state=3)
    assert np.array_equal(X.numpy(), X2.numpy()) and y.tolist() == y2.tolist()
    X3, _ = make(n_samples=101, noise=0.1, random_state=4)
    assert not np.array_equal(X.numpy(), X3.numpy())


def test_xor_labels_follow_quadrants():
    X, y = toy.make_xor(400, noise=0.0, random_state=0)
    x = X.numpy()
    assert y.numpy().tolist() == ((x[:, 0] > 0) != (x[:, 1] > 0)).astype(int).tolist()
    assert 100 < int(y.sum()) < 300


def test_circles_radii_and_balanced_classes():
    X, y = toy.make_circles(100, factor=0.5, random_state=0)
    r = np.linalg.norm(X.numpy(), axis=1)
    assert np.allclose(r[y.numpy() == 0], 1.0, atol=1e-5)
    assert np.allclose(r[y.numpy() == 1], 0.5, atol=1e-5)
    assert int(y.sum()) == 50


def test_spirals_are_two_balanced_interleaved_arms():
    X, y = toy.make_spirals(200, noise=0.0, random_state=0)
    assert int(y.sum()) == 100 and float(X.abs().max()) <= 1.0 + 1e-6
    x, labels = X.numpy(), y.numpy()
    # class 1 is class 0's construction rotated by half a turn: same radii distribution
    assert abs(np.linalg.norm(x[labels == 0], axis=1).mean()
               - np.linalg.norm(x[labels == 1], axis=1).mean()) < 0.15


def test_blobs_cluster_around_given_centers():
    X, y = toy.make_blobs(300, centers=[[5.0, 5.0], [-5.0, -5.0]], noise=0.5, random_state=0)
    x, labels = X.numpy(), y.numpy()
    assert np.allclose(x[labels == 0].mean(0), [5, 5], atol=0.2)
    assert np.allclose(x[labels == 1].mean(0), [-5, -5], atol=0.2)


def test_regression_sets():
    X, y = toy.make_regression(50, n_features=3, noise=0.0, random_state=0, bias=2.0)
    assert X.shape == (50, 3) and y.shape == (50,) and y.dtype == tinytorch.float32
    w, *_ = np.linalg.lstsq(np.c_[X.numpy(), np.ones(50)], y.numpy(), rcond=None)
    assert abs(w[-1] - 2.0) < 1e-3
    X, y = toy.make_sine(64, noise=0.0, random_state=0)
    assert X.shape == (64, 1) and float(X.abs().max()) <= math.pi
    assert np.allclose(y.numpy(), np.sin(X.numpy()[:, 0]), atol=1e-6)


def test_random_state_none_follows_manual_seed():
    tinytorch.manual_seed(9)
    a, _ = toy.make_xor(10)
    tinytorch.manual_seed(9)
    b, _ = toy.make_xor(10)
    assert np.array_equal(a.numpy(), b.numpy())


def test_toy_set_as_first_op_of_a_process_shares_the_cpu_backend():
    import subprocess
    import sys
    code = ("from tinytorch.datasets.toy import make_blobs\n"
            "X, y = make_blobs(6, centers=2, random_state=0)\n"
            "print(y.tolist())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[0, 1, 0, 1, 0, 1]"
