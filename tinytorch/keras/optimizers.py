"""Keras' optimizers with Keras' defaults and update rules (Keras 2.2, the book's API).

Every optimizer takes ``lr`` (or ``learning_rate``) and ``decay``: Keras' time-based decay
``lr_t = lr / (1 + decay * iterations)``, where ``iterations`` counts the updates already
made (0 for the first batch). ``clipnorm``/``clipvalue`` clip each gradient first.
Differences from ``tinytorch.optim`` (PyTorch's rules) are listed in each class.

Usage: ``model.compile(optimizer='adam', …)`` or ``optimizer=SGD(lr=0.1, momentum=0.9)``;
fit() binds the optimizer to the model's trainable parameters.
"""

import math

import tinytorch


class Optimizer:
    """Base class: holds the learning rate, ``decay``, ``iterations`` and per-parameter slots.

    Subclasses define ``_slots(param)`` (the state tensors of one parameter) and
    ``_update(param, grad, slots, lr, t)`` (in place, under ``no_grad``; ``t`` = iterations+1).

    Args:
        lr (float): the learning rate, >= 0.
        decay (float): time-based decay of the learning rate per update, >= 0. Default: 0.
        clipnorm (float, optional): scale each gradient down to at most this L2 norm.
        clipvalue (float, optional): clip each gradient element to [-clipvalue, clipvalue].
        learning_rate (float, optional): Keras 2.3's name for ``lr``; wins when given.

    Raises:
        ValueError: if ``lr`` or ``decay`` is negative.

    >>> w = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    >>> w.grad = tinytorch.tensor([2.0, 4.0])
    >>> optimizer = SGD(lr=0.1, clipvalue=1.0)
    >>> optimizer.bind([w]); optimizer.step()
    >>> w
    tensor([0.9000, 1.9000], requires_grad=True)
    """

    def __init__(self, lr, decay=0.0, clipnorm=None, clipvalue=None, learning_rate=None):
        self.learning_rate = float(lr if learning_rate is None else learning_rate)
        if self.learning_rate < 0 or decay < 0:
            raise ValueError(f"lr and decay must be >= 0, got lr={self.learning_rate}, "
                             f"decay={decay}")
        self.decay = float(decay)
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.iterations = 0
        self.params = []
        self.state = []

    @property
    def lr(self):
        """The base learning rate (Keras 2 name of ``learning_rate``)."""
        return self.learning_rate

    @lr.setter
    def lr(self, value):
        self.learning_rate = float(value)

    def bind(self, params):
        """Attach to ``params`` (fit does this); state is created lazily per parameter.

        Binding the same parameters again keeps the state, so a second fit() continues.

        Args:
            params (iterable of Tensor): the parameters to update.

        >>> w = tinytorch.zeros(2, requires_grad=True)
        >>> optimizer = Adam()
        >>> optimizer.bind([w])
        >>> optimizer.params[0] is w
        True
        """
        params = list(params)
        if [id(p) for p in params] != [id(p) for p in self.params]:
            self.params, self.state = params, [None] * len(params)

    def current_lr(self):
        """The decayed learning rate for the next update.

        Returns:
            float: ``lr / (1 + decay * iterations)``.

        >>> optimizer = SGD(lr=0.1, decay=1.0)
        >>> optimizer.iterations = 1
        >>> optimizer.current_lr()
        0.05
        """
        return self.learning_rate / (1.0 + self.decay * self.iterations)

    def zero_grad(self):
        """Drop every bound parameter's gradient (set it to None).

        >>> w = tinytorch.ones(2, requires_grad=True)
        >>> w.sum().backward()
        >>> optimizer = SGD()
        >>> optimizer.bind([w]); optimizer.zero_grad()
        >>> w.grad is None
        True
        """
        for p in self.params:
            p._grad = None

    def step(self):
        """Apply one update to every bound parameter that has a gradient, then count it in
        ``iterations``.

        >>> w = tinytorch.tensor([1.0, 2.0], requires_grad=True)
        >>> (w * w).sum().backward()
        >>> optimizer = SGD(lr=0.1)
        >>> optimizer.bind([w]); optimizer.step()
        >>> w, optimizer.iterations
        (tensor([0.8000, 1.6000], requires_grad=True), 1)
        """
        lr, t = self.current_lr(), self.iterations + 1
        with tinytorch.no_grad():
            for i, p in enumerate(self.params):
                if p.grad is None:
                    continue
                if self.state[i] is None:
                    self.state[i] = self._slots(p)
                self._update(p, self._clip(p.grad), self.state[i], lr, t)
        self.iterations += 1

    def _clip(self, grad):
        if self.clipvalue is not None:
            grad = grad.clamp(-self.clipvalue, self.clipvalue)
        if self.clipnorm is not None:
            norm = float(grad.square().sum().sqrt())
            if norm > self.clipnorm:
                grad = grad * (self.clipnorm / norm)
        return grad

    def get_config(self):
        """The constructor arguments (JSON-serialisable), as Keras names them.

        Returns:
            dict: keyword arguments that recreate the optimizer (its state is not included).

        >>> SGD(lr=0.1).get_config()
        {'lr': 0.1, 'decay': 0.0, 'momentum': 0.0, 'nesterov': False}
        """
        return {"lr": self.learning_rate, "decay": self.decay}


