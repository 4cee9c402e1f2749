"""Containers: Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict."""

import operator
from collections import OrderedDict
from collections.abc import Mapping

from tinytorch._tensor import Tensor
from tinytorch.nn.modules.module import Module
from tinytorch.nn.modules.module import _addindent
from tinytorch._typeinfo import typename
from tinytorch.nn.parameter import Parameter


def _abs_index(idx, size):
    idx = operator.index(idx)
    if not -size <= idx < size:
        raise IndexError(f"index {idx} is out of range")
    return idx % size


class _ModuleSequence(Module):
    """What Sequential and ModuleList share: children named "0", "1", … in order."""

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def __dir__(self):
        return [k for k in super().__dir__() if not k.isdigit()]

    def _item(self, idx):
        return list(self._modules.values())[_abs_index(idx, len(self))]

    def __setitem__(self, idx, module):
        setattr(self, list(self._modules)[_abs_index(idx, len(self))], module)

    def __delitem__(self, idx):
        keys = list(self._modules)
        for key in (keys[idx] if isinstance(idx, slice) else [keys[_abs_index(idx, len(keys))]]):
            delattr(self, key)
        self._renumber(list(self._modules.values()))

    def _renumber(self, modules):
        self.__dict__["_modules"] = {str(i): m for i, m in enumerate(modules)}

    def append(self, module):
        """Append ``module`` at the end.

        Args:
            module (Module): the module to append.

        Returns:
            self (the Sequential or ModuleList).

        >>> model = tinytorch.nn.Sequential(tinytorch.nn.Linear(2, 2))
        >>> len(model.append(tinytorch.nn.ReLU()))
        2
        """
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules):
        """Append every module of an iterable, in order.

        Args:
            modules (iterable of Module): the modules to append.

        Returns:
            self (the Sequential or ModuleList).

        >>> layers = tinytorch.nn.ModuleList([tinytorch.nn.ReLU()])
        >>> len(layers.extend([tinytorch.nn.Tanh(), tinytorch.nn.ReLU()]))
        3
        """
        for module in modules:
            self.append(module)
        return self

    def insert(self, index, module):
        """Insert ``module`` before position ``index``; the following
        modules are renumbered.

        Args:
            index (int): the position (negative counts from the end).
            module (Module): the module to insert.

        Returns:
            self for a Sequential, None for a ModuleList (as in PyTorch).

        Raises:
            AssertionError: ``module`` is not a Module.
            IndexError: ``index`` is outside ``[-len(self), len(self)]``.

        >>> model = tinytorch.nn.Sequential(tinytorch.nn.ReLU(), tinytorch.nn.ReLU())
        >>> model.insert(1, tinytorch.nn.Tanh())[1]
        Tanh()
        """
        if not isinstance(module, Module):
            raise AssertionError(f"module should be of type: {Module}")
        n = len(self)
        if not -n <= index <= n:
            raise IndexError(f"Index out of range: {index}")
        modules = list(self._modules.values())
        modules.insert(index + n if index < 0 else index, module)
        self._renumber(modules)
        return self

    def pop(self, key):
        """Remove the module at ``key`` and return it; the following
        modules are renumbered.

        Args:
            key (int): the position (negative counts from the end).

        Returns:
            Module: the removed module.

        >>> model = tinytorch.nn.Sequential(tinytorch.nn.ReLU(), tinytorch.nn.Tanh())
        >>> model.pop(0), len(model)
        (ReLU(), 1)
        """
        v = self[key]
        del self[key]
        return v


class Sequential(_ModuleSequence):
    """A sequential container: modules are called in the order they are passed
    in, each on the previous one's output: ``Sequential(a, b)(x) == b(a(x))``.

    Supports indexing, slicing (a new Sequential), ``len``, ``+``, ``append``, ``insert``,
    ``extend`` and ``pop``.

    Args:
        *args (Module or OrderedDict): the modules, named ``"0"``, ``"1"``, ...; or a single
            ``OrderedDict`` of named modules.

    >>> import tinytorch
    >>> model = tinytorch.nn.Sequential(tinytorch.nn.Linear(4, 3), tinytorch.nn.ReLU())
    >>> model(tinytorch.randn(2, 4)).shape
    torch.Size([2, 3])
    """

    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for key, module in args[0].items():
                self.add_module(key, module)
        else:
            for idx, module in enumerate(args):
                self.add_module(str(idx), module)

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return type(self)(OrderedDict(list(self._modules.items())[idx]))
        return self._item(idx)

    def __add__(self, other):
        if not isinstance(other, Sequential):
            raise ValueError("add operator supports only objects of Sequential class, but "
                             f"{type(other)} is given.")
        return Sequential(*self, *other)

    def forward(self, input):
        for module in self:
            input = module(input)
        return input


