"""The package as the release workflow builds it: `python -m build` (the sdist, then the wheel from it).

The sdist must carry everything the test suite reads, so its tests run from an unpacked sdist;
the wheel carries the licence and the metadata a package index shows. Building needs setuptools
from a package index (build isolation): without one, the tests skip.
"""

from __future__ import annotations

import email
import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from lambda6lint import __version__

SKIPPED = {".git", ".venv", "build", "dist", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".github"}
#: What the test suite reads besides the package itself.
TEST_INPUTS = ("tests", "fixtures", "examples", "docs", "bench")
TOP_FILES = ("README.md", "LICENSE", "pyproject.toml", "MANIFEST.in", "action.yml", ".pre-commit-hooks.yaml", ".ci/run")


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0:
        log = proc.stdout + proc.stderr
        if any(sign in log for sign in ("No matching distribution", "Could not find a version", "NewConnectionError")):
            pytest.skip(f"building needs a package index: {log[-300:]}")
        pytest.fail(log)
    return out


def tree_files(folder: Path) -> set[str]:
    found = set()
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in SKIPPED and not d.endswith((".egg-info", "_cache"))]
        found.update(
            str((Path(root) / name).relative_to(ROOT)) for name in files if not name.endswith((".pyc", ".pyo"))
        )
    return found


def test_sdist_holds_what_the_tests_read(dist):
    (sdist,) = dist.glob("lambda6lint-*.tar.gz")
    assert sdist.name == f"lambda6lint-{__version__}.tar.gz"
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    wanted = set(TOP_FILES)
    for folder in (*TEST_INPUTS, "lambda6lint", "rules"):
        wanted |= tree_files(ROOT / folder)
    assert not wanted - names, sorted(wanted - names)[:20]


def test_wheel_metadata_and_licence(dist):
    (wheel,) = dist.glob("lambda6lint-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"lambda6lint-{__version__}.dist-info"
        metadata = email.message_from_bytes(archive.read(f"{info}/METADATA"))
        licence = archive.read(f"{info}/licenses/LICENSE").decode()
    assert licence == (ROOT / "LICENSE").read_text() and "Apache License" in licence
    assert metadata["Version"] == __version__
    assert metadata["License-Expression"] == "Apache-2.0"
    assert metadata["Requires-Python"] == ">=3.10"
    classifiers = metadata.get_all("Classifier")
    assert "Programming Language :: Python :: 3.10" in classifiers and not any("License ::" in c for c in classifiers)
    urls = dict(url.split(", ", 1) for url in metadata.get_all("Project-URL"))
    assert urls["Source"] == "https://github.com/lambda6lint/lambda6lint"
    assert {"lambda6lint/cli.py", "lambda6lint/rules/W9601_function_dualstack_disabled.py"} <= names
    assert not any(name.startswith(("tests/", "fixtures/")) for name in names)


def test_version_is_defined_once():
    from lambda6lint.config import load_toml

    pyproject = load_toml(str(ROOT / "pyproject.toml"))
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "lambda6lint.__version__"}


def test_readme_has_no_relative_links():
    """The package index shows the README away from the repository: links must be absolute (or anchors)."""
    readme = (ROOT / "README.md").read_text()
    relative = [link for link in re.findall(r"\]\(([^)]+)\)", readme) if not link.startswith(("https://", "#"))]
    assert relative == []


def test_schemas_name_this_version():
    """The report and plan schemas' `$id` pin the tag of this version, as the README's links do (README
    "Releasing" says to update both)."""
    for schema in sorted((ROOT / "docs").glob("*.schema.json")):
        identity = json.loads(schema.read_text(encoding="utf-8"))["$id"]
        assert identity == f"https://github.com/lambda6lint/lambda6lint/blob/v{__version__}/docs/{schema.name}"


def test_readme_names_this_version():
    """Install lines, action and hook refs and pinned doc links all name the version being released."""
    readme = (ROOT / "README.md").read_text()
    versions = set(re.findall(r"\bv(\d+\.\d+\.\d+)\b", readme))
    assert versions == {__version__}