def _zeros(p, count):
    return [tinytorch.zeros_like(p) for _ in range(count)]


class SGD(Optimizer):
    """Stochastic gradient descent, ``SGD(lr=0.01, momentum=0.0, decay=0.0, nesterov=False)``.

    Keras: v = momentum * v - lr_t * g; p += v (Nesterov: p += momentum * v - lr_t * g).
    PyTorch keeps v' = momentum * v' + g and applies p -= lr * v'; the two agree while lr is
    constant and differ once ``decay`` changes lr (Keras' velocity carries the old lr).

    Args:
        lr (float): the learning rate. Default: 0.01.
        momentum (float): >= 0; accelerates SGD in the relevant direction and dampens
            oscillations. Default: 0.
        decay (float): learning-rate decay over each update. Default: 0.
        nesterov (bool): whether to apply Nesterov momentum. Default: False.
        **kwargs: ``clipnorm``, ``clipvalue`` and ``learning_rate``, as for
            :class:`Optimizer`.

    >>> w = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    >>> w.grad = tinytorch.tensor([2.0, 4.0])
    >>> optimizer = SGD(lr=0.1, momentum=0.9)
    >>> optimizer.bind([w]); optimizer.step()
    >>> w
    tensor([0.8000, 1.6000], requires_grad=True)
    """

    def __init__(self, lr=0.01, momentum=0.0, decay=0.0, nesterov=False, **kwargs):
        super().__init__(lr, decay, **kwargs)
        self.momentum = float(momentum)
        self.nesterov = nesterov

    def _slots(self, p):
        return _zeros(p, 1 if self.momentum else 0)

    def _update(self, p, g, slots, lr, t):
        if not self.momentum:
            p.add_(g, alpha=-lr)
            return
        (v,) = slots
        v.mul_(self.momentum).add_(g, alpha=-lr)
        p.add_(v * self.momentum - g * lr if self.nesterov else v)

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}


class RMSprop(Optimizer):
    """``RMSprop(lr=0.001, rho=0.9, epsilon=1e-7, decay=0.0)``.

    a = rho * a + (1 - rho) * g²; p -= lr_t * g / (sqrt(a) + epsilon). Same rule as PyTorch
    (whose ``alpha`` is rho) but Keras' defaults: rho 0.9 (PyTorch 0.99), epsilon 1e-7 (1e-8).

    Args:
        lr (float): the learning rate. Default: 0.001.
        rho (float): decay of the moving average of squared gradients. Default: 0.9.
        epsilon (float, optional): fuzz factor. Default (None): 1e-7.
        decay (float): learning-rate decay over each update. Default: 0.
        **kwargs: ``clipnorm``, ``clipvalue`` and ``learning_rate``, as for
            :class:`Optimizer`.

    >>> w = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    >>> w.grad = tinytorch.tensor([2.0, 4.0])
    >>> optimizer = RMSprop(lr=0.1)
    >>> optimizer.bind([w]); optimizer.step()
    >>> w
    tensor([0.6838, 1.6838], requires_grad=True)
    """

    def __init__(self, lr=0.001, rho=0.9, epsilon=None, decay=0.0, **kwargs):
        super().__init__(lr, decay, **kwargs)
        self.rho = float(rho)
        self.epsilon = 1e-7 if epsilon is None else float(epsilon)

    def _slots(self, p):
        return _zeros(p, 1)

    def _update(self, p, g, slots, lr, t):
        (a,) = slots
        a.mul_(self.rho).add_(g.square(), alpha=1.0 - self.rho)
        p.add_(g / (a.sqrt() + self.epsilon), alpha=-lr)

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "epsilon": self.epsilon}


