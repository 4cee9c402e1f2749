"""``tinytorch.amp.GradScaler``: PyTorch's dynamic loss scaling for float16 training."""

import warnings

import tinytorch

_READY, _UNSCALED, _STEPPED = "ready", "unscaled", "stepped"
_NO_SCALE = ("Attempted {} but _scale is None.  This may indicate your script did not use "
             "scaler.scale(loss or outputs) earlier in the iteration.")


class GradScaler:
    """Scale the loss so float16 gradients do not underflow; unscale them before the step,
    skip steps whose gradients hold inf/NaN, and adapt the scale, as ``torch.amp.GradScaler``.

    Each iteration: ``scaler.scale(loss).backward()``, ``scaler.step(optimizer)``,
    ``scaler.update()``. The scale is multiplied by ``backoff_factor`` after a step with
    non-finite gradients (which is skipped) and by ``growth_factor`` after
    ``growth_interval`` finite steps in a row.

    Args:
        device (str): ``'cuda'`` (default) or ``'cpu'``. A cuda scaler without a usable GPU
            warns and disables itself, as PyTorch's does.
        init_scale (float): the first scale. Default: 2**16.
        growth_factor (float): Default: 2.0.
        backoff_factor (float): Default: 0.5.
        growth_interval (int): Default: 2000.
        enabled (bool): when False every method passes through (``scale`` returns its input,
            ``step`` just steps).

    >>> import tinytorch
    >>> scaler = tinytorch.amp.GradScaler("cpu", init_scale=1024.0)
    >>> scaler.scale(tinytorch.tensor(2.0))
    tensor(2048.)
    """

    def __init__(self, device="cuda", init_scale=2.0 ** 16, growth_factor=2.0,
                 backoff_factor=0.5, growth_interval=2000, enabled=True):
        self._device = device
        self._enabled = enabled
        if enabled and device == "cuda" and not tinytorch.cuda.is_available():
            warnings.warn("torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  "
                          "Disabling.", UserWarning, stacklevel=2)
            self._enabled = False
        if self._enabled:
            if growth_factor <= 1.0:
                raise AssertionError("The growth factor must be > 1.0.")
            if backoff_factor >= 1.0:
                raise AssertionError("The backoff factor must be < 1.0.")
        self._init_scale, self._growth_factor = init_scale, growth_factor
        self._backoff_factor, self._growth_interval = backoff_factor, growth_interval
        self._init_growth_tracker = 0
        self._scale, self._growth_tracker = None, None
        self._per_optimizer_states = {}

    def is_enabled(self):
        """Return whether this scaler scales (False after the cuda-unavailable warning).

        Returns:
            bool: True when enabled.

        >>> import tinytorch
        >>> tinytorch.amp.GradScaler("cpu").is_enabled()
        True
        >>> tinytorch.amp.GradScaler("cpu", enabled=False).is_enabled()
        False
        """
        return self._enabled

    def _optimizer_state(self, optimizer):
        return self._per_optimizer_states.setdefault(id(optimizer),
                                                     {"stage": _READY, "found_inf": None})

    def _check_scale(self, name):
        if self._scale is None:
            raise AssertionError(_NO_SCALE.format(name))

    def scale(self, outputs):
        """Multiply ("scale") a tensor or nested lists/tuples of tensors by the scale factor.

        The first call creates the scale, ``init_scale``, on the output's device.

        Args:
            outputs (Tensor or iterable of Tensors): outputs to scale.

        Returns:
            The scaled outputs, in the same structure; ``outputs`` unmodified when disabled.

        Raises:
            ValueError: ``outputs`` is neither a tensor nor a list or tuple of them.

        >>> import tinytorch
        >>> scaler = tinytorch.amp.GradScaler("cpu", init_scale=4.0)
        >>> scaler.scale([tinytorch.tensor(1.0), (tinytorch.tensor(2.0),)])
        [tensor(4.), (tensor(8.),)]
        """
        if not self._enabled:
            return outputs
        if isinstance(outputs, tinytorch.Tensor):
            if self._scale is None:
                self._scale = tinytorch.full((), self._init_scale, dtype=tinytorch.float32,
                                             device=outputs.device)
                self._growth_tracker = self._init_growth_tracker
            return outputs * self._scale.to(outputs.device)
        if isinstance(outputs, (list, tuple)):
            return type(outputs)(self.scale(o) for o in outputs)
        raise ValueError("outputs must be a Tensor or an iterable of Tensors")

    def unscale_(self, optimizer):
        """Divide ("unscale") ``optimizer``'s gradients by the scale, in place, and note
        whether any is inf/NaN. Call it before working on the true gradients (e.g. gradient
        clipping); :meth:`step` then does not unscale again. At most once per optimizer
        between :meth:`update` calls; does nothing when disabled.

        Args:
            optimizer (Optimizer): the optimizer that owns the gradients to unscale.

        Raises:
            RuntimeError: it was already called for ``optimizer`` since the last
                :meth:`update`, or :meth:`step` was.
            ValueError: a gradient is float16.
            AssertionError: :meth:`scale` was not called first in this iteration.

        >>> import tinytorch
        >>> w = tinytorch.tensor([1.0], requires_grad=True)
        >>> opt = tinytorch.optim.SGD([w], lr=0.1)
        >>> scaler = tinytorch.amp.GradScaler("cpu", init_scale=4.0)
        >>> scaler.scale(w.sum()).backward()
        >>> w.grad
        tensor([4.])
        >>> scaler.unscale_(opt)
        >>> w.grad
        tensor([1.])
        """
        if not self._enabled:
            return
        self._check_scale("unscale_")
        state = self._optimizer_state(optimizer)
        if state["stage"] is _UNSCALED:
            raise RuntimeError("unscale_() has already been called on this optimizer since "
                               "the last update().")
        if state["stage"] is _STEPPED:
            raise RuntimeError("unscale_() is being called after step().")
        inv_scale = tinytorch.tensor(1.0 / self._scale.double().item(), dtype=tinytorch.float32)
        found_inf = False
        with tinytorch.no_grad():
            for group in optimizer.param_groups:
                for param in group["params"]:
                    if param.grad is None:
                        continue
                    if param.grad.dtype is tinytorch.float16:
                        raise ValueError("Attempting to unscale FP16 gradients.")
                    found_inf |= not bool(tinytorch.isfinite(param.grad).all())
                    param.grad.mul_(inv_scale.to(param.grad.device))
        state["found_inf"], state["stage"] = float(found_inf), _UNSCALED

    def step(self, optimizer, *args, **kwargs):
        """Unscale ``optimizer``'s gradients (unless :meth:`unscale_` did), then call
        ``optimizer.step(*args, **kwargs)`` if they are all finite; skip the step if one is
        inf/NaN. When disabled, just steps.

        Args:
            optimizer (Optimizer): the optimizer that applies the gradients.
            *args: positional arguments of ``optimizer.step``.
            **kwargs: keyword arguments of ``optimizer.step`` (no ``closure``).

        Returns:
            What ``optimizer.step`` returned, or None when the step was skipped.

        Raises:
            RuntimeError: a ``closure`` keyword is given (not supported while enabled, as in
                PyTorch), or :meth:`step` was already called since the last :meth:`update`.
            AssertionError: :meth:`scale` was not called first in this iteration.

        >>> import tinytorch
        >>> w = tinytorch.tensor([1.0], requires_grad=True)
        >>> opt = tinytorch.optim.SGD([w], lr=0.1)
        >>> scaler = tinytorch.amp.GradScaler("cpu", init_scale=4.0)
        >>> scaler.scale((w * 2).sum()).backward()
        >>> scaler.step(opt)  # unscales the gradient 8 to 2, then steps
        >>> w
        tensor([0.8000], requires_grad=True)
        """
        if not self._enabled:
            return optimizer.step(*args, **kwargs)
        if "closure" in kwargs:
            raise RuntimeError("Closure use is not currently supported if GradScaler is "
                               "enabled.")
        self._check_scale("step")
        state = self._optimizer_state(optimizer)
        if state["stage"] is _STEPPED:
            raise RuntimeError("step() has already been called since the last update().")
        if state["stage"] is _READY:
            self.unscale_(optimizer)
        if state["found_inf"] is None:
            raise AssertionError("No inf checks were recorded for this optimizer.")
        result = None if state["found_inf"] else optimizer.step(*args, **kwargs)
        state["stage"] = _STEPPED
        return result

    def update(self, new_scale=None):
        """Update the scale factor at the end of an iteration: multiply it by
        ``backoff_factor`` if any optimizer's step was skipped, else by ``growth_factor``
        after ``growth_interval`` finite iterations in a row. Does nothing when disabled.

        Args:
            new_scale (float or Tensor, optional): set the scale to this value instead
                (default None).

        Raises:
            AssertionError: no :meth:`scale` in this iteration, or no :meth:`unscale_` or
                :meth:`step` since the last update.

        >>> import tinytorch
        >>> w = tinytorch.tensor([1.0], requires_grad=True)
        >>> opt = tinytorch.optim.SGD([w], lr=0.1)
        >>> scaler = tinytorch.amp.GradScaler("cpu", init_scale=4.0)
        >>> scaler.scale(w * float("inf")).sum().backward()
        >>> scaler.step(opt)  # skipped: the gradient is inf
        >>> scaler.update()
        >>> scaler.get_scale(), w
        (2.0, tensor([1.], requires_grad=True))
        """
        if not self._enabled:
            return
        self._check_scale("update")
        if new_scale is not None:
            self._scale.fill_(float(new_scale))
        else:
            found = [s["found_inf"] for s in self._per_optimizer_states.values()
                     if s["found_inf"] is not None]
            if not found:
                raise AssertionError("No inf checks were recorded prior to update.")
            self._update_scale(sum(found) > 0)
        self._per_optimizer_states = {}

    def _update_scale(self, found_inf):
        """PyTorch's ``_amp_update_scale_``, on a float32 scale."""
        if found_inf:
            self._scale.mul_(self._backoff_factor)
            self._growth_tracker = 0
            return
        self._growth_tracker += 1
        if self._growth_tracker == self._growth_interval:
            grown = self._scale * self._growth_factor
            if bool(tinytorch.isfinite(grown)):
                self._scale.copy_(grown)
            self._growth_tracker = 0

    def get_scale(self):
        """Return the current scale.

        Returns:
            float: the scale (``init_scale`` before the first :meth:`scale`; 1.0 when
            disabled).

        >>> import tinytorch
        >>> tinytorch.amp.GradScaler("cpu").get_scale()
        65536.0
        """
        if not self._enabled:
            return 1.0
        return self._init_scale if self._scale is None else self._scale.item()

    def get_growth_factor(self):
        """Return the scale growth factor.

        Returns:
            float: the factor the scale grows by.

        >>> import tinytorch
        >>> tinytorch.amp.GradScaler("cpu").get_growth_factor()
        2.0
        """
        return self._growth_factor

    def set_growth_factor(self, new_factor):
        """Set a new scale growth factor.

        Args:
            new_factor (float): the factor the scale grows by.

        >>> import tinytorch
        >>> scaler = tinytorch.amp.GradScaler("cpu")
        >>> scaler.set_growth_factor(4.0)
        >>> scaler.get_growth_factor()
        4.0
        """
        self._growth_factor = new_factor

    def get_backoff_factor(self):
        """Return the scale backoff factor.

        Returns:
            float: the factor the scale shrinks by after non-finite gradients.

        >>> import tinytorch
        >>> tinytorch.amp.GradScaler("cpu").get_backoff_factor()
        0.5
        """
        return self._backoff_factor

    def set_backoff_factor(self, new_factor):
        """Set a new scale backoff factor.

        Args:
            new_factor (float): the factor the scale shrinks by after non-finite gradients.

        >>> import tinytorch
        >>> scaler = tinytorch.amp.GradScaler("cpu")
        >>> scaler.set_backoff_factor(0.25)
        >>> scaler.get_backoff_factor()
        0.25
        """
        self._backoff_factor = new_factor

    def get_growth_interval(self):
        """Return the growth interval.

        Returns:
            int: the number of finite iterations in a row before the scale grows.

        >>> import tinytorch
        >>> tinytorch.amp.GradScaler("cpu").get_growth_interval()
        2000
        """
        return self._growth_interval

    def set_growth_interval(self, new_interval):
        """Set a new growth interval.

        Args:
            new_interval (int): the number of finite iterations in a row before the scale
                grows.

        >>> import tinytorch
        >>> scaler = tinytorch.amp.GradScaler("cpu")
        >>> scaler.set_growth_interval(100)
        >>> scaler.get_growth_interval()
        100
        """
        self._growth_interval = new_interval

    def state_dict(self):
        """Return the state of the scaler as a :class:`dict`, as PyTorch's.

        Returns:
            dict: ``scale``, ``growth_factor``, ``backoff_factor``, ``growth_interval`` and
            ``_growth_tracker`` (the finite iterations in a row so far); empty when disabled.

        >>> import tinytorch
        >>> tinytorch.amp.GradScaler("cpu", init_scale=8.0).state_dict()
        {'scale': 8.0, 'growth_factor': 2.0, 'backoff_factor': 0.5, 'growth_interval': 2000,
         '_growth_tracker': 0}
        """
        if not self._enabled:
            return {}
        return {"scale": self.get_scale(), "growth_factor": self._growth_factor,
                "backoff_factor": self._backoff_factor,
                "growth_interval": self._growth_interval,
                "_growth_tracker": (self._init_growth_tracker if self._growth_tracker is None
                                    else self._growth_tracker)}

    def load_state_dict(self, state_dict):
        """Load the scaler state; does nothing when disabled.

        Args:
            state_dict (dict): scaler state, as returned by :meth:`state_dict`.

        Raises:
            RuntimeError: ``state_dict`` is empty (saved from a disabled scaler).

        >>> import tinytorch
        >>> scaler = tinytorch.amp.GradScaler("cpu")
        >>> scaler.load_state_dict(tinytorch.amp.GradScaler("cpu", init_scale=8.0).state_dict())
        >>> scaler.get_scale()
        8.0
        """
        if not self._enabled:
            return
        if len(state_dict) == 0:
            raise RuntimeError("The source state dict is empty, possibly because it was saved "
                               "from a disabled instance of GradScaler.")
        self._init_scale = state_dict["scale"]
        if self._scale is not None:
            self._scale.fill_(state_dict["scale"])
        self._growth_factor = state_dict["growth_factor"]
        self._backoff_factor = state_dict["backoff_factor"]
        self._growth_interval = state_dict["growth_interval"]
        self._init_growth_tracker = state_dict["_growth_tracker"]
        if self._growth_tracker is not None:
            self._growth_tracker = state_dict["_growth_tracker"]
