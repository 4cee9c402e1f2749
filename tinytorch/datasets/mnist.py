"""MNIST and Fashion-MNIST from the standard IDX files (torchvision's classes, PIL-free)."""

import gzip
import hashlib
import os
import tempfile
import urllib.request

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch.backends.idx_io import parse_idx
from tinytorch.utils.data.dataset import Dataset

_DOWNLOAD_TIMEOUT = 30  # seconds per request


class MNIST(Dataset):
    """The MNIST handwritten digits: 60,000 training and 10,000 test 28x28 images.

    Args:
        root (str or os.PathLike): directory holding the files, directly or in
            ``root/<ClassName>/raw`` (torchvision's layout). ``None`` searches only the default
            directories (``default_dirs``).
        train (bool): the training split (``train-*``) or the test split (``t10k-*``).
        transform (callable, optional): applied to each image (a uint8 ``28x28`` tensor), e.g.
            ``transforms.ToTensor()``.
        target_transform (callable, optional): applied to each label (a Python int).
        download (bool): fetch the missing files from ``mirrors`` into ``root/<ClassName>/raw``,
            checking their MD5 sums.

    Attributes:
        data (Tensor): uint8 images, ``(N, 28, 28)``.
        targets (Tensor): int64 labels, ``(N,)``.
        classes (list of str): the label names.

    Files are the standard IDX files (``train-images-idx3-ubyte`` …), gzipped or not.

    Raises:
        ValueError: ``download=True`` without a ``root``, or a file that is not IDX.
        RuntimeError: a file is missing (the message says where to put it), a download
            failed, or the images and labels differ in number.

    Usually ``MNIST("data", download=True)``; here, on a test split of two blank images
    written for the example:

    >>> import pathlib, struct, tempfile
    >>> images = struct.pack(">4I", 2051, 2, 28, 28) + bytes(2 * 784)  # IDX header, pixels
    >>> labels = struct.pack(">2I", 2049, 2) + bytes([7, 2])
    >>> with tempfile.TemporaryDirectory() as root:
    ...     _ = pathlib.Path(root, "t10k-images-idx3-ubyte").write_bytes(images)
    ...     _ = pathlib.Path(root, "t10k-labels-idx1-ubyte").write_bytes(labels)
    ...     test_set = MNIST(root, train=False)
    >>> len(test_set), tuple(test_set[0][0].shape), test_set[0][1], test_set.classes[7]
    (2, (28, 28), 7, '7 - seven')
    """

    mirrors = ["https://ossci-datasets.s3.amazonaws.com/mnist/",
               "http://yann.lecun.com/exdb/mnist/"]
    resources = [("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
                 ("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
                 ("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
                 ("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c")]
    classes = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five",
               "6 - six", "7 - seven", "8 - eight", "9 - nine"]
    default_dirs = []
    debian_package = None

    def __init__(self, root, train=True, transform=None, target_transform=None,
                 download=False):
        self.root = None if root is None else os.fspath(os.path.expanduser(root))
        self.train = train
        self.transform = transform
        self.target_transform = target_transform
        if download:
            if self.root is None:
                raise ValueError(f"{type(self).__name__}: download=True needs a root directory "
                                 f"to put the files in")
            self.download()
        split = "train" if train else "t10k"
        images = parse_idx(self._read(f"{split}-images-idx3-ubyte"), f"{split} images")
        labels = parse_idx(self._read(f"{split}-labels-idx1-ubyte"), f"{split} labels")
        if len(images) != len(labels):
            raise RuntimeError(f"{type(self).__name__}: {len(images)} images but "
                               f"{len(labels)} labels in the {split} split")
        self.data = _creation.from_numpy(images)
        self.targets = _creation.from_numpy(labels).to(_dtype.int64)

    @property
    def raw_folder(self):
        """``root/<ClassName>/raw``: where :meth:`download` puts the files (searched first)."""
        return os.path.join(self.root, type(self).__name__, "raw")

    @property
    def class_to_idx(self):
        """``{class name: label}`` for the names in ``classes``."""
        return {name: i for i, name in enumerate(self.classes)}

    def _search_dirs(self):
        local = [] if self.root is None else [self.raw_folder,
                                              os.path.join(self.root, type(self).__name__),
                                              self.root]
        return local + list(self.default_dirs)

    def _find(self, stem):
        for directory in self._search_dirs():
            for name in (stem, stem + ".gz"):
                path = os.path.join(directory, name)
                if os.path.isfile(path):
                    return path
        return None

    def _read(self, stem):
        path = self._find(stem)
        if path is None:
            raise RuntimeError(self._missing_message(stem))
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rb") as f:
            return f.read()

    def _missing_message(self, stem):
        where = ", ".join(self._search_dirs())
        msg = (f"{type(self).__name__}: dataset file {stem}(.gz) not found; looked in: {where}. "
               f"Put the IDX files in {self.raw_folder if self.root else '<root>'}, or pass "
               f"download=True")
        if self.debian_package:
            msg += f", or install the Debian package: apt-get install {self.debian_package}"
        return msg + "."

    def download(self):
        """Fetch every missing file of ``resources`` into ``raw_folder``, trying each of
        ``mirrors`` in turn and checking the MD5 sums; files already there are kept.
        ``download=True`` calls it.

        Raises:
            RuntimeError: no mirror gave a file with the right MD5 sum (e.g. no network).

        With every file in place it fetches nothing (the example needs no network):

        >>> import pathlib, struct, tempfile
        >>> files = {"images-idx3": struct.pack(">4I", 2051, 1, 28, 28) + bytes(784),
        ...          "labels-idx1": struct.pack(">2I", 2049, 1) + bytes([5])}
        >>> with tempfile.TemporaryDirectory() as root:
        ...     raw = pathlib.Path(root, "MNIST", "raw")
        ...     raw.mkdir(parents=True)
        ...     for split in ("train", "t10k"):
        ...         for kind, data in files.items():
        ...             _ = (raw / f"{split}-{kind}-ubyte").write_bytes(data)
        ...     train_set = MNIST(root, download=True)  # calls download()
        >>> len(train_set), train_set[0][1]
        (1, 5)
        """
        os.makedirs(self.raw_folder, exist_ok=True)
        for filename, md5 in self.resources:
            if self._find(filename.removesuffix(".gz")) is None:
                _download(self.mirrors, filename, md5, self.raw_folder, type(self).__name__)

    def __getitem__(self, index):
        img, target = self.data[index], int(self.targets[index])
        if self.transform is not None:
            img = self.transform(img)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return img, target

    def __len__(self):
        return len(self.data)

    def __repr__(self):
        split = "Train" if self.train else "Test"
        return (f"Dataset {type(self).__name__}\n    Number of datapoints: {len(self)}\n"
                f"    Root location: {self.root}\n    Split: {split}")


class FashionMNIST(MNIST):
    """Zalando's Fashion-MNIST: 28x28 grey images of 10 kinds of clothing (MNIST's format).

    Besides ``root``, the files are looked up in ``/usr/share/datasets/fashion-mnist``
    (Debian's ``dataset-fashion-mnist`` package).

    Args:
        root (str or os.PathLike): as for :class:`MNIST`; None searches only
            ``/usr/share/datasets/fashion-mnist``.
        train (bool): the training split (``train-*``) or the test split (``t10k-*``).
        transform (callable, optional): applied to each image (a uint8 ``28x28`` tensor).
        target_transform (callable, optional): applied to each label (a Python int).
        download (bool): fetch the missing files from ``mirrors`` into
            ``root/FashionMNIST/raw``.

    >>> import pathlib, struct, tempfile
    >>> images = struct.pack(">4I", 2051, 1, 28, 28) + bytes(784)  # one blank image
    >>> labels = struct.pack(">2I", 2049, 1) + bytes([9])
    >>> with tempfile.TemporaryDirectory() as root:
    ...     _ = pathlib.Path(root, "t10k-images-idx3-ubyte").write_bytes(images)
    ...     _ = pathlib.Path(root, "t10k-labels-idx1-ubyte").write_bytes(labels)
    ...     test_set = FashionMNIST(root, train=False)
    >>> test_set.classes[test_set[0][1]]
    'Ankle boot'
    """

    mirrors = ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"]
    resources = [("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
                 ("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8d0aad5ffbe6"),
                 ("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
                 ("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310")]
    classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
               "Sneaker", "Bag", "Ankle boot"]
    default_dirs = ["/usr/share/datasets/fashion-mnist"]
    debian_package = "dataset-fashion-mnist"


def _download(mirrors, filename, md5, folder, dataset_name):
    """Try each mirror in turn; keep the first copy whose MD5 matches."""
    errors = []
    for mirror in mirrors:
        url = mirror + filename
        try:
            with urllib.request.urlopen(url, timeout=_DOWNLOAD_TIMEOUT) as response:
                payload = response.read()
        except OSError as e:
            errors.append(f"{url}: {e}")
            continue
        digest = hashlib.md5(payload).hexdigest()
        if digest != md5:
            errors.append(f"{url}: MD5 {digest} != expected {md5}")
            continue
        _write_atomic(os.path.join(folder, filename), payload)
        return
    raise RuntimeError(f"{dataset_name}: could not download {filename} ({'; '.join(errors)}). "
                       f"Without network access, put the file in {folder} yourself.")


def _write_atomic(path, payload):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".part")
    with os.fdopen(fd, "wb") as f:
        f.write(payload)
    os.replace(tmp, path)