class Adagrad(Optimizer):
    """``Adagrad(lr=0.01, epsilon=1e-7, decay=0.0)``.

    a += g²; p -= lr_t * g / (sqrt(a) + epsilon), accumulators starting at 0. PyTorch's rule
    is the same with epsilon 1e-10 and its own ``lr_decay`` instead of Keras' ``decay``.

    Args:
        lr (float): the learning rate. Default: 0.01.
        epsilon (float, optional): fuzz factor. Default (None): 1e-7.
        decay (float): learning-rate decay over each update. Default: 0.
        **kwargs: ``clipnorm``, ``clipvalue`` and ``learning_rate``, as for
            :class:`Optimizer`.

    >>> w = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    >>> w.grad = tinytorch.tensor([2.0, 4.0])
    >>> optimizer = Adagrad(lr=0.1)
    >>> optimizer.bind([w]); optimizer.step()
    >>> w
    tensor([0.9000, 1.9000], requires_grad=True)
    """

    def __init__(self, lr=0.01, epsilon=None, decay=0.0, **kwargs):
        super().__init__(lr, decay, **kwargs)
        self.epsilon = 1e-7 if epsilon is None else float(epsilon)

    def _slots(self, p):
        return _zeros(p, 1)

    def _update(self, p, g, slots, lr, t):
        (a,) = slots
        a.add_(g.square())
        p.add_(g / (a.sqrt() + self.epsilon), alpha=-lr)

    def get_config(self):
        return {**super().get_config(), "epsilon": self.epsilon}


class Adadelta(Optimizer):
    """``Adadelta(lr=1.0, rho=0.95, epsilon=1e-7, decay=0.0)``.

    a = rho*a + (1-rho)*g²; u = g * sqrt(d + eps) / sqrt(a + eps); p -= lr_t * u;
    d = rho*d + (1-rho)*u². PyTorch's rule is the same; its defaults are rho 0.9, eps 1e-6.

    Args:
        lr (float): the learning rate (Keras recommends leaving it at 1.0). Default: 1.0.
        rho (float): decay of the moving averages. Default: 0.95.
        epsilon (float, optional): fuzz factor. Default (None): 1e-7.
        decay (float): learning-rate decay over each update. Default: 0.
        **kwargs: ``clipnorm``, ``clipvalue`` and ``learning_rate``, as for
            :class:`Optimizer`.

    >>> w = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    >>> w.grad = tinytorch.tensor([2.0, 4.0])
    >>> optimizer = Adadelta()
    >>> optimizer.bind([w]); optimizer.step()
    >>> w
    tensor([0.9986, 1.9986], requires_grad=True)
    """

    def __init__(self, lr=1.0, rho=0.95, epsilon=None, decay=0.0, **kwargs):
        super().__init__(lr, decay, **kwargs)
        self.rho = float(rho)
        self.epsilon = 1e-7 if epsilon is None else float(epsilon)

    def _slots(self, p):
        return _zeros(p, 2)

    def _update(self, p, g, slots, lr, t):
        a, d = slots
        a.mul_(self.rho).add_(g.square(), alpha=1.0 - self.rho)
        u = g * (d + self.epsilon).sqrt() / (a + self.epsilon).sqrt()
        p.add_(u, alpha=-lr)
        d.mul_(self.rho).add_(u.square(), alpha=1.0 - self.rho)

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "epsilon": self.epsilon}


