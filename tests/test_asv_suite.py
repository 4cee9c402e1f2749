"""The README's asv command: the suite imports and every benchmark sets up (slow: asv
starts a process per benchmark). Needs the ``bench`` extra."""

import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.mark.slow
def test_asv_suite_passes_asv_check():
    pytest.importorskip("asv")
    asv = shutil.which("asv", path=os.path.dirname(sys.executable)) or shutil.which("asv")
    done = subprocess.run([asv, "check", "--python=same"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "No problems found" in done.stdout
