"""``tinytorch.device`` against ``torch.device``: equality (a device is not equal to its
string: ``torch.device('cpu') == 'cpu'`` is False there, where tinytorch parsed the string),
hashing, no order, read-only attributes, pickling, and the parsing of device strings with
PyTorch's errors (``'cuda:01'`` was ``cuda:1`` here)."""

import copy
import pickle

import pytest

import tinytorch

torch = pytest.importorskip("torch")

CASES = {
    "eq_str": "T.device('cpu') == 'cpu'",
    "ne_str": "T.device('cpu') != 'cpu'",
    "str_eq": "'cpu' == T.device('cpu')",
    "eq_bad_str": "T.device('cpu') == 'float64'",
    "eq_indexed_str": "T.device('cuda', 0) == 'cuda:0'",
    "tensor_device_eq_str": "T.zeros(1).device == 'cpu'",
    "eq_device": "T.device('cuda:0') == T.device('cuda', 0)",
    "eq_no_index": "T.device('cuda') == T.device('cuda', 0)",
    "eq_cpu0": "T.device('cpu', 0) == T.device('cpu')",
    "eq_none": "T.device('cpu') == None",
    "ne_none": "T.device('cpu') != None",
    "hash": "hash(T.device('cuda:1')) == hash(T.device('cuda', 1))",
    "hash_str": "hash(T.device('cpu')) == hash('cpu')",
    "in_set": "'cpu' in {T.device('cpu')}",
    "dict_key": "{T.device('cpu'): 1}.get(T.device('cpu'))",
    "lt": "T.device('cpu') < T.device('cuda')",
    "ge": "T.device('cpu') >= T.device('cpu')",
    "set_type": "setattr(T.device('cpu'), 'type', 'cuda')",
    "set_index": "setattr(T.device('cuda'), 'index', 1)",
    "copy": "copy.deepcopy(T.device('cuda', 1)) == T.device('cuda', 1)",
    "pickle": "repr(pickle.loads(pickle.dumps(T.device('cuda', 1))))",
    "leading_zero": "T.device('cuda:01')",
    "digits_in_type": "T.device('cpu0')",
    "dtype_name": "T.device('float64')",
    "space": "T.device(' cpu')",
    "empty": "T.device('')",
    "two_indices": "T.device('cuda:0:0')",
    "negative_in_string": "T.device('cuda:-1')",
    "index_twice": "T.device('cuda:1', 1)",
    "negative": "T.device('cuda', -1)",
    "index_str": "T.device('cuda', '1')",
    "index_bool": "T.device('cuda', True)",
    "to_dtype_name": "T.ones(1).to('float32')",
}


def _run(T, expression):
    try:
        out = eval(expression, {"T": T, "copy": copy, "pickle": pickle})
    except (TypeError, RuntimeError, ValueError, AttributeError) as e:
        return type(e), str(e).replace("torch.", "T.")
    return "ok", repr(out).replace("torch.", "T.")


@pytest.mark.parametrize("name", CASES)
def test_device_as_pytorch(name):
    want, got = _run(torch, CASES[name]), _run(tinytorch, CASES[name])
    assert got[0] == want[0]
    assert got[1].replace("tiny", "") == want[1]