class Adam(Optimizer):
    """``Adam(lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, decay=0.0, amsgrad=False)``.

    lr_t = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t); m, v as usual;
    p -= lr_t * m / (sqrt(v) + epsilon). Keras adds epsilon to the *uncorrected* sqrt(v);
    PyTorch adds it to sqrt(v / (1 - beta_2^t)), i.e. Keras' epsilon is PyTorch's
    epsilon * sqrt(1 - beta_2^t). Default epsilon 1e-7 (PyTorch 1e-8).

    Args:
        lr (float): the learning rate. Default: 0.001.
        beta_1 (float): decay of the first-moment average, in (0, 1). Default: 0.9.
        beta_2 (float): decay of the second-moment average, in (0, 1). Default: 0.999.
        epsilon (float, optional): fuzz factor. Default (None): 1e-7.
        decay (float): learning-rate decay over each update. Default: 0.
        amsgrad (bool): use the AMSGrad variant (the maximum of past second moments).
            Default: False.
        **kwargs: ``clipnorm``, ``clipvalue`` and ``learning_rate``, as for
            :class:`Optimizer`.

    >>> w = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    >>> w.grad = tinytorch.tensor([2.0, 4.0])
    >>> optimizer = Adam(lr=0.1)
    >>> optimizer.bind([w]); optimizer.step()
    >>> w
    tensor([0.9000, 1.9000], requires_grad=True)
    """

    def __init__(self, lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0.0,
                 amsgrad=False, **kwargs):
        super().__init__(lr, decay, **kwargs)
        self.beta_1, self.beta_2 = float(beta_1), float(beta_2)
        self.epsilon = 1e-7 if epsilon is None else float(epsilon)
        self.amsgrad = amsgrad

    def _slots(self, p):
        return _zeros(p, 3 if self.amsgrad else 2)

    def _update(self, p, g, slots, lr, t):
        m, v = slots[0], slots[1]
        lr_t = lr * math.sqrt(1.0 - self.beta_2 ** t) / (1.0 - self.beta_1 ** t)
        m.mul_(self.beta_1).add_(g, alpha=1.0 - self.beta_1)
        v.mul_(self.beta_2).add_(g.square(), alpha=1.0 - self.beta_2)
        if self.amsgrad:
            slots[2].copy_(tinytorch.maximum(slots[2], v))
            v = slots[2]
        p.add_(m / (v.sqrt() + self.epsilon), alpha=-lr_t)

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon, "amsgrad": self.amsgrad}


class Adamax(Adam):
    """``Adamax(lr=0.002, beta_1=0.9, beta_2=0.999, epsilon=1e-7, decay=0.0)``.

    ``u = max(beta_2 * u, |g|); p -= lr_t / (1 - beta_1^t) * m / (u + epsilon)``. PyTorch
    folds epsilon into the max (``u = max(beta_2 * u, |g| + eps)``) instead of adding it after.

    Args:
        lr (float): the learning rate. Default: 0.002.
        beta_1 (float): decay of the first-moment average. Default: 0.9.
        beta_2 (float): decay of the infinity norm. Default: 0.999.
        epsilon (float, optional): fuzz factor. Default (None): 1e-7.
        decay (float): learning-rate decay over each update. Default: 0.
        **kwargs: ``clipnorm``, ``clipvalue`` and ``learning_rate``, as for
            :class:`Optimizer`.

    >>> w = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    >>> w.grad = tinytorch.tensor([2.0, 4.0])
    >>> optimizer = Adamax(lr=0.1)
    >>> optimizer.bind([w]); optimizer.step()
    >>> w
    tensor([0.9000, 1.9000], requires_grad=True)
    """

    def __init__(self, lr=0.002, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0.0, **kwargs):
        super().__init__(lr, beta_1, beta_2, epsilon, decay, **kwargs)

    def _update(self, p, g, slots, lr, t):
        m, u = slots
        m.mul_(self.beta_1).add_(g, alpha=1.0 - self.beta_1)
        u.copy_(tinytorch.maximum(u * self.beta_2, g.abs()))
        p.add_(m / (u + self.epsilon), alpha=-lr / (1.0 - self.beta_1 ** t))


