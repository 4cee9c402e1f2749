"""Small synthetic data sets (the book's 2-D toys, plus regression sets).

Classification sets return ``(X, y)``: ``X`` float32 ``(n_samples, 2)``, ``y`` int64
``(n_samples,)``. Regression sets return ``X`` float32 ``(n_samples, n_features)`` and ``y``
float32 ``(n_samples,)``. ``random_state`` (an int or a ``tinytorch.Generator``) makes a set
reproducible; ``None`` draws from the global generator (see ``tinytorch.manual_seed``).
"""

import math

import tinytorch


def _generator(random_state):
    if random_state is None or isinstance(random_state, tinytorch.Generator):
        return random_state
    return tinytorch.Generator().manual_seed(random_state)


def _add_noise(X, noise, gen):
    if not noise:
        return X
    return X + noise * tinytorch.randn(*X.shape, generator=gen)


def _labels(counts):
    return tinytorch.cat([tinytorch.full((c,), k, dtype=tinytorch.int64)
                          for k, c in enumerate(counts)])


def make_blobs(n_samples=100, centers=3, noise=1.0, random_state=None,
               center_box=(-10.0, 10.0)):
    """Gaussian blobs around ``centers`` (a count, drawn uniformly in ``center_box``, or a
    list of 2-D points); ``noise`` is the standard deviation of each blob. Sample ``i``
    belongs to blob ``i % len(centers)``.

    Args:
        n_samples (int): the number of points (default 100).
        centers (int or sequence): how many blobs, or their 2-D centres (default 3).
        noise (float): the standard deviation of each blob (default 1.0).
        random_state (int or Generator, optional): seed or generator for the random draws
            (default None: the global generator).
        center_box (tuple of float): the ``(low, high)`` bounds of random centres, per
            coordinate (default (-10.0, 10.0)).

    Returns:
        tuple: ``X``, float32 ``(n_samples, 2)``, and the labels ``y``, int64
        ``(n_samples,)``.

    >>> X, y = make_blobs(6, centers=2, random_state=0)
    >>> tuple(X.shape), y.tolist()
    ((6, 2), [0, 1, 0, 1, 0, 1])
    """
    gen = _generator(random_state)
    if isinstance(centers, int):
        low, high = center_box
        centers = tinytorch.rand(centers, 2, generator=gen) * (high - low) + low
    else:
        centers = tinytorch.tensor(centers, dtype=tinytorch.float32)
    y = tinytorch.arange(n_samples) % centers.shape[0]
    return _add_noise(centers[y], noise, gen), y


def make_circles(n_samples=100, noise=None, random_state=None, factor=0.8):
    """A large circle (class 0) around a smaller one (class 1, radius ``factor``), the
    points evenly spaced on each.

    Args:
        n_samples (int): the number of points, half on each circle (default 100).
        noise (float, optional): the standard deviation of Gaussian noise added to the
            points (default None: none).
        random_state (int or Generator, optional): seed or generator for the random draws
            (default None: the global generator).
        factor (float): the inner circle's radius; the outer one's is 1 (default 0.8).

    Returns:
        tuple: ``X``, float32 ``(n_samples, 2)``, and the labels ``y``, int64
        ``(n_samples,)``.

    >>> X, y = make_circles(4, random_state=0)
    >>> y.tolist()
    [0, 0, 1, 1]
    """
    gen = _generator(random_state)
    n_out = n_samples // 2
    n_in = n_samples - n_out
    out_angle = tinytorch.arange(n_out, dtype=tinytorch.float32) * (2 * math.pi / max(n_out, 1))
    in_angle = tinytorch.arange(n_in, dtype=tinytorch.float32) * (2 * math.pi / max(n_in, 1))
    X = tinytorch.cat([tinytorch.stack([out_angle.cos(), out_angle.sin()], 1),
                       tinytorch.stack([in_angle.cos(), in_angle.sin()], 1) * factor])
    return _add_noise(X, noise, gen), _labels([n_out, n_in])


def make_moons(n_samples=100, noise=None, random_state=None):
    """Two interleaving half circles: class 0 the upper one, centred at the origin, class 1
    the lower one, shifted by ``(1, 0.5)``.

    Args:
        n_samples (int): the number of points, half on each moon (default 100).
        noise (float, optional): the standard deviation of Gaussian noise added to the
            points (default None: none).
        random_state (int or Generator, optional): seed or generator for the random draws
            (default None: the global generator).

    Returns:
        tuple: ``X``, float32 ``(n_samples, 2)``, and the labels ``y``, int64
        ``(n_samples,)``.

    >>> X, y = make_moons(4)
    >>> X[[0, 2, 3]].round(decimals=3).tolist(), y.tolist()  # ends of the moons
    ([[1.0, 0.0], [0.0, 0.5], [2.0, 0.5]], [0, 0, 1, 1])
    """
    gen = _generator(random_state)
    n_out = n_samples // 2
    n_in = n_samples - n_out
    t_out = tinytorch.linspace(0, math.pi, n_out)
    t_in = tinytorch.linspace(0, math.pi, n_in)
    X = tinytorch.cat([tinytorch.stack([t_out.cos(), t_out.sin()], 1),
                       tinytorch.stack([1 - t_in.cos(), 0.5 - t_in.sin()], 1)])
    return _add_noise(X, noise, gen), _labels([n_out, n_in])


