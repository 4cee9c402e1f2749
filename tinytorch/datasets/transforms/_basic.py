"""Image transforms with torchvision's names (``Compose``, ``ToTensor``, ``Normalize``,
``Lambda``), working on tensors or NumPy arrays, PIL-free."""

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch import _tensor


class Compose:
    """Apply ``transforms`` one after the other.

    Args:
        transforms (list): the transforms (callables), in order.

    >>> t = Compose([ToTensor(), Normalize((0.5,), (0.5,))])
    >>> t(_creation.full((2, 2), 255, dtype=_dtype.uint8)).tolist()
    [[[1.0, 1.0], [1.0, 1.0]]]
    """

    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, img):
        for t in self.transforms:
            img = t(img)
        return img

    def __repr__(self):
        body = "".join(f"\n    {t}" for t in self.transforms)
        return f"{type(self).__name__}({body}\n)"


class ToTensor:
    """An image ``HxW`` or ``HxWxC`` (tensor or NumPy array) -> a float ``CxHxW`` tensor.

    uint8 values are scaled to ``[0, 1]``; other dtypes keep their values (as torchvision).

    >>> img = _creation.full((28, 28), 255, dtype=_dtype.uint8)
    >>> x = ToTensor()(img)
    >>> tuple(x.shape), x.dtype, x.max().item()
    ((1, 28, 28), tinytorch.float32, 1.0)
    """

    def __call__(self, pic):
        img = pic if isinstance(pic, _tensor.Tensor) else _creation.as_tensor(pic)
        if img.dim() not in (2, 3):
            raise ValueError(f"pic should be 2 or 3 dimensional. Got {img.dim()} dimensions.")
        if img.dim() == 2:
            img = img.unsqueeze(-1)
        img = img.permute(2, 0, 1).contiguous()
        if img.dtype is _dtype.uint8:
            return img.to(_dtype.get_default_dtype()).div(255)
        return img

    def __repr__(self):
        return f"{type(self).__name__}()"


class Normalize:
    """``(x - mean[c]) / std[c]`` for each channel ``c`` of a ``(..., C, H, W)`` float tensor.

    Args:
        mean (sequence): per-channel means.
        std (sequence): per-channel standard deviations.
        inplace (bool): change the input tensor itself.

    Raises:
        TypeError: for a non-tensor or non-float input.
        ValueError: for fewer than 3 dimensions or a zero in ``std``.

    >>> Normalize((0.5,), (0.25,))(_creation.ones(1, 1, 2)).tolist()
    [[[2.0, 2.0]]]
    """

    def __init__(self, mean, std, inplace=False):
        self.mean = mean
        self.std = std
        self.inplace = inplace

    def __call__(self, tensor):
        if not isinstance(tensor, _tensor.Tensor):
            raise TypeError(f"Input tensor should be a tinytorch tensor. Got {type(tensor)}.")
        if not tensor.is_floating_point():
            raise TypeError(f"Input tensor should be a float tensor. Got {tensor.dtype}.")
        if tensor.dim() < 3:
            raise ValueError(f"Expected tensor to be a tensor image of size (..., C, H, W). "
                             f"Got tensor.size() = {tuple(tensor.shape)}")
        mean = _creation.as_tensor(self.mean, dtype=tensor.dtype, device=tensor.device)
        std = _creation.as_tensor(self.std, dtype=tensor.dtype, device=tensor.device)
        if bool((std == 0).any()):
            raise ValueError(f"std evaluated to zero after conversion to {tensor.dtype}, "
                             f"leading to division by zero.")
        mean, std = mean.reshape(-1, 1, 1), std.reshape(-1, 1, 1)
        if self.inplace:
            return tensor.sub_(mean).div_(std)
        return (tensor - mean) / std

    def __repr__(self):
        return f"{type(self).__name__}(mean={self.mean}, std={self.std})"


class Lambda:
    """Apply a user function as a transform.

    Args:
        lambd (callable): the function, of the image.

    Raises:
        TypeError: ``lambd`` is not callable.

    >>> Lambda(lambda x: x * 2)(3)
    6
    """

    def __init__(self, lambd):
        if not callable(lambd):
            raise TypeError(f"Argument lambd should be callable, got {type(lambd).__name__!r}")
        self.lambd = lambd

    def __call__(self, img):
        return self.lambd(img)

    def __repr__(self):
        return f"{type(self).__name__}()"
