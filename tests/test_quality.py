"""The project holds itself to the habits it sells: ruff (lint and format) and mypy stay clean."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow  # runs real tools in subprocesses: `pytest -m 'not slow'` skips it

CODE = ["lambda6lint", "rules", "tests", "bench"]


def tool(name):
    found = shutil.which(name, path=str(ROOT / ".venv" / "bin")) or shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return found


def test_ruff_lint():
    proc = subprocess.run([tool("ruff"), "check", *CODE], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format():
    proc = subprocess.run([tool("ruff"), "format", "--check", *CODE], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy():
    tool("mypy")
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
