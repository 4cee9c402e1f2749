"""Every public name carries a PyTorch-style docstring, and every ``>>>`` example in one runs.

NOTE [Docstring rule]: what counts as public and what its docstring must hold.
- Public names: ``__all__`` of each module in ``PUBLIC_MODULES`` (or, without ``__all__``, its
  names not starting with ``_`` that tinytorch defines), recursing into public submodules that
  those modules list. For each public class: the class, and every attribute not starting with
  ``_`` that a tinytorch class in its MRO defines (documented once, where it is defined;
  attributes inherited from ``object``, ``Exception``, ``threading.Thread`` and other Python
  classes are Python's to document).
- Dunder methods, constants and dtype objects are excluded.
- A property (or other data descriptor) needs a non-empty docstring (one line is enough).
- A class, function or method needs:
  * ``Args:`` when it takes arguments (beyond ``self``/``cls``; for a class, its ``__init__``'s);
  * ``Returns:`` when it is a function or method whose body returns a value (not ``None``);
  * ``Raises:`` when its own body has a ``raise`` statement;
  * an example: a ``>>>`` line.
  A method overriding a documented one inherits its docstring (``inspect.getdoc``), as Sphinx
  does: ``nn.Linear.forward`` is documented by ``nn.Module.forward``.
- Keras names (``tinytorch.keras``) follow Keras' style (``Args:``, ``Returns:``, examples),
  which meets the same rule.
The examples run as doctests here (one test per name) in the defining module's namespace (as
``doctest`` gives them) plus ``tinytorch``, after ``tinytorch.manual_seed(0)``, under pytest's
``filterwarnings = error``. ``docstring_backlog.txt`` lists the names that do not meet the rule
yet; the test fails on any other name that does not, and on a listed name that now does.
"""

import ast
import doctest
import importlib
import inspect
import pathlib
import textwrap
import types

import pytest

import tinytorch

PUBLIC_MODULES = [
    "tinytorch", "tinytorch.nn", "tinytorch.nn.functional", "tinytorch.nn.init",
    "tinytorch.nn.utils", "tinytorch.nn.utils.rnn", "tinytorch.nn.parallel", "tinytorch.optim",
    "tinytorch.optim.lr_scheduler", "tinytorch.utils", "tinytorch.utils.data",
    "tinytorch.autograd", "tinytorch.cuda", "tinytorch.cuda.amp", "tinytorch.amp",
    "tinytorch.distributed", "tinytorch.keras", "tinytorch.keras.layers",
    "tinytorch.keras.models", "tinytorch.keras.callbacks", "tinytorch.keras.optimizers",
    "tinytorch.keras.losses", "tinytorch.keras.metrics", "tinytorch.keras.activations",
    "tinytorch.keras.initializers", "tinytorch.keras.utils", "tinytorch.keras.backend",
    "tinytorch.datasets", "tinytorch.metrics", "tinytorch.models", "tinytorch.utils.tensorboard",
]
# The lead's backend internals (tinytorch.backends) are not user API; modules found by
# recursion under these prefixes are skipped.
INTERNAL = ("tinytorch.backends", "tinytorch._")
BACKLOG = pathlib.Path(__file__).with_name("docstring_backlog.txt")


def _owned(obj):
    return (getattr(obj, "__module__", None) or "").startswith("tinytorch")


def _module_names(module):
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n in vars(module) if not n.startswith("_")]
    return names


def _is_descriptor(obj):
    return isinstance(obj, (property, types.GetSetDescriptorType, types.MemberDescriptorType))


def _members(public_name, cls):
    """(name, class, attribute, object) of each public attribute a tinytorch class in cls's MRO
    defines, named through the public class where it defines it."""
    for klass in cls.__mro__:
        if not _owned(klass):
            continue
        for name, obj in vars(klass).items():
            if name.startswith("_"):
                continue
            if isinstance(obj, (staticmethod, classmethod)):
                obj = obj.__func__
            if callable(obj) or _is_descriptor(obj):
                where = public_name if klass is cls else f"{klass.__module__}.{klass.__qualname__}"
                yield f"{where}.{name}", klass, name, obj


