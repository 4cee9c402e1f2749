"""The examples' shared helpers: whole --help texts, one output directory per run."""

import importlib
import os
import sys

import pytest

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
