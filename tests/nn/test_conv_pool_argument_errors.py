"""Convolutions and pooling refuse bad strides, paddings, dilations, kernel sizes and groups
with PyTorch's exception and message, checked in PyTorch's order (a case with two faults
reports the one PyTorch reports). Each case runs under both libraries and the two errors are
compared. Several were silently wrong before: a transposed convolution with negative padding
or zero dilation returned a tensor, as did avg_pool2d with a zero kernel and max_pool2d with
a zero dilation; zero strides raised ZeroDivisionError or NumPy's ValueError."""

import pytest

import tinytorch

torch = pytest.importorskip("torch")


def _x(lib, *shape):
    return lib.ones(*shape)


CASES = {
    # convolutions: PyTorch's number checks, then the weight's, then the kernel's
    "conv2d dilation 0": lambda F, t: F.conv2d(_x(t, 1, 2, 7, 7), _x(t, 3, 2, 3, 3), dilation=0),
    "conv2d dilation -1": lambda F, t: F.conv2d(_x(t, 1, 2, 7, 7), _x(t, 3, 2, 3, 3),
                                                dilation=-1),
    "conv1d dilation 0": lambda F, t: F.conv1d(_x(t, 1, 2, 7), _x(t, 3, 2, 3), dilation=0),
    "conv1d stride 0": lambda F, t: F.conv1d(_x(t, 1, 2, 7), _x(t, 3, 2, 3), stride=0),
    # conv1d's messages show the user's 3-D shapes, not the 2-D convolution it runs
    "conv1d channels": lambda F, t: F.conv1d(_x(t, 1, 4, 5), _x(t, 8, 3, 3)),
    "conv1d unbatched channels": lambda F, t: F.conv1d(_x(t, 4, 5), _x(t, 8, 3, 3)),
    "conv1d groups channels": lambda F, t: F.conv1d(_x(t, 1, 6, 5), _x(t, 8, 2, 3), groups=2),
    "conv1d kernel above input": lambda F, t: F.conv1d(_x(t, 1, 3, 3), _x(t, 8, 3, 5)),
    "conv1d dilated kernel above input": lambda F, t: F.conv1d(_x(t, 1, 3, 5), _x(t, 8, 3, 3),
                                                               dilation=3),
    "conv1d groups above weight": lambda F, t: F.conv1d(_x(t, 1, 3, 5), _x(t, 1, 3, 3),
                                                        groups=2),
    "conv1d groups not dividing": lambda F, t: F.conv1d(_x(t, 1, 3, 5), _x(t, 7, 3, 3),
                                                        groups=2),
    "conv1d 2-D weight": lambda F, t: F.conv1d(_x(t, 1, 3, 5), _x(t, 8, 3)),
    "Conv1d module channels": lambda F, t: t.nn.Conv1d(3, 8, 3)(_x(t, 1, 4, 5)),
    "conv2d groups above weight": lambda F, t: F.conv2d(_x(t, 1, 3, 5, 5), _x(t, 2, 1, 3, 3),
                                                        groups=3),
    "conv2d groups not dividing": lambda F, t: F.conv2d(_x(t, 1, 3, 5, 5), _x(t, 4, 1, 3, 3),
                                                        groups=3),
    "conv2d groups before channels": lambda F, t: F.conv2d(_x(t, 1, 4, 5, 5),
                                                           _x(t, 2, 1, 3, 3), groups=3),
    "conv2d padding before groups": lambda F, t: F.conv2d(_x(t, 1, 3, 5, 5), _x(t, 2, 1, 3, 3),
                                                          groups=3, padding=-1),
    "conv2d channels before dilation 0": lambda F, t: F.conv2d(_x(t, 1, 3, 5, 5),
                                                               _x(t, 2, 2, 3, 3), dilation=0),
    "conv_transpose2d stride 0": lambda F, t: F.conv_transpose2d(_x(t, 1, 2, 5, 5),
                                                                 _x(t, 2, 3, 3, 3), stride=0),
    "conv_transpose2d stride -1": lambda F, t: F.conv_transpose2d(_x(t, 1, 2, 5, 5),
                                                                  _x(t, 2, 3, 3, 3), stride=-1),
    "conv_transpose2d padding -1": lambda F, t: F.conv_transpose2d(
        _x(t, 1, 2, 5, 5), _x(t, 2, 3, 3, 3), padding=-1),
    "conv_transpose2d output_padding -1": lambda F, t: F.conv_transpose2d(
        _x(t, 1, 2, 5, 5), _x(t, 2, 3, 3, 3), output_padding=-1),
    "conv_transpose2d dilation 0": lambda F, t: F.conv_transpose2d(
        _x(t, 1, 2, 5, 5), _x(t, 2, 3, 3, 3), dilation=0),
    "conv_transpose2d dilation -1": lambda F, t: F.conv_transpose2d(
        _x(t, 1, 2, 5, 5), _x(t, 2, 3, 3, 3), dilation=-1),
    "conv_transpose2d dilation 0 before output padding": lambda F, t: F.conv_transpose2d(
        _x(t, 1, 2, 5, 5), _x(t, 2, 1, 3, 3), dilation=0, output_padding=1),
    "conv_transpose2d stride 0 before dilation 0": lambda F, t: F.conv_transpose2d(
        _x(t, 1, 2, 5, 5), _x(t, 2, 3, 3, 3), stride=0, dilation=0),
    "conv_transpose2d groups above weight": lambda F, t: F.conv_transpose2d(
        _x(t, 1, 2, 5, 5), _x(t, 2, 1, 3, 3), groups=3),
    "conv_transpose2d groups not dividing": lambda F, t: F.conv_transpose2d(
        _x(t, 1, 4, 5, 5), _x(t, 4, 1, 3, 3), groups=3),
    "conv_transpose2d output padding": lambda F, t: F.conv_transpose2d(
        _x(t, 1, 2, 5, 5), _x(t, 2, 3, 3, 3), stride=2, output_padding=2),
    "conv_transpose1d padding -1": lambda F, t: F.conv_transpose1d(
        _x(t, 1, 2, 5), _x(t, 2, 3, 3), padding=-1),
    "conv_transpose1d dilation 0": lambda F, t: F.conv_transpose1d(
        _x(t, 1, 2, 5), _x(t, 2, 3, 3), dilation=0),
    "conv_transpose1d output padding": lambda F, t: F.conv_transpose1d(
        _x(t, 1, 2, 5), _x(t, 2, 3, 3), stride=2, output_padding=3),
    "conv_transpose3d stride 0": lambda F, t: F.conv_transpose3d(
        _x(t, 1, 2, 3, 3, 3), _x(t, 2, 3, 2, 2, 2), stride=0),
    "conv_transpose3d padding -1": lambda F, t: F.conv_transpose3d(
        _x(t, 1, 2, 3, 3, 3), _x(t, 2, 3, 2, 2, 2), padding=-1),
    "conv_transpose3d dilation 0": lambda F, t: F.conv_transpose3d(
        _x(t, 1, 2, 3, 3, 3), _x(t, 2, 3, 2, 2, 2), dilation=0),
    # pooling: the output-size helper's checks per dim, then the shape check's
    "max_pool2d stride 0": lambda F, t: F.max_pool2d(_x(t, 1, 2, 5, 5), 2, stride=0),
    "max_pool2d kernel 0": lambda F, t: F.max_pool2d(_x(t, 1, 2, 5, 5), 0),
    "max_pool2d kernel 0 stride 1": lambda F, t: F.max_pool2d(_x(t, 1, 2, 5, 5), 0, stride=1),
    "max_pool2d kernel -3": lambda F, t: F.max_pool2d(_x(t, 1, 2, 5, 5), -3),
    "max_pool2d stride -1": lambda F, t: F.max_pool2d(_x(t, 1, 2, 5, 5), 2, stride=-1),
    "max_pool2d padding -1": lambda F, t: F.max_pool2d(_x(t, 1, 2, 5, 5), 2, padding=-1),
    "max_pool2d dilation 0": lambda F, t: F.max_pool2d(_x(t, 1, 2, 5, 5), 2, dilation=0),
    "max_pool2d padding above half the kernel": lambda F, t: F.max_pool2d(
        _x(t, 1, 2, 7, 7), 3, dilation=2, padding=2),
    "max_pool2d with indices stride 0": lambda F, t: F.max_pool2d(
        _x(t, 1, 2, 5, 5), 2, stride=0, return_indices=True),
    "max_pool1d stride 0": lambda F, t: F.max_pool1d(_x(t, 1, 2, 5), 2, stride=0),
    "max_pool1d kernel 0": lambda F, t: F.max_pool1d(_x(t, 1, 2, 5), 0),
    "max_pool1d dilation 0": lambda F, t: F.max_pool1d(_x(t, 1, 2, 5), 2, dilation=0),
    "max_pool1d padding -1": lambda F, t: F.max_pool1d(_x(t, 1, 2, 5), 2, padding=-1),
    "max_pool1d padding above half": lambda F, t: F.max_pool1d(_x(t, 1, 2, 9), 3, dilation=2,
                                                               padding=2),
    "max_pool1d output too small": lambda F, t: F.max_pool1d(_x(t, 1, 2, 5), 7),
    "max_pool1d with indices stride 0": lambda F, t: F.max_pool1d(
        _x(t, 1, 2, 5), 2, stride=0, return_indices=True),
    "max_pool1d with indices padding -1": lambda F, t: F.max_pool1d(
        _x(t, 1, 2, 5), 2, padding=-1, return_indices=True),
    "avg_pool2d stride 0": lambda F, t: F.avg_pool2d(_x(t, 1, 2, 5, 5), 2, stride=0),
    "avg_pool2d kernel 0 stride 1": lambda F, t: F.avg_pool2d(_x(t, 1, 2, 5, 5), 0, stride=1),
    "avg_pool2d stride -1": lambda F, t: F.avg_pool2d(_x(t, 1, 2, 5, 5), 2, stride=-1),
    "avg_pool2d padding -1": lambda F, t: F.avg_pool2d(_x(t, 1, 2, 5, 5), 2, padding=-1),
    "avg_pool2d divisor 0 first": lambda F, t: F.avg_pool2d(_x(t, 1, 2, 5, 5), 2, stride=0,
                                                            divisor_override=0),
    "avg_pool1d kernel 0 stride 1": lambda F, t: F.avg_pool1d(_x(t, 1, 2, 5), 0, stride=1),
    "avg_pool1d stride -1": lambda F, t: F.avg_pool1d(_x(t, 1, 2, 5), 2, stride=-1),
    "lp_pool2d stride 0": lambda F, t: F.lp_pool2d(_x(t, 1, 2, 5, 5), 2, 2, stride=0),
    "max_pool3d stride -1": lambda F, t: F.max_pool3d(_x(t, 1, 2, 4, 4, 4), 2, stride=-1),
    "max_pool3d padding -1": lambda F, t: F.max_pool3d(_x(t, 1, 2, 4, 4, 4), 2, padding=-1),
    "max_pool3d padding above half the kernel": lambda F, t: F.max_pool3d(
        _x(t, 1, 2, 7, 7, 7), 3, dilation=2, padding=2),
    "avg_pool3d padding -1": lambda F, t: F.avg_pool3d(_x(t, 1, 2, 4, 4, 4), 2, padding=-1),
    "avg_pool3d kernel 0 stride 1": lambda F, t: F.avg_pool3d(_x(t, 1, 2, 4, 4, 4), 0,
                                                              stride=1),
    "avg_pool3d smaller than the kernel": lambda F, t: F.avg_pool3d(_x(t, 1, 2, 2, 2, 2), 3,
                                                                    padding=1),
}


def _error(lib, case):
    with pytest.raises(Exception) as info:
        CASES[case](lib.nn.functional, lib)
    return type(info.value), str(info.value)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_arguments_raise_pytorchs_error(case):
    assert _error(tinytorch, case) == _error(torch, case)