def public_api():
    """{qualified name: (object, owning class or None, attribute name)}, each object once."""
    found, seen = {}, set()
    pending = list(PUBLIC_MODULES)
    while pending:
        try:
            module = importlib.import_module(pending.pop(0))
        except ImportError:  # tinytorch.distributed without mpi4py
            continue
        for name in _module_names(module):
            obj = getattr(module, name)
            if isinstance(obj, types.ModuleType):
                if obj.__name__.startswith("tinytorch") and obj.__name__ not in PUBLIC_MODULES \
                        and not obj.__name__.startswith(INTERNAL):
                    PUBLIC_MODULES.append(obj.__name__)
                    pending.append(obj.__name__)
                continue
            if not (inspect.isclass(obj) or inspect.isfunction(obj)) or not _owned(obj):
                continue  # dtypes, devices, constants, Python's own objects
            if id(obj) not in seen:
                seen.add(id(obj))
                found[f"{module.__name__}.{name}"] = (obj, None, name)
            if inspect.isclass(obj):
                for qualname, klass, attr, member in _members(f"{module.__name__}.{name}", obj):
                    if qualname not in found and id(member) not in seen:
                        seen.add(id(member))
                        found[qualname] = (member, klass, attr)
    return found


def _takes_arguments(obj):
    target = obj.__init__ if inspect.isclass(obj) else obj
    if inspect.isclass(obj) and not _owned(target):
        return False  # object.__init__: a class without its own constructor
    try:
        params = list(inspect.signature(target).parameters)
    except (TypeError, ValueError):
        return False
    return bool(params[1:] if params[:1] in (["self"], ["cls"]) else params)


def _body(obj):
    """The function's own AST (nested functions and classes left out), or None."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(obj)))
    except (OSError, TypeError, SyntaxError):
        return None
    func = tree.body[0]
    nodes, stack = [], list(getattr(func, "body", []))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        nodes.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return nodes


def _returns_value(obj):
    nodes = _body(obj)
    if nodes is None:
        return False
    return any(isinstance(n, ast.Return) and n.value is not None
               and not (isinstance(n.value, ast.Constant) and n.value.value is None)
               for n in nodes) or any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in nodes)


def _raises(obj):
    return any(isinstance(n, ast.Raise) and n.exc is not None for n in _body(obj) or ())


def problems(obj, klass, attr):
    """What obj's docstring lacks under NOTE [Docstring rule]; empty when it complies."""
    doc = inspect.getdoc(obj)  # a __slots__ dict's docstrings too
    if not doc or not doc.strip():
        return ["no docstring"]
    if _is_descriptor(obj):
        return []
    missing = []
    if _takes_arguments(obj) and "Args:" not in doc:
        missing.append("Args:")
    if inspect.isfunction(obj) and _returns_value(obj) and "Returns:" not in doc \
            and "Yields:" not in doc:
        missing.append("Returns:")
    if inspect.isfunction(obj) and _raises(obj) and "Raises:" not in doc:
        missing.append("Raises:")
    if ">>>" not in doc:
        missing.append("example")
    return missing


API = public_api()


def _backlog():
    """Names that do not meet the rule yet; the list may only shrink."""
    lines = BACKLOG.read_text().splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def test_public_api_is_found():
    assert "tinytorch.Tensor.backward" in API and "tinytorch.nn.Conv2d" in API
    assert len(API) > 1000


def test_every_public_name_meets_the_docstring_rule():
    backlog = _backlog()
    failing = {name: problems(*entry) for name, entry in API.items()}
    failing = {name: missing for name, missing in failing.items() if missing}
    new = [f"{name}: lacks {', '.join(missing)}" for name, missing in sorted(failing.items())
           if name not in backlog]
    assert not new, "see NOTE [Docstring rule] in tests/test_docstrings.py:\n" + "\n".join(new)
    done = sorted(backlog - set(failing))
    assert not done, f"now documented: remove from {BACKLOG.name}:\n" + "\n".join(done)


# Examples that build a full-size model (VGG-16's 138 M parameters) run with the slow tests.
SLOW_EXAMPLES = {"tinytorch.models.VGG"}
_DOCTESTS = [pytest.param(name, marks=[pytest.mark.slow] if name in SLOW_EXAMPLES else [])
             for name, (obj, _, _) in sorted(API.items())
             if ">>>" in (inspect.getdoc(obj) or "")]


@pytest.mark.parametrize("name", _DOCTESTS)
def test_docstring_example_runs(name):
    obj = API[name][0]
    tinytorch.manual_seed(0)
    parser = doctest.DocTestParser()
    doc = inspect.getdoc(obj)
    module = inspect.getmodule(obj.fget if isinstance(obj, property) else obj)
    globs = dict(vars(module)) if module is not None else {}
    globs["tinytorch"] = tinytorch  # as doctest does, the defining module's names, plus this
    test = parser.get_doctest(doc, globs, name, None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    out = []
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)
