"""PyTorch's in-place functions at the top level (``torch.relu_(x)``, ``torch.clamp_(x, 0, 1)``
...): each calls the Tensor method of the same name, so there is one implementation."""

# name: the arguments after ``input`` in the example (the input is tinytorch.tensor([0.5]))
_EXAMPLES = {
    "abs_": "", "acos_": "", "asin_": "", "atan_": "", "asinh_": "", "atanh_": "",
    "arccos_": "", "arcsin_": "", "arctan_": "", "arcsinh_": "", "arctanh_": "",
    "acosh_": "", "arccosh_": "", "ceil_": "", "cos_": "", "cosh_": "", "deg2rad_": "",
    "erf_": "", "erfc_": "", "exp_": "", "exp2_": "", "expm1_": "", "fix_": "", "floor_": "",
    "frac_": "", "i0_": "", "log_": "", "log10_": "", "log1p_": "", "log2_": "", "neg_": "",
    "negative_": "", "rad2deg_": "", "reciprocal_": "", "relu_": "", "round_": "",
    "rsqrt_": "", "sigmoid_": "", "sin_": "", "sinc_": "", "sinh_": "", "sqrt_": "",
    "square_": "", "tan_": "", "tanh_": "", "trunc_": "", "zero_": "", "nan_to_num_": "",
    "clamp_": "0.0, 0.25", "clip_": "0.0, 0.25", "clamp_min_": "0.75", "clamp_max_": "0.25",
    "fill_": "2.0", "ldexp_": "tinytorch.tensor([1])", "logit_": "0.1",
    "xlogy_": "tinytorch.tensor([2.0])", "gcd_": "tinytorch.tensor([4])",
    "lcm_": "tinytorch.tensor([4])", "addmv_": "tinytorch.ones(1, 2), tinytorch.ones(2)",
    "detach_": "", "index_put_": "(tinytorch.tensor([0]),), tinytorch.tensor(1.0)",
}
# acosh needs an input >= 1, gcd and lcm integers
_INPUT = {"acosh_": "2.0", "arccosh_": "2.0", "gcd_": "6", "lcm_": "6"}


def _function(name, example):
    def function(input, *args, **kwargs):
        return getattr(input, name)(*args, **kwargs)
    function.__name__ = function.__qualname__ = name
    function.__module__ = "tinytorch"
    value = _INPUT.get(name, "0.5")
    call = ", ".join(["x"] + ([example] if example else []))
    function.__doc__ = (
        f"In-place version of :func:`{name[:-1]}`: ``input.{name}(*args, **kwargs)``.\n\n"
        f"Args:\n    input (Tensor): the tensor changed in place.\n"
        f"    others: the other arguments of :meth:`Tensor.{name}`.\n\n"
        f"Returns:\n    Tensor: ``input``.\n\n"
        f">>> x = tinytorch.tensor([{value}])\n>>> tinytorch.{name}({call}) is x\nTrue\n")
    return function


FUNCTIONS = {name: _function(name, example) for name, example in _EXAMPLES.items()}
