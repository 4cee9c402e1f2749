"""The word-level LSTM language model (examples/word_language_model.py, an ordinary PyTorch
script) runs on tinytorch and on PyTorch, learns, and saves a state_dict it loads back."""

import os
import pathlib
import re
import subprocess
import sys

import pytest

import tinytorch

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "examples" / "word_language_model.py"
LICENSES = "/usr/share/common-licenses"

pytestmark = pytest.mark.slow


def run(*args, backend="tinytorch"):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(SCRIPT), "--backend", backend, *args],
                          capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return done.stdout


def perplexities(out):
    valid = [float(p) for p in re.findall(r"valid ppl\s+([0-9.]+)", out)]
    test = float(re.search(r"test ppl\s+([0-9.]+)", out).group(1))
    return valid, test


@pytest.mark.parametrize("backend,model", [("tinytorch", "LSTM"), ("torch", "LSTM"),
                                           ("tinytorch", "GRU")])
def test_learns_a_regular_corpus_in_pytorch_examples_layout(tmp_path, backend, model):
    if backend == "torch":
        pytest.importorskip("torch")
    lines = ["the cat sat on the mat", "a dog ran in the park", "the bird sang in a tree"]
    for split, repeats in (("train", 200), ("valid", 6), ("test", 6)):
        (tmp_path / f"{split}.txt").write_text("\n".join(lines * repeats) + "\n")
    out = run("--data", str(tmp_path), "--model", model, "--epochs", "3", "--emsize", "16", "--nhid", "16",
              "--bptt", "10", "--batch-size", "8", "--lr", "5", "--dropout", "0", "--words", "5",
              "--out", str(tmp_path),
              backend=backend)
    valid, test = perplexities(out)
    assert len(valid) == 3 and valid[-1] < valid[0]
    assert test < 6, out  # 13 words and <eos>: uniform guessing would give 14
    assert "sample:" in out


def test_licence_texts_with_tied_weights_checkpoint_and_limit(tmp_path):
    if not os.path.isdir(LICENSES):
        pytest.skip(f"no {LICENSES} (Debian's base-files)")
    out = run("--limit", "2000", "--epochs", "2", "--emsize", "32", "--nhid", "32", "--tied",
              "--log-interval", "1", "--out", str(tmp_path))
    vocabulary = int(re.search(r"vocabulary (\d+)", out).group(1))
    assert "2000 training tokens" in out and "| epoch   1 |" in out
    valid, test = perplexities(out)
    assert len(valid) == 2 and test < vocabulary / 2, out  # far better than uniform
    state = tinytorch.load(tmp_path / "model.pt")
    assert set(state) == {"encoder.weight", "decoder.weight", "decoder.bias",
                          *(f"rnn.{kind}_l{k}" for kind in ("weight_ih", "weight_hh",
                                                            "bias_ih", "bias_hh")
                            for k in (0, 1))}
    assert tuple(state["decoder.weight"].shape) == (vocabulary, 32)