class ModuleList(_ModuleSequence):
    """Holds submodules in a list: they are registered as children (so
    :meth:`Module.parameters`, :meth:`Module.to` and the ``repr`` see them), named ``"0"``,
    ``"1"``, ... Supports indexing, slicing, ``len``, ``+``, ``+=``, ``append``, ``extend``,
    ``insert`` and ``pop``.

    Args:
        modules (iterable of Module, optional): the modules to add.

    >>> import tinytorch
    >>> layers = tinytorch.nn.ModuleList([tinytorch.nn.Linear(2, 2) for _ in range(3)])
    >>> len(list(layers.parameters()))
    6
    """

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return type(self)(list(self._modules.values())[idx])
        return self._item(idx)

    def __iadd__(self, modules):
        return self.extend(modules)

    def __add__(self, other):
        return ModuleList([*self, *other])

    def insert(self, index, module):
        super().insert(index, module)  # PyTorch's ModuleList.insert returns None

    insert.__doc__ = _ModuleSequence.insert.__doc__

    def __repr__(self):
        """Runs of identical children print once, as ``(0-2): 3 x Linear(...)``."""
        reprs = [repr(m) for m in self]
        if not reprs:
            return self._get_name() + "()"
        runs = []  # [start, end, repr]
        for i, r in enumerate(reprs):
            if runs and runs[-1][2] == r:
                runs[-1][1] = i
            else:
                runs.append([i, i, r])
        lines = []
        for start, end, r in runs:
            head = f"({start})" if start == end else f"({start}-{end}): {end - start + 1} x"
            lines.append(_addindent(f"{head}: {r}" if start == end else f"{head} {r}", 2))
        return self._get_name() + "(\n  " + "\n  ".join(lines) + "\n)"


class ModuleDict(Module):
    """Holds submodules in an ordered dictionary, registered as children.
    Supports ``d[key]``, ``d[key] = module``, ``del d[key]``, ``in``, ``len`` and iteration over
    the keys, in insertion order.

    Args:
        modules (mapping or iterable of (str, Module) pairs, optional): the modules to add.

    >>> import tinytorch
    >>> d = tinytorch.nn.ModuleDict({"act": tinytorch.nn.ReLU()})
    >>> list(d.keys())
    ['act']
    """

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key):
        return self._modules[key]

    def __setitem__(self, key, module):
        self.add_module(key, module)

    def __delitem__(self, key):
        del self._modules[key]

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules)

    def __contains__(self, key):
        return key in self._modules

    def clear(self):
        """Remove all modules.

        >>> d = tinytorch.nn.ModuleDict({"act": tinytorch.nn.ReLU()})
        >>> d.clear()
        >>> len(d)
        0
        """
        self._modules.clear()

    def pop(self, key):
        """Remove the module under ``key`` and return it.

        Args:
            key (str): the key.

        Returns:
            Module: the removed module.

        >>> d = tinytorch.nn.ModuleDict({"act": tinytorch.nn.ReLU()})
        >>> d.pop("act"), len(d)
        (ReLU(), 0)
        """
        v = self[key]
        del self[key]
        return v

    def keys(self):
        """Return an iterable of the keys, in insertion order.

        Returns:
            dict_keys: the keys.

        >>> list(tinytorch.nn.ModuleDict({"a": tinytorch.nn.ReLU()}).keys())
        ['a']
        """
        return self._modules.keys()

    def items(self):
        """Return an iterable of the ``(key, module)`` pairs, in insertion
        order.

        Returns:
            dict_items: the pairs.

        >>> list(tinytorch.nn.ModuleDict({"a": tinytorch.nn.ReLU()}).items())
        [('a', ReLU())]
        """
        return self._modules.items()

    def values(self):
        """Return an iterable of the modules, in insertion order.

        Returns:
            dict_values: the modules.

        >>> list(tinytorch.nn.ModuleDict({"a": tinytorch.nn.ReLU()}).values())
        [ReLU()]
        """
        return self._modules.values()

    def update(self, modules):
        """Add (or replace) modules from a mapping or an iterable of
        ``(key, module)`` pairs, keeping their order.

        Args:
            modules (mapping or iterable of (str, Module) pairs): the modules.

        >>> d = tinytorch.nn.ModuleDict({"a": tinytorch.nn.ReLU()})
        >>> d.update([("b", tinytorch.nn.Tanh())])
        >>> list(d)
        ['a', 'b']
        """
        items = modules.items() if isinstance(modules, Mapping) else modules
        for key, module in items:
            self[key] = module


def _param_line(key, p, type_name):
    if not isinstance(p, Tensor):
        return f"  ({key}): Object of type: {type(p).__name__}"
    size = "x".join(str(s) for s in p.shape)
    device = f" ({p.device})" if p.device.type == "cuda" else ""
    kind = "Parameter" if isinstance(p, Parameter) else "Tensor"
    return f"  ({key}): {kind} containing: [{type_name(p)} of size {size}{device}]"


