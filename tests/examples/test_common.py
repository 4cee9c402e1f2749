"""The examples' shared helpers: whole --help texts, one output directory per run, the
Keras-style examples' ``--backend`` switch."""

import importlib
import os
import sys
import types

import pytest

import tinytorch.keras
from tinytorch.keras.preprocessing.image import ImageDataGenerator

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="module")
def common():
    sys.path.insert(0, os.path.join(ROOT, "examples"))
    try:
        yield importlib.import_module("_common")
    finally:
        sys.path.remove(os.path.join(ROOT, "examples"))


def script_docs():
    docs = {}
    for folder, name in [("examples", "playground_2d.py"), ("examples", "mnist_cnn.py"),
                         ("examples", "mnist_dense.py"), ("examples", "vgg16_summary.py"),
                         ("benchmarks", "keras_fit_overhead.py"),
                         ("benchmarks", "compare_torch.py")]:
        with open(os.path.join(ROOT, folder, name), encoding="utf-8") as f:
            source = f.read()
        docs[name] = source.split('"""')[1]
    return docs


@pytest.mark.parametrize("name", sorted(script_docs()))
def test_help_text_is_the_whole_first_paragraph(common, name):
    text = common.description(script_docs()[name])
    assert text.endswith("."), text
    assert "\n" not in text and "  " not in text


def test_each_run_gets_its_own_directory(common, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(common.time, "strftime", lambda fmt: "20260101-120000")
    first, second = common.run_dir(None, "mnist_cnn"), common.run_dir(None, "mnist_cnn")
    assert first == os.path.join("runs", "mnist_cnn-20260101-120000")
    assert second == first + "-2" and os.path.isdir(second)
    assert common.run_dir(None, "main_job") == os.path.join("runs", "main_job-20260101-120000")


def test_out_flag_names_the_directory(common, tmp_path):
    assert common.run_dir(str(tmp_path / "mine"), "mnist_cnn") == str(tmp_path / "mine")
    assert (tmp_path / "mine").is_dir()


@pytest.mark.parametrize("script", ["conv_autoencoder", "gan", "transfer_learning",
                                    "augmentation"])
def test_backend_keras_without_keras_says_what_to_install(common, monkeypatch, script):
    monkeypatch.setitem(sys.modules, "tf_keras", None)  # None in sys.modules: ImportError
    monkeypatch.setitem(sys.modules, "keras", None)
    example = importlib.import_module(script)
    with pytest.raises(SystemExit, match=r"--backend keras needs real Keras 2, the API "
                       r"tinytorch.keras follows, and found no Keras: pip install "
                       r"tensorflow-cpu tf-keras"):
        example.main(["--backend", "keras"])


def test_backend_keras_refuses_keras_3(common, monkeypatch):
    monkeypatch.setitem(sys.modules, "tf_keras", None)
    monkeypatch.setitem(sys.modules, "keras", types.SimpleNamespace(__version__="3.15.1"))
    with pytest.raises(SystemExit, match="found Keras 3.15.1: pip install tensorflow-cpu"):
        common.keras_api("keras")


def test_backend_tinytorch_is_tinytorch_keras_with_its_image_preprocessing(common):
    keras = common.keras_api("tinytorch")
    assert keras is tinytorch.keras
    assert keras.preprocessing.image.ImageDataGenerator is ImageDataGenerator


def test_example_files_go_to_a_fresh_run_directory_without_out(common, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(common.time, "strftime", lambda fmt: "20260101-120000")
    path = common.out_dir(types.SimpleNamespace(out=None), "gan")
    assert path == os.path.join("runs", "gan-20260101-120000") and os.path.isdir(path)
    mine = common.out_dir(types.SimpleNamespace(out=str(tmp_path / "mine")), "gan")
    assert mine == str(tmp_path / "mine" / "gan") and os.path.isdir(mine)