class Nadam(Adam):
    """``Nadam(lr=0.002, beta_1=0.9, beta_2=0.999, epsilon=1e-7, schedule_decay=0.004)``.

    Keras' schedule: mu_t = beta_1 * (1 - 0.5 * 0.96^(t * schedule_decay)), the product of
    the mu's corrects m, and p -= lr * m_bar / (sqrt(v / (1 - beta_2^t)) + epsilon). PyTorch's
    NAdam has the same schedule (``momentum_decay``) and epsilon placement; they differ in
    default epsilon (1e-7 vs 1e-8), and Keras has no ``decay`` here.

    Args:
        lr (float): the learning rate. Default: 0.002.
        beta_1 (float): decay of the first-moment average. Default: 0.9.
        beta_2 (float): decay of the second-moment average. Default: 0.999.
        epsilon (float, optional): fuzz factor. Default (None): 1e-7.
        schedule_decay (float): the momentum schedule's decay. Default: 0.004.
        **kwargs: ``clipnorm``, ``clipvalue`` and ``learning_rate``, as for
            :class:`Optimizer`.

    >>> w = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    >>> w.grad = tinytorch.tensor([2.0, 4.0])
    >>> optimizer = Nadam(lr=0.1)
    >>> optimizer.bind([w]); optimizer.step()
    >>> w
    tensor([0.8944, 1.8944], requires_grad=True)
    """

    def __init__(self, lr=0.002, beta_1=0.9, beta_2=0.999, epsilon=None, schedule_decay=0.004,
                 **kwargs):
        super().__init__(lr, beta_1, beta_2, epsilon, 0.0, **kwargs)
        self.schedule_decay = float(schedule_decay)
        self.m_schedule = 1.0

    def _mu(self, t):
        return self.beta_1 * (1.0 - 0.5 * 0.96 ** (t * self.schedule_decay))

    def step(self):
        super().step()
        self.m_schedule *= self._mu(self.iterations)

    def _update(self, p, g, slots, lr, t):
        m, v = slots
        mu, mu_next = self._mu(t), self._mu(t + 1)
        schedule_new = self.m_schedule * mu
        schedule_next = schedule_new * mu_next
        m.mul_(self.beta_1).add_(g, alpha=1.0 - self.beta_1)
        v.mul_(self.beta_2).add_(g.square(), alpha=1.0 - self.beta_2)
        m_bar = g * ((1.0 - mu) / (1.0 - schedule_new)) + m * (mu_next / (1.0 - schedule_next))
        v_hat = v / (1.0 - self.beta_2 ** t)
        p.add_(m_bar / (v_hat.sqrt() + self.epsilon), alpha=-lr)

    def get_config(self):
        config = {**super().get_config(), "schedule_decay": self.schedule_decay}
        for key in ("decay", "amsgrad"):
            config.pop(key)
        return config


_BY_NAME = {"sgd": SGD, "rmsprop": RMSprop, "adagrad": Adagrad, "adadelta": Adadelta,
            "adam": Adam, "adamax": Adamax, "nadam": Nadam}


def get(identifier):
    """An optimizer for a Keras name (with Keras' defaults), a config dict, or an instance.

    A ``tinytorch.optim`` optimizer (anything with ``step`` and ``zero_grad``) is used as is.

    Args:
        identifier (str, dict or optimizer): a name (``'sgd'``, ``'rmsprop'``, ``'adam'`` …,
            any case), a :func:`serialize` dict, or an optimizer instance.

    Returns:
        Optimizer: a new optimizer for a name (Keras' defaults) or a config dict; otherwise
        ``identifier`` itself.

    Raises:
        ValueError: for an unknown name, listing the known ones.

    >>> get('Adam').get_config()['lr']
    0.001
    >>> get({'class_name': 'SGD', 'config': {'lr': 0.5}}).lr
    0.5
    """
    if isinstance(identifier, dict):
        return _BY_NAME[identifier["class_name"].lower()](**identifier["config"])
    if not isinstance(identifier, str):
        return identifier
    if identifier.lower() not in _BY_NAME:
        raise ValueError(f"Unknown optimizer: '{identifier}'. "
                         f"Known: {', '.join(sorted(_BY_NAME))}")
    return _BY_NAME[identifier.lower()]()


def serialize(optimizer):
    """``{"class_name": ..., "config": ...}`` for a Keras optimizer.

    Args:
        optimizer (Optimizer): a Keras optimizer from this module.

    Returns:
        dict: the class name and :meth:`Optimizer.get_config`; :func:`get` reads it back.

    >>> serialize(Adagrad(lr=0.5))
    {'class_name': 'Adagrad', 'config': {'lr': 0.5, 'decay': 0.0, 'epsilon': 1e-07}}
    """
    return {"class_name": type(optimizer).__name__, "config": optimizer.get_config()}