def make_xor(n_samples=200, noise=0.0, random_state=None):
    """Points uniform in ``[-1, 1]^2``; class 1 in the quadrants where the signs of the two
    coordinates differ (XOR), class 0 in the other two.

    Args:
        n_samples (int): the number of points (default 200).
        noise (float): the standard deviation of Gaussian noise added to the points, after
            labelling (default 0.0).
        random_state (int or Generator, optional): seed or generator for the random draws
            (default None: the global generator).

    Returns:
        tuple: ``X``, float32 ``(n_samples, 2)``, and the labels ``y``, int64
        ``(n_samples,)``.

    >>> X, y = make_xor(5, random_state=0)
    >>> bool((((X[:, 0] > 0) ^ (X[:, 1] > 0)).long() == y).all())
    True
    """
    gen = _generator(random_state)
    X = tinytorch.rand(n_samples, 2, generator=gen) * 2 - 1
    y = ((X[:, 0] > 0) ^ (X[:, 1] > 0)).to(tinytorch.int64)
    return _add_noise(X, noise, gen), y


def make_spirals(n_samples=200, noise=0.0, random_state=None, turns=1.5):
    """Two interleaved spirals (class 0 and its half-turn rotation, class 1), radius <= 1.

    Args:
        n_samples (int): the number of points, half on each spiral (default 200).
        noise (float): the standard deviation of Gaussian noise added to the points
            (default 0.0).
        random_state (int or Generator, optional): seed or generator for the random draws
            (default None: the global generator).
        turns (float): how many turns each spiral makes (default 1.5).

    Returns:
        tuple: ``X``, float32 ``(n_samples, 2)``, and the labels ``y``, int64
        ``(n_samples,)``.

    >>> X, y = make_spirals(6, random_state=0)
    >>> tuple(X.shape), y.tolist(), bool((X.norm(dim=1) <= 1).all())
    ((6, 2), [0, 0, 0, 1, 1, 1], True)
    """
    gen = _generator(random_state)
    n0 = n_samples // 2
    counts = [n0, n_samples - n0]
    t = tinytorch.rand(n_samples, generator=gen).sqrt()
    angle = t * (2 * math.pi * turns)
    y = _labels(counts)
    sign = 1 - 2 * y.to(tinytorch.float32)  # class 1 is rotated by half a turn
    X = tinytorch.stack([t * angle.cos() * sign, t * angle.sin() * sign], 1)
    return _add_noise(X, noise, gen), y


def make_regression(n_samples=100, n_features=1, noise=0.0, random_state=None, bias=0.0):
    """``y = X @ w + bias + noise * N(0, 1)`` with ``X ~ N(0, 1)`` and random weights ``w``
    (uniform in ``[0, 100)``).

    Args:
        n_samples (int): the number of samples (default 100).
        n_features (int): the number of features (default 1).
        noise (float): the standard deviation of the Gaussian noise on ``y`` (default 0.0).
        random_state (int or Generator, optional): seed or generator for the random draws
            (default None: the global generator).
        bias (float): the intercept (default 0.0).

    Returns:
        tuple: ``X``, float32 ``(n_samples, n_features)``, and the targets ``y``, float32
        ``(n_samples,)``.

    >>> X, y = make_regression(5, n_features=3, random_state=0)
    >>> tuple(X.shape), tuple(y.shape)
    ((5, 3), (5,))
    """
    gen = _generator(random_state)
    X = tinytorch.randn(n_samples, n_features, generator=gen)
    w = tinytorch.rand(n_features, generator=gen) * 100
    y = X @ w + bias
    return X, _add_noise(y, noise, gen)


def make_sine(n_samples=100, noise=0.0, random_state=None):
    """``y = sin(x) + noise * N(0, 1)`` for ``x`` uniform in ``[-pi, pi]`` (X is ``(n, 1)``).

    Args:
        n_samples (int): the number of samples (default 100).
        noise (float): the standard deviation of the Gaussian noise on ``y`` (default 0.0).
        random_state (int or Generator, optional): seed or generator for the random draws
            (default None: the global generator).

    Returns:
        tuple: ``X``, float32 ``(n_samples, 1)``, and the targets ``y``, float32
        ``(n_samples,)``.

    >>> X, y = make_sine(4, random_state=0)
    >>> tuple(X.shape), bool(((X[:, 0].sin() - y).abs() < 1e-6).all())
    ((4, 1), True)
    """
    gen = _generator(random_state)
    X = (tinytorch.rand(n_samples, 1, generator=gen) * 2 - 1) * math.pi
    return X, _add_noise(X[:, 0].sin(), noise, gen)
