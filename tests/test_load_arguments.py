"""tinytorch.load takes torch.load's arguments (NOTE [load's arguments] in serialization.py):
each compared with PyTorch on a checkpoint each library wrote itself."""

import inspect
import io
import pickle
import warnings

import pytest

import tinytorch

torch = pytest.importorskip("torch")


def test_signature_is_pytorchs():
    ours, theirs = inspect.signature(tinytorch.load), inspect.signature(torch.load)
    assert [(p.name, p.kind, p.default) for p in ours.parameters.values()] == [
        (p.name, p.kind, p.default) for p in theirs.parameters.values()]


def _loads(L, path):
    """What each torch.load call gives (a value, or the error's type and message)."""
    calls = [
        dict(weights_only=True), dict(weights_only=False), dict(mmap=True), dict(mmap=False),
        dict(map_location=lambda storage, location: storage),
        dict(map_location=lambda storage, location: None), dict(map_location=L.device("cpu")),
        dict(pickle_module=pickle, weights_only=True), dict(bogus=1),
        dict(bogus=1, weights_only=False), dict(encoding="latin1", weights_only=False)]
    out = []
    for kwargs in calls:
        try:
            with warnings.catch_warnings():  # PyTorch warns of bogus=1 before it raises
                warnings.simplefilter("ignore")
                loaded = L.load(path, **kwargs)
        except (RuntimeError, TypeError) as e:
            out.append((type(e).__name__, str(e)))
        else:
            out.append((loaded["w"].tolist(), loaded["step"], str(loaded["w"].device)))
    with pytest.raises(ValueError, match="f must be a file path in order to use the mmap "
                                         "argument"):
        with open(path, "rb") as f:
            L.load(io.BytesIO(f.read()), mmap=True)
    with pytest.warns(UserWarning, match="pickle_load_args only works if `weights_only=False`"):
        out.append(L.load(path, encoding="latin1")["step"])
    return out


def test_arguments_behave_as_pytorchs(tmp_path):
    tinytorch.save({"w": tinytorch.ones(2), "step": 3}, tmp_path / "ours")
    torch.save({"w": torch.ones(2), "step": 3}, tmp_path / "theirs")
    assert _loads(tinytorch, tmp_path / "ours") == _loads(torch, tmp_path / "theirs")


def test_pickle_module_is_refused_since_nothing_is_unpickled(tmp_path):
    tinytorch.save({"w": tinytorch.ones(2)}, tmp_path / "w")
    with pytest.raises(RuntimeError, match="never unpickles .* pickle_module='pickle' cannot be "
                                           "used: drop the argument"):
        tinytorch.load(tmp_path / "w", pickle_module=pickle)


def test_map_location_callable_sees_the_saved_location_and_must_return_a_tensor(tmp_path):
    tinytorch.save({"w": tinytorch.ones(2)}, tmp_path / "w")
    seen = []
    tinytorch.load(tmp_path / "w", map_location=lambda s, loc: seen.append((s.tolist(), loc)))
    assert seen == [([1.0, 1.0], "cpu")]
    with pytest.raises(RuntimeError, match="map_location returned int, expected the storage"):
        tinytorch.load(tmp_path / "w", map_location=lambda s, loc: 3)
    with pytest.raises(RuntimeError, match="map_location raised KeyError: 'cpu'") as error:
        tinytorch.load(tmp_path / "w", map_location=lambda s, loc: {}[loc])
    assert isinstance(error.value.__cause__, KeyError)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert tinytorch.load(tmp_path / "w", None, None, weights_only=None)["w"].tolist() == [
            1.0, 1.0]
