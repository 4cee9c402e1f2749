"""The API reference builds: Sphinx over docs/ with docs/api/conf.py, every warning an error
(what scripts/build_docs.sh runs; CI gets Sphinx from the `docs` extra in scripts/test.sh)."""

import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_api_reference_builds_without_warnings(tmp_path):
    pytest.importorskip("sphinx")
    pytest.importorskip("myst_parser")
    pytest.importorskip("furo")
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q",
           "-c", str(ROOT / "docs" / "api"), "-d", str(tmp_path / "doctrees"),
           str(ROOT / "docs"), str(tmp_path / "html")]
    result = subprocess.run(cmd, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]
    assert (tmp_path / "html" / "api" / "index.html").is_file()
    assert "tinytorch.Tensor.backward" in (tmp_path / "html" / "api" / "tensor.html").read_text()