class ParameterList(Module):
    """Holds parameters in a list, registered under ``"0"``, ``"1"``, ... A
    Tensor that is not a :class:`Parameter` is wrapped in one. Supports indexing, slicing,
    ``len``, ``+=``, ``append`` and ``extend``.

    Args:
        values (iterable of Tensor, optional): the parameters to add.

    >>> import tinytorch
    >>> ps = tinytorch.nn.ParameterList([tinytorch.nn.Parameter(tinytorch.ones(2))])
    >>> len(ps), [n for n, _ in ps.named_parameters()]
    (1, ['0'])
    """

    def __init__(self, values=None):
        super().__init__()
        if values is not None:
            self.extend(values)

    def __len__(self):
        return len(self._parameters)

    def __iter__(self):
        return iter(self._parameters.values())

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return type(self)(list(self)[idx])
        return self._parameters[str(_abs_index(idx, len(self)))]

    def __setitem__(self, idx, param):
        self._set(str(_abs_index(idx, len(self))), param)

    def _set(self, key, param):
        if isinstance(param, Tensor) and not isinstance(param, Parameter):
            param = Parameter(param)
        setattr(self, key, param)

    def append(self, value):
        """Append ``value`` at the end (wrapped in a Parameter if it is a
        plain Tensor).

        Args:
            value (Tensor): the parameter to append.

        Returns:
            ParameterList: self.

        >>> ps = tinytorch.nn.ParameterList().append(tinytorch.zeros(3))
        >>> type(ps[0]).__name__
        'Parameter'
        """
        self._set(str(len(self)), value)
        return self

    def extend(self, values):
        """Append every value of an iterable, in order.

        Args:
            values (iterable of Tensor): the parameters to append.

        Returns:
            ParameterList: self.

        >>> len(tinytorch.nn.ParameterList().extend([tinytorch.ones(1), tinytorch.ones(2)]))
        2
        """
        for v in values:
            self.append(v)
        return self

    def __iadd__(self, values):
        return self.extend(values)

    def extra_repr(self):
        return "\n".join(_param_line(k, p, lambda t: str(t.dtype)) for k, p in enumerate(self))


class ParameterDict(Module):
    """Holds parameters in an ordered dictionary. A Tensor that is not a
    :class:`Parameter` is wrapped in one. Supports ``d[key]``, ``d[key] = value``,
    ``del d[key]``, ``in``, ``len`` and iteration over the keys, in insertion order.

    Args:
        parameters (mapping or iterable of (str, Tensor) pairs, optional): the parameters to add.

    >>> import tinytorch
    >>> pd = tinytorch.nn.ParameterDict({"scale": tinytorch.ones(2)})
    >>> type(pd["scale"]).__name__
    'Parameter'
    """

    def __init__(self, parameters=None):
        super().__init__()
        if parameters is not None:
            self.update(parameters)

    def __getitem__(self, key):
        return self._parameters[key]

    def __setitem__(self, key, value):
        if isinstance(value, Tensor) and not isinstance(value, Parameter):
            value = Parameter(value)
        setattr(self, key, value)

    def __delitem__(self, key):
        del self._parameters[key]

    def __len__(self):
        return len(self._parameters)

    def __iter__(self):
        return iter(self._parameters)

    def __contains__(self, key):
        return key in self._parameters

    def keys(self):
        """Return an iterable of the keys, in insertion order.

        Returns:
            dict_keys: the keys.

        >>> list(tinytorch.nn.ParameterDict({"w": tinytorch.ones(2)}).keys())
        ['w']
        """
        return self._parameters.keys()

    def items(self):
        """Return an iterable of the ``(key, parameter)`` pairs, in
        insertion order.

        Returns:
            dict_items: the pairs.

        >>> [k for k, _ in tinytorch.nn.ParameterDict({"w": tinytorch.ones(2)}).items()]
        ['w']
        """
        return self._parameters.items()

    def values(self):
        """Return an iterable of the parameters, in insertion order.

        Returns:
            dict_values: the parameters.

        >>> [p.shape for p in tinytorch.nn.ParameterDict({"w": tinytorch.ones(2)}).values()]
        [torch.Size([2])]
        """
        return self._parameters.values()

    def update(self, parameters):
        """Add (or replace) parameters from a mapping or an iterable of
        ``(key, value)`` pairs, keeping their order.

        Args:
            parameters (mapping or iterable of (str, Tensor) pairs): the parameters.

        >>> pd = tinytorch.nn.ParameterDict({"w": tinytorch.ones(2)})
        >>> pd.update({"b": tinytorch.zeros(1)})
        >>> list(pd)
        ['w', 'b']
        """
        items = parameters.items() if isinstance(parameters, Mapping) else parameters
        for key, value in items:
            self[key] = value

    def extra_repr(self):
        return "\n".join(_param_line(k, p, typename) for k, p in self.items())
