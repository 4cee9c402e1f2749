"""tinytorch.datasets.MNIST / FashionMNIST: IDX files, lookup, errors and download."""

import contextlib
import functools
import gzip
import hashlib
import http.server
import os
import threading

import numpy as np
import pytest

import tinytorch
from tinytorch.datasets import FashionMNIST
from tinytorch.datasets import MNIST
from tinytorch.datasets import transforms

DEBIAN_DIR = "/usr/share/datasets/fashion-mnist"
STEMS = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
         "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


def _idx_bytes(array):
    codes = {np.uint8: 0x08, np.int32: 0x0C}
    header = bytes([0, 0, codes[array.dtype.type], array.ndim])
    header += b"".join(int(s).to_bytes(4, "big") for s in array.shape)
    return header + array.astype(array.dtype.newbyteorder(">")).tobytes()


def _fixture_arrays(n):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    labels = (np.arange(n) % 10).astype(np.uint8)
    return images, labels


def _write_split(folder, n_train=12, n_test=5, gz=True):
    os.makedirs(folder, exist_ok=True)
    arrays = {}
    for split, n in (("train", n_train), ("t10k", n_test)):
        images, labels = _fixture_arrays(n)
        arrays[split] = (images, labels)
        for kind, arr in (("images-idx3", images), ("labels-idx1", labels)):
            data = _idx_bytes(arr)
            name = f"{split}-{kind}-ubyte"
            opener = gzip.open if gz else open
            with opener(os.path.join(folder, name + (".gz" if gz else "")), "wb") as f:
                f.write(data)
    return arrays


@pytest.fixture
def no_default_dirs(monkeypatch):
    monkeypatch.setattr(FashionMNIST, "default_dirs", [])


@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "raw"])
def test_reads_idx_files_from_torchvision_layout(tmp_path, gz, no_default_dirs):
    arrays = _write_split(tmp_path / "FashionMNIST" / "raw", gz=gz)
    ds = FashionMNIST(tmp_path)
    assert ds.data.dtype == tinytorch.uint8 and ds.data.shape == (12, 28, 28)
    assert ds.targets.dtype == tinytorch.int64
    assert np.array_equal(ds.data.numpy(), arrays["train"][0])
    assert ds.targets.tolist() == arrays["train"][1].tolist()
    test = FashionMNIST(tmp_path, train=False)
    assert len(test) == 5 and np.array_equal(test.data.numpy(), arrays["t10k"][0])


def test_reads_files_directly_in_root_and_applies_transforms(tmp_path):
    arrays = _write_split(tmp_path)
    ds = MNIST(tmp_path, transform=transforms.ToTensor(), target_transform=lambda t: t * 10)
    img, target = ds[3]
    assert img.shape == (1, 28, 28) and img.dtype == tinytorch.float32
    assert np.allclose(img.numpy()[0], arrays["train"][0][3] / 255.0)
    assert target == 30 and len(ds) == 12
    raw_img, raw_target = MNIST(tmp_path)[3]
    assert raw_img.dtype == tinytorch.uint8 and raw_target == 3
    assert ds.classes[3] == "3 - three" and ds.class_to_idx["3 - three"] == 3


def test_missing_file_error_names_path_and_debian_package(tmp_path, no_default_dirs):
    with pytest.raises(RuntimeError, match=r"(?s)train-images-idx3-ubyte.*"
                                           + str(tmp_path / "FashionMNIST" / "raw")
                                           + r".*apt-get install dataset-fashion-mnist"):
        FashionMNIST(tmp_path)


def test_corrupt_idx_file_is_reported(tmp_path):
    _write_split(tmp_path, gz=False)
    path = tmp_path / "train-images-idx3-ubyte"
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(ValueError, match="train images: IDX header announces shape"):
        MNIST(tmp_path)


@pytest.mark.skipif(not os.path.isdir(DEBIAN_DIR), reason="dataset-fashion-mnist not installed")
def test_real_fashion_mnist_from_debian_package(tmp_path):
    train = FashionMNIST(tmp_path)
    assert train.data.shape == (60000, 28, 28) and train.data.dtype == tinytorch.uint8
    counts = np.bincount(train.targets.numpy())
    assert counts.tolist() == [6000] * 10
    assert len(FashionMNIST(tmp_path, train=False)) == 10000
    assert train.classes[9] == "Ankle boot"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def _serve(directory):
    """A static file server on 127.0.0.1 for the duration of the block."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _closed_port_url():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/"


def _resources(folder):
    return [(stem + ".gz", hashlib.md5((folder / (stem + ".gz")).read_bytes()).hexdigest())
            for stem in STEMS]


def test_download_fetches_from_mirrors_and_checks_md5(tmp_path, monkeypatch, no_default_dirs):
    served = tmp_path / "server"
    arrays = _write_split(served)
    monkeypatch.setattr(FashionMNIST, "resources", _resources(served))
    root = tmp_path / "root"
    with _serve(served) as url:
        monkeypatch.setattr(FashionMNIST, "mirrors", [_closed_port_url(), url])
        ds = FashionMNIST(root, download=True)
    assert sorted(os.listdir(root / "FashionMNIST" / "raw")) == sorted(s + ".gz" for s in STEMS)
    assert np.array_equal(ds.data.numpy(), arrays["train"][0])
    monkeypatch.setattr(FashionMNIST, "mirrors", [_closed_port_url()])
    assert len(FashionMNIST(root, download=True)) == 12  # present files are not fetched again


def test_download_rejects_wrong_md5(tmp_path, monkeypatch, no_default_dirs):
    served = tmp_path / "server"
    _write_split(served)
    monkeypatch.setattr(FashionMNIST, "resources",
                        [(name, "0" * 32) for name, _ in _resources(served)])
    with _serve(served) as url:
        monkeypatch.setattr(FashionMNIST, "mirrors", [url])
        with pytest.raises(RuntimeError, match="MD5 .* != expected 0{32}"):
            FashionMNIST(tmp_path / "root", download=True)
    assert not any(n.endswith(".gz") for n in os.listdir(tmp_path / "root" / "FashionMNIST" / "raw"))


def test_download_without_network_says_where_to_put_files(tmp_path, monkeypatch,
                                                          no_default_dirs):
    monkeypatch.setattr(FashionMNIST, "mirrors", [_closed_port_url()])
    raw = str(tmp_path / "FashionMNIST" / "raw")
    with pytest.raises(RuntimeError, match=r"could not download train-images-idx3-ubyte\.gz.*"
                                           r"Without network access, put the file in " + raw):
        FashionMNIST(tmp_path, download=True)
